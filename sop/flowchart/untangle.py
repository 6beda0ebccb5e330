"""Fewer crossings: alternatives for the arrows that cross, kept where they cross less.

The router plans each arrow on its own (forward arrows leave from the bottom, ports along a side
are ordered by where their arrows go). Where arrows still cross, five kinds of change are tried
on the arrows involved, counted in the router's stretched y-space (the order of rows, bands and
lanes without their heights): a forward arrow leaving its symbol sideways toward its target
instead of from the bottom (an L instead of a Z), a loop-back climbing in another gutter, the
longer verticals of a gutter nearest the symbols instead of the shorter ones, the jogs of a band
that drop to the row below above those that rise, and another order of the ports along one side
of a symbol.
A change is kept when the page has fewer crossings with it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from sop.flowchart.geometry import crossing_pairs
from sop.flowchart.grid import Mark
from sop.flowchart.routing import Plan, Router
from sop.flowchart.shapes import Point, Side

ROUNDS = 3
WORK = 1500
"""Plans times layouts tried, at most: a page of 15 arrows may try 66 changes, one of 120
arrows (a 100-step SOP on one web page) 8."""

Choices = tuple[frozenset[int], tuple[tuple[tuple[int, Side], tuple[int, ...]], ...],
                frozenset[tuple[int, str]], tuple[tuple[int, tuple[int, str]], ...],
                frozenset[int], frozenset[int]]
"""What untangling chose: plans leaving sideways, port orders, gutters with long lanes inside,
plans in another gutter, bands with their lower jogs on top, plans leaving from the left
toward their own column."""


def choices(router: Router) -> Choices:
    """The router's untangling choices (a state untangling has seen)."""
    return (frozenset(router.side_first), tuple(sorted(router.port_order.items())),
            frozenset(router.long_inside), tuple(sorted(router.gutter_choice.items())),
            frozenset(router.down_first), frozenset(router.other_side))


MAX_PORTS = 4
"""Sides with more ports than this keep their order."""


def untangle(router: Router) -> None:
    """Change the router's plans where that lowers the number of crossings (first those of
    two arrows leaving or entering one side of a symbol, then all). A change that leaves the
    count as it is is kept too when it leads somewhere new (two changes may be needed)."""
    best = _cost(router)
    budget = max(8, WORK // max(len(router.plans), 1))
    seen = {choices(router)}
    stale = False  # the plans are those of a change undone since
    for _ in range(ROUNDS):
        if not any(best) or budget <= 0:
            break
        improved = False
        moves = list(_moves(router))
        for move, idle in (moves[::-1] if router.variant >= 2 else moves)[:budget]:
            budget -= 1
            # a change that cannot alter any lane leaves the routes (and their cost) as they
            # are, unless they are those of a change undone since
            same = not stale and idle()
            undo = move()
            if not same:
                router.replan()
            now, state = best if same else _cost(router), choices(router)
            stale = now > best or (now == best and state in seen)
            if stale:
                undo()
                continue
            improved = improved or now < best
            best = now
            seen.add(state)
            if not any(best):
                break
        if not improved:
            break
    if stale:
        router.replan()
    if best[1]:
        _untangle_fans(router, best)


def _untangle_fans(router: Router, best: tuple[int, int, int, int]) -> None:
    """Where two arrows leaving or entering one side of a symbol still cross, try a change
    of one of them together with another order of that side's ports (one change alone may
    not undo the crossing: an arrow leaving from the bottom instead of sideways needs the
    other port too)."""
    for a, b, (key, side, _) in _fan_pairs(router)[:FAN_PAIRS]:
        orders = [p for p in router.plans if p.order in (a, b)]
        singles = [_toggle_side(router, p.order) for p in orders
                   if router.can_leave_sideways(p) or p.order in router.side_first]
        singles += [_choose_gutter(router, p.order, g) for p in orders
                    for g in router.other_gutters(p)]
        ports = _side_orders(router, key, side)
        for first in singles:
            for perm in ports:
                undo_first = first()
                undo_second = _set_order(router, key, side, perm)()
                router.replan()
                now = _cost(router)
                if now < best:
                    best = now
                    break
                undo_second()
                undo_first()
            else:
                continue
            break
    router.replan()


FAN_PAIRS = 4
"""Crossings at one side of a symbol tried with two changes at once, at most."""


def _fan_pairs(router: Router) -> list[tuple[int, int, tuple[int, Side, str]]]:
    """The crossings of two arrows that share a side of a symbol, with that side."""
    ends = {plan.order: {(plan.src.key, plan.src_side, "out"), (plan.dst.key, plan.dst_side,
                                                                "in")} for plan in router.plans}
    out = []
    for a, b in dict.fromkeys(_crossings(router.stretched())):
        shared = ends[a] & ends[b]
        if shared:
            out.append((a, b, min(shared)))
    return out


def _side_orders(router: Router, key: int, side: Side) -> list[tuple[int, ...]]:
    """The current order of the ports along one side of a mark and the other orders worth
    trying."""
    group = sorted((plan.src_offset if plan.src.key == key and plan.src_side == side
                    else plan.dst_offset, plan.order) for plan in router.plans
                   if (plan.src.key, plan.src_side) == (key, side)
                   or (plan.dst.key, plan.dst_side) == (key, side))
    orders = [o for _, o in group]
    return [tuple(orders), *_reorders(orders)] if len(orders) <= MAX_PORTS else [tuple(orders)]


def _cost(router: Router) -> tuple[int, int, int, int]:
    """Arrows running along each other (worst), crossings of arrows sharing a side of a
    symbol, branches whose label has no room (between two other arrows on their side), and
    all crossings."""
    along = len(router.overlaps())
    hemmed = len(_hemmed(router.plans))
    pairs = _crossings(router.stretched())
    if not pairs:
        return along, 0, hemmed, 0
    ends: dict[int, set[tuple[int, str, str]]] = {}
    for plan in router.plans:
        ends[plan.order] = {(plan.src.key, plan.src_side, "out"), (plan.dst.key, plan.dst_side,
                                                                     "in")}
    fans = sum(1 for a, b in pairs if ends[a] & ends[b])
    return along, fans, hemmed, len(pairs)


def _hemmed(plans: Sequence[Plan]) -> set[int]:
    """The labelled branches leaving a step's symbol between two other arrows on the same
    side (their label, set beside the start, finds no room there)."""
    sides: dict[tuple[int, Side], list[tuple[float, Plan, bool]]] = {}
    for plan in plans:
        sides.setdefault((plan.src.key, plan.src_side), []).append(
            (plan.src_offset, plan, True))
        sides.setdefault((plan.dst.key, plan.dst_side), []).append(
            (plan.dst_offset, plan, False))
    out = set()
    for group in sides.values():
        group.sort(key=lambda g: (g[0], g[1].order))
        for _, plan, leaves in group[1:-1]:
            if leaves and plan.label and plan.src.step is not None:
                out.add(plan.order)
    return out


def count_crossings(lines: Sequence[tuple[Plan, tuple[Point, ...]]]) -> int:
    """How many times a vertical segment of one arrow crosses a horizontal one of another."""
    return len(_crossings(lines))


def _crossings(lines: Sequence[tuple[Plan, tuple[Point, ...]]]) -> list[tuple[int, int]]:
    """The plan orders of each crossing (vertical, horizontal)."""
    orders = [plan.order for plan, _ in lines]
    return [(orders[v], orders[h]) for v, h, _ in crossing_pairs([pts for _, pts in lines])]


def _crossing_plans(router: Router) -> set[int]:
    return {order for pair in _crossings(router.stretched()) for order in pair}


def _moves(router: Router):  # -> Iterator[tuple[Callable[[], Callable[[], None]], ...]]
    """Changes to try, each applied by calling it (the call returns its undo), with a test
    of whether it would leave every route as it is."""
    hemmed = _hemmed(router.plans)
    involved = _crossing_plans(router) | hemmed
    plans = [p for p in router.plans if p.order in involved]
    # first: the arrows beside a branch whose label has no room, elsewhere
    for plan in _beside(router.plans, hemmed):
        if router.can_leave_sideways(plan) or plan.order in router.side_first:
            yield _toggle_side(router, plan.order), _never_idle
        for gutter in router.other_gutters(plan):
            yield _choose_gutter(router, plan.order, gutter), _never_idle
    for plan in plans:
        if router.can_leave_sideways(plan) or plan.order in router.side_first:
            yield _toggle_side(router, plan.order), _never_idle
        if (plan.src_side in ("left", "right") and plan.src.col == plan.dst.col
                and plan.dst.row > plan.src.row) or plan.order in router.other_side:
            yield _toggle_other_side(router, plan.order), _never_idle
    for gutter in sorted({p.gutter for p in plans if p.gutter is not None}):
        yield _toggle_gutter(router, gutter), partial(_unordered, router, gutter)
    for band in sorted({b for p in plans for b in router.bands_of(p)}):
        yield _toggle_band(router, band), partial(_unordered, router, band)
    for (key, side), orders in _sides(router.plans, involved):
        for perm in _reorders(orders):
            yield _set_order(router, key, side, perm), _never_idle
    # last: the other changes keep the usual shapes; a forward arrow moves to another
    # gutter only to undo a crossing at a side it shares or to give its label room
    fans = {order for a, b, _ in _fan_pairs(router) for order in (a, b)} | hemmed
    for plan in plans:
        if plan.dst.row > plan.src.row and plan.order not in fans:
            continue
        for gutter in router.other_gutters(plan):
            yield _choose_gutter(router, plan.order, gutter), _never_idle


def _beside(plans: Sequence[Plan], hemmed: set[int]) -> list[Plan]:
    """The other arrows on the sides the hemmed branches leave from."""
    sides = {(p.src.key, p.src_side) for p in plans if p.order in hemmed}
    return [p for p in plans if p.order not in hemmed
            and ((p.src.key, p.src_side) in sides or (p.dst.key, p.dst_side) in sides)]


def _never_idle() -> bool:
    """A change of this kind may move some arrow."""
    return False


def _unordered(router: Router, where: object) -> bool:
    """Whether the order of a gutter's or band's lanes is the same either way round."""
    return where not in router.ordered


def _reorders(orders: list[int]) -> list[tuple[int, ...]]:
    """Other port orders worth trying: the reverse, and each neighbour pair swapped."""
    out = [tuple(reversed(orders))]
    for i in range(len(orders) - 1):
        swapped = [*orders[:i], orders[i + 1], orders[i], *orders[i + 2:]]
        out.append(tuple(swapped))
    return list(dict.fromkeys(o for o in out if list(o) != orders))


def _toggle_side(router: Router, order: int):
    def apply():
        router.side_first ^= {order}
        return lambda: router.side_first.__ixor__({order})
    return apply


def _toggle_other_side(router: Router, order: int):
    def apply():
        router.other_side ^= {order}
        return lambda: router.other_side.__ixor__({order})
    return apply


def _choose_gutter(router: Router, order: int, gutter: tuple[int, str]):
    def apply():
        before = router.gutter_choice.get(order)
        router.gutter_choice[order] = gutter

        def undo() -> None:
            if before is None:
                router.gutter_choice.pop(order, None)
            else:
                router.gutter_choice[order] = before
        return undo
    return apply


def _toggle_band(router: Router, band: int):
    def apply():
        router.down_first ^= {band}
        return lambda: router.down_first.__ixor__({band})
    return apply


def _toggle_gutter(router: Router, gutter: tuple[int, str]):
    def apply():
        router.long_inside ^= {gutter}
        return lambda: router.long_inside.__ixor__({gutter})
    return apply


def _set_order(router: Router, key: int, side: Side, perm: tuple[int, ...]):
    def apply():
        before = router.port_order.get((key, side))
        router.port_order[(key, side)] = perm

        def undo() -> None:
            if before is None:
                router.port_order.pop((key, side), None)
            else:
                router.port_order[(key, side)] = before
        return undo
    return apply


def _sides(plans: Sequence[Plan], involved: set[int]) -> Iterator[tuple[tuple[int, Side],
                                                                         list[int]]]:
    """The sides of marks with 2 to MAX_PORTS ports, one of them on a crossing arrow, with
    their plans in port order."""
    groups: dict[tuple[int, Side], list[tuple[float, int]]] = {}
    for plan in plans:
        ends: tuple[tuple[Mark, Side, float], ...] = ((plan.src, plan.src_side, plan.src_offset),
                                                      (plan.dst, plan.dst_side, plan.dst_offset))
        for mark, side, offset in ends:
            groups.setdefault((mark.key, side), []).append((offset, plan.order))
    for key, group in groups.items():
        orders = [o for _, o in sorted(group)]
        if 2 <= len(orders) <= MAX_PORTS and involved.intersection(orders):
            yield key, orders
