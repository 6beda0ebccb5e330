"""Placement of branch labels ("Ya", "Tidak", …) beside the start of their arrow."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from sop.flowchart.metrics import ASCENT, CONTENT, text_width, wrap
from sop.flowchart.routing import Plan
from sop.flowchart.shapes import Arrow, Box, Label, TextLine

SIZE = 9.0
LINE = 11.0
GAP = 3.0
MAX_WIDTH = 90.0
NARROW_WIDTH = 48.0
AWAY = 1.5
"""Penalty of a label moved a label's width along its arrow: wrapping it narrow beside the
arrow (the same penalty, tried after) reads better than a label that drifts off."""
FAR = 3.0
"""Penalty of a label set further up or down beside its arrow: only where every nearer place
covers a symbol or another label (several branches leaving one side close together)."""
FAR_OFFSETS = (-12.0, 12.0, -18.0, 18.0, -24.0, 24.0, -30.0, 30.0)
COVERS = 8
"""Rank of a place that covers a symbol or another label: worse than any other."""


def place_labels(arrows: Sequence[tuple[Plan, Arrow]], obstacles: Sequence[Box],
                 grid_x: Sequence[float] = ()) -> tuple[Label, ...]:
    """A label for every labelled arrow leaving a step, clear of symbols and other labels,
    and where possible not across an arrow or a column line."""
    placed: list[Label] = []
    area = (min(grid_x), max(grid_x)) if grid_x else (float("-inf"), float("inf"))
    segments = [_segment(a, b) for _, arrow in arrows for a, b in pairwise(arrow.points)]
    for plan, arrow in arrows:
        if not arrow.label or plan.src.step is None:
            continue
        options: list[tuple[Box, float, list[str]]] = []  # best first
        for width, penalty in ((MAX_WIDTH, 0.0), (NARROW_WIDTH, 1.5)):  # wrap to stay in bounds
            lines = wrap(arrow.label, width, SIZE)
            w = max(text_width(line, SIZE) for line in lines)
            options += [(box, penalty + away, lines)
                        for box, away in _candidates(plan, arrow, w, LINE * len(lines), obstacles)]
        # only what lies where a candidate could be is compared (the same result, much sooner)
        reach = _bounds([box for box, _, _ in options])
        taken = [o for o in (*obstacles, *(lb.box for lb in placed)) if o.overlaps(reach, 1.0)]
        near = [segment for segment in segments if segment.overlaps(reach)]
        box, _, lines = min(options, key=lambda o: _rank(o[0], taken, near, grid_x, area) + o[1])
        placed.append(Label(arrow.label, box, _lines(lines, box), arrow.source, arrow.target))
    return tuple(placed)


def _rank(box: Box, taken: Sequence[Box], segments: Sequence[Box], grid_x: Sequence[float],
          area: tuple[float, float]) -> int:
    """0 is best: clear of everything, inside the actor columns, not across an arrow, not
    across a column line."""
    if any(box.overlaps(o, 1.0) for o in taken):
        return COVERS
    if box.x < area[0] + 1 or box.right > area[1] - 1:
        return 3
    if any(box.overlaps(segment) for segment in segments):
        return 2
    return 1 if any(box.x - 1 < x < box.right + 1 for x in grid_x) else 0


def _bounds(boxes: Sequence[Box]) -> Box:
    x, y = min(b.x for b in boxes), min(b.y for b in boxes)
    return Box(x, y, max(b.right for b in boxes) - x, max(b.bottom for b in boxes) - y)


def _segment(a: tuple[float, float], b: tuple[float, float]) -> Box:
    """An arrow segment as a thin box (arrows are orthogonal), a point wider each side."""
    x, y = min(a[0], b[0]), min(a[1], b[1])
    return Box(x - 1, y - 1, abs(a[0] - b[0]) + 2, abs(a[1] - b[1]) + 2)


def _candidates(plan: Plan, arrow: Arrow, w: float, h: float, obstacles: Sequence[Box]) -> list[
        tuple[Box, float]]:
    """Boxes to try, best first, each with its penalty: beside the first segment, clear of the
    symbol it leaves (0), or a label's width further along it (AWAY: farther from its arrow)."""
    (px, py) = arrow.points[0]
    own = [b for b in obstacles if b.x - 0.1 <= px <= b.right + 0.1
           and b.y - 0.1 <= py <= b.bottom + 0.1]
    if plan.src_side in ("left", "right"):
        edge = (max(b.right for b in own) + GAP if plan.src_side == "right"
                else min(b.x for b in own) - GAP - w) if own else px
        x = edge if own else (px + GAP if plan.src_side == "right" else px - GAP - w)
        above, below = Box(x, py - GAP - h, w, h), Box(x, py + GAP, w, h)
        going_up = len(arrow.points) > 2 and arrow.points[2][1] < py
        if plan.src_offset:
            first = [above, below] if plan.src_offset < 0 else [below, above]
        else:
            first = [below, above] if going_up else [above, below]
        out = first + [Box(x, b.y + d, w, h) for b in first for d in (-6.0, 6.0)]
        shift = w + GAP if plan.src_side == "right" else -(w + GAP)
        far = [Box(x, first[0].y + d, w, h) for d in FAR_OFFSETS]
        return ([(b, 0.0) for b in out] + [(Box(b.x + shift, b.y, w, h), AWAY) for b in first]
                + [(b, FAR) for b in far])
    top = max([b.bottom for b in own] + [py]) + 2
    right, left = Box(px + GAP, top, w, h), Box(px - GAP - w, top, w, h)
    turns_right = len(arrow.points) > 2 and arrow.points[2][0] > px + 0.01
    prefer_left = plan.src_offset < 0 if plan.src_offset else turns_right
    first = [left, right] if prefer_left else [right, left]
    return [(Box(b.x, b.y + d, w, h), 0.0) for d in (0.0, 4.0, 8.0, 12.0, 16.0, 20.0)
            for b in first]


def _lines(lines: Sequence[str], box: Box) -> tuple[TextLine, ...]:
    base = box.y + (LINE - CONTENT * SIZE) / 2 + ASCENT * SIZE
    return tuple(TextLine(round(box.x, 2), round(base + i * LINE, 2), text, SIZE)
                 for i, text in enumerate(lines))
