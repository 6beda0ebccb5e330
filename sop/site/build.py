"""`sop build` and `sop serve`: the data set, then the site source, then a site engine.

    load and validate the data set        (sop.dataset)
    start the PDFs in worker processes    (sop.site.session, sop.pdf.build)
    write the site source, incrementally  (sop.site.source: knows no engine)
    write the engine's configuration      (sop.site.engines.<engine>)
    nothing changed since the published build? stop here: the site stays as it is
    run the engine into a staging folder, index it for search (sop.search), add the PDFs,
    swap it in (sop.atomic.replace_dir)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sop import search
from sop.atomic import exclusive, remove_temporaries, replace_dir
from sop.clock import build_date
from sop.dataset import INSTITUTION_FILE, DataSet, display_path, load
from sop.errors import BuildError
from sop.messages import msg
from sop.names import web_address_problem
from sop.revisions import published
from sop.site import engines, memo, session
from sop.site.pages import Options, SiteRenderer
from sop.site.source import SiteSource, write_source

REPO_CONFIG = engines.BASE_CONFIG
DEFAULT_URL = "http://localhost:8000/"
#: The generated site source and the engines' configurations, per kind of build.
WORK_DIR = Path(".cache/site")
#: In the published site: the keys of the build that made it: its inputs (data files, code,
#: settings: sop.site.memo.inputs_key), and what it made of them (site source, configuration,
#: engine, theme overrides, PDF inputs). A build with either key equal runs nothing more.
STAMP = ".sop-build.json"
#: Flowchart drawings by SOP version (sop.site.memo), shared by sop build and sop serve.
DRAWINGS = WORK_DIR / "drawings"
#: Settings from the environment that change what a build makes.
KEY_ENVIRONMENT = ("SITE_URL", "SOP_LANG", "SOURCE_DATE_EPOCH", "SOP_SKIP_PDF")
log = logging.getLogger("sop")


def default_config() -> Path:
    """The project's own mkdocs.yml, next to the sop package: never one found in the working
    folder or the data folder, whose hooks and plugins would run as code."""
    return REPO_CONFIG


def work_dir(drafts: bool) -> Path:
    """Where a build keeps its generated source: public builds and previews apart."""
    return WORK_DIR / ("preview" if drafts else "public")


@contextlib.contextmanager
def _locks(drafts: bool, work: Path) -> Iterator[None]:
    """Hold this build's site source (and its PDF cache, when PDFs are built) alone: another
    build of the same kind in this folder is refused with a message; clear what a killed build
    left half-written in the cache."""
    work.mkdir(parents=True, exist_ok=True)
    with exclusive(work.parent / f"{work.name}.lock", f"{work} in this folder"):
        if not session.pdf_enabled():
            yield
            return
        cache = session.pdf_cache(drafts)
        with exclusive(cache.parent / f"{cache.name}.lock", f"{cache} in this folder"):
            remove_temporaries(cache)
            yield


@contextlib.contextmanager
def _writing() -> Iterator[None]:
    """A folder or disk problem while writing the source or the site: a message."""
    try:
        yield
    except OSError as exc:
        raise _written(exc) from None


def _written(exc: OSError) -> BuildError:
    """A folder or disk problem as a message the user can act on (no traceback)."""
    where = f" {exc.filename}" if exc.filename else ""
    return BuildError(f"cannot write{where}: {exc.strerror or exc}; check that the folder is "
                      "writable and the disk is not full (the published site is unchanged)")


def public_address(data: DataSet) -> str | None:
    """Where the site will be published, for QR codes, PDF footers and the feed: SITE_URL, else
    the institution's `situs`. Neither set: None, and a warning (the localhost default then
    holds, right for a preview only)."""
    address = os.environ.get("SITE_URL") or data.institution.situs
    problem = web_address_problem(address) if address else None
    if problem:  # situs was checked with the data; SITE_URL is checked here, before any use
        raise BuildError(f"SITE_URL: {problem}")
    if not address:
        log.warning(msg("build.no_site_url", file=display_path(data.root / INSTITUTION_FILE),
                        url=DEFAULT_URL))
    return address


@dataclass
class Result:
    """What a build did: the engine run (or not, nothing having changed), pages and PDFs."""

    engine: str
    ran: bool
    pages: int = 0
    pdfs: int = 0
    written: int = 0


@dataclass
class _Prepared:
    data: DataSet
    renderer: SiteRenderer
    source: SiteSource
    config: Path
    key: str


def publish(data_dir: Path | str, site_dir: Path | str, *, strict: bool = True,
            drafts: bool = False, engine: str | None = None,
            work: Path | None = None) -> Result:
    """`sop build`: build the site and its PDFs and swap them in place of `site_dir` at once
    (a failed or killed build leaves the published site as it was). When the data files, the
    code and the settings are those of the published build, nothing is even loaded; when the
    site source, the configuration and the PDFs' inputs are, no engine runs."""
    site_dir = Path(site_dir).resolve()
    work = work or work_dir(drafts)
    binding = engines.get(engine)
    inputs = memo.inputs_key(Path(data_dir), {
        "engine": binding.version(), "drafts": drafts, "strict": strict,
        "pdf": session.pdf_enabled(), "date": build_date(),
        **{name: os.environ.get(name) for name in KEY_ENVIRONMENT}})
    if _unchanged(site_dir, inputs=inputs):  # the data files, code and settings as published
        return Result(binding.name, ran=False)
    data = load(Path(data_dir))  # a DataSetError stops here, before anything is written
    site_url = public_address(data) or DEFAULT_URL
    with _locks(drafts, work), _quiet_mkdocs():
        stage = _start_pdfs(data, site_url, drafts)
        try:
            with _writing():
                ready = _prepare(data, binding, work, site_url=site_url, strict=strict,
                                 drafts=drafts, drawings=DRAWINGS)
            if _unchanged(site_dir, key=ready.key):  # the same source and configuration
                return Result(binding.name, ran=False)
            with replace_dir(site_dir) as staging, _writing():
                result = _run(ready, binding, staging, stage)
                stage = None
                (staging / STAMP).write_text(json.dumps({"key": ready.key, "inputs": inputs}),
                                             encoding="utf-8")
        finally:
            _cancel(stage)
    return result


def _unchanged(site_dir: Path, **expected: str) -> bool:
    """Whether the published site was built from the same inputs (its STAMP says so)."""
    stamp = _stamp(site_dir)
    if not (site_dir / "index.html").is_file() or \
            any(stamp.get(name) != value for name, value in expected.items()):
        return False
    log.info(msg("build.unchanged", site=site_dir))
    return True


def build(data_dir: Path | str, site_dir: Path | str, *, strict: bool = True,
          config_file: Path | None = None, drafts: bool = False, engine: str | None = None,
          work: Path | None = None) -> Result:
    """Validate the data set, then build the whole site (and PDFs) into site_dir, always.

    Drafts are left out unless `drafts` is set (a preview build: drafts shown and marked).
    `config_file` is accepted for compatibility: the configuration is always mkdocs.yml's."""
    site_dir = Path(site_dir).resolve()
    work = work or site_dir.parent / f".{site_dir.name}.source"  # its own, beside the site
    binding = engines.get(engine)
    data = load(Path(data_dir))
    site_url = public_address(data) or DEFAULT_URL
    with _locks(drafts, work), _quiet_mkdocs():
        stage = _start_pdfs(data, site_url, drafts)
        try:
            with _writing():
                ready = _prepare(data, binding, work, site_url=site_url, strict=strict,
                                 drafts=drafts, drawings=work / "drawings")
                site_dir.mkdir(parents=True, exist_ok=True)
                result = _run(ready, binding, site_dir, stage)
            stage = None
        finally:
            _cancel(stage)
    return result


def _start_pdfs(data: DataSet, site_url: str, drafts: bool) -> session.PdfStage | None:
    """The PDFs of the data as published, started before any thread: the workers fork now."""
    if not session.pdf_enabled():
        return None
    return session.start_pdfs(published(data, drafts), site_url, drafts=drafts)


def _prepare(data: DataSet, binding: engines.Engine, work: Path, *, site_url: str,
             strict: bool, drafts: bool, drawings: Path) -> _Prepared:
    """The site source and the engine's configuration written; the build's key."""
    options = Options(pdf_links=session.pdf_enabled(), drafts=drafts, today=build_date())
    search.pagefind_binary()  # installed? (say so before anything is built)
    store = memo.DrawingStore(drawings)
    renderer = SiteRenderer(data, options, store=store)  # drafts removed unless previewing
    started = time.monotonic()
    source = write_source(renderer, work / "docs", site_url,
                          extra_nav=engines.base_config().get("nav") or [])
    store.prune()
    log.info(msg("build.source", files=source.files, written=len(source.written),
                 removed=len(source.removed), seconds=time.monotonic() - started,
                 folder=source.folder))
    config = binding.write_config(work, source, engines.Settings(site_url, strict))
    key = hashlib.sha256("\n".join([
        source.digest, config.read_text(encoding="utf-8"), engines.overrides_digest(),
        binding.version(), str(session.pdf_enabled()),
        _pdf_inputs(renderer.data, site_url) if session.pdf_enabled() else "",
    ]).encode("utf-8")).hexdigest()
    return _Prepared(data, renderer, source, config, key)


def _pdf_inputs(data: DataSet, site_url: str) -> str:
    from sop.pdf.build import inputs_digest

    return inputs_digest(data, site_url, build_date())


def _run(ready: _Prepared, binding: engines.Engine, site_dir: Path,
         stage: session.PdfStage | None) -> Result:
    """Run the engine into site_dir, index it for search, publish the PDFs into it."""
    settings = search.load_settings(ready.data.root)
    started = time.monotonic()
    binding.build(ready.config, site_dir)
    log.info(msg("build.engine_done", engine=binding.name, seconds=time.monotonic() - started))
    search.index_site(site_dir, settings, ready.renderer.data)
    if stage is not None:
        session.finish_pdfs(stage, str(site_dir))
    return Result(binding.name, ran=True,
                  pages=sum(1 for _ in site_dir.rglob("*.html")),
                  pdfs=sum(1 for _ in site_dir.glob("pdf/**/*.pdf")),
                  written=len(ready.source.written))


def _cancel(stage: session.PdfStage | None) -> None:
    if stage is not None:
        session.cancel_pdfs(stage)


def _stamp(site_dir: Path) -> dict[str, str]:
    """The keys of the build that made the published site (its STAMP file)."""
    try:
        value = json.loads((site_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


@contextlib.contextmanager
def _quiet_mkdocs() -> Iterator[None]:
    """No MkDocs 2.0 banner from Material during the build."""
    old = os.environ.get("NO_MKDOCS_2_WARNING")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("NO_MKDOCS_2_WARNING", None)
        else:
            os.environ["NO_MKDOCS_2_WARNING"] = old
