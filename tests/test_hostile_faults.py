"""Process faults and the build's surroundings (issue 23.5 and 23.6): SIGKILL and SIGTERM in
the middle of a build, two builds in one folder, a full disk or a read-only folder, and a
mkdocs.yml planted in the working folder or the data folder. The published site must stay as
it was, no process may stay behind, and every failure is a message, never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, MakeData

from sop.atomic import exclusive
from sop.cli import main

pytestmark = pytest.mark.slow


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def old_site(make_data: MakeData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
             ) -> tuple[Path, dict[str, bytes]]:
    """The fixture data set built once without PDFs (fast): the site that must survive. The
    data then changes, so that the next build has work to do (an unchanged data set is not
    built again)."""
    make_data()
    monkeypatch.setenv("SOP_SKIP_PDF", "1")
    site = tmp_path / "site"
    assert main(["build", "--data", "data", "--site", str(site)]) == 0
    monkeypatch.delenv("SOP_SKIP_PDF")
    sop_file = tmp_path / "data" / "sop" / "contoh.yaml"
    sop_file.write_text(sop_file.read_text().replace("judul: Layanan Contoh",
                                                     "judul: Layanan Contoh Diubah"))
    return site, _snapshot(site)


def _children(pid: int) -> set[int]:
    """Running (not zombie) processes whose parent is `pid`."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _start_build(tmp_path: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """`sop build` with PDFs in a child process, once its PDF workers run and it stages."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SOP_SKIP_PDF", None)
    proc = subprocess.Popen([sys.executable, "-m", "sop.cli", "build", "--data", "data",
                             "--site", "site"], cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = _children(proc.pid)
        if len(workers) >= 2 and list(tmp_path.glob(".site.new-*")):
            return proc, workers
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the build never started its PDF workers")


def _gone(pids: set[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_running(p) for p in pids)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigkill_leaves_the_site_and_no_process_and_the_next_build_cleans_up(
        old_site: tuple[Path, dict[str, bytes]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    site, before = old_site
    proc, workers = _start_build(tmp_path)
    proc.kill()
    proc.communicate()
    assert _gone(workers), "PDF workers outlived their killed parent"
    assert _snapshot(site) == before
    assert list(tmp_path.glob(".site.new-*")), "the killed build's staging folder"
    monkeypatch.setenv("SOP_SKIP_PDF", "1")
    assert main(["build", "--data", "data", "--site", str(site)]) == 0
    assert list(tmp_path.glob(".site.*")) == []
    assert [p for p in (tmp_path / ".cache").rglob(".*") if p.is_file()] == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_stops_cleanly(old_site: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    site, before = old_site
    proc, workers = _start_build(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "dihentikan (SIGTERM)" in err and "Traceback" not in err
    assert _gone(workers)
    assert _snapshot(site) == before
    assert list(tmp_path.glob(".site.*")) == []


# --------------------------------------------------------------------------- two builds


def test_a_second_build_of_the_same_kind_is_refused_with_a_message(
        old_site: tuple[Path, dict[str, bytes]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    site, before = old_site
    with exclusive(tmp_path / ".cache" / "pdf.lock", "the cache"):  # a build under way
        assert main(["build", "--data", "data", "--site", str(site)]) == 1
        err = capsys.readouterr().err
        assert err == (f"kesalahan: another sop build or serve (process {os.getpid()}) is using "
                       ".cache/pdf in this folder; wait for it to finish, or stop it, then try "
                       "again\n")
        assert _snapshot(site) == before
        # a preview keeps its PDFs in a cache of its own: it may run meanwhile
        assert main(["build", "--drafts", "--data", "data", "--site", "preview"]) == 0
        assert list((tmp_path / ".cache" / "pdf-preview").rglob("*.pdf"))
    monkeypatch.setenv("SOP_SKIP_PDF", "1")
    assert main(["build", "--data", "data", "--site", str(site)]) == 0


# --------------------------------------------------------------------------- disk faults


def test_a_full_disk_ends_in_a_message_and_keeps_the_site(
        old_site: tuple[Path, dict[str, bytes]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from mkdocs import utils

    site, before = old_site
    monkeypatch.setenv("SOP_SKIP_PDF", "1")

    def full(content: bytes, output_path: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", output_path)

    monkeypatch.setattr(utils, "write_file", full)
    assert main(["build", "--data", "data", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device; check that the folder is writable and the disk is not " \
           "full (the published site is unchanged)" in err
    assert "Traceback" not in err
    assert _snapshot(site) == before
    assert list(tmp_path.glob(".site.*")) == []


@pytest.mark.parametrize("where", ["site folder", "cache"])
def test_a_read_only_folder_ends_in_a_message_and_keeps_the_site(
        where: str, old_site: tuple[Path, dict[str, bytes]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """(Simulated: the tests run as root, whom file modes do not stop.)"""
    import sop.atomic

    site, before = old_site
    monkeypatch.setenv("SOP_SKIP_PDF", "1")

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    if where == "site folder":
        monkeypatch.setattr(sop.atomic.tempfile, "mkdtemp", refused)
    else:  # the PDF cache's lock file is the first thing a build with PDFs writes there
        monkeypatch.delenv("SOP_SKIP_PDF")
        monkeypatch.setattr(sop.atomic, "open", refused, raising=False)
    assert main(["build", "--data", "data", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert err == (f"kesalahan: tidak dapat menulis {tmp_path}: Permission denied; periksa bahwa "
                   "folder dapat ditulisi dan disk tidak penuh\n")
    assert _snapshot(site) == before


# --------------------------------------------------------------------------- configuration

EVIL_HOOK = "from pathlib import Path\nPath('{marker}').write_text('ran')\n"


@pytest.mark.parametrize("where", [".", "data"])
def test_a_planted_mkdocs_yml_is_never_used(where: str, make_data: MakeData, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    make_data()
    folder = tmp_path / where
    marker = tmp_path / "RAN"
    (folder / "evil.py").write_text(EVIL_HOOK.format(marker=marker))
    (folder / "mkdocs.yml").write_text("site_name: Evil\nhooks:\n  - evil.py\n")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("SOP_SKIP_PDF", "1")
    data = "." if where == "data" else "data"
    assert main(["build", "--data", data, "--site", str(tmp_path / "site")]) == 0
    assert not marker.exists()
    assert "SOP Universitas Contoh" in (tmp_path / "site" / "index.html").read_text()
    assert not (folder / ".cache" / "templates").exists()  # compiled templates: the project's


def test_stale_staging_of_dead_builds_is_removed_and_a_moved_site_put_back(
        tmp_path: Path) -> None:
    from sop.atomic import clean_stale

    dead = 2**22 + 12345  # above the default pid_max: no such process
    (tmp_path / f".site.old-{dead}").mkdir()
    (tmp_path / f".site.old-{dead}" / "index.html").write_text("lama")
    (tmp_path / f".site.new-{dead}-abc").mkdir()
    (tmp_path / f".site.new-{os.getpid()}-abc").mkdir()  # a build under way: kept
    clean_stale(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "lama"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".site.new-{os.getpid()}-abc", "site"]
