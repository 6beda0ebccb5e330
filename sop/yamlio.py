"""Load stage: read a YAML file into plain data plus the line of every key path.

PyYAML's own constructors silently keep the last of duplicate keys and turn `2022-02-30` into an
exception; this loader composes the node tree and builds the data itself so that both become
ordinary problems with a line number. Dates stay strings: the model parses and checks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sop.errors import Problem

PathKey = tuple[str | int, ...]
MAX_FILE_BYTES = 2_000_000


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(yaml.CSafeLoader):
    """libyaml SafeLoader without the timestamp resolver: dates reach the model as text."""


_SCALARS = yaml.constructor.SafeConstructor()

_BOOL = "tag:yaml.org,2002:bool"
_STR = "tag:yaml.org,2002:str"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_TIMESTAMP, _BOOL)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# YAML 1.2 booleans only: "no", "yes", "on", "off" stay text ("Ya"/"Tidak" labels, a key `no`).
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class Document:
    """A loaded data file: its data, and the 1-based line of each key path."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, path: PathKey) -> int:
        """Line of the nearest known enclosing path (the file's first line at worst)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


def format_path(path: PathKey) -> str:
    """`('steps', 4, 'waktu', 'unit')` -> `steps[4].waktu.unit`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file; return its document, or None and the problems that stopped it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 0, "", f"cannot read file: {exc.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(display, 0, "", f"file is larger than {MAX_FILE_BYTES} bytes")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(display, 0, "", f"not UTF-8 text (byte {exc.start}); save as UTF-8")]
    if "\0" in text:
        return None, [Problem(display, 0, "", "binary file, expected YAML text")]
    return parse(text, display)


def parse(text: str, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text; syntax errors and duplicate keys become problems."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        return None, [Problem(display, line, "", f"YAML syntax error: {exc.problem}")]
    except yaml.YAMLError as exc:
        return None, [Problem(display, 0, "", f"YAML syntax error: {exc}")]
    if node is None:
        return None, [Problem(display, 1, "", "file is empty, expected a mapping of keys")]
    doc = Document(display, None)
    problems: list[Problem] = []
    doc.data = _build(node, (), doc, problems)
    return doc, problems


def _build(node: yaml.Node, path: PathKey, doc: Document, problems: list[Problem]) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(node, path, doc, problems)
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, (*path, i), doc, problems) for i, child in enumerate(node.value)]
    if node.tag == _STR:  # most values: what the constructor would return, without its cost
        return node.value
    try:
        return _SCALARS.construct_object(node)
    except yaml.constructor.ConstructorError as exc:
        problems.append(
            Problem(
                doc.file,
                node.start_mark.line + 1,
                format_path(path),
                f"unsupported YAML value: {exc.problem}",
            )
        )
        return node.value


def _build_mapping(
    node: yaml.MappingNode, path: PathKey, doc: Document, problems: list[Problem]
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(doc.file, line, format_path(path), "a key must be plain text"))
            continue
        key = str(key_node.value)
        if key in first_line:
            problems.append(
                Problem(
                    doc.file,
                    line,
                    format_path((*path, key)),
                    f"duplicate key '{key}' (first defined on line {first_line[key]})",
                )
            )
            continue
        first_line[key] = line
        doc.lines[(*path, key)] = line
        result[key] = _build(value_node, (*path, key), doc, problems)
    return result
