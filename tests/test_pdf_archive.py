"""Official copies fit for archives and offices (issue 24), checked by structure.

- PDF/A-3b: XMP with pdfaid part and conformance, saying what the document info says; the sRGB
  output intent with its ICC profile; every font embedded; a file identifier. For the official
  copy (WeasyPrint), the downloadable copy (stamped by pypdf) and the decree book (joined by
  pypdf). veraPDF is not installable from the registries here, so these are the checks its
  rules make that matter for our files.
- The decree book: "Hlm. buku N" under the SOP's own "Halaman X dari Y" on every SOP page,
  the daftar isi's numbers found printed there, page labels as printed, the outline shown.
- Paper: A4 and F4 (215 x 330 mm) page sizes, upright text sheets and landscape flowcharts
  laid out for the wider page; the footer stamps on both.
- The Disahkan Oleh cell leaves 40 mm for the signature and the stamp.

Each PDF is rendered once for the module: the fixture data set's decree on A4 and on F4.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

import pdfplumber
import pytest
from pdf_fixtures import dataset_files, write_files
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from sop.dataset import DataSet, load
from sop.pdf import pages
from sop.pdf.book import assemble_book
from sop.pdf.html import options, sop_flow, sop_html, stamp_footer
from sop.pdf.stamp import downloadable
from sop.pdf.writer import html_to_pdf

SITE = "https://ucn.example.ac.id"
DAY = dt.date(2024, 5, 2)
DECREE = "kr-869-2022"
PT_PER_MM = 72 / 25.4
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}


@dataclass
class Printed:
    """One paper's PDFs: the official copies, one downloadable copy and the decree book."""

    data: DataSet
    officials: dict[str, bytes]
    unduhan: bytes
    book: bytes


def _render(root_files: dict, tmp: pytest.TempPathFactory, paper: str) -> Printed:
    files = root_files
    files["institusi.yaml"]["kertas"] = paper
    data = load(write_files(tmp.mktemp(f"paper-{paper}"), files))
    opts = options(SITE, DAY)
    officials = {
        sid: html_to_pdf(sop_html(data, sid, "resmi", opts, sop_flow(data, sop)))
        for sid, sop in data.sops.items()
    }
    first = data.decrees[DECREE].lampiran[0]
    unduhan = downloadable(officials[first], stamp_footer(data, first, opts))
    return Printed(data, officials, unduhan, assemble_book(data, DECREE, opts, officials))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    return {paper: _render(dataset_files(), tmp_path_factory, paper) for paper in ("A4", "F4")}


def _all_pdfs(printed: dict[str, Printed]) -> Iterator[tuple[str, bytes]]:
    for paper, p in printed.items():
        yield f"{paper} resmi", next(iter(p.officials.values()))
        yield f"{paper} unduhan", p.unduhan
        yield f"{paper} buku", p.book


# --------------------------------------------------------------------------- 1. PDF/A


def _xmp(reader: PdfReader) -> ET.Element:
    stream = reader.root_object["/Metadata"].get_object()
    assert stream["/Type"] == "/Metadata" and stream["/Subtype"] == "/XML"
    data = stream.get_data()
    assert data.startswith(b"<?xpacket begin=") and data.rstrip().endswith(b'<?xpacket end="r"?>')
    return ET.fromstring(data[data.index(b"<x:xmpmeta") : data.index(b"</x:xmpmeta>") + 12])


def _xmp_values(root: ET.Element) -> dict[str, str]:
    """The XMP properties we write, by short name (attributes and simple/alt/seq elements)."""
    values: dict[str, str] = {}
    for desc in root.iter(f"{{{NS['rdf']}}}Description"):
        for key, value in desc.attrib.items():
            values[key.split("}")[1]] = value
        for child in desc:
            items = [li.text or "" for li in child.iter(f"{{{NS['rdf']}}}li")]
            values[child.tag.split("}")[1]] = ", ".join(items) if items else child.text or ""
    return values


def _fonts(resources: DictionaryObject, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font of a resource dictionary, looking into form XObjects."""
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.idnum in seen:
            continue
        seen.add(xobject.idnum)
        form = xobject.get_object()
        if form.get("/Subtype") == "/Form" and "/Resources" in form:
            yield from _fonts(form["/Resources"].get_object(), seen)


def _embedded(font: DictionaryObject) -> bool:
    if font["/Subtype"] == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    if font["/Subtype"] == "/Type3":
        return True  # glyphs drawn by the font's own procedures
    descriptor = font["/FontDescriptor"].get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_every_pdf_is_marked_pdfa_3b_with_xmp_saying_what_the_info_says(
    printed: dict[str, Printed],
) -> None:
    for name, pdf in _all_pdfs(printed):
        reader = PdfReader(io.BytesIO(pdf))
        xmp = _xmp_values(_xmp(reader))
        assert (xmp["part"], xmp["conformance"]) == ("3", "B"), name
        info = reader.metadata
        assert info is not None
        assert xmp["title"] == info.title and xmp["creator"] == info.author, name
        assert xmp["description"] == info.subject, name
        assert xmp["Keywords"] == info["/Keywords"] and xmp["CreatorTool"] == info.creator
        assert xmp["Producer"] == info.producer, name
        for key, field in (("CreateDate", "/CreationDate"), ("ModifyDate", "/ModDate")):
            assert "D:" + xmp[key].replace("-", "") == info[field][:10], (name, key)


def test_every_pdf_has_an_srgb_output_intent_an_id_and_no_forbidden_keys(
    printed: dict[str, Printed],
) -> None:
    for name, pdf in _all_pdfs(printed):
        reader = PdfReader(io.BytesIO(pdf))
        (intent,) = reader.root_object["/OutputIntents"]
        intent = intent.get_object()
        assert intent["/S"] == "/GTS_PDFA1", name
        profile = intent["/DestOutputProfile"].get_object()
        assert profile["/N"] == 3 and profile.get_data()[36:40] == b"acsp", name  # ICC magic
        ids = reader.trailer["/ID"]
        assert len(ids) == 2 and all(len(bytes(getattr(i, "original_bytes", i))) >= 16 for i in ids)
        assert "/Encrypt" not in reader.trailer and "/JavaScript" not in str(
            reader.root_object.get("/Names", {})
        ), name
        assert reader.pdf_header in ("%PDF-1.7",), name


def test_every_font_is_embedded_and_every_link_prints(printed: dict[str, Printed]) -> None:
    for name, pdf in _all_pdfs(printed):
        reader = PdfReader(io.BytesIO(pdf))
        seen: set[int] = set()
        for number, page in enumerate(reader.pages, start=1):
            for font in _fonts(page["/Resources"].get_object(), seen):
                assert _embedded(font), (name, number, font.get("/BaseFont"))
            for annot in page.get("/Annots") or []:
                assert int(annot.get_object()["/F"]) & 4, (name, number)  # the Print flag


def test_the_downloadable_copy_keeps_the_official_copys_document_id(
    printed: dict[str, Printed],
) -> None:
    p = printed["A4"]
    official = PdfReader(io.BytesIO(next(iter(p.officials.values()))))
    copy = PdfReader(io.BytesIO(p.unduhan))
    assert copy.trailer["/ID"][0] == official.trailer["/ID"][0]
    assert copy.trailer["/ID"][1] != official.trailer["/ID"][1]


# --------------------------------------------------------------------------- 2. the book


def _bottom_right_lines(page: pdfplumber.page.Page) -> list[tuple[str, float]]:
    """Text lines in the bottom margin's right half, with their baseline height (mm from the
    bottom edge)."""
    words = page.extract_words()
    lines: dict[float, list[str]] = {}
    for w in words:
        if w["top"] > page.height - 24 * PT_PER_MM and w["x0"] > page.width / 2:
            lines.setdefault(round(w["bottom"], 0), []).append(w["text"])
    return [(" ".join(t), (page.height - y) / PT_PER_MM) for y, t in sorted(lines.items())]


@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_every_sop_page_of_the_book_prints_its_book_page_under_its_own(
    printed: dict[str, Printed], paper: str
) -> None:
    p = printed[paper]
    reader = PdfReader(io.BytesIO(p.book))
    assert len(reader.pages) == len(reader.page_labels)
    sop_pages = 0
    with pdfplumber.open(io.BytesIO(p.book)) as doc:
        for index, page in enumerate(doc.pages):
            lines = _bottom_right_lines(page)
            texts = [t for t, _ in lines]
            if any(t.startswith("Hlm. buku") for t in texts):
                sop_pages += 1
                own, book = lines[-2], lines[-1]
                assert re.fullmatch(r"Halaman \d+ dari \d+", own[0])
                assert book[0] == f"Hlm. buku {index + 1}"
                assert book[1] < own[1] - 3  # a line under it, inside the page
                assert book[1] > 8
                right = max(w["x1"] for w in page.extract_words() if w["text"] == str(index + 1))
                box = pages.paper(paper)
                margin = (box.landscape if page.width > page.height else box.portrait).right
                assert abs(page.width - right - margin * PT_PER_MM) < 1.5
            else:
                assert texts and texts[-1].startswith(f"Halaman {index + 1} dari ")
    assert sop_pages == sum(len(PdfReader(io.BytesIO(o)).pages) for o in p.officials.values())


def test_the_daftar_isi_numbers_are_the_printed_book_pages(printed: dict[str, Printed]) -> None:
    p = printed["A4"]
    with pdfplumber.open(io.BytesIO(p.book)) as doc:
        texts = [page.extract_text() or "" for page in doc.pages]
    toc = next(t for t in texts if "Daftar Isi" in t or "DAFTAR ISI" in t)
    for number, sid in enumerate(p.data.decrees[DECREE].lampiran, start=1):
        found = re.search(rf"{number}\. SOP .*?(\d+)\s*$", toc, re.M)
        assert found, sid
        start = int(found.group(1))
        assert f"Hlm. buku {start}" in texts[start - 1]
        assert "Halaman 1 dari" in texts[start - 1]


def test_the_book_opens_with_its_outline_and_labels_its_pages_as_printed(
    printed: dict[str, Printed],
) -> None:
    reader = PdfReader(io.BytesIO(printed["A4"].book))
    assert reader.page_mode == "/UseOutlines"
    assert reader.page_labels == [str(n) for n in range(1, len(reader.pages) + 1)]


# --------------------------------------------------------------------------- 3. paper


def _sizes_mm(pdf: bytes) -> set[tuple[int, int]]:
    reader = PdfReader(io.BytesIO(pdf))
    return {
        (round(float(p.mediabox.width) / PT_PER_MM), round(float(p.mediabox.height) / PT_PER_MM))
        for p in reader.pages
    }


@pytest.mark.parametrize(
    ("paper", "upright", "landscape"),
    [("A4", (210, 297), (297, 210)), ("F4", (215, 330), (330, 215))],
)
def test_pages_are_the_institutions_paper_text_upright_flowcharts_landscape(
    printed: dict[str, Printed], paper: str, upright: tuple[int, int], landscape: tuple[int, int]
) -> None:
    p = printed[paper]
    assert p.data.institution.kertas == paper
    for pdf in (*p.officials.values(), p.unduhan, p.book):
        assert _sizes_mm(pdf) == {upright, landscape}


def test_on_f4_the_flowchart_uses_the_wider_page(printed: dict[str, Printed]) -> None:
    a4, f4 = pages.paper("A4"), pages.paper("F4")
    assert f4.flow_size[0] - a4.flow_size[0] == pytest.approx(33 * pages.PX_PER_MM)
    data = printed["F4"].data
    for sop in data.sops.values():
        for page in sop_flow(data, sop).pages:
            assert page.width <= f4.flow_size[0] + 0.01 and page.height <= f4.flow_size[1] + 0.01


def test_the_footer_stamps_at_the_bottom_left_on_f4(printed: dict[str, Printed]) -> None:
    with pdfplumber.open(io.BytesIO(printed["F4"].unduhan)) as doc:
        for page in doc.pages:
            words = [w for w in page.extract_words() if w["text"] == "Salinan"]
            assert words, page.page_number
            left = pages.LANDSCAPE.left if page.width > page.height else pages.PORTRAIT.left
            assert words[0]["x0"] > left * PT_PER_MM  # after the QR code, inside the margin
            assert words[0]["top"] > page.height - 24 * PT_PER_MM


def test_an_unknown_paper_is_refused(tmp_path_factory: pytest.TempPathFactory) -> None:
    from pydantic import ValidationError

    from sop.model import Institution

    files = dataset_files()
    institution = files["institusi.yaml"] | {"kertas": "Letter"}
    with pytest.raises(ValidationError, match="kertas"):
        Institution.model_validate(institution)


# --------------------------------------------------------------------------- 4. Disahkan


@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_the_disahkan_cell_leaves_40_mm_for_signature_and_stamp(
    printed: dict[str, Printed], paper: str
) -> None:
    p = printed[paper]
    for sid, pdf in p.officials.items():
        signer = p.data.sops[sid].pengesahan
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            page = doc.pages[0]
            label = next(w for w in page.extract_words() if w["text"] == "DISAHKAN")
            right = [w for w in page.extract_words() if w["x0"] > label["x1"] + 20]
            below = [w for w in right if w["top"] >= label["top"] - 1]
            role = next(w for w in below if w["text"] == signer.jabatan.split()[0])
            name = next(w for w in below if w["text"] == signer.nama.split()[0])
            gap = (name["top"] - role["bottom"]) / PT_PER_MM
            assert gap >= 40, (sid, gap)
