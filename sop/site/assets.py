"""Static files the site serves from its own host: fonts and the pinned Mermaid bundle."""

from __future__ import annotations

from pathlib import Path

from sop.site import parts

FONTS_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
#: Faces declared in docs/stylesheets/sop.css; DejaVu only downloads for glyphs Liberation lacks.
FONT_FILES = (
    "LiberationSans-Regular.ttf",
    "LiberationSans-Bold.ttf",
    "LiberationSans-Italic.ttf",
    "LiberationSans-BoldItalic.ttf",
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
)
MERMAID_URI = "assets/javascripts/mermaid.min.js"


def static_files() -> list[tuple[str, Path]]:
    """(site path, source file) of every static asset; BuildError if Mermaid is not installed."""
    result = [(f"assets/fonts/{name}", FONTS_DIR / name) for name in FONT_FILES]
    result.append((MERMAID_URI, parts.mermaid_js()))
    return result
