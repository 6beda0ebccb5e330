"""Write a draft SOP as a YAML data file, with a '# periksa: …' comment at every doubt.

The file must pass `sop check` as a draft: required values the document lacks get a placeholder
marked PERIKSA (and a comment), and the result is validated against the model before it is
written; a flow that does not validate is replaced by plain row order, with a doubt.
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

from sop import graph
from sop.ids import check_nidn, check_nip
from sop.importer.draft import DraftSop
from sop.importer.flow import KIND_WORDS, DraftStep, build_steps
from sop.importer.registry import Registry
from sop.importer.text import clean, parse_date, parse_signer, slug
from sop.model import Sop

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "sop.schema.json"
WIDTH = 96
LIST_SECTIONS = ("kualifikasi", "peralatan", "peringatan", "pencatatan", "tujuan", "referensi",
                 "standar_mutu_terkait", "penjelasan_alur")


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
            text == value
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
        if len(pad) + len(text) + 2 > WIDTH and text == value:
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


def _identity(draft: DraftSop, reg: Registry, today: dt.date) -> _Sop:
    ident = draft.identity
    data: dict[str, Any] = {}
    doubts: dict[str, list[str]] = {}

    def doubt(key: str, message: str) -> None:
        doubts.setdefault(key, []).append(message)

    judul = clean(ident.judul)
    if judul.isupper():
        judul = judul.capitalize()
        doubt("judul", "judul di dokumen ditulis huruf kapital semua; periksa penulisannya")
    if not judul:
        judul = f"PERIKSA: judul SOP {draft.index} dari {draft.source}"
        doubt("judul", "nama SOP tidak ditemukan di dokumen")
    sop_id = reg.unique(slug(judul if ident.judul else f"impor-{Path(draft.source).stem}"),
                        reg.taken_ids)
    reg.taken_ids.add(sop_id)
    data["id"] = sop_id
    nomor = clean(ident.nomor)
    if not nomor:
        nomor = f"PERIKSA-{sop_id}"
        doubt("nomor", "nomor SOP tidak ditemukan di dokumen; isikan nomornya")
    elif nomor in reg.sop_numbers:
        other = reg.sop_numbers[nomor]
        doubt("nomor", f"nomor '{nomor}' sudah dipakai SOP '{other}'; ditandai agar tidak "
              "bentrok")
        nomor = f"{nomor} (PERIKSA: sama dengan {other})"
    reg.sop_numbers[nomor] = sop_id
    data["nomor"] = nomor
    data["judul"] = judul
    data["unit"] = _unit(draft, reg, doubt)
    data["versi"] = 1
    data["status"] = "draft"
    data["tanggal"] = _dates(ident.pembuatan, ident.revisi, ident.efektif, today, doubt)
    data["pengesahan"] = _signer(ident.pengesahan, doubt)
    return _Sop(data, doubts, [], [])


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


def _dates(made: str, revised: str, effective: str, today: dt.date, doubt: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, text in (("pembuatan", made), ("revisi", revised), ("efektif", effective)):
        shown = clean(text)
        value = parse_date(shown)
        if value is not None:
            out[key] = value
        elif shown and shown not in ("-", "–"):
            doubt("tanggal", f"tanggal {key} '{shown}' tidak terbaca sebagai tanggal")
    if "pembuatan" not in out:
        out = {"pembuatan": today, **out}
        doubt("tanggal", f"tanggal pembuatan tidak ada di dokumen: PENGGANTI diisi tanggal impor "
              f"{today.isoformat()}; ganti dengan tanggal sebenarnya")
    return out


def _signer(lines: list[str], doubt: Any) -> dict[str, Any]:
    jabatan, nama, nip, nidn = parse_signer(lines)
    out: dict[str, Any] = {"jabatan": jabatan or "PERIKSA: jabatan pengesah",
                           "nama": nama or "PERIKSA: nama pengesah"}
    if not jabatan or not nama:
        doubt("pengesahan", "jabatan atau nama pengesah tidak ditemukan di kolom Disahkan oleh")
    for key, value, check in (("nip", nip, check_nip), ("nidn", nidn, check_nidn)):
        if not value:
            continue
        try:
            check(value)
            out[key] = value
        except ValueError:
            doubt("pengesahan", f"{key.upper()} '{value}' tidak sah; tidak disalin")
    return out


def _sections(draft: DraftSop, reg: Registry, sop: _Sop) -> None:
    sections = draft.identity.sections | draft.texts
    data, doubts = sop.data, sop.doubts
    laws: list[str] = []
    for text in sections.get("dasar_hukum", []):
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
    related = sections.get("keterkaitan", [])
    if related:
        data["keterkaitan"] = {"lain": related}
        doubts.setdefault("keterkaitan", []).append(
            "keterkaitan disalin sebagai teks (lain); ganti dengan id SOP bila SOP-nya ada")
    for key in LIST_SECTIONS:
        if sections.get(key):
            data[key] = sections[key]
    for key in ("deskripsi", "ruang_lingkup"):
        if sections.get(key):
            data[key] = " ".join(sections[key])


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


def _step_dict(step: DraftStep, ids: list[str]) -> dict[str, Any]:
    actors = list(dict.fromkeys(ids[c] for c in step.actors if c < len(ids)))
    out: dict[str, Any] = {"no": step.no, "kegiatan": step.kegiatan,
                           "pelaksana": actors[0] if len(actors) == 1 else actors}
    if step.kelengkapan:
        out["kelengkapan"] = step.kelengkapan
    if step.waktu:
        out["waktu"] = {"nilai": step.waktu[0], "unit": step.waktu[1]}
    for key in ("output", "keterangan"):
        if getattr(step, key):
            out[key] = getattr(step, key)
    if step.ke is not None:
        out["ke"] = step.ke
    if step.cabang:
        out["cabang"] = [{"label": label, "ke": ke} for label, ke in step.cabang]
    if step.selesai:
        out["selesai"] = True
    return out


def _flow_problem(model: Sop) -> str | None:
    """Why the flow would fail `sop check`, or None (the same rules as sop/validate.py)."""
    numbers = {s.no for s in model.steps}
    for step in model.steps:
        labels = [b.label.casefold() for b in step.cabang]
        if len(set(labels)) != len(labels):
            return f"label cabang ganda di langkah {step.no}"
        if any(b.ke not in numbers or b.ke == step.no for b in step.cabang):
            return f"cabang langkah {step.no} menuju langkah yang tidak ada"
    ends = graph.end_steps(model)
    if not ends:
        return "alur tidak pernah berakhir"
    start = model.steps[0].no
    reach = graph.reachable(model, start)
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
            taken = ", ".join(f"{lab} → {ke}" for lab, ke in step.cabang) or (
                f"ke {step.ke}" if step.ke else "selesai")
            step.doubt("", f"alur yang terbaca ({taken}) dihapus karena {problem}; "
                       "susun ulang cabang/ke")
        step.ke, step.cabang, step.selesai = None, [], False
    sop.data["steps"] = [_step_dict(s, sop.actor_names) for s in sop.steps]
    return Sop.model_validate(sop.data)


# ---------------------------------------------------------------------------- writing


def emit(draft: DraftSop, reg: Registry, target_dir: Path, today: dt.date) -> Emitted:
    """The YAML text of one draft SOP (validated), with its doubts."""
    sop = _identity(draft, reg, today)
    _sections(draft, reg, sop)
    _flow(draft, reg, sop)
    if len(sop.steps) < 2:
        from sop.importer.draft import NotAnSop

        raise NotAnSop(f"SOP {draft.index}: tabel bagan alir berisi {len(sop.steps)} kegiatan; "
                       "SOP memerlukan sedikitnya dua")
    try:
        _validated(sop)
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
        w.lines.append(f"{pad}{key}:")
        for k, v in value.items():
            _write_value(w, level + 1, k, v)
    elif isinstance(value, list):
        if not value:
            w.lines.append(f"{pad}{key}: []")
            return
        w.lines.append(f"{pad}{key}:")
        for item in value:
            w.item(level + 1, item)
    else:
        w.key(level, key, value)


def _write_step(w: Writer, step: DraftStep, raw: dict[str, Any]) -> None:
    w.doubts(1, step.doubts.get("", []) + step.doubts.get("no", []))
    if step.kind:
        inside = f" bertuliskan '{step.symbol_text}'" if step.symbol_text else ""
        w.comment(1, f"simbol: {KIND_WORDS.get(step.kind, step.kind)}{inside}")
    first = True
    for key, value in raw.items():
        if key != "no":
            w.doubts(2, step.doubts.get(key, []))
        if key == "waktu":
            w.lines.append(f"    waktu: {{nilai: {scalar(value['nilai'])}, unit: {value['unit']}}}")
        elif key == "cabang":
            w.lines.append("    cabang:")
            for b in value:
                w.lines.append(f"      - {{label: {scalar(b['label'])}, ke: {b['ke']}}}")
        elif isinstance(value, list):
            _write_value(w, 2, key, value) if key != "pelaksana" else w.lines.append(
                f"    pelaksana: [{', '.join(value)}]")
        else:
            w.key(2 if not first else 1, key, value, lead="- " if first else "")
        first = False
    for key in ("pelaksana", "waktu", "cabang"):
        if key not in raw:
            w.doubts(2, step.doubts.get(key, []))
