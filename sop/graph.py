"""The flow graph of an SOP's steps: successors, the main path and reachability.

Rules (shared by validation, Mermaid, the flowchart engine and time totals):
- a decision goes to each of its labelled branches; the first branch is the main path; a branch
  marked `selesai` ends the flow there (the decision is then also an end);
- any other step goes to `ke` when given, else to the following step;
- a step marked `selesai` ends the flow, as does the last step unless it has `ke`;
- the first step is the start, and so is every step marked `mulai` (alternative starts);
- starts and ends are drawn as terminators, unless they are decisions (a diamond stays one).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sop.model import Sop, Step


@dataclass(frozen=True)
class Edge:
    """A flow arrow from one step to another, with the branch label for decisions."""

    source: int
    target: int
    label: str | None = None

    @property
    def is_back(self) -> bool:
        """True for a loop-back to an earlier (or the same) step."""
        return self.target <= self.source


def successors(sop: Sop, step: Step) -> list[Edge]:
    """The outgoing edges of one step."""
    if step.selesai:
        return []
    if step.cabang:
        return [Edge(step.no, b.ke, b.label) for b in step.cabang if b.ke is not None]
    if step.ke is not None:
        return [Edge(step.no, step.ke)]
    index = next(i for i, s in enumerate(sop.steps) if s is step)  # identity: fast, exact
    if index + 1 < len(sop.steps):
        return [Edge(step.no, sop.steps[index + 1].no)]
    return []


def edges(sop: Sop) -> Iterator[Edge]:
    """Every edge of the SOP, in step order."""
    for step in sop.steps:
        yield from successors(sop, step)


def reachable(sop: Sop, start: int, forward: bool = True) -> set[int]:
    """Step numbers reachable from `start` (or, with forward=False, that can reach it)."""
    adjacency: dict[int, list[int]] = {s.no: [] for s in sop.steps}
    for e in edges(sop):
        if e.source in adjacency and e.target in adjacency:
            a, b = (e.source, e.target) if forward else (e.target, e.source)
            adjacency[a].append(b)
    seen, todo = {start}, [start]
    while todo:
        for nxt in adjacency[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def end_steps(sop: Sop) -> list[int]:
    """Where the flow ends: steps with no successor, and decisions with a branch that ends it."""
    return [s.no for s in sop.steps if not successors(sop, s) or ending_branches(s)]


def ending_branches(step: Step) -> list[str]:
    """The labels of a decision's branches that end the flow (`selesai: true`)."""
    return [b.label for b in step.cabang if b.selesai]


def start_steps(sop: Sop) -> list[int]:
    """Where the flow starts: the first step and every step marked `mulai`."""
    return [s.no for i, s in enumerate(sop.steps) if i == 0 or s.mulai]


def symbols(sop: Sop) -> dict[int, str]:
    """Each step's symbol: 'decision' for a decision (wherever it stands), 'capsule' for a start
    or an end, else 'process'."""
    terminals = {*start_steps(sop), *end_steps(sop)}
    return {
        s.no: "decision" if s.is_decision else ("capsule" if s.no in terminals else "process")
        for s in sop.steps
    }


def main_path(sop: Sop, start: Step | None = None) -> list[Step]:
    """Steps along the main path: from the start (or from `start`), taking each decision's
    first branch."""
    by_no = {s.no: s for s in sop.steps}
    path: list[Step] = []
    current: Step | None = start or sop.steps[0]
    while current is not None and current not in path:
        path.append(current)
        out = successors(sop, current)
        current = by_no.get(out[0].target) if out else None
    return path
