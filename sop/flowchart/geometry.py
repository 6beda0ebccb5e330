"""Predicates on the drawn geometry: points on symbol outlines, segments through symbols,
crossings and gaps between orthogonal segments (used by the checker and the tests)."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import pairwise

from sop.flowchart.shapes import Box, Point

Segment = tuple[Point, Point]
EPS = 0.05
INSET = 0.6
"""How far inside an outline a segment must reach to count as running through the symbol."""


def _diamond_f(box: Box, x: float, y: float) -> float:
    return abs(x - box.cx) / (box.w / 2) + abs(y - box.cy) / (box.h / 2)


def _seg_point_dist(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    length2 = (bx - ax) ** 2 + (by - ay) ** 2
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * (bx - ax) + (py - ay) * (by - ay))
                                                / length2))
    return math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)))


def _capsule_core(box: Box) -> tuple[Point, Point, float]:
    r = box.h / 2
    return (box.x + r, box.cy), (box.right - r, box.cy), r


def _on_box_edge(box: Box, x: float, y: float) -> bool:
    inside_x = box.x - EPS <= x <= box.right + EPS
    inside_y = box.y - EPS <= y <= box.bottom + EPS
    return (inside_y and (abs(x - box.x) < EPS or abs(x - box.right) < EPS)) or (
        inside_x and (abs(y - box.y) < EPS or abs(y - box.bottom) < EPS))


def on_outline(kind: str, box: Box, point: Point) -> bool:
    """True when `point` lies on the outline of a symbol of `kind`."""
    x, y = point
    if kind == "decision":
        return abs(_diamond_f(box, x, y) - 1) < 0.01
    if kind == "capsule":
        a, b, r = _capsule_core(box)
        return abs(_seg_point_dist((x, y), a, b) - r) < 0.05
    return _on_box_edge(box, x, y)


def inside_outline(kind: str, box: Box, point: Point) -> bool:
    """True when `point` lies inside the outline of a symbol of `kind` (or on it)."""
    x, y = point
    if kind == "decision":
        return _diamond_f(box, x, y) <= 1 + EPS / 10
    if kind == "capsule":
        a, b, r = _capsule_core(box)
        return _seg_point_dist((x, y), a, b) <= r + EPS
    return box.x - EPS <= x <= box.right + EPS and box.y - EPS <= y <= box.bottom + EPS


def crosses_interior(kind: str, box: Box, p: Point, q: Point) -> bool:
    """True when the axis-parallel segment p-q enters the inside of the symbol."""
    (x1, y1), (x2, y2) = p, q
    if kind == "decision":
        cx = min(max(box.cx, min(x1, x2)), max(x1, x2))
        cy = min(max(box.cy, min(y1, y2)), max(y1, y2))
        return min(_diamond_f(box, x, y) for x, y in (p, q, (cx, cy))) < 1 - 0.03
    if kind == "capsule":
        a, b, r = _capsule_core(box)
        dist = min(_seg_point_dist(a, p, q), _seg_point_dist(b, p, q),
                   _seg_point_dist(p, a, b), _seg_point_dist(q, a, b))
        if min(y1, y2) <= box.cy <= max(y1, y2) and a[0] <= x1 <= b[0] and x1 == x2:
            dist = 0.0
        return dist < r - INSET
    inner = Box(box.x + INSET, box.y + INSET, box.w - 2 * INSET, box.h - 2 * INSET)
    seg = Box(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))
    return (seg.x < inner.right and inner.x < seg.right and seg.y < inner.bottom
            and inner.y < seg.bottom)


def _vertical(s: Segment) -> bool:
    return abs(s[0][0] - s[1][0]) <= EPS


def crossing_pairs(lines: Sequence[Sequence[Point]], tol: float = 0.01
                   ) -> list[tuple[int, int, Point]]:
    """Each place where a vertical segment of one polyline crosses a horizontal one of
    another inside both (not at an end): the vertical's line, the horizontal's, and where.
    Each vertical is tested only against the horizontals within its height (sorted by
    height): untangling counts this for every change it tries, the checker for every page."""
    verticals, horizontals = [], []
    for n, points in enumerate(lines):
        for a, b in pairwise(points):
            if abs(a[0] - b[0]) < tol:
                verticals.append((n, a[0], min(a[1], b[1]), max(a[1], b[1])))
            else:
                horizontals.append((a[1], n, min(a[0], b[0]), max(a[0], b[0])))
    horizontals.sort()
    heights = [h[0] for h in horizontals]
    out = []
    for nv, x, y0, y1 in verticals:
        for y, nh, x0, x1 in horizontals[bisect_right(heights, y0 + 0.5):
                                         bisect_left(heights, y1 - 0.5)]:
            if nv != nh and x0 + 0.5 < x < x1 - 0.5:
                out.append((nv, nh, (round(x, 2), round(y, 2))))
    return out


def parallel_gap(a: Segment, b: Segment) -> float | None:
    """The distance between two parallel segments that run side by side for more than half a
    px (None when they are not parallel or do not run alongside each other)."""
    if _vertical(a) != _vertical(b):
        return None
    axis = 0 if _vertical(a) else 1
    other = 1 - axis
    lo = max(min(a[0][other], a[1][other]), min(b[0][other], b[1][other]))
    hi = min(max(a[0][other], a[1][other]), max(b[0][other], b[1][other]))
    if hi - lo <= 0.5:
        return None
    return abs(a[0][axis] - b[0][axis])


def box_meets_diamond(box: Box, diamond: Box) -> bool:
    """True when a box shares area with the diamond drawn in `diamond` (its bounding box)."""
    x = min(max(diamond.cx, box.x), box.right)
    y = min(max(diamond.cy, box.y), box.bottom)
    return _diamond_f(diamond, x, y) < 1 - 0.01
