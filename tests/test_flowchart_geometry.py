"""Geometry invariants of the flowchart layout, on the fixture SOPs and on random step graphs."""

from __future__ import annotations

import math
import os
from collections import Counter
from itertools import combinations, pairwise

import pytest
from flowchart_fixtures import (
    ACTORS,
    RANDOM_ACTORS,
    describe,
    fixture_sops,
    make_sop,
    random_sops,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sop import graph
from sop.flowchart import layout_pages
from sop.flowchart.shapes import Box, PageLayout
from sop.model import Sop

EPS = 0.05
INSET = 0.6


# ---------------------------------------------------------------------- shape predicates


def _on_box_edge(box: Box, x: float, y: float) -> bool:
    inside_x = box.x - EPS <= x <= box.right + EPS
    inside_y = box.y - EPS <= y <= box.bottom + EPS
    return (inside_y and (abs(x - box.x) < EPS or abs(x - box.right) < EPS)) or (
        inside_x and (abs(y - box.y) < EPS or abs(y - box.bottom) < EPS))


def _diamond_f(box: Box, x: float, y: float) -> float:
    return abs(x - box.cx) / (box.w / 2) + abs(y - box.cy) / (box.h / 2)


def _seg_point_dist(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    length2 = (bx - ax) ** 2 + (by - ay) ** 2
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * (bx - ax) + (py - ay) * (by - ay))
                                                / length2))
    return math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)))


def _capsule_core(box: Box):
    r = box.h / 2
    return (box.x + r, box.cy), (box.right - r, box.cy), r


def on_outline(kind: str, box: Box, point) -> bool:
    """True when `point` lies on the outline of a symbol of `kind`."""
    x, y = point
    if kind == "decision":
        return abs(_diamond_f(box, x, y) - 1) < 0.01
    if kind == "capsule":
        a, b, r = _capsule_core(box)
        return abs(_seg_point_dist((x, y), a, b) - r) < 0.05
    return _on_box_edge(box, x, y)


def crosses_interior(kind: str, box: Box, p, q) -> bool:
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


def _shapes(page: PageLayout):
    yield from ((s.kind, s.box) for s in page.symbols)
    yield from (("process", c.box) for c in page.connectors)


def _segments(points):
    return list(pairwise(points))


# ---------------------------------------------------------------------- the invariants


def check_layout(sop: Sop, pages: list[PageLayout], max_height: float | None) -> None:
    """Every invariant a reader relies on, over all pages of one SOP."""
    page_of: dict[int, int] = {}
    for page in pages:
        check_page(page, max_height)
        for s in page.symbols:
            page_of[s.step] = page.number
    _check_symbols(sop, pages)
    _check_edges(sop, pages, page_of)


def check_page(page: PageLayout, max_height: float | None) -> None:
    """Arrows, labels and sizes on one page."""
    if max_height is not None:
        assert page.height <= max_height + 0.01, f"page {page.number} is {page.height}px high"
    shapes = list(_shapes(page))
    actor_cols = [c for c in page.columns if c.key == "actor"]
    left, right = actor_cols[0].x, actor_cols[-1].right
    col_edges = sorted({c.x for c in page.columns} | {page.columns[-1].right})
    row_edges = {r.y for r in page.rows} | {r.bottom for r in page.rows}
    for arrow in page.arrows:
        what = f"arrow {arrow.source}->{arrow.target} on page {page.number}"
        assert len(arrow.points) >= 2, what
        assert arrow.head[0] == arrow.points[-1], what
        for p, q in _segments(arrow.points):
            assert abs(p[0] - q[0]) < EPS or abs(p[1] - q[1]) < EPS, f"{what}: not orthogonal"
            assert left < min(p[0], q[0]) and max(p[0], q[0]) < right, f"{what}: leaves actors"
            for kind, box in shapes:
                assert not crosses_interior(kind, box, p, q), f"{what}: crosses {kind} {box}"
            if abs(p[0] - q[0]) < EPS:
                assert all(abs(p[0] - x) > 0.5 for x in col_edges), f"{what}: on a grid line"
            else:
                assert all(abs(p[1] - y) > 0.5 for y in row_edges), f"{what}: on a grid line"
    _check_ends(page)
    _check_no_overlap(page)
    _check_labels(page, shapes)


def _check_ends(page: PageLayout) -> None:
    """Every arrow starts and ends on the outline of its own symbol or connector."""
    for arrow in page.arrows:
        if arrow.start_letter:
            starts = [("process", c.box) for c in page.connectors
                      if c.letter == arrow.start_letter and c.role == "in"]
        else:
            starts = [(s.kind, s.box) for s in page.symbols if s.step == arrow.source]
        if arrow.end_letter:
            ends = [("process", c.box) for c in page.connectors
                    if c.letter == arrow.end_letter and c.role == "out"]
        else:
            ends = [(s.kind, s.box) for s in page.symbols if s.step == arrow.target]
        what = f"arrow {arrow.source}->{arrow.target} on page {page.number}"
        assert any(on_outline(k, b, arrow.points[0]) for k, b in starts), f"{what}: start"
        assert any(on_outline(k, b, arrow.points[-1]) for k, b in ends), f"{what}: end"


def _check_no_overlap(page: PageLayout) -> None:
    """No two arrows run along the same line (so each can be followed)."""
    lines = [(i, seg) for i, a in enumerate(page.arrows) for seg in _segments(a.points)]
    for (i, (p1, q1)), (j, (p2, q2)) in combinations(lines, 2):
        if i == j:
            continue
        for axis in (0, 1):
            other = 1 - axis
            if all(abs(pt[axis] - p1[axis]) < 0.5 for pt in (q1, p2, q2)):
                lo = max(min(p1[other], q1[other]), min(p2[other], q2[other]))
                hi = min(max(p1[other], q1[other]), max(p2[other], q2[other]))
                a, b = page.arrows[i], page.arrows[j]
                assert hi - lo < 0.5, (f"arrows {a.source}->{a.target} and {b.source}->"
                                       f"{b.target} overlap on page {page.number}")


def _check_labels(page: PageLayout, shapes) -> None:
    for label in page.labels:
        for _, box in shapes:
            assert not label.box.overlaps(box), f"label {label.text!r} covers a symbol"
        for arrow in page.arrows:  # a label's white ground would hide the head
            assert not label.box.overlaps(arrow.head_box), (
                f"label {label.text!r} covers the head of {arrow.source}->{arrow.target}")
    for a, b in combinations(page.labels, 2):
        assert not a.box.overlaps(b.box), f"labels {a.text!r} and {b.text!r} overlap"


def _check_symbols(sop: Sop, pages: list[PageLayout]) -> None:
    """One mark per actor of each step; diamonds for decisions wherever they stand (a decision
    may open the flow), capsules for the other steps where the flow starts or ends."""
    symbols = [s for page in pages for s in page.symbols]
    counts = Counter(s.step for s in symbols)
    for i, step in enumerate(sop.steps):
        assert counts[step.no] == len(step.actors)
        ends = step.selesai or (i == len(sop.steps) - 1 and step.ke is None)
        expected = ("decision" if step.is_decision
                    else "capsule" if i == 0 or step.mulai or ends else "process")
        for s in symbols:
            if s.step == step.no:
                assert s.kind == expected, f"step {step.no} drawn as {s.kind}"
                assert s.actor in step.actors


def _check_edges(sop: Sop, pages: list[PageLayout], page_of: dict[int, int]) -> None:
    """Every edge drawn; every page break crossed through one lettered connector pair."""
    seen_letters: set[str] = set()
    all_connectors = [(p.number, c) for p in pages for c in p.connectors]
    for e in graph.edges(sop):
        ps, pt = page_of[e.source], page_of[e.target]
        if ps == pt:
            arrows = [a for a in pages[ps - 1].arrows if (a.source, a.target) == (e.source,
                                                                                    e.target)]
            assert len(arrows) == 1 and arrows[0].label == e.label
            continue
        outs = [(n, c) for n, c in all_connectors
                if (c.source, c.target) == (e.source, e.target) and c.role == "out"]
        ins = [(n, c) for n, c in all_connectors
               if (c.source, c.target) == (e.source, e.target) and c.role == "in"]
        assert len(outs) == 1 and len(ins) == 1, f"edge {e}: connectors {outs} {ins}"
        (n_out, out), (n_in, inc) = outs[0], ins[0]
        assert (n_out, n_in) == (ps, pt)
        assert out.letter == inc.letter and out.actor == inc.actor
        assert out.letter not in seen_letters
        seen_letters.add(out.letter)
        forward = sop.steps.index(sop.step(e.target)) > sop.steps.index(sop.step(e.source))
        assert out.position == ("bottom" if forward else "top")
        assert inc.position == ("top" if forward else "bottom")
        for number, letter_field in ((ps, "end_letter"), (pt, "start_letter")):
            attached = [a for a in pages[number - 1].arrows
                        if getattr(a, letter_field) == out.letter]
            assert len(attached) == 1, f"connector {out.letter} has {len(attached)} arrows"
    assert len(all_connectors) == 2 * len(seen_letters)


# ---------------------------------------------------------------------- the tests


@pytest.mark.parametrize("max_height", [None, 680.0, 420.0, 300.0])
@pytest.mark.parametrize("sop", fixture_sops(), ids=lambda s: s.id)
def test_fixture_layouts_hold_invariants(sop: Sop, max_height: float | None) -> None:
    check_layout(sop, layout_pages(sop, ACTORS, max_height=max_height), max_height)


def test_paging_breaks_rows_and_repeats_header() -> None:
    sop = fixture_sops()[0]
    pages = layout_pages(sop, ACTORS, max_height=420.0)
    assert len(pages) >= 2
    steps = [r.step for p in pages for r in p.rows if r.kind == "step"]
    assert steps == [s.no for s in sop.steps]
    assert all(p.header == pages[0].header for p in pages)
    assert [c.letter for c in pages[0].connectors] == ["A"]


#: A deeper search, new examples each run:
#: HYPOTHESIS_PROFILE=explore FLOWCHART_EXAMPLES=2000 .venv/bin/pytest -k random
EXAMPLES = int(os.environ.get("FLOWCHART_EXAMPLES", "80"))


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(sop=random_sops(), max_height=st.sampled_from([None, 700.0, 450.0, 300.0]))
def test_random_layouts_hold_invariants(sop: Sop, max_height: float | None) -> None:
    try:
        check_layout(sop, layout_pages(sop, RANDOM_ACTORS, max_height=max_height), max_height)
    except AssertionError as error:
        raise AssertionError(f"{error}\n{describe(sop)} max_height={max_height}") from None


#: Examples the random test once found, kept so that they are always checked: one actor, 17-18
#: steps of three-way decisions looping back. The first needed five rounds of page breaks
#: before its row heights settled (a page ended 2 px too tall); in the second, "Tidak" and
#: "Tunda" leave the same side 4.7 px apart, and every place next to their arrows but one
#: covered the other label.
FOUND = {
    "paging-settles-late": ([
        ("a0", 2), ("a0", {"Ya": 3, "Tidak": 15, "Tunda": 7}), ("a0", 1),
        ("a0", {"Ya": 5, "Tidak": 12}), ("a0", 1), ("a0", 1),
        ("a0", {"Ya": 8, "Tidak": 2, "Tunda": 16}), ("a0", 1), ("a0", {"Ya": 10, "Tidak": 2}),
        ("a0", 1), ("a0", 17), ("a0", {"Ya": 1, "Tidak": 2, "Tunda": 11}),
        ("a0", {"Ya": 1, "Tidak": 18, "Tunda": 2}), ("a0", {"Ya": 1, "Tidak": 4}),
        ("a0", {"Ya": 1, "Tidak": 14}), ("a0", {"Ya": 13, "Tidak": 6, "Tunda": 9}),
        ("a0", {"Ya": 18, "Tidak": 2, "Tunda": 9}), ("a0", None),
    ], 450.0),
    "labels-of-one-side": ([
        ("a0", 2), ("a0", {"Ya": 1, "Tidak": 15, "Tunda": 7}), ("a0", 1),
        ("a0", {"Ya": 5, "Tidak": 12}), ("a0", 1), ("a0", 1),
        ("a0", {"Ya": 8, "Tidak": 2, "Tunda": 16}), ("a0", 1), ("a0", {"Ya": 10, "Tidak": 2}),
        ("a0", 1), ("a0", 17), ("a0", {"Ya": 1, "Tidak": 2, "Tunda": 11}),
        ("a0", {"Ya": 1, "Tidak": 2, "Tunda": 3}), ("a0", {"Ya": 1, "Tidak": 4}),
        ("a0", {"Ya": 1, "Tidak": 14}), ("a0", {"Ya": 13, "Tidak": 6, "Tunda": 9}),
        ("a0", None),
    ], None),
}


@pytest.mark.parametrize("name", FOUND)
def test_layouts_the_random_test_found_hold_invariants(name: str) -> None:
    spec, max_height = FOUND[name]
    sop = make_sop(1, spec)
    check_layout(sop, layout_pages(sop, RANDOM_ACTORS, max_height=max_height), max_height)


def test_labels_sit_clear_of_arrows_where_there_is_room() -> None:
    """On the tricky fixture every branch label has a place beside its arrow that no arrow
    crosses ("Tolak" once sat across the arrow going up, "Ya & <lanjut>" across the one coming
    in); the label is not moved away from its arrow to find one."""
    sop = next(s for s in fixture_sops() if s.id == "fixture-tricky")
    for page in layout_pages(sop, ACTORS, max_height=None):
        for label in page.labels:
            for arrow in page.arrows:
                for p, q in _segments(arrow.points):
                    line = Box(min(p[0], q[0]), min(p[1], q[1]),
                               abs(p[0] - q[0]) + 0.01, abs(p[1] - q[1]) + 0.01)
                    assert not label.box.overlaps(line), (label.text, arrow.source, arrow.target)
            own = next(a for a in page.arrows
                       if (a.source, a.target) == (label.source, label.target))
            start = own.points[0]
            near = min(abs(label.box.x - start[0]), abs(label.box.right - start[0]))
            assert near < 40, f"label {label.text!r} drifted {near:.0f}px from its arrow"
