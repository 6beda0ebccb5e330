"""The decree book joined from its own pages and the SOPs' official PDFs (sop.pdf.book).

Checked as a reader would: the parts in order, every SOP's pages exactly as its signed official
copy, the Daftar Isi pointing at the page where each entry starts (and linking there), "Halaman
X dari Y" on the book's own pages, the outline, metadata, fonts and byte-for-byte determinism.
Books: the seed decree (sop_data/) and a synthetic decree of 20 SOPs (slow).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from pdf_fixtures import WarningRecorder
from pypdf import PdfReader

from sop.dataset import DataSet, load
from sop.errors import BuildError
from sop.pdf import render_sop_pdf
from sop.pdf.book import assemble_book
from sop.pdf.context import decree_label
from sop.pdf.html import book_html, options
from sop.synth import write_dataset

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://sop.example.ac.id"
DAY = dt.date(2024, 5, 2)
OPTS = options(SITE, DAY)


def flat(text: str) -> str:
    return " ".join(text.split())


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as poppler's pdftotext reads it (three times as fast as pdfplumber, on
    the hundreds of pages of these books)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                         capture_output=True, check=True).stdout.decode("utf-8")
    return [flat(text) for text in out.split("\f")[:-1]]


@dataclass
class Book:
    """A decree book with the inputs it was assembled from."""

    data: DataSet
    decree_id: str
    officials: dict[str, bytes]
    pdf: bytes
    warnings: list[str]

    @property
    def lampiran(self) -> list[str]:
        return self.data.decrees[self.decree_id].lampiran

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.pdf))

    @cached_property
    def texts(self) -> list[str]:
        """The pages' text, without the book page number stamped on SOP pages (sop.pdf.booknum:
        tested in test_pdf_archive.py), so that an SOP page reads as its official copy."""
        return [re.sub(r" Hlm\. buku \d+$", "", text) for text in page_texts(self.pdf)]

    @cached_property
    def official_texts(self) -> dict[str, list[str]]:
        return {sid: page_texts(self.officials[sid]) for sid in self.lampiran}

    @cached_property
    def counts(self) -> list[int]:
        return [len(self.official_texts[sid]) for sid in self.lampiran]

    @cached_property
    def front(self) -> int:
        """Pages before the first SOP: the identity sheet of the first SOP (found by text)."""
        first = self.official_texts[self.lampiran[0]][0]
        return self.texts.index(first)

    def starts(self) -> list[int]:
        """0-based book page where each SOP starts, if the pages are where they belong."""
        out, at = [], self.front
        for count in self.counts:
            out.append(at)
            at += count
        return out



def make_book(data: DataSet, decree_id: str) -> Book:
    officials = {
        sid: render_sop_pdf(data, sid, copy="resmi", site_url=SITE, build_date=DAY)
        for sid in reversed(data.decrees[decree_id].lampiran)  # any order will do
    }
    handler = WarningRecorder()
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        pdf = assemble_book(data, decree_id, OPTS, officials)
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    return Book(data, decree_id, officials, pdf, handler.messages)


@pytest.fixture(scope="module")
def seed() -> Book:
    return make_book(load(ROOT / "sop_data"), "kr-869-2022")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Book:
    root = tmp_path_factory.mktemp("synth-book")
    write_dataset(root, 25)
    data = load(root)
    big = next(d for d, decree in data.decrees.items() if len(decree.lampiran) == 20)
    return make_book(data, big)


@pytest.fixture(params=["seed", pytest.param("synthetic", marks=pytest.mark.slow)])
def book(request: pytest.FixtureRequest) -> Book:
    return request.getfixturevalue(request.param)


def _outline(reader: PdfReader, items: list | None = None, depth: int = 0) -> Iterator:
    """(depth, title, 0-based page) of every bookmark, in order."""
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from _outline(reader, item, depth + 1)
        else:
            yield depth, item.title, reader.get_destination_page_number(item)


def _toc_number(book: Book, entry: str) -> int:
    """The page number the Daftar Isi prints after `entry` (wrapped lines and leader dots)."""
    toc = " ".join(book.texts[: book.front])
    pattern = r"\s*".join(re.escape(word) for word in entry.split()) + r"\s*\.{3,}\s*(\d+)"
    match = re.search(pattern, toc)
    assert match, f"no Daftar Isi entry {entry!r}"
    return int(match.group(1))


def _sop_entry(book: Book, n: int, sid: str) -> str:
    return f"{n}. SOP {book.data.sops[sid].judul}"


# --------------------------------------------------------------------------- pages


def test_renders_without_warnings(book: Book) -> None:
    assert book.warnings == []


def test_no_page_missing_and_sops_are_their_official_copies_in_lampiran_order(book: Book) -> None:
    starts = book.starts()
    for sid, start, count in zip(book.lampiran, starts, book.counts, strict=True):
        assert book.texts[start : start + count] == book.official_texts[sid], sid
    penutup = len(book.texts) - (book.front + sum(book.counts))
    assert penutup >= 1
    decree = book.data.decrees[book.decree_id]
    assert decree.penanda_tangan.nama.upper() in book.texts[-penutup]
    assert ("DISUSUN DAN DIPROSES" in book.texts[-1].upper()) == bool(decree.paraf)
    assert len(book.reader.pages) == book.front + sum(book.counts) + penutup


def test_every_sop_has_identity_sheet_then_landscape_flowchart(book: Book) -> None:
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in book.reader.pages]
    for sid, start in zip(book.lampiran, book.starts(), strict=True):
        sop = book.data.sops[sid]
        assert "NOMOR SOP" in book.texts[start] and sop.nomor in book.texts[start], sid
        words = set(book.texts[start].split())  # the NAMA SOP cell wraps beside other cells
        assert set(sop.judul.upper().split()) <= words, sid
        assert sizes[start][0] < sizes[start][1]  # portrait identity sheet
        assert sizes[start + 1][0] > sizes[start + 1][1]  # landscape flowchart


def test_front_matter_parts_in_order(book: Book) -> None:
    texts = book.texts
    label = decree_label(book.data.decrees[book.decree_id], book.data.institution.nama)
    assert "STANDAR OPERASIONAL PROSEDUR" in texts[0]
    assert label["nomor"].upper() in texts[1] and "MEMUTUSKAN" in " ".join(texts[1:4])
    toc = next(i for i, t in enumerate(texts) if "DAFTAR ISI" in t)
    lampiran = next(i for i, t in enumerate(texts) if t.count("LAMPIRAN :") == 1)
    bab_sop = book.front - 1
    assert 1 < toc < lampiran < bab_sop
    assert "STANDAR OPERASIONAL PROSEDUR (SOP)" in texts[bab_sop]
    for sid in book.lampiran:  # the BAB lists every SOP by judul and nomor
        assert f"(Nomor {book.data.sops[sid].nomor})" in " ".join(texts[lampiran : book.front])


# --------------------------------------------------------------------------- page numbers


def test_daftar_isi_numbers_point_where_each_entry_starts(book: Book) -> None:
    for n, (sid, start) in enumerate(zip(book.lampiran, book.starts(), strict=True), start=1):
        assert _toc_number(book, _sop_entry(book, n, sid)) == start + 1, sid
    penutup = _toc_number(book, "Penutup")
    assert penutup == book.front + sum(book.counts) + 1
    assert book.data.decrees[book.decree_id].penanda_tangan.nama.upper() in book.texts[penutup - 1]
    toc = next(i for i, t in enumerate(book.texts) if "DAFTAR ISI" in t)
    for bab in book.data.decrees[book.decree_id].bab:
        heading = f"BAB {bab.nomor} {bab.judul.upper()}"
        page = _toc_number(book, heading)
        assert heading in book.texts[page - 1]
        assert not any(heading in t for t in book.texts[toc + 1 : page - 1]), "appears earlier"


def test_own_pages_say_halaman_x_of_the_whole_book(book: Book) -> None:
    total = len(book.texts)
    sop_pages = set(range(book.front, book.front + sum(book.counts)))
    own = [i for i in range(total) if i not in sop_pages]
    assert len(own) >= 5
    for i in own:
        assert f"Halaman {i + 1} dari {total}" in book.texts[i], i
    for sid, start, count in zip(book.lampiran, book.starts(), book.counts, strict=True):
        for k in range(count):  # as printed on the signed official copy
            assert f"Halaman {k + 1} dari {count}" in book.texts[start + k], (sid, k)


def test_daftar_isi_links_go_to_the_entry_pages(book: Book) -> None:
    reader = book.reader
    names = {
        name: reader.get_destination_page_number(d) for name, d in reader.named_destinations.items()
    }
    targets = set()
    for page in reader.pages[: book.front]:
        for annot in page.get("/Annots", []):
            dest = annot.get_object().get("/Dest")
            if dest is not None:
                targets.add(str(dest))
    for sid, start in zip(book.lampiran, book.starts(), strict=True):
        assert f"sop-{sid}" in targets and names[f"sop-{sid}"] == start, sid
    assert "penutup" in targets and names["penutup"] == book.front + sum(book.counts)
    assert all(name in names for name in targets)  # every link lands somewhere


# --------------------------------------------------------------------------- outline, metadata


def test_outline_nests_each_sop_and_its_sheets_under_the_sop_chapter(book: Book) -> None:
    outline = list(_outline(book.reader))
    top = [(title, page) for depth, title, page in outline if depth == 0]
    label = decree_label(book.data.decrees[book.decree_id], book.data.institution.nama)
    assert [t for t, _ in top[:3]] == ["Sampul", label["singkat"], "Daftar Isi"]
    assert top[3][0].startswith("BAB I ")
    chapter = next(
        i for i, (d, t, _) in enumerate(outline) if d == 0 and t.startswith("BAB ") and "(SOP)" in t
    )
    assert top[-1] == ("Penutup", book.front + sum(book.counts))
    sops = [(t, p) for d, t, p in outline[chapter + 1 :] if d == 1]
    assert sops == [
        (_sop_entry(book, n, sid), start)
        for n, (sid, start) in enumerate(zip(book.lampiran, book.starts(), strict=True), start=1)
    ]
    first = book.lampiran[0]
    own = [t for _, t, _ in _outline(PdfReader(io.BytesIO(book.officials[first])))]
    under_first = []
    for depth, title, _ in outline[chapter + 2 :]:
        if depth < 2:
            break
        under_first.append(title)
    assert under_first == own and own[0] == "Identitas SOP"


def test_metadata_as_the_decree_book(book: Book) -> None:
    decree = book.data.decrees[book.decree_id]
    label = decree_label(decree, book.data.institution.nama)
    meta = book.reader.metadata
    assert meta is not None
    assert meta.title == f"{label['singkat']} tentang {decree.tentang}"
    assert meta.author == book.data.institution.nama
    assert meta.subject.endswith(f"beserta lampiran {len(book.lampiran)} SOP")
    keywords = str(meta.get("/Keywords"))
    assert all(book.data.sops[sid].nomor in keywords for sid in book.lampiran)
    assert str(meta.creator).startswith("sop-publisher")
    assert meta.producer.startswith("WeasyPrint")
    day = f"D:{decree.tanggal:%Y%m%d}"
    assert meta.get("/CreationDate") == day and meta.get("/ModDate") == day
    assert book.reader.trailer["/Root"]["/Lang"] == "id"
    assert "/ID" in book.reader.trailer  # PDF/A: a file identifier (sop.pdf.pdfa)


def test_fonts_are_embedded_liberation_sans(seed: Book) -> None:
    names: set[str] = set()
    for page in seed.reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            names.add(re.sub(r"^/[A-Z]{6}\+|[-_ ]", "", str(font["/BaseFont"])))
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
            assert (
                "/FontFile2" in descriptor.get_object() or "/FontFile3" in descriptor.get_object()
            )
    assert {"LiberationSans", "LiberationSansBold"} <= names
    assert all(re.match(r"LiberationSans|DejaVuSans", n) for n in names), names


# --------------------------------------------------------------------------- determinism, errors


def test_same_inputs_same_bytes_in_a_fresh_process(seed: Book, tmp_path: Path) -> None:
    for sid, pdf in seed.officials.items():
        (tmp_path / f"{sid}.pdf").write_bytes(pdf)
    code = (
        "import sys, datetime as dt; from pathlib import Path; from sop.dataset import load;"
        "from sop.pdf.book import assemble_book; from sop.pdf.html import options;"
        "d = load(sys.argv[1]); files = sorted(Path(sys.argv[2]).glob('*.pdf'));"
        "off = {f.stem: f.read_bytes() for f in files};"
        f"sys.stdout.buffer.write(assemble_book(d, 'kr-869-2022', options({SITE!r}, "
        f"dt.date({DAY.year}, {DAY.month}, {DAY.day})), off))"
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1714642200", "PYTHONHASHSEED": "4321"}
    again = subprocess.run(
        [sys.executable, "-c", code, str(seed.data.root), str(tmp_path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    assert again == seed.pdf


def test_a_missing_official_copy_is_an_error(seed: Book) -> None:
    partial = {sid: pdf for sid, pdf in seed.officials.items() if sid != seed.lampiran[2]}
    with pytest.raises(BuildError, match=seed.lampiran[2]):
        assemble_book(seed.data, seed.decree_id, OPTS, partial)


def test_book_html_prints_data_as_text(seed: Book) -> None:
    data = load(ROOT / "sop_data")
    sid = seed.lampiran[0]
    data.sops[sid] = data.sops[sid].model_copy(update={"judul": '<b onclick="x">Tebal</b> & Co'})
    html = book_html(data, seed.decree_id, OPTS, seed.counts)
    assert "<b onclick" not in html
    assert "1. SOP &lt;b onclick=&#34;x&#34;&gt;Tebal&lt;/b&gt; &amp; Co" in html
    with pytest.raises(ValueError):
        book_html(seed.data, seed.decree_id, OPTS, seed.counts[:-1])
