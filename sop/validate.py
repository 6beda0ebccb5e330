"""Cross-checks over a whole data set: references, uniqueness, files and the flow graph.

Each check reads the typed models and reports through the source document, so every problem
carries the file and line of the key that is wrong.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sop import graph
from sop.dataset import ARCHIVE_DIR, DataSet, display_path
from sop.errors import Problem
from sop.files import image_problem
from sop.messages import msg, quoted, unknown_id
from sop.model import NOT_STATED, Decree, IdentityFormat, SectionKind, Sop, Status, stated
from sop.names import check_names
from sop.revisions import archived_seals, fingerprint
from sop.sections import HAS_CONTENT, has_content
from sop.yamlio import Document, PathKey, format_path


@dataclass
class _Report:
    """Collects problems for one source document."""

    doc: Document
    broken: set[str] = field(default_factory=set)  # files that failed to load: known, not unknown
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: PathKey, message: str) -> None:
        self.problems.append(
            Problem(self.doc.file, self.doc.line(path), format_path(path, self.doc.data), message)
        )


def check_dataset(data: DataSet) -> list[Problem]:
    """Every cross-file problem of the data set, in one run: a file that failed its own checks
    (a registry, an SOP) does not hide the problems the other files have."""
    problems: list[Problem] = []
    if _has(data, "institusi"):
        problems += _check_institution(data)
    if _has(data, "dasar-hukum"):
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
            report.add(("nomor",), msg("check.duplicate_number", nomor=sop.nomor,
                                       other=f"{other.file}:{other.line(('nomor',))}"))
        numbers.setdefault(sop.nomor, sop)
        problems += report.problems
    for doc in data.failed.values():  # its own problems are reported; its references too
        report = _Report(doc, data.broken)
        _check_raw_references(data, doc.data, report)
        problems += report.problems
    for sop_id, archived in data.archive.items():
        seals = archived_seals(data.root / ARCHIVE_DIR / sop_id)
        for old in archived:
            report = _Report(data.source("arsip", f"{sop_id}:{old.versi}"), data.broken)
            _check_sop(data, old, report, archived=True)
            _check_seal(old, seals, report)
            if sop_id not in data.sops:
                _unknown(report, ("id",), sop_id, data.sops, "SOP")
            elif old.versi >= data.sops[sop_id].versi:
                report.add(("versi",), msg("check.archive_not_older", old=old.versi,
                                           current=data.sops[sop_id].versi))
            problems += report.problems
    return problems


def _check_seal(old: Sop, seals: dict[int, tuple[str, int]], report: _Report) -> None:
    """An archived version still prints what it printed when `sop revise` archived it."""
    seal = seals.get(old.versi)
    now = fingerprint(old)
    if seal is not None and seal[0] != now:
        report.add((), msg("check.archive_edited", versi=old.versi, now=now, recorded=seal[0],
                           file=report.doc.file))


def _has(data: DataSet, kind: str) -> bool:
    """Whether a registry file loaded: if not, its problems are reported, and references to
    it are not checked (every id would be 'unknown')."""
    return kind in data.documents


def _duplicates(report: _Report, path: PathKey, values: Iterable[str], what: str) -> None:
    first: dict[str, int] = {}
    for i, value in enumerate(values):
        if value in first:
            line = report.doc.line((*path, first[value]))
            report.add((*path, i), msg("check.duplicate", what=msg(f"dup.{what}"), value=value,
                                       line=line))
        first.setdefault(value, i)


def _unknown(report: _Report, path: PathKey, value: str, known: Iterable[str], what: str) -> None:
    """An id that names nothing: 'maksud Anda …?' with the closest known ids."""
    if value in report.broken:
        return
    report.add(path, unknown_id(what, value, known, msg(f"where.{what}")))


def _check_institution(data: DataSet) -> list[Problem]:
    inst = data.institution
    report = _Report(data.source("institusi", ""), data.broken)
    _duplicates(report, ("unit",), [u.id for u in inst.unit], "unit")
    _duplicates(report, ("pelaksana",), [a.id for a in inst.pelaksana], "actor_id")
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
        report.add(path, msg("check.asset_outside", file=relative))
    elif not target.exists():
        report.add(path, msg("check.asset_missing", file=relative, root=display_path(root)))
    elif problem := image_problem(target):  # a folder, a pipe, too large, not an image
        report.add(path, f"'{relative}' {problem}")


def _check_regulations(data: DataSet) -> list[Problem]:
    report = _Report(data.source("dasar-hukum", ""), data.broken)
    doc_ids = [r.get("id") for r in report.doc.data.get("peraturan", [])]
    _duplicates(report, ("peraturan",), [str(x) for x in doc_ids], "regulation")
    return report.problems


def _check_decree(data: DataSet, decree: Decree) -> list[Problem]:
    report = _Report(data.source("keputusan", decree.id), data.broken)
    for i, reg in enumerate(decree.mengingat):
        if reg not in data.regulations and _has(data, "dasar-hukum"):
            _unknown(report, ("mengingat", i), reg, data.regulations, "regulation")
    _duplicates(report, ("lampiran",), decree.lampiran, "sop")
    for i, sid in enumerate(decree.lampiran):
        sop = data.sops.get(sid)
        if sop is None:
            _unknown(report, ("lampiran", i), sid, data.sops, "sop")
        elif sop.keputusan is None:
            report.add(("lampiran", i), msg("check.lampiran_none", sop=sid, decree=decree.id))
        elif sop.keputusan != decree.id:
            report.add(("lampiran", i), msg("check.lampiran_other", sop=sid,
                                            named=sop.keputusan, decree=decree.id))
    return report.problems


def _check_sop(data: DataSet, sop: Sop, report: _Report, archived: bool = False) -> None:
    stem = Path(report.doc.file).stem
    if not archived and stem != sop.id:
        report.add(("id",), msg("check.id_file", id=sop.id, stem=stem))
    _check_sop_references(data, sop, report)
    _check_history(sop, report)
    if not archived:
        _check_effective_date(sop, report)
    _check_actors(data, sop, report)
    if _check_steps(sop, report):  # the flow is followed only where every target exists
        _check_flow(sop, report)
    _check_time_spans(sop, report)
    _check_sub_procedures(sop, report)
    _check_rows(sop, report)
    usual = data.institution.identitas if _has(data, "institusi") else IdentityFormat()
    _check_layout(sop, report, sop.identitas or usual)
    if _has(data, "institusi") or sop.tabel:
        _check_columns(data, sop, report)
    if sop.status is not Status.DRAFT:
        _check_placeholders(report.doc.data, (), report)


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
        report.add(path, msg("check.placeholder", value=value, ns=NOT_STATED))


def _check_columns(data: DataSet, sop: Sop, report: _Report) -> None:
    """What a step says has a column to be printed in: no value is silently left off."""
    fmt = sop.tabel or data.institution.tabel
    printed = {c.isi.value for c in fmt.mutu_baku} | ({"keterangan"} if fmt.keterangan else set())
    for i, step in enumerate(sop.steps):
        for key in ("kelengkapan", "waktu", "output", "keterangan"):
            if getattr(step, key) and key not in printed:
                report.add(("steps", i, key), msg("check.column", label=step.label, key=key))


def _check_layout(sop: Sop, report: _Report, identity: IdentityFormat) -> None:
    """`susunan` places each part at most once and every part that has content (nothing is left
    off the page); a free section has something to print. The signature row has a place
    exactly when the identity format prints something there (sections.signature_row)."""
    if not sop.susunan:
        return
    for i, place in enumerate(sop.susunan):
        if place.bagian is K_SIGN and not has_content(sop, K_SIGN, identity):
            key = "check.signatures_in_grid" if sop.tanda_tangan_lain else "check.no_signature_row"
            report.add(("susunan", i, "bagian"), msg(key))
    _duplicates(
        report, ("susunan",), [str(p.bagian) for p in sop.susunan if p.bagian], "bagian"
    )
    for i, place in enumerate(sop.susunan):
        if place.bagian is None and not (place.judul or place.label or place.isi):
            kinds = ", ".join(k.value for k in SectionKind)
            report.add(("susunan", i), msg("check.free_section", kinds=kinds))
        elif place.bagian is not None and place.isi:
            report.add(("susunan", i, "isi"), msg("check.own_key", kind=place.bagian.value))
    placed = {p.bagian for p in sop.susunan}
    for kind in HAS_CONTENT:
        if kind not in placed and has_content(sop, kind, identity):
            report.add(("susunan",), msg("check.not_placed", kind=kind.value))


K_SIGN = SectionKind.TANDA_TANGAN


def _check_sop_references(data: DataSet, sop: Sop, report: _Report) -> None:
    if sop.unit not in data.units and _has(data, "institusi"):
        _unknown(report, ("unit",), sop.unit, data.units, "unit")
    if sop.keputusan is not None:
        decree = data.decrees.get(sop.keputusan)
        if decree is None:
            _unknown(report, ("keputusan",), sop.keputusan, data.decrees, "keputusan")
        elif sop.id not in decree.lampiran and sop.status is not Status.DRAFT:
            # a draft names the decree that will put it in force; listed once it is signed
            file = data.source("keputusan", decree.id).file
            report.add(("keputusan",), msg("check.decree_missing_sop", decree=decree.id,
                                           sop=sop.id, file=file))
    for i, reg in enumerate(sop.dasar_hukum):
        if reg not in data.regulations and _has(data, "dasar-hukum"):
            _unknown(report, ("dasar_hukum", i), reg, data.regulations, "regulation")
    for i, other in enumerate(sop.keterkaitan.sop):
        if other == sop.id:
            report.add(("keterkaitan", "sop", i), msg("check.self_related"))
        elif other not in data.sops:
            _unknown(report, ("keterkaitan", "sop", i), other, data.sops, "sop")
    if sop.status is Status.DIGANTIKAN and not sop.digantikan_oleh:
        report.add(("status",), msg("check.superseded"))
    if sop.digantikan_oleh and sop.digantikan_oleh not in data.sops:
        _unknown(report, ("digantikan_oleh",), sop.digantikan_oleh, data.sops, "sop")


def _check_raw_references(data: DataSet, raw: object, report: _Report) -> None:
    """The ids an SOP file names, read from its data as written: for a file that failed its
    own checks, so that its unknown unit or actors are reported in the same run."""
    if not isinstance(raw, dict):
        return
    refs: list[tuple[PathKey, object, Iterable[str], str, bool]] = [  # path, id, known, kind
        (("unit",), raw.get("unit"), data.units, "unit", _has(data, "institusi")),
        (("keputusan",), raw.get("keputusan"), data.decrees, "keputusan", True),
    ]
    lists: list[tuple[str, Iterable[str], str, bool]] = [
        ("dasar_hukum", data.regulations, "regulation", _has(data, "dasar-hukum")),
        ("pelaksana", data.actors, "actor", _has(data, "institusi")),
    ]
    for key, known_ids, kind, checked in lists:
        values = raw.get(key)
        if isinstance(values, list):
            refs += [((key, i), v, known_ids, kind, checked) for i, v in enumerate(values)]
    for path, value, known, what, checked in refs:
        if checked and isinstance(value, str) and value and value not in known:
            _unknown(report, path, value, known, what)
    columns = raw.get("pelaksana")
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        return
    steps = raw.get("steps")
    for i, step in enumerate(steps if isinstance(steps, list) else []):
        actors = step.get("pelaksana") if isinstance(step, dict) else None
        paths = ([(("steps", i, "pelaksana", j), a) for j, a in enumerate(actors)]
                 if isinstance(actors, list) else [(("steps", i, "pelaksana"), actors)])
        for path, actor in paths:
            if isinstance(actor, str) and actor and actor not in columns:
                report.add(path, _step_actor(actor, columns))


def _step_actor(actor: str, columns: list[str]) -> str:
    close = difflib.get_close_matches(actor, columns, n=1)
    if close:
        return msg("check.step_actor_close", actor=actor, columns=", ".join(columns),
                   close=quoted(close))
    return msg("check.step_actor", actor=actor, columns=", ".join(columns))


def _check_history(sop: Sop, report: _Report) -> None:
    versions = [r.versi for r in sop.riwayat]
    for i, (before, after) in enumerate(itertools.pairwise(versions)):
        if after <= before:
            report.add(("riwayat", i + 1, "versi"),
                       msg("check.history_order", after=after, before=before))
    if versions and max(versions) > sop.versi:
        report.add(("versi",), msg("check.history_newer", versi=sop.versi, newest=max(versions)))
    dates = [t.tanggal for t in sop.tinjauan]
    for i, (earlier, later) in enumerate(itertools.pairwise(dates)):
        if later < earlier:
            report.add(("tinjauan", i + 1, "tanggal"),
                       msg("check.review_order", after=later, before=earlier))


def _check_effective_date(sop: Sop, report: _Report) -> None:
    """A new version in force is not dated before its own revision: `sop revise` keeps the old
    tanggal.efektif, which would print the previous version's date on the signed copy."""
    revised = next((r.tanggal for r in sop.riwayat if r.versi == sop.versi), None)
    efektif = sop.tanggal.efektif
    if (sop.status is not Status.DRAFT and sop.versi > 1 and revised is not None
            and isinstance(efektif, dt.date) and efektif < revised):
        report.add(("tanggal", "efektif"), msg(
            "check.efektif_before_revision", versi=sop.versi, efektif=efektif.isoformat(),
            revised=revised.isoformat()))


def _check_actors(data: DataSet, sop: Sop, report: _Report) -> None:
    _duplicates(report, ("pelaksana",), sop.pelaksana, "actor")
    for i, actor in enumerate(sop.pelaksana):
        if actor not in data.actors and _has(data, "institusi"):
            _unknown(report, ("pelaksana", i), actor, data.actors, "actor")
    columns = set(sop.pelaksana)
    for i, step in enumerate(sop.steps):
        joint = isinstance(step.pelaksana, list)
        for j, actor in enumerate(step.actors):
            if actor not in columns:
                path = ("steps", i, "pelaksana", j) if joint else ("steps", i, "pelaksana")
                report.add(path, _step_actor(actor, sop.pelaksana))


def _check_steps(sop: Sop, report: _Report) -> bool:
    """Step numbers, targets and branches; whether the flow can be followed (no target
    missing, no number used twice)."""
    before = len(report.problems)
    numbers = Counter(s.no for s in sop.steps)
    first_index: dict[int, int] = {}
    for i, step in enumerate(sop.steps):
        if numbers[step.no] > 1 and step.no in first_index:
            line = report.doc.line(("steps", first_index[step.no]))
            report.add(("steps", i, "no"), msg("check.duplicate_step", no=step.no, line=line))
        first_index.setdefault(step.no, i)
    valid = set(numbers)
    shown = ", ".join(str(n) for n in sorted(valid))
    for i, step in enumerate(sop.steps):
        if step.selesai and (step.ke is not None or step.cabang):
            report.add(("steps", i, "selesai"), msg("check.end_with_next"))
        if step.ke is not None and step.cabang:
            report.add(("steps", i, "ke"), msg("check.ke_and_cabang"))
        if step.ke is not None and step.ke not in valid:
            report.add(("steps", i, "ke"), msg("check.no_such_step", no=step.ke, valid=shown))
        if step.ke == step.no:
            report.add(("steps", i, "ke"), msg("check.to_itself", no=step.no))
        if len(step.cabang) == 1:
            report.add(("steps", i, "cabang"), msg("check.one_branch"))
        labels = [b.label.casefold() for b in step.cabang]
        for j, branch in enumerate(step.cabang):
            if branch.selesai and branch.ke is not None:
                report.add(("steps", i, "cabang", j, "selesai"),
                           msg("check.branch_end_and_ke", label=branch.label))
            elif branch.ke is None and not branch.selesai:
                report.add(("steps", i, "cabang", j), msg("check.branch_no_target",
                                                          label=branch.label))
            elif branch.ke is None:
                pass  # the branch ends the flow
            elif branch.ke not in valid:
                report.add(("steps", i, "cabang", j, "ke"),
                           msg("check.no_such_step", no=branch.ke, valid=shown))
            elif branch.ke == step.no:
                report.add(("steps", i, "cabang", j, "ke"), msg("check.to_itself", no=step.no))
            if labels.index(branch.label.casefold()) != j:
                report.add(("steps", i, "cabang", j, "label"),
                           msg("check.duplicate_label", label=branch.label))
    return len(report.problems) == before


def _check_flow(sop: Sop, report: _Report) -> None:
    index = {s.no: i for i, s in enumerate(sop.steps)}
    ends = graph.end_steps(sop)
    if not ends:
        report.add(("steps",), msg("check.never_ends"))
        return
    starts = graph.start_steps(sop)
    from_start: set[int] = set().union(*(graph.reachable(sop, s) for s in starts))
    to_end: set[int] = set().union(*(graph.reachable(sop, e, forward=False) for e in ends))
    labels = {s.no: s.label for s in sop.steps}
    for step in sop.steps:
        path = ("steps", index[step.no])
        if step.no not in from_start:
            report.add(path, msg("check.unreachable", starts=", ".join(labels[s] for s in starts)))
        elif step.no not in to_end:
            report.add(path, msg("check.no_exit"))


def _check_time_spans(sop: Sop, report: _Report) -> None:
    """A time standard with `sampai` covers this step to a later one; the steps it covers have
    no time standard of their own (it is printed, and counted, once)."""
    index = {s.no: i for i, s in enumerate(sop.steps)}
    shown = ", ".join(str(n) for n in sorted(index))
    for i, step in enumerate(sop.steps):
        target = step.waktu.sampai if step.waktu else None
        if target is None:
            continue
        path = ("steps", i, "waktu", "sampai")
        if target not in index:
            report.add(path, msg("check.no_such_step", no=target, valid=shown))
        elif index[target] <= i:
            report.add(path, msg("check.span_not_later", label=step.label,
                                 target=sop.steps[index[target]].label))
    for first, last in sop.waktu_spans():
        start, end = sop.steps[first], sop.steps[last]
        for j in range(first + 1, last + 1):
            if sop.steps[j].waktu is not None:
                report.add(("steps", j, "waktu"), msg(
                    "check.span_own_waktu", label=sop.steps[j].label, start=start.label,
                    end=end.label))


def _check_rows(sop: Sop, report: _Report) -> None:
    """A step drawn in the row of the step before (`sebaris`) has other actors than that row's
    steps, its columns apart from theirs (a joint step's joiner crosses no other symbol), and
    does not begin a sub-procedure; a time standard spans whole rows."""
    if sop.steps and sop.steps[0].sebaris:
        report.add(("steps", 0, "sebaris"), msg("check.row_first"))
    starts = {first: title for title, first, _ in sop.sub_parts()[1:]}
    col = {a: k for k, a in enumerate(sop.pelaksana)}
    for row in sop.rows():
        for k, i in enumerate(row[1:], start=1):
            step, path = sop.steps[i], ("steps", i, "sebaris")
            if i in starts:
                report.add(path, msg("check.row_part", label=step.label, judul=starts[i]))
            for j in row[:k]:
                other = sop.steps[j]
                shared = [a for a in step.actors if a in other.actors]
                if shared:
                    report.add(path, msg("check.row_actor", label=step.label,
                                         other=other.label, actor=shared[0]))
                elif _interleave([col.get(a, -1) for a in step.actors],
                                 [col.get(a, -1) for a in other.actors]):
                    report.add(path, msg("check.row_between", label=step.label,
                                         other=other.label))
    lead = {i: row[0] for row in sop.rows() for i in row}
    for first, last in sop.waktu_spans():
        inner = [i for i in (first, last + 1) if i < len(sop.steps) and lead[i] != i]
        if inner:
            report.add(("steps", first, "waktu", "sampai"), msg(
                "check.span_row", start=sop.steps[first].label, end=sop.steps[last].label,
                label=sop.steps[inner[0]].label))


def _interleave(a: list[int], b: list[int]) -> bool:
    """True when two steps' actor columns are not wholly left or right of each other."""
    return not (max(a) < min(b) or max(b) < min(a))


def _check_sub_procedures(sop: Sop, report: _Report) -> None:
    """Sub-procedures divide the steps in order: the first starts at the first step, each
    later one after the one before; a time standard stays inside one of them."""
    index = {s.no: i for i, s in enumerate(sop.steps)}
    shown = ", ".join(str(n) for n in sorted(index))
    before: int | None = None
    for k, part in enumerate(sop.sub_prosedur):
        path = ("sub_prosedur", k, "dari")
        at = index.get(part.dari)
        if at is None:
            report.add(path, msg("check.no_such_step", no=part.dari, valid=shown))
            continue
        label = sop.steps[at].label
        if k == 0 and at != 0:
            report.add(path, msg("check.sub_first", first=sop.steps[0].label, label=label))
        elif before is not None and at <= before:
            report.add(path, msg("check.sub_order", judul=part.judul, label=label,
                                 before=sop.steps[before].label))
        before = at if before is None else max(before, at)
    for title, first, _ in sop.sub_parts()[1:]:
        for i, last in sop.waktu_spans():
            if i < first <= last:
                report.add(("steps", i, "waktu", "sampai"), msg(
                    "check.span_parts", start=sop.steps[i].label, end=sop.steps[last].label,
                    judul=title, label=sop.steps[first].label))
