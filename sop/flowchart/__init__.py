"""The PermenPAN-RB 35/2012 flowchart table drawn from an SOP's step graph as SVG.

`layout_pages` is the pure layout (columns, rows, symbols, arrows, labels, connectors);
`render_svg_pages` draws each page as a standalone SVG document for the web page; the PDF draws
the same pages with `render_page(..., text=False)` and sets `page_texts` as HTML over them.
"""

from __future__ import annotations

from collections.abc import Mapping

from sop.flowchart import table
from sop.flowchart.layout import layout_pages
from sop.flowchart.svg import page_texts, render_page
from sop.model import Actor, Sop

__all__ = ["layout_pages", "page_texts", "page_title", "render_page", "render_svg_pages"]


def render_svg_pages(sop: Sop, actors: Mapping[str, Actor], max_height: float | None = None,
                     width: float = 1047.0, fmt: table.Format = table.DEFAULT) -> list[str]:
    """One standalone `<svg>` per page; max_height=None draws a single page."""
    pages = layout_pages(sop, actors, max_height=max_height, width=width, fmt=fmt)
    return [render_page(page, page_title(sop, page.number, page.count)) for page in pages]


def page_title(sop: Sop, number: int, count: int) -> str:
    """The accessible title of one flowchart page."""
    suffix = f" (halaman {number}/{count})" if count > 1 else ""
    return f"Diagram alir SOP {sop.judul}{suffix}"
