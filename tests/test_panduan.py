"""The Panduan's worked examples run as written (issue 22.1): the shell commands of
docs/panduan/menambah.md and of menerbitkan.md (from "Merevisi"), in order, on a copy of the
bundled data, with `sop` found as a plain command through the launcher scripts/setup installs.
The edits the Panduan asks for by hand are written next to them as HTML comments the site does
not show: `<!-- uji: ganti FILE "old" "new" -->`."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

PANDUAN = ROOT / "docs" / "panduan"
_BLOCK = re.compile(r"```bash\n(.*?)```", re.S)
_EDIT = re.compile(r'<!-- uji: ganti (\S+) ("(?:[^"\\]|\\.)*") ("(?:[^"\\]|\\.)*") -->')
_STEP = re.compile(r"```bash\n.*?```|<!-- uji: .*? -->", re.S)


Step = str | tuple[str, str, str]  # a shell command, or an edit: (file, old, new)


def steps(page: str, start: str | None = None) -> list[Step]:
    """The page's shell commands and edits, in its order."""
    text = (PANDUAN / page).read_text("utf-8")
    if start:
        text = text[text.index(start):]
    found: list[Step] = []
    for match in _STEP.finditer(text):
        chunk = match.group()
        edit = _EDIT.fullmatch(chunk)
        if edit:
            found.append((edit[1], json.loads(edit[2]), json.loads(edit[3])))
            continue
        assert chunk.startswith("```"), chunk
        body = _BLOCK.fullmatch(chunk)
        assert body is not None
        for line in body[1].replace("\\\n", " ").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                found.append(line.strip())
    return found


@pytest.fixture
def clerk(tmp_path: Path) -> dict[str, str]:
    """A new terminal of a clerk after scripts/setup: a home of their own, a PATH without
    the project's .venv, and the launcher that scripts/setup installs."""
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
           "SOP_SKIP_PDF": "1", "NO_MKDOCS_2_WARNING": "1",
           "SOURCE_DATE_EPOCH": str(int(dt.datetime(2024, 12, 20, tzinfo=dt.UTC).timestamp()))}
    # "Today" is fixed (the day of the Panduan's revision, before the new effective date it
    # writes), so that the example reads the same on any day.
    subprocess.run([str(ROOT / "scripts" / "install-launcher")], env=env, check=True,
                   capture_output=True)
    assert (home / ".local/bin/sop").is_file()
    shutil.copytree(ROOT / "sop_data", tmp_path / "sop_data")
    return env


def run(env: dict[str, str], cwd: Path, command: str) -> subprocess.CompletedProcess[str]:
    """`command` in a new login shell, as typed in a new terminal."""
    return subprocess.run(["bash", "-lc", command], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=600, check=False)


def follow(env: dict[str, str], cwd: Path, plan: list[Step]) -> list[str]:
    done = []
    for what in plan:
        if isinstance(what, tuple):
            file, old, new = what
            path = cwd / file
            text = path.read_text("utf-8")
            assert old in text, (file, old)
            path.write_text(text.replace(old, new), "utf-8")  # every one, as a clerk would
            continue
        command = what
        if command.startswith("sop serve"):
            continue  # a server for the browser: not a step that ends
        result = run(env, cwd, command)
        allowed = (0, 1) if "--due" in command else (0,)  # --due: 1 when a review is late
        assert result.returncode in allowed, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        done.append(command)
    return done


def test_sop_is_a_plain_command_in_a_new_terminal(clerk: dict[str, str], tmp_path: Path) -> None:
    result = run(clerk, tmp_path, "command -v sop && sop check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(tmp_path / "home/.local/bin/sop"),
                                          "sop_data: 6 SOP, 1 keputusan: OK"]
    again = subprocess.run([str(ROOT / "scripts" / "install-launcher")], env=clerk, check=True,
                           capture_output=True)  # a second set-up adds no second PATH line
    assert again.returncode == 0
    assert (tmp_path / "home/.bashrc").read_text().count("# sop (scripts/setup)") == 1


def test_the_new_sop_example_works_as_written(clerk: dict[str, str], tmp_path: Path) -> None:
    done = follow(clerk, tmp_path, steps("menambah.md"))
    assert done[0] == "sop --help" and done[1].startswith("sop new --id cuti-dosen")
    assert done.count("sop check") == 2 and done[-1] == "sop build"
    assert (tmp_path / "site/sop/cuti-dosen/index.html").is_file()


def test_the_revision_and_review_example_works_as_written(
        clerk: dict[str, str], tmp_path: Path) -> None:
    done = follow(clerk, tmp_path, steps("menerbitkan.md", start="## Merevisi"))
    assert done[0].startswith("sop revise penilaian-lk-gb")
    assert any(c.startswith("sop tinjau penilaian-lk-gb") for c in done)
    assert (tmp_path / "sop_data/arsip/penilaian-lk-gb/v1.yaml").is_file()
    assert (tmp_path / "site/sop/penilaian-lk-gb/v1/index.html").is_file()
    assert run(clerk, tmp_path, "sop check").returncode == 0
    page = (tmp_path / "site/sop/penilaian-lk-gb/index.html").read_text("utf-8")
    assert "Tinjauan terakhir" in page and "Masih sesuai; tidak ada perubahan" in page
    assert "2 Januari 2025" in page  # the new version's own effective date, not version 1's
