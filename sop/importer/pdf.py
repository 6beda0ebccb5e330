"""PDF reader (placeholder until the PDF reader lands)."""

from __future__ import annotations

from pathlib import Path

from sop.importer.draft import DraftSop, NotAnSop


def read(path: Path) -> list[DraftSop]:
    raise NotAnSop("impor PDF belum tersedia")
