"""Cross indexes over a data set: persyaratan, pelaksana, dasar hukum, backlinks, newest.

Pure functions of a `DataSet`, computed once per build and shared by every page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sop.dataset import DataSet
from sop.model import Actor, Decree, Item, ListItem, Regulation, Sop, Step, Unit
from sop.site.urls import slug


@dataclass
class CheckItem:
    """One requirement of an SOP's checklist, with its nested items."""

    text: str
    key: str  # stable per SOP: position and words, used as the localStorage key
    anchor: str  # the requirement's anchor in the Persyaratan index
    children: list[CheckItem] = field(default_factory=list)


@dataclass
class Requirement:
    """A required document and the SOPs that require it."""

    text: str
    anchor: str
    sops: list[Sop] = field(default_factory=list)


@dataclass
class ActorSteps:
    """A position (jabatan) and the steps it performs across all SOPs."""

    actor: Actor
    steps: list[tuple[Sop, Step]] = field(default_factory=list)

    @property
    def sops(self) -> list[Sop]:
        return list({id(s): s for s, _ in self.steps}.values())


@dataclass
class Citations:
    """A regulation and who cites it."""

    regulation: Regulation
    sops: list[Sop] = field(default_factory=list)
    decrees: list[Decree] = field(default_factory=list)


@dataclass
class Indexes:
    """Everything computed across SOPs, for the index pages and the SOP pages' links."""

    requirements: dict[str, Requirement]  # by normalised text
    checklists: dict[str, list[CheckItem]]  # by SOP id
    actors: dict[str, ActorSteps]
    citations: dict[str, Citations]
    referenced_by: dict[str, list[Sop]]
    by_unit: list[tuple[Unit, list[Sop]]]


def normalise(text: str) -> str:
    """The identity of a requirement: case, spacing and trailing punctuation ignored."""
    text = re.sub(r"\s*/\s*", " / ", text.casefold())
    return re.sub(r"\s+", " ", text).strip(" .;:,")


def _item_parts(item: Item) -> tuple[str, list[Item]]:
    return (item.teks, list(item.rincian)) if isinstance(item, ListItem) else (item, [])


def requirement_index(data: DataSet) -> tuple[dict[str, Requirement], dict[str, list[CheckItem]]]:
    """Every required document (nested items included) and each SOP's checklist tree."""
    requirements: dict[str, Requirement] = {}
    anchors: set[str] = set()

    def visit(sop: Sop, items: list[Item], prefix: str) -> list[CheckItem]:
        result = []
        for n, item in enumerate(items, start=1):
            text, children = _item_parts(item)
            key = normalise(text)
            if key not in requirements:
                anchor = _unique(f"syarat-{slug(key)}", anchors)
                requirements[key] = Requirement(text.strip(), anchor)
            req = requirements[key]
            if not req.sops or req.sops[-1] is not sop:  # one SOP's items are visited together
                req.sops.append(sop)
            path = f"{prefix}{n}"
            result.append(CheckItem(text.strip(), f"{path}-{slug(key, 40)}", req.anchor,
                                    visit(sop, children, f"{path}.")))
        return result

    checklists = {sid: visit(sop, list(sop.persyaratan.daftar), "") if sop.persyaratan else []
                  for sid, sop in data.sops.items()}
    ordered = dict(sorted(requirements.items()))
    return ordered, checklists


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in taken:
        candidate, n = f"{anchor}-{n}", n + 1
    taken.add(candidate)
    return candidate


def actor_index(data: DataSet) -> dict[str, ActorSteps]:
    """For each registered position, the steps it performs (joint steps count for each)."""
    index = {a.id: ActorSteps(a) for a in data.institution.pelaksana}
    for sop in data.sops.values():
        for step in sop.steps:
            for actor_id in step.actors:
                if actor_id in index:
                    index[actor_id].steps.append((sop, step))
    return index


def citation_index(data: DataSet) -> dict[str, Citations]:
    """For each regulation of the catalogue, the SOPs and decrees that cite it."""
    index = {rid: Citations(reg) for rid, reg in data.regulations.items()}
    for sop in data.sops.values():
        for rid in dict.fromkeys(sop.dasar_hukum):
            if rid in index:
                index[rid].sops.append(sop)
    for decree in data.decrees.values():
        for rid in dict.fromkeys(decree.mengingat):
            if rid in index:
                index[rid].decrees.append(decree)
    return index


def backlinks(data: DataSet) -> dict[str, list[Sop]]:
    """For each SOP, the SOPs whose keterkaitan names it."""
    result: dict[str, list[Sop]] = {sid: [] for sid in data.sops}
    for sop in data.sops.values():
        for other in dict.fromkeys(sop.keterkaitan.sop):
            if other in result:
                result[other].append(sop)
    return result


def sops_by_unit(data: DataSet) -> list[tuple[Unit, list[Sop]]]:
    """Units that own SOPs, in the institution's order, each with its SOPs in data set order."""
    groups = [(u, [s for s in data.sops.values() if s.unit == u.id])
              for u in data.institution.unit]
    return [(u, sops) for u, sops in groups if sops]


def last_change(sop: Sop) -> dt.date:
    """The date of the SOP's newest change: last revision entry, else effective/creation date."""
    dates = [r.tanggal for r in sop.riwayat]
    if sop.tanggal.rujukan:
        dates.append(sop.tanggal.rujukan)
    return max(dates, default=dt.date.min)


def newest(data: DataSet, limit: int = 8) -> list[Sop]:
    """The most recently changed SOPs, newest first."""
    return sorted(data.sops.values(), key=last_change, reverse=True)[:limit]


def build_indexes(data: DataSet) -> Indexes:
    """All cross indexes of the data set."""
    requirements, checklists = requirement_index(data)
    return Indexes(
        requirements=requirements,
        checklists=checklists,
        actors=actor_index(data),
        citations=citation_index(data),
        referenced_by=backlinks(data),
        by_unit=sops_by_unit(data),
    )
