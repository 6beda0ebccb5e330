"""Atomic builds when the build breaks in the middle: in the PDF stage after some PDFs were
written, and in the page stage. The previous site must stay byte for byte as it was, and no
staging folder, half-written PDF or temporary cache file may remain.

(Failures before MkDocs starts are in tests/test_atomic.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeData

from sop.cli import main
from sop.errors import BuildError
from sop.pdf import book as pdf_book
from sop.pdf import build as pdf_build
from sop.pdf import writer as pdf_writer
from sop.site.pages import SiteRenderer

pytestmark = pytest.mark.slow


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def previous_site(make_data: MakeData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                  ) -> tuple[Path, dict[str, bytes]]:
    """A real site built from the fixture data (without PDFs), and its exact bytes."""
    make_data()
    monkeypatch.setenv("SOP_SKIP_PDF", "1")
    site = tmp_path / "site"
    assert main(["build", "--data", "data", "--site", str(site)]) == 0
    monkeypatch.delenv("SOP_SKIP_PDF")
    before = _snapshot(site)
    assert "sop/contoh/index.html" in before
    return site, before


def _leftovers(tmp_path: Path) -> list[str]:
    """Anything beside data/, site/ and the PDF cache, and temporary files in the cache."""
    extra = [p.name for p in tmp_path.iterdir() if p.name not in ("data", "site", ".cache")]
    cache = tmp_path / ".cache"
    temps = [p.name for p in cache.rglob(".*")] if cache.exists() else []
    return extra + temps


def test_pdf_stage_failing_midway_keeps_the_previous_site(
    previous_site: tuple[Path, dict[str, bytes]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture
) -> None:
    """The decree book's own pages render into the cache first; the SOP's copy then fails."""
    site, before = previous_site
    rendered: list[str] = []
    real = pdf_writer.html_to_pdf

    def flaky(html: str) -> bytes:
        if "<title>SOP " in html:  # the SOP's official copy, not the book's own pages
            raise OSError("disk full while rendering")
        rendered.append(html)
        return real(html)

    monkeypatch.setattr(pdf_writer, "html_to_pdf", flaky)
    monkeypatch.setattr(pdf_book, "html_to_pdf", flaky)  # the book's own pages
    monkeypatch.setattr(pdf_build.os, "cpu_count", lambda: 1)  # render here, where it is patched
    assert main(["build", "--data", "data", "--site", str(site)]) == 1
    err = capsys.readouterr().err + caplog.text  # MkDocs logs the reason, then aborts
    assert "could not render PDF sop/contoh-resmi.pdf: OSError: disk full" in err
    assert "Traceback" not in err
    assert rendered, "some PDFs were rendered before the failure"
    assert _snapshot(site) == before
    assert _leftovers(tmp_path) == []


def test_page_stage_failing_midway_keeps_the_previous_site(
    previous_site: tuple[Path, dict[str, bytes]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site, before = previous_site

    def broken(self: SiteRenderer, *args: object, **kwargs: object) -> None:
        raise BuildError("template sop.md.j2 failed")

    monkeypatch.setattr(SiteRenderer, "sop_page", broken)
    assert main(["build", "--data", "data", "--site", str(site)]) == 1
    assert "template sop.md.j2 failed" in capsys.readouterr().err
    assert _snapshot(site) == before
    assert _leftovers(tmp_path) == []


def test_a_crash_midway_keeps_the_previous_site(
    previous_site: tuple[Path, dict[str, bytes]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even an unexpected exception (a bug, Ctrl-C) leaves the old site whole."""
    site, before = previous_site

    def crash(self: SiteRenderer, *args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(SiteRenderer, "sop_page", crash)
    assert main(["build", "--data", "data", "--site", str(site)]) == 130
    assert _snapshot(site) == before
    assert _leftovers(tmp_path) == []
