"""`sop new`: write a new SOP file that passes `sop check`, from a few answers."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sop.dataset import SOP_DIR, display_path, load
from sop.errors import DataSetError, SopError
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


QUESTIONS = {
    "id": "Pengenal SOP (huruf kecil dan tanda hubung, mis. cuti-dosen)",
    "judul": "Judul SOP",
    "nomor": "Nomor SOP",
    "unit": "id unit pemilik",
    "pelaksana": "id pelaksana, urut kolom, dipisah koma",
}


def ask_missing(args: argparse.Namespace, interactive: bool) -> Answers:
    """Fill in the answers not given as flags, asking at the terminal when allowed."""
    values = {key: getattr(args, key) for key in QUESTIONS}
    for key, question in QUESTIONS.items():
        if not values[key] and interactive:
            values[key] = input(f"{question}: ").strip()
        if not values[key]:
            raise SopError(f"sop new: missing --{key} ({question})")
    actors = [a.strip() for a in str(values.pop("pelaksana")).split(",") if a.strip()]
    return Answers(pelaksana=actors, keputusan=args.keputusan, **values)


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
        raise SopError(f"sop new: --id {problem}")
    if not data_dir.is_dir():
        raise SopError(f"sop new: {data_dir} is not a data folder; give it with --data")
    if not answers.pelaksana:
        raise SopError("sop new: give at least one actor id in --pelaksana")
    folder = data_dir / SOP_DIR
    path = folder / f"{answers.id}.yaml"
    if folder.exists() and not folder.resolve().is_relative_to(data_dir.resolve()):
        raise SopError(f"sop new: {display_path(folder)} links outside the data folder")
    text = render(answers, str(os.path.relpath(SCHEMA_FILE, folder)), today or dt.date.today())
    try:
        folder.mkdir(exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # never over an existing file
            handle.write(text)
    except FileExistsError:
        raise SopError(f"{path} already exists; choose another --id") from None
    except OSError as exc:
        raise SopError(f"sop new: cannot write {path}: {exc.strerror}") from None
    try:
        load(data_dir)
    except DataSetError as exc:
        mine = [p for p in exc.problems if Path(p.file).name == path.name]
        if mine:
            path.unlink()
            raise DataSetError(mine) from None
    return path
