"""Proof that a quote is in its source and that a value is in its quote.

The matching rules are deliberately narrow so that "verbatim" keeps its meaning: whitespace runs
collapse to one space, typographic quotes and dashes are straightened, and nothing else changes.
A quote may join two verbatim parts of one passage with " ... ".
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

from .paths import SOURCES

_TRANSLATE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
})
ELLIPSIS = " ... "
# How far apart (in characters of normalised text) the parts of a joined quote may stand.
MAX_GAP = 2000


def normalise(text: str) -> str:
    """Straighten quotes and dashes, collapse whitespace (the only liberties a quote may take)."""
    return re.sub(r"\s+", " ", text.translate(_TRANSLATE)).strip()


@lru_cache(maxsize=None)
def source_text(key: str, directory: Path = SOURCES) -> str:
    """The normalised text of source ``key`` (``data/sources/<key>.txt``)."""
    return normalise((directory / f"{key}.txt").read_text(encoding="utf-8"))


def quote_problem(quote: str, text: str) -> str | None:
    """Why ``quote`` is not verbatim in ``text`` (normalised), or None if it is.

    Joined parts must appear in order, each within ``MAX_GAP`` characters of the one before;
    every occurrence of a part is tried, so a common opening ("In July 2021") does not mislead.
    """
    parts = [p.strip() for p in normalise(quote).split(ELLIPSIS.strip())]
    if any(not p for p in parts):
        return "a part of the quote joined by '...' is empty"
    for i, part in enumerate(parts):
        if part not in text:
            return f"not found in the source: {part[:80]!r}"
    if _chain(parts, text, 0, None):
        return None
    return f"the {len(parts)} parts joined by '...' are each in the source but not in order within {MAX_GAP} characters"


def _chain(parts: list[str], text: str, index: int, previous_end: int | None) -> bool:
    if index == len(parts):
        return True
    start = 0 if previous_end is None else previous_end
    found = text.find(parts[index], start)
    while found >= 0:
        if previous_end is not None and found - previous_end > MAX_GAP:
            return False
        if _chain(parts, text, index + 1, found + len(parts[index])):
            return True
        found = text.find(parts[index], found + 1)
    return False


_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "hundred": 100, "a hundred": 100, "dozen": 12, "a dozen": 12,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twice": 2, "half": 0.5,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:st|nd|rd|th)?"
    r"(\s+and\s+a\s+half)?"
    r"(?:\s?(thousand|million|mln|billion|bn|m)\b)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"\b(" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def numbers_in(quote: str) -> list[float]:
    """Every number written in ``quote``: digits (with commas, decimals, scale words) or words."""
    found: list[float] = []
    for whole, decimals, half, scale in _NUMBER.findall(quote):
        value = float(whole.replace(",", "") + (decimals or ""))
        value += 0.5 if half else 0
        found.append(value)
        if scale:
            found.append(value * _SCALES[scale.lower()])
    found.extend(float(_WORDS[w.lower()]) for w in _WORD.findall(quote))
    return found


def value_in_quote(value: float, quote: str) -> bool:
    """True when ``value`` is written in ``quote`` in some form (35000 in "35,000")."""
    return any(math.isclose(value, n, rel_tol=1e-9, abs_tol=1e-9) for n in numbers_in(quote))
