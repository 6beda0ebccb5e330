"""Cross-checks over a whole data set: references, uniqueness, files and the flow graph.

Each check reads the typed models and reports through the source document, so every problem
carries the file and line of the key that is wrong.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sop import graph
from sop.dataset import DataSet, display_path
from sop.errors import Problem
from sop.files import image_problem
from sop.model import NOT_STATED, Decree, SectionKind, Sop, Status, stated
from sop.names import check_names
from sop.sections import HAS_CONTENT
from sop.yamlio import Document, PathKey, format_path


@dataclass
class _Report:
    """Collects problems for one source document."""

    doc: Document
    broken: set[str] = field(default_factory=set)  # files that failed to load: known, not unknown
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: PathKey, message: str) -> None:
        self.problems.append(
            Problem(self.doc.file, self.doc.line(path), format_path(path), message)
        )


def check_dataset(data: DataSet) -> list[Problem]:
    """Every cross-file problem of the data set."""
    problems: list[Problem] = []
    problems += _check_institution(data)
    problems += _check_regulations(data)
    problems += check_names(data)  # ids that cannot name their files and pages
    for decree in data.decrees.values():
        problems += _check_decree(data, decree)
    numbers: dict[str, Sop] = {}
    for sop in data.sops.values():
        report = _Report(data.source("sop", sop.id), data.broken)
        _check_sop(data, sop, report)
        if not stated(sop.nomor):
            pass  # several SOPs may lack a number; their ids keep them apart
        elif sop.nomor in numbers:
            other = data.source("sop", numbers[sop.nomor].id)
            report.add(
                ("nomor",),
                f"duplicate SOP number '{sop.nomor}' (also in {other.file}:"
                f"{other.line(('nomor',))})",
            )
        numbers.setdefault(sop.nomor, sop)
        problems += report.problems
    for sop_id, archived in data.archive.items():
        for old in archived:
            report = _Report(data.source("arsip", f"{sop_id}:{old.versi}"), data.broken)
            _check_sop(data, old, report, archived=True)
            if sop_id not in data.sops:
                _unknown(report, ("id",), sop_id, data.sops, "SOP")
            elif old.versi >= data.sops[sop_id].versi:
                report.add(
                    ("versi",),
                    f"archived version {old.versi} is not older than the "
                    f"current version {data.sops[sop_id].versi}",
                )
            problems += report.problems
    return problems


def _duplicates(report: _Report, path: PathKey, values: Iterable[str], what: str) -> None:
    first: dict[str, int] = {}
    for i, value in enumerate(values):
        if value in first:
            where = format_path((*path, first[value]))
            report.add((*path, i), f"duplicate {what} '{value}' (first at {where})")
        first.setdefault(value, i)


def _unknown(report: _Report, path: PathKey, value: str, known: Iterable[str], what: str) -> None:
    options = sorted(known)
    if value in report.broken:
        return
    hint = ", ".join(options[:12]) + (", …" if len(options) > 12 else "")
    report.add(path, f"unknown {what} '{value}' (known: {hint or 'none'})")


def _check_institution(data: DataSet) -> list[Problem]:
    inst = data.institution
    report = _Report(data.source("institusi", ""), data.broken)
    _duplicates(report, ("unit",), [u.id for u in inst.unit], "unit id")
    _duplicates(report, ("pelaksana",), [a.id for a in inst.pelaksana], "actor id")
    units = data.units
    for i, unit in enumerate(inst.unit):
        if unit.induk and unit.induk not in units:
            _unknown(report, ("unit", i, "induk"), unit.induk, units, "unit")
    for i, actor in enumerate(inst.pelaksana):
        if actor.unit and actor.unit not in units:
            _unknown(report, ("pelaksana", i, "unit"), actor.unit, units, "unit")
    if inst.logo:
        _check_asset(report, ("logo",), data.root, inst.logo)
    return report.problems


def _check_asset(report: _Report, path: PathKey, root: Path, relative: str) -> None:
    """A file named by the data must exist inside the data folder (no traversal, no links out)."""
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        report.add(path, f"'{relative}' points outside the data folder; keep files inside it")
    elif not target.exists():
        report.add(path, f"file '{relative}' not found in {display_path(root)}")
    elif problem := image_problem(target):  # a folder, a pipe, too large, not an image
        report.add(path, f"'{relative}' {problem}")


def _check_regulations(data: DataSet) -> list[Problem]:
    report = _Report(data.source("dasar-hukum", ""), data.broken)
    doc_ids = [r.get("id") for r in report.doc.data.get("peraturan", [])]
    _duplicates(report, ("peraturan",), [str(x) for x in doc_ids], "regulation id")
    return report.problems


def _check_decree(data: DataSet, decree: Decree) -> list[Problem]:
    report = _Report(data.source("keputusan", decree.id), data.broken)
    for i, reg in enumerate(decree.mengingat):
        if reg not in data.regulations:
            _unknown(report, ("mengingat", i), reg, data.regulations, "regulation")
    _duplicates(report, ("lampiran",), decree.lampiran, "SOP")
    for i, sid in enumerate(decree.lampiran):
        sop = data.sops.get(sid)
        if sop is None:
            _unknown(report, ("lampiran", i), sid, data.sops, "SOP")
        elif sop.keputusan != decree.id:
            report.add(
                ("lampiran", i),
                f"SOP '{sid}' names keputusan '{sop.keputusan}', expected '{decree.id}'",
            )
    return report.problems


def _check_sop(data: DataSet, sop: Sop, report: _Report, archived: bool = False) -> None:
    stem = Path(report.doc.file).stem
    if not archived and stem != sop.id:
        report.add(
            ("id",),
            f"id '{sop.id}' differs from the file name '{stem}.yaml'; name the file after the id",
        )
    _check_sop_references(data, sop, report)
    _check_history(sop, report)
    _check_actors(data, sop, report)
    _check_steps(sop, report)
    _check_layout(sop, report)
    _check_columns(data, sop, report)
    if sop.status is not Status.DRAFT:
        _check_placeholders(report.doc.data, (), report)
    if not report.problems:
        _check_flow(sop, report)


#: What `sop new` writes where an answer is still to come.
PLACEHOLDER = "TODO"


def _check_placeholders(value: object, path: PathKey, report: _Report) -> None:
    """An SOP in force must not print a `sop new` placeholder as if it were its content."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_placeholders(item, (*path, key), report)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_placeholders(item, (*path, i), report)
    elif isinstance(value, str) and value.lstrip().upper().startswith(PLACEHOLDER):
        report.add(
            path,
            f"still the placeholder '{value}' written by `sop new`: fill it in, or write "
            f"'{NOT_STATED}' if the document does not state it (only a draft may keep it)",
        )


def _check_columns(data: DataSet, sop: Sop, report: _Report) -> None:
    """What a step says has a column to be printed in: no value is silently left off."""
    fmt = sop.tabel or data.institution.tabel
    printed = {c.isi.value for c in fmt.mutu_baku} | ({"keterangan"} if fmt.keterangan else set())
    for i, step in enumerate(sop.steps):
        for key in ("kelengkapan", "waktu", "output", "keterangan"):
            if getattr(step, key) and key not in printed:
                report.add(
                    ("steps", i, key),
                    f"step {step.no} has {key}, but the flowchart table has no {key} column "
                    "(add it to tabel, or move the text)",
                )


def _check_layout(sop: Sop, report: _Report) -> None:
    """`susunan` places each part at most once and every part that has content (nothing is left
    off the page); a free section has something to print."""
    if not sop.susunan:
        return
    _duplicates(
        report, ("susunan",), [str(p.bagian) for p in sop.susunan if p.bagian], "bagian"
    )
    for i, place in enumerate(sop.susunan):
        if place.bagian is None and not (place.judul or place.label or place.isi):
            report.add(
                ("susunan", i),
                "a free section needs judul, label or isi (or name a part with bagian: "
                + ", ".join(k.value for k in SectionKind) + ")",
            )
        elif place.bagian is not None and place.isi:
            report.add(
                ("susunan", i, "isi"),
                f"the content of '{place.bagian.value}' is written under its own key; "
                "isi is for a free section only",
            )
    placed = {p.bagian for p in sop.susunan}
    for kind, content in HAS_CONTENT.items():
        if kind not in placed and content(sop):
            report.add(
                ("susunan",),
                f"'{kind.value}' has content but no place in susunan; add "
                f"{{bagian: {kind.value}}} where the document puts it",
            )


def _check_sop_references(data: DataSet, sop: Sop, report: _Report) -> None:
    if sop.unit not in data.units:
        _unknown(report, ("unit",), sop.unit, data.units, "unit")
    if sop.keputusan is not None:
        decree = data.decrees.get(sop.keputusan)
        if decree is None:
            _unknown(report, ("keputusan",), sop.keputusan, data.decrees, "keputusan")
        elif sop.id not in decree.lampiran:
            report.add(
                ("keputusan",), f"keputusan '{decree.id}' does not list this SOP in its lampiran"
            )
    for i, reg in enumerate(sop.dasar_hukum):
        if reg not in data.regulations:
            _unknown(report, ("dasar_hukum", i), reg, data.regulations, "regulation")
    for i, other in enumerate(sop.keterkaitan.sop):
        if other == sop.id:
            report.add(("keterkaitan", "sop", i), "an SOP cannot be related to itself")
        elif other not in data.sops:
            _unknown(report, ("keterkaitan", "sop", i), other, data.sops, "SOP")
    if sop.status is Status.DIGANTIKAN and not sop.digantikan_oleh:
        report.add(("status",), "status 'digantikan' needs digantikan_oleh: the id of the new SOP")
    if sop.digantikan_oleh and sop.digantikan_oleh not in data.sops:
        _unknown(report, ("digantikan_oleh",), sop.digantikan_oleh, data.sops, "SOP")


def _check_history(sop: Sop, report: _Report) -> None:
    versions = [r.versi for r in sop.riwayat]
    for i, (before, after) in enumerate(itertools.pairwise(versions)):
        if after <= before:
            report.add(
                ("riwayat", i + 1, "versi"),
                f"version {after} follows version {before}; list versions in increasing order",
            )
    if versions and max(versions) > sop.versi:
        report.add(("versi",), f"versi {sop.versi} is older than riwayat's version {max(versions)}")


def _check_actors(data: DataSet, sop: Sop, report: _Report) -> None:
    _duplicates(report, ("pelaksana",), sop.pelaksana, "actor")
    for i, actor in enumerate(sop.pelaksana):
        if actor not in data.actors:
            _unknown(report, ("pelaksana", i), actor, data.actors, "actor")
    columns = set(sop.pelaksana)
    for i, step in enumerate(sop.steps):
        joint = isinstance(step.pelaksana, list)
        for j, actor in enumerate(step.actors):
            if actor not in columns:
                path = ("steps", i, "pelaksana", j) if joint else ("steps", i, "pelaksana")
                report.add(
                    path,
                    f"unknown actor '{actor}' (this SOP's pelaksana: {', '.join(sop.pelaksana)})",
                )


def _check_steps(sop: Sop, report: _Report) -> None:
    numbers = Counter(s.no for s in sop.steps)
    first_index: dict[int, int] = {}
    for i, step in enumerate(sop.steps):
        if numbers[step.no] > 1 and step.no in first_index:
            report.add(
                ("steps", i, "no"),
                f"duplicate step number {step.no} (first at "
                f"steps[{first_index[step.no]}]); renumber the steps",
            )
        first_index.setdefault(step.no, i)
    valid = set(numbers)
    for i, step in enumerate(sop.steps):
        if step.selesai and (step.ke is not None or step.cabang):
            report.add(("steps", i, "selesai"), "a step that ends the flow has no 'ke' or 'cabang'")
        if step.ke is not None and step.cabang:
            report.add(("steps", i, "ke"), "a decision goes where its cabang say; remove 'ke'")
        if step.ke is not None and step.ke not in valid:
            report.add(("steps", i, "ke"), f"step {step.ke} does not exist")
        if step.ke == step.no:
            report.add(("steps", i, "ke"), f"step {step.no} goes to itself")
        if len(step.cabang) == 1:
            report.add(("steps", i, "cabang"), "a decision needs at least two labelled branches")
        labels = [b.label.casefold() for b in step.cabang]
        for j, branch in enumerate(step.cabang):
            if branch.ke not in valid:
                report.add(("steps", i, "cabang", j, "ke"), f"step {branch.ke} does not exist")
            elif branch.ke == step.no:
                report.add(("steps", i, "cabang", j, "ke"), f"step {step.no} goes to itself")
            if labels.index(branch.label.casefold()) != j:
                report.add(
                    ("steps", i, "cabang", j, "label"), f"duplicate branch label '{branch.label}'"
                )


def _check_flow(sop: Sop, report: _Report) -> None:
    index = {s.no: i for i, s in enumerate(sop.steps)}
    ends = graph.end_steps(sop)
    if not ends:
        report.add(
            ("steps",),
            "the flow never ends: no step without a next step (the last step "
            "must not loop back, or give a decision a branch to the end)",
        )
        return
    starts = graph.start_steps(sop)
    from_start: set[int] = set().union(*(graph.reachable(sop, s) for s in starts))
    to_end: set[int] = set().union(*(graph.reachable(sop, e, forward=False) for e in ends))
    for step in sop.steps:
        path = ("steps", index[step.no])
        if step.no not in from_start:
            report.add(
                path,
                f"step {step.no} cannot be reached from the start (step "
                f"{', '.join(map(str, starts))}); mark it mulai: true if the flow may start "
                "there",
            )
        elif step.no not in to_end:
            report.add(path, f"step {step.no} cannot reach an end: it is in a loop with no exit")
