"""`sop serve`: the site source rewritten on every save of the data folder, and an engine's
live-reload server on it.

A watcher thread polls the data folder (twice a second); on a change the data set is loaded again
(unchanged files are not read again: sop.dataset.load's memo), the site source is rewritten
where it changed, and the engine's own dirty rebuild redoes only those pages. A data set with
problems does not stop the preview: the last good pages stay, and every page shows the problems
in an overlay (sop-serve.js, fed by _sop/status.json) until the next save fixes them. The same
overlay says how many drafts are hidden and that `sop serve --drafts` shows them.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path
from typing import Any

from sop.atomic import exclusive, write_bytes
from sop.clock import build_date
from sop.dataset import DataSet, load
from sop.errors import DataSetError, SopError
from sop.messages import msg
from sop.model import Sop, Status
from sop.site import engines
from sop.site.memo import DrawingStore
from sop.site.pages import Drawings, Options, Page, SiteRenderer
from sop.site.source import SiteSource, describe, write_pages, write_source

log = logging.getLogger("sop")
WORK_DIR = Path(".cache/site")
STATUS = "_sop/status.json"
SCRIPT = "_sop/sop-serve.js"
SCRIPT_SOURCE = Path(__file__).resolve().parent.parent / "assets" / "sop-serve.js"
POLL_SECONDS = 0.5
#: Up to this many edited SOPs, their pages are written before the rest of the source.
EDITED_FIRST = 5
DRAWINGS = WORK_DIR / "drawings"  # as sop build's (sop.site.build.DRAWINGS)


class Preview:
    """The site source of a data folder kept current while `sop serve` runs."""

    def __init__(self, data_dir: Path, binding: engines.Engine, work: Path, drafts: bool,
                 site_url: str = "http://127.0.0.1:8000/") -> None:
        self.data_dir, self.binding, self.work, self.drafts = data_dir, binding, work, drafts
        self.site_url = site_url
        self.memo: dict[Any, Any] = {}
        self.drawings: Drawings = {}
        self.config: Path | None = None
        self.source: SiteSource | None = None
        self._sops: dict[str, Sop] = {}
        #: Held while the source is written, and by the engine's rebuilds (where it lets us).
        self.lock = threading.Lock()

    def refresh(self) -> None:
        """Load the data set and rewrite the source; on problems, only the status."""
        started = time.monotonic()
        try:
            data = load(self.data_dir, memo=self.memo)
        except DataSetError as exc:
            self._status({"problems": exc.report(), "drafts": []})
            log.warning(msg("serve.problems", report=exc.report()))
            if self.config is None:
                self._empty_site()
            return
        except SopError as exc:
            self._status({"problems": str(exc), "drafts": []})
            return
        renderer = SiteRenderer(data, Options(pdf_links=False, drafts=self.drafts,
                                              today=build_date()), self.drawings,
                                DrawingStore(DRAWINGS))
        extra_nav = engines.base_config().get("nav") or []
        edited = self._edited_pages(renderer)
        with self.lock:
            if self.config is not None and not self.binding.config_change_rebuilds_all:
                # MkDocs' dirty rebuild renders a page with the configuration of that moment,
                # and not again until the page's source changes: the navigation with the new
                # titles (the page's entry in the menu, the tab's title) goes in before the
                # pages. An engine that renders every page again on a new configuration gets
                # it after them, so that the changed pages are shown first.
                self._write_config(describe(renderer, self.work / "docs", extra_nav))
            if edited:
                written = write_pages(edited, self.work / "docs")
                log.info(msg("serve.edited", pages=", ".join(written) or "–"))
        source = write_source(renderer, self.work / "docs", self.site_url, extra_nav=extra_nav,
                              keep={STATUS, SCRIPT}, lock=self.lock)
        self.source = source
        with self.lock:
            self._status({"problems": "", "drafts": [] if self.drafts else _drafts(data)})
            self._write_config(source)
        log.info(msg("serve.source", written=len(source.written),
                     seconds=time.monotonic() - started))

    def _edited_pages(self, renderer: SiteRenderer) -> list[Page]:
        """The pages of the SOPs whose files changed, to be written before the rest of the
        source (which also renders every list and index): the engine shows them a few seconds
        sooner. Unchanged SOPs are the same objects as before (the loader's memo)."""
        sops = renderer.data.sops
        edited = [sop for sop_id, sop in sops.items() if self._sops.get(sop_id) is not sop]
        first_load = not self._sops
        self._sops = dict(sops)
        if first_load or self.source is None or not edited or len(edited) > EDITED_FIRST:
            return []
        return [renderer.sop_page(sop) for sop in edited]

    def _write_config(self, source: SiteSource) -> None:
        """The engine's configuration for the preview (rewritten only where it changed)."""
        source.extra.update(sop_serve=True)
        self.config = self.binding.write_config(self.work, source, engines.Settings(
            self.site_url, strict=False))

    def _status(self, status: dict[str, Any]) -> None:
        docs = self.work / "docs"
        for rel, data in ((STATUS, json.dumps(status, ensure_ascii=False, indent=1).encode()),
                          (SCRIPT, SCRIPT_SOURCE.read_bytes())):
            path = docs / rel
            if not path.is_file() or path.read_bytes() != data:
                write_bytes(path, data)

    def _empty_site(self) -> None:
        """The first load failed: a home page that only says so (the overlay lists why)."""
        docs = self.work / "docs"
        (docs / "index.md").write_text(
            "# Data SOP bermasalah\n\nPerbaiki masalah yang tercantum lalu simpan berkasnya; "
            "halaman ini dimuat ulang sendiri.\n", encoding="utf-8")
        self._write_config(SiteSource(docs, [{"Beranda": "index.md"}], "SOP (pratinjau)", {}))

    def watch(self, stop: threading.Event) -> None:
        """Refresh whenever a file of the data folder changes (polled)."""
        seen = _snapshot(self.data_dir)
        while not stop.wait(POLL_SECONDS):
            now = _snapshot(self.data_dir)
            if now != seen:
                seen = now
                try:
                    self.refresh()
                except Exception:  # noqa: BLE001 - the preview goes on; the terminal says why
                    log.exception("preview: the site source could not be written")


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    result = {}
    for path in folder.rglob("*"):
        try:
            stat = path.stat()
        except OSError:
            continue
        result[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return result


def _drafts(data: DataSet) -> list[str]:
    """The SOPs whose newest version is a draft (hidden from the preview without --drafts)."""
    return [f"{sop.id}: {sop.judul}" for sop in data.sops.values() if sop.status is Status.DRAFT]


def serve(data_dir: Path | str, dev_addr: str = "127.0.0.1:8000", *, drafts: bool = False,
          engine: str | None = None, work: Path | None = None) -> None:
    """Preview the data set with live reload until interrupted."""
    binding = engines.get(engine)
    work = work or WORK_DIR / ("serve-drafts" if drafts else "serve")
    work.mkdir(parents=True, exist_ok=True)
    with exclusive(work.parent / f"{work.name}.lock", f"{work} in this folder"):
        preview = Preview(Path(data_dir), binding, work, drafts, f"http://{dev_addr}/")
        preview.refresh()
        assert preview.config is not None
        stop = threading.Event()
        watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True,
                                   name="sop-watch")
        watcher.start()
        try:
            binding.serve(preview.config, dev_addr, preview.lock)
        finally:
            stop.set()
