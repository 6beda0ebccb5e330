"""Round trips: every bundled SOP printed by the project (`sop pdf`'s official copy), imported
again, gives the same steps, actors, decisions and mutu baku."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from sop.dataset import load
from sop.importer import import_files
from sop.model import Sop
from sop.pdf import render_sop_pdf

ROOT = Path(__file__).resolve().parent.parent
DATA_SETS = [ROOT / "sop_data", ROOT / "examples" / "iuqi-bogor"]
BUNDLED = [(d, p.stem) for d in DATA_SETS for p in sorted((d / "sop").glob("*.yaml"))]


def essentials(sop: Sop) -> list[dict[str, Any]]:
    """What a round trip must keep of each step."""
    return [
        {
            "no": s.no,
            "kegiatan": " ".join(s.kegiatan.split()),
            "pelaksana": list(s.actors),
            "cabang": [(b.label, b.ke) for b in s.cabang],
            "kelengkapan": [" ".join(k.split()) for k in s.kelengkapan if isinstance(k, str)],
            "waktu": (s.waktu.nilai, s.waktu.unit.value) if s.waktu else None,
            "output": " ".join((s.output or "").split()),
        }
        for s in sop.steps
    ]


@pytest.mark.parametrize(("data_dir", "sop_id"), BUNDLED, ids=[i for _, i in BUNDLED])
def test_bundled_sop_survives_print_and_import(tmp_path: Path, data_dir: Path, sop_id: str) -> None:
    data = load(data_dir)
    original = data.sops[sop_id]
    pdf = tmp_path / f"{sop_id}.pdf"
    pdf.write_bytes(render_sop_pdf(data, sop_id, copy="resmi"))
    target = tmp_path / "data"
    (target / "sop").mkdir(parents=True)
    for name in ("institusi.yaml", "dasar_hukum.yaml"):
        shutil.copy(data_dir / name, target / name)
    if (data_dir / "assets").is_dir():
        shutil.copytree(data_dir / "assets", target / "assets")
    report = import_files([pdf], target)
    written = [e for f in report.files for _, e in f.written]
    assert len(written) == 1, report.text()
    imported = load(target).sops[written[0].sop_id]  # passes `sop check` as a draft
    assert imported.status.value == "draft"
    assert imported.pelaksana == original.pelaksana
    assert essentials(imported) == essentials(original)
    assert imported.nomor == original.nomor
