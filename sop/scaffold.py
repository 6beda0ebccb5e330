"""`sop new`: write a new SOP file that passes `sop check`, from a few answers.

Every answer is checked as it is given (against the data set's units, actors and decrees,
with the choices listed in the question); at the terminal a wrong or blank answer is asked
again. Nothing is written until every answer is right.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sop import yamlio
from sop.dataset import DECREE_DIR, INSTITUTION_FILE, SOP_DIR, display_path, load
from sop.errors import DataSetError, SopError
from sop.messages import msg, unknown_id
from sop.names import id_problem

TEMPLATES = Path(__file__).parent / "templates"
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "sop.schema.json"


@dataclass
class Answers:
    """What `sop new` needs to know."""

    id: str
    judul: str
    nomor: str
    unit: str
    pelaksana: list[str] = field(default_factory=list)
    keputusan: str | None = None
    pengesah_jabatan: str = "Rektor"
    pengesah_nama: str = "TODO: nama pejabat"


#: The questions, in the order they are asked; `keputusan` may be left blank.
QUESTIONS = ("id", "judul", "nomor", "unit", "pelaksana", "keputusan")
OPTIONAL = {"keputusan"}


@dataclass
class Choices:
    """The ids an answer may name, with a readable name each, read from the data folder as
    written (a data set with problems elsewhere still offers its choices)."""

    units: dict[str, str] = field(default_factory=dict)
    actors: dict[str, str] = field(default_factory=dict)
    decrees: dict[str, str] = field(default_factory=dict)
    sops: set[str] = field(default_factory=set)


def read_choices(data_dir: Path) -> Choices:
    """Units, actors, decrees and SOP ids of the data folder."""
    choices = Choices()
    inst = _raw(data_dir / INSTITUTION_FILE)
    for key, target, name in (("unit", choices.units, "nama"),
                              ("pelaksana", choices.actors, "jabatan")):
        for item in inst.get(key) or [] if isinstance(inst, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                target[item["id"]] = str(item.get(name) or "")
    folder = data_dir / DECREE_DIR
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        decree = _raw(path)
        if isinstance(decree, dict) and isinstance(decree.get("id"), str):
            words = [decree.get("jenis"), "Nomor", decree.get("nomor"), "Tahun",
                     decree.get("tahun")]
            choices.decrees[decree["id"]] = " ".join(str(w) for w in words if w)
    sops = data_dir / SOP_DIR
    choices.sops = {p.stem for p in sops.glob("*.yaml")} if sops.is_dir() else set()
    return choices


def _raw(path: Path) -> object:
    doc, _ = yamlio.load(path, str(path)) if path.is_file() else (None, [])
    return doc.data if doc is not None else None


def check_answer(key: str, value: str, choices: Choices) -> str | None:
    """Why `value` is not a usable answer to question `key`, or None."""
    value = value.strip()
    if not value:
        return None if key in OPTIONAL else msg("new.blank").split(": ", 1)[1]
    if key == "id":
        problem = id_problem("sop", value)
        if problem:
            return problem
        if value in choices.sops:
            return msg("new.id_taken", id=value, path=f"{SOP_DIR}/{value}.yaml")
    known = {"unit": choices.units, "keputusan": choices.decrees}.get(key)
    if known is not None and known and value not in known:
        return unknown_id(key, value, known, msg(f"where.{key}"))
    if key == "pelaksana":
        for actor in _split(value):
            if choices.actors and actor not in choices.actors:
                return unknown_id("actor", actor, choices.actors, msg("where.actor"))
    return None


def _split(value: str) -> list[str]:
    return [a.strip() for a in value.split(",") if a.strip()]


def _listing(key: str, choices: Choices) -> list[str]:
    named = {"unit": choices.units, "pelaksana": choices.actors,
             "keputusan": choices.decrees}.get(key) or {}
    if not named:
        return []
    width = max(len(k) for k in named)
    lines = [f"  {k:{width}}  {v}".rstrip() for k, v in named.items()]
    return [msg("new.choices"), *lines]


def ask_missing(args: argparse.Namespace, interactive: bool,
                ask: Callable[[str], str] | None = None) -> Answers:
    """Fill in the answers not given as options, asking when allowed: each question lists
    its choices, and a wrong or blank answer is asked again. Without asking, every missing
    or wrong answer is an error, before anything is written."""
    data_dir = Path(args.data)
    if not data_dir.is_dir():
        raise SopError(msg("new.not_data", data=data_dir))
    choices = read_choices(data_dir)
    values: dict[str, str] = {}
    for key in QUESTIONS:
        given = getattr(args, key)
        value = "" if given is None else str(given)
        problem = check_answer(key, value, choices) if given is not None else (
            None if key in OPTIONAL else "")
        if problem is not None and not interactive:
            if given is None:
                raise SopError(msg("new.missing", key=key, question=msg(f"new.q.{key}")))
            raise SopError(f"sop new: --{key}: {problem}")
        if problem is not None or (given is None and key in OPTIONAL and interactive):
            value = _ask(key, choices, ask or input)
        values[key] = value.strip()
    return Answers(
        id=values["id"], judul=values["judul"], nomor=values["nomor"], unit=values["unit"],
        pelaksana=_split(values["pelaksana"]), keputusan=values["keputusan"] or None,
    )


def _ask(key: str, choices: Choices, ask: Callable[[str], str]) -> str:
    """Ask one question until the answer is right (Ctrl-C or the end of input stops)."""
    for line in _listing(key, choices):
        print(line)
    while True:
        try:
            answer = ask(f"{msg(f'new.q.{key}')}: ").strip()
        except EOFError:
            raise SopError(msg("new.missing", key=key, question=msg(f"new.q.{key}"))) from None
        problem = check_answer(key, answer, choices)
        if problem is None:
            return answer
        print(msg("new.retry", problem=problem) if answer else msg("new.blank"))


def _steps(actors: list[str]) -> list[dict[str, object]]:
    """A first draft of the flow: start, one step per further actor, end with the first actor."""
    steps = [{"kegiatan": "Menerima permohonan", "pelaksana": actors[0], "output": "Berkas"}]
    for actor in actors[1:]:
        steps.append({"kegiatan": "Memproses permohonan", "pelaksana": actor, "output": "TODO"})
    steps.append({"kegiatan": "Mengarsipkan dokumen", "pelaksana": actors[0], "output": "Arsip"})
    return [{"no": i, **s} for i, s in enumerate(steps, start=1)]


def render(answers: Answers, schema_ref: str, today: dt.date) -> str:
    """The text of the new SOP file."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False}
    return env.get_template("new_sop.yaml.j2").render(
        a=answers, steps=_steps(answers.pelaksana), schema=schema_ref, today=today.isoformat()
    )


def write_new_sop(data_dir: Path, answers: Answers, today: dt.date | None = None) -> Path:
    """Write the file, then check the whole data set with it; remove it again if it fails.

    The id is checked first: it names the file, so `--id ../../x` must never reach a path."""
    problem = id_problem("sop", answers.id)
    if problem:
        raise SopError(msg("new.bad_id", problem=problem))
    if not data_dir.is_dir():
        raise SopError(msg("new.not_data", data=data_dir))
    if not answers.pelaksana:
        raise SopError(msg("new.no_actor"))
    folder = data_dir / SOP_DIR
    path = folder / f"{answers.id}.yaml"
    if folder.exists() and not folder.resolve().is_relative_to(data_dir.resolve()):
        raise SopError(msg("new.link_out", folder=display_path(folder)))
    text = render(answers, str(os.path.relpath(SCHEMA_FILE, folder)), today or dt.date.today())
    try:
        folder.mkdir(exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # never over an existing file
            handle.write(text)
    except FileExistsError:
        raise SopError(msg("new.exists", path=path)) from None
    except OSError as exc:
        raise SopError(msg("new.cannot_write", path=path, reason=exc.strerror)) from None
    try:
        load(data_dir)
    except DataSetError as exc:
        mine = [p for p in exc.problems if Path(p.file).name == path.name]
        if mine:
            path.unlink()
            raise DataSetError(mine) from None
    return path


def decree_hint(data_dir: Path, answers: Answers) -> str | None:
    """What to add to the decree before the new SOP can be published, if anything."""
    if not answers.keputusan:
        return None
    for path in sorted((data_dir / DECREE_DIR).glob("*.yaml")):
        decree = _raw(path)
        if (isinstance(decree, dict) and decree.get("id") == answers.keputusan
                and answers.id not in (decree.get("lampiran") or [])):
            return msg("new.decree_hint", decree=answers.keputusan, id=answers.id,
                       file=display_path(path))
    return None
