"""Search random step graphs for flowchart layouts that break a rule of the geometry checker.

The property-based test (tests/test_flowchart_geometry.py) stops at the first failure; this
counts them: it lays out N random SOPs (the test's strategy: up to 24 steps and 8 actors,
three-way decisions, joint steps, skips and loop-backs) at the test's sheet heights, and prints
how many break which rule, with the smallest failing graphs.

Usage:
    .venv/bin/python scripts/flowchart_search.py [--examples 600] [--seed 2] [--show 3]

Each seed draws other graphs; the same seed draws the same ones for the same code.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from flowchart_fixtures import RANDOM_ACTORS, describe, random_sops  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sop.flowchart import check, layout_pages  # noqa: E402
from sop.flowchart.layout import too_tall  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=600)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--show", type=int, default=3, help="failing graphs to print")
    parser.add_argument("--save", type=Path, help="write the failing SOPs to this JSON file")
    args = parser.parse_args()
    rules: Counter[str] = Counter()
    failing: list[tuple[str, float | None, list[str]]] = []
    saved: list[dict[str, object]] = []
    drawn = [0]

    @seed(args.seed)
    @settings(max_examples=args.examples, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(sop=random_sops(), max_height=st.sampled_from([None, 700.0, 450.0, 300.0]))
    def search(sop, max_height) -> None:  # type: ignore[no-untyped-def]
        drawn[0] += 1
        pages = layout_pages(sop, RANDOM_ACTORS, max_height=max_height)
        found = [str(v) for v in check.check_pages(pages)]
        found += [f"page {p.number}: too-tall: {p.height:.0f} px"
                  for p in too_tall(pages, max_height)]
        if found:
            rules.update({text.split(": ")[1] for text in found})
            failing.append((describe(sop), max_height, found))
            saved.append({"max_height": max_height, "found": found,
                          "sop": sop.model_dump(mode="json", by_alias=True)})

    start = time.process_time()
    search()
    took = time.process_time() - start
    if args.save:
        args.save.write_text(json.dumps(saved, indent=1), encoding="utf-8")
    graphs = {graph for graph, _, _ in failing}
    print(f"{drawn[0]} random step graphs (seed {args.seed}), {len(failing)} break a rule "
          f"({len(graphs)} different graphs; {took:.0f} s CPU)")
    for rule, count in rules.most_common():
        print(f"  {rule}: {count}")
    shown = {graph: (max_height, found) for graph, max_height, found in failing}
    for graph, (max_height, found) in sorted(shown.items(), key=lambda f: len(f[0]))[:args.show]:
        print(f"\n{graph}  (sheet height {max_height})")
        for text in found[:4]:
            print(f"  {text}")


if __name__ == "__main__":
    main()
