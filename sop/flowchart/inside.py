"""Short text inside a symbol (a step's `teks_simbol`): wrapped, sized, and the symbol it needs.

The text is centred in its box, capsule or diamond, wrapped at spaces at the largest size from
9 px down to the smallest readable one (6.5 pt) at which it fits in at most three lines; only
then are its words hyphenated between syllables (sop.flowchart.hyphen), never broken elsewhere.
The symbol grows taller for its lines, a diamond wider too (up to the column's symbol span);
when a syllable is still wider than the span, `need` says how wide the span must be and the
layout widens the column.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from sop.flowchart import hyphen
from sop.flowchart.metrics import ASCENT, CONTENT, MIN_FONT, text_width, wrap, wrap_words
from sop.flowchart.shapes import Box, TextLine

SIZE = 9.0
LEADING = 1.15
"""Line height as a share of the size."""
PAD = 3.0
"""Room between the text and the outline."""
MAX_LINES = 3
STEP = 0.25
DECISION_STEP = 2.0
"""Widths a diamond tries, this far apart, from its usual width to the column's span."""


@dataclass(frozen=True)
class Inside:
    """The text of one symbol as it is set: its lines and size, the symbol's size for it, and
    the symbol span it needs (more than the column has when a syllable does not fit)."""

    lines: tuple[str, ...]
    size: float
    w: float
    h: float
    need: float = 0.0

    def text_lines(self, box: Box) -> tuple[TextLine, ...]:
        """The lines centred in the symbol's box."""
        line = LEADING * self.size
        top = box.cy - line * len(self.lines) / 2
        base = (line - CONTENT * self.size) / 2 + ASCENT * self.size
        return tuple(TextLine(round(box.cx, 2), round(top + n * line + base, 2), text,
                              self.size, False, "middle") for n, text in enumerate(self.lines))


@lru_cache(maxsize=1024)
def fit(kind: str, text: str, span: float, w0: float, h0: float) -> Inside:
    """The text set inside a symbol of `kind`, usually w0 x h0, at most `span` wide."""
    found = _fitted(kind, text, span, w0, h0)
    if found:
        return found
    need = span + GROW_STEP
    while need < span + MOST_GROWTH and not _fitted(kind, text, need, w0 + need - span, h0):
        need += GROW_STEP
    lines = tuple(wrap(text, max(span - 2 * PAD, 1.0), MIN_FONT))
    h = max(h0, LEADING * MIN_FONT * len(lines) + 2 * PAD)
    return Inside(lines, MIN_FONT, w0, h, math.ceil(need))


GROW_STEP = 2.0
MOST_GROWTH = 400.0


def _fitted(kind: str, text: str, span: float, w0: float, h0: float) -> Inside | None:
    """The text at the largest size it fits at in three lines (hyphenated at the smallest
    size last); a box or capsule may take more lines and grow taller, a diamond may not."""
    size = SIZE
    while size >= MIN_FONT - 1e-9:
        found = _at_size(kind, text, span, w0, h0, size, hyphens=False)
        if found:
            return found
        size -= STEP
    tries = [(True, MAX_LINES)]
    if kind != "decision":
        tries += [(False, 99), (True, 99)]
    for hyphens, lines in tries:
        found = _at_size(kind, text, span, w0, h0, MIN_FONT, hyphens=hyphens, lines=lines)
        if found:
            return found
    return None


def _widest_piece(text: str, size: float) -> float:
    """The widest syllable (with its hyphen) of the text's words."""
    return max((text_width(part + "-", size) for word in text.split()
                for part in hyphen.syllables(word)), default=0.0)


def _wraps(text: str, width: float, size: float, hyphens: bool) -> set[tuple[str, ...]]:
    widths = (width, width * 0.75, width * 0.5, 1.0)
    if hyphens:
        return {tuple(wrap(text, max(x, _widest_piece(text, size)), size)) for x in widths}
    return {tuple(wrap_words(text, x, size)) for x in widths}


def _at_size(kind: str, text: str, span: float, w0: float, h0: float, size: float,
             hyphens: bool, lines: int = MAX_LINES) -> Inside | None:
    """The smallest symbol that holds the text at this size, if one fits the span."""
    best: Inside | None = None
    for wrapped in _wraps(text, span - 2 * PAD, size, hyphens):
        if len(wrapped) > lines:
            continue
        tw = max(text_width(line, size) for line in wrapped) + 2 * PAD
        th = LEADING * size * len(wrapped) + 2 * PAD
        box = _symbol(kind, tw, th, span, w0, h0, tall=lines > MAX_LINES)
        if box and (best is None or (box[1], box[0]) < (best.h, best.w)):
            best = Inside(wrapped, size, box[0], box[1])
    return best


def _symbol(kind: str, tw: float, th: float, span: float, w0: float, h0: float,
            tall: bool = False) -> tuple[float, float] | None:
    """Width and height of the symbol around a tw x th block of text, or None (tall: a box
    or capsule may grow taller than usual)."""
    if kind == "decision":
        w = w0
        while w <= span + 1e-9:
            if tw < w:
                h = max(h0, th / (1 - tw / w))
                if h <= max(h0, 0.8 * w):
                    return w, round(h, 2)
            w += DECISION_STEP
        return None
    if tw > w0:
        return None
    h = max(h0, th)
    if kind == "capsule":
        while _capsule_room(w0, h, th) < tw:
            h += 1.0
            if (h > w0 and not tall) or h > 4 * max(w0, th):
                return None
    return w0, round(h, 2)


def _capsule_room(w: float, h: float, th: float) -> float:
    """Width of a capsule's inside at th/2 above and below its middle."""
    r = h / 2
    half = th / 2
    return w - 2 * r + 2 * math.sqrt(max(r * r - half * half, 0.0))
