"""The identity sheet, read from its table cells (Word or PDF alike).

A reader hands over the table as rows of distinct cells, each cell as its paragraphs. Labels
such as 'NOMOR SOP' are followed by their value cell; a cell opening with 'DASAR HUKUM:' holds
that section's list; the left cell merged down the rows names the institution and the unit.
"""

from __future__ import annotations

import re

from sop.importer.draft import DraftSignature, Identity
from sop.importer.sections import role_line
from sop.importer.text import IDENTITY_LABELS, SECTION_LABELS, clean, items, label_key, unmarked

Cell = list[str]
EMPTY = ("-", "–", "—")  # an identity section the document leaves empty
UNIT_WORDS = re.compile(
    r"\b(biro|bidang|fakultas|bagian|lembaga|unit|program studi|prodi|pusat|upt|subbagian|"
    r"direktorat|jurusan|satuan|kantor|sekretariat|pascasarjana|perpustakaan)\b",
    re.IGNORECASE,
)
KIND_NAMES = (r"standar operasional prosedur|prosedur operasional standar|manual prosedur|"
              r"instruksi kerja|prosedur mutu|prosedur kerja|pedoman layanan|standar pelayanan|"
              r"manual mutu")
DOCUMENT_KINDS = re.compile(rf"({KIND_NAMES})\b", re.IGNORECASE)
"""Document-kind captions printed in the identity sheet's institution cell."""
ADDRESS = re.compile(r"(jl\b|jln\b|jalan\b|telp|telepon|tlp|fax|faks|surel|e-?mail|website|"
                     r"laman|http|www\.|kode pos)", re.IGNORECASE)
INSTITUTION_WORDS = re.compile(
    r"\b(universitas|institut|sekolah tinggi|politeknik|akademi)\b", re.IGNORECASE
)


def section_of(first_line: str) -> tuple[str | None, str]:
    """('dasar_hukum', rest) when a cell opens with a section label, else (None, line)."""
    head, _, rest = first_line.partition(":")
    key = SECTION_LABELS.get(label_key(head))
    return (key, unmarked(rest)) if key else (None, first_line)


def is_identity(rows: list[list[Cell]]) -> bool:
    """A table is an identity sheet when it has at least two identity labels."""
    keys = {label_key(" ".join(cell)) for row in rows for cell in row}
    return sum(1 for k in keys if k in IDENTITY_LABELS) >= 2


def parse_identity(rows: list[list[Cell]]) -> Identity:
    ident = Identity()
    used: set[int] = set()
    for row in rows:
        for i, cell in enumerate(row):
            if _grid_signature(ident, row, i):
                used.update((id(cell), id(row[i + 1])))
                continue
            key = IDENTITY_LABELS.get(label_key(" ".join(cell)))
            if key:
                ident.labels.add(key)
            if key and i + 1 < len(row) and id(row[i + 1]) not in used:
                value = row[i + 1]
                used.add(id(value))
                used.add(id(cell))
                _set(ident, key, value)
            elif key:
                used.add(id(cell))
    for row in rows:
        for cell in row:
            if id(cell) in used or not cell:
                continue
            section, rest = section_of(cell[0])
            if section:
                used.add(id(cell))
                ident.sections[section] = [
                    i for i in items(([rest] if rest else []) + cell[1:]) if i not in EMPTY]
    left = next((cell for row in rows for cell in row if id(cell) not in used and cell), [])
    _institution(ident, left)
    return ident


def _grid_signature(ident: Identity, row: list[Cell], i: int) -> bool:
    """A 'DIPERIKSA OLEH' row of the grid (a format that signs inside the identity table): its
    value cell is a signature block."""
    found = role_line(" ".join(row[i])) if row[i] and i + 1 < len(row) else None
    if not found or found[0] == "disahkan" or found[1]:
        return False
    ident.signatures.append(DraftSignature(found[0], [clean(x) for x in row[i + 1] if clean(x)]))
    return True


def _set(ident: Identity, key: str, value: Cell) -> None:
    if key == "pengesahan":
        ident.pengesahan = [clean(line) for line in value if clean(line)]
    else:
        setattr(ident, key, unmarked(" ".join(value)))


def _institution(ident: Identity, lines: Cell) -> None:
    """The left cell: ministry, institution and unit lines (a wrapped name continues on the
    next line until a line opens with another kind of name)."""
    for line in (unmarked(x) for x in _names(lines)):
        if not line or line.lower().startswith("kementerian") or ADDRESS.match(line):
            continue
        if DOCUMENT_KINDS.fullmatch(line):
            ident.jenis = line
            continue
        if INSTITUTION_WORDS.search(line) and not ident.institusi:
            ident.institusi = line
        elif UNIT_WORDS.search(line):
            ident.unit = line


def _names(lines: Cell) -> list[str]:
    out: list[str] = []
    for line in (clean(x) for x in lines):
        opens = re.match(rf"(kementerian|standar operasional|{KIND_NAMES}|"
                         rf"{UNIT_WORDS.pattern[3:-3]}|{INSTITUTION_WORDS.pattern[3:-3]})\b",
                         line, re.IGNORECASE) or ADDRESS.match(line)
        if out and not opens:
            out[-1] = f"{out[-1]} {line}"
        elif line:
            out.append(line)
    return out
