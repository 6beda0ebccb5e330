"""What a site build can take from the last one: the flowchart drawings on disk, and the key of
everything a build is made from, so that a build with nothing changed does nothing.

Drawings (the swimlanes' Mermaid source and the flowchart table's SVGs) are pure functions of one
SOP version, its actors, its table format and the code: drawing a thousand flowcharts is most
of a site build, and an edit changes one.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

from sop.model import Actor, Sop

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
#: The project's own files a site is built from, besides the data.
PROJECT_FILES = ("mkdocs.yml", "overrides", "docs", "macros", "package-lock.json")


@cache
def code_digest() -> str:
    """The sop package's files (code, templates, fonts), the project's site files and the
    versions of every installed distribution: equal digests, equal programs."""
    digest = hashlib.sha256(sys.version.encode())
    for path in _files([PACKAGE, *(ROOT / name for name in PROJECT_FILES)]):
        digest.update(f"{path.relative_to(ROOT)}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    versions = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(versions).encode())
    return digest.hexdigest()


def _files(roots: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found += [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(found)


def inputs_key(data_dir: Path, settings: Mapping[str, object]) -> str:
    """Everything a build is made from: every file of the data folder, the code and the
    settings (engine, drafts, PDFs, address, build date, ...)."""
    digest = hashlib.sha256(code_digest().encode())
    digest.update(json.dumps(dict(settings), sort_keys=True, default=str).encode())
    for path in _files([data_dir]):
        digest.update(f"{path.relative_to(data_dir)}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class DrawingStore:
    """Drawings on disk, one JSON file per key; the entries a build did not use are removed
    by prune()."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    @staticmethod
    def key(sop: Sop, actors: Mapping[str, Actor], fmt: object) -> str:
        digest = hashlib.sha256(code_digest().encode())
        digest.update(sop.model_dump_json().encode())
        for actor_id in sop.pelaksana:
            actor = actors.get(actor_id)
            digest.update(actor.model_dump_json().encode() if actor else b"-")
        digest.update(repr(fmt).encode())
        return digest.hexdigest()

    def get(self, key: str) -> tuple[list[str], list[str]] | None:
        self.used.add(key)
        try:
            swimlanes, svgs = json.loads((self.folder / f"{key}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(swimlanes, list):  # an entry written before sub-procedures
            return None
        return [str(s) for s in swimlanes], [str(s) for s in svgs]

    def put(self, key: str, swimlanes: list[str], svgs: list[str]) -> None:
        self.used.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{key}.tmp-{os.getpid()}"
            temporary.write_text(json.dumps([swimlanes, svgs]), encoding="utf-8")
            os.replace(temporary, self.folder / f"{key}.json")
        except OSError:  # a cache, not the build
            pass

    def prune(self) -> None:
        for path in self.folder.glob("*.json") if self.folder.is_dir() else []:
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
