"""Layout of the PermenPAN flowchart table: model in, positions and paths out (no drawing).

Stages: columns and header (`table`), row heights from the text and from the arrows each row's
band must carry (`context.route`, first routed as one page), page breaks with connector strips
(`paging`), then each page routed and placed (`place`). The layout is done again, with wider
actor columns or taller rows, while the arrows or the branch labels need more room.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from sop.flowchart import check, paging, table
from sop.flowchart.context import Context, connectors_need, context, route
from sop.flowchart.grid import CONNECTOR_SIZE, band_need, gutter_need
from sop.flowchart.paging import Crossing, Pages, Piece, Sheet
from sop.flowchart.place import TOP_GAP, UPPER, page, piece_lines
from sop.flowchart.routing import Crowding
from sop.flowchart.shapes import Cell, PageLayout
from sop.model import Actor, Sop

log = logging.getLogger(__name__)

MIN_ROW = 40.0
TOP_STRIP = TOP_GAP + CONNECTOR_SIZE + band_need(2, 0.0, head=True)
BOTTOM_STRIP = 8.0 + CONNECTOR_SIZE + 8.0
ATTEMPTS = 6
"""Layouts tried while columns or rows need more room (one or two settle nearly all)."""
VARIANTS = 4
"""Variants of the layout tried while the checker finds faults or a sheet is too tall
(`Router.variant`)."""
WIDENINGS = 4
"""Layouts tried after those, while only columns need more room (the last room a label
asked for may give some arrows other lanes)."""
MORE_ROOM = 22.0
"""Height added to a row where a branch label found no clear place (two lines of label)."""
MOST_ROOM = 2 * MORE_ROOM
"""A row grows no further for its labels (some places are taken by arrows, not by height)."""
PAGINATIONS = 20
"""Page breaks are chosen again until the row heights they need stop growing (rows only grow,
so this ends; a few rounds settle every realistic SOP)."""

Floors = dict[tuple[int, bool], float]
"""The least height of each step's row (step index, True) and of its continued part (False),
and of the top connector strips (TOP)."""
TOP = (-1, True)


def layout_pages(sop: Sop, actors: Mapping[str, Actor], max_height: float | None = None,
                 width: float = 1047.0, fmt: table.Format = table.DEFAULT) -> list[PageLayout]:
    """Lay out the flowchart of `sop` on pages of at most `max_height` px (None: one page),
    with the table columns of `fmt`.

    Where the layout breaks a rule of the checker (sop.flowchart.check), its variants are
    tried (another gutter for arrows within one column, untangling changes in another
    order), and the one with the fewest faults is kept."""
    best: tuple[int, list[PageLayout]] | None = None
    for variant in range(VARIANTS):
        pages = _layout(sop, actors, max_height, width, fmt, variant)
        faults = len(check.check_pages(pages)) + len(too_tall(pages, max_height, width))
        if best is None or faults < best[0]:
            best = (faults, pages)
        if not faults:
            break
    assert best is not None
    return best[1]


def too_tall(pages: list[PageLayout], max_height: float | None,
             width: float = 1047.0) -> list[PageLayout]:
    """The pages a row has made taller than their sheet (a sheet widened for its actors is
    scaled down when printed, so it may be as much taller)."""
    if max_height is None:
        return []
    return [p for p in pages if p.height > max_height * max(1.0, p.width / width) + 0.01]


def _layout(sop: Sop, actors: Mapping[str, Actor], max_height: float | None, width: float,
            fmt: table.Format, variant: int) -> list[PageLayout]:
    """One variant of the layout, done again while it needs more room: actor columns whose
    gutters or connector strips carry more than fit are widened (the text columns give the
    room), and where a branch label found no clear place its columns widen or its row grows
    taller."""
    grow: dict[str, float] = {}  # all the width added to actor columns
    span: dict[str, float] = {}  # the part that widens their symbols (for connectors)
    room: dict[int, float] = {}
    crowding = Crowding()  # grows with every attempt for labels
    for attempt in range(ATTEMPTS + WIDENINGS):
        labels = attempt < ATTEMPTS - 1  # labels may still ask for room and other routes
        arranged = _arrange(sop, actors, max_height, width, fmt, (grow, span), room,
                            crowding if labels else crowding.copy(),
                            variant)
        more, wider = _column_growth(arranged)
        last = attempt == ATTEMPTS + WIDENINGS - 1
        if (more or wider) and not last:
            grow, span = _add(_add(grow, more), wider), _add(span, wider)
            continue
        pages = arranged.pages()
        ctx = arranged.ctx
        if not (ctx.crowded or ctx.narrow) or not labels:
            break
        grow = _add(grow, ctx.narrow)
        room = _add(room, {i: MORE_ROOM for i in ctx.crowded if room.get(i, 0.0) < MOST_ROOM})
    return pages


def _add(a: Mapping, b: Mapping) -> dict:
    return {k: a.get(k, 0.0) + b.get(k, 0.0) for k in {*a, *b}}


@dataclass
class _Arranged:
    """One SOP's rows on pages, before the pages are drawn."""

    ctx: Context
    spans: Pages
    crossings: dict[tuple[int, int], Crossing]
    floors: Floors
    header: tuple[Cell, ...]
    header_h: float
    width: float

    def height(self, piece: Piece) -> float:
        return _height(self.ctx, self.floors, piece)

    def pages(self) -> list[PageLayout]:
        strips = (_top_strip(self.floors), BOTTOM_STRIP)
        return [page(self.ctx, n, self.spans, self.crossings, self.height, self.header,
                     self.header_h, self.width, strips) for n in range(len(self.spans))]


def _arrange(sop: Sop, actors: Mapping[str, Actor], max_height: float | None, width: float,
             fmt: table.Format, growth: tuple[Mapping[str, float], Mapping[str, float]],
             room: Mapping[int, float], crowding: Crowding,
             variant: int) -> _Arranged:
    grow, span = growth
    columns = table.columns(sop.pelaksana, width, fmt, grow)
    natural = columns[-1].x + columns[-1].w
    if natural > width:  # too many actors to fit: a wider sheet, scaled down when printed
        if max_height is not None:
            max_height *= natural / width
        width = natural
    header, header_h = table.header_cells(columns, actors, fmt)
    ctx = context(sop, columns, grow, span)
    ctx.grow, ctx.room = dict(grow), dict(room)
    ctx.crowding = crowding
    ctx.variant = variant
    lines = {i: ctx.lines(i) for i in ctx.members}  # one entry per row, by its first step
    starts = [first for _, first, _ in sop.sub_parts()]  # each sub-procedure on its own page
    single = paging.parts(lines, starts)
    crossings = paging.crossings(ctx.flow, single) if len(single) > 1 else {}
    # paged, the first heights come from a rough route of one long page (not untangled)
    floors = _floors(ctx, single, crossings, {}, rough=max_height is not None)
    pages = single
    if max_height is not None:
        for _ in range(PAGINATIONS):
            sheet = Sheet(max_height, header_h, _top_strip(floors), BOTTOM_STRIP)
            pages = paging.paginate(lines, partial(_height, ctx, floors), sheet, starts)
            crossings = paging.crossings(ctx.flow, pages)
            grown = _floors(ctx, pages, crossings, floors)
            if grown == floors:
                break
            floors = grown
        else:
            log.warning("flowchart of %s: the page breaks did not settle", sop.id)
    return _Arranged(ctx, pages, crossings, floors, header, header_h, width)


def _top_strip(floors: Floors) -> float:
    """The height of the top connector strips: room for two lanes, or as many as a page
    needs."""
    return max(TOP_STRIP, floors.get(TOP, 0.0))


def _height(ctx: Context, floors: Floors, piece: Piece) -> float:
    """A piece's height: its text lines, and at least what its symbol and band need."""
    text = table.lines_height(piece_lines(ctx, piece))
    return max(text, floors.get((piece.step, piece.head), 0.0), MIN_ROW if piece.head else 0.0)


def _floors(ctx: Context, pages: Pages, crossings: Mapping[tuple[int, int], Crossing],
            floors: Floors, rough: bool = False) -> Floors:
    """The heights each row's symbol and band need (at least the floors so far)."""
    out = dict(floors)
    for number, pieces in enumerate(pages):
        rt = route(ctx, number, pages, crossings, rough)
        if rt.router.band_lanes.get(-1):  # lanes under the connectors of the top strip
            top = TOP_GAP + CONNECTOR_SIZE + rt.band_need(-1)
            out[TOP] = max(out.get(TOP, 0.0), top)
        for local, piece in enumerate(pieces):
            need = rt.band_need(local)
            if piece.head:
                need += UPPER + rt.symbol_h(local) + ctx.room.get(piece.step, 0.0) / 2
            key = (piece.step, piece.head)
            out[key] = max(out.get(key, 0.0), need)
    return out


def _column_growth(arranged: _Arranged) -> tuple[dict[str, float], dict[str, float]]:
    """Extra width actor columns need for their gutters' lanes 4 pt apart, and extra width
    their symbols' span needs for their connectors side by side, the text inside them and
    the ports along a decision's top and bottom."""
    ctx = arranged.ctx
    more: dict[str, float] = {}
    wider: dict[str, float] = {}

    def ask(into: dict[str, float], col: int, short: float) -> None:
        if short > 0.01:
            actor = ctx.sop.pelaksana[col]
            into[actor] = max(into.get(actor, 0.0), math.ceil(short))

    for (_, col), text in ctx.inner.items():  # a syllable wider than the symbols
        if text.need:
            ask(wider, col, text.need - ctx.geoms[col].sw)
    for col, need in ctx.end_need.items():  # a decision beside its end capsule
        ask(wider, col, need - ctx.geoms[col].sw)
    for number in range(len(arranged.spans)):
        rt = route(ctx, number, arranged.spans, arranged.crossings)
        for col, need in rt.router.span_need.items():  # a decision's ports 4 pt apart
            ask(wider, col, need - ctx.geoms[col].sw)
        for (col, side), count in rt.router.gutter_lanes.items():
            inner, outer = ctx.geoms[col].gutter_span(side)
            ask(more, col, 2 * (gutter_need(count) - abs(outer - inner)))
        strips: dict[tuple[str, int], int] = {}
        for crossing, _, strip in rt.connectors.values():
            strips[(strip, crossing.col)] = strips.get((strip, crossing.col), 0) + 1
        for (_, col), count in strips.items():
            ask(wider, col, connectors_need(count) - ctx.geoms[col].sw)
    return more, wider
