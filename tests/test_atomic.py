"""Atomic builds: a failed build leaves the previous output exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SOP, MakeData

from sop.atomic import replace_dir, write_bytes
from sop.cli import main


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_success_replaces_the_folder_whole(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("lama")
    with replace_dir(site) as staging:
        (staging / "new.html").write_text("baru")
    assert _snapshot(site) == {"new.html": b"baru"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_failure_leaves_the_previous_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("lama")
    with pytest.raises(RuntimeError), replace_dir(site) as staging:
        (staging / "index.html").write_text("setengah")
        raise RuntimeError("render failed")
    assert _snapshot(site) == {"index.html": b"lama"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_write_bytes_never_leaves_a_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "pdf" / "a.pdf"
    write_bytes(target, b"%PDF-1")
    write_bytes(target, b"%PDF-2")
    assert target.read_bytes() == b"%PDF-2"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]


def test_sop_build_with_bad_data_keeps_the_site(
    make_data: MakeData, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_data({"sop/contoh.yaml": SOP.replace("unit: menit}", "unit: mnt}")})
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("versi sebelumnya")
    assert main(["build", "--data", "data", "--site", str(site)]) == 1
    assert "langkah 1.waktu.unit: 'mnt' bukan salah satu dari" in capsys.readouterr().err
    assert _snapshot(site) == {"index.html": b"versi sebelumnya"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "site"]
