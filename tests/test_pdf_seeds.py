"""The seed data sets printed: UIN Malang KR 869/2022 (sop_data/) and IUQI Bogor (examples/)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pdfplumber
import pytest

from sop.dataset import load
from sop.pdf import render_decree_pdf, render_sop_pdf

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://sop.uin-malang.ac.id"
DAY = dt.date(2024, 5, 2)


def _texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [" ".join((page.extract_text() or "").split()) for page in doc.pages]


def _landscape(pdf: bytes) -> list[bool]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.width > page.height for page in doc.pages]


def test_uin_malang_sop_identity_from_the_seed() -> None:
    data = load(ROOT / "sop_data")
    pdf = render_sop_pdf(
        data, "pengangkatan-pertama-aa-lektor", copy="resmi", site_url=SITE, build_date=DAY
    )
    texts, landscape = _texts(pdf), _landscape(pdf)
    first = texts[0]
    assert "NOMOR SOP 869/2022-L1" in first
    assert "TANGGAL EFEKTIF 22 Agustus 2022" in first
    assert "UNIVERSITAS ISLAM NEGERI" in first
    assert "Nomor 35 Tahun 2012 tentang Pedoman Penyusunan" in first
    assert not landscape[0] and landscape[1] and not landscape[-1]
    assert all(f"Halaman {i} dari {len(texts)}" in t for i, t in enumerate(texts, start=1))
    assert "Penjelasan Alur SOP" in texts[-1]


def test_iuqi_sop_has_three_signature_columns_and_iso_sections() -> None:
    data = load(ROOT / "examples" / "iuqi-bogor")
    pdf = render_sop_pdf(
        data, "layanan-kemahasiswaan-mbk", copy="resmi", site_url=SITE, build_date=DAY
    )
    pages = _texts(pdf)
    first, last = pages[0], pages[-1]
    assert "NOMOR SOP 28/BK-LMMBK/DOK.IUQI/2020" in first
    # The source's own sections and letters: A-D on the identity sheet, E the time table (the
    # flowchart), then F, G and the three signatures after it, as in the seed.
    for text in ("A. Tujuan", "B. Ruang Lingkup dan Unit yang Terkait", "C. Standar Mutu Terkait",
                 "D. Tahapan dan Mekanisme"):
        assert text in first, text
    # A-D run over the identity sheet (its Disahkan cell leaves 40 mm for signature and stamp)
    assert any("E. DURASI WAKTU KEGIATAN" in page for page in pages[1:3])
    for text in ("F. Flowchart", "G.",
                 "SOP ini mulai diberlakukan sejak tanggal 24 September 2020.",
                 "Disusun oleh", "Diperiksa oleh", "Disahkan oleh", "Munakib, M.Pd.",
                 "Azwar Anas, M.Pd.I"):
        assert text in last, text
    assert last.index("G.") < last.index("Disusun oleh")
    assert "KEMENTERIAN" not in first  # not stated in the seed: not printed
    assert "NIP." not in "".join(pages)  # the seed gives no staff numbers


@pytest.mark.slow
def test_uin_malang_decree_book() -> None:
    data = load(ROOT / "sop_data")
    pdf = render_decree_pdf(data, "kr-869-2022", site_url=SITE, build_date=DAY)
    texts, landscape = _texts(pdf), _landscape(pdf)
    assert "NOMOR 869 TAHUN 2022" in texts[1]
    toc = next(t for t in texts if "DAFTAR ISI" in t)
    for n, sop in enumerate(data.decrees["kr-869-2022"].lampiran, start=1):
        judul = data.sops[sop].judul
        match = re.search(rf"{n}\. SOP {re.escape(judul)} ?\.+ ?(\d+)", toc)
        assert match, judul
        page = int(match.group(1))
        assert f"NOMOR SOP {data.sops[sop].nomor}" in texts[page - 1]
        assert landscape[page]  # the identity sheet is followed by the flowchart
    assert sum(landscape) >= 6
    own = [i for i, t in enumerate(texts) if "Nomor SOP:" not in t]  # SOP pages keep their own
    assert own[-1] == len(texts) - 1 and len(own) >= 5
    for i in own:
        assert f"Halaman {i + 1} dari {len(texts)}" in texts[i]
