"""Placement of branch labels ("Ya", "Tidak", …) beside the start of their arrow.

Places are tried nearest first beside the first two segments of the arrow, with the label on one
line or wrapped at spaces (never inside a word), at 9 px or, where that is what fits, at the
smallest readable size; the first place that is clear is taken: inside
the actor columns, across no column or row line, clear of symbols, arrowheads, arrows and other
labels (the rules sop.flowchart.check holds the page to).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from sop.flowchart.geometry import Segment, box_meets_diamond
from sop.flowchart.metrics import ASCENT, CONTENT, MIN_FONT, text_width, wrap_words
from sop.flowchart.routing import Plan
from sop.flowchart.shapes import Arrow, Box, Label, Point, TextLine

SIZE = 9.0
LINE = 11.0
GAP = 3.0
PAD = 1.0
"""The white ground's margin left and right of the words (sop.flowchart.svg.BACKING_PAD)."""
WRAP_WIDTHS = (400.0, 60.0, 44.0, 30.0, 1.0)
"""Widths the label is wrapped to, one line first (1.0: a word a line)."""
SPACE = GAP + 2 * PAD + 1.0
"""Room a label needs beside its words: the gap to its arrow, its white ground, half a px
either side of a line."""
STEP = 1.0
REACH = 70.0
"""How far along a segment a label may be moved from its start."""
LINE_COST = 4.0
"""Extra distance a label would rather be moved than be wrapped onto one more line."""
SMALL_COST = 6.0
"""Extra distance a label would rather be moved than be set at the smallest readable size."""
SECOND_COST = 12.0
"""Extra distance for a place beside the arrow's second segment instead of its first."""


@dataclass(frozen=True)
class Scene:
    """What a label must stay clear of on a page."""

    shapes: tuple[tuple[str, Box], ...]
    heads: tuple[Box, ...]
    segments: tuple[Segment, ...]
    cols: tuple[float, ...]
    rows: tuple[float, ...]
    area: tuple[float, float]

    def near(self, point: Point, reach: float) -> Scene:
        """The part of the scene within `reach` of a point."""
        zone = Box(point[0] - reach, point[1] - reach, 2 * reach, 2 * reach)
        return Scene(tuple(s for s in self.shapes if s[1].overlaps(zone)),
                     tuple(h for h in self.heads if h.overlaps(zone)),
                     tuple(s for s in self.segments if _seg_box(s).overlaps(zone)),
                     self.cols, self.rows, self.area)


def place_labels(arrows: Sequence[tuple[Plan, Arrow]], scene: Scene
                 ) -> tuple[tuple[Label, ...], list[Arrow]]:
    """A label for every labelled arrow leaving a step, and the arrows whose label found no
    clear place (the page needs more room)."""
    placed: list[Label] = []
    misfits: list[Arrow] = []
    for plan, arrow in arrows:
        if not arrow.label or plan.src.step is None:
            continue
        box, lines, size, clear = _best(arrow, scene.near(arrow.points[0], REACH + 120), placed)
        placed.append(Label(arrow.label, box, _lines(lines, box, size), arrow.source,
                            arrow.target))
        if not clear:
            misfits.append(arrow)
    return tuple(placed), misfits


def _best(arrow: Arrow, scene: Scene, placed: Sequence[Label]
          ) -> tuple[Box, list[str], float, bool]:
    """The nearest clear place (True), else the one with the fewest faults (False)."""
    assert arrow.label
    options = sorted(_options(arrow, arrow.label), key=lambda o: o[0])
    taken = [label.box for label in placed]
    for _, box, lines, size in options:
        if not _faults(box, scene, taken, first=True):
            return box, lines, size, True
    _, box, lines, size = min(options, key=lambda o: (_faults(o[1], scene, taken, first=False),
                                                      o[0]))
    return box, lines, size, False


def _options(arrow: Arrow, text: str) -> Iterator[tuple[float, Box, list[str], float]]:
    start = arrow.points[0]
    for size, size_cost in ((SIZE, 0.0), (MIN_FONT, SMALL_COST)):
        wraps = {tuple(wrap_words(text, width, size)) for width in WRAP_WIDTHS}
        for lines in sorted(wraps, key=len):
            w = max(text_width(line, size) for line in lines)
            h = LINE * len(lines)
            cost = LINE_COST * (len(lines) - 1) + size_cost
            for n, segment in enumerate(list(pairwise(arrow.points))[:2]):
                for box in _beside(segment, w, h):
                    yield _distance(start, box) + cost + n * SECOND_COST, box, list(lines), size


def _beside(segment: Segment, w: float, h: float) -> Iterator[Box]:
    """Boxes of size w x h beside a segment, on both sides, slid along it."""
    (x0, y0), (x1, y1) = segment
    if abs(x0 - x1) < 0.01:  # vertical: left or right of it
        lo, hi = sorted((y0, y1))
        for y in _steps(lo - h + STEP, min(hi, lo + REACH)):
            yield Box(x0 + GAP + PAD, y, w, h)
            yield Box(x0 - GAP - PAD - w, y, w, h)
    else:  # horizontal: above or below it
        lo, hi = sorted((x0, x1))
        for x in _steps(lo - w - PAD, hi + PAD):
            yield Box(x, y0 - GAP - h, w, h)
            yield Box(x, y0 + GAP, w, h)


def _steps(lo: float, hi: float) -> Iterator[float]:
    count = max(int((hi - lo) / STEP), 0)
    return (lo + i * STEP for i in range(count + 1))


def _distance(point: Point, box: Box) -> float:
    dx = max(box.x - point[0], 0.0, point[0] - box.right)
    dy = max(box.y - point[1], 0.0, point[1] - box.bottom)
    return math.hypot(dx, dy)


def _faults(box: Box, scene: Scene, taken: Sequence[Box], first: bool) -> int:
    """How many rules a label in `box` breaks (with first=True: stop at the first one)."""
    ground = Box(box.x - PAD, box.y, box.w + 2 * PAD, box.h)
    tests = (
        lambda: ground.x < scene.area[0] + 0.5 or ground.right > scene.area[1] - 0.5,
        lambda: any(ground.x - 0.5 < x < ground.right + 0.5 for x in scene.cols),
        lambda: any(ground.y - 0.5 < y < ground.bottom + 0.5 for y in scene.rows),
        lambda: any(_meets(ground, kind, shape) for kind, shape in scene.shapes),
        lambda: any(ground.overlaps(head, 1.0) for head in scene.heads),
        lambda: any(ground.overlaps(other, 1.0) for other in taken),
        lambda: any(ground.overlaps(_seg_box(s)) for s in scene.segments),
    )
    if first:
        return int(any(test() for test in tests))
    return sum(3 if n < 4 else 1 for n, test in enumerate(tests) if test())


def _meets(ground: Box, kind: str, shape: Box) -> bool:
    if kind == "decision":
        return box_meets_diamond(Box(ground.x - 0.5, ground.y - 0.5, ground.w + 1, ground.h + 1),
                                 shape)
    return ground.overlaps(shape, 1.0)


def _seg_box(segment: Segment) -> Box:
    """A segment as a thin box, half a px wider each side."""
    (x0, y0), (x1, y1) = segment
    x, y = min(x0, x1), min(y0, y1)
    return Box(x - 0.5, y - 0.5, abs(x0 - x1) + 1, abs(y0 - y1) + 1)


def _lines(lines: Sequence[str], box: Box, size: float) -> tuple[TextLine, ...]:
    base = box.y + (LINE - CONTENT * size) / 2 + ASCENT * size
    return tuple(TextLine(round(box.x, 2), round(base + i * LINE, 2), text, size)
                 for i, text in enumerate(lines))
