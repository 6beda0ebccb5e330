"""Render the PDF documents' HTML from Jinja templates (sop/templates/pdf), autoescaped.

The HTML embeds everything except the font files and the shared stylesheets (its own page
rules inline, logo and QR as data: URIs), so the HTML text, the shared CSS and the font files
fully determine a PDF: that is what the build cache hashes.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import jinja2

from sop import text
from sop.dataset import DataSet
from sop.flowchart.table import table_format
from sop.model import Sop
from sop.pdf import context, pages
from sop.pdf.flow import FlowSheets, flow_sheets
from sop.pdf.footer import Footer, paragraphs
from sop.pdf.sources import TEMPLATE_DIR, package_version


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment of the PDF templates: autoescape on, undefined names are errors;
    `qr` turns an address into its QR code (an SVG data: URI); `footer_lines` gives the
    downloadable copy's footer lines."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
        finalize=text.printed,
    )
    env.filters["qr"] = context.qr_uri
    env.filters["footer_lines"] = paragraphs  # salinan.html: the wording is footer.py's
    return env


SHARED_CSS = ("fonts.css", "pdf.css")
"""The stylesheets every PDF uses, parsed once per process (sop.pdf.writer) instead of in each
document; the HTML holds only its own page rules (pages.css and a template's style block)."""


@cache
def shared_css() -> str:
    """The text of the shared stylesheets (part of every PDF's cache key)."""
    return "\n".join(environment().get_template(name).render() for name in SHARED_CSS)


def options(site_url: str | None, build_date: dt.date) -> context.Options:
    """Build settings; a missing site URL (mkdocs without site_url) prints no links."""
    return context.Options(
        site_url=(site_url or "").rstrip("/"), build_date=build_date, version=package_version()
    )


def _geometry(paper: str = "A4") -> dict[str, object]:
    """The page boxes the templates print into their @page rules (pages.css)."""
    boxes = pages.paper(paper)
    return {
        "portrait": boxes.portrait,
        "landscape": boxes.landscape,
        "flow_title_px": pages.FLOW_TITLE_PX,
    }


def sop_flow(data: DataSet, sop: Sop) -> FlowSheets:
    """An SOP version's flowchart sheets, laid out for the institution's paper and table."""
    size = pages.paper(data.institution.kertas).flow_size
    return flow_sheets(sop, data.actors, table_format(sop, data.institution.tabel), size=size)


def sop_html(
    data: DataSet,
    sop_id: str,
    copy: str,
    opts: context.Options,
    flow: FlowSheets | None = None,
    version: Sop | None = None,
) -> str:
    """The HTML of one SOP's PDF (`copy` is 'unduhan' or 'resmi'): the current version, or
    `version` (an earlier one from data.archive)."""
    sop = version if version is not None else data.sops[sop_id]
    flow = flow or sop_flow(data, sop)
    ctx = context.sop_document(data, sop, flow, copy, opts)
    geometry = _geometry(data.institution.kertas)
    return (
        environment()
        .get_template("sop.html")
        .render(ctx, geometry=geometry, salinan=ctx["sop"]["salinan"])
    )


def stamp_footer(
    data: DataSet, sop_id: str, opts: context.Options, version: Sop | None = None
) -> Footer:
    """One SOP version's downloadable-copy footer and metadata (sop.pdf.footer), which
    sop.pdf.stamp draws onto the official copy's pages."""
    sop = version if version is not None else data.sops[sop_id]
    return Footer(
        note=context.copy_note(opts, sop),
        meta=context.sop_meta(data, sop, "unduhan", opts),
        header=data.institution.nama,
    )


def stamp_html(footer: Footer) -> str:
    """The footer sheet as HTML (stempel.html): WeasyPrint's path for a footer the shipped
    fonts cannot draw (sop.pdf.footer.drawable), and the plain rendering it is tested against."""
    return (
        environment()
        .get_template("stempel.html")
        .render(meta=footer.meta, header=footer.header, geometry=_geometry(), salinan=footer.note)
    )


def book_html(data: DataSet, decree_id: str, opts: context.Options, pages: list[int]) -> str:
    """The HTML of a decree book's own pages (sop.pdf.book); `pages` are the page counts of
    the lampiran's official copies, in lampiran order."""
    ctx = context.book_document(data, data.decrees[decree_id], pages, opts)
    geometry = _geometry(data.institution.kertas)
    return environment().get_template("buku.html").render(ctx, geometry=geometry, salinan=None)
