"""The flowchart engine's short cuts draw what the plain way draws (issue 18, layout speed).

The layout was made several times faster without changing a drawing: segments on one line
found by sorting, crossings by bisecting, label places tested against the nearby scene only,
a page's route kept when its rows and connectors are kept, untangling changes that cannot move
an arrow not routed. Each short cut is held here to its plain definition, or the layout with
the short cuts to the layout without them.
"""

from __future__ import annotations

from itertools import pairwise
from types import SimpleNamespace
from typing import Any

import pytest
from flowchart_fixtures import RANDOM_ACTORS, describe, random_sops
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sop.flowchart import context, labels, layout_pages, untangle
from sop.flowchart.grid import collinear_overlap, overlapping_pairs
from sop.model import Sop

# coordinates on a coarse grid, and some a hair off it: lines that (nearly) coincide
COORD = st.one_of(st.integers(0, 12).map(float), st.sampled_from([3.3, 3.6, 6.49, 6.51, 9.2]))


@st.composite
def segment(draw: st.DrawFn) -> tuple[tuple[float, float], tuple[float, float]]:
    """An axis-parallel segment, as the router draws them."""
    at, a, b = draw(COORD), draw(COORD), draw(COORD)
    if a == b:
        b = a + draw(st.sampled_from([0.3, 0.6, 2.0]))
    if draw(st.booleans()):
        return (at, a), (at, b)
    return (a, at), (b, at)


@settings(max_examples=300, deadline=None)
@given(st.lists(segment(), max_size=14))
def test_segments_along_each_other_are_all_found(segments: list[Any]) -> None:
    every = [(i, j) for i in range(len(segments)) for j in range(i + 1, len(segments))
             if collinear_overlap(*segments[i], *segments[j])]
    assert overlapping_pairs(segments) == every


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(COORD, COORD), min_size=2, max_size=5), max_size=6))
def test_crossings_are_counted_as_defined(polylines: list[list[tuple[float, float]]]) -> None:
    # orthogonal polylines: each point shares x or y with the one before
    lines = []
    for order, raw in enumerate(polylines):
        points = [raw[0]]
        for n, (x, y) in enumerate(raw[1:]):
            last = points[-1]
            points.append((x, last[1]) if n % 2 else (last[0], y))
        lines.append((SimpleNamespace(order=order), tuple(points)))
    verticals, horizontals = [], []
    for plan, points in lines:
        for a, b in pairwise(points):
            if abs(a[0] - b[0]) < 0.01:
                verticals.append((plan.order, a[0], min(a[1], b[1]), max(a[1], b[1])))
            else:
                horizontals.append((plan.order, a[1], min(a[0], b[0]), max(a[0], b[0])))
    every = [(ov, oh) for ov, x, y0, y1 in verticals for oh, y, x0, x1 in horizontals
             if ov != oh and y0 + 0.5 < y < y1 - 0.5 and x0 + 0.5 < x < x1 - 0.5]
    assert sorted(untangle._crossings(lines)) == sorted(every)  # type: ignore[arg-type]


LINES = st.lists(st.integers(0, 80).map(lambda n: n / 2), max_size=8).map(sorted)


@settings(max_examples=300, deadline=None)
@given(LINES, st.integers(0, 80).map(lambda n: n / 2), st.sampled_from([0.0, 1.0, 7.5, 30.0]))
def test_label_places_keep_off_the_lines_as_defined(lines: list[float], lo: float,
                                                    size: float) -> None:
    crossing = any(lo - 0.5 < at < lo + size + 0.5 for at in lines)
    assert labels._clear_of(lo, lo + size, lines) is not crossing
    starts = list(labels._free_steps(lo - 10, lo + 10, size, lines, 1.0))
    at, every = lo - 10, []
    while at <= lo + 10 + 1e-9:  # the plain walk: one step at a time past a line
        blocking = [x for x in lines if at - 1.0 - 0.5 < x < at - 1.0 + size + 0.5]
        if blocking:
            at = max(at + labels.STEP, max(blocking) + 0.5 + 1.0 + 1e-6)
            continue
        every.append(at)
        at += labels.STEP
    assert starts == every


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """The layout without its short cuts: every page routed anew, every change routed,
    every label place tested against the whole scene."""
    monkeypatch.setattr(context, "_same_rows",
                        lambda ctx, page, pages, crossings, rough:
                        context._new_route(ctx, page, pages, crossings, rough))
    monkeypatch.setattr(untangle, "_unordered", lambda router, where: False)
    monkeypatch.setattr(labels, "_around", lambda scene, taken, boxes: (scene, list(taken)))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow,
                                 HealthCheck.function_scoped_fixture])
@given(sop=random_sops(), max_height=st.sampled_from([None, 450.0, 300.0]))
def test_short_cuts_draw_what_the_plain_layout_draws(monkeypatch: pytest.MonkeyPatch,
                                                     sop: Sop, max_height: float | None) -> None:
    fast = layout_pages(sop, RANDOM_ACTORS, max_height=max_height)
    with monkeypatch.context() as patched:
        _plain(patched)
        plain = layout_pages(sop, RANDOM_ACTORS, max_height=max_height)
    assert fast == plain, f"{describe(sop)} max_height={max_height}"
