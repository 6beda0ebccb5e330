"""The PDF side of a site build: whether PDFs are built, their cache, and the PdfBuild under way
(started before the site source is written, finished once the engine has built the pages)."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sop.dataset import DataSet
from sop.messages import msg
from sop.site import parts

if TYPE_CHECKING:
    from sop.pdf.build import PdfBuild

SKIP_PDF_ENV = "SOP_SKIP_PDF"
PDF_CACHE = Path(".cache/pdf")
#: Preview builds (drafts shown) keep their PDFs apart: a public build and a preview may run
#: at once in one folder, and neither prunes the other's files.
PREVIEW_PDF_CACHE = Path(".cache/pdf-preview")
PROGRESS_SECONDS = 5.0

log = logging.getLogger("mkdocs.plugins.sop")


def pdf_enabled() -> bool:
    """PDFs are built (and linked) unless SOP_SKIP_PDF=1, which only fast previews/tests set."""
    return os.environ.get(SKIP_PDF_ENV) != "1"


def pdf_cache(drafts: bool = False) -> Path:
    """The PDF cache of a public build, or of a preview (`drafts`)."""
    return PREVIEW_PDF_CACHE if drafts else PDF_CACHE


@dataclass
class PdfStage:
    """The PDFs of a site build under way (sop.pdf.build.PdfBuild), when they started, and
    their cache."""

    pdfs: PdfBuild
    started: float
    cache: Path = PDF_CACHE


def start_pdfs(data: DataSet, site_url: str, drafts: bool = False) -> PdfStage:
    """Start every PDF (contract: sop.pdf.build.PdfBuild): they render into the cache while
    MkDocs builds the pages; long builds say how far they are at most every few seconds."""
    started = last = time.monotonic()

    def progress(done: int, total: int, name: str) -> None:
        nonlocal last
        if time.monotonic() - last >= PROGRESS_SECONDS:
            last = time.monotonic()
            log.info(msg("build.pdf_progress", done=done, total=total, name=name))

    pdfs = parts.start_pdfs(data, site_url=site_url, cache_dir=pdf_cache(drafts),
                            progress=progress)
    return PdfStage(pdfs, started, pdf_cache(drafts))


def finish_pdfs(stage: PdfStage, site_dir: str) -> None:
    """Wait for every PDF, publish them into <site_dir>/pdf and log a summary."""
    report = stage.pdfs.finish(Path(site_dir) / "pdf")
    log.info(msg("build.pdf_done", files=len(report.built) + len(report.skipped),
                 made=len(report.built), reused=len(report.skipped), cache=stage.cache,
                 seconds=time.monotonic() - stage.started))


def cancel_pdfs(stage: PdfStage) -> None:
    """The site build failed: stop the PDFs (running workers finish their file)."""
    stage.pdfs.cancel()
