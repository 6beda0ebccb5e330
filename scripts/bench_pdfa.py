"""Benchmark --pdfa: what PDF/A-3b costs against plain PDF, and what tagging (PDF/UA) would.

Renders every SOP of a data set (sop_data/ unless --data) as its official copy three ways from
the same HTML: plain PDF (as before issue 24), PDF/A-3b (what the build writes) and PDF/A-3b
with WeasyPrint's tags (pdf_tags, the structure tree PDF/UA needs; the flowchart text, drawn
by sop.pdf.flowtext, would still be untagged). Then stamps the downloadable copies and joins
the decree books, with and without the PDF/A carry-over and the book's page numbers. Times are
the median of --repeat rounds in this process (renderers loaded once, as in a worker).
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pypdf import PdfReader

from sop.dataset import load

ROOT = Path(__file__).resolve().parent.parent


def _render(html: str, variant: str | None, tags: bool) -> bytes:
    """sop.pdf.writer.html_to_pdf with the variant and tagging given."""
    from sop.pdf import flowtext, writer

    css, fonts, fetcher = writer._shared()
    source = writer.HTML(string=html, base_url=writer.BASE_URL, url_fetcher=fetcher)
    document = source.render(font_config=fonts, stylesheets=[css], pdf_variant=variant,
                             pdf_tags=tags)
    placed = flowtext.collect(source.etree_element, document.pages)
    return document.write_pdf(finisher=flowtext.finisher(placed) if placed else None,
                              pdf_variant=variant, pdf_identifier=True, pdf_tags=tags)


def _timed(call: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(data_dir: Path | None = None, repeat: int = 3) -> int:
    from sop.pdf import book, booknum, html, pdfa, stamp, writer

    data = load(data_dir or ROOT / "sop_data")
    opts = html.options("https://sop.example.ac.id", dt.date(2024, 5, 2))
    htmls = {sid: html.sop_html(data, sid, "resmi", opts, html.sop_flow(data, sop))
             for sid, sop in data.sops.items()}
    writer.preload()
    _render(next(iter(htmls.values())), None, False)  # warm caches (fonts, CSS)
    rows = []
    kinds = {"plain PDF": (None, False), "PDF/A-3b (built)": ("pdf/a-3b", False),
             "PDF/A-3b + tags (PDF/UA structure)": ("pdf/a-3b", True)}
    officials: dict[str, dict[str, bytes]] = {}
    for label, (variant, tags) in kinds.items():
        def all_sops(variant: str | None = variant, tags: bool = tags) -> dict[str, bytes]:
            return {sid: _render(text, variant, tags) for sid, text in htmls.items()}
        seconds, pdfs = _timed(all_sops, repeat)
        assert isinstance(pdfs, dict)
        officials[label] = pdfs
        rows.append((f"render {len(pdfs)} official copies: {label}", seconds,
                     sum(map(len, pdfs.values()))))
    built = officials["PDF/A-3b (built)"]
    notes = {sid: html.stamp_footer(data, sid, opts) for sid in built}
    keep = pdfa.keep_archival

    def stamp_all() -> list[bytes]:
        return [stamp.downloadable(pdf, notes[sid]) for sid, pdf in built.items()]

    seconds, copies = _timed(stamp_all, repeat)
    assert isinstance(copies, list)
    rows.append(("stamp the downloadable copies (PDF/A kept)", seconds, sum(map(len, copies))))
    pdfa.keep_archival = lambda *args: None  # type: ignore[assignment]
    try:
        seconds, plain = _timed(stamp_all, repeat)
    finally:
        pdfa.keep_archival = keep
    assert isinstance(plain, list)
    rows.append(("stamp the downloadable copies (without the PDF/A carry-over)", seconds,
                 sum(map(len, plain))))
    for did, decree in data.decrees.items():
        parts = [built[sid] for sid in decree.lampiran]
        own = writer.html_to_pdf(html.book_html(data, did, opts, book.page_counts(parts)))
        join = partial(book.join, own, list(decree.lampiran), parts)
        seconds, joined = _timed(join, repeat)
        assert isinstance(joined, bytes)
        rows.append((f"join book {did} ({len(PdfReader(io.BytesIO(joined)).pages)} pages, "
                     "numbered, PDF/A)", seconds, len(joined)))
        number = booknum.number_pages
        booknum.number_pages = lambda *args: None  # type: ignore[assignment]
        try:
            seconds, bare = _timed(join, repeat)
        finally:
            booknum.number_pages = number
        assert isinstance(bare, bytes)
        rows.append((f"join book {did} without the book page numbers", seconds, len(bare)))
    print(f"\nPDF/A cost on {data.root} ({len(htmls)} SOPs; median of {repeat}):\n")
    print("| step | seconds | bytes |\n|---|---:|---:|")
    for label, seconds, size in rows:
        print(f"| {label} | {seconds:.2f} | {size:,} |")
    base, archive, tagged = rows[0][1], rows[1][1], rows[2][1]
    print(f"\nPDF/A-3b: {archive / base:.2f}x the plain render time, "
          f"{rows[1][2] / rows[0][2]:.2f}x the bytes; tags: {tagged / base:.2f}x the time, "
          f"{rows[2][2] / rows[0][2]:.2f}x the bytes")
    return 0
