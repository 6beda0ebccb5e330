"""`sop new` at a terminal or on a pipe (issue 22.3): the choices are listed in the questions,
each answer is checked when given and asked again when wrong or blank, nothing is written
until every answer is right, and the new SOP is said to be a draft, with how to preview and
publish it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, MakeData

from sop.cli import main
from sop.dataset import load
from sop.model import Status


def run_new(root: Path, answers: list[str], monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(a + "\n" for a in answers)))
    code = main(["new", "--data", str(root), *options])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_answer_is_checked_and_asked_again(
        make_data: MakeData, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = make_data()
    code, out, err = run_new(root, [
        "Cuti Dosen", "contoh", "cuti-dosen",  # a space, then an id already taken
        "", "Pengajuan Cuti Dosen",  # a blank answer is asked again, nothing is lost
        "B/12/2024",
        "biro-umun", "biro-umum",
        "staf,rektr", "staf,rektor",
        "kr-9-2024", "kr-1-2024",
    ], monkeypatch, capsys)
    assert (code, err) == (0, "")
    expected = [  # in this order; a terminal shows the answers typed after each prompt
        "Pengenal SOP (huruf kecil dan tanda hubung, mis. cuti-dosen): ",
        "  Belum benar: 'Cuti Dosen' bukan pengenal (id) yang sah: pakai huruf kecil, angka, "
        "dan tanda hubung, tanpa spasi, mis. 'cuti-dosen'\n",
        "  Belum benar: SOP 'contoh' sudah ada (sop/contoh.yaml); pilih id lain\n",
        "Judul SOP: ",
        "  Belum benar: jawaban ini wajib diisi\n",
        "Nomor SOP (atau 'tidak tercantum'): ",
        "Pilihan:\n  biro-umum  Biro Umum\nid unit pemilik: ",
        "  Belum benar: unit 'biro-umun' tidak dikenal; maksud Anda 'biro-umum'?\n",
        "Pilihan:\n  rektor  Rektor\n  staf    Staf Administrasi\n"
        "id pelaksana, urut kolom, dipisah koma: ",
        "  Belum benar: pelaksana 'rektr' tidak dikenal; maksud Anda 'rektor'?\n",
        "Pilihan:\n  kr-1-2024  Nomor 1 Tahun 2024\n",
        "  Belum benar: keputusan 'kr-9-2024' tidak dikenal; maksud Anda 'kr-1-2024'?\n",
        f"{root}/sop/cuti-dosen.yaml dibuat sebagai DRAF (status: draft): belum tampil di "
        "situs.\nLangkah berikutnya:\n"
        "  1. lengkapi isian bertanda TODO di penyunting teks;\n"
        f"  2. periksa: sop check --data {root}\n"
        f"  3. pratinjau: sop serve --drafts --data {root} lalu buka "
        "http://127.0.0.1:8000/sop/cuti-dosen/\n"
        "  4. terbitkan: ubah status: draft menjadi status: berlaku, lalu sop check --data "
        f"{root} dan sop build --data {root}\n"
        "Catatan: keputusan 'kr-1-2024' belum mencantumkan 'cuti-dosen' di lampiran-nya. "
        "Sebelum terbit, tambahkan '- cuti-dosen' di bawah lampiran: di "
        "data/keputusan/kr-1-2024.yaml.\n",
    ]
    at = 0
    for part in expected:
        found = out.find(part, at)
        assert found >= 0, (part, out[at:])
        at = found + len(part)
    sop = load(root).sops["cuti-dosen"]  # a draft may name the decree that will list it
    assert (sop.judul, sop.nomor, sop.unit, sop.pelaksana, sop.keputusan, sop.status) == (
        "Pengajuan Cuti Dosen", "B/12/2024", "biro-umum", ["staf", "rektor"], "kr-1-2024",
        Status.DRAFT)


def test_the_questions_name_what_they_ask(
        make_data: MakeData, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = make_data()
    asked: list[str] = []

    def answer(prompt: str) -> str:
        asked.append(prompt)
        return {"Judul SOP: ": "Baru", "Nomor SOP (atau 'tidak tercantum'): ": "B/1"}.get(
            prompt, "")

    monkeypatch.setattr("builtins.input", answer)
    code = main(["new", "--data", str(root), "--id", "baru", "--unit", "biro-umum",
                 "--pelaksana", "staf"])
    assert code == 0, capsys.readouterr()
    assert asked == ["Judul SOP: ", "Nomor SOP (atau 'tidak tercantum'): ",
                     "id keputusan yang akan memberlakukan (kosongkan bila belum ada): "]
    capsys.readouterr()


def test_a_wrong_option_stops_before_anything_is_written(
        make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_data()
    before = sorted(root.rglob("*"))
    assert main(["new", "--data", str(root), "--id", "cuti dosen", "--judul", "X", "--nomor",
                 "1", "--unit", "biro-umum", "--pelaksana", "staf", "--yes"]) == 1
    assert capsys.readouterr().err == (
        "kesalahan: sop new: --id: 'cuti dosen' bukan pengenal (id) yang sah: pakai huruf "
        "kecil, angka, dan tanda hubung, tanpa spasi, mis. 'cuti-dosen'\n")
    assert main(["new", "--data", str(root), "--id", "cuti", "--judul", "X", "--nomor", "1",
                 "--unit", "biro", "--pelaksana", "staf", "--yes"]) == 1
    assert capsys.readouterr().err == (
        "kesalahan: sop new: --unit: unit 'biro' tidak dikenal; maksud Anda 'biro-umum'?\n")
    assert sorted(root.rglob("*")) == before


def test_answers_piped_to_the_command(make_data: MakeData) -> None:
    """As a clerk's script would: `printf … | sop new`; the end of the answers is an error
    naming what is still missing, and nothing is written."""
    root = make_data()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "sop.cli", "new", "--data", str(root)]
    done = subprocess.run(command, input="pindah\nPindah Tugas\nP/1\nbiro-umum\nstaf,rektor\n\n",
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "dibuat sebagai DRAF (status: draft)" in done.stdout
    assert (root / "sop/pindah.yaml").is_file()
    cut = subprocess.run(command, input="mutasi\nMutasi\n", capture_output=True, text=True,
                         env=env, check=False)
    assert cut.returncode == 1
    assert cut.stderr == ("kesalahan: sop new: --nomor belum diisi (Nomor SOP (atau 'tidak "
                          "tercantum'))\n")
    assert not (root / "sop/mutasi.yaml").exists()
