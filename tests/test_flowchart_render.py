"""The SVG output of the flowchart engine: golden files, determinism, escaping and text fit."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from flowchart_fixtures import (
    ACTORS,
    GOLDEN_DIR,
    golden_cases,
    golden_files,
    layanan_kemahasiswaan,
    pengangkatan_pertama,
    seed_dataset,
    tricky,
)
from test_flowchart_geometry import check_layout

from sop.flowchart import layout_pages, render_svg_pages
from sop.flowchart.metrics import text_width
from sop.flowchart.table import KEGIATAN_MIN, PAD, SQUEEZE, format_waktu

SVG = "{http://www.w3.org/2000/svg}"
CASES = golden_cases()


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_golden(name: str) -> None:
    """Drawing changes are deliberate: run scripts/regen_golden.py and review the diff."""
    for file, text in golden_files(name, CASES[name]()).items():
        path = GOLDEN_DIR / file
        assert path.exists(), f"missing golden {file}: run .venv/bin/python scripts/regen_golden.py"
        assert text == path.read_text(encoding="utf-8"), f"{file} differs from its golden"


def test_seed_sops_hold_invariants() -> None:
    data = seed_dataset()
    if data is None:
        pytest.skip("sop_data does not load yet")
    for sop in data.sops.values():
        for max_height in (None, 680.0, 420.0):
            check_layout(sop, layout_pages(sop, data.actors, max_height=max_height), max_height)


def test_rendering_is_deterministic() -> None:
    sop = pengangkatan_pertama()
    reversed_actors = dict(reversed(list(ACTORS.items())))
    first = render_svg_pages(sop, ACTORS, max_height=420.0)
    assert render_svg_pages(sop, reversed_actors, max_height=420.0) == first
    assert render_svg_pages(pengangkatan_pertama(), ACTORS, max_height=420.0) == first


def test_each_page_is_a_standalone_svg_with_the_header() -> None:
    pages = render_svg_pages(pengangkatan_pertama(), ACTORS, max_height=420.0)
    assert len(pages) > 1
    for page in pages:
        root = ET.fromstring(page)
        assert root.tag == f"{SVG}svg"
        width, height = float(root.get("width", "0")), float(root.get("height", "0"))
        assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
        assert width == 1047 and 0 < height <= 420
        texts = [t.text for t in root.iter(f"{SVG}text")]
        for title in ("NO", "KEGIATAN", "PELAKSANA", "MUTU BAKU", "KETERANGAN", "KELENGKAPAN",
                      "WAKTU", "OUTPUT", "Rektor", "Tim Penilai"):
            assert title in texts
        assert "Liberation Sans" in (root.get("font-family") or "")


def test_branch_labels_sit_on_a_white_ground_over_the_lines() -> None:
    """A column line or an arrow passing behind a branch label ("Tidak setuju" beside a
    narrow actor column) stops at the label's edge instead of striking its words through."""
    data = seed_dataset()
    if data is None:
        pytest.skip("sop_data does not load yet")
    for page in render_svg_pages(data.sops["pak-lektor-kepala"], data.actors):
        root = ET.fromstring(page)
        order = [el.get("class") for el in root if el.tag == f"{SVG}path"]
        backing = root.find(f"{SVG}path[@class='label-backings']")
        assert backing is not None and backing.get("fill") == "#fff"
        assert order.index("label-backings") > max(order.index(c) for c in ("grid", "arrows"))
        grounds = [tuple(map(float, m)) for m in re.findall(
            r"M([\d.]+) ([\d.]+)H([\d.]+)V([\d.]+)", backing.get("d", ""))]
        labels = [t for g in root.iter(f"{SVG}g") if g.get("font-size") == "9"
                  for t in g.iter(f"{SVG}text") if t.get("text-anchor") is None]
        assert labels
        for text in labels:
            x, y = float(text.get("x", "0")), float(text.get("y", "0"))
            right = x + text_width(text.text or "", 9.0)
            assert any(x0 < x and right < x1 and y0 < y - 6 and y < y1
                       for x0, y0, x1, y1 in grounds), f"{text.text!r} has no white ground"


def test_text_is_escaped_data() -> None:
    page = render_svg_pages(tricky(), ACTORS)[0]
    assert "<script" not in page and "<b>" not in page and "<output/>" not in page
    assert "foreignObject" not in page
    root = ET.fromstring(page)  # well-formed XML despite the hostile text
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "• Formulir <A> & B" in texts
    assert "• {{ x }}" in texts
    assert "<output/>" in texts
    assert "Ya & <lanjut>" in texts or ("Ya &" in texts and "<lanjut>" in texts)
    assert any("<script>alert('x')</script>" in t for t in texts)
    assert root.find(f"{SVG}title").text == "Diagram alir SOP Uji <b>tag</b> & {{ kurung }}"


def test_waktu_is_formatted_the_indonesian_way() -> None:
    assert format_waktu(pengangkatan_pertama().step(1)) == "15 menit"
    assert format_waktu(tricky().step(2)) == "2,5 jam"
    assert format_waktu(layanan_kemahasiswaan().step(9)) == "1,5 minggu"
    assert format_waktu(tricky().step(1)) == ""


@pytest.mark.parametrize("width", [1047.0, 760.0])
def test_text_fits_its_cells(width: float) -> None:
    for sop in (pengangkatan_pertama(), tricky(), layanan_kemahasiswaan()):
        for page in layout_pages(sop, ACTORS, width=width):
            cells = [c for row in page.rows for c in row.cells] + list(page.header)
            for cell in cells:
                for line in cell.lines:
                    width_px = text_width(line.text, line.size, line.bold)
                    assert width_px <= cell.box.w - 2 * PAD + 0.01
                    assert cell.box.y < line.y <= cell.box.bottom - 2
            # the table fills the width; it is wider only where actor columns grew for their
            # arrows and labels with the text columns at their narrowest
            right = page.columns[-1].right
            kegiatan = next(c for c in page.columns if c.key == "kegiatan")
            assert abs(right - width) < 0.01 or (
                right > width and kegiatan.w <= KEGIATAN_MIN * SQUEEZE + 0.01)


def test_joint_steps_mark_each_actor_and_are_joined() -> None:
    page = layout_pages(layanan_kemahasiswaan(), ACTORS)[0]
    marks = [s for s in page.symbols if s.step == 5]
    assert sorted(s.actor for s in marks) == ["lpm", "unit-pelaksana"]
    joiner = next(j for j in page.joiners if j.step == 5)
    left, right = sorted(marks, key=lambda s: s.box.x)
    assert joiner.start == (left.box.right, left.box.cy) and joiner.end == (right.box.x,
                                                                             right.box.cy)
