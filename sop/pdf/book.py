"""Assemble a decree book from its own pages and the SOPs' already rendered official copies.

WeasyPrint renders only what the book itself prints (templates/pdf/buku.html): cover,
keputusan, daftar isi, chapters, the BAB listing the SOPs, one placeholder page per SOP and the
Penutup. The page counter jumps over each SOP's pages at its placeholder, so the daftar isi, the
links, the outline and "Halaman X dari Y" already hold the finished book's numbers; pypdf then
swaps each placeholder for that SOP's official PDF (the copy that is signed) and rebuilds the
outline and named destinations for the joined pages.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    Destination,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from sop.dataset import DataSet
from sop.errors import BuildError
from sop.pdf import booknum, pdfa
from sop.pdf import html as pdf_html
from sop.pdf.context import Options
from sop.pdf.writer import html_to_pdf


@dataclass(frozen=True)
class Part:
    """One source PDF of the book and where its pages start in the joined book."""

    reader: PdfReader
    start: int


def assemble_book(
    data: DataSet, decree_id: str, opts: Options, officials: Mapping[str, bytes]
) -> bytes:
    """The decree book as PDF bytes: its own pages joined with the lampiran's official copies.

    `officials` maps an SOP id to the official PDF ('resmi') of its current version; extra
    entries are ignored, the book follows decree.lampiran. The book's own pages print the
    book's page numbers ("Halaman X dari Y", Y the whole book); each SOP's pages keep the
    numbering printed on its official copy ("Halaman 1 dari 4" of that SOP, as signed). The
    daftar isi gives the book page where each SOP's identity sheet starts. Same inputs, same
    bytes: no timestamps or file identifier beyond the decree's own date.
    """
    lampiran = data.decrees[decree_id].lampiran
    missing = [sid for sid in lampiran if sid not in officials]
    if missing:
        raise BuildError(f"decree {decree_id}: no official PDF of {', '.join(missing)}")
    parts = [officials[sid] for sid in lampiran]
    html = pdf_html.book_html(data, decree_id, opts, page_counts(parts))
    return join(html_to_pdf(html), lampiran, parts)


def page_counts(pdfs: list[bytes]) -> list[int]:
    """The number of pages of each PDF (what the book's own pages need to know)."""
    return [len(PdfReader(io.BytesIO(pdf)).pages) for pdf in pdfs]


def join(own_pages: bytes, lampiran: list[str], officials: list[bytes]) -> bytes:
    """Join the book's own pages (rendered from html.book_html) with the official PDFs of the
    lampiran (same order)."""
    sops = [PdfReader(io.BytesIO(pdf)) for pdf in officials]
    own = PdfReader(io.BytesIO(own_pages))
    front = _placeholders(own, lampiran)
    writer = PdfWriter()
    writer.pdf_header = own.pdf_header
    pages = _join(writer, own, front, sops)
    booknum.number_pages(
        writer, [pages[front + i] + n for i, sop in enumerate(sops) for n in range(len(sop.pages))]
    )
    _outline(writer, own, front, sops, pages)
    _destinations(writer, own, front, sops, pages)
    writer.add_metadata(dict(own.metadata or {}))
    pdfa.keep_archival(writer, own, (own_pages, *officials))
    if "/Lang" in own.root_object:
        writer.root_object[NameObject("/Lang")] = own.root_object["/Lang"]
    _open_as_printed(writer)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _open_as_printed(writer: PdfWriter) -> None:
    """Open with the outline shown; page labels are the printed numbers (the book's own pages
    print "Halaman N dari M", the SOP pages "Hlm. buku N")."""
    writer.page_mode = "/UseOutlines"
    labels = DictionaryObject({NameObject("/S"): NameObject("/D")})
    writer.root_object[NameObject("/PageLabels")] = DictionaryObject(
        {NameObject("/Nums"): ArrayObject([NumberObject(0), labels])}
    )


def _placeholders(own: PdfReader, lampiran: list[str]) -> int:
    """The index of the first placeholder page (= the front matter's length), after checking
    there is exactly one placeholder page per SOP, in lampiran order, right before Penutup."""
    names = own.named_destinations
    front = _page(own, names["penutup"]) - len(lampiran)
    for i, sid in enumerate(lampiran):
        if _page(own, names[f"sop-{sid}"]) != front + i:
            raise BuildError(f"decree book: the placeholder of SOP {sid} is not one page")
    return front


def _join(writer: PdfWriter, own: PdfReader, front: int, sops: list[PdfReader]) -> dict[int, int]:
    """Copy the pages in book order; returns own page index -> book page index (each
    placeholder maps to its SOP's first page)."""
    where: dict[int, int] = {}
    for i in range(front):
        where[i] = len(writer.pages)
        writer.add_page(own.pages[i])
    for i, sop in enumerate(sops):
        where[front + i] = len(writer.pages)
        for page in sop.pages:
            writer.add_page(page)
    for i in range(front + len(sops), len(own.pages)):
        where[i] = len(writer.pages)
        writer.add_page(own.pages[i])
    return where


def _page(reader: PdfReader, dest: Destination) -> int:
    """The 0-based page of `reader` a bookmark or named destination points to."""
    index = reader.get_destination_page_number(dest)
    if index is None:
        raise BuildError(f"decree book: {dest.title!r} points to no page")
    return index


def _book_page(
    reader: PdfReader, dest: Destination, own: PdfReader, pages: dict[int, int], offset: int
) -> int:
    """The book page a destination of `reader` lands on."""
    index = _page(reader, dest)
    return pages[index] if reader is own else offset + index


def _fit(dest: Destination, placeholder: bool) -> Fit:
    """Where on the page a bookmark or link lands; a placeholder's lands on the page top."""
    if placeholder or dest.typ != "/XYZ":
        return Fit.fit()
    return Fit.xyz(dest.left, dest.top, dest.zoom)


def _outline(
    writer: PdfWriter, own: PdfReader, front: int, sops: list[PdfReader], pages: dict[int, int]
) -> None:
    """The book's outline as WeasyPrint made it; each SOP's own bookmarks nest under its entry."""
    starts = {front + i: (pages[front + i], sop) for i, sop in enumerate(sops)}

    def copy(reader: PdfReader, items: list, parent: IndirectObject | None, offset: int) -> None:
        last = parent
        for item in items:
            if isinstance(item, list):
                copy(reader, item, last, offset)
                continue
            index = _page(reader, item)
            placeholder = reader is own and index in starts
            last = writer.add_outline_item(
                title=str(item.title),
                page_number=_book_page(reader, item, own, pages, offset),
                parent=parent,
                fit=_fit(item, placeholder),
            )
            if placeholder:
                start, sop = starts[index]
                copy(sop, sop.outline, last, start)

    copy(own, own.outline, None, 0)


def _destinations(
    writer: PdfWriter, own: PdfReader, front: int, sops: list[PdfReader], pages: dict[int, int]
) -> None:
    """Named destinations (what the daftar isi's links point to) of all parts, on book pages;
    a name already taken keeps its first meaning."""
    parts = [Part(own, 0)] + [Part(sop, pages[front + i]) for i, sop in enumerate(sops)]
    seen: dict[str, ArrayObject] = {}
    for part in parts:
        for name, dest in part.reader.named_destinations.items():
            if name in seen:
                continue
            index = _page(part.reader, dest)
            placeholder = part.reader is own and front <= index < front + len(sops)
            book = _book_page(part.reader, dest, own, pages, part.start)
            seen[name] = _dest_array(writer, book, _fit(dest, placeholder))
    for name in sorted(seen):
        writer.add_named_destination_array(TextStringObject(name), seen[name])


def _dest_array(writer: PdfWriter, page: int, fit: Fit) -> ArrayObject:
    """[page /XYZ left top zoom] (or [page /Fit]) for a page of the writer."""
    return ArrayObject([writer.pages[page].indirect_reference, fit.fit_type, *fit.fit_args])
