"""`sop import` of PDFs drawn by the tests: vector symbols, symbols as one embedded picture,
a scanned page, a document that is no SOP, a damaged file."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DASAR_HUKUM, INSTITUSI
from import_fixtures import FxSop, image_only_pdf, layanan, write_pdf

from sop.dataset import load
from sop.importer import import_files


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "sop").mkdir(parents=True)
    (root / "institusi.yaml").write_text(INSTITUSI, encoding="utf-8")
    (root / "dasar_hukum.yaml").write_text(DASAR_HUKUM, encoding="utf-8")
    return root


def _sop() -> FxSop:
    sop = layanan()
    sop.actors = ["Mahasiswa", "Staf", "Kabag Umum"]
    return sop


def test_vector_symbols_arrows_and_labels(tmp_path: Path, data: Path) -> None:
    pdf = write_pdf(tmp_path / "vektor.pdf", [_sop()])
    report = import_files([pdf], data)
    sop = load(data).sops["layanan-surat-keterangan"]
    assert sop.status.value == "draft"
    assert sop.pelaksana == ["mahasiswa", "staf", "kabag-umum"]
    assert [s.pelaksana for s in sop.steps] == [
        "mahasiswa", "staf", "staf", "kabag-umum", "mahasiswa"]
    assert [(b.label, b.ke) for b in sop.steps[1].cabang] == [("Lengkap", 3), ("Tidak lengkap", 1)]
    first = sop.steps[0]
    # the header says AKTIVITAS, a column-number row follows it, and mutu baku is ordered
    # Kelengkapan | Output | Waktu
    assert first.kegiatan == "Mengajukan permohonan surat"
    assert first.kelengkapan == ["Formulir", "KTM"]
    assert (first.output, first.waktu.nilai, first.waktu.unit.value) == (
        "Formulir terisi", 5, "menit")
    assert sop.nomor == "SOP/02/2024"
    text = (data / "sop" / "layanan-surat-keterangan.yaml").read_text(encoding="utf-8")
    assert text.count("# simbol: terminator (awal/akhir)") == 2
    assert "# simbol: keputusan" in text
    assert "Ringkasan: 1 SOP ditulis dari 1 berkas; 5 langkah, 3 pelaksana, 1 keputusan" in (
        report.text())


def test_symbols_in_one_picture_are_found_per_actor_column(tmp_path: Path, data: Path) -> None:
    pdf = write_pdf(tmp_path / "gambar.pdf", [_sop()], picture=True)
    report = import_files([pdf], data)
    sop = load(data).sops["layanan-surat-keterangan"]
    assert [s.pelaksana for s in sop.steps] == [
        "mahasiswa", "staf", "staf", "kabag-umum", "mahasiswa"]
    text = (data / "sop" / "layanan-surat-keterangan.yaml").read_text(encoding="utf-8")
    kinds = [line.strip() for line in text.splitlines() if line.strip().startswith("# simbol")]
    assert kinds == ["# simbol: terminator (awal/akhir)", "# simbol: keputusan",
                     "# simbol: proses", "# simbol: proses", "# simbol: terminator (awal/akhir)"]
    out = report.text()
    assert "simbol dibaca dari gambar (piksel); panah dan label cabang tidak dapat diikuti" in out
    assert "steps[2].cabang: simbol keputusan, tetapi panahnya tidak dapat diikuti" in out


def test_scanned_page_gets_a_clear_message(tmp_path: Path, data: Path) -> None:
    report = import_files([image_only_pdf(tmp_path / "pindai.pdf")], data)
    assert "GAGAL: halaman 1 hanya berisi gambar (hasil pindai?)" in report.text()
    assert list((data / "sop").iterdir()) == []


def test_pdf_that_is_no_sop(tmp_path: Path, data: Path) -> None:
    from weasyprint import HTML

    HTML(string="<p>Undangan rapat koordinasi pimpinan</p>").write_pdf(str(tmp_path / "u.pdf"))
    report = import_files([tmp_path / "u.pdf"], data)
    assert "GAGAL: dokumen ini tampaknya bukan SOP" in report.text()
    assert report.failed


def test_damaged_pdf_is_named(tmp_path: Path, data: Path) -> None:
    bad = tmp_path / "rusak.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    text = import_files([bad], data).text()
    assert "rusak.pdf:\n  GAGAL: berkas rusak" in text
