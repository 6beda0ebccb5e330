"""The diagrams of an SOP page in headless Chromium: the width they get, the PermenPAN chart at
natural size on a phone and fitted to the column on a laptop."""

from __future__ import annotations

from typing import Any

import pytest
from site_fixtures import SOP_COLUMN_AT_1280
from test_site_browser import browser, built_site, mermaid_svg, site_url  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SOP_PAGE = "sop/pengangkatan-pertama/"


def open_page(browser: Any, url: str, width: int) -> Any:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(url)
    return tab


def test_the_sop_page_gives_its_diagrams_the_width_six_lanes_need(
    browser: Any, site_url: str  # noqa: F811
) -> None:
    tab = open_page(browser, site_url + SOP_PAGE, 1280)
    mermaid_svg(tab)
    box = tab.evaluate("document.querySelector('.sop-diagram').clientWidth")
    assert box >= SOP_COLUMN_AT_1280
    fits = "(d => d.scrollWidth <= d.clientWidth)(document.querySelector('.sop-diagram'))"
    assert tab.evaluate(fits)  # and this page's own diagram fits in it
    tab.context.close()


@pytest.mark.parametrize(("width", "scrolls"), [(1280, False), (390, True)])
def test_permenpan_chart_fits_a_laptop_and_keeps_its_size_on_a_phone(
    browser: Any, site_url: str, width: int, scrolls: bool  # noqa: F811
) -> None:
    tab = open_page(browser, site_url + SOP_PAGE, width)
    tab.evaluate("document.querySelector('details.sop-flowchart').open = true")
    seen = tab.evaluate("""() => {
        const box = document.querySelector('.sop-flowchart__scroll');
        const svg = box.querySelector('svg');
        return {scrolls: box.scrollWidth > box.clientWidth + 1,
                width: svg.getBoundingClientRect().width,
                natural: svg.viewBox.baseVal.width};
    }""")
    assert seen["scrolls"] is scrolls
    if scrolls:  # a phone: the chart at its natural size, scrolled sideways
        assert seen["width"] == pytest.approx(seen["natural"], abs=1)
    else:  # a laptop: fitted to the column, never shrunk below readable (0.8 of natural)
        assert seen["width"] >= 0.8 * seen["natural"]
    tab.context.close()
