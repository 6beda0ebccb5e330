"""Turn rendered HTML into PDF bytes with WeasyPrint, reading local files only.

Nothing is fetched from the network: the fetcher allows data: URIs and files inside the
package's assets folder (the fonts); everything else in the HTML is already inline.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from sop.errors import BuildError
from sop.pdf import flowtext
from sop.pdf.html import shared_css
from sop.pdf.sources import ASSETS_DIR
from sop.pdf.weasy import CSS, HTML, FontConfiguration, URLFetcher

log = logging.getLogger(__name__)
BASE_URL = ASSETS_DIR.as_uri() + "/"
PDF_VARIANT = "pdf/a-3b"
"""Every PDF WeasyPrint writes is PDF/A-3b (an archive copy): fonts embedded, the sRGB output
intent, XMP metadata with pdfaid:part 3 and conformance B, and a file identifier (/ID)."""


class LocalFetcher(URLFetcher):
    """A URL fetcher that refuses the network and files outside the allowed folders."""

    def __init__(self, roots: tuple[Path, ...]):
        super().__init__(allowed_protocols={"file", "data"})
        self._roots = tuple(r.resolve() for r in roots)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> object:
        if url.startswith("file:"):
            path = Path(self._path(url)).resolve()
            if not any(path.is_relative_to(root) for root in self._roots):
                raise ValueError(f"refusing to read {path}: outside {self._roots}")
        return super().fetch(url, headers)

    @staticmethod
    def _path(url: str) -> str:
        from urllib.request import url2pathname

        return url2pathname(url.split("?")[0].split("#")[0].removeprefix("file:"))


@cache
def _shared() -> tuple[CSS, FontConfiguration, LocalFetcher]:
    """The shared stylesheets and their fonts, parsed once per process (WeasyPrint would parse
    them and load the fonts again for every document)."""
    fonts, fetcher = FontConfiguration(), LocalFetcher((ASSETS_DIR,))
    css = CSS(string=shared_css(), base_url=BASE_URL, url_fetcher=fetcher, font_config=fonts)
    return css, fonts, fetcher


def preload(cuts: dict[bool, bytes] | None = None) -> None:
    """Parse the shared stylesheets and cut the flowchart fonts now (before forking workers),
    or take the cuts made elsewhere (flowtext.latin_cuts)."""
    _shared()
    flowtext.preload(cuts)


def html_to_pdf(html: str) -> bytes:
    """Render one HTML document (from sop.pdf.html) to PDF bytes with the shared stylesheets;
    same HTML, same bytes."""
    css, fonts, fetcher = _shared()
    source = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    document = source.render(font_config=fonts, stylesheets=[css], pdf_variant=PDF_VARIANT)
    placed = flowtext.collect(source.etree_element, document.pages)
    pdf = document.write_pdf(
        finisher=flowtext.finisher(placed) if placed else None,
        pdf_variant=PDF_VARIANT,
        pdf_identifier=True,  # pydyf: the MD5 of the objects, so same HTML, same /ID
        uncompressed_pdf=False,
    )
    if not pdf:
        raise BuildError("WeasyPrint produced an empty PDF")
    return pdf
