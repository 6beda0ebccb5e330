"""Files the data names or holds: regular files inside the data folder, of bounded size and of
the type they claim to be. Each check returns what is wrong, worded for the clerk, or None."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from sop.messages import msg

#: Largest logo (or other image) the data may name: it is embedded in every PDF.
MAX_IMAGE_BYTES = 1_000_000
#: Largest width or height, in pixels, of a PNG or JPEG image (a small file can unpack huge).
MAX_IMAGE_PIXELS = 6000

_SVG_ROOT = re.compile(rb"<svg[\s>]")


def file_problem(path: Path, max_bytes: int) -> str | None:
    """Why `path` cannot be read as a file (missing, a folder, a pipe, too large), or None.

    Checked without opening it: opening a FIFO would wait for a writer forever."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return msg("file.not_found")
    except OSError as exc:
        return msg("file.cannot_read", reason=exc.strerror)
    if stat.S_ISDIR(info.st_mode):
        return msg("file.is_folder")
    if not stat.S_ISREG(info.st_mode):
        return msg("file.not_regular")
    if info.st_size > max_bytes:
        return msg("file.too_large", n=max_bytes)
    return None


def image_problem(path: Path) -> str | None:
    """Why `path` is not a usable PNG, JPEG or SVG image, or None."""
    problem = file_problem(path, MAX_IMAGE_BYTES)
    if problem:
        return problem
    try:
        head = path.read_bytes()
    except OSError as exc:
        return msg("file.cannot_read", reason=exc.strerror)
    kind = image_type(head)
    if kind is None:
        return msg("image.not_image")
    if kind == "image/svg+xml":
        return _svg_problem(head)
    return _raster_problem(path)


def image_type(data: bytes) -> str | None:
    """The MIME type of image bytes by their content (never by the file name)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith((b"<?xml", b"<svg", b"<!--")) and _SVG_ROOT.search(data[:4096]):
        return "image/svg+xml"
    return None


def _svg_problem(data: bytes) -> str | None:
    import xml.etree.ElementTree as ET

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return msg("image.svg_doctype")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return msg("image.svg_broken", error=exc)
    if root.tag not in ("{http://www.w3.org/2000/svg}svg", "svg"):
        return msg("image.svg_root")
    return None


def _raster_problem(path: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            if max(width, height) > MAX_IMAGE_PIXELS:
                return msg("image.too_many_pixels", width=width, height=height,
                           limit=MAX_IMAGE_PIXELS)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return msg("image.damaged")
    return None
