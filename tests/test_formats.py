"""SOPs from other institutions: fields a document leaves blank, sections in the source's order,
signatures and identity headers as real documents have them (issue: format variants).

Each test writes a small data set, checks it, and reads what the official PDF copy and the web
page print.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from pathlib import Path

import pdfplumber
import pytest
from conftest import INSTITUSI, SOP, SOP_HEAD, MakeData
from pypdf import PdfReader

from sop.dataset import load
from sop.errors import DataSetError
from sop.pdf import render_sop_pdf
from sop.site.pages import SiteRenderer

NOT_STATED_SOP = SOP.replace("nomor: SOP/01/2024", "nomor: tidak tercantum").replace(
    "  pembuatan: 2024-01-10\n  efektif: 2024-01-15",
    "  pembuatan: tidak tercantum\n  efektif: tidak tercantum",
).replace(
    "  nama: Dr. Contoh\n  nip: \"196012151988021001\"",
    "  nama: tidak tercantum\n  nip: tidak tercantum",
)
SECOND = NOT_STATED_SOP.replace("id: contoh", "id: contoh-dua").replace(
    "keputusan: kr-1-2024\n", ""
)


def pdf_text(data_dir: Path, sop_id: str) -> str:
    """The text of the official copy, page after page."""
    pdf = render_sop_pdf(load(data_dir), sop_id, copy="resmi", site_url="https://sop.contoh.ac.id",
                         build_date=dt.date(2024, 2, 1))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def web_text(data_dir: Path, sop_id: str) -> str:
    """The SOP page's Markdown/HTML source with tags removed and spaces collapsed."""
    data = load(data_dir)
    page = SiteRenderer(data).sop_page(data.sops[sop_id]).markdown
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def squash(text: str) -> str:
    """Text without whitespace: a caption wrapped over two lines compares as one."""
    return re.sub(r"\s+", "", text)


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataSetError) as info:
        load(data_dir)
    return [str(p) for p in info.value.problems]


# --------------------------------------------------------------------------- not stated


def test_not_stated_fields_pass_check_and_print_as_a_dash(make_data: MakeData) -> None:
    root = make_data({"sop/contoh.yaml": NOT_STATED_SOP, "sop/contoh-dua.yaml": SECOND})
    data = load(root)  # two SOPs without a number do not collide
    assert data.sops["contoh"].nomor == data.sops["contoh-dua"].nomor == "tidak tercantum"
    text = pdf_text(root, "contoh")
    assert re.search(r"NOMOR SOP –", text)
    assert re.search(r"TANGGAL PEMBUATAN –", text)
    assert re.search(r"TANGGAL EFEKTIF –", text)
    assert "NIP. –" in text
    assert "tidak tercantum" not in text and "None" not in text
    page = web_text(root, "contoh")
    assert "Nomor SOP – " in page
    assert "Tanggal pembuatan – " in page
    assert "tidak tercantum" not in page and "None" not in page


def test_an_empty_required_field_still_asks_for_a_value(make_data: MakeData) -> None:
    root = make_data({"sop/contoh.yaml": SOP.replace("  pembuatan: 2024-01-10\n", "")})
    assert problems(root) == [
        "data/sop/contoh.yaml:6: tanggal: kunci wajib 'pembuatan' belum ada"
    ]


def test_ministry_and_address_not_stated_are_left_off_the_identity_block(
    make_data: MakeData,
) -> None:
    inst = INSTITUSI.replace("kementerian: Kementerian Agama Republik Indonesia",
                             "kementerian: tidak tercantum")
    root = make_data({"institusi.yaml": inst})
    text = pdf_text(root, "contoh")
    assert "KEMENTERIAN" not in text and "tidak tercantum" not in text


@pytest.mark.parametrize("status", ["berlaku", "draft"])
def test_sop_new_placeholders_fail_only_an_sop_in_force(make_data: MakeData, status: str) -> None:
    sop = SOP.replace("  nama: Dr. Contoh\n  nip", "  nama: 'TODO: nama pejabat'\n  nip") + (
        f"status: {status}\n"
    )
    root = make_data({"sop/contoh.yaml": sop})
    if status == "draft":
        load(root)
        return
    assert problems(root) == [
        "data/sop/contoh.yaml:11: pengesahan.nama: masih isian sementara 'TODO: nama pejabat' "
        "dari `sop new`: isi, atau tulis 'tidak tercantum' bila dokumen tidak mencantumkannya "
        "(hanya draf yang boleh memuatnya)"
    ]


# --------------------------------------------------------------------------- sections


ISO_SOP = SOP + """\
jenis_dokumen: Manual Prosedur
tujuan:
  - Menjamin layanan berjalan tertib.
ruang_lingkup: Prosedur ini berlaku untuk seluruh layanan contoh.
unit_terkait:
  - Biro Umum
definisi:
  - {istilah: Berkas, arti: Dokumen permohonan.}
referensi:
  - ISO 9001:2015 klausul 8.5
kebijakan:
  - Setiap berkas diproses paling lama tiga hari.
susunan:
  - {bagian: tujuan, label: "1", judul: TUJUAN}
  - {bagian: ruang_lingkup, label: "2", judul: RUANG LINGKUP}
  - {bagian: definisi, label: "3", judul: DEFINISI}
  - {bagian: referensi, label: "4", judul: REFERENSI}
  - {bagian: kebijakan, label: "5", judul: KEBIJAKAN}
  - {bagian: flowchart, label: "6", judul: PROSEDUR}
  - {label: "7", judul: LAMPIRAN, isi: [Formulir permohonan (FM-01).]}
"""


def test_sections_print_in_the_sources_order_with_its_numbers_and_titles(
    make_data: MakeData,
) -> None:
    root = make_data({"sop/contoh.yaml": ISO_SOP})
    text = pdf_text(root, "contoh")
    headings = ["1. TUJUAN", "2. RUANG LINGKUP", "3. DEFINISI", "4. REFERENSI", "5. KEBIJAKAN",
                "6. PROSEDUR", "7. LAMPIRAN"]
    places = [text.index(h) for h in headings]
    assert places == sorted(places)
    assert "Biro Umum" in text.split("2. RUANG LINGKUP")[1].split("3. DEFINISI")[0]
    assert "Formulir permohonan (FM-01)." in text.split("7. LAMPIRAN")[1]
    assert "MANUALPROSEDUR" in squash(text)  # the kind of document, in the identity block
    page = web_text(root, "contoh")
    places = [page.index(h) for h in headings if h != "6. PROSEDUR"]
    assert places == sorted(places)
    assert "Jenis dokumen Manual Prosedur" in page


def test_default_caption_is_standar_operasional_prosedur(make_data: MakeData) -> None:
    assert "STANDAROPERASIONALPROSEDUR" in squash(pdf_text(make_data(), "contoh"))


def test_a_section_with_content_must_have_a_place_in_susunan(make_data: MakeData) -> None:
    sop = ISO_SOP.replace('  - {bagian: kebijakan, label: "5", judul: KEBIJAKAN}\n', "")
    sop = sop.replace('  - {bagian: tujuan, label: "1", judul: TUJUAN}\n',
                      '  - {bagian: tujuan, label: "1", judul: TUJUAN}\n  - {bagian: tujuan}\n')
    found = problems(make_data({"sop/contoh.yaml": sop}))
    assert any("susunan[1]: bagian 'tujuan' ganda" in p for p in found)
    assert any("susunan: 'kebijakan' berisi tetapi tidak punya tempat di susunan" in p
               for p in found)


# --------------------------------------------------------------------------- signatures, header


SIGNED_SOP = SOP.replace(
    "  nama: Dr. Contoh\n  nip: \"196012151988021001\"",
    "  nama: Dr. Contoh\n  nip: \"196012151988021001\"\n  tempat: Malang",
) + """\
tanda_tangan_lain:
  - {peran: dikaji ulang, jabatan: Kepala LPM, nama: Ani, nik: "3573010101010001"}
  - {peran: disetujui, jabatan: Wakil Rektor I, nama: Budi, niy: "123.45"}
tanda_tangan_elektronik: >-
  Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang
  diterbitkan oleh BSrE.
"""


def test_signature_roles_staff_numbers_place_and_electronic_signature(
    make_data: MakeData,
) -> None:
    root = make_data({"sop/contoh.yaml": SIGNED_SOP})
    text = pdf_text(root, "contoh")
    for words in ["Dikaji ulang oleh,", "Disetujui oleh,", "NIK. 3573010101010001",
                  "NIY. 123.45", "NIP. 19601215 198802 1 001", "Malang",
                  "diterbitkan oleh BSrE."]:
        assert words in text
    # The QR code of the electronic signature is drawn in the Disahkan cell of the first page:
    # a few hundred filled modules more than the same copy without the statement.
    plain = make_data({"sop/contoh.yaml": SIGNED_SOP.split("tanda_tangan_elektronik:")[0]},
                      name="unsigned")
    assert first_page_drawing(root) > first_page_drawing(plain) + 3000


def first_page_words(root: Path) -> list[dict]:
    """The words of the official copy's first page (the identity sheet), with positions."""
    pdf = render_sop_pdf(load(root), "contoh", copy="resmi", site_url="https://sop.contoh.ac.id",
                         build_date=dt.date(2024, 2, 1))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return doc.pages[0].extract_words()


def top_of(words: list[dict], text: str) -> float:
    return next(w["top"] for w in words if w["text"] == text)


GRID_INSTITUSI = INSTITUSI.replace(
    "kota: Malang\n", "kota: Malang\nidentitas:\n  tanda_tangan: identitas\n")


def test_signatures_in_the_identity_grid_when_the_format_puts_them_there(
    make_data: MakeData,
) -> None:
    inst = GRID_INSTITUSI
    root = make_data({"institusi.yaml": inst, "sop/contoh.yaml": SIGNED_SOP})
    words = first_page_words(root)
    # A row "DIKAJI ULANG OLEH" then "DISETUJUI OLEH" between Tanggal Efektif and Disahkan Oleh,
    # each with its signer in the value cell of the same row.
    rows = [top_of(words, label) for label in ("EFEKTIF", "ULANG", "DISETUJUI", "DISAHKAN")]
    assert rows == sorted(rows)
    ani = next(w for w in words if w["text"] == "Ani")
    label = next(w for w in words if w["text"] == "ULANG")
    assert label["x1"] < ani["x0"] and rows[1] < ani["top"] < rows[2]
    # … and no separate signature row with "Dikaji ulang oleh," under the sheet.
    assert "Dikaji ulang oleh," not in pdf_text(root, "contoh")
    # The usual format keeps them in a row of their own.
    plain = make_data({"sop/contoh.yaml": SIGNED_SOP}, name="row")
    assert "Dikaji ulang oleh," in pdf_text(plain, "contoh")
    assert "ULANG" not in [w["text"] for w in first_page_words(plain)]


def test_signatures_in_the_grid_have_no_place_in_susunan(make_data: MakeData) -> None:
    inst = GRID_INSTITUSI
    sop = SIGNED_SOP + "susunan:\n  - {bagian: flowchart}\n  - {bagian: tanda_tangan}\n"
    found = problems(make_data({"institusi.yaml": inst, "sop/contoh.yaml": sop}))
    assert any("susunan[1].bagian: tanda tangan lain dicetak di tabel identitas" in p
               and "hapus {bagian: tanda_tangan} dari susunan" in p for p in found)


BOXES = ("DASAR HUKUM:", "KUALIFIKASI PELAKSANA:", "KETERKAITAN:", "PERALATAN/PERLENGKAPAN:",
         "PERINGATAN:", "PENCATATAN DAN PENDATAAN:")


@pytest.mark.parametrize("kotak", ["semua", "terisi"])
def test_the_six_permenpan_boxes_all_or_only_those_filled(make_data: MakeData, kotak: str) -> None:
    inst = INSTITUSI.replace("kota: Malang\n", f"kota: Malang\nidentitas:\n  kotak: {kotak}\n")
    root = make_data({"institusi.yaml": inst})
    sop = load(root).sops["contoh"]
    filled = {"DASAR HUKUM:": sop.dasar_hukum, "KUALIFIKASI PELAKSANA:": sop.kualifikasi,
              "PERALATAN/PERLENGKAPAN:": sop.peralatan, "PERINGATAN:": sop.peringatan,
              "PENCATATAN DAN PENDATAAN:": sop.pencatatan,
              "KETERKAITAN:": sop.keterkaitan.sop or sop.keterkaitan.lain}
    assert any(filled.values()) and not all(filled.values())  # the fixture has both kinds
    text = pdf_text(root, "contoh")
    for box in BOXES:
        assert (box in text) == (kotak == "semua" or bool(filled[box])), box


UNSURE_SOP = SOP.replace("    pelaksana: staf\n    waktu: {nilai: 15, unit: menit}\n",
                         "    pelaksana: staf\n    waktu: {nilai: 15, unit: menit}\n"
                         "    belum_pasti: [pelaksana, waktu]\n", 1)


def test_facts_the_source_leaves_unconfirmed_are_marked_on_the_official_copy(
    make_data: MakeData,
) -> None:
    """A step whose actor the source does not state plainly is not printed as if it were
    certain: its number carries a * in the flowchart table, and the identity sheet says why."""
    assert UNSURE_SOP != SOP
    root = make_data({"sop/contoh.yaml": UNSURE_SOP})
    pdf = render_sop_pdf(load(root), "contoh", copy="resmi", site_url="https://sop.contoh.ac.id",
                         build_date=dt.date(2024, 2, 1))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        first = " ".join((doc.pages[0].extract_text() or "").split())
        flow = doc.pages[1].extract_words()
    assert ("* Tidak dinyatakan tegas oleh dokumen sumber dan belum dikonfirmasi pemiliknya: "
            "pelaksana langkah 1; waktu langkah 1.") in first
    header = next(w for w in flow if w["text"] == "NO")
    numbers = [w["text"] for w in flow if w["x0"] >= header["x0"] - 4 and w["x1"] <= header[
        "x1"] + 8 and w["top"] > header["bottom"]]  # the No column
    assert "1*" in numbers and "2" in numbers and "2*" not in numbers
    page = web_text(root, "contoh")
    assert "pelaksana langkah 1; waktu langkah 1." in page
    found = problems(make_data({"sop/contoh.yaml": UNSURE_SOP.replace(
        "belum_pasti: [pelaksana, waktu]", "belum_pasti: [pelaksanaan]")}, name="bad"))
    assert any("steps[0].belum_pasti" in p or "langkah 1" in p for p in found), found


def test_fields_derived_or_proposed_are_marked_on_both_copies(make_data: MakeData) -> None:
    """An SOP number derived from the decree, a proposed legal basis, a date of unknown meaning:
    printed with a * and explained, never as if the document stated them."""
    root = make_data({"sop/contoh.yaml": SOP.replace(
        "  efektif: 2024-01-15\n", "  revisi: 2023-12-01\n  efektif: 2024-01-15\n") + (
        "belum_pasti: [nomor, tanggal.revisi, dasar_hukum]\n")})
    pdf = render_sop_pdf(load(root), "contoh", copy="resmi", site_url="https://sop.contoh.ac.id",
                         build_date=dt.date(2024, 2, 1))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = [" ".join((p.extract_text() or "").split()) for p in doc.pages]
    first = pages[0]
    assert "NOMOR SOP SOP/01/2024 *" in first and "1 Desember 2023 *" in first
    assert "DASAR HUKUM: *" in first and "15 Januari 2024 *" not in first
    assert ("* Tidak dinyatakan tegas oleh dokumen sumber dan belum dikonfirmasi pemiliknya: "
            "nomor SOP; tanggal revisi; dasar hukum.") in first
    assert all("Nomor SOP: SOP/01/2024 *" in page for page in pages)  # the running header
    page = web_text(root, "contoh")
    assert "Nomor SOP SOP/01/2024 *" in page and "Dasar hukum *" in page
    catalogue = SiteRenderer(load(root)).catalogue().markdown  # and wherever lists name it
    assert "SOP/01/2024 *</td>" in catalogue
    assert "pemiliknya: nomor SOP; tanggal revisi; dasar hukum." in page
    # a tanggal revisi whose meaning is unconfirmed is not taken for a planned review
    from sop.revisions import review_date
    assert review_date(load(root).sops["contoh"]) is None
    found = problems(make_data({"sop/contoh.yaml": SOP + "belum_pasti: [nomer]\n"}, name="bad"))
    assert any("belum_pasti[0]: 'nomer' bukan salah satu dari: nomor, unit," in p
               for p in found), found


def first_page_drawing(root: Path) -> int:
    """The size of the first page's drawing instructions."""
    pdf = render_sop_pdf(load(root), "contoh", copy="resmi", site_url="https://sop.contoh.ac.id",
                         build_date=dt.date(2024, 2, 1))
    return len(PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data())


def test_parent_unit_and_address_in_the_identity_block(make_data: MakeData) -> None:
    inst = INSTITUSI.replace("kota: Malang\n", "kota: Malang\ntelepon: (0341) 551354\n"
                             "email: info@contoh.ac.id\nalamat_di_identitas: true\n").replace(
        "    jenis: biro\n",
        "    jenis: biro\n  - id: prodi-ti\n    nama: Program Studi Teknik Informatika\n"
        "    jenis: prodi\n    induk: fakultas-saintek\n  - id: fakultas-saintek\n"
        "    nama: Fakultas Sains dan Teknologi\n    jenis: fakultas\n",
    )
    root = make_data({"institusi.yaml": inst,
                      "sop/contoh.yaml": SOP.replace("unit: biro-umum", "unit: prodi-ti")})
    text = pdf_text(root, "contoh")
    assert text.index("FAKULTAS SAINS DAN TEKNOLOGI") < text.index("PROGRAM STUDI TEKNIK")
    assert "Jl. Contoh No. 1, Malang" in text
    assert "Telp. (0341) 551354 · Surel info@contoh.ac.id" in text
    page = web_text(root, "contoh")
    assert "Fakultas Sains dan Teknologi · Program Studi Teknik Informatika" in page


# --------------------------------------------------------------------------- table columns


def header_words(data_dir: Path, sop_id: str) -> list[str]:
    """The words of the flowchart sheet's header, left to right, top row first."""
    pdf = render_sop_pdf(load(data_dir), sop_id, copy="resmi", site_url="",
                         build_date=dt.date(2024, 2, 1))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = next(p for p in doc.pages if p.width > p.height)
        words = page.extract_words()
        top = next(w["top"] for w in words if w["text"] == "PELAKSANA")
        head = [w for w in words if top - 2 < w["top"] < top + 60 and not w["text"].isdigit()]
        digits = [w for w in words if w["text"].isdigit() and top < w["top"]]
        row = min((w["top"] for w in digits), default=0)  # the number row, under the header
        numbers = [w for w in digits if abs(w["top"] - row) < 1]
    head.sort(key=lambda w: (round(w["top"] / 10), w["x0"]))
    return [w["text"] for w in head] + [str(len(numbers))]


def test_columns_chosen_ordered_renamed_and_numbered_by_the_institution(
    make_data: MakeData,
) -> None:
    inst = INSTITUSI.replace("unit:\n", "tabel:\n  mutu_baku:\n    - {isi: kelengkapan, judul: "
                             "Dokumen}\n    - {isi: output}\n    - {isi: waktu}\n"
                             "  keterangan: false\n  nomor_kolom: true\nunit:\n", 1)
    root = make_data({"institusi.yaml": inst, "sop/contoh.yaml": SOP.replace(
        "    waktu: {nilai: 15, unit: menit}\n", "    waktu: {nilai: 15, unit: menit}\n"
        "    kelengkapan: [Surat pengantar]\n", 1)})
    words = header_words(root, "contoh")
    assert "KETERANGAN" not in words and "KELENGKAPAN" not in words
    row2 = words[words.index("Staf"):]
    assert row2[:5] == ["Staf", "Rektor", "DOKUMEN", "OUTPUT", "WAKTU"]
    assert words[-1] == "7"  # NO, KEGIATAN, two actors, three mutu baku columns
    page = web_text(root, "contoh")  # the web step list names the column as the table does
    assert "Dokumen Surat pengantar" in page and "Kelengkapan" not in page


def test_an_sop_drops_its_empty_columns(make_data: MakeData) -> None:
    sop = SOP + "tabel:\n  kolom_kosong: buang\n"
    words = header_words(make_data({"sop/contoh.yaml": sop}), "contoh")
    assert "WAKTU" in words  # step 1 has a time
    for empty in ("KELENGKAPAN", "OUTPUT", "KETERANGAN"):
        assert empty not in words


def test_a_value_without_its_column_is_reported(make_data: MakeData) -> None:
    sop = SOP.replace("    waktu: {nilai: 15, unit: menit}\n",
                      "    waktu: {nilai: 15, unit: menit}\n    output: Berkas diterima\n")
    sop += "tabel:\n  mutu_baku: [{isi: waktu}]\n"
    assert problems(make_data({"sop/contoh.yaml": sop})) == [
        "data/sop/contoh.yaml:23: langkah 1.output: langkah ini memuat output, tetapi tabel "
        "bagan alir tidak punya kolom output (tambahkan ke tabel, atau pindahkan teksnya)"
    ]


# --------------------------------------------------------------------------- the flow


FLOW_SOP = SOP_HEAD + """\
steps:
  - no: 1
    kegiatan: Perlu disposisi?
    pelaksana: rektor
    cabang:
      - {label: Ya, ke: 2}
      - {label: Tidak, ke: 4}
  - no: 2
    nomor: 2a
    kegiatan: Mendisposisi surat langsung di kantor
    pelaksana: rektor
    selesai: true
  - no: 3
    nomor: 2b
    kegiatan: Menerima surat melalui surel
    pelaksana: staf
    mulai: true
  - no: 4
    nomor: "3"
    kegiatan: Mengarsipkan surat
    pelaksana: staf
"""


def test_a_decision_first_alternative_starts_several_ends_and_source_numbers(
    make_data: MakeData,
) -> None:
    from sop import graph, mermaid
    from sop.flowchart import layout_pages

    root = make_data({"sop/contoh.yaml": FLOW_SOP})
    data = load(root)
    sop = data.sops["contoh"]
    assert graph.start_steps(sop) == [1, 3]
    assert graph.end_steps(sop) == [2, 4]
    kinds = {s.step: s.kind for page in layout_pages(sop, data.actors) for s in page.symbols}
    assert kinds == {1: "decision", 2: "capsule", 3: "capsule", 4: "capsule"}
    swimlane = mermaid.swimlane(sop, data.actors)
    assert 's1@{ shape: hex, label: "1. Perlu disposisi?" }' in swimlane  # not a capsule
    assert 's3(["2b. Menerima surat melalui surel"])' in swimlane
    text = pdf_text(root, "contoh")
    for row in ("2a Mendisposisi surat", "2b Menerima surat melalui", "3 Mengarsipkan"):
        assert row in text
    page = web_text(root, "contoh")
    assert "2a Mendisposisi surat langsung di kantor" in page
    assert "Tidak → langkah 3" in page  # branches name the step as the source numbers it


def test_a_step_nothing_leads_to_must_be_marked_as_a_start(make_data: MakeData) -> None:
    sop = FLOW_SOP.replace("    mulai: true\n", "")
    assert problems(make_data({"sop/contoh.yaml": sop})) == [
        "data/sop/contoh.yaml:21: langkah 2b: tidak dapat dicapai dari awal (langkah 1); tulis "
        "mulai: true bila alur boleh dimulai di langkah ini"
    ]


# ----------------------------------------------------------------------- the pengesah signs once


ROW_SOP = SIGNED_SOP + "identitas:\n  pengesahan: baris\n"


def signature_words(root: Path) -> tuple[list[dict], list[dict]]:
    """The words of the official copy's page holding the signature row, and of its first page."""
    pdf = render_sop_pdf(load(root), "contoh", copy="resmi", site_url="https://sop.contoh.ac.id",
                         build_date=dt.date(2024, 2, 1))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = [p.extract_words() for p in doc.pages]
    row = next(words for words in pages if any(w["text"] == "Dikaji" for w in words))
    return row, pages[0]


def test_the_pengesah_signs_once_at_the_end_of_the_row_when_the_format_puts_it_there(
    make_data: MakeData,
) -> None:
    root = make_data({"sop/contoh.yaml": ROW_SOP})
    text = pdf_text(root, "contoh")
    # One Disahkan block on the copy: the row's, not a second one in the identity grid.
    assert text.casefold().count("disahkan oleh") == 1 and "Disahkan oleh," in text
    assert text.count("Dr. Contoh") == 1 and text.count("NIP. 19601215 198802 1 001") == 1
    row, first = signature_words(root)
    assert "DISAHKAN" not in [w["text"] for w in first]
    # … last in the row, right of the further signatures, on the same line as their roles;
    # the three names on one line too, and the place on a line of its own above the row.
    top, x = {}, {}
    for w in row:
        top.setdefault(w["text"], w["top"])
        x.setdefault(w["text"], w["x0"])
    assert x["Dikaji"] < x["Disetujui"] < x["Disahkan"]
    assert round(top["Dikaji"]) == round(top["Disetujui"]) == round(top["Disahkan"])
    assert round(top["Ani"]) == round(top["Budi"]) == round(top["Dr."])
    assert top["Malang"] < top["Disahkan"] and abs(x["Malang"] - x["Disahkan"]) < 40
    # The electronic signature's QR code is drawn in the row's Disahkan block, between its
    # role and its name (its modules are many short strokes there); none without the statement.
    assert qr_strokes(root) > 50
    plain = make_data({"sop/contoh.yaml": ROW_SOP.replace(SIGNED_SOP[SIGNED_SOP.index(
        "tanda_tangan_elektronik:"):], "")}, name="unsigned")
    assert "BSrE" not in pdf_text(plain, "contoh") and qr_strokes(plain) == 0


def qr_strokes(root: Path) -> int:
    """The strokes drawn in the signature row's Disahkan block, between role and name."""
    pdf = render_sop_pdf(load(root), "contoh", copy="resmi", site_url="https://sop.contoh.ac.id",
                         build_date=dt.date(2024, 2, 1))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = next(p for p in doc.pages if "Disahkan oleh," in (p.extract_text() or ""))
        words = page.extract_words()
        role = next(w for w in words if w["text"] == "Disahkan")
        name = next(w for w in words if w["text"] == "Dr.")
        return sum(1 for line in page.lines if role["bottom"] < line["top"] < name["top"]
                   and line["x0"] > role["x0"] - 30)


def test_the_pengesah_signs_in_the_grid_and_the_row_holds_only_the_others(
    make_data: MakeData,
) -> None:
    """The usual format (identitas.pengesahan: identitas) with further signatures in a row."""
    root = make_data({"sop/contoh.yaml": SIGNED_SOP})
    text = pdf_text(root, "contoh")
    assert text.casefold().count("disahkan oleh") == 1 and "Disahkan oleh," not in text
    assert text.count("Dr. Contoh") == 1
    row, first = signature_words(root)
    label = next(w for w in first if w["text"] == "DISAHKAN")
    name = next(w for w in first if w["text"] == "Contoh" and w["x0"] > label["x1"])
    assert label["top"] <= name["top"] < next(w["top"] for w in row if w["text"] == "Dikaji")


def test_further_signatures_in_the_grid_and_the_pengesah_in_the_row(make_data: MakeData) -> None:
    root = make_data({"institusi.yaml": GRID_INSTITUSI.replace(
        "  tanda_tangan: identitas\n", "  tanda_tangan: identitas\n  pengesahan: baris\n"),
        "sop/contoh.yaml": SIGNED_SOP})
    text = pdf_text(root, "contoh")
    assert text.casefold().count("disahkan oleh") == 1 and "Disahkan oleh," in text
    assert "Dikaji ulang oleh," not in text and "DIKAJI ULANG OLEH" in text
    assert text.count("Dr. Contoh") == 1


def test_the_signature_row_has_a_place_in_susunan_exactly_when_it_prints_something(
    make_data: MakeData, monkeypatch: pytest.MonkeyPatch,
) -> None:
    alone = "susunan:\n  - {bagian: flowchart}\n  - {bagian: tanda_tangan}\n"
    # The pengesah signs in the grid and there are no further signatures: the row is empty.
    found = problems(make_data({"sop/contoh.yaml": SOP + alone}))
    assert any("contoh.yaml" in p and "susunan[1].bagian: baris tanda tangan tidak berisi apa "
               "pun" in p and "identitas.pengesahan: baris" in p for p in found), found
    monkeypatch.setenv("SOP_LANG", "en")
    found = problems(make_data({"sop/contoh.yaml": SOP + alone}, name="en"))
    assert any("susunan[1].bagian: the signature row has nothing to print" in p
               for p in found), found
    monkeypatch.delenv("SOP_LANG")
    # The pengesah signs in the row: the row must have its place …
    own = "identitas:\n  pengesahan: baris\n"
    found = problems(make_data({"sop/contoh.yaml": SOP + own + "susunan:\n  - {bagian: "
                                "flowchart}\n"}, name="missing"))
    assert any("susunan: 'tanda_tangan' berisi tetapi tidak punya tempat di susunan" in p
               for p in found), found
    # … and with it the data set checks clean.
    load(make_data({"sop/contoh.yaml": SOP + own + alone}, name="placed"))
