"""Flowchart sheets for the PDF: the flowchart engine's pages, sized to fit a landscape page.

Each page is drawn as an SVG of shapes and lines (WeasyPrint lays SVG text out one letter at a
time, slowly and without word boundaries in the PDF). Its text is written into the PDF directly
(sop.pdf.flowtext) or, when it has characters only WeasyPrint's font fallback can draw, set as
absolutely positioned HTML over the SVG.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sop.flowchart import layout_pages, page_texts, page_title, render_page, table
from sop.flowchart.metrics import (
    ASCENT,
    CONTENT,
    MIN_FONT,
    PT_PER_PX,
    READABLE_PT,
    text_width,
)
from sop.flowchart.shapes import PageLayout, TextLine
from sop.model import Actor, Sop
from sop.pdf import flowtext
from sop.pdf.pages import FLOW_HEIGHT_PX, FLOW_WIDTH_PX

log = logging.getLogger(__name__)

BASELINE = (1 - CONTENT) / 2 + ASCENT
"""Where the baseline of Liberation Sans sits in a line box of line-height 1, in em."""
SLACK = 4.0
"""Spare px around each text box, so rounding in the PDF's text layout never wraps a line."""


@dataclass(frozen=True)
class FlowText:
    """One line of text placed over the SVG, in CSS px of the scaled page: as an HTML box
    (left, top, width, align) and as a run drawn from its baseline (x, y)."""

    text: str
    x: float
    y: float
    left: float
    top: float
    width: float
    size: float
    bold: bool
    align: str


@dataclass(frozen=True)
class FlowPage:
    """One flowchart page: the SVG of its shapes, its text, and the size it is drawn at."""

    svg: str
    width: float
    height: float
    texts: tuple[FlowText, ...] = ()
    drawn: bool = True
    """Whether sop.pdf.flowtext draws the text (else it is HTML over the SVG)."""
    part: str = ""
    """The title of its sub-procedure, when the document has several flowcharts."""
    number: int = 1
    count: int = 1
    """Its place among the pages of its flowchart (of its sub-procedure)."""

    @property
    def runs(self) -> str:
        """The text as the flowchart box's data-flowtext attribute (sop.pdf.flowtext)."""
        return flowtext.encode(flowtext.Run(t.x, t.y, t.size, t.bold, t.text) for t in self.texts)


@dataclass(frozen=True)
class FlowSheets:
    """All flowchart pages of one SOP."""

    pages: tuple[FlowPage, ...]


def flow_sheets(sop: Sop, actors: Mapping[str, Actor], fmt: table.Format = table.DEFAULT,
                size: tuple[float, float] = (FLOW_WIDTH_PX, FLOW_HEIGHT_PX)) -> FlowSheets:
    """Lay out the SOP's flowchart on landscape pages, with the table columns of `fmt`, in
    `size` (width, height px: sop.pdf.pages.Paper.flow_size, A4 unless given)."""
    pages = layout_pages(sop, dict(actors), max_height=size[1], width=size[0], fmt=fmt)
    return FlowSheets(tuple(
        replace(_page(sop, page, size), part=title, number=n, count=len(group))
        for title, group in table.page_parts(sop, pages)
        for n, page in enumerate(group, start=1)))


def _page(sop: Sop, page: PageLayout, size: tuple[float, float]) -> FlowPage:
    """Scale a page down (never up) when it is larger than the usable area, keeping its ratio."""
    scale = min(1.0, size[0] / page.width, size[1] / page.height)
    if scale < 0.995:  # a hair smaller is invisible: no warning for rounding
        log.warning(
            "flowchart page %.0fx%.0f px scaled by %.3f to fit the page",
            page.width,
            page.height,
            scale,
        )
    lines = page_texts(page)
    smallest = min((line.size for line in lines), default=MIN_FONT) * scale
    if smallest < MIN_FONT - 0.01:
        log.warning("flowchart of %s: page %d prints text at %.1f pt, under the readable "
                    "%.1f pt (too many actors for one sheet)", sop.id, page.number,
                    smallest * PT_PER_PX, READABLE_PT)
    svg = render_page(page, page_title(sop, page.number, page.count), text=False)
    texts = tuple(_place(line, scale) for line in lines)
    drawn = all(flowtext.drawable(t.text) for t in texts)
    return FlowPage(svg, page.width * scale, page.height * scale, texts, drawn)


def _place(line: TextLine, scale: float) -> FlowText:
    """An SVG text line (baseline point and anchor) as an HTML box (top-left corner, width)."""
    ink = text_width(line.text, line.size, line.bold)
    width = ink + 2 * SLACK
    left = {"start": line.x, "middle": line.x - width / 2, "end": line.x - width}
    start = {"start": line.x, "middle": line.x - ink / 2, "end": line.x - ink}
    align = {"start": "left", "middle": "center", "end": "right"}[line.anchor]
    return FlowText(
        text=line.text,
        x=round(start[line.anchor] * scale, 2),
        y=round(line.y * scale, 2),
        left=round(left[line.anchor] * scale, 2),
        top=round((line.y - BASELINE * line.size) * scale, 2),
        width=round(width * scale, 2),
        size=round(line.size * scale, 3),
        bold=line.bold,
        align=align,
    )
