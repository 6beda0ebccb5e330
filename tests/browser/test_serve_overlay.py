"""The problems overlay of `sop serve` (sop/assets/sop-serve.js), seen in a browser: each
problem is read to its end ("maksud Anda …?") on a phone and on a desktop screen."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from test_site_browser import ARGS, CHROMIUM, serve

pytestmark = [pytest.mark.browser]

sync_api = pytest.importorskip("playwright.sync_api")

PROBLEM = ("sop_data/sop/cuti-dosen.yaml:48: langkah 3.pelaksana: pelaksana 'rektr' tidak ada "
           "di daftar pelaksana SOP ini (pelaksana-kepegawaian, kabiro-aupk, rektor); "
           "maksud Anda 'rektor'?")


@pytest.mark.parametrize("width", [390, 1280])
def test_each_problem_is_shown_to_its_end(tmp_path: Path, width: int) -> None:
    (tmp_path / "_sop").mkdir()
    shutil.copy(ROOT / "sop" / "assets" / "sop-serve.js", tmp_path / "_sop" / "sop-serve.js")
    status = {"problems": PROBLEM + "\n1 masalah ditemukan; tidak ada yang dibangun.",
              "drafts": []}
    (tmp_path / "_sop" / "status.json").write_text(json.dumps(status), "utf-8")
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="id"><meta charset="utf-8"><body><p>Halaman</p>'
        '<script src="_sop/sop-serve.js" data-status="_sop/status.json"></script></body>',
        "utf-8")
    with serve(tmp_path) as url, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab: Any = browser.new_page(viewport={"width": width, "height": 844})
        tab.goto(url)
        box = tab.locator(".sop-serve--problems pre")
        box.wait_for()
        assert box.inner_text().startswith(PROBLEM)
        hidden = box.evaluate("e => e.scrollWidth - e.clientWidth")
        end = box.evaluate("""e => {  // where the hint's last letter is drawn
            const text = e.firstChild, at = text.data.indexOf("'rektor'?") + 8;
            const range = document.createRange();
            range.setStart(text, at); range.setEnd(text, at + 1);
            return range.getBoundingClientRect().right;
        }""")
        browser.close()
    assert hidden <= 0, f"{hidden} px of the problem text cut off at {width} px"
    assert end <= width, f"'maksud Anda' drawn at {end} px, past the {width} px screen"
