"""From a read flowchart (rows, symbols, arrows, labels) to steps with actors and flow.

Geometry only: which symbol an arrow leaves and reaches, which label sits by which branch,
which off-page or on-page connectors pair up. What the geometry leaves open becomes a doubt on
the step, never a guess without one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from sop.importer.draft import Arrow, Box, Chart, Label, Point, Row, Symbol, SymbolKind
from sop.importer.text import clean, joined_items, parse_waktu, step_number

STEP_KINDS = ("terminator", "process", "decision")
REACH = 12.0
"""How far (pt) an arrow's end may stop short of a symbol and still be read as touching it."""
LABEL_REACH = 30.0
"""How far (pt) a branch label may sit from the first stretch of its arrow."""

KIND_WORDS = {"terminator": "terminator (awal/akhir)", "process": "proses",
              "decision": "keputusan"}


@dataclass
class DraftStep:
    """A step as imported, with its doubts by field ('' for the step as a whole)."""

    no: int
    kegiatan: str
    actors: list[int]
    kind: SymbolKind | None
    symbol_text: str = ""
    kelengkapan: list[str] = field(default_factory=list)
    waktu: tuple[float, str] | None = None
    sampai: int | None = None  # the last step a merged waktu cell covers
    output: str = ""
    keterangan: str = ""
    ke: int | None = None
    cabang: list[tuple[str, int | None]] = field(default_factory=list)
    """(label, target step), or (label, None) for a branch that ends the flow."""
    selesai: bool = False
    mulai: bool = False
    sebaris: bool = False  # drawn in the table row of the step before
    row: int = -1  # the index of its table row in the chart
    label: str = ""  # its number as printed ('2a'), without the * of an unconfirmed fact
    belum_pasti: list[str] = field(default_factory=list)  # facts the document marks unconfirmed
    doubts: dict[str, list[str]] = field(default_factory=dict)

    def doubt(self, key: str, message: str) -> None:
        self.doubts.setdefault(key, []).append(message)


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    qx, qy = ax + t * dx, ay + t * dy
    return float(((px - qx) ** 2 + (py - qy) ** 2) ** 0.5)


def _path_distance(p: Point, points: list[Point]) -> float:
    if len(points) == 1:
        return _segment_distance(p, points[0], points[0])
    return min(_segment_distance(p, a, b) for a, b in itertools.pairwise(points))


def _nearest_symbol(symbols: list[Symbol], p: Point, skip: int | None = None) -> int | None:
    best: tuple[float, int] | None = None
    for i, symbol in enumerate(symbols):
        d = symbol.box.distance(*p)
        if i != skip and d <= REACH and (best is None or d < best[0]):
            best = (d, i)
    return None if best is None else best[1]


@dataclass(frozen=True)
class Edge:
    source: int  # symbol index
    target: int
    arrow: int  # arrow index, for the label


def _arrow_edges(chart: Chart) -> list[Edge]:
    """Symbol-to-symbol edges, one per arrow whose both ends touch a symbol; an arrow that
    starts on another arrow (a merge) starts where that arrow starts."""
    ends: list[tuple[int | None, int | None]] = []
    for arrow in chart.arrows:
        source = _nearest_symbol(chart.symbols, arrow.points[0])
        target = _nearest_symbol(chart.symbols, arrow.points[-1], skip=source)
        ends.append((source, target))
    edges: list[Edge] = []
    for i, (source, target) in enumerate(ends):
        if source is None:
            source = next((ends[j][0] for j, other in enumerate(chart.arrows) if j != i
                           and _path_distance(chart.arrows[i].points[0], other.points) < 2.0),
                          None)
        if source is not None and target is not None and source != target:
            edges.append(Edge(source, target, i))
    return edges


def _join_connectors(chart: Chart, edges: list[Edge]) -> list[Edge]:
    """Replace X -> connector 'A' and connector 'A' -> Y by X -> Y (across pages too)."""
    symbols = chart.symbols
    joints = {i for i, s in enumerate(symbols) if s.kind in ("connector", "offpage")}
    out = [e for e in edges if e.source not in joints and e.target not in joints]
    for into in (e for e in edges if e.target in joints and e.source not in joints):
        name = clean(symbols[into.target].text).upper()
        todo, seen = [into.target], {into.target}
        while todo:
            current = todo.pop()
            partners = {i for i in joints if i not in seen and name
                        and clean(symbols[i].text).upper() == name} | {current}
            for e in edges:
                if e.source in partners and e.target not in seen:
                    if e.target in joints:
                        seen.add(e.target)
                        todo.append(e.target)
                    else:
                        out.append(Edge(into.source, e.target, into.arrow))
            seen |= partners
    return out


def _box_segment(box: Box, a: Point, b: Point) -> float:
    """Distance between a rectangle and a segment (0 when they touch)."""
    corners = [(box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1)]
    if box.contains(*a) or box.contains(*b):
        return 0.0
    return min([box.distance(*a), box.distance(*b),
                *(_segment_distance(c, a, b) for c in corners)])


def _route(arrow: Arrow) -> list[Point]:
    """An arrow's corners: repeated points and points along a straight run dropped (a drawing
    may cut one stretch into several), so that its first stretches are the ones drawn."""
    out: list[Point] = []
    for p in arrow.points:
        if out and abs(p[0] - out[-1][0]) < 0.3 and abs(p[1] - out[-1][1]) < 0.3:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if abs((bx - ax) * (p[1] - by) - (by - ay) * (p[0] - bx)) < 0.3 * max(
                    abs(bx - ax) + abs(by - ay), 1.0) and (bx - ax) * (p[0] - bx) + (
                    by - ay) * (p[1] - by) >= 0:
                out[-1] = p  # straight on
                continue
        out.append(p)
    return out


def _label_distance(label: Label, route: list[Point], stretches: int | None = 2) -> float:
    """How far a label sits from an arrow: from its first stretches (where labels go), or
    from all of it (stretches=None)."""
    head = route if stretches is None else route[:stretches + 1]
    if len(head) == 1:
        return label.box.distance(*head[0])
    return min(_box_segment(label.box, a, b) for a, b in itertools.pairwise(head))


def _assign_labels(chart: Chart, branches: list[int]) -> dict[int, int]:
    """Each branch label on the arrow it sits on (arrow index -> label index).

    A label goes to the branch arrow it is nearest to, when no other arrow of the page is
    nearer (labels sit beside the first stretches of their own arrow, and no arrow crosses
    them); the pairs are taken nearest first, each label and arrow once, within LABEL_REACH."""
    routes = [_route(a) for a in chart.arrows]
    wanted = set(branches)
    pairs: list[tuple[int, float, int, int]] = []
    for i, label in enumerate(chart.labels):
        whole = {j: _label_distance(label, r, None) for j, r in enumerate(routes)}
        nearest = min(whole.values(), default=0.0)
        for j in wanted:
            d = _label_distance(label, routes[j])
            if d <= LABEL_REACH:
                # another arrow running nearer: the label is more likely its (or a doubt)
                rank = 0 if whole[j] <= nearest + 0.5 else 1
                pairs.append((rank, d, i, j))
    chosen: dict[int, int] = {}
    taken: set[int] = set()
    for _, _, i, j in sorted(pairs):
        if i not in taken and j not in chosen:
            chosen[j] = i
            taken.add(i)
    return chosen


def _row_steps(chart: Chart, ends: set[int]) -> tuple[list[DraftStep], dict[int, int]]:
    """The steps of the rows (one per row, or each step of a row two steps share) with
    number, text, mutu baku, actor columns and symbol kind; and the step (by index) each step
    symbol belongs to. `ends`: the end capsules of branches (no step of their own)."""
    steps: list[DraftStep] = []
    owner: dict[int, int] = {}
    numbers: list[int | None] = []
    last_of_row: list[int] = []
    for i, row in enumerate(chart.rows):
        symbols = [k for k, s in enumerate(chart.symbols)
                   if s.row == i and s.kind in STEP_KINDS and k not in ends]
        parts = _shared(chart, row, symbols)
        for k, (part, own) in enumerate(parts):
            step = DraftStep(no=len(steps) + 1, kegiatan=clean(part.kegiatan) or "", actors=[],
                             kind=None, sebaris=k > 0, row=i,
                             label=clean(part.no_text).rstrip("*").strip())
            for message in part.doubts:
                step.doubt("", message)
            numbers.append(step_number(part.no_text.rstrip("*")))
            if not step.kegiatan:
                step.kegiatan = "PERIKSA: uraian kegiatan"
                step.doubt("kegiatan", "kolom kegiatan kosong di dokumen")
            _read_mutu_baku(step, part.kelengkapan, part.waktu, part.output, part.keterangan)
            _read_actor(step, chart, [chart.symbols[j] for j in own], part.marks)
            owner.update({j: len(steps) for j in own})
            steps.append(step)
        last_of_row.append(len(steps) - 1)
    for i, row in enumerate(chart.rows):  # a merged waktu cell covers to its last row's step
        first = steps[last_of_row[i - 1] + 1 if i else 0]
        if first.waktu and row.waktu_until is not None:
            first.sampai = last_of_row[row.waktu_until] + 1
    if not all(n == i for i, n in enumerate(numbers, start=1)):
        for step, part_no in zip(steps, numbers, strict=True):
            if part_no != step.no:
                shown = str(part_no) if part_no is not None else "tidak terbaca"
                step.doubt("no", f"nomor di dokumen '{shown}'; dinomori ulang menjadi {step.no}")
    return steps, owner


def _shared(chart: Chart, row: Row, symbols: list[int]) -> list[tuple[Row, list[int]]]:
    """A row as the steps it holds, each with its symbols: one step, or, where the No cell
    lists several numbers and each text cell gives each step's text after its number
    ('2. …'), one per step with a symbol each (in the order the arrows between them run,
    else left to right)."""
    labels = [t.rstrip("*") for t in clean(row.no_text).split()]
    kegiatan = _split_text(row.kegiatan, labels) if len(labels) > 1 else None
    if not kegiatan or not all(kegiatan) or len(symbols) != len(labels):
        return [(row, symbols)]
    cells = {key: _split_text(getattr(row, key), labels) or [""] * len(labels)
             for key in ("waktu", "output", "keterangan")}
    items = _split_lines(row.kelengkapan_lines, labels)
    order = _row_order(chart, symbols)
    parts = []
    for k, label in enumerate(labels):
        part = replace(row, no_text=label, kegiatan=kegiatan[k], kelengkapan=items[k],
                       waktu=cells["waktu"][k], output=cells["output"][k],
                       keterangan=cells["keterangan"][k], marks=[], doubts=list(row.doubts))
        parts.append((part, [order[k]]))
    if not _linked(chart, symbols):
        parts[0][0].doubts.append("baris memuat beberapa langkah tanpa panah di antara "
                                  "simbolnya: simbol dibagi ke langkah dari kiri ke kanan")
    return parts


def _split_text(text: str, labels: list[str]) -> list[str] | None:
    """A shared row's cell text cut at each step's number ('2. …'): each step's part ('' for a
    step with none); None when the text does not begin with a step's number."""
    found: list[tuple[int, int, int]] = []  # (step, start, end of its number)
    pos = 0
    for k, label in enumerate(labels):
        m = re.compile(rf"(?:^|\s){re.escape(label)}\.\s").search(text, pos)
        if m:
            found.append((k, m.start(), m.end()))
            pos = m.end()
    if not found or text[:found[0][1]].strip():
        return None if clean(text) else [""] * len(labels)
    out = [""] * len(labels)
    for (k, _, end), nxt in itertools.zip_longest(found, found[1:]):
        out[k] = clean(text[end:nxt[1] if nxt else len(text)])
    return out


def _split_lines(lines: list[str], labels: list[str]) -> list[list[str]]:
    """A shared row's kelengkapan lines cut where a line begins with a step's number."""
    out: list[list[str]] = [[] for _ in labels]
    current = None
    for line in lines:
        text = clean(line)
        for k, label in enumerate(labels):
            if text.startswith(f"{label}. ") and (current is None or k > current):
                current, text = k, text[len(label) + 2:]
                break
        if current is not None:
            out[current].append(text)
    return [joined_items(part) for part in out]


def _row_order(chart: Chart, symbols: list[int]) -> list[int]:
    """The symbols of a shared row in the order of their steps: an arrow between two of them
    runs from the earlier step to the later; else left to right."""
    edges = {(e.source, e.target) for e in _arrow_edges(chart)}
    ordered = sorted(symbols, key=lambda j: chart.symbols[j].box.cx)
    for a, b in itertools.combinations(list(ordered), 2):
        if (b, a) in edges and (a, b) not in edges:
            ordered[ordered.index(a)], ordered[ordered.index(b)] = b, a
    return ordered


def _linked(chart: Chart, symbols: list[int]) -> bool:
    return any(e.source in symbols and e.target in symbols for e in _arrow_edges(chart))


def _read_mutu_baku(step: DraftStep, kelengkapan: list[str], waktu: str, output: str,
                    keterangan: str) -> None:
    step.kelengkapan = [clean(item) for item in kelengkapan if clean(item)]
    step.output = clean(output)
    step.keterangan = clean(keterangan)
    if clean(waktu):
        step.waktu = parse_waktu(waktu)
        if step.waktu is None:
            step.doubt("waktu", f"waktu '{clean(waktu)}' bukan angka dan satuan (menit, jam, "
                       "hari, hari kerja, minggu, bulan); isikan waktu: {nilai: …, unit: …}")


def _read_actor(step: DraftStep, chart: Chart, found: list[Symbol], marks: list[int]) -> None:
    columns = sorted({s.column for s in found} | set(marks))
    kinds = [s.kind for s in found]
    step.kind = "decision" if "decision" in kinds else (kinds[0] if kinds else None)
    step.symbol_text = " / ".join(s.text for s in found if s.text)
    if marks and not found:
        step.kind = None
    if len(columns) > 1:
        names = ", ".join(chart.actors[c] for c in columns)
        step.doubt("pelaksana", f"simbol di beberapa kolom ({names}): dibaca sebagai "
                   "kegiatan bersama")
    if columns:
        step.actors = columns
        return
    step.actors = [0]
    why = {"picture": "bagan alir berupa gambar yang simbolnya tidak terbaca",
           "none": "tidak ada simbol di kolom pelaksana"}.get(chart.drawing,
                                                              "tidak ada simbol di baris ini")
    step.doubt("pelaksana", f"pelaksana tidak terbaca ({why}); sementara diisi kolom pertama "
               f"'{chart.actors[0] if chart.actors else '?'}'")


def build_steps(chart: Chart) -> list[DraftStep]:
    """Steps with actors, kinds, decisions' branches, jumps, starts and ends, from the chart."""
    edges = _join_connectors(chart, _arrow_edges(chart)) if chart.arrows_readable else []
    ends = _end_capsules(chart, edges)
    steps, owner = _row_steps(chart, set(ends))
    if not steps:
        return steps
    if not chart.arrows_readable:
        if chart.drawing != "none" or any(s.kind == "decision" for s in steps):
            for step in steps:
                if step.kind == "decision":
                    step.doubt("cabang", "simbol keputusan, tetapi panahnya tidak dapat "
                               "diikuti: tambahkan cabang (label dan langkah tujuan)")
        return steps
    outs: list[dict[int | None, Edge]] = [{} for _ in steps]
    into: set[int] = set()
    for e in edges:
        source, target = owner.get(e.source), owner.get(e.target)
        if source is not None and target is not None and target != source:
            outs[source].setdefault(steps[target].no, e)
            into.add(target)
        elif source is not None and e.target in ends:
            outs[source].setdefault(None, e)  # a branch ending at its end capsule
    branches = [e.arrow for step, out in zip(steps, outs, strict=True)
                if step.kind == "decision" and len(out) >= 2 for e in out.values()]
    labels = _assign_labels(chart, branches)
    for index, (step, out) in enumerate(zip(steps, outs, strict=True)):
        nxt = steps[index + 1].no if index + 1 < len(steps) else None
        _apply_edges(chart, step, out, nxt, labels)
        if index and index not in into and step.kind in ("terminator", "decision"):
            step.mulai = True  # no arrow comes in: another start of the flow
            if step.kind == "decision":
                step.doubt("", "tidak ada panah masuk yang terbaca: dibaca sebagai titik mulai "
                           "lain (mulai: true)")
    return steps


def _end_capsules(chart: Chart, edges: list[Edge]) -> list[int]:
    """The small end capsules of branches that end the flow: a terminator beside a decision
    (same row, same column) that an arrow from the decision reaches and none leaves."""
    symbols = chart.symbols
    out = []
    for e in edges:
        source, target = symbols[e.source], symbols[e.target]
        if (source.kind == "decision" and target.kind == "terminator"
                and (source.row, source.column) == (target.row, target.column)
                and source.row is not None
                and not any(other.source == e.target for other in edges)):
            out.append(e.target)
    return list(dict.fromkeys(out))


def _apply_edges(chart: Chart, step: DraftStep, out: dict[int | None, Edge], nxt: int | None,
                 labels: dict[int, int]) -> None:
    # the main path first, a branch ending the flow last
    targets = sorted(out, key=lambda no: (no is None, no != nxt, no or 0))
    if step.kind == "decision":
        if len(targets) >= 2:
            chosen = [labels.get(out[no].arrow) for no in targets]
            for no, label_index in zip(targets, chosen, strict=True):
                where = f"langkah {no}" if no is not None else "akhir alur"
                if label_index is None:
                    label = f"PERIKSA: label ke {where}"
                    step.doubt("cabang", f"label cabang ke {where} tidak terbaca")
                else:
                    label = clean(chart.labels[label_index].text)
                step.cabang.append((label, no))
            return
        step.doubt("cabang", "simbol keputusan, tetapi hanya "
                   f"{len(targets)} panah keluar yang dapat diikuti: tambahkan cabangnya")
    steps_out = [no for no in targets if no is not None]
    if len(steps_out) > 1:
        step.doubt("ke", f"beberapa panah keluar (ke langkah {', '.join(map(str, steps_out))}) "
                   "dari simbol yang bukan keputusan")
    if steps_out and steps_out[0] != nxt:
        step.ke = steps_out[0]
    elif not steps_out and nxt is not None:
        if step.kind == "terminator":
            step.selesai = True
        else:
            step.doubt("", "tidak ada panah keluar yang terbaca; dianggap lanjut ke langkah "
                       "berikutnya")
