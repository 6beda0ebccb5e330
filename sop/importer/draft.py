"""What a reader recovers from one document, before it becomes YAML: a draft SOP.

Readers (docx.py, pdf.py) fill these plain dataclasses; flow.py turns the symbols and arrows of a
flowchart into steps; emit.py writes the result as a commented YAML file. Every doubt a reader
has travels with the value it concerns, so that the YAML comment sits at the right place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SymbolKind = Literal["terminator", "process", "decision", "connector", "offpage", "mark"]
"""A flowchart symbol: the five PermenPAN symbols (arrows apart), or a plain text mark."""


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in a reader's coordinates (y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def grown(self, by: float) -> Box:
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def distance(self, x: float, y: float) -> float:
        """Distance from a point to the rectangle (0 inside)."""
        dx = max(self.x0 - x, 0.0, x - self.x1)
        dy = max(self.y0 - y, 0.0, y - self.y1)
        return float((dx * dx + dy * dy) ** 0.5)


Point = tuple[float, float]


@dataclass
class Symbol:
    """A symbol found in an actor column, on the row of one step."""

    kind: SymbolKind
    box: Box
    row: int | None  # index into Chart.rows, None for a connector outside step rows
    column: int  # index of the actor column
    text: str = ""  # text inside the symbol (connector letters, "Via Email")


@dataclass
class Arrow:
    """A flow line: its points from tail to head (the last point is the arrowhead)."""

    points: list[Point]


@dataclass
class Label:
    """A piece of text beside an arrow: a branch label such as 'Ya' or 'Tidak lengkap'."""

    text: str
    box: Box


@dataclass
class Row:
    """One activity row of the flowchart table, as read."""

    no_text: str
    kegiatan: str
    kelengkapan: list[str] = field(default_factory=list)
    waktu: str = ""
    output: str = ""
    keterangan: str = ""
    kelengkapan_lines: list[str] = field(default_factory=list)  # as printed, for a continuation
    waktu_until: int | None = None  # the last row a merged waktu cell from this row covers
    marks: list[int] = field(default_factory=list)  # actor columns with a plain text mark
    doubts: list[str] = field(default_factory=list)


@dataclass
class Chart:
    """A flowchart table: actor columns, rows, and the drawing found over them.

    `drawing` says what the reader could see of the symbols: 'vector' (shapes it could read),
    'marks' (text marks only), 'picture' (a picture it could not read), or 'none'."""

    actors: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    symbols: list[Symbol] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    drawing: str = "none"
    arrows_readable: bool = False  # False: the flow can only come from row order
    doubts: list[str] = field(default_factory=list)
    # The table's own columns: mutu baku as (kelengkapan/waktu/output, heading as printed) in
    # the source's order, whether it has a Keterangan column and a column-number row.
    mutu: list[tuple[str, str]] = field(default_factory=list)
    keterangan: bool = False
    number_row: bool = False
    columns_read: bool = False  # a header was read (the three fields above mean something)
    # Several flowcharts in one document: each one's title and the index of its first row.
    parts: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class DraftSignature:
    """A signature block other than Disahkan: role, position, name, staff number, place."""

    peran: str
    lines: list[str]  # the block's lines after the role line
    tempat: str = ""


@dataclass
class Identity:
    """The identity sheet as text: label values and the six lower sections."""

    nomor: str = ""
    judul: str = ""
    unit: str = ""
    institusi: str = ""
    pembuatan: str = ""
    revisi: str = ""
    efektif: str = ""
    pengesahan: list[str] = field(default_factory=list)  # the lines of the Disahkan oleh cell
    jenis: str = ""  # the document kind caption ('STANDAR OPERASIONAL PROSEDUR')
    labels: set[str] = field(default_factory=set)  # the identity labels the sheet has
    signatures: list[DraftSignature] = field(default_factory=list)  # '… Oleh' rows of the grid
    sections: dict[str, list[str]] = field(default_factory=dict)  # model key -> items


@dataclass
class DraftPart:
    """One headed section (or the flowchart, or the signatures) where the document puts it.

    `kind` is a SectionKind value ('tujuan', 'flowchart', 'tanda_tangan' …), 'unit_terkait',
    or None for a heading the model has no key for (a free section). `lines` are the
    section's text lines or paragraphs, list markers kept ('1. …', 'a. …')."""

    kind: str | None
    label: str = ""
    title: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class DraftSop:
    """One SOP found in a document: its identity, its flowchart and any further sections."""

    source: str  # file name, for messages
    index: int  # 1-based position of the SOP in the document
    identity: Identity = field(default_factory=Identity)
    chart: Chart = field(default_factory=Chart)
    texts: dict[str, list[str]] = field(default_factory=dict)  # deskripsi, penjelasan_alur, …
    doubts: list[str] = field(default_factory=list)
    parts: list[DraftPart] = field(default_factory=list)  # in the document's order
    signatures: list[DraftSignature] = field(default_factory=list)
    disahkan_tempat: str = ""  # the place written above 'Disahkan oleh' in a signature row
    disahkan: list[str] = field(default_factory=list)  # that block's lines after its role line
    tte: str = ""  # the electronic-signature statement, as printed
    unsure: str = ""  # the note explaining the * marks of unconfirmed facts, as printed


class NotAnSop(Exception):
    """The document holds no SOP that can be imported; the message says why (Indonesian)."""
