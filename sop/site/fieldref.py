"""The field reference of the Panduan, generated from the same JSON Schema the validator uses.

Each data file kind gives one table for its top level and one per nested object type, in the
order they are first met; type names are spelled out in Indonesian for the quality office.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from sop.schema import KINDS, json_schema
from sop.site.render import environment

KIND_FILES = {
    "institusi": "institusi.yaml",
    "dasar-hukum": "dasar_hukum.yaml",
    "keputusan": "keputusan/<id>.yaml",
    "sop": "sop/<id>.yaml",
}


@dataclass
class FieldRow:
    """One key of a table: name, type in words, whether required, description."""

    key: str
    kind: str
    required: bool
    description: str
    ref: str | None = None  # anchor of the nested table describing this key's items


@dataclass
class FieldTable:
    """The keys of one object type, titled by where it is used."""

    anchor: str
    title: str
    rows: list[FieldRow] = field(default_factory=list)


def _ref_name(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _options(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives of a node (anyOf/oneOf), the null alternative dropped."""
    alts = node.get("anyOf") or node.get("oneOf") or [node]
    return [a for a in alts if a.get("type") != "null"]


class _Walker:
    """Turns one kind's JSON Schema into tables."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.schema = json_schema(kind)
        self.defs: dict[str, Any] = self.schema.get("$defs", {})
        self.tables: list[FieldTable] = []
        self.seen: dict[str, str] = {}  # def name -> anchor

    def anchor(self, name: str, where: str) -> str:
        """The table anchor of an object type, queued for output when first met."""
        if name not in self.seen:
            self.seen[name] = f"{self.kind}-{name.lower()}"
            self.pending.append((name, where))
        return self.seen[name]

    def type_text(self, node: dict[str, Any], where: str) -> tuple[str, str | None]:
        words, ref = [], None
        for alt in _options(node):
            text, r = self.single(alt, where)
            words.append(text)
            ref = ref or r
        return " atau ".join(dict.fromkeys(words)), ref

    def single(self, node: dict[str, Any], where: str) -> tuple[str, str | None]:
        name = _ref_name(node)
        if name is not None:
            target = self.defs[name]
            if "enum" in target:
                return "pilihan: " + ", ".join(f"'{v}'" for v in target["enum"]), None
            return "pemetaan (lihat tabel)", self.anchor(name, where)
        if "enum" in node:
            return "pilihan: " + ", ".join(f"'{v}'" for v in node["enum"]), None
        kind = node.get("type")
        if kind == "array":
            inner, ref = self.type_text(node.get("items", {}), f"{where}[]")
            return f"daftar ({inner})", ref
        if kind == "string" and node.get("format") == "date":
            return "tanggal YYYY-MM-DD", None
        words = {"string": "teks", "integer": "bilangan bulat", "number": "angka",
                 "boolean": "true/false", "object": "pemetaan"}
        return words.get(str(kind), "nilai"), None

    def table(self, anchor: str, title: str, node: dict[str, Any], where: str) -> FieldTable:
        required = set(node.get("required", []))
        table = FieldTable(anchor, title)
        for key, prop in node.get("properties", {}).items():
            path = f"{where}.{key}" if where else key
            kind, ref = self.type_text(prop, path)
            table.rows.append(FieldRow(key, kind, key in required,
                                       _describe(prop, self.defs), ref))
        return table

    def walk(self) -> list[FieldTable]:
        self.pending: list[tuple[str, str]] = []
        tables = [self.table(f"{self.kind}-berkas", KIND_FILES[self.kind], self.schema, "")]
        while self.pending:
            name, where = self.pending.pop(0)
            tables.append(self.table(self.seen[name], where, self.defs[name], where))
        return tables


def _describe(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    """The field's description plus the limits a user can trip over."""
    text = str(prop.get("description", ""))
    for alt in _options(prop):
        if "minItems" in alt:
            text += f" Paling sedikit {alt['minItems']} butir."
        if "maxLength" in alt:
            text += f" Paling panjang {alt['maxLength']} karakter."
        if "pattern" in alt and not text:
            text += f" Pola: {alt['pattern']}."
    if "default" in prop and prop["default"] not in (None, [], {}, False, ""):
        text += f" Bawaan: {prop['default']}."
    return text.strip()


def tables(kind: str) -> list[FieldTable]:
    """Every table of a data file kind."""
    if kind not in KINDS:
        raise KeyError(f"unknown data file kind '{kind}' (known: {', '.join(KINDS)})")
    return _Walker(kind).walk()


def render(kind: str) -> Markup:
    """The HTML of a kind's field reference (autoescaped template)."""
    template = environment().get_template("fieldref.html.j2")
    return Markup(template.render(kind=kind, file=KIND_FILES[kind], tables=tables(kind)))
