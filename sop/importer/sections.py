"""Headed sections, signature blocks and the e-signature statement of an SOP document.

The readers (word.py, pdf.py) hand over lines of text; this module says which line is a section
heading ('A. TUJUAN', '5. Prosedur', 'Berkas Persyaratan …'), which lines are a signature block
('Disusun oleh,' …), and turns a section's lines into the model's values: lists, paragraphs,
definitions, nested requirement lists, or the blocks of a free section. Pure functions on text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sop import text as printed
from sop.importer.draft import DraftPart
from sop.importer.text import clean, is_bulleted, label_key, strip_bullet

#: Section titles (as `label_key` gives them) and the model key each names.
KINDS: dict[str, str] = {
    "tujuan": "tujuan",
    "maksud dan tujuan": "tujuan",
    "ruang lingkup": "ruang_lingkup",
    "unit terkait": "unit_terkait",
    "unit yang terkait": "unit_terkait",
    "definisi": "definisi",
    "definisi istilah": "definisi",
    "istilah dan definisi": "definisi",
    "pengertian": "definisi",
    "pihak terkait": "pihak_terkait",
    "pihak yang terkait": "pihak_terkait",
    "referensi": "referensi",
    "acuan": "referensi",
    "dokumen referensi": "referensi",
    "standar mutu terkait": "standar_mutu_terkait",
    "kebijakan": "kebijakan",
    "deskripsi singkat sop": "deskripsi",
    "deskripsi singkat": "deskripsi",
    "deskripsi": "deskripsi",
    "penjelasan alur sop": "penjelasan_alur",
    "penjelasan alur": "penjelasan_alur",
    "tahapan dan mekanisme": "penjelasan_alur",
    "uraian prosedur": "penjelasan_alur",
    "berkas persyaratan": "persyaratan",
    "persyaratan": "persyaratan",
}
#: Titles that name a kind by their start ('Ruang Lingkup dan Unit yang Terkait').
PREFIXES = (("ruang lingkup", "ruang_lingkup"), ("berkas persyaratan", "persyaratan"),
            ("penjelasan alur", "penjelasan_alur"), ("deskripsi singkat", "deskripsi"))
#: What the project prints above a flowchart when the source gives it no title of its own.
FLOW_TITLES = {"bagian flowchart", "flowchart", "bagan alir"}

_LABEL = re.compile(r"^(?:BAB\s+)?([A-Z]|[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*)[.)](?=\s|$)\s*")
SMALL_WORDS = {"dan", "yang", "di", "ke", "dari", "atau", "untuk", "serta", "dengan", "pada",
               "sop", "dalam", "oleh"}


@dataclass(frozen=True)
class Heading:
    label: str  # 'A', '5', '' when unnumbered
    title: str  # as written, without the label ('' for a heading that is a label alone)
    kind: str | None  # model key, or None for a free section


def kind_of(title: str) -> str | None:
    key = label_key(title)
    if key in KINDS:
        return KINDS[key]
    return next((kind for prefix, kind in PREFIXES if key.startswith(prefix + " ")), None)


def heading(text: str, bold: bool) -> Heading | None:
    """The heading a line is, or None. A title the model knows is a heading written alone on
    its line (with or without a letter or number); any other title is one only when it is
    bold, short and lettered or numbered ('6. Catatan Mutu', 'G.')."""
    text = clean(text)
    if not text or len(text) > 120:
        return None
    m = _LABEL.match(text)
    label = m.group(1) if m else ""
    title = clean(text[m.end():] if m else text).rstrip(":").strip()
    kind = KINDS.get(label_key(title))
    if kind is None and bold and len(title.split()) <= 16:
        kind = kind_of(title)
    if kind:
        return Heading(label, title, kind)
    if label and bold and len(title.split()) <= 8 and not title.endswith((".", ";", ",")):
        return Heading(label, title, None)
    return None


def nice_title(title: str) -> str:
    """A title printed in capitals ('DURASI WAKTU KEGIATAN') as words ('Durasi Waktu
    Kegiatan'); a title in mixed case is kept as written."""
    if not title.isupper():
        return title
    words = title.lower().split()
    return " ".join(w if i and w in SMALL_WORDS else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


# ---------------------------------------------------------------------------- signatures

ROLES = {"dibuat": "dibuat", "disusun": "disusun", "diperiksa": "diperiksa",
         "dikaji ulang": "dikaji ulang", "diketahui": "diketahui", "disetujui": "disetujui",
         "disahkan": "disahkan", "ditetapkan": "disahkan"}
_ROLE = re.compile(r"^(dibuat|disusun|diperiksa|dikaji\s+ulang|diketahui|disetujui|disahkan|"
                   r"ditetapkan)\s+oleh\b\s*[,:]?\s*(.*)$", re.IGNORECASE)


def role_line(text: str) -> tuple[str, str] | None:
    """('disusun', rest of the line) for 'Disusun oleh, LPM'; None for any other line."""
    m = _ROLE.match(clean(text))
    if not m:
        return None
    return ROLES[" ".join(m.group(1).lower().split())], clean(m.group(2))


_TTE = re.compile(r"(secara elektronik|bsre|sertifikat elektronik|tanda tangan elektronik|"
                  r"balai sertifikasi elektronik)", re.IGNORECASE)


def is_tte(text: str) -> bool:
    """An electronic-signature statement (a BSrE footnote and the like)."""
    return bool(_TTE.search(text)) and len(text) > 30


# ---------------------------------------------------------------------------- content


def nested(lines: list[str]) -> list[Any]:
    """A list with sub-items: the first kind of marker (1., a., -) makes the entries, another
    kind below an entry its `rincian`; an unmarked line continues the entry above it."""
    out: list[Any] = []
    top: str | None = None
    for raw in lines:
        line = clean(raw)
        if not line:
            continue
        marker = _marker(line) if is_bulleted(line) else None
        text = strip_bullet(line) if marker else line
        if marker is None:
            if not out:
                out.append(text)
                continue
            last = out[-1]
            if isinstance(last, dict) and last["rincian"]:
                last["rincian"][-1] = f"{last['rincian'][-1]} {text}"
            elif isinstance(last, dict):
                last["teks"] = f"{last['teks']} {text}"
            else:
                out[-1] = f"{last} {text}"
            continue
        top = top or marker
        if marker == top or not out:
            out.append(text)
        else:
            last = out[-1]
            if isinstance(last, str):
                out[-1] = last = {"teks": last, "rincian": []}
            last["rincian"].append(text)
    return out


def _marker(line: str) -> str:
    head = line.lstrip("( ")[:1]
    if head.isdigit():
        return "angka"
    if head.isalpha():
        return "huruf"
    return "poin"


def flat(lines: list[str]) -> list[str]:
    """List items, sub-items joined into their entry."""
    out = []
    for entry in nested(lines):
        if isinstance(entry, dict):
            out.append(f"{entry['teks']} {'; '.join(entry['rincian'])}")
        else:
            out.append(entry)
    return out


def split_paragraphs(lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines before the first list marker (paragraph text) and the list from there on."""
    for i, line in enumerate(lines):
        if is_bulleted(clean(line)):
            return [clean(x) for x in lines[:i] if clean(x)], lines[i:]
    return [clean(x) for x in lines if clean(x)], []


_DEF = re.compile(r"^(.{1,80}?)\s*(?::|\badalah\b|\bialah\b|\byaitu\b|=|–|—)\s*(.+)$")


def definitions(lines: list[str]) -> list[dict[str, str]] | None:
    """'Istilah: arti' (or 'istilah adalah arti') lines; None when one does not read so."""
    out = []
    listed = any(is_bulleted(clean(line)) for line in lines)
    for entry in flat(lines) if listed else [clean(x) for x in lines if clean(x)]:
        m = _DEF.match(entry)
        if not m or not clean(m.group(1)) or not clean(m.group(2)):
            return None
        out.append({"istilah": clean(m.group(1)), "arti": clean(m.group(2))})
    return out or None


def blocks(lines: list[str]) -> list[Any]:
    """The content of a free section: paragraphs, and lists (with their numbering style)."""
    out: list[Any] = []
    run: list[str] = []

    def close() -> None:
        if run:
            entries = nested(run)
            style = _marker(clean(run[0]))
            out.append({"daftar": entries, "gaya": style} if style != "angka" else
                       {"daftar": entries})
            run.clear()

    for raw in lines:
        line = clean(raw)
        if not line or line in ("-", "–"):
            continue
        if is_bulleted(line) or run:
            run.append(line)
        else:
            out.append(line)
    close()
    return out


def placement(part: DraftPart) -> dict[str, Any]:
    """The `susunan` entry of a part (titles in capitals made readable)."""
    entry: dict[str, Any] = {}
    if part.kind is not None:
        entry["bagian"] = part.kind
    if part.label:
        entry["label"] = part.label
    if part.title:
        entry["judul"] = nice_title(part.title)
    if part.kind is None:
        entry["isi"] = blocks(part.lines)
    return entry


# ---------------------------------------------------------------------------- unconfirmed facts

_NOTE = re.compile(r"^\*\s*Tidak dinyatakan tegas oleh dokumen sumber dan belum dikonfirmasi "
                   r"pemiliknya:\s*(.*?)\.?$")
_STEP_FACTS = re.compile(r"^(.+?) langkah (.+)$")
#: The legend that a flowchart sheet's heading adds after its title, and that follows a
#: signature row with a starred signer.
FLOW_NOTE = re.compile(r"\s*" + re.escape(printed.UNSURE_LEGEND) + r"\s*$")


def is_unsure_note(line: str) -> bool:
    """The first line of the note that explains the * marks (sop/text.py belum_pasti)."""
    return line.startswith("* Tidak dinyatakan tegas")


def unsure_note(note: str) -> tuple[list[str], dict[str, list[str]]]:
    """The SOP's fields and each step's facts (by printed step number) that the note lists."""
    m = _NOTE.match(clean(note))
    if not m:
        return [], {}
    fields = {name: key for key, name in printed.UNCONFIRMED_FIELDS.items()}
    facts = {name: key for key, name in printed.UNCONFIRMED.items()}
    own: list[str] = []
    steps: dict[str, list[str]] = {}
    for item in m.group(1).split("; "):
        found = _STEP_FACTS.match(item)
        if item in fields:
            own.append(fields[item])
        elif found and found.group(1) in facts:
            for label in found.group(2).split(", "):
                steps.setdefault(label, []).append(facts[found.group(1)])
    return own, steps

