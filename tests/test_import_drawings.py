"""`sop import` of flowcharts as the project's engine now draws them: branch labels wrapped onto
several lines, hyphenated between syllables or placed in another column than their decision,
a step's row split across sheets under "(lanjutan)", and an actor heading hyphenated.

One small SOP, written here, has every case; it is printed with the project's own PDF engine
and imported back (the round trip of test_import_roundtrip.py). Each test first checks that the
printed PDF really shows its case, so that it does not pass by a change of layout alone.
"""

from __future__ import annotations

import bisect
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml
from test_import_roundtrip import essentials, round_trip

from sop.dataset import load
from sop.importer.text import join_wrapped
from sop.model import Sop

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "examples" / "prodi-permenpan"
ACTORS = [("pencatat", "Pencatat"), ("penelaah", "Penelaahdokumen")]
"""Two actors more: six columns, narrow enough that a one-word heading is hyphenated."""
LONG = " ".join(["Mencatat judul yang disetujui ke dalam daftar judul skripsi program studi "
                 "dan mengumumkannya kepada mahasiswa."] * 22)
SOP = f"""
id: uji-bagan
nomor: tidak tercantum
judul: Uji Bagan Alir
unit: prodi-ti
status: berlaku
tanggal: {{pembuatan: 2024-08-05, revisi: tidak tercantum, efektif: tidak tercantum}}
pengesahan: {{jabatan: Dekan, nama: Dr. Siti Contoh, nip: tidak tercantum}}
dasar_hukum: [permenpan-35-2012]
pelaksana: [mahasiswa, dosen-pembimbing, koordinator-prodi, admin-prodi, pencatat, penelaah]
steps:
  - no: 1
    kegiatan: Mengajukan usulan judul
    pelaksana: mahasiswa
  - no: 2
    kegiatan: Memeriksa kelengkapan berkas usulan
    pelaksana: admin-prodi
    cabang:
      - {{label: Lengkap dan sesuai ketentuan, ke: 3}}
      - {{label: Dipertanggungjawabkan, ke: 1}}
  - no: 3
    kegiatan: Menilai kelayakan judul
    pelaksana: penelaah
    cabang:
      - {{label: Disetujui, ke: 4}}
      - {{label: Tidak disetujui sepenuhnya, ke: 2}}
  - no: 4
    kegiatan: {LONG}
    pelaksana: pencatat
    kelengkapan: [{", ".join(f"Berkas usulan nomor {n}" for n in range(1, 31))}]
    waktu: {{nilai: 1, unit: hari}}
"""


@dataclass
class Printed:
    pdf: Path
    original: Sop
    imported: Sop


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    base = tmp_path_factory.mktemp("drawings")
    data = base / "source"
    shutil.copytree(SOURCE, data)
    for old in (data / "sop").glob("*.yaml"):
        old.unlink()
    institusi = yaml.safe_load((data / "institusi.yaml").read_text(encoding="utf-8"))
    institusi["pelaksana"] += [{"id": i, "jabatan": name, "singkat": name} for i, name in ACTORS]
    (data / "institusi.yaml").write_text(yaml.safe_dump(institusi, allow_unicode=True,
                                                        sort_keys=False), encoding="utf-8")
    (data / "sop" / "uji-bagan.yaml").write_text(SOP, encoding="utf-8")
    imported = round_trip(base / "out", data, "uji-bagan")  # asserts the essentials too
    return Printed(base / "out" / "uji-bagan.pdf", load(data).sops["uji-bagan"], imported)


def _words(pdf: Path) -> list[tuple[int, dict[str, Any]]]:
    with pdfplumber.open(pdf) as doc:
        return [(page.page_number, w) for page in doc.pages
                for w in page.extract_words(y_tolerance=1)]


def _branches(sop: Sop, no: int) -> list[tuple[str, int]]:
    return [(b.label, b.ke) for b in sop.steps[no - 1].cabang]


def test_the_round_trip_keeps_every_step(printed: Printed) -> None:
    assert essentials(printed.imported) == essentials(printed.original)
    assert printed.imported.pelaksana == printed.original.pelaksana


def test_wrapped_label_is_one_label(printed: Printed) -> None:
    texts = [w["text"] for _, w in _words(printed.pdf)]
    assert "sepenuhnya" in texts and "Tidak disetujui sepenuhnya" not in texts  # wrapped
    tops = {round(w["top"]) for _, w in _words(printed.pdf) if w["text"] in ("Tidak",
                                                                              "sepenuhnya")}
    assert len(tops) >= 2, "the label is printed on one line: no wrapped label to read"
    assert _branches(printed.imported, 3) == [("Disetujui", 4), ("Tidak disetujui sepenuhnya", 2)]


def test_hyphenated_label_is_joined_without_its_hyphens(printed: Printed) -> None:
    pieces = [w["text"] for _, w in _words(printed.pdf) if w["text"].startswith("Diper")]
    assert pieces and pieces[0].endswith("-"), "the label is not hyphenated in the PDF"
    assert _branches(printed.imported, 2) == [("Lengkap dan sesuai ketentuan", 3),
                                              ("Dipertanggungjawabkan", 1)]


def test_label_in_another_column_than_its_decision(printed: Printed) -> None:
    with pdfplumber.open(printed.pdf) as doc:
        page = next(p for p in doc.pages if "Diper-" in (p.extract_text() or ""))
        lines = sorted({round(e["x0"], 1) for e in page.edges
                        if e["orientation"] == "v" and e["height"] > 40})
        words = page.extract_words(y_tolerance=1)
        label = next(w for w in words if w["text"].startswith("Diper"))
        decision = next(c for c in page.curves if c.get("stroke") and len(c["pts"]) >= 4
                        and c["x0"] < (label["x0"] + label["x1"]) / 2 + 200
                        and abs(c["top"] - label["top"]) < 60 and c["x0"] > label["x1"] + 20)
    column = bisect.bisect(lines, (label["x0"] + label["x1"]) / 2)
    assert column != bisect.bisect(lines, (decision["x0"] + decision["x1"]) / 2), \
        "the label sits in its decision's column: no label in another column to read"
    assert _branches(printed.imported, 2)[1] == ("Dipertanggungjawabkan", 1)


def test_row_split_across_sheets_stays_one_step(printed: Printed) -> None:
    pages = {n for n, w in _words(printed.pdf) if w["text"] == "(lanjutan)"}
    assert pages, "step 4 is not split across sheets"
    assert len(printed.imported.steps) == 4
    step = printed.imported.steps[3]
    assert " ".join(step.kegiatan.split()) == LONG
    assert "lanjutan" not in step.kegiatan
    assert [" ".join(k.split()) for k in step.kelengkapan if isinstance(k, str)] == \
        [f"Berkas usulan nomor {n}" for n in range(1, 31)]


def test_hyphenated_actor_heading_is_joined(printed: Printed) -> None:
    texts = [w["text"] for _, w in _words(printed.pdf)]
    assert any(t.startswith("Penelaah") and t.endswith("-") for t in texts), \
        "the heading is not hyphenated in the PDF"
    assert printed.imported.pelaksana[-1] == "penelaah"


@pytest.mark.parametrize(("lines", "text"), [
    (["Tidak", "setuju"], "Tidak setuju"),
    (["Tidak le-", "ngkap"], "Tidak lengkap"),
    (["Mahasis-", "wa"], "Mahasiswa"),
    (["kupu-", "kupu"], "kupu-kupu"),  # a reduplication keeps its hyphen
    (["Pra-", "Sidang"], "Pra-Sidang"),  # so does a hyphen before a capital
    (["Diper-", "tang-", "gungja-", "wabkan"], "Dipertanggungjawabkan"),
])
def test_join_wrapped(lines: list[str], text: str) -> None:
    assert join_wrapped(lines) == text
