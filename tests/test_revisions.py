"""Versions: `sop revise`, the version in force, fingerprints, redlines and review dates."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SOP, MakeData

from sop import revisions
from sop.cli import main
from sop.dataset import load
from sop.errors import SopError
from sop.model import Status

TODAY = dt.date(2024, 6, 1)
COMMENTED = SOP.replace("judul: Layanan Contoh\n", "judul: Layanan Contoh  # judul resmi\n") + (
    "riwayat:\n  - versi: 1\n    tanggal: 2024-01-10\n    ringkasan: Penyusunan awal\n"
    "# catatan LPM di akhir berkas\n"
)


def test_revise_freezes_the_version_in_force_and_opens_a_draft(make_data: MakeData) -> None:
    root = make_data({"sop/contoh.yaml": COMMENTED})
    frozen, source = revisions.revise(load(root), "contoh", "Menambah langkah verifikasi", TODAY)
    assert frozen == root / "arsip/contoh/v1.yaml"
    assert frozen.read_text("utf-8") == COMMENTED  # frozen exactly as it was
    text = source.read_text("utf-8")
    assert "judul: Layanan Contoh  # judul resmi\n" in text  # comments survive
    assert text.endswith(
        '  - versi: 2\n    tanggal: 2024-06-01\n    ringkasan: "Menambah langkah verifikasi"\n'
        "# catatan LPM di akhir berkas\n"
    )
    data = load(root)
    draft = data.sops["contoh"]
    assert (draft.versi, draft.status) == (2, Status.DRAFT)
    assert [v.versi for v in data.archive["contoh"]] == [1]
    in_force = revisions.in_force(data, "contoh")
    assert in_force is not None and (in_force.versi, in_force.status) == (1, Status.BERLAKU)
    assert revisions.in_force(data, "contoh", drafts=True) is draft
    assert [v.versi for v in revisions.versions(data, "contoh")] == [1]


def test_revise_without_history_adds_it(make_data: MakeData) -> None:
    root = make_data()
    revisions.revise(load(root), "contoh", "Perbaikan", TODAY)
    sop = load(root).sops["contoh"]
    assert [(r.versi, r.ringkasan) for r in sop.riwayat] == [(2, "Perbaikan")]


def test_revise_refuses_a_draft_and_an_empty_summary(make_data: MakeData) -> None:
    root = make_data()
    with pytest.raises(SopError, match="ringkasan perubahan wajib diisi"):
        revisions.revise(load(root), "contoh", "  ", TODAY)
    revisions.revise(load(root), "contoh", "Perbaikan", TODAY)
    with pytest.raises(SopError, match="versi 2 sudah berupa draf"):
        revisions.revise(load(root), "contoh", "Lagi", TODAY)


def test_revise_command(make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_data()
    assert main(["revise", "contoh", "--data", str(root), "-m", "Perbaikan"]) == 0
    assert capsys.readouterr().out == (
        f"Versi yang berlaku diarsipkan sebagai {root}/arsip/contoh/v1.yaml (hanya-baca).\n"
        f"{root}/sop/contoh.yaml sekarang versi 2, berstatus draft. Langkah berikutnya:\n"
        "  1. ubah isinya di penyunting teks;\n"
        f"  2. pratinjau: sop serve --drafts --data {root}\n"
        f"  3. terbitkan: ubah status: draft menjadi status: berlaku, lalu sop check --data {root} "
        f"dan sop build --data {root}\n")
    assert main(["revise", "contoh-lain", "--data", str(root), "-m", "x"]) == 1
    assert capsys.readouterr().err == (
        "kesalahan: SOP 'contoh-lain' tidak dikenal; maksud Anda 'contoh'?\n")


def test_archived_file_must_match_its_place(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    make_data({"arsip/contoh/v1.yaml": SOP.replace("id: contoh", "id: contoh\nversi: 2")})
    assert main(["check", "--data", "data"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "data/arsip/contoh/v1.yaml:2: versi: berkas arsip contoh/v1.yaml harus berisi SOP "
        "'contoh' versi 1, tertulis 'contoh' versi 2"
    )


def test_fingerprint_is_stable_and_tracks_content(make_data: MakeData) -> None:
    data = load(make_data())
    sop = data.sops["contoh"]
    assert revisions.fingerprint(sop) == revisions.fingerprint(load(data.root).sops["contoh"])
    changed = sop.model_copy(update={"judul": "Layanan Lain"})
    assert revisions.fingerprint(changed) != revisions.fingerprint(sop)
    assert len(revisions.fingerprint(sop)) == 14 and revisions.fingerprint(sop).count("-") == 2


def test_redline_field_by_field(make_data: MakeData) -> None:
    old = load(make_data()).sops["contoh"]
    new_text = (
        SOP.replace("judul: Layanan Contoh", "judul: Layanan Contoh Baru")
        .replace("unit: menit}", "unit: jam}")
        .replace("    kegiatan: Mengarsipkan berkas\n", "    kegiatan: Mengarsipkan dokumen\n")
        .replace("dasar_hukum:\n  - permenpan-35-2012\n", "dasar_hukum: []\n")
        + "  - no: 4\n    kegiatan: Menyerahkan salinan\n    pelaksana: staf\n"
    )
    new = load(make_data({"sop/contoh.yaml": new_text}, name="baru")).sops["contoh"]
    changes = [(c.section, c.kind, c.label, c.old, c.new) for c in revisions.redline(old, new)]
    assert changes == [
        ("Identitas", "diubah", "Nama SOP", "Layanan Contoh", "Layanan Contoh Baru"),
        ("Dasar hukum", "dihapus", "permenpan-35-2012", "permenpan-35-2012", None),
        ("Langkah", "diubah", "Langkah 1: waktu", "15 menit", "15 jam"),
        ("Langkah", "diubah", "Langkah 3: kegiatan", "Mengarsipkan berkas", "Mengarsipkan dokumen"),
        ("Langkah", "ditambah", "Langkah 4", None, "Menyerahkan salinan"),
    ]


@pytest.mark.parametrize(
    ("review", "expected_code", "expected_line"),
    [
        ("2024-05-31", 1, "TERLAMBAT 2024-05-31  contoh  SOP/01/2024  Layanan Contoh"),
        ("2024-06-20", 0, "segera    2024-06-20  contoh  SOP/01/2024  Layanan Contoh"),
        ("2024-08-01", 0, None),
    ],
)
def test_check_due(
    review: str,
    expected_code: int,
    expected_line: str | None,
    make_data: MakeData,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_data(
        {"sop/contoh.yaml": SOP.replace("pengesahan:", f"tinjau_berikutnya: {review}\npengesahan:")}
    )
    assert main(["check", "--data", "data", "--due", "--today", "2024-06-01"]) == expected_code
    out = capsys.readouterr().out.splitlines()
    assert out[1:-1] == ([expected_line] if expected_line else [])
    overdue = 1 if expected_code else 0
    count = 1 if expected_line else 0
    assert out[-1] == f"{count} SOP perlu ditinjau sampai 2024-07-01; {overdue} terlambat"


def test_drafts_are_not_due(make_data: MakeData) -> None:
    root = make_data(
        {
            "sop/contoh.yaml": SOP.replace(
                "pengesahan:", "status: draft\ntinjau_berikutnya: 2020-01-01\npengesahan:"
            )
        }
    )
    assert revisions.due(load(root), TODAY) == []
