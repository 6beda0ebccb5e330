"""The site source: every file of the site (Markdown pages with front matter, SVG inside them,
the feed, the fingerprint register, fonts, Mermaid, the Panduan and its stylesheets and scripts)
written into one folder, before any site engine runs. Knows nothing of the engine: an engine
module (sop.site.engines) only writes its configuration beside the folder and runs.

The folder is written incrementally: a file whose bytes did not change is not rewritten (its
modification time stays), so an engine's own dirty rebuild redoes only the changed pages, and a
file no longer generated is removed. The digest of the whole folder says whether anything
changed since the last build.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import importlib.util
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from sop.atomic import write_bytes
from sop.errors import BuildError
from sop.site import assets, urls
from sop.site.pages import Page, SiteRenderer
from sop.site.render import mark_islands

ROOT = Path(__file__).resolve().parent.parent.parent
#: The hand-written part of the site: the Panduan, the stylesheets and the small scripts.
DOCS_DIR = ROOT / "docs"
#: The Panduan's macros (`{{ referensi_kolom("sop") }}`), registered by macros/main.py.
MACROS_FILE = ROOT / "macros" / "main.py"


@dataclass
class SiteSource:
    """The written site source and what an engine's configuration needs from the data set."""

    folder: Path
    nav: list[Any]
    site_name: str
    extra: dict[str, Any]
    digest: str = ""
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    files: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.written or self.removed)


def write_source(renderer: SiteRenderer, folder: Path, site_url: str,
                 docs_dir: Path = DOCS_DIR, extra_nav: list[Any] | None = None,
                 keep: frozenset[str] | set[str] = frozenset(),
                 lock: AbstractContextManager[Any] | None = None) -> SiteSource:
    """Write the whole site source of `renderer`'s data set into `folder` (incrementally);
    `extra_nav` (the Panduan's, from mkdocs.yml) follows the generated sections; files named
    in `keep` (the preview's own) are left alone. With a `lock` (sop serve's, which the
    engine's rebuild also takes), every page is rendered first and the changed files are
    written at once while it is held: an engine never reads a half-written source."""
    source = describe(renderer, folder, extra_nav)
    writer = _Writer(folder, keep, deferred=lock is not None)
    for rel, data in _files(renderer, site_url, docs_dir):
        writer.put(rel, data)
    with lock or contextlib.nullcontext():
        writer.finish()
    source.digest, source.written, source.removed = writer.digest(), writer.written, writer.removed
    source.files = len(writer.seen)
    return source


def describe(renderer: SiteRenderer, folder: Path,
             extra_nav: list[Any] | None = None) -> SiteSource:
    """What an engine's configuration takes from the data set (navigation, site name, extra
    values), for the source in `folder`, without writing any file."""
    inst = renderer.data.institution
    return SiteSource(folder, renderer.nav(extra=extra_nav),
                      html.escape(f"SOP {inst.singkatan or inst.nama}"),
                      {"sop_preview": renderer.options.drafts, "sop_feed": urls.FEED})


def write_pages(pages: Iterable[Page], folder: Path) -> list[str]:
    """Write some pages into an existing source folder (where their bytes changed), leaving
    every other file alone: `sop serve` writes the edited SOP's pages first."""
    writer = _Writer(folder)
    for page in pages:
        writer.put(page.src_uri, mark_islands(page.source, page.islands).encode("utf-8"))
    return writer.written


def _files(renderer: SiteRenderer, site_url: str,
           docs_dir: Path) -> Iterator[tuple[str, bytes]]:
    """(path in the source folder, content) of every file of the site."""
    hand_written = dict(_hand_written(docs_dir))
    for page in renderer.pages():
        if page.src_uri in hand_written:
            raise BuildError(f"docs/{page.src_uri} would hide the generated page /{page.url}: "
                             "remove or rename it")
        yield page.src_uri, mark_islands(page.source, page.islands).encode("utf-8")
    yield urls.FEED, renderer.feed(site_url).encode("utf-8")
    yield urls.FINGERPRINTS, renderer.fingerprint_register().encode("utf-8")
    for src_uri, path in assets.static_files():
        yield src_uri, path.read_bytes()
    yield from hand_written.items()


def _hand_written(docs_dir: Path) -> Iterator[tuple[str, bytes]]:
    """The files of docs/: Markdown pages with the Panduan's macros expanded, others as they are."""
    env: jinja2.Environment | None = None
    for path in sorted(p for p in docs_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(docs_dir).as_posix()
        if path.suffix != ".md":
            yield rel, path.read_bytes()
            continue
        env = env or _macro_environment()
        text = path.read_text(encoding="utf-8")
        try:
            yield rel, env.from_string(text).render().encode("utf-8")
        except jinja2.TemplateError as exc:
            raise BuildError(f"docs/{rel}: {exc}") from None


def _macro_environment() -> jinja2.Environment:
    """Jinja for the hand-written pages, with the macros macros/main.py registers (the same
    define_env(env) contract as mkdocs-macros, so the module works with either)."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    spec = importlib.util.spec_from_file_location("sop_site_macros", MACROS_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    class _Registry:
        def macro(self, function: Any) -> Any:
            env.globals[function.__name__] = function
            return function

    module.define_env(_Registry())
    return env


class _Writer:
    """Writes files into a folder only where their bytes differ; removes what was not written."""

    def __init__(self, folder: Path, keep: frozenset[str] | set[str] = frozenset(),
                 deferred: bool = False) -> None:
        self.folder, self.keep, self.deferred = folder, keep, deferred
        self.seen: set[str] = set()
        self.written: list[str] = []
        self.pending: list[tuple[Path, bytes]] = []  # deferred: written by finish()
        self.removed: list[str] = []
        self._digest = hashlib.sha256()
        self._entries: list[tuple[str, str]] = []
        folder.mkdir(parents=True, exist_ok=True)

    def put(self, rel: str, data: bytes) -> None:
        if rel in self.seen:
            raise BuildError(f"two files of the site would be written to {rel}")
        self.seen.add(rel)
        self._entries.append((rel, hashlib.sha256(data).hexdigest()))
        path = self.folder / rel
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return
        except OSError:
            pass
        self.written.append(rel)
        if self.deferred:
            self.pending.append((path, data))
        else:
            write_bytes(path, data)

    def finish(self) -> None:
        """Write the deferred files; remove the files (and then empty folders) that this
        build did not write."""
        for path, data in self.pending:
            write_bytes(path, data)
        self.pending.clear()
        for path in sorted(self.folder.rglob("*"), reverse=True):
            rel = path.relative_to(self.folder).as_posix()
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif rel not in self.seen and rel not in self.keep:
                path.unlink()
                self.removed.append(rel)

    def digest(self) -> str:
        for rel, digest in sorted(self._entries):
            self._digest.update(f"{rel}\0{digest}\n".encode())
        return self._digest.hexdigest()

