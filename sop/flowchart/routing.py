"""Orthogonal arrow routing on one page of the flowchart grid.

The page is a grid of rows (steps, plus connector strips at index -1 and `len(rows)`) and actor
columns. Symbols sit in the middle of their column; the free space beside them (the column's left
and right *gutters*) and below them (each row's lower *band*) carry the arrows:

- an arrow leaves a symbol from the bottom (forward flow) or a side (further branches of a
  decision, loop-backs), travels along one vertical *corridor* (a symbol column where nothing is
  in the way, or a gutter lane), with horizontal jogs in band lanes, and enters the target from
  the top (forward) or from a side (loop-back);
- every vertical in a gutter and every horizontal jog in a band gets its own lane, so parallel
  segments stay apart; jogs whose short stub rises to the symbol above use the upper lanes of a
  band, jogs whose stub drops to the row below the lower ones, so stubs never run along each
  other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from sop.flowchart.grid import (
    BAND_CLEAR,
    HEAD_CLEAR,
    LANE,
    ColumnGeom,
    Mark,
    RowGeom,
    overlapping_pairs,
    simplify,
    stack,
)
from sop.flowchart.shapes import (
    PORT_GAP,
    Point,
    Side,
    port_point,
    side_room,
    side_share,
    slot_pitch,
)


@dataclass
class Crowding:
    """Where a branch found no clear place for its label. Leaving sideways: the sides of
    steps' symbols (step number, side) that loop-backs then enter from the other side, and
    the loop-backs (source, target) whose own label found none: they leave from the other
    side. Leaving downward: the actor columns whose gutter lanes then keep to the column's
    edges, clear of the labels beside the arrows down its middle, and the loop-backs that
    could not leave sideways (from the middle of a joint step): they leave from the top."""

    sides: set[tuple[int | None, str]] = field(default_factory=set)
    loops: set[tuple[int, int]] = field(default_factory=set)
    columns: set[int] = field(default_factory=set)
    up: set[tuple[int, int]] = field(default_factory=set)

    def copy(self) -> Crowding:
        return Crowding(set(self.sides), set(self.loops), set(self.columns), set(self.up))


@dataclass
class Plan:
    """The chosen route of one edge, resolved into points by `Router.build`."""

    order: int
    source: int
    target: int
    label: str | None
    src: Mark
    dst: Mark
    src_side: Side
    dst_side: Side
    via: str  # 'source' | 'target' | 'gutter'
    gutter: tuple[int, str] | None = None
    fallback: tuple[int, str] | None = None  # the gutter used when the chosen corridor clashes
    src_offset: float = 0.0
    dst_offset: float = 0.0
    xv: float = 0.0
    jogs: dict[str, tuple[int, float]] = field(default_factory=dict)  # 'start'/'end' -> band, y


def outline(mark: Mark) -> str:
    """The outline a mark's arrows attach to: a connector's box, an end mark's capsule."""
    if mark.kind == "end":
        return "capsule"
    return "process" if mark.kind.startswith("conn") else mark.kind


def _port_level(mark: Mark, side: Side) -> float:
    """Where on the page a port sits, in row units (x.5: the band under row x)."""
    return mark.row + {"top": -0.25, "bottom": 0.25}.get(side, 0.0)


def _above(jogs: list) -> list[tuple[object, object]]:
    """The pairs (a, b) of one band's jogs where a must run above b (`_assign_bands`), those
    that keep lines apart first: one plan's two jogs in the order it runs through them, and
    a jog with a rising vertical above one with a dropping vertical beside it (the two would
    run along each other, less than a lane apart); then those that avoid crossings."""
    apart, across = [], []
    for key, _, _, verticals in jogs:
        for other, (lo, hi), _, others in jogs:
            if other[0] == key[0]:
                if key[1] == "start" and other[1] == "end":
                    apart.append((key, other) if verticals[1][1] > 0 else (other, key))
                continue
            for x, way in verticals:
                if lo + 0.5 < x < hi - 0.5:
                    across.append((other, key) if way > 0 else (key, other))
                if way < 0 and any(abs(x - x2) < LANE and w2 > 0 for x2, w2 in others):
                    apart.append((key, other))
    return apart + across


def _entry(gutter: tuple[int, str]) -> Side:
    """The side of a symbol an arrow climbing in the gutter enters it from."""
    return "right" if gutter[1] == "R" else "left"


def _reaches(side: Side, col: int, gutter: tuple[int, str]) -> bool:
    """Whether an arrow leaving a symbol in column `col` from `side` can reach the gutter
    without crossing the symbol (beyond the side it leaves from)."""
    if side in ("top", "bottom"):
        return True
    ahead = 1 if side == "right" else -1
    return (gutter[0] - col) * ahead > 0 or gutter == (col, side[0].upper())


def _facing(target_col: int, source_col: int) -> tuple[int, str]:
    """The gutter beside the target column on the side the flow comes from."""
    return (target_col, "L") if source_col < target_col else (target_col, "R")


class Router:
    """Plans and draws all arrows of one page."""

    def __init__(self, columns: list[ColumnGeom], marks: Iterable[Mark]):
        self.columns = columns
        self.marks = list(marks)
        self._size = {m.key: (m.w, m.h) for m in self.marks}
        self._cx = {m.key: m.cx for m in self.marks}
        """The marks' own sizes and places (`_fit_ports` makes them larger for their ports,
        `_order_connectors` moves connectors)."""
        self.plans: list[Plan] = []
        self._occupied: set[tuple[int, int]] = set()
        self._claims: dict[int, list[tuple[float, float]]] = defaultdict(list)
        rows: dict[int, list[Mark]] = defaultdict(list)
        for mark in self.marks:
            if mark.step is not None:
                rows[mark.row].append(mark)
        for row, marks in rows.items():
            cols = [m.col for m in marks]
            self._occupied.update((row, c) for c in range(min(cols), max(cols) + 1))
        self.gutter_x: dict[int, float] = {}
        self.gutter_lanes: dict[tuple[int, str], int] = {}
        self.span_need: dict[int, float] = {}
        """Columns whose symbols' span is narrower than a symbol's ports need: the span
        needed (the layout widens it)."""
        self.band_lanes: dict[int, int] = {}
        self.band_heads: set[int] = set()
        """Bands with an arrowhead rising from a lane to the symbol above."""
        self.side_first: set[int] = set()
        """Plans that leave their symbol sideways though they could leave from the bottom."""
        self.other_side: set[int] = set()
        """Plans leaving sideways toward a step in their own column from the left side
        instead of the right."""
        self.port_order: dict[tuple[int, Side], tuple[int, ...]] = {}
        """Plans along one side of a mark, in an order chosen to avoid crossings."""
        self.gutter_choice: dict[int, tuple[int, str]] = {}
        """Backward plans climbing in another gutter than the one facing their source."""
        self.down_first: set[int] = set()
        """Bands whose jogs dropping to the row below take the upper lanes."""
        self.variant = 0
        """Which of the layout's variants to draw (`layout.VARIANTS`): odd ones run arrows
        within one column in its left gutter, those from 2 try untangling changes in the
        other order and order ports by where an arrow between neighbouring rows comes from,
        and from 3 loop-backs enter a side kept for a label once the other side is full."""
        self.crowding = Crowding()
        """Where branch labels found no room on an earlier layout attempt."""
        self.long_inside: set[tuple[int, str]] = set()
        """Gutters whose longer verticals take the lanes nearest the symbols."""
        self._requests: list[tuple[int, int, str | None, list[Mark], list[Mark], bool]] = []
        self._lines: list[tuple[Plan, tuple[Point, ...]]] | None = None
        """The stretched polylines of the plans as resolved (untangling asks for them again
        after every change it tries; any change of the plans clears them)."""
        self._overlaps: tuple[object, list[tuple[Plan, Plan]]] = (None, [])
        """The pairs of `overlaps`, with the polylines they were found on."""
        self.ordered: set[object] = set()
        """The gutters and bands where long_inside or down_first could change a lane in the
        last resolving, in any of its rounds (a gutter with verticals of different lengths, a
        band with jogs rising and dropping); toggling one of the others changes nothing
        (untangling does not route such a change)."""

    # ------------------------------------------------------------------ planning

    def add(self, source: int, target: int, label: str | None, src: list[Mark],
            dst: list[Mark], side_exit: bool) -> Plan:
        """Plan the route of one edge between the marks of its two ends."""
        self._requests.append((source, target, label, src, dst, side_exit))
        self._lines = None
        s, d = min(((a, b) for a in src for b in dst),
                   key=lambda p: (abs(p[0].col - p[1].col), p[0].col, p[1].col))
        order = len(self.plans)
        side_exit = side_exit or (order in self.side_first and d.col != s.col)
        if d.kind == "end" or self._level(s, d):  # straight across to the mark beside it
            toward: Side = "right" if d.cx > s.cx else "left"
            away: Side = "left" if toward == "right" else "right"
            plan = Plan(order, source, target, label, s, d, toward, away, "source")
        elif d.row > s.row:
            plan = self._forward(order, source, target, label, s, d, side_exit)
        else:
            if len(dst) > 1:  # enter a joint step from outside, never along its joiner
                cols = [m.col for m in dst]
                outer = max if 2 * s.col >= min(cols) + max(cols) else min
                d = next(m for m in dst if m.col == outer(cols))
            plan = self._backward(order, source, target, label, s, d)
        self.plans.append(plan)
        return plan

    def _level(self, s: Mark, d: Mark) -> bool:
        """True when two steps' marks share a row (`sebaris`) with no other mark between them:
        the arrow runs straight across from one to the other."""
        if s.row != d.row or s.step is None or d.step is None or s.step == d.step:
            return False
        lo, hi = sorted((s.col, d.col))
        return not any(m.row == s.row and lo < m.col < hi for m in self.marks)

    def replan(self) -> None:
        """Plan every edge again (after side_first changed) and resolve the lanes."""
        requests, self._requests = self._requests, []
        self.plans = []
        self._claims.clear()
        for request in requests:
            self.add(*request)
        self.resolve_x()

    def other_gutters(self, plan: Plan) -> list[tuple[int, str]]:
        """Gutters a plan could run in instead of its own corridor: for a backward plan, the
        far side of its target's column, or either side of its source's when it ends under a
        connector; for a forward plan, either side of its source's or its target's column
        that its first segment can reach."""
        if plan.dst.row <= plan.src.row:
            if plan.src.joint or plan.dst.joint:
                return []
            if plan.gutter is None:
                return []
            flip = "L" if plan.gutter[1] == "R" else "R"
            out = [(plan.dst.col, flip)]
            sides = self.crowding.sides
            if (plan.dst.step, _entry(out[0])) in sides and (
                    plan.dst.step, _entry(plan.gutter)) not in sides:
                out = []  # not into the side a label needs
            if plan.dst.step is None:
                out += [(plan.src.col, "L"), (plan.src.col, "R")]
        else:
            out = [(col, side) for col in (plan.src.col, plan.dst.col) for side in "LR"]
            out = [g for g in out if _reaches(plan.src_side, plan.src.col, g)]
        return [g for g in dict.fromkeys(out) if g != plan.gutter]

    def can_leave_sideways(self, plan: Plan) -> bool:
        """Whether a forward plan leaving from the bottom could leave toward its target."""
        return (plan.dst.row > plan.src.row and plan.dst.col != plan.src.col
                and plan.src.step is not None
                and self._outer(plan.src, "left" if plan.dst.col < plan.src.col else "right"))

    def _outer(self, mark: Mark, side: Side) -> bool:
        """Whether an arrow may leave a mark from a side: any side of a step's own symbol,
        the outer side of the first or last symbol of a joint step (their joiner runs
        between them)."""
        if not mark.joint:
            return True
        cols = [m.col for m in self.marks if m.step == mark.step]
        return mark.col == (min(cols) if side == "left" else max(cols))

    def _clear(self, col: int, lo: int, hi: int, levels: tuple[float, float],
               own_x: bool = False) -> bool:
        """True when a vertical in column `col` can pass rows lo..hi and is not yet taken
        (a vertical at its own x, below a connector, is not kept off the others' span: where
        it does run along another, resolving moves it to its gutter)."""
        if any((r, col) in self._occupied for r in range(lo, hi + 1)):
            return False
        return own_x or all(levels[1] <= a or b <= levels[0] for a, b in self._claims[col])

    def _forward(self, order: int, source: int, target: int, label: str | None, s: Mark,
                 d: Mark, side_exit: bool) -> Plan:
        between = (s.row + 1, d.row - 1)
        side: Side = "top" if s.kind == "conn-up" else "bottom"
        if side_exit and s.step is not None:
            ways: list[Side] = ["left"] if d.col < s.col else (
                ["right"] if d.col > s.col else
                ["left", "right"] if order in self.other_side else ["right", "left"])
            side = next((way for way in ways if self._outer(s, way)), side)
        plan = Plan(order, source, target, label, s, d, side, "top", "gutter")
        if d.col != s.col:
            plan.fallback = _facing(d.col, s.col)
        else:
            plan.fallback = (s.col, "L" if side == "left" or (
                side != "right" and self.variant % 2) else "R")
        chosen = self.gutter_choice.get(order)
        if chosen and _reaches(side, s.col, chosen):  # untangling chose a gutter
            plan.fallback = chosen
        elif side == "bottom" and d.step is None and d.row == s.row + 1:
            plan.via = "target"  # a connector right below: straight down to its own place
        elif side == "bottom":
            if s.col == d.col:
                if self._clear(s.col, *between, (s.row + 0.25, d.row - 0.25), s.step is None):
                    plan.via = "source"
            elif self._clear(d.col, *between, (s.row + 0.3, d.row - 0.25)):
                plan.via = "target"
            elif self._clear(s.col, *between, (s.row + 0.25, d.row - 0.3)):
                plan.via = "source"
        else:
            toward = (d.col - s.col) * (1 if side == "right" else -1) > 0
            if toward and self._clear(d.col, *between, (s.row, d.row - 0.25)):
                plan.via = "target"
        if plan.via == "source":
            self._claims[s.col].append((s.row + 0.25, d.row - 0.25))
        elif plan.via == "target":
            self._claims[d.col].append((s.row, d.row - 0.25))
        else:
            plan.gutter = plan.fallback
        return plan

    def _backward(self, order: int, source: int, target: int, label: str | None, s: Mark,
                  d: Mark) -> Plan:
        gutter = _facing(d.col, s.col)
        if s.col == d.col and self.variant % 2:  # the other variant climbs on the left
            gutter = (d.col, "L")
        if d.joint and d.step is not None:
            rightmost = max(m.col for m in self.marks if m.step == d.step)
            gutter = (d.col, "R" if d.col == rightmost else "L")
        flip = (gutter[0], "L" if gutter[1] == "R" else "R")
        sides = self.crowding.sides
        if not d.joint and ((source, target) in self.crowding.loops or (
                (d.step, _entry(gutter)) in sides and (d.step, _entry(flip)) not in sides
                and not (self.variant >= 3 and self._fuller(d, flip, gutter)))
                or self._fuller(d, gutter, flip)):
            gutter = flip
        if order in self.gutter_choice:  # untangling chose another, unless that side is full
            chosen = self.gutter_choice[order]
            other = (chosen[0], "L" if chosen[1] == "R" else "R")
            gutter = other if not d.joint and self._fuller(d, chosen, other) else chosen
        toward: Side = "right" if (gutter[1] == "R" and s.col <= gutter[0]) or s.col < gutter[0] \
            else "left"
        src_side: Side = "top" if s.kind == "conn-up" or (
            not self._outer(s, toward) and (source, target) in self.crowding.up) else (
            toward if self._outer(s, toward) else "bottom")
        dst_side: Side = "bottom" if d.kind.startswith("conn") else _entry(gutter)
        if src_side == "top" and s.step is not None and d.step is None and d.col == s.col:
            levels = (d.row + 0.25, s.row - 0.25)  # up its own column to the connector
            if self._clear(s.col, d.row + 1, s.row - 1, levels):
                self._claims[s.col].append(levels)
                return Plan(order, source, target, label, s, d, src_side, dst_side, "source",
                            fallback=gutter)
        return Plan(order, source, target, label, s, d, src_side, dst_side, "gutter", gutter)

    def _fuller(self, d: Mark, gutter: tuple[int, str], flip: tuple[int, str]) -> bool:
        """Whether the side of `d` an arrow from `gutter` enters already holds as many
        arrows as fit along it 4 pt apart, and more than the other side (`flip`)."""
        if d.step is None:
            return False

        def count(side: Side) -> int:
            return sum((p.src.key, p.src_side) == (d.key, side)
                       or (p.dst.key, p.dst_side) == (d.key, side) for p in self.plans)

        here, there = count(_entry(gutter)), count(_entry(flip))
        fit = 1 + int(side_share(outline(d)) * d.h / PORT_GAP)
        return here >= fit and there < here

    # ------------------------------------------------------------------ resolving

    def resolve_x(self) -> None:
        """Port offsets, gutter lanes and band lanes: everything that needs no y.

        A corridor through a symbol column can still run along another arrow's stub; such
        plans are moved to their gutter until no two arrows share a line.
        """
        self.ordered = set()
        for mark in self.marks:
            mark.cx = self._cx[mark.key]
        for attempt in range(len(self.plans) + 1):
            self._resolve_once()
            if attempt == 0 and self._order_connectors():
                self._resolve_once()
            clashes = self._clashes()
            if not clashes:
                return
            for plan in clashes:
                plan.via, plan.gutter = "gutter", plan.fallback
            self._lines = None

    def _order_connectors(self) -> bool:
        """Connectors side by side in a strip take their places in the order their arrows
        come from (the lettered order otherwise crosses arrows coming from the far side);
        True when one moved."""
        groups: dict[tuple[int, int], list[tuple[float, Mark]]] = defaultdict(list)
        for plan in self.plans:
            for mark, end in ((plan.src, "src"), (plan.dst, "dst")):
                if mark.step is None and mark.kind.startswith("conn"):
                    groups[(mark.row, mark.col)].append((self._comes_from(plan, end), mark))
        moved = False
        for group in groups.values():
            places = sorted(mark.cx for _, mark in group)
            for cx, (_, mark) in zip(places, sorted(group, key=lambda g: (g[0], g[1].key)),
                                     strict=True):
                moved = moved or abs(mark.cx - cx) > 0.01
                mark.cx = cx
        return moved

    def _comes_from(self, plan: Plan, end: str) -> float:
        """The x an arrow comes from toward one of its ends: the vertical it runs in, or
        where it leaves the other end when it runs straight down that end's column."""
        own = "source" if end == "src" else "target"
        if plan.via != own:
            return plan.xv
        other = plan.dst if end == "src" else plan.src
        return other.cx

    def _resolve_once(self) -> None:
        self._lines = None
        self.gutter_x.clear()
        self.gutter_lanes.clear()
        self.band_lanes.clear()
        self.band_heads.clear()
        self._assign_gutters()  # the lanes first: ports are ordered by where their lanes are
        self._assign_slots()
        for plan in self.plans:
            if plan.via == "source":
                plan.xv = self._port(plan, "src")[0]
            elif plan.via == "target":
                plan.xv = self._port(plan, "dst")[0]
            else:
                plan.xv = self.gutter_x[plan.order]
        self._assign_bands()

    def stretched(self) -> list[tuple[Plan, tuple[Point, ...]]]:
        """The polylines in a stretched y-space (1000 units per row, lanes at fixed fractions)
        that keeps the vertical order of ports, bands and lanes without the row heights."""
        if self._lines is None:
            rows = {r: RowGeom(1000.0 * r, 1000.0 * r + 250, 1000.0 * r + 650) for r in
                    {m.row for m in self.marks} | set(self.band_lanes)}
            self._lines = self.build(rows, stretched=True)
        return self._lines

    def overlaps(self) -> list[tuple[Plan, Plan]]:
        """The pairs of plans with a segment running along each other's (in the stretched
        y-space), one pair per two such segments (found once per resolved state: resolving
        and untangling both ask)."""
        lines = self.stretched()
        if self._overlaps[0] is not lines:
            segments = [(plan, seg) for plan, pts in lines for seg in pairwise(pts)]
            pairs = [(segments[i][0], segments[j][0])
                     for i, j in overlapping_pairs([seg for _, seg in segments])]
            self._overlaps = (lines, [(a, b) for a, b in pairs if a is not b])
        return self._overlaps[1]

    def _clashes(self) -> list[Plan]:
        """Plans (not yet in a gutter) whose segments run along an earlier plan's segments
        (checked in the stretched y-space)."""
        bad: dict[int, Plan] = {}
        for plan_a, plan_b in self.overlaps():
            later = max(plan_a, plan_b, key=lambda p: (p.via != "gutter", p.order))
            if later.via != "gutter" and later.fallback is not None:
                bad[later.order] = later
        return list(bad.values())

    def _port(self, plan: Plan, end: str, cy: float = 0.0) -> Point:
        mark, side, offset = ((plan.src, plan.src_side, plan.src_offset) if end == "src"
                              else (plan.dst, plan.dst_side, plan.dst_offset))
        return port_point(outline(mark), mark.box(cy), side, offset)

    def _approach(self, plan: Plan, end: str) -> tuple[float, ...]:
        """Where an end's arrow comes from or goes to, for ordering ports along a side: for a
        top or bottom port, the x of the vertical the arrow runs in next to it (in the
        variants from 2, for an arrow from a symbol's bottom to the top of one in the next
        row, the x of its other end: its one jog runs beside both sides' ports); for a side
        port, those whose vertical rises above those whose vertical drops, rising ones nearer
        the symbol higher, dropping ones farther out higher (their lines cross otherwise)."""
        mark, other = (plan.src, plan.dst) if end == "src" else (plan.dst, plan.src)
        side = plan.src_side if end == "src" else plan.dst_side
        own = "source" if end == "src" else "target"
        if plan.gutter is not None:
            xv = self.gutter_x[plan.order]
        elif plan.via == own and not (self.variant >= 2 and self._adjacent(plan)):
            xv = mark.cx
        else:  # from the other end's column (its one jog runs beside this side)
            xv = other.cx
        if side in ("left", "right"):
            way = (other.row > mark.row) - (other.row < mark.row)
            return (way, -way * abs(xv - mark.cx), float(other.row))
        return (xv,)

    @staticmethod
    def _adjacent(plan: Plan) -> bool:
        """Whether a plan runs from a symbol's bottom to the top of one in the next row: its
        one jog runs in the band between them, beside the ports of both."""
        return (plan.src_side, plan.dst_side) == ("bottom", "top") and (
            plan.dst.row == plan.src.row + 1)

    def _assign_slots(self) -> None:
        groups: dict[tuple[int, Side], list[tuple[tuple[float, ...], int, Plan, str]]] = (
            defaultdict(list))
        by_key = {m.key: m for m in self.marks}
        for plan in self.plans:
            ends: tuple[tuple[str, Mark, Side], ...] = (("src", plan.src, plan.src_side),
                                                         ("dst", plan.dst, plan.dst_side))
            for end, mark, side in ends:
                groups[(mark.key, side)].append((self._approach(plan, end), plan.order, plan, end))
        self._fit_ports(by_key, {key: len(group) for key, group in groups.items()})
        for (key, side), group in groups.items():
            group.sort(key=lambda e: (e[0], e[1]))
            chosen = self.port_order.get((key, side))
            if chosen and sorted(chosen) == sorted(e[1] for e in group):
                group.sort(key=lambda e: chosen.index(e[1]))
            mark = by_key[key]
            pitch = slot_pitch(outline(mark), mark.box(0.0), side, len(group))
            for i, (_, _, plan, end) in enumerate(group):
                offset = (i - (len(group) - 1) / 2) * pitch
                if end == "src":
                    plan.src_offset = offset
                else:
                    plan.dst_offset = offset
        for plan in self.plans:  # level with where it leaves: one straight line
            if plan.dst.kind == "end" or self._level(plan.src, plan.dst):
                plan.dst_offset = plan.src_offset

    def _fit_ports(self, by_key: dict[int, Mark], counts: dict[tuple[int, Side], int]) -> None:
        """Symbols as large as their ports need (4 pt apart, clear of the next side's): a
        decision or rectangle taller for the arrows along its sides, a decision wider (up to
        its column's symbol span) for those along its top or bottom."""
        ends = {(m.row, m.col) for m in self.marks if m.kind == "end"}
        for mark in self.marks:
            mark.w, mark.h = self._size[mark.key]
        for (key, side), count in counts.items():
            mark = by_key[key]
            if mark.step is None or mark.kind == "end":
                continue
            need = side_room(outline(mark), side, count)
            span = self.columns[mark.col].sw
            if side in ("left", "right") and mark.kind == "capsule":  # round ends: w >= h
                mark.h = max(mark.h, min(need, span))
                mark.w = max(mark.w, mark.h)
            elif side in ("left", "right"):
                mark.h = max(mark.h, need)
                continue
            elif mark.kind == "decision" and (mark.row, mark.col) not in ends:
                mark.w = max(mark.w, min(need, span))
            else:
                continue
            if need > span + 0.01:
                self.span_need[mark.col] = max(self.span_need.get(mark.col, 0.0), need)

    def _levels(self, plan: Plan) -> tuple[float, float]:
        """The span of a plan's vertical corridor in row units (x.5 = a row's lower band)."""
        start, end = self._ends(plan)
        return min(start, end), max(start, end)

    def _assign_gutters(self) -> None:
        """Give each gutter vertical a lane, in an order that keeps the other verticals off
        its horizontals: one that comes from the symbols' side passes the lanes nearer them,
        one from beyond passes those farther out. Where nothing decides, shorter spans
        closer to the symbols (longer ones in the gutters of long_inside)."""
        by_gutter: dict[tuple[int, str], list[Plan]] = defaultdict(list)
        for plan in self.plans:
            if plan.gutter is not None:
                by_gutter[plan.gutter].append(plan)
        for gutter, plans in by_gutter.items():
            if len({self._levels(p)[1] - self._levels(p)[0] for p in plans}) > 1:
                self.ordered.add(gutter)
            sign = -1 if gutter in self.long_inside else 1
            plans.sort(key=lambda p: (sign * (self._levels(p)[1] - self._levels(p)[0]),
                                      self._levels(p), p.order))
            lanes = stack([(self._levels(p), p.order) for p in plans],
                          self._inside_out(gutter, plans))
            count = max(lanes.values()) + 1
            self.gutter_lanes[gutter] = count
            column = self.columns[gutter[0]]
            for plan in plans:
                self.gutter_x[plan.order] = column.lane_x(
                    gutter[1], lanes[plan.order], count, gutter[0] in self.crowding.columns)

    def _inside_out(self, gutter: tuple[int, str], plans: list[Plan]) -> list[tuple[int, int]]:
        """Pairs (a, b) of one gutter's plans where a's lane must lie nearer the symbols than
        b's: a horizontal of a reaches its lane from the symbols' side at a level where b's
        vertical runs (or one of b's from beyond where a's runs); then, of two loop-backs
        coming from the symbols' side in one band, the one from farther away (its jog passes
        the nearer one's stub, so it runs above the nearer one's jog, which then passes it
        outside)."""
        col, side = gutter
        edge = self.columns[col].gutter_span(side)[0]

        def inward(mark: Mark) -> bool:
            return mark.col <= col if side == "R" else mark.col >= col

        ends = {p.order: [(level, abs(mark.cx - edge), inward(mark)) for level, mark in
                          zip(self._ends(p), (p.src, p.dst), strict=True)] for p in plans}
        pairs, ties = [], []
        climbing = {p.order for p in plans if p.dst.row <= p.src.row}
        for a in plans:
            lo, hi = self._levels(a)
            for b in plans:
                if b is a:
                    continue
                for level, far, comes_inward in ends[b.order]:
                    if lo + 0.01 < level < hi - 0.01:
                        pairs.append((b.order, a.order) if comes_inward else (a.order, b.order))
                    ties += [(b.order, a.order) for own, near, own_inward in ends[a.order]
                             if comes_inward and own_inward and level % 1 == 0.5
                             and {a.order, b.order} <= climbing
                             and abs(level - own) < 0.01 and far > near + 0.01]
        return pairs + ties

    def _ends(self, plan: Plan) -> tuple[float, float]:
        """The levels of a plan's corridor at its source end and at its target end."""
        start = {"bottom": plan.src.row + 0.5, "top": plan.src.row - 0.5}.get(
            plan.src_side, float(plan.src.row))
        end = {"top": plan.dst.row - 0.5, "bottom": plan.dst.row + 0.5}.get(
            plan.dst_side, float(plan.dst.row))
        return start, end

    def bands_of(self, plan: Plan) -> set[int]:
        """The bands a plan jogs in."""
        return {band for band, _ in self._jog_bands(plan).values()}

    def _jog_bands(self, plan: Plan) -> dict[str, tuple[int, tuple[float, float]]]:
        """Which band each needed horizontal jog uses, with its x-span."""
        jogs: dict[str, tuple[int, tuple[float, float]]] = {}
        p, q = self._port(plan, "src"), self._port(plan, "dst")
        if plan.src_side in ("top", "bottom") and abs(p[0] - plan.xv) > 0.01:
            band = plan.src.row if plan.src_side == "bottom" else plan.src.row - 1
            jogs["start"] = (band, (min(p[0], plan.xv), max(p[0], plan.xv)))
        if plan.dst_side in ("top", "bottom") and abs(q[0] - plan.xv) > 0.01:
            band = plan.dst.row - 1 if plan.dst_side == "top" else plan.dst.row
            jogs["end"] = (band, (min(q[0], plan.xv), max(q[0], plan.xv)))
        return jogs

    def _assign_bands(self) -> None:
        """Lanes per band, in an order that keeps each jog's verticals off the other jogs: a
        vertical dropping from a jog passes the lanes below it, one rising passes those above,
        so a jog whose span a dropping vertical crosses goes above that vertical's jog (and
        below a rising one's), and a rising stub stays above a dropping stub on its line.
        Where nothing decides, jogs whose stub rises to the symbol above take the upper lanes
        (the lower ones in the bands of down_first), shorter jogs first."""
        jogs: dict[int, list[tuple[tuple[int, str], tuple[float, float], int, list]]] = (
            defaultdict(list))
        for plan in self.plans:
            bands = self._jog_bands(plan)
            for which, (band, span) in bands.items():
                side = plan.src_side if which == "start" else plan.dst_side
                stub = "up" if (which, side) in (("start", "bottom"), ("end", "bottom")) else "down"
                if (which, side) == ("end", "bottom"):
                    self.band_heads.add(band)
                rank = (stub == "up") == (band in self.down_first)
                jogs[band].append(((plan.order, which), span, rank,
                                   self._jog_verticals(plan, which, band, bands)))
        self._lane_of: dict[tuple[int, str], tuple[int, int]] = {}
        for band, group in jogs.items():
            if len({rank for _, _, rank, _ in group}) > 1:
                self.ordered.add(band)
            group.sort(key=lambda j: (j[2], j[1][1] - j[1][0], j[1], j[0]))
            lanes = stack([(span, key) for key, span, _, _ in group], _above(group))
            for key, lane in lanes.items():
                self._lane_of[key] = (band, lane)
            self.band_lanes[band] = max(lanes.values()) + 1

    def _jog_verticals(self, plan: Plan, which: str, band: int,
                       bands: dict[str, tuple[int, tuple[float, float]]]
                       ) -> list[tuple[float, int]]:
        """The x of the two verticals at the ends of a jog, each with +1 where it drops from
        the jog, -1 where it rises: the stub to the symbol and the plan's own vertical."""
        level = band + 0.5
        if which == "start":
            stub = (self._port(plan, "src")[0], -1 if plan.src_side == "bottom" else 1)
            other = bands.get("end")
            there = other[0] + 0.5 if other else _port_level(plan.dst, plan.dst_side)
            if other and other[0] == band:  # both jogs in one band: toward the target
                there = level + (0.25 if plan.dst_side == "top" else -0.25)
        else:
            stub = (self._port(plan, "dst")[0], 1 if plan.dst_side == "top" else -1)
            other = bands.get("start")
            there = other[0] + 0.5 if other else _port_level(plan.src, plan.src_side)
            if other and other[0] == band:
                there = level - (0.25 if plan.dst_side == "top" else -0.25)
        return [stub, (plan.xv, 1 if there > level else -1)]

    # ------------------------------------------------------------------ drawing

    def build(self, rows: dict[int, RowGeom],
              stretched: bool = False) -> list[tuple[Plan, tuple[Point, ...]]]:
        """The polyline of every plan, given the rows' vertical geometry."""
        lane_y = self._lane_ys(rows, stretched)
        out = []
        for plan in self.plans:
            p = self._port(plan, "src", rows[plan.src.row].cy)
            q = self._port(plan, "dst", rows[plan.dst.row].cy)
            points: list[Point] = [p]
            start, end = (plan.order, "start"), (plan.order, "end")
            if plan.src_side in ("left", "right"):
                points.append((plan.xv, p[1]))
            elif start in self._lane_of:
                y = lane_y[self._lane_of[start]]
                points += [(p[0], y), (plan.xv, y)]
            if plan.dst_side in ("left", "right"):
                points.append((plan.xv, q[1]))
            elif end in self._lane_of:
                y = lane_y[self._lane_of[end]]
                points += [(plan.xv, y), (q[0], y)]
            points.append(q)
            out.append((plan, simplify(points)))
        return out

    def _lane_ys(self, rows: dict[int, RowGeom], stretched: bool) -> dict[tuple[int, int], float]:
        ys = {}
        for band, count in self.band_lanes.items():
            geom = rows[band]
            if stretched:
                ys.update({(band, k): geom.band_top + 100 + 300 * k / count for k in range(count)})
                continue
            top = geom.band_top + geom.label_room + (HEAD_CLEAR if band in self.band_heads
                                                      else BAND_CLEAR)
            room = max(geom.band_bottom - 3 - top, 0.0)
            step = max(min(LANE, room / max(count - 1, 1)), 2.0)
            for lane in range(count):
                ys[(band, lane)] = top + lane * step
        return ys


