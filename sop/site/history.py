"""Versions as the site shows them: each version's page and state, the revision table of an SOP,
the changelog across SOPs, and the fingerprint register that the Verifikasi page searches.

Pure functions of a (published) `DataSet`; the redline wording for readers is in redline.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sop.dataset import DataSet
from sop.model import Revision, Sop, Status
from sop.revisions import fingerprint, versions
from sop.site import urls
from sop.site.render import STATUS_LABELS

NOT_IN_FORCE = "Tidak berlaku lagi"


@dataclass(frozen=True)
class Version:
    """One published (or, in previews, draft) version of an SOP, with its own page."""

    sop: Sop
    in_force: bool  # the version the SOP's main page shows
    previous: int | None  # the version before it on this site: its redline compares the two
    date: dt.date | None  # None when neither riwayat nor the identity dates state one
    entry: Revision | None  # the riwayat entry describing this version, if any

    @property
    def number(self) -> int:
        return self.sop.versi

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sop)

    @property
    def url(self) -> str:
        return urls.sop_version(self.sop.id, self.number)

    @property
    def redline_url(self) -> str | None:
        return urls.sop_redline(self.sop.id, self.number) if self.previous else None

    @property
    def state(self) -> str:
        """'Berlaku', 'Dicabut', 'Digantikan', 'Draf', or 'Tidak berlaku lagi' when superseded."""
        return STATUS_LABELS[self.sop.status] if self.in_force else NOT_IN_FORCE

    @property
    def valid(self) -> bool:
        """Whether a copy of this version may be used: the version in force, and in force."""
        return self.in_force and self.sop.status is Status.BERLAKU


def history(data: DataSet, sop_id: str) -> list[Version]:
    """Every version of an SOP in the data set, oldest first (the last one is in force)."""
    found = versions(data, sop_id, drafts=True)  # `data` is already the published view
    result = []
    for i, sop in enumerate(found):
        entry = _entry(found[i:], sop.versi)
        result.append(Version(
            sop=sop,
            in_force=i == len(found) - 1,
            previous=found[i - 1].versi if i else None,
            date=entry.tanggal if entry else sop.tanggal.rujukan,
            entry=entry,
        ))
    return result


def _entry(newer: list[Sop], number: int) -> Revision | None:
    """The riwayat entry of version `number`: from that version itself, else a later one."""
    for sop in newer:
        for entry in reversed(sop.riwayat):
            if entry.versi == number:
                return entry
    return None


@dataclass(frozen=True)
class HistoryRow:
    """A row of an SOP's revision table: a riwayat entry and/or a version with its page."""

    number: int
    date: dt.date | None
    summary: str | None
    approved: str | None
    version: Version | None  # None for versions recorded in riwayat but never published here


def history_rows(data: DataSet, sop_id: str) -> list[HistoryRow]:
    """The revision table, newest first: riwayat entries joined with the versions on the site."""
    pages = {v.number: v for v in history(data, sop_id)}
    entries = {e.versi: e for e in data.sops[sop_id].riwayat}
    rows = []
    for number in sorted(pages.keys() | entries.keys(), reverse=True):
        version, entry = pages.get(number), entries.get(number)
        entry = entry or (version.entry if version else None)
        rows.append(HistoryRow(
            number=number,
            date=entry.tanggal if entry else (version.date if version else None),
            summary=entry.ringkasan if entry else None,
            approved=entry.disetujui_oleh if entry else None,
            version=version,
        ))
    return rows


def changelog(data: DataSet, limit: int | None = None) -> list[Version]:
    """Every version of every SOP, newest first (first publications and revisions alike)."""
    found = [v for sop_id in data.sops for v in history(data, sop_id)]
    found.sort(key=lambda v: (v.date or dt.date.min, v.number, v.sop.id), reverse=True)
    return found[:limit] if limit else found


def fingerprints(data: DataSet) -> dict[str, dict[str, object]]:
    """fingerprint -> what the Verifikasi page says about that version (drafts never listed)."""
    register: dict[str, dict[str, object]] = {}
    for sop_id in data.sops:
        chain = history(data, sop_id)
        current = chain[-1]
        for v in chain:
            if v.sop.status is Status.DRAFT:
                continue
            register[v.fingerprint] = {
                "id": sop_id,
                "nomor": v.sop.nomor,
                "judul": v.sop.judul,
                "versi": v.number,
                "tanggal": v.date.isoformat() if v.date else None,
                "keadaan": v.state,
                "berlaku": v.valid,
                "url": v.url,
                "berlaku_url": urls.sop(sop_id),  # the main page always shows the version in force
                "berlaku_versi": current.number,
            }
    return dict(sorted(register.items()))
