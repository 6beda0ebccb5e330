"""Printing an SOP page from the browser (Chromium's own PDF, page.pdf(), which fires
beforeprint as a print does): no blank page, the diagram whole on one page within its width, a
reasonable page count; printed before the diagram was drawn, the PermenPAN flowchart stands in
for it. The PDFs are kept in test-artifacts/print/ to look at."""

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
pdfplumber = pytest.importorskip("pdfplumber")

SOP_PAGE = "sop/pengangkatan-pertama-aa-lektor/"
MAX_PAGES = 10  # a ten-step SOP with every section: 9 pages of A4


@pytest.fixture(scope="module")
def printed(bundled_site: Path) -> Iterator[dict[str, Any]]:
    """The SOP page printed twice to A4: with its diagram drawn, and at once (not drawn)."""
    out = ARTIFACTS / "print"
    out.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {}
    with serve(bundled_site) as url, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for case in ("drawn", "cold"):
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            rec = Recorder(tab)
            tab.goto(url + SOP_PAGE)
            if case == "drawn":
                tab.locator(".sop-diagram").scroll_into_view_if_needed()
                tab.wait_for_selector(".sop-mermaid--done svg", timeout=20_000)
                tab.evaluate("window.scrollTo(0, 0)")
            actors = tab.eval_on_selector_all(".sop-actors li", "els => els.map(e => e.innerText)")
            path = out / f"sop-{case}.pdf"
            tab.pdf(path=str(path), format="A4", print_background=True)
            after = tab.evaluate("""() => [document.documentElement.className,
                document.querySelectorAll('details.sop-flowchart[open]').length]""")
            result[case] = {"pdf": path, "actors": actors, "after": after,
                            "errors": rec.errors + rec.external()}
            tab.close()
        browser.close()
    yield result


def _pages(path: Path) -> list[dict[str, Any]]:
    with pdfplumber.open(path) as pdf:
        return [{"text": p.extract_text() or "", "width": p.width,
                 "right": max((c["x1"] for c in p.chars), default=0),
                 "marks": len(p.chars) + len(p.rects) + len(p.curves) + len(p.lines)
                 + len(p.images)} for p in pdf.pages]


@pytest.mark.parametrize("case", ["drawn", "cold"])
def test_printed_sop_page_has_no_blank_page_and_a_reasonable_length(
        printed: dict[str, Any], case: str) -> None:
    pages = _pages(printed[case]["pdf"])
    assert 3 <= len(pages) <= MAX_PAGES
    assert [i + 1 for i, p in enumerate(pages) if p["marks"] < 5 or not p["text"].strip()] == []
    text = "\n".join(p["text"] for p in pages)
    assert "Pengusulan Pengangkatan Pertama" in pages[0]["text"]  # the page itself, first
    assert "Riwayat versi" in text
    for absent in ["Diagram alur sedang dimuat", "Lewati ke konten", "Cari SOP"]:
        assert absent not in text  # no placeholder, no site navigation or search box
    assert all(p["right"] <= p["width"] - 10 for p in pages)  # nothing cut at the right edge
    assert printed[case]["errors"] == []


def test_printed_diagram_is_whole_on_one_page(printed: dict[str, Any]) -> None:
    actors = printed["drawn"]["actors"]
    assert len(actors) >= 5
    pages = _pages(printed["drawn"]["pdf"])
    # the lane titles (each pelaksana) and the last step, on one page: the diagram is not split
    # or cut; the page's text stays within its width (checked above)
    words = {w for a in actors for w in a.split()}  # a lane title may wrap
    whole = [i for i, p in enumerate(pages) if words <= set(p["text"].split())
             and "Alur" in p["text"] and "10. Mendistribusikan" in p["text"]]
    assert whole, "no page holds every lane of the diagram"


def test_printed_before_the_diagram_is_drawn_shows_the_flowchart(
        printed: dict[str, Any]) -> None:
    with pdfplumber.open(printed["cold"]["pdf"]) as pdf:  # the characters in drawing order
        streams = ["".join(c["text"] for c in page.chars if c["text"] != " ")
                   for page in pdf.pages]
    # the flowchart's header, with a column for each pelaksana (names wrap), on one page
    names = [w.replace(" ", "") for w in ["PELAKSANA", "MUTU BAKU", "KETERANGAN",
                                          *printed["cold"]["actors"]]]
    assert any(all(w in text for w in names) for text in streams)
    # after printing, the page is as it was (sop-diagram.js closes what it opened)
    assert printed["cold"]["after"] == ["", 0] or printed["cold"]["after"][1] == 0
