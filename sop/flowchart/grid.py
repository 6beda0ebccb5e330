"""The grid the router works on: actor columns with their gutters, marks, row bands, and
the lanes that keep parallel arrows apart.

Lane spacing is set in px so that it prints at no less than 4 pt (a px prints as 0.75 pt), and
the lane nearest a symbol leaves room for an arrowhead (6 px) plus 2 pt of straight line.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from sop.flowchart.shapes import Box, Point

LANE = 6.0
"""Distance between band lanes (4.5 pt)."""
GUTTER_GAP = 5.5
"""Distance between gutter lanes (4.1 pt)."""
HEAD_CLEAR = 9.0
"""Distance from a symbol to the lane nearest it: an arrowhead (6 px) and 2 pt (2.7 px)."""
BAND_CLEAR = 4.0
"""Distance from a symbol to the first band lane when no arrowhead rises from that lane."""
LINE_CLEAR = 3.0
"""Distance a gutter lane keeps from the column line."""
GUTTER_MIN = 11.0
CONNECTOR_SIZE = 18.0
SYMBOL_H = {"process": 22.0, "capsule": 20.0, "decision": 28.0}
DECISION_MAX_W = 44.0
END_W, END_H = 26.0, 14.0
"""The end capsule of a branch that ends the flow."""
END_GAP = 14.0
"""Least length of the arrow from a decision to its end capsule."""
LABEL_ROOM = 13.0


def symbol_width(column_w: float) -> float:
    """Width of the rectangle/capsule drawn in an actor column of width `column_w`."""
    return column_w - 2 * max(GUTTER_MIN, 0.19 * column_w)


def mark_size(kind: str, width: float) -> tuple[float, float]:
    """Width and height of a mark of `kind` in a column whose rectangles are `width` wide."""
    if kind.startswith("conn"):
        return CONNECTOR_SIZE, CONNECTOR_SIZE
    return (min(width, DECISION_MAX_W) if kind == "decision" else width), SYMBOL_H[kind]


@dataclass
class ColumnGeom:
    """An actor column as the router sees it."""

    x: float
    w: float
    sw: float = 0.0
    """Width of the rectangles drawn in the column (0: the default for its width); a column
    widened for its gutters keeps the symbols of its first width, one widened for its
    connectors widens them too (connectors stay within the symbols' span, off the gutters)."""

    def __post_init__(self) -> None:
        if not self.sw:
            self.sw = symbol_width(self.w)

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    def gutter_span(self, side: str) -> tuple[float, float]:
        """(inner, outer) x of the gutter beside the symbols; outer stays off the grid line."""
        half = self.sw / 2
        if side == "R":
            return self.cx + half, self.x + self.w - LINE_CLEAR
        return self.cx - half, self.x + LINE_CLEAR

    def lane_x(self, side: str, lane: int, count: int, outward: bool = False) -> float:
        """The x of gutter lane `lane` of `count` (0 nearest the symbols), the lanes next to
        the symbols or (outward) next to the column's edge."""
        inner, outer = self.gutter_span(side)
        room = abs(outer - inner)
        first, step = HEAD_CLEAR, GUTTER_GAP
        if first + (count - 1) * step > room:  # too many lanes: squeezed until widened
            first = step = room / (count + 1)
        elif outward:  # a lane's width off the column line
            first = max(first, room + LINE_CLEAR - count * step)
        return inner + (1 if side == "R" else -1) * (first + lane * step)


def gutter_need(count: int) -> float:
    """Width a gutter needs beside the symbols for `count` lanes at full spacing."""
    return HEAD_CLEAR + (count - 1) * GUTTER_GAP + LINE_CLEAR if count else 0.0


@dataclass
class Mark:
    """Something arrows attach to: a step's symbol in a column, or an off-page connector."""

    key: int
    row: int
    col: int
    kind: str
    cx: float
    w: float
    h: float
    step: int | None = None
    joint: bool = False

    def box(self, cy: float) -> Box:
        return Box(self.cx - self.w / 2, cy - self.h / 2, self.w, self.h)


@dataclass
class RowGeom:
    """Vertical geometry of one row: symbol centre and the band below the symbols."""

    cy: float
    band_top: float
    band_bottom: float
    label_room: float = 0.0


def band_need(lanes: int, label_room: float, head: bool = False) -> float:
    """Height a row's lower band needs for its labels and lanes (head: an arrowhead rises
    from its first lane to the symbol above)."""
    return label_room + (HEAD_CLEAR if head else BAND_CLEAR) + max(lanes, 1) * LANE + 3


def stack(items: Sequence[tuple[tuple[float, float], Hashable]],
          above: Iterable[tuple[Hashable, Hashable]]) -> dict:
    """Lanes for intervals that must keep an order: each (a, b) in `above` puts a on a lower
    lane number than b, in the order given (the first ones are kept where later ones would
    contradict them); an interval takes the lowest free lane its order allows, in the order
    of `items` where nothing else decides."""
    span = {key: interval for interval, key in items}
    rank = {key: n for n, (_, key) in enumerate(items)}
    before: dict = {key: set() for key in span}
    for a, b in above:
        if a in span and b in span and a != b and not _precedes(before, a, b):
            before[b].add(a)
    lanes: dict = {}
    taken: list[list[tuple[float, float]]] = []
    waiting = sorted(span, key=rank.__getitem__)
    while waiting:
        key = next(k for k in waiting if before[k] <= lanes.keys())
        waiting.remove(key)
        lo, hi = span[key]
        index = max((lanes[k] + 1 for k in before[key]), default=0)
        while index < len(taken) and not all(hi < a - 0.01 or b < lo - 0.01
                                              for a, b in taken[index]):
            index += 1
        if index == len(taken):
            taken.append([])
        taken[index].append((lo, hi))
        lanes[key] = index
    return lanes


def _precedes(before: dict, start: Hashable, goal: Hashable) -> bool:
    """Whether `goal` must already come before `start` (a path of `before` links)."""
    seen, todo = {start}, [start]
    while todo:
        for prior in before[todo.pop()]:
            if prior == goal:
                return True
            if prior not in seen:
                seen.add(prior)
                todo.append(prior)
    return False


def overlapping_pairs(segments: list[tuple[Point, Point]]) -> list[tuple[int, int]]:
    """Index pairs (i < j, in order) of segments that lie on one vertical or horizontal line
    and share more than a point (collinear_overlap).

    Candidates are found by sorting along each axis instead of trying all pairs, and only
    those whose spans along the line overlap by more than half a px are tested in full (a
    page may have dozens of verticals on one column's centre line; untangling asks this for
    every change it tries)."""
    pairs: set[tuple[int, int]] = set()
    for axis in (0, 1):
        other = 1 - axis
        line = sorted((a[axis], i, min(a[other], b[other]), max(a[other], b[other]))
                      for i, (a, b) in enumerate(segments) if abs(a[axis] - b[axis]) < 0.5)
        for k, (at, i, lo, hi) in enumerate(line):
            for there, j, lo2, hi2 in line[k + 1:]:
                if there - at >= 0.5:
                    break
                if min(hi, hi2) - max(lo, lo2) > 0.5:  # needed for collinear_overlap
                    pair = (min(i, j), max(i, j))
                    if collinear_overlap(*segments[pair[0]], *segments[pair[1]]):
                        pairs.add(pair)
    return sorted(pairs)


def collinear_overlap(a1: Point, a2: Point, b1: Point, b2: Point) -> bool:
    """True when two axis-parallel segments lie on one line and share more than a point."""
    for axis in (0, 1):
        other = 1 - axis
        if all(abs(p[axis] - a1[axis]) < 0.5 for p in (a2, b1, b2)):
            lo = max(min(a1[other], a2[other]), min(b1[other], b2[other]))
            hi = min(max(a1[other], a2[other]), max(b1[other], b2[other]))
            return hi - lo > 0.5
    return False


def simplify(points: list[Point]) -> tuple[Point, ...]:
    """Drop repeated and collinear middle points."""
    out: list[Point] = []
    for pt in points:
        pt = (round(pt[0], 2), round(pt[1], 2))
        if out and abs(out[-1][0] - pt[0]) < 0.01 and abs(out[-1][1] - pt[1]) < 0.01:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if (abs(ax - bx) < 0.01 and abs(bx - pt[0]) < 0.01) or (
                    abs(ay - by) < 0.01 and abs(by - pt[1]) < 0.01):
                out[-1] = pt
                continue
        out.append(pt)
    return tuple(out)
