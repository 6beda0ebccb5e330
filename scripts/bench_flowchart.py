"""Time the flowchart engine on a large SOP: 100 steps, 12 actors, decisions and loop-backs.

Usage: .venv/bin/python scripts/bench_flowchart.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sop.flowchart import render_svg_pages  # noqa: E402
from sop.model import Actor, Sop  # noqa: E402

ACTORS = {f"a{i}": Actor(id=f"a{i}", jabatan=f"Jabatan {i}", singkat=f"Pelaksana {i}")
          for i in range(12)}


def big_sop(steps: int = 100, actors: int = 12) -> Sop:
    """A deterministic large SOP: every fifth step a decision looping back three steps."""
    rows = []
    for no in range(1, steps + 1):
        step: dict = {"no": no, "pelaksana": f"a{(no * 5) % actors}",
                      "kegiatan": f"Kegiatan nomor {no} yang cukup panjang untuk dibungkus",
                      "waktu": {"nilai": 10, "unit": "menit"}, "output": "Dokumen"}
        if no % 5 == 0 and no < steps:
            step["cabang"] = [{"label": "Ya", "ke": no + 1}, {"label": "Tidak", "ke": no - 3}]
        if no % 7 == 0 and no > 1:
            step["pelaksana"] = [f"a{(no * 5) % actors}", f"a{(no * 5 + 3) % actors}"]
        rows.append(step)
    return Sop.model_validate({
        "id": "bench", "nomor": "1", "judul": "Bench", "unit": "u",
        "tanggal": {"pembuatan": "2024-01-01"}, "pengesahan": {"jabatan": "R", "nama": "N"},
        "pelaksana": list(ACTORS)[:actors], "steps": rows})


def bench(repeat: int = 3) -> float:
    """Best time in seconds of laying out and rendering the big SOP on A4 landscape pages."""
    sop = big_sop()
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        render_svg_pages(sop, ACTORS, max_height=680.0)
        best = min(best, time.perf_counter() - started)
    return best


if __name__ == "__main__":
    print(f"100 steps x 12 actors, paged: {bench() * 1000:.0f} ms")
