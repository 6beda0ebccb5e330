"""From a read flowchart (rows, symbols, arrows, labels) to steps with actors and flow.

Geometry only: which symbol an arrow leaves and reaches, which label sits by which branch,
which off-page or on-page connectors pair up. What the geometry leaves open becomes a doubt on
the step, never a guess without one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from sop.importer.draft import Arrow, Box, Chart, Label, Point, Symbol, SymbolKind
from sop.importer.text import clean, parse_waktu, step_number

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
    cabang: list[tuple[str, int]] = field(default_factory=list)
    selesai: bool = False
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


def _row_steps(chart: Chart) -> list[DraftStep]:
    """One step per row: number, text, mutu baku, actor columns and symbol kind."""
    steps: list[DraftStep] = []
    numbers = [step_number(r.no_text) for r in chart.rows]
    sequential = all(n == i for i, n in enumerate(numbers, start=1))
    for i, row in enumerate(chart.rows):
        step = DraftStep(no=i + 1, kegiatan=clean(row.kegiatan) or "", actors=[], kind=None)
        for message in row.doubts:
            step.doubt("", message)
        if not sequential:
            shown = clean(row.no_text) or "kosong"
            if numbers[i] != i + 1:
                step.doubt("no", f"nomor di dokumen '{shown}'; dinomori ulang menjadi {i + 1}")
        if not step.kegiatan:
            step.kegiatan = "PERIKSA: uraian kegiatan"
            step.doubt("kegiatan", "kolom kegiatan kosong di dokumen")
        _read_mutu_baku(step, row.kelengkapan, row.waktu, row.output, row.keterangan)
        if step.waktu and row.waktu_until is not None:
            step.sampai = row.waktu_until + 1
        _read_actor(step, chart, i, row.marks)
        steps.append(step)
    return steps


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


def _read_actor(step: DraftStep, chart: Chart, row: int, marks: list[int]) -> None:
    found = [s for s in chart.symbols if s.row == row and s.kind in STEP_KINDS]
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
    """Steps with actors, kinds, decisions' branches, jumps and ends, from the chart."""
    steps = _row_steps(chart)
    if not steps:
        return steps
    if not chart.arrows_readable:
        if chart.drawing != "none" or any(s.kind == "decision" for s in steps):
            for step in steps:
                if step.kind == "decision":
                    step.doubt("cabang", "simbol keputusan, tetapi panahnya tidak dapat "
                               "diikuti: tambahkan cabang (label dan langkah tujuan)")
        return steps
    edges = _join_connectors(chart, _arrow_edges(chart))
    step_of = {i: s.row for i, s in enumerate(chart.symbols)
               if s.row is not None and s.kind in STEP_KINDS}
    outs: list[dict[int, Edge]] = []
    for index in range(len(steps)):
        out: dict[int, Edge] = {}
        for e in edges:
            source, target = step_of.get(e.source), step_of.get(e.target)
            if source == index and target is not None and target != index:
                out.setdefault(steps[target].no, e)
        outs.append(out)
    branches = [e.arrow for step, out in zip(steps, outs, strict=True)
                if step.kind == "decision" and len(out) >= 2 for e in out.values()]
    labels = _assign_labels(chart, branches)
    for index, (step, out) in enumerate(zip(steps, outs, strict=True)):
        nxt = steps[index + 1].no if index + 1 < len(steps) else None
        _apply_edges(chart, step, out, nxt, labels)
    return steps


def _apply_edges(chart: Chart, step: DraftStep, out: dict[int, Edge], nxt: int | None,
                 labels: dict[int, int]) -> None:
    targets = sorted(out, key=lambda no: (no != nxt, no))  # the main path first
    if step.kind == "decision":
        if len(targets) >= 2:
            chosen = [labels.get(out[no].arrow) for no in targets]
            for no, label_index in zip(targets, chosen, strict=True):
                if label_index is None:
                    label = f"PERIKSA: label ke langkah {no}"
                    step.doubt("cabang", f"label cabang ke langkah {no} tidak terbaca")
                else:
                    label = clean(chart.labels[label_index].text)
                step.cabang.append((label, no))
            return
        step.doubt("cabang", "simbol keputusan, tetapi hanya "
                   f"{len(targets)} panah keluar yang dapat diikuti: tambahkan cabangnya")
    if len(targets) > 1:
        step.doubt("ke", f"beberapa panah keluar (ke langkah {', '.join(map(str, targets))}) "
                   "dari simbol yang bukan keputusan")
    if targets and targets[0] != nxt:
        step.ke = targets[0]
    elif not targets and nxt is not None:
        if step.kind == "terminator":
            step.selesai = True
        else:
            step.doubt("", "tidak ada panah keluar yang terbaca; dianggap lanjut ke langkah "
                       "berikutnya")


