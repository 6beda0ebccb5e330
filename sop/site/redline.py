"""The redline page's rows: sop.revisions.redline worded for a reader, ids turned into names.

Each row says which part changed, how (ditambah/dihapus/diubah), and the text before and after.
Changed text is split into segments so that the words that differ can be marked in the page.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from sop import text
from sop.dataset import DataSet
from sop.model import Sop, Status, Step
from sop.revisions import Change, redline
from sop.site.render import STATUS_LABELS

KIND_LABELS = {"ditambah": "Ditambah", "dihapus": "Dihapus", "diubah": "Diubah"}


@dataclass(frozen=True)
class Segment:
    """A run of text in a cell; `marked` when it differs from the other side."""

    text: str
    marked: bool = False


@dataclass(frozen=True)
class Row:
    """One change, ready for the table: Bagian, Butir, Perubahan, Sebelumnya, Sesudahnya."""

    section: str
    kind: str
    label: str
    old: list[Segment]
    new: list[Segment]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def rows(data: DataSet, old: Sop, new: Sop) -> list[Row]:
    """Every change from `old` to `new`, in the order of the SOP's parts."""
    names = _Names(data)
    result = []
    for change in redline(old, new):
        before, after = names.value(change, change.old, old), names.value(change, change.new, new)
        label = "" if change.label in (change.old, change.new) else change.label
        if change.kind == "diubah" and before and after:
            left, right = word_diff(before, after)
        else:
            left = [Segment(before)] if before else []
            right = [Segment(after)] if after else []
        result.append(Row(change.section, change.kind, label, left, right))
    return result


def grouped(found: list[Row]) -> list[tuple[str, list[Row]]]:
    """Rows grouped by section, sections in the order they first appear."""
    groups: dict[str, list[Row]] = {}
    for row in found:
        groups.setdefault(row.section, []).append(row)
    return list(groups.items())


class _Names:
    """Turns the ids and codes inside a Change into what a reader recognises."""

    def __init__(self, data: DataSet) -> None:
        self.data = data

    def value(self, change: Change, value: str | None, sop: Sop) -> str | None:
        if value is None:
            return None
        if change.section == "Dasar hukum":
            return self.regulation(value)
        if change.section == "Langkah" and change.kind != "diubah":
            return self.step(sop, int(change.label.removeprefix("Langkah ")))
        if change.label == "Unit":
            unit = self.data.units.get(value)
            return unit.nama if unit else value
        if change.label == "Status":
            known = {s.value: STATUS_LABELS[s] for s in Status}
            return known.get(value, value)
        if change.label.startswith("Tanggal "):
            return _date(value)
        if change.label.endswith(": pelaksana"):
            return "; ".join(self.actor(a) for a in value.split("; "))
        return value

    def regulation(self, reg_id: str) -> str:
        reg = self.data.regulations.get(reg_id)
        return f"{text.nama_peraturan(reg)} tentang {reg.tentang}" if reg else reg_id

    def actor(self, actor_id: str) -> str:
        actor = self.data.actors.get(actor_id)
        return actor.jabatan if actor else actor_id

    def step(self, sop: Sop, no: int) -> str:
        """An added or removed step in full: activity, actor, time and output."""
        step: Step = sop.step(no)
        parts = [step.kegiatan, "pelaksana: " + ", ".join(self.actor(a) for a in step.actors)]
        if step.waktu:
            parts.append("waktu: " + text.waktu(step.waktu))
        if step.output:
            parts.append("output: " + step.output)
        return "; ".join(parts)


def _date(value: str) -> str:
    try:
        return text.tanggal(dt.date.fromisoformat(value))
    except ValueError:
        return value


_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """Both texts as segments, the words that differ marked (spaces kept as they were)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    left: list[Segment] = []
    right: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        same = op == "equal"
        left += _segments("".join(a[i1:i2]), not same)
        right += _segments("".join(b[j1:j2]), not same)
    return _joined(left), _joined(right)


def _joined(segments: list[Segment]) -> list[Segment]:
    """Neighbouring segments merged: a lone space between two changed words becomes part of
    one changed run, so that '15 menit' -> '2 jam' is marked as a whole."""
    out: list[Segment] = []
    for i, seg in enumerate(segments):
        bridge = (not seg.marked and not seg.text.strip() and 0 < i < len(segments) - 1
                  and segments[i - 1].marked and segments[i + 1].marked)
        marked = seg.marked or bridge
        if out and out[-1].marked == marked:
            out[-1] = Segment(out[-1].text + seg.text, marked)
        else:
            out.append(Segment(seg.text, marked))
    return out


def _segments(run: str, marked: bool) -> list[Segment]:
    """A run of text; a marked run leaves its outer spaces unmarked (no underlined blanks)."""
    if not run:
        return []
    if not marked or not run.strip():
        return [Segment(run)]
    core = run.strip()
    start = run.index(core)
    head, tail = run[:start], run[start + len(core):]
    return [s for s in (Segment(head), Segment(core, True), Segment(tail)) if s.text]
