"""What every PDF is made from besides its data: the package's folders (templates, fonts) and
version, and the institution's logo. Light to import: a build with nothing to render computes
its inputs digest from these without loading the templates or the renderers."""

from __future__ import annotations

import base64
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sop.dataset import DataSet
from sop.files import image_type

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = PACKAGE_DIR / "templates" / "pdf"
ASSETS_DIR = PACKAGE_DIR / "assets"
FONT_DIR = ASSETS_DIR / "fonts"
STAMP_FORMAT = "sop-pdf-stamp/4"
"""Part of the downloadable copy's cache key: change it when the stamping output changes
(sop.pdf.stamp, or sop.pdf.footer's drawing)."""


def package_version() -> str:
    """The installed sop-publisher version (printed into the PDF producer metadata)."""
    try:
        return version("sop-publisher")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0"


def logo_uri(data: DataSet) -> str | None:
    """The institution logo as a data: URI (so the HTML alone determines the PDF)."""
    logo = data.institution.logo
    if not logo:
        return None
    content = (data.root / logo).resolve().read_bytes()
    mime = image_type(content) or "application/octet-stream"  # by content: sop check saw it
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"
