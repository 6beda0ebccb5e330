"""Page breaks of the flowchart: which rows, or parts of a row, each page holds, and the lettered
off-page connector pairs of the arrows that cross a break.

A row is split between pages when it is taller than a page, or when moving it whole to the
next page would leave more than a third of this one empty: its text lines are shared out, the
first part keeps the step's symbol and the rest continue on the next page under "(lanjutan)".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from sop import graph
from sop.flowchart.grid import CONNECTOR_SIZE, ColumnGeom

log = logging.getLogger(__name__)

EMPTY_AT_MOST = 1 / 3
"""Share of a page a break may leave empty before the next row is split to fill it."""
MIN_LINES = 2
"""Fewest text lines either part of a split row keeps (no single orphaned line)."""


@dataclass(frozen=True)
class Piece:
    """A step's row (by step index) on one page, or the part of it holding text lines lo..hi;
    the first part carries the step's symbol, a later one continues its text."""

    step: int
    lo: int
    hi: int

    @property
    def head(self) -> bool:
        return self.lo == 0


Pages = tuple[tuple[Piece, ...], ...]
Height = Callable[[Piece], float]


@dataclass(frozen=True)
class Sheet:
    """The room on a sheet: its height, the header's, and the connector strips'."""

    max_height: float
    header: float
    top_strip: float
    bottom_strip: float


Lines = Sequence[int] | Mapping[int, int]
"""The text lines of each row, by the index of its (first) step: a sequence when every step
has a row of its own."""


def whole(lines: Lines) -> tuple[Piece, ...]:
    """Every row whole, on one page."""
    items = lines.items() if isinstance(lines, Mapping) else enumerate(lines)
    return tuple(Piece(i, 0, n) for i, n in items)


def parts(lines: Lines, starts: Sequence[int] = ()) -> Pages:
    """Every row whole, one page for each part (sub-procedure) beginning at the step indices
    `starts` (the first part begins at 0)."""
    pieces = whole(lines)
    bounds = [0, *(s for s in starts if s > 0), len(pieces) and pieces[-1].step + 1]
    groups = (tuple(p for p in pieces if a <= p.step < b) for a, b in pairwise(bounds))
    return tuple(group for group in groups if group)


def paginate(lines: Lines, height: Height, sheet: Sheet,
             starts: Sequence[int] = ()) -> Pages:
    """Rows placed on pages until the next does not fit; it is split when it is taller than a
    page or the break would leave more than a third of the page empty. Each part beginning at
    the step indices `starts` begins on a page of its own."""
    pages: list[tuple[Piece, ...]] = []
    for part in parts(lines, starts):
        queue = list(part)
        while queue:
            avail = sheet.max_height - sheet.header - (sheet.top_strip if pages else 0.0)
            page, queue = _fill(queue, height, avail, sheet)
            pages.append(page)
    return tuple(pages)


def _fill(queue: list[Piece], height: Height, avail: float, sheet: Sheet
          ) -> tuple[tuple[Piece, ...], list[Piece]]:
    """One page's pieces from the front of the queue, and what is left."""
    if sum(height(p) for p in queue) <= avail + 1e-6:
        return tuple(queue), []
    avail -= sheet.bottom_strip
    page: list[Piece] = []
    used = 0.0
    while queue and used + height(queue[0]) <= avail + 1e-6:
        used += height(queue[0])
        page.append(queue.pop(0))
    if not queue:
        return tuple(page), queue
    free = avail - used
    if not page or free > EMPTY_AT_MOST * sheet.max_height:
        split = _split(queue[0], height, free)
        if split:
            queue[0:1] = list(split[1:])
            page.append(split[0])
    if not page:  # nothing fits, not even a part: the row overflows the page
        log.warning("flowchart row %d does not fit a page; it overflows", queue[0].step + 1)
        page.append(queue.pop(0))
    return tuple(page), queue


def _split(piece: Piece, height: Height, free: float) -> tuple[Piece, Piece] | None:
    """The piece cut after as many lines as fit in `free` (each part keeping MIN_LINES)."""
    best = None
    for cut in range(piece.lo + MIN_LINES, piece.hi - MIN_LINES + 1):
        if height(Piece(piece.step, piece.lo, cut)) > free + 1e-6:
            break
        best = cut
    if best is None:
        return None
    return Piece(piece.step, piece.lo, best), Piece(piece.step, best, piece.hi)


# ---------------------------------------------------------------------- connectors


@dataclass(frozen=True)
class Crossing:
    """An edge whose ends are on different pages, with its connector letter and column."""

    source: int
    target: int
    letter: str
    col: int
    forward: bool


@dataclass(frozen=True)
class Flow:
    """What the connectors need to know of the SOP: its edges, step order and columns."""

    edges: Sequence[graph.Edge]
    index: Mapping[int, int]
    cols: Callable[[int], list[int]]
    """The actor columns of a step (by number), left to right."""
    geoms: Sequence[ColumnGeom]
    part: Sequence[int] = ()
    """The sub-procedure of each step (by index), when the document has several."""
    labels: Sequence[str] = ()
    """Each step's number as printed (by index): the connectors between sub-procedures."""
    lead: Sequence[int] = ()
    """The first step of each step's table row (by index), when some steps share a row."""


def letter(n: int) -> str:
    """A, B, …, Z, AA, AB, … for the n-th connector pair (0-based)."""
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def head_pages(pages: Pages) -> dict[int, int]:
    """The page of each step's symbol, by step index."""
    return {piece.step: p for p, page in enumerate(pages) for piece in page if piece.head}


def crossings(flow: Flow, pages: Pages) -> dict[tuple[int, int], Crossing]:
    """Connector pairs for every edge whose ends are on different pages, lettered in order;
    a pair between two sub-procedures is labelled with its target step's number instead."""
    page_of = head_pages(pages)
    if flow.lead:  # a step sharing a row is on its first step's page
        page_of = {i: page_of[lead] for i, lead in enumerate(flow.lead)}
    todo = []
    for e in flow.edges:
        s, t = flow.index[e.source], flow.index[e.target]
        if page_of[s] != page_of[t]:
            other = flow.cols(e.source)[0]
            col = min(flow.cols(e.target), key=lambda c: (abs(c - other), c))
            todo.append((min(page_of[s], page_of[t]), col, s, t, e))
    used: dict[tuple[int, str, int], int] = {}
    out: dict[tuple[int, int], Crossing] = {}
    n = 0
    for _, col, s, t, e in sorted(todo, key=lambda x: x[:4]):
        forward = t > s
        strips = [(page_of[s], "bottom" if forward else "top"),
                  (page_of[t], "top" if forward else "bottom")]
        col = _free_col(flow.geoms, col, strips, used)
        for page, strip in strips:
            used[(page, strip, col)] = used.get((page, strip, col), 0) + 1
        if flow.part and flow.part[s] != flow.part[t]:
            name = flow.labels[t]
        else:
            name, n = letter(n), n + 1
        out[(e.source, e.target)] = Crossing(e.source, e.target, name, col, forward)
    return out


def capacity(geom: ColumnGeom) -> int:
    """How many full-size connectors fit side by side in a column (2 px apart)."""
    return max(1, int((geom.w - 4 + 2) // (CONNECTOR_SIZE + 2)))


def _free_col(geoms: Sequence[ColumnGeom], preferred: int, strips: list[tuple[int, str]],
              used: dict[tuple[int, str, int], int]) -> int:
    """The column nearest to `preferred` with room in both strips (else the least crowded)."""
    def crowding(col: int) -> int:
        return max(used.get((p, s, col), 0) + 1 - capacity(geoms[col]) for p, s in strips)

    return min(range(len(geoms)), key=lambda c: (max(crowding(c), 0), abs(c - preferred), c))
