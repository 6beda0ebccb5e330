"""`sop import` of Word documents written by the tests (tests/import_fixtures.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import DASAR_HUKUM, INSTITUSI
from docx import Document
from import_fixtures import cuti, layanan, write_docx

from sop.cli import main
from sop.dataset import load
from sop.importer import import_files
from sop.model import NOT_STATED

TODAY = dt.date(2024, 3, 1)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "sop").mkdir(parents=True)
    (root / "institusi.yaml").write_text(INSTITUSI, encoding="utf-8")
    (root / "dasar_hukum.yaml").write_text(DASAR_HUKUM, encoding="utf-8")
    return root


def _sop(data: Path, sop_id: str) -> dict:
    return yaml.safe_load((data / "sop" / f"{sop_id}.yaml").read_text(encoding="utf-8"))


def test_two_sops_in_one_file_become_two_valid_drafts(tmp_path: Path, data: Path) -> None:
    doc = write_docx(tmp_path / "dua.docx", [layanan(), cuti()])
    report = import_files([doc], data, today=TODAY)
    assert [p.name for f in report.files for p, _ in f.written] == [
        "layanan-surat-keterangan.yaml", "permohonan-cuti-pegawai.yaml"]
    loaded = load(data)  # passes `sop check`
    sop = loaded.sops["layanan-surat-keterangan"]
    assert sop.status.value == "draft"
    assert sop.nomor == "SOP/02/2024"
    assert sop.tanggal.pembuatan == dt.date(2024, 1, 10)
    assert sop.tanggal.efektif == dt.date(2024, 1, 15)
    assert sop.tanggal.revisi is None
    assert (sop.pengesahan.jabatan, sop.pengesahan.nama, sop.pengesahan.nip) == (
        "Rektor", "Dr. Contoh", "196012151988021001")
    assert sop.unit == "biro-umum"
    assert sop.pelaksana == ["mahasiswa", "staf", "kepala-biro-umum-baru"]
    assert [s.pelaksana for s in sop.steps] == [
        "mahasiswa", "staf", "staf", "kepala-biro-umum-baru", "mahasiswa"]
    assert [s.kegiatan for s in sop.steps][:2] == [
        "Mengajukan permohonan surat", "Memeriksa kelengkapan berkas"]
    decision = sop.steps[1]
    assert [(b.label, b.ke) for b in decision.cabang] == [("Lengkap", 3), ("Tidak lengkap", 1)]
    first = sop.steps[0]
    assert first.kelengkapan == ["Formulir", "KTM"]
    assert (first.waktu.nilai, first.waktu.unit.value) == (5, "menit")
    assert (first.output, first.keterangan) == ("Formulir terisi", "Lihat SOP Surat Masuk")
    assert sop.steps[2].waktu.unit.value == "hari kerja"
    assert sop.kualifikasi == ["Memahami tata naskah dinas", "Mampu mengetik"]
    assert sop.peralatan == ["Komputer", "Printer"]
    assert sop.keterkaitan.lain == ["SOP Surat Masuk"]
    assert sop.dasar_hukum == ["permenpan-35-2012", "peraturan-7-2021"]
    assert sop.deskripsi == "SOP ini mengatur layanan surat keterangan."
    assert [s.kegiatan for s in loaded.sops["permohonan-cuti-pegawai"].steps] == [
        "Mengajukan cuti", "Menyetujui cuti", "Mengarsipkan"]


def test_doubts_are_comments_at_the_place_and_lines_in_the_report(
    tmp_path: Path, data: Path
) -> None:
    report = import_files([write_docx(tmp_path / "a.docx", [layanan()])], data, today=TODAY)
    text = (data / "sop" / "layanan-surat-keterangan.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = lines.index("    output: Surat", lines.index("    kegiatan: Menandatangani surat"))
    assert lines[at + 1].startswith("    # periksa: waktu 'Triwulanan' bukan angka dan satuan")
    assert "# periksa: waktu '15' bukan angka dan satuan" in text
    assert "# periksa: 'Mahasiswa' belum ada di institusi.yaml" in text
    out = report.text()
    assert "periksa: steps[4].waktu: waktu 'Triwulanan'" in out
    assert out.splitlines()[-1] == (
        "Ringkasan: 1 SOP ditulis dari 1 berkas; 5 langkah, 3 pelaksana, 1 keputusan, "
        "7 hal perlu diperiksa.")


def test_text_box_text_is_read_once(tmp_path: Path, data: Path) -> None:
    """The shape's text sits in the DrawingML text box and again in the VML fallback."""
    import_files([write_docx(tmp_path / "a.docx", [layanan()])], data, today=TODAY)
    text = (data / "sop" / "layanan-surat-keterangan.yaml").read_text(encoding="utf-8")
    steps = _sop(data, "layanan-surat-keterangan")["steps"]
    assert [s.get("teks_simbol") for s in steps if s.get("teks_simbol")] == [
        "Lengkap?", "Via Email"]  # the text inside the symbol kept as teks_simbol
    assert text.count("Via Email") == 1
    assert _sop(data, "layanan-surat-keterangan")["steps"][2]["kegiatan"] == "Membuat draf surat"


def test_registries_get_commented_proposals(tmp_path: Path, data: Path) -> None:
    import_files([write_docx(tmp_path / "a.docx", [layanan()])], data, today=TODAY)
    inst = (data / "institusi.yaml").read_text(encoding="utf-8")
    assert inst.startswith(INSTITUSI)
    assert "  # usulan impor dari a.docx (periksa, lalu hapus komentar ini)\n  - id: " in inst
    actors = {a["id"]: a for a in yaml.safe_load(inst)["pelaksana"]}
    assert actors["kepala-biro-umum-baru"]["jabatan"] == "Kepala Biro Umum Baru"
    regs = yaml.safe_load((data / "dasar_hukum.yaml").read_text(encoding="utf-8"))["peraturan"]
    assert regs[-1] == {"id": "peraturan-7-2021", "jenis": "Peraturan", "penerbit": "Rektor",
                        "nomor": "7", "tahun": 2021, "tentang": "Layanan Administrasi"}


def test_text_marks_give_actors_and_row_order(tmp_path: Path, data: Path) -> None:
    doc = write_docx(tmp_path / "tanda.docx", [layanan()], style="marks", numbers_row=True)
    report = import_files([doc], data, today=TODAY)
    sop = load(data).sops["layanan-surat-keterangan"]
    assert [s.pelaksana for s in sop.steps] == [
        "mahasiswa", "staf", "staf", "kepala-biro-umum-baru", "mahasiswa"]
    assert not any(s.cabang for s in sop.steps)
    assert "kolom pelaksana berisi tanda teks, bukan simbol" in report.text()


def test_pasted_picture_leaves_actors_to_the_user(tmp_path: Path, data: Path) -> None:
    doc = write_docx(tmp_path / "gambar.docx", [cuti()], style="picture")
    report = import_files([doc], data, today=TODAY)
    sop = load(data).sops["permohonan-cuti-pegawai"]
    assert [s.kegiatan for s in sop.steps] == ["Mengajukan cuti", "Menyetujui cuti",
                                               "Mengarsipkan"]
    out = report.text()
    assert "simbol bagan alir berupa gambar yang tidak dapat dibaca" in out
    assert out.count("pelaksana tidak terbaca (bagan alir berupa gambar") == 3


def test_arrows_without_row_heights_are_not_followed(tmp_path: Path, data: Path) -> None:
    doc = write_docx(tmp_path / "a.docx", [layanan()], heights=False)
    report = import_files([doc], data, today=TODAY)
    sop = load(data).sops["layanan-surat-keterangan"]
    assert not sop.steps[1].cabang
    assert "steps[2].cabang: simbol keputusan, tetapi panahnya tidak dapat diikuti" in (
        report.text())


def test_not_an_sop_and_a_flowchart_that_is_only_a_picture(tmp_path: Path, data: Path) -> None:
    memo = Document()
    memo.add_paragraph("Undangan rapat koordinasi")
    memo.save(str(tmp_path / "memo.docx"))
    only_picture = Document()
    from import_fixtures import identity_table, png

    identity_table(only_picture, cuti())
    only_picture.add_paragraph().add_run().add_picture(__import__("io").BytesIO(png()))
    only_picture.save(str(tmp_path / "gambar.docx"))
    report = import_files([tmp_path / "memo.docx", tmp_path / "gambar.docx"], data)
    out = report.text()
    assert "GAGAL: dokumen ini tampaknya bukan SOP" in out
    assert "bagan alirnya berupa gambar tanpa simbol yang dapat dibaca" in out
    assert list((data / "sop").iterdir()) == []


def test_damaged_file_is_named_without_traceback(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "rusak.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["import", str(bad), "--data", str(data)]) == 1
    out = capsys.readouterr()
    assert "rusak.docx:\n  GAGAL: berkas rusak atau bukan dokumen Word (.docx) yang utuh" in (
        out.out)
    assert "Traceback" not in out.out + out.err


def test_existing_files_are_never_overwritten(tmp_path: Path, data: Path) -> None:
    doc = write_docx(tmp_path / "a.docx", [cuti()])
    import_files([doc], data, today=TODAY)
    first = (data / "sop" / "permohonan-cuti-pegawai.yaml").read_text(encoding="utf-8")
    report = import_files([doc], data, today=TODAY)
    assert (data / "sop" / "permohonan-cuti-pegawai.yaml").read_text(encoding="utf-8") == first
    again = _sop(data, "permohonan-cuti-pegawai-2")
    assert again["nomor"] == "SOP/03/2024 (PERIKSA: sama dengan permohonan-cuti-pegawai)"
    assert "sudah dipakai SOP 'permohonan-cuti-pegawai'" in report.text()
    load(data)


def test_missing_values_are_not_stated_never_invented(tmp_path: Path, data: Path) -> None:
    """A blank number, date or signer field is 'tidak tercantum' with a comment and a report
    line; never the import date or a PERIKSA value. Two SOPs without a number both say so."""
    first = cuti()
    first.nomor, first.pembuatan, first.efektif, first.signer = "", "", "–", []
    second = cuti()
    second.judul, second.nomor, second.signer = "Permohonan Izin Pegawai", "–", [
        "Rektor", "–", "NIP. –"]
    report = import_files([write_docx(tmp_path / "a.docx", [first, second])], data, today=TODAY)
    loaded = load(data)  # passes `sop check`: two SOPs without a number do not collide
    a, b = loaded.sops["permohonan-cuti-pegawai"], loaded.sops["permohonan-izin-pegawai"]
    assert a.nomor == b.nomor == NOT_STATED
    assert (a.tanggal.pembuatan, a.tanggal.revisi, a.tanggal.efektif) == (
        NOT_STATED, None, NOT_STATED)  # '-' under revisi: no revision, as printed
    assert (a.pengesahan.jabatan, a.pengesahan.nama) == (NOT_STATED, NOT_STATED)
    assert (b.pengesahan.jabatan, b.pengesahan.nama, b.pengesahan.nip) == (
        "Rektor", NOT_STATED, NOT_STATED)
    text = (data / "sop" / "permohonan-cuti-pegawai.yaml").read_text(encoding="utf-8")
    assert "PERIKSA" not in text
    assert text.count(TODAY.isoformat()) == 1  # only in the heading comment
    assert "nomor: tidak tercantum\n" in text
    assert "# periksa: dokumen tidak mencantumkan nomor SOP: ditulis 'tidak tercantum'" in text
    assert "# periksa: dokumen tidak mencantumkan tanggal pembuatan" in text
    out = report.text()
    assert "periksa: nomor: dokumen tidak mencantumkan nomor SOP" in out
    assert "periksa: pengesahan: kolom Disahkan oleh tidak mencantumkan nama penanda tangan" in out
    assert "periksa: pengesahan: NIP tidak tercantum di dokumen" in out


def test_unreadable_date_is_not_stated_with_the_text_in_the_comment(
    tmp_path: Path, data: Path
) -> None:
    sop = cuti()
    sop.pembuatan = "Januari 2024"
    import_files([write_docx(tmp_path / "a.docx", [sop])], data, today=TODAY)
    loaded = load(data).sops["permohonan-cuti-pegawai"]
    assert loaded.tanggal.pembuatan == NOT_STATED
    text = (data / "sop" / "permohonan-cuti-pegawai.yaml").read_text(encoding="utf-8")
    assert "tanggal pembuatan 'Januari 2024' tidak terbaca sebagai tanggal" in text


def test_legacy_doc_without_libreoffice(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sop.importer.legacy.office", lambda: None)
    old = tmp_path / "lama.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    out = import_files([old], data).text()
    assert "memerlukan LibreOffice untuk dibaca, dan LibreOffice tidak terpasang" in out
