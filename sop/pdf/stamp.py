"""The downloadable copy of an SOP, made from its official copy without laying it out again.

The two copies differ only in the footer of the downloadable one (printed in the bottom-left
margin box of every page) and in their metadata. So WeasyPrint renders the official copy once,
and the footer goes on a sheet of its own: one portrait page, empty but for the footer, drawn by
sop.pdf.footer (or, for characters only WeasyPrint's font fallback finds, rendered from
stempel.html). The sheet page becomes a form XObject drawn over every official page: as it is on
portrait pages, and moved by the difference in left and bottom margins on landscape ones (the
footer box has a fixed width and hangs from the bottom margin, so nothing else changes). The
official page streams are kept as they are (compressed), and so are the outline, links and
fonts; the metadata is the sheet's (sop.pdf.footer writes it as WeasyPrint would from the
downloadable copy's <meta> tags). Same inputs give the same bytes: nothing here reads the clock
or randomness.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
)

from sop.errors import BuildError
from sop.pdf import footer, pdfa
from sop.pdf.footer import Footer
from sop.pdf.html import stamp_html
from sop.pdf.pages import PAPERS, PORTRAIT, PageBox, paper
from sop.pdf.writer import html_to_pdf

FORM_NAME = NameObject("/SopSalinan")
"""Resource name of the footer form on each page (WeasyPrint never uses it)."""
PT_PER_MM = 72 / 25.4

Size = tuple[float, float]


def downloadable(official: bytes, note: Footer) -> bytes:
    """The downloadable copy: the official PDF with its footer sheet stamped on."""
    return stamp(official, footer_sheet(note))


def footer_sheet(note: Footer) -> bytes:
    """The footer sheet as a one-page PDF: drawn directly, or laid out by WeasyPrint when the
    shipped fonts lack a character of it."""
    return footer.sheet(note) if footer.drawable(note) else html_to_pdf(stamp_html(note))


def stamp(official: bytes, sheet: bytes) -> bytes:
    """Draw the sheet's page over every page of `official` (moved to the same margins on
    landscape pages); take the sheet's metadata. Raises BuildError on a page of another size."""
    reader = PdfReader(io.BytesIO(official))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    overlay = PdfReader(io.BytesIO(sheet))
    form = _form(writer, overlay.pages[0])
    before = _stream(writer, b"q\n")
    afters = {
        _box_size(box): _stream(writer, f"\nQ\nq 1 0 0 1 {dx} {dy} cm {FORM_NAME} Do Q\n".encode())
        for box in _boxes()
        for dx, dy in [_shift(box)]
    }
    for number, page in enumerate(writer.pages, start=1):
        size = _size(page)
        if size not in afters:
            raise BuildError(f"page {number} of the official copy has size {size}: no footer sheet")
        _add_form(page, FORM_NAME, form)
        page[NameObject("/Contents")] = ArrayObject([before, *_contents(page), afters[size]])
    writer.metadata = overlay.metadata
    pdfa.keep_archival(writer, reader, (official, sheet))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _boxes() -> list[PageBox]:
    """The page boxes of every paper (sop.pdf.pages.PAPERS), upright and landscape."""
    papers = [paper(name) for name in PAPERS]
    return [box for boxes in papers for box in (boxes.portrait, boxes.landscape)]


def _shift(box: PageBox) -> tuple[float, float]:
    """How far the portrait sheet's footer moves to sit in `box`'s bottom-left margin box."""
    dx = (box.left - PORTRAIT.left) * PT_PER_MM
    dy = (box.bottom - PORTRAIT.bottom) * PT_PER_MM
    return round(dx, 5), round(dy, 5)


def _box_size(box: PageBox) -> Size:
    return (round(box.width * PT_PER_MM, 1), round(box.height * PT_PER_MM, 1))


def _size(page: PageObject) -> Size:
    """A page's size in points, rounded so that equal A4 boxes compare equal."""
    box = page.mediabox
    return (round(float(box.width), 1), round(float(box.height), 1))


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    """A small compressed content stream, shared by every page that uses it."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream.flate_encode(level=9))


def _form(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """A sheet page as a form XObject (its drawing, resources and transparency group)."""
    content = page.get_contents()
    form = DecodedStreamObject()
    form.set_data(content.get_data() if content is not None else b"")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(page.mediabox),
            NameObject("/Resources"): page["/Resources"].clone(writer),
        }
    )
    if "/Group" in page:
        form[NameObject("/Group")] = page["/Group"].clone(writer)
    return writer._add_object(form.flate_encode(level=9))


def _add_form(page: PageObject, name: NameObject, form: IndirectObject) -> None:
    """Name the footer form in the page's resources (which pages may share)."""
    resources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
    xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
    if xobjects.get(name, form) != form:
        raise BuildError(f"the official copy already uses the resource name {name}")
    xobjects[name] = form


def _contents(page: PageObject) -> list[IndirectObject]:
    """References to a page's content streams, left as they are (still compressed)."""
    contents = page.get("/Contents")
    if contents is None:
        return []
    contents = contents.get_object() if isinstance(contents, IndirectObject) else contents
    if isinstance(contents, ArrayObject):
        return list(contents)
    return [page.raw_get("/Contents")]
