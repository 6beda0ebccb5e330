"""Per-process build state: which data folder, the data set loaded once, and PDF switches.

`sop build` loads the data set itself (so a DataSetError reaches the CLI as a plain report) and
hands it over here, so the MkDocs hook does not load it a second time.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sop.dataset import DataSet, load
from sop.site import parts

if TYPE_CHECKING:
    from sop.pdf.build import PdfBuild

DATA_ENV = "SOP_DATA"
SKIP_PDF_ENV = "SOP_SKIP_PDF"
DRAFTS_ENV = "SOP_DRAFTS"
DEFAULT_DATA = "sop_data"
PDF_CACHE = Path(".cache/pdf")
#: Preview builds (drafts shown) keep their PDFs apart: a public build and a preview may run
#: at once in one folder, and neither prunes the other's files.
PREVIEW_PDF_CACHE = Path(".cache/pdf-preview")
PROGRESS_SECONDS = 5.0

log = logging.getLogger("mkdocs.plugins.sop")
_preloaded: dict[Path, DataSet] = {}


def data_dir(config_file: str | None = None) -> Path:
    """The data folder: $SOP_DATA or sop_data, relative to mkdocs.yml's folder when relative."""
    folder = Path(os.environ.get(DATA_ENV) or DEFAULT_DATA)
    if not folder.is_absolute() and config_file:
        folder = Path(config_file).resolve().parent / folder
    return folder.resolve()


def preload(data: DataSet) -> None:
    """Offer an already validated data set to the next build of the same folder."""
    _preloaded[Path(data.root).resolve()] = data


def data_set(folder: Path) -> DataSet:
    """The data set of `folder`: the preloaded one (used once), else loaded and validated now."""
    data = _preloaded.pop(folder.resolve(), None)
    return data if data is not None else load(folder)


def pdf_enabled() -> bool:
    """PDFs are built (and linked) unless SOP_SKIP_PDF=1, which only fast previews/tests set."""
    return os.environ.get(SKIP_PDF_ENV) != "1"


def drafts_enabled() -> bool:
    """A preview build (SOP_DRAFTS=1, set by `sop build/serve --drafts`) shows draft versions."""
    return os.environ.get(DRAFTS_ENV) == "1"


def pdf_cache(drafts: bool | None = None) -> Path:
    """The PDF cache of a public build, or of a preview (`drafts`, default: this build's)."""
    return PREVIEW_PDF_CACHE if (drafts_enabled() if drafts is None else drafts) else PDF_CACHE


@dataclass
class PdfStage:
    """The PDFs of a site build under way (sop.pdf.build.PdfBuild) and when they started."""

    pdfs: PdfBuild
    started: float


def start_pdfs(data: DataSet, site_url: str, drafts: bool | None = None) -> PdfStage:
    """Start every PDF (contract: sop.pdf.build.PdfBuild): they render into the cache while
    MkDocs builds the pages; long builds say how far they are at most every few seconds."""
    started = last = time.monotonic()

    def progress(done: int, total: int, name: str) -> None:
        nonlocal last
        if time.monotonic() - last >= PROGRESS_SECONDS:
            last = time.monotonic()
            log.info("PDF %d/%d (%s)", done, total, name)

    pdfs = parts.start_pdfs(data, site_url=site_url, cache_dir=pdf_cache(drafts),
                            progress=progress)
    return PdfStage(pdfs, started)


def finish_pdfs(stage: PdfStage, site_dir: str) -> None:
    """Wait for every PDF, publish them into <site_dir>/pdf and log a summary."""
    report = stage.pdfs.finish(Path(site_dir) / "pdf")
    log.info(
        "PDF: %d files (%d made, %d reused from %s) in %.0f s",
        len(report.built) + len(report.skipped),
        len(report.built),
        len(report.skipped),
        pdf_cache(),
        time.monotonic() - stage.started,
    )


def cancel_pdfs(stage: PdfStage) -> None:
    """The site build failed: stop the PDFs (running workers finish their file)."""
    stage.pdfs.cancel()
