"""Reading YAML exactly and within bounds (issues 17.2 and 23.2): numbers and codes keep the
text written, alias bombs, deep nesting, huge numbers, folders, pipes and fake images end in a
message with file and line, in bounded time, never a traceback or a crash."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import INSTITUSI, SOP, MakeData
from test_bad_input import I, S, check

from sop import yamlio
from sop.cli import main
from sop.dataset import load

# --------------------------------------------------------------------------- no type changes


@pytest.mark.parametrize("written", ["0050004014", "01", "1e3", "yes", "2022-08-22", "1.10",
                                     "true", "007", "-0", "1_000", "0x1A", "1:30", "9" * 5000])
def test_a_text_field_keeps_the_scalar_exactly_as_written(
        written: str, make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    make_data({"sop/contoh.yaml": SOP.replace("nomor: SOP/01/2024", f"nomor: {written}")})
    assert main(["check", "--data", "data"]) == 0, capsys.readouterr().err
    assert load("data").sops["contoh"].nomor == written


def test_staff_numbers_phone_and_regulation_numbers_keep_leading_zeros(
        make_data: MakeData) -> None:
    make_data({
        "institusi.yaml": "telepon: 0341558933\n" + INSTITUSI,
        "sop/contoh.yaml": SOP.replace('nip: "196012151988021001"', "nip: 196012151988021001"),
        "dasar_hukum.yaml": "peraturan:\n  - id: pp-1\n    jenis: Peraturan Menteri\n"
                            "    nomor: 035\n    tahun: 2012\n    tentang: Pedoman\n"
                            "  - id: permenpan-35-2012\n    jenis: Peraturan Menteri\n"
                            "    nomor: 1.10\n    tahun: 2012\n    tentang: Pedoman SOP\n",
    })
    data = load("data")
    assert data.institution.telepon == "0341558933"
    assert data.regulations["pp-1"].nomor == "035"
    assert data.regulations["permenpan-35-2012"].nomor == "1.10"
    assert "196012151988021001" in str(data.sops["contoh"].pengesahan.nip).replace(" ", "")


def test_number_fields_still_get_numbers(make_data: MakeData) -> None:
    make_data({"sop/contoh.yaml": SOP.replace("waktu: {nilai: 15,", "waktu: {nilai: 1.5e1,")})
    sop = load("data").sops["contoh"]
    assert (sop.versi, sop.steps[0].no, sop.steps[0].waktu and sop.steps[0].waktu.nilai) == (
        1, 1, 15.0)


def test_loader_keeps_the_source_text_of_converted_scalars() -> None:
    doc, problems = yamlio.parse("a: 0050004014\nb: '01'\nc: [01, x]\nd: yes\n", "f.yaml")
    assert problems == [] and doc is not None
    assert doc.data == {"a": 50004014, "b": "01", "c": [1, "x"], "d": "yes"}  # YAML 1.2 reading
    assert doc.texts == {("a",): "0050004014", ("c", 0): "01"}


def test_a_number_given_to_a_text_field_in_python_is_refused_with_the_fix() -> None:
    from pydantic import ValidationError

    from sop.model import Decree
    with pytest.raises(ValidationError, match='terbaca sebagai angka; tulis di antara tanda kutip'):
        Decree.model_validate({"nomor": 50004014})


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", '"inf"', '"nan"', "1e999"])
def test_infinite_time_is_refused(value: str, make_data: MakeData,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    make_data({"sop/contoh.yaml": SOP.replace("waktu: {nilai: 15,", f"waktu: {{nilai: {value},")})
    code, lines = check(capsys)
    assert code == 1
    assert lines[0].startswith(f"{S}:22: langkah 1.waktu.nilai: "), lines


def test_a_number_in_a_date_is_not_read_as_seconds(make_data: MakeData,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Pydantic would read 0 as 1970-01-01; the date field gets the text '0' and refuses it."""
    make_data({"sop/contoh.yaml": SOP.replace("pembuatan: 2024-01-10", "pembuatan: 0")})
    code, lines = check(capsys)
    assert code == 1
    assert lines[0] == (f"{S}:7: tanggal.pembuatan: '0' bukan tanggal yang ada "
                        "(tulis TTTT-BB-HH, mis. 2022-08-22)")


# --------------------------------------------------------------------------- bounds

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


DEEP = "daftar dan pasangan kunci bersarang lebih dari 40 tingkat; data SOP jauh lebih dangkal"


@pytest.mark.parametrize(("text", "line", "message"), [
    (BOMB, 6, "lebih dari 200000 nilai (alias *nama dihitung penuh); pecah berkasnya atau "
              "tulis ulang bagian yang berulang"),
    ("a: " + "[" * 1000 + "]" * 1000, 1, DEEP),
    ("a: " + "[" * 100_000 + "]" * 100_000, 1, DEEP),
    ("".join(" " * i + "-\n" for i in range(0, 200, 2)), 41, DEEP),
    ("a: &a [x, *a]\n", 1, "alias *a berada di dalam nilai yang dinamainya (&a); nilai tidak "
                           "dapat memuat dirinya sendiri"),
    ("a: *nope\n", 1, "YAML tidak dapat dibaca: alias *nope tidak menunjuk jangkar &nope yang "
                      "ditulis sebelumnya"),
    ("a: 1\n---\nb: 2\n", 2, "YAML tidak dapat dibaca: dokumen kedua dimulai di sini ('---'); "
                             "satu berkas hanya berisi satu dokumen"),
])
def test_bounded_reading(text: str, line: int, message: str, make_data: MakeData,
                         capsys: pytest.CaptureFixture[str]) -> None:
    make_data({"sop/contoh.yaml": text})
    started = time.perf_counter()
    code, lines = check(capsys)
    assert (code, lines[0]) == (1, f"{S}:{line}: {message}")
    assert time.perf_counter() - started < 5


def test_a_small_alias_is_expanded(make_data: MakeData) -> None:
    text = SOP.replace("pelaksana:\n  - staf\n  - rektor\n", "pelaksana: &kolom [staf, rektor]\n")
    make_data({"sop/contoh.yaml": text + "keterkaitan: {lain: &x [SOP Surat]}\nreferensi: *x\n"})
    assert load("data").sops["contoh"].referensi == ["SOP Surat"]


# --------------------------------------------------------------------------- files


def test_a_folder_where_a_file_should_be(make_data: MakeData,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = make_data({"institusi.yaml": None})
    (root / "institusi.yaml").mkdir()
    (root / "sop" / "kosong.yaml").mkdir()
    code, lines = check(capsys)
    assert code == 1
    assert lines[:2] == [f"{I}: ini folder, bukan berkas",
                         "data/sop/kosong.yaml: ini folder, bukan berkas"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_pipe_where_a_file_should_be_is_not_opened(make_data: MakeData,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    root = make_data()
    os.mkfifo(root / "sop" / "pipa.yaml")
    code, lines = check(capsys)  # opening the FIFO would wait for a writer forever
    assert (code, lines[0]) == (1, "data/sop/pipa.yaml: bukan berkas biasa (pipa atau "
                                   "perangkat); seharusnya berkas")


def test_a_data_folder_that_is_a_file(make_data: MakeData,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    make_data()
    Path("berkas").write_text("x")
    assert check(capsys, "berkas") == (1, ["berkas: bukan folder",
                                           "1 masalah ditemukan; tidak ada yang dibangun."])


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(("content", "message"), [
    (b"just some text, not a picture\n" * 3,
     "'logo.png' bukan gambar PNG, JPEG, atau SVG; simpan logo dalam salah satunya"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "'logo.png' gambar rusak atau tidak terbaca; simpan "
                                        "ulang sebagai PNG atau JPEG"),
    (b"\x89PNG" + b"\0" * 1_000_001, "'logo.png' berkas lebih besar dari 1000000 bita"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>',
     "'logo.png' adalah SVG dengan DOCTYPE atau entitas; simpan tanpa keduanya (SVG biasa)"),
])
def test_a_logo_that_is_not_a_usable_image(content: bytes, message: str, make_data: MakeData,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    make_data({"institusi.yaml": "logo: logo.png\n" + INSTITUSI, "logo.png": content})
    code, lines = check(capsys)
    assert (code, lines[0]) == (1, f"{I}:1: logo: {message}")
    assert len("\n".join(lines)) < 1000  # no image dumped into the message


def test_a_real_png_logo_passes_and_reaches_the_pdf_as_png(make_data: MakeData) -> None:
    from sop.pdf.sources import logo_uri

    make_data({"institusi.yaml": "logo: aset/logo.svg\n" + INSTITUSI, "aset/logo.svg": _png()})
    data = load("data")  # a PNG named .svg: the content decides
    assert (logo_uri(data) or "").startswith("data:image/png;base64,")


def test_a_logo_folder(make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_data({"institusi.yaml": "logo: aset\n" + INSTITUSI})
    (root / "aset").mkdir()
    assert check(capsys)[1][0] == f"{I}:1: logo: 'aset' ini folder, bukan berkas"
