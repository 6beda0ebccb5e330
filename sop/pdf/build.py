"""Build every PDF of a data set: both copies of each SOP and each decree book.

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
from sop.dataset import DataSet, load
from sop.errors import BuildError
from sop.pdf import html as pdf_html
from sop.pdf.flow import flow_sheets
from sop.pdf.writer import html_to_pdf

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
    """One PDF to produce: where it goes (relative to out_dir), its HTML and its cache key."""

    rel: str
    html: str
    key: str


def default_build_date() -> dt.date:
    """The date printed on copies: from SOURCE_DATE_EPOCH when set (reproducible), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError) as exc:
            raise BuildError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from exc
    return dt.date.today()


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
    """Every PDF of the data set with its HTML: SOPs in lampiran order, then decree books."""
    opts = pdf_html.options(site_url, build_date)
    flows = {sid: flow_sheets(sop, data.actors) for sid, sop in data.sops.items()}
    pairs: list[tuple[str, str]] = []
    for sid in data.sops:
        pairs.append((f"sop/{sid}.pdf", pdf_html.sop_html(data, sid, "unduhan", opts, flows[sid])))
        pairs.append(
            (f"sop/{sid}-resmi.pdf", pdf_html.sop_html(data, sid, "resmi", opts, flows[sid]))
        )
    for did in data.decrees:
        pairs.append((f"keputusan/{did}.pdf", pdf_html.decree_html(data, did, opts, flows)))
    return [Job(rel, text, cache_key(rel, text)) for rel, text in pairs]


def _cache_path(cache_dir: Path, job: Job) -> Path:
    return cache_dir / job.rel.removesuffix(".pdf") / f"{job.key}.pdf"


def _publish(source: bytes, target: Path) -> None:
    """Put a PDF into out_dir, leaving an identical existing file untouched."""
    if target.is_file() and target.stat().st_size == len(source) and target.read_bytes() == source:
        return
    write_bytes(target, source)


def _render(html: str, cached: str, target: str) -> str:
    """Worker: render one PDF, store it in the cache and publish it (paths as text to pickle)."""
    pdf = html_to_pdf(html)
    write_bytes(Path(cached), pdf)
    _publish(pdf, Path(target))
    return target


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
    report, pending, done = PdfReport(), [], 0

    def tick(name: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(todo), name)

    for job in todo:
        cached = _cache_path(cache_dir, job)
        if cached.is_file():
            _publish(cached.read_bytes(), out_dir / job.rel)
            report.skipped.append(out_dir / job.rel)
            tick(job.rel)
        else:
            pending.append(job)
    for job in _run(pending, cache_dir, out_dir, jobs or os.cpu_count() or 1):
        _prune(_cache_path(cache_dir, job))
        report.built.append(out_dir / job.rel)
        tick(job.rel)
    log.info("PDF: %d rendered, %d unchanged", len(report.built), len(report.skipped))
    return report


def _run(pending: list[Job], cache_dir: Path, out_dir: Path, jobs: int) -> Iterator[Job]:
    """Render pending jobs, in worker processes when there is more than one; yield each job."""
    args = {
        job: (job.html, str(_cache_path(cache_dir, job)), str(out_dir / job.rel)) for job in pending
    }
    if jobs <= 1 or len(pending) <= 1:
        for job in pending:
            _guarded(job, partial(_render, *args[job]))
            yield job
        return
    with cf.ProcessPoolExecutor(
        max_workers=min(jobs, len(pending)), mp_context=_mp_context()
    ) as pool:
        futures = {pool.submit(_render, *args[job]): job for job in pending}
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
