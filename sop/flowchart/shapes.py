"""Geometry of the flowchart: the layout dataclasses and the outlines of the five symbols."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Point = tuple[float, float]
SymbolKind = Literal["capsule", "process", "decision"]
Side = Literal["top", "bottom", "left", "right"]


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in px: top-left corner, width and height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def overlaps(self, other: Box, margin: float = 0.0) -> bool:
        """True when the two boxes share interior area (grown by `margin`)."""
        return (self.x - margin < other.right and other.x - margin < self.right
                and self.y - margin < other.bottom and other.y - margin < self.bottom)


@dataclass(frozen=True)
class TextLine:
    """One line of text: baseline position, anchor and font."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    anchor: Literal["start", "middle", "end"] = "start"


@dataclass(frozen=True)
class Cell:
    """A table cell: its box and its text lines."""

    box: Box
    lines: tuple[TextLine, ...] = ()


@dataclass(frozen=True)
class Column:
    """One table column; `actor` is set for the PELAKSANA columns."""

    key: str
    x: float
    w: float
    actor: str | None = None

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w


@dataclass(frozen=True)
class Row:
    """A table row: a step's row, the rest of its text continued on the next page, or a strip
    for off-page connectors ('top'/'bottom')."""

    kind: Literal["step", "continued", "top", "bottom"]
    y: float
    h: float
    step: int | None = None
    cells: tuple[Cell, ...] = ()

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Symbol:
    """A step's mark in one actor column."""

    step: int
    actor: str
    kind: SymbolKind
    box: Box
    lines: tuple[TextLine, ...] = ()
    """The short text written inside it (`teks_simbol`), centred."""


@dataclass(frozen=True)
class Terminator:
    """The small end capsule where a decision's branch ends the flow (`selesai: true` on the
    branch), beside the decision in its column: no step of its own, no text."""

    step: int
    actor: str
    box: Box


@dataclass(frozen=True)
class Connector:
    """An off-page connector (pentagon): 'out' where the flow leaves a page, 'in' where it
    resumes; it points the way the flow goes (down, or up for a loop-back)."""

    letter: str
    actor: str
    role: Literal["out", "in"]
    position: Literal["top", "bottom"]
    pointing: Literal["down", "up"]
    box: Box
    source: int
    target: int

    def outline(self) -> tuple[Point, ...]:
        """The pentagon's corners, clockwise from the top left."""
        b, shoulder = self.box, self.box.h * 0.6
        if self.pointing == "down":
            return ((b.x, b.y), (b.right, b.y), (b.right, b.y + shoulder), (b.cx, b.bottom),
                    (b.x, b.y + shoulder))
        return ((b.cx, b.y), (b.right, b.bottom - shoulder), (b.right, b.bottom),
                (b.x, b.bottom), (b.x, b.bottom - shoulder))


@dataclass(frozen=True)
class Arrow:
    """A flow arrow: orthogonal polyline ending at the tip of its arrowhead."""

    source: int
    target: int
    label: str | None
    points: tuple[Point, ...]
    head: tuple[Point, Point, Point]
    start_letter: str | None = None
    end_letter: str | None = None
    ends: bool = False
    """The branch ends the flow: the arrow ends at its source's Terminator."""

    @property
    def head_box(self) -> Box:
        """The box around the arrowhead."""
        xs, ys = [x for x, _ in self.head], [y for _, y in self.head]
        return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


@dataclass(frozen=True)
class Label:
    """A branch label placed beside the start of its arrow."""

    text: str
    box: Box
    lines: tuple[TextLine, ...]
    source: int
    target: int


@dataclass(frozen=True)
class Joiner:
    """The line that joins the marks of a step done jointly by several actors."""

    step: int
    start: Point
    end: Point


@dataclass(frozen=True)
class PageLayout:
    """Everything drawn on one page, in px."""

    number: int
    count: int
    width: float
    height: float
    columns: tuple[Column, ...]
    header: tuple[Cell, ...]
    rows: tuple[Row, ...]
    symbols: tuple[Symbol, ...]
    connectors: tuple[Connector, ...]
    arrows: tuple[Arrow, ...]
    labels: tuple[Label, ...]
    joiners: tuple[Joiner, ...]
    terminators: tuple[Terminator, ...] = ()
    merged: tuple[Cell, ...] = ()
    """Cells over several rows: a time standard that spans them (the row lines stop there)."""


def port_point(kind: str, box: Box, side: Side, offset: float) -> Point:
    """The point on a symbol's outline on `side`, `offset` px off the side's middle."""
    if kind == "decision":
        return _diamond_port(box, side, offset)
    if kind == "capsule" and side in ("left", "right"):
        r = box.h / 2
        reach = box.w / 2 - r + math.sqrt(max(r * r - offset * offset, 0.0))
        return (box.cx + reach if side == "right" else box.cx - reach, box.cy + offset)
    if side == "top":
        return (box.cx + offset, box.y)
    if side == "bottom":
        return (box.cx + offset, box.bottom)
    return (box.right if side == "right" else box.x, box.cy + offset)


def _diamond_port(box: Box, side: Side, offset: float) -> Point:
    a, b = box.w / 2, box.h / 2
    if side in ("top", "bottom"):
        dy = b * (1 - abs(offset) / a)
        return (box.cx + offset, box.cy - dy if side == "top" else box.cy + dy)
    dx = a * (1 - abs(offset) / b)
    return (box.cx + dx if side == "right" else box.cx - dx, box.cy + offset)


PORT_GAP = 5.5
"""Least distance between neighbouring ports (4 pt), where the side is long enough."""


TOP_PITCH = 2 * PORT_GAP
"""Distance between neighbouring ports along a top or bottom side where there is room: two
ports stand one PORT_GAP either side of the middle, where an arrow from the symbol above or
below may run."""


CORNER_SHARE = 0.38
"""The share of a diamond's width (top, bottom) or height (sides) its ports spread along:
ports of two sides meeting at a corner stay 4 pt apart."""


def _spread(kind: str, box: Box, side: Side) -> tuple[float, float]:
    """The span ports spread along comfortably on a side, and the most they may take."""
    if kind == "decision":
        span = CORNER_SHARE * (box.w if side in ("top", "bottom") else box.h)
        return span, span
    if side in ("top", "bottom"):
        return ({"capsule": box.w - box.h}.get(kind, box.w * 0.7), box.w * 0.9)
    return box.h * side_share(kind), box.h * side_share(kind)


def slot_pitch(kind: str, box: Box, side: Side, count: int) -> float:
    """Distance between neighbouring ports when `count` arrows share one side: within the
    middle of the side where they fit 4 pt apart, else spread further toward its corners
    (as far as ports of the next side leave room; the symbol grows where they need more,
    `side_room`)."""
    if count <= 1:
        return 0.0
    usable, full = _spread(kind, box, side)
    pitch = min(TOP_PITCH if side in ("top", "bottom") else 9.0, usable / (count - 1))
    return pitch if pitch >= PORT_GAP else min(PORT_GAP, full / (count - 1))


def side_share(kind: str) -> float:
    """The share of a symbol's height the ports on its left or right side spread along."""
    return CORNER_SHARE if kind == "decision" else 0.6


def side_room(kind: str, side: Side, count: int) -> float:
    """The width (top, bottom) or height (sides) a symbol needs for `count` ports on one
    side at least PORT_GAP apart."""
    if count <= 1:
        return 0.0
    share = side_share(kind) if side in ("left", "right") else (
        CORNER_SHARE if kind == "decision" else 0.9)
    return (count - 1) * PORT_GAP / share
