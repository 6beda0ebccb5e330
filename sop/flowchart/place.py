"""Drawing stage of the layout: one page's rows, symbols, connectors, arrows and branch labels
placed at their final positions (a `PageLayout`), from its route and the row heights."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from itertools import pairwise

from sop.flowchart import table
from sop.flowchart.context import Context, PageRoute, Texts, route
from sop.flowchart.grid import CONNECTOR_SIZE, RowGeom
from sop.flowchart.labels import SIZE as LABEL_SIZE
from sop.flowchart.labels import SPACE as LABEL_SPACE
from sop.flowchart.labels import Scene, place_labels, seg_box
from sop.flowchart.metrics import longest_word
from sop.flowchart.paging import Crossing, Pages, Piece
from sop.flowchart.routing import Plan
from sop.flowchart.shapes import (
    Arrow,
    Box,
    Cell,
    Connector,
    Joiner,
    PageLayout,
    Point,
    Row,
    Symbol,
    Terminator,
)

UPPER = 12.0
"""Room above a symbol in its row."""
TOP_GAP = 8.0
"""Room above the connectors of a top strip."""
CONTINUED = table.CONTINUED
HEAD_LENGTH, HEAD_HALF = 6.0, 3.0
WIDER = 8.0
"""Width added to the column of a branch label that found no clear place in it."""
MOST_WIDER = 40.0
"""A column widens no further for its labels (they are hyphenated or rows grow instead)."""


def page(ctx: Context, number: int, pages: Pages, crossings: Mapping[tuple[int, int], Crossing],
         height: Callable[[Piece], float], header: tuple[Cell, ...], header_h: float,
         width: float, strips: tuple[float, float]) -> PageLayout:
    """Page `number` (0-based) of the pagination, drawn."""
    rt = route(ctx, number, pages, crossings)
    has = {strip for _, _, strip in rt.connectors.values()}
    y = header_h
    rows: list[Row] = []
    spanned: list[tuple[int, bool, Box]] = []  # for the merged waktu cells
    geom: dict[int, RowGeom] = {}
    if "top" in has:
        rows.append(Row("top", y, strips[0]))
        cy = y + TOP_GAP + CONNECTOR_SIZE / 2
        geom[-1] = RowGeom(cy, cy + CONNECTOR_SIZE / 2, y + strips[0])
        y += strips[0]
    for local, piece in enumerate(pages[number]):
        h = height(piece)
        geom[local] = _row_geom(rt, local, y, h)
        cells = table.step_cells(_piece_texts(ctx.texts[piece.step], piece), ctx.columns, y, h)
        rows.append(Row("step" if piece.head else "continued", y, h,
                        ctx.sop.steps[piece.step].no, cells))
        spanned.append((piece.step, piece.head, Box(0.0, y, width, h)))
        y += h
    if "bottom" in has:
        rows.append(Row("bottom", y, strips[1]))
        cy = y + strips[1] / 2
        geom[rt.rows] = RowGeom(cy, cy + CONNECTOR_SIZE / 2, y + strips[1])
        y += strips[1]
    symbols, connectors, joiners, ends = _marks_out(ctx, rt, geom)
    built = rt.router.build(geom)
    arrows = [_arrow(plan, points, rt) for plan, points in built]
    labels, misfits = place_labels([(p, a) for (p, _), a in zip(built, arrows, strict=True)],
                                   _scene(ctx, rows, symbols, connectors, arrows, ends))
    for arrow in misfits:
        _make_room(ctx, arrow)
    return PageLayout(number + 1, len(pages), width, round(y, 2), ctx.columns, header,
                      tuple(rows), symbols, connectors, tuple(arrows), labels, joiners, ends,
                      table.span_cells(ctx.sop, ctx.columns, spanned))


def _row_geom(rt: PageRoute, local: int, y: float, h: float) -> RowGeom:
    """The symbol's centre and the band under it; a continued row has no symbol."""
    sym_h = rt.symbol_h(local)
    if not sym_h:
        return RowGeom(y + 1, y + 1, y + h)
    need = rt.band_need(local)
    cy = max(y + UPPER + sym_h / 2, min(y + h / 2, y + h - need - sym_h / 2))
    return RowGeom(cy, cy + sym_h / 2, y + h, rt.label_room(local))


def _piece_texts(texts: Texts, piece: Piece) -> Texts:
    """The text of the lines a piece of a row holds; a continued row says so first."""
    out: Texts = {}
    for key, (lines, indent) in texts.items():
        if key == "no":
            out[key] = (lines, indent)
            continue
        part = (lines[piece.lo:piece.hi], indent[piece.lo:piece.hi])
        if key == "kegiatan" and not piece.head:
            part = ([CONTINUED, *part[0]], [0.0, *part[1]] if part[1] else [])
        if part[0]:
            out[key] = part
    return out


def piece_lines(ctx: Context, piece: Piece) -> int:
    """Text lines of a piece of a row (a continued one starts with "(lanjutan)")."""
    return piece.hi - piece.lo + (0 if piece.head else 1)


def _make_room(ctx: Context, arrow: Arrow) -> None:
    """Ask for room for a label that found no clear place: the columns its arrow starts
    through wide enough for its longest word beside an arrow down their middle (by at most
    MOST_WIDER), else its own column a little wider; a taller row; the lanes of its column's
    gutters at the column's edges, away from the label; and where it leaves its symbol
    sideways, that side kept free of loop-backs, then (a loop-back itself) the arrow leaving
    from the other side."""
    need = longest_word(arrow.label or "", LABEL_SIZE) + LABEL_SPACE
    xs = [x for x, _ in arrow.points[:3]]
    asked = False
    for col, geom in enumerate(ctx.geoms):
        actor = ctx.sop.pelaksana[col]
        short = min(math.ceil(2 * need - geom.w), MOST_WIDER - ctx.grow.get(actor, 0.0))
        if geom.x < max(xs) and min(xs) < geom.x + geom.w and short > 0:
            ctx.narrow[actor] = max(ctx.narrow.get(actor, 0.0), short)
            asked = True
    (x0, y0), (x1, y1) = arrow.points[:2]
    ctx.crowding.columns.add(ctx.col_at(x0))  # its column's lanes keep to the edges
    if abs(y0 - y1) < 0.01 and arrow.source != arrow.target:  # it leaves sideways
        side = "right" if x1 > x0 else "left"
        if (arrow.source, side) in ctx.crowding.sides:  # still no room: leave the other way
            ctx.crowding.loops.add((arrow.source, arrow.target))
        ctx.crowding.sides.add((arrow.source, side))
    elif y1 > y0 and ctx.index[arrow.target] <= ctx.index[arrow.source]:  # a loop-back down
        ctx.crowding.up.add((arrow.source, arrow.target))
    actor = ctx.sop.pelaksana[ctx.col_at(xs[0])]
    if not asked and ctx.grow.get(actor, 0.0) < MOST_WIDER:
        ctx.narrow[actor] = max(ctx.narrow.get(actor, 0.0), WIDER)
    ctx.crowded.add(ctx.lead[ctx.index[arrow.source]])


def _scene(ctx: Context, rows: list[Row], symbols: tuple[Symbol, ...],
           connectors: tuple[Connector, ...], arrows: list[Arrow],
           ends: tuple[Terminator, ...]) -> Scene:
    """What the branch labels of a page must stay clear of."""
    shapes = [(s.kind, s.box) for s in symbols] + [("process", c.box) for c in connectors]
    shapes += [("capsule", t.box) for t in ends]
    edges = [c.x for c in ctx.columns] + [ctx.columns[-1].right]
    area = (ctx.geoms[0].x, ctx.geoms[-1].x + ctx.geoms[-1].w)
    return Scene(tuple(shapes), tuple(a.head_box for a in arrows),
                 tuple(seg_box(seg) for a in arrows for seg in pairwise(a.points)), tuple(edges),
                 tuple(sorted({r.y for r in rows} | {r.bottom for r in rows})), area)


def _marks_out(ctx: Context, rt: PageRoute, geom: Mapping[int, RowGeom]):
    symbols: list[Symbol] = []
    connectors: list[Connector] = []
    by_step: dict[int, list[Symbol]] = {}
    ends: list[Terminator] = []
    for mark in rt.router.marks:
        box = _round_box(mark.box(geom[mark.row].cy))
        if mark.key in rt.ends:
            ends.append(Terminator(rt.ends[mark.key], ctx.sop.pelaksana[mark.col], box))
        elif mark.step is not None:
            step_actors = ctx.sop.steps[ctx.index[mark.step]].actors
            name = next(a for a in step_actors if ctx.col_of[a] == mark.col)
            text = ctx.inner.get((ctx.index[mark.step], mark.col))
            symbol = Symbol(mark.step, name, mark.kind, box,  # type: ignore[arg-type]
                            text.text_lines(box) if text else ())
            symbols.append(symbol)
            by_step.setdefault(mark.step, []).append(symbol)
        else:
            crossing, role, strip = rt.connectors[mark.key]
            actor = ctx.sop.pelaksana[crossing.col]
            connectors.append(Connector(crossing.letter, actor, role, strip,  # type: ignore[arg-type]
                                        "down" if crossing.forward else "up", box,
                                        crossing.source, crossing.target))
    joiners = []
    for step, marks in by_step.items():
        for a, b in pairwise(marks):
            joiners.append(Joiner(step, (a.box.right, a.box.cy), (b.box.x, b.box.cy)))
    return tuple(symbols), tuple(connectors), tuple(joiners), tuple(ends)


def _round_box(box: Box) -> Box:
    return Box(round(box.x, 2), round(box.y, 2), round(box.w, 2), round(box.h, 2))


def _arrow(plan: Plan, points: tuple[Point, ...], rt: PageRoute) -> Arrow:
    (ax, ay), (bx, by) = points[-2], points[-1]
    length = max(abs(bx - ax) + abs(by - ay), 1e-9)
    ux, uy = (bx - ax) / length, (by - ay) / length
    back = (bx - ux * HEAD_LENGTH, by - uy * HEAD_LENGTH)
    head = ((bx, by), (round(back[0] - uy * HEAD_HALF, 2), round(back[1] + ux * HEAD_HALF, 2)),
            (round(back[0] + uy * HEAD_HALF, 2), round(back[1] - ux * HEAD_HALF, 2)))
    start = rt.connectors.get(plan.src.key)
    end = rt.connectors.get(plan.dst.key)
    return Arrow(plan.source, plan.target, plan.label, points, head,
                 start[0].letter if start and plan.src.step is None else None,
                 end[0].letter if end and plan.dst.step is None else None,
                 plan.dst.key in rt.ends)
