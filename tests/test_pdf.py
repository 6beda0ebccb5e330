"""The printed documents, tested by structure: pages, orientation, text where it belongs,
metadata, outline, fonts, copy footers, the decree book's contents page, determinism.

The PDFs are rendered once per session from the small fixture data set (tests/pdf_fixtures.py).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pdfplumber
import pytest
from pdf_fixtures import WarningRecorder, write_dataset
from pypdf import PdfReader

from sop.dataset import DataSet, load
from sop.errors import BuildError
from sop.pdf import render_sop_pdf, write_pdf_command
from sop.pdf.book import assemble_book
from sop.pdf.flow import flow_sheets
from sop.pdf.html import options
from sop.pdf.pages import LANDSCAPE
from sop.pdf.writer import LocalFetcher

SITE = "https://sop.ucn.example.ac.id"
BUILD_DATE = dt.date(2024, 5, 2)
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Pdf:
    """A rendered PDF with both readers at hand."""

    data: bytes

    @property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.data))

    @cached_property
    def texts(self) -> tuple[str, ...]:
        with pdfplumber.open(io.BytesIO(self.data)) as pdf:
            return tuple(page.extract_text() or "" for page in pdf.pages)

    def pages_text(self) -> list[str]:
        return list(self.texts)

    def sizes(self) -> list[tuple[float, float]]:
        return [(float(p.mediabox.width), float(p.mediabox.height)) for p in self.reader.pages]


@pytest.fixture(scope="session")
def data(tmp_path_factory: pytest.TempPathFactory) -> DataSet:
    return load(write_dataset(tmp_path_factory.mktemp("pdfdata")))


@pytest.fixture(scope="session")
def pdfs(data: DataSet) -> dict[str, Pdf]:
    """The PDFs under test, rendered once (WeasyPrint warnings would fail the session)."""
    handler = WarningRecorder()
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        kw = {"site_url": SITE, "build_date": BUILD_DATE}
        out = {
            "lektor": Pdf(render_sop_pdf(data, "usulan-lektor", copy="unduhan", **kw)),
            "lektor-resmi": Pdf(render_sop_pdf(data, "usulan-lektor", copy="resmi", **kw)),
            "pak-resmi": Pdf(render_sop_pdf(data, "penilaian-angka-kredit", copy="resmi", **kw)),
        }
        officials = {
            "usulan-lektor": out["lektor-resmi"].data,
            "penilaian-angka-kredit": out["pak-resmi"].data,
        }
        book = assemble_book(data, "kr-869-2022", options(SITE, BUILD_DATE), officials)
        out["buku"] = Pdf(book)
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    out["_warnings"] = handler.messages  # type: ignore[assignment]
    return out



def squash(text: str) -> str:
    """Text without whitespace: compares wrapped lines and SVG text (which has no spaces)."""
    return re.sub(r"\s+", "", text)


def _is_portrait(size: tuple[float, float]) -> bool:
    return abs(size[0] - 595.28) < 1 and abs(size[1] - 841.89) < 1


def _is_landscape(size: tuple[float, float]) -> bool:
    return abs(size[0] - 841.89) < 1 and abs(size[1] - 595.28) < 1


def _flow_pages(pdf: Pdf) -> list[int]:
    return [i for i, size in enumerate(pdf.sizes()) if _is_landscape(size)]


def _line_after(page: pdfplumber.page.Page, label: list[str]) -> tuple[str, float]:
    """The words on the label's line to the right of it, and the label's x position."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    for i, w in enumerate(words):
        if [x["text"] for x in words[i : i + len(label)]] == label:
            last = words[i + len(label) - 1]
            right = [x for x in words if abs(x["top"] - w["top"]) < 2 and x["x0"] > last["x1"]]
            return " ".join(x["text"] for x in sorted(right, key=lambda x: x["x0"])), w["x0"]
    raise AssertionError(f"label {' '.join(label)} not found")


# --------------------------------------------------------------------------- rendering health


def test_weasyprint_reports_no_warnings(pdfs: dict[str, Pdf]) -> None:
    assert pdfs["_warnings"] == []  # type: ignore[comparison-overlap]


# --------------------------------------------------------------------------- pages


def test_sop_pdf_identity_portrait_then_landscape_flowchart_then_portrait_narrative(
    pdfs: dict[str, Pdf], data: DataSet
) -> None:
    sizes = pdfs["lektor"].sizes()
    flows = flow_sheets(data.sops["usulan-lektor"], data.actors)
    n_flow = len(flows.pages)
    assert len(sizes) == 1 + n_flow + 1
    assert _is_portrait(sizes[0])
    assert all(_is_landscape(s) for s in sizes[1 : 1 + n_flow])
    assert _is_portrait(sizes[-1])


def test_every_page_says_halaman_x_dari_y(pdfs: dict[str, Pdf]) -> None:
    for name in ("lektor", "lektor-resmi", "pak-resmi"):
        texts = pdfs[name].pages_text()
        for number, page_text in enumerate(texts, start=1):
            assert f"Halaman {number} dari {len(texts)}" in page_text, (name, number)


def test_book_pages_number_the_book_and_sop_pages_keep_their_signed_numbers(
    pdfs: dict[str, Pdf],
) -> None:
    texts = pdfs["buku"].pages_text()
    sops = [pdfs["lektor-resmi"].pages_text(), pdfs["pak-resmi"].pages_text()]
    start = next(i for i, text in enumerate(texts) if text.startswith(sops[0][0]))
    expected = [f"Halaman {i} dari {len(texts)}" for i in range(1, start + 1)]
    for sop in sops:  # the SOP's own number, then the book's stamped under it (sop.pdf.booknum)
        at = len(expected) + 1
        expected += [f"Halaman {i} dari {len(sop)}\nHlm. buku {at + i - 1}"
                     for i in range(1, len(sop) + 1)]
    book_pages = range(len(expected) + 1, len(texts) + 1)
    expected += [f"Halaman {i} dari {len(texts)}" for i in book_pages]
    assert len(expected) == len(texts) and len(book_pages) >= 1
    for number, (page_text, printed) in enumerate(zip(texts, expected, strict=True), start=1):
        assert printed in page_text, number


def test_every_sop_page_shows_the_sop_number(pdfs: dict[str, Pdf]) -> None:
    for page_text in pdfs["lektor"].pages_text():
        assert "Nomor SOP: B-869/Un.03/KP.07.6/08/2022" in page_text


# --------------------------------------------------------------------------- identity sheet


def test_identity_labels_and_values_are_side_by_side(pdfs: dict[str, Pdf]) -> None:
    with pdfplumber.open(io.BytesIO(pdfs["lektor"].data)) as pdf:
        page = pdf.pages[0]
        assert _line_after(page, ["NOMOR", "SOP"])[0] == "B-869/Un.03/KP.07.6/08/2022"
        assert _line_after(page, ["TANGGAL", "PEMBUATAN"])[0] == "1 Agustus 2022"
        assert _line_after(page, ["TANGGAL", "REVISI"])[0] == "1 Agustus 2023"
        assert _line_after(page, ["TANGGAL", "EFEKTIF"])[0] == "22 Agustus 2022"
        assert _line_after(page, ["DISAHKAN", "OLEH"])[0] == "Rektor"
        assert _line_after(page, ["NAMA", "SOP"])[0].startswith("PENGUSULAN PENGANGKATAN")
        nip, nip_x = _line_after(page, ["NIP."])
        _, label_x = _line_after(page, ["DISAHKAN", "OLEH"])
        assert nip == "19620507 199503 1 001"
        assert nip_x > label_x + 50  # printed in the value column, under the signer


def test_identity_left_block_names_ministry_institution_and_unit(pdfs: dict[str, Pdf]) -> None:
    first = pdfs["lektor"].pages_text()[0]
    for line in ("KEMENTERIAN AGAMA REPUBLIK", "UNIVERSITAS CONTOH", "BIRO ADMINISTRASI UMUM"):
        assert line in first


def test_identity_lower_pairs_in_order_with_catalogue_citations(pdfs: dict[str, Pdf]) -> None:
    first = pdfs["lektor"].pages_text()[0]
    order = [
        "DASAR HUKUM:",
        "KUALIFIKASI PELAKSANA:",
        "KETERKAITAN:",
        "PERALATAN/PERLENGKAPAN:",
        "PERINGATAN:",
        "PENCATATAN DAN PENDATAAN:",
    ]
    positions = [first.index(label) for label in order]
    assert positions == sorted(positions)
    with pdfplumber.open(io.BytesIO(pdfs["lektor"].data)) as pdf:
        page = pdf.pages[0]
        split = next(w["x0"] for w in page.extract_words() if w["text"] == "KUALIFIKASI")
        left = squash(page.crop((0, 0, split - 1, page.height)).extract_text() or "")
    assert (
        squash(
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor "
            "35 Tahun 2012 tentang Pedoman Penyusunan"
        )
        in left
    )
    assert squash("Undang-Undang Nomor 12 Tahun 2012 tentang Pendidikan Tinggi") in left
    # a related SOP by judul and nomor, then free text
    assert squash("SOP Penilaian Angka Kredit Dosen (Nomor B-870/Un.03/KP.07.6/08/2022)") in left
    assert squash("SOP Surat Masuk Bagian Umum") in left


def test_yaml_text_is_printed_literally_not_as_markup(pdfs: dict[str, Pdf]) -> None:
    assert "Memahami <PermenPAN> & turunannya" in pdfs["lektor"].pages_text()[0]


def test_nidn_signer_and_extra_signature_columns(pdfs: dict[str, Pdf]) -> None:
    first = pdfs["pak-resmi"].pages_text()[0]
    assert "NIDN. 0412037801" in first
    assert "NIP." not in first
    with pdfplumber.open(io.BytesIO(pdfs["pak-resmi"].data)) as pdf:
        words = pdf.pages[0].extract_words()
    roles = {w["text"]: w for w in words if w["text"] in ("Disusun", "Diperiksa")}
    assert set(roles) == {"Disusun", "Diperiksa"}
    tops = {round(w["top"]) for w in roles.values()}
    assert len(tops) == 1  # one row of two columns
    assert roles["Disusun"]["x0"] < roles["Diperiksa"]["x0"]
    for name in ("Munakib, M.Pd.", "Azwar Anas, M.Pd.I", "Dr. Saiful Falah, M.Pd.I"):
        assert name in first
    # The usual format has the Rektor sign in the identity grid, above that row, and only there:
    # the row holds the further signatures alone.
    disahkan = [w for w in words if w["text"].casefold() == "disahkan"]
    assert [w["text"] for w in disahkan] == ["DISAHKAN"]
    assert disahkan[0]["top"] < min(tops)
    assert first.count("Dr. Saiful Falah, M.Pd.I") == 1


def test_iso_sections_when_present(pdfs: dict[str, Pdf]) -> None:
    text = "\n".join(pdfs["pak-resmi"].pages_text())
    for heading in ("A. Tujuan", "B. Ruang Lingkup", "C. Definisi", "D. Standar Mutu Terkait"):
        assert heading in text
    assert "Tujuan" not in "\n".join(pdfs["lektor"].pages_text())


# --------------------------------------------------------------------------- flowchart sheets


def test_flowchart_pages_have_the_table_header(pdfs: dict[str, Pdf], data: DataSet) -> None:
    texts = pdfs["lektor"].pages_text()
    pages = _flow_pages(pdfs["lektor"])
    assert len(pages) >= 2  # twelve steps with loops need more than one landscape page
    for i in pages:
        for word in (
            "NO",
            "KEGIATAN",
            "PELAKSANA",
            "MUTU BAKU",
            "KETERANGAN",
            "KELENGKAPAN",
            "WAKTU",
            "OUTPUT",
            "Kabiro AUPK",
            "Tim Penilai",
        ):
            assert squash(word) in squash(texts[i]), (i, word)


def test_flowchart_rows_are_not_clipped(pdfs: dict[str, Pdf], data: DataSet) -> None:
    """Every step's activity text is in the KEGIATAN column of a flowchart page, whole."""
    column = ""
    with pdfplumber.open(io.BytesIO(pdfs["lektor"].data)) as pdf:
        for i in _flow_pages(pdfs["lektor"]):
            page = pdf.pages[i]
            words = page.extract_words()
            left = next(w["x1"] for w in words if w["text"] == "NO")
            right = next(w["x0"] for w in words if w["text"] == "Rektor")
            column += page.crop((left + 2, 0, right - 4, page.height)).extract_text() or ""
    for step in data.sops["usulan-lektor"].steps:
        assert squash(step.kegiatan) in squash(column), step.no


def test_flowchart_sheets_stay_inside_the_page_content_box(pdfs: dict[str, Pdf]) -> None:
    """Nothing drawn on a landscape page straddles the content box edge (no overflow, no cut)."""
    box = LANDSCAPE
    pt = 72 / 25.4
    with pdfplumber.open(io.BytesIO(pdfs["lektor-resmi"].data)) as pdf:
        for i in _flow_pages(pdfs["lektor-resmi"]):
            page = pdf.pages[i]
            top, bottom = box.top * pt, page.height - box.bottom * pt
            left, right = box.left * pt, page.width - box.right * pt
            objects = page.chars + page.rects + page.lines + page.curves
            assert len(objects) > 100
            for obj in objects:
                assert left - 0.5 <= obj["x0"] and obj["x1"] <= right + 0.5, obj
                inside = top - 0.5 <= obj["top"] and obj["bottom"] <= bottom + 0.5
                in_margin = obj["bottom"] <= top or obj["top"] >= bottom
                assert inside or in_margin, (i, obj.get("text"), obj["top"], obj["bottom"])


def test_narrative_after_flowchart(pdfs: dict[str, Pdf]) -> None:
    last = pdfs["lektor"].pages_text()[-1]
    assert (
        last.index("Deskripsi Singkat SOP")
        < last.index("Penjelasan Alur SOP")
        < last.index("Berkas Persyaratan Usulan Jabatan Lektor")
    )
    assert "a. Surat Pernyataan Melaksanakan Pengajaran" in last  # nested list, lettered


# --------------------------------------------------------------------------- copies


FOOTER = f"Salinan ini dicetak dari {SITE} pada 2 Mei 2024"


def test_downloadable_copy_has_the_footer_note_on_every_page(pdfs: dict[str, Pdf]) -> None:
    expected = squash(f"{FOOTER}; periksa versi yang berlaku di {SITE}/sop/usulan-lektor/")
    with pdfplumber.open(io.BytesIO(pdfs["lektor"].data)) as pdf:
        for page in pdf.pages:
            margin = page.crop((0, page.height - 24 * 72 / 25.4, page.width * 0.7, page.height))
            assert expected in squash(margin.extract_text() or ""), page.page_number


def test_official_copy_has_no_footer_note(pdfs: dict[str, Pdf]) -> None:
    for name in ("lektor-resmi", "pak-resmi", "buku"):
        for page_text in pdfs[name].pages_text():
            assert "Salinan ini dicetak" not in page_text


def test_downloadable_copy_draws_a_qr_code_and_the_official_one_does_not(
    pdfs: dict[str, Pdf],
) -> None:
    def marks_left_of_footer_note(pdf: Pdf, index: int) -> int:
        with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
            page = doc.pages[index]
            bottom = page.height - 24 * 72 / 25.4  # the bottom margin area
            note = [w["x0"] for w in page.extract_words() if w["text"] == "Salinan"]
            limit = note[0] if note else 120
            return len(
                [
                    o
                    for o in page.rects + page.curves + page.lines
                    if o["top"] > bottom and o["x1"] <= limit
                ]
            )

    for index in (0, _flow_pages(pdfs["lektor"])[0]):
        assert marks_left_of_footer_note(pdfs["lektor"], index) > 50  # QR modules, every page
    assert marks_left_of_footer_note(pdfs["lektor-resmi"], 0) == 0


# --------------------------------------------------------------------------- metadata, outline


def test_metadata(pdfs: dict[str, Pdf]) -> None:
    meta = pdfs["lektor"].reader.metadata
    assert meta is not None
    assert (
        meta.title == "SOP Pengusulan Pengangkatan Pertama Jabatan Dosen Jenjang Asisten Ahli "
        "dan Lektor"
    )
    assert meta.author == "Universitas Contoh Nusantara"
    assert meta.subject == "Standar Operasional Prosedur Nomor B-869/Un.03/KP.07.6/08/2022"
    assert "B-869/Un.03/KP.07.6/08/2022" in str(meta.get("/Keywords"))
    assert str(meta.get("/CreationDate")).startswith("D:20240502")
    assert str(meta.creator).startswith("sop-publisher")
    book = pdfs["buku"].reader.metadata
    assert book is not None and book.title.startswith("Keputusan Rektor Nomor 869 Tahun 2022")


def _outline(reader: PdfReader, items: list | None = None, depth: int = 0) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out += _outline(reader, item, depth + 1)
        else:
            out.append((depth, item.title))
    return out


def test_sop_outline_has_one_bookmark_per_section(pdfs: dict[str, Pdf]) -> None:
    titles = [t for _, t in _outline(pdfs["lektor"].reader)]
    assert titles[0] == "Identitas SOP"
    assert titles[1].startswith("Bagian Flowchart")
    assert titles[2:] == [
        "Deskripsi Singkat SOP",
        "Penjelasan Alur SOP",
        "Berkas Persyaratan Usulan Jabatan Lektor",
    ]


def test_book_outline_nests_sops_under_their_chapter(pdfs: dict[str, Pdf]) -> None:
    outline = _outline(pdfs["buku"].reader)
    top = [t for d, t in outline if d == 0]
    assert top[:3] == ["Sampul", "Keputusan Rektor Nomor 869 Tahun 2022", "Daftar Isi"]
    assert top[3] == "BAB I Pendahuluan"
    assert top[4].startswith("BAB II Standar Operasional Prosedur (SOP)")
    assert top[-1] == "Penutup"
    second = [t for d, t in outline if d == 1]
    assert (
        "1. SOP Pengusulan Pengangkatan Pertama Jabatan Dosen Jenjang Asisten Ahli dan "
        "Lektor" in second
    )
    assert "2. SOP Penilaian Angka Kredit Dosen" in second


# --------------------------------------------------------------------------- fonts


def test_fonts_are_the_shipped_liberation_sans(pdfs: dict[str, Pdf]) -> None:
    names: set[str] = set()
    for page in pdfs["buku"].reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        names |= {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
    assert names, "no fonts embedded"
    plain = {re.sub(r"^/[A-Z]{6}\+|[-_ ]", "", n) for n in names}  # '/ABCDEF+Liberation-Sans'
    assert "LiberationSans" in plain and "LiberationSansBold" in plain, names
    assert all(re.match(r"LiberationSans|DejaVuSans", n) for n in plain), names
    for page in pdfs["buku"].reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            descendant = font.get_object().get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font.get_object()).get(
                "/FontDescriptor"
            )
            if descriptor is not None:
                assert any(k in descriptor.get_object() for k in ("/FontFile2", "/FontFile3"))


# --------------------------------------------------------------------------- decree book


def test_book_parts_in_order(pdfs: dict[str, Pdf]) -> None:
    texts = [" ".join(t.split()) for t in pdfs["buku"].pages_text()]
    assert "STANDAR OPERASIONAL PROSEDUR" in texts[0] and "2022" in texts[0]
    keputusan = texts[1]
    for part in (
        "KEPUTUSAN REKTOR",
        "NOMOR 869 TAHUN 2022",
        "Menimbang",
        "Mengingat",
        "Memperhatikan",
        "MEMUTUSKAN",
        "Menetapkan",
        "KESATU",
        "KEDUA",
        "Ditetapkan di",
        "22 Agustus 2022",
        "NIP. 19620507 199503 1 001",
    ):
        assert part in keputusan, part
    assert "(Lembaran Negara Republik Indonesia Tahun 2012 Nomor 158" in keputusan
    assert "DAFTAR ISI" in texts[2]
    whole = "\n".join(texts)
    assert "DISUSUN DAN DIPROSES SESUAI KETENTUAN PERUNDANG-UNDANGAN" in whole.upper()
    assert "Hj. Umihanik, S.E., M.M." in texts[-1]


def test_book_contents_page_numbers_are_real(pdfs: dict[str, Pdf]) -> None:
    texts = [" ".join(t.split()) for t in pdfs["buku"].pages_text()]
    toc = texts[2]
    entries = {  # an SOP's entry points to its identity sheet: NOMOR SOP and NAMA SOP
        "BAB I PENDAHULUAN": "BAB I",
        "1. SOP Pengusulan Pengangkatan Pertama": "NOMOR SOP B-869/UN.03/KP.07.6/08/2022",
        "2. SOP Penilaian Angka Kredit Dosen": "NOMOR SOP B-870/UN.03/KP.07.6/08/2022",
        "Penutup": "DISUSUN DAN DIPROSES SESUAI KETENTUAN PERUNDANG-UNDANGAN",
    }
    judul = {
        "1. SOP Pengusulan Pengangkatan Pertama": "PENGUSULAN PENGANGKATAN PERTAMA",
        "2. SOP Penilaian Angka Kredit Dosen": "PENILAIAN ANGKA KREDIT DOSEN",
    }
    for entry, heading in entries.items():
        match = re.search(re.escape(entry) + r".*?\.{3,}\s*(\d+)", toc)
        assert match, entry
        page = int(match.group(1))
        assert heading in texts[page - 1].upper(), (entry, page)
        assert not any(heading in t.upper() for t in texts[3 : page - 1]), (entry, "earlier")
        if entry in judul:
            assert judul[entry] in texts[page - 1], (entry, page)


def test_book_has_each_sop_identity_and_landscape_flowchart(pdfs: dict[str, Pdf]) -> None:
    sizes = pdfs["buku"].sizes()
    texts = pdfs["buku"].pages_text()
    identity = [i for i, t in enumerate(texts) if "NOMOR SOP" in t and "TANGGAL EFEKTIF" in t]
    assert len(identity) == 2
    for i in identity:
        assert _is_portrait(sizes[i])
        assert _is_landscape(sizes[i + 1])


# --------------------------------------------------------------------------- determinism, CLI


def test_same_inputs_give_byte_identical_pdfs(pdfs: dict[str, Pdf], data: DataSet) -> None:
    """Rendered again in a fresh process (other hash seed) from SOURCE_DATE_EPOCH."""
    epoch = int(dt.datetime(2024, 5, 2, 9, 30, tzinfo=dt.UTC).timestamp())
    code = (
        "import sys; from sop.dataset import load; from sop.pdf import render_sop_pdf;"
        f"sys.stdout.buffer.write(render_sop_pdf(load(sys.argv[1]), 'usulan-lektor', "
        f"copy='unduhan', site_url={SITE!r}))"
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PYTHONHASHSEED": "12345"}
    again = subprocess.run(
        [sys.executable, "-c", code, str(data.root)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    assert again == pdfs["lektor"].data


def test_pdf_command_writes_sop_and_decree_files(
    data: DataSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = write_pdf_command(
        data.root, "penilaian-angka-kredit", out=tmp_path / "a.pdf", resmi=True, site_url=SITE
    )
    assert out.read_bytes().startswith(b"%PDF-")
    assert "Salinan ini dicetak" not in " ".join(Pdf(out.read_bytes()).pages_text())
    monkeypatch.setattr(
        "sop.pdf.render_decree_pdf", lambda data, ident, **kw: f"%PDF-book {ident}".encode()
    )
    book = write_pdf_command(data.root, "kr-869-2022", out=tmp_path / "b.pdf", site_url=SITE)
    assert book.read_bytes() == b"%PDF-book kr-869-2022"
    with pytest.raises(BuildError, match="no SOP or keputusan with id 'tidak-ada'"):
        write_pdf_command(data.root, "tidak-ada", out=tmp_path / "c.pdf")


def test_fetcher_refuses_network_and_files_outside_assets(tmp_path: Path) -> None:
    fetcher = LocalFetcher((tmp_path / "assets",))
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://example.com/font.ttf")
    (tmp_path / "secret.txt").write_text("x")
    with pytest.raises(ValueError, match="outside"):
        fetcher.fetch((tmp_path / "secret.txt").as_uri())


# --------------------------------------------------------------------------- hostile text


def test_hostile_text_is_printed_literally(tmp_path: Path) -> None:
    """Markup, template syntax and scripts in YAML come out as the characters typed."""
    from hostile_data import write_hostile_dataset

    from sop.pdf import html as pdf_html

    data = load(write_hostile_dataset(tmp_path / "data"))
    opts = pdf_html.options(SITE, BUILD_DATE)
    for html in (
        pdf_html.sop_html(data, "contoh", "unduhan", opts),
        pdf_html.book_html(data, "kr-1-2024", opts, [1] * len(data.decrees["kr-1-2024"].lampiran)),
    ):
        assert "<script" not in html and "<img src=x" not in html
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
        assert "{{ 7*7 }}" in html
    pdf = Pdf(render_sop_pdf(data, "contoh", copy="resmi", site_url=SITE, build_date=BUILD_DATE))
    first = squash(pdf.pages_text()[0])
    assert squash("<script>window.__pwned=1</script>") in first
    assert squash("{{ 7*7 }} {% if x %}y{% endif %} **tebal**") in first
    assert "49" not in first


def test_sop_not_in_force_is_marked_on_every_page(tmp_path: Path, pdfs: dict[str, Pdf]) -> None:
    from pdf_fixtures import dataset_files, write_files

    def big_letters(pdf: Pdf) -> list[str]:
        with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
            return ["".join(c["text"] for c in page.chars if c["size"] > 40) for page in doc.pages]

    files = dataset_files()
    files["sop/penilaian-angka-kredit.yaml"]["status"] = "draft"
    data = load(write_files(tmp_path / "data", files))
    draft = Pdf(
        render_sop_pdf(data, "penilaian-angka-kredit", site_url=SITE, build_date=BUILD_DATE)
    )
    assert set(big_letters(draft)) == {"DRAF"}
    assert set(big_letters(pdfs["pak-resmi"])) == {""}
