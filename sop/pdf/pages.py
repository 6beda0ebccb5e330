"""Page geometry shared by the CSS (@page rules) and the flowchart layout (its size in px).

One source of truth: the templates print these margins into @page rules, and the flowchart is
laid out for exactly the content box of a landscape page minus the sheet's title line.
"""

from __future__ import annotations

from dataclasses import dataclass

PX_PER_MM = 96 / 25.4
FLOW_TITLE_PX = 30.0
"""Height reserved above each flowchart page for its one-line title (see .flow-title in CSS)."""


@dataclass(frozen=True)
class PageBox:
    """An A4 page with its margins, in millimetres."""

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

# A hair of slack so rounding in the layout engine never pushes a sheet onto a new page.
FLOW_WIDTH_PX = LANDSCAPE.content_width_px - 2
FLOW_HEIGHT_PX = LANDSCAPE.content_height_px - FLOW_TITLE_PX - 4
