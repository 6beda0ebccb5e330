"""MkDocs hooks (named in mkdocs.yml `hooks:`): coordinate only; the work is in sop.site.

on_config   load and validate the data set once (drafts removed unless SOP_DRAFTS=1); set the
            navigation and the site name
on_pre_build  start the PDFs of the published data (sop.pdf.build.PdfBuild) unless
            SOP_SKIP_PDF=1: worker processes render them into the cache while MkDocs builds
on_files    add every generated page, the changelog feed, the fingerprint register, the
            self-hosted fonts and mermaid.min.js (assets.py)
on_env      keep the theme's compiled templates between builds (.cache/templates), as on_config
            does for the site's own
on_page_content  put a generated page's HTML islands back (sop.site.render.island)
on_serve    live-reload when a file of the data folder changes
on_post_build  index the written pages for search (sop.search, Pagefind), then wait for the
            PDFs and publish them into site_dir/pdf (a failed PDF fails the build)
on_build_error, on_shutdown  stop PDFs still under way
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from sop import search
from sop.clock import build_date
from sop.errors import SopError
from sop.site import assets, session, urls
from sop.site.pages import Options, SiteRenderer
from sop.site.render import ISLAND_PREFIX, expand_islands, template_cache

_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        data = session.data_set(session.data_dir(config.config_file_path))
    except SopError as exc:
        raise PluginError(_report(exc)) from None
    try:
        options = Options(pdf_links=session.pdf_enabled(), drafts=session.drafts_enabled(),
                          today=build_date())
    except SopError as exc:
        raise PluginError(str(exc)) from None
    try:
        search_settings = search.load_settings(data.root)
        search.pagefind_binary()  # installed? (say so before anything is built)
    except SopError as exc:
        raise PluginError(_report(exc)) from None
    renderer = SiteRenderer(data, options)  # renderer.data: drafts removed unless previewing
    renderer.env.bytecode_cache = template_cache()
    _state.update(data=data, renderer=renderer, search=search_settings)
    config.nav = renderer.nav(extra=list(config.nav or []))
    inst = data.institution
    config.site_name = html.escape(f"SOP {inst.singkatan or inst.nama}")
    config.extra["sop_preview"] = options.drafts  # overrides/main.html: the preview banner
    config.extra["sop_feed"] = urls.FEED
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    renderer: SiteRenderer = _state["renderer"]
    islands: dict[str, tuple[str, ...]] = {}
    for page in renderer.pages():
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} would hide the generated page "
                              f"/{page.url}: remove or rename it")
        files.append(File.generated(config, page.src_uri, content=page.source))
        islands[page.src_uri] = page.islands
    _state["islands"] = islands
    files.append(File.generated(config, urls.FEED, content=renderer.feed(config.site_url or "")))
    files.append(File.generated(config, urls.FINGERPRINTS, content=renderer.fingerprint_register()))
    try:
        for src_uri, path in assets.static_files():
            files.append(File.generated(config, src_uri, abs_src_path=str(path)))
    except SopError as exc:
        raise PluginError(str(exc)) from None
    return files


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.bytecode_cache = template_cache()  # the theme's templates, compiled once
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    islands = _state.get("islands", {}).get(page.file.src_uri)
    if not islands:
        return html
    if html.count(ISLAND_PREFIX) != len(islands):  # Markdown kept every placeholder?
        raise PluginError(f"{page.file.src_uri}: a generated HTML block went missing")
    return expand_islands(html, islands)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(_state["data"].root))
    return server


def on_pre_build(config: MkDocsConfig) -> None:
    _stop_pdfs()  # a previous build's, if it never finished (serve)
    if session.pdf_enabled():  # before any thread starts: the workers fork now
        _state["pdfs"] = session.start_pdfs(_state["renderer"].data, config.site_url or "")


def on_post_build(config: MkDocsConfig) -> None:
    _state.pop("islands", None)  # every page is written
    try:
        search.index_site(Path(config.site_dir), _state["search"], _state["renderer"].data)
    except SopError as exc:
        _stop_pdfs()
        raise PluginError(str(exc)) from None
    stage = _state.pop("pdfs", None)
    if stage is None:
        return
    try:
        session.finish_pdfs(stage, config.site_dir)
    except SopError as exc:
        raise PluginError(_report(exc)) from None


def on_build_error(error: Exception) -> None:
    _stop_pdfs()


def on_shutdown() -> None:
    _stop_pdfs()


def _stop_pdfs() -> None:
    stage = _state.pop("pdfs", None)
    if stage is not None:
        session.cancel_pdfs(stage)


def _report(exc: SopError) -> str:
    report = getattr(exc, "report", None)
    return report() if callable(report) else str(exc)
