"""The table of the flowchart sheet: column widths, the two-row header and the text cells."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sop.flowchart.metrics import ASCENT, CONTENT, MIN_FONT, fitted, text_width, wrap
from sop.flowchart.shapes import Box, Cell, Column, PageLayout, TextLine
from sop.model import Actor, Sop, Step, TableFormat

FONT = 10.0
ACTOR_FONT = 9.0
LINE = 12.0
PAD = 4.0
HEADER_ROW1 = 20.0
HEADER_MIN_FONT = MIN_FONT
NUMBER_FONT = 9.0
NO_WIDTH = 28.0
ACTOR_MIN, ACTOR_MAX = 44.0, 84.0
#: Text columns after the actors: minimum width and share of any spare width.
TEXT_COLUMNS = (("kelengkapan", 80.0, 0.2), ("waktu", 50.0, 0.05), ("output", 70.0, 0.175),
                ("keterangan", 72.0, 0.175))
KEGIATAN_MIN, KEGIATAN_SHARE = 124.0, 0.4
SQUEEZE = 0.65
"""The text columns narrow down to this share of their minimum before the table overflows."""
NUMBER_ROW = 14.0
MUTU = ("kelengkapan", "waktu", "output")
CONTINUED = "(lanjutan)"
"""First line of what a row, or a merged waktu cell, continues from the sheet before."""
SPAN = "waktu-span"
"""Key of a spanning time standard's text in a row's texts: it gives the row room for it, but
is drawn once in a merged cell (`span_cells`), not in the row."""

Texts = dict[str, tuple[list[str], list[float]]]


@dataclass(frozen=True)
class Format:
    """The text columns after the actors, with their printed titles, and the number row."""

    text: tuple[tuple[str, str], ...]  # (key, title): mutu baku columns, then keterangan
    numbers: bool = False  # a row numbering the columns 1, 2, 3 … under the header


DEFAULT = Format(tuple((key, key.upper()) for key, _, _ in TEXT_COLUMNS))


def table_format(sop: Sop, default: TableFormat) -> Format:
    """The SOP's own columns, else the institution's; empty ones dropped when it says so."""
    fmt = sop.tabel or default
    text = [(c.isi.value, (c.judul or c.isi.value).upper()) for c in fmt.mutu_baku]
    if fmt.keterangan:
        text.append(("keterangan", "KETERANGAN"))
    if fmt.kolom_kosong == "buang":
        text = [(key, title) for key, title in text if any(_value(s, key) for s in sop.steps)]
    return Format(tuple(text), fmt.nomor_kolom)


def _value(step: Step, key: str) -> object:
    return step.kelengkapan if key == "kelengkapan" else getattr(step, key)


def columns(actor_ids: Sequence[str], width: float, fmt: Format = DEFAULT,
            grow: Mapping[str, float] | None = None) -> tuple[Column, ...]:
    """Column boxes (x, width) filling `width`: NO, KEGIATAN, actors (each `grow` px wider
    than the others where given), then the format's text columns (by default KELENGKAPAN,
    WAKTU, OUTPUT and KETERANGAN)."""
    grow = grow or {}
    spec = {key: (low, share) for key, low, share in TEXT_COLUMNS}
    chosen = [(key, *spec[key]) for key, _ in fmt.text]
    mins = KEGIATAN_MIN + sum(m for _, m, _ in chosen)
    # Spare width goes to KEGIATAN and the text columns by their shares (which sum to 1 when
    # every column is printed).
    total = KEGIATAN_SHARE + sum(share for _, _, share in chosen)
    scale = 1.0 if len(chosen) == len(TEXT_COLUMNS) else 1 / total
    count = max(len(actor_ids), 1)
    actor_w = min(ACTOR_MAX, max(ACTOR_MIN, (width - NO_WIDTH - mins) / count))
    # With many actors, or actor columns widened for their arrows, the text columns narrow
    # (their text wraps onto more lines) down to SQUEEZE of their minimum; only then does the
    # table grow wider than `width`, and the caller scales the whole sheet (smaller text).
    widths = [actor_w + grow.get(actor, 0.0) for actor in actor_ids]
    avail = width - NO_WIDTH - sum(widths)
    squeeze = 1.0 if avail >= mins else max(SQUEEZE, avail / mins)
    mins *= squeeze
    chosen = [(key, low * squeeze, share) for key, low, share in chosen]
    rest = max(mins, avail)
    kegiatan = KEGIATAN_MIN * squeeze + (rest - mins) * KEGIATAN_SHARE * scale
    out = [Column("no", 0.0, NO_WIDTH), Column("kegiatan", NO_WIDTH, kegiatan)]
    x = NO_WIDTH + kegiatan
    for actor, w in zip(actor_ids, widths, strict=True):
        out.append(Column("actor", x, w, actor))
        x += w
    for key, low, share in chosen:
        w = low + (rest - mins) * share * scale
        out.append(Column(key, x, w))
        x += w
    return tuple(out)


def text_lines(lines: Sequence[str], box: Box, size: float, bold: bool = False,
               align: str = "left", indent: Sequence[float] = ()) -> tuple[TextLine, ...]:
    """Place wrapped lines top-down in a cell box, left-aligned or centred."""
    out = []
    for i, text in enumerate(lines):
        base = box.y + PAD + i * LINE + (LINE - CONTENT * size) / 2 + ASCENT * size
        shift = indent[i] if i < len(indent) else 0.0
        if align == "center":
            out.append(TextLine(box.cx, base, text, size, bold, "middle"))
        else:
            out.append(TextLine(box.x + PAD + shift, base, text, size, bold))
    return tuple(out)


def lines_height(count: int) -> float:
    """Height of a cell holding `count` lines."""
    return 2 * PAD + count * LINE


def header_cells(cols: Sequence[Column], actors: Mapping[str, Actor], fmt: Format = DEFAULT
                 ) -> tuple[tuple[Cell, ...], float]:
    """The header cells (two rows, and the column numbers when the format asks) and the
    header's height."""
    titles = dict(fmt.text)
    actor_cols = [c for c in cols if c.key == "actor"]
    labels, actor_size = _actor_labels(actor_cols, actors)
    mutu = [c for c in cols if c.key in MUTU]
    fits = [fitted([titles[c.key]], c.w - 2 * PAD, FONT - 1, True) for c in mutu]
    mutu_lines = {c.key: lines[0] for c, (lines, _) in zip(mutu, fits, strict=True)}
    mutu_size = min((size for _, size in fits), default=FONT - 1)
    row2 = max([lines_height(len(v)) for v in (*labels.values(), *mutu_lines.values())] + [20.0])
    height = HEADER_ROW1 + row2
    cells: list[Cell] = []
    for col in cols:
        if col.key in ("no", "kegiatan", "keterangan"):
            title = titles.get(col.key, col.key.upper())
            cells.append(_header_cell(Box(col.x, 0, col.w, height), title, col.w))
    for group, members in (("PELAKSANA", actor_cols), ("MUTU BAKU", mutu)):
        if members:
            span = Box(members[0].x, 0, members[-1].right - members[0].x, HEADER_ROW1)
            cells.append(_header_cell(span, group, span.w))
    for col in actor_cols:
        box = Box(col.x, HEADER_ROW1, col.w, row2)
        cells.append(Cell(box, _centred(labels[col.actor or ""], box, actor_size)))
    for col in mutu:
        box = Box(col.x, HEADER_ROW1, col.w, row2)
        cells.append(Cell(box, _centred(mutu_lines[col.key], box, mutu_size)))
    if fmt.numbers:
        for n, col in enumerate(cols, start=1):
            box = Box(col.x, height, col.w, NUMBER_ROW)
            cells.append(Cell(box, _centred([str(n)], box, NUMBER_FONT)))
        height += NUMBER_ROW
    return tuple(cells), height


def _actor_labels(cols: Sequence[Column], actors: Mapping[str, Actor]
                  ) -> tuple[dict[str | None, list[str]], float]:
    """The actor headers wrapped at spaces, all at one size: the largest at which every word
    fits its column (at least MIN_FONT; a word that fits at none is hyphenated)."""
    width = min((c.w for c in cols), default=0.0) - 2 * PAD
    names = [_actor_label(c.actor or "", actors) for c in cols]
    _, size = fitted(names, width, ACTOR_FONT, True)
    return {c.actor: wrap(name, c.w - 2 * PAD, size, True)
            for c, name in zip(cols, names, strict=True)}, size


def _actor_label(actor_id: str, actors: Mapping[str, Actor]) -> str:
    actor = actors.get(actor_id)
    return actor.singkat if actor else actor_id


def _header_cell(box: Box, title: str, width: float) -> Cell:
    """A group or column title; a title wider than a narrow column is set smaller, not split."""
    size = FONT
    longest = max(text_width(word, FONT, True) for word in title.split())
    if longest > width - 2 * PAD:
        size = max(HEADER_MIN_FONT, FONT * (width - 2 * PAD) / longest)
    lines = wrap(title, width - 2 * PAD, size, True)
    return Cell(box, _centred(lines, box, size))


def _centred(lines: Sequence[str], box: Box, size: float) -> tuple[TextLine, ...]:
    """Lines centred horizontally and vertically in a header box."""
    top = box.y + (box.h - lines_height(len(lines))) / 2
    return text_lines(lines, Box(box.x, top, box.w, box.h), size, True, "center")


def format_waktu(step: Step) -> str:
    """'15 menit', '1,5 jam': the number without a trailing .0, Indonesian decimal comma."""
    if step.waktu is None:
        return ""
    value = step.waktu.nilai
    number = str(int(value)) if value == int(value) else f"{value:g}".replace(".", ",")
    return f"{number} {step.waktu.unit.value}"


def step_texts(step: Step, cols: Sequence[Column]) -> dict[str, tuple[list[str], list[float]]]:
    """Wrapped text (lines and per-line indent) of each text column of a step's row."""
    out: dict[str, tuple[list[str], list[float]]] = {}
    for col in cols:
        if col.key in TEXT_KEYS:
            out[col.key] = _cell_text(step, col.key, col.w - 2 * PAD)
    out["no"] = ([step.label + ("*" if step.belum_pasti else "")], [])  # never wrapped
    return {k: v for k, v in out.items() if any(v[0])}


TEXT_KEYS = ("kegiatan", "kelengkapan", "waktu", "output", "keterangan")


def _cell_text(step: Step, key: str, width: float) -> tuple[list[str], list[float]]:
    """A step's text in one text column `width` wide: lines and per-line indent."""
    if key == "kelengkapan":
        return _bullets(step.kelengkapan, width)
    plain = {"kegiatan": step.kegiatan, "waktu": format_waktu(step),
             "output": step.output or "", "keterangan": step.keterangan or ""}
    return wrap(plain[key], width, FONT), []


def row_texts(steps: Sequence[Step], cols: Sequence[Column]) -> Texts:
    """The texts of a row: one step's, or those of the steps drawn in one row (`sebaris`): the
    No cell lists their numbers, and each text cell their texts one after the other, each
    beginning with its step's number ('5. …', a hanging indent under it)."""
    if len(steps) == 1:
        return step_texts(steps[0], cols)
    out: Texts = {"no": ([s.label + ("*" if s.belum_pasti else "") for s in steps], [])}
    for col in cols:
        if col.key not in TEXT_KEYS:
            continue
        lines: list[str] = []
        indent: list[float] = []
        for step in steps:
            prefix = f"{step.label}. "
            shift = text_width(prefix, FONT)
            own, own_indent = _cell_text(step, col.key, col.w - 2 * PAD - shift)
            if own and any(own):
                lines += [prefix + own[0], *own[1:]]
                indent += [0.0] + [shift + x for x in (own_indent or [0.0] * len(own))[1:]]
        if lines:
            out[col.key] = (lines, indent)
    return out


def _bullets(items: Sequence[str], width: float) -> tuple[list[str], list[float]]:
    """One item as plain text; several as bullets with a hanging indent."""
    if len(items) <= 1:
        return (wrap(items[0], width, FONT) if items else []), []
    lines: list[str] = []
    indent: list[float] = []
    for item in items:
        wrapped = wrap(item, width - 8, FONT)
        lines += ["• " + wrapped[0], *wrapped[1:]]
        indent += [0.0] + [8.0] * (len(wrapped) - 1)
    return lines, indent


def step_cells(texts: Mapping[str, tuple[list[str], list[float]]], cols: Sequence[Column],
               y: float, h: float) -> tuple[Cell, ...]:
    """The text cells of one step row placed at y with height h."""
    cells = []
    for col in cols:
        if col.key not in texts:
            continue
        lines, indent = texts[col.key]
        box = Box(col.x, y, col.w, h)
        align = "center" if col.key in ("no", "waktu") else "left"
        cells.append(Cell(box, text_lines(lines, box, FONT, False, align, indent)))
    return tuple(cells)


def span_texts(sop: Sop, cols: Sequence[Column], texts: list[Texts]) -> list[Texts]:
    """The rows a time standard spans (`waktu.sampai`) print no waktu of their own; each keeps
    room for the merged cell's text, as a later sheet prints it ('(lanjutan)' first)."""
    col = next((c for c in cols if c.key == "waktu"), None)
    if col is None:
        return texts
    for first, last in sop.waktu_spans():
        lines = wrap(format_waktu(sop.steps[first]), col.w - 2 * PAD, FONT)
        for i in range(first, last + 1):
            texts[i].pop("waktu", None)
            texts[i][SPAN] = (lines if i == first else [CONTINUED, *lines], [])
    return texts


def span_cells(sop: Sop, cols: Sequence[Column], rows: Sequence[tuple[int, bool, Box]]
               ) -> tuple[Cell, ...]:
    """One merged waktu cell for each time standard spanning rows on a sheet, over its rows
    there (`rows`: step index, whether it is the step's first part, and its box), the text
    centred; on a sheet the span began before, it starts with '(lanjutan)'."""
    col = next((c for c in cols if c.key == "waktu"), None)
    if col is None:
        return ()
    cells = []
    for first, last in sop.waktu_spans():
        inside = [(i, head, box) for i, head, box in rows if first <= i <= last]
        if not inside:
            continue
        top, bottom = inside[0][2].y, inside[-1][2].bottom
        lines = wrap(format_waktu(sop.steps[first]), col.w - 2 * PAD, FONT)
        if inside[0][:2] != (first, True):
            lines = [CONTINUED, *lines]
        box = Box(col.x, top, col.w, bottom - top)
        middle = Box(col.x, top + (box.h - lines_height(len(lines))) / 2, col.w, box.h)
        cells.append(Cell(box, text_lines(lines, middle, FONT, False, "center")))
    return tuple(cells)


def part_of(sop: Sop) -> list[int]:
    """The sub-procedure of each step, by index (empty when the document has none)."""
    return [k for k, (_, first, last) in enumerate(sop.sub_parts())
            for _ in range(first, last + 1)]


def page_parts(sop: Sop, pages: Sequence[PageLayout]) -> list[tuple[str, list[PageLayout]]]:
    """The flowchart pages grouped by sub-procedure, each with its title ('' when the
    document has a single flowchart)."""
    parts = sop.sub_parts()
    if not parts:
        return [("", list(pages))]
    part = part_of(sop)
    index = {s.no: i for i, s in enumerate(sop.steps)}
    groups: list[tuple[str, list[PageLayout]]] = [(title, []) for title, _, _ in parts]
    for page in pages:
        step = next(r.step for r in page.rows if r.step is not None)
        groups[part[index[step]]][1].append(page)
    return groups
