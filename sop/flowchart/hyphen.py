"""Where an Indonesian word may be hyphenated at a line end (PUEBI, pemenggalan kata).

Rules, between two vowels of the word: two vowels side by side are split (ma-in, sa-at) unless
they are a diphthong (ai, au, ei, oi); one consonant goes with the vowel after it (ba-pak); of
two consonants the first stays (man-di); of three or more, the first stays (in-stru-men). The
digraphs ng, ny, sy and kh count as one consonant (sa-ngat, ma-nyanyi). No piece is a single
letter, so that a line never ends or starts with one.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

VOWELS = frozenset("aeiouAEIOU")
DIPHTHONGS = frozenset({"ai", "au", "ei", "oi"})
DIGRAPHS = ("ng", "ny", "sy", "kh")


def _units(word: str) -> list[str]:
    """The word as letters, with each digraph as one unit."""
    units, i = [], 0
    while i < len(word):
        pair = word[i:i + 2]
        if pair.lower() in DIGRAPHS:
            units.append(pair)
            i += 2
        else:
            units.append(word[i])
            i += 1
    return units


def _vowel(unit: str) -> bool:
    return unit in VOWELS


@lru_cache(maxsize=4096)
def break_points(word: str) -> tuple[int, ...]:
    """Character offsets where `word` may be split with a hyphen (none for a word with a
    character other than a letter, a number or a code: only words are hyphenated)."""
    if not word.isalpha():
        return ()
    units = _units(word)
    cuts: list[int] = []
    vowels = [i for i, u in enumerate(units) if _vowel(u)]
    for a, b in pairwise(vowels):
        between = b - a - 1
        if between == 0:
            if (units[a] + units[b]).lower() in DIPHTHONGS:
                continue
            cut = b
        elif between == 1:
            cut = a + 1
        else:
            cut = a + 2
        cuts.append(cut)
    offsets = []
    for cut in cuts:
        at = sum(len(u) for u in units[:cut])
        if 2 <= at <= len(word) - 2:
            offsets.append(at)
    return tuple(offsets)


def syllables(word: str) -> list[str]:
    """The word cut at every break point ("Perpustakaan" -> Per, pus, ta, ka, an)."""
    cuts = [0, *break_points(word), len(word)]
    return [word[a:b] for a, b in pairwise(cuts)]
