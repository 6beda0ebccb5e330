"""`sop import`: existing SOP documents (Word, PDF, legacy .doc) in, draft SOP data files out.

Stages: a reader (word.py, pdf.py with picture.py, legacy.py for .doc) turns a document into
`DraftSop`s (draft.py); flow.py turns each flowchart into steps; registry.py matches actors,
units and regulations to the data set (proposing the unknown ones); emit.py writes the YAML
with a '# periksa: …' comment at every doubt; report.py says what happened. Everything is read
and checked before anything is written, and no existing file is overwritten.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from sop.dataset import SOP_DIR, display_path
from sop.errors import SopError
from sop.importer.draft import DraftSop, NotAnSop
from sop.importer.emit import Emitted, emit
from sop.importer.registry import Registry
from sop.importer.report import FileResult, ImportReport

__all__ = ["ImportReport", "NotAnSop", "import_files", "read_document"]
log = logging.getLogger(__name__)


def _readers() -> dict[str, Callable[[Path], list[DraftSop]]]:
    from sop.importer import legacy, pdf, word

    return {".docx": word.read, ".pdf": pdf.read, ".doc": legacy.read}


def read_document(path: Path) -> list[DraftSop]:
    """Every SOP a document holds; `NotAnSop` (Indonesian message) when it holds none."""
    reader = _readers().get(path.suffix.lower())
    if reader is None:
        raise NotAnSop(f"jenis berkas '{path.suffix or path.name}' tidak didukung; gunakan "
                       ".docx, .doc atau .pdf")
    if not path.is_file():
        raise NotAnSop("berkas tidak ditemukan")
    return reader(path)


def _damaged(exc: Exception) -> str:
    return f"berkas rusak atau tidak dapat dibaca ({type(exc).__name__}: {exc})"


def _read_one(path: Path) -> tuple[list[DraftSop], str | None]:
    try:
        return read_document(path), None
    except NotAnSop as exc:
        return [], str(exc)
    except SopError as exc:
        return [], str(exc)
    except Exception as exc:  # a damaged file must end in a message naming it, not a traceback
        log.debug("reading %s failed", path, exc_info=True)
        return [], _damaged(exc)


def import_files(
    paths: Sequence[Path], data_dir: Path, today: dt.date | None = None
) -> ImportReport:
    """Import documents into a data folder; write drafts and registry proposals; report."""
    today = today or dt.date.today()
    reg = Registry.load(data_dir)
    target = data_dir / SOP_DIR
    report = ImportReport()
    pending: list[tuple[FileResult, Path, Emitted]] = []
    for path in paths:
        result = FileResult(display_path(path))
        report.files.append(result)
        drafts, error = _read_one(path)
        result.error = error
        for draft in drafts:
            draft.source = path.name
            try:
                emitted = emit(draft, reg, target, today)
            except NotAnSop as exc:
                result.skipped.append(str(exc))
                continue
            pending.append((result, target / f"{emitted.sop_id}.yaml", emitted))
    report.registry_changes = _write(reg, target, pending)
    return report


def _write(reg: Registry, target: Path, pending: list[tuple[FileResult, Path, Emitted]]) -> list[
    str
]:
    changes = [
        f"{display_path(path)}: usulan ditambahkan (periksa): "
        + ", ".join(f"{n} {what}" for n, what in counts if n)
        for path, counts in _proposal_counts(reg)
    ]
    reg.write_proposals()
    target.mkdir(parents=True, exist_ok=True)
    for result, path, emitted in pending:
        try:
            with path.open("x", encoding="utf-8") as out:  # never overwrite
                out.write(emitted.text)
        except FileExistsError:
            result.skipped.append(f"{display_path(path)} sudah ada; tidak ditimpa")
            continue
        result.written.append((Path(display_path(path)), emitted))
    return changes


def _proposal_counts(reg: Registry) -> list[tuple[Path, list[tuple[int, str]]]]:
    out = []
    if reg.new_units or reg.new_actors:
        out.append((reg.root / "institusi.yaml",
                    [(len(reg.new_units), "unit"), (len(reg.new_actors), "pelaksana")]))
    if reg.new_regulations:
        out.append((reg.root / "dasar_hukum.yaml", [(len(reg.new_regulations), "peraturan")]))
    return out
