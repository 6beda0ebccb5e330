"""Write a draft SOP as a YAML data file, with a '# periksa: …' comment at every doubt.

The file must pass `sop check` as a draft. A number, date or signer field the document leaves
blank is written as the model's 'tidak tercantum' (printed "–"), with a comment, never an invented
value. The result is validated against the model before it is written; a flow that does not
validate is replaced by plain row order, with a doubt.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sop import graph, sections
from sop.flowchart.table import table_format
from sop.ids import check_nidn, check_nip
from sop.importer import sections as sec
from sop.importer.draft import DraftPart, DraftSop
from sop.importer.flow import KIND_WORDS, DraftStep, build_steps
from sop.importer.registry import Registry
from sop.importer.text import (
    NOT_STATED_MARKS,
    SECTION_LABELS,
    SignerText,
    clean,
    label_key,
    parse_date,
    parse_signer,
    slug,
)
from sop.model import NOT_STATED, IdentityFormat, Institution, Sop, TableFormat

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "sop.schema.json"
WIDTH = 96
LIST_SECTIONS = ("kualifikasi", "peralatan", "peringatan", "pencatatan")
LIST_PARTS = ("tujuan", "pihak_terkait", "referensi", "standar_mutu_terkait", "kebijakan",
              "penjelasan_alur", "unit_terkait")
#: The order of the optional keys in the written file (the model's order).
KEY_ORDER = ("jenis_dokumen", "unit", "versi", "status", "tanggal", "belum_pasti", "pengesahan",
             "tanda_tangan_lain", "tanda_tangan_elektronik", "tabel", "identitas", "susunan",
             "dasar_hukum",
             "keterkaitan", "peringatan", "kualifikasi", "peralatan", "pencatatan", "tujuan",
             "ruang_lingkup", "unit_terkait", "definisi", "pihak_terkait", "referensi",
             "standar_mutu_terkait", "kebijakan", "deskripsi", "penjelasan_alur", "persyaratan",
             "pelaksana", "sub_prosedur")
NOT_STATED_NOTE = f"ditulis '{NOT_STATED}' (dicetak '–'); isikan bila diketahui"


@dataclass
class Doubt:
    """One thing the importer could not determine: where (a key path) and what."""

    where: str
    message: str


@dataclass
class Emitted:
    """A draft SOP ready to write: its id, its YAML text, its doubts and counts."""

    sop_id: str
    text: str
    doubts: list[Doubt] = field(default_factory=list)
    steps: int = 0
    decisions: int = 0
    actors: list[str] = field(default_factory=list)
    new_actors: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- YAML text


def scalar(value: object) -> str:
    """A YAML scalar: plain when that is unambiguous, else double-quoted (JSON escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    plain = re.fullmatch(r"[A-Za-z\u00C0-\u024F(][^#:\n\"'{}\[\],&*!|>%@`]*", text)
    reserved = re.fullmatch(r"(?i)(true|false|null|yes|no|on|off|~|-?[\d.]+)", text)
    if plain and not reserved and text == text.strip() and not text.endswith(("-", "?")):
        return text
    return json.dumps(text, ensure_ascii=False)


def _foldable(value: str) -> bool:
    """Whether a long text can be written as a folded block (`>-`) and read back the same."""
    return value == value.strip() and "\n" not in value and "  " not in value and bool(value)


class Writer:
    """Lines of YAML with comments, indented by two spaces per level."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def comment(self, level: int, text: str) -> None:
        pad = "  " * level
        words, line = text.split(), ""
        for word in words:
            if line and len(pad) + len(line) + len(word) + 3 > WIDTH:
                self.lines.append(f"{pad}# {line}")
                line = ""
            line = f"{line} {word}" if line else word
        if line:
            self.lines.append(f"{pad}# {line}")

    def doubts(self, level: int, messages: list[str]) -> None:
        for message in messages:
            self.comment(level, f"periksa: {message}")

    def key(self, level: int, key: str, value: object, lead: str = "") -> None:
        pad = "  " * level
        text = scalar(value)
        if isinstance(value, str) and len(pad) + len(key) + len(text) + 2 > WIDTH and (
            _foldable(value)
        ):
            self.lines.append(f"{pad}{lead}{key}: >-")
            self.folded(level + 1 + bool(lead), value)
        else:
            self.lines.append(f"{pad}{lead}{key}: {text}")

    def folded(self, level: int, value: str) -> None:
        pad = "  " * level
        line = ""
        for word in value.split(" "):
            if line and len(pad) + len(line) + len(word) + 1 > WIDTH:
                self.lines.append(pad + line)
                line = ""
            line = f"{line} {word}" if line else word
        self.lines.append(pad + line)

    def item(self, level: int, value: str) -> None:
        pad = "  " * level
        text = scalar(value)
        if len(pad) + len(text) + 2 > WIDTH and _foldable(value):
            self.lines.append(f"{pad}- >-")
            self.folded(level + 1, value)
        else:
            self.lines.append(f"{pad}- {text}")


# ---------------------------------------------------------------------------- content


@dataclass
class _Sop:
    """The values of one SOP file, with doubts by top-level key."""

    data: dict[str, Any]
    doubts: dict[str, list[str]]
    steps: list[DraftStep]
    actor_names: list[str]
    placements: list[dict[str, Any]] = field(default_factory=list)


def _identity(draft: DraftSop, reg: Registry) -> _Sop:
    ident = draft.identity
    data: dict[str, Any] = {}
    doubts: dict[str, list[str]] = {}

    def doubt(key: str, message: str) -> None:
        doubts.setdefault(key, []).append(message)

    judul = clean(ident.judul)
    if judul.isupper():
        judul = sec.nice_title(judul)
        doubt("judul", "judul di dokumen ditulis huruf kapital semua: ditulis dengan huruf awal "
              "kapital tiap kata; periksa penulisannya (singkatan, kata sambung)")
    if not judul:
        judul = f"PERIKSA: judul SOP {draft.index} dari {draft.source}"
        doubt("judul", "nama SOP tidak ditemukan di dokumen")
    sop_id = reg.unique(slug(judul if ident.judul else f"impor-{Path(draft.source).stem}"),
                        reg.taken_ids)
    reg.taken_ids.add(sop_id)
    data["id"] = sop_id
    nomor = clean(ident.nomor)
    if nomor in NOT_STATED_MARKS or nomor.casefold() == NOT_STATED:
        nomor = NOT_STATED
        doubt("nomor", f"dokumen tidak mencantumkan nomor SOP: {NOT_STATED_NOTE}")
    elif nomor in reg.sop_numbers:
        other = reg.sop_numbers[nomor]
        doubt("nomor", f"nomor '{nomor}' sudah dipakai SOP '{other}'; ditandai agar tidak "
              "bentrok")
        nomor = f"{nomor} (PERIKSA: sama dengan {other})"
    if nomor != NOT_STATED:
        reg.sop_numbers[nomor] = sop_id
    data["nomor"] = nomor
    data["judul"] = judul
    jenis = _jenis(ident.jenis, reg)
    if jenis:
        data["jenis_dokumen"] = jenis
    data["unit"] = _unit(draft, reg, doubt)
    data["versi"] = 1
    data["status"] = "draft"
    data["tanggal"] = _dates(ident.pembuatan, ident.revisi, ident.efektif, doubt)
    places = {str(reg.institution.get("kota") or ""), draft.disahkan_tempat}
    # The pengesah signs in the identity grid's Disahkan Oleh cell, or, in a format without
    # that row, in the signature row's Disahkan oleh block.
    in_row = not ident.pengesahan and bool(draft.disahkan)
    data["pengesahan"] = _signer(
        parse_signer(draft.disahkan if in_row else ident.pengesahan, places), "pengesahan",
        doubt, draft.disahkan_tempat, "'disahkan oleh' " if in_row else "")
    extra = []
    for sig in (*ident.signatures, *draft.signatures):
        entry = {"peran": sig.peran} | _signer(parse_signer(sig.lines), "tanda_tangan_lain", doubt,
                                               sig.tempat, f"'{sig.peran} oleh' ")
        extra.append(entry)
    if extra:
        data["tanda_tangan_lain"] = extra
    if draft.tte:
        data["tanda_tangan_elektronik"] = draft.tte
    data["identitas"] = _identity_format(draft)
    return _Sop(data, doubts, [], [])


def _identity_format(draft: DraftSop) -> dict[str, str]:
    """What the document shows of its identity sheet's layout: signatures inside the grid or in
    a row of their own (the further ones, and the pengesah's), and all six PermenPAN boxes or
    only some."""
    ident, shown = draft.identity, {}
    if ident.signatures or draft.signatures:
        shown["tanda_tangan"] = "identitas" if ident.signatures else "baris"
    if "pengesahan" in ident.labels or draft.disahkan:
        shown["pengesahan"] = "identitas" if "pengesahan" in ident.labels else "baris"
    if ident.labels:
        six = len(ident.sections) == len(set(SECTION_LABELS.values()))
        shown["kotak"] = "semua" if six else "terisi"
    return shown


def _jenis(caption: str, reg: Registry) -> str | None:
    """The document kind the identity sheet prints, when it is not the institution's own."""
    default = str(reg.institution.get("jenis_dokumen") or
                  Institution.model_fields["jenis_dokumen"].default)
    if not caption or label_key(caption) == label_key(default):
        return None
    return sec.nice_title(clean(caption))


def _unit(draft: DraftSop, reg: Registry, doubt: Any) -> str:
    name = clean(draft.identity.unit)
    if name:
        ident, new = reg.unit(name, draft.source)
        if new:
            doubt("unit", f"unit '{name}' belum ada di institusi.yaml: diusulkan sebagai "
                  f"'{ident}' (jenis 'unit'; periksa jenis dan induknya)")
        return ident
    first = next(iter(reg.units), "")
    doubt("unit", f"unit pemilik tidak ditemukan di dokumen; sementara diisi '{first}'")
    return first


def _dates(made: str, revised: str, effective: str, doubt: Any) -> dict[str, Any]:
    """The three dates. A blank cell or '–' is 'tidak tercantum'; '-' under revisi or efektif
    is no date (what the project prints for one it does not have)."""
    out: dict[str, Any] = {}
    for key, text in (("pembuatan", made), ("revisi", revised), ("efektif", effective)):
        shown = clean(text)
        value = parse_date(shown)
        if value is not None:
            out[key] = value
        elif shown == "-" and key != "pembuatan":
            continue
        elif shown in NOT_STATED_MARKS or shown.casefold() == NOT_STATED:
            out[key] = NOT_STATED
            doubt("tanggal", f"dokumen tidak mencantumkan tanggal {key}: {NOT_STATED_NOTE}")
        else:
            out[key] = NOT_STATED
            doubt("tanggal", f"tanggal {key} '{shown}' tidak terbaca sebagai tanggal: "
                  f"{NOT_STATED_NOTE}")
    return out


def _signer(read: SignerText, key: str, doubt: Any, tempat: str = "", who: str = "") -> dict[
    str, Any
]:
    """A signer as the model holds it; what the block leaves blank is 'tidak tercantum'."""
    out: dict[str, Any] = {"jabatan": read.jabatan or NOT_STATED, "nama": read.nama or NOT_STATED}
    for field_name in ("jabatan", "nama"):
        if out[field_name] == NOT_STATED:
            where = f"blok {who}" if who else "kolom Disahkan oleh "
            doubt(key, f"{where}tidak mencantumkan {field_name} penanda tangan: "
                  f"{NOT_STATED_NOTE}")
    checks = {"nip": check_nip, "nidn": check_nidn}
    for kind, value in read.numbers.items():
        if value == NOT_STATED:
            out[kind] = NOT_STATED
            doubt(key, f"{who}{kind.upper()} tidak tercantum di dokumen")
            continue
        try:
            if kind in checks:
                checks[kind](value)
            out[kind] = value
        except ValueError:
            doubt(key, f"{who}{kind.upper()} '{value}' tidak sah; tidak disalin")
    if tempat or read.tempat:
        out["tempat"] = tempat or read.tempat
    return out


def _sections(draft: DraftSop, reg: Registry, sop: _Sop) -> None:
    sections_ = draft.identity.sections
    data, doubts = sop.data, sop.doubts
    laws: list[str] = []
    for text in sections_.get("dasar_hukum", []):
        ident, new = reg.regulation(text, draft.source)
        if ident is None:
            doubts.setdefault("dasar_hukum", []).append(
                f"dasar hukum tidak terbaca sebagai peraturan (jenis dan tahun): '{text}'")
        elif ident not in laws:
            laws.append(ident)
            if new:
                doubts.setdefault("dasar_hukum", []).append(
                    f"'{ident}' belum ada di dasar_hukum.yaml: diusulkan dari '{text}'")
    data["dasar_hukum"] = laws
    related = sections_.get("keterkaitan", [])
    if related:
        data["keterkaitan"] = {"lain": related}
        doubts.setdefault("keterkaitan", []).append(
            "keterkaitan disalin sebagai teks (lain); ganti dengan id SOP bila SOP-nya ada")
    for key in LIST_SECTIONS:
        if sections_.get(key):
            data[key] = sections_[key]
    sop.placements = _parts(draft, data, doubts)


def _parts(draft: DraftSop, data: dict[str, Any], doubts: dict[str, list[str]]) -> list[
    dict[str, Any]
]:
    """The headed sections into the model's keys; their order, letters and titles as
    `susunan` entries (a heading the model has no key for becomes a free section)."""

    def doubt(message: str) -> None:
        doubts.setdefault("susunan", []).append(message)

    out: list[dict[str, Any]] = []
    for part in draft.parts:
        kind = part.kind
        heading = f"{part.label + '. ' if part.label else ''}{part.title}".strip()
        if kind in ("flowchart", "tanda_tangan"):
            if not any(p.get("bagian") == kind for p in out):
                out.append(sec.placement(part))
            continue
        if kind == "unit_terkait" and out and out[-1].get("bagian") == "ruang_lingkup" and (
                "unit_terkait" not in data and part.lines and not part.label):
            data["unit_terkait"] = sec.flat(part.lines)  # the list under ruang lingkup's caption
            continue
        taken = kind is not None and (kind in data or (
            kind == "unit_terkait" and any(p.get("bagian") == "ruang_lingkup" for p in out)))
        if kind is not None and (taken or not part.lines):
            why = "kosong di dokumen" if not part.lines else "muncul lebih dari sekali"
            doubt(f"bagian '{heading}' {why}: disalin sebagai bagian bebas")
            kind = None
        if kind is not None and not _typed(kind, part, data, doubts):
            doubt(f"bagian '{heading}' tidak terbaca sebagai {kind}: disalin sebagai bagian "
                  "bebas")
            kind = None
        free = DraftPart(kind, part.label, part.title, part.lines)
        if kind == "unit_terkait":
            free.kind = "ruang_lingkup"
        out.append(sec.placement(free))
    if not any(p.get("bagian") == "flowchart" for p in out):
        at = next((i for i, p in enumerate(out) if p.get("bagian") in sections.NARRATIVE), len(out))
        out.insert(at, {"bagian": "flowchart"})
    return out


def _typed(kind: str, part: DraftPart, data: dict[str, Any], doubts: dict[str, list[str]]) -> bool:
    """Put a known section's lines into its key; False when they do not read as that kind."""
    paragraphs, listed = sec.split_paragraphs(part.lines)
    if kind in LIST_PARTS:
        data[kind] = sec.flat(part.lines)
    elif kind == "ruang_lingkup":
        if paragraphs:
            data["ruang_lingkup"] = " ".join(paragraphs)
        if listed and (paragraphs or "unit" in label_key(part.title)):
            data["unit_terkait"] = sec.flat(listed)
        elif listed:
            data["ruang_lingkup"] = " ".join(sec.flat(listed))
            doubts.setdefault("ruang_lingkup", []).append(
                "ruang lingkup di dokumen berupa daftar: digabung menjadi satu paragraf")
    elif kind == "definisi":
        found = sec.definitions(part.lines)
        if found is None:
            return False
        data["definisi"] = found
    elif kind == "deskripsi":
        data["deskripsi"] = " ".join(paragraphs + sec.flat(listed))
    elif kind == "persyaratan":
        entries = sec.nested(part.lines)
        if not entries:
            return False
        data["persyaratan"] = {"judul": part.title or "Berkas Persyaratan", "daftar": entries}
    return True


def _flow(draft: DraftSop, reg: Registry, sop: _Sop) -> None:
    chart = draft.chart
    ids: list[str] = []
    for name in chart.actors:
        ident, new = reg.actor(name, draft.source)
        ids.append(ident)
        if new:
            sop.doubts.setdefault("pelaksana", []).append(
                f"'{name}' belum ada di institusi.yaml: diusulkan sebagai '{ident}'")
    sop.data["pelaksana"] = list(dict.fromkeys(ids))
    sop.actor_names = ids
    sop.steps = build_steps(chart)
    own, facts = sec.unsure_note(draft.unsure)
    if own:  # the document prints these with a * and explains them: they stay unconfirmed
        sop.data["belum_pasti"] = own
        sop.doubts.setdefault("belum_pasti", []).append(
            "dokumen menandai isian ini dengan * (belum dikonfirmasi); hapus bila sudah pasti")
    for step in sop.steps:
        step.belum_pasti = facts.get(step.label or str(step.no), [])
    if len(chart.parts) > 1:  # several flowcharts: each from the first step of its first row
        firsts = [next((s.no for s in sop.steps if s.row >= row), None) for _, row in chart.parts]
        sop.data["sub_prosedur"] = [{"judul": title, "dari": no} for (title, _), no
                                    in zip(chart.parts, firsts, strict=True) if no is not None]


def _step_dict(step: DraftStep, ids: list[str]) -> dict[str, Any]:
    actors = list(dict.fromkeys(ids[c] for c in step.actors if c < len(ids)))
    out: dict[str, Any] = {"no": step.no, "kegiatan": step.kegiatan,
                           "pelaksana": actors[0] if len(actors) == 1 else actors}
    if step.sebaris:
        out["sebaris"] = True  # drawn in the row of the step before
    if step.belum_pasti:
        out["belum_pasti"] = step.belum_pasti
    if step.mulai:
        out["mulai"] = True
    if step.kelengkapan:
        out["kelengkapan"] = step.kelengkapan
    if step.waktu:
        out["waktu"] = {"nilai": step.waktu[0], "unit": step.waktu[1]}
        if step.sampai is not None:
            out["waktu"]["sampai"] = step.sampai
    for key in ("output", "keterangan"):
        if getattr(step, key):
            out[key] = getattr(step, key)
    if step.ke is not None:
        out["ke"] = step.ke
    if step.cabang:
        out["cabang"] = [{"label": label, "ke": ke} if ke is not None
                         else {"label": label, "selesai": True} for label, ke in step.cabang]
    if step.selesai:
        out["selesai"] = True
    if step.symbol_text and " / " not in step.symbol_text and len(step.symbol_text) <= 40:
        out["teks_simbol"] = step.symbol_text  # the text inside its symbol, as written
    return out


def _flow_problem(model: Sop) -> str | None:
    """Why the flow would fail `sop check`, or None (the same rules as sop/validate.py)."""
    numbers = {s.no for s in model.steps}
    for step in model.steps:
        labels = [b.label.casefold() for b in step.cabang]
        if len(set(labels)) != len(labels):
            return f"label cabang ganda di langkah {step.no}"
        if any(b.ke is not None and (b.ke not in numbers or b.ke == step.no)
               for b in step.cabang):
            return f"cabang langkah {step.no} menuju langkah yang tidak ada"
    ends = graph.end_steps(model)
    if not ends:
        return "alur tidak pernah berakhir"
    reach: set[int] = set().union(*(graph.reachable(model, s) for s in graph.start_steps(model)))
    back: set[int] = set().union(*(graph.reachable(model, e, forward=False) for e in ends))
    bad = sorted(numbers - reach) or sorted(numbers - back)
    return f"langkah {bad[0]} tidak terhubung dengan awal atau akhir alur" if bad else None


def _validated(sop: _Sop) -> Sop:
    """Validate against the model; a flow that fails falls back to row order (with doubts)."""
    sop.data["steps"] = [_step_dict(s, sop.actor_names) for s in sop.steps]
    model = Sop.model_validate(sop.data)
    problem = _flow_problem(model)
    if problem is None:
        return model
    for step in sop.steps:
        if step.ke or step.cabang or step.selesai:
            taken = ", ".join(f"{lab} → {ke or 'selesai'}" for lab, ke in step.cabang) or (
                f"ke {step.ke}" if step.ke else "selesai")
            step.doubt("", f"alur yang terbaca ({taken}) dihapus karena {problem}; "
                       "susun ulang cabang/ke")
        step.ke, step.cabang, step.selesai, step.mulai = None, [], False, False
    sop.data["steps"] = [_step_dict(s, sop.actor_names) for s in sop.steps]
    return Sop.model_validate(sop.data)


def _table(draft: DraftSop, sop: _Sop) -> None:
    """The flowchart table's own columns, as read (kept only if they differ, see _layout)."""
    chart = draft.chart
    if not chart.columns_read:
        return
    columns = []
    for isi, head in chart.mutu:
        entry = {"isi": isi}
        if head and label_key(head) != isi:
            entry["judul"] = sec.nice_title(head)
        columns.append(entry)
    table: dict[str, Any] = {"mutu_baku": columns}
    if not chart.keterangan:
        table["keterangan"] = False
    if chart.number_row:
        table["nomor_kolom"] = True
    sop.data["tabel"] = table


def _layout(sop: _Sop, model: Sop, reg: Registry) -> None:
    """Keep `tabel` and `susunan` only where they change what is printed: a document in the
    institution's own format gets neither."""
    data = sop.data
    try:
        default = TableFormat.model_validate(reg.institution.get("tabel") or {})
    except ValidationError:
        default = TableFormat()
    if model.tabel is not None:
        own, usual = table_format(model, default), table_format(
            model.model_copy(update={"tabel": None}), default)
        if _columns(own) == _columns(usual):
            data.pop("tabel")
    identity = _identity_layout(data, reg)
    data["susunan"] = sop.placements
    candidate = Sop.model_validate({**data, "steps": data["steps"]})
    plain = candidate.model_copy(update={"susunan": []})
    if _printed(candidate, identity) == _printed(plain, identity):
        data.pop("susunan")
    ordered = {k: data[k] for k in ("id", "nomor", "judul")}
    ordered |= {k: data[k] for k in KEY_ORDER if k in data}
    ordered["steps"] = data["steps"]
    sop.data = ordered
    Sop.model_validate(ordered)


def _identity_layout(data: dict[str, Any], reg: Registry) -> IdentityFormat:
    """Keep `identitas` only where the document's identity sheet differs from the institution's
    format; the document's own format (where it signs, which boxes it prints)."""
    try:
        usual = IdentityFormat.model_validate(reg.institution.get("identitas") or {})
    except ValidationError:
        usual = IdentityFormat()
    own = usual.model_copy(update=data["identitas"])
    data["identitas"] = own.model_dump(exclude_defaults=True)
    if own == usual or not data["identitas"]:
        data.pop("identitas")
    return own


def _columns(fmt: Any) -> tuple[Any, ...]:
    return tuple((key, title.casefold()) for key, title in fmt.text), fmt.numbers


def _printed(model: Sop, identity: IdentityFormat) -> list[tuple[Any, ...]]:
    return [(p.kind, p.label, p.title.casefold(), p.isi)
            for p in sections.parts(model, identity)]


# ---------------------------------------------------------------------------- writing


def emit(draft: DraftSop, reg: Registry, target_dir: Path, today: dt.date) -> Emitted:
    """The YAML text of one draft SOP (validated), with its doubts."""
    sop = _identity(draft, reg)
    _sections(draft, reg, sop)
    _flow(draft, reg, sop)
    _table(draft, sop)
    if len(sop.steps) < 2:
        from sop.importer.draft import NotAnSop

        raise NotAnSop(f"SOP {draft.index}: tabel bagan alir berisi {len(sop.steps)} kegiatan; "
                       "SOP memerlukan sedikitnya dua")
    try:
        model = _validated(sop)
        _layout(sop, model, reg)
    except ValidationError as exc:  # a reader bug or an odd value: say which, keep going
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise NotAnSop(f"SOP {draft.index}: hasil impor tidak sah ({where}: {first['msg']})") \
            from None
    path = target_dir / f"{sop.data['id']}.yaml"
    text = _render(draft, sop, os.path.relpath(SCHEMA_FILE, target_dir), today)
    steps = sop.data["steps"]
    doubts = [Doubt(k, m) for k, ms in sop.doubts.items() for m in ms]
    doubts += [Doubt(f"steps[{s.no}]" + (f".{k}" if k else ""), m)
               for s in sop.steps for k, ms in s.doubts.items() for m in ms]
    doubts = [Doubt("", m) for m in draft.doubts + draft.chart.doubts] + doubts
    return Emitted(
        sop_id=path.stem, text=text, doubts=doubts, steps=len(steps),
        decisions=sum(1 for s in steps if s.get("cabang")),
        actors=list(sop.data["pelaksana"]),
        new_actors=[d.message for d in doubts if d.where == "pelaksana"],
    )


def _render(draft: DraftSop, sop: _Sop, schema_ref: str, today: dt.date) -> str:
    w = Writer()
    w.lines.append(f"# yaml-language-server: $schema={schema_ref}")
    w.comment(0, f"Diimpor dengan `sop import` dari {draft.source} (SOP {draft.index}) pada "
              f"{today.isoformat()}. Draf: periksa setiap komentar 'periksa:', bandingkan "
              "dengan dokumen asli, hapus komentarnya, lalu jalankan `sop check`.")
    w.doubts(0, draft.doubts + draft.chart.doubts)
    data, doubts = sop.data, sop.doubts
    for key, value in data.items():
        if key == "steps":
            continue
        w.doubts(0, doubts.get(key, []))
        _write_value(w, 0, key, value)
    w.lines.append("steps:")
    for step, raw in zip(sop.steps, data["steps"], strict=True):
        _write_step(w, step, raw)
    return "\n".join(w.lines) + "\n"


def _write_value(w: Writer, level: int, key: str, value: Any) -> None:
    pad = "  " * level
    if isinstance(value, dict):
        if not value:
            w.lines.append(f"{pad}{key}: {{}}")
            return
        w.lines.append(f"{pad}{key}:")
        for k, v in value.items():
            _write_value(w, level + 1, k, v)
    elif isinstance(value, list):
        if not value:
            w.lines.append(f"{pad}{key}: []")
            return
        w.lines.append(f"{pad}{key}:")
        for item in value:
            _write_item(w, level + 1, item)
    else:
        w.key(level, key, value)


def _write_item(w: Writer, level: int, item: Any) -> None:
    """One list entry: text, a short mapping on one line, or a mapping in block form."""
    pad = "  " * level
    if not isinstance(item, dict):
        w.item(level, item)
        return
    flow = _flow_map(item)
    if flow is not None and len(pad) + len(flow) + 2 <= WIDTH:
        w.lines.append(f"{pad}- {flow}")
        return
    for i, (k, v) in enumerate(item.items()):
        sub = Writer()
        _write_value(sub, level + 1, k, v)
        if i == 0:
            sub.lines[0] = f"{pad}- {sub.lines[0].lstrip()}"
        w.lines.extend(sub.lines)


def _flow_map(item: dict[str, Any]) -> str | None:
    if any(isinstance(v, dict | list) for v in item.values()):
        return None
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in item.items()) + "}"


def _write_step(w: Writer, step: DraftStep, raw: dict[str, Any]) -> None:
    w.doubts(1, step.doubts.get("", []) + step.doubts.get("no", []))
    if step.kind:
        inside = f" bertuliskan '{step.symbol_text}'" if step.symbol_text and (
            "teks_simbol" not in raw) else ""  # else the text is data: teks_simbol
        w.comment(1, f"simbol: {KIND_WORDS.get(step.kind, step.kind)}{inside}")
    first = True
    for key, value in raw.items():
        if key != "no":
            w.doubts(2, step.doubts.get(key, []))
        if key == "waktu":
            until = f", sampai: {value['sampai']}" if "sampai" in value else ""
            w.lines.append(f"    waktu: {{nilai: {scalar(value['nilai'])}, "
                           f"unit: {value['unit']}{until}}}")
        elif key == "cabang":
            w.lines.append("    cabang:")
            for b in value:
                target = f"ke: {b['ke']}" if "ke" in b else "selesai: true"
                w.lines.append(f"      - {{label: {scalar(b['label'])}, {target}}}")
        elif isinstance(value, list):
            _write_value(w, 2, key, value) if key != "pelaksana" else w.lines.append(
                f"    pelaksana: [{', '.join(value)}]")
        else:
            w.key(2 if not first else 1, key, value, lead="- " if first else "")
        first = False
    for key in ("pelaksana", "waktu", "cabang"):
        if key not in raw:
            w.doubts(2, step.doubts.get(key, []))
