"""The book's page number on each SOP page of a decree book ("Hlm. buku 12"), stamped on.

The SOP pages of a book are the official copies as they are signed: they print the SOP's own
"Halaman 2 dari 4" in the bottom-right margin box (pages.css). So that every entry of the daftar
isi can be found on paper, the book's page number is drawn on the line under it, right-aligned
to the same margin, without laying the copy out again: a one-page PDF per SOP page, drawn as
sop.pdf.footer draws the downloadable copy's footer, becomes a form XObject drawn over the page
(as sop.pdf.stamp does). The book's own pages print the book's numbers already.
"""

from __future__ import annotations

import io

import pydyf
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from sop.flowchart.metrics import text_width
from sop.pdf import flowtext, stamp
from sop.pdf.pages import LANDSCAPE, PORTRAIT

LABEL = "Hlm. buku {}"
SIZE = 8.0
"""Font size (pt), as "Halaman X dari Y" (pages.css @bottom-right)."""
BASELINE_MM = 13.0
"""Height of the baseline above the page's bottom edge: a line under "Halaman X dari Y", whose
line starts 4 mm under the bottom margin's top (24 mm) and is 8 pt x 1.3 high."""
FORM_NAME = NameObject("/SopBuku")
PT_PER_MM = 72 / 25.4


def number_pages(writer: PdfWriter, numbered: list[int]) -> None:
    """Draw "Hlm. buku N" on the writer's pages of index `numbered` (N = index + 1)."""
    if not numbered:
        return
    boxes = [writer.pages[i].mediabox for i in numbered]
    labels = [
        (i + 1, float(box.width), float(box.height)) for i, box in zip(numbered, boxes, strict=True)
    ]
    sheets = PdfReader(io.BytesIO(_sheets(labels)))
    draw = stamp._stream(writer, f"\nq {FORM_NAME} Do Q\n".encode())
    before = stamp._stream(writer, b"q\n")
    after = stamp._stream(writer, b"\nQ\n")
    for index, sheet in zip(numbered, sheets.pages, strict=True):
        page = writer.pages[index]
        _own_resources(page)
        stamp._add_form(page, FORM_NAME, stamp._form(writer, sheet))
        page[NameObject("/Contents")] = ArrayObject([before, *stamp._contents(page), after, draw])


def _own_resources(page: PageObject) -> None:
    """Give the page resources of its own (WeasyPrint shares one dictionary between pages),
    so that each page's form can have the same name."""
    shared = page.get("/Resources")
    resources = DictionaryObject(shared.get_object() if shared is not None else {})
    xobjects = resources.get("/XObject")
    resources[NameObject("/XObject")] = DictionaryObject(
        xobjects.get_object() if xobjects is not None else {}
    )
    page[NameObject("/Resources")] = resources


def _sheets(pages: list[tuple[int, float, float]]) -> bytes:
    """One page per (book page number, width, height in pt), empty but for the label."""
    texts = [LABEL.format(number) for number, _, _ in pages]
    pdf = pydyf.PDF()
    font = flowtext.font_subset(False, frozenset("".join(texts)))
    fonts = pydyf.Dictionary({flowtext.FONT_NAMES[False]: flowtext.embed_font(pdf, font)})
    for text, (_, width, height) in zip(texts, pages, strict=True):
        right = (LANDSCAPE if width > height else PORTRAIT).right * PT_PER_MM
        x = width - right - text_width(text, SIZE)
        glyphs = "".join(f"{font.gids[ch]:04x}" for ch in text)
        ops = [
            b"q 0 g BT",
            f"/{flowtext.FONT_NAMES[False]} {SIZE} Tf 1 0 0 1 {x:.3f} "
            f"{BASELINE_MM * PT_PER_MM:.3f} Tm <{glyphs}> Tj".encode(),
            b"ET Q",
        ]
        page = pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": pdf.pages.reference,
                "MediaBox": pydyf.Array([0, 0, round(width, 6), round(height, 6)]),
                "Resources": pydyf.Dictionary({"Font": fonts}),
                "Contents": flowtext.add_stream(pdf, ops),
            }
        )
        pdf.add_page(page)
    out = io.BytesIO()
    pdf.write(out, version=b"1.7", identifier=False, compress=True)
    return out.getvalue()
