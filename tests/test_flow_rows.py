"""The flow real documents draw (issue 17.5), as a reader sees it: short text inside a symbol,
a branch that ends the flow, two actors' symbols in one row."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
from conftest import MakeData
from test_formats import FLOW_SOP, problems, web_text

from sop import graph, mermaid
from sop.dataset import load
from sop.flowchart import check, layout_pages, render_svg_pages, table
from sop.flowchart.shapes import PageLayout
from sop.pdf import render_sop_pdf
from sop.pdf.pages import FLOW_HEIGHT_PX, FLOW_WIDTH_PX

INSIDE_SOP = FLOW_SOP.replace(
    "    kegiatan: Perlu disposisi?\n",
    "    kegiatan: Memeriksa apakah surat perlu didisposisi Rektor\n"
    "    teks_simbol: Perlu disposisi?\n",
).replace(
    "    kegiatan: Mengarsipkan surat\n",
    "    kegiatan: Mengarsipkan surat\n    teks_simbol: Arsip <surat> & \"tanda\"\n",
)


def pdf_pages(root: Path, sop_id: str) -> list[PageLayout]:
    """The flowchart pages as the PDF lays them out."""
    data = load(root)
    sop = data.sops[sop_id]
    fmt = table.table_format(sop, data.institution.tabel)
    return layout_pages(sop, data.actors, max_height=FLOW_HEIGHT_PX, width=FLOW_WIDTH_PX,
                        fmt=fmt)


def flow_pdf_pages(root: Path, sop_id: str) -> list[pdfplumber.page.Page]:
    """The PDF's flowchart pages (those with the MUTU BAKU header), kept open by the caller."""
    pdf = pdfplumber.open(io.BytesIO(render_sop_pdf(load(root), sop_id, copy="resmi")))
    return [p for p in pdf.pages if "MUTU BAKU" in (p.extract_text() or "")]


def diamonds(page: pdfplumber.page.Page) -> list[tuple[float, float, float, float]]:
    """Bounding boxes (x0, top, x1, bottom) of the diamonds drawn on a PDF page."""
    out = []
    for curve in page.curves:
        pts = {(round(x, 1), round(y, 1)) for x, y in curve["pts"]}
        if len(pts) == 4:
            xs, ys = sorted({x for x, _ in pts}), sorted({y for _, y in pts})
            if len(xs) == 3 and len(ys) == 3:
                out.append((xs[0], ys[0], xs[2], ys[2]))
    return out


def inside_diamond(word: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx, cy, a, b = (x0 + x1) / 2, (top + bottom) / 2, (x1 - x0) / 2, (bottom - top) / 2
    return all(abs(x - cx) / a + abs(y - cy) / b <= 1.0
               for x in (word["x0"], word["x1"]) for y in (word["top"], word["bottom"]))


# --------------------------------------------------------------------------- teks_simbol


def test_symbol_text_is_printed_inside_its_diamond(make_data: MakeData) -> None:
    root = make_data({"sop/contoh.yaml": INSIDE_SOP})
    (page,) = flow_pdf_pages(root, "contoh")
    words = page.extract_words()
    found = [w for w in words if w["text"] in ("Perlu", "disposisi?")]
    assert [w["text"] for w in found] == ["Perlu", "disposisi?"]
    boxes = diamonds(page)
    assert any(all(inside_diamond(w, box) for w in found) for box in boxes), (found, boxes)
    # the activity stays in the Kegiatan column, the symbol text is not read as a label
    assert "Memeriksa apakah surat perlu" in page.extract_text()


def test_symbol_text_fits_its_symbol_at_a_readable_size_and_is_escaped(
    make_data: MakeData,
) -> None:
    root = make_data({"sop/contoh.yaml": INSIDE_SOP})
    pages = pdf_pages(root, "contoh")
    assert not check.check_pages(pages)  # no text outside its symbol, nothing under 6.5 pt
    lines = {s.step: [t.text for t in s.lines] for p in pages for s in p.symbols if s.lines}
    assert lines[1] == ["Perlu", "disposisi?"]  # wrapped at the space, never inside a word
    assert " ".join(lines[4]) == 'Arsip <surat> & "tanda"'
    data = load(root)
    (svg,) = render_svg_pages(data.sops["contoh"], data.actors)
    assert "&lt;surat&gt;" in svg and "&#34;tanda&#34;" in svg
    assert "<surat>" not in svg and '"tanda"' not in svg


def test_a_long_word_in_a_narrow_symbol_is_hyphenated_or_the_symbol_grows(
    make_data: MakeData,
) -> None:
    sop = INSIDE_SOP.replace("teks_simbol: Perlu disposisi?",
                             "teks_simbol: Pertanggungjawaban keuangan?")
    root = make_data({"sop/contoh.yaml": sop})
    pages = pdf_pages(root, "contoh")
    assert not check.check_pages(pages)
    (decision,) = [s for p in pages for s in p.symbols if s.step == 1]
    text = [t.text for t in decision.lines]
    joined = "".join(t[:-1] if t.endswith("-") else t + " " for t in text).strip()
    assert joined == "Pertanggungjawaban keuangan?"
    for line in text:  # broken only between syllables, each piece two letters or more
        assert len(line.rstrip("-").split()[-1]) >= 2


# --------------------------------------------------------------------------- a branch ends

def ending_sop() -> str:
    return """\
id: contoh
nomor: SOP/01/2024
judul: Layanan Contoh
unit: biro-umum
keputusan: kr-1-2024
tanggal: {pembuatan: 2024-01-10}
pengesahan: {jabatan: Rektor, nama: Dr. Contoh}
pelaksana: [staf, rektor]
steps:
  - no: 1
    kegiatan: Menerima surat masuk
    pelaksana: staf
  - no: 2
    kegiatan: Memeriksa apakah surat perlu tindak lanjut
    teks_simbol: Perlu tindak lanjut?
    pelaksana: rektor
    cabang:
      - {label: Ya, ke: 3}
      - {label: Tidak, selesai: true}
  - no: 3
    kegiatan: Mengarsipkan surat
    pelaksana: staf
"""


def test_a_branch_that_ends_the_flow_ends_at_a_terminator_without_a_row(
    make_data: MakeData,
) -> None:
    root = make_data({"sop/contoh.yaml": ending_sop()})
    data = load(root)
    sop = data.sops["contoh"]
    assert graph.end_steps(sop) == [2, 3]  # the decision is also an end of the flow
    pages = pdf_pages(root, "contoh")
    assert not check.check_pages(pages)
    (page,) = pages
    assert [r.step for r in page.rows if r.kind == "step"] == [1, 2, 3]  # no invented row
    (end,) = page.terminators
    (decision,) = [s for s in page.symbols if s.step == 2]
    assert end.actor == "rektor" and end.step == 2
    assert abs(end.box.cy - decision.box.cy) < 0.5  # beside the diamond, in its column
    rektor = next(c for c in page.columns if c.actor == "rektor")
    assert rektor.x < end.box.x and end.box.right < rektor.right
    (arrow,) = [a for a in page.arrows if a.ends]
    assert arrow.label == "Tidak" and arrow.points[0][1] == arrow.points[-1][1]
    assert any(label.text == "Tidak" for label in page.labels)
    (pdf_page,) = flow_pdf_pages(root, "contoh")
    words = [w["text"] for w in pdf_page.extract_words()]
    assert "Tidak" in words and "Selesai" not in words  # labelled, no invented step text
    swimlane = mermaid.swimlane(sop, data.actors)
    assert "e2@{ shape: fr-circ }" in swimlane
    assert 's2 -->|"Tidak"| e2' in swimlane
    assert "Tidak → selesai" in web_text(root, "contoh")


def test_a_branch_needs_exactly_one_of_ke_and_selesai(make_data: MakeData) -> None:
    both = ending_sop().replace("{label: Tidak, selesai: true}",
                                "{label: Tidak, ke: 3, selesai: true}")
    assert problems(make_data({"sop/contoh.yaml": both})) == [
        "data/sop/contoh.yaml:19: langkah 2.cabang[1].selesai: cabang 'Tidak' memuat 'ke' dan "
        "'selesai: true'; tulis salah satu: 'ke' ke langkah tujuan, atau 'selesai: true' bila "
        "cabang ini mengakhiri alur"
    ]
    neither = ending_sop().replace("{label: Tidak, selesai: true}", "{label: Tidak}")
    assert problems(make_data({"sop/contoh.yaml": neither}, name="lain")) == [
        "lain/sop/contoh.yaml:19: langkah 2.cabang[1]: cabang 'Tidak' tidak menuju ke mana pun; "
        "tulis 'ke: N' (nomor langkah tujuan) atau 'selesai: true' bila cabang ini mengakhiri "
        "alur"
    ]
