"""Load stage: read a YAML file into plain data plus the line of every key path.

The data is built straight from the parser's events (libyaml), not through PyYAML's composer
and constructors, so that reading is bounded and nothing changes type behind the user's back:

- duplicate keys and impossible dates become ordinary problems with a line number (PyYAML keeps
  the last duplicate silently and raises on `2022-02-30`); dates stay text for the model;
- plain scalars are read as YAML 1.2 reads them (`true`/`false`, decimal numbers): `yes`, `no`,
  `0050004014` (octal in YAML 1.1) and `1:30` (sexagesimal) are not converted;
- the source text of every plain scalar that became a number or a boolean is kept
  (`Document.texts`): `schema.validate` gives it back, exactly as written, to every field that
  holds text (a number, NIP or telephone `0341…` keeps its leading zeros);
- nesting depth, the number of values (aliases included) and the file size are limited, each
  with a problem that says so, before any deep or large structure is built.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sop.errors import Problem
from sop.files import file_problem
from sop.messages import msg

PathKey = tuple[str | int, ...]
MAX_FILE_BYTES = 2_000_000
#: Deepest nesting of lists and mappings (a real SOP file needs fewer than ten levels).
MAX_DEPTH = 40
#: Most values one file may hold once every alias (*name) is expanded.
MAX_VALUES = 200_000


class _Loader(yaml.CSafeLoader):
    """libyaml's parser; only its events are used (`yaml.parse`)."""


_STR = "tag:yaml.org,2002:str"
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True,
          "false": False, "False": False, "FALSE": False}
# YAML 1.2 core schema numbers, bounded in length (int() of a 5,000-digit string raises).
_INT = re.compile(r"[-+]?[0-9]{1,18}")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]{1,3})?")
_SCALARS = yaml.constructor.SafeConstructor()
#: Characters no page, feed or PDF can carry (XML forbids them; a terminal runs escapes): C0
#: and C1 controls except tab and line ends, lone surrogates and the non-characters U+FFFE/F.
#: YAML only lets them in as escapes ("\x1b", "\u0007") in double-quoted text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Document:
    """A loaded data file: its data, the 1-based line of each key path, and the source text of
    each plain scalar that YAML read as a number or boolean."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    texts: dict[PathKey, str] = field(default_factory=dict)

    def line(self, path: PathKey) -> int:
        """Line of the nearest known enclosing path (the file's first line at worst)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1

    def restore_text(self, path: PathKey) -> None:
        """Put the scalar at `path` back as the text it was written as (a text field)."""
        *parents, last = path
        container = self.data
        for part in parents:
            container = container[part]
        container[last] = self.texts[path]


def format_path(path: PathKey, data: Any = None) -> str:
    """`('steps', 4, 'waktu', 'unit')` -> `steps[4].waktu.unit`; given the file's data, a step
    is named as the SOP numbers it: `langkah 5.waktu.unit` (`step 5…` in English)."""
    out = ""
    label = _step_label(path, data) if data is not None else None
    if label is not None:
        out, path = msg("step", label=label), path[2:]
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _step_label(path: PathKey, data: Any) -> str | None:
    """The printed number of the step at `path` (`nomor`, else `no`), if it is within one."""
    if len(path) < 2 or path[0] != "steps" or not isinstance(path[1], int):
        return None
    steps = data.get("steps") if isinstance(data, dict) else None
    if not isinstance(steps, list) or not 0 <= path[1] < len(steps):
        return None
    step = steps[path[1]] if isinstance(steps[path[1]], dict) else {}
    nomor, no = step.get("nomor"), step.get("no")
    if isinstance(nomor, str) and nomor.strip():
        return nomor.strip()
    return str(no) if isinstance(no, int) and not isinstance(no, bool) else None


def load(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file; return its document, or None and the problems that stopped it."""
    problem = file_problem(path, MAX_FILE_BYTES)
    if problem:
        return None, [Problem(display, 0, "", problem)]
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [Problem(display, 0, "", msg("file.cannot_read", reason=exc.strerror))]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(display, 0, "", msg("file.too_large", n=MAX_FILE_BYTES))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(display, 0, "", msg("file.not_utf8", n=exc.start))]
    if "\0" in text:
        return None, [Problem(display, 0, "", msg("file.binary"))]
    return parse(text, display)


def parse(text: str, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text; syntax errors, duplicate keys and exceeded limits become problems."""
    builder = _Builder(Document(display, None))
    try:
        builder.run(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        line, message = _syntax_problem(exc, text.splitlines())
        return None, [Problem(display, line, "", message)]
    except yaml.YAMLError as exc:
        return None, [Problem(display, 0, "", msg("yaml.syntax", problem=exc))]
    except _Stop as stop:
        return None, [Problem(display, stop.line, "", stop.message)]
    if not builder.found:
        return None, [Problem(display, 1, "", msg("file.empty"))]
    data = builder.doc.data  # key paths are worded once the steps' numbers are known
    return builder.doc, [Problem(display, line, format_path(path, data), message)
                         for line, path, message in builder.problems]


#: Plain words for what libyaml reports, with the fix (the parser's own text is for
#: programmers: 'mapping values are not allowed in this context').
_BRACKETS = {"]": "[", "}": "{"}


def _syntax_problem(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str]:
    """The line and the message for a YAML syntax error."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    problem, context = str(exc.problem or ""), str(exc.context or "")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    column = mark.column if mark else 0
    if "tab" in problem or source[column:column + 1] == "\t":
        return line, msg("yaml.tab")
    if "quoted scalar" in context and exc.context_mark:
        start = exc.context_mark
        text = lines[start.line] if start.line < len(lines) else ""
        opening = text[start.column:start.column + 1]
        return start.line + 1, msg("yaml.unclosed_quote", quote=opening or '"')
    opened = _unbalanced_quote(lines[: line - 1])
    if opened:  # a quote left open runs on to the next quote, where the parser stumbles
        return opened, msg("yaml.unclosed_quote", quote='"')
    if problem.startswith("did not find expected ',' or"):
        close = problem[-2]
        at = exc.context_mark.line + 1 if exc.context_mark else line
        return at, msg("yaml.unclosed_bracket", open=_BRACKETS.get(close, "["), close=close)
    if problem.startswith("mapping values are not allowed"):
        colons = len(re.findall(r":(?:\s|$)", source.split(" #")[0]))
        return line, msg("yaml.colon" if colons >= 2 else "yaml.indent")
    if "cannot start any token" in problem and source[column:column + 1].strip():
        return line, msg("yaml.bad_start", char=source[column])
    if problem.startswith(("did not find expected key", "did not find expected '-'",
                           "expected <block end>")):
        return line, msg("yaml.indent")
    return line, msg("yaml.syntax", problem=problem or exc)


class _Stop(Exception):
    """Reading must stop: a limit was exceeded or the stream is not one document."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


_DISCARD: PathKey = ("\0discarded",)  # where a refused key's subtree is built (then dropped)


@dataclass
class _Frame:
    """A list or mapping being built."""

    value: list[Any] | dict[str, Any]
    path: PathKey
    anchor: str | None
    start_count: int
    start_texts: int
    key: str | None = None  # mappings: the key whose value comes next
    awaiting_key: bool = True
    is_key: bool = False  # a list or mapping written as a key: refused, then dropped
    first_line: dict[str, int] = field(default_factory=dict)


@dataclass
class _Anchor:
    value: Any
    size: int
    texts: list[tuple[PathKey, str]]


class _Builder:
    """Builds plain data from parser events, with lines, source texts and limits."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[tuple[int, PathKey, str]] = []  # line, key path, message
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor] = {}
        self.count = 0
        self.found = False
        self.documents = 0

    def run(self, events: Any) -> None:
        event: Any
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise _Stop(_line(event), msg("yaml.second_document"))
            elif isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
                self._value(event)
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                self._open(event)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                self._close()

    # -- where the next value goes

    def _slot(self, event: Any) -> PathKey | None:
        """The path of the value this event starts; None when it is a mapping's key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        if top.awaiting_key:
            return None
        return (*top.path, top.key) if top.key is not None else _DISCARD

    def _store(self, path: PathKey, value: Any) -> None:
        if not self.stack:
            self.doc.data, self.found = value, True
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        else:
            if top.key is not None:
                top.value[top.key] = value
            top.awaiting_key = True

    def _count(self, n: int, line: int) -> None:
        self.count += n
        if self.count > MAX_VALUES:
            raise _Stop(line, msg("yaml.too_many_values", n=MAX_VALUES))

    # -- events

    def _key(self, event: Any) -> None:
        """A mapping key: plain text, not a duplicate; else a problem and its value dropped."""
        top = self.stack[-1]
        top.awaiting_key = False
        line = _line(event)
        top.key = None
        if not isinstance(event, yaml.ScalarEvent):
            self.problems.append((line, top.path, msg("yaml.key_not_text")))
            return
        key = event.value
        if CONTROL.search(key):
            key = self._without_controls(key, top.path, line)
        if key in top.first_line:
            self.problems.append((line, (*top.path, key),
                                  msg("yaml.duplicate_key", key=key, line=top.first_line[key])))
            return
        top.first_line[key] = line
        top.key = key
        if top.path[:1] != _DISCARD:
            self.doc.lines[(*top.path, key)] = line

    def _value(self, event: Any) -> None:
        path = self._slot(event)
        line = _line(event)
        if path is None:  # a key (an alias as a key is refused like a list)
            self._key(event)
            return
        keep = path[:1] != _DISCARD
        if keep:
            self.doc.lines.setdefault(path, line)
        if isinstance(event, yaml.AliasEvent):
            anchor = self.anchors.get(str(event.anchor))
            if anchor is None and any(f.anchor == event.anchor for f in self.stack):
                raise _Stop(line, msg("yaml.alias_self", name=event.anchor))
            if anchor is None:
                raise _Stop(line, msg("yaml.alias_unknown", name=event.anchor))
            self._count(anchor.size, line)
            if keep:
                for sub, text in anchor.texts:
                    self.doc.texts[(*path, *sub)] = text
            self._store(path, anchor.value)
            return
        self._count(1, line)
        value = self._scalar(event, path)
        if isinstance(value, str) and CONTROL.search(value):
            value = self._without_controls(value, path, line)
        if keep and not isinstance(value, str) and value is not None:
            self.doc.texts[path] = event.value
        if event.anchor:
            texts: list[tuple[PathKey, str]] = [((), event.value)] if path in self.doc.texts else []
            self.anchors[event.anchor] = _Anchor(value, 1, texts)
        self._store(path, value)

    def _without_controls(self, value: str, path: PathKey, line: int) -> str:
        """Report a control character (by its code, never printed), and drop them all."""
        code = ord(CONTROL.findall(value)[0])
        self.problems.append((line, path if path[:1] != _DISCARD else (),
                              msg("yaml.control", code=f"{code:04X}")))
        return CONTROL.sub("", value)

    def _scalar(self, event: Any, path: PathKey) -> Any:
        value: str = event.value
        tag = event.tag
        if tag in (None, "!"):
            return _plain(value) if event.implicit[0] and tag is None else value
        if tag == _STR:
            return value
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return _SCALARS.construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            self.problems.append((_line(event), path, msg("yaml.unsupported", problem=exc.problem)))
            return value

    def _open(self, event: Any) -> None:
        line = _line(event)
        path = self._slot(event)
        is_key = path is None
        if path is None:
            self._key(event)
            path = _DISCARD
        if len(self.stack) >= MAX_DEPTH:
            raise _Stop(line, msg("yaml.too_deep", n=MAX_DEPTH))
        self._count(1, line)
        if path[:1] != _DISCARD:
            self.doc.lines.setdefault(path, line)
        value: list[Any] | dict[str, Any] = (
            [] if isinstance(event, yaml.SequenceStartEvent) else {})
        self.stack.append(_Frame(value, path, event.anchor, self.count, len(self.doc.texts),
                                 is_key=is_key))

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            texts = [(p[len(frame.path):], t) for p, t in itertools.islice(
                self.doc.texts.items(), frame.start_texts, None)]
            size = self.count - frame.start_count + 1
            self.anchors[frame.anchor] = _Anchor(frame.value, size, texts)
        if not frame.is_key:
            self._store(frame.path, frame.value)


def _unbalanced_quote(lines: list[str]) -> int | None:
    """The 1-based line of the first line before the error with an odd number of double
    quotes (outside a comment), if any: where a quote was most likely left open."""
    for number, text in enumerate(lines, 1):
        body = text.replace('\\"', "")
        if body.lstrip().startswith("#"):
            continue
        if body.count('"') % 2:
            return number
    return None


def _line(event: Any) -> int:
    """The 1-based line where a parser event starts."""
    return int(event.start_mark.line) + 1


def _plain(value: str) -> Any:
    """A plain (unquoted) scalar as YAML 1.2's core schema reads it (no timestamps)."""
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.fullmatch(value):
        return int(value, 10)
    if len(value) <= 40 and _FLOAT.fullmatch(value):
        return float(value)
    return value
