"""Metadata rows: where a label occurs, and the value that follows it.

Pages write rows inline (`Kezdés: 2020-12-01`), as table/definition cells (`label value`) or
stacked (label paragraph, then value paragraph); prose puts a value right after its phrase.
Labels are found with `str.find` on the lower-cased text: a regex alternation scanning 5 KB
pages for a dozen labels was the slowest part of extraction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

_LIMIT = 120
_COLON_WINDOW = 30
_DIGIT_RE = re.compile(r"\d")


@lru_cache(maxsize=4)
def lowered(text: str) -> str:
    """Lower-case copy with the same offsets (falls back to the text when lengths differ);
    cached because every stage helper asks for the same page's copy."""
    low = text.lower()
    return low if len(low) == len(text) else text


def label_ends(low: str, labels: Sequence[str]) -> list[int]:
    """Offsets just past every occurrence of any label (lower-case literals), in text order."""
    ends: list[int] = []
    for label in labels:
        start = low.find(label)
        while start >= 0:
            ends.append(start + len(label))
            start = low.find(label, start + 1)
    return sorted(ends)


def value_after(text: str, start: int) -> str:
    """Text following a label that ends at `start`: the rest of its line after a nearby colon,
    or the next non-empty line when that rest holds no digit; at most 120 characters."""
    end = text.find("\n", start)
    line = text[start:end if end >= 0 else len(text)]
    colon = line.find(":", 0, _COLON_WINDOW)
    if colon >= 0:
        line = line[colon + 1:]
    if end >= 0 and not _DIGIT_RE.search(line):
        line = text[end:end + 2 * _LIMIT].lstrip().split("\n", 1)[0]
    return line[:_LIMIT].lstrip(" \t\u00a0-–/")


def values_after(text: str, low: str, labels: Sequence[str]) -> Iterator[str]:
    """The value after each occurrence of the labels, in text order."""
    for end in label_ends(low, labels):
        yield value_after(text, end)
