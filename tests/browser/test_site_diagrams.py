"""The diagrams of an SOP page in headless Chromium: the width they get, the PermenPAN chart at
natural size on a phone and fitted to the column on a laptop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from site_fixtures import SOP_COLUMN_AT_1280, build_site, write_site_data
from test_site_browser import browser, built_site, mermaid_svg, serve, site_url  # noqa: F401

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


LANES = """() => [...document.querySelectorAll('.sop-mermaid--done g.swimlane')].map(lane => {
    const band = lane.querySelector('rect.swimlane-title').getBoundingClientRect();
    const label = lane.querySelector('.swimlane-label div');
    const words = document.createRange();
    words.selectNodeContents(label);
    const text = words.getBoundingClientRect();
    return {title: label.textContent, inside: text.left >= band.left - 0.5
            && text.right <= band.right + 0.5, size: parseFloat(getComputedStyle(
            label.querySelector('p') || label).fontSize)};
})"""


def test_a_lane_title_longer_than_its_lane_steps_down_and_stays_whole(
    browser: Any, tmp_path: Path  # noqa: F811
) -> None:
    """A one-word title wider than the lane its steps make: the title wraps between syllables
    and, if a piece is still too wide, is set smaller (never below 9 px), instead of running
    under the next lane's title."""
    data = write_site_data(tmp_path / "data")
    institution = data / "institusi.yaml"
    institution.write_text(institution.read_text(encoding="utf-8").replace(
        "singkat: WR III", "singkat: Pertanggungjawabannya"), encoding="utf-8")
    with serve(build_site(data, tmp_path / "site")) as url:
        tab = open_page(browser, url + "sop/layanan-kemahasiswaan/", 1280)
        mermaid_svg(tab)  # WR III's lane holds only a joint step's number: "(3)"
        lanes = tab.evaluate(LANES)
        tab.context.close()
    titles = [lane["title"].replace("\u00ad", "") for lane in lanes]  # soft hyphens unseen
    assert "Pertanggungjawabannya" in titles
    assert all(lane["inside"] and lane["size"] >= 9 for lane in lanes), lanes
