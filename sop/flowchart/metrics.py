"""Text measurement and wrapping with the shipped Liberation Sans advance widths."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
FONT_FILES = {False: "LiberationSans-Regular.ttf", True: "LiberationSans-Bold.ttf"}


ASCENT = 0.905
CONTENT = 1.117
"""Liberation Sans ascent and ascent + descent (em, from its hhea table): in a line box of
height h, CSS sets the baseline (h - CONTENT * size) / 2 + ASCENT * size below its top."""


@lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Advance width per code point (in em) and the width of a missing glyph."""
    font = TTFont(FONT_DIR / FONT_FILES[bold], lazy=True)
    upem = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    widths = {cp: metrics[name][0] / upem for cp, name in font.getBestCmap().items()}
    missing = metrics[".notdef"][0] / upem if ".notdef" in metrics else 0.5
    font.close()
    return widths, missing


@lru_cache(maxsize=8192)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of a single line of text in px at the given font size."""
    widths, missing = _advances(bold)
    return sum(widths.get(ord(ch), missing) for ch in text) * size


def _split_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """Break a word that is wider than the line into pieces that fit."""
    pieces, current = [], ""
    for ch in word:
        if current and text_width(current + ch, size, bold) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    return [*pieces, current] if current else pieces


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of text into lines no wider than `width` (long words are broken)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size, bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            pieces = _split_word(word, width, size, bold)
            lines.extend(pieces[:-1])
            current = pieces[-1] if pieces else ""
        lines.append(current)
    return lines
