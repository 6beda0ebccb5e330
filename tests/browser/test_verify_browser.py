"""The Verifikasi page in headless Chromium: typing a copy's fingerprint finds its version.

Built from the revised data set of tests/test_versions_site.py (version 1 superseded by
version 2), served on 127.0.0.1; no request may leave it and no script error may occur.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from site_fixtures import screenshot
from test_site_browser import ARGS, CHROMIUM, Recorder, serve
from test_versions_site import REVISED, build_at, draft_stage, publish_stage

from sop.dataset import load
from sop.revisions import fingerprint

pytestmark = [pytest.mark.browser, pytest.mark.slow]

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """(base URL, data) of the served site after version 2 of REVISED is published."""
    base = tmp_path_factory.mktemp("verify")
    root = publish_stage(draft_stage(base / "data"))
    site = build_at(root, base / "site")
    with serve(site) as url:
        yield url, load(root)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def tab(chromium: Any) -> Iterator[tuple[Any, Recorder]]:
    """A phone-sized page whose requests, errors and dialogs are recorded."""
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    recorder = Recorder(page)
    yield page, recorder
    context.close()
    assert recorder.external() == [] and recorder.errors == [] and recorder.dialogs == []


def check(page: Any, typed: str) -> Any:
    """Type a fingerprint, press Periksa, return the result box once it has text."""
    page.fill("#sop-verify-q", typed)
    page.click(".sop-verify-form button[type=submit]")
    result = page.locator(".sop-verify-result")
    result.locator("p").first.wait_for(timeout=5_000)
    return result


def test_typing_a_fingerprint_finds_its_version(
        revised: tuple[str, Any], tab: tuple[Any, Recorder]) -> None:
    """An old copy's fingerprint, typed carelessly, finds version 1, marked not in force."""
    url, data = revised
    page, _ = tab
    old, current = data.archive[REVISED][0], data.sops[REVISED]
    page.goto(url + "verifikasi/")

    # an old copy, typed carelessly: lower case, no dashes, spaces around
    typed = f"  {fingerprint(old).replace('-', '').lower()} "
    result = check(page, typed)
    assert page.input_value("#sop-verify-q") == fingerprint(old)  # shown in canonical form
    words = " ".join(result.inner_text().split())
    assert words.startswith("Tidak berlaku lagi: Penerbitan SK Jabatan dan SK PAK Jenjang "
                            "Lektor, versi 1")
    assert "sop-verify-result--lama" in (result.get_attribute("class") or "")
    page.click("text=Buka halaman versi 1")
    page.wait_for_url(f"{url}sop/{REVISED}/v1/")
    assert "Tidak berlaku lagi" in page.locator(".sop-superseded").inner_text()
    assert fingerprint(old) in page.locator(".sop-verify").inner_text()

    # the copy in force
    page.goto(url + "verifikasi/")
    words = " ".join(check(page, fingerprint(current)).inner_text().split())
    assert words.startswith("Berlaku: Penerbitan SK Jabatan dan SK PAK Jenjang Lektor, versi 2")
    assert "versi terbaru" not in words

    # unknown and malformed fingerprints
    assert "tidak dikenal" in check(page, "0000-0000-0000").inner_text()
    assert "12 huruf/angka" in check(page, "bukan sidik jari").inner_text()


def test_fingerprint_link_on_a_version_page_opens_the_check(
        revised: tuple[str, Any], tab: tuple[Any, Recorder]) -> None:
    url, data = revised
    page, _ = tab
    old = data.archive[REVISED][0]
    page.goto(f"{url}sop/{REVISED}/v1/")
    page.click(".sop-identity a.sop-fingerprint")
    page.wait_for_url(f"{url}verifikasi/?sidik={fingerprint(old)}")
    result = page.locator(".sop-verify-result")
    result.locator("p").first.wait_for(timeout=5_000)
    words = " ".join(result.inner_text().split())
    assert words.startswith("Tidak berlaku lagi:") and "versi terbaru (versi 2)" in words
    page.click("text=versi terbaru (versi 2)")
    page.wait_for_url(f"{url}sop/{REVISED}/")


def test_screenshot_verification(revised: tuple[str, Any], tab: tuple[Any, Recorder]) -> None:
    """For a person to look at: the result of a check on a phone."""
    url, data = revised
    page, _ = tab
    page.goto(url + "verifikasi/")
    check(page, fingerprint(data.archive[REVISED][0]))
    out = Path(__file__).resolve().parents[2] / "test-artifacts"
    screenshot(page, out / "verifikasi-phone.png", full_page=True)
