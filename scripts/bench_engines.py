"""Benchmark of issue 20 (site engines, the edit loop) at N synthetic SOPs, side by side with a
baseline tree (the code before the site source stage: `git archive b210062`, the hook-based
site code).

    .venv/bin/python scripts/bench_engines.py --sizes 1000 [--baseline /tmp/old] [--work DIR]
        [--rounds 2] [--keep] [--serve-only | --no-serve] [--edits 3]

For each engine (and the baseline): `sop build` cold (site and every PDF), again with nothing
changed, and after one SOP changed; the one-changed builds of all trees run interleaved,
--rounds times (another SOP each round), so that the baseline and the new code are measured in
the same conditions on this shared machine; the load average is printed with each figure.
Then `sop serve`: a Chromium tab (Playwright) has the SOP's page open, the SOP's file is saved
with a unique marker in its title, and the time is taken until the tab shows the marker in the
page's heading (what a reader looks at: by live reload, or the page reloading itself), and
separately until the tab's title shows it. Each step is its own process, timed by the wall
clock. Targets: nothing changed <= 10 s; serve <= 5 s; one SOP changed no slower than the
baseline with MkDocs; cold no slower than the baseline.

--keep reuses the work folders of an earlier run (their data, caches and built sites: no cold
build); --serve-only measures only `sop serve`, --no-serve all but it.
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
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
#: Longest wait for `sop serve` to serve the page (its first full build) and for an edit.
START_TIMEOUT = 1200.0
EDIT_TIMEOUT = 120.0


@dataclass
class Run:
    label: str
    tree: Path
    engine: str | None  # None: the baseline's own (MkDocs with hooks)
    folder: Path

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def out(self) -> Path:
        return self.folder / "out"


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Wall-clock seconds of a command, and its last log lines (what the build says it did)."""
    started = time.monotonic()
    done = subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                          capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    said = [line for line in (done.stdout + done.stderr).splitlines()
            if re.match(r"(Site source|\w+: site built|PDF: |Built |site/ is up to date)", line)]
    return seconds, "; ".join(said)


def change_one_sop(data: Path, mark: str, offset: int = 0) -> Path:
    """Add `mark` to the title of the middle SOP (+ offset); return its file."""
    files = sorted((data / "sop").glob("*.yaml"))
    path = files[(len(files) // 2 + offset) % len(files)]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^(judul: .*)$", rf"\1 {mark}", text, count=1, flags=re.M),
                    encoding="utf-8")
    return path


def build(run: Run, step: str) -> float:
    cmd = [PYTHON, "-m", "sop.cli", "build", "--data", str(run.data), "--site", "site"]
    if run.engine:
        cmd += ["--engine", run.engine]
    before = load()
    # English log lines (the build's own summary is read from them)
    seconds, said = timed(cmd, run.out, {"PYTHONPATH": str(run.tree), "SOP_LANG": "en"})
    print(f"{run.label:<26} {step:<22} {seconds:8.1f} s   load {before} -> {load()}   {said}",
          flush=True)
    return seconds


def builds(runs: list[Run], rounds: int, keep: bool) -> None:
    """Cold and unchanged builds of each tree, then one-changed builds interleaved."""
    for run in runs:
        if not keep:
            shutil.rmtree(run.out, ignore_errors=True)
            run.out.mkdir(parents=True)
            build(run, "cold")
        elif not (run.out / "site" / "index.html").is_file():
            build(run, "first (caches kept)")
        build(run, "nothing changed")
    stamp = int(time.time())
    for number in range(rounds):
        for run in runs:
            change_one_sop(run.data, f"(diubah {stamp}-{number})", offset=number)
            build(run, f"one SOP changed #{number + 1}")


def _wait_served(url: str, proc: subprocess.Popen[bytes]) -> float:
    """Seconds until the server answers `url` (the preview's first full build done)."""
    started = time.monotonic()
    while time.monotonic() - started < START_TIMEOUT:
        if proc.poll() is not None:
            raise SystemExit(f"sop serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                if answer.status == 200:
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"sop serve did not serve {url} in {START_TIMEOUT:.0f} s")


HEADING = "(() => { const h = document.getElementById('judul'); return h ? h.textContent : ''; })()"


def _shown(page: object, mark: str) -> tuple[bool, bool]:
    """Whether the tab shows `mark` in the page's heading, and in its title (False while the
    page is reloading)."""
    try:
        heading, title = page.evaluate(f"[{HEADING}, document.title]")  # type: ignore[attr-defined]
    except Exception:  # the page is being replaced by its reload
        return False, False
    return mark in heading, mark in title


def serve_edit(run: Run, engine: str, edits: int = 1) -> list[dict[str, float | None]]:
    """`sop serve`: seconds from saving an edited SOP to Chromium showing it (heading, title),
    for `edits` saves one after the other."""
    from playwright.sync_api import sync_playwright

    port = 8700 + (os.getpid() % 200)
    files = sorted((run.data / "sop").glob("*.yaml"))
    url = f"http://127.0.0.1:{port}/sop/{files[len(files) // 2].stem}/"
    log_file = run.out / f"serve-{engine}.log"
    with log_file.open("wb") as log_out:
        proc = subprocess.Popen([PYTHON, "-m", "sop.cli", "serve", "--data", str(run.data),
                                 "--addr", f"127.0.0.1:{port}", "--engine", engine], cwd=run.out,
                                env={**os.environ, "PYTHONPATH": str(run.tree)},
                                stdout=log_out, stderr=subprocess.STDOUT)
    try:
        started = _wait_served(url, proc)
        print(f"{run.label:<26} {'serve: first page':<22} {started:8.1f} s   load {load()}",
              flush=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page()
            loads: list[float] = []

            def navigated(frame: Any) -> None:
                if frame.parent_frame is None:  # the tab's page (re)loaded
                    loads.append(time.monotonic())

            page.on("framenavigated", navigated)
            # not 'load': the page's own scripts (Mermaid, the search) may still be fetching
            page.goto(url, wait_until="domcontentloaded", timeout=120_000)
            page.wait_for_function(f"{HEADING}.length > 0", timeout=60_000)
            results = []
            for number in range(edits):
                time.sleep(15 if number else 3)  # the previous save's whole source written
                results.append(_one_edit(run, page, loads, f"SIMPAN{int(time.time())}"))
            browser.close()
        return results
    finally:
        proc.terminate()
        proc.wait(30)
        print(f"  (sop serve's log: {log_file})", flush=True)


def _one_edit(run: Run, page: Any, loads: list[float], mark: str) -> dict[str, float | None]:
    """Save the SOP with `mark` in its title; time until the open tab shows it."""
    change_one_sop(run.data, mark)
    saved = time.monotonic()
    shown: dict[str, float | None] = {"heading": None, "title": None}
    while time.monotonic() - saved < EDIT_TIMEOUT and None in shown.values():
        in_heading, in_title = _shown(page, mark)
        now = time.monotonic() - saved
        if in_heading and shown["heading"] is None:
            shown["heading"] = now
        if in_title and shown["title"] is None:
            shown["title"] = now
        time.sleep(0.05)
    reloads = sum(1 for t in loads if t > saved)
    for what, seconds in shown.items():
        said = f"{seconds:8.1f} s" if seconds is not None else f"  > {EDIT_TIMEOUT:.0f} s"
        print(f"{run.label:<26} {'serve: save to ' + what:<22} {said}   load {load()}   "
              f"({reloads} page loads since the save)", flush=True)
    return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--baseline", type=Path, help="a tree with the code to compare against")
    parser.add_argument("--tree", type=Path, default=ROOT,
                        help="the code to measure (default: this checkout)")
    parser.add_argument("--engines", default="mkdocs,zensical")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--rounds", type=int, default=1,
                        help="one-changed builds per tree, interleaved")
    parser.add_argument("--keep", action="store_true",
                        help="reuse the work folders' data and built sites")
    parser.add_argument("--serve-only", action="store_true")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--edits", type=int, default=3, help="saves timed per `sop serve`")
    args = parser.parse_args(argv)
    from sop.synth import write_dataset

    work = args.work or Path(tempfile.mkdtemp(prefix="sop-bench-engines-"))
    print(f"Machine: {os.cpu_count()} cores; work: {work}", flush=True)
    for n in (int(s) for s in args.sizes.split(",")):
        runs = [Run(engine, args.tree.resolve(), engine, work / f"n{n}-{engine}")
                for engine in args.engines.split(",")]
        if args.baseline:
            runs.insert(0, Run("baseline (MkDocs hooks)", args.baseline.resolve(), None,
                               work / f"n{n}-baseline"))
        print(f"\n{n} SOPs", flush=True)
        for run in runs:
            if not (args.keep and run.data.is_dir()):
                shutil.rmtree(run.folder, ignore_errors=True)
                write_dataset(run.data, n, seed=n)
            run.out.mkdir(parents=True, exist_ok=True)
        if not args.serve_only:
            builds(runs, args.rounds, args.keep)
        for run in runs:
            if run.engine and not args.no_serve:
                serve_edit(run, run.engine, args.edits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
