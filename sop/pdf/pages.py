"""Page geometry shared by the CSS (@page rules) and the flowchart layout (its size in px).

One source of truth: the templates print these margins into @page rules, and the flowchart is
laid out for exactly the content box of a landscape page minus the sheet's title line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

PX_PER_MM = 96 / 25.4
FLOW_TITLE_PX = 30.0
"""Height reserved above each flowchart page for its one-line title (see .flow-title in CSS)."""


@dataclass(frozen=True)
class PageBox:
    """A page with its margins, in millimetres."""

    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float

    @property
    def margin(self) -> str:
        """The CSS `margin` value of the @page rule."""
        return f"{self.top}mm {self.right}mm {self.bottom}mm {self.left}mm"

    @property
    def content_width_px(self) -> float:
        return (self.width - self.left - self.right) * PX_PER_MM

    @property
    def content_height_px(self) -> float:
        return (self.height - self.top - self.bottom) * PX_PER_MM


PORTRAIT = PageBox(210, 297, top=20, right=15, bottom=24, left=22)
LANDSCAPE = PageBox(297, 210, top=17, right=12, bottom=24, left=12)

PAPERS = {"A4": (210.0, 297.0), "F4": (215.0, 330.0)}
"""Paper sizes in mm (width, height upright), by the name institusi.yaml gives (`kertas`). The
margins are the same on every paper: the footer and the book's page numbers hang from the
bottom-left and bottom-right corners, so they print alike on each."""


@dataclass(frozen=True)
class Paper:
    """One paper's page boxes: upright for the text sheets, landscape for the flowchart."""

    name: str
    portrait: PageBox
    landscape: PageBox

    @property
    def flow_size(self) -> tuple[float, float]:
        """The flowchart's width and height in px: a landscape page's content box minus the
        sheet's title line, with a hair of slack so rounding in the layout engine never pushes
        a sheet onto a new page."""
        box = self.landscape
        return box.content_width_px - 2, box.content_height_px - FLOW_TITLE_PX - 4


def paper(name: str = "A4") -> Paper:
    """The page boxes of a paper named in PAPERS, with this module's margins."""
    width, height = PAPERS[name]
    return Paper(
        name,
        replace(PORTRAIT, width=width, height=height),
        replace(LANDSCAPE, width=height, height=width),
    )


FLOW_WIDTH_PX, FLOW_HEIGHT_PX = paper("A4").flow_size
"""The flowchart's size on A4 (the default paper)."""
