"""The flow real documents draw (issue 17.5), as a reader sees it: short text inside a symbol,
a branch that ends the flow, two actors' symbols in one row."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
from conftest import SOP_HEAD, MakeData
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
    return SOP_HEAD + """\
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


# --------------------------------------------------------------------------- one row, two steps

ROW_SOP = SOP_HEAD + """\
steps:
  - no: 1
    kegiatan: Menerima berkas usulan
    pelaksana: staf
    kelengkapan: [Berkas usulan]
  - no: 2
    kegiatan: Memeriksa kelengkapan berkas usulan
    teks_simbol: Lengkap?
    pelaksana: staf
    kelengkapan: [Daftar periksa]
    waktu: {nilai: 15, unit: menit}
    cabang:
      - {label: Ya, ke: 3}
      - {label: Tidak, ke: 1}
  - no: 3
    kegiatan: Menyetujui usulan
    teks_simbol: Setuju?
    pelaksana: rektor
    sebaris: true
    kelengkapan: [Lembar persetujuan]
    waktu: {nilai: 1, unit: hari}
    output: Persetujuan
    cabang:
      - {label: Ya, ke: 4}
      - {label: Tidak, selesai: true}
  - no: 4
    kegiatan: Mengarsipkan berkas
    pelaksana: staf
"""


def test_two_decisions_in_one_row_share_its_cells_and_each_sits_in_its_actors_column(
    make_data: MakeData,
) -> None:
    root = make_data({"sop/contoh.yaml": ROW_SOP})
    data = load(root)
    pages = pdf_pages(root, "contoh")
    assert not check.check_pages(pages)
    (page,) = pages
    assert [r.step for r in page.rows if r.kind == "step"] == [1, 2, 4]  # one row for 2 and 3
    row = next(r for r in page.rows if r.step == 2)
    by_step = {s.step: s for s in page.symbols}
    for no, actor in ((2, "staf"), (3, "rektor")):
        symbol = by_step[no]
        column = next(c for c in page.columns if c.actor == actor)
        assert symbol.kind == "decision" and symbol.actor == actor
        assert column.x < symbol.box.cx < column.right
        assert row.y < symbol.box.y and symbol.box.bottom < row.bottom
    assert abs(by_step[2].box.cy - by_step[3].box.cy) < 0.5
    (across,) = [a for a in page.arrows if (a.source, a.target) == (2, 3)]
    assert across.label == "Ya" and len({y for _, y in across.points}) == 1  # straight across

    (pdf_page,) = flow_pdf_pages(root, "contoh")
    words = pdf_page.extract_words()
    diamonds_ = diamonds(pdf_page)
    assert len(diamonds_) == 2 and abs(
        (diamonds_[0][1] + diamonds_[0][3]) - (diamonds_[1][1] + diamonds_[1][3])) < 1.0
    assert {w["text"] for w in words if "Setuju?" in w["text"] or "Lengkap?" in w["text"]} == {
        "Lengkap?", "Setuju?"}
    text = " ".join(pdf_page.extract_text().split())
    # the No cell holds both numbers, each text cell the steps' texts under their numbers; a
    # mutu baku entry of one step only still says whose it is
    for expected in ("2. Memeriksa kelengkapan berkas usulan", "3. Menyetujui usulan",
                     "2. Daftar periksa", "3. Lembar persetujuan", "2. 15 menit",
                     "3. 1 hari", "3. Persetujuan"):
        assert expected in text, expected
    head = next(w for w in words if w["text"] == "NO")
    number_col = [w for w in words if w["x0"] < head["x1"] + 4 and w["text"] in ("2", "3")]
    assert len(number_col) == 2 and abs(number_col[0]["x0"] - number_col[1]["x0"]) < 1.0

    sop = data.sops["contoh"]
    swimlane = mermaid.swimlane(sop, data.actors)
    assert 's2 -->|"Ya"| s3' in swimlane  # in order: Mermaid has no rank of its own to share
    web = web_text(root, "contoh")
    assert "Memeriksa kelengkapan berkas usulan" in web and "Menyetujui usulan" in web


def test_a_shared_row_is_never_split_between_its_steps_across_pages(make_data: MakeData) -> None:
    longer = ROW_SOP.replace("  - no: 1\n", "".join(
        f"  - no: {n}\n    kegiatan: Langkah tambahan {n} yang cukup panjang untuk mengisi\n"
        f"      halaman\n    pelaksana: staf\n" for n in range(11, 23)) + "  - no: 1\n", 1)
    root = make_data({"sop/contoh.yaml": longer})
    for height in (300.0, 420.0, 560.0):
        data = load(root)
        pages = layout_pages(data.sops["contoh"], data.actors, max_height=height)
        assert len(pages) > 1 and not check.check_pages(pages)
        (page,) = [p for p in pages if any(s.step == 2 for s in p.symbols)]
        assert {2, 3} <= {s.step for s in page.symbols}  # both symbols on the same sheet


def test_sebaris_mistakes_are_named_with_file_line_and_key(make_data: MakeData) -> None:
    first = ROW_SOP.replace("  - no: 1\n    kegiatan: Menerima berkas usulan\n",
                            "  - no: 1\n    kegiatan: Menerima berkas usulan\n    sebaris: true\n")
    assert problems(make_data({"sop/contoh.yaml": first})) == [
        "data/sop/contoh.yaml:12: langkah 1.sebaris: langkah pertama tidak dapat 'sebaris': "
        "tidak ada langkah sebelumnya untuk berbagi baris; hapus 'sebaris'"
    ]
    same = ROW_SOP.replace("    pelaksana: rektor\n    sebaris: true\n",
                           "    pelaksana: [rektor, staf]\n    sebaris: true\n")
    assert problems(make_data({"sop/contoh.yaml": same}, name="sama")) == [
        "sama/sop/contoh.yaml:27: langkah 3.sebaris: langkah 3 'sebaris' dengan langkah 2, yang "
        "juga dilaksanakan 'staf'; dalam satu baris tiap pelaksana menggambar satu simbol: "
        "hapus 'sebaris' atau pilih pelaksana lain"
    ]


def test_a_time_span_and_a_sub_procedure_keep_a_shared_row_whole(make_data: MakeData) -> None:
    span = ROW_SOP.replace("    kelengkapan: [Berkas usulan]\n",
                           "    kelengkapan: [Berkas usulan]\n"
                           "    waktu: {nilai: 1, unit: hari, sampai: 2}\n").replace(
        "    waktu: {nilai: 15, unit: menit}\n", "")
    assert problems(make_data({"sop/contoh.yaml": span})) == [
        "data/sop/contoh.yaml:14: langkah 1.waktu.sampai: waktu langkah 1 sampai langkah 2 "
        "memotong baris yang dipakai bersama (langkah 3 'sebaris'); mulai dan akhiri cakupan "
        "'sampai' pada batas baris"
    ]
    parts = ROW_SOP + "sub_prosedur:\n  - {judul: Pemeriksaan, dari: 1}\n" \
        "  - {judul: Persetujuan, dari: 3}\n"
    assert problems(make_data({"sop/contoh.yaml": parts}, name="bagian")) == [
        "bagian/sop/contoh.yaml:27: langkah 3.sebaris: langkah 3 memulai sub-prosedur "
        "'Persetujuan' sehingga tidak dapat 'sebaris' dengan langkah sebelumnya; hapus 'sebaris'"
    ]
