"""Benchmark of issue 20 (site engines, the edit loop) at N synthetic SOPs, side by side with a
baseline tree (the code before the site source stage, e.g. `git archive d1ddc79~1`).

    .venv/bin/python scripts/bench_engines.py --sizes 1000 [--baseline /tmp/old] [--work DIR]

For each engine (and the baseline): `sop build` cold (site and every PDF), again with nothing
changed, and after one SOP changed; then `sop serve`: the time from saving an edited SOP to the
browser (Chromium, Playwright) showing it. Each step is its own process, timed by the wall clock.
Targets: nothing changed <= 10 s; serve <= 5 s; one SOP changed no slower than the baseline with
MkDocs; cold no slower than the baseline.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
PYTHON = sys.executable


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.monotonic()
    done = subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                          capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return seconds


def change_one_sop(data: Path, mark: str) -> Path:
    """Edit the title of the middle SOP; return its file."""
    files = sorted((data / "sop").glob("*.yaml"))
    path = files[len(files) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^(judul: .*)$", rf"\1 {mark}", text, count=1, flags=re.M),
                    encoding="utf-8")
    return path


def builds(tree: Path, data: Path, work: Path, engine: str | None) -> dict[str, float]:
    """Cold, unchanged and one-changed `sop build` of `tree`'s code in a fresh folder."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    cmd = [PYTHON, "-m", "sop.cli", "build", "--data", str(data), "--site", "site"]
    if engine:
        cmd += ["--engine", engine]
    env = {"PYTHONPATH": str(tree)}
    result = {"cold": timed(cmd, work, env), "unchanged": timed(cmd, work, env)}
    change_one_sop(data, f"(diubah {engine or 'dasar'})")
    result["one changed"] = timed(cmd, work, env)
    return result


def serve_edit(data: Path, work: Path, engine: str) -> float:
    """Seconds from saving an edited SOP to Chromium showing its new title (sop serve)."""
    from playwright.sync_api import sync_playwright

    work.mkdir(parents=True, exist_ok=True)
    port = 8700 + (os.getpid() % 200)
    proc = subprocess.Popen([PYTHON, "-m", "sop.cli", "serve", "--data", str(data), "--addr",
                             f"127.0.0.1:{port}", "--engine", engine], cwd=work,
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        files = sorted((data / "sop").glob("*.yaml"))
        sop_id = files[len(files) // 2].stem
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page()
            deadline = time.monotonic() + 900
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/sop/{sop_id}/", timeout=600_000)
                    break
                except Exception:  # the server is still starting
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(1)
            mark = f"SIMPAN{int(time.time())}"
            change_one_sop(data, mark)
            saved = time.monotonic()
            page.wait_for_function(f"document.title.includes('{mark}')", timeout=300_000)
            seconds = time.monotonic() - saved
            browser.close()
        return seconds
    finally:
        proc.terminate()
        proc.wait(30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--baseline", type=Path, help="a tree with the code to compare against")
    parser.add_argument("--engines", default="mkdocs,zensical")
    parser.add_argument("--work", type=Path)
    args = parser.parse_args(argv)
    from sop.synth import write_dataset

    work = args.work or Path(tempfile.mkdtemp(prefix="sop-bench-engines-"))
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        runs: list[tuple[str, Path | None, str | None]] = [
            (engine, ROOT, engine) for engine in args.engines.split(",")]
        if args.baseline:
            runs.insert(0, ("baseline (MkDocs hooks)", args.baseline, None))
        for label, tree, engine in runs:
            data = write_dataset(work / f"n{n}-{label.split()[0]}" / "data", n, seed=n)
            assert tree is not None
            result = builds(tree, data, data.parent / "out", engine)
            for step, seconds in result.items():
                rows.append((n, label, step, seconds))
                print(f"{n:>5} SOPs  {label:<24} {step:<24} {seconds:8.1f} s", flush=True)
            if engine:
                seconds = serve_edit(data, data.parent / "out", engine)
                print(f"{n:>5} SOPs  {label:<24} {'serve: save to browser':<24} "
                      f"{seconds:8.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
