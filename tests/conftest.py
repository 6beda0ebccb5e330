"""Shared fixtures: throwaway data folders built from a dict of files (MkDocs' tempdir idea)."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# Property-based tests draw the same examples on every run (a seed per test), so the suite and
# CI pass or fail for the code alone. HYPOTHESIS_PROFILE=explore draws new ones each run, to
# search for failures; keep any it finds as a fixed test.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

#: Modules whose tests run in one test runner (pytest-xdist): their module fixtures are
#: expensive (test_pdf_book makes two decree books and reads every page of them), and shared
#: out test by test, each runner would make them again.
ONE_RUNNER = {"tests/test_pdf_book.py"}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With `-n` (dist "load"): the tests shared out one by one, as xdist's own "load" does,
    but the modules in ONE_RUNNER each as one unit, given out first (xdist's `--dist
    loadgroup` would do this with marks, but does not group at all under pytest 9.2:
    pytest-dev/pytest-xdist#1386)."""
    if config.getvalue("dist") != "load":
        return None  # another --dist asked for: xdist's
    from xdist.scheduler import LoadScopeScheduling

    class OneRunnerModules(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_RUNNER else nodeid

    return OneRunnerModules(config, log)

# A minimal valid data set. Line numbers in tests/test_bad_input.py refer to these texts.
INSTITUSI = """\
nama: Universitas Contoh
kementerian: Kementerian Agama Republik Indonesia
alamat: Jl. Contoh No. 1
kota: Malang
unit:
  - id: biro-umum
    nama: Biro Umum
    jenis: biro
pelaksana:
  - id: rektor
    jabatan: Rektor
    singkat: Rektor
  - id: staf
    jabatan: Staf Administrasi
    singkat: Staf
"""

DASAR_HUKUM = """\
peraturan:
  - id: permenpan-35-2012
    jenis: Peraturan Menteri
    nomor: "35"
    tahun: 2012
    tentang: Pedoman Penyusunan SOP Administrasi Pemerintahan
"""

KEPUTUSAN = """\
id: kr-1-2024
nomor: "1"
tahun: 2024
tentang: Standar Operasional Prosedur Contoh
tempat: Malang
tanggal: 2024-01-15
penanda_tangan:
  jabatan: Rektor
  nama: Dr. Contoh
menimbang:
  - bahwa perlu ditetapkan SOP
mengingat:
  - permenpan-35-2012
menetapkan: Keputusan Rektor tentang SOP Contoh
diktum:
  - label: KESATU
    isi: Menetapkan SOP dalam lampiran.
lampiran:
  - contoh
"""

#: The identity part of a minimal SOP (two actors, no steps): tests of the flow add `steps:`.
SOP_HEAD = """\
id: contoh
nomor: SOP/01/2024
judul: Layanan Contoh
unit: biro-umum
keputusan: kr-1-2024
tanggal: {pembuatan: 2024-01-10}
pengesahan: {jabatan: Rektor, nama: Dr. Contoh}
pelaksana: [staf, rektor]
"""

SOP = """\
id: contoh
nomor: SOP/01/2024
judul: Layanan Contoh
unit: biro-umum
keputusan: kr-1-2024
tanggal:
  pembuatan: 2024-01-10
  efektif: 2024-01-15
pengesahan:
  jabatan: Rektor
  nama: Dr. Contoh
  nip: "196012151988021001"
dasar_hukum:
  - permenpan-35-2012
pelaksana:
  - staf
  - rektor
steps:
  - no: 1
    kegiatan: Menerima berkas
    pelaksana: staf
    waktu: {nilai: 15, unit: menit}
  - no: 2
    kegiatan: Memeriksa berkas
    pelaksana: rektor
    cabang:
      - {label: Lengkap, ke: 3}
      - {label: Tidak lengkap, ke: 1}
  - no: 3
    kegiatan: Mengarsipkan berkas
    pelaksana: staf
"""

VALID_FILES: dict[str, str] = {
    "institusi.yaml": INSTITUSI,
    "dasar_hukum.yaml": DASAR_HUKUM,
    "keputusan/kr-1-2024.yaml": KEPUTUSAN,
    "sop/contoh.yaml": SOP,
}

MakeData = Callable[..., Path]


@pytest.fixture
def make_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MakeData:
    """Write the valid data set with some files replaced (str/bytes) or removed (None).

    The working directory becomes tmp_path, so messages show paths like `data/sop/contoh.yaml`.
    """
    monkeypatch.chdir(tmp_path)

    def make(overrides: dict[str, str | bytes | None] | None = None, name: str = "data") -> Path:
        root = tmp_path / name
        files: dict[str, str | bytes | None] = {**VALID_FILES, **(overrides or {})}
        for rel, content in files.items():
            if content is None:
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return root

    return make
