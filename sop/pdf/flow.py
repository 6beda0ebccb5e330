"""Flowchart sheets for the PDF: the flowchart engine's SVG pages, sized to fit a landscape page."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sop.flowchart import render_svg_pages
from sop.model import Actor, Sop
from sop.pdf.pages import FLOW_HEIGHT_PX, FLOW_WIDTH_PX

log = logging.getLogger(__name__)

_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.S)
_NUMBER = r"([0-9]+(?:\.[0-9]+)?)(?:px)?"


@dataclass(frozen=True)
class FlowPage:
    """One flowchart page: the SVG markup and the size it is drawn at, in CSS px."""

    svg: str
    width: float
    height: float


@dataclass(frozen=True)
class FlowSheets:
    """All flowchart pages of one SOP."""

    pages: tuple[FlowPage, ...]


def flow_sheets(sop: Sop, actors: Mapping[str, Actor]) -> FlowSheets:
    """Lay out the SOP's flowchart on landscape pages (one `<svg>` per page)."""
    svgs = render_svg_pages(sop, dict(actors), max_height=FLOW_HEIGHT_PX, width=FLOW_WIDTH_PX)
    return FlowSheets(tuple(_fit(svg) for svg in svgs))


def _fit(svg: str) -> FlowPage:
    """Scale a page down (never up) when it is larger than the usable area, keeping its ratio."""
    match = _SVG_OPEN.search(svg)
    if match is None:
        raise ValueError("flowchart page is not an <svg> document")
    tag = match.group(0)
    box = re.search(r'viewBox="([^"]+)"', tag)
    view = [float(v) for v in box.group(1).replace(",", " ").split()] if box else None
    width = _attr(tag, "width") or (view[2] if view else None)
    height = _attr(tag, "height") or (view[3] if view else None)
    if width is None or height is None:
        raise ValueError("flowchart page has neither width/height nor a viewBox")
    if view is None:  # a viewBox lets the SVG scale with the CSS size given to it
        svg = svg.replace(tag, f'{tag[:-1]} viewBox="0 0 {width:g} {height:g}">', 1)
    scale = min(1.0, FLOW_WIDTH_PX / width, FLOW_HEIGHT_PX / height)
    if scale < 1.0:
        log.warning(
            "flowchart page %.0fx%.0f px scaled by %.3f to fit the page", width, height, scale
        )
    return FlowPage(svg, width * scale, height * scale)


def _attr(tag: str, name: str) -> float | None:
    found = re.search(rf'\s{name}="{_NUMBER}"', tag)
    return float(found.group(1)) if found else None
