"""Hostile and broken input beyond the bad-input suite: very large SOPs, huge fields, files
outside the data folder, and a PDF writer that must not read anything outside the project.

Already covered elsewhere, not repeated here: cycles with no exit, unreachable steps,
self-loops, logo path traversal and a symlinked logo, tabs, BOMs, CRLF, empty, binary and
oversized files (tests/test_bad_input.py); random mutations (tests/test_fuzz_input.py);
hostile text rendered end to end (tests/test_hostile_build.py).
"""

from __future__ import annotations

import functools
import http.server
import io
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import weasyprint
from conftest import INSTITUSI, SOP, MakeData
from markupsafe import escape
from test_bad_input import CASES, I, S, check
from test_property_build import FLOWCHART

from sop import mermaid
from sop.dataset import DataSet, load
from sop.pdf import html as pdf_html
from sop.pdf.pages import FLOW_WIDTH_PX
from sop.pdf.sources import ASSETS_DIR
from sop.pdf.writer import html_to_pdf
from sop.site.pages import Options, SiteRenderer
from sop.synth import write_dataset

OPTS = pdf_html.options("https://sop.example.ac.id", __import__("datetime").date(2024, 5, 2))
#: Cases of this module that end in a message or a safe rendering (counted with the bad-input
#: suite below); each name is a test function here.
HOSTILE_CASES = [
    "test_200_step_sop_renders_everywhere",
    "test_20_actor_sop_renders_everywhere",
    "test_20_actor_sheet_keeps_text_columns_readable",
    "test_huge_valid_field_renders",
    "test_long_unbroken_word_renders",
    "test_absolute_logo_path_is_refused",
    "test_dotdot_inside_logo_path_is_refused",
    "test_symlinked_sop_file_outside_is_refused",
    "test_symlinked_sop_folder_outside_is_refused",
    "test_writer_reads_no_file_outside_the_assets",
    "test_writer_fetches_nothing_from_the_network",
]


def test_bad_input_and_hostile_suites_have_at_least_40_cases() -> None:
    assert all(name in globals() for name in HOSTILE_CASES)
    assert len(CASES) + len(HOSTILE_CASES) >= 40


# --------------------------------------------------------------------------- big SOPs


def _one(data: DataSet) -> Any:
    return next(iter(data.sops.values()))


def _render_everywhere(data: DataSet) -> dict[str, Any]:
    """Every text rendering of the data set's first SOP, checked for well-formedness: the
    swimlane, the site page with its flowchart SVG, the PDF's HTML with its flowchart sheets."""
    sop = _one(data)
    diagram = mermaid.swimlane(sop, data.actors)
    nodes = set(re.findall(r"^\s+(s\d+)[\[(@]", diagram, re.M))
    assert nodes == {f"s{s.no}" for s in sop.steps}
    page = SiteRenderer(data, Options(pdf_links=True)).sop_page(sop).markdown
    web = FLOWCHART.findall(page)
    sheets = pdf_html.sop_flow(data, sop)
    for svg in [*web, *(sheet.svg for sheet in sheets.pages)]:
        ET.fromstring(svg)
    for step in sop.steps:
        assert str(escape(step.kegiatan)) in page
    html = pdf_html.sop_html(data, sop.id, "resmi", OPTS, flow=sheets)
    assert html.count("<svg") >= len(sheets.pages)
    return {"sop": sop, "web": web, "sheets": sheets.pages, "page": page, "html": html}


def test_200_step_sop_renders_everywhere(tmp_path: Path) -> None:
    data = load(write_dataset(tmp_path / "data", 1, steps=(200, 200)))
    out = _render_everywhere(data)
    assert len(out["web"]) == 1
    assert len(out["sheets"]) >= 10  # about 15 rows fit on a landscape sheet
    numbers = {int(t.text) for sheet in out["sheets"] for t in sheet.texts if t.text.isdigit()}
    assert set(range(1, 201)) <= numbers, "every step number is printed on some sheet"


def test_20_actor_sop_renders_everywhere(tmp_path: Path) -> None:
    data = load(write_dataset(tmp_path / "data", 1, lanes=(20, 20)))
    out = _render_everywhere(data)
    assert len(out["sop"].pelaksana) == 20
    # Every name printed whole, or broken only at a syllable with a hyphen.
    printed = "".join(t.text for t in out["sheets"][0].texts).replace(" ", "")
    for actor in out["sop"].pelaksana:
        name = (data.actors[actor].singkat or "").replace(" ", "")
        assert name in printed or name in printed.replace("-", "")


def test_20_actor_sheet_keeps_text_columns_readable() -> None:
    """Lanes may get narrow (a symbol is small); KEGIATAN and the mutu baku text narrow at most
    to SQUEEZE of their minimum (their text wraps onto more lines) before the sheet is scaled."""
    from sop.flowchart.table import KEGIATAN_MIN, SQUEEZE, TEXT_COLUMNS, columns

    widths = {c.key: c.w for c in columns([f"a{i}" for i in range(20)], FLOW_WIDTH_PX)}
    assert widths["kegiatan"] >= SQUEEZE * KEGIATAN_MIN
    for key, minimum, _ in TEXT_COLUMNS:
        assert widths[key] >= SQUEEZE * minimum, key


# --------------------------------------------------------------------------- huge fields


def _with(make_data: MakeData, extra: str) -> DataSet:
    root = make_data({"sop/contoh.yaml": SOP + extra})
    return load(root)


def _pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join(page.extract_text() or "" for page in doc.pages)


@pytest.mark.slow
def test_huge_valid_field_renders(make_data: MakeData) -> None:
    """A 50 kB description loads, shows in full on the page and prints over several pages."""
    words = " ".join(f"kalimat{i:05d}" for i in range(4500))  # 58 kB of text
    data = _with(make_data, f"deskripsi: {words}\n")
    page = SiteRenderer(data).sop_page(_one(data)).markdown
    assert words in page
    pdf = html_to_pdf(pdf_html.sop_html(data, "contoh", "resmi", OPTS))
    text = _pdf_text(pdf)
    assert text.count("kalimat") == 4500  # every word printed, none lost at a page break
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) > 4


def test_long_unbroken_word_renders(make_data: MakeData) -> None:
    """A 300-character token (a pasted URL) in a step and a requirement stays one string."""
    token = "https://contoh.ac.id/" + "a" * 280
    data = load(make_data({"sop/contoh.yaml": SOP.replace("Menerima berkas", token)}))
    out = _render_everywhere(data)
    assert token in out["page"]


# --------------------------------------------------------------------------- files outside


def test_absolute_logo_path_is_refused(make_data: MakeData, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    make_data({"institusi.yaml": "logo: /etc/hostname\n" + INSTITUSI})
    code, lines = check(capsys)
    assert (code, lines[0]) == (
        1, f"{I}:1: logo: '/etc/hostname' menunjuk ke luar folder data; simpan berkas di "
           "dalamnya")


def test_dotdot_inside_logo_path_is_refused(make_data: MakeData, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "outside.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    root = make_data({"institusi.yaml": "logo: aset/../../outside.svg\n" + INSTITUSI})
    (root / "aset").mkdir()
    code, lines = check(capsys)
    assert (code, lines[0]) == (1, f"{I}:1: logo: 'aset/../../outside.svg' menunjuk ke luar "
                                   "folder data; simpan berkas di dalamnya")


def test_symlinked_sop_file_outside_is_refused(make_data: MakeData, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A committed link to a file elsewhere on the build machine must not be read at all."""
    (tmp_path / "secret.yaml").write_text("rahasia_negara: RAHASIA-123\n")
    root = make_data()
    (root / "sop" / "bocor.yaml").symlink_to(tmp_path / "secret.yaml")
    code, lines = check(capsys)
    assert code == 1
    assert lines[0] == ("data/sop/bocor.yaml: menaut ke berkas di luar folder data; "
                        "simpan berkas data di dalam folder data")
    assert "rahasia" not in "\n".join(lines)


def test_symlinked_sop_folder_outside_is_refused(make_data: MakeData, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = make_data()
    (root / "sop").rename(tmp_path / "elsewhere")
    (root / "sop").symlink_to(tmp_path / "elsewhere")
    code, lines = check(capsys)
    assert code == 1
    assert lines[0] == (f"{S}: menaut ke berkas di luar folder data; "
                        "simpan berkas data di dalam folder data")


# --------------------------------------------------------------------------- the PDF writer

SECRET_SVG = ("<svg xmlns='http://www.w3.org/2000/svg' width='300' height='40'>"
              "<text x='0' y='30' font-size='20'>RAHASIA-{n}</text></svg>")


def _crafted_html(secret: Path, url: str) -> str:
    """HTML that tries every way WeasyPrint loads a resource, all aimed at `url`."""
    return f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{url.replace('.svg', '.css')}">
<style>@import url("{url.replace('.svg', '.css')}");
@font-face {{ font-family: X; src: url("{url.replace('.svg', '.ttf')}"); }}
body {{ background-image: url("{url}"); }}</style></head><body>
<p>Tes</p><img src="{url}"><object data="{url}"></object><embed src="{url}">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 width="300" height="40"><image href="{url}" xlink:href="{url}" width="300" height="40"/></svg>
<img src="../../../../../../../../{secret.relative_to('/').as_posix()}">
</body></html>"""


def test_writer_reads_no_file_outside_the_assets(tmp_path: Path) -> None:
    secret = tmp_path / "secret.svg"
    secret.write_text(SECRET_SVG.format(n=1))
    (tmp_path / "secret.css").write_text("p::after { content: 'RAHASIA-CSS'; }")
    html = _crafted_html(secret, secret.as_uri())
    # The same HTML through WeasyPrint's own fetcher does read the files: the test can fail.
    plain = weasyprint.HTML(string=html, base_url=ASSETS_DIR.as_uri() + "/").write_pdf()
    assert "RAHASIA-CSS" in _pdf_text(plain)
    ours = _pdf_text(html_to_pdf(html))
    assert "Tes" in ours and "RAHASIA" not in ours


@pytest.fixture
def http_server(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """A local web server holding resources the crafted HTML points at; it logs each request."""
    (tmp_path / "x.svg").write_text(SECRET_SVG.format(n=2))
    (tmp_path / "x.css").write_text("p::after { content: 'RAHASIA-NET'; }")
    hits: list[str] = []

    class Counting(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            hits.append(self.path)

    handler = functools.partial(Counting, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/x.svg", hits
    server.shutdown()


def test_writer_fetches_nothing_from_the_network(http_server: tuple[str, list[str]],
                                                 tmp_path: Path) -> None:
    url, hits = http_server
    html = _crafted_html(tmp_path / "x.svg", url)
    weasyprint.HTML(string=html).write_pdf()
    assert hits, "the control render should have fetched from the local server"
    hits.clear()
    text = _pdf_text(html_to_pdf(html))
    assert hits == [] and "RAHASIA" not in text
