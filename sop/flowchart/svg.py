"""Drawing stage: a page layout in, a standalone SVG document out (no script, no foreignObject)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import jinja2

from sop.flowchart.shapes import Box, PageLayout, Point, Symbol

FONT_FAMILY = "'Liberation Sans', Arial, sans-serif"


def fmt(value: float) -> str:
    """A coordinate rounded to 2 decimals without trailing zeros ('12.5', '3', '-0.25')."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def points(pts: Iterable[Point]) -> str:
    """An SVG points list."""
    return " ".join(f"{fmt(x)},{fmt(y)}" for x, y in pts)


def diamond(box: Box) -> str:
    """The four corners of a decision symbol."""
    return points([(box.cx, box.y), (box.right, box.cy), (box.cx, box.bottom), (box.x, box.cy)])


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined)
    env.filters.update(f=fmt, points=points, diamond=diamond)
    return env


def grid_lines(page: PageLayout) -> list[tuple[float, float, float, float]]:
    """Body grid: a line under every row and one at every column boundary."""
    if not page.rows:
        return []
    top, bottom = page.rows[0].y, page.rows[-1].bottom
    lines = [(0.0, row.bottom, page.width, row.bottom) for row in page.rows]
    edges = sorted({c.x for c in page.columns} | {page.columns[-1].right})
    lines += [(x, top, x, bottom) for x in edges]
    return lines


def render_page(page: PageLayout, title: str) -> str:
    """One page as a standalone SVG document."""
    symbols: list[Symbol] = sorted(page.symbols, key=lambda s: (s.box.y, s.box.x))
    return _environment().get_template("flowchart.svg.j2").render(
        page=page, title=title, font_family=FONT_FAMILY, grid=grid_lines(page), symbols=symbols,
        cells=[cell for row in page.rows for cell in row.cells])
