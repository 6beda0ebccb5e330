"""The built site in headless Chromium: diagram, search, checklist, filter, escaping, network.

Served by http.server on 127.0.0.1; every request is recorded and none may leave it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import site_fixtures
from site_fixtures import ROOT, build_site, write_site_data

built_site = site_fixtures.built_site  # the session build, shared

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1"}

sync_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian chromium is not installed (apt-get install -y chromium)",
                allow_module_level=True)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on an ephemeral localhost port; yield its base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served while this module runs: a server thread left running would make
    PDF builds in later tests spawn their workers instead of forking them."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")  # closed before other modules start their own Playwright
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Recorder:
    """Every request, console error, page error and dialog of one page."""

    def __init__(self, page: Any) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("dialog", self._dialog)
        # Anything not local is refused (and recorded above), so a test can never hang on it.
        page.route("**/*", lambda route: route.continue_()
                   if urlsplit(route.request.url).hostname in LOCAL_HOSTS else route.abort())

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def external(self) -> list[str]:
        return [u for u in self.requests
                if urlsplit(u).scheme not in ("data", "blob", "about")
                and urlsplit(u).hostname not in LOCAL_HOSTS]


@pytest.fixture
def page(browser: Any) -> Iterator[tuple[Any, Recorder]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    recorder = Recorder(tab)
    yield tab, recorder
    context.close()
    assert recorder.external() == [], "requests left localhost"
    assert recorder.dialogs == []


def mermaid_svg(tab: Any) -> str:
    """The rendered diagram's SVG markup: scrolls to the diagram, which sop-diagram.js draws
    when it comes near the screen, and waits for it."""
    tab.locator(".sop-diagram").scroll_into_view_if_needed()
    tab.wait_for_selector(".sop-mermaid--done svg", timeout=20_000)
    return str(tab.evaluate("() => document.querySelector('.sop-mermaid--done').innerHTML"))


# --------------------------------------------------------------------------- diagram

def test_mermaid_loads_only_when_the_diagram_comes_near_and_renders_without_error(
        page: tuple[Any, Recorder], site_url: str) -> None:
    tab, rec = page
    tab.goto(site_url + "sop/pengangkatan-pertama/")
    tab.wait_for_load_state("networkidle")
    assert tab.evaluate("window.innerHeight * 2 < document.querySelector('.sop-diagram')"
                        ".getBoundingClientRect().top")  # more than a screen ahead: not yet
    assert not any("mermaid" in u for u in rec.requests)
    svg = mermaid_svg(tab)
    for text in ["Menerima usulan kenaikan jabatan dari fakultas", "Tim Penilai", "Lengkap",
                 "Memeriksa kelengkapan berkas usulan"]:
        assert text in svg
    role = tab.evaluate("() => document.querySelector('.sop-mermaid--done svg')"
                        ".getAttribute('aria-roledescription')")
    errors = tab.evaluate("() => document.querySelector('.sop-mermaid--done')"
                          ".querySelectorAll('.error-icon, .error-text').length")
    assert role != "error" and errors == 0 and "Syntax error" not in svg
    assert rec.errors == []
    assert [u for u in rec.requests if "mermaid" in u] == [
        site_url + "assets/javascripts/mermaid.min.js"]
    # Labels were measured with the self-hosted font, loaded before the diagram was drawn.
    assert tab.evaluate("document.fonts.check('14px \"Liberation Sans\"')")


def test_pages_without_a_diagram_do_not_load_mermaid(
        page: tuple[Any, Recorder], site_url: str) -> None:
    tab, rec = page
    tab.goto(site_url + "katalog/")
    tab.wait_for_load_state("networkidle")
    assert not any("mermaid" in u or "sop-diagram" in u for u in rec.requests)


# --------------------------------------------------------------------------- search

@pytest.mark.parametrize(("query", "expected"), [
    ("Turnitin", "sop/pengangkatan-pertama/"),
    ("peer review", "sop/penerbitan-sk-lektor/"),
    ("28/BK-LMMBK/DOK.IUQI/2020", "sop/layanan-kemahasiswaan/"),
    ("869", "sop/pengangkatan-pertama/"),
    ("Tim Penilai", "pelaksana/"),
    ("Kemahasiswaan minat", "sop/layanan-kemahasiswaan/"),
])
def test_search_finds_sops(page: tuple[Any, Recorder], site_url: str, query: str,
                           expected: str) -> None:
    """The search box (Pagefind, sop-search.js); the full query set is test_search_quality."""
    tab, rec = page
    tab.goto(site_url)
    tab.click(".sop-search-open")
    tab.type("#sop-search-q", query, delay=20)
    tab.wait_for_selector(".sop-search__hit", timeout=10_000)
    links = tab.eval_on_selector_all(".sop-search__link", "els => els.map(e => e.href)")
    assert any(expected in href for href in links), links
    assert rec.errors == []


def test_home_search_form_opens_site_search(page: tuple[Any, Recorder], site_url: str) -> None:
    tab, _ = page
    tab.goto(site_url)
    tab.fill("#sop-home-q", "Turnitin")
    tab.press("#sop-home-q", "Enter")
    tab.wait_for_selector(".sop-search__hit", timeout=10_000)
    links = tab.eval_on_selector_all(".sop-search__link", "els => els.map(e => e.href)")
    assert any("sop/pengangkatan-pertama/" in href for href in links)


# --------------------------------------------------------------------------- checklist

def test_ticked_requirement_survives_reload(page: tuple[Any, Recorder], site_url: str) -> None:
    tab, _ = page
    tab.goto(site_url + "sop/pengangkatan-pertama/")
    box = 'input[data-item^="5-cek-turnitin"], input[data-item^="4-cek-turnitin"]'
    nested = 'input[data-item^="2.1-"]'
    assert not tab.is_checked(box)
    tab.check(box)
    tab.check(nested)
    assert tab.text_content(".sop-checklist__count") == "2 dari 6 berkas siap"
    tab.reload()
    assert tab.is_checked(box) and tab.is_checked(nested)
    assert not tab.is_checked('input[data-item^="1-"]')
    assert tab.text_content(".sop-checklist__count") == "2 dari 6 berkas siap"
    tab.goto(site_url + "sop/penerbitan-sk-lektor/")  # ticks are per SOP
    assert not tab.is_checked('input[data-item*="cek-turnitin"]')
    tab.goto(site_url + "sop/pengangkatan-pertama/")
    tab.click(".sop-checklist__reset")
    tab.reload()
    assert not tab.is_checked(box)


def test_print_checklist_shows_only_the_checklist(
        page: tuple[Any, Recorder], site_url: str) -> None:
    tab, _ = page
    tab.add_init_script("window.print = () => { window.__printed = "
                        "document.documentElement.classList.contains('sop-print-checklist'); };")
    tab.goto(site_url + "sop/pengangkatan-pertama/")
    tab.click(".sop-checklist__print")
    assert tab.evaluate("window.__printed") is True
    tab.evaluate("document.documentElement.classList.add('sop-print-checklist')")
    tab.emulate_media(media="print")
    assert tab.is_visible(".sop-checklist__print-head")
    assert tab.is_visible("text=Cek Turnitin /plagiasi")
    for hidden in [".md-header", "#identitas", ".sop-steps", ".sop-checklist__actions"]:
        assert not tab.is_visible(hidden), hidden
    ARTIFACTS.mkdir(exist_ok=True)
    printed = ARTIFACTS / "checklist-print.pdf"
    tab.pdf(path=str(printed))
    from pypdf import PdfReader

    reader = PdfReader(printed)
    assert len(reader.pages) == 1  # the checklist alone, no empty page of hidden layout
    assert "Cek Turnitin /plagiasi" in reader.pages[0].extract_text()


# --------------------------------------------------------------------------- catalogue

def test_catalogue_filters_as_you_type(page: tuple[Any, Recorder], site_url: str) -> None:
    tab, _ = page
    tab.goto(site_url + "katalog/")
    rows = "table.sop-catalogue tbody tr:not([hidden])"
    assert tab.locator(rows).count() == 3
    tab.type("#sop-filter-q", "kemahasiswaan", delay=10)
    assert tab.locator(rows).count() == 1
    assert "28/BK-LMMBK/DOK.IUQI/2020" in tab.locator(rows).first.text_content()
    tab.fill("#sop-filter-q", "B-869")
    assert tab.locator(rows).count() == 1
    tab.fill("#sop-filter-q", "")
    tab.select_option("#sop-filter-unit", "biro-aupk")
    assert tab.locator(rows).count() == 2
    tab.fill("#sop-filter-q", "tidak ada yang cocok")
    assert tab.locator(rows).count() == 0 and tab.is_visible(".sop-filter__empty")


# --------------------------------------------------------------------------- escaping

PAYLOAD = ('<script>window.__pwned = 1; alert("x")</script>'
           '<img src=x onerror="window.__pwned = 2">')


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("payload")
    site = build_site(write_site_data(base / "data", payload=PAYLOAD), base / "site")
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("path", ["sop/pengangkatan-pertama/", "persyaratan/", "pelaksana/",
                                  "katalog/", ""])
def test_script_payload_shows_as_text_and_never_runs(
        page: tuple[Any, Recorder], payload_site: str, path: str) -> None:
    tab, rec = page
    tab.goto(payload_site + path)
    tab.wait_for_load_state("networkidle")
    if path.startswith("sop/"):
        assert PAYLOAD in tab.text_content("h1")
        assert PAYLOAD in tab.text_content("#persyaratan + .sop-checklist")
        svg = mermaid_svg(tab)
        assert "<script" not in svg and "onerror" not in svg.replace("onerror=", "")
    else:
        assert PAYLOAD in tab.text_content("article")
    assert tab.evaluate("window.__pwned") is None
    assert rec.dialogs == []


# --------------------------------------------------------------------------- screenshots

@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("phone", 390)])
def test_screenshot_sop_page(browser: Any, site_url: str, name: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  device_scale_factor=1, is_mobile=width < 600)
    tab = context.new_page()
    rec = Recorder(tab)
    tab.goto(site_url + "sop/pengangkatan-pertama/")
    mermaid_svg(tab)
    tab.wait_for_load_state("networkidle")
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    site_fixtures.screenshot(tab, ARTIFACTS / f"sop-page-{name}.png", full_page=True)
    context.close()
    assert overflow <= 0, "the page scrolls sideways; only tables and diagrams may"
    assert rec.external() == [] and rec.errors == []
