"""The flowchart geometry checker: it finds each fault it names, and finds none on any PDF
flowchart page of the bundled data sets (sop_data/ and every example with an institusi.yaml)."""

from __future__ import annotations

import dataclasses
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest
from flowchart_fixtures import RANDOM_ACTORS, make_sop

from sop.dataset import DataSet, load
from sop.flowchart import check, layout_pages, table
from sop.flowchart.shapes import Arrow, Box, Label, PageLayout
from sop.pdf.pages import FLOW_HEIGHT_PX, FLOW_WIDTH_PX

ROOT = Path(__file__).resolve().parent.parent
DATA_ROOTS = [ROOT / "sop_data", *sorted(p.parent for p in (ROOT / "examples").glob(
    "*/institusi.yaml"))]
CROSSINGS_AT_MOST = 0
"""Crossings on all bundled flowchart pages together: a layout change that adds one is seen."""




@cache
def _data(root: Path) -> DataSet:
    return load(root)


def _cases() -> list[tuple[Path, str]]:
    return [(root, sop_id) for root in DATA_ROOTS for sop_id in _data(root).sops]


def pdf_pages(root: Path, sop_id: str) -> list[PageLayout]:
    """The flowchart pages of one bundled SOP, laid out as its PDF lays them out."""
    data = _data(root)
    sop = data.sops[sop_id]
    fmt = table.table_format(sop, data.institution.tabel)
    return layout_pages(sop, data.actors, max_height=FLOW_HEIGHT_PX, width=FLOW_WIDTH_PX,
                        fmt=fmt)


@pytest.mark.parametrize(("root", "sop_id"), _cases(),
                         ids=lambda v: v.name if isinstance(v, Path) else v)
def test_bundled_pdf_flowcharts_have_no_violation(root: Path, sop_id: str) -> None:
    violations = check.check_pages(pdf_pages(root, sop_id))
    assert not violations, "\n".join(map(str, violations))


def test_bundled_pdf_flowcharts_keep_crossings_down() -> None:
    count = sum(check.crossings(page) for case in _cases() for page in pdf_pages(*case))
    assert count <= CROSSINGS_AT_MOST


# ---------------------------------------------------------------------- each rule is found


def _page() -> PageLayout:
    """A small sound page: one actor column, a decision looping back, a labelled branch."""
    sop = make_sop(2, [("a0", 2), ("a1", {"Ya": 3, "Tidak": 1}), ("a0", None)])
    (page,) = layout_pages(sop, RANDOM_ACTORS, max_height=None)
    return page


def _rules(page: PageLayout) -> set[str]:
    return {v.rule for v in check.check_page(page)}


def _column(page: PageLayout, n: int):
    return [c for c in page.columns if c.key == "actor"][n]


def test_a_label_across_a_column_line_or_past_the_actors_is_found() -> None:
    page = _page()
    label = page.labels[0]
    line = _column(page, 1).x
    across = dataclasses.replace(label, box=Box(line - 10, label.box.y, 30, label.box.h))
    assert "label-on-line" in _rules(dataclasses.replace(page, labels=(across,)))
    right = _column(page, 1).right
    past = dataclasses.replace(label, box=Box(right + 2, label.box.y, 30, label.box.h))
    assert "label-outside" in _rules(dataclasses.replace(page, labels=(past,)))


def test_an_arrow_through_a_label_or_a_symbol_is_found() -> None:
    page = _page()
    (x0, y0), (x1, y1) = page.arrows[0].points[:2]
    label = Label("Ya", Box((x0 + x1) / 2 - 6, (y0 + y1) / 2 - 5, 12, 10), (), 8, 9)
    found = check.check_page(dataclasses.replace(page, labels=(*page.labels, label)))
    assert any(v.rule == "through-label" and "'Ya'" in v.text for v in found)
    symbol = next(s for s in page.symbols if s.step == 3)
    x = symbol.box.cx
    through = Arrow(1, 2, None, ((x, symbol.box.y - 30), (x, symbol.box.bottom + 30)),
                    ((x, symbol.box.bottom + 30), (x - 3, symbol.box.bottom + 24),
                     (x + 3, symbol.box.bottom + 24)))
    found = check.check_page(dataclasses.replace(page, arrows=(*page.arrows, through)))
    assert any(v.rule == "through-symbol" and "step 3" in v.text for v in found)


def test_a_short_head_a_narrow_gap_and_a_shared_port_are_found() -> None:
    page = _page()
    arrow = page.arrows[0]
    (ax, ay), (bx, by) = arrow.points[-2], arrow.points[-1]
    step = 1 if ay < by else -1
    short = dataclasses.replace(arrow, points=(*arrow.points[:-2], (ax, by - 7 * step),
                                               (bx + 20, by - 7 * step), (bx, by - 7 * step),
                                               (bx, by)))
    found = check.check_page(dataclasses.replace(page, arrows=(short, *page.arrows[1:])))
    assert any(v.rule == "short-head" and "5.2 pt segment" in v.text for v in found)
    beside = dataclasses.replace(arrow, source=8, target=9,
                                 points=tuple((x + 3, y) for x, y in arrow.points))
    assert "parallel-gap" in _rules(dataclasses.replace(page, arrows=(*page.arrows, beside)))
    start = page.arrows[1].points[0]
    back = dataclasses.replace(page.arrows[1], source=9, target=page.arrows[1].source,
                               points=((start[0], start[1] - 40), start))
    assert "shared-port" in _rules(dataclasses.replace(page, arrows=(*page.arrows, back)))


def test_crossings_are_counted_and_those_at_one_symbol_are_violations() -> None:
    page = _page()
    (x0, y0), (_, y1) = next((p, q) for a in page.arrows for p, q in pairwise(a.points)
                             if abs(p[0] - q[0]) < 0.01 and abs(p[1] - q[1]) > 10)
    across = Arrow(8, 9, None, ((x0 - 20, (y0 + y1) / 2), (x0 + 20, (y0 + y1) / 2)),
                   ((x0 + 20, (y0 + y1) / 2), (x0 + 14, 0), (x0 + 14, 0)))
    changed = dataclasses.replace(page, arrows=(*page.arrows, across))
    assert check.crossings(changed) == check.crossings(page) + 1
    def avoidable(p: PageLayout) -> int:
        return sum(v.rule == "avoidable-crossing" for v in check.check_page(p))

    assert avoidable(changed) == avoidable(page)


def test_violations_read_as_sentences() -> None:
    v = check.Violation("short-head", 2, "arrow 4->1 ends in a 4.5 pt segment")
    assert str(v) == "page 2: short-head: arrow 4->1 ends in a 4.5 pt segment"


def test_synthetic_pdf_flowcharts_have_no_violation(tmp_path: Path) -> None:
    """SOPs made as the benchmark makes them (sop.synth: 8-25 steps, 3-8 actors, decisions,
    loop-backs, requirements) hold every rule too."""
    from sop import synth

    data = load(synth.write_dataset(tmp_path, 20, seed=7))
    for sop in data.sops.values():
        fmt = table.table_format(sop, data.institution.tabel)
        pages = layout_pages(sop, data.actors, max_height=FLOW_HEIGHT_PX, width=FLOW_WIDTH_PX,
                             fmt=fmt)
        violations = check.check_pages(pages)
        assert not violations, f"{sop.id}:\n" + "\n".join(map(str, violations))


@pytest.mark.parametrize(("seed", "lanes", "sop_id", "paged"), [
    # a loop-back's label "Tidak setuju" found no room on its short stub: it sat across the
    # arrow's own climb (the column's lanes now keep to its edges)
    (30, (9, 18), "sop-0020", False),
    # "Lengkap" beside an arrow down the middle of a narrow column, a lane on either side
    (13, (12, 20), "sop-0002", True),
])
def test_labels_without_room_push_the_lanes_aside(tmp_path: Path, seed: int,
                                                  lanes: tuple[int, int], sop_id: str,
                                                  paged: bool) -> None:
    """Where a branch label finds no clear place beside its arrow, the next layout moves the
    gutter lanes of its column to the column's edges (two SOPs of other synthetic data sets,
    wider ones, in which the label was crossed)."""
    from sop import synth

    n, steps = (25, (8, 40)) if seed == 30 else (4, (15, 30))
    data = load(synth.write_dataset(tmp_path, n, seed=seed, steps=steps, lanes=lanes))
    sop = data.sops[sop_id]
    size = {"max_height": FLOW_HEIGHT_PX, "width": FLOW_WIDTH_PX} if paged else {}
    pages = layout_pages(sop, data.actors, fmt=table.table_format(sop, data.institution.tabel),
                         **size)
    violations = check.check_pages(pages)
    assert not violations, "\n".join(map(str, violations))
