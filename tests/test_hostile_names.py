"""Ids that would name a generated page or a reserved file, and `sop new` writing only where it
should (issue 23.4). Asserted in English: the messages with SOP_LANG=en (issue 22.2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import INSTITUSI, KEPUTUSAN, SOP, MakeData
from test_bad_input import I, check

from sop.cli import main


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOP_LANG", "en")


NEW = ["--judul", "Baru", "--nomor", "B/1", "--unit", "biro-umum", "--pelaksana", "staf,rektor",
       "--yes"]


def _sop_id(new: str) -> dict[str, str | bytes | None]:
    return {"sop/contoh.yaml": None, f"sop/{new}.yaml": SOP.replace("id: contoh", f"id: {new}"),
            "keputusan/kr-1-2024.yaml": KEPUTUSAN.replace("  - contoh", f"  - {new}")}


@pytest.mark.parametrize(("sop_id", "message"), [
    ("index", "the id 'index' is used by the site itself (/sop/index.md would become the page "
              "/sop/ instead of /sop/index/); choose another id"),
    ("con", "'con' is a reserved file name on Windows (con, prn, aux, nul, com1…, lpt1…); "
            "choose another id, e.g. 'con-1'"),
    ("aux", "'aux' is a reserved file name on Windows (con, prn, aux, nul, com1…, lpt1…); "
            "choose another id, e.g. 'aux-1'"),
    ("lpt1", "'lpt1' is a reserved file name on Windows (con, prn, aux, nul, com1…, lpt1…); "
             "choose another id, e.g. 'lpt1-1'"),
    ("contoh-resmi", "an SOP id must not end in '-resmi' (pdf/sop/contoh-resmi.pdf is the "
                     "official copy of SOP 'contoh'); choose another id"),
])
def test_sop_ids_that_cannot_name_a_page_or_file(sop_id: str, message: str, make_data: MakeData,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    make_data(_sop_id(sop_id))
    code, lines = check(capsys)
    assert (code, lines[:-1]) == (1, [f"data/sop/{sop_id}.yaml:1: id: {message}"])


def test_decree_and_unit_ids(make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    make_data({
        "keputusan/kr-1-2024.yaml": KEPUTUSAN.replace("id: kr-1-2024", "id: index"),
        "sop/contoh.yaml": SOP.replace("keputusan: kr-1-2024", "keputusan: index"),
        "institusi.yaml": INSTITUSI.replace("  - id: biro-umum\n", "  - id: nul\n    nama: Nul\n"
                                            "    jenis: biro\n"
                                            "  - id: biro-umum\n"),
    })
    code, lines = check(capsys)
    assert code == 1
    assert f"{I}:6: unit[0].id: 'nul' is a reserved file name on Windows (con, prn, aux, nul, " \
           "com1…, lpt1…); choose another id, e.g. 'nul-1'" in lines
    assert "data/keputusan/kr-1-2024.yaml:1: id: the id 'index' is used by the site itself " \
           "(the list of decrees is the page /keputusan/); choose another id" in lines


@pytest.mark.parametrize("bad", ["../../x", "/tmp/x", "a/b", "Index", "con", "index", "", "a..b"])
def test_sop_new_checks_the_id_before_writing(bad: str, make_data: MakeData, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = make_data()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    code = main(["new", "--data", str(root), "--id", bad, *NEW])
    err = capsys.readouterr().err
    assert code == 1 and "sop new:" in err and "Traceback" not in err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_sop_new_needs_an_existing_data_folder(make_data: MakeData,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    make_data()
    assert main(["new", "--data", "tidak-ada", "--id", "baru", *NEW]) == 1
    assert capsys.readouterr().err == ("error: sop new: tidak-ada is not a data folder; "
                                       "give it with --data\n")
    assert not Path("tidak-ada").exists()
