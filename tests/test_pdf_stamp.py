"""The downloadable copy stamped onto the official one: the footer on every page and nowhere
else, the same pages and text, the QR code, metadata, outline, determinism, and a new build day
that stamps again without laying the official copy out again."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pdfplumber
import pytest
from pdf_fixtures import small_dataset_files, write_dataset, write_files
from pypdf import PdfReader, PdfWriter

from sop.dataset import DataSet, load
from sop.errors import BuildError
from sop.pdf import footer, render_sop_pdf, stamp
from sop.pdf import html as pdf_html
from sop.pdf import writer as pdf_writer
from sop.pdf.build import build_all
from sop.pdf.context import sop_document
from sop.pdf.flow import flow_sheets
from sop.pdf.footer import Footer
from sop.pdf.writer import html_to_pdf

SITE = "https://sop.ucn.example.ac.id"
DAY = dt.date(2024, 5, 2)
SID = "usulan-lektor"
MARGIN = 24 * 72 / 25.4  # the bottom page margin (both orientations), in points
FOOTER = f"Salinan ini dicetak dari {SITE} pada 2 Mei 2024"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> DataSet:
    return load(write_dataset(tmp_path_factory.mktemp("stampdata")))


@pytest.fixture(scope="module")
def copies(data: DataSet) -> dict[str, bytes]:
    """The official copy, the stamped downloadable copy, and the downloadable copy laid out
    whole by WeasyPrint (as before stamping existed), for comparison."""
    kw = {"site_url": SITE, "build_date": DAY}
    opts = pdf_html.options(SITE, DAY)
    return {
        "resmi": render_sop_pdf(data, SID, copy="resmi", **kw),
        "unduhan": render_sop_pdf(data, SID, copy="unduhan", **kw),
        "whole": html_to_pdf(pdf_html.sop_html(data, SID, "unduhan", opts)),
    }


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages(pdf: bytes) -> list[pdfplumber.page.Page]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return list(doc.pages)


def _footer_box(page: pdfplumber.page.Page) -> pdfplumber.page.Page:
    """The bottom-left margin box region (where the footer is printed)."""
    return page.crop((0, page.height - MARGIN, page.width * 0.7, page.height))


def _footer_words(pdf: bytes) -> list[list[tuple[str, float, float]]]:
    return [
        [(w["text"], round(w["x0"], 2), round(w["top"], 2)) for w in _footer_box(p).extract_words()]
        for p in _pages(pdf)
    ]


def test_every_downloadable_page_carries_the_footer_and_no_official_page_does(
    copies: dict[str, bytes],
) -> None:
    pages = _pages(copies["unduhan"])
    landscape = [p for p in pages if p.width > p.height]
    assert landscape and len(landscape) < len(pages)  # both orientations are checked
    expected = squash(f"{FOOTER}; periksa versi yang berlaku di {SITE}/sop/{SID}/")
    for page in pages:
        assert expected in squash(_footer_box(page).extract_text() or ""), page.page_number
    for page in _pages(copies["resmi"]):
        assert "Salinan" not in (page.extract_text() or ""), page.page_number


def _same_place(
    ours: list[tuple[str, float, float]], theirs: list[tuple[str, float, float]]
) -> None:
    """The same words on the same baselines, and across within half a point (WeasyPrint kerns
    letter pairs; the footer is drawn without kerning)."""
    assert [w[0] for w in ours] == [w[0] for w in theirs]
    for a, b in zip(ours, theirs, strict=True):
        assert abs(a[1] - b[1]) < 0.5 and abs(a[2] - b[2]) < 0.05, (a, b)


def test_footer_sits_where_weasyprint_lays_it_out_in_the_whole_copy(
    copies: dict[str, bytes],
) -> None:
    ours, theirs = _footer_words(copies["unduhan"]), _footer_words(copies["whole"])
    assert len(ours) == len(theirs)
    for page, whole in zip(ours, theirs, strict=True):
        _same_place(page, whole)


@pytest.mark.parametrize(
    "site",
    [
        SITE,
        "",  # no site address: no URL lines and no QR code
        # long enough to wrap the first line, after a hyphen as WeasyPrint breaks it
        "https://sistem-informasi-standar-operasional-prosedur.universitas-islam-negeri-"
        "maulana-malik-ibrahim.example.ac.id/arsip/dokumen",
    ],
)
def test_drawn_footer_sheet_matches_weasyprints_layout_of_stempel_html(
    data: DataSet, site: str
) -> None:
    note = pdf_html.stamp_footer(data, SID, pdf_html.options(site, DAY))
    assert footer.drawable(note)
    drawn, laid_out = footer.sheet(note), html_to_pdf(pdf_html.stamp_html(note))
    (ours,), (theirs,) = _footer_words(drawn), _footer_words(laid_out)
    _same_place(ours, theirs)
    assert len({w[2] for w in ours}) == (7 if len(site) > 60 else 5 if site else 4)
    a, b = _pages(drawn)[0], _pages(laid_out)[0]
    assert len(a.rects) + len(a.lines) > 50 if site else a.rects == []
    # the same QR code in the same place: each run of dark modules, drawn here as a rectangle,
    # is a stroked line in the SVG WeasyPrint draws
    runs = sorted(((r["top"] + r["bottom"]) / 2, r["x0"], r["x1"]) for r in a.rects)
    lines = sorted((o["top"], o["x0"], o["x1"]) for o in b.lines)
    assert len(runs) == len(lines)
    assert [v for run in runs for v in run] == pytest.approx([v for o in lines for v in o], abs=0.1)
    assert PdfReader(io.BytesIO(drawn)).metadata == PdfReader(io.BytesIO(laid_out)).metadata


def test_footer_with_characters_the_shipped_fonts_lack_takes_weasyprints_path(
    data: DataSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = pdf_html.stamp_footer(data, SID, pdf_html.options("https://sop.kampus.example", DAY))
    arabic = Footer({**note.note, "situs": "https://جامعة.example"}, note.meta, note.header)
    assert footer.drawable(note) and not footer.drawable(arabic)
    rendered: list[str] = []
    real = stamp.html_to_pdf
    monkeypatch.setattr(stamp, "html_to_pdf", lambda html: rendered.append(html) or real(html))
    page = _pages(stamp.footer_sheet(arabic))[0]
    assert len(rendered) == 1 and "جامعة" in rendered[0]
    assert "Salinan ini dicetak dari" in (page.extract_text() or "")


def test_footer_text_is_printed_literally(data: DataSet) -> None:
    note = pdf_html.stamp_footer(data, SID, pdf_html.options(SITE, DAY))
    payload = '<b>x</b> {{ 7*7 }} "kutip" & a|b'
    odd = Footer({**note.note, "situs": payload}, note.meta, note.header)
    assert squash(payload) in squash(_pages(footer.sheet(odd))[0].extract_text() or "")


def test_same_pages_and_text_apart_from_the_footer(copies: dict[str, bytes]) -> None:
    official, stamped = _pages(copies["resmi"]), _pages(copies["unduhan"])
    assert [(p.width, p.height) for p in stamped] == [(p.width, p.height) for p in official]
    for a, b in zip(official, stamped, strict=True):
        above = (0, 0, a.width, a.height - MARGIN)
        assert a.crop(above).extract_text() == b.crop(above).extract_text()
        right = (a.width * 0.7, a.height - MARGIN, a.width, a.height)  # "Halaman x dari y"
        assert a.crop(right).extract_text() == b.crop(right).extract_text()
    reader = PdfReader(io.BytesIO(copies["unduhan"]))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    official_titles = [
        item.title
        for item in PdfReader(io.BytesIO(copies["resmi"])).outline
        if not isinstance(item, list)
    ]
    assert titles == official_titles and "Identitas SOP" in titles


def test_qr_code_on_every_downloadable_page(copies: dict[str, bytes]) -> None:
    def qr_marks(page: pdfplumber.page.Page) -> int:
        note = [w["x0"] for w in page.extract_words() if w["text"] == "Salinan"]
        limit = note[0] if note else 120
        marks = page.rects + page.curves + page.lines
        return len([o for o in marks if o["top"] > page.height - MARGIN and o["x1"] <= limit])

    assert all(qr_marks(page) > 50 for page in _pages(copies["unduhan"]))
    assert all(qr_marks(page) == 0 for page in _pages(copies["resmi"]))


def test_metadata_is_the_downloadable_copys(data: DataSet, copies: dict[str, bytes]) -> None:
    opts = pdf_html.options(SITE, DAY)
    sop = data.sops[SID]
    meta = sop_document(data, sop, flow_sheets(sop, data.actors), "unduhan", opts)["meta"]
    info = PdfReader(io.BytesIO(copies["unduhan"])).metadata
    assert info is not None
    assert info.title == meta["title"] and info.author == meta["author"]
    assert info.subject == meta["subject"] and "salinan resmi" not in meta["subject"]
    assert info["/Keywords"] == meta["keywords"] and info.creator == meta["generator"]
    assert info["/CreationDate"] == info["/ModDate"] == "D:20240502"
    assert dict(info) == dict(PdfReader(io.BytesIO(copies["whole"])).metadata or {})
    official = PdfReader(io.BytesIO(copies["resmi"])).metadata
    assert official is not None and official.subject.endswith(
        "(salinan resmi untuk ditandatangani)"
    )


def test_streams_stay_compressed_and_output_is_deterministic(
    data: DataSet, copies: dict[str, bytes]
) -> None:
    reader = PdfReader(io.BytesIO(copies["unduhan"]))
    assert reader.pdf_header == "%PDF-1.7" and "/ID" in reader.trailer  # PDF/A
    for page in reader.pages:
        for ref in page["/Contents"]:
            assert ref.get_object()["/Filter"] == "/FlateDecode"
    for form in page["/Resources"]["/XObject"].values():
        assert form.get_object()["/Filter"] == "/FlateDecode"
    note = pdf_html.stamp_footer(data, SID, pdf_html.options(SITE, DAY))
    assert stamp.downloadable(copies["resmi"], note) == copies["unduhan"]


def test_page_of_another_size_is_an_error(data: DataSet) -> None:
    sheet = footer.sheet(pdf_html.stamp_footer(data, SID, pdf_html.options(SITE, DAY)))
    odd = PdfWriter()
    odd.add_blank_page(width=300, height=400)
    out = io.BytesIO()
    odd.write(out)
    with pytest.raises(BuildError, match=r"page 1 of the official copy has size \(300\.0, 400"):
        stamp.stamp(out.getvalue(), sheet)


def test_new_build_day_stamps_again_without_rendering_the_official_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_files(tmp_path / "data", small_dataset_files())
    out, cache = tmp_path / "site" / "pdf", tmp_path / "cache"
    build_all(load(root), out, site_url=SITE, cache_dir=cache, jobs=1, build_date=DAY)
    official = (out / "sop/cuti-dosen-resmi.pdf").read_bytes()
    later = DAY + dt.timedelta(days=1)
    expected = render_sop_pdf(load(root), "cuti-dosen", site_url=SITE, build_date=later)
    rendered: list[str] = []
    sheets: list[Footer] = []
    monkeypatch.setattr(pdf_writer, "html_to_pdf", lambda html: rendered.append(html) or b"")
    real = stamp.footer_sheet
    monkeypatch.setattr(stamp, "footer_sheet", lambda note: sheets.append(note) or real(note))
    report = build_all(load(root), out, site_url=SITE, cache_dir=cache, jobs=1, build_date=later)

    assert rendered == []  # no official copy nor decree book laid out again
    made = {p.relative_to(out).as_posix() for p in report.built}
    assert made == {
        "sop/cuti-dosen.pdf",
        "sop/cuti-dosen/v1.pdf",
        "sop/penilaian-angka-kredit.pdf",
        "sop/penilaian-angka-kredit/v1.pdf",
    }
    assert len(sheets) == 2  # one footer sheet per SOP version
    assert (out / "sop/cuti-dosen-resmi.pdf").read_bytes() == official
    stamped = (out / "sop/cuti-dosen.pdf").read_bytes()
    assert squash("3 Mei 2024") in squash(_footer_box(_pages(stamped)[0]).extract_text() or "")
    assert stamped == expected


def test_stamp_failure_names_the_downloadable_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = load(write_files(tmp_path / "data", small_dataset_files()))

    def broken(official: bytes, sheet: bytes) -> bytes:
        raise ValueError("kertas habis")

    monkeypatch.setattr(stamp, "stamp", broken)
    with pytest.raises(
        BuildError, match=r"could not render PDF sop/penilaian-angka-kredit\.pdf: ValueError"
    ):
        build_all(data, tmp_path / "o", site_url=SITE, cache_dir=tmp_path / "c", jobs=1)
    assert list((tmp_path / "c" / "sop" / "penilaian-angka-kredit-resmi").glob("*.pdf"))
    assert not (tmp_path / "o").exists()  # a failed build publishes nothing
