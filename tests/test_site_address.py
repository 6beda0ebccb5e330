"""The address the site is published at (QR codes, PDF footers, the feed): SITE_URL, else the
institution's `situs`, else mkdocs.yml's localhost with a warning."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import INSTITUSI, MakeData

from sop.cli import main
from sop.dataset import load
from sop.site.build import public_address

SITUS = "https://sop.contoh.ac.id/kampus/"

pytestmark = pytest.mark.slow


def _data(make_data: MakeData, situs: str | None) -> Path:
    institusi = (f"situs: {situs}\n" if situs else "") + INSTITUSI
    return make_data({"institusi.yaml": institusi})


def test_site_url_comes_first(make_data: MakeData, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://sop.example.ac.id/")
    assert public_address(load(_data(make_data, SITUS))) == "https://sop.example.ac.id/"


def test_the_institutions_situs_when_site_url_is_unset(
    make_data: MakeData, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    assert public_address(load(_data(make_data, SITUS))) == SITUS
    assert not caplog.records


def test_neither_set_warns_that_qr_codes_point_at_localhost(
    make_data: MakeData, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    with caplog.at_level(logging.WARNING):
        assert public_address(load(_data(make_data, None))) is None
    assert [r.getMessage() for r in caplog.records] == [
        "SITE_URL tidak diatur dan data/institusi.yaml tidak memuat 'situs': kode QR, kaki PDF "
        "dan umpan menunjuk ke http://localhost:8000/, hanya tepat untuk pratinjau di komputer "
        "ini"
    ]


def test_sop_build_publishes_under_the_situs(
    make_data: MakeData, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The feed's links, the sitemap and the downloadable PDF's footer share MkDocs' site_url."""
    from pypdf import PdfReader

    monkeypatch.delenv("SITE_URL", raising=False)
    _data(make_data, SITUS)
    assert main(["build", "--data", "data", "--site", "site"]) == 0
    feed = (tmp_path / "site" / "perubahan" / "feed.xml").read_text(encoding="utf-8")
    assert f'href="{SITUS}perubahan/feed.xml"' in feed
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITUS}sop/contoh/</loc>" in sitemap
    footer = PdfReader(tmp_path / "site" / "pdf" / "sop" / "contoh.pdf").pages[0].extract_text()
    assert "sop.contoh.ac.id/kampus/sop/contoh/" in footer, footer
    assert "localhost" not in feed + sitemap + footer
