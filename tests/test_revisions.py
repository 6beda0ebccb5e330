"""Versions: `sop revise`, the version in force, fingerprints, redlines and review dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import SOP, MakeData

from sop import revisions, schema, yamlio
from sop.cli import main
from sop.dataset import load
from sop.errors import DataSetError, SopError
from sop.model import Sop, Status

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
        "  3. terbitkan: ubah status: draft menjadi status: berlaku dan tanggal.efektif menjadi "
        f"tanggal mulai berlakunya versi 2, lalu sop check --data {root} dan sop build --data "
        f"{root}\n")
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
    assert out[-1] == (f"{count} SOP jatuh tempo ditinjau sampai 2024-07-01; {overdue} di "
                       "antaranya sudah terlambat")


def test_drafts_are_not_due(make_data: MakeData) -> None:
    root = make_data(
        {
            "sop/contoh.yaml": SOP.replace(
                "pengesahan:", "status: draft\ntinjau_berikutnya: 2020-01-01\npengesahan:"
            )
        }
    )
    assert revisions.due(load(root), TODAY) == []


# --------------------------------------------------------------------------- issue 22.5-22.7


def test_revise_fills_in_the_revision_date(make_data: MakeData) -> None:
    root = make_data()
    revisions.revise(load(root), "contoh", "Perbaikan", TODAY)
    text = (root / "sop/contoh.yaml").read_text("utf-8")
    assert "  pembuatan: 2024-01-10\n  revisi: 2024-06-01\n  efektif: 2024-01-15\n" in text
    assert load(root).sops["contoh"].tanggal.revisi == TODAY
    root = make_data({"sop/contoh.yaml": SOP.replace(
        "  efektif: 2024-01-15\n", "  revisi: 2023-01-01  # lama\n  efektif: 2024-01-15\n")},
        name="lagi")
    revisions.revise(load(root), "contoh", "Perbaikan", TODAY)
    assert "  revisi: 2024-06-01  # lama\n" in (root / "sop/contoh.yaml").read_text("utf-8")


def test_a_revision_in_force_needs_its_own_effective_date(make_data: MakeData) -> None:
    """`sop revise` keeps the old tanggal efektif; published as it is, version 2 would print
    version 1's date on its signed copy, so `sop check` asks for the new one."""
    root = make_data()
    revisions.revise(load(root), "contoh", "Perbaikan", TODAY)
    path = root / "sop/contoh.yaml"
    path.write_text(path.read_text("utf-8").replace("status: draft", "status: berlaku"), "utf-8")
    with pytest.raises(DataSetError) as info:
        load(root)
    (problem,) = [str(p) for p in info.value.problems]
    assert problem.startswith("data/sop/contoh.yaml:11: tanggal.efektif: "), problem
    assert ("tanggal.efektif: tanggal efektif 2024-01-15 lebih awal dari revisi versi 2 "
            "(2024-06-01): itu tanggal berlaku versi sebelumnya") in problem
    path.write_text(path.read_text("utf-8").replace("efektif: 2024-01-15", "efektif: 2024-06-10"),
                    "utf-8")
    assert load(root).sops["contoh"].tanggal.efektif == dt.date(2024, 6, 10)


@pytest.mark.parametrize(("bom", "newline"), [(b"", "\r\n"), (b"\xef\xbb\xbf", "\n"),
                                              (b"\xef\xbb\xbf", "\r\n")])
def test_revise_keeps_line_ends_and_byte_order_mark(
        bom: bytes, newline: str, make_data: MakeData) -> None:
    original = bom + COMMENTED.replace("\n", newline).encode("utf-8")
    root = make_data({"sop/contoh.yaml": original})
    frozen, source = revisions.revise(load(root), "contoh", "Perbaikan", TODAY)
    assert frozen.read_bytes() == original
    raw = source.read_bytes()
    assert raw.startswith(bom) and raw[len(bom):len(bom) + 3] != b"\xef\xbb\xbf"
    body = raw[len(bom):].decode("utf-8")
    assert body.count(newline) == body.count("\n")  # every line ends as before
    assert f"  revisi: 2024-06-01{newline}" in body
    assert f'    ringkasan: "Perbaikan"{newline}' in body
    assert load(root).sops["contoh"].versi == 2


def test_a_review_changes_neither_the_fingerprint_nor_the_version(
        make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_data({"sop/contoh.yaml": SOP.replace(
        "pengesahan:", "tinjau_berikutnya: 2024-05-01  # rencana\npengesahan:")})
    before = load(root).sops["contoh"]
    printed = revisions.fingerprint(before)
    assert main(["tinjau", "contoh", "--data", str(root), "--tanggal", "2024-05-20",
                 "--hasil", "Masih sesuai"]) == 0
    assert capsys.readouterr().out == (
        f"Tinjauan 2024-05-20 dicatat di {root}/sop/contoh.yaml: Masih sesuai. Tinjauan "
        "berikutnya: 2025-05-20.\n"
        f"Sidik jari versi 1 tetap {printed}; isi dan PDF tidak berubah.\n")
    after = load(root).sops["contoh"]
    assert revisions.fingerprint(after) == printed  # old printed copies still verify
    assert (after.versi, after.status) == (1, Status.BERLAKU)
    assert after.model_copy(update={"tinjauan": [], "tinjau_berikutnya": None}) == \
        before.model_copy(update={"tinjau_berikutnya": None})
    assert [(t.tanggal, t.hasil, t.berikutnya) for t in after.tinjauan] == [
        (dt.date(2024, 5, 20), "Masih sesuai", dt.date(2025, 5, 20))]
    text = (root / "sop/contoh.yaml").read_text("utf-8")
    assert "tinjau_berikutnya: 2025-05-20  # rencana\n" in text
    assert revisions.review_date(after) == dt.date(2025, 5, 20)
    # a second review goes under the first; an explicit next date is kept
    assert main(["tinjau", "contoh", "--data", str(root), "--tanggal", "2025-05-02",
                 "--berikutnya", "2025-11-01", "--hasil", "Perlu revisi langkah 2"]) == 0
    after = load(root).sops["contoh"]
    assert [t.hasil for t in after.tinjauan] == ["Masih sesuai", "Perlu revisi langkah 2"]
    assert revisions.review_date(after) == dt.date(2025, 11, 1)
    assert revisions.fingerprint(after) == printed
    assert revisions.due(load(root), dt.date(2025, 6, 1)) == []


def test_a_draft_is_not_reviewed_and_a_review_needs_a_result(
        make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_data()
    assert main(["tinjau", "contoh", "--data", str(root), "--hasil", " "]) == 1
    assert capsys.readouterr().err == (
        "kesalahan: sop tinjau: hasil tinjauan wajib diisi (--hasil \"…\")\n")
    revisions.revise(load(root), "contoh", "Perbaikan", TODAY)
    assert main(["tinjau", "contoh", "--data", str(root)]) == 1
    assert "masih draf; yang ditinjau adalah versi yang berlaku" in capsys.readouterr().err


def test_next_review_date_does_not_change_the_fingerprint(make_data: MakeData) -> None:
    sop = load(make_data()).sops["contoh"]
    moved = sop.model_copy(update={"tinjau_berikutnya": dt.date(2030, 1, 1)})
    assert revisions.fingerprint(moved) == revisions.fingerprint(sop)


def test_an_edited_archive_is_detected_with_how_to_restore_it(
        make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_data()
    printed = revisions.fingerprint(load(root).sops["contoh"])
    revisions.revise(load(root), "contoh", "Perbaikan", TODAY)
    seals = root / "arsip/contoh/sidik_jari.yaml"
    assert seals.read_text("utf-8").splitlines()[-1] == f"v1: {printed}"
    frozen = root / "arsip/contoh/v1.yaml"
    original = frozen.read_bytes()
    frozen.chmod(0o644)
    frozen.write_bytes(original.replace(b"\n", b"\r\n") + b"# komentar\n")  # not printed: fine
    assert main(["check", "--data", str(root)]) == 0
    capsys.readouterr()
    frozen.write_bytes(original.replace(b"Mengarsipkan berkas", b"Mengarsipkan dokumen"))
    assert main(["check", "--data", str(root)]) == 1
    edited = revisions.fingerprint(load_archived(root))
    assert capsys.readouterr().err.splitlines() == [
        f"data/arsip/contoh/v1.yaml:1: versi arsip 1 telah diubah sejak diarsipkan (sidik jari "
        f"sekarang {edited}, tercatat {printed}); arsip tidak boleh diubah. Pulihkan dengan: "
        f"git checkout -- data/arsip/contoh/v1.yaml  (atau dari cadangan; salinan cetaknya "
        f"bersidik jari {printed})",
        "1 masalah ditemukan; tidak ada yang dibangun.",
    ]
    frozen.write_bytes(original)
    assert main(["check", "--data", str(root)]) == 0


def load_archived(root: Path) -> Sop:
    """The archived version 1 as the model reads it (the data set itself no longer loads)."""
    doc, _ = yamlio.load(root / "arsip/contoh/v1.yaml", "v1")
    assert doc is not None
    sop, _ = schema.validate(doc, Sop)
    assert sop is not None
    return sop


def test_the_sop_page_and_the_review_list_show_the_last_review(make_data: MakeData) -> None:
    """Core only (no MkDocs): the templates sop.md.j2 and tinjau.md.j2."""
    from sop.site.pages import Options, SiteRenderer

    root = make_data()
    revisions.record_review(load(root), "contoh", dt.date(2024, 5, 2), "Masih sesuai",
                            dt.date(2024, 6, 10))
    renderer = SiteRenderer(load(root), Options(pdf_links=False, today=TODAY))
    pages = {p.url: p.markdown for p in renderer.pages()}
    page = pages["sop/contoh/"]
    assert "<th scope=\"row\">Tinjauan terakhir</th><td>2 Mei 2024: Masih sesuai</td>" in page
    assert "<th scope=\"row\">Tinjau berikutnya</th><td>10 Juni 2024</td>" in page
    due_list = pages["tinjau/"]
    assert "2 Mei 2024</span>: Masih sesuai</td>" in due_list and "9 hari lagi" in due_list


def test_a_field_left_at_its_default_does_not_change_the_fingerprint(make_data: MakeData) -> None:
    """The model gains optional fields over time: a version printed before one existed keeps
    its fingerprint, since keys at their defaults are not part of it."""
    sop = load(make_data()).sops["contoh"]
    spelled_out = sop.model_copy(update={"susunan": [], "tabel": None, "jenis_dokumen": None})
    assert revisions.fingerprint(spelled_out) == revisions.fingerprint(sop)
    assert revisions.fingerprint(sop.model_copy(update={"jenis_dokumen": "Manual Prosedur"})) != (
        revisions.fingerprint(sop))
