"""`sop build` and `sop serve`: run MkDocs on mkdocs.yml with a chosen data folder."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from sop.atomic import exclusive, remove_temporaries
from sop.dataset import INSTITUTION_FILE, DataSet, display_path, load
from sop.errors import BuildError
from sop.names import web_address_problem
from sop.site import session

REPO_CONFIG = Path(__file__).resolve().parent.parent.parent / "mkdocs.yml"
log = logging.getLogger("sop")


def default_config() -> Path:
    """The project's own mkdocs.yml, next to the sop package: never one found in the working
    folder or the data folder, whose hooks and plugins would run as code."""
    return REPO_CONFIG


@contextlib.contextmanager
def _cache_lock(drafts: bool) -> Iterator[None]:
    """Hold this build's PDF cache alone (another build of the same kind in this folder is
    refused with a message) and clear what a killed build left half-written in it. A build
    without PDFs (SOP_SKIP_PDF=1) leaves the cache alone and needs no lock."""
    if not session.pdf_enabled():
        yield
        return
    cache = session.pdf_cache(drafts)
    with exclusive(cache.parent / f"{cache.name}.lock", f"{cache} in this folder"):
        remove_temporaries(cache)
        yield


def _written(exc: OSError) -> BuildError:
    """A folder or disk problem as a message the user can act on (no traceback)."""
    where = f" {exc.filename}" if exc.filename else ""
    return BuildError(f"cannot write{where}: {exc.strerror or exc}; check that the folder is "
                      "writable and the disk is not full (the published site is unchanged)")


@contextlib.contextmanager
def _data_env(data_dir: Path, drafts: bool = False) -> Iterator[None]:
    """Point the MkDocs hooks at `data_dir` (SOP_DATA), and say whether drafts are shown
    (SOP_DRAFTS), for the duration of the build."""
    values = {session.DATA_ENV: str(data_dir.resolve()), session.DRAFTS_ENV: "1" if drafts else "0"}
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def public_address(data: DataSet) -> str | None:
    """Where the site will be published, for QR codes, PDF footers and the feed: SITE_URL, else
    the institution's `situs`. Neither set: None, and a warning (mkdocs.yml's localhost
    default then holds, right for a preview only)."""
    address = os.environ.get("SITE_URL") or data.institution.situs
    problem = web_address_problem(address) if address else None
    if problem:  # situs was checked with the data; SITE_URL is checked here, before any use
        raise BuildError(f"SITE_URL: {problem}")
    if not address:
        log.warning(
            "SITE_URL is not set and %s has no 'situs': QR codes, PDF footers and the feed "
            "point at http://localhost:8000/, right for a local preview only",
            display_path(data.root / INSTITUTION_FILE),
        )
    return address


def build(data_dir: Path | str, site_dir: Path | str, *, strict: bool = True,
          config_file: Path | None = None, drafts: bool = False) -> None:
    """Validate the data set, then build the whole site (and PDFs) into site_dir.

    Drafts are left out unless `drafts` is set (a preview build: drafts shown and marked)."""
    data_dir = Path(data_dir)
    data = load(data_dir)  # a DataSetError stops here, before MkDocs starts
    session.preload(data)
    address = public_address(data)
    with _cache_lock(drafts), _data_env(data_dir, drafts):
        try:
            cfg = load_config(str(config_file or default_config()),
                              site_dir=str(Path(site_dir).resolve()), strict=strict,
                              **({"site_url": address} if address else {}))
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build.build(cfg)
            finally:
                cfg.plugins.on_shutdown()
        except (Abort, ConfigurationError) as exc:
            raise BuildError(f"site build failed: {exc}") from None
        except OSError as exc:
            raise _written(exc) from None


def serve(data_dir: Path | str, dev_addr: str = "127.0.0.1:8000", *,
          config_file: Path | None = None, drafts: bool = False) -> None:
    """Preview the site with live reload; edits to the data folder rebuild it.

    With `drafts`, draft versions are shown as in force, marked DRAF on every page and PDF."""
    from mkdocs.commands import serve as mkdocs_serve  # its live-reload server: serve only

    data_dir = Path(data_dir)
    session.preload(load(data_dir))  # report data problems before starting the server
    with _cache_lock(drafts), _data_env(data_dir, drafts):
        try:
            mkdocs_serve.serve(str(config_file or default_config()), dev_addr=dev_addr,
                               livereload=True)
        except (Abort, ConfigurationError) as exc:
            raise BuildError(f"preview failed: {exc}") from None
