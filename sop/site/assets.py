"""Static files the site serves from its own host: fonts and the pinned Mermaid bundle."""

from __future__ import annotations

from pathlib import Path

from sop.site import parts

#: Subset WOFF2 faces made from sop/assets/fonts/ by scripts/webfonts.py, which also writes
#: their @font-face rules (docs/stylesheets/sop-fonts.css); the PDFs use the TTFs themselves.
WEBFONTS_DIR = Path(__file__).resolve().parent.parent / "assets" / "webfonts"
MERMAID_URI = "assets/javascripts/mermaid.min.js"


def static_files() -> list[tuple[str, Path]]:
    """(site path, source file) of every static asset; BuildError if Mermaid is not installed."""
    result = [(f"assets/fonts/{path.name}", path)
              for path in sorted(WEBFONTS_DIR.glob("*.woff2"))]
    result.append((MERMAID_URI, parts.mermaid_js()))
    return result
