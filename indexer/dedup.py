"""Near-duplicates: the same project text published on several sites.

A page's fingerprint has two parts. The prose part is a 64-value MinHash of word 7-shingles of its
paragraphs long enough to be sentences (labels, menus and metadata rows differ between the sites'
templates and are left out; 7 words are long enough that pages drawing on the same stock sentences
in another order stay apart). One-permutation hashing keeps one minimum per bin of 64, so each
shingle costs one hash and signing stays cheap in pure Python. The names part is the set of the
page's proper names and long numbers (ids, amounts, dates), hashed.

Two pages are copies when their prose is fairly similar and they name the same places, bodies
and numbers (or nearly the same prose and some of the names): two projects written from the same
stock text (the English pages of a programme often are) share prose but not names. Candidates come from LSH bands
of the prose part, so the cost grows with the number of pages, not with its square. A page's group
is the id of the first page of its group.
"""
from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

SIGNATURE_SIZE = 64
_BIN_BITS = 6  # 2**6 == SIGNATURE_SIZE bins
_VALUE_MASK = (1 << (32 - _BIN_BITS)) - 1
_EMPTY = -1
_BAND_ROWS = 2  # 32 bands: a pair at Jaccard 0.4 shares a band with probability 0.996
_SHINGLE = 7
_MIN_PROSE_WORDS = 8
_MIN_PROSE_BINS = SIGNATURE_SIZE // 4  # less prose than this cannot make two pages copies
# Chosen on the generated corpora (gold duplicate_of): distinct pages written from one stock text
# (English programme pages above all) reach prose similarity 0.64 with no names in common, or
# name overlap 0.5 with prose below 0.5, until the generic words of funding (_GENERIC_NAMES) are
# left out of the names; copies mostly share both. /tmp/c20000 (its cleaned text): 544/574 gold
# pairs found, 1 of 545 grouped pages in a wrong group; /tmp/c5000 132/139 and none.
SAME_TEXT = 0.6
SOME_NAMES = 0.34
SIMILAR_TEXT = 0.4
SAME_NAMES = 0.42
_MAX_BUCKET = 48  # a band value shared by more pages is stock text; it stops taking members
_WORD = re.compile(r"\w+")
# A capitalised word not opening a sentence (a place, a body, a person), or a word with digits.
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÁÉÍÓÖŐÚÜŰ][a-záéíóöőúüű]{3,}|\b\w*\d\w*\b")
_NAME_PREFIX = 6  # Hungarian names inflect: Kisbér, Kisbéren, Kisbérről share their first letters
# Capitalised words every funded project's page uses (fund, programme, union, government, council):
# they name no particular project, so they would make any two pages look alike (first letters).
_GENERIC_NAMES = frozenset(
    "europe union region develo fund projec progra munici hungar govern intere cohesi social nation "
    "cooper commis counci county distri agricu rural partne minist office founda associ "
    "európa unió régió region fejles alap széche magyar kormán operat terüle telepü szociá kohézi "
    "önkorm város megyei község nemzet minisz hivata alapít egyesü társul partne együtt".split()
)

Signature = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Fingerprint:
    prose: Signature
    names: frozenset[int]

    @property
    def has_prose(self) -> bool:
        return sum(value != _EMPTY for value in self.prose) >= _MIN_PROSE_BINS


def fingerprint(text: str) -> Fingerprint:
    return Fingerprint(prose=signature(text), names=_names(text))


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


def name_overlap(first: Fingerprint, second: Fingerprint) -> float:
    union = len(first.names | second.names)
    return len(first.names & second.names) / union if union else 0.0


def is_copy(first: Fingerprint, second: Fingerprint) -> bool:
    score = similarity(first.prose, second.prose)
    if score < SIMILAR_TEXT:
        return False
    names = name_overlap(first, second)
    return names >= SAME_NAMES or (score >= SAME_TEXT and names >= SOME_NAMES)


def encode_fingerprint(value: Fingerprint) -> str:
    """Compact text form for a stored field: 8 hex digits per prose bin, then `.` and the names."""
    prose = "".join(f"{number & 0xFFFFFFFF:08x}" for number in value.prose)
    return prose + "." + "".join(f"{number:08x}" for number in sorted(value.names))


def decode_fingerprint(text: str) -> Fingerprint:
    prose, _, names = text.partition(".")
    bins = [int(prose[start:start + 8], 16) for start in range(0, len(prose), 8)]
    return Fingerprint(
        prose=tuple(_EMPTY if number == 0xFFFFFFFF else number for number in bins),
        names=frozenset(int(names[start:start + 8], 16) for start in range(0, len(names), 8)),
    )


class DuplicateFinder:
    """Pages added one by one; each joins the group of the most similar earlier copy, if any."""

    def __init__(self) -> None:
        self._fingerprints: dict[str, Fingerprint] = {}
        self._group: dict[str, str] = {}
        self._position: dict[str, int] = {}
        self._buckets: dict[tuple[int, ...], list[str]] = defaultdict(list)

    def add(self, key: str, value: Fingerprint, *, group: str | None = None) -> str:
        """Register a page; return its group: `group` if given (an indexed page), else the id of the
        first page of the group it joins, else its own key."""
        if group is None:
            match = self._best_match(value)
            group = self._group[match] if match is not None else key
        self._fingerprints[key] = value
        self._group[key] = group
        self._position.setdefault(key, len(self._position))
        if value.has_prose:
            for band in _bands(value.prose):
                bucket = self._buckets[band]
                if len(bucket) < _MAX_BUCKET:
                    bucket.append(key)
        return group

    def _best_match(self, value: Fingerprint) -> str | None:
        if not value.has_prose:
            return None
        candidates = {key for band in _bands(value.prose) for key in self._buckets.get(band, ())}
        copies = [key for key in candidates if is_copy(value, self._fingerprints[key])]
        if not copies:
            return None
        # The most similar copy; among equally similar ones the earliest.
        return max(copies, key=lambda key: (similarity(value.prose, self._fingerprints[key].prose), -self._position[key]))


def group_duplicates(texts: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(key, group) for each (key, cleaned text), in order; a group is named by its first page's key."""
    finder = DuplicateFinder()
    return [(key, finder.add(key, fingerprint(text))) for key, text in texts]


def _names(text: str) -> frozenset[int]:
    names = set()
    for match in _NAME.finditer(text):
        word = match.group(0)
        token = re.sub(r"\D", "", word) if word[0].isdigit() else word[:_NAME_PREFIX].lower()
        if token and token not in _GENERIC_NAMES:
            names.add(zlib.crc32(token.encode("utf-8")))
    return frozenset(names)


def _bands(value: Signature) -> Iterable[tuple[int, ...]]:
    for start in range(0, SIGNATURE_SIZE, _BAND_ROWS):
        rows = value[start:start + _BAND_ROWS]
        if _EMPTY not in rows:
            yield (start, *rows)
