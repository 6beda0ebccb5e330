"""Symbols drawn as one picture: found in the rendered page's pixels, cell by cell.

Each actor cell of each row is cut from the page rendered by pdfplumber (pypdfium2), and Pillow
does the pixel work: dark pixels are ink; a flood fill from the cell's border marks what lies
outside every closed outline; a morphological opening (minimum then maximum filter) removes the
thin arrows and lines, leaving the filled symbol. Its shape is read from how full the corners
and the top edge of its bounding box are: a rectangle fills its corners, a pentagon only its
top ones, a capsule its top edge but not its corners, a diamond neither.
"""

from __future__ import annotations

import itertools
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageOps, ImageStat

from sop.importer.draft import Box, SymbolKind

RESOLUTION = 144  # dpi: 2 pixels per point
INK = 160  # grey level under which a pixel is ink
OPENING = 7  # px: wider than a line or an arrowhead's point, narrower than a symbol
INSET = 1.5  # pt: keeps the cell's own border lines out


def find_symbols(page: Any, xs: list[float], actors: list[int], ys: list[float],
                 rows: list[int | None]) -> list[tuple[SymbolKind, Box, int | None, int]]:
    """(kind, box in pt, row, actor index) for each symbol found in the actor cells."""
    scale = RESOLUTION / 72
    image = page.to_image(resolution=RESOLUTION).original.convert("L")
    found: list[tuple[SymbolKind, Box, int | None, int]] = []
    for r, (top, bottom) in enumerate(itertools.pairwise(ys)):
        for a, c in enumerate(actors):
            left, right = xs[c] + INSET, xs[c + 1] - INSET
            crop = image.crop((round(left * scale), round((top + INSET) * scale),
                               round(right * scale), round((bottom - INSET) * scale)))
            shape = outline(crop)
            if shape is None:
                continue
            kind, (x0, y0, x1, y1) = shape
            box = Box(left + x0 / scale, top + INSET + y0 / scale, left + x1 / scale,
                      top + INSET + y1 / scale)
            found.append((kind, box, rows[r], a))
    return found


def outline(cell: Image.Image) -> tuple[SymbolKind, tuple[int, int, int, int]] | None:
    """The one symbol in a cell's pixels, with its bounding box (px), or None."""
    ink = cell.point(lambda v: 255 if v < INK else 0)
    framed = ImageOps.expand(ink, border=2, fill=0)
    ImageDraw.floodfill(framed, (0, 0), 128)  # everything outside any closed outline
    solid = framed.point(lambda v: 0 if v == 128 else 255)
    opened = solid.filter(ImageFilter.MinFilter(OPENING)).filter(ImageFilter.MaxFilter(OPENING))
    box = opened.getbbox()
    if box is None or box[2] - box[0] < 12 or box[3] - box[1] < 8:
        return None
    kind = classify(opened.crop(box))
    x0, y0, x1, y1 = box
    return kind, (x0 - 2, y0 - 2, x1 - 2, y1 - 2)


def _fill(region: Image.Image, box: tuple[int, int, int, int]) -> float:
    return float(ImageStat.Stat(region.crop(box)).mean[0]) / 255


def classify(region: Image.Image) -> SymbolKind:
    """The kind of a filled symbol from its shape (the region is its bounding box)."""
    w, h = region.size
    k = max(2, round(min(w, h) * 0.15))
    top = (_fill(region, (0, 0, k, k)) + _fill(region, (w - k, 0, w, k))) / 2
    low = (_fill(region, (0, h - k, k, h)) + _fill(region, (w - k, h - k, w, h))) / 2
    if top > 0.7:
        return "offpage" if low < 0.3 else "process"
    if 0.75 < w / h < 1.33:
        return "connector"
    edge = _fill(region, (0, 0, w, max(1, round(h * 0.12))))
    return "decision" if edge < 0.35 else "terminator"
