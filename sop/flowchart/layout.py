"""Layout of the PermenPAN flowchart table: model in, positions and paths out (no drawing).

Stages: columns and header (`table`), row heights from the text and from the arrows each row's
band must carry (`routing`, first routed as one page), page breaks with connector strips, then
each page routed and placed.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from sop import graph
from sop.flowchart import table
from sop.flowchart.grid import (
    CONNECTOR_SIZE,
    LABEL_ROOM,
    ColumnGeom,
    Mark,
    RowGeom,
    band_need,
    gutter_need,
    mark_size,
    symbol_width,
)
from sop.flowchart.labels import SIZE as LABEL_SIZE
from sop.flowchart.labels import SPACE as LABEL_SPACE
from sop.flowchart.labels import Scene, place_labels
from sop.flowchart.metrics import longest_word
from sop.flowchart.routing import Router
from sop.flowchart.shapes import (
    Arrow,
    Box,
    Column,
    Connector,
    Joiner,
    PageLayout,
    Point,
    Row,
    Symbol,
)
from sop.flowchart.untangle import untangle
from sop.model import Actor, Sop

log = logging.getLogger(__name__)

UPPER = 12.0
MIN_ROW = 40.0
TOP_STRIP = 8.0 + CONNECTOR_SIZE + band_need(2, 0.0, head=True)
BOTTOM_STRIP = 8.0 + CONNECTOR_SIZE + 8.0
ATTEMPTS = 5
"""Layouts tried while columns or rows need more room (one or two settle nearly all)."""
WIDER = 8.0
"""Width added to the column of a branch label that found no clear place in it."""
MORE_ROOM = 22.0
"""Height added to a row where a branch label found no clear place (two lines of label)."""
PAGINATIONS = 20
"""Page breaks are chosen again until the row heights they need stop growing (rows only grow,
so this ends; a few rounds settle every realistic SOP)."""
HEAD_LENGTH, HEAD_HALF = 6.0, 3.0


@dataclass(frozen=True)
class Crossing:
    """An edge whose ends are on different pages, with its connector letter and column."""

    source: int
    target: int
    letter: str
    col: int
    forward: bool


@dataclass
class _Context:
    """What every page of one SOP shares."""

    sop: Sop
    columns: tuple[Column, ...]
    geoms: list[ColumnGeom]
    col_of: dict[str, int]
    index: dict[int, int]
    kinds: list[str]
    texts: list[dict[str, tuple[list[str], list[float]]]]
    edges: list[graph.Edge]
    side_exits: set[tuple[int, int]]
    room: dict[int, float] = field(default_factory=dict)
    """Extra height of rows (by step index) where a branch label needs more room."""
    crowded: set[int] = field(default_factory=set)
    """Rows (by step index) where a branch label found no clear place."""
    narrow: dict[str, float] = field(default_factory=dict)
    """Width to add to actor columns too narrow for a branch label's words beside an arrow."""
    routes: dict[tuple[object, ...], _PageRoute] = field(default_factory=dict)

    def col_of_point(self, x: float) -> int:
        """The actor column at x (the nearest one)."""
        return min(range(len(self.geoms)), key=lambda n: abs(self.geoms[n].cx - x))
    """Each page's route, by page, pagination and crossings: the row heights and the page
    drawing ask for the same ones."""


def layout_pages(sop: Sop, actors: Mapping[str, Actor], max_height: float | None = None,
                 width: float = 1047.0, fmt: table.Format = table.DEFAULT) -> list[PageLayout]:
    """Lay out the flowchart of `sop` on pages of at most `max_height` px (None: one page),
    with the table columns of `fmt`.

    The layout is done again while it needs more room: actor columns whose gutters carry more
    arrows than fit 4 pt apart are widened (the text columns give the room), and rows where a
    branch label found no clear place grow taller."""
    grow: dict[str, float] = {}
    room: dict[int, float] = {}
    for attempt in range(ATTEMPTS):
        arranged = _arrange(sop, actors, max_height, width, fmt, grow, room)
        more = _gutter_growth(arranged)
        if more and attempt < ATTEMPTS - 1:
            grow = {a: grow.get(a, 0.0) + more.get(a, 0.0) for a in {*grow, *more}}
            continue
        pages = arranged.pages()
        ctx = arranged.ctx
        if not (ctx.crowded or ctx.narrow) or attempt == ATTEMPTS - 1:
            break
        grow = {a: grow.get(a, 0.0) + ctx.narrow.get(a, 0.0) for a in {*grow, *ctx.narrow}}
        room = {i: room.get(i, 0.0) + (MORE_ROOM if i in ctx.crowded else 0.0)
                for i in {*room, *ctx.crowded}}
    return pages


@dataclass
class _Arranged:
    """One SOP's rows on pages, before the pages are drawn."""

    ctx: _Context
    spans: list[tuple[int, int]]
    crossings: dict[tuple[int, int], Crossing]
    heights: list[float]
    header: tuple
    header_h: float
    width: float

    def pages(self) -> list[PageLayout]:
        count = len(self.spans)
        return [_page(self.ctx, n, count, span, self.spans, self.crossings, self.heights,
                      self.header, self.header_h, self.width)
                for n, span in enumerate(self.spans)]


def _arrange(sop: Sop, actors: Mapping[str, Actor], max_height: float | None, width: float,
             fmt: table.Format, grow: Mapping[str, float], room: Mapping[int, float]
             ) -> _Arranged:
    columns = table.columns(sop.pelaksana, width, fmt, grow)
    natural = columns[-1].x + columns[-1].w
    if natural > width:  # too many actors to fit: a wider sheet, scaled down when printed
        if max_height is not None:
            max_height *= natural / width
        width = natural
    header, header_h = table.header_cells(columns, actors, fmt)
    ctx = _context(sop, columns, grow)
    ctx.room = dict(room)
    single = [(0, len(sop.steps))]
    # paged, the first heights come from a rough route of one long page (not untangled)
    heights = _row_heights(ctx, single, {}, [0.0] * len(sop.steps), rough=max_height is not None)
    pages = single
    crossings: dict[tuple[int, int], Crossing] = {}
    if max_height is not None:
        for _ in range(PAGINATIONS):
            pages = _paginate(heights, header_h, max_height)
            crossings = _crossings(ctx, pages)
            grown = _row_heights(ctx, pages, crossings, heights)
            if grown == heights:
                break
            heights = grown
        else:
            log.warning("flowchart of %s: the page breaks did not settle", sop.id)
    return _Arranged(ctx, pages, crossings, heights, header, header_h, width)


def _gutter_growth(arranged: _Arranged) -> dict[str, float]:
    """Extra width each actor column needs so that its gutters' lanes are 4 pt apart."""
    ctx = arranged.ctx
    more: dict[str, float] = {}
    for page in range(len(arranged.spans)):
        router = _route(ctx, page, arranged.spans, arranged.crossings).router
        for (col, side), count in router.gutter_lanes.items():
            inner, outer = ctx.geoms[col].gutter_span(side)
            short = gutter_need(count) - abs(outer - inner)
            actor = ctx.sop.pelaksana[col]
            if short > 0.01:
                more[actor] = max(more.get(actor, 0.0), math.ceil(2 * short))
    return more


def _context(sop: Sop, columns: tuple[Column, ...], grow: Mapping[str, float]) -> _Context:
    actor_cols = [c for c in columns if c.key == "actor"]
    symbol = graph.symbols(sop)
    kinds = [symbol[s.no] for s in sop.steps]
    index = {s.no: i for i, s in enumerate(sop.steps)}
    side_exits: set[tuple[int, int]] = set()
    for step in sop.steps:
        forward = [b.ke for b in step.cabang if index[b.ke] > index[step.no]]
        side_exits.update((step.no, ke) for ke in forward[1:])
    geoms = [ColumnGeom(c.x, c.w, symbol_width(c.w - grow.get(c.actor or "", 0.0)))
             for c in actor_cols]
    return _Context(sop, columns, geoms,
                    {c.actor: i for i, c in enumerate(actor_cols) if c.actor}, index, kinds,
                    [table.step_texts(s, columns) for s in sop.steps], list(graph.edges(sop)),
                    side_exits)


# ---------------------------------------------------------------------- pages and connectors


def _paginate(heights: list[float], header_h: float, max_height: float) -> list[tuple[int, int]]:
    """Row ranges per page: rows are placed until the next one does not fit."""
    pages: list[tuple[int, int]] = []
    start, n = 0, len(heights)
    while start < n:
        avail = max_height - header_h - (TOP_STRIP if pages else 0.0)
        end = _fit(heights, start, avail)
        if end < n:
            end = max(_fit(heights, start, avail - BOTTOM_STRIP), start + 1)
            if sum(heights[start:end]) > avail - BOTTOM_STRIP:
                log.warning("flowchart row %d is taller than the page; it overflows", start + 1)
        pages.append((start, end))
        start = end
    return pages


def _fit(heights: list[float], start: int, avail: float) -> int:
    end, used = start, 0.0
    while end < len(heights) and used + heights[end] <= avail + 1e-6:
        used += heights[end]
        end += 1
    return end


def letter(n: int) -> str:
    """A, B, …, Z, AA, AB, … for the n-th connector pair (0-based)."""
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _crossings(ctx: _Context, pages: list[tuple[int, int]]) -> dict[tuple[int, int], Crossing]:
    """Connector pairs for every edge whose ends are on different pages, lettered in order."""
    page_of = {i: p for p, (a, b) in enumerate(pages) for i in range(a, b)}
    todo = []
    for e in ctx.edges:
        s, t = ctx.index[e.source], ctx.index[e.target]
        if page_of[s] != page_of[t]:
            col = _nearest_col(ctx, e.target, _first_col(ctx, e.source))
            todo.append((min(page_of[s], page_of[t]), col, s, t, e))
    used: dict[tuple[int, str, int], int] = {}
    out: dict[tuple[int, int], Crossing] = {}
    for n, (_, col, s, t, e) in enumerate(sorted(todo, key=lambda x: x[:4])):
        forward = t > s
        strips = [(page_of[s], "bottom" if forward else "top"),
                  (page_of[t], "top" if forward else "bottom")]
        col = _free_col(ctx, col, strips, used)
        for page, strip in strips:
            used[(page, strip, col)] = used.get((page, strip, col), 0) + 1
        out[(e.source, e.target)] = Crossing(e.source, e.target, letter(n), col, forward)
    return out


def _first_col(ctx: _Context, step_no: int) -> int:
    return min(ctx.col_of[a] for a in ctx.sop.steps[ctx.index[step_no]].actors)


def _nearest_col(ctx: _Context, step_no: int, other: int) -> int:
    cols = sorted(ctx.col_of[a] for a in ctx.sop.steps[ctx.index[step_no]].actors)
    return min(cols, key=lambda c: (abs(c - other), c))


def _capacity(geom: ColumnGeom) -> int:
    """How many full-size connectors fit side by side within a column's symbol span."""
    return max(1, int((geom.sw + 2) // (CONNECTOR_SIZE + 2)))


def _free_col(ctx: _Context, preferred: int, strips: list[tuple[int, str]],
              used: dict[tuple[int, str, int], int]) -> int:
    """The column nearest to `preferred` with room in both strips (else the least crowded)."""
    def crowding(col: int) -> int:
        return max(used.get((p, s, col), 0) + 1 - _capacity(ctx.geoms[col]) for p, s in strips)

    return min(range(len(ctx.geoms)),
               key=lambda c: (max(crowding(c), 0), abs(c - preferred), c))


# ---------------------------------------------------------------------- routing one page


@dataclass
class _PageRoute:
    router: Router
    rows: int
    connectors: dict[int, tuple[Crossing, str, str]]  # mark key -> crossing, role, strip


def _route(ctx: _Context, page: int, pages: list[tuple[int, int]],
           crossings: Mapping[tuple[int, int], Crossing], rough: bool = False) -> _PageRoute:
    """Marks and planned arrows of one page (x only; y comes with the row heights), worked out
    once for the same pagination."""
    key = (page, tuple(pages), tuple(crossings), rough)
    if key not in ctx.routes:
        ctx.routes[key] = _new_route(ctx, page, pages, crossings, rough)
    return ctx.routes[key]


def _new_route(ctx: _Context, page: int, pages: list[tuple[int, int]],
               crossings: Mapping[tuple[int, int], Crossing], rough: bool) -> _PageRoute:
    start, end = pages[page]
    rows = end - start
    marks: dict[int, list[Mark]] = {}
    all_marks: list[Mark] = []
    for i in range(start, end):
        step = ctx.sop.steps[i]
        kind = ctx.kinds[i]
        for actor in sorted(step.actors, key=lambda a: ctx.col_of[a]):
            col = ctx.col_of[actor]
            w, h = mark_size(kind, ctx.geoms[col].sw)
            mark = Mark(len(all_marks), i - start, col, kind, ctx.geoms[col].cx, w, h, step.no,
                        len(step.actors) > 1)
            marks.setdefault(step.no, []).append(mark)
            all_marks.append(mark)
    connectors, conn_marks = _connector_marks(ctx, page, pages, crossings, rows, len(all_marks))
    all_marks += [m for m, _ in conn_marks.values()]
    router = Router(ctx.geoms, all_marks)
    for e in ctx.edges:
        src = marks.get(e.source) or _conn(conn_marks, e, "in")
        dst = marks.get(e.target) or _conn(conn_marks, e, "out")
        if src and dst and (e.source in marks or e.target in marks):
            side_exit = (e.source, e.target) in ctx.side_exits
            router.add(e.source, e.target, e.label, src, dst, side_exit)
    router.resolve_x()
    if not rough:
        untangle(router)
    return _PageRoute(router, rows, connectors)


def _conn(conn_marks: dict[tuple[int, int, str], tuple[Mark, Crossing]], e: graph.Edge,
          role: str) -> list[Mark]:
    found = conn_marks.get((e.source, e.target, role))
    return [found[0]] if found else []


def _connector_marks(ctx: _Context, page: int, pages: list[tuple[int, int]],
                     crossings: Mapping[tuple[int, int], Crossing], rows: int, first_key: int):
    """Connector marks of a page's strips, spread across their column in letter order."""
    start, end = pages[page]
    wanted: list[tuple[Crossing, str, str]] = []
    for c in crossings.values():
        s_here = start <= ctx.index[c.source] < end
        t_here = start <= ctx.index[c.target] < end
        if s_here:
            wanted.append((c, "out", "bottom" if c.forward else "top"))
        elif t_here:
            wanted.append((c, "in", "top" if c.forward else "bottom"))
    wanted.sort(key=lambda w: (len(w[0].letter), w[0].letter))
    groups: dict[tuple[str, int], list[tuple[Crossing, str, str]]] = {}
    for item in wanted:
        groups.setdefault((item[2], item[0].col), []).append(item)
    info: dict[int, tuple[Crossing, str, str]] = {}
    conn_marks: dict[tuple[int, int, str], tuple[Mark, Crossing]] = {}
    key = first_key
    for (strip, col), items in groups.items():
        geom = ctx.geoms[col]
        pitch = min(CONNECTOR_SIZE + 4, (geom.sw + 2) / len(items))
        size = min(CONNECTOR_SIZE, pitch - 2)  # crowded strips get smaller connectors
        for k, (c, role, _) in enumerate(items):
            cx = geom.cx + (k - (len(items) - 1) / 2) * pitch
            kind = "conn-down" if c.forward else "conn-up"
            mark = Mark(key, -1 if strip == "top" else rows, col, kind, cx, size, size)
            info[key] = (c, role, strip)
            conn_marks[(c.source, c.target, role)] = (mark, c)
            key += 1
    return info, conn_marks


# ---------------------------------------------------------------------- row heights


def _row_heights(ctx: _Context, pages: list[tuple[int, int]],
                 crossings: Mapping[tuple[int, int], Crossing], floor: list[float],
                 rough: bool = False) -> list[float]:
    """Each row's height: its text, its symbol and the lanes its band carries (at least floor)."""
    heights = list(floor)
    for page, (start, _) in enumerate(pages):
        route = _route(ctx, page, pages, crossings, rough)
        for local in range(route.rows):
            i = start + local
            need = _band_need(route, local)
            text_h = max(table.lines_height(len(v[0])) for v in ctx.texts[i].values())
            sym_h = _symbol_h(route, local)
            heights[i] = max(heights[i], text_h, UPPER + sym_h + need + ctx.room.get(i, 0.0),
                             MIN_ROW)
    return heights


def _band_need(route: _PageRoute, row: int) -> float:
    router = route.router
    return band_need(router.band_lanes.get(row, 0), _label_room(route, row),
                     row in router.band_heads)


def _label_room(route: _PageRoute, row: int) -> float:
    has = any(p.label and p.src.row == row and p.src_side == "bottom"
              for p in route.router.plans)
    return LABEL_ROOM if has else 0.0


def _symbol_h(route: _PageRoute, row: int) -> float:
    return max((m.h for m in route.router.marks if m.row == row and m.step is not None),
               default=0.0)


# ---------------------------------------------------------------------- one page


def _page(ctx: _Context, number: int, count: int, span: tuple[int, int],
          pages: list[tuple[int, int]], crossings: Mapping[tuple[int, int], Crossing],
          heights: list[float], header: tuple, header_h: float, width: float) -> PageLayout:
    route = _route(ctx, number, pages, crossings)
    start, end = span
    has_top = any(strip == "top" for _, _, strip in route.connectors.values())
    has_bottom = any(strip == "bottom" for _, _, strip in route.connectors.values())
    y = header_h
    rows: list[Row] = []
    geom: dict[int, RowGeom] = {}
    if has_top:
        top_h = TOP_STRIP
        rows.append(Row("top", y, top_h))
        cy = y + 8 + CONNECTOR_SIZE / 2
        geom[-1] = RowGeom(cy, cy + CONNECTOR_SIZE / 2, y + top_h)
        y += top_h
    for local, i in enumerate(range(start, end)):
        h = heights[i]
        need = _band_need(route, local)
        sym_h = _symbol_h(route, local)
        cy = max(y + UPPER + sym_h / 2, min(y + h / 2, y + h - need - sym_h / 2))
        geom[local] = RowGeom(cy, cy + sym_h / 2, y + h, _label_room(route, local))
        cells = table.step_cells(ctx.texts[i], ctx.columns, y, h)
        rows.append(Row("step", y, h, ctx.sop.steps[i].no, cells))
        y += h
    if has_bottom:
        rows.append(Row("bottom", y, BOTTOM_STRIP))
        cy = y + BOTTOM_STRIP / 2
        geom[route.rows] = RowGeom(cy, cy + CONNECTOR_SIZE / 2, y + BOTTOM_STRIP)
        y += BOTTOM_STRIP
    symbols, connectors, joiners = _marks_out(ctx, route, geom)
    built = route.router.build(geom)
    arrows = [_arrow(plan, points, route) for plan, points in built]
    labels, misfits = place_labels([(p, a) for (p, _), a in zip(built, arrows, strict=True)],
                                   _scene(ctx, rows, symbols, connectors, arrows))
    for arrow in misfits:
        _make_room(ctx, arrow)
    return PageLayout(number + 1, count, width, round(y, 2), ctx.columns, header, tuple(rows),
                      symbols, connectors, tuple(arrows), labels, joiners)


def _make_room(ctx: _Context, arrow: Arrow) -> None:
    """Ask for room for a label that found no clear place: the actor columns beside its arrow
    wide enough for its longest word on either side of a vertical, else a taller row."""
    need = longest_word(arrow.label or "", LABEL_SIZE) + LABEL_SPACE
    xs = [x for x, _ in arrow.points[:3]]
    narrow = False
    for n, geom in enumerate(ctx.geoms):
        if geom.x < max(xs) and min(xs) < geom.x + geom.w and geom.w / 2 < need:
            actor = ctx.sop.pelaksana[n]
            ctx.narrow[actor] = max(ctx.narrow.get(actor, 0.0), math.ceil(2 * need - geom.w))
            narrow = True
    if not narrow:  # wide enough by this measure: a little wider, and a taller row
        actor = ctx.sop.pelaksana[ctx.col_of_point(arrow.points[0][0])]
        ctx.narrow[actor] = max(ctx.narrow.get(actor, 0.0), WIDER)
        ctx.crowded.add(ctx.index[arrow.source])


def _scene(ctx: _Context, rows: list[Row], symbols: tuple[Symbol, ...],
           connectors: tuple[Connector, ...], arrows: list[Arrow]) -> Scene:
    """What the branch labels of a page must stay clear of."""
    shapes = [(s.kind, s.box) for s in symbols] + [("process", c.box) for c in connectors]
    edges = [c.x for c in ctx.columns] + [ctx.columns[-1].right]
    area = (ctx.geoms[0].x, ctx.geoms[-1].x + ctx.geoms[-1].w)
    return Scene(tuple(shapes), tuple(a.head_box for a in arrows),
                 tuple(seg for a in arrows for seg in pairwise(a.points)), tuple(edges),
                 tuple(sorted({r.y for r in rows} | {r.bottom for r in rows})), area)


def _marks_out(ctx: _Context, route: _PageRoute, geom: Mapping[int, RowGeom]):
    symbols: list[Symbol] = []
    connectors: list[Connector] = []
    by_step: dict[int, list[Symbol]] = {}
    for mark in route.router.marks:
        box = _round_box(mark.box(geom[mark.row].cy))
        if mark.step is not None:
            step_actors = ctx.sop.steps[ctx.index[mark.step]].actors
            name = next(a for a in step_actors if ctx.col_of[a] == mark.col)
            symbol = Symbol(mark.step, name, mark.kind, box)  # type: ignore[arg-type]
            symbols.append(symbol)
            by_step.setdefault(mark.step, []).append(symbol)
        else:
            crossing, role, strip = route.connectors[mark.key]
            actor = ctx.sop.pelaksana[crossing.col]
            connectors.append(Connector(crossing.letter, actor, role, strip,  # type: ignore[arg-type]
                                        "down" if crossing.forward else "up", box,
                                        crossing.source, crossing.target))
    joiners = []
    for step, marks in by_step.items():
        for a, b in pairwise(marks):
            joiners.append(Joiner(step, (a.box.right, a.box.cy), (b.box.x, b.box.cy)))
    return tuple(symbols), tuple(connectors), tuple(joiners)


def _round_box(box: Box) -> Box:
    return Box(round(box.x, 2), round(box.y, 2), round(box.w, 2), round(box.h, 2))


def _arrow(plan, points: tuple[Point, ...], route: _PageRoute) -> Arrow:
    (ax, ay), (bx, by) = points[-2], points[-1]
    length = max(abs(bx - ax) + abs(by - ay), 1e-9)
    ux, uy = (bx - ax) / length, (by - ay) / length
    back = (bx - ux * HEAD_LENGTH, by - uy * HEAD_LENGTH)
    head = ((bx, by), (round(back[0] - uy * HEAD_HALF, 2), round(back[1] + ux * HEAD_HALF, 2)),
            (round(back[0] + uy * HEAD_HALF, 2), round(back[1] - ux * HEAD_HALF, 2)))
    start = route.connectors.get(plan.src.key)
    end = route.connectors.get(plan.dst.key)
    return Arrow(plan.source, plan.target, plan.label, points, head,
                 start[0].letter if start and plan.src.step is None else None,
                 end[0].letter if end and plan.dst.step is None else None)
