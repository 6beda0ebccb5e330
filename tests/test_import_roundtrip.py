"""Round trips: every bundled SOP printed by the project (`sop pdf`'s official copy), imported
again, gives the same steps, actors, decisions and mutu baku, and keeps what the PDF carries of
the format: the table's columns, the values marked 'tidak tercantum', the signatures, the
document kind and the sections in their order with their letters and titles."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from sop import sections
from sop.dataset import DataSet, load
from sop.flowchart.table import table_format
from sop.importer import import_files
from sop.model import IdentityFormat, Signer, Sop
from sop.pdf import render_sop_pdf
from sop.text import NOT_ON_PAPER

ROOT = Path(__file__).resolve().parent.parent
DATA_SETS = [ROOT / "sop_data", *sorted((ROOT / "examples").iterdir())]
BUNDLED = [(d, p.stem) for d in DATA_SETS for p in sorted((d / "sop").glob("*.yaml"))]


def essentials(sop: Sop) -> list[dict[str, Any]]:
    """What a round trip must keep of each step."""
    return [
        {
            "no": s.no,
            "kegiatan": " ".join(s.kegiatan.split()),
            "pelaksana": list(s.actors),
            "cabang": [(b.label, b.ke, b.selesai) for b in s.cabang],
            "mulai": s.mulai,
            "sebaris": s.sebaris,
            "selesai": s.selesai,
            "kelengkapan": [" ".join(k.split()) for k in s.kelengkapan if isinstance(k, str)],
            "waktu": (s.waktu.nilai, s.waktu.unit.value, s.waktu.sampai) if s.waktu else None,
            "output": " ".join((s.output or "").split()),
            "teks_simbol": s.teks_simbol,
        }
        for s in sop.steps
    ]


@pytest.mark.parametrize(("data_dir", "sop_id"), BUNDLED, ids=[i for _, i in BUNDLED])
def test_bundled_sop_survives_print_and_import(tmp_path: Path, data_dir: Path, sop_id: str) -> None:
    round_trip(tmp_path, data_dir, sop_id)


#: What the bundled data sets do not have, added to a copy of one: a document kind of its own,
#: an e-signature statement, parties, policies, definitions, requirements with sub-items, and
#: a free section between lettered ones.
VARIANT = """
jenis_dokumen: Instruksi Kerja
tanda_tangan_elektronik: >-
  Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang
  diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), BSSN.
pihak_terkait: [Mahasiswa, Dosen pembimbing]
kebijakan: [Judul diajukan paling lambat semester tujuh.]
definisi:
  - {istilah: Judul skripsi, arti: Rumusan singkat topik penelitian mahasiswa.}
persyaratan:
  judul: Berkas Persyaratan Pengajuan Judul
  daftar:
    - Formulir usulan judul
    - teks: Lampiran yang meliputi
      rincian: [Transkrip nilai, Kartu rencana studi]
susunan:
  - {bagian: kebijakan, label: A, judul: Kebijakan}
  - {bagian: definisi, label: B, judul: Definisi}
  - {label: C, judul: Catatan, isi: [Salinan disimpan oleh program studi.]}
  - {bagian: pihak_terkait, label: D, judul: Pihak Terkait}
  - {bagian: flowchart, label: E, judul: Prosedur}
  - {bagian: persyaratan}
"""


def test_format_variants_survive_print_and_import(tmp_path: Path) -> None:
    source = ROOT / "examples" / "prodi-permenpan"
    copy = tmp_path / "source"
    shutil.copytree(source, copy)
    path = copy / "sop" / "pengajuan-judul-skripsi.yaml"
    path.write_text(path.read_text(encoding="utf-8") + VARIANT, encoding="utf-8")
    imported = round_trip(tmp_path / "out", copy, "pengajuan-judul-skripsi")
    assert imported.jenis_dokumen == "Instruksi Kerja"
    assert imported.tanda_tangan_elektronik is not None


def round_trip(tmp_path: Path, data_dir: Path, sop_id: str) -> Sop:
    """Print an SOP's official copy, import it into a copy of its data set's registries, and
    compare what the PDF carries."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    data = load(data_dir)
    original = data.sops[sop_id]
    pdf = tmp_path / f"{sop_id}.pdf"
    pdf.write_bytes(render_sop_pdf(data, sop_id, copy="resmi"))
    target = tmp_path / "data"
    (target / "sop").mkdir(parents=True)
    for name in ("institusi.yaml", "dasar_hukum.yaml"):
        shutil.copy(data_dir / name, target / name)
    if (data_dir / "assets").is_dir():
        shutil.copytree(data_dir / "assets", target / "assets")
    report = import_files([pdf], target)
    written = [e for f in report.files for _, e in f.written]
    assert len(written) == 1, report.text()
    imported = load(target).sops[written[0].sop_id]  # passes `sop check` as a draft
    assert imported.status.value == "draft"
    assert imported.pelaksana == original.pelaksana
    assert essentials(imported) == essentials(original)
    assert imported.nomor == original.nomor
    assert imported.judul == original.judul
    assert imported.tanggal == original.tanggal  # 'tidak tercantum' dates too
    assert signer(imported.pengesahan) == signer(original.pengesahan)
    assert [(s.peran, *signer(s)) for s in imported.tanda_tangan_lain] == [
        (s.peran, *signer(s)) for s in original.tanda_tangan_lain]
    assert imported.tanda_tangan_elektronik == original.tanda_tangan_elektronik
    assert imported.sub_prosedur == original.sub_prosedur  # several flowcharts, their titles
    # what the copy marks with * (and explains) comes back unconfirmed
    assert set(imported.belum_pasti) == set(original.belum_pasti) - set(NOT_ON_PAPER)
    assert [s.belum_pasti for s in imported.steps] == [s.belum_pasti for s in original.steps]
    assert identity(load(target), imported) == identity(data, original)
    assert kind(load(target), imported) == kind(data, original)
    assert columns(load(target), imported) == columns(data, original)
    assert layout(imported) == layout(original)
    assert imported.persyaratan == original.persyaratan
    for key in ("tujuan", "ruang_lingkup", "unit_terkait", "definisi", "referensi",
                "standar_mutu_terkait", "penjelasan_alur", "pihak_terkait", "kebijakan"):
        assert getattr(imported, key) == getattr(original, key), key
    return imported


@pytest.mark.parametrize(("example", "sop_id", "expected"), [
    ("prodi-permenpan", "pengajuan-judul-skripsi", IdentityFormat(tanda_tangan="identitas")),
    ("manual-prosedur-iso", "pengendalian-dokumen",
     IdentityFormat(kotak="terisi", pengesahan="baris")),
    ("iuqi-bogor", "layanan-kemahasiswaan-mbk", IdentityFormat(kotak="terisi", pengesahan="baris")),
])
def test_the_identity_sheets_layout_is_read_from_the_document(
    tmp_path: Path, example: str, sop_id: str, expected: IdentityFormat,
) -> None:
    """Into a data set whose institution prints the usual PermenPAN sheet, a document that signs
    inside the identity grid, has the pengesah sign in the signature row (no Disahkan Oleh row
    in its identity table), or has none of the six boxes, comes with its own `identitas`, and
    its pengesah read from where the document prints it."""
    source = ROOT / "examples" / example
    pdf = tmp_path / "in.pdf"
    pdf.write_bytes(render_sop_pdf(load(source), sop_id, copy="resmi"))
    target = tmp_path / "data"
    (target / "sop").mkdir(parents=True)
    shutil.copy(source / "dasar_hukum.yaml", target)
    institution = (source / "institusi.yaml").read_text(encoding="utf-8")
    usual = re.sub(r"\nidentitas:\n(  .*\n)+", "\n", institution)
    assert usual != institution
    (target / "institusi.yaml").write_text(usual, encoding="utf-8")
    report = import_files([pdf], target)
    (written,) = [e for f in report.files for _, e in f.written]
    imported = load(target).sops[written.sop_id]
    assert imported.identitas == expected
    original = load(source).sops[sop_id]
    assert [(s.peran, *signer(s)) for s in imported.tanda_tangan_lain] == [
        (s.peran, *signer(s)) for s in original.tanda_tangan_lain]
    assert signer(imported.pengesahan) == signer(original.pengesahan)


def identity(data: DataSet, sop: Sop) -> IdentityFormat:
    return sop.identitas or data.institution.identitas


def signer(s: Signer) -> tuple[Any, ...]:
    """What a signature prints: position, name, staff number (a NIP without its spaces)."""
    return (s.jabatan, s.nama, (s.nip or "").replace(" ", ""), s.nidn, s.niy, s.nik, s.tempat)


def kind(data: DataSet, sop: Sop) -> str:
    return (sop.jenis_dokumen or data.institution.jenis_dokumen).casefold()


def columns(data: DataSet, sop: Sop) -> tuple[Any, ...]:
    """The flowchart table's text columns as printed (titles as the PDF prints them)."""
    fmt = table_format(sop, data.institution.tabel)
    return fmt.text, fmt.numbers


def layout(sop: Sop) -> list[tuple[Any, ...]]:
    """The parts as printed, in order: what each is, its letter or number, title and text."""
    return [(p.kind, p.label, p.title.casefold(), p.isi) for p in sections.parts(sop)]
