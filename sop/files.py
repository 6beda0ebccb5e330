"""Files the data names or holds: regular files inside the data folder, of bounded size and of
the type they claim to be. Each check returns what is wrong, worded for the clerk, or None."""

from __future__ import annotations

import re
import stat
from pathlib import Path

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
        return "file not found"
    except OSError as exc:
        return f"cannot read file: {exc.strerror}"
    if stat.S_ISDIR(info.st_mode):
        return "is a folder, expected a file"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a pipe or a device); expected a file"
    if info.st_size > max_bytes:
        return f"file is larger than {max_bytes} bytes"
    return None


def image_problem(path: Path) -> str | None:
    """Why `path` is not a usable PNG, JPEG or SVG image, or None."""
    problem = file_problem(path, MAX_IMAGE_BYTES)
    if problem:
        return problem
    try:
        head = path.read_bytes()
    except OSError as exc:
        return f"cannot read file: {exc.strerror}"
    kind = image_type(head)
    if kind is None:
        return "is not a PNG, JPEG or SVG image; save the logo as one of these"
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
        return "is an SVG with a DOCTYPE or entities; save it without them (plain SVG)"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"is not a well-formed SVG image ({exc})"
    if root.tag not in ("{http://www.w3.org/2000/svg}svg", "svg"):
        return "is not an SVG image (its root element is not <svg>)"
    return None


def _raster_problem(path: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            if max(width, height) > MAX_IMAGE_PIXELS:
                return (f"is {width}×{height} pixels; at most {MAX_IMAGE_PIXELS} on each side "
                        "(a logo needs far fewer)")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "is a damaged or unreadable image; save it again as PNG or JPEG"
    return None
