"""Flowchart text written into the PDF by sop.pdf.flowtext: where WeasyPrint would set it,
searchable, in the shipped fonts, and printed literally; other scripts keep WeasyPrint's path."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdf_fixtures import dataset_files, write_dataset, write_files
from pypdf import PdfReader

from sop.dataset import DataSet, load
from sop.pdf import flowtext, render_sop_pdf
from sop.pdf import html as pdf_html

SITE = "https://sop.ucn.example.ac.id"
BUILD_DATE = dt.date(2024, 5, 2)
LATIN_PAYLOAD = '<script>x()</script> </div> {{ 7*7 }} "kutip" & a|b --> Rp 5.000 – ±'


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> DataSet:
    return load(write_dataset(tmp_path_factory.mktemp("flowtext")))


def _official(data: DataSet, sid: str = "usulan-lektor") -> bytes:
    return render_sop_pdf(data, sid, copy="resmi", site_url=SITE, build_date=BUILD_DATE)


def _flow_words(pdf: bytes) -> list[list[dict[str, Any]]]:
    """The words of each landscape (flowchart) page."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_words() for page in doc.pages if page.width > page.height]


def test_flowchart_text_is_drawn_without_html_boxes(data: DataSet) -> None:
    html = pdf_html.sop_html(data, "usulan-lektor", "resmi", pdf_html.options(SITE, BUILD_DATE))
    assert 'class="ft' not in html
    assert html.count(f"{flowtext.ATTRIBUTE}=") >= 2  # one per flowchart page


def test_drawn_text_lands_where_weasyprint_sets_it(
    data: DataSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same words at the same places as WeasyPrint's own layout of the text as HTML boxes,
    on every flowchart page: the same baselines, and across within a point (WeasyPrint kerns
    letter pairs such as "AT"; the flowchart engine measures and draws without kerning)."""
    drawn = _flow_words(_official(data))
    monkeypatch.setattr(flowtext, "drawable", lambda text: False)
    laid_out = _flow_words(_official(data))
    assert len(drawn) == len(laid_out) >= 2
    for ours, theirs in zip(drawn, laid_out, strict=True):
        assert [w["text"] for w in ours] == [w["text"] for w in theirs]
        for a, b in zip(ours, theirs, strict=True):
            assert abs(a["x0"] - b["x0"]) < 1.0 and abs(a["top"] - b["top"]) < 0.05, (a, b)


def test_drawn_text_is_searchable_in_embedded_subset_fonts(data: DataSet) -> None:
    pdf = _official(data)
    words = " ".join(w["text"] for page in _flow_words(pdf) for w in page)
    for step in data.sops["usulan-lektor"].steps:
        for word in step.kegiatan.split():
            assert word in words, (step.no, word)
    flow_page = next(p for p in PdfReader(io.BytesIO(pdf)).pages if p.mediabox.width > 800)
    ours = {
        name: font.get_object()
        for name, font in flow_page["/Resources"]["/Font"].items()
        if name.startswith("/SopFlow")
    }
    assert set(ours) == {"/SopFlowR", "/SopFlowB"}
    for font in ours.values():
        assert re.fullmatch(r"/[A-Z]{6}\+LiberationSans(-Bold)?", font["/BaseFont"])
        assert "/ToUnicode" in font
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert len(descriptor["/FontFile2"].get_object().get_data()) < 30_000  # a subset


def test_markup_in_flowchart_text_is_printed_literally(tmp_path: Path) -> None:
    files = dataset_files()
    step = files["sop/usulan-lektor.yaml"]["steps"][0]
    step["kegiatan"] = f"{LATIN_PAYLOAD} {step['kegiatan']}"
    data = load(write_files(tmp_path / "data", files))
    html = pdf_html.sop_html(data, "usulan-lektor", "resmi", pdf_html.options(SITE, BUILD_DATE))
    assert "<script" not in html and "</div> {{" not in html
    with pdfplumber.open(io.BytesIO(_official(data))) as doc:
        page = next(p for p in doc.pages if p.width > p.height)
        words = page.extract_words()
        left = next(w["x1"] for w in words if w["text"] == "NO")
        right = next(w["x0"] for w in words if w["text"] == "Rektor")
        column = page.crop((left + 2, 0, right - 4, page.height)).extract_text() or ""
    assert re.sub(r"\s+", "", LATIN_PAYLOAD) in re.sub(r"\s+", "", column)


def test_text_outside_latin_is_left_to_weasyprint(tmp_path: Path) -> None:
    """Arabic and emoji have no glyph in Liberation Sans: that page's text stays HTML, where
    WeasyPrint's font fallback draws it, and the PDF still holds it."""
    files = dataset_files()
    step = files["sop/usulan-lektor.yaml"]["steps"][0]
    step["kegiatan"] = f"مرحبا {step['kegiatan']}"
    data = load(write_files(tmp_path / "data", files))
    html = pdf_html.sop_html(data, "usulan-lektor", "resmi", pdf_html.options(SITE, BUILD_DATE))
    assert 'class="ft' in html
    with pdfplumber.open(io.BytesIO(_official(data))) as doc:
        first_flow = next(p for p in doc.pages if p.width > p.height)
        assert "Menerima" in (first_flow.extract_text() or "")
        assert any(0x600 <= ord(c["text"][0]) <= 0x6FF for c in first_flow.chars)


def test_same_text_gives_the_same_bytes(data: DataSet) -> None:
    assert _official(data) == _official(data)


@pytest.mark.parametrize("text", ["Menerima berkas", "Rp 5.000 – ±", "Ĳ ǅ ő"])
def test_latin_text_is_drawable(text: str) -> None:
    assert flowtext.drawable(text)


@pytest.mark.parametrize("text", ["مرحبا", "😀", "e\u0301", "Ωmega", "tab\there"])
def test_other_text_is_not(text: str) -> None:
    assert not flowtext.drawable(text)


def test_preloading_cuts_the_fonts_in_a_helper_and_leaves_one_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before forking the workers, a helper process cuts the Latin fonts while this one loads
    WeasyPrint: the cuts are the ones made here, this process cuts nothing, and no thread of the
    helper's pool is left to be half-copied into the workers."""
    import threading

    from sop.pdf import build as pdf_build

    here = flowtext.latin_cuts()
    cut_here: list[object] = []
    real = flowtext._cut
    monkeypatch.setattr(flowtext, "_cut", lambda *a, **k: cut_here.append(k) or real(*a, **k))
    monkeypatch.setattr(flowtext, "_LATIN", {})
    pdf_build._preload()
    assert here == flowtext._LATIN
    assert cut_here == []  # the helper's calls happened in its own memory
    assert threading.active_count() == 1
