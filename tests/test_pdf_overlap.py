"""PDFs rendered while the site builds (sop.pdf.build.PdfBuild): start() forks the workers and
feeds them from a thread, finish(out_dir) publishes. The result must be the sequential build's,
byte for byte; a failure must publish nothing and name the PDF; a warm build reuses everything.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import threading
import time
from pathlib import Path

import pytest
from conftest import MakeData
from pdf_fixtures import small_dataset_files, write_files

from sop.cli import main
from sop.dataset import load
from sop.errors import BuildError
from sop.pdf import build as pdf_build
from sop.pdf import writer as pdf_writer
from sop.pdf.build import PdfBuild, build_all
from sop.site import session

SITE = "https://sop.example.ac.id"
DAY = dt.date(2024, 5, 2)


@pytest.fixture(autouse=True)
def _only_thread() -> None:
    """These tests patch the renderer in this process and rely on forked workers inheriting the
    patch; with another thread running, PdfBuild spawns its workers instead (forking is unsafe
    then), so a thread left behind by an earlier test would fail them for no reason of theirs."""
    others = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    assert not others, f"threads left running by an earlier test: {others}"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob(".*")] if folder.exists() else []


def _overlapped(root: Path, cache: Path) -> PdfBuild:
    pdfs = PdfBuild(load(root), site_url=SITE, cache_dir=cache, jobs=2, build_date=DAY)
    assert pdfs.start(), "the workers should be forked and fed in the background"
    return pdfs


def test_overlapped_build_equals_the_sequential_one_and_publishes_at_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_files(tmp_path / "data", small_dataset_files())
    sequential = tmp_path / "seq"
    build_all(load(root), sequential, site_url=SITE, cache_dir=tmp_path / "c1", jobs=1,
              build_date=DAY)

    out, cache = tmp_path / "site" / "pdf", tmp_path / "c2"
    pdfs = _overlapped(root, cache)
    assert len(multiprocessing.active_children()) >= 2  # forked up front, before the feeder
    time.sleep(1.0)  # the workers render meanwhile ...
    assert not out.exists()  # ... into the cache only
    report = pdfs.finish(out)
    assert _files(out) == _files(sequential)
    assert {p.relative_to(out).as_posix() for p in report.built} == set(_files(out))
    assert report.skipped == []

    # Warm: the manifest says nothing changed; no worker starts, nothing is planned nor rendered.
    def no_render(*args: object) -> None:
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(pdf_build, "_render", no_render)
    monkeypatch.setattr(pdf_build, "plan", no_render)
    warm = PdfBuild(load(root), site_url=SITE, cache_dir=cache, jobs=2, build_date=DAY)
    assert not warm.start() and warm._pool is None  # no workers: nothing to render
    again = warm.finish(tmp_path / "site2" / "pdf")
    assert again.built == [] and len(again.skipped) == len(report.built)
    assert _files(tmp_path / "site2" / "pdf") == _files(sequential)


def test_a_failed_pdf_publishes_nothing_and_names_the_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_files(tmp_path / "data", small_dataset_files())
    real = pdf_writer.html_to_pdf
    monkeypatch.setattr(pdf_writer, "html_to_pdf", lambda html: _fail_on(html, real))
    out, cache = tmp_path / "site" / "pdf", tmp_path / "cache"
    with pytest.raises(BuildError, match=r"could not render PDF sop/cuti-dosen-resmi\.pdf: "
                                         r"RuntimeError: boom"):
        _overlapped(root, cache).finish(out)
    assert not out.exists()
    assert _temporaries(cache) == []
    assert multiprocessing.active_children() == []


def _fail_on(html: str, real: object) -> bytes:
    """html_to_pdf that fails for the official copy of cuti-dosen (either version)."""
    if "<title>SOP Cuti Dosen" in html:
        raise RuntimeError("boom")
    assert callable(real)
    result: bytes = real(html)
    return result


def test_cancel_stops_the_workers_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_files(tmp_path / "data", small_dataset_files())
    real = pdf_writer.html_to_pdf

    def slow(html: str) -> bytes:  # a build that cannot be over before cancel()
        time.sleep(1.0)
        return real(html)

    monkeypatch.setattr(pdf_writer, "html_to_pdf", slow)
    cache = tmp_path / "cache"
    pdfs = _overlapped(root, cache)
    time.sleep(0.5)
    pdfs.cancel()
    assert multiprocessing.active_children() == []
    assert _temporaries(cache) == []
    assert not (cache / pdf_build.MANIFEST).exists()  # an unfinished build is never reused


# ----------------------------------------------------------------------- through `sop build`


@pytest.fixture
def overlap_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two workers; each render notes its start time in a file (workers are forked, so the
    patch reaches them); the time the site was done is noted as 'post_build'."""
    log = tmp_path / "timeline.log"
    real, finish = pdf_writer.html_to_pdf, session.finish_pdfs

    def noted(html: str) -> bytes:
        _note(log, "render")
        return real(html)

    def noted_finish(stage: session.PdfStage, site_dir: str) -> None:
        _note(log, "post_build")
        finish(stage, site_dir)

    monkeypatch.setattr(pdf_build.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(pdf_writer, "html_to_pdf", noted)
    monkeypatch.setattr(session, "finish_pdfs", noted_finish)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714608000")
    return log


def _note(log: Path, what: str) -> None:
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        os.write(fd, f"{what}\n".encode())
    finally:
        os.close(fd)


def _timeline(log: Path) -> list[str]:
    lines = log.read_text().split() if log.exists() else []
    log.unlink(missing_ok=True)
    return lines


@pytest.mark.slow
def test_sop_build_renders_pdfs_while_the_site_builds(
    make_data: MakeData, overlap_log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture
) -> None:
    make_data()
    # The sequential path (one job, everything at on_post_build) as the reference.
    with monkeypatch.context() as one:
        one.setattr(pdf_build.os, "cpu_count", lambda: 1)
        assert main(["build", "--data", "data", "--site", "seq"]) == 0
    assert _timeline(overlap_log)[0] == "post_build"  # rendered after the pages
    reference = _files(tmp_path / "seq" / "pdf")
    assert "keputusan/kr-1-2024.pdf" in reference

    # Cold and overlapped: renders start before the site is done; same bytes.
    (tmp_path / "seq").rename(tmp_path / "seq-site")
    os.rename(tmp_path / ".cache", tmp_path / "seq-cache")
    assert main(["build", "--data", "data", "--site", "site"]) == 0
    assert _timeline(overlap_log)[0] == "render"
    assert _files(tmp_path / "site" / "pdf") == reference

    # Warm, into another folder: every PDF reused, nothing rendered.
    caplog.set_level(logging.INFO)
    assert main(["build", "--data", "data", "--site", "site2"]) == 0
    assert _timeline(overlap_log) == ["post_build"]
    n = len(reference)
    assert f"PDF: {n} berkas (0 dibuat, {n} dipakai ulang" in caplog.text
    assert _files(tmp_path / "site2" / "pdf") == reference
    # Nothing changed since site2 was published: nothing runs at all.
    assert main(["build", "--data", "data", "--site", "site2"]) == 0
    assert _timeline(overlap_log) == []
    assert _files(tmp_path / "site2" / "pdf") == reference


@pytest.mark.slow
def test_a_failed_pdf_during_the_site_build_keeps_the_previous_site(
    make_data: MakeData, overlap_log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    make_data()
    assert main(["build", "--data", "data", "--site", "site"]) == 0
    before = _files(tmp_path / "site")
    assert "pdf/sop/contoh-resmi.pdf" in before
    _timeline(overlap_log)

    real = pdf_writer.html_to_pdf  # the noting one

    def flaky(html: str) -> bytes:
        # only the SOP edited below (not the decree book's own pages, which list its title)
        if "GAGALCETAK" in html and 'class="daftar-isi"' not in html:
            _note(overlap_log, "failed")
            raise OSError("disk full while rendering")
        return real(html)

    monkeypatch.setattr(pdf_writer, "html_to_pdf", flaky)
    sop = tmp_path / "data" / "sop" / "contoh.yaml"
    text = sop.read_text(encoding="utf-8")
    sop.write_text(text.replace("judul: Layanan Contoh", "judul: Layanan Contoh GAGALCETAK"),
                   encoding="utf-8")
    assert main(["build", "--data", "data", "--site", "site"]) == 1
    err = capsys.readouterr().err + caplog.text
    assert "could not render PDF sop/contoh-resmi.pdf: OSError: disk full" in err
    assert "Traceback" not in err
    # It failed while the site was building (the decree book's own pages may render beside it).
    timeline = _timeline(overlap_log)
    assert timeline[-1] == "post_build" and timeline.count("failed") == 1
    assert _files(tmp_path / "site") == before
    leftovers = [p.name for p in tmp_path.iterdir()
                 if p.name not in ("data", "site", ".cache", overlap_log.name)]
    assert leftovers == [] and _temporaries(tmp_path / ".cache") == []


SPAWNED = """
import datetime as dt, json, sys, threading
from pathlib import Path
from sop.dataset import load
from sop.pdf.build import build_all

stop = threading.Event()
threading.Thread(target=stop.wait, daemon=True).start()  # as under `mkdocs serve`
report = build_all(load(Path(sys.argv[1])), Path(sys.argv[2]), site_url=sys.argv[3],
                   cache_dir=Path(sys.argv[4]), jobs=2, build_date=dt.date(2024, 5, 2))
stop.set()
print(json.dumps({"built": len(report.built), "renderers_here": "weasyprint" in sys.modules}))
"""


def test_with_threads_running_the_workers_are_spawned_and_load_the_renderers_themselves(
    tmp_path: Path,
) -> None:
    """Another thread (the live-reload server) makes forking unsafe: the workers are spawned,
    the result is the sequential build's, and this process never loads WeasyPrint (a spawned
    worker inherits nothing from it)."""
    import json
    import subprocess
    import sys

    root = write_files(tmp_path / "data", small_dataset_files())
    sequential = tmp_path / "seq"
    build_all(load(root), sequential, site_url=SITE, cache_dir=tmp_path / "c1", jobs=1,
              build_date=DAY)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", SPAWNED, str(root), str(out), SITE, str(tmp_path / "c2")],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result == {"built": len(_files(sequential)), "renderers_here": False}
    assert _files(out) == _files(sequential)
