"""Synthetic, realistic data sets of any size, for the benchmark and property-based tests.

`write_dataset(root, n)` writes N SOPs (8–25 steps, 3–8 actors, decisions with forward branches
and loop-backs, nested requirements, legal bases) grouped under decrees of up to 20 SOPs, all
valid. The same seed gives the same files. `steps` and `lanes` widen the ranges, e.g. a
200-step SOP (`steps=(200, 200)`) or a 20-actor one (`lanes=(20, 20)`) for stress tests.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

VERBS = [
    "Menerima",
    "Memeriksa",
    "Memverifikasi",
    "Menyusun",
    "Mengoreksi",
    "Menandatangani",
    "Mendisposisikan",
    "Mengarsipkan",
    "Mengirim",
    "Menelaah",
    "Mencatat",
    "Menilai",
]
OBJECTS = [
    "berkas usulan",
    "surat permohonan",
    "draf keputusan",
    "laporan kegiatan",
    "dokumen persyaratan",
    "surat pengantar",
    "hasil penilaian",
    "data mahasiswa",
]
DOCS = [
    "Surat Pengantar dari Dekan",
    "Cek Turnitin /plagiasi",
    "Peer review (2 reviewer)",
    "Sasaran Kinerja Pegawai (SKP)",
    "Fotokopi ijazah terakhir",
    "Kartu Tanda Mahasiswa",
    "Transkrip nilai",
    "Surat keterangan sehat",
    "Pas foto 3x4",
    "Formulir permohonan",
]
UNIT_KINDS = ["biro", "fakultas", "lembaga", "bagian"]
LABELS = [("Lengkap", "Tidak lengkap"), ("Setuju", "Tidak setuju"), ("Ya", "Tidak")]
UNITS = ["menit", "jam", "hari", "hari kerja"]


def institution(n_units: int = 12, n_actors: int = 30) -> dict[str, Any]:
    return {
        "nama": "Universitas Sintetis Nusantara",
        "kementerian": "Kementerian Pendidikan Tinggi, Sains, dan Teknologi",
        "alamat": "Jl. Percobaan No. 1",
        "kota": "Malang",
        "unit": [
            {"id": f"unit-{i}", "nama": f"Unit Kerja {i}", "jenis": UNIT_KINDS[i % 4]}
            for i in range(n_units)
        ],
        "pelaksana": [
            {
                "id": f"jabatan-{i}",
                "jabatan": f"Kepala Subbagian Layanan {i}",
                "singkat": f"Kasubbag {i}",
            }
            for i in range(n_actors)
        ],
    }


def regulations(n: int = 20) -> dict[str, Any]:
    return {
        "peraturan": [
            {
                "id": f"peraturan-{i}",
                "jenis": "Peraturan Menteri",
                "nomor": str(i + 1),
                "tahun": 2000 + i % 25,
                "tentang": f"Penyelenggaraan Layanan Akademik Bagian {i}",
            }
            for i in range(n)
        ]
    }


Range = tuple[int, int]


def sop(
    rng: random.Random,
    index: int,
    decree: str,
    n_actors: int = 30,
    steps: Range = (8, 25),
    lanes: Range = (3, 8),
) -> dict[str, Any]:
    """One valid SOP with a realistic flow (`steps` and `lanes`: inclusive ranges)."""
    actors = rng.sample([f"jabatan-{i}" for i in range(n_actors)], rng.randint(*lanes))
    n_steps = rng.randint(*steps)
    flow = [_step(rng, no, actors, n_steps) for no in range(1, n_steps + 1)]
    return {
        "id": f"sop-{index:04d}",
        "nomor": f"SOP/{index:04d}/UN/2024",
        "judul": f"Layanan {rng.choice(OBJECTS).title()} Nomor {index}",
        "unit": f"unit-{index % 12}",
        "keputusan": decree,
        "tanggal": {"pembuatan": "2024-01-10", "revisi": "2025-01-10", "efektif": "2024-01-15"},
        "pengesahan": {
            "jabatan": "Rektor",
            "nama": "Prof. Dr. Contoh, M.Si.",
            "nip": "196012151988021001",
        },
        "dasar_hukum": [f"peraturan-{i}" for i in rng.sample(range(20), 3)],
        "peringatan": ["Apabila berkas tidak lengkap maka proses tidak dapat dilanjutkan"],
        "kualifikasi": ["Memahami tata naskah dinas"],
        "peralatan": ["Komputer", "Aplikasi persuratan"],
        "pencatatan": ["Buku agenda"],
        "deskripsi": "Prosedur ini mengatur alur layanan dari penerimaan hingga pengarsipan.",
        "penjelasan_alur": [f"Langkah {s['no']}: {s['kegiatan']}." for s in flow],
        "persyaratan": {"judul": "Berkas persyaratan", "daftar": _requirements(rng)},
        "riwayat": [{"versi": 1, "tanggal": "2024-01-10", "ringkasan": "Penyusunan awal"}],
        "pelaksana": actors,
        "steps": flow,
    }


def _step(rng: random.Random, no: int, actors: list[str], n_steps: int) -> dict[str, Any]:
    step: dict[str, Any] = {
        "no": no,
        "kegiatan": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
        "pelaksana": rng.choice(actors),
        "kelengkapan": rng.sample(DOCS, rng.randint(1, 3)),
        "waktu": {"nilai": rng.choice([5, 10, 15, 30, 60, 1, 2]), "unit": rng.choice(UNITS)},
        "output": rng.choice(OBJECTS).capitalize(),
    }
    if 2 < no < n_steps - 1 and rng.random() < 0.25:
        yes, no_label = rng.choice(LABELS)
        # Most corrections go back a few steps (return to the clerk); some to the start.
        back = rng.randint(max(1, no - 5), no - 1) if rng.random() < 0.8 else rng.randint(1, no - 1)
        step["cabang"] = [{"label": yes, "ke": no + 1}, {"label": no_label, "ke": back}]
    return step


def _requirements(rng: random.Random) -> list[Any]:
    items: list[Any] = rng.sample(DOCS, 4)
    items.insert(
        1,
        {
            "teks": "Surat Pernyataan Melaksanakan Tridharma",
            "rincian": ["Pengajaran", "Penelitian", "Pengabdian"],
        },
    )
    return items


def decree(decree_id: str, number: int, sop_ids: list[str]) -> dict[str, Any]:
    return {
        "id": decree_id,
        "nomor": str(number),
        "tahun": 2024,
        "tentang": f"Standar Operasional Prosedur Kelompok {number}",
        "tempat": "Malang",
        "tanggal": "2024-01-15",
        "penanda_tangan": {"jabatan": "Rektor", "nama": "Prof. Dr. Contoh, M.Si."},
        "menimbang": ["bahwa perlu ditetapkan standar operasional prosedur"],
        "mengingat": ["peraturan-0", "peraturan-1"],
        "menetapkan": "Keputusan Rektor tentang Standar Operasional Prosedur",
        "diktum": [{"label": "KESATU", "isi": "Menetapkan SOP dalam lampiran."}],
        "lampiran": sop_ids,
    }


def write_dataset(
    root: Path,
    n: int,
    seed: int = 1,
    per_decree: int = 20,
    steps: Range = (8, 25),
    lanes: Range = (3, 8),
) -> Path:
    """Write a valid data set of N SOPs into `root`; return it."""
    rng = random.Random(seed)
    n_actors = max(30, lanes[1])
    _dump(root / "institusi.yaml", institution(n_actors=n_actors))
    _dump(root / "dasar_hukum.yaml", regulations())
    for start in range(0, n, per_decree):
        decree_id = f"kr-{start // per_decree + 1}-2024"
        ids = []
        for index in range(start + 1, min(start + per_decree, n) + 1):
            data = sop(rng, index, decree_id, n_actors, steps, lanes)
            ids.append(data["id"])
            _dump(root / "sop" / f"{data['id']}.yaml", data)
        _dump(root / "keputusan" / f"{decree_id}.yaml", decree(decree_id, start + 1, ids))
    return root


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
