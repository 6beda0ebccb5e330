"""Word (.docx) reader: the identity table, the flowchart table and the shapes in its cells.

Symbols are DrawingML shapes floating in a paragraph of the actor's cell (`wp:anchor`), each
usually wrapped in `mc:AlternateContent` with a VML copy as `mc:Fallback`: only the `mc:Choice`
branch is read, so a shape (and the text of its `w:txbxContent`) is seen once. Arrows are shapes
too; they can be followed only when every row has a height (`w:trHeight`), which places the
shapes in one coordinate system. Plain text marks (x, √, ●) in an actor cell name the actor.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from sop.importer import sections as sec
from sop.importer.draft import (
    Arrow,
    Box,
    Chart,
    DraftPart,
    DraftSignature,
    DraftSop,
    Label,
    NotAnSop,
    Row,
    Symbol,
    SymbolKind,
)
from sop.importer.identity import is_identity, parse_identity
from sop.importer.text import clean, items, label_key

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
W = f"{{{NS['w']}}}"
EMU_PT = 12700.0
TWIP_PT = 20.0
TABLE_GAP = 100000.0  # y offset between tables: arrows never run from one table to another

PRESETS: dict[str, SymbolKind] = {
    "flowChartTerminator": "terminator", "roundRect": "terminator",
    "flowChartAlternateProcess": "terminator",
    "flowChartProcess": "process", "rect": "process", "flowChartPredefinedProcess": "process",
    "flowChartDocument": "process", "flowChartManualOperation": "process",
    "flowChartDecision": "decision", "diamond": "decision",
    "flowChartConnector": "connector", "ellipse": "connector",
    "flowChartOffpageConnector": "offpage", "homePlate": "offpage",
}
VML_TYPES: dict[str, SymbolKind] = {
    "_x0000_t116": "terminator", "_x0000_t176": "terminator", "_x0000_t109": "process",
    "_x0000_t110": "decision", "_x0000_t120": "connector", "_x0000_t177": "offpage",
}
VML_ELEMENTS: dict[str, SymbolKind] = {
    "roundrect": "terminator", "rect": "process", "oval": "connector",
}
ARROWS = {"straightConnector1", "line", "bentConnector2", "bentConnector3", "bentConnector4",
          "curvedConnector3", "downArrow", "upArrow", "leftArrow", "rightArrow", "bentArrow",
          "bentUpArrow", "uturnArrow"}
MARKS = re.compile(r"^[xX√✓✔●•■◆▲vV*]$|^\u25cf$")
HEADER_KEGIATAN = ("kegiatan", "aktivitas", "uraian kegiatan", "uraian")
MUTU_NAMES = {"kelengkapan": "kelengkapan", "persyaratan": "kelengkapan", "dokumen": "kelengkapan",
              "berkas": "kelengkapan", "input": "kelengkapan", "bahan": "kelengkapan",
              "waktu": "waktu", "durasi": "waktu", "output": "output", "hasil": "output",
              "keluaran": "output"}
"""Mutu baku column headings (first word, as `label_key` gives it) and what each holds."""
MARKERS = ("{n}.", "{a}.", "-")  # list markers given to Word's own numbering, by level


@cache
def _compiled(expr: str) -> etree.XPath:
    return etree.XPath(expr, namespaces=NS)


def _xp(el: Any, expr: str) -> Any:
    """XPath with this module's namespaces (python-docx's own xpath knows fewer)."""
    return _compiled(expr)(el)


def read(path: Path) -> list[DraftSop]:
    """Every SOP in a Word document, in order: an identity table starts one."""
    import docx
    from docx.opc.exceptions import OpcError

    try:
        document = docx.Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError):
        raise NotAnSop("berkas rusak atau bukan dokumen Word (.docx) yang utuh") from None
    body = document.element.body
    sops: list[DraftSop] = []
    tables = 0
    counters: dict[tuple[str, int], int] = {}
    for child in body.iterchildren():
        if child.tag == f"{W}tbl":
            grid = _grid(child)
            rows = _cell_rows(grid)
            if is_identity(rows):
                sops.append(DraftSop(source=path.name, index=len(sops) + 1,
                                     identity=parse_identity(rows)))
            elif _header_row(grid) is not None:
                if not sops:
                    sops.append(DraftSop(source=path.name, index=1))
                    sops[-1].doubts.append("tabel identitas SOP tidak ditemukan")
                _flow_part(sops[-1])
                _read_flow(child, grid, sops[-1].chart, tables * TABLE_GAP)
                tables += 1
            elif sops:
                _signature_table(rows, sops[-1])
        elif child.tag == f"{W}p" and sops:
            _paragraph(child, sops[-1], counters)
    if not sops:
        pictures = _xp(body, ".//pic:pic")
        raise NotAnSop(
            "dokumen ini tampaknya bukan SOP: tidak ada tabel identitas (NOMOR SOP, NAMA SOP) "
            "maupun tabel bagan alir (NO, KEGIATAN, PELAKSANA)"
            + ("; dokumen berisi gambar, mungkin SOP hasil pindai (perlu diketik ulang)"
               if pictures else "")
        )
    for sop in sops:
        _check_chart(sop, body)
    return sops


def _check_chart(sop: DraftSop, body: Any) -> None:
    if sop.chart.rows:
        return
    pictures = _xp(body, ".//pic:pic")
    raise NotAnSop(
        f"SOP {sop.index} ({sop.identity.judul or 'tanpa judul'}): tabel bagan alir tidak "
        "ditemukan"
        + ("; bagan alirnya berupa gambar tanpa simbol yang dapat dibaca, jadi kegiatan tidak "
           "dapat diimpor (ketik ulang bagan alirnya)" if pictures else "")
    )


def _paragraph(p: Any, sop: DraftSop, counters: dict[tuple[str, int], int]) -> None:
    """A paragraph outside the tables: a section heading, a line of the section above it, or
    the electronic-signature statement."""
    text = _text(p)
    if not text:
        return
    if sec.is_tte(text):
        sop.tte = text
        return
    found = sec.heading(text, _bold(p))
    if found:
        sop.parts.append(DraftPart(found.kind, found.label, found.title))
        return
    part = sop.parts[-1] if sop.parts else None
    if part is not None and part.kind not in ("flowchart", "tanda_tangan"):
        part.lines.append(_numbered(p, text, counters))


def _bold(p: Any) -> bool:
    """Bold throughout (every run with text), or in a heading style."""
    style = (_xp(p, "w:pPr/w:pStyle/@w:val") or [""])[0].lower()
    if style.startswith(("heading", "judul")):
        return True
    runs = [r for r in p.findall(f"{W}r") if _xp(r, "w:t/text()")]
    return bool(runs) and all(
        (_xp(r, "w:rPr/w:b/@w:val") or ["1"])[0] not in ("0", "false")
        and r.find(f"{W}rPr/{W}b") is not None for r in runs)


def _numbered(p: Any, text: str, counters: dict[tuple[str, int], int]) -> str:
    """A paragraph in Word's own numbering gets the marker it shows (1., a., -) as text."""
    num = _xp(p, "w:pPr/w:numPr/w:numId/@w:val")
    if not num:
        return text
    level = int((_xp(p, "w:pPr/w:numPr/w:ilvl/@w:val") or ["0"])[0])
    for key in [k for k in counters if k[0] == num[0] and k[1] > level]:
        del counters[key]
    n = counters[(num[0], level)] = counters.get((num[0], level), 0) + 1
    marker = MARKERS[min(level, 2)].format(n=n, a=chr(ord("a") + (n - 1) % 26))
    return f"{marker} {text}"


def _flow_part(sop: DraftSop) -> None:
    """The flowchart's place among the sections: a heading standing right above the table
    with no text of its own ('5. Prosedur') is its title."""
    if any(p.kind == "flowchart" for p in sop.parts):
        return
    last = sop.parts[-1] if sop.parts else None
    if last is not None and last.kind is None and not last.lines:
        last.kind = "flowchart"
        if label_key(last.title) in sec.FLOW_TITLES:
            last.title = ""
    else:
        sop.parts.append(DraftPart("flowchart"))


def _signature_table(rows: list[list[list[str]]], sop: DraftSop) -> None:
    """A table of signature blocks, one per cell: 'Disusun oleh,' position, name, number."""
    cells = [cell for row in rows for cell in row if cell]
    blocks = []
    for cell in cells:
        at = next((i for i, line in enumerate(cell) if sec.role_line(line)), None)
        if at is None:
            continue
        found = sec.role_line(cell[at])
        assert found is not None
        rest = ([found[1]] if found[1] else []) + cell[at + 1:]
        blocks.append((found[0], rest, clean(" ".join(cell[:at])).rstrip(",")))
    if not blocks:
        return
    sop.parts.append(DraftPart("tanda_tangan"))
    for role, rest, place in blocks:
        if role == "disahkan":
            sop.disahkan_tempat, sop.disahkan = place, rest
        else:
            sop.signatures.append(DraftSignature(role, rest, place))


# ------------------------------------------------------------------------- table grid


@dataclass
class _Cell:
    tc: Any
    row: int
    col: int


def _grid(tbl: Any) -> list[list[_Cell]]:
    """The table as a full grid: a cell spanning columns (gridSpan) or rows (vMerge) appears in
    every grid position it covers, as the same object."""
    grid: list[list[_Cell]] = []
    for r, tr in enumerate(tbl.findall(f"{W}tr")):
        row: list[_Cell] = []
        for tc in tr.findall(f"{W}tc"):
            props = tc.find(f"{W}tcPr")
            span = 1
            merge = None
            if props is not None:
                g = props.find(f"{W}gridSpan")
                span = int(g.get(f"{W}val", "1")) if g is not None else 1
                m = props.find(f"{W}vMerge")
                merge = None if m is None else m.get(f"{W}val", "continue")
            col = len(row)
            cell = _Cell(tc, r, col)
            if merge == "continue" and r > 0 and col < len(grid[-1]):
                cell = grid[-1][col]
            row.extend([cell] * span)
        grid.append(row)
    return grid


def _text(el: Any) -> str:
    """A paragraph's own text: never the text of shapes anchored in it."""
    parts = _xp(el, ".//w:t[not(ancestor::w:txbxContent) and not(ancestor::mc:Fallback)]/text()"
        " | .//w:tab[not(ancestor::w:txbxContent)]"
    )
    return clean("".join(p if isinstance(p, str) else " " for p in parts))


def _lines(tc: Any) -> list[str]:
    return [t for t in (_text(p) for p in tc.findall(f"{W}p")) if t]


def _cell_rows(grid: list[list[_Cell]]) -> list[list[list[str]]]:
    """Rows of distinct cells (a merged cell once per row), each as its paragraphs."""
    out: list[list[list[str]]] = []
    cache: dict[int, list[str]] = {}
    for row in grid:
        seen: list[list[str]] = []
        last = None
        for cell in row:
            if cell is last:
                continue
            last = cell
            lines = cache.setdefault(id(cell), _lines(cell.tc))
            if not seen or seen[-1] is not lines:
                seen.append(lines)
        out.append(seen)
    return out


def _header_row(grid: list[list[_Cell]]) -> int | None:
    for r, row in enumerate(grid[:4]):
        keys = {label_key(" ".join(_lines(c.tc))) for c in row}
        if keys & set(HEADER_KEGIATAN) and "pelaksana" in keys:
            return r
    return None


# ------------------------------------------------------------------------- flowchart


@dataclass
class _Columns:
    no: int | None = None
    kegiatan: int | None = None
    actors: list[int] | None = None
    kelengkapan: int | None = None
    waktu: int | None = None
    output: int | None = None
    keterangan: int | None = None
    heads: list[tuple[str, str]] = field(default_factory=list)  # mutu baku, as headed
    number_row: bool = False


def _mutu(top: str, below: str) -> tuple[str, str] | None:
    """(kelengkapan/waktu/output, heading) of a mutu baku column, from its header cells."""
    for text in (below, top.removeprefix("mutu baku").strip()):
        kind = MUTU_NAMES.get(text.split(" ")[0]) if text else None
        if kind:
            return kind, text
    return None


def _columns(grid: list[list[_Cell]], head: int) -> tuple[_Columns, list[str], int]:
    """Which grid column holds what, the actor names, and the first body row."""
    cols = _Columns(actors=[])
    names: list[str] = []
    sub = grid[head + 1] if head + 1 < len(grid) else grid[head]
    for c, cell in enumerate(grid[head]):
        top = label_key(" ".join(_lines(cell.tc)))
        below = label_key(" ".join(_lines(sub[c].tc))) if c < len(sub) else ""
        if top in ("no", "nomor"):
            cols.no = c
        elif top in HEADER_KEGIATAN:
            cols.kegiatan = c
        elif top == "pelaksana":
            assert cols.actors is not None
            cols.actors.append(c)
            names.append(clean(" ".join(_lines(sub[c].tc))) or f"Pelaksana {len(names) + 1}")
        elif (mutu := _mutu(top, below)) and getattr(cols, mutu[0]) is None:
            setattr(cols, mutu[0], c)
            cols.heads.append(mutu)
        elif top.startswith("ket"):
            cols.keterangan = c
    body = head + 2 if sub is not grid[head] else head + 1
    if body < len(grid) and all(
        re.fullmatch(r"\(?\d+\)?", " ".join(_lines(c.tc)) or "x") for c in grid[body]
    ):
        body += 1  # a column-number row (1, 2, 3 …) under the header
        cols.number_row = True
    return cols, names, body


def _read_flow(tbl: Any, grid: list[list[_Cell]], chart: Chart, y0: float) -> None:
    head = _header_row(grid)
    assert head is not None
    cols, names, body = _columns(grid, head)
    if chart.actors and names != chart.actors:
        chart.doubts.append("tabel bagan alir lanjutan memiliki kolom pelaksana yang berbeda")
    chart.actors = chart.actors or names
    if not chart.columns_read:
        chart.columns_read = True
        chart.mutu = [(kind, _head_text(grid, head, kind, cols)) for kind, _ in cols.heads]
        chart.keterangan = cols.keterangan is not None
        chart.number_row = cols.number_row
    lefts, heights = _geometry(tbl)
    tops = [y0 + sum(heights[:r]) for r in range(len(heights) + 1)] if heights else None
    readable = tops is not None
    for r in range(body, len(grid)):
        row = grid[r]
        if _header_row([row, *grid[r + 1:r + 2]]) == 0:
            continue  # a repeated header
        texts = {name: " ".join(_lines(row[c].tc)) if c is not None and c < len(row) else ""
                 for name, c in (("no", cols.no), ("kegiatan", cols.kegiatan),
                                 ("waktu", cols.waktu), ("output", cols.output),
                                 ("keterangan", cols.keterangan))}
        kel = items(_lines(row[cols.kelengkapan].tc)) if cols.kelengkapan is not None else []
        step = Row(no_text=texts["no"], kegiatan=texts["kegiatan"], kelengkapan=kel,
                   waktu=texts["waktu"], output=texts["output"], keterangan=texts["keterangan"])
        is_step = bool(clean(step.no_text) or clean(step.kegiatan))
        index = len(chart.rows) if is_step else None
        for a, c in enumerate(cols.actors or []):
            if c >= len(row) or row[c].row != r:
                continue
            cell_box = None
            if tops is not None and lefts:
                cell_box = Box(lefts[c], tops[r], lefts[c + 1], tops[r + 1])
            _read_cell(row[c].tc, chart, step, index, a, cell_box)
        if is_step:
            chart.rows.append(step)
    chart.arrows_readable = chart.arrows_readable or (readable and bool(chart.arrows))
    kinds = {s.kind for s in chart.symbols}
    if kinds & {"terminator", "process", "decision"}:
        chart.drawing = "vector"
    elif any(r.marks for r in chart.rows):
        chart.drawing = "marks"
        chart.doubts.append("kolom pelaksana berisi tanda teks, bukan simbol: jenis simbol dan "
                            "alur diambil dari urutan baris")
    elif _xp(tbl, ".//pic:pic"):
        chart.drawing = "picture"
        chart.doubts.append("simbol bagan alir berupa gambar yang tidak dapat dibaca: pelaksana "
                            "setiap kegiatan perlu diisi sendiri")
    if chart.arrows and not readable:
        chart.doubts.append("panah tidak dapat diikuti (tinggi baris tabel tidak tetap): alur "
                            "diambil dari urutan baris")


def _head_text(grid: list[list[_Cell]], head: int, kind: str, cols: _Columns) -> str:
    """A mutu baku column's heading as written (the lower header cell when there are two)."""
    c = getattr(cols, kind)
    for r in (head + 1, head):
        if r < len(grid) and c < len(grid[r]):
            text = clean(" ".join(_lines(grid[r][c].tc)))
            if text and label_key(text) != "mutu baku":
                return text.removeprefix("MUTU BAKU").strip()
    return kind


def _geometry(tbl: Any) -> tuple[list[float], list[float]]:
    """Column lefts (pt, from w:tblGrid) and row heights (pt), or no heights when a row
    has none (then shapes cannot be placed and arrows not followed)."""
    widths = [float(g.get(f"{W}w", "0")) / TWIP_PT for g in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    lefts = [sum(widths[:i]) for i in range(len(widths) + 1)]
    heights: list[float] = []
    for tr in tbl.findall(f"{W}tr"):
        h = tr.find(f"{W}trPr/{W}trHeight")
        if h is None:
            return lefts, []
        heights.append(float(h.get(f"{W}val", "0")) / TWIP_PT)
    return lefts, heights


def _read_cell(tc: Any, chart: Chart, row: Row, index: int | None, actor: int,
               cell: Box | None) -> None:
    text = " ".join(_lines(tc))
    if text and MARKS.match(text):
        row.marks.append(actor)
    elif text and cell is not None:
        chart.labels.append(Label(text, cell))
    for p in tc.findall(f"{W}p"):
        for shape in _shapes(p):
            _place(shape, chart, row, index, actor, cell)


@dataclass
class _Shape:
    preset: str
    text: str
    x: float  # offset from the cell's left (pt)
    y: float  # offset from the paragraph's top (pt)
    w: float
    h: float
    flip_h: bool
    flip_v: bool
    outlined: bool
    head_at_start: bool = False
    vml_kind: SymbolKind | None = None


def _shapes(p: Any) -> list[_Shape]:
    """The shapes anchored in a paragraph: DrawingML (the mc:Choice side only) or VML."""
    out: list[_Shape] = []
    for drawing in _xp(p, ".//w:drawing[not(ancestor::mc:Fallback)]"):
        anchor = drawing[0]
        x = _offset(anchor, "positionH")
        y = _offset(anchor, "positionV")
        ext = anchor.find("wp:extent", NS)
        w = float(ext.get("cx", "0")) / EMU_PT if ext is not None else 0.0
        h = float(ext.get("cy", "0")) / EMU_PT if ext is not None else 0.0
        for wsp in _xp(drawing, ".//wps:wsp"):
            out.append(_drawingml(wsp, x, y, w, h))
    for shape in _xp(p, ".//w:pict[not(ancestor::mc:Fallback)]/*"):
        out.append(_vml(shape))
    return out


def _offset(anchor: Any, axis: str) -> float:
    value = _xp(anchor, f"wp:{axis}/wp:posOffset/text()")
    return float(value[0]) / EMU_PT if value else 0.0


def _drawingml(wsp: Any, x: float, y: float, w: float, h: float) -> _Shape:
    preset = (_xp(wsp, "wps:spPr/a:prstGeom/@prst") or ["rect"])[0]
    xfrm = wsp.find("wps:spPr/a:xfrm", NS)
    flip_h = xfrm is not None and xfrm.get("flipH") == "1"
    flip_v = xfrm is not None and xfrm.get("flipV") == "1"
    no_line = bool(_xp(wsp, "wps:spPr/a:ln/a:noFill"))
    text = clean(" ".join(_xp(wsp, ".//w:txbxContent//w:t/text()")))
    head_start = bool(_xp(wsp, "wps:spPr/a:ln/a:headEnd[@type!='none']")) and \
        not _xp(wsp, "wps:spPr/a:ln/a:tailEnd[@type!='none']")
    return _Shape(preset, text, x, y, w, h, flip_h, flip_v, not no_line, head_start)


def _vml(el: Any) -> _Shape:
    """A VML shape (documents from old Word versions): kind from its element or type."""
    tag = el.tag.split("}")[-1]
    kind = VML_ELEMENTS.get(tag)
    typed = VML_TYPES.get(el.get("type", "").lstrip("#"))
    kind = typed or kind
    style = dict(
        part.split(":", 1) for part in el.get("style", "").split(";") if ":" in part
    )

    def pt(key: str) -> float:
        m = re.match(r"(-?[\d.]+)(pt)?", style.get(key, "0").strip())
        return float(m.group(1)) if m else 0.0

    text = clean(" ".join(_xp(el, ".//w:txbxContent//w:t/text()")))
    preset = "line" if tag == "line" or el.get("type") == "#_x0000_t32" else "vml"
    return _Shape(preset, text, pt("margin-left"), pt("margin-top"), pt("width"), pt("height"),
                  False, False, el.get("stroked") != "f", vml_kind=kind)


def _place(shape: _Shape, chart: Chart, row: Row, index: int | None, actor: int,
           cell: Box | None) -> None:
    if cell is not None:
        box = Box(cell.x0 + shape.x, cell.y0 + shape.y, cell.x0 + shape.x + shape.w,
                  cell.y0 + shape.y + shape.h)
    else:
        box = Box(0, 0, shape.w, shape.h)
    kind = shape.vml_kind or PRESETS.get(shape.preset)
    if shape.preset in ARROWS:
        if cell is not None:
            chart.arrows.append(Arrow(_arrow_points(shape, box)))
        return
    if kind is None or (not shape.outlined and shape.text):
        if shape.text and cell is not None:
            chart.labels.append(Label(shape.text, box))
        elif shape.text:
            row.doubts.append(f"teks '{shape.text}' di kolom pelaksana tidak terbaca sebagai "
                              "simbol")
        return
    if kind == "process" and not shape.outlined:
        return
    chart.symbols.append(Symbol(kind, box, index, actor, shape.text))


def _arrow_points(s: _Shape, b: Box) -> list[tuple[float, float]]:
    """Tail to head of an arrow shape, from its preset, its box and its flips."""
    x0, x1 = (b.x1, b.x0) if s.flip_h else (b.x0, b.x1)
    y0, y1 = (b.y1, b.y0) if s.flip_v else (b.y0, b.y1)
    xm, ym = b.cx, b.cy
    if s.preset in ("downArrow", "upArrow"):
        pts = [(xm, y0), (xm, y1)] if s.preset == "downArrow" else [(xm, y1), (xm, y0)]
    elif s.preset in ("leftArrow", "rightArrow"):
        pts = [(x1, ym), (x0, ym)] if s.preset == "leftArrow" else [(x0, ym), (x1, ym)]
    elif s.preset in ("bentArrow", "bentUpArrow"):
        pts = [(x0, y1), (x0, y0), (x1, y0)]  # up, then across (Word's default bent arrow)
    elif s.preset == "uturnArrow":
        pts = [(x0, y1), (x0, y0), (x1, y0), (x1, y1)]
    elif s.preset.startswith("bentConnector") or s.preset.startswith("curvedConnector"):
        pts = [(x0, y0), (xm, y0), (xm, y1), (x1, y1)]
    else:
        pts = [(x0, y0), (x1, y1)]
    return pts[::-1] if s.head_at_start else pts
