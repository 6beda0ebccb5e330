"""The site's one bridge to the other rendering stages: Mermaid, the flowchart engine, PDFs.

The site pages call these, never the stages directly, so the contract between the helpers
(BRIEF-INTEGRATION) is visible in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from sop import flowchart, mermaid
from sop.flowchart import table
from sop.dataset import DataSet
from sop.model import Actor, Sop

if TYPE_CHECKING:
    from sop.pdf.build import PdfBuild, Progress


def swimlanes(sop: Sop, actors: Mapping[str, Actor]) -> list[str]:
    """The Mermaid source of the SOP's swimlane diagram, one per sub-procedure (every label
    escaped by sop.mermaid)."""
    return mermaid.swimlanes(sop, actors)


def mermaid_js() -> Path:
    """The pinned mermaid.min.js; BuildError ("run `npm ci`") when it is not installed."""
    return Path(mermaid.MERMAID_JS())


def flowchart_svgs(sop: Sop, actors: Mapping[str, Actor],
                   fmt: table.Format = table.DEFAULT) -> list[str]:
    """The PermenPAN flowchart table drawn as one SVG for the web page (one per
    sub-procedure)."""
    return list(flowchart.render_svg_pages(sop, actors, max_height=None, fmt=fmt))


def start_pdfs(
    data: DataSet, *, site_url: str, cache_dir: Path, progress: Progress | None
) -> PdfBuild:
    """Every PDF of the data set, started now (sop.pdf.build.PdfBuild): the workers render into
    cache_dir while the site builds; its finish(out_dir) publishes them."""
    from sop.pdf.build import PdfBuild  # WeasyPrint loads only when PDFs are built

    pdfs = PdfBuild(data, site_url=site_url, cache_dir=cache_dir, progress=progress)
    pdfs.start()
    return pdfs
