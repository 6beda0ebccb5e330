"""Static files the site serves from its own host: fonts and the pinned Mermaid bundle."""

from __future__ import annotations

from pathlib import Path

from sop.errors import BuildError
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


# ------------------------------------------------------------------ search worker patch
#: Served next to Material's search worker, so the worker's relative paths stay valid.
SEARCH_WORKER_URI = "assets/javascripts/workers/sop-search.js"
_SEARCH_WORKER = """\
/* Material's search worker, with lunr's query lexer splitting terms where the index does.
   lunr copies its default separator /[\\s\\-]+/ into QueryLexer.termSeparator when it loads;
   Material later sets only tokenizer.separator (mkdocs.yml `separator`). Without this, a
   query such as "28/BK-LMMBK" is cut at "-" and can never match the number it came from. */
importScripts("{worker}");
Object.defineProperty(self.lunr.QueryLexer, "termSeparator", {{
  configurable: true,
  get: function () {{ return self.lunr.tokenizer.separator; }}
}});
"""


def material_search_worker() -> str:
    """File name of the installed Material search worker (e.g. 'search.a7633da7.min.js')."""
    import material

    folder = Path(material.__file__).parent / "templates/assets/javascripts/workers"
    found = sorted(folder.glob("search.*.min.js"))
    if len(found) != 1:
        raise BuildError(f"expected one Material search worker in {folder}, found {len(found)}")
    return found[0].name


def search_worker_script() -> str:
    """The patched worker script (imports Material's worker by its hashed name)."""
    return _SEARCH_WORKER.format(worker=material_search_worker())
