"""PDF reader for digitally produced SOPs: the text layer, the table grid and vector symbols.

A page with two identity labels starts an SOP (its table read with pdfplumber's table finder);
a page with a NO | KEGIATAN | PELAKSANA header is a flowchart sheet: its columns come from the
grid's vertical lines, its rows from the horizontal lines that cross the whole table, and the
symbols from the closed paths in the actor columns (rectangle, capsule, diamond, pentagon,
circle). Open paths are arrows, pointing at the end where a small filled triangle sits. When
the actor columns hold a picture instead of paths, picture.py finds the outlines in its pixels.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    Point,
    Row,
    Symbol,
    SymbolKind,
)
from sop.importer.identity import is_identity, parse_identity
from sop.importer.text import (
    IDENTITY_LABELS,
    clean,
    is_bulleted,
    items,
    join_wrapped,
    joined_items,
    label_key,
)

PAGE_GAP = 10000.0  # y offset per page: one coordinate system for the whole document
KEGIATAN = ("kegiatan", "aktivitas", "uraian kegiatan")
MUTU_NAMES = {"kelengkapan": "kelengkapan", "persyaratan": "kelengkapan", "dokumen": "kelengkapan",
              "berkas": "kelengkapan", "input": "kelengkapan", "bahan": "kelengkapan",
              "waktu": "waktu", "durasi": "waktu", "output": "output", "hasil": "output",
              "keluaran": "output"}
"""Mutu baku column headings (first word, as `label_key` gives it) and what each holds."""
Obj = dict[str, Any]
CONTINUED = re.compile(r"\s*\(\s*lanjutan\s*\)\s*", re.IGNORECASE)
"""What starts the KEGIATAN cell of a row continued from the sheet before."""


def read(path: Path) -> list[DraftSop]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(str(path))
        pages = pdf.pages
    except (PdfminerException, PDFSyntaxError, ValueError, TypeError, KeyError):
        raise NotAnSop("berkas rusak atau bukan PDF yang utuh") from None
    with pdf:
        return _read_pages(pages)


def _read_pages(pages: list[Any]) -> list[DraftSop]:
    sops: list[DraftSop] = []
    scanned: list[int] = []
    repeated = _running_lines(pages)
    for number, page in enumerate(pages, start=1):
        words = page.extract_words(extra_attrs=["fontname"])
        if not words:
            if page.images:
                scanned.append(number)
            continue
        keys = {label_key(w["text"]) for w in words}
        text = label_key(" ".join(w["text"] for w in words))
        below = None
        if sum(1 for label in IDENTITY_LABELS if label in text) >= 2:
            below = _identity(page, sops)
        header = _header(words)
        if header is not None and keys & {"pelaksana"}:
            if not sops:
                sops.append(DraftSop(source="", index=1))
                sops[-1].doubts.append("tabel identitas SOP tidak ditemukan")
            _flow_heading(words, header, sops[-1], repeated)
            first_row = len(sops[-1].chart.rows)
            _flow_page(page, words, header, sops[-1].chart, (number - 1) * PAGE_GAP)
            _flow_part(words, header, sops[-1].chart, repeated, first_row)
        elif sops:
            _sections(words, sops[-1], repeated, below or 0.0)
    if scanned and not any(s.chart.rows for s in sops):
        pages_text = ", ".join(map(str, scanned))
        raise NotAnSop(f"halaman {pages_text} hanya berisi gambar (hasil pindai?): teksnya tidak "
                       "dapat dibaca tanpa OCR; ketik ulang SOP ini atau gunakan berkas aslinya")
    if not sops:
        raise NotAnSop("dokumen ini tampaknya bukan SOP: tidak ada tabel identitas (NOMOR SOP, "
                       "NAMA SOP) maupun tabel bagan alir (NO, KEGIATAN, PELAKSANA)")
    for sop in sops:
        if scanned:
            sop.doubts.append(f"halaman {', '.join(map(str, scanned))} hanya berisi gambar "
                              "(hasil pindai?) dan tidak dibaca")
        if not sop.chart.rows:
            raise NotAnSop(f"SOP {sop.index} ({sop.identity.judul or 'tanpa judul'}): tabel "
                           "bagan alir tidak ditemukan")
    return sops


# ------------------------------------------------------------------------- text helpers


def _lines(words: Iterable[Obj], tolerance: float = 2.0) -> list[tuple[float, float, str]]:
    """Words grouped into lines: (top, bottom, text), top to bottom, left to right."""
    out: list[list[Obj]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if out and abs(out[-1][0]["top"] - w["top"]) <= tolerance:
            out[-1].append(w)
        else:
            out.append([w])
    return [
        (min(w["top"] for w in line), max(w["bottom"] for w in line),
         " ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"])))
        for line in out
    ]


def _inside(words: Iterable[Obj], box: Box) -> list[Obj]:
    return [w for w in words if box.contains((w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2)]


def _running_lines(pages: list[Any]) -> set[str]:
    """Lines printed at the top or foot of several pages (running header and footer): not
    content. Lines in the body are never taken for them (a wrapped word may recur)."""
    seen: dict[str, int] = {}
    for page in pages:
        edge = {t for top, bottom, t in _lines(page.extract_words())
                if top < 70 or bottom > float(page.height) - 70}
        for text in edge:
            seen[text] = seen.get(text, 0) + 1
    return {t for t, n in seen.items() if n > 1 and len(pages) > 1}


# ------------------------------------------------------------------------- identity


def _identity(page: Any, sops: list[DraftSop]) -> float | None:
    """Read the identity sheet; the bottom of the page's tables (text below them is the
    document's sections), or None when the page holds no identity sheet."""
    words = page.extract_words()
    tables = page.find_tables()
    for table in tables:
        rows: list[list[list[str]]] = []
        for row in table.rows:
            cells = []
            for bbox in row.cells:
                if bbox is None:
                    continue
                cells.append([t for _, _, t in _lines(_inside(words, Box(*bbox)))])
            rows.append(cells)
        if is_identity(rows):
            ident = parse_identity(rows)
            for key, value in list(ident.sections.items()):
                ident.sections[key] = [i for i in items(value) if i not in ("-", "–", "—")]
            sops.append(DraftSop(source="", index=len(sops) + 1, identity=ident))
            return float(max(t.bbox[3] for t in tables))
    return None


@dataclass
class _Line:
    top: float
    bottom: float
    text: str
    words: list[Obj]

    @property
    def bold(self) -> bool:
        return all("bold" in str(w.get("fontname", "")).lower() for w in self.words)

    @property
    def opens_bold(self) -> bool:
        return "bold" in str(self.words[0].get("fontname", "")).lower()


def _word_lines(words: Iterable[Obj], tolerance: float = 2.0) -> list[_Line]:
    out: list[list[Obj]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if out and abs(out[-1][0]["top"] - w["top"]) <= tolerance:
            out[-1].append(w)
        else:
            out.append([w])
    return [_Line(min(w["top"] for w in line), max(w["bottom"] for w in line),
                  " ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"])),
                  sorted(line, key=lambda w: w["x0"])) for line in out]


def _noise(text: str, repeated: set[str]) -> bool:
    return text in repeated or bool(re.fullmatch(r"(?i)halaman \d+ dari \d+|- ?\d+ ?-", text))


def _sections(words: list[Obj], sop: DraftSop, repeated: set[str], below: float) -> None:
    """Headed sections, signature rows and the e-signature statement on a page that is no
    flowchart sheet, in the order they come; lines of a section go to the part they follow."""
    lines = [ln for ln in _word_lines(words) if ln.top > below and not _noise(ln.text, repeated)
             and not sec.FLOW_NOTE.fullmatch(ln.text)]  # the legend under a signature row
    signed = _signature_rows(lines, sop)
    tte = _tte_lines(lines)
    note = _unsure_lines(lines, sop)
    previous: _Line | None = None
    heading_line: _Line | None = None
    for i, line in enumerate(lines):
        if signed and i == min(signed):
            sop.parts.append(DraftPart("tanda_tangan"))
        if i in signed or i in tte or i in note:
            previous = None
            continue
        part = sop.parts[-1] if sop.parts else None
        if (heading_line is not None and part is not None and line.bold and not part.lines
                and line.top - heading_line.bottom < 0.6 * (line.bottom - line.top)):
            part.title = f"{part.title} {line.text}"  # a heading wrapped over two lines
            heading_line = line
            continue
        heading_line = None
        found = sec.heading(line.text, line.bold)
        if found:
            sop.parts.append(DraftPart(found.kind, found.label, found.title))
            previous, heading_line = None, line
            continue
        if part is None or part.kind in ("flowchart", "tanda_tangan"):
            continue
        joins = (previous is not None and part.lines and not is_bulleted(line.text)
                 and not line.opens_bold
                 and not (part.kind == "definisi" and re.match(r"[^:]{1,60}:\s", line.text))
                 and line.top - previous.bottom < 0.6 * (line.bottom - line.top))
        if joins:
            part.lines[-1] = f"{part.lines[-1]} {line.text}"
        else:
            part.lines.append(line.text)
        previous = line
    if tte:
        sop.tte = clean(" ".join(lines[i].text for i in sorted(tte)))


def _paragraphs(lines: list[_Line]) -> list[list[int]]:
    """The lines grouped into paragraphs (a gap of more than 0.6 line between them)."""
    paragraphs: list[list[int]] = []
    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else None
        if prev and line.top - prev.bottom < 0.6 * (line.bottom - line.top):
            paragraphs[-1].append(i)
        else:
            paragraphs.append([i])
    return paragraphs


def _tte_lines(lines: list[_Line]) -> set[int]:
    """The lines of the paragraph that states an electronic signature."""
    for para in _paragraphs(lines):
        if sec.is_tte(" ".join(lines[i].text for i in para)):
            return set(para)
    return set()


def _unsure_lines(lines: list[_Line], sop: DraftSop) -> set[int]:
    """The note that explains the * marks (what the source does not state plainly): kept as
    the SOP's `unsure` note, not as a section's text."""
    for para in _paragraphs(lines):
        if sec.is_unsure_note(lines[para[0]].text):
            sop.unsure = clean(" ".join(lines[i].text for i in para))
            return set(para)
    return set()


def _signature_rows(lines: list[_Line], sop: DraftSop) -> set[int]:
    """A row of signature blocks ('Disusun oleh,' … 'Disahkan oleh,') read column by column;
    the indices of the lines it takes."""
    heads: list[tuple[float, float, str]] = []  # (x centre, top, role)
    first = None
    for i, line in enumerate(lines):
        ws = line.words
        for k in range(len(ws) - 1):
            found = sec.role_line(f"{ws[k]['text']} {ws[k + 1]['text']}")
            if found is None and k + 2 < len(ws):
                found = sec.role_line(" ".join(w["text"] for w in ws[k:k + 3]))
            if found and label_key(ws[k + 1]["text"]) in ("oleh", "ulang"):
                end = ws[k + 2] if label_key(ws[k + 1]["text"]) == "ulang" else ws[k + 1]
                heads.append(((ws[k]["x0"] + end["x1"]) / 2, line.top, found[0]))
                first = i if first is None else first
    if first is None:
        return set()
    top = min(t for _, t, _ in heads)
    taken: set[int] = set()
    height = lines[first].bottom - lines[first].top
    above = lines[first - 1] if first else None
    if above is not None and top - above.bottom < 1.2 * height and len(above.words) <= 5 and (
        not is_bulleted(above.text) and all(
            min(abs((w["x0"] + w["x1"]) / 2 - x) for x, _, _ in heads) < 60 for w in above.words)
    ):
        taken.add(first - 1)  # a place written above the row ('Yogyakarta')
    last = lines[first].bottom
    for i in range(first, len(lines)):
        line = lines[i]
        if i > first and (line.top - last > 90 or sec.heading(line.text, line.bold)):
            break
        taken.add(i)
        last = line.bottom
    heads.sort()
    bounds = [(a[0] + b[0]) / 2 for a, b in itertools.pairwise(heads)]
    columns: list[list[Obj]] = [[] for _ in heads]
    for i in sorted(taken):
        for w in lines[i].words:
            x = (w["x0"] + w["x1"]) / 2
            columns[sum(1 for b in bounds if x > b)].append(w)
    for (_, _, peran), ws in zip(heads, columns, strict=True):
        texts = [ln.text for ln in _word_lines(ws)]
        at = next((j for j, t in enumerate(texts) if sec.role_line(t)), 0)
        found = sec.role_line(texts[at]) if texts else None
        rest = ([found[1]] if found and found[1] else []) + texts[at + 1:]
        place = clean(" ".join(texts[:at])).rstrip(",")
        if peran == "disahkan":
            sop.disahkan_tempat, sop.disahkan = place, rest
        else:
            sop.signatures.append(DraftSignature(peran, rest, place))
    return taken


# ------------------------------------------------------------------------- flowchart


@dataclass
class _Header:
    top: float
    pelaksana: Obj


def _header(words: list[Obj]) -> _Header | None:
    """The flowchart header: a KEGIATAN word beside (or below, in a two-row header) a
    PELAKSANA word, each written with a capital as a column heading is; a heading above the
    table that says 'kegiatan' is not it, nor a sentence ('pelaksana langkah 7')."""
    heads = [w for w in words if w["text"][:1].isupper()]
    kegiatan = [w for w in heads if label_key(w["text"]) in KEGIATAN]
    pelaksana = [w for w in heads if label_key(w["text"]) == "pelaksana"]
    pairs = [(k, p) for k in kegiatan for p in pelaksana
             if -3 < k["top"] - p["top"] < 30 and p["x0"] > k["x0"]]
    if not pairs:
        return None
    k, p = min(pairs, key=lambda kp: abs(kp[0]["top"] - kp[1]["top"]))
    return _Header(min(k["top"], p["top"]), p)


@dataclass
class _Grid:
    xs: list[float]
    ys: list[float]  # row boundaries from the header's bottom down
    body_top: float
    kinds: dict[int, str] = field(default_factory=dict)  # column -> no/kegiatan/actor/…
    actors: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    heads: dict[int, str] = field(default_factory=dict)  # mutu baku column -> its heading


def _cluster(values: Iterable[float], tolerance: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def _grid(page: Any, words: list[Obj], header: _Header) -> _Grid | None:
    edges = [e for e in page.edges if e["bottom"] > header.top]
    vertical = [e for e in edges if e["orientation"] == "v" and e["height"] > 40]
    bottom = max((e["bottom"] for e in vertical), default=0.0)
    vertical = [e for e in vertical if e["bottom"] >= bottom - 3]  # arrows end on symbols
    xs = _cluster(e["x0"] for e in vertical)
    if len(xs) < 5:
        return None
    width = xs[-1] - xs[0]
    cover: dict[float, float] = {}
    for e in edges:
        if e["orientation"] == "h" and e["top"] >= header.top - 2:
            y = round(e["top"], 0)
            cover[y] = cover.get(y, 0.0) + e["width"]
    full = _cluster(y for y, w in cover.items() if w >= 0.8 * width)
    header_words = [w for w in words if header.top - 1 <= w["top"] <= header.top + 45
                    and (label_key(w["text"]) in ("kelengkapan", "waktu", "output", "pelaksana") or
                         (label_key(w["text"]) in MUTU_NAMES and w["text"].isupper()))]
    head_bottom = max(w["bottom"] for w in header_words)
    ys = [y for y in full if y > head_bottom]
    if len(ys) < 2:
        return None
    return _Grid(xs, ys, ys[0])


def _classify_columns(grid: _Grid, words: list[Obj], header: _Header) -> None:
    head_words = [w for w in words if header.top - 1 <= w["top"] and w["bottom"] <= grid.body_top]
    for c in range(len(grid.xs) - 1):
        box = Box(grid.xs[c], header.top - 1, grid.xs[c + 1], grid.body_top)
        inside = _inside(head_words, box)
        key = label_key(" ".join(w["text"] for w in inside))
        below = [w for w in inside if w["top"] > header.pelaksana["bottom"] - 1]
        sub = label_key(" ".join(w["text"] for w in below))
        mutu = MUTU_NAMES.get(sub.split(" ")[0]) if sub else None
        if key in ("no", "nomor"):
            grid.kinds[c] = "no"
        elif any(key.endswith(k) or key == k for k in KEGIATAN):
            grid.kinds[c] = "kegiatan"
        elif mutu and grid.actors:
            grid.kinds[c] = mutu
            grid.heads[c] = clean(" ".join(w["text"] for w in below))
        elif key.startswith("ket"):
            grid.kinds[c] = "keterangan"
        elif "kegiatan" in grid.kinds.values():
            grid.kinds[c] = "actor"
            grid.actors.append(c)
            name = join_wrapped([t for _, _, t in _lines(below)])  # 'Mahasis-' 'wa'
            grid.names.append(clean(name) or f"Pelaksana {len(grid.names) + 1}")


def _flow_heading(words: list[Obj], header: _Header, sop: DraftSop, repeated: set[str]) -> None:
    """The heading above the first flowchart sheet ('5. PROSEDUR — judul'): where the
    flowchart stands among the document's sections, with its letter or number and title."""
    if any(p.kind == "flowchart" for p in sop.parts):
        return
    above = [ln for ln in _word_lines(w for w in words if w["bottom"] < header.top - 2)
             if not _noise(ln.text, repeated)]
    part = DraftPart("flowchart")
    if above:
        text, _, title = _heading_text(above).partition(" — ")
        title = re.sub(r"\s*\(\d+/\d+\)$", "", title)
        if label_key(title) == label_key(sop.identity.judul) and title != title.upper():
            sop.identity.judul = title  # as written (the identity sheet prints capitals)
        found = sec.heading(text, True)
        if found and found.kind is None:
            part.label = found.label
            part.title = "" if label_key(found.title) in sec.FLOW_TITLES else found.title
        elif found is None and label_key(text) not in sec.FLOW_TITLES and len(text) < 60:
            part.title = text
    sop.parts.append(part)


def _heading_text(above: list[_Line]) -> str:
    """A flowchart sheet's heading, from its line with ' — ' on (a long one wraps), without
    the legend of the * marks that may follow the title."""
    start = next((i for i in range(len(above) - 1, -1, -1) if " — " in above[i].text),
                 len(above) - 1)
    return sec.FLOW_NOTE.sub("", " ".join(ln.text for ln in above[start:]))


def _flow_part(words: list[Obj], header: _Header, chart: Chart, repeated: set[str],
               first_row: int) -> None:
    """A sheet of one of several flowcharts: its heading names the sub-procedure after the
    SOP's title ('Bagian Flowchart — Ujian Skripsi — Pendaftaran Ujian (1/2)'); a new name
    starts a part at the sheet's first row."""
    above = [ln for ln in _word_lines(w for w in words if w["bottom"] < header.top - 2)
             if not _noise(ln.text, repeated)]
    pieces = _heading_text(above).split(" — ") if above else []
    if len(pieces) < 3:
        return
    title = clean(re.sub(r"\s*\(\d+/\d+\)$", "", pieces[-1]))
    if title and (not chart.parts or chart.parts[-1][0] != title):
        chart.parts.append((title, first_row))


def _flow_page(page: Any, words: list[Obj], header: _Header, chart: Chart, dy: float) -> None:
    grid = _grid(page, words, header)
    if grid is None:
        chart.doubts.append(f"halaman {page.page_number}: garis tabel bagan alir tidak terbaca")
        return
    _classify_columns(grid, words, header)
    if chart.actors and grid.names != chart.actors:
        chart.doubts.append(f"halaman {page.page_number}: kolom pelaksana berbeda dari halaman "
                            "sebelumnya")
    chart.actors = chart.actors or grid.names
    if not chart.columns_read:
        chart.columns_read = True
        chart.mutu = [(grid.kinds[c], grid.heads[c]) for c in sorted(grid.heads)]
        chart.keterangan = "keterangan" in grid.kinds.values()
    rows: list[int | None] = []
    for top, bottom in zip(grid.ys, grid.ys[1:], strict=False):
        rows.append(_row(grid, words, top, bottom, chart))
    _merged_waktu(page, grid, rows, chart)
    lo, hi = grid.xs[grid.actors[0]], grid.xs[grid.actors[-1] + 1]
    area = Box(lo, grid.body_top, hi, grid.ys[-1])
    first_arrow = len(chart.arrows)
    symbols = _vector(page, grid, area, rows, chart, dy)
    if not symbols and any(_overlaps(img, area) for img in page.images):
        from sop.importer.picture import find_symbols

        found = find_symbols(page, grid.xs, grid.actors, grid.ys, rows)
        chart.symbols += [Symbol(k, Box(b.x0, b.y0 + dy, b.x1, b.y1 + dy), r, a)
                          for k, b, r, a in found]
        chart.drawing = "picture" if chart.drawing != "vector" else chart.drawing
        chart.doubts.append(f"halaman {page.page_number}: simbol dibaca dari gambar (piksel); "
                            "panah dan label cabang tidak dapat diikuti")
        chart.arrows_readable = False
    elif symbols:
        chart.drawing = "vector"
    _labels(_area_words(page, area), grid, area, chart, dy, first_arrow)


def _merged_waktu(page: Any, grid: _Grid, rows: list[int | None], chart: Chart) -> None:
    """A Waktu cell merged over several rows (no row line across the waktu column between
    them) is one time standard for those steps: its text goes to the first step, which covers
    the rest (`waktu_until`); on a sheet the span began before ('(lanjutan)' first), the rows
    continue the span of the step before."""
    col = next((c for c, kind in grid.kinds.items() if kind == "waktu"), None)
    if col is None:
        return
    mid = (grid.xs[col] + grid.xs[col + 1]) / 2
    lines = [e["top"] for e in page.edges if e["orientation"] == "h" and e["x0"] < mid < e["x1"]]
    groups: list[list[int]] = []
    for k, row in enumerate(rows):
        joined = k > 0 and not any(abs(y - grid.ys[k]) < 1.5 for y in lines)
        if row is None:
            continue
        if joined and groups and rows[k - 1] is not None:
            groups[-1].append(row)
        else:
            groups.append([row])
    for group in (g for g in groups if len(set(g)) > 1):
        first, last = group[0], group[-1]
        text = clean(" ".join(chart.rows[r].waktu for r in dict.fromkeys(group)))
        for r in group:
            chart.rows[r].waktu = ""
        continued = CONTINUED.match(text)
        if continued:
            spans = [r for r in range(first) if chart.rows[r].waktu_until is not None]
            if spans and chart.rows[spans[-1]].waktu_until in (first - 1, first):
                chart.rows[spans[-1]].waktu_until = last
            continue
        chart.rows[first].waktu = text
        chart.rows[first].waktu_until = last


def _area_words(page: Any, area: Box) -> list[Obj]:
    """The words in the actor columns, lines told apart closely: a label's two lines and the
    labels beside them lie a few points apart, which the page's words (3 pt) would run
    together into one line."""
    from pdfplumber.utils import extract_words

    chars = [c for c in page.chars if _overlaps(c, area)]
    return list(extract_words(chars, y_tolerance=1))


def _overlaps(obj: Obj, box: Box) -> bool:
    return obj["x0"] < box.x1 and obj["x1"] > box.x0 and obj["top"] < box.y1 and \
        obj["bottom"] > box.y0


def _row(grid: _Grid, words: list[Obj], top: float, bottom: float, chart: Chart) -> int | None:
    cells: dict[str, list[tuple[float, float, str]]] = {}
    for c, kind in grid.kinds.items():
        if kind != "actor":
            cells[kind] = _lines(_inside(words, Box(grid.xs[c], top, grid.xs[c + 1], bottom)))

    def text(kind: str) -> str:
        return " ".join(t for _, _, t in cells.get(kind, []))

    if re.fullmatch(r"\(?1\)?", text("no")) and re.fullmatch(r"\(?2\)?", text("kegiatan")):
        chart.number_row = True
        return None  # a column-number row under the header
    if not clean(text("no")) and not clean(text("kegiatan")):
        return None
    kelengkapan = [t for _, _, t in cells.get("kelengkapan", [])]
    kegiatan = text("kegiatan")
    continued = CONTINUED.match(kegiatan)
    if continued and chart.rows:
        # a row split across sheets: its text goes on under '(lanjutan)'; the same step
        row = chart.rows[-1]
        row.kegiatan = clean(f"{row.kegiatan} {kegiatan[continued.end():]}")
        row.kelengkapan_lines += kelengkapan
        row.kelengkapan = joined_items(row.kelengkapan_lines)
        for kind in ("waktu", "output", "keterangan"):
            setattr(row, kind, clean(f"{getattr(row, kind)} {text(kind)}"))
        return len(chart.rows) - 1
    chart.rows.append(Row(
        no_text=text("no"), kegiatan=kegiatan,
        kelengkapan=joined_items(kelengkapan), kelengkapan_lines=kelengkapan,
        waktu=text("waktu"), output=text("output"), keterangan=text("keterangan"),
    ))
    return len(chart.rows) - 1


# ------------------------------------------------------------------------- vector drawing


def _points(obj: Obj) -> list[Point]:
    """Every point of a path (control points too), in top-down coordinates."""
    if obj["object_type"] == "rect" or "path" not in obj:
        return [(obj["x0"], obj["top"]), (obj["x1"], obj["top"]), (obj["x1"], obj["bottom"]),
                (obj["x0"], obj["bottom"])]
    return [tuple(p) for p in obj["pts"]]  # pdfplumber gives pts top-down already


def _kind(obj: Obj) -> SymbolKind | None:
    if obj["object_type"] == "rect":
        return "process"
    ops = [seg[0] for seg in obj.get("path", [])]
    closed = ops[-1:] == ["h"] or (obj["pts"] and obj["pts"][0] == obj["pts"][-1])
    if not closed:
        return None
    w, h = obj["width"], obj["height"]
    if "c" in ops:  # a capsule's round ends reach out to its control points
        xs = [obj["x0"], obj["x1"], *_controls(obj, 0)]
        w = max(xs) - min(xs)
        return "connector" if 0.75 < w / max(h, 0.1) < 1.33 else "terminator"
    pts = list(dict.fromkeys((round(x, 1), round(y, 1)) for x, y in obj["pts"]))
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    if len(pts) == 4:
        mids = sum(1 for x, y in pts if abs(x - cx) < 1 or abs(y - cy) < 1)
        return "decision" if mids == 4 else "process"
    if len(pts) == 5:
        return "offpage"
    return None


def _vector(page: Any, grid: _Grid, area: Box, rows: list[int | None], chart: Chart,
            dy: float) -> int:
    """Symbols, arrowheads and arrows in the actor columns; returns the number of symbols."""
    objs = [o for o in (*page.rects, *page.curves, *page.lines) if _overlaps(o, area)]
    page_words: list[Obj] | None = None
    heads: list[Point] = []
    paths: list[list[Point]] = []
    found = 0
    for o in objs:
        w, h = o["width"], o["height"]
        kind = _kind(o) if o["object_type"] != "line" else None
        if o["object_type"] == "curve" and o.get("fill") and max(w, h) <= 9 and len(
            set(map(tuple, o["pts"]))
        ) == 3:
            heads.append(_tip(o))
        elif kind and w >= 6 and h >= 6 and o.get("stroke"):
            box = Box(o["x0"], o["top"], o["x1"], o["bottom"])
            if "path" in o and _controls(o, 0):
                # a capsule's round ends reach out to its control points
                box = Box(min([o["x0"], *_controls(o, 0)]), o["top"],
                              max([o["x1"], *_controls(o, 0)]), o["bottom"])
            column = _column(grid, box.cx)
            if column is None:
                continue
            row = _row_at(grid, rows, box.cy)
            page_words = page.extract_words() if page_words is None else page_words
            text = " ".join(w["text"] for w in _inside(page_words, box))
            chart.symbols.append(Symbol(kind, Box(box.x0, box.y0 + dy, box.x1, box.y1 + dy),
                                        row, column, clean(text)))
            found += 1
        elif kind is None and not _is_grid(o, grid):
            paths.append([(x, y) for x, y in _points(o)])
    for pts in paths:
        if len(pts) < 2:
            continue
        start, end = pts[0], pts[-1]
        d_end = min((_dist(end, t) for t in heads), default=99.0)
        d_start = min((_dist(start, t) for t in heads), default=99.0)
        if min(d_end, d_start) > 6:
            continue
        ordered = pts if d_end <= d_start else pts[::-1]
        chart.arrows.append(Arrow([(x, y + dy) for x, y in ordered]))
    chart.arrows_readable = bool(chart.arrows)
    return found


def _controls(o: Obj, axis: int) -> list[float]:
    return [pt[axis] for seg in o["path"] if seg[0] == "c" for pt in seg[1:]]


def _tip(o: Obj) -> Point:
    """The tip of an arrowhead triangle: the vertex farthest from the other two's middle."""
    pts = list(dict.fromkeys(tuple(p) for p in o["pts"]))[:3]
    if len(pts) < 3:
        return (o["x0"] + o["x1"]) / 2, (o["top"] + o["bottom"]) / 2
    best = max(range(3), key=lambda i: _dist(pts[i], (
        (pts[(i + 1) % 3][0] + pts[(i + 2) % 3][0]) / 2,
        (pts[(i + 1) % 3][1] + pts[(i + 2) % 3][1]) / 2)))
    return pts[best]


def _dist(a: Point, b: Point) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)


def _is_grid(o: Obj, grid: _Grid) -> bool:
    if o["width"] < 0.5:
        return any(abs(o["x0"] - x) < 1 for x in grid.xs) and o["height"] > 30
    if o["height"] < 0.5:
        return o["width"] > 0.8 * (grid.xs[-1] - grid.xs[0])
    return False


def _column(grid: _Grid, x: float) -> int | None:
    for i, c in enumerate(grid.actors):
        if grid.xs[c] <= x < grid.xs[c + 1]:
            return i
    return None


def _row_at(grid: _Grid, rows: list[int | None], y: float) -> int | None:
    for i, (top, bottom) in enumerate(zip(grid.ys, grid.ys[1:], strict=False)):
        if top <= y < bottom:
            return rows[i]
    return None


def _labels(words: list[Obj], grid: _Grid, area: Box, chart: Chart, dy: float,
            first_arrow: int) -> None:
    """Words in the actor columns outside every symbol: branch labels. Words next to each
    other form a line; a label wrapped onto more lines ('Tidak' above 'setuju', 'Tidak le-'
    above 'ngkap') is one label: its lines aligned, a line apart, no arrow between them."""
    boxes = [s.box for s in chart.symbols]
    free = [w for w in _inside(words, area) if not any(
        b.contains((w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2 + dy) for b in boxes)]
    segments = [seg for a in chart.arrows[first_arrow:] for seg in itertools.pairwise(a.points)]
    labels: list[tuple[list[str], Box, float]] = []  # lines, box, height of a line
    for line in _group(free):
        box = Box(min(w["x0"] for w in line), min(w["top"] for w in line) + dy,
                  max(w["x1"] for w in line), max(w["bottom"] for w in line) + dy)
        text = " ".join(w["text"] for w in line)
        above = next((lab for lab in reversed(labels) if _continues(lab, box, segments)), None)
        if above is None:
            labels.append(([text], box, box.y1 - box.y0))
            continue
        above[0].append(text)
        labels[labels.index(above)] = (above[0], Box(
            min(above[1].x0, box.x0), above[1].y0, max(above[1].x1, box.x1), box.y1), above[2])
    for lines, box, _ in labels:
        chart.labels.append(Label(join_wrapped(lines), box))


def _continues(label: tuple[list[str], Box, float], line: Box, segments: list[tuple[Point, Point]]
               ) -> bool:
    """Whether a line of words goes on the label above it: as tall as its lines, under its
    last line with less than a third of a line between, left-aligned or centred with it, and
    no arrow passing between them."""
    _, box, height = label
    last_top = box.y1 - height
    gap = line.y0 - box.y1
    if abs((line.y1 - line.y0) - height) > 0.5 or not -0.5 < gap < 0.3 * height:
        return False
    last = Box(box.x0, last_top, box.x1, box.y1)  # the label's width so far, near enough
    if abs(line.x0 - box.x0) > 1.0 and abs(line.cx - last.cx) > 1.5:
        return False
    lo, hi = box.y1, line.y0
    x0, x1 = max(box.x0, line.x0), min(box.x1, line.x1)
    return not any(_crosses_between(a, b, x0, x1, lo, hi) for a, b in segments)


def _crosses_between(a: Point, b: Point, x0: float, x1: float, lo: float, hi: float) -> bool:
    """A segment running (more or less) across between two lines of words."""
    if abs(a[1] - b[1]) > 0.5:
        return False
    y = a[1]
    return lo - 1 <= y <= hi + 1 and min(a[0], b[0]) < x1 and max(a[0], b[0]) > x0


def _group(words: list[Obj]) -> list[list[Obj]]:
    """Words next to each other on one line (a gap under 4 pt) form one label line."""
    out: list[list[Obj]] = []
    for w in sorted(words, key=lambda w: (w["x0"], w["top"])):
        line = next((line for line in reversed(out) if abs(line[-1]["top"] - w["top"]) < 2
                     and -0.5 < w["x0"] - line[-1]["x1"] < 4), None)
        if line is None:
            out.append([w])
        else:
            line.append(w)
    return sorted(out, key=lambda line: (line[0]["top"], line[0]["x0"]))
