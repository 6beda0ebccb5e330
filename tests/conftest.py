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

#: Modules whose tests the test runners (pytest-xdist) share out one by one: long tests with
#: nothing expensive in common. Every other module runs in one runner, so that its module
#: fixtures (decree books, sites with PDFs, printed pages, a browser) are made once, not in each.
SHARED_OUT = {"tests/browser/test_site_a11y.py"}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With `-n` (dist "load"): each module as one unit of work, the tests of SHARED_OUT modules
    each as their own; units with more tests are given out first (xdist's order), so the short
    one-test units come last and even out the runners' end. xdist's "load" gives out runs of
    consecutive tests instead, which cut modules in two (each runner then made their module
    fixtures); `--dist loadgroup` would keep marked modules whole, but does not group under
    pytest 9.2 (pytest-dev/pytest-xdist#1386)."""
    if config.getvalue("dist") != "load":
        return None  # another --dist asked for: xdist's
    from xdist.scheduler import LoadScopeScheduling

    class ModuleUnits(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return nodeid if module in SHARED_OUT else module

    return ModuleUnits(config, log)


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
