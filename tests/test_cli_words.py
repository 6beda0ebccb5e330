"""What `sop` itself says, beside the data's problems: the help, argparse's own words and
errors, and the build's closing line are Indonesian by default and English with a setting
(issue 22: the Panduan's first command is `sop --help`)."""

from __future__ import annotations

import argparse
from types import SimpleNamespace

import pytest

from sop.cli import main


def test_help_speaks_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("pemakaian: sop ")
    assert "\nopsi:\n" in out and "tampilkan bantuan ini lalu keluar" in out
    assert "periksa folder data dan tampilkan semua masalahnya" in out
    assert "catat peninjauan berkala" in out
    for english in ("usage:", "options:", "show this help", "validate a data set"):
        assert english not in out


def test_a_command_help_speaks_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["new", "--help"])
    out = capsys.readouterr().out
    assert "--unit UNIT           id unit pemilik" in out
    assert "folder data (bawaan: sop_data)" in out


@pytest.mark.parametrize("how", ["option", "setting"])
def test_help_in_english_with_a_setting(how: str, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    argv = ["--lang", "en", "--help"] if how == "option" else ["--help"]
    if how == "setting":
        monkeypatch.setenv("SOP_LANG", "en")
    with pytest.raises(SystemExit):
        main(argv)
    out = capsys.readouterr().out
    assert out.startswith("usage: sop ") and "validate a data set and list every problem" in out


def test_a_missing_option_is_named_in_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["revise", "penilaian-lk-gb"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        "sop revise: kesalahan: argumen berikut wajib diisi: --ringkasan/-m")
    with pytest.raises(SystemExit):
        main(["--lang=en", "revise", "penilaian-lk-gb"])
    assert capsys.readouterr().err.splitlines()[-1] == (
        "sop revise: error: the following arguments are required: --ringkasan/-m")


def test_argparse_keeps_its_own_words_outside_sop() -> None:
    with pytest.raises(SystemExit):
        main(["--bogus"])
    assert argparse.ArgumentParser().format_help().startswith("usage: ")


@pytest.mark.parametrize(("ran", "lang", "expected"), [
    (True, "id", "Situs site/ dibangun dari sop_data dengan mkdocs: 37 halaman, 31 PDF, dalam"),
    (False, "id", "Situs site/ sudah sesuai dengan sop_data: tidak ada yang berubah"),
    (True, "en", "Built site/ from sop_data with mkdocs: 37 pages, 31 PDFs in"),
])
def test_the_build_says_what_it_did_in_the_users_language(
        ran: bool, lang: str, expected: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sop.site.build

    done = SimpleNamespace(ran=ran, engine="mkdocs", pages=37, pdfs=31)
    monkeypatch.setattr(sop.site.build, "publish", lambda *a, **k: done)
    assert main(["--lang", lang, "build"]) == 0
    assert capsys.readouterr().out.startswith(expected)
    assert main(["--lang", lang, "build", "--drafts"]) == 0
    note = "(pratinjau: draf ditampilkan" if lang == "id" else "(preview: drafts shown"
    assert note in capsys.readouterr().out
