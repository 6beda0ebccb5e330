"""A small, complete data set for the PDF tests, written into a throwaway folder.

It exercises what the seed data sets do (a decree with a BAB I chapter and lampiran, decisions
with loops, nested requirement lists, extra signatures, an NIDN signer) while staying small
enough to render in a few seconds. `write_dataset(tmp_path)` returns the folder.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any

import yaml

LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120"
 viewBox="0 0 120 120">
<circle cx="60" cy="60" r="56" fill="#0b6e4f" stroke="#d4a017" stroke-width="6"/>
<path d="M30 78 L60 30 L90 78 Z" fill="#ffffff"/>
<rect x="40" y="80" width="40" height="10" fill="#d4a017"/>
</svg>
"""

INSTITUTION: dict[str, Any] = {
    "nama": "Universitas Contoh Nusantara",
    "singkatan": "UCN",
    "kementerian": "Kementerian Agama Republik Indonesia",
    "alamat": "Jalan Gajayana Nomor 50, Malang 65144",
    "kota": "Malang",
    "telepon": "(0341) 551354",
    "situs": "https://ucn.example.ac.id",
    "logo": "aset/logo.svg",
    "unit": [
        {"id": "rektorat", "nama": "Rektorat", "jenis": "pimpinan"},
        {
            "id": "biro-aupk",
            "nama": "Biro Administrasi Umum, Perencanaan dan Keuangan",
            "jenis": "biro",
            "singkatan": "AUPK",
            "induk": "rektorat",
        },
        {"id": "lpm", "nama": "Lembaga Penjaminan Mutu", "jenis": "lembaga", "singkatan": "LPM"},
    ],
    "pelaksana": [
        {"id": "rektor", "jabatan": "Rektor", "singkat": "Rektor", "unit": "rektorat"},
        {
            "id": "kabiro-aupk",
            "jabatan": "Kepala Biro AUPK",
            "singkat": "Kabiro AUPK",
            "unit": "biro-aupk",
        },
        {
            "id": "koordinator-okh",
            "jabatan": "Koordinator Organisasi, Kepegawaian dan Hukum",
            "singkat": "Koordinator OKH",
            "unit": "biro-aupk",
        },
        {
            "id": "pelaksana-kepegawaian",
            "jabatan": "Pelaksana Kepegawaian",
            "singkat": "Pelaksana Kepegawaian",
            "unit": "biro-aupk",
        },
        {"id": "tim-penilai", "jabatan": "Tim Penilai Angka Kredit", "singkat": "Tim Penilai"},
        {"id": "dosen", "jabatan": "Dosen", "singkat": "Dosen"},
    ],
}

REGULATIONS: dict[str, Any] = {
    "peraturan": [
        {
            "id": "uu-12-2012",
            "jenis": "Undang-Undang",
            "nomor": 12,
            "tahun": 2012,
            "tentang": "Pendidikan Tinggi",
            "lembaran": "Lembaran Negara Republik Indonesia Tahun 2012 Nomor 158, Tambahan "
            "Lembaran Negara Republik Indonesia Nomor 5336",
        },
        {
            "id": "permenpan-35-2012",
            "jenis": "Peraturan Menteri",
            "penerbit": "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
            "nomor": 35,
            "tahun": 2012,
            "tentang": "Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintahan",
            "lembaran": "Berita Negara Republik Indonesia Tahun 2012 Nomor 649",
        },
        {
            "id": "kmk-68-2008",
            "jenis": "Keputusan Menteri",
            "penerbit": "Menteri Keuangan",
            "nomor": "68/KMK.05/2008",
            "tahun": 2008,
            "tentang": "Penetapan UIN Malang sebagai Badan Layanan Umum",
        },
    ]
}

SIGNER = {
    "jabatan": "Rektor",
    "nama": "Prof. Dr. H. M. Zainuddin, M.A.",
    "nip": "196205071995031001",
}

DECREE: dict[str, Any] = {
    "id": "kr-869-2022",
    "jenis": "Keputusan Rektor",
    "nomor": 869,
    "tahun": 2022,
    "tentang": "Standar Operasional Prosedur Usulan Kenaikan Jabatan Dosen",
    "tempat": "Malang",
    "tanggal": "2022-08-22",
    "penanda_tangan": SIGNER,
    "menimbang": [
        "bahwa guna melaksanakan tertib administrasi perlu adanya Standar Operasional "
        "Prosedur Usulan Kenaikan Jabatan Dosen;",
        "bahwa berdasarkan pertimbangan huruf a, perlu ditetapkan dengan Keputusan Rektor;",
    ],
    "mengingat": ["uu-12-2012", "permenpan-35-2012", "kmk-68-2008"],
    "memperhatikan": ["Berita Acara Sidang Pleno Senat tanggal 19 s.d. 21 Agustus 2022."],
    "menetapkan": "Keputusan Rektor tentang Standar Operasional Prosedur Usulan Kenaikan "
    "Jabatan Dosen",
    "diktum": [
        {
            "label": "KESATU",
            "isi": "Menetapkan Standar Operasional Prosedur sebagaimana "
            "tercantum dalam lampiran keputusan ini.",
        },
        {"label": "KEDUA", "isi": "Keputusan ini mulai berlaku pada tanggal ditetapkan."},
    ],
    "bab": [
        {
            "nomor": "I",
            "judul": "Pendahuluan",
            "bagian": [
                {
                    "judul": "Pengertian",
                    "isi": [
                        "Standar Operasional Prosedur adalah serangkaian instruksi tertulis yang "
                        "dibakukan mengenai proses penyelenggaraan aktivitas organisasi."
                    ],
                },
                {
                    "judul": "Prinsip",
                    "isi": [
                        {
                            "daftar": [
                                {
                                    "teks": "Prinsip Penyusunan SOP AP",
                                    "rincian": [
                                        "Kemudahan dan kejelasan;",
                                        "Efisiensi dan efektivitas;",
                                    ],
                                },
                                {"teks": "Prinsip Pelaksanaan SOP AP", "rincian": ["Konsisten;"]},
                            ]
                        },
                    ],
                },
            ],
        }
    ],
    "lampiran": ["usulan-lektor", "penilaian-angka-kredit"],
    "paraf": [
        {"jabatan": "Koordinator Bagian OKH", "nama": "Hj. Umihanik, S.E., M.M."},
        {"jabatan": "Kepala Biro AUPK", "nama": "Dr. H. Ahmad Hidayatullah, M.Pd."},
    ],
}


def _steps_lektor() -> list[dict[str, Any]]:
    """Twelve steps with two decisions and loop-backs: enough for two landscape pages."""
    s: list[dict[str, Any]] = [
        {
            "no": 1,
            "kegiatan": "Menerima usulan kenaikan jabatan dari fakultas",
            "pelaksana": "kabiro-aupk",
            "kelengkapan": ["Pengantar usulan", "Berkas persyaratan"],
            "waktu": {"nilai": 15, "unit": "menit"},
            "output": "Disposisi",
            "keterangan": "Lihat SOP Surat Masuk",
        },
        {
            "no": 2,
            "kegiatan": "Menelaah berkas dan mendisposisi kepada pelaksana",
            "pelaksana": "koordinator-okh",
            "kelengkapan": ["Disposisi"],
            "waktu": {"nilai": 10, "unit": "menit"},
            "output": "Telaah & disposisi",
        },
        {
            "no": 3,
            "kegiatan": "Memeriksa kelengkapan berkas usulan",
            "pelaksana": "pelaksana-kepegawaian",
            "kelengkapan": ["Berkas usulan"],
            "waktu": {"nilai": 2, "unit": "jam"},
            "output": "Hasil pemeriksaan",
            "cabang": [{"label": "Lengkap", "ke": 5}, {"label": "Tidak lengkap", "ke": 4}],
        },
        {
            "no": 4,
            "kegiatan": "Mengembalikan berkas dengan surat pemberitahuan kekurangan",
            "pelaksana": "dosen",
            "waktu": {"nilai": 1, "unit": "hari kerja"},
            "output": "Surat pemberitahuan",
            "ke": 1,
        },
        {
            "no": 5,
            "kegiatan": "Menilai berkas usulan <angka kredit> & karya ilmiah",
            "pelaksana": "tim-penilai",
            "kelengkapan": ["Berkas lengkap"],
            "waktu": {"nilai": 1.5, "unit": "hari"},
            "output": "Hasil penilaian",
        },
    ]
    for no in range(6, 12):
        s.append(
            {
                "no": no,
                "kegiatan": f"Memproses draf SK PAK tahap {no - 5}",
                "pelaksana": ["koordinator-okh", "kabiro-aupk", "pelaksana-kepegawaian"][no % 3],
                "kelengkapan": ["Draf SK PAK"],
                "waktu": {"nilai": 10, "unit": "menit"},
                "output": "Paraf draf",
            }
        )
    s[-1]["cabang"] = [{"label": "Setuju", "ke": 12}, {"label": "Tidak setuju", "ke": 6}]
    s.append(
        {
            "no": 12,
            "kegiatan": "Menandatangani SK PAK dan mendistribusikannya",
            "pelaksana": "rektor",
            "kelengkapan": ["SK PAK"],
            "waktu": {"nilai": 10, "unit": "menit"},
            "output": "SK PAK",
        }
    )
    return s


SOP_LEKTOR: dict[str, Any] = {
    "id": "usulan-lektor",
    "nomor": "B-869/Un.03/KP.07.6/08/2022",
    "judul": "Pengusulan Pengangkatan Pertama Jabatan Dosen Jenjang Asisten Ahli dan Lektor",
    "unit": "biro-aupk",
    "keputusan": "kr-869-2022",
    "tanggal": {"pembuatan": "2022-08-01", "revisi": "2023-08-01", "efektif": "2022-08-22"},
    "pengesahan": SIGNER,
    "dasar_hukum": ["permenpan-35-2012", "uu-12-2012"],
    "keterkaitan": {"sop": ["penilaian-angka-kredit"], "lain": ["SOP Surat Masuk Bagian Umum"]},
    "peringatan": ["Apabila berkas tidak lengkap, maka usulan dikembalikan kepada pengusul."],
    "kualifikasi": [
        "Memahami peraturan jabatan fungsional dosen",
        "Memahami <PermenPAN> & turunannya",
    ],
    "peralatan": ["Komputer", "Printer", "Jaringan internet"],
    "pencatatan": ["Buku agenda surat", "Arsip digital SK PAK"],
    "deskripsi": "Pengangkatan pertama dalam jabatan merupakan pengangkatan sesuai formasi.",
    "penjelasan_alur": [
        "Kepala Biro AUPK menerima surat pengantar beserta berkas usulan.",
        "Koordinator OKH menelaah berkas dan mendisposisi kepada pelaksana.",
        "Pelaksana kepegawaian memeriksa kelengkapan berkas.",
    ],
    "persyaratan": {
        "judul": "Berkas Persyaratan Usulan Jabatan Lektor",
        "daftar": [
            "Surat Pengantar dari Dekan",
            {
                "teks": "Surat Pernyataan Melaksanakan Tridharma Perguruan Tinggi yang meliputi",
                "rincian": [
                    "Surat Pernyataan Melaksanakan Pengajaran",
                    "Surat Pernyataan Melaksanakan Penelitian",
                ],
            },
            "Cek Turnitin/plagiasi",
        ],
    },
    "pelaksana": [
        "rektor",
        "kabiro-aupk",
        "koordinator-okh",
        "pelaksana-kepegawaian",
        "tim-penilai",
        "dosen",
    ],
    "steps": _steps_lektor(),
}

SOP_PAK: dict[str, Any] = {
    "id": "penilaian-angka-kredit",
    "nomor": "B-870/Un.03/KP.07.6/08/2022",
    "judul": "Penilaian Angka Kredit Dosen",
    "unit": "lpm",
    "keputusan": "kr-869-2022",
    "tanggal": {"pembuatan": "2020-09-24", "revisi": "2020-11-15"},
    "pengesahan": {"jabatan": "Rektor", "nama": "Dr. Saiful Falah, M.Pd.I", "nidn": "0412037801"},
    "tanda_tangan_lain": [
        {"peran": "disusun", "unit": "LPM", "jabatan": "Ketua LPM", "nama": "Munakib, M.Pd."},
        {
            "peran": "diperiksa",
            "unit": "WR III",
            "jabatan": "Wakil Rektor III",
            "nama": "Azwar Anas, M.Pd.I",
        },
    ],
    "tujuan": ["Sebagai pedoman penilaian angka kredit dosen."],
    "ruang_lingkup": "SOP ini berlaku untuk semua dosen di lingkungan universitas.",
    "definisi": [{"istilah": "PAK", "arti": "Penetapan Angka Kredit."}],
    "standar_mutu_terkait": ["Standar Penilaian Kinerja Dosen"],
    "pelaksana": ["pelaksana-kepegawaian", "tim-penilai"],
    "steps": [
        {
            "no": 1,
            "kegiatan": "Menerima berkas",
            "pelaksana": "pelaksana-kepegawaian",
            "waktu": {"nilai": 1, "unit": "hari"},
        },
        {
            "no": 2,
            "kegiatan": "Menilai berkas",
            "pelaksana": "tim-penilai",
            "waktu": {"nilai": 2, "unit": "hari"},
            "output": "Nilai",
        },
    ],
}


def dataset_files() -> dict[str, Any]:
    """Relative path -> content (dicts are written as YAML, strings as text)."""
    return copy.deepcopy(
        {
            "institusi.yaml": INSTITUTION,
            "dasar_hukum.yaml": REGULATIONS,
            "keputusan/kr-869-2022.yaml": DECREE,
            "sop/usulan-lektor.yaml": SOP_LEKTOR,
            "sop/penilaian-angka-kredit.yaml": SOP_PAK,
            "aset/logo.svg": LOGO_SVG,
        }
    )


def write_files(root: Path, files: dict[str, Any]) -> Path:
    """Write a data folder from a dict of relative path -> content."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(
                yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
    return root


def write_dataset(root: Path) -> Path:
    """Write the fixture data set into `root` and return it."""
    return write_files(root, dataset_files())


def small_dataset_files() -> dict[str, Any]:
    """Two decrees with one short SOP each: cheap to build, for the cache tests."""
    files = dataset_files()
    del files["sop/usulan-lektor.yaml"]
    decree_a = files["keputusan/kr-869-2022.yaml"]
    decree_a["lampiran"] = ["penilaian-angka-kredit"]
    decree_b = copy.deepcopy(decree_a) | {
        "id": "kr-870-2022",
        "nomor": 870,
        "lampiran": ["cuti-dosen"],
        "bab": [],
    }
    tiny = copy.deepcopy(SOP_PAK) | {
        "id": "cuti-dosen",
        "nomor": "B-900/Un.03/KP.07.6/08/2022",
        "judul": "Cuti Dosen",
        "keputusan": "kr-870-2022",
        "tanda_tangan_lain": [],
        "tujuan": [],
        "deskripsi": "Dosen mengajukan cuti.",
    }
    files["keputusan/kr-870-2022.yaml"] = decree_b
    files["sop/cuti-dosen.yaml"] = tiny
    return files


class WarningRecorder(logging.Handler):
    """Keeps the messages of warnings logged while rendering (WeasyPrint's, for instance)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
