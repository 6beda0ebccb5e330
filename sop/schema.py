"""Validate a loaded document against the typed model, and export the model as JSON Schema.

Pydantic's errors are turned into `Problem`s that speak of the YAML the user wrote: the file,
the line, the key path (`steps[4].waktu.unit`) and what was expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
import types
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from sop.errors import Problem
from sop.messages import msg
from sop.model import NOT_STATED, Decree, Institution, RegulationCatalogue, SearchSettings, Sop
from sop.yamlio import Document, PathKey, format_path

M = TypeVar("M", bound=BaseModel)

#: The data file kinds: model, schema file name, and where such files live in a data folder.
KINDS: dict[str, type[BaseModel]] = {
    "institusi": Institution,
    "dasar-hukum": RegulationCatalogue,
    "keputusan": Decree,
    "sop": Sop,
    "pencarian": SearchSettings,
}
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


def validate(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Build `model` from the document's data, or explain every reason it cannot be built."""
    if not isinstance(doc.data, dict):
        got = _describe(doc.data)
        return None, [Problem(doc.file, 1, "", msg("schema.not_mapping", got=got))]
    _restore_texts(doc, model)
    dates = _numeric_dates(doc, model)
    problems = [Problem(doc.file, doc.line(path), format_path(path, doc.data),
                        _expected("date", value, {}))
                for path, value in dates.items()]
    try:
        obj = model.model_validate(doc.data)
        if not problems:
            return obj, []
    except ValidationError as exc:
        problems += [_problem(doc, model, err)
                     for err in _fold_not_stated(exc.errors(include_url=False))
                     if _data_path(doc.data, err["loc"]) not in dates]
    return None, sorted(set(problems), key=lambda p: (p.line, p.path, p.message))


def _restore_texts(doc: Document, model: type[BaseModel]) -> None:
    """Hand every field that holds text the scalar exactly as written: YAML reads an unquoted
    `0050004014`, `01`, `1.10` or `true` as a number or boolean, which a nomor, NIP or telephone
    must never become. Fields that hold numbers (and unknown keys) keep what YAML read."""
    for path in doc.texts:
        if path and not _holds_number(_type_at(model, path)):
            doc.restore_text(path)


_NUMERIC = re.compile(r"\s*[-+]?[0-9]+(?:\.[0-9]*)?\s*")


def _numeric_dates(doc: Document, model: type[BaseModel]) -> dict[PathKey, str]:
    """Date fields written as a bare number: pydantic would read '0' as 1970-01-01 (seconds
    since 1970). Each is taken out of the data (set to nothing) and reported as not a date."""
    found: dict[PathKey, str] = {}

    def walk(value: Any, path: PathKey) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*path, i))
        elif (isinstance(value, str) and _NUMERIC.fullmatch(value)
              and any(t is dt.date for t in _flatten(_type_at(model, path)))):
            found[path] = value

    walk(doc.data, ())
    for path in found:
        *parents, last = path
        container = doc.data
        for part in parents:
            container = container[part]
        container[last] = None
    return found


def _type_at(model: type[BaseModel], path: PathKey) -> Any:
    """The declared type at a data path (None: no such field); list items share one type."""
    return _type_at_shape(model, tuple(0 if isinstance(p, int) else p for p in path))


@functools.lru_cache(maxsize=4096)
def _type_at_shape(model: type[BaseModel], path: PathKey) -> Any:
    tp: Any = model
    for part in path:
        tp = _element_type(tp, part)
        if tp is None:
            return None
    return tp


def _holds_number(tp: Any) -> bool:
    """Whether a field of type `tp` takes a number or boolean (None: an unknown key)."""
    if tp is None:
        return True
    return any((isinstance(t, type) and issubclass(t, int | float)) or t is Any
               for t in _flatten(tp))


def _fold_not_stated(errors: list[Any]) -> list[Any]:
    """A date that is neither a date nor 'tidak tercantum' fails both members of its union:
    report it once, as a bad date that may also be written as not stated."""
    alternatives = {err["loc"][:-1] for err in errors if _is_not_stated(err)}
    others = {err["loc"][:-1] for err in errors if not _is_not_stated(err)}
    return [
        {**err, "not_stated": err["loc"][:-1] in alternatives}
        for err in errors
        if not (_is_not_stated(err) and err["loc"][:-1] in others)
    ]


def _is_not_stated(err: Any) -> bool:
    return err["type"] == "literal_error" and NOT_STATED in str(err.get("ctx", {}))


def _problem(doc: Document, model: type[BaseModel], err: Any) -> Problem:
    path = _data_path(doc.data, err["loc"])
    kind, value = err["type"], err.get("input")
    if kind == "missing":
        parent = path[:-1]
        return Problem(
            doc.file,
            doc.line(parent),
            format_path(parent, doc.data) or msg("top_level"),
            msg("schema.missing", key=path[-1]),
        )
    if kind == "extra_forbidden":
        return Problem(
            doc.file,
            doc.line(path),
            format_path(path, doc.data),
            _unknown_key(str(path[-1]), _fields_at(model, path[:-1])),
        )
    message = _expected(kind, value, err)
    if err.get("not_stated") and not _is_not_stated(err):
        message += msg("schema.or_not_stated", ns=NOT_STATED)
    return Problem(doc.file, doc.line(path), format_path(path, doc.data), message)


def _data_path(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """Follow pydantic's loc through the data, dropping union tags that are not data keys."""
    path: list[str | int] = []
    for part in loc:
        if (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and part < len(data)
        ):
            data = data[part]
        elif (
            isinstance(data, dict)
            and isinstance(part, str)
            and part not in ("text", "mapping", "list")
        ):
            path.append(part)  # a missing key: it names where the value was expected
            data = None
            continue
        else:
            continue
        path.append(part)
    return tuple(path)


def _fields_at(model: type[BaseModel], path: PathKey) -> list[str]:
    """The keys allowed at `path` inside `model` (for 'did you mean' hints)."""
    tp: Any = model
    for part in path:
        tp = _element_type(tp, part)
    cls = _model_in(tp)
    return list(cls.model_fields) if cls else []


def _element_type(tp: Any, part: str | int) -> Any:
    cls = _model_in(tp)
    if isinstance(part, str) and cls is not None and part in cls.model_fields:
        return cls.model_fields[part].annotation
    for arg in _flatten(tp):
        if get_origin(arg) is list:
            return get_args(arg)[0]
    return None


def _model_in(tp: Any) -> type[BaseModel] | None:
    for arg in _flatten(tp):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _flatten(tp: Any) -> list[Any]:
    """Unwrap Annotated, Optional and Union into their member types."""
    origin = get_origin(tp)
    if origin is Annotated:
        return _flatten(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        return [t for arg in get_args(tp) for t in _flatten(arg)]
    return [tp]


def _unknown_key(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    if close:
        return msg("schema.unknown_key_close", key=key, close=close[0])
    return msg("schema.unknown_key", key=key, allowed=", ".join(allowed))


#: pydantic's error kinds by prefix, and the message naming what was expected (`type.*`).
_TYPE_WORDS = ("int", "float", "string", "list", "dict", "model", "bool", "date")


def _expected(kind: str, value: Any, err: Any) -> str:
    ctx = err.get("ctx") or {}
    if kind in ("enum", "literal_error"):
        options = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return msg("schema.not_one_of", value=_show(value), options=options)
    if kind.startswith("date") or kind.startswith("datetime"):
        return msg("schema.bad_date", value=_show(value))
    if kind == "string_pattern_mismatch":
        return msg("schema.bad_id", value=_show(value))
    if kind == "string_too_short":
        return msg("schema.empty")
    if kind == "string_too_long":
        return msg("schema.too_long", value=_show(value), n=ctx.get("max_length"))
    if kind == "too_short":
        return msg("schema.too_few", n=ctx.get("min_length"), got=len(value or []))
    if kind in ("greater_than", "greater_than_equal", "less_than_equal", "less_than"):
        limit = next(iter(ctx.values()), "")
        return msg(f"schema.{kind}", value=_show(value), limit=_number(limit))
    if kind == "finite_number":
        return msg("schema.finite", value=_show(value))
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "union_tag_invalid":
        return msg("schema.text_or_mapping", got=_describe(value))
    for prefix in _TYPE_WORDS:
        if kind.startswith(prefix):
            return msg("schema.expected", words=msg(f"type.{prefix}"), got=_describe(value))
    return str(err["msg"])


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _describe(value: Any) -> str:
    if value is None:
        return msg("value.nothing")
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return msg("value.mapping")
    if isinstance(value, list):
        return msg("value.list")
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    return repr(value)


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one data file kind, for editors (yaml-language-server)."""
    schema = KINDS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    return schema


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    """Write every kind's schema file; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(
            json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written
