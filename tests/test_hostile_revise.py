"""`sop revise` killed at any moment (issue 23.7): the data set is as before or fully revised,
and `sop check` passes in both. Each run is a forked child that dies (os._exit, no clean-up)
just before its k-th change to the file system, for every k."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import MakeData

from sop import revisions
from sop.cli import main
from sop.dataset import load

CALLS = ("replace", "rename", "chmod", "unlink")


def _revise_dying_at(root: Path, k: int) -> int:
    """Run revise in a child that dies before its k-th file system change; the child's
    exit code (0: it finished; 7: it died as planned)."""
    pid = os.fork()
    if pid == 0:  # the child: count the changes, die at the k-th
        count = [0]

        def dying(real: Any) -> Any:
            def call(*args: Any, **kwargs: Any) -> Any:
                count[0] += 1
                if count[0] == k:
                    os._exit(7)
                return real(*args, **kwargs)
            return call

        for name in CALLS:
            setattr(os, name, dying(getattr(os, name)))
        try:
            revisions.revise(load(root), "contoh", "Perbaikan", dt.date(2024, 6, 1))
        except BaseException:  # the child must never return into pytest
            os._exit(3)
        os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def _state(root: Path) -> str:
    data = load(root)
    sop = data.sops["contoh"]
    if sop.versi == 1 and "contoh" not in data.archive:
        return "before"
    assert sop.versi == 2 and [s.versi for s in data.archive["contoh"]] == [1]
    return "revised"


def test_revise_killed_at_every_step(make_data: MakeData, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    pristine = make_data()
    seen = set()
    for k in range(1, 40):
        root = tmp_path / f"run{k}"
        shutil.copytree(pristine, root)
        code = _revise_dying_at(root, k)
        assert code in (0, 7), k
        state = _state(root)
        seen.add(state)
        assert main(["check", "--data", str(root)]) == 0, (k, capsys.readouterr().err)
        # and the next revise goes on from there: it revises what is as before, and refuses
        # a draft as it always does; either way it leaves no frozen copy under a hidden name
        again = main(["revise", "contoh", "--data", str(root), "-m", "Lagi"])
        err = capsys.readouterr().err
        assert (again, state == "revised") in ((0, False), (1, True)), (k, err)
        assert "Traceback" not in err
        assert _state(root) == "revised"
        assert main(["check", "--data", str(root)]) == 0, k
        assert list(root.rglob(".*.pending")) == [], k
        assert [p.name for p in root.rglob(".*") if p.is_file()] == [], k  # no half-written
        if code == 0:
            break
    else:
        raise AssertionError("revise never finished")
    assert seen == {"before", "revised"}
    assert k > 5  # every step was interrupted once: writes, renames, modes


def test_revise_writes_nothing_through_a_link_out_of_the_data_folder(
        make_data: MakeData, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_data()
    (tmp_path / "elsewhere").mkdir()
    (root / "arsip").symlink_to(tmp_path / "elsewhere")  # empty: sop check has nothing to read
    assert main(["check", "--data", str(root)]) == 0
    assert main(["revise", "contoh", "--data", str(root), "-m", "Perbaikan"]) == 1
    assert "menaut ke luar folder data; simpan berkas data di dalamnya" in capsys.readouterr().err
    assert list((tmp_path / "elsewhere").rglob("*")) == []
