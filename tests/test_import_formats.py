"""`sop import` keeps what a document in another institution's format holds (issue 17's model):
the document kind, sections in the source's order with its numbers and titles (unknown headings
as free sections), requirement lists with sub-items, Disusun/Diperiksa blocks, the e-signature
statement and the flowchart table's own columns. The same document as Word and as PDF."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DASAR_HUKUM, INSTITUSI
from import_fixtures import layanan, manual, write_docx, write_pdf

from sop.dataset import load
from sop.importer import import_files
from sop.pdf import render_sop_pdf


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "sop").mkdir(parents=True)
    (root / "institusi.yaml").write_text(INSTITUSI, encoding="utf-8")
    (root / "dasar_hukum.yaml").write_text(DASAR_HUKUM, encoding="utf-8")
    return root


def _raw(data: Path, sop_id: str) -> dict[str, Any]:
    return yaml.safe_load((data / "sop" / f"{sop_id}.yaml").read_text(encoding="utf-8"))


WRITERS = {"docx": write_docx, "pdf": write_pdf}


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_manual_prosedur_keeps_its_format(tmp_path: Path, data: Path, kind: str) -> None:
    doc = WRITERS[kind](tmp_path / f"manual.{kind}", [manual()])
    report = import_files([doc], data)
    loaded = load(data)  # passes `sop check` as a draft
    sop = loaded.sops["pengendalian-dokumen-mutu"]
    raw = _raw(data, "pengendalian-dokumen-mutu")
    assert sop.jenis_dokumen == "Manual Prosedur"
    assert raw["susunan"] == [
        {"bagian": "tujuan", "label": "1", "judul": "Tujuan"},
        {"bagian": "ruang_lingkup", "label": "2", "judul": "Ruang Lingkup"},
        {"bagian": "definisi", "label": "3", "judul": "Definisi"},
        {"bagian": "kebijakan", "label": "4", "judul": "Kebijakan"},
        {"bagian": "flowchart", "label": "5", "judul": "Prosedur"},
        # a heading the model has no key for: a free section with its text, not dropped
        {"label": "6", "judul": "Catatan Mutu",
         "isi": [{"daftar": ["Daftar induk dokumen", "Bukti distribusi"]}]},
        {"bagian": "persyaratan", "judul": "Berkas Persyaratan Perubahan Dokumen"},
        {"bagian": "tanda_tangan"},
    ]
    assert sop.tujuan == ["Menjamin dokumen yang dipakai adalah versi terbaru.",
                          "Mencegah pemakaian dokumen kedaluwarsa."]
    assert sop.ruang_lingkup == "Prosedur ini berlaku di seluruh unit kerja."
    assert sop.unit_terkait == ["Lembaga Penjaminan Mutu", "Unit pemilik dokumen"]
    assert [(d.istilah, d.arti) for d in sop.definisi] == [
        ("Dokumen terkendali", "Dokumen yang perubahannya dicatat."),
        ("Master dokumen", "Dokumen asli yang disahkan.")]
    assert sop.kebijakan == ["Setiap dokumen memiliki kode."]
    # Berkas persyaratan, nested as in the document
    assert raw["persyaratan"] == {
        "judul": "Berkas Persyaratan Perubahan Dokumen",
        "daftar": ["Formulir perubahan",
                   {"teks": "Lampiran yang meliputi",
                    "rincian": ["Draf dokumen baru", "Dokumen lama"]},
                   "Surat pengantar"]}
    # signatures with their roles; the place of signing; the e-signature statement
    assert [(s.peran.value, s.jabatan, s.nama, s.nik, s.nidn)
            for s in sop.tanda_tangan_lain] == [
        ("disusun", "Staf LPM", "Rina Contoh, S.Kom.", "198801012015042001", None),
        ("diperiksa", "Kepala LPM", "Dr. Budi Contoh, M.T.", None, "0512037801")]
    assert (sop.pengesahan.jabatan, sop.pengesahan.nama, sop.pengesahan.nidn,
            sop.pengesahan.tempat) == ("Rektor", "Prof. Dr. Contoh, M.Si.", "0011223344",
                                       "Malang")
    assert sop.tanda_tangan_elektronik is not None
    assert sop.tanda_tangan_elektronik.startswith("Dokumen ini telah ditandatangani secara")
    assert sop.tanda_tangan_elektronik.endswith("(BSrE).")
    # the table: Dokumen | Waktu, no Keterangan, a column-number row
    assert raw["tabel"] == {"mutu_baku": [{"isi": "kelengkapan", "judul": "Dokumen"},
                                          {"isi": "waktu"}],
                            "keterangan": False, "nomor_kolom": True}
    assert [s.kelengkapan for s in sop.steps] == [["Formulir perubahan"], ["Draf dokumen"], []]
    assert [str(s.waktu.unit) for s in sop.steps if s.waktu] == ["hari kerja"] * 3
    assert "Ringkasan: 1 SOP ditulis" in report.text()
    if kind == "docx":  # the draft builds (once is enough: both give the same data)
        assert render_sop_pdf(loaded, sop.id, copy="resmi").startswith(b"%PDF")


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_the_pengesah_is_read_from_the_signature_row_when_the_identity_table_has_none(
    tmp_path: Path, data: Path, kind: str,
) -> None:
    """A manual whose identity table has no Disahkan Oleh row: the Rektor signs only in the row
    at its end, and the import says so (identitas.pengesahan: baris)."""
    doc = WRITERS[kind](tmp_path / f"manual.{kind}", [replace(manual(), signer=[])])
    import_files([doc], data)
    sop = load(data).sops["pengendalian-dokumen-mutu"]
    assert (sop.pengesahan.jabatan, sop.pengesahan.nama, sop.pengesahan.nidn,
            sop.pengesahan.tempat) == ("Rektor", "Prof. Dr. Contoh, M.Si.", "0011223344",
                                       "Malang")
    assert sop.identitas is not None and sop.identitas.pengesahan == "baris"
    # The same document with the Disahkan Oleh row keeps the institution's format.
    other = WRITERS[kind](tmp_path / f"grid.{kind}", [replace(manual(), judul="Lain")])
    import_files([other], data)
    assert "pengesahan" not in (_raw(data, "lain").get("identitas") or {})


def test_document_in_the_institutions_own_format_gets_no_layout_keys(
    tmp_path: Path, data: Path
) -> None:
    """Kelengkapan | Waktu | Output | Keterangan and no lettered sections: what the
    institution prints anyway, so neither `tabel` nor `susunan` is written."""
    import_files([write_docx(tmp_path / "a.docx", [layanan()])], data)
    raw = _raw(data, "layanan-surat-keterangan")
    assert "tabel" not in raw
    assert "susunan" not in raw
    assert "jenis_dokumen" not in raw


def test_pdf_columns_in_another_order_are_kept(tmp_path: Path, data: Path) -> None:
    """The drawn PDF heads mutu baku Kelengkapan | Output | Waktu and numbers its columns."""
    sop = layanan()
    sop.actors = ["Mahasiswa", "Staf", "Kabag Umum"]
    import_files([write_pdf(tmp_path / "a.pdf", [sop])], data)
    raw = _raw(data, "layanan-surat-keterangan")
    assert raw["tabel"] == {"mutu_baku": [{"isi": "kelengkapan"}, {"isi": "output"},
                                          {"isi": "waktu"}], "nomor_kolom": True}


def test_empty_heading_and_repeated_heading_become_free_sections(
    tmp_path: Path, data: Path
) -> None:
    sop = manual()
    sop.before = [("A. TUJUAN", []), ("B. TUJUAN", ["1. Tujuan kedua"])]
    report = import_files([write_docx(tmp_path / "a.docx", [sop])], data)
    raw = _raw(data, "pengendalian-dokumen-mutu")
    assert raw["susunan"][:2] == [
        {"label": "A", "judul": "Tujuan", "isi": []},
        {"bagian": "tujuan", "label": "B", "judul": "Tujuan"}]
    assert raw["tujuan"] == ["Tujuan kedua"]
    assert "bagian 'A. TUJUAN' kosong di dokumen: disalin sebagai bagian bebas" in report.text()


def test_word_numbering_gives_list_markers_and_sub_items(tmp_path: Path, data: Path) -> None:
    """Lists numbered by Word itself (w:numPr, levels 0 and 1) carry no '1.' in their text:
    their level still makes entries and sub-items."""
    from docx import Document
    from docx.oxml import parse_xml
    from import_fixtures import NSDECL, flow_table, identity_table

    sop = manual()
    doc = Document()
    identity_table(doc, sop)
    title = doc.add_paragraph().add_run("Berkas Persyaratan Perubahan Dokumen")
    title.bold = True
    for text, level in (("Formulir perubahan", 0), ("Lampiran yang meliputi", 0),
                        ("Draf dokumen baru", 1), ("Dokumen lama", 1), ("Surat pengantar", 0)):
        p = doc.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {NSDECL}><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr>'))
    flow_table(doc, sop)
    doc.save(str(tmp_path / "nomor.docx"))
    import_files([tmp_path / "nomor.docx"], data)
    assert _raw(data, "pengendalian-dokumen-mutu")["persyaratan"]["daftar"] == [
        "Formulir perubahan",
        {"teks": "Lampiran yang meliputi", "rincian": ["Draf dokumen baru", "Dokumen lama"]},
        "Surat pengantar"]
