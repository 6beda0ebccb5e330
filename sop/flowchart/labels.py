"""Placement of branch labels ("Ya", "Tidak", …) beside the start of their arrow.

Places are tried nearest first beside the first two segments of the arrow, with the label on one
line or wrapped at spaces, at 9 px or, where that is what fits, at the smallest readable size,
and as a last resort with words hyphenated between syllables; the first place that is clear is
taken: inside
the actor columns, across no column or row line, clear of symbols, arrowheads, arrows and other
labels (the rules sop.flowchart.check holds the page to).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from sop.flowchart.geometry import Segment, box_meets_diamond
from sop.flowchart.metrics import ASCENT, CONTENT, MIN_FONT, text_width, wrap, wrap_words
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
NEAR = 12.0
"""The places tried first: this close to the start of a segment."""
LINE_COST = 4.0
"""Extra distance a label would rather be moved than be wrapped onto one more line."""
FALLBACKS = 80
"""Nearest places weighed when none is clear (the least faulty of them is taken)."""
SMALL_COST = 6.0
"""Extra distance a label would rather be moved than be set at the smallest readable size."""
HYPHEN_WIDTHS = (36.0, 28.0, 20.0)
"""Widths a label is wrapped to with its words hyphenated."""
SECOND_COST = 12.0
"""Extra distance for a place beside the arrow's second segment instead of its first (and
so on for the later ones)."""
FAR = 2000.0
TIERS = ((NEAR, 0, 2), (NEAR, 1, 2), (REACH, 0, 2), (REACH, 1, 2), (REACH, 2, 2), (FAR, 0, 99),
         (FAR, 1, 99))
"""The places tried, in turn, until one is clear: (how far along a segment, tier of
`_options`, how many segments from the start). Beside the first two segments first, right
by the start, then further along, smaller, hyphenated; where none of those is clear, beside
any of the arrow's segments (a long arrow has room somewhere along its way)."""


@dataclass(frozen=True)
class Scene:
    """What a label must stay clear of on a page."""

    shapes: tuple[tuple[str, Box], ...]
    heads: tuple[Box, ...]
    segments: tuple[Box, ...]
    """The arrows' segments, each as a thin box (`seg_box`)."""
    cols: tuple[float, ...]
    rows: tuple[float, ...]
    """The column and row lines, each in ascending order (`_clear_of` bisects them)."""
    area: tuple[float, float]

    def near(self, points: Sequence[Point], reach: float) -> Scene:
        """The part of the scene within `reach` of the box around some points."""
        xs, ys = [x for x, _ in points], [y for _, y in points]
        zone = Box(min(xs) - reach, min(ys) - reach, max(xs) - min(xs) + 2 * reach,
                   max(ys) - min(ys) + 2 * reach)
        return Scene(tuple(s for s in self.shapes if s[1].overlaps(zone)),
                     tuple(h for h in self.heads if h.overlaps(zone)),
                     tuple(s for s in self.segments if s.overlaps(zone)),
                     self.cols, self.rows, self.area)


def place_labels(arrows: Sequence[tuple[Plan, Arrow]], scene: Scene
                 ) -> tuple[tuple[Label, ...], list[Arrow]]:
    """A label for every labelled arrow leaving a step, and the arrows whose label found no
    clear place (the page needs more room)."""
    placed: list[Label] = []
    misfits: list[Arrow] = []
    scene = replace(scene, cols=tuple(sorted(scene.cols)), rows=tuple(sorted(scene.rows)))
    for plan, arrow in arrows:
        if not arrow.label or plan.src.step is None:
            continue
        # a label sits beside the first two segments, at most REACH and its width beyond
        box, lines, size, clear = _best(arrow, scene.near(arrow.points, REACH + 150), placed)
        placed.append(Label(arrow.label, box, _lines(lines, box, size), arrow.source,
                            arrow.target))
        if not clear:
            misfits.append(arrow)
    return tuple(placed), misfits


def _best(arrow: Arrow, scene: Scene, placed: Sequence[Label]
          ) -> tuple[Box, list[str], float, bool]:
    """The nearest clear place (True; False where it is not beside the first two segments:
    the page should make room nearer), else the one with the fewest faults (False)."""
    assert arrow.label
    taken = [label.box for label in placed]
    faulty: set[Box] = set()  # places found faulty at a nearer reach are tried once
    # most labels fit right by their arrow at full size: those places first; hyphenated last
    for reach, tier, along in TIERS:
        options = sorted(_options(arrow, arrow.label, reach, scene, tier, along),
                         key=lambda o: o[0])
        local, near_taken = _around(scene, taken, [o[1] for o in options])
        own = [seg_box(segment) for segment in pairwise(arrow.points)]
        for _, box, lines, size in options:
            if box in faulty:
                continue
            if not _faults(box, local, near_taken, first=True) and _own(box, own, along, scene):
                return box, list(lines), size, along <= 2
            faulty.add(box)
    near = options[:FALLBACKS] or sorted(_options(arrow, arrow.label, REACH, _unruled(scene), 0),
                                         key=lambda o: o[0])[:FALLBACKS]
    _, box, lines, size = min(near, key=lambda o: (_faults(o[1], scene, taken, first=False), o[0]))
    return box, list(lines), size, False


def _own(box: Box, own: Sequence[Box], along: int, scene: Scene) -> bool:
    """Whether the label in `box` reads as its own arrow's: no other arrow runs as near to
    it as the first `along` segments of its own, where it is set."""
    near = min(_gap(box, segment) for segment in own[:along])
    return not any(_gap(box, segment) <= near for segment in scene.segments
                   if segment not in own)


def _gap(box: Box, segment: Box) -> float:
    """The distance between a label's box and a segment's thin box."""
    dx = max(segment.x - box.right, box.x - segment.right, 0.0)
    dy = max(segment.y - box.bottom, box.y - segment.bottom, 0.0)
    return max(dx, dy)


def _around(scene: Scene, taken: Sequence[Box], boxes: Sequence[Box]
            ) -> tuple[Scene, list[Box]]:
    """The part of the scene and of the labels placed that a label in one of the boxes could
    touch (`_faults` looks at most 2 px around a box): each place is tested against these
    only, not against all of a long page."""
    if not boxes:
        return scene, list(taken)
    x0, y0 = min(b.x for b in boxes) - 3, min(b.y for b in boxes) - 3
    zone = Box(x0, y0, max(b.right for b in boxes) + 3 - x0, max(b.bottom for b in boxes) + 3 - y0)
    return (Scene(tuple(s for s in scene.shapes if s[1].overlaps(zone)),
                  tuple(h for h in scene.heads if h.overlaps(zone)),
                  tuple(s for s in scene.segments if s.overlaps(zone)),
                  scene.cols, scene.rows, scene.area),
            [b for b in taken if b.overlaps(zone)])


def _unruled(scene: Scene) -> Scene:
    """The scene without its lines: every place beside the arrow, for the least faulty one."""
    return Scene(scene.shapes, scene.heads, scene.segments, (), (), (float("-inf"), float("inf")))


def _options(arrow: Arrow, text: str, reach: float, scene: Scene, tier: int, along: int = 2
             ) -> Iterator[tuple[float, Box, tuple[str, ...], float]]:
    """Places for the label beside the first `along` segments, with their score: at 9 px
    (tier 0), at the smallest readable size (1), hyphenated at that size (2)."""
    start = arrow.points[0]
    hyphens = tier == 2
    for size, size_cost in [((SIZE, 0.0), (MIN_FONT, SMALL_COST), (MIN_FONT, SMALL_COST))[tier]]:
        if hyphens:  # the last resort: words hyphenated between syllables (hyphen.py)
            wraps = {tuple(wrap(text, width, size)) for width in HYPHEN_WIDTHS}
        else:
            wraps = {tuple(wrap_words(text, width, size)) for width in WRAP_WIDTHS}
        for lines in sorted(wraps, key=lambda w: (len(w), w)):
            w = max(text_width(line, size) for line in lines)
            h = LINE * len(lines)
            cost = LINE_COST * (len(lines) - 1) + size_cost
            for n, segment in enumerate(list(pairwise(arrow.points))[:along]):
                for box in _beside(segment, w, h, reach, scene):
                    yield _distance(start, box) + cost + n * SECOND_COST, box, lines, size


def _beside(segment: Segment, w: float, h: float, reach: float, scene: Scene
            ) -> Iterator[Box]:
    """Boxes of size w x h beside a segment, on both sides, slid along it up to `reach` from
    its start, within one cell (across no column or row line)."""
    (x0, y0), (x1, y1) = segment
    if abs(x0 - x1) < 0.01:  # vertical: left or right of it
        lo, hi = sorted((y0, y1))
        lo, hi = max(lo - h + STEP, y0 - reach - h), min(hi, y0 + reach)
        for x in (x0 + GAP + PAD, x0 - GAP - PAD - w):
            if _clear_of(x - PAD, x + w + PAD, scene.cols, scene.area):
                yield from (Box(x, y, w, h) for y in _free_steps(lo, hi, h, scene.rows))
    else:  # horizontal: above or below it
        lo, hi = sorted((x0, x1))
        lo, hi = max(lo - w - PAD, x0 - reach - w), min(hi + PAD, x0 + reach)
        for y in (y0 - GAP - h, y0 + GAP):
            if _clear_of(y, y + h, scene.rows):
                yield from (Box(x, y, w, h) for x in _free_steps(lo, hi, w + 2 * PAD,
                                                                scene.cols, PAD))


def _clear_of(lo: float, hi: float, lines: Sequence[float],
              area: tuple[float, float] | None = None) -> bool:
    """True when lo..hi crosses none of the lines (and lies inside the area)."""
    if area and (lo < area[0] + 0.5 or hi > area[1] - 0.5):
        return False
    after = bisect_right(lines, lo - 0.5)  # the first line past lo - 0.5 (lines ascending)
    return after == len(lines) or not lines[after] < hi + 0.5


def _free_steps(lo: float, hi: float, size: float, lines: Sequence[float],
                pad: float = 0.0) -> Iterator[float]:
    """Starts from lo to hi, STEP apart, of spans `size` long that cross none of the lines
    (ascending; a span starts `pad` before its start)."""
    at = lo
    while at <= hi + 1e-9:
        start = at - pad
        first = bisect_right(lines, start - 0.5)
        last = first  # lines[first:last] are the lines inside the span
        while last < len(lines) and lines[last] < start + size + 0.5:
            last += 1
        if last > first:  # jump past the line
            at = max(at + STEP, lines[last - 1] + 0.5 + pad + 1e-6)
            continue
        yield at
        at += STEP


def _distance(point: Point, box: Box) -> float:
    dx = max(box.x - point[0], 0.0, point[0] - box.right)
    dy = max(box.y - point[1], 0.0, point[1] - box.bottom)
    return math.hypot(dx, dy)


def _faults(box: Box, scene: Scene, taken: Sequence[Box], first: bool) -> int:
    """How many rules a label in `box` breaks (with first=True: 1 at the first one); lines
    and symbols weigh 3, heads, labels and arrows 1."""
    broken = _broken(box, scene, taken)
    if first:
        return 1 if next(broken, 0) else 0
    return sum(broken)


def _broken(box: Box, scene: Scene, taken: Sequence[Box]) -> Iterator[int]:
    """The weight of each rule a label in `box` breaks, as they are found (tried for
    thousands of places on a page: the cheap tests come first)."""
    ground = Box(box.x - PAD, box.y, box.w + 2 * PAD, box.h)
    x0, x1, y0, y1 = ground.x, ground.right, ground.y, ground.bottom
    if not _clear_of(x0, x1, scene.cols, scene.area):
        yield 3
    if not _clear_of(y0, y1, scene.rows):
        yield 3
    if (_hits(x0 - 1, x1 + 1, y0 - 1, y1 + 1, scene.heads)
            or _hits(x0 - 1, x1 + 1, y0 - 1, y1 + 1, taken)):
        yield 1
    if _hits(x0, x1, y0, y1, scene.segments):
        yield 1
    if any(_meets(ground, kind, shape) for kind, shape in scene.shapes
           if shape.x < x1 + 1 and x0 - 1 < shape.x + shape.w
           and shape.y < y1 + 1 and y0 - 1 < shape.y + shape.h):
        yield 3


def _hits(x0: float, x1: float, y0: float, y1: float, boxes: Sequence[Box]) -> bool:
    """True when the span x0..x1, y0..y1 shares area with one of the boxes."""
    return any(x0 < b.x + b.w and b.x < x1 and y0 < b.y + b.h and b.y < y1 for b in boxes)


def _meets(ground: Box, kind: str, shape: Box) -> bool:
    if kind == "decision":
        return box_meets_diamond(Box(ground.x - 0.5, ground.y - 0.5, ground.w + 1, ground.h + 1),
                                 shape)
    return ground.overlaps(shape, 1.0)


def seg_box(segment: Segment) -> Box:
    """A segment as a thin box, half a px wider each side."""
    (x0, y0), (x1, y1) = segment
    x, y = min(x0, x1), min(y0, y1)
    return Box(x - 0.5, y - 0.5, abs(x0 - x1) + 1, abs(y0 - y1) + 1)


def _lines(lines: Sequence[str], box: Box, size: float) -> tuple[TextLine, ...]:
    base = box.y + (LINE - CONTENT * size) / 2 + ASCENT * size
    return tuple(TextLine(round(box.x, 2), round(base + i * LINE, 2), text, size)
                 for i, text in enumerate(lines))
