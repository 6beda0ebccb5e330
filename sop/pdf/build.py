"""Build every PDF of a data set: both copies of every SOP version and each decree book.

Each version of an SOP (data.archive plus the current one) gets `sop/<id>/v<N>.pdf` and
`sop/<id>/v<N>-resmi.pdf`; the current version is also `sop/<id>.pdf` and `sop/<id>-resmi.pdf`
(same bytes, rendered once). A version's PDF depends only on that version's data, so it stays
byte for byte the same when newer versions are published. Drafts are rendered like any version:
callers that publish pass the published view (sop.site.published) so that drafts never appear.

The HTML of every PDF is rendered first (cheap); a PDF is re-rendered by WeasyPrint (slow, run
in parallel) only when its cache key changed. The key hashes the HTML, which already holds all
model data, the templates and CSS, the logo and QR (inline), the copy kind, the build date and
the site URL, together with the font files and the tool versions. Files appear atomically.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import hashlib
import json
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

import weasyprint

from sop.atomic import write_bytes
from sop.clock import build_date as default_build_date
from sop.dataset import DataSet, load
from sop.errors import BuildError
from sop.pdf import html as pdf_html
from sop.pdf.flow import flow_sheets
from sop.pdf.writer import html_to_pdf
from sop.revisions import versions

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
CACHE_FORMAT = "sop-pdf-cache/1"


@dataclass
class PdfReport:
    """What a build did: PDFs rendered now and PDFs taken unchanged from the cache."""

    built: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Job:
    """One PDF to produce: where it goes (relative to out_dir), its HTML and its cache key.

    `also` lists further files with the same content (the current version's stable copy)."""

    rel: str
    html: str
    key: str
    also: tuple[str, ...] = ()

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.rel, *self.also)


@cache
def _fonts_digest() -> str:
    """Hash of the shipped font files (the only files the HTML refers to)."""
    digest = hashlib.sha256()
    for path in sorted(pdf_html.FONT_DIR.glob("*.ttf")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_key(rel: str, html: str) -> str:
    """The content hash that decides whether a PDF must be rendered again."""
    parts = {
        "format": CACHE_FORMAT,
        "rel": rel,
        "fonts": _fonts_digest(),
        "weasyprint": weasyprint.__version__,
        "package": pdf_html.package_version(),
        "html": hashlib.sha256(html.encode("utf-8")).hexdigest(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def plan(data: DataSet, site_url: str | None, build_date: dt.date) -> list[Job]:
    """Every PDF of the data set with its HTML: SOPs in lampiran order (current version, then
    the earlier ones), then decree books."""
    opts = pdf_html.options(site_url, build_date)
    flows = {sid: flow_sheets(sop, data.actors) for sid, sop in data.sops.items()}
    jobs: list[Job] = []
    for sid, current in data.sops.items():
        for sop in reversed(versions(data, sid, drafts=True)):
            flow = flows[sid] if sop is current else flow_sheets(sop, data.actors)
            for copy, suffix in (("unduhan", ""), ("resmi", "-resmi")):
                text = pdf_html.sop_html(data, sid, copy, opts, flow, sop)
                own = f"sop/{sid}/v{sop.versi}{suffix}.pdf"
                rels = (f"sop/{sid}{suffix}.pdf", own) if sop is current else (own,)
                jobs.append(Job(rels[0], text, cache_key(rels[0], text), rels[1:]))
    for did in data.decrees:
        rel = f"keputusan/{did}.pdf"
        text = pdf_html.decree_html(data, did, opts, flows)
        jobs.append(Job(rel, text, cache_key(rel, text)))
    return jobs


def _cache_path(cache_dir: Path, job: Job) -> Path:
    return cache_dir / job.rel.removesuffix(".pdf") / f"{job.key}.pdf"


def _publish(source: bytes, target: Path) -> None:
    """Put a PDF into out_dir, leaving an identical existing file untouched."""
    if target.is_file() and target.stat().st_size == len(source) and target.read_bytes() == source:
        return
    write_bytes(target, source)


def _render(html: str, cached: str, targets: tuple[str, ...]) -> tuple[str, ...]:
    """Worker: render one PDF, store it in the cache and publish it (paths as text to pickle)."""
    pdf = html_to_pdf(html)
    write_bytes(Path(cached), pdf)
    for target in targets:
        _publish(pdf, Path(target))
    return targets


def _prune(cache_path: Path) -> None:
    """Drop older cached versions of the same PDF."""
    for old in cache_path.parent.glob("*.pdf"):
        if old != cache_path:
            old.unlink(missing_ok=True)


def build_all(
    data: DataSet,
    out_dir: Path,
    *,
    site_url: str | None,
    cache_dir: Path,
    jobs: int | None = None,
    build_date: dt.date | None = None,
    progress: Progress | None = None,
) -> PdfReport:
    """Render every SOP (both copies) and decree book into out_dir, reusing unchanged PDFs."""
    out_dir, cache_dir = Path(out_dir), Path(cache_dir)
    todo = plan(data, site_url, build_date or default_build_date())
    total = sum(len(job.targets) for job in todo)
    report, pending, done = PdfReport(), [], 0

    def tick(job: Job, into: list[Path]) -> None:
        nonlocal done
        for rel in job.targets:
            into.append(out_dir / rel)
            done += 1
            if progress is not None:
                progress(done, total, rel)

    for job in todo:
        cached = _cache_path(cache_dir, job)
        if cached.is_file():
            source = cached.read_bytes()
            for rel in job.targets:
                _publish(source, out_dir / rel)
            tick(job, report.skipped)
        else:
            pending.append(job)
    for job in _run(pending, cache_dir, out_dir, jobs or os.cpu_count() or 1):
        _prune(_cache_path(cache_dir, job))
        tick(job, report.built)
    log.debug("PDF: %d rendered, %d unchanged", len(report.built), len(report.skipped))
    return report


def _run(pending: list[Job], cache_dir: Path, out_dir: Path, jobs: int) -> Iterator[Job]:
    """Render pending jobs, in worker processes when there is more than one; yield each job."""
    args = {
        job: (job.html, str(_cache_path(cache_dir, job)),
              tuple(str(out_dir / rel) for rel in job.targets))
        for job in pending
    }
    if jobs <= 1 or len(pending) <= 1:
        for job in pending:
            _guarded(job, partial(_render, *args[job]))
            yield job
        return
    with cf.ProcessPoolExecutor(
        max_workers=min(jobs, len(pending)), mp_context=_mp_context()
    ) as pool:
        # Longest first: the decree books are the biggest jobs; started last, one worker would
        # finish a book alone while the other sits idle.
        longest_first = sorted(pending, key=lambda j: len(j.html), reverse=True)
        futures = {pool.submit(_render, *args[job]): job for job in longest_first}
        try:
            for future in cf.as_completed(futures):
                job = futures[future]
                _guarded(job, future.result)
                yield job
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _mp_context() -> multiprocessing.context.BaseContext:
    """Fork when it is safe (one thread: cheap, no re-import of __main__), else spawn."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")  # threaded hosts such as `mkdocs serve`


def _guarded(job: Job, call: Callable[[], object]) -> None:
    """Run one render step; turn a failure into a BuildError naming the PDF."""
    try:
        call()
    except BuildError:
        raise
    except Exception as exc:
        raise BuildError(f"could not render PDF {job.rel}: {type(exc).__name__}: {exc}") from exc


def write_pdf_command(
    data_dir: Path,
    ident: str,
    *,
    out: Path | None = None,
    resmi: bool = False,
    site_url: str | None = None,
) -> Path:
    """`sop pdf ID`: write one SOP's PDF (or a decree book, when ID is a decree) to a file."""
    from sop.pdf import render_decree_pdf, render_sop_pdf

    data = load(data_dir)
    url = site_url if site_url is not None else (data.institution.situs or "")
    if ident in data.sops:
        pdf = render_sop_pdf(data, ident, copy="resmi" if resmi else "unduhan", site_url=url)
        target = out or Path(f"{ident}{'-resmi' if resmi else ''}.pdf")
    elif ident in data.decrees:
        pdf = render_decree_pdf(data, ident, site_url=url)
        target = out or Path(f"{ident}.pdf")
    else:
        known = ", ".join([*data.sops, *data.decrees]) or "none"
        raise BuildError(f"no SOP or keputusan with id '{ident}' in {data_dir} (known: {known})")
    write_bytes(target, pdf)
    return target
