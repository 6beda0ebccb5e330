"""Property-based: every random VALID data set renders everywhere, with its text intact.

Hypothesis draws SOPs of 2-30 steps and 1-8 lanes with decisions, loop-backs, skips and joint
steps, and texts from all of Unicode plus markup fragments. Each one is written
as YAML files and loaded by the real loader (so it is valid by the project's own rules), then
rendered as Mermaid text, the site page (Markdown from the site core, then HTML with the site's
Markdown extensions, its flowchart SVG one page) and the PDF HTML (its flowchart SVGs paged); a
few become real PDFs. Mutations of valid files that must end in a message live in
tests/test_fuzz_input.py.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from sop import mermaid
from sop.dataset import DataSet, load
from sop.errors import DataSetError
from sop.pdf import html as pdf_html
from sop.pdf.flow import flow_sheets
from sop.pdf.writer import html_to_pdf
from sop.site.pages import Options, SiteRenderer
from sop.validate import PLACEHOLDER

OPTS = pdf_html.options("https://sop.example.ac.id", dt.date(2024, 5, 2))
#: Markup fragments that must never come out as markup; mixed into the random text.
FRAGMENTS = ["<script>alert(1)</script>", "<b>x</b>", "{{ 7*7 }}", "{% raw %}", "**t**",
             "[a](javascript:x)", '"', "'", "&amp;", "`", "|", "#", "-->", ":::", "\\", "</svg>",
             "]]>", "<!--", "e\u0301", "مرحبا", "😀", "\t"]
#: The flowchart table's SVG as the site page and the PDF's HTML hold it (escaped text never
#: holds "</svg>", so the first one ends it).
FLOWCHART = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg".*?</svg>', re.S)
CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"))


def _written(text: str) -> bool:
    """Valid in an SOP in force: not blank, not the `sop new` placeholder (Hypothesis draws
    string constants of the code it runs, 'TODO' among them)."""
    return text.strip() != "" and not text.lstrip().upper().startswith(PLACEHOLDER)


TEXT = st.lists(st.one_of(st.text(CHARS, min_size=1, max_size=12), st.sampled_from(FRAGMENTS)),
                min_size=1, max_size=5).map(" ".join).filter(_written)
SHORT = st.text(CHARS, min_size=1, max_size=24).filter(_written)
MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "toc", "pymdownx.superfences"]


@st.composite
def steps(draw: st.DrawFn, n: int, lanes: list[str]) -> list[dict[str, Any]]:
    """A flow that is valid by construction: a chain whose decisions go on to the next step
    or detour (back: a loop; ahead: a skip), so every step stays reachable and every loop has
    a way out."""
    out: list[dict[str, Any]] = []
    for no in range(1, n + 1):
        who: str | list[str] = draw(st.sampled_from(lanes))
        if len(lanes) > 1 and draw(st.integers(0, 6)) == 0:
            who = draw(st.lists(st.sampled_from(lanes), min_size=2, max_size=3, unique=True))
        step: dict[str, Any] = {"no": no, "kegiatan": draw(TEXT), "pelaksana": who}
        if draw(st.booleans()):
            step["waktu"] = {"nilai": draw(st.sampled_from([1, 2.5, 15, 30])),
                             "unit": draw(st.sampled_from(["menit", "jam", "hari", "hari kerja"]))}
        if draw(st.integers(0, 3)) == 0:
            step["kelengkapan"] = draw(st.lists(TEXT, min_size=1, max_size=2))
        if draw(st.integers(0, 3)) == 0:
            step["output"] = draw(TEXT)
        kind = draw(st.integers(0, 9)) if no < n else -1
        if kind <= 2 and no > 1 and kind >= 0:  # decision: on, or back (a loop) / ahead (a skip)
            other = draw(st.sampled_from([x for x in range(1, n + 1) if x not in (no, no + 1)]
                                         or [1]))
            if other != no:
                yes, no_label = draw(st.lists(SHORT, min_size=2, max_size=2,
                                              unique_by=lambda t: " ".join(t.split()).casefold()))
                step["cabang"] = [{"label": yes, "ke": no + 1}, {"label": no_label, "ke": other}]
        out.append(step)
    return out


@st.composite
def data_sets(draw: st.DrawFn) -> dict[str, Any]:
    """The four kinds of data file of a one-SOP data set, as Python data."""
    k = draw(st.integers(1, 8))
    n = draw(st.integers(2, 30))
    actors = [{"id": f"a{i}", "jabatan": draw(TEXT), "singkat": draw(SHORT)} for i in range(k)]
    lanes = [a["id"] for a in actors]
    sop = {
        "id": "acak", "nomor": draw(TEXT), "judul": draw(TEXT), "unit": "u",
        "keputusan": "kr-1", "tanggal": {"pembuatan": "2024-01-10"},
        "pengesahan": {"jabatan": draw(TEXT), "nama": draw(TEXT)},
        "dasar_hukum": ["p1"], "pelaksana": lanes, "steps": draw(steps(n, lanes)),
        "deskripsi": draw(TEXT), "peringatan": draw(st.lists(TEXT, max_size=2)),
        "persyaratan": {"judul": draw(TEXT), "daftar": [draw(TEXT), {
            "teks": draw(TEXT), "rincian": draw(st.lists(TEXT, min_size=1, max_size=2))}]},
    }
    return {
        "institusi.yaml": {"nama": draw(TEXT), "kementerian": draw(TEXT), "alamat": draw(TEXT),
                           "kota": draw(TEXT), "pelaksana": actors,
                           "unit": [{"id": "u", "nama": draw(TEXT), "jenis": "biro"}]},
        "dasar_hukum.yaml": {"peraturan": [{"id": "p1", "jenis": "Peraturan Menteri",
                                            "nomor": "1", "tahun": 2012, "tentang": draw(TEXT)}]},
        "keputusan/kr-1.yaml": {
            "id": "kr-1", "nomor": "1", "tahun": 2024, "tentang": draw(TEXT), "tempat": "Malang",
            "tanggal": "2024-01-15", "penanda_tangan": {"jabatan": "Rektor", "nama": draw(TEXT)},
            "menimbang": [draw(TEXT)], "mengingat": ["p1"], "menetapkan": draw(TEXT),
            "diktum": [{"label": "KESATU", "isi": draw(TEXT)}], "lampiran": ["acak"]},
        "sop/acak.yaml": sop,
    }


def write(root: Path, files: dict[str, Any]) -> DataSet:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")
    try:
        return load(root)
    except DataSetError as exc:  # a bug in the strategy, or the loader refusing valid data
        raise AssertionError(exc.report()) from None


def visible(markup: str) -> str:
    """The text a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def words(text: str) -> str:
    return " ".join(text.split())


def assert_no_markup_from_data(output: str) -> None:
    for bad in ("<script", "<b>x", 'href="javascript', "<!--"):
        assert bad not in output, bad


SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@SETTINGS
@given(files=data_sets())
def test_random_valid_sops_render_everywhere(files: dict[str, Any],
                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    data = write(tmp_path_factory.mktemp("prop"), files)
    sop = data.sops["acak"]

    diagram = mermaid.swimlane(sop, data.actors)
    assert set(re.findall(r"^\s+(s\d+)[\[(@]", diagram, re.M)) == {f"s{s.no}" for s in sop.steps}
    assert_no_markup_from_data(diagram)

    page = SiteRenderer(data, Options(pdf_links=True)).sop_page(sop).markdown
    pdf_doc = pdf_html.sop_html(data, "acak", "unduhan", OPTS)
    web, paged = FLOWCHART.findall(page), FLOWCHART.findall(pdf_doc)
    assert len(web) == 1 and len(paged) >= 1  # the web page's table, the PDF's sheets
    for svg in [*web, *paged]:
        ET.fromstring(svg)  # well-formed: no text broke out of its element
        assert_no_markup_from_data(svg)

    body = page.split("\n---\n", 1)[1]
    rendered = markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS)
    assert_no_markup_from_data(rendered)
    seen = visible(rendered)
    for step in sop.steps:
        assert words(step.kegiatan) in seen
    assert words(sop.deskripsi or "") in seen

    assert_no_markup_from_data(pdf_doc)
    assert words(sop.judul) in visible(pdf_doc)
    book = pdf_html.book_html(data, "kr-1", OPTS, [1] * len(data.decrees["kr-1"].lampiran))
    assert_no_markup_from_data(book)


@pytest.mark.slow
@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=data_sets())
def test_random_valid_sops_print_as_pdf(files: dict[str, Any],
                                        tmp_path_factory: pytest.TempPathFactory) -> None:
    data = write(tmp_path_factory.mktemp("prop-pdf"), files)
    sop = data.sops["acak"]
    pdf = html_to_pdf(pdf_html.sop_html(data, "acak", "resmi", OPTS))
    reader = PdfReader(io.BytesIO(pdf))
    sheets = len(flow_sheets(sop, data.actors).pages)
    assert len(reader.pages) >= 1 + sheets  # identity sheet, then the flowchart sheets
    # pypdf returns a run set in a two-byte fallback font (DejaVu, for Arabic) with NULs between
    # the characters; the PDF itself is right, so drop them before looking for the number.
    # A long number may wrap inside its cell, so compare without white space.
    text = "".join(page.extract_text() or "" for page in reader.pages).replace("\x00", "")
    assert "".join(sop.nomor.split()) in "".join(text.split()) or not sop.nomor.isascii()
