"""Unit tests of the load stage, the model error messages, the flow graph and `sop new`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import SOP, MakeData

from sop import graph, schema, yamlio
from sop.cli import main
from sop.dataset import load
from sop.errors import DataSetError, Problem
from sop.ids import check_nip, format_nip
from sop.model import Sop, TimeUnit


def test_lines_are_recorded_for_every_key_path() -> None:
    doc, problems = yamlio.parse("a: 1\nb:\n  - c: 2\n    d: [3, 4]\n", "f.yaml")
    assert problems == [] and doc is not None
    assert doc.data == {"a": 1, "b": [{"c": 2, "d": [3, 4]}]}
    assert doc.lines[("b", 0, "d")] == 4
    assert doc.line(("b", 0, "d", 1, "missing")) == 4  # nearest known enclosing path


def test_dates_stay_text_for_the_model_to_check() -> None:
    doc, _ = yamlio.parse("tanggal: 2022-02-30\n", "f.yaml")
    assert doc is not None and doc.data == {"tanggal": "2022-02-30"}


def test_duplicate_key_keeps_the_first_and_reports_the_second() -> None:
    doc, problems = yamlio.parse("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert doc is not None and doc.data == {"a": 1, "b": 2}
    assert problems == [Problem("f.yaml", 3, "a", "kunci 'a' ganda (pertama ditulis di baris 1)")]


def test_format_path() -> None:
    assert yamlio.format_path(("steps", 4, "waktu", "unit")) == "steps[4].waktu.unit"
    assert yamlio.format_path(()) == ""


def test_problem_text() -> None:
    problem = Problem("sop_data/sop/x.yaml", 41, "steps[4].waktu.unit", "'mnt' is not one of …")
    assert str(problem) == "sop_data/sop/x.yaml:41: steps[4].waktu.unit: 'mnt' is not one of …"
    assert str(Problem("x.yaml", 0, "", "required file is missing")) == (
        "x.yaml: required file is missing"
    )


def test_model_errors_name_the_yaml_path_not_pydantic_internals() -> None:
    text = SOP.replace("    pelaksana: rektor\n", "    pelaksana: [rektor, {a: 5}]\n")
    doc, _ = yamlio.parse(text, "x.yaml")
    assert doc is not None
    _, problems = schema.validate(doc, Sop)
    assert [str(p) for p in problems] == [
        "x.yaml:25: langkah 2.pelaksana[1]: seharusnya teks, tertulis pasangan kunci: nilai"]


def test_nip_is_normalised_and_printed_grouped() -> None:
    assert check_nip("19601215 198802 1 001") == "196012151988021001"
    assert format_nip("196012151988021001") == "19601215 198802 1 001"


def test_loaded_data_set(make_data: MakeData) -> None:
    data = load(make_data())
    sop = data.sops["contoh"]
    assert sop.steps[0].waktu is not None and sop.steps[0].waktu.unit is TimeUnit.MENIT
    assert sop.tanggal.efektif == dt.date(2024, 1, 15)
    assert sop.pengesahan.nip == "196012151988021001"
    assert data.lampiran_number(sop) == 1
    assert data.source("sop", "contoh").line(("steps", 1, "cabang")) == 26


def test_load_raises_with_every_problem(make_data: MakeData) -> None:
    root = make_data({"sop/contoh.yaml": SOP.replace("unit: menit}", "unit: mnt}")})
    with pytest.raises(DataSetError) as info:
        load(root)
    assert [p.path for p in info.value.problems] == ["langkah 1.waktu.unit"]


def test_graph_of_the_fixture(make_data: MakeData) -> None:
    sop = load(make_data()).sops["contoh"]
    assert [(e.source, e.target, e.label) for e in graph.edges(sop)] == [
        (1, 2, None),
        (2, 3, "Lengkap"),
        (2, 1, "Tidak lengkap"),
    ]
    assert [e.is_back for e in graph.edges(sop)] == [False, False, True]
    assert graph.end_steps(sop) == [3]
    assert [s.no for s in graph.main_path(sop)] == [1, 2, 3]
    assert graph.reachable(sop, 3, forward=False) == {1, 2, 3}


def test_schema_files_are_current() -> None:
    """The committed JSON Schema files match the model (run `sop schema` after changing it)."""
    for kind in schema.KINDS:
        committed = json.loads((schema.SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))
        assert committed == schema.json_schema(kind), f"run `sop schema` ({kind})"


def test_schema_describes_fields_for_editors() -> None:
    sop_schema = schema.json_schema("sop")
    step = sop_schema["$defs"]["Step"]
    assert step["additionalProperties"] is False
    assert step["properties"]["waktu"]["anyOf"][0]["$ref"] == "#/$defs/Waktu"
    units = sop_schema["$defs"]["TimeUnit"]["enum"]
    assert units == ["menit", "jam", "hari", "hari kerja", "minggu", "bulan"]


def test_sop_new_writes_a_valid_file(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_data()
    argv = ["new", "--data", str(root), "--id", "cuti-dosen", "--judul", 'Cuti "Dosen" {{ x }}',
            "--nomor", "SOP/02/2024", "--unit", "biro-umum", "--pelaksana", "staf,rektor", "--yes"]
    assert main(argv) == 0
    path = Path(root / "sop/cuti-dosen.yaml")
    first = path.read_text("utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (path.parent / first.split("=", 1)[1]).resolve() == schema.SCHEMA_DIR / "sop.schema.json"
    data = load(root)
    new = data.sops["cuti-dosen"]
    assert new.judul == 'Cuti "Dosen" {{ x }}'
    assert new.pelaksana == ["staf", "rektor"]
    assert [s.pelaksana for s in new.steps] == ["staf", "rektor", "staf"]
    assert main(["check", "--data", str(root)]) == 0
    capsys.readouterr()


def test_sop_new_refuses_unknown_actor(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_data()
    argv = ["new", "--data", str(root), "--id", "baru", "--judul", "Baru", "--nomor", "B/1",
            "--unit", "biro-umum", "--pelaksana", "dekan", "--yes"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err == ("kesalahan: sop new: --pelaksana: pelaksana 'dekan' tidak dikenal (yang ada: "
                   "rektor, staf); tambahkan dulu ke daftar pelaksana di institusi.yaml\n")
    assert not (root / "sop/baru.yaml").exists()


def test_sop_new_without_answers_says_what_is_missing(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_data()
    assert main(["new", "--data", str(root), "--yes"]) == 1
    assert capsys.readouterr().err == (
        "kesalahan: sop new: --id belum diisi (Pengenal SOP (huruf kecil dan tanda hubung, "
        "mis. cuti-dosen))\n"
    )


def test_yaml_12_booleans_only() -> None:
    """`no`, `yes`, `on`, `off` stay text, as a quality office typing labels expects."""
    doc, _ = yamlio.parse("a: no\nb: Yes\nc: true\nd: off\n", "f.yaml")
    assert doc is not None and doc.data == {"a": "no", "b": "Yes", "c": True, "d": "off"}
