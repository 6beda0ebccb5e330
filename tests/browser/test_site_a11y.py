"""axe-core (the pinned npm package) on every page type of the bundled site at phone (390 px)
and desktop (1,280 px) width: no serious or critical violation, tap targets of 24 px at least
(axe's target-size rule, WCAG 2.2). The SOP page is checked with its diagram drawn, the home
page also with the search dialog open on results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import site_fixtures
from site_fixtures import ROOT
from test_site_browser import ARGS, CHROMIUM, Recorder, serve
from test_site_layout import AT_REST, PAGE_TYPES, WIDTHS

bundled_site = site_fixtures.bundled_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

sync_api = pytest.importorskip("playwright.sync_api")

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    rules: {"target-size": {enabled: true}}, resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3)
      .map(n => n.target.join(" ") + " " + n.failureSummary.replace(/\\s+/g, " ")).join(" | ")
      + (v.nodes.length > 3 ? " … " + v.nodes.length + " elements" : ""));
}"""

if not AXE.is_file():
    pytest.skip("axe-core is not installed (npm ci)", allow_module_level=True)


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


def axe(tab: Any, where: str) -> list[str]:
    """Serious and critical violations at both widths (the page is loaded once at 1,280 px and
    resized: the phone layout is chosen by the width alone). Widest first: narrowed and widened
    again, a page would fade its tabs in anew and keep the check waiting."""
    if not tab.evaluate("typeof axe !== 'undefined'"):
        tab.add_script_tag(path=str(AXE))
    found = []
    for width, px in sorted(WIDTHS.items(), key=lambda item: -item[1]):
        tab.set_viewport_size({"width": px, "height": 900})
        tab.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        tab.wait_for_function(AT_REST)
        found += [f"{where} at {width}: {v}" for v in tab.evaluate(RUN_AXE)]
    return found


@pytest.mark.parametrize("name", [*PAGE_TYPES, "search"])
def test_no_serious_accessibility_violation_on_any_page_type(chromium: Any, site_url: str,
                                                             name: str) -> None:
    """One page type at a time (so that the runners share them out); `search` is the home page
    with the search dialog open on results."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    rec = Recorder(tab)
    if name == "search":
        tab.goto(site_url)
        tab.click(".sop-search-open")
        tab.fill("#sop-search-q", "guru besar")
        tab.wait_for_selector(".sop-search__hit", timeout=10_000)
    else:
        tab.goto(site_url + PAGE_TYPES[name])
        if name == "sop":  # with the diagram drawn
            tab.locator(".sop-diagram").scroll_into_view_if_needed()
            tab.wait_for_selector(".sop-mermaid--done svg", timeout=20_000)
    problems = axe(tab, name)
    context.close()
    assert problems == [], "\n".join(problems)
    assert rec.external() == [] and rec.errors == []
