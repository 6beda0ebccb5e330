"""Regenerate the flowchart golden SVGs (tests/golden/flowchart/) and time a large layout.

Usage: .venv/bin/python scripts/regen_golden.py
Look at the diff (git diff tests/golden) before committing: every change is a drawing change.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from flowchart_fixtures import (  # noqa: E402
    GOLDEN_DIR,
    golden_cases,
    golden_files,
    seed_dataset,
)

from scripts.bench_flowchart import bench  # noqa: E402


def main() -> int:
    """Write every golden file, remove stale ones and print the timing figure."""
    if seed_dataset() is None:
        print("warning: sop_data does not load; only the fixture goldens are written")
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, str] = {}
    for name, render in golden_cases().items():
        wanted.update(golden_files(name, render()))
    for stale in sorted(set(p.name for p in GOLDEN_DIR.glob("*.svg")) - set(wanted)):
        (GOLDEN_DIR / stale).unlink()
        print(f"removed {stale}")
    for name, text in sorted(wanted.items()):
        path = GOLDEN_DIR / name
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        path.write_text(text, encoding="utf-8")
        print(f"{'wrote' if changed else 'same '} {path.relative_to(ROOT)}")
    started = time.perf_counter()
    seconds = bench()
    print(f"100 steps x 12 actors: layout + render {seconds * 1000:.0f} ms "
          f"(total {time.perf_counter() - started:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
