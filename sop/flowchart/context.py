"""What the layout of one SOP's flowchart shares across its pages, and each page's route: the
marks in its rows and connector strips and the arrows planned between them (x only)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sop import graph
from sop.flowchart import inside, table, untangle
from sop.flowchart.grid import (
    CONNECTOR_SIZE,
    END_GAP,
    END_H,
    END_W,
    LABEL_ROOM,
    ColumnGeom,
    Mark,
    band_need,
    mark_size,
    symbol_width,
)
from sop.flowchart.labels import SIZE as LABEL_SIZE
from sop.flowchart.labels import SPACE as LABEL_SPACE
from sop.flowchart.metrics import text_width
from sop.flowchart.paging import Crossing, Flow, Pages, Piece
from sop.flowchart.routing import Crowding, Router
from sop.flowchart.shapes import Column
from sop.model import Sop

Texts = table.Texts


@dataclass
class Context:
    """What every page of one SOP shares."""

    sop: Sop
    columns: tuple[Column, ...]
    geoms: list[ColumnGeom]
    col_of: dict[str, int]
    index: dict[int, int]
    kinds: list[str]
    texts: list[Texts]
    edges: list[graph.Edge]
    side_exits: set[tuple[int, int]]
    grow: dict[str, float] = field(default_factory=dict)
    """Width added to actor columns (by actor) for their arrows and labels."""
    room: dict[int, float] = field(default_factory=dict)
    """Extra height of rows (by step index) where a branch label needs more room."""
    crowded: set[int] = field(default_factory=set)
    """Rows (by step index) where a branch label found no clear place."""
    narrow: dict[str, float] = field(default_factory=dict)
    """Width to add to actor columns too narrow for a branch label's words beside an arrow."""
    routes: dict[tuple[object, ...], PageRoute] = field(default_factory=dict)
    """Each page's route, by page, pagination and crossings: the row heights and the page
    drawing ask for the same ones."""
    same_rows: dict[tuple[object, ...], PageRoute] = field(default_factory=dict)
    """Each page's route by its rows and its own connectors: a page whose rows and
    connectors a new pagination keeps routes as before."""
    crowding: Crowding = field(default_factory=Crowding)
    """Where branch labels found no room on earlier attempts (grows with each)."""
    variant: int = 0
    """Which variant of the layout the routers draw (Router.variant)."""
    inner: dict[tuple[int, int], inside.Inside] = field(default_factory=dict)
    """The text inside the symbols of steps with `teks_simbol`, by step index and column."""
    end_need: dict[int, float] = field(default_factory=dict)
    """The symbol span of columns (by index) that hold a decision beside its end capsule."""
    lead: list[int] = field(default_factory=list)
    """The first step of each step's table row (by index): a step drawn in the row of the one
    before (`sebaris`) shares its row, which the layout knows by its first step."""
    members: dict[int, list[int]] = field(default_factory=dict)
    """The steps drawn in each row (by index), by the row's first step."""

    @property
    def flow(self) -> Flow:
        return Flow(self.edges, self.index, self.cols, self.geoms, table.part_of(self.sop),
                    [s.label for s in self.sop.steps], self.lead)

    def cols(self, step_no: int) -> list[int]:
        """The actor columns of a step, left to right."""
        return sorted(self.col_of[a] for a in self.sop.steps[self.index[step_no]].actors)

    def col_at(self, x: float) -> int:
        """The actor column nearest to x."""
        return min(range(len(self.geoms)), key=lambda n: abs(self.geoms[n].cx - x))

    def lines(self, i: int) -> int:
        """The number of text lines of the row of step i, its first step (its tallest cell)."""
        return max(len(lines) for lines, _ in self.texts[i].values())


def context(sop: Sop, columns: tuple[Column, ...], grow: Mapping[str, float],
            span: Mapping[str, float]) -> Context:
    """The shared context of a layout with these columns (widened by `grow`, of which `span`
    widens their symbols)."""
    actor_cols = [c for c in columns if c.key == "actor"]
    symbol = graph.symbols(sop)
    index = {s.no: i for i, s in enumerate(sop.steps)}
    side_exits: set[tuple[int, int]] = set()
    for step in sop.steps:
        forward = [b.ke for b in step.cabang if b.ke is not None and index[b.ke] > index[step.no]]
        # the branch to the nearest step leaves from the bottom, the others from the sides
        forward.sort(key=lambda ke: index[ke])
        side_exits.update((step.no, ke) for ke in forward[1:])
    geoms = [ColumnGeom(c.x, c.w, symbol_width(c.w - grow.get(c.actor or "", 0.0))
                        + span.get(c.actor or "", 0.0)) for c in actor_cols]
    col_of = {c.actor: i for i, c in enumerate(actor_cols) if c.actor}
    rows = sop.rows()
    members = {row[0]: row for row in rows}
    lead = [row[0] for row in rows for _ in row]
    texts = [table.row_texts([sop.steps[j] for j in members[i]], columns) if i in members
             else table.step_texts(s, columns) for i, s in enumerate(sop.steps)]
    return Context(sop, columns, geoms, col_of, index,
                   [symbol[s.no] for s in sop.steps],
                   table.span_texts(sop, columns, texts), list(graph.edges(sop)),
                   side_exits, inner=_inside(sop, symbol, col_of, geoms), lead=lead,
                   members=members)


def _inside(sop: Sop, symbol: Mapping[int, str], col_of: Mapping[str, int],
            geoms: list[ColumnGeom]) -> dict[tuple[int, int], inside.Inside]:
    """The `teks_simbol` of each step set inside its symbol in each of its columns."""
    out = {}
    for i, step in enumerate(sop.steps):
        if step.teks_simbol:
            for actor in step.actors:
                col = col_of[actor]
                kind = symbol[step.no]
                out[(i, col)] = inside.fit(kind, step.teks_simbol, geoms[col].sw,
                                           *mark_size(kind, geoms[col].sw))
    return out


@dataclass
class PageRoute:
    """The marks and planned arrows of one page."""

    router: Router
    rows: int
    connectors: dict[int, tuple[Crossing, str, str]]  # mark key -> crossing, role, strip
    ends: dict[int, int] = field(default_factory=dict)
    """The end capsules: mark key -> the number of the decision whose branch ends there."""
    more: dict[int, float] = field(default_factory=dict)
    """Height rows (by local index) grew by for their branch labels (Context.room)."""

    def band_need(self, row: int) -> float:
        """Height the band under row's symbols needs for its labels and lanes."""
        router = self.router
        return band_need(router.band_lanes.get(row, 0), self.label_room(row),
                         row in router.band_heads)

    def label_room(self, row: int) -> float:
        """Room between a row's symbols and its band lanes for branch labels: for a label
        under the symbol, and half the height the row grew by where a label found no place
        (the other half above the symbols)."""
        has = any(p.label and p.src.row == row and p.src_side == "bottom"
                  for p in self.router.plans)
        return (LABEL_ROOM if has else 0.0) + self.more.get(row, 0.0) / 2

    def symbol_h(self, row: int) -> float:
        return max((m.h for m in self.router.marks if m.row == row and m.step is not None),
                   default=0.0)


def route(ctx: Context, page: int, pages: Pages, crossings: Mapping[tuple[int, int], Crossing],
          rough: bool = False) -> PageRoute:
    """The route of one page, worked out once for the same pagination (rough: not untangled,
    for a first estimate of the row heights)."""
    key = (page, pages, tuple(crossings), rough)
    if key not in ctx.routes:
        ctx.routes[key] = _same_rows(ctx, page, pages, crossings, rough)
    return ctx.routes[key]


def _same_rows(ctx: Context, page: int, pages: Pages,
               crossings: Mapping[tuple[int, int], Crossing], rough: bool) -> PageRoute:
    """The route of a page routed before with the same rows and connectors (the route
    depends on nothing else), else a new one."""
    pieces = pages[page]
    heads = _heads(ctx, pieces)
    own = tuple(c for c in crossings.values() if c.source in heads or c.target in heads)
    key = (pieces, own, rough)
    if key not in ctx.same_rows:
        ctx.same_rows[key] = _new_route(ctx, page, pages, crossings, rough)
    return ctx.same_rows[key]


def _heads(ctx: Context, pieces: tuple[Piece, ...]) -> set[int]:
    """The numbers of the steps whose symbols a page's rows hold."""
    return {ctx.sop.steps[i].no for p in pieces if p.head
            for i in ctx.members.get(p.step, [p.step])}


def _new_route(ctx: Context, page: int, pages: Pages,
               crossings: Mapping[tuple[int, int], Crossing], rough: bool) -> PageRoute:
    pieces = pages[page]
    marks: dict[int, list[Mark]] = {}
    all_marks: list[Mark] = []
    for local, piece in enumerate(pieces):
        if not piece.head:
            continue
        for index in ctx.members.get(piece.step, [piece.step]):
            step = ctx.sop.steps[index]
            kind = ctx.kinds[index]
            for actor in sorted(step.actors, key=lambda a: ctx.col_of[a]):
                col = ctx.col_of[actor]
                w, h = mark_size(kind, ctx.geoms[col].sw)
                text = ctx.inner.get((index, col))
                if text:
                    w, h = text.w, text.h
                mark = Mark(len(all_marks), local, col, kind, ctx.geoms[col].cx, w, h, step.no,
                            len(step.actors) > 1)
                marks.setdefault(step.no, []).append(mark)
                all_marks.append(mark)
    ends: dict[int, Mark] = {}
    for decision in (m[0] for m in marks.values() if m[0].kind == "decision"):
        labels = graph.ending_branches(ctx.sop.steps[ctx.index[decision.step or 0]])
        if labels:
            ends[decision.step or 0] = _end_mark(ctx, decision, labels, len(all_marks))
            all_marks.append(ends[decision.step or 0])
    heads = _heads(ctx, pieces)
    connectors, conn_marks = _connector_marks(ctx, heads, crossings, len(pieces), len(all_marks))
    all_marks += [m for m, _ in conn_marks.values()]
    router = Router(ctx.geoms, all_marks)
    router.crowding, router.variant = ctx.crowding, ctx.variant
    for no, end in ends.items():
        for label in graph.ending_branches(ctx.sop.steps[ctx.index[no]]):
            router.add(no, no, label, marks[no][:1], [end], False)
    for e in ctx.edges:
        src = marks.get(e.source) or _conn(conn_marks, e, "in")
        dst = marks.get(e.target) or _conn(conn_marks, e, "out")
        if src and dst and (e.source in marks or e.target in marks):
            side_exit = (e.source, e.target) in ctx.side_exits
            router.add(e.source, e.target, e.label, src, dst, side_exit)
    router.resolve_x()
    if not rough:  # each attempt untangles afresh: an earlier one's choices can trap it
        untangle.untangle(router)
    more = {local: ctx.room[piece.step] for local, piece in enumerate(pieces)
            if piece.head and piece.step in ctx.room}
    return PageRoute(router, len(pieces), connectors, {m.key: no for no, m in ends.items()},
                     more)


def _end_mark(ctx: Context, decision: Mark, labels: list[str], key: int) -> Mark:
    """The end capsule of a decision's ending branches, beside it in its column: the two
    centred together in the column's symbol span, the capsule on the side fewer of the
    decision's other arrows go to, the arrow between them long enough for the label."""
    step = ctx.sop.steps[ctx.index[decision.step or 0]]
    cols = [ctx.cols(e.target)[0] for e in graph.successors(ctx.sop, step)]
    side = -1 if sum(c > decision.col for c in cols) > sum(c < decision.col for c in cols) else 1
    gap = max(END_GAP, max(text_width(label, LABEL_SIZE) for label in labels) + LABEL_SPACE + 4)
    width = decision.w + gap + END_W
    ctx.end_need[decision.col] = max(ctx.end_need.get(decision.col, 0.0), width)
    centre = ctx.geoms[decision.col].cx
    decision.cx = centre - side * (width - decision.w) / 2
    return Mark(key, decision.row, decision.col, "end", centre + side * (width - END_W) / 2,
                END_W, END_H)


def _conn(conn_marks: dict[tuple[int, int, str], tuple[Mark, Crossing]], e: graph.Edge,
          role: str) -> list[Mark]:
    found = conn_marks.get((e.source, e.target, role))
    return [found[0]] if found else []


def _connector_marks(ctx: Context, heads: set[int], crossings: Mapping[tuple[int, int], Crossing],
                     rows: int, first_key: int):
    """Connector marks of a page's strips, spread across their column in letter order."""
    wanted: list[tuple[Crossing, str, str]] = []
    for c in crossings.values():
        if c.source in heads:
            wanted.append((c, "out", "bottom" if c.forward else "top"))
        elif c.target in heads:
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
        pitch = connector_pitch(geom, len(items))
        for k, (c, role, _) in enumerate(items):
            cx = geom.cx + (k - (len(items) - 1) / 2) * pitch
            kind = "conn-down" if c.forward else "conn-up"
            mark = Mark(key, -1 if strip == "top" else rows, col, kind, cx, CONNECTOR_SIZE,
                        CONNECTOR_SIZE)
            info[key] = (c, role, strip)
            conn_marks[(c.source, c.target, role)] = (mark, c)
            key += 1
    return info, conn_marks


def connector_pitch(geom: ColumnGeom, count: int) -> float:
    """Distance between the centres of `count` connectors side by side within a column's
    symbol span (widened where they do not fit, see layout._column_growth)."""
    return min(CONNECTOR_SIZE + 4, (geom.sw + 2) / count)


def connectors_need(count: int) -> float:
    """The symbol span a column needs for `count` connectors side by side, 2 px apart."""
    return count * (CONNECTOR_SIZE + 2) - 2
