"""The site search on the bundled data set, in headless Chromium: the query set of
tests/data/search_queries.yaml (issue 19's targets), and what the reader sees of it.

Every query runs through window.sopSearch.search, the ranking the search box shows (Pagefind's
index, synonyms of sop_data/pencarian.yaml, typo correction), against the site served on
127.0.0.1. A report of every query goes to test-artifacts/search-quality.txt.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import site_fixtures
import yaml
from site_fixtures import ROOT
from test_site_browser import ARGS, ARTIFACTS, CHROMIUM, Recorder, serve

bundled_site = site_fixtures.bundled_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

sync_api = pytest.importorskip("playwright.sync_api")

QUERIES: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests/data/search_queries.yaml").read_text(encoding="utf-8"))["queries"]


@pytest.fixture(scope="module")
def site_url(bundled_site: Path) -> Iterator[str]:
    with serve(bundled_site) as url:
        yield url


@pytest.fixture(scope="module")
def tab(site_url: str) -> Iterator[tuple[Any, Recorder]]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        recorder = Recorder(page)
        page.goto(site_url)
        yield page, recorder
        chromium.close()


def run(tab: Any, queries: list[str], limit: int = 3) -> list[list[dict[str, Any]]]:
    return tab.evaluate("async ([qs, n]) => { const out = []; for (const q of qs) "
                        "out.push(await window.sopSearch.search(q, {}, n)); return out; }",
                        [queries, limit])


def test_query_set_meets_the_targets(tab: tuple[Any, Recorder]) -> None:
    page, rec = tab
    assert len(QUERIES) >= 40
    kinds = {q["jenis"] for q in QUERIES}
    assert {"imbuhan", "sinonim", "nomor", "pelaksana", "salah ketik"} <= kinds
    results = run(page, [q["q"] for q in QUERIES])
    lines, first, top3, empty = [], 0, 0, []
    for query, found in zip(QUERIES, results, strict=True):
        urls = [hit["url"].lstrip("/") for hit in found]
        is_first = bool(urls) and urls[0] in query["expect"]
        in_top3 = any(u in query["expect"] for u in urls)
        first += is_first
        top3 += in_top3
        if not urls:
            empty.append(query["q"])
        mark = "1" if is_first else ("3" if in_top3 else "-")
        lines.append(f"{mark} {query['jenis']:<12} {query['q']!r:<50} -> {', '.join(urls)}")
    n = len(QUERIES)
    lines.append(f"{n} queries: expected page first {first} ({first / n:.0%}), "
                 f"in the top three {top3}, without results {len(empty)}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "search-quality.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = "\n".join(lines)
    assert empty == [], report
    assert top3 == n, report
    assert first >= 0.9 * n, report
    assert rec.external() == [] and rec.errors == []


def test_panduan_old_versions_and_lists_stay_out(tab: tuple[Any, Recorder]) -> None:
    page, _ = tab
    found = run(page, ["sop new", "panduan", "menerbitkan", "pengusulan", "versi 1"], limit=50)
    urls = {hit["url"] for hits in found for hit in hits}
    assert urls, "the queries find something"
    assert not [u for u in urls if u.startswith("/panduan/")], urls
    assert not [u for u in urls if "/v1/" in u or u in ("/", "/katalog/")], urls


def test_results_have_clean_snippets_and_filters(tab: tuple[Any, Recorder]) -> None:
    page, _ = tab
    data = page.evaluate("""async () => {
        const e = await window.sopSearch.load();
        const all = await e.pagefind.search("turnitin");
        const sops = await e.pagefind.search("turnitin", {filters: {jenis: "SOP"}});
        const first = await sops.results[0].data();
        return {all: all.results.length, sops: sops.results.length, first,
                filters: await e.pagefind.filters()};
    }""")
    assert 0 < data["sops"] < data["all"]
    first = data["first"]
    assert first["url"].startswith("/sop/") and first["filters"]["jenis"] == ["SOP"]
    assert first["filters"]["unit"] == ["Bagian Organisasi, Kepegawaian dan Hukum"]
    assert first["meta"]["nomor"].startswith("869/2022-L")
    for junk in ["Lewati ke isi", "¶", "Cari SOP", "Diagram ini lebih lebar"]:
        assert junk not in first["excerpt"] and junk not in first["content"], junk
    assert set(data["filters"]["jenis"]) == {"SOP", "Unit", "Keputusan", "Indeks", "Layanan"}


def test_search_box_shows_results_and_opens_the_page(tab: tuple[Any, Recorder],
                                                     site_url: str) -> None:
    page, rec = tab
    page.goto(site_url + "katalog/")
    page.click(".sop-search-open")
    assert page.is_visible("#sop-search-q")
    page.type("#sop-search-q", "mengusulkan profesor", delay=10)
    page.wait_for_selector(".sop-search__hit", timeout=10_000)
    assert "halaman ditemukan" in page.text_content(".sop-search__status")
    page.select_option("#sop-search-jenis", "SOP")
    page.wait_for_function("() => [...document.querySelectorAll('.sop-search__hit-info')]"
                           ".every(e => e.textContent.startsWith('SOP'))")
    first = page.locator(".sop-search__link").first
    assert "Guru Besar" in first.text_content()
    first.click()
    page.wait_for_load_state()
    assert "/sop/" in page.url
    page.keyboard.press("/")  # the shortcut opens the box again
    assert page.is_visible("#sop-search-q")
    page.keyboard.press("Escape")
    assert not page.is_visible("#sop-search-q")
    page.goto(site_url)  # the home page's form and a shared link (?q=) use the same box
    page.fill("#sop-home-q", "turnitn")
    page.press("#sop-home-q", "Enter")
    page.wait_for_selector(".sop-search__hit", timeout=10_000)
    assert "untuk \u201cturnitin\u201d" in page.text_content(".sop-search__status")
    page.goto(site_url + "katalog/?q=Guru+Besar")
    page.wait_for_selector(".sop-search__hit", timeout=10_000)
    assert rec.external() == [] and rec.errors == []
