"""Near-duplicates: the same project text published on several sites.

Each page gets a 64-value MinHash signature of its prose (word 7-shingles (long enough that pages drawing on the same stock sentences in another order stay apart) of paragraphs long enough
to be sentences; labels, menus and metadata rows differ between the sites' templates and are left
out). One-permutation hashing (one hash per shingle, the minimum kept in each of 64 bins) costs a
single hash per shingle, so signing a page is cheap in pure Python. Candidates come from LSH bands
of the signature and are confirmed by the estimated Jaccard similarity, so the cost grows with the
number of pages, not with its square. A page's group is the id of the first page of its group.
"""
from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence

SIGNATURE_SIZE = 64
_BIN_BITS = 6  # 2**6 == SIGNATURE_SIZE bins
_VALUE_MASK = (1 << (32 - _BIN_BITS)) - 1
_EMPTY = -1
_BAND_ROWS = 2  # 32 bands: a pair at Jaccard 0.4 shares a band with probability 0.996
_SHINGLE = 7
_MIN_PROSE_WORDS = 8
SIMILARITY = 0.4  # estimated Jaccard of prose 7-shingles (c2000: copies 0.35–1.0, 57/59 ≥ 0.4; other project pages < 0.4)
_WORD = re.compile(r"\w+")

Signature = tuple[int, ...]


def signature(text: str) -> Signature:
    """MinHash of the text's prose; all bins empty (-1) when it has none."""
    bins = [_EMPTY] * SIGNATURE_SIZE
    for paragraph in text.split("\n"):
        words = _WORD.findall(paragraph.lower())
        if len(words) < _MIN_PROSE_WORDS:
            continue
        for start in range(len(words) - _SHINGLE + 1):
            shingle = " ".join(words[start:start + _SHINGLE]).encode("utf-8")
            mixed = (zlib.crc32(shingle) * 0x9E3779B1) & 0xFFFFFFFF
            slot, value = mixed >> (32 - _BIN_BITS), mixed & _VALUE_MASK
            if bins[slot] == _EMPTY or value < bins[slot]:
                bins[slot] = value
    return tuple(bins)


def similarity(first: Signature, second: Signature) -> float:
    """Estimated Jaccard similarity: the share of bins, filled in either, holding the same minimum."""
    filled = same = 0
    for a, b in zip(first, second):
        if a == _EMPTY and b == _EMPTY:
            continue
        filled += 1
        same += a == b
    return same / filled if filled else 0.0


def encode_signature(value: Signature) -> str:
    """Compact text form for a stored field: 8 hex digits per bin."""
    return "".join(f"{number & 0xFFFFFFFF:08x}" for number in value)


def decode_signature(text: str) -> Signature:
    numbers = [int(text[start:start + 8], 16) for start in range(0, len(text), 8)]
    return tuple(_EMPTY if number == 0xFFFFFFFF else number for number in numbers)


class DuplicateFinder:
    """Pages added one by one; each joins the group of the most similar earlier page, if any."""

    def __init__(self, *, threshold: float = SIMILARITY) -> None:
        self._threshold = threshold
        self._signatures: dict[str, Signature] = {}
        self._group: dict[str, str] = {}
        self._buckets: dict[tuple[int, ...], list[str]] = defaultdict(list)
        self._position: dict[str, int] = {}

    def add(self, key: str, value: Signature, *, group: str | None = None) -> str:
        """Register a page; return its group: `group` if given (an indexed page), else the id of the
        first page of the group it joins, else its own key."""
        if group is None:
            match = self._best_match(value)
            group = self._group[match] if match is not None else key
        self._signatures[key] = value
        self._group[key] = group
        self._position.setdefault(key, len(self._position))
        if _prose_bins(value) >= SIGNATURE_SIZE // 4:
            for band in _bands(value):
                self._buckets[band].append(key)
        return group

    def _best_match(self, value: Signature) -> str | None:
        if _prose_bins(value) < SIGNATURE_SIZE // 4:  # too little prose to call two pages copies
            return None
        candidates = {key for band in _bands(value) for key in self._buckets.get(band, ())}
        scored = [(similarity(value, self._signatures[key]), key) for key in candidates]
        good = [(score, key) for score, key in scored if score >= self._threshold]
        return max(good, key=lambda item: (item[0], -self._position[item[1]]))[1] if good else None  # earliest wins ties


def group_duplicates(texts: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(key, group) for each (key, cleaned text), in order; a group is named by its first page's key."""
    finder = DuplicateFinder()
    return [(key, finder.add(key, signature(text))) for key, text in texts]


def _bands(value: Signature) -> Iterable[tuple[int, ...]]:
    for start in range(0, SIGNATURE_SIZE, _BAND_ROWS):
        rows = value[start:start + _BAND_ROWS]
        if _EMPTY not in rows:
            yield (start, *rows)


def _prose_bins(value: Sequence[int]) -> int:
    return sum(number != _EMPTY for number in value)

