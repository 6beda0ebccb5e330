"""Printable PDFs in the PermenPAN-RB layout: per SOP (two copies) and per decree (a book).

Stages: context.py (model -> view data) -> html.py (Jinja templates) -> writer.py (WeasyPrint)
-> build.py (every PDF of a data set, cached, in parallel). flow.py is the one bridge to the
flowchart engine; pages.py holds the page geometry shared by CSS and the flowchart layout.
"""

from __future__ import annotations

import datetime as dt

from sop.dataset import DataSet
from sop.pdf.build import PdfReport, build_all, default_build_date, write_pdf_command
from sop.pdf.html import decree_html, options, sop_html
from sop.pdf.writer import html_to_pdf

__all__ = ["PdfReport", "build_all", "render_decree_pdf", "render_sop_pdf", "write_pdf_command"]


def render_sop_pdf(
    data: DataSet,
    sop_id: str,
    *,
    copy: str = "unduhan",
    site_url: str | None = "",
    build_date: dt.date | None = None,
) -> bytes:
    """One SOP as PDF bytes: the downloadable copy ('unduhan') or the official one ('resmi')."""
    opts = options(site_url, build_date or default_build_date())
    return html_to_pdf(sop_html(data, sop_id, copy, opts))


def render_decree_pdf(
    data: DataSet, decree_id: str, *, site_url: str | None = "", build_date: dt.date | None = None
) -> bytes:
    """One decree book (cover, keputusan, contents, chapters, every SOP) as PDF bytes."""
    opts = options(site_url, build_date or default_build_date())
    return html_to_pdf(decree_html(data, decree_id, opts))
