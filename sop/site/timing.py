"""Total standard time of an SOP: the mutu baku times summed along the main path.

Minutes and hours convert exactly (60 menit = 1 jam); days, working days, weeks and months do
not (a working day is not 24 hours), so each stays in its own unit: '±2 hari 1 jam'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sop import graph
from sop.model import Sop, Step, TimeUnit
from sop.text import angka

#: Display order, largest unit first; menit and jam are merged into minutes.
_CALENDAR_UNITS = (TimeUnit.BULAN, TimeUnit.MINGGU, TimeUnit.HARI_KERJA, TimeUnit.HARI)


@dataclass(frozen=True)
class Duration:
    """A sum of time standards: exact minutes plus counts of calendar units."""

    minutes: float = 0.0
    calendar: dict[TimeUnit, float] = field(default_factory=dict)

    @property
    def is_zero(self) -> bool:
        return self.minutes == 0 and not any(self.calendar.values())

    def text(self) -> str:
        """Indonesian text without the '±': '7 jam 15 menit', '2 hari + 1 jam', '' when zero.
        Units that do not add up into each other (weeks, working days, days) are joined by
        '+', so that '1 minggu + 8 hari kerja + 1 hari' is not read as one odd phrase."""
        parts = [f"{angka(self.calendar[u])} {u.value}" for u in _CALENDAR_UNITS
                 if self.calendar.get(u)]
        hours, minutes = divmod(self.minutes, 60)
        clock = [f"{angka(hours)} jam" if hours else "",
                 f"{angka(round(minutes, 2))} menit" if minutes else ""]
        if any(clock):
            parts.append(" ".join(p for p in clock if p))
        return " + ".join(parts)


def total(steps: list[Step]) -> Duration:
    """The sum of the steps' time standards (steps without one count as nothing)."""
    minutes = 0.0
    calendar: dict[TimeUnit, float] = {}
    for step in steps:
        if step.waktu is None:
            continue
        if step.waktu.unit is TimeUnit.MENIT:
            minutes += step.waktu.nilai
        elif step.waktu.unit is TimeUnit.JAM:
            minutes += step.waktu.nilai * 60
        else:
            calendar[step.waktu.unit] = calendar.get(step.waktu.unit, 0.0) + step.waktu.nilai
    return Duration(minutes, calendar)


@dataclass(frozen=True)
class FlowSummary:
    """What the SOP page says about the flow: total time, step counts and actors."""

    duration: Duration
    main_steps: int
    steps: int
    untimed: int  # steps on the main path without a time standard

    def text(self) -> str:
        """'±7 jam 15 menit', or 'tidak ditetapkan' when no step on the main path has a time."""
        return f"±{self.duration.text()}" if not self.duration.is_zero else "tidak ditetapkan"


def summarize(sop: Sop) -> FlowSummary:
    """Total time along the main path (first branch of every decision) and step counts. A time
    standard spanning several steps (`waktu.sampai`) is its first step's: counted once, and the
    steps it covers are not untimed."""
    path = graph.main_path(sop)
    covered = spans(sop)
    return FlowSummary(
        duration=total(path),
        main_steps=len(path),
        steps=len(sop.steps),
        untimed=sum(1 for s in path if s.waktu is None and s.no not in covered),
    )


def spans(sop: Sop) -> dict[int, tuple[Step, Step]]:
    """The steps a time standard spans (`waktu.sampai`), by number: its first and last step."""
    return {sop.steps[i].no: (sop.steps[first], sop.steps[last])
            for first, last in sop.waktu_spans() for i in range(first, last + 1)}


@dataclass(frozen=True)
class FlowPart:
    """One flowchart of the web page: a sub-procedure's title ('' for the whole flow), its
    steps, its swimlane source and flowchart SVG, and its total time on the main path."""

    title: str
    steps: list[Step]
    diagram: str
    svg: str
    duration: Duration


def flow_parts(sop: Sop, diagrams: list[str], svgs: list[str]) -> list[FlowPart]:
    """The SOP's flowcharts as the web page shows them: one per sub-procedure, else one; the
    drawings are one per flowchart (sop.mermaid.swimlanes, sop.site.parts.flowchart_svgs)."""
    bounds = sop.sub_parts() or [("", 0, len(sop.steps) - 1)]
    path = {s.no for s in graph.main_path(sop)}
    out = []
    for (title, first, last), diagram, svg in zip(bounds, diagrams, svgs, strict=True):
        steps = sop.steps[first:last + 1]
        out.append(FlowPart(title, steps, diagram, svg, total([s for s in steps if s.no in path])))
    return out
