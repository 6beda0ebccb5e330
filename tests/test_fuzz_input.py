"""Property-based: random mutations of valid files always end in a clear message, never a
traceback; random synthetic data sets are always valid."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SOP, VALID_FILES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sop.cli import main
from sop.dataset import load
from sop.synth import write_dataset

SEED_SOP = (ROOT / "sop_data/sop/penilaian-lk-gb.yaml").read_text("utf-8")
MESSAGE = re.compile(r"^data/[\w./-]+(:\d+)?: \S.*$")
SUMMARY = re.compile(r"^\d+ masalah ditemukan; tidak ada yang dibangun\.$")
NOISE = [
    ":",
    "-",
    " ",
    "\t",
    '"',
    "'",
    "[",
    "{",
    "}",
    "#",
    "x",
    "\n",
    "&a",
    "*a",
    "!!",
    "%",
    "\ufeff",
    "\u0627",
    "\U0001f600",
    "{{ x }}",
    "<script>",
    "0",
    "2022-02-30",
]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """Apply one to three random edits: drop, repeat or swap lines, insert noise, truncate."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["drop", "repeat", "swap", "noise", "truncate"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "noise":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(NOISE)) + lines[i][at:]
        else:
            lines = lines[: i + 1]
    return "".join(lines)


def _check_messages(capsys: pytest.CaptureFixture[str], code: int) -> None:
    err = capsys.readouterr().err.splitlines()
    assert code in (0, 1)
    if code == 1:
        assert SUMMARY.match(err[-1]), err
        for line in err[:-1]:
            assert MESSAGE.match(line), line
        assert "Traceback" not in "\n".join(err)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=mutated(SOP))
def test_mutated_fixture_gives_clear_messages(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_and_check(text, "contoh", tmp_path, monkeypatch, capsys)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=mutated(SEED_SOP))
def test_mutated_seed_gives_clear_messages(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_and_check(text, "penilaian-lk-gb", tmp_path, monkeypatch, capsys)


def _write_and_check(
    text: str,
    sop_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    if data.exists():
        shutil.rmtree(data)
    source = ROOT / "sop_data" if sop_id != "contoh" else None
    if source:
        shutil.copytree(source, data)
    else:
        for rel, content in VALID_FILES.items():
            (data / rel).parent.mkdir(parents=True, exist_ok=True)
            (data / rel).write_text(content, encoding="utf-8")
    (data / "sop" / f"{sop_id}.yaml").write_text(text, encoding="utf-8")
    _check_messages(capsys, main(["check", "--data", "data"]))


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 4))
def test_synthetic_data_sets_are_valid(
    seed: int, n: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = write_dataset(tmp_path_factory.mktemp("synth"), n, seed=seed)
    assert len(load(root).sops) == n
