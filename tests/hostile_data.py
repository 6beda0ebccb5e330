"""A valid data set whose every free-text field carries hostile text: HTML and script payloads,
Markdown, Jinja and Mermaid syntax, Arabic script, emoji and combining marks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from conftest import VALID_FILES

from sop.yamlio import parse

#: Each payload would run, or break a layer, if any renderer passed it through unescaped.
PAYLOAD = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> '
    '{{ 7*7 }} {% if x %}y{% endif %} **tebal** [tautan](javascript:alert(1)) '
    '"kutip" (kurung) [siku] {kurawal} a|b end --> ;# & '
    "مرحبا 😀 e\u0301"
)
SHORT = "<i>x</i>{{1}}|end"  # fits the 24-character short actor label

FREE_TEXT = {
    "nama", "judul", "kegiatan", "output", "keterangan", "deskripsi", "teks", "tentang", "isi",
    "alamat", "kota", "jabatan", "ringkasan", "menetapkan", "ruang_lingkup", "istilah", "arti",
}
FREE_TEXT_LISTS = {
    "kelengkapan", "peringatan", "kualifikasi", "peralatan", "pencatatan", "penjelasan_alur",
    "menimbang", "memperhatikan", "tujuan", "referensi", "standar_mutu_terkait", "daftar",
    "rincian", "lain",
}


def poison(value: Any, key: str | None = None) -> Any:
    """Prefix the payload to every free-text value of a loaded YAML structure."""
    if isinstance(value, dict):
        return {k: poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) if key in FREE_TEXT_LISTS or not isinstance(v, str) else v
                for v in value]
    if isinstance(value, str):
        if key == "singkat":
            return SHORT
        if key in FREE_TEXT or key in FREE_TEXT_LISTS:
            return f"{PAYLOAD} {value}"
    return value


EXTRA_SOP = {
    "peringatan": ["Apabila terlambat maka ditolak"],
    "kualifikasi": ["Teliti"],
    "peralatan": ["Komputer"],
    "pencatatan": ["Buku agenda"],
    "tujuan": ["Pedoman layanan"],
    "ruang_lingkup": "Semua mahasiswa",
    "definisi": [{"istilah": "SOP", "arti": "Standar Operasional Prosedur"}],
    "deskripsi": "Deskripsi singkat.",
    "penjelasan_alur": ["Staf menerima berkas."],
    "keterkaitan": {"lain": ["SOP Surat Masuk"]},
    "persyaratan": {"judul": "Berkas", "daftar": ["Surat pengantar", {
        "teks": "Surat pernyataan", "rincian": ["Pengajaran", "Penelitian"]}]},
    "riwayat": [{"versi": 1, "tanggal": "2024-01-10", "ringkasan": "Penyusunan awal"}],
}


def write_hostile_dataset(root: Path) -> Path:
    """Write the fixture data set with hostile text in every free-text field; return root."""
    for rel, text in VALID_FILES.items():
        doc, _ = parse(text, rel)
        assert doc is not None
        data = doc.data
        if rel.startswith("sop/"):
            data.update(EXTRA_SOP)
            data["steps"][0]["keterangan"] = "Lihat SOP lain"
            data["steps"][0]["kelengkapan"] = ["Formulir"]
            data["steps"][0]["output"] = "Berkas"
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(poison(data), allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return root
