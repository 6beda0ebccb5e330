"""Page breaks of the PDF flowchart: a row taller than a sheet continues on the next sheet under
"(lanjutan)" instead of shrinking the sheet, no sheet prints text under 6.5 pt, and a break
leaves at most about a third of a sheet empty when the next row can be split."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from flowchart_fixtures import RANDOM_ACTORS
from test_flowchart_check import DATA_ROOTS, _data
from test_flowchart_geometry import check_layout

from sop.flowchart import layout_pages
from sop.flowchart.metrics import MIN_FONT, PT_PER_PX, READABLE_PT
from sop.flowchart.place import CONTINUED
from sop.flowchart.shapes import PageLayout
from sop.flowchart.table import table_format
from sop.model import Sop
from sop.pdf.flow import flow_sheets
from sop.pdf.pages import FLOW_HEIGHT_PX, FLOW_WIDTH_PX

BASE: dict[str, Any] = {
    "id": "panjang", "nomor": "1", "judul": "Panjang", "unit": "u",
    "tanggal": {"pembuatan": "2024-01-01"}, "pengesahan": {"jabatan": "R", "nama": "N"},
    "pelaksana": ["a0", "a1", "a2"],
}


def _sop(tall: int, items: int, before: int = 3) -> Sop:
    """`before` short steps, then step `tall` with `items` kelengkapan items, then two more."""
    steps = []
    for no in range(1, before + 4):
        step: dict[str, Any] = {"no": no, "pelaksana": f"a{no % 3}", "kegiatan": f"Langkah {no}"}
        if no == tall:
            step["kelengkapan"] = [f"Berkas nomor {k}" for k in range(1, items + 1)]
        if no == before + 2:
            step["cabang"] = [{"label": "Ya", "ke": no + 1}, {"label": "Tidak", "ke": 1}]
        steps.append(step)
    return Sop.model_validate({**BASE, "steps": steps})


def _kelengkapan(pages: list[PageLayout]) -> list[str]:
    col = next(c for c in pages[0].columns if c.key == "kelengkapan")
    return [line.text for p in pages for row in p.rows for cell in row.cells
            if cell.box.x == col.x for line in cell.lines]


def test_a_row_taller_than_a_sheet_continues_on_the_next_sheets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sop = _sop(tall=2, items=120)
    caplog.set_level(logging.WARNING)
    pages = layout_pages(sop, RANDOM_ACTORS, max_height=FLOW_HEIGHT_PX, width=FLOW_WIDTH_PX)
    check_layout(sop, pages, FLOW_HEIGHT_PX)
    continued = [(p.number, row) for p in pages for row in p.rows if row.kind == "continued"]
    assert len(continued) >= 2 and all(row.step == 2 for _, row in continued)
    assert [n for n, _ in continued] == list(range(2, 2 + len(continued)))
    for _, row in continued:  # first on its sheet, saying so in KEGIATAN, its number in NO
        texts = [line.text for cell in row.cells for line in cell.lines]
        assert texts[:2] == ["2", CONTINUED] or CONTINUED in texts
    items = [t.removeprefix("• ") for t in _kelengkapan(pages) if t.startswith("• ")]
    assert items == [f"Berkas nomor {k}" for k in range(1, 121)]
    sheets = flow_sheets(sop, RANDOM_ACTORS)
    for sheet, page in zip(sheets.pages, pages, strict=True):
        assert (sheet.width, sheet.height) == (page.width, page.height)  # not scaled
        assert min(t.size for t in sheet.texts) * PT_PER_PX >= READABLE_PT - 0.01
    assert "overflows" not in caplog.text and "scaled" not in caplog.text


@pytest.mark.parametrize("items", [14, 24, 34])
def test_a_break_leaves_at_most_a_third_of_a_sheet_empty(items: int) -> None:
    sop = _sop(tall=4, items=items, before=5)
    pages = layout_pages(sop, RANDOM_ACTORS, max_height=420.0, width=FLOW_WIDTH_PX)
    check_layout(sop, pages, 420.0)
    for page in pages[:-1]:
        assert page.height >= 420.0 * 2 / 3, f"page {page.number} is {page.height:.0f} px"


def test_a_short_row_is_never_split() -> None:
    sop = _sop(tall=4, items=3, before=5)
    for max_height in (300.0, 420.0):
        pages = layout_pages(sop, RANDOM_ACTORS, max_height=max_height, width=FLOW_WIDTH_PX)
        assert not [r for p in pages for r in p.rows if r.kind == "continued"]


def test_no_bundled_sheet_prints_text_under_readable_size() -> None:
    for root in DATA_ROOTS:
        data = _data(root)
        for sop in data.sops.values():
            sheets = flow_sheets(sop, data.actors, table_format(sop, data.institution.tabel))
            for sheet in sheets.pages:
                assert min(t.size for t in sheet.texts) >= MIN_FONT - 0.01, sop.id
