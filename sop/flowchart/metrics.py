"""Text measurement and wrapping with the shipped Liberation Sans advance widths."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from sop.flowchart import hyphen

FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
FONT_FILES = {False: "LiberationSans-Regular.ttf", True: "LiberationSans-Bold.ttf"}


PT_PER_PX = 0.75
"""A layout px prints as 0.75 pt on an unscaled PDF sheet."""
READABLE_PT = 6.5
MIN_FONT = READABLE_PT / PT_PER_PX
"""The smallest text size in px: 6.5 pt when printed."""

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
    """Break a word that is wider than the line into pieces that fit: hyphenated between
    syllables (sop.flowchart.hyphen), or between characters where no syllable break fits."""
    pieces, current = [], ""
    syllables = hyphen.syllables(word)
    for n, part in enumerate(syllables):
        last = n == len(syllables) - 1
        if current and text_width(current + part + ("" if last else "-"), size, bold) > width:
            pieces.append(current + "-")
            current = ""
        current += part
    if current:
        pieces.append(current)
    return [bit for piece in pieces for bit in _split_chars(piece, width, size, bold)]


def _split_chars(word: str, width: float, size: float, bold: bool) -> list[str]:
    """Break a word between characters (a code, or a syllable wider than the line)."""
    if text_width(word, size, bold) <= width:
        return [word]
    pieces, current = [], ""
    for ch in word:
        if current and text_width(current + ch, size, bold) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    return [*pieces, current] if current else pieces


def fitted(texts: list[str], width: float, size: float, bold: bool = False
           ) -> tuple[list[list[str]], float]:
    """Texts wrapped to `width` at the largest size from `size` down to MIN_FONT (in quarter
    px) at which every word fits; at MIN_FONT words that still do not fit are hyphenated."""
    widest = max((longest_word(text, 1.0, bold) for text in texts), default=0.0)
    while size > MIN_FONT and widest * size > width:
        size = max(MIN_FONT, size - 0.25)
    return [wrap(text, width, size, bold) for text in texts], size


def wrap_words(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap that never breaks a word: a word wider than `width` has a line of its
    own (the caller makes room for it, or sets the text smaller)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if not current or text_width(candidate, size, bold) <= width:
                current = candidate
                continue
            lines.append(current)
            current = word
        lines.append(current)
    return lines


def longest_word(text: str, size: float, bold: bool = False) -> float:
    """Width of the widest word of a text."""
    return max((text_width(word, size, bold) for word in text.split()), default=0.0)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of text into lines no wider than `width` (a word wider than a line is
    hyphenated, see _split_word)."""
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
