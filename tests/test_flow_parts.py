"""The flow real documents draw, second half: one time standard over several rows
(`waktu.sampai`) and several flowcharts (sub-procedures) in one document.

Each test writes a small data set and reads what the PDF and the web page print.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
from conftest import SOP_HEAD, MakeData
from test_formats import pdf_text, problems, web_text

from sop.dataset import load
from sop.flowchart import layout_pages
from sop.pdf import render_sop_pdf

SPAN_SOP = SOP_HEAD + """\
steps:
  - no: 1
    kegiatan: Menerima berkas permohonan
    pelaksana: staf
    waktu: {nilai: 15, unit: menit}
  - no: 2
    kegiatan: Memeriksa kelengkapan berkas
    pelaksana: staf
    waktu: {nilai: 3, unit: hari kerja, sampai: 4}
  - no: 3
    kegiatan: Menelaah isi permohonan
    pelaksana: rektor
  - no: 4
    kegiatan: Menyusun konsep jawaban
    pelaksana: staf
  - no: 5
    kegiatan: Mengarsipkan berkas
    pelaksana: staf
    waktu: {nilai: 10, unit: menit}
"""


def _flow_page(pdf: bytes, number: int = 1) -> pdfplumber.page.Page:
    """A flowchart sheet of the PDF (the pages after the identity sheet), still open."""
    doc = pdfplumber.open(io.BytesIO(pdf))
    return doc.pages[number]


def _word(page: pdfplumber.page.Page, text: str, x_max: float | None = None) -> list[dict]:
    return [w for w in page.extract_words() if w["text"] == text
            and (x_max is None or w["x0"] < x_max)]


# --------------------------------------------------------------------------- time spans


def test_a_time_spanning_rows_is_printed_once_in_one_merged_cell(make_data: MakeData) -> None:
    root = make_data({"sop/contoh.yaml": SPAN_SOP})
    page = _flow_page(render_sop_pdf(load(root), "contoh"))
    waktu = _word(page, "WAKTU")[0]
    left, right = waktu["x0"] - 10, waktu["x1"] + 10
    rows = {n: _word(page, str(n), x_max=60)[0]["top"] for n in (1, 2, 3, 4, 5)}
    values = [w for w in _word(page, "kerja") if left < w["x0"] < right]
    assert len(values) == 1  # once, not in each of the three rows
    assert rows[2] < values[0]["top"] < rows[5]  # inside the span of rows 2 to 4
    assert len(_word(page, "menit")) == 2  # the rows outside keep their own cells

    def crosses_waktu(y_between: tuple[float, float]) -> bool:
        lines = [e for e in page.edges if e["object_type"] == "line"
                 and abs(e["top"] - e["bottom"]) < 0.5 and y_between[0] < e["top"] < y_between[1]]
        assert lines, y_between  # the row line is drawn (at least outside the waktu column)
        return any(e["x0"] < left + 10 and e["x1"] > right - 10 for e in lines)

    assert crosses_waktu((rows[1], rows[2]))  # above the span: a row line across
    assert not crosses_waktu((rows[2], rows[3]))  # inside: no row line in the waktu column
    assert not crosses_waktu((rows[3], rows[4]))
    assert crosses_waktu((rows[4], rows[5]))  # below the span
    page.pdf.close()


def test_a_span_broken_by_a_sheet_prints_its_value_again_as_continued(
    make_data: MakeData,
) -> None:
    long = "Memeriksa dan menelaah berkas permohonan beserta seluruh lampirannya secara cermat"
    steps = "".join(
        f"  - no: {n}\n    kegiatan: {long} {n}\n    pelaksana: {'staf' if n % 3 else 'rektor'}\n"
        + ("    waktu: {nilai: 1.5, unit: hari kerja, sampai: 14}\n" if n == 3 else "")
        for n in range(1, 19))
    root = make_data({"sop/contoh.yaml": SOP_HEAD + "steps:\n" + steps})
    data = load(root)
    sop = data.sops["contoh"]
    pages = layout_pages(sop, data.actors, max_height=500.0)
    cells = [[[line.text for line in cell.lines] for cell in page.merged] for page in pages]
    assert len(pages) > 2
    assert cells[0] == [] or cells[0] == [["1,5 hari kerja"]]
    first = next(n for n, c in enumerate(cells) if c)
    assert cells[first] == [["1,5 hari kerja"]]
    later = [c for c in cells[first + 1:] if c]
    assert later and all(c == [["(lanjutan)", "1,5 hari kerja"]] for c in later)
    text = pdf_text(root, "contoh")
    assert text.count("1,5 hari kerja") == len(later) + 1
    assert text.count("(lanjutan) 1,5") <= len(later)  # the mark is printed with the value


def test_a_time_spanning_rows_counts_once_and_is_shown_once_on_the_web(
    make_data: MakeData,
) -> None:
    root = make_data({"sop/contoh.yaml": SPAN_SOP})
    page = web_text(root, "contoh")
    assert "Waktu baku ±3 hari kerja + 25 menit" in page
    assert "langkah tanpa waktu baku" not in page  # steps 3 and 4 are in step 2's time
    # once each: the summary, step 2's row of the steps table, the flowchart table's merged cell
    assert page.count("3 hari kerja") == 3
    assert "3 hari kerja (langkah 2–4)" in page
    assert page.count("dalam waktu langkah 2–4") == 2  # rows 3 and 4 point to it


def test_a_time_span_must_name_a_later_step_whose_rows_have_no_time_of_their_own(
    make_data: MakeData,
) -> None:
    wrong = SPAN_SOP.replace("sampai: 4}", "sampai: 9}")
    assert problems(make_data({"sop/contoh.yaml": wrong})) == [
        "data/sop/contoh.yaml:17: langkah 2.waktu.sampai: langkah 9 tidak ada (nomor langkah "
        "yang ada: 1, 2, 3, 4, 5)"]
    backward = SPAN_SOP.replace("sampai: 4}", "sampai: 1}")
    assert problems(make_data({"sop/contoh.yaml": backward}, name="b")) == [
        "b/sop/contoh.yaml:17: langkah 2.waktu.sampai: 'sampai' menunjuk langkah sesudah "
        "langkah 2 dalam urutan; langkah 1 tidak sesudahnya"]
    covered = SPAN_SOP.replace(
        "    pelaksana: rektor\n", "    pelaksana: rektor\n    waktu: {nilai: 1, unit: jam}\n")
    assert problems(make_data({"sop/contoh.yaml": covered}, name="c")) == [
        "c/sop/contoh.yaml:21: langkah 3.waktu: langkah 3 tercakup waktu langkah 2 (sampai "
        "langkah 4) dan tidak memuat 'waktu' sendiri; hapus 'waktu' di sini atau akhiri cakupan "
        "sebelum langkah ini"]


# --------------------------------------------------------------------------- sub-procedures

PARTS_SOP = SOP_HEAD + """\
sub_prosedur:
  - {judul: Pengajuan, dari: 1}
  - {judul: Penilaian, dari: 4}
steps:
  - no: 1
    kegiatan: Menerima berkas permohonan
    pelaksana: staf
    waktu: {nilai: 15, unit: menit}
  - no: 2
    kegiatan: Memeriksa kelengkapan berkas
    pelaksana: staf
    waktu: {nilai: 2, unit: hari kerja, sampai: 3}
  - no: 3
    kegiatan: Mencatat berkas di buku agenda
    pelaksana: staf
  - no: 4
    kegiatan: Menilai permohonan
    pelaksana: rektor
    waktu: {nilai: 1, unit: hari}
  - no: 5
    kegiatan: Berkas memenuhi syarat?
    pelaksana: rektor
    cabang:
      - {label: Ya, ke: 6}
      - {label: Tidak, ke: 1}
  - no: 6
    kegiatan: Mengarsipkan berkas
    pelaksana: staf
    waktu: {nilai: 10, unit: menit}
"""


def _connector_labels(page: pdfplumber.page.Page, below_row: str) -> set[str]:
    """The words drawn in the actor columns under the last step row (the connector strip)."""
    left = _word(page, "Staf")[0]["x0"] - 30
    right = _word(page, "Rektor")[0]["x1"] + 30
    top = _word(page, below_row, x_max=60)[0]["top"] + 20
    return {w["text"] for w in page.extract_words()
            if left < w["x0"] < right and top < w["top"] < top + 60}


def test_each_sub_procedure_prints_its_own_flowchart_section(make_data: MakeData) -> None:
    root = make_data({"sop/contoh.yaml": PARTS_SOP})
    pdf = render_sop_pdf(load(root), "contoh")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        texts = [page.extract_text() for page in doc.pages]
        assert len(doc.pages) == 3  # the identity sheet, then one sheet per sub-procedure
        first, second = texts[1], texts[2]
        assert "BAGIAN FLOWCHART — Layanan Contoh — Pengajuan" in first
        assert "BAGIAN FLOWCHART — Layanan Contoh — Penilaian" in second
        for text in (first, second):  # each its own table with its header row
            assert "NO KEGIATAN" in text and "PELAKSANA MUTU BAKU" in text
        assert "Menerima berkas" in first and "Menilai permohonan" not in first
        assert "Menilai permohonan" in second and "Menerima berkas" not in second
        # the arrows between them end at connectors named by their target step: 3 -> 4 and
        # the loop back 5 -> 1, under step 3 on the first sheet, above step 4 on the second
        assert _connector_labels(doc.pages[1], "3") == {"1", "4"}
        second_page = doc.pages[2]
        staf, row4 = _word(second_page, "Staf")[0], _word(second_page, "4", x_max=60)[0]
        above = {w["text"] for w in second_page.extract_words()
                 if staf["bottom"] < w["top"] < row4["top"] and w["x0"] > staf["x0"] - 30}
        assert above == {"1", "4"}


def test_the_web_page_shows_a_chart_and_a_steps_table_per_sub_procedure(
    make_data: MakeData,
) -> None:
    from sop.site.pages import SiteRenderer

    root = make_data({"sop/contoh.yaml": PARTS_SOP})
    data = load(root)
    page = SiteRenderer(data).sop_page(data.sops["contoh"]).markdown
    alur = page[page.index("{ #alur }"):page.index("{ #kegiatan }")]
    charts = alur.split("```mermaid")
    assert len(charts) == 3  # two charts
    assert "### Pengajuan { #alur-1 }" in charts[0] and "### Penilaian" in charts[1]
    assert '"1. Menerima berkas permohonan"' in charts[1]
    assert "4. Menilai" not in charts[1] and '"ke langkah 4"' in charts[1]
    assert '"4. Menilai permohonan"' in charts[2] and '"dari langkah 3"' in charts[2]
    text = web_text(root, "contoh")
    assert "Langkah 1–3 · waktu baku ±2 hari kerja + 15 menit" in text
    assert "Langkah 4–6 · waktu baku ±1 hari + 10 menit" in text
    assert "Waktu baku ±2 hari kerja + 1 hari + 25 menit" in text  # in all, the span once
    steps = text[text.index("{ #kegiatan }"):]
    assert steps.index("Pengajuan No Kegiatan") < steps.index("1 Menerima berkas")
    assert steps.index("3 Mencatat") < steps.index("Penilaian No Kegiatan") < steps.index(
        "4 Menilai")


def test_sub_procedures_divide_the_steps_in_order(make_data: MakeData) -> None:
    late = PARTS_SOP.replace("{judul: Pengajuan, dari: 1}", "{judul: Pengajuan, dari: 2}")
    assert problems(make_data({"sop/contoh.yaml": late})) == [
        "data/sop/contoh.yaml:10: sub_prosedur[0].dari: sub-prosedur pertama mulai di langkah "
        "pertama (1), bukan langkah 2"]
    swapped = PARTS_SOP.replace("{judul: Penilaian, dari: 4}", "{judul: Penilaian, dari: 1}")
    assert problems(make_data({"sop/contoh.yaml": swapped}, name="b")) == [
        "b/sop/contoh.yaml:11: sub_prosedur[1].dari: sub-prosedur 'Penilaian' mulai di langkah 1, "
        "yang tidak sesudah awal sub-prosedur sebelumnya (langkah 1); urutkan menurut langkah "
        "pertamanya"]
    missing = PARTS_SOP.replace("{judul: Penilaian, dari: 4}", "{judul: Penilaian, dari: 8}")
    assert problems(make_data({"sop/contoh.yaml": missing}, name="c")) == [
        "c/sop/contoh.yaml:11: sub_prosedur[1].dari: langkah 8 tidak ada (nomor langkah yang "
        "ada: 1, 2, 3, 4, 5, 6)"]
    across = PARTS_SOP.replace("sampai: 3}", "sampai: 4}").replace(
        "    waktu: {nilai: 1, unit: hari}\n", "")
    assert problems(make_data({"sop/contoh.yaml": across}, name="d")) == [
        "d/sop/contoh.yaml:20: langkah 2.waktu.sampai: waktu langkah 2 sampai langkah 4 melewati "
        "awal sub-prosedur 'Penilaian' (langkah 4); satu waktu hanya mencakup langkah satu "
        "sub-prosedur"]


def test_a_time_span_broken_by_a_sheet_is_imported_back(make_data: MakeData, tmp_path: Path
                                                        ) -> None:
    from test_import_roundtrip import round_trip

    long = "Memeriksa dan menelaah berkas permohonan beserta seluruh lampirannya secara cermat"
    steps = "".join(
        f"  - no: {n}\n    kegiatan: {long} {n}\n    pelaksana: {'staf' if n % 3 else 'rektor'}\n"
        + ("    waktu: {nilai: 1.5, unit: hari kerja, sampai: 14}\n" if n == 3 else "")
        for n in range(1, 19))
    root = make_data({"sop/contoh.yaml": SOP_HEAD + "steps:\n" + steps})
    printed = pdf_text(root, "contoh")  # the span crosses a sheet: printed again, continued
    assert "(lanjutan)" in printed and printed.count("1,5 hari kerja") >= 2
    imported = round_trip(tmp_path / "out", root, "contoh")
    assert imported.steps[2].waktu is not None and imported.steps[2].waktu.sampai == 14
    assert all(s.waktu is None for s in imported.steps[3:])
