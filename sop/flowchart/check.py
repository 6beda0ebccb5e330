"""Geometry checker of a laid-out flowchart page: what a reader relies on, as a list of faults.

`check_page` is a pure function of a `PageLayout`. Each `Violation` names its rule and says in
words what is wrong and where, so that a failing test or a build log can be acted on. Distances
are given in PDF points: one layout px prints as 0.75 pt on an unscaled sheet (sop.pdf.flow).

Rules: arrows are orthogonal, stay inside the actor columns and off the grid lines, start and
end on their own symbols' outlines, never enter a symbol or cross a branch label, end in a
straight segment longer than their head plus 2 pt, and keep 4 pt from any parallel arrow; no
arrow enters a symbol within 4 pt of where another leaves it; labels stay inside the actor
area, clear of column and row lines, symbols, arrowheads and each other; no text is smaller
than 6.5 pt. Crossings are counted (`crossings`); two arrows that leave (or enter) one side of a
symbol and cross each other are a violation (swapping their ports would undo the crossing).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from sop.flowchart.geometry import (
    Segment,
    box_meets_diamond,
    crosses_interior,
    crossing_pairs,
    inside_outline,
    on_outline,
    parallel_gap,
)
from sop.flowchart.metrics import ASCENT, CONTENT, MIN_FONT, PT_PER_PX, text_width
from sop.flowchart.shapes import Arrow, Box, Label, PageLayout, Point
from sop.flowchart.svg import connector_letter, label_backing

MIN_GAP_PT = 4.0
HEAD_ROOM_PT = 2.0
EPS = 0.05


@dataclass(frozen=True)
class Violation:
    """One broken rule on one page."""

    rule: str
    page: int
    text: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.rule}: {self.text}"


def check_page(page: PageLayout) -> list[Violation]:
    """Every rule broken on `page` (an empty list when the page is sound)."""
    found: list[tuple[str, str]] = [
        *_arrow_faults(page), *_end_faults(page), *_head_faults(page), *_gap_faults(page),
        *_port_faults(page), *_label_faults(page), *_crossing_faults(page), *_text_faults(page),
        *_inside_faults(page),
    ]
    return [Violation(rule, page.number, text) for rule, text in found]


def check_pages(pages: Sequence[PageLayout]) -> list[Violation]:
    """The violations of every page of one flowchart."""
    return [v for page in pages for v in check_page(page)]


# ---------------------------------------------------------------------- helpers


def _name(arrow: Arrow) -> str:
    return f"arrow {arrow.source}->{arrow.target}"


def _segments(page: PageLayout) -> Iterator[tuple[int, Segment]]:
    for i, arrow in enumerate(page.arrows):
        for p, q in pairwise(arrow.points):
            yield i, (p, q)


def _shapes(page: PageLayout) -> list[tuple[str, Box, str]]:
    out: list[tuple[str, Box, str]] = [(s.kind, s.box, f"the {s.kind} of step {s.step}")
                                       for s in page.symbols]
    out += [("capsule", t.box, f"the end capsule of step {t.step}") for t in page.terminators]
    return out + [("process", c.box, f"connector {c.letter}") for c in page.connectors]


def _actor_span(page: PageLayout) -> tuple[float, float]:
    actors = [c for c in page.columns if c.key == "actor"]
    return actors[0].x, actors[-1].right


def _pt(px: float) -> str:
    return f"{px * PT_PER_PX:.1f} pt"


# ---------------------------------------------------------------------- arrows


def _arrow_faults(page: PageLayout) -> Iterator[tuple[str, str]]:
    """Orthogonal, inside the actor columns, off the grid lines, through no symbol or label."""
    left, right = _actor_span(page)
    col_edges = sorted({c.x for c in page.columns} | {page.columns[-1].right})
    row_edges = sorted({r.y for r in page.rows} | {r.bottom for r in page.rows})
    shapes = _shapes(page)
    grounds = [(label, label_backing(label)) for label in page.labels]
    for i, (p, q) in _segments(page):
        what = _name(page.arrows[i])
        if abs(p[0] - q[0]) > EPS and abs(p[1] - q[1]) > EPS:
            yield "orthogonal", f"{what} has a slanted segment {p}-{q}"
            continue
        if not (left < min(p[0], q[0]) and max(p[0], q[0]) < right):
            yield "outside-actors", f"{what} leaves the actor columns at {p}-{q}"
        vertical = abs(p[0] - q[0]) <= EPS
        edges = col_edges if vertical else row_edges
        at = p[0] if vertical else p[1]
        if any(abs(at - e) <= 0.5 for e in edges):
            yield "on-grid-line", f"{what} runs along a grid line at {p}-{q}"
        for kind, box, name in shapes:
            if crosses_interior(kind, box, p, q):
                yield "through-symbol", f"{what} runs through {name}"
        for label, ground in grounds:
            if _touches(ground, p, q):
                yield "through-label", f"{what} runs through the label {label.text!r}"


def _touches(box: Box, p: Point, q: Point) -> bool:
    """True when the segment p-q passes inside the box (not along its edge)."""
    x0, x1 = sorted((p[0], q[0]))
    y0, y1 = sorted((p[1], q[1]))
    return x0 < box.right - EPS and box.x + EPS < x1 + (EPS if x0 == x1 else 0) and (
        y0 < box.bottom - EPS and box.y + EPS < y1 + (EPS if y0 == y1 else 0)) and (
        (x0 != x1 or box.x + EPS < x0 < box.right - EPS)
        and (y0 != y1 or box.y + EPS < y0 < box.bottom - EPS))


def _end_faults(page: PageLayout) -> Iterator[tuple[str, str]]:
    """Every arrow starts and ends on the outline of its own symbol or connector."""
    for arrow in page.arrows:
        starts = _own(page, arrow.source, arrow.start_letter, "in")
        ends = _own(page, arrow.target, arrow.end_letter, "out") if not arrow.ends else [
            ("capsule", t.box) for t in page.terminators if t.step == arrow.source]
        if not any(on_outline(k, b, arrow.points[0]) for k, b in starts):
            yield "ends", f"{_name(arrow)} does not start on its symbol"
        if not any(on_outline(k, b, arrow.points[-1]) for k, b in ends):
            yield "ends", f"{_name(arrow)} does not end on its symbol"


def _own(page: PageLayout, step: int, letter: str | None, role: str) -> list[tuple[str, Box]]:
    if letter:
        return [("process", c.box) for c in page.connectors
                if c.letter == letter and c.role == role]
    return [(s.kind, s.box) for s in page.symbols if s.step == step]


def _head_faults(page: PageLayout) -> Iterator[tuple[str, str]]:
    """The head sits on a final straight segment at least its length plus 2 pt long."""
    for arrow in page.arrows:
        tip, b1, b2 = arrow.head
        head = math.dist(tip, ((b1[0] + b2[0]) / 2, (b1[1] + b2[1]) / 2))
        last = math.dist(arrow.points[-2], arrow.points[-1])
        need = head + HEAD_ROOM_PT / PT_PER_PX
        if last < need - EPS:
            yield "short-head", (f"{_name(arrow)} ends in a {_pt(last)} segment under its "
                                 f"{_pt(head)} head (needs {_pt(need)})")


def _gap_faults(page: PageLayout) -> Iterator[tuple[str, str]]:
    """Parallel segments of different arrows side by side are at least 4 pt apart."""
    segments = list(_segments(page))
    least = MIN_GAP_PT / PT_PER_PX
    for (i, a), (j, b) in _side_by_side(segments, least):
        gap = parallel_gap(a, b)
        if gap is not None and gap < least - EPS:
            what = f"{_name(page.arrows[i])} and {_name(page.arrows[j])}"
            yield ("overlap" if gap < 0.5 else "parallel-gap",
                   f"{what} run {_pt(gap)} apart along {a[0]}-{a[1]}")


def _side_by_side(segments: list[tuple[int, Segment]], reach: float
                  ) -> Iterator[tuple[tuple[int, Segment], tuple[int, Segment]]]:
    """Pairs of segments of different arrows on nearby parallel lines (sorted, not all pairs)."""
    for axis in (0, 1):
        line = sorted((seg[0][axis], n) for n, (_, seg) in enumerate(segments)
                      if abs(seg[0][axis] - seg[1][axis]) <= EPS)
        for k, (at, n) in enumerate(line):
            for other, m in line[k + 1:]:
                if other - at >= reach:
                    break
                if segments[n][0] != segments[m][0]:
                    yield segments[n], segments[m]


def _port_faults(page: PageLayout) -> Iterator[tuple[str, str]]:
    """No arrow enters a symbol within 4 pt of where another leaves it."""
    least = MIN_GAP_PT / PT_PER_PX
    for kind, box, name in _shapes(page):
        ins = [(a, a.points[-1]) for a in page.arrows if on_outline(kind, box, a.points[-1])]
        outs = [(a, a.points[0]) for a in page.arrows if on_outline(kind, box, a.points[0])]
        for (a, p), (b, q) in ((x, y) for x in ins for y in outs if x[0] is not y[0]):
            if math.dist(p, q) < least - EPS:
                yield "shared-port", (f"{_name(a)} enters {name} {_pt(math.dist(p, q))} from "
                                      f"where {_name(b)} leaves it")


# ---------------------------------------------------------------------- labels and text


def _label_faults(page: PageLayout) -> Iterator[tuple[str, str]]:
    """Labels inside the actor area, off the grid lines, clear of symbols, heads, labels."""
    left, right = _actor_span(page)
    col_edges = sorted({c.x for c in page.columns} | {page.columns[-1].right})
    row_edges = sorted({r.y for r in page.rows} | {r.bottom for r in page.rows})
    for label in page.labels:
        yield from _one_label(page, label, left, right, col_edges, row_edges)
    for a, b in combinations(page.labels, 2):
        if a.box.overlaps(b.box):
            yield "label-overlap", f"labels {a.text!r} and {b.text!r} overlap"


def _one_label(page: PageLayout, label: Label, left: float, right: float,
               col_edges: Sequence[float], row_edges: Sequence[float]) -> Iterator[tuple[str, str]]:
    ground = label_backing(label)
    what = f"label {label.text!r} of {label.source}->{label.target}"
    if ground.x < left - EPS or ground.right > right + EPS:
        yield "label-outside", f"{what} leaves the actor columns"
    if any(ground.x - EPS < x < ground.right + EPS for x in col_edges):
        yield "label-on-line", f"{what} sits across a column line"
    if any(ground.y - EPS < y < ground.bottom + EPS for y in row_edges):
        yield "label-on-line", f"{what} sits across a row line"
    for kind, box, name in _shapes(page):
        if box_meets_diamond(ground, box) if kind == "decision" else ground.overlaps(box):
            yield "label-overlap", f"{what} covers {name}"
    for arrow in page.arrows:
        if ground.overlaps(arrow.head_box):
            yield "label-overlap", f"{what} covers the head of {_name(arrow)}"


def _text_faults(page: PageLayout) -> Iterator[tuple[str, str]]:
    """No text set below the readable size."""
    cells = [*page.header, *(cell for row in page.rows for cell in row.cells), *page.merged]
    lines = [*(line for cell in cells for line in cell.lines),
             *(connector_letter(c) for c in page.connectors),
             *(line for label in page.labels for line in label.lines),
             *(line for symbol in page.symbols for line in symbol.lines)]
    for line in lines:
        if line.size < MIN_FONT - 0.01:
            yield "small-text", f"{line.text!r} is set at {_pt(line.size)}"


def _inside_faults(page: PageLayout) -> Iterator[tuple[str, str]]:
    """The text written in a symbol stays inside its outline."""
    for symbol in page.symbols:
        for line in symbol.lines:
            w = text_width(line.text, line.size)
            x0 = {"start": line.x, "middle": line.x - w / 2, "end": line.x - w}[line.anchor]
            top, bottom = line.y - ASCENT * line.size, line.y + (CONTENT - ASCENT) * line.size
            corners = [(x0, top), (x0 + w, top), (x0, bottom), (x0 + w, bottom)]
            if not all(inside_outline(symbol.kind, symbol.box, c) for c in corners):
                yield "text-outside-symbol", (f"{line.text!r} leaves the {symbol.kind} of step "
                                              f"{symbol.step}")


# ---------------------------------------------------------------------- crossings


def crossings(page: PageLayout) -> int:
    """How many times two arrows cross on the page."""
    return len(_crossing_pairs(page))


def _crossing_pairs(page: PageLayout) -> list[tuple[int, int, Point]]:
    """The arrows (by index) of each crossing and where it is."""
    found = crossing_pairs([arrow.points for arrow in page.arrows], tol=EPS)
    return sorted((min(i, j), max(i, j), at) for i, j, at in found)


def _crossing_faults(page: PageLayout) -> Iterator[tuple[str, str]]:
    """Two arrows leaving one side of a symbol (or entering one side) do not cross each
    other: swapping their ports on that side would undo the crossing."""
    shapes = _shapes(page)
    sides = [(_side(shapes, a.points[0], a.points[1], "out"),
              _side(shapes, a.points[-1], a.points[-2], "in")) for a in page.arrows]
    for i, j, at in _crossing_pairs(page):
        shared = {sides[i][0], sides[i][1]} & {sides[j][0], sides[j][1]} - {None}
        if shared:
            a, b = page.arrows[i], page.arrows[j]
            n, side, role = min(x for x in shared if x is not None)
            verb = "leave" if role == "out" else "enter"
            yield "avoidable-crossing", (f"{_name(a)} and {_name(b)} {verb} {shapes[n][2]} on "
                                         f"its {side} side and cross at {at}")


def _side(shapes: list[tuple[str, Box, str]], end: Point, nxt: Point, role: str
          ) -> tuple[int, str, str] | None:
    """The shape, side and role ('out' or 'in') of an arrow's end, by the direction of the
    segment at that end."""
    n = _shape_at(shapes, end)
    if n is None:
        return None
    dx, dy = nxt[0] - end[0], nxt[1] - end[1]
    side = ("right" if dx > 0 else "left") if abs(dx) > abs(dy) else (
        "bottom" if dy > 0 else "top")
    return n, side, role


def _shape_at(shapes: list[tuple[str, Box, str]], point: Point) -> int | None:
    return next((n for n, (kind, box, _) in enumerate(shapes) if on_outline(kind, box, point)),
                None)
