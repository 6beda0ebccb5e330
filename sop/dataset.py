"""Load a whole data folder into a `DataSet`, or a `DataSetError` listing every problem.

A data folder holds:

    institusi.yaml          the institution, its units and the actor registry
    dasar_hukum.yaml        the legal basis catalogue
    keputusan/*.yaml        decrees that put sets of SOPs in force
    sop/*.yaml              one SOP per file, named after its id
    arsip/<id>/v<N>.yaml    frozen copies of earlier published versions (written by `sop revise`)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from sop import schema, yamlio
from sop.errors import DataSetError, Problem
from sop.messages import msg
from sop.model import Actor, Decree, Institution, Regulation, RegulationCatalogue, Sop, Unit

M = TypeVar("M", bound=BaseModel)

INSTITUTION_FILE = "institusi.yaml"
REGULATIONS_FILE = "dasar_hukum.yaml"
DECREE_DIR = "keputusan"
SOP_DIR = "sop"
ARCHIVE_DIR = "arsip"


@dataclass
class DataSet:
    """A validated data set: everything the renderers need, cross-checked."""

    root: Path
    institution: Institution
    regulations: dict[str, Regulation]
    decrees: dict[str, Decree]
    sops: dict[str, Sop]
    documents: dict[str, yamlio.Document] = field(default_factory=dict, repr=False)
    #: ids (file names) of files that exist but failed to load: not reported again as unknown.
    broken: set[str] = field(default_factory=set)
    #: earlier published versions of each SOP, oldest first (from arsip/<id>/v<N>.yaml).
    archive: dict[str, list[Sop]] = field(default_factory=dict)
    #: SOP files that failed their own checks, by file name: their references are checked too.
    failed: dict[str, yamlio.Document] = field(default_factory=dict, repr=False)

    @property
    def actors(self) -> dict[str, Actor]:
        return {a.id: a for a in self.institution.pelaksana}

    @property
    def units(self) -> dict[str, Unit]:
        return {u.id: u for u in self.institution.unit}

    def unit_chain(self, unit_id: str) -> list[Unit]:
        """The unit under its parents, top first (fakultas, then program studi); the leadership
        unit is left out, as the institution's name says it."""
        chain: list[Unit] = []
        unit = self.units.get(unit_id)
        while unit is not None and unit not in chain:
            chain.insert(0, unit)
            unit = self.units.get(unit.induk or "")
        return [u for u in chain if u.jenis.value != "pimpinan"]

    def lampiran_number(self, sop: Sop) -> int | None:
        """The SOP's attachment number in its decree (1-based), if it has one."""
        decree = self.decrees.get(sop.keputusan or "")
        return decree.lampiran.index(sop.id) + 1 if decree and sop.id in decree.lampiran else None

    def source(self, kind: str, key: str) -> yamlio.Document:
        """The loaded document behind a model: ('sop', id), ('keputusan', id) or (kind, '')."""
        return self.documents[f"{kind}:{key}" if key else kind]


@dataclass
class _Loaded:
    """Models loaded so far, with the document each came from."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    documents: dict[str, yamlio.Document] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    failed: dict[str, yamlio.Document] = field(default_factory=dict)
    memo: dict[Any, Any] | None = None  # see _parse


def display_path(path: Path) -> str:
    """A path as shown in messages: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load(root: Path | str, memo: dict[Any, Any] | None = None) -> DataSet:
    """Load and check the data folder; raise `DataSetError` with every problem found.

    `memo` (a dict the caller keeps between loads) skips reading and validating again the files
    that did not change since the last load with it; the cross-checks always run."""
    from sop.validate import check_dataset  # the cross-checks need a loaded DataSet

    root = Path(root)
    if not root.is_dir():
        project = Path(__file__).resolve().parent.parent
        what = msg("data.not_folder") if root.exists() else msg("data.not_found", project=project)
        raise DataSetError([Problem(display_path(root), 0, "", what)])
    state = _Loaded(root=root.resolve(), memo=memo)
    institution = _load_one(state, root / INSTITUTION_FILE, Institution, "institusi")
    catalogue = _load_one(state, root / REGULATIONS_FILE, RegulationCatalogue, "dasar-hukum")
    decrees = _load_many(state, root / DECREE_DIR, Decree, "keputusan")
    sops = _load_many(state, root / SOP_DIR, Sop, "sop")
    archive = _load_archive(state, root / ARCHIVE_DIR, sops)
    # A registry that failed still lets every other file be checked in the same run (its
    # document is missing, so references to it are not checked: sop.validate._has).
    if institution is None:
        institution = Institution.model_construct(  # type: ignore[call-arg]
            unit=[], pelaksana=[])
    data = DataSet(
        root=root,
        institution=institution,
        regulations={r.id: r for r in catalogue.peraturan} if catalogue else {},
        decrees=decrees,
        sops=_ordered(sops, decrees),
        documents=state.documents,
        broken=state.broken,
        archive=archive,
        failed=state.failed,
    )
    problems = state.problems + check_dataset(data)
    if problems:
        raise DataSetError(problems)
    return data


def _load_one(state: _Loaded, path: Path, model: type[M], kind: str) -> M | None:
    """Load a single required file and remember its document under `kind`."""
    obj, doc = _read(state, path, model)
    if obj is not None and doc is not None:
        state.documents[kind] = doc
    return obj


def _read(state: _Loaded, path: Path, model: type[M]) -> tuple[M | None, yamlio.Document | None]:
    if path.exists() and not path.resolve().is_relative_to(state.root):
        shown = os.path.relpath(path.absolute())  # the link's own name, not where it points
        state.problems.append(Problem(shown, 0, "", msg("data.link_out")))
        return None, None
    shown = display_path(path)
    if not path.exists():
        state.problems.append(Problem(shown, 0, "", msg("data.required_missing")))
        return None, None
    obj, doc, problems = _parse(state, path, shown, model)
    state.problems += problems
    if doc is None:
        return None, None
    if obj is None and model is Sop and path.parent.resolve() == state.root / SOP_DIR:
        state.failed[path.stem] = doc
    return obj, doc


def _parse(state: _Loaded, path: Path, shown: str, model: type[M]
           ) -> tuple[M | None, yamlio.Document | None, list[Problem]]:
    """The file read and validated, or taken from `state.memo` when its size and modification
    time are those it had then (`sop serve` reloads a data set on every save)."""
    key = None
    if state.memo is not None:
        stat = path.stat()
        key = (str(path), model.__name__, stat.st_mtime_ns, stat.st_size)
        if key in state.memo:
            return state.memo[key]
    doc, problems = yamlio.load(path, shown)
    obj = None
    if doc is not None:
        obj, more = schema.validate(doc, model)
        problems = problems + more
    if key is not None and state.memo is not None:
        state.memo[key] = (obj, doc, problems)
    return obj, doc, problems


def _load_many(state: _Loaded, folder: Path, model: type[M], kind: str) -> dict[str, M]:
    """Load every `*.yaml` in a folder, keyed by the model's id (documents as 'kind:id')."""
    result: dict[str, M] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        obj, doc = _read(state, path, model)
        if obj is None or doc is None:
            state.broken.add(path.stem)
            continue
        key: str = getattr(obj, "id")  # noqa: B009 - every model loaded here has an id
        if key in result:
            first = state.documents[f"{kind}:{key}"]
            state.problems.append(
                Problem(
                    doc.file,
                    doc.line(("id",)),
                    "id",
                    msg("data.duplicate_id", kind=kind, key=key,
                        other=f"{first.file}:{first.line(('id',))}"),
                )
            )
            continue
        state.documents[f"{kind}:{key}"] = doc
        result[key] = obj
    return result


def pending_archive(path: Path) -> Path:
    """Where `sop revise` writes the frozen copy arsip/<id>/v<N>.yaml before the SOP file
    moves on to version N+1 (a hidden name, which nothing else reads)."""
    return path.with_name(f".{path.name}.pending")


def committed_pending(folder: Path, sops: dict[str, Sop]) -> list[Path]:
    """Frozen copies of an interrupted `sop revise` that went through: the SOP file already
    holds a later version, so the copy is that SOP's archived version (until the next revise
    gives it its own name). Copies of a revise that did not go through are not archived."""
    found = []
    for path in sorted(folder.glob("*/.v*.yaml.pending")) if folder.is_dir() else []:
        final = path.with_name(path.name[1:].removesuffix(".pending"))
        number = final.stem[1:]
        sop = sops.get(path.parent.name)
        if not final.exists() and number.isdigit() and sop and sop.versi > int(number):
            found.append(path)
    return found


def _load_archive(state: _Loaded, folder: Path, sops: dict[str, Sop]) -> dict[str, list[Sop]]:
    """Load frozen versions: arsip/<id>/v<N>.yaml must hold version N of SOP <id>."""
    archive: dict[str, list[Sop]] = {}
    paths = sorted(folder.glob("*/v*.yaml")) if folder.is_dir() else []
    for path in [*paths, *committed_pending(folder, sops)]:
        obj, doc = _read(state, path, Sop)
        if obj is None or doc is None:
            continue
        expected = (path.parent.name, path.name.lstrip(".").split(".")[0])
        if (obj.id, f"v{obj.versi}") != expected:
            state.problems.append(
                Problem(
                    doc.file,
                    doc.line(("versi",)),
                    "versi",
                    msg("data.archive_place", name=f"{path.parent.name}/{path.name}",
                        id=expected[0], versi=expected[1][1:], found_id=obj.id,
                        found_versi=obj.versi),
                )
            )
            continue
        state.documents[f"arsip:{obj.id}:{obj.versi}"] = doc
        archive.setdefault(obj.id, []).append(obj)
    for versions in archive.values():
        versions.sort(key=lambda s: s.versi)
    return archive


def _ordered(sops: dict[str, Sop], decrees: dict[str, Decree]) -> dict[str, Sop]:
    """SOPs in decree order and lampiran order, then the rest by id."""
    order = [sid for d in decrees.values() for sid in d.lampiran if sid in sops]
    rest = sorted(set(sops) - set(order))
    return {sid: sops[sid] for sid in dict.fromkeys([*order, *rest])}
