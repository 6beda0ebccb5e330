"""Every page type of the bundled site at phone (390 px) and desktop (1,280 px) width: no
sideways scrolling of the page, no word cut by hyphenation, and (SOP_SCREENSHOTS=1) a
screenshot of each in test-artifacts/layout/ to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import site_fixtures
from test_site_browser import ARGS, ARTIFACTS, CHROMIUM, Recorder, serve

bundled_site = site_fixtures.bundled_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

sync_api = pytest.importorskip("playwright.sync_api")

PAGE_TYPES = {
    "beranda": "", "katalog": "katalog/", "unit-indeks": "unit/", "unit": "unit/bagian-okh/",
    "keputusan-indeks": "keputusan/", "keputusan": "keputusan/kr-869-2022/",
    "sop": "sop/pengangkatan-pertama-aa-lektor/",
    "sop-versi": "sop/pengangkatan-pertama-aa-lektor/v1/",
    "persyaratan": "persyaratan/", "pelaksana": "pelaksana/", "dasar-hukum": "dasar-hukum/",
    "perubahan": "perubahan/", "tinjau": "tinjau/", "verifikasi": "verifikasi/",
    "panduan": "panduan/referensi/",
}
WIDTHS = {"phone": 390, "desktop": 1280}
#: A page at rest: its web fonts in, no animation running (Material fades the header's
#: shadow and the tabs in). Nothing but the favicon is fetched after the load event, so
#: waiting for the network to be idle (half a second after the last request) adds nothing.
AT_REST = ("document.fonts.status === 'loaded'"
           " && document.getAnimations().every(a => a.playState !== 'running')")


@pytest.fixture(scope="module")
def site_url(bundled_site: Path) -> Iterator[str]:
    with serve(bundled_site) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_fits_and_keeps_words_whole(chromium: Any, site_url: str,
                                                    width: str) -> None:
    context = chromium.new_context(viewport={"width": WIDTHS[width], "height": 900},
                                   is_mobile=width == "phone", device_scale_factor=1)
    tab = context.new_page()
    rec = Recorder(tab)
    out = ARTIFACTS / "layout"
    problems = []
    for name, path in PAGE_TYPES.items():
        tab.goto(site_url + path)
        tab.wait_for_function(AT_REST)
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        hyphenated = tab.evaluate("""() => [...document.querySelectorAll('article *')]
            .filter(e => getComputedStyle(e).hyphens === 'auto').length""")
        if overflow > 0:
            problems.append(f"{name}: page {overflow} px wider than the screen")
        if hyphenated:
            problems.append(f"{name}: {hyphenated} elements hyphenate words")
        site_fixtures.screenshot(tab, out / f"{name}-{width}.png", full_page=True)
    context.close()
    assert problems == []
    assert rec.external() == [] and rec.errors == []


def test_phone_sop_page_jumps_to_the_requirements(chromium: Any, site_url: str) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    tab = context.new_page()
    tab.goto(site_url + "sop/pengangkatan-pertama-aa-lektor/")
    link = tab.locator(".sop-jump a", has_text="Berkas persyaratan")
    assert link.bounding_box()["y"] < 800  # on the first screen
    link.click()
    tab.wait_for_function(
        "document.getElementById('persyaratan').getBoundingClientRect().top < 200")
    # the site name is not cut: its text fits in the header (two lines at most)
    cut = tab.evaluate("""() => {
        const e = document.querySelector('.md-header__topic .md-ellipsis');
        return e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1; }""")
    context.close()
    assert not cut


def test_phone_review_list_says_what_each_value_is(chromium: Any, site_url: str) -> None:
    """On a phone the review list is one card per SOP: its bare values ("1", "–") carry their
    column's name, which the hidden header row no longer shows."""
    context = chromium.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    tab = context.new_page()
    tab.goto(site_url + PAGE_TYPES["tinjau"])
    cards = tab.eval_on_selector_all("table.sop-due tbody tr", """rows => rows.map(r =>
        [...r.cells].map(c => (getComputedStyle(c, '::before').content.replace(/^"|"$/g, '')
                               .replace(/^none$/, '') + c.innerText)))""")
    header_shown = tab.evaluate(
        "document.querySelector('table.sop-due thead').getBoundingClientRect().height > 2")
    context.close()
    assert cards and not header_shown
    for card in cards:  # as read on the screen: the label, then the value
        assert [cell.split(": ")[0] for cell in card if ": " in cell][:4] == [
            "Tinjau", "Unit", "Versi", "Tinjauan terakhir"], card


def test_sop_page_weighs_at_most_400_kb_gzipped_before_the_diagram(
        chromium: Any, site_url: str, bundled_site: Path) -> None:
    """What a phone downloads for an SOP page until the diagram is near: each file fetched,
    gzipped as a web server sends text (scripts/benchmark.py --pages measures the wire)."""
    import gzip
    from urllib.parse import unquote, urlsplit

    context = chromium.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    tab = context.new_page()
    fetched: list[str] = []
    tab.on("requestfinished", lambda r: fetched.append(r.url))
    tab.goto(site_url + PAGE_TYPES["sop"])
    tab.wait_for_load_state("networkidle")
    context.close()
    sizes = {}
    for url in fetched:
        path = bundled_site / unquote(urlsplit(url).path).lstrip("/")
        path = path / "index.html" if path.is_dir() else path
        data = path.read_bytes()
        sizes[path.name] = min(len(data), len(gzip.compress(data, 6)))
    assert not any("mermaid" in name for name in sizes), sizes
    assert "sop-diagram.js" in sizes and "LiberationSans-Regular.woff2" in sizes
    assert sum(sizes.values()) <= 400 * 1024, sizes
