"""A small data set for the site tests, modelled on the two seed documents, as Python data.

Two institutions' worth of variety in one folder: the UIN Malang decree 869/2022 with two SOPs
(Tim Penilai, Turnitin, peer review, a loop back on an incomplete file) and the IUQI Bogor
SOP numbered 28/BK-LMMBK/DOK.IUQI/2020 (times in days, three signatures). One SOP carries
Jinja-looking text, which the site must show literally. `write_site_data(folder)` writes it.
"""

from __future__ import annotations

import copy
import fcntl
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
#: The width (px) an SOP page gives its diagrams in a 1,280 px wide window (the table of
#: contents is hidden there): six swimlanes must fit in it (tests/test_mermaid_browser.py), and
#: the page must keep it (tests/browser/test_site_diagrams.py).
SOP_COLUMN_AT_1280 = 900

#: Screenshots for a person to look at (no test reads them) are taken with SOP_SCREENSHOTS=1:
#: `SOP_SCREENSHOTS=1 scripts/test` leaves them in test-artifacts/ (taking them costs about a
#: tenth of the suite's time).
SCREENSHOTS = os.environ.get("SOP_SCREENSHOTS") == "1"


def screenshot(target: Any, path: Path, **options: Any) -> None:
    """A screenshot of a Playwright page or element into `path`, when SCREENSHOTS."""
    if SCREENSHOTS:
        path.parent.mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(path), **options)


JINJA_TEXT = "Isi kolom {{ nama_dosen }} dan {% if lengkap %}lampirkan{% endif %} berkas"

INSTITUTION: dict[str, Any] = {
    "nama": "Universitas Islam Negeri Maulana Malik Ibrahim Malang",
    "singkatan": "UIN Malang",
    "kementerian": "Kementerian Agama Republik Indonesia",
    "alamat": "Jl. Gajayana No. 50 Malang 65144",
    "kota": "Malang",
    "unit": [
        {"id": "rektorat", "nama": "Rektorat", "jenis": "pimpinan"},
        {"id": "biro-aupk", "nama": "Biro Administrasi Umum, Perencanaan dan Keuangan",
         "singkatan": "Biro AUPK", "jenis": "biro", "induk": "rektorat"},
        {"id": "kemahasiswaan", "nama": "Bagian Kemahasiswaan", "jenis": "bagian"},
        {"id": "lpm", "nama": "Lembaga Penjaminan Mutu", "jenis": "lembaga"},
    ],
    "pelaksana": [
        {"id": "rektor", "jabatan": "Rektor", "singkat": "Rektor", "unit": "rektorat"},
        {"id": "kabiro-aupk", "jabatan": "Kepala Biro AUPK", "singkat": "Kabiro AUPK",
         "unit": "biro-aupk"},
        {"id": "pelaksana-kepegawaian", "jabatan": "Pelaksana Kepegawaian",
         "singkat": "Pelaksana Kepegawaian", "unit": "biro-aupk"},
        {"id": "tim-penilai", "jabatan": "Tim Penilai Angka Kredit Dosen",
         "singkat": "Tim Penilai"},
        {"id": "dosen-akademik", "jabatan": "Dosen Akademik", "singkat": "Dosen Akademik"},
        {"id": "unit-pelaksana", "jabatan": "Unit Pelaksana", "singkat": "Unit Pelaksana"},
        {"id": "wakil-rektor-3", "jabatan": "Wakil Rektor III", "singkat": "WR III"},
    ],
}

REGULATIONS: dict[str, Any] = {"peraturan": [
    {"id": "permenpan-35-2012", "jenis": "Peraturan Menteri", "penerbit": "Menteri PANRB",
     "nomor": "35", "tahun": 2012,
     "tentang": "Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintahan",
     "tautan": "https://peraturan.go.id/id/permen-pan-rb-no-35-tahun-2012"},
    {"id": "permenpan-17-2013", "jenis": "Peraturan Menteri", "penerbit": "Menteri PANRB",
     "nomor": "17", "tahun": 2013, "tentang": "Jabatan Fungsional Dosen dan Angka Kreditnya",
     "tautan": "javascript:alert(1)"},
    {"id": "kma-550-2022", "jenis": "Keputusan Menteri", "penerbit": "Menteri Agama",
     "nomor": "550", "tahun": 2022,
     "tentang": "Pemberian Kuasa Pengangkatan, Pemindahan, dan Pemberhentian Pegawai Negeri "
                "Sipil pada Kementerian Agama"},
]}

DECREE: dict[str, Any] = {
    "id": "kr-869-2022",
    "nomor": "869",
    "tahun": 2022,
    "tentang": "Standar Operasional Prosedur Usulan Kenaikan Jabatan Dosen",
    "tempat": "Malang",
    "tanggal": "2022-08-22",
    "penanda_tangan": {"jabatan": "Rektor", "nama": "M. Zainuddin"},
    "menimbang": ["bahwa guna melaksanakan tertib administrasi perlu adanya SOP"],
    "mengingat": ["permenpan-35-2012", "permenpan-17-2013"],
    "menetapkan": "Keputusan Rektor tentang Standar Operasional Prosedur Usulan Kenaikan "
                  "Jabatan Dosen",
    "diktum": [{"label": "KESATU", "isi": "Menetapkan SOP dalam lampiran."},
               {"label": "KEDUA", "isi": "Keputusan ini mulai berlaku pada tanggal ditetapkan."}],
    "bab": [{"nomor": "I", "judul": "PENDAHULUAN", "bagian": [
        {"judul": "A. Dasar Hukum", "isi": [
            "Dasar hukum penyusunan SOP ini:",
            {"daftar": ["Permenpan Nomor 35 Tahun 2012"], "gaya": "angka"}]}]}],
    "lampiran": ["pengangkatan-pertama", "penerbitan-sk-lektor"],
}

_REQUIREMENTS = {
    "judul": "Berkas Persyaratan Pengangkatan Pertama dalam Jabatan Asisten Ahli/Lektor",
    "daftar": [
        "Surat Pengantar dari Dekan",
        {"teks": "Surat Pernyataan Melaksanakan Tridharma Perguruan Tinggi yang meliputi",
         "rincian": ["Surat Pernyataan Melaksanakan Pengajaran",
                     "Surat Pernyataan Melaksanakan Penelitian"]},
        "Peer review (2 reviewer) tiap karya",
        "Cek Turnitin /plagiasi",
    ],
}

SOP_FIRST: dict[str, Any] = {
    "id": "pengangkatan-pertama",
    "nomor": "B-869/Un.03/KP.01/08/2022",
    "judul": "Pengusulan Pengangkatan Pertama Jabatan Dosen Jenjang Asisten Ahli dan Lektor",
    "unit": "biro-aupk",
    "keputusan": "kr-869-2022",
    "versi": 2,
    "tanggal": {"pembuatan": "2022-08-01", "revisi": "2023-02-01", "efektif": "2023-02-01"},
    "pengesahan": {"jabatan": "Rektor", "nama": "M. Zainuddin", "nip": "196205071995031001"},
    "dasar_hukum": ["permenpan-35-2012", "permenpan-17-2013", "kma-550-2022"],
    "keterkaitan": {"sop": ["penerbitan-sk-lektor"], "lain": ["SOP Surat Masuk Bagian Umum"]},
    "peringatan": ["Apabila berkas tidak lengkap, maka usulan dikembalikan kepada fakultas."],
    "kualifikasi": ["Memahami ketentuan jabatan fungsional dosen"],
    "peralatan": ["Komputer", "Aplikasi PAK"],
    "pencatatan": ["Buku agenda surat masuk"],
    "deskripsi": "Pengangkatan pertama dalam jabatan sesuai formasi pengadaan CPNS.",
    "penjelasan_alur": ["Kepala Biro AUPK menerima surat pengantar beserta berkas usulan.",
                        "Tim penilai angka kredit melakukan penilaian."],
    "persyaratan": _REQUIREMENTS,
    "riwayat": [
        {"versi": 1, "tanggal": "2022-08-22", "ringkasan": "Penetapan pertama"},
        {"versi": 2, "tanggal": "2023-02-01", "ringkasan": "Waktu penilaian disesuaikan"},
    ],
    "pelaksana": ["rektor", "kabiro-aupk", "pelaksana-kepegawaian", "tim-penilai"],
    "steps": [
        {"no": 1, "kegiatan": "Menerima usulan kenaikan jabatan dari fakultas",
         "pelaksana": "kabiro-aupk", "kelengkapan": ["Pengantar usulan dari fakultas"],
         "waktu": {"nilai": 15, "unit": "menit"}, "output": "Disposisi"},
        {"no": 2, "kegiatan": "Memeriksa kelengkapan berkas usulan",
         "pelaksana": "pelaksana-kepegawaian", "waktu": {"nilai": 2, "unit": "jam"},
         "output": "Berkas lengkap",
         "cabang": [{"label": "Lengkap", "ke": 3}, {"label": "Tidak lengkap", "ke": 1}]},
        {"no": 3, "kegiatan": "Menilai berkas usulan kenaikan jabatan",
         "pelaksana": "tim-penilai", "waktu": {"nilai": 5, "unit": "jam"},
         "output": "Penilaian berkas kenaikan jabatan"},
        {"no": 4, "kegiatan": "Menandatangani SK PAK", "pelaksana": "rektor",
         "waktu": {"nilai": 10, "unit": "menit"}, "output": "SK PAK"},
    ],
}

SOP_LEKTOR: dict[str, Any] = {
    "id": "penerbitan-sk-lektor",
    "nomor": "B-870/Un.03/KP.01/08/2022",
    "judul": "Penerbitan SK Jabatan dan SK PAK Jenjang Lektor",
    "unit": "biro-aupk",
    "keputusan": "kr-869-2022",
    "tanggal": {"pembuatan": "2022-08-01", "efektif": "2022-08-22"},
    "pengesahan": {"jabatan": "Rektor", "nama": "M. Zainuddin", "nip": "196205071995031001"},
    "dasar_hukum": ["permenpan-17-2013"],
    "deskripsi": JINJA_TEXT,
    "persyaratan": {"judul": "Berkas Persyaratan Lektor", "daftar": [
        "Cek Turnitin / plagiasi", "Peer review (2 reviewer) tiap karya"]},
    "pelaksana": ["kabiro-aupk", "tim-penilai", "rektor"],
    "steps": [
        {"no": 1, "kegiatan": "Menerima usulan {{ jenjang }}", "pelaksana": "kabiro-aupk",
         "waktu": {"nilai": 1, "unit": "hari kerja"}},
        {"no": 2, "kegiatan": "Menilai karya ilmiah", "pelaksana": "tim-penilai",
         "waktu": {"nilai": 2, "unit": "hari"}},
        {"no": 3, "kegiatan": "Menetapkan SK PAK", "pelaksana": "rektor",
         "waktu": {"nilai": 1, "unit": "jam"}},
    ],
}

SOP_IUQI: dict[str, Any] = {
    "id": "layanan-kemahasiswaan",
    "nomor": "28/BK-LMMBK/DOK.IUQI/2020",
    "judul": "Layanan Kemahasiswaan (Minat, Bakat, dan Karir)",
    "unit": "kemahasiswaan",
    "tanggal": {"pembuatan": "2020-09-24", "revisi": "2020-11-15", "efektif": "2020-09-24"},
    "pengesahan": {"jabatan": "Rektor", "nama": "Dr. Saiful Falah, M.Pd.I"},
    "tanda_tangan_lain": [
        {"peran": "disusun", "jabatan": "Ketua LPM", "unit": "LPM", "nama": "Munakib, M.Pd."},
        {"peran": "diperiksa", "jabatan": "Wakil Rektor III", "nama": "Azwar Anas, M.Pd.I"},
    ],
    "tujuan": ["Sebagai pedoman prosedur dan pelaksanaan layanan kegiatan kemahasiswaan."],
    "ruang_lingkup": "SOP ini berlaku untuk semua mahasiswa.",
    "standar_mutu_terkait": ["Standar Mutu Layanan Kemahasiswaan"],
    "pelaksana": ["dosen-akademik", "unit-pelaksana", "wakil-rektor-3"],
    "steps": [
        {"no": 1, "kegiatan": "Sosialisasi minat, bakat dan karir", "pelaksana": "unit-pelaksana",
         "waktu": {"nilai": 2, "unit": "hari"}},
        {"no": 2, "kegiatan": "Pendaftaran kegiatan", "pelaksana": "dosen-akademik",
         "waktu": {"nilai": 1, "unit": "hari"}},
        {"no": 3, "kegiatan": "Pelaksanaan layanan",
         "pelaksana": ["unit-pelaksana", "wakil-rektor-3"], "waktu": {"nilai": 2, "unit": "hari"}},
    ],
}

SOPS = [SOP_FIRST, SOP_LEKTOR, SOP_IUQI]


def files(payload: str | None = None) -> dict[str, Any]:
    """The data files; with `payload`, that text is put into every free-text field it can."""
    sops = copy.deepcopy(SOPS)
    if payload:
        first = sops[0]
        first["judul"] += f" {payload}"
        first["deskripsi"] = payload
        first["steps"][0]["kegiatan"] += f" {payload}"
        first["persyaratan"]["daftar"].append(payload)
        first["peringatan"].append(payload)
    result: dict[str, Any] = {
        "institusi.yaml": INSTITUTION,
        "dasar_hukum.yaml": REGULATIONS,
        "keputusan/kr-869-2022.yaml": DECREE,
    }
    result.update({f"sop/{s['id']}.yaml": s for s in sops})
    return result


def write_site_data(folder: Path, payload: str | None = None) -> Path:
    """Write the data set into `folder` (created) and return it."""
    for rel, content in files(payload).items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- building


def environ(**values: str) -> Any:
    """Set environment variables for the duration of a block (restored afterwards)."""
    return mock.patch.dict(os.environ, values)


def build_site(data_dir: Path, site_dir: Path, *, pdf: bool = False) -> Path:
    """Build the site of `data_dir` into `site_dir` with the project's mkdocs.yml."""
    from sop.site.build import build

    with environ(SOP_SKIP_PDF="0" if pdf else "1", NO_MKDOCS_2_WARNING="1"):
        build(data_dir, site_dir, config_file=ROOT / "mkdocs.yml")
    return site_dir


def once_per_run(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> Path:
    """`make(folder)` once per test run, shared by the test runners: under pytest-xdist each
    runner has a session of its own, so the first one to ask makes it in the run's common
    temporary folder while the others wait for it (a lock file), then all read the result.
    Only for results the tests read and never change."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(factory.mktemp(name))
    common = factory.getbasetemp().parent  # pytest-N/: this run's, above popen-gw0, popen-gw1
    folder, done = common / name, common / f"{name}.done"
    with open(common / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            folder.mkdir(exist_ok=True)
            done.write_text(str(make(folder)), encoding="utf-8")
    return Path(done.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture data set built once per test run (no PDFs); returns the site folder."""
    return once_per_run(tmp_path_factory, "site",
                        lambda base: build_site(write_site_data(base / "data"), base / "site"))


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data set (sop_data/) built once per test run (no PDFs): the search query set
    and the page checks (layout, accessibility, print) run on it."""
    return once_per_run(tmp_path_factory, "bundled",
                        lambda base: build_site(ROOT / "sop_data", base / "site"))
