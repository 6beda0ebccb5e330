"""Reading the words of an SOP document: labels, lists, dates, times, signers and regulations.

Pure functions on text, shared by the Word and PDF readers. Each returns None (or an empty
value) when the text does not say clearly what it means: the caller records the doubt.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from sop.model import NOT_STATED
from sop.text import BULAN

IDENTITY_LABELS: dict[str, str] = {
    "nomor sop": "nomor",
    "no sop": "nomor",
    "tanggal pembuatan": "pembuatan",
    "tgl pembuatan": "pembuatan",
    "tanggal revisi": "revisi",
    "tgl revisi": "revisi",
    "tanggal efektif": "efektif",
    "tgl efektif": "efektif",
    "disahkan oleh": "pengesahan",
    "nama sop": "judul",
    "judul sop": "judul",
}
"""Identity-sheet labels (normalised by `label_key`) and the field each names."""

SECTION_LABELS: dict[str, str] = {
    "dasar hukum": "dasar_hukum",
    "kualifikasi pelaksana": "kualifikasi",
    "keterkaitan": "keterkaitan",
    "peralatan perlengkapan": "peralatan",
    "peralatan": "peralatan",
    "peringatan": "peringatan",
    "pencatatan dan pendataan": "pencatatan",
    "pencatatan": "pencatatan",
}
"""The six lower sections of the identity sheet and their model keys."""

_BULLET = re.compile(r"^\s*(?:[-•●▪◦*·]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Whitespace collapsed, ends stripped."""
    return _SPACE.sub(" ", text).strip()


def unmarked(text: str) -> str:
    """A printed value, cleaned, without the * that marks it unconfirmed ('869/2022-L4 *'); the
    note that lists what is unconfirmed is read on its own (sections.unsure_note)."""
    return re.sub(r"\s*\*$", "", clean(text))


def label_key(text: str) -> str:
    """A label as compared: lower case, letters and digits only, single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return clean(re.sub(r"[^0-9a-z]+", " ", text))


def slug(text: str, limit: int = 48) -> str:
    """An id made from text: 'Kepala Biro AUPK' -> 'kepala-biro-aupk'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit and out:
            break
        out = f"{out}-{word}" if out else word
    return out or "impor"


def is_bulleted(line: str) -> bool:
    return bool(_BULLET.match(line))


def strip_bullet(line: str) -> str:
    return clean(_BULLET.sub("", line, count=1))


def items(lines: list[str]) -> list[str]:
    """List items from the lines of a cell: a bullet or number starts an item and the lines
    after it continue it; without any bullet, each paragraph is one item."""
    lines = [clean(line) for line in lines if clean(line)]
    if not any(is_bulleted(line) for line in lines):
        return lines
    out: list[str] = []
    for line in lines:
        if is_bulleted(line) or not out:
            out.append(strip_bullet(line))
        else:
            out[-1] = f"{out[-1]} {line}"
    return [item for item in out if item]


_HYPHENATED = re.compile(r"([^\W\d_]+)-$")


def join_wrapped(lines: list[str]) -> str:
    """The lines of a wrapped label or heading as one text: a line ending in a syllable
    hyphen ('Mahasis-' above 'wa', 'Tidak le-' above 'ngkap') is joined to the next without
    the hyphen; other lines with a space. A hyphen stays where the next line starts with a
    capital or a digit, or repeats the word ('kupu-' above 'kupu': a reduplication)."""
    out = ""
    for line in (clean(line) for line in lines):
        if not line:
            continue
        found = _HYPHENATED.search(out)
        first = line.split(" ")[0]
        if found and first[:1].islower() and first.rstrip(",.;:").casefold() != \
                found.group(1).casefold():
            out = out[:-1] + line
        elif found:
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out


def joined_items(lines: list[str]) -> list[str]:
    """As `items`, but lines without bullets are one item (a wrapped PDF cell)."""
    lines = [clean(line) for line in lines if clean(line)]
    if not lines:
        return []
    if not any(is_bulleted(line) for line in lines):
        return [" ".join(lines)]
    return items(lines)


_MONTHS = {name.lower(): i for i, name in enumerate(BULAN, start=1)}
_MONTHS.update({name.lower()[:3]: i for i, name in enumerate(BULAN, start=1)})
_MONTHS.update({"agu": 8, "agt": 8, "nop": 11, "pebruari": 2, "nopember": 11})


def parse_date(text: str) -> dt.date | None:
    """'22 Agustus 2022', '22-08-2022', '22/8/2022' or '2022-08-22' -> a date; else None."""
    text = clean(text).lower()
    try:
        m = re.search(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", text)
        if m and m.group(2) in _MONTHS:
            return dt.date(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
        m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.search(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return None


_UNITS = (
    (r"hari\s*kerja|hk", "hari kerja"),
    (r"menit|mnt|min", "menit"),
    (r"jam", "jam"),
    (r"hari|hr", "hari"),
    (r"minggu|pekan", "minggu"),
    (r"bulan|bln", "bulan"),
)


def parse_waktu(text: str) -> tuple[float, str] | None:
    """'15 menit' -> (15, 'menit'), '1,5 hari kerja' -> (1.5, 'hari kerja'); else None
    (a bare number, 'Triwulanan', a range)."""
    text = clean(text).lower()
    for pattern, unit in _UNITS:
        m = re.fullmatch(rf"(\d+(?:[.,]\d+)?)\s*(?:{pattern})\.?", text)
        if m:
            value = float(m.group(1).replace(",", "."))
            return (value, unit) if value > 0 else None
    return None


_NUMBER = re.compile(r"\b(NIP|NIDN|NIY|NIK|Nip)\b\.?\s*:?\s*([\d ]*\d|[-–—]|(?=$))")
NOT_STATED_MARKS = ("", "-", "–", "—")


@dataclass
class SignerText:
    """A signature block as read: position, name, staff numbers (by kind) and place.

    A value the document leaves blank or marks '–' is NOT_STATED; one it does not have at all
    is ''."""

    jabatan: str = ""
    nama: str = ""
    numbers: dict[str, str] = field(default_factory=dict)  # nip/nidn/niy/nik -> digits
    tempat: str = ""


def parse_signer(lines: list[str], places: set[str] | frozenset[str] = frozenset()) -> SignerText:
    """A signature block's lines -> SignerText.

    A first line that is a known place (or 'Place, date') is the place; the last name-like line
    is the name and the lines before it the position (a position may wrap over two lines). A
    staff number may sit on its own line or inside the name line; 'NIP. –' says the document
    leaves it blank. A line that is only '–' keeps its place as a value not stated."""
    out = SignerText()
    rest: list[str] = []
    for raw in lines:
        line = unmarked(raw)
        while m := _NUMBER.search(line):
            value = re.sub(r"\s", "", m.group(2) or "")
            out.numbers[m.group(1).lower()] = NOT_STATED if value in NOT_STATED_MARKS else value
            line = clean(line[: m.start()] + line[m.end():]).strip(",; ")
        if line in ("-", "–", "—"):
            rest.append(NOT_STATED)
        elif line and not re.fullmatch(r"[\W_]*(ttd|ttd\.|cap|\(ttd\))?[\W_]*", line, re.I):
            rest.append(line)
    if rest and len(rest) > 1 and _is_place(rest[0], places):
        out.tempat = rest.pop(0).split(",")[0].strip()
    if rest:
        out.jabatan = " ".join(rest[:-1]) if len(rest) > 1 else rest[0]
        out.nama = rest[-1] if len(rest) > 1 else ""
    return out


def _is_place(line: str, places: set[str] | frozenset[str]) -> bool:
    if line == NOT_STATED:
        return False
    if label_key(line) in {label_key(p) for p in places if p}:
        return True
    return bool(re.fullmatch(r"[A-Z][\w .'-]{1,40},\s*\d{1,2}\s+\w+\s+\d{4}", line))


_REGULATION_KINDS = (
    ("undang-undang", "Undang-Undang", "uu"),
    ("peraturan pemerintah", "Peraturan Pemerintah", "pp"),
    ("peraturan presiden", "Peraturan Presiden", "perpres"),
    ("keputusan presiden", "Keputusan Presiden", "keppres"),
    ("peraturan menteri", "Peraturan Menteri", "permen"),
    ("keputusan menteri", "Keputusan Menteri", "kepmen"),
    ("peraturan", "Peraturan", "peraturan"),
    ("keputusan", "Keputusan", "keputusan"),
    ("pedoman", "Pedoman", "pedoman"),
    ("statuta", "Statuta", "statuta"),
)


def parse_regulation(text: str) -> dict[str, object] | None:
    """'Peraturan Menteri PANRB Nomor 35 Tahun 2012 tentang …' -> the catalogue fields
    (jenis, penerbit, nomor, tahun, tentang, id); None without a kind and a year."""
    text = clean(text).rstrip(";.")
    low = text.lower()
    kind = next((k for k in _REGULATION_KINDS if low.startswith(k[0])), None)
    year = re.search(r"\btahun\s+(\d{4})\b", low) or re.search(r"\b(19[4-9]\d|20\d\d)\b", low)
    if kind is None or year is None or not 1945 <= int(year.group(1)) <= 2100:
        return None
    number = re.search(r"\bnomor\s+([\w./-]+)", text, re.IGNORECASE)
    about = re.search(r"\btentang\s+(.+)$", text, re.IGNORECASE)
    penerbit = clean(text[len(kind[0]): number.start()] if number else "")
    nomor = number.group(1) if number else None
    tahun = int(year.group(1))
    ident = slug(f"{kind[2]}-{nomor or ''}-{tahun}")
    return {
        "id": ident,
        "jenis": kind[1],
        "penerbit": penerbit or None,
        "nomor": nomor,
        "tahun": tahun,
        "tentang": clean(about.group(1)) if about else text,
    }


def step_number(text: str) -> int | None:
    """The number of a step row ('3', '3.', '(3)'), else None."""
    m = re.fullmatch(r"\(?(\d{1,3})[.)]?", clean(text))
    return int(m.group(1)) if m else None
