"""Printable PDFs in the PermenPAN-RB layout: per SOP (two copies) and per decree (a book).

Stages: context.py (model -> view data) -> html.py (Jinja templates) -> writer.py (WeasyPrint)
-> stamp.py (the downloadable copy: the official one with its footer sheet, drawn by footer.py,
stamped on, pypdf) and book.py (a decree book: its own pages joined with the official copies,
pypdf) -> build.py (every PDF of a data set, cached, in parallel). flow.py is the one bridge to
the flowchart engine; pages.py holds the page geometry shared by CSS and the flowchart layout.

Only build.py and sources.py load with the package: the templates, the flowchart engine and the
renderers (WeasyPrint, pypdf, fontTools) load when something is planned or rendered, so that a
build with nothing to render does not wait for them.
"""

from __future__ import annotations

import datetime as dt

from sop.dataset import DataSet
from sop.pdf.build import PdfReport, build_all, default_build_date, write_pdf_command

__all__ = ["PdfReport", "build_all", "render_decree_pdf", "render_sop_pdf", "write_pdf_command"]


def render_sop_pdf(
    data: DataSet,
    sop_id: str,
    *,
    copy: str = "unduhan",
    site_url: str | None = "",
    build_date: dt.date | None = None,
) -> bytes:
    """One SOP as PDF bytes: the downloadable copy ('unduhan') or the official one ('resmi').

    As in `sop build`, the downloadable copy is the official one with its footer stamped on."""
    from sop.pdf.context import COPY_KINDS
    from sop.pdf.html import options, sop_flow, sop_html, stamp_footer
    from sop.pdf.stamp import downloadable
    from sop.pdf.writer import html_to_pdf

    if copy not in COPY_KINDS:
        raise ValueError(f"copy must be one of {COPY_KINDS}, got {copy!r}")
    opts = options(site_url, build_date or default_build_date())
    sop = data.sops[sop_id]
    flow = sop_flow(data, sop)
    official = html_to_pdf(sop_html(data, sop_id, "resmi", opts, flow))
    if copy == "resmi":
        return official
    return downloadable(official, stamp_footer(data, sop_id, opts))


def render_decree_pdf(
    data: DataSet, decree_id: str, *, site_url: str | None = "", build_date: dt.date | None = None
) -> bytes:
    """One decree book (cover, keputusan, contents, chapters, every SOP) as PDF bytes: as in
    `sop build`, the book's own pages joined with the SOPs' official copies."""
    from sop.pdf.book import assemble_book
    from sop.pdf.html import options, sop_html
    from sop.pdf.writer import html_to_pdf

    opts = options(site_url, build_date or default_build_date())
    officials = {
        sid: html_to_pdf(sop_html(data, sid, "resmi", opts))
        for sid in data.decrees[decree_id].lampiran
    }
    return assemble_book(data, decree_id, opts, officials)
