"""The hostile data set (tests/hostile_data.py) built end to end: site and PDFs.

Every free-text field carries HTML and script payloads, Markdown, Jinja and Mermaid syntax,
Arabic, emoji and combining marks. The build must succeed, every output must show that text as
text (escaped in HTML, SVG, XML and JSON), and no script of it may run in a browser.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import io
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hostile_data import write_hostile_dataset
from site_fixtures import build_site

pytestmark = pytest.mark.slow

#: What the payload would look like had a renderer passed it through as markup.
RAW_MARKUP = ["<script>window.__pwned", "onerror=\"window.__pwned", "<img src=x",
              'href="javascript:', "<strong>tebal</strong>", ">49<", " 49 "]
TEXT_OUTPUTS = (".html", ".svg", ".json", ".xml", ".js")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile data set built with every PDF (the PDF cache kept inside the temp folder)."""
    base = tmp_path_factory.mktemp("hostile")
    data = write_hostile_dataset(base / "data")
    with contextlib.chdir(base):
        return build_site(data, base / "site", pdf=True)


def outputs(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.suffix in TEXT_OUTPUTS and "assets" not in p.parts]


def page_text(site: Path, url: str) -> str:
    """The visible text of a page's article: tags removed, entities decoded, spaces collapsed."""
    page = (site / url / "index.html").read_text(encoding="utf-8")
    body = page.split('<article class="md-content__inner md-typeset">', 1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body.split("</article>")[0], flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def pdf_text(path: Path) -> str:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        return "".join((page.extract_text() or "") for page in pdf.pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- outputs


def test_the_hostile_data_set_builds_every_page_and_pdf(hostile_site: Path) -> None:
    for url in ["", "katalog", "sop/contoh", "keputusan/kr-1-2024", "persyaratan",
                "pelaksana", "dasar-hukum", "unit/biro-umum"]:
        assert (hostile_site / url / "index.html").is_file(), url
    for pdf in ["sop/contoh.pdf", "sop/contoh-resmi.pdf", "keputusan/kr-1-2024.pdf"]:
        assert (hostile_site / "pdf" / pdf).read_bytes().startswith(b"%PDF-"), pdf


def _markup_in(path: Path) -> list[str]:
    """The raw-markup forms of the payload found in one output file."""
    text = path.read_text(encoding="utf-8")
    bad = RAW_MARKUP if path.suffix != ".json" else RAW_MARKUP[:5]
    return [b for b in bad if b in text]


def test_no_page_carries_the_payload_as_markup(hostile_site: Path) -> None:
    """Every HTML page (with its inline SVG), the feed and every script of the site."""
    files = [p for p in outputs(hostile_site) if p.suffix != ".json"]
    assert len(files) > 15
    found = {str(p.relative_to(hostile_site)): _markup_in(p) for p in files}
    assert {k: v for k, v in found.items() if v} == {}


#: JSON files whose consumer is a script of ours: raw '<' is safe only as long as every script
#: that reads them sets text (not HTML); escaping it as \u003c makes that hold by construction.
JSON_FILES = ["pagefind/sop-kata.json", "pagefind/sop-sinonim.json",
              "verifikasi/sidik-jari.json"]


@pytest.mark.parametrize("name", JSON_FILES)
def test_json_outputs_escape_markup(hostile_site: Path, name: str) -> None:
    assert _markup_in(hostile_site / name) == []


def test_every_json_output_is_checked(hostile_site: Path) -> None:
    known = {*JSON_FILES, "pagefind/pagefind-entry.json"}  # the last one is Pagefind's own
    found = {p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.json")}
    assert found <= known, f"new JSON outputs to add to JSON_FILES: {found - known}"


def test_json_outputs_hold_the_payload_as_data(hostile_site: Path) -> None:
    """The registers parse, and give back the text exactly as typed; the search's word list
    holds words only."""
    for path in hostile_site.rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data, path
    words = json.loads((hostile_site / "pagefind/sop-kata.json").read_text(encoding="utf-8"))
    assert "script" in words and all(w.isalpha() for w in words)


@pytest.mark.parametrize("url", ["sop/contoh", "katalog", "", "keputusan/kr-1-2024",
                                 "persyaratan", "pelaksana"])
def test_pages_show_the_payload_as_typed(hostile_site: Path, url: str) -> None:
    text = page_text(hostile_site, url)
    assert "<script>window.__pwned=1</script>" in text
    assert "{{ 7*7 }}" in text and "{% if x %}y{% endif %}" in text
    assert "**tebal** [tautan](javascript:alert(1))" in text
    assert "مرحبا 😀 e\u0301" in text


def test_sop_page_shows_every_hostile_field(hostile_site: Path) -> None:
    text = page_text(hostile_site, "sop/contoh")
    assert text.count("<script>window.__pwned=1</script>") >= 10
    assert '"kutip" (kurung) [siku] {kurawal} a|b end --> ;# &' in text
    page = (hostile_site / "sop/contoh/index.html").read_text(encoding="utf-8")
    fence = re.search(r'<pre class="sop-mermaid"><code>(.*?)</code></pre>', page, re.S)
    assert fence is not None, "the swimlane diagram source is missing"
    assert "<" not in html.unescape(fence.group(1)).replace("<br>", "")


def test_flowchart_svg_in_the_page_is_escaped(hostile_site: Path) -> None:
    page = (hostile_site / "sop/contoh/index.html").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
    assert svgs
    joined = "".join(svgs)
    assert "&lt;script&gt;" in joined or "&lt;i&gt;x&lt;/i&gt;" in joined
    assert "<script" not in joined and "<i>x</i>" not in joined


@pytest.mark.parametrize("name", ["sop/contoh.pdf", "sop/contoh-resmi.pdf",
                                  "keputusan/kr-1-2024.pdf"])
def test_pdfs_print_the_payload_as_text(hostile_site: Path, name: str) -> None:
    text = squash(pdf_text(hostile_site / "pdf" / name))
    assert squash("<script>window.__pwned=1</script>") in text
    assert squash("{{ 7*7 }} {% if x %}y{% endif %} **tebal**") in text
    assert squash("[tautan](javascript:alert(1))") in text
    assert "😀" in text or "\U0001f600" in text
    assert "49" not in text.replace("1945", "")


# --------------------------------------------------------------------------- browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(hostile_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser_page(served: str) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (scripts/setup --test)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda dialog: dialog.dismiss())
        yield page
        browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("url", ["sop/contoh/", "katalog/", "", "keputusan/kr-1-2024/",
                                 "persyaratan/", "sop/contoh/v1/"])
def test_no_script_runs_on_the_pages(browser_page: Any, served: str, url: str) -> None:
    page = browser_page
    page.goto(served + url, wait_until="load")
    if url == "sop/contoh/":  # the diagram is drawn when it comes near the screen
        page.locator(".sop-diagram").scroll_into_view_if_needed()
        page.wait_for_function(
            "document.querySelector('.sop-mermaid--done')?.offsetHeight > 100", timeout=20_000)
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned=1</script>" in page.inner_text("article")


@pytest.mark.browser
def test_no_script_runs_in_search_results(browser_page: Any, served: str) -> None:
    page = browser_page
    page.goto(served, wait_until="load")
    page.click(".sop-search-open")
    page.keyboard.type("Layanan")
    page.wait_for_selector(".sop-search__hit", timeout=20_000)
    results = page.inner_text(".sop-search__results")
    assert "<script>window.__pwned=1</script>" in results
    assert page.evaluate("window.__pwned") is None
    page.click(".sop-search__link")
    page.wait_for_load_state("load")
    assert page.evaluate("window.__pwned") is None
    page.goto(served + "katalog/?q=Layanan", wait_until="load")  # a shared search link
    page.wait_for_selector(".sop-search__hit", timeout=20_000)
    assert page.evaluate("window.__pwned") is None


@pytest.mark.browser
def test_no_script_runs_when_filtering_the_catalogue(browser_page: Any, served: str) -> None:
    """The catalogue filter (docs/javascripts/sop.js) redraws rows from the page's own text."""
    page = browser_page
    page.goto(served + "katalog/", wait_until="load")
    page.click("#sop-filter-q")
    page.keyboard.type("script")
    page.wait_for_timeout(300)
    assert "<script>window.__pwned=1</script>" in page.inner_text("table.sop-catalogue")
    page.goto(served, wait_until="load")
    page.click("#sop-home-q")
    page.keyboard.type("window")
    page.keyboard.press("Enter")  # the home form opens the site search
    page.wait_for_function("document.querySelector('.sop-search__status').textContent"
                           ".includes('ditemukan')", timeout=10_000)
    assert page.evaluate("window.__pwned") is None
