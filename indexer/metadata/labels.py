"""Metadata rows: where a label occurs, and the value that follows it.

Pages write rows inline (`Kezdés: 2020-12-01`), as table/definition cells (`label value`) or
stacked (label paragraph, then value paragraph); prose puts a value right after its phrase.
A row opens its line, so a project data block can win over a sum or date a sentence quotes.
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
PROSE, BARE_ROW, ROW = 0, 1, 2
_PREFIX_LIMIT = 40  # `A projekt megvalósításának` before `időszaka`; more is a sentence
_NOT_LABEL_PREFIX_RE = re.compile(r"[\d.!?;:,]")
_BARE_ROW_LIMIT = 110
_BARE_ROW_WORDS = 12
_BARE_ROW_LOWER_WORDS = 3  # `bruttó 150 000 000 forint`, `2019. június 30.`, `Terület- és Településfejlesztési …`
_LOWER_WORD_RE = re.compile(r"(?<![^\s(])[a-záéíóöőúüű]+\b")
# What is left of a label without a colon before its value: the rest of its last word, its English
# gloss, then up to two lower-case words or a bracketed gloss (`kezdés|i dátuma 2017.03.01`,
# `befejez|és/End 2018. október 31.`, `összege (EUR) 30 000`).
_LABEL_TAIL_RE = re.compile(r"[^\W\d_]*(?:\s?/\s?[A-Za-z]+(?:\s[a-z]+)?(?=\s))?"
                            r"(?:\s+(?:[a-záéíóöőúüű][^\W\d_]*|\([^()\d]{0,20}\))(?=\s)){0,2}")


@lru_cache(maxsize=4)
def lowered(text: str) -> str:
    """Lower-case copy with the same offsets (falls back to the text when lengths differ);
    cached because every stage helper asks for the same page's copy."""
    low = text.lower()
    return low if len(low) == len(text) else text


def label_spans(low: str, labels: Sequence[str]) -> list[tuple[int, int]]:
    """Start and end offsets of every occurrence of any label (lower-case literals), in text order."""
    spans: list[tuple[int, int]] = []
    for label in labels:
        start = low.find(label)
        while start >= 0:
            spans.append((start, start + len(label)))
            start = low.find(label, start + 1)
    return sorted(spans)


def row_strength(text: str, start: int, end: int) -> int:
    """How surely the label at text[start:end] heads a data row: `ROW` when it opens its line
    (an article or a word or two before it) and a colon follows or its value stands on the next
    line, `BARE_ROW` when it opens a short line without a colon (a table row, `Alap Kohéziós Alap`),
    else `PROSE`."""
    line_start = text.rfind("\n", 0, start) + 1
    if start > line_start and text[start - 1].isalnum() or start - line_start > _PREFIX_LIMIT or _NOT_LABEL_PREFIX_RE.search(text, line_start, start):
        return PROSE
    line_end = text.find("\n", end)
    rest = text[end:line_end if line_end >= 0 else len(text)]
    if not rest.strip() or rest.find(":", 0, _COLON_WINDOW) >= 0 or "\t" in rest[:_COLON_WINDOW]:
        return ROW
    if len(rest) + end - line_start > _BARE_ROW_LIMIT or len(rest.split()) > _BARE_ROW_WORDS:
        return PROSE
    tail = _LABEL_TAIL_RE.match(rest)
    # A value is names, numbers, dates and codes; a sentence has lower-case words to spare.
    return BARE_ROW if len(_LOWER_WORD_RE.findall(rest, tail.end() if tail else 0)) <= _BARE_ROW_LOWER_WORDS else PROSE


def value_after(text: str, start: int) -> str:
    """Text following a label that ends at `start`: the rest of its line after a nearby colon (else
    after the rest of the label's words, `időszak|a`, `kezdési dátuma`), or the next non-empty
    line when that rest holds no digit; at most 120 characters."""
    end = text.find("\n", start)
    line = text[start:end if end >= 0 else len(text)]
    colon = line.find(":", 0, _COLON_WINDOW)
    if colon >= 0:
        line = line[colon + 1:]
    elif tail := _LABEL_TAIL_RE.match(line):
        line = line[tail.end():]
    if end >= 0 and not _DIGIT_RE.search(line):
        line = text[end:end + 2 * _LIMIT].lstrip().split("\n", 1)[0]
    return line[:_LIMIT].lstrip(" \t\u00a0-–/")


def labelled_values(text: str, low: str, labels: Sequence[str]) -> list[tuple[int, int]]:
    """(row strength, value offset) of each occurrence of the labels, in text order: one scan of
    the page serves every strength a caller tries (`by_strength`)."""
    return [(row_strength(text, start, end), end) for start, end in label_spans(low, labels)]


def by_strength(text: str, found: Sequence[tuple[int, int]], *, least: int = PROSE) -> Iterator[str]:
    """The values of `labelled_values`: data rows first, then bare rows, then prose (down to
    `least`), each in text order."""
    for strength in (ROW, BARE_ROW, PROSE)[:3 - least]:
        yield from (value_after(text, end) for found_strength, end in found if found_strength == strength)


def values_by_strength(text: str, low: str, labels: Sequence[str], *, least: int = PROSE) -> Iterator[str]:
    """The value after each occurrence of the labels, data rows first (see `by_strength`)."""
    return by_strength(text, labelled_values(text, low, labels), least=least)


def values_after(text: str, low: str, labels: Sequence[str]) -> Iterator[str]:
    """The value after each occurrence of the labels, in text order."""
    for end in (end for _, end in label_spans(low, labels)):
        yield value_after(text, end)
