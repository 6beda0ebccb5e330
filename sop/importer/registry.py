"""The data set's registries as the importer sees them: actors, units, regulations, SOP ids.

Names read from a document are matched exactly (after normalising case and punctuation) to the
registered actors, units and regulations; anything unknown becomes a proposal, appended to
institusi.yaml or dasar_hukum.yaml under a comment saying it was proposed by the import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sop import yamlio
from sop.dataset import INSTITUTION_FILE, REGULATIONS_FILE, SOP_DIR
from sop.errors import SopError
from sop.importer.text import label_key, parse_regulation, slug

SHORT_MAX = 24


def _read_yaml(path: Path) -> dict[str, Any]:
    """A registry as the loader reads it: bounded, values exactly as written."""
    if not path.is_file():
        return {}
    doc, problems = yamlio.load(path, str(path))
    if problems or doc is None:
        raise SopError("; ".join(str(p) for p in problems) or f"{path}: tidak dapat dibaca")
    return doc.data if isinstance(doc.data, dict) else {}


def _entries(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


@dataclass
class Proposal:
    """An entry the import adds to a registry, with the document it came from."""

    entry: dict[str, Any]
    source: str


@dataclass
class Registry:
    """What the data folder already holds, and what this import run proposes to add."""

    root: Path
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    regulations: dict[str, dict[str, Any]] = field(default_factory=dict)
    sop_numbers: dict[str, str] = field(default_factory=dict)  # nomor -> SOP id
    new_actors: list[Proposal] = field(default_factory=list)
    new_units: list[Proposal] = field(default_factory=list)
    new_regulations: list[Proposal] = field(default_factory=list)
    taken_ids: set[str] = field(default_factory=set)
    institution: dict[str, Any] = field(default_factory=dict)  # institusi.yaml as read

    @classmethod
    def load(cls, root: Path) -> Registry:
        if not (root / INSTITUTION_FILE).is_file():
            raise SopError(f"{root}: bukan folder data SOP (tidak ada {INSTITUTION_FILE}); "
                           "pilih folder dengan --data")
        inst = _read_yaml(root / INSTITUTION_FILE)
        regs = _read_yaml(root / REGULATIONS_FILE)
        reg = cls(root=root, institution=inst)
        reg.actors = {str(a.get("id")): a for a in _entries(inst, "pelaksana")}
        reg.units = {str(u.get("id")): u for u in _entries(inst, "unit")}
        reg.regulations = {str(r.get("id")): r for r in _entries(regs, "peraturan")}
        for path in sorted((root / SOP_DIR).glob("*.yaml")):
            reg.taken_ids.add(path.stem)
            nomor = _read_yaml(path).get("nomor") if path.stat().st_size < 2_000_000 else None
            if nomor is not None:
                reg.sop_numbers.setdefault(str(nomor), path.stem)
        return reg

    # ------------------------------------------------------------------ matching

    def actor(self, name: str, source: str) -> tuple[str, bool]:
        """The id of the actor a column header names; (id, True) when newly proposed."""
        key = label_key(name)
        for ident, entry in self.actors.items():
            names = (entry.get("singkat"), entry.get("jabatan"), ident.replace("-", " "))
            if any(n and label_key(str(n)) == key for n in names):
                return ident, False
        ident = self.unique(slug(name), set(self.actors) | set(self.units))
        short = name if len(name) <= SHORT_MAX else name[: SHORT_MAX - 1].rstrip() + "."
        entry = {"id": ident, "jabatan": name, "singkat": short}
        self.actors[ident] = entry
        self.new_actors.append(Proposal(entry, source))
        return ident, True

    def unit(self, name: str, source: str) -> tuple[str, bool]:
        """The id of the unit a document names; (id, True) when newly proposed."""
        key = label_key(name)
        for ident, entry in self.units.items():
            names = (entry.get("nama"), entry.get("singkatan"), ident.replace("-", " "))
            if any(n and label_key(str(n)) == key for n in names):
                return ident, False
        ident = self.unique(slug(name), set(self.units) | set(self.actors))
        entry = {"id": ident, "nama": name, "jenis": "unit"}
        self.units[ident] = entry
        self.new_units.append(Proposal(entry, source))
        return ident, True

    def regulation(self, text: str, source: str) -> tuple[str | None, bool]:
        """The id of a cited regulation; (None, False) when the text cannot be read as one."""
        parsed = parse_regulation(text)
        if parsed is None:
            return None, False
        for ident, entry in self.regulations.items():
            same_year = str(entry.get("tahun")) == str(parsed["tahun"])
            same_kind = label_key(str(entry.get("jenis", ""))) == label_key(str(parsed["jenis"]))
            number = entry.get("nomor")
            same_number = str(number or "") == str(parsed["nomor"] or "")
            same_title = label_key(str(entry.get("tentang"))) == label_key(str(parsed["tentang"]))
            if same_year and same_kind and same_number and (number or same_title):
                return ident, False
        ident = self.unique(str(parsed["id"]), set(self.regulations))
        entry = {k: v for k, v in (parsed | {"id": ident}).items() if v is not None}
        self.regulations[ident] = entry
        self.new_regulations.append(Proposal(entry, source))
        return ident, True

    @staticmethod
    def unique(base: str, taken: set[str]) -> str:
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        return ident

    # ------------------------------------------------------------------ writing

    def write_proposals(self) -> list[Path]:
        """Append this run's proposals to the registry files; return the files changed."""
        changed: list[Path] = []
        inst = self.root / INSTITUTION_FILE
        text = inst.read_text(encoding="utf-8")
        new = _append(text, "unit", self.new_units)
        new = _append(new, "pelaksana", self.new_actors)
        if new != text:
            _write_checked(inst, new)
            changed.append(inst)
        if self.new_regulations:
            regs = self.root / REGULATIONS_FILE
            text = regs.read_text(encoding="utf-8") if regs.is_file() else "peraturan: []\n"
            _write_checked(regs, _append(text, "peraturan", self.new_regulations))
            changed.append(regs)
        return changed


def _write_checked(path: Path, text: str) -> None:
    _, problems = yamlio.parse(text, str(path))
    if problems:  # never leave a registry unreadable
        raise SopError(f"{path}: usulan impor tidak dapat ditambahkan ({problems[0].message}); "
                       "tambahkan secara manual")
    path.write_text(text, encoding="utf-8")


def _entry_lines(entry: dict[str, Any], indent: str, proposal: Proposal) -> list[str]:
    lines = [f"{indent}# usulan impor dari {proposal.source} (periksa, lalu hapus komentar ini)"]
    for i, (key, value) in enumerate(entry.items()):
        lead = f"{indent}- " if i == 0 else f"{indent}  "
        shown = yaml.safe_dump(value, allow_unicode=True, width=10**6).strip()
        shown = shown.removesuffix("\n...").removesuffix("...").strip()
        if isinstance(value, str):
            shown = _quoted(value)
        lines.append(f"{lead}{key}: {shown}")
    return lines


def _quoted(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _append(text: str, key: str, proposals: list[Proposal]) -> str:
    """Insert entries at the end of the top-level list `key:` (created when missing)."""
    if not proposals:
        return text
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.split("#")[0].rstrip() in
                  (f"{key}:", f"{key}: []")), None)
    if start is None:
        lines += [f"{key}:"]
        start = len(lines) - 1
    if lines[start].split("#")[0].rstrip().endswith("[]"):
        lines[start] = f"{key}:"
    end = start + 1
    indent = "  "
    last = start
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " -#"):
        stripped = lines[end].lstrip()
        if stripped.startswith("- ") and not stripped.startswith("#"):
            indent = lines[end][: len(lines[end]) - len(stripped)]
        if stripped and not stripped.startswith("#"):
            last = end
        end += 1
    block = [line for p in proposals for line in _entry_lines(p.entry, indent, p)]
    return "\n".join(lines[: last + 1] + block + lines[last + 1:]) + "\n"
