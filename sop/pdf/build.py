"""Build every PDF of a data set: both copies of every SOP version and each decree book.

Each version of an SOP (data.archive plus the current one) gets `sop/<id>/v<N>.pdf` and
`sop/<id>/v<N>-resmi.pdf`; the current version is also `sop/<id>.pdf` and `sop/<id>-resmi.pdf`
(same bytes, made once). A version's PDF depends only on that version's data, so it stays
byte for byte the same when newer versions are published. Drafts are rendered like any version:
callers that publish pass the published view (sop.site.published) so that drafts never appear.

WeasyPrint (slow, run in parallel) lays out each SOP version once, as the official copy
(`-resmi`); the downloadable copy is that PDF with its footer stamped on (sop.pdf.stamp). The
HTML of every PDF is rendered first (cheap), and each file has its own cache key: the official
copy's and the decree book's hash their HTML, which already holds all model data, the templates
and page rules, the logo and QR (inline) and the site URL, together with the shared CSS, the
font files and the tool versions; the downloadable copy's hashes the official key and its
footer (sop.pdf.footer, which holds the build date). So a new day only stamps again.

Decree books come second: WeasyPrint renders only a book's own pages (cover, keputusan, daftar
isi, chapters, penutup) and sop.pdf.book joins the lampiran's official copies in, so no SOP is
laid out twice. The own pages are a file of the cache of their own, keyed by their HTML (which
holds the SOPs' page counts): they render while the SOPs do, with the page counts the copies
have when no sheet runs over (Job.expected_pages), and render again only when a copy turns out
longer. A book whose page counts are unchanged is joined again without laying anything out. A
book's key hashes its own pages' key and the official copies' keys. Files appear atomically.

Workers write the cache only; out_dir gets the files at the end, copied from the cache, so a
failed build publishes nothing. PdfBuild splits a build in two: start() (the workers render while
the caller builds the site) and finish(out_dir) (wait, then publish); build_all does both.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import datetime as dt
import gc
import hashlib
import io
import itertools
import json
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sop.atomic import write_bytes
from sop.clock import build_date as default_build_date
from sop.dataset import DataSet, load
from sop.errors import BuildError
from sop.model import Sop
from sop.pdf import procs, sources
from sop.revisions import versions

if TYPE_CHECKING:  # the templates and the flowchart engine load when something is planned
    from sop.pdf.context import Options
    from sop.pdf.flow import FlowSheets

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
T = TypeVar("T")
CACHE_FORMAT = "sop-pdf-cache/2"  # 2: PDF/A-3b
MANIFEST_FORMAT = "sop-pdf-manifest/1"
MANIFEST = "manifest.json"
"""In the cache folder: the inputs digest of the last complete build and the files it made, so
that a build with nothing changed publishes them without planning anything."""


@dataclass
class PdfReport:
    """What a build did: PDFs made now (rendered or stamped) and PDFs taken unchanged from the
    cache."""

    built: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Output:
    """One PDF: where it goes (relative to out_dir), the HTML it is made from and its cache key.

    `also` lists further files with the same content (the current version's stable copy)."""

    rel: str
    html: str
    key: str
    also: tuple[str, ...] = ()

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.rel, *self.also)


@dataclass(frozen=True)
class Job(Output):
    """An SOP version's official copy, which WeasyPrint renders from `html`, and the
    downloadable copy stamped onto it (`stamp.html` is its footer, sop.pdf.footer.Footer as
    JSON)."""

    stamp: Output | None = None
    expected_pages: int = 0
    """The official copy's page count if no sheet runs over (see _expected_pages)."""

    @property
    def outputs(self) -> tuple[Output, ...]:
        return (self,) if self.stamp is None else (self, self.stamp)


@cache
def _fonts_digest() -> str:
    """Hash of the shipped font files (the only files the HTML refers to)."""
    digest = hashlib.sha256()
    for path in sorted(sources.FONT_DIR.glob("*.ttf")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _digest(parts: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


@cache
def _version(dist: str) -> str:
    """An installed package's version, read without importing it."""
    return metadata.version(dist)


@cache
def _code_digest() -> str:
    """Hash of the package's code and templates: a new release renders everything again."""
    digest = hashlib.sha256()
    root = sources.PACKAGE_DIR
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".html", ".css", ".j2"} and path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def inputs_digest(data: DataSet, site_url: str | None, day: dt.date) -> str:
    """Everything the PDFs of a build are made from: the data (models and logo), the options,
    the code, templates, fonts and tool versions. Equal digests, equal PDFs."""
    digest = hashlib.sha256()
    fixed = (
        MANIFEST_FORMAT,
        site_url or "",
        day.isoformat(),
        _version("weasyprint"),
        _version("pypdf"),
        sources.package_version(),
        _fonts_digest(),
        _code_digest(),
        sources.logo_uri(data) or "",
    )
    models = (
        data.institution,
        *data.regulations.values(),
        *data.decrees.values(),
        *data.sops.values(),
        *(sop for old in data.archive.values() for sop in old),
    )
    for part in (*fixed, *(model.model_dump_json() for model in models)):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def cache_key(rel: str, html: str) -> str:
    """The content hash that decides whether a PDF must be rendered again."""
    from sop.pdf import html as pdf_html

    return _digest(
        {
            "format": CACHE_FORMAT,
            "rel": rel,
            "fonts": _fonts_digest(),
            "css": hashlib.sha256(pdf_html.shared_css().encode("utf-8")).hexdigest(),
            "weasyprint": _version("weasyprint"),
            "package": sources.package_version(),
            "html": hashlib.sha256(html.encode("utf-8")).hexdigest(),
        }
    )


def stamp_key(rel: str, official_key: str, footer: str) -> str:
    """The content hash that decides whether a downloadable copy must be stamped again."""
    return _digest(
        {
            "format": sources.STAMP_FORMAT,
            "rel": rel,
            "official": official_key,
            "pypdf": _version("pypdf"),
            "footer": hashlib.sha256(footer.encode("utf-8")).hexdigest(),
        }
    )


def plan(
    data: DataSet, site_url: str | None, build_date: dt.date, planned: Sequence[Job] = ()
) -> Iterator[Job]:
    """Every SOP version's PDFs with their HTML (current version, then the earlier ones), one at
    a time: workers start on the first while the rest are planned. `planned`: the first ones,
    already planned (by the helper process of _preload). Decree books come after (_Books)."""
    from sop.pdf import html as pdf_html

    opts = pdf_html.options(site_url, build_date)
    # Biggest SOPs first (steps x actors, a proxy of render time): a big one started last
    # would keep one worker busy while the others sit idle.
    by_size = sorted(data.sops.items(), key=lambda item: -_size(item[1]))
    sops = [
        (sop, sop is current)
        for sid, current in by_size
        for sop in reversed(versions(data, sid, drafts=True))
    ]
    yield from planned
    for sop, current in sops[len(planned) :]:
        yield _sop_job(data, sop, opts, pdf_html.sop_flow(data, sop), current=current)


def _size(sop: Sop) -> int:
    return len(sop.steps) * len({actor for step in sop.steps for actor in step.actors})


def _file_count(data: DataSet) -> int:
    """How many files build_all writes: 2 copies of each SOP version (the current one under two
    names each) and a book per decree."""
    versions_ = sum(len(versions(data, sid, drafts=True)) for sid in data.sops)
    return 2 * versions_ + 2 * len(data.sops) + len(data.decrees)


def _expected_pages(data: DataSet, sop: Sop, flow: FlowSheets) -> int:
    """An official copy's pages when no sheet runs over (templates/pdf/sheets.html): the
    identity sheet with the parts before the flowchart, each flowchart page, and the parts
    after it if any."""
    from sop.pdf.context import printed_parts

    return 1 + len(flow.pages) + any(p.after_flow for p in printed_parts(data, sop))


def _sop_job(data: DataSet, sop: Sop, opts: Options, flow: FlowSheets, *, current: bool) -> Job:
    """Both copies of one SOP version: the official one rendered, the downloadable stamped."""
    from sop.pdf import html as pdf_html

    def rels(suffix: str) -> tuple[str, ...]:
        own = f"sop/{sop.id}/v{sop.versi}{suffix}.pdf"
        return (f"sop/{sop.id}{suffix}.pdf", own) if current else (own,)

    official, downloadable = rels("-resmi"), rels("")
    text = pdf_html.sop_html(data, sop.id, "resmi", opts, flow, sop)
    key = cache_key(official[0], text)
    note = pdf_html.stamp_footer(data, sop.id, opts, sop).encode()
    copy = Output(downloadable[0], note, stamp_key(downloadable[0], key, note), downloadable[1:])
    pages = _expected_pages(data, sop, flow)
    return Job(official[0], text, key, official[1:], stamp=copy, expected_pages=pages)


@dataclass(frozen=True)
class BookJob(Output):
    """A decree book: its own pages (a cache file of their own) and the cache files of the
    lampiran's official copies (current versions, lampiran order), which sop.pdf.book joins."""

    pages: Output | None = None
    lampiran: tuple[str, ...] = ()
    officials: tuple[str, ...] = ()


def book_pages(data: DataSet, decree_id: str, opts: Options, counts: list[int]) -> Output:
    """A decree book's own pages, laid out for the lampiran's page counts `counts` (a file of
    the cache only, never published)."""
    from sop.pdf import html as pdf_html

    rel = f"keputusan/{decree_id}/halaman.pdf"
    text = pdf_html.book_html(data, decree_id, opts, counts)
    return Output(rel, text, cache_key(rel, text))


def _page_count(pdf: Path | io.BytesIO) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


class _Books:
    """Plans the decree books: their own pages as soon as the official copies they list are
    planned (laid out for the copies' page counts: the real one of a copy already in the cache,
    the expected one of a copy this build renders), the books once the copies exist."""

    def __init__(self, data: DataSet, opts: Options, cache_dir: Path, counts: Counts) -> None:
        self.data, self.opts, self.cache_dir = data, opts, cache_dir
        self.officials: dict[str, Job] = {}  # current versions' official copies, by SOP id
        self.rendered: set[str] = set()  # the SOPs whose official copy this build renders
        self.waiting = {did: set(d.lampiran) for did, d in data.decrees.items()}
        self.counts = counts  # page counts by cache file: the workers', and those read here
        self.laid: dict[str, tuple[list[int], Output]] = {}  # own pages by decree, with counts

    def planned(self, sid: str, job: Job, rendered: bool) -> Iterator[tuple[str, Output]]:
        """Note an official copy (`rendered` by this build, or in the cache); each book that now
        has all its copies planned, with its own pages."""
        self.officials[sid] = job
        if rendered:
            self.rendered.add(sid)
        for did, missing in self.waiting.items():
            missing.discard(sid)
            if not missing:
                yield f"keputusan/{did}.pdf", self.pages(did, exact=False)
        self.waiting = {did: missing for did, missing in self.waiting.items() if missing}

    def pages(self, did: str, *, exact: bool) -> Output:
        counts = [
            self.officials[sid].expected_pages
            if not exact and sid in self.rendered
            else self._count(self.officials[sid])
            for sid in self.data.decrees[did].lampiran
        ]
        if did not in self.laid or self.laid[did][0] != counts:  # the HTML is not cheap
            self.laid[did] = counts, book_pages(self.data, did, self.opts, counts)
        return self.laid[did][1]

    def books(self) -> Iterator[BookJob]:
        """Every book, the biggest first, one at a time: workers join the first while the next
        one is planned (the workers report the page counts of the copies they made; a copy
        taken from the cache is read here, about 7 ms a PDF)."""
        decrees = sorted(self.data.decrees.items(), key=lambda item: -len(item[1].lampiran))
        for did, decree in decrees:
            parts = [self.officials[sid] for sid in decree.lampiran]
            files = tuple(str(_cache_path(self.cache_dir, out)) for out in parts)
            pages = self.pages(did, exact=True)
            key = _digest({"pages": pages.key, "officials": ",".join(o.key for o in parts)})
            yield BookJob(f"keputusan/{did}.pdf", "", key, pages=pages,
                          lampiran=tuple(decree.lampiran), officials=files)

    def _count(self, job: Job) -> int:
        path = str(_cache_path(self.cache_dir, job))
        if path not in self.counts:
            self.counts[path] = _page_count(Path(path))
        return self.counts[path]


def _cache_path(cache_dir: Path, out: Output) -> Path:
    return cache_dir / out.rel.removesuffix(".pdf") / f"{out.key}.pdf"


def _publish(source: bytes, target: Path) -> None:
    """Put a PDF into out_dir, leaving an identical existing file untouched."""
    if target.is_file() and target.stat().st_size == len(source) and target.read_bytes() == source:
        return
    write_bytes(target, source)


Task = tuple[str, str | None, str]
"""A worker's share of one output: its name, HTML (None: take the cached file) and cache file,
all as text to pickle."""
Counts = dict[str, int]
"""Page counts of official copies by cache file: what a worker reports of the copies it made
(the decree books need them), so that they are not read again."""


def _rendered(task: Task, name: str | None = None) -> bytes:
    """A PDF rendered by WeasyPrint and stored in the cache, or read from the cache if its
    HTML is None; a failure names the PDF `name` (else the task's own)."""
    from sop.pdf import writer

    rel, html, cached = task
    if html is None:
        return Path(cached).read_bytes()
    pdf = _named(name or rel, partial(writer.html_to_pdf, html))
    _store(pdf, cached)
    return pdf


def _render(first: Task, then: Task | None = None, count: bool = False) -> Counts:
    """Worker: render one PDF (or read it from the cache) and, if asked, stamp the
    downloadable copy onto it; store each made file in the cache; report the first's pages if
    asked (a current version's official copy, which a decree book joins)."""
    from sop.pdf import stamp
    from sop.pdf.footer import Footer

    pdf = _rendered(first)
    if then is not None:
        rel, note, cached = then
        assert note is not None
        _store(_named(rel, partial(stamp.downloadable, pdf, Footer.decode(note))), cached)
    return {first[2]: _page_count(io.BytesIO(pdf))} if count else {}


def _render_pages(pages: Task, book: str) -> Counts:
    """Worker: render a decree book's own pages into the cache (errors name the book)."""
    _rendered(pages, book)
    return {}


def _assemble(
    task: Task, pages: Task, lampiran: tuple[str, ...], officials: tuple[str, ...]
) -> Counts:
    """Worker: join a decree book's own pages (rendered now unless cached) and the official
    copies."""
    from sop.pdf import book

    rel, _, cached = task
    own = _rendered(pages, rel)
    parts = [Path(path).read_bytes() for path in officials]
    _store(_named(rel, partial(book.join, own, list(lampiran), parts)), cached)
    return {}


def _store(pdf: bytes, cached: str) -> None:
    """Put a made PDF into the cache (workers never write out_dir: PdfBuild.finish publishes)."""
    write_bytes(Path(cached), pdf)


def _named(rel: str, call: Callable[[], T]) -> T:
    """Run one step (render, stamp, join, or a whole piece of work); turn a failure into a
    BuildError naming the PDF."""
    try:
        return call()
    except BuildError:
        raise
    except Exception as exc:
        raise BuildError(f"could not render PDF {rel}: {type(exc).__name__}: {exc}") from exc


def _prune(cache_path: Path) -> None:
    """Drop older cached versions of the same PDF."""
    for old in cache_path.parent.glob("*.pdf"):
        if old != cache_path:
            old.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Work:
    """One unit of work for a worker process: the PDF its errors name, the files it makes
    (published ones, then ones only kept in the cache) and its call."""

    name: str
    made: tuple[Output, ...]
    call: Callable[..., Counts]
    args: tuple[Any, ...]
    kept: tuple[Output, ...] = ()
    first: bool = False
    """Sent to the workers ahead of the planned work still waiting (see _pooled)."""


Runner = Callable[[Iterable[_Work]], Iterator[tuple[_Work, Counts]]]
"""Does pending work (in worker processes or here) and yields each piece when it is done, with
the page counts it reports."""


class _Builder:
    """One build's bookkeeping: which files the cache lacks (work for the workers), every file
    of the build (made now or reused) and progress; publish() then copies them into out_dir."""

    def __init__(self, cache_dir: Path, total: int, progress: Progress | None) -> None:
        self.cache_dir, self.total, self.progress, self.done = cache_dir, total, progress, 0
        self.files: list[tuple[Output, bool]] = []  # every file of the build; made now?
        self.counts: Counts = {}  # page counts the workers reported

    def tick(self, out: Output, made: bool) -> None:
        self.files.append((out, made))
        for rel in out.targets:
            self.done += 1
            if self.progress is not None:
                self.progress(self.done, self.total, rel)

    def cached(self, out: Output) -> bool:
        return _cache_path(self.cache_dir, out).is_file()

    def task(self, out: Output, html: str | None) -> Task:
        return (out.rel, html, str(_cache_path(self.cache_dir, out)))

    def sop_work(self, job: Job) -> _Work | None:
        """Render the official copy and/or stamp the downloadable one, whichever is missing."""
        render = not self.cached(job)
        copy = job.stamp if job.stamp is not None and not self.cached(job.stamp) else None
        for out in job.outputs:
            if out is not copy and not (render and out is job):
                self.tick(out, made=False)
        if not render and copy is None:
            return None
        then = self.task(copy, copy.html) if copy is not None else None
        made = (*((job,) if render else ()), *((copy,) if copy is not None else ()))
        first = self.task(job, job.html if render else None)
        return _Work(made[0].rel, made, _render, (first, then, bool(job.also)))

    def pages_work(self, pages: Output, book: str) -> _Work | None:
        """Render a book's own pages ahead of the book, unless they are in the cache."""
        if self.cached(pages):
            return None
        args = (self.task(pages, pages.html), book)
        return _Work(book, (), _render_pages, args, kept=(pages,), first=True)

    def book_work(self, job: BookJob) -> _Work | None:
        """Join the book (and render its own pages first if the cache lacks them)."""
        if self.cached(job):
            self.tick(job, made=False)
            return None
        assert job.pages is not None
        fresh = not self.cached(job.pages)
        pages = self.task(job.pages, job.pages.html if fresh else None)
        if fresh:
            log.debug("PDF: %s: page counts differ from the expected ones", job.rel)
        args = (self.task(job, None), pages, job.lampiran, job.officials)
        return _Work(job.rel, (job,), _assemble, args, kept=(job.pages,) if fresh else ())

    def reuse_manifest(self, digest: str) -> bool:
        """Take the last build's files if it was made from the same inputs."""
        try:
            manifest = json.loads((self.cache_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        outputs = [Output(rel, "", key, tuple(also)) for rel, key, also in manifest["files"]]
        if manifest.get("digest") != digest or not all(self.cached(out) for out in outputs):
            return False
        for out in outputs:
            self.tick(out, made=False)
        return True

    def save_manifest(self, digest: str) -> None:
        files = [(out.rel, out.key, list(out.also)) for out, _ in self.files]
        text = json.dumps({"digest": digest, "files": files}, indent=0)
        write_bytes(self.cache_dir / MANIFEST, text.encode("utf-8"))

    def run(self, works: Iterable[_Work | None], runner: Runner) -> None:
        for work, counts in runner(w for w in works if w is not None):
            self.counts.update(counts)
            for out in work.kept:
                _prune(_cache_path(self.cache_dir, out))
            for out in work.made:
                _prune(_cache_path(self.cache_dir, out))
                self.tick(out, made=True)

    def publish(self, out_dir: Path) -> PdfReport:
        """Copy every file of the build from the cache to its targets in out_dir."""
        report = PdfReport()
        for out, made in self.files:
            source = _cache_path(self.cache_dir, out).read_bytes()
            for rel in out.targets:
                _publish(source, out_dir / rel)
                (report.built if made else report.skipped).append(out_dir / rel)
        return report


class _Cancelled(Exception):
    """PdfBuild.cancel() was called: plan no more work."""


class PdfBuild:
    """Every PDF of a data set in two steps, so that they render while the caller does other
    work (the site build): start() forks the workers and feeds them from a background thread;
    the made files go to the cache only; finish(out_dir) waits, then publishes them all into
    out_dir. A failure leaves out_dir untouched and surfaces in finish()."""

    def __init__(
        self,
        data: DataSet,
        *,
        site_url: str | None,
        cache_dir: Path,
        jobs: int | None = None,
        build_date: dt.date | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.data, self.site_url = data, site_url
        self.day = build_date or default_build_date()
        self.jobs = jobs or os.cpu_count() or 1
        self.builder = _Builder(Path(cache_dir), _file_count(data), progress)
        self._pool: cf.ProcessPoolExecutor | None = None
        self._feeder: threading.Thread | None = None
        self._error: BaseException | None = None
        self._stop = threading.Event()
        self._inputs: str | None = None  # inputs_digest, once asked
        self._planned: list[Job] = []  # the first jobs, planned while the renderers load
        self._reused = False

    def start(self) -> bool:
        """Start rendering in the background; call it from the main thread before starting any
        other thread. False when it cannot (one job, or threads running: forking is unsafe) or
        need not (nothing changed since the last build); finish() then does what is left."""
        if self._feeder is not None or self.jobs <= 1 or not procs.fork_is_safe():
            return False
        if self._unchanged():  # nothing to render: no workers to start
            return False
        first = partial(_first_jobs, self.data, self.site_url, self.day, self.jobs * AHEAD)
        self._pool, self._planned = _forked_pool(self.jobs, first)  # before the feeder thread
        self._feeder = threading.Thread(target=self._feed, name="sop-pdf", daemon=True)
        self._feeder.start()
        return True

    def finish(self, out_dir: Path) -> PdfReport:
        """Wait for every PDF (or make them now if start() did not) and publish them into
        out_dir; a failed PDF raises its BuildError here, before anything is published."""
        if self._feeder is None:
            self._make(partial(_run, jobs=self.jobs))
        else:
            self._close()
            if self._error is not None:
                raise self._error
        report = self.builder.publish(Path(out_dir))
        log.debug("PDF: %d made, %d unchanged", len(report.built), len(report.skipped))
        return report

    def cancel(self) -> None:
        """Stop early (the site build failed): plan no more work and wait for the running
        workers, so that no cache file is left half-written."""
        self._stop.set()
        self._close()

    def _feed(self) -> None:
        """The background thread: all the work, in the forked workers."""
        assert self._pool is not None
        try:
            self._make(partial(_pooled, self._pool, jobs=self.jobs))
        except BaseException as exc:  # re-raised by finish()
            self._error = exc

    def _close(self) -> None:
        if self._feeder is not None:
            self._feeder.join()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _until_stopped(self, works: Iterable[T]) -> Iterator[T]:
        for work in works:
            if self._stop.is_set():
                raise _Cancelled
            yield work

    def _unchanged(self) -> bool:
        """Whether the last build was made from the same inputs (its files are then taken
        as they are); asked once."""
        if self._inputs is None:
            self._inputs = inputs_digest(self.data, self.site_url, self.day)
            self._reused = self.builder.reuse_manifest(self._inputs)
            if self._reused:
                log.debug("PDF: nothing changed since the last build (%s)", MANIFEST)
        return self._reused

    def _make(self, runner: Runner) -> None:
        """Every file into the cache: the SOPs' copies, then the decree books (which join the
        official copies in); or nothing at all when the manifest says nothing changed."""
        builder, site_url, day = self.builder, self.site_url, self.day
        if self._unchanged():
            return
        from sop.pdf import html as pdf_html

        opts = pdf_html.options(site_url, day)
        books = _Books(self.data, opts, builder.cache_dir, builder.counts)

        def sop_works() -> Iterator[_Work | None]:
            for job in plan(self.data, site_url, day, self._planned):
                work = builder.sop_work(job)
                if job.also:  # the current version: also sop/<id>-resmi.pdf
                    sid = job.rel.removeprefix("sop/").removesuffix("-resmi.pdf")
                    rendered = work is not None and job in work.made
                    # a book's own pages (longer than most SOPs) go ahead of the SOP that
                    # completes them, so that no worker waits for them alone at the end
                    for book, pages in books.planned(sid, job, rendered):
                        yield builder.pages_work(pages, book)
                yield work

        builder.run(self._until_stopped(sop_works()), runner)
        builder.run(self._until_stopped(builder.book_work(job) for job in books.books()), runner)
        assert self._inputs is not None  # set by _unchanged()
        builder.save_manifest(self._inputs)


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
    pdfs = PdfBuild(
        data,
        site_url=site_url,
        cache_dir=cache_dir,
        jobs=jobs,
        build_date=build_date,
        progress=progress,
    )
    pdfs.start()
    return pdfs.finish(Path(out_dir))


AHEAD = 4
"""Work items planned ahead per worker: enough to keep workers busy, few enough that the HTML
of a thousand SOPs never sits in memory at once."""


def _run(pending: Iterable[_Work], jobs: int) -> Iterator[tuple[_Work, Counts]]:
    """Do the pending work as it comes, in worker processes when there is more than one job;
    yield each piece of work when it is done."""
    if jobs <= 1:
        for work in pending:
            yield work, _named(work.name, partial(work.call, *work.args))
        return
    context = procs.mp_context()
    if context.get_start_method() == "fork":
        _preload()  # forked workers inherit the renderers; spawned ones load them themselves
    gc.freeze()  # forked workers then leave the parent's objects (and its pages) alone
    try:
        with procs.pool(jobs, context) as pool:
            yield from _pooled(pool, pending, jobs)
    finally:
        gc.unfreeze()


def _pooled(
    pool: cf.Executor, pending: Iterable[_Work], jobs: int
) -> Iterator[tuple[_Work, Counts]]:
    """Plan up to AHEAD pieces of work a worker ahead, but send each of the `jobs` workers only
    one more than it runs (enough that none waits while this thread plans, with the site build
    holding the GIL): work planned late but marked `first` (a book's own pages, longer than most
    SOPs, which can only be planned after its last SOP) then starts soon, instead of last in the
    pool's queue with one worker left to do it alone at the end."""
    futures: dict[cf.Future[Counts], _Work] = {}
    waiting: collections.deque[_Work] = collections.deque()
    planned = iter(pending)
    try:
        while True:
            for future in [f for f in futures if f.done()]:
                yield _finished(futures.pop(future), future)
            while waiting and len(futures) < 2 * jobs:
                work = waiting.popleft()
                futures[pool.submit(work.call, *work.args)] = work
            if len(waiting) + len(futures) < jobs * AHEAD and (new := next(planned, None)):
                if new.first:
                    waiting.appendleft(new)
                else:
                    waiting.append(new)
            elif futures:
                cf.wait(futures, return_when=cf.FIRST_COMPLETED)
            else:
                return
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise


def _finished(work: _Work, future: cf.Future[Counts]) -> tuple[_Work, Counts]:
    return work, _named(work.name, future.result)


def _preload(first: Callable[[], list[Job]] | None = None) -> list[Job]:
    """Load the renderers (WeasyPrint, pypdf, fontTools) and the shared stylesheets and fonts
    here, before forking, so that every worker starts with them. They load only when there is
    something to render: a build with nothing changed never needs them. Meanwhile a forked
    helper, on a core that would sit idle, cuts the flowchart fonts (about 0.3 s) and plans the
    `first` jobs (AHEAD a worker, about 0.02-0.05 s each), which the workers then start on at
    once while this process plans no more than the feeder keeps ahead; like the workers, it is
    forked only where forking is safe (this thread alone), and it is gone before they are."""
    from sop.pdf import flowtext

    def cut_and_plan() -> tuple[dict[bool, bytes], list[Job]]:
        cuts = flowtext.latin_cuts()
        try:
            return cuts, first() if first else []
        except Exception:  # the feeder plans them again and reports the error where it does
            return cuts, []

    helper = procs.in_child(cut_and_plan)
    from sop.pdf import book, stamp, writer  # noqa: F401

    cuts, planned = helper()
    writer.preload(cuts)
    return planned


def _first_jobs(data: DataSet, site_url: str | None, day: dt.date, count: int) -> list[Job]:
    return list(itertools.islice(plan(data, site_url, day), count))


def _forked_pool(
    jobs: int, first: Callable[[], list[Job]]
) -> tuple[cf.ProcessPoolExecutor, list[Job]]:
    """A pool whose workers are all forked now, from this thread (a fork pool starts them all
    at its first task), so that no thread started later is half-copied into them; and the
    `first` jobs, planned meanwhile (_preload)."""
    planned = _preload(first)
    gc.freeze()  # the workers then leave the parent's objects (and its pages) alone
    try:
        pool = procs.pool(jobs, multiprocessing.get_context("fork"))
        pool.submit(int).result()
    finally:
        gc.unfreeze()
    return pool, planned


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
