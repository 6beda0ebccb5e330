"""Drawing stage: a page layout in, a standalone SVG document out (no script, no foreignObject).

`page_texts` lists every text line of a page in one place: the PDF draws the shapes as SVG
(`text=False`) and sets these lines as HTML over it, because WeasyPrint lays SVG text out letter
by letter (slow, and it loses kerning and word boundaries in the PDF's text layer).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import jinja2

from sop.flowchart.shapes import Box, Connector, Label, PageLayout, Point, Symbol, TextLine

FONT_FAMILY = "'Liberation Sans', Arial, sans-serif"
BACKING_PAD = 1.0
"""White margin left and right of a branch label's words."""


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


def polygon_path(pts: Iterable[Point], closed: bool = True) -> str:
    """Path data of a polyline or (closed) polygon."""
    pts = list(pts)
    head, *rest = pts
    line = f"M{fmt(head[0])} {fmt(head[1])}" + "".join(f"L{fmt(x)} {fmt(y)}" for x, y in rest)
    return line + ("Z" if closed else "")


def symbol_path(symbol: Symbol) -> str:
    """Path data of a flowchart symbol: rectangle, capsule (terminator) or diamond (decision)."""
    b = symbol.box
    if symbol.kind == "decision":
        return polygon_path([(b.cx, b.y), (b.right, b.cy), (b.cx, b.bottom), (b.x, b.cy)])
    if symbol.kind == "capsule":
        return capsule_path(b)
    return rect_path(b)


def capsule_path(b: Box) -> str:
    """Path data of a capsule (terminator)."""
    r = fmt(b.h / 2)
    return (f"M{fmt(b.x + b.h / 2)} {fmt(b.y)}H{fmt(b.right - b.h / 2)}"
            f"A{r} {r} 0 0 1 {fmt(b.right - b.h / 2)} {fmt(b.bottom)}H{fmt(b.x + b.h / 2)}"
            f"A{r} {r} 0 0 1 {fmt(b.x + b.h / 2)} {fmt(b.y)}Z")


def rect_path(b: Box) -> str:
    """Path data of a rectangle."""
    return f"M{fmt(b.x)} {fmt(b.y)}H{fmt(b.right)}V{fmt(b.bottom)}H{fmt(b.x)}Z"


def shape_paths(page: PageLayout) -> dict[str, str]:
    """The page's drawing as one path per style: few nodes keep SVG cheap to draw (WeasyPrint
    draws each SVG element separately) and the file small."""
    symbols = sorted(page.symbols, key=lambda s: (s.box.y, s.box.x))
    return {
        "header": "".join(rect_path(c.box) for c in page.header),
        "grid": "".join(f"M{fmt(x1)} {fmt(y1)}L{fmt(x2)} {fmt(y2)}"
                        for x1, y1, x2, y2 in grid_lines(page)),
        "joiners": "".join(polygon_path([j.start, j.end], closed=False) for j in page.joiners),
        "arrows": "".join(polygon_path(a.points, closed=False) for a in page.arrows),
        "heads": "".join(polygon_path(a.head) for a in page.arrows),
        "symbols": "".join(symbol_path(s) for s in symbols)
        + "".join(polygon_path(c.outline()) for c in page.connectors)
        + "".join(capsule_path(t.box) for t in page.terminators),
        "backings": "".join(rect_path(label_backing(label)) for label in page.labels),
    }


def label_backing(label: Label) -> Box:
    """The white ground under a branch label: a column line or an arrow passing behind it
    stops at its edge instead of striking the words through."""
    b = label.box
    return Box(b.x - BACKING_PAD, b.y, b.w + 2 * BACKING_PAD, b.h)


def connector_letter(c: Connector) -> TextLine:
    """The letter inside an off-page connector, sized to the pentagon."""
    size = min(9.0, c.box.h * 0.5)
    top = c.box.y + c.box.h * (0.3 if c.pointing == "down" else 0.42)
    return TextLine(c.box.cx, top + size * 0.72, c.letter, size, True, "middle")


def page_texts(page: PageLayout) -> list[TextLine]:
    """Every text line of a page: header, cells, connector letters, branch labels, the text
    inside symbols."""
    cells = [*page.header, *(cell for row in page.rows for cell in row.cells), *page.merged]
    return [
        *(line for cell in cells for line in cell.lines),
        *(connector_letter(c) for c in page.connectors),
        *(line for label in page.labels for line in label.lines),
        *(line for symbol in page.symbols for line in symbol.lines),
    ]


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined)
    env.filters.update(f=fmt, points=points, diamond=diamond, letter=connector_letter)
    return env


def grid_lines(page: PageLayout) -> list[tuple[float, float, float, float]]:
    """Body grid: a line under every row and one at every column boundary."""
    if not page.rows:
        return []
    top, bottom = page.rows[0].y, page.rows[-1].bottom
    lines = [line for row in page.rows for line in _row_line(page, row.bottom)]
    edges = sorted({c.x for c in page.columns} | {page.columns[-1].right})
    lines += [(x, top, x, bottom) for x in edges]
    return lines


def _row_line(page: PageLayout, y: float) -> list[tuple[float, float, float, float]]:
    """The line under a row, left out where a merged cell spans across it."""
    cuts = sorted((c.box.x, c.box.right) for c in page.merged
                  if c.box.y + 0.5 < y < c.box.bottom - 0.5)
    out, x = [], 0.0
    for left, right in cuts:
        if left > x:
            out.append((x, y, left, y))
        x = max(x, right)
    if x < page.width:
        out.append((x, y, page.width, y))
    return out


def render_page(page: PageLayout, title: str, *, text: bool = True) -> str:
    """One page as a standalone SVG document; text=False leaves the text out (see page_texts)."""
    return _environment().get_template("flowchart.svg.j2").render(
        page=page, title=title, text=text, font_family=FONT_FAMILY, paths=shape_paths(page),
        cells=[*(cell for row in page.rows for cell in row.cells), *page.merged])
