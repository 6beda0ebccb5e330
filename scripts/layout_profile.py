"""Time the flowchart layout per SOP and compare what it draws with a recorded reference.

Every SOP (and archived version) of sop_data/ and examples/*/, and synthetic SOPs from
sop.synth with fixed seeds (incl. a few large ones), is laid out as the site draws it (one page)
and as the PDF does (pages of the institution's paper). `--record DIR` writes each layout's
geometry (the PageLayout's repr) to DIR; `--compare DIR` reports every SOP whose layout
differs from it. Speeding the engine up must leave the reference as it is.

Usage:
    .venv/bin/python scripts/layout_profile.py --record /tmp/perf/ref
    .venv/bin/python scripts/layout_profile.py --compare /tmp/perf/ref [--sets synth-100]
    .venv/bin/python scripts/layout_profile.py --profile /tmp/perf/prof --sets big

Times are CPU seconds of this process (the machine may be busy with other work); `--stages`
adds the time spent routing pages (their untangling included), untangling and placing the
branch labels.
"""

from __future__ import annotations

import argparse
import cProfile
import difflib
import gc
import hashlib
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sop.dataset import DataSet, load  # noqa: E402
from sop.flowchart import context, layout_pages, place, table, untangle  # noqa: E402
from sop.model import Sop  # noqa: E402
from sop.pdf import pages  # noqa: E402
from sop.synth import write_dataset  # noqa: E402

SYNTHETIC = {
    # name: (SOPs, seed, steps, lanes); synth-100 is the benchmark's 100-SOP data set
    "synth-100": (100, 100, (8, 25), (3, 8)),
    "synth-80": (80, 7, (8, 25), (3, 8)),
    "synth-large": (12, 11, (40, 80), (4, 10)),
    "synth-wide": (4, 13, (15, 30), (12, 20)),
    "big": (1, 1, (200, 200), (3, 8)),  # the hostile test's 200-step SOP
}


def data_sets(names: list[str] | None, work: Path) -> Iterator[tuple[str, DataSet]]:
    """The bundled and example data sets, then the synthetic ones, loaded."""
    real = {"sop_data": ROOT / "sop_data"}
    real.update({f"examples-{p.name}": p for p in sorted((ROOT / "examples").iterdir())
                 if (p / "institusi.yaml").exists()})
    for name, path in real.items():
        if not names or name in names:
            yield name, load(path)
    for name, (n, seed, steps, lanes) in SYNTHETIC.items():
        if not names or name in names:
            yield name, load(write_dataset(work / name, n, seed=seed, steps=steps, lanes=lanes))


def versions(data: DataSet) -> Iterator[tuple[str, Sop]]:
    for sop_id, sop in sorted(data.sops.items()):
        yield sop_id, sop
        for old in data.archive.get(sop_id, []):
            yield f"{sop_id}@v{old.versi}", old


def layouts(data: DataSet, sop: Sop) -> dict[str, str]:
    """The geometry of the web page's single sheet and of the PDF's sheets, as text."""
    fmt = table.table_format(sop, data.institution.tabel)
    width, height = pages.paper(data.institution.kertas).flow_size
    web = layout_pages(sop, data.actors, max_height=None, fmt=fmt)
    pdf = layout_pages(sop, data.actors, max_height=height, width=width, fmt=fmt)
    return {"web": "\n".join(map(repr, web)), "pdf": "\n".join(map(repr, pdf))}


STAGES = {"route": (context, "_new_route"), "untangle": (untangle, "untangle"),
          "labels": (place, "place_labels")}
"""The stages timed by --stages: the module attribute each is called through."""


def time_stages() -> dict[str, float]:
    """Wrap the functions of STAGES so that they add their CPU time to the returned dict."""
    spent = dict.fromkeys(STAGES, 0.0)

    def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - started
        return wrapper

    for name, (module, attr) in STAGES.items():
        setattr(module, attr, timed(name, getattr(module, attr)))
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", type=Path, help="write the layouts to this folder")
    parser.add_argument("--compare", type=Path, help="compare the layouts with this folder")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the layouts here")
    parser.add_argument("--sets", help="comma-separated data sets (default: all)")
    parser.add_argument("--slowest", type=int, default=8, help="SOPs listed as the slowest")
    parser.add_argument("--stages", action="store_true", help="time the stages too")
    args = parser.parse_args(argv)
    spent = time_stages() if args.stages else {}
    names = args.sets.split(",") if args.sets else None
    profiler = cProfile.Profile() if args.profile else None
    differ: list[str] = []
    times: list[tuple[float, str]] = []
    wall = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for set_name, data in data_sets(names, Path(tmp)):
            total, count = 0.0, 0
            for sop_id, sop in versions(data):
                name = f"{set_name}/{sop_id}"
                gc.collect()
                started = time.process_time()
                if profiler:
                    profiler.enable()
                out = layouts(data, sop)
                if profiler:
                    profiler.disable()
                took = time.process_time() - started
                total, count = total + took, count + 1
                times.append((took, name))
                for mode, text in out.items():
                    differ += _keep(args, f"{name}.{mode}", text)
            stages = "".join(f"  {k} {v:.2f}" for k, v in spent.items())
            print(f"{set_name:28} {count:4} SOPs  {total:8.2f} s{stages}", flush=True)
            spent.update(dict.fromkeys(spent, 0.0))
    print(f"{'total':28} {len(times):4} SOPs  {sum(t for t, _ in times):8.2f} s "
          f"(CPU time of the layout; {time.perf_counter() - wall:.0f} s wall for everything)")
    for took, name in sorted(times, reverse=True)[:args.slowest]:
        print(f"  {took:7.2f} s  {name}")
    if profiler:
        args.profile.parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(args.profile)
        print(f"profile: {args.profile}")
    if args.compare:
        print(f"{len(differ)} layouts differ from {args.compare}" if differ
              else f"every layout as in {args.compare}")
        for line in differ[:40]:
            print(line)
    return 1 if differ else 0


def _keep(args: argparse.Namespace, name: str, text: str) -> list[str]:
    """Record the layout, or compare it with the recorded one (its first differing lines)."""
    file = name.replace("/", "__").replace("@", "_") + ".txt"
    if args.record:
        args.record.mkdir(parents=True, exist_ok=True)
        (args.record / file).write_text(text, encoding="utf-8")
    if not args.compare:
        return []
    ref = args.compare / file
    if not ref.exists():
        return [f"{name}: no reference"]
    old = ref.read_text(encoding="utf-8")
    if hashlib.sha256(old.encode()).digest() == hashlib.sha256(text.encode()).digest():
        return []
    diff = difflib.unified_diff(_split(old), _split(text), lineterm="", n=0)
    return [f"{name}: differs", *list(diff)[2:6]]


def _split(text: str) -> list[str]:
    """A PageLayout's repr cut at its fields' items, so that a diff shows what moved."""
    return text.replace("), ", "),\n").splitlines()


if __name__ == "__main__":
    sys.exit(main())
