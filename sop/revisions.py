"""Versions of an SOP: which is in force, fingerprints, redlines, review dates, `sop revise`.

Past versions live as frozen files in `arsip/<id>/v<N>.yaml`; the file in `sop/<id>.yaml` is
the newest version, which may be a draft. The public site shows published versions only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from sop import schema, yamlio
from sop.atomic import write_bytes
from sop.dataset import (
    ARCHIVE_DIR,
    SOP_DIR,
    DataSet,
    committed_pending,
    load,
    pending_archive,
)
from sop.errors import DataSetError, Problem, SopError
from sop.model import Item, Sop, Status

DUE_WINDOW_DAYS = 30


def versions(data: DataSet, sop_id: str, *, drafts: bool = False) -> list[Sop]:
    """Every version of an SOP, oldest first; drafts only when asked for."""
    current = data.sops[sop_id]
    found = [*data.archive.get(sop_id, []), current]
    return [s for s in found if drafts or s.status is not Status.DRAFT]


def in_force(data: DataSet, sop_id: str, *, drafts: bool = False) -> Sop | None:
    """The version the SOP's main page shows: the newest published (or, in previews, draft)."""
    found = versions(data, sop_id, drafts=drafts)
    return found[-1] if found else None


def published(data: DataSet, drafts: bool = False) -> DataSet:
    """The data set as the public site sees it: drafts removed before anything renders.

    Every SOP keeps only its published versions (`sops[id]` becomes the version in force,
    `archive[id]` the earlier ones); one never published disappears, with its pages, index and
    search entries and PDFs. With `drafts=True` (a preview build) the data set is unchanged.
    """
    if drafts:
        return data
    sops, archive = {}, {}
    for sop_id in data.sops:
        found = versions(data, sop_id)
        if found:
            sops[sop_id] = found[-1]
            if len(found) > 1:
                archive[sop_id] = found[:-1]
    decrees = {
        did: d
        if all(s in sops for s in d.lampiran)
        else d.model_copy(update={"lampiran": [s for s in d.lampiran if s in sops]})
        for did, d in data.decrees.items()
    }
    # A decree whose SOPs are all still drafts (a new one, before signing) is not public yet:
    # no page, no book (a page naming it links nothing; every renderer looks decrees up).
    decrees = {did: d for did, d in decrees.items() if d.lampiran}
    # The source documents of draft files are dropped too: nothing renders them, nothing should.
    documents = {
        key: doc
        for key, doc in data.documents.items()
        if not key.startswith("sop:") or sops.get(key[4:]) is data.sops.get(key[4:])
    }
    return dataclasses.replace(
        data, sops=sops, archive=archive, decrees=decrees, documents=documents
    )


def fingerprint(sop: Sop) -> str:
    """A short hash of a version's canonical data, printed on copies: e.g. '3F9A-C21B-7E04'."""
    canonical = json.dumps(sop.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 12, 4))


# --------------------------------------------------------------------------- redline


@dataclass(frozen=True)
class Change:
    """One difference between two versions, worded for a reader (Indonesian labels)."""

    section: str
    kind: str  # "ditambah", "dihapus" or "diubah"
    label: str
    old: str | None = None
    new: str | None = None


IDENTITY_FIELDS = {
    "nomor": "Nomor SOP",
    "judul": "Nama SOP",
    "unit": "Unit",
    "status": "Status",
}
LIST_FIELDS = {
    "peringatan": "Peringatan",
    "kualifikasi": "Kualifikasi pelaksana",
    "peralatan": "Peralatan/perlengkapan",
    "pencatatan": "Pencatatan dan pendataan",
    "dasar_hukum": "Dasar hukum",
    "penjelasan_alur": "Penjelasan alur",
}


def redline(old: Sop, new: Sop) -> list[Change]:
    """What changed from `old` to `new`, field by field."""
    changes: list[Change] = []
    for name, label in IDENTITY_FIELDS.items():
        a, b = str(getattr(old, name)), str(getattr(new, name))
        if a != b:
            changes.append(Change("Identitas", "diubah", label, a, b))
    for name in ("pembuatan", "revisi", "efektif"):
        a, b = getattr(old.tanggal, name), getattr(new.tanggal, name)
        if a != b:
            changes.append(Change("Identitas", "diubah", f"Tanggal {name}", _s(a), _s(b)))
    if old.pengesahan != new.pengesahan:
        changes.append(Change("Identitas", "diubah", "Disahkan oleh", _signer(old), _signer(new)))
    for name, label in LIST_FIELDS.items():
        changes += _list_changes(label, getattr(old, name), getattr(new, name))
    changes += _list_changes("Berkas persyaratan", _requirements(old), _requirements(new))
    changes += _step_changes(old, new)
    return changes


def _s(value: object) -> str | None:
    return None if value is None else str(value)


def _signer(sop: Sop) -> str:
    return f"{sop.pengesahan.jabatan}: {sop.pengesahan.nama}"


def _list_changes(section: str, old: list[str], new: list[str]) -> list[Change]:
    removed = [Change(section, "dihapus", item, old=item) for item in old if item not in new]
    added = [Change(section, "ditambah", item, new=item) for item in new if item not in old]
    return removed + added


def _requirements(sop: Sop) -> list[str]:
    """Requirement texts, nested items flattened as 'parent — child'."""

    def walk(items: list[Item], prefix: str = "") -> list[str]:
        out: list[str] = []
        for item in items:
            text = item if isinstance(item, str) else item.teks
            out.append(prefix + text)
            if not isinstance(item, str):
                out += walk(item.rincian, prefix + text + " — ")
        return out

    return walk(sop.persyaratan.daftar) if sop.persyaratan else []


STEP_FIELDS = {
    "kegiatan": "kegiatan",
    "pelaksana": "pelaksana",
    "waktu": "waktu",
    "output": "output",
    "kelengkapan": "kelengkapan",
    "cabang": "cabang",
}


def _step_changes(old: Sop, new: Sop) -> list[Change]:
    before = {s.no: s for s in old.steps}
    after = {s.no: s for s in new.steps}
    changes: list[Change] = []
    for no in sorted(before.keys() | after.keys()):
        a, b = before.get(no), after.get(no)
        if a is None and b is not None:
            changes.append(Change("Langkah", "ditambah", f"Langkah {no}", new=b.kegiatan))
        elif b is None and a is not None:
            changes.append(Change("Langkah", "dihapus", f"Langkah {no}", old=a.kegiatan))
        elif a is not None and b is not None:
            for name, word in STEP_FIELDS.items():
                x, y = _field_text(getattr(a, name)), _field_text(getattr(b, name))
                if x != y:
                    changes.append(Change("Langkah", "diubah", f"Langkah {no}: {word}", x, y))
    return changes


def _field_text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "; ".join(_field_text(v) for v in value) or "—"
    if hasattr(value, "nilai") and hasattr(value, "unit"):
        nilai = value.nilai
        number = int(nilai) if float(nilai).is_integer() else nilai
        return f"{number} {value.unit}"
    if hasattr(value, "label") and hasattr(value, "ke"):
        return f"{value.label} → langkah {value.ke}"
    return str(value)


# --------------------------------------------------------------------------- review dates


@dataclass(frozen=True)
class Due:
    """An SOP whose review date is near or past."""

    sop: Sop
    review: dt.date
    overdue: bool


def review_date(sop: Sop) -> dt.date | None:
    """The planned review: `tinjau_berikutnya`, else the identity sheet's tanggal revisi."""
    revisi = sop.tanggal.revisi
    return sop.tinjau_berikutnya or (revisi if isinstance(revisi, dt.date) else None)


def due(data: DataSet, today: dt.date, window: int = DUE_WINDOW_DAYS) -> list[Due]:
    """Published SOPs in force whose review is overdue or within `window` days, soonest first."""
    found = []
    for sop_id in data.sops:
        sop = in_force(data, sop_id)
        review = review_date(sop) if sop and sop.status is Status.BERLAKU else None
        if sop and review and review <= today + dt.timedelta(days=window):
            found.append(Due(sop, review, review < today))
    return sorted(found, key=lambda d: (d.review, d.sop.id))


# --------------------------------------------------------------------------- sop revise


def revise(data: DataSet, sop_id: str, summary: str, today: dt.date) -> tuple[Path, Path]:
    """Freeze the version in force into the archive and open the next version as a draft.

    The SOP file is edited in place, line by line, so the quality office's comments survive.
    Killed at any moment, the data set is as before or fully revised, and checks clean in
    both: the frozen copy is written first under a hidden name (arsip/<id>/.v<N>.yaml.pending,
    which the loader takes as version N only once the SOP file has moved on), then the SOP
    file is replaced in one rename (the moment the revision happens), then the copy gets its
    own name. Returns (archived copy, SOP file).
    """
    if sop_id not in data.sops:
        raise SopError(f"unknown SOP '{sop_id}' (known: {', '.join(sorted(data.sops))})")
    if not summary.strip():
        raise SopError("sop revise: a summary of the changes is required (--ringkasan)")
    _finish_interrupted(data)
    sop = data.sops[sop_id]
    if sop.status is Status.DRAFT:
        raise SopError(
            f"SOP '{sop_id}' version {sop.versi} is already a draft; edit it, then "
            "publish it (status: berlaku) before starting another version"
        )
    source = data.root / SOP_DIR / f"{sop_id}.yaml"
    frozen = data.root / ARCHIVE_DIR / sop_id / f"v{sop.versi}.yaml"
    for folder in (source.parent, frozen.parent, frozen.parent.parent):
        if folder.exists() and not folder.resolve().is_relative_to(data.root.resolve()):
            raise SopError(f"{folder} links outside the data folder; keep data files inside it")
    if frozen.exists():
        raise SopError(f"{frozen} already exists; archived versions never change")
    raw = source.read_bytes()
    text = raw.decode("utf-8")
    revised = _next_version_text(text, source, sop, summary, today)
    _check_revised(revised, source, sop)
    pending = pending_archive(frozen)
    write_bytes(pending, raw)
    pending.chmod(0o444)
    write_bytes(source, revised.encode("utf-8"))  # the revision happens here, in one rename
    pending.rename(frozen)
    try:
        load(data.root)
    except DataSetError:  # undone step by step in reverse, each step again consistent
        frozen.rename(pending)
        write_bytes(source, raw)
        pending.unlink(missing_ok=True)
        raise
    return frozen, source


def _check_revised(text: str, path: Path, sop: Sop) -> None:
    """The next version's text must load as that next version, before anything is written."""
    doc, problems = yamlio.parse(text, str(path))
    new, more = schema.validate(doc, Sop) if doc is not None else (None, [])
    if new is None or new.versi != sop.versi + 1 or new.status is not Status.DRAFT:
        raise DataSetError([*problems, *more] or [Problem(
            str(path), 0, "", "sop revise could not write the next version into this file; "
            "set versi and status by hand, or report this file")])


#: A file sop.atomic.write_bytes was writing when it was killed: `.<name>.<8 random>`.
_HALF_WRITTEN = re.compile(r"\..+\.yaml(?:\.pending)?\.[a-z0-9_]{8}")


def _finish_interrupted(data: DataSet) -> None:
    """Give the frozen copies of interrupted revisions that went through their own names, and
    remove those of revisions that did not, and half-written files of killed ones."""
    for leftover in [*(data.root / SOP_DIR).glob(".*"), *(data.root / ARCHIVE_DIR).glob("*/.*")]:
        if _HALF_WRITTEN.fullmatch(leftover.name) and leftover.is_file():
            leftover.unlink(missing_ok=True)
    folder = data.root / ARCHIVE_DIR
    done = set(committed_pending(folder, data.sops))
    for path in folder.glob("*/.v*.yaml.pending") if folder.is_dir() else []:
        if path in done:
            path.rename(path.with_name(path.name[1:].removesuffix(".pending")))
        else:
            path.unlink(missing_ok=True)


def _next_version_text(text: str, path: Path, sop: Sop, summary: str, today: dt.date) -> str:
    doc, _ = yamlio.parse(text, str(path))
    assert doc is not None  # the data set was loaded from this very text
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    inserts: list[tuple[int, str]] = []
    if sop.riwayat:
        last = doc.line(("riwayat", len(sop.riwayat) - 1))
        pad = lines[last - 1][: len(lines[last - 1]) - len(lines[last - 1].lstrip())]
        inserts.append((_block_end(lines, last), _entry(pad, sop.versi + 1, summary, today)))
    else:
        inserts.append((len(lines), "riwayat:\n" + _entry("  ", sop.versi + 1, summary, today)))
    for key, value in (("versi", str(sop.versi + 1)), ("status", Status.DRAFT.value)):
        if (key,) in doc.lines:
            i = doc.lines[(key,)] - 1
            lines[i] = (
                re.sub(
                    r"^(\w+:[ \t]*)[^#\n]*?([ \t]*(#.*)?)$",
                    rf"\g<1>{value}\g<2>",
                    lines[i].rstrip("\n"),
                )
                + "\n"
            )
        else:
            inserts.append((doc.lines[("id",)], f"{key}: {value}\n"))
    for _, (index, added) in sorted(
        enumerate(inserts), key=lambda t: (t[1][0], t[0]), reverse=True
    ):
        lines.insert(index, added)
    return "".join(lines)


def _entry(pad: str, versi: int, summary: str, today: dt.date) -> str:
    text = json.dumps(summary.strip(), ensure_ascii=False)
    return f"{pad}- versi: {versi}\n{pad}  tanggal: {today.isoformat()}\n{pad}  ringkasan: {text}\n"


def _block_end(lines: list[str], start_line: int) -> int:
    """Index of the first line after the list item that starts on 1-based `start_line`."""
    first = lines[start_line - 1]
    indent = len(first) - len(first.lstrip(" -"))
    i = start_line
    while i < len(lines):
        if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) < indent:
            break
        i += 1
    return i
