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
from sop.messages import msg, unknown_id
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


#: What a version's copies do not print: recording a review (`sop tinjau`) or moving the next
#: review date changes neither the fingerprint nor the PDFs. `tinjau_berikutnya` stays in the
#: canonical data as null, so versions that never had one keep the fingerprint they had.
NOT_PRINTED = {"tinjauan": None, "tinjau_berikutnya": None}


def fingerprint(sop: Sop) -> str:
    """A short hash of a version's canonical data, printed on copies: e.g. '3F9A-C21B-7E04'.
    It depends only on what the copies print: not on reviews (tinjauan, tinjau_berikutnya), and
    not on keys left at their defaults, so that a field the model gains later does not change
    the fingerprint of a version already printed."""
    data = sop.model_dump(mode="json", exclude={"tinjauan", "tinjau_berikutnya"},
                          exclude_defaults=True)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
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
    """The planned review: the one the last review (`tinjauan`) set, else `tinjau_berikutnya`,
    else the identity sheet's tanggal revisi (unless the data marks its meaning unconfirmed)."""
    last = sop.tinjauan[-1].berikutnya if sop.tinjauan else None
    revisi = sop.tanggal.revisi if "tanggal.revisi" not in sop.belum_pasti else None
    return last or sop.tinjau_berikutnya or (revisi if isinstance(revisi, dt.date) else None)


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
    _known_sop(data, sop_id)
    if not summary.strip():
        raise SopError(msg("revise.summary_required"))
    _finish_interrupted(data)
    sop = data.sops[sop_id]
    if sop.status is Status.DRAFT:
        raise SopError(msg("revise.already_draft", id=sop_id, versi=sop.versi))
    source = data.root / SOP_DIR / f"{sop_id}.yaml"
    frozen = data.root / ARCHIVE_DIR / sop_id / f"v{sop.versi}.yaml"
    for folder in (source.parent, frozen.parent, frozen.parent.parent):
        if folder.exists() and not folder.resolve().is_relative_to(data.root.resolve()):
            raise SopError(msg("revise.link_out", folder=folder))
    if frozen.exists():
        raise SopError(msg("revise.exists", path=frozen))
    raw = source.read_bytes()
    text, form = _decode(raw)
    revised = _next_version_text(text, source, sop, summary, today)
    _check_revised(revised, source, sop)
    pending = pending_archive(frozen)
    write_bytes(pending, raw)
    pending.chmod(0o444)
    write_bytes(source, _encode(revised, form))  # the revision happens here, in one rename
    pending.rename(frozen)
    try:
        load(data.root)
    except DataSetError:  # undone step by step in reverse, each step again consistent
        frozen.rename(pending)
        write_bytes(source, raw)
        pending.unlink(missing_ok=True)
        raise
    record_archived(frozen.parent, sop.versi, fingerprint(sop))
    return frozen, source


def _known_sop(data: DataSet, sop_id: str) -> None:
    if sop_id not in data.sops:
        raise SopError(unknown_id("sop", sop_id, data.sops, msg("where.sop")))


# --------------------------------------------------------------------------- archive seals

#: In each arsip/<id>/ folder: the fingerprint of every version when it was archived.
SEALS_FILE = "sidik_jari.yaml"
_SEAL_LINE = re.compile(r"v([0-9]+):[ \t]*([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})[ \t]*(?:#.*)?")


def record_archived(folder: Path, versi: int, print_id: str) -> None:
    """Add 'v<N>: <fingerprint>' to the folder's seals (sop check compares the archived file
    with it). Written after the revision went through; a revise killed before this leaves a
    version without a seal, which is checked no more than versions archived before seals."""
    path = folder / SEALS_FILE
    old = path.read_text("utf-8") if path.is_file() else (
        "# Ditulis oleh `sop revise`: sidik jari setiap versi saat diarsipkan.\n"
        "# `sop check` membandingkan setiap berkas arsip dengannya. Jangan diubah.\n")
    if not old.endswith("\n"):
        old += "\n"
    write_bytes(path, f"{old}v{versi}: {print_id}\n".encode())


def archived_seals(folder: Path) -> dict[int, tuple[str, int]]:
    """The recorded fingerprint of each archived version, with its line in the seals file."""
    path = folder / SEALS_FILE
    seals: dict[int, tuple[str, int]] = {}
    if not path.is_file() or path.is_symlink():
        return seals
    for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
        match = _SEAL_LINE.fullmatch(line.strip())
        if match:
            seals.setdefault(int(match[1]), (match[2], number))
    return seals


# --------------------------------------------------------------------------- file form


@dataclass(frozen=True)
class _Form:
    """How a data file is written: a byte order mark, and its line ends."""

    bom: bool
    newline: str


def _decode(raw: bytes) -> tuple[str, _Form]:
    """The file's text with '\\n' line ends, and its form, to write it back the same way."""
    text = raw.decode("utf-8-sig")
    form = _Form(raw.startswith(b"\xef\xbb\xbf"), "\r\n" if "\r\n" in text else "\n")
    return text.replace("\r\n", "\n"), form


def _encode(text: str, form: _Form) -> bytes:
    data = text.replace("\n", form.newline).encode("utf-8")
    return (b"\xef\xbb\xbf" if form.bom else b"") + data


def _check_revised(text: str, path: Path, sop: Sop) -> None:
    """The next version's text must load as that next version, before anything is written."""
    doc, problems = yamlio.parse(text, str(path))
    new, more = schema.validate(doc, Sop) if doc is not None else (None, [])
    if new is None or new.versi != sop.versi + 1 or new.status is not Status.DRAFT:
        raise DataSetError([*problems, *more] or [Problem(
            str(path), 0, "", msg("revise.cannot_write"))])


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
            lines[i] = _set_value(lines[i], value)
        else:
            inserts.append((doc.lines[("id",)], f"{key}: {value}\n"))
    inserts += _set_revision_date(doc, lines, today)
    for _, (index, added) in sorted(
        enumerate(inserts), key=lambda t: (t[1][0], t[0]), reverse=True
    ):
        lines.insert(index, added)
    return "".join(lines)


def _set_value(line: str, value: str) -> str:
    """`  key: old  # comment` -> `  key: value  # comment`."""
    return re.sub(r"^([ \t]*[\w-]+:[ \t]*)[^#\n]*?([ \t]*(#.*)?)$", rf"\g<1>{value}\g<2>",
                  line.rstrip("\n")) + "\n"


def _set_revision_date(doc: yamlio.Document, lines: list[str],
                       today: dt.date) -> list[tuple[int, str]]:
    """tanggal.revisi becomes the day of the revision: its line is edited, or one is added
    under tanggal.pembuatan (block style only: a one-line `tanggal: {…}` is left as it is)."""
    block = doc.lines.get(("tanggal",))
    if ("tanggal", "revisi") in doc.lines:
        i = doc.lines[("tanggal", "revisi")] - 1
        if doc.lines[("tanggal", "revisi")] != block:
            lines[i] = _set_value(lines[i], today.isoformat())
        return []
    made = doc.lines.get(("tanggal", "pembuatan"))
    if made is None or made == block:
        return []
    line = lines[made - 1]
    pad = line[: len(line) - len(line.lstrip())]
    return [(made, f"{pad}revisi: {today.isoformat()}\n")]


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


# --------------------------------------------------------------------------- sop tinjau

#: The next review, when `sop tinjau` is not told: a year after this one.
REVIEW_INTERVAL_DAYS = 365


def record_review(data: DataSet, sop_id: str, tanggal: dt.date, hasil: str | None,
                  berikutnya: dt.date | None) -> tuple[Path, Sop]:
    """Record a periodic review of the version in force: an entry in its `tinjauan` (and the
    new date in `tinjau_berikutnya` if the file has one). Neither is printed on the copies:
    the fingerprint, the PDFs and the version stay as they are (checked before returning;
    the file is put back if not). Returns the SOP file and the version as reviewed."""
    _known_sop(data, sop_id)
    sop = data.sops[sop_id]
    if sop.status is Status.DRAFT:
        raise SopError(msg("tinjau.draft", id=sop_id, versi=sop.versi))
    result = (hasil if hasil is not None else msg("tinjau.default_result")).strip()
    if not result:
        raise SopError(msg("tinjau.result_required"))
    following = berikutnya or tanggal + dt.timedelta(days=REVIEW_INTERVAL_DAYS)
    if following <= tanggal:
        raise SopError(msg("tinjau.next_before", berikutnya=following, tanggal=tanggal))
    source = data.root / SOP_DIR / f"{sop_id}.yaml"
    if not source.resolve().is_relative_to(data.root.resolve()):
        raise SopError(msg("revise.link_out", folder=source))
    raw = source.read_bytes()
    text, form = _decode(raw)
    write_bytes(source, _encode(_review_text(text, source, result, tanggal, following), form))
    try:
        reviewed = load(data.root).sops[sop_id]
        if fingerprint(reviewed) != fingerprint(sop) or reviewed.versi != sop.versi:
            raise DataSetError([Problem(str(source), 0, "", msg("revise.cannot_write"))])
    except DataSetError:
        write_bytes(source, raw)
        raise
    return source, reviewed


def _review_text(text: str, path: Path, hasil: str, tanggal: dt.date,
                 berikutnya: dt.date) -> str:
    doc, _ = yamlio.parse(text, str(path))
    assert doc is not None  # the data set was loaded from this very text
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if ("tinjau_berikutnya",) in doc.lines:
        i = doc.lines[("tinjau_berikutnya",)] - 1
        lines[i] = _set_value(lines[i], berikutnya.isoformat())
    entries = doc.data.get("tinjauan") if isinstance(doc.data, dict) else None
    start = doc.lines.get(("tinjauan",))
    if start is None:
        return "".join(lines) + "tinjauan:\n" + _review_entry("  ", hasil, tanggal, berikutnya)
    if not entries:  # `tinjauan: []` or an empty key: the list starts here
        lines[start - 1] = "tinjauan:\n" + _review_entry("  ", hasil, tanggal, berikutnya)
        return "".join(lines)
    last = doc.lines[("tinjauan", len(entries) - 1)]
    if last == start:  # a one-line list: [{…}]
        raise SopError(msg("revise.cannot_write"))
    pad = lines[last - 1][: len(lines[last - 1]) - len(lines[last - 1].lstrip())]
    lines.insert(_block_end(lines, last), _review_entry(pad, hasil, tanggal, berikutnya))
    return "".join(lines)


def _review_entry(pad: str, hasil: str, tanggal: dt.date, berikutnya: dt.date) -> str:
    text = json.dumps(hasil, ensure_ascii=False)
    return (f"{pad}- tanggal: {tanggal.isoformat()}\n{pad}  hasil: {text}\n"
            f"{pad}  berikutnya: {berikutnya.isoformat()}\n")
