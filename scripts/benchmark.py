"""Benchmark `sop check`, the site build and the PDF build on synthetic data sets, against
plain MkDocs and plain WeasyPrint baselines, and print PASS/MISS against the quality targets.

Usage:
    .venv/bin/python scripts/benchmark.py                      # sizes 10,100
    .venv/bin/python scripts/benchmark.py --sizes 10,100,1000 --jobs 2 --pdf-limit 100

Every measurement runs as its own subprocess, so its wall time is real and its peak memory is
its own: "RSS max" is the largest single process (os.wait4 rusage, which covers the waited-for
worker processes too); "PSS tree" is the memory the process and its workers use together
(proportional set size from /proc/<pid>/smaps_rollup, sampled every 0.2 s: a page shared by
forked workers counts once, split between them; a plain sum of RSS would count it in each).
Data sets come from sop.synth (8-25 steps, 3-8 actors, decisions, loop-backs,
requirements, legal bases; 20 SOPs per decree). Sizes above --pdf-limit skip the PDF runs; their
PDF figures are extrapolated from the largest measured size and labelled "estimate".

Runs on a shared VM vary by tens of percent at 10 SOPs, enough to flip a verdict, so up to
--pdf-limit each step whose time is compared with another (the site build and baseline (a), the
PDF stage at 1 and all workers, baseline (b)) runs --repeat times from the same start (its outputs
and caches removed) and its median counts; the table notes the range.

The site build is measured twice: as the first build in a clone (without the project's
`.cache/templates`, so it compiles every Jinja template: the theme's and ours) and as a later
build, with the compiled templates kept, as Python keeps its `__pycache__` in both measures.
Plain MkDocs compiles the theme's templates in every build; there is no cache to keep.

`--import-docs N` runs only the import section: `sop import` of N documents made as the import
tests make them (half Word files written with python-docx, half PDFs drawn by WeasyPrint with
vector symbols), in one command, against the target of 100 documents in at most 60 s.

`--engines [BASELINE]` runs only the site-engine section (scripts/bench_engines.py): `sop build`
cold, with nothing changed and after one SOP changed, with MkDocs and with Zensical, and `sop
serve` from saving an edited SOP to the browser showing it, beside the code in BASELINE (a
checkout from before the site source stage), against the targets of issue 20.

`--pages` runs only the page-weight section (scripts/bench_pages.py): what an SOP page and the
home page transfer before the diagram is reached, what a search transfers on 1,000 SOPs, and
Lighthouse's mobile performance score of both pages, against the targets of issue 19.

Internal: `--stage NAME ARGS...` runs one measured step inside the subprocess.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
SOP = [PYTHON, "-m", "sop.cli"]
SITE_URL = "http://localhost:8000/"
EPOCH = "1714608000"  # 2024-05-02: every run prints the same date, so caches stay valid
PDF_LOG = re.compile(r"PDF: \d+ files \((\d+) made, (\d+) reused")
UNCHANGED = "Nothing changed since the published build"


# ------------------------------------------------------------------ measuring a subprocess


@dataclass
class Run:
    """One measured subprocess: wall time, peak memory, exit code and output."""

    label: str
    seconds: float
    rss_max_mb: float
    rss_tree_mb: float
    code: int
    out: str
    err: str
    note: str = ""
    samples: list[float] = field(default_factory=list)
    inner: list[float] = field(default_factory=list)
    """The PDF stage's own time in each run (sop.pdf.build_all, without starting Python and
    loading the data, which `sop build` does once for the site and the PDFs together)."""

    @property
    def inner_seconds(self) -> float:
        return statistics.median(self.inner) if self.inner else self.seconds


def _children(pid: int) -> list[int]:
    """Every descendant of `pid` (read from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                ppid = int(handle.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        kids = parents.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def _pss(pid: int) -> int:
    """Proportional set size of a process in bytes (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the memory (PSS) a process and its descendants use together."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            total = sum(_pss(p) for p in [self.pid, *_children(self.pid)])
            self.peak = max(self.peak, total)


def measure(label: str, cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `cmd` in `cwd`; wall time, peak memory and output."""
    progress(f"  {label} ...")
    # English log lines: PDF_LOG reads the build's PDF summary
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH,
                "NO_MKDOCS_2_WARNING": "1", "SOP_LANG": "en", **(env or {})}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=out, stderr=err)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        sampler.done.set()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        run = Run(label, seconds, usage.ru_maxrss / 1024, sampler.peak / 2**20,
                  proc.returncode, out.read(), err.read())
    tree = max(run.rss_tree_mb, run.rss_max_mb)
    progress(f"  {label}: {seconds:.1f} s, RSS max {run.rss_max_mb:.0f} MB, "
             f"PSS tree {tree:.0f} MB")
    if run.code != 0:
        raise SystemExit(f"{label} failed (exit {run.code}):\n{run.err[-3000:]}")
    return run


@dataclass(frozen=True)
class Step:
    """A command measured several times: its label, and the paths (outputs, caches) removed
    before each run so that every run starts alike."""

    label: str
    cmd: list[str]
    fresh: tuple[str, ...] = ()
    env: dict[str, str] | None = None


def measure_rounds(cwd: Path, times: int, *steps: Step) -> list[Run]:
    """Run the steps in turn, `times` rounds: each step's median time, highest memory and last
    output. Short runs on a shared VM vary by tens of percent, and the machine's speed drifts
    over minutes: steps whose times are compared run in alternation, so that a slow spell
    slows them alike, and a single run cannot decide a verdict."""
    runs: list[list[Run]] = [[] for _ in steps]
    for i in range(times):
        for step, done in zip(steps, runs, strict=True):
            for rel in step.fresh:
                shutil.rmtree(cwd / rel, ignore_errors=True)
            label = step.label + (f" [{i + 1}/{times}]" if times > 1 else "")
            done.append(measure(label, step.cmd, cwd, step.env))
    return [_median(step.label, done) for step, done in zip(steps, runs, strict=True)]


def _median(label: str, runs: list[Run]) -> Run:
    last = runs[-1]
    last.label, last.samples = label, [run.seconds for run in runs]
    last.inner = [seconds for run in runs if (seconds := _stage_seconds(run)) is not None]
    last.seconds = statistics.median(last.samples)
    last.rss_max_mb = max(run.rss_max_mb for run in runs)
    last.rss_tree_mb = max(run.rss_tree_mb for run in runs)
    return last


def _stage_seconds(run: Run) -> float | None:
    try:
        return float(json.loads(run.out)["seconds"])
    except (ValueError, KeyError, TypeError):
        return None


def annotate(run: Run, *facts: str) -> None:
    """The run's note: the facts given, the PDF stage's own time, the range of a repeated run."""
    inner = f"PDF build {run.inner_seconds:.2f} s" if run.inner else ""
    spread = (f"median of {len(run.samples)}: {min(run.samples):.1f}-{max(run.samples):.1f} s"
              if len(run.samples) > 1 else "")
    run.note = "; ".join(part for part in (*facts, inner, spread) if part)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ stages (run in a subprocess)


def stage_dump_site(data_dir: str, docs_dir: str, conf_file: str) -> None:
    """Write the site source (sop.site.source) as a plain docs folder, plus the config overrides.

    Plain MkDocs gets no sop.site.rawhtml extension: the generated pages' HTML blocks go through
    Markdown as static Markdown would have them."""
    os.environ.update(SOP_SKIP_PDF="1")
    from sop.dataset import load
    from sop.site import engines
    from sop.site.pages import Options, SiteRenderer
    from sop.site.source import write_source

    renderer = SiteRenderer(load(Path(data_dir)), Options(pdf_links=False))
    source = write_source(renderer, Path(docs_dir), "http://localhost:8000/",
                          extra_nav=engines.base_config().get("nav") or [])
    overrides = {"nav": source.nav, "site_name": source.site_name, "extra": source.extra,
                 "plugins": ["search"]}  # plain MkDocs + Material, with its own search
    Path(conf_file).write_text(json.dumps(overrides), encoding="utf-8")


def stage_mkdocs_baseline(docs_dir: str, conf_file: str, site_dir: str) -> None:
    """Plain MkDocs + Material: same theme, extensions and pages, no hooks, no macros."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    overrides = json.loads(Path(conf_file).read_text(encoding="utf-8"))
    cfg = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(Path(docs_dir).resolve()),
                      site_dir=str(Path(site_dir).resolve()), **overrides)
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg)
    print(json.dumps({"pages": count_pages(Path(site_dir))}))


def stage_pdf(data_dir: str, out_dir: str, cache_dir: str, jobs: str) -> None:
    """Our PDF pipeline (sop.pdf.build_all); prints what it rendered and reused."""
    import logging

    from sop.dataset import load
    from sop.pdf.build import build_all

    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    report = build_all(load(Path(data_dir)), Path(out_dir), site_url=SITE_URL,
                       cache_dir=Path(cache_dir), jobs=int(jobs) or None,
                       progress=_pdf_progress)
    out = Path(out_dir)
    print(json.dumps({"built": sorted(p.relative_to(out).as_posix() for p in report.built),
                      "skipped": len(report.skipped),
                      "seconds": time.perf_counter() - started}))


def _pdf_progress(done: int, total: int, name: str) -> None:
    if done == total or done % max(1, total // 10) == 0:
        print(f"    PDF {done}/{total} {name}", file=sys.stderr, flush=True)


def stage_dump_html(data_dir: str, html_dir: str, pdf_dir: str) -> None:
    """Every document our pipeline makes (official copies, footer sheets, the books' own
    pages), each written out whole as HTML, shared stylesheets inline, as a plain WeasyPrint
    user would render it: the flowchart text as positioned HTML and the footer sheet from
    stempel.html, since plain WeasyPrint has no sop.pdf.flowtext or sop.pdf.footer to draw
    them. The books' page counts come from the built PDFs."""
    import datetime as dt

    from pypdf import PdfReader

    from sop.dataset import load
    from sop.pdf import flowtext
    from sop.pdf import html as pdf_html
    from sop.pdf.build import plan

    flowtext.drawable = lambda text: False  # every flowchart page keeps its text as HTML

    day = dt.datetime.fromtimestamp(int(EPOCH), dt.UTC).date()
    data = load(Path(data_dir))
    docs = [text for job in plan(data, SITE_URL, day)
            for text in (job.html, _sheet_html(job.stamp.html) if job.stamp else "") if text]
    opts = pdf_html.options(SITE_URL, day)
    for did, decree in data.decrees.items():
        counts = [len(PdfReader(Path(pdf_dir, "sop", f"{sid}-resmi.pdf")).pages)
                  for sid in decree.lampiran]
        docs.append(pdf_html.book_html(data, did, opts, counts))
    style = f"<style>\n{pdf_html.shared_css()}\n"
    for i, text in enumerate(docs):
        whole = text.replace("<style>\n", style, 1)
        Path(html_dir, f"{i:05d}.html").write_text(whole, encoding="utf-8")


def _sheet_html(footer: str) -> str:
    """The footer sheet's HTML (stempel.html): plain WeasyPrint lays it out, where our pipeline
    draws the footer directly (sop.pdf.footer)."""
    from sop.pdf import html as pdf_html
    from sop.pdf.footer import Footer

    return pdf_html.stamp_html(Footer.decode(footer))


def stage_weasyprint(html_dir: str) -> None:
    """Plain WeasyPrint on the same HTML, one process, no cache (base URL: the fonts folder)."""
    import logging

    import weasyprint

    from sop.pdf.sources import ASSETS_DIR

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    for path in sorted(Path(html_dir).glob("*.html")):
        weasyprint.HTML(string=path.read_text(encoding="utf-8"),
                        base_url=ASSETS_DIR.as_uri() + "/").write_pdf()


SPIN = 10_000_000
"""Loop turns of the machine's own test: about a second of one core's pure-Python work."""


def _spin(turns: int) -> int:
    """Pure-Python work without I/O or memory traffic: what one core does on its own."""
    total = 0
    for turn in range(turns):
        total += turn
    return total


def stage_cores(procs: str) -> None:
    """`procs` processes doing the same pure-Python work at once; prints the wall time of the
    work alone (the processes are started before the clock does)."""
    import concurrent.futures as cf
    import multiprocessing

    count = int(procs)
    fork = multiprocessing.get_context("fork")
    with cf.ProcessPoolExecutor(count, mp_context=fork) as pool:  # fork: all start at once
        list(pool.map(int, range(count)))
        started = time.perf_counter()
        list(pool.map(_spin, [SPIN] * count))
        print(json.dumps({"seconds": time.perf_counter() - started}))


STAGES = {"dump-site": stage_dump_site, "mkdocs-baseline": stage_mkdocs_baseline,
          "pdf": stage_pdf, "dump-html": stage_dump_html, "weasyprint": stage_weasyprint,
          "cores": stage_cores}


def stage(name: str, *args: str) -> list[str]:
    """The command line that runs one stage of this script in a fresh interpreter."""
    return [PYTHON, str(Path(__file__).resolve()), "--stage", name, *args]


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


# ------------------------------------------------------------------ one data set size


@dataclass
class Result:
    """Every run of one size, plus what the PDF builds rendered."""

    n: int
    runs: dict[str, Run] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)

    def add(self, key: str, run: Run) -> Run:
        self.runs[key] = run
        return run


def bench_size(n: int, work: Path, jobs: int, with_pdf: bool, scale: bool = False,
               repeat: int = 1) -> Result:
    """Generate N SOPs and measure every step in `work`; the steps whose times are compared
    with each other (the site, the PDF stage, the baselines) `repeat` times each."""
    from sop.synth import write_dataset

    progress(f"[{n} SOP] generating the data set in {work}")
    data = write_dataset(work / "data", n, seed=n)
    res = Result(n)
    res.add("check", measure("sop check", [*SOP, "check", "--data", "data"], work))
    bench_site(res, work, repeat, later=with_pdf)
    if with_pdf:
        bench_pdf(res, work, data, jobs, repeat)
    elif scale:
        full = ["build", "--data", "data", "--site", "site"]
        cold = res.add("full_cold", measure("sop build cold (site + PDFs)", [*SOP, *full], work))
        cold.note = _log_counts(cold)
    return res


def bench_site(res: Result, work: Path, repeat: int, later: bool) -> None:
    """Our site build, first in a clone and (if `later`) with its compiled templates kept, in
    turn with (a) plain MkDocs on the same pages dumped as static Markdown."""
    measure("dump pages for the baseline", stage("dump-site", "data", "plain-docs", "plain.json"),
            work)
    ours = [*SOP, "build", "--data", "data", "--site", "site-only"]
    no_pdf = {"SOP_SKIP_PDF": "1"}
    # the compiled templates live in the project's own .cache/templates, not in `work`
    from sop.site.render import TEMPLATE_CACHE

    # the site output goes too: a build finding its own published site with nothing changed
    # stops at once (sop.site.build), which is not what these steps measure
    first_fresh = (".cache", str(TEMPLATE_CACHE), "site-only")
    steps = [Step("site build, first in a clone (no PDFs)", ours, first_fresh, no_pdf)]
    if later:  # the edit-build loop: templates compiled once, as Python keeps __pycache__
        steps.append(Step("site build, later (templates compiled)", ours, ("site-only",),
                          no_pdf))
    plain = stage("mkdocs-baseline", "plain-docs", "plain.json", "plain-site")
    steps.append(Step("baseline (a) plain MkDocs", plain, ("plain-site",)))
    first, *kept, base = measure_rounds(work, repeat, *steps)
    annotate(res.add("site", first), f"{count_pages(work / 'site-only')} pages")
    for run in kept:
        annotate(res.add("site_later", run))
    annotate(res.add("base_site", base), f"{json.loads(base.out)['pages']} pages")


def bench_pdf(res: Result, work: Path, data: Path, jobs: int, repeat: int) -> None:
    """Full builds cold/warm/changed, the PDF stage at 1 and all workers, baseline (b)."""
    full = ["build", "--data", "data", "--site", "site"]
    cold = res.add("full_cold", measure("sop build cold (site + PDFs)", [*SOP, *full], work))
    cold.note = _log_counts(cold)
    warm = res.add("full_warm", measure("sop build warm", [*SOP, *full], work))
    warm.note = _log_counts(warm)
    res.facts["full_warm_built"] = _built_count(warm)

    (work / "html").mkdir(exist_ok=True)
    measure("dump PDF HTML for the baseline", stage("dump-html", "data", "html", "site/pdf"),
            work)
    many, one, base = measure_rounds(
        work, repeat,
        Step(f"PDF stage cold, jobs={jobs}", stage("pdf", "data", "pdf-a", "cache-a", str(jobs)),
             ("pdf-a", "cache-a")),
        Step("PDF stage cold, jobs=1", stage("pdf", "data", "pdf-b", "cache-b", "1"),
             ("pdf-b", "cache-b")),
        Step("baseline (b) plain WeasyPrint, 1 process", stage("weasyprint", "html")))
    res.facts["renders"] = len(_cached(work / "cache-a"))
    annotate(res.add("pdf_cold", many), f"{res.facts['renders']} made (rendered or stamped), "
                                        f"{len(json.loads(many.out)['built'])} files")
    annotate(res.add("pdf_1", one), f"{len(_cached(work / 'cache-b'))} made")
    annotate(res.add("base_pdf", base), f"{len(list((work / 'html').glob('*.html')))} documents")
    [warm] = measure_rounds(work, repeat, Step("PDF stage warm (nothing changed)",
                                               stage("pdf", "data", "pdf-a", "cache-a", str(jobs))))
    res.facts["pdf_warm_built"] = json.loads(warm.out)["built"]
    annotate(res.add("pdf_warm", warm), f"{len(res.facts['pdf_warm_built'])} files rendered")
    bench_change(res, work, data, jobs)


def bench_change(res: Result, work: Path, data: Path, jobs: int) -> None:
    """Change one SOP; the PDF stage and `sop build` must redo only its PDFs and decree book.

    A render is a new entry in the cache (one per WeasyPrint run); the files the report lists
    as built may be more, as one render can be published under several names."""
    sop_id, decree = change_one_sop(data)
    res.facts["expected"] = sorted([f"keputusan/{decree}.pdf", f"sop/{sop_id}-resmi.pdf",
                                    f"sop/{sop_id}.pdf"])
    res.facts["own_files"] = [f"keputusan/{decree}.pdf", f"sop/{sop_id}"]
    before = _cached(work / "cache-a")
    run = res.add("pdf_change", measure(f"PDF stage after changing {sop_id}",
                                        stage("pdf", "data", "pdf-a", "cache-a", str(jobs)), work))
    res.facts["pdf_change_files"] = json.loads(run.out)["built"]
    res.facts["pdf_change_built"] = sorted(rel for rel, _ in _cached(work / "cache-a") - before)
    run.note = (f"{len(res.facts['pdf_change_built'])} made: "
                f"{', '.join(res.facts['pdf_change_built'])}; "
                f"{len(res.facts['pdf_change_files'])} files written")
    before = _cached(work / ".cache/pdf")
    full = res.add("full_change", measure(f"sop build after changing {sop_id}",
                                          [*SOP, "build", "--data", "data", "--site", "site"],
                                          work))
    res.facts["full_change_built"] = sorted(
        rel for rel, _ in _cached(work / ".cache/pdf") - before)
    full.note = (f"{len(res.facts['full_change_built'])} made (new in cache); "
                 f"{_log_counts(full)}")


def change_one_sop(data: Path) -> tuple[str, str]:
    """Edit the first step of the middle SOP; return its id and its decree's id."""
    import yaml

    files = sorted((data / "sop").glob("*.yaml"))
    path = files[len(files) // 2]
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["steps"][0]["kegiatan"] += " (diubah)"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return doc["id"], doc["keputusan"]


def _cached(cache: Path) -> set[tuple[str, str]]:
    """The PDFs held in a build cache as (rel, key): a new key means it was made (rendered,
    stamped or joined)."""
    return {(f"{p.parent.relative_to(cache).as_posix()}.pdf", p.stem) for p in cache.rglob("*.pdf")}


def _log_counts(run: Run) -> str:
    found = PDF_LOG.findall(run.err)
    if not found and UNCHANGED in run.err:
        return "log: nothing changed, stopped at once"
    return f"log: {found[-1][0]} PDFs built, {found[-1][1]} reused" if found else "log: no PDF line"


def _built_count(run: Run) -> int | None:
    found = PDF_LOG.findall(run.err)
    if not found and UNCHANGED in run.err:  # a build with nothing changed makes nothing
        return 0
    return int(found[-1][0]) if found else None


def bench_machine(work: Path, jobs: int, repeat: int) -> float:
    """How much faster `jobs` processes get the same pure-Python work done than one, at the
    start of the run: what the machine's cores give at that moment. Virtual cores may share a
    physical one, its caches or memory bus, or wait for other guests; then two do not work
    twice as fast as one. Runs alternate; short runs, so a rough figure."""
    one, many = measure_rounds(
        work, repeat, *(Step(f"machine: pure-Python work in {procs} process(es)",
                             stage("cores", str(procs))) for procs in (1, jobs)))
    return jobs * one.inner_seconds / many.inner_seconds


# ------------------------------------------------------------------ report


def table(results: list[Result]) -> str:
    """Every run as a table."""
    lines = [f"{'SOPs':>5}  {'step':<44} {'seconds':>8} {'RSS max':>8} {'PSS tree':>9}  notes",
             "-" * 110]
    for res in results:
        for run in res.runs.values():
            tree = max(run.rss_tree_mb, run.rss_max_mb)
            lines.append(f"{res.n:>5}  {run.label:<44} {run.seconds:>8.1f} "
                         f"{run.rss_max_mb:>6.0f}MB {tree:>7.0f}MB  {run.note}")
    return "\n".join(lines)


@dataclass
class Verdict:
    target: str
    measured: str
    ok: bool | None  # None: not measured

    def line(self) -> str:
        state = {True: "PASS", False: "MISS", None: "n/a "}[self.ok]
        return f"{state}  {self.target:<58} {self.measured}"


def verdicts(res: Result, cores: int, jobs: int, machine: float | None = None) -> list[Verdict]:
    """The targets of one size; `machine` is the machine's own parallel speed-up
    (bench_machine), printed beside ours."""
    r, f = res.runs, res.facts
    out = [_ratio(f"[{res.n}] site build <= 1.3x plain MkDocs (a), first in a clone",
                  r.get("site"), r.get("base_site"), 1.3)]
    if "site_later" in r:
        out.append(_ratio(f"[{res.n}] site build <= 1.3x plain MkDocs (a), later builds",
                          r["site_later"], r["base_site"], 1.3))
    if "pdf_cold" not in r:
        return out
    out.append(_ratio(f"[{res.n}] PDF pipeline (1 worker) <= 1.15x WeasyPrint (b)",
                      r["pdf_1"], r["base_pdf"], 1.15))
    # Compared with itself, the PDF build counts its own time (build_all): starting Python and
    # loading the data are not part of it (`sop build` does them once, for the site too).
    one, many = r["pdf_1"], r["pdf_cold"]
    speedup = one.inner_seconds / many.inner_seconds
    out.append(Verdict(f"[{res.n}] parallel speed-up >= 1.7x (jobs={jobs}, {cores} cores)",
                       f"{speedup:.2f}x ({one.inner_seconds:.1f} s -> {many.inner_seconds:.1f} s;"
                       f" as processes {one.seconds / many.seconds:.2f}x"
                       + (f"; machine's own {machine:.2f}x)" if machine else ")"),
                       speedup >= 1.7))
    warm = r["pdf_warm"]
    share = warm.inner_seconds / many.inner_seconds
    out.append(Verdict(f"[{res.n}] warm PDF build renders 0 PDFs, < 10% of cold",
                       f"{len(f['pdf_warm_built'])} rendered, {share:.1%} of cold "
                       f"({warm.inner_seconds:.2f} s; as processes "
                       f"{warm.seconds / many.seconds:.1%}, {warm.seconds:.1f} s); sop build "
                       f"warm: {f['full_warm_built']} rendered, "
                       f"{r['full_warm'].seconds / r['full_cold'].seconds:.0%} of cold",
                       not f["pdf_warm_built"] and share < 0.10 and f["full_warm_built"] == 0))
    own = all(p.startswith(tuple(f["own_files"])) for p in f["pdf_change_files"])
    same = own and f["expected"] == f["pdf_change_built"] == f["full_change_built"]
    out.append(Verdict(f"[{res.n}] one changed SOP rebuilds only its 2 PDFs + decree book",
                       f"stage: {len(f['pdf_change_built'])} made "
                       f"({r['pdf_change'].seconds:.1f} s), sop build: "
                       f"{len(f['full_change_built'])} made "
                       f"({r['full_change'].seconds:.1f} s)", same))
    return out


def _ratio(target: str, ours: Run | None, base: Run | None, limit: float) -> Verdict:
    if ours is None or base is None:
        return Verdict(target, "not measured", None)
    ratio = ours.seconds / base.seconds
    return Verdict(target, f"{ratio:.2f}x ({ours.seconds:.1f} s vs {base.seconds:.1f} s)",
                   ratio <= limit)


def scale_verdict(results: list[Result]) -> Verdict:
    """1,000 SOPs, site + all PDFs cold: < 5 min, < 2 GB; extrapolated when not measured."""
    target = "[1000] site + all PDFs cold < 5 min, peak memory < 2 GB"
    big = next((r for r in results if r.n >= 1000), None)
    if big is not None and "full_cold" in big.runs:
        run = big.runs["full_cold"]
        peak = max(run.rss_tree_mb, run.rss_max_mb)
        return Verdict(target, f"{run.seconds:.0f} s, {peak:.0f} MB (measured)",
                       run.seconds < 300 and peak < 2048)
    measured = [r for r in results if "full_cold" in r.runs]
    if not measured:
        return Verdict(target, "not measured (no PDF run)", None)
    base = max(measured, key=lambda r: r.n)
    factor = 1000 / base.n
    pdf_part = (base.runs["full_cold"].seconds - base.runs["site"].seconds) * factor
    site = (big.runs["site"].seconds if big is not None else base.runs["site"].seconds * factor)
    seconds = site + pdf_part
    peak = max(base.runs["full_cold"].rss_tree_mb, big.runs["site"].rss_max_mb if big else 0)
    return Verdict(target, f"ESTIMATE {seconds:.0f} s (site {site:.0f} s "
                   f"{'measured' if big else 'extrapolated'} + PDFs {pdf_part:.0f} s "
                   f"extrapolated x{factor:g} from {base.n} SOPs); peak >= {peak:.0f} MB",
                   seconds < 300 and peak < 2048)


# ------------------------------------------------------------------ main


# ------------------------------------------------------------------ sop import (optional)

IMPORT_TARGET = 60.0  # seconds for 100 documents


def make_import_documents(folder: Path, n: int) -> list[Path]:
    """n SOP documents as the import tests make them: half .docx, half .pdf."""
    sys.path.insert(0, str(ROOT / "tests"))
    from import_fixtures import layanan, write_docx, write_pdf

    folder.mkdir(parents=True, exist_ok=True)
    docs = []
    for i in range(n):
        sop = layanan()
        sop.judul, sop.nomor = f"Layanan Uji Impor {i + 1}", f"SOP/UJI/{i + 1}"
        sop.actors = ["Mahasiswa", "Staf", "Kabag Umum"]
        if i % 2:
            docs.append(write_pdf(folder / f"sop-{i + 1}.pdf", [sop]))
        else:
            docs.append(write_docx(folder / f"sop-{i + 1}.docx", [sop]))
    return docs


def bench_import(work: Path, n: int) -> bool:
    """Measure `sop import` of n documents into a copy of sop_data's registries."""
    progress(f"Making {n} documents to import ...")
    docs = make_import_documents(work / "import-docs", n)
    data = work / "import-data"
    shutil.rmtree(data, ignore_errors=True)
    (data / "sop").mkdir(parents=True)
    for name in ("institusi.yaml", "dasar_hukum.yaml"):
        shutil.copy(ROOT / "sop_data" / name, data / name)
    run = measure(f"sop import ({n} documents)",
                  [*SOP, "import", *map(str, docs), "--data", str(data)], ROOT)
    written = len(list((data / "sop").glob("*.yaml")))
    limit = IMPORT_TARGET * n / 100
    ok = run.seconds <= limit and written == n
    print(f"\nsop import: {n} documents ({(n + 1) // 2} .docx, {n // 2} .pdf) in "
          f"{run.seconds:.1f} s ({run.seconds / n * 1000:.0f} ms each), {written} SOP files "
          f"written, RSS max {run.rss_max_mb:.0f} MB")
    print(f"{'PASS' if ok else 'MISS'}  import: {n} documents in {run.seconds:.1f} s "
          f"(target <= {limit:.0f} s)")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100", help="SOP counts (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=0,
                        help="PDF workers for the parallel runs (default: all cores)")
    parser.add_argument("--pdf-limit", type=int, default=100,
                        help="skip the PDF runs above this size (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each compared step (the median counts) up to --pdf-limit "
                             "SOPs; larger sets run once (default: %(default)s)")
    parser.add_argument("--scale", action="store_true",
                        help="above --pdf-limit, still measure one cold `sop build` with PDFs")
    parser.add_argument("--work", type=Path, help="keep the data and outputs in this folder")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument("--import-docs", type=int, metavar="N",
                        help="only measure `sop import` of N documents (target: 100 in 60 s)")
    parser.add_argument("--pages", action="store_true",
                        help="only measure page weight, search transfer at 1,000 SOPs and "
                             "Lighthouse (targets: 400 KB, 300 KB, score 90)")
    parser.add_argument("--pdfa", action="store_true",
                        help="only measure PDF/A-3b (and tagging) against plain PDF on sop_data")
    parser.add_argument("--engines", metavar="BASELINE", nargs="?", const="",
                        help="only measure the site engines and the edit loop "
                             "(scripts/bench_engines.py) at --sizes, beside the code in the "
                             "BASELINE folder when given")
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:
        STAGES[args.stage[0]](*args.stage[1:])
        return 0
    if args.pdfa:
        from bench_pdfa import main as bench_pdfa

        return bench_pdfa(repeat=args.repeat)
    if args.engines is not None:
        from bench_engines import main as bench_engines

        return bench_engines(["--sizes", args.sizes, *(["--baseline", args.engines]
                                                        if args.engines else []),
                              *(["--work", str(args.work)] if args.work else [])])
    if args.pages:
        from bench_pages import main as bench_pages

        return bench_pages(args.work)
    if args.import_docs:
        work = args.work or Path(tempfile.mkdtemp(prefix="sop-bench-"))
        ok = bench_import(work, args.import_docs)
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
        return 0 if ok else 1
    cores = os.cpu_count() or 1
    jobs = args.jobs or cores
    work = args.work or Path(tempfile.mkdtemp(prefix="sop-bench-"))
    sizes = [int(s) for s in args.sizes.split(",")]
    load_before = os.getloadavg()[0]
    work.mkdir(parents=True, exist_ok=True)
    # as scripts/setup does: the package's bytecode compiled, like the installed packages'
    subprocess.run([PYTHON, "-m", "compileall", "-q", "sop", "macros"], cwd=ROOT, check=True)
    machine = bench_machine(work, jobs, args.repeat) if jobs > 1 else None
    results = []
    for n in sizes:
        folder = work / f"n{n}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        results.append(bench_size(n, folder, jobs, with_pdf=n <= args.pdf_limit,
                                  scale=args.scale,
                                  repeat=args.repeat if n <= args.pdf_limit else 1))
    print(f"\nMachine: {cores} cores, load average {load_before:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after; Python {sys.version.split()[0]}; work: {work}")
    if machine is not None:
        print(f"Machine's own parallel speed-up at the start: {jobs} processes do the same "
              f"pure-Python work {machine:.2f}x as fast as one (median of {args.repeat})\n")
    print(table(results))
    print()
    for res in results:
        for verdict in verdicts(res, cores, jobs, machine):
            print(verdict.line())
    print(scale_verdict(results).line())
    if args.json:
        args.json.write_text(json.dumps([{"n": r.n, "facts": r.facts, "runs": {
            k: {**vars(v), "out": "", "err": ""} for k, v in r.runs.items()}} for r in results],
            indent=2), encoding="utf-8")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
