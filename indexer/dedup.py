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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

SIGNATURE_SIZE = 64
_BIN_BITS = 6  # 2**6 == SIGNATURE_SIZE bins
_VALUE_MASK = (1 << (32 - _BIN_BITS)) - 1
_EMPTY = -1
_BAND_ROWS = 2  # 32 bands: a pair at Jaccard 0.4 shares a band with probability 0.996
_BANDS = SIGNATURE_SIZE // _BAND_ROWS
_VALUE_BITS = 32 - _BIN_BITS
# A band as one integer for the indexed pages' arrays: its number, then its rows' values.
assert _BANDS.bit_length() + _VALUE_BITS * _BAND_ROWS < 64
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
FOLD_EVERY = 4096  # pages a finder adds as objects before it folds them into arrays
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
    for a, b in zip(first, second, strict=True):
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
    return prose + "." + _encode_names(value.names)


def _encode_names(names: frozenset[int]) -> str:
    return "".join(f"{number:08x}" for number in sorted(names))


def decode_fingerprint(text: str) -> Fingerprint:
    prose, _, names = text.partition(".")
    bins = [int(prose[start:start + 8], 16) for start in range(0, len(prose), 8)]
    return Fingerprint(prose=tuple(_EMPTY if number == 0xFFFFFFFF else number for number in bins), names=_decode_names(names))


def _decode_names(names: str) -> frozenset[int]:
    return frozenset(int(names[start:start + 8], 16) for start in range(0, len(names), 8))


class DuplicateFinder:
    """Pages added one by one; each joins the group of the most similar earlier copy, if any.

    `with_indexed` starts from many pages at once, as an update does from its index's pages; they
    are held as arrays (`_IndexedFingerprints`), and the pages added after them as objects, until
    `fold_every` of them are folded into the arrays: as objects (tuples of ints, 32 bucket entries)
    a page took 10.5 KB, 194 MB for the 19,316 fingerprinted pages of a 20,000-page build and so
    about 1 GB at 100,000; folded, 1.3 KB. A finder that met a key twice, or a fingerprint the
    arrays cannot hold, keeps its pages as objects: folded, the page's earlier buckets would be lost.
    """

    def __init__(self, *, fold_every: int = FOLD_EVERY) -> None:
        self._indexed = _IndexedFingerprints.empty()
        self._fingerprints: dict[str, Fingerprint] = {}
        self._group: dict[str, str] = {}
        self._position: dict[str, int] = {}
        self._buckets: dict[tuple[int, ...], list[str]] = defaultdict(list)
        self._fold_every = fold_every
        self._foldable = True

    @classmethod
    def with_indexed(cls, pages: Sequence[tuple[str, str, str]], *, fold_every: int = FOLD_EVERY) -> DuplicateFinder:
        """A finder holding (key, encoded fingerprint, group) pages, as if each were `add`ed with its group in turn."""
        finder = cls(fold_every=fold_every)
        indexed = _IndexedFingerprints.of(pages)
        if indexed is not None:
            finder._indexed = indexed
        else:  # fingerprints this version did not write, or a key twice: one by one, as ever
            for key, encoded, group in pages:
                finder.add(key, decode_fingerprint(encoded), group=group)
        return finder

    def add(self, key: str, value: Fingerprint, *, group: str | None = None) -> str:
        """Register a page; return its group: `group` if given (an indexed page), else the id of the
        first page of the group it joins, else its own key."""
        bands = list(_bands(value.prose)) if value.has_prose else []
        slots = self._indexed.slots(bands)  # looked up once, for the match and for the buckets
        if group is None:
            match = self._best_match(value, bands, slots)
            group = self._group_of(match) if match is not None else key
        if key in self._fingerprints or self._indexed.row(key) is not None:
            self._foldable = False  # met again: it keeps its first position
        else:
            self._position[key] = len(self._indexed) + len(self._position)
        self._fingerprints[key] = value
        self._group[key] = group
        for band, indexed in zip(bands, self._indexed.bucket_sizes(slots), strict=True):
            bucket = self._buckets[band]
            if len(bucket) + indexed < _MAX_BUCKET:
                bucket.append(key)
        if self._foldable and len(self._position) >= self._fold_every:
            self._fold()
        return group

    def _fold(self) -> None:
        """The pages added as objects appended to the arrays, in the order they were added (their positions)."""
        keys = list(self._position)
        folded = self._indexed.extended(keys, [self._group[key] for key in keys], [self._fingerprints[key] for key in keys])
        if folded is None:
            self._foldable = False
            return
        self._indexed = folded
        self._fingerprints.clear()
        self._group.clear()
        self._position.clear()
        self._buckets.clear()

    def _best_match(self, value: Fingerprint, bands: list[tuple[int, ...]], slots: list[int]) -> str | None:
        if not bands:
            return None
        candidates = {key for band in bands for key in self._buckets.get(band, ())}
        # An indexed page's prose is compared as arrays first: one less similar than a copy can be
        # is not a copy, unless it has come back since with other text (then it is judged by that).
        for key, similar in self._indexed.members(slots, value.prose):
            if similar or key in self._fingerprints:
                candidates.add(key)
        copies = [key for key in candidates if is_copy(value, self._fingerprint(key))]
        if not copies:
            return None
        # The most similar copy; among equally similar ones the earliest.
        return max(copies, key=lambda key: (similarity(value.prose, self._fingerprint(key).prose), -self._position_of(key)))

    def _fingerprint(self, key: str) -> Fingerprint:
        known = self._fingerprints.get(key)
        return known if known is not None else self._indexed.fingerprint(key)

    def _group_of(self, key: str) -> str:
        known = self._group.get(key)
        return known if known is not None else self._indexed.group(key)

    def _position_of(self, key: str) -> int:
        row = self._indexed.row(key)
        return row if row is not None else self._position[key]


class _IndexedFingerprints:
    """Pages' fingerprints, groups and LSH buckets as arrays: 100,000 indexed pages decoded and
    bucketed in well under a second, where adding them one by one took 17 s and held 3 million
    bucket entries as objects.

    A page's position is its row. A band value is one integer (`_band_code`); `_codes` holds each
    value that has members, sorted, and `_members[_starts[i]:_starts[i + 1]]` the rows of the i-th,
    the first `_MAX_BUCKET` in row order, as `add` would have kept them. Names are decoded only for
    the pages that turn out to be candidates.
    """

    def __init__(self, keys: list[str], groups: list[str], prose: np.ndarray, names: list[str]) -> None:
        self._keys = keys
        self._rows = {key: row for row, key in enumerate(keys)}
        self._groups = groups
        self._prose = prose  # (pages, SIGNATURE_SIZE) uint32, 0xFFFFFFFF for an empty bin
        self._names = names  # the hex names part of each page's encoded fingerprint
        self._decoded: dict[int, Fingerprint] = {}
        self._codes, self._starts, self._members = _band_index(prose)
        self._sizes = np.diff(self._starts).astype(np.int32)  # pages in each bucket

    @classmethod
    def empty(cls) -> _IndexedFingerprints:
        return cls([], [], np.zeros((0, SIGNATURE_SIZE), dtype=np.uint32), [])

    @classmethod
    def of(cls, pages: Sequence[tuple[str, str, str]]) -> _IndexedFingerprints | None:
        """The pages as arrays; None unless each key is new and each fingerprint as `encode_fingerprint` writes it."""
        keys = [key for key, _, _ in pages]
        if len(set(keys)) != len(keys):
            return None
        parts = [encoded.partition(".") for _, encoded, _ in pages]
        prose = _decode_prose([part[0] for part in parts])
        if prose is None or not _are_names([part[2] for part in parts]):
            return None
        return cls(keys, [group for _, _, group in pages], prose, [part[2] for part in parts])

    def extended(self, keys: list[str], groups: list[str], fingerprints: list[Fingerprint]) -> _IndexedFingerprints | None:
        """These pages and more after them, in order; None if a fingerprint has bins `signature` cannot give."""
        if any(len(value.prose) != SIGNATURE_SIZE for value in fingerprints):
            return None
        prose = np.array([value.prose for value in fingerprints], dtype=np.int64).reshape(len(fingerprints), SIGNATURE_SIZE)
        if ((prose < _EMPTY) | (prose > _VALUE_MASK)).any():
            return None
        names = [_encode_names(value.names) for value in fingerprints]
        extra = np.where(prose == _EMPTY, 0xFFFFFFFF, prose).astype(np.uint32)
        return _IndexedFingerprints(
            self._keys + keys, self._groups + groups, np.concatenate([self._prose, extra]), self._names + names
        )

    def __len__(self) -> int:
        return len(self._keys)

    def row(self, key: str) -> int | None:
        return self._rows.get(key)

    def group(self, key: str) -> str:
        return self._groups[self._rows[key]]

    def fingerprint(self, key: str) -> Fingerprint:
        row = self._rows[key]
        known = self._decoded.get(row)
        if known is None:
            prose = tuple(_EMPTY if number == 0xFFFFFFFF else number for number in self._prose[row].tolist())
            known = self._decoded[row] = Fingerprint(prose=prose, names=_decode_names(self._names[row]))
        return known

    def members(self, slots: list[int], prose: Signature) -> list[tuple[str, bool]]:
        """Each page in the buckets at these `slots`, and whether its prose is as similar to `prose` as a copy's must be."""
        slots = [slot for slot in slots if slot >= 0]
        if not slots:
            return []
        rows = np.unique(np.concatenate([self._members[self._starts[slot]:self._starts[slot + 1]] for slot in slots]))
        similar = _similarities(self._prose[rows], prose) >= SIMILAR_TEXT
        return [(self._keys[row], close) for row, close in zip(rows.tolist(), similar.tolist(), strict=True)]

    def bucket_sizes(self, slots: list[int]) -> list[int]:
        """How many pages the bucket at each of `slots` holds here."""
        if not len(self._sizes):
            return [0] * len(slots)
        picked = np.array(slots, dtype=np.int64)
        sizes: list[int] = np.where(picked >= 0, self._sizes[picked], 0).tolist()
        return sizes

    def slots(self, bands: list[tuple[int, ...]]) -> list[int]:
        """The position in `_codes` of each band, -1 for a band no page here has."""
        if not len(self._codes) or not bands:
            return [-1] * len(bands)
        codes = _band_codes(np.array(bands, dtype=np.int64))
        slots = np.minimum(np.searchsorted(self._codes, codes), len(self._codes) - 1)
        found: list[int] = np.where(self._codes[slots] == codes, slots, -1).tolist()
        return found


def _similarities(rows: np.ndarray, prose: Signature) -> np.ndarray:
    """`similarity` of each row of prose bins (uint32, 0xFFFFFFFF empty) to `prose`, the same floats."""
    bins = rows.astype(np.int64)
    bins[rows == 0xFFFFFFFF] = _EMPTY
    other = np.array(prose, dtype=np.int64)
    counted = (bins != _EMPTY) | (other != _EMPTY)
    filled = counted.sum(axis=1)
    same = ((bins == other) & counted).sum(axis=1)
    similarities: np.ndarray = np.divide(same, filled, out=np.zeros(len(rows)), where=filled > 0)
    return similarities


def _decode_prose(texts: list[str]) -> np.ndarray | None:
    """The prose bins of encoded fingerprints as a (pages, SIGNATURE_SIZE) uint32 array, or None if any
    is not 8 hex digits per bin with values `signature` can give."""
    width = 8 * SIGNATURE_SIZE
    if any(len(text) != width for text in texts):
        return None
    try:
        raw = bytes.fromhex("".join(texts))
    except ValueError:
        return None
    if len(raw) != 4 * SIGNATURE_SIZE * len(texts):  # fromhex passes over whitespace
        return None
    prose = np.frombuffer(raw, dtype=">u4").reshape(len(texts), SIGNATURE_SIZE).astype(np.uint32)
    if ((prose > _VALUE_MASK) & (prose != 0xFFFFFFFF)).any():
        return None
    return prose


def _are_names(texts: list[str]) -> bool:
    """Whether each names part is 8 hex digits per name, so decoding it later cannot fail."""
    if any(len(text) % 8 for text in texts):
        return False
    joined = "".join(texts)
    try:
        return len(bytes.fromhex(joined)) * 2 == len(joined)
    except ValueError:
        return False


def _band_index(prose: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The buckets of the pages (rows) with prose: sorted band codes, their start offsets, their member rows."""
    filled = prose != 0xFFFFFFFF
    rows = prose.astype(np.int64).reshape(len(prose), _BANDS, _BAND_ROWS)
    full = filled.reshape(len(prose), _BANDS, _BAND_ROWS).all(axis=2)
    full &= (filled.sum(axis=1) >= _MIN_PROSE_BINS)[:, None]  # Fingerprint.has_prose
    codes = np.broadcast_to(np.arange(_BANDS, dtype=np.int64)[None, :], full.shape).copy()
    for column in range(_BAND_ROWS):
        codes = (codes << _VALUE_BITS) | rows[:, :, column]
    owners = np.broadcast_to(np.arange(len(prose), dtype=np.int32)[:, None], full.shape)
    codes, owners = codes[full], owners[full]  # row by row, so each bucket's members are in row order
    order = np.argsort(codes, kind="stable")
    codes, owners = codes[order], owners[order]
    first = np.ones(len(codes), dtype=bool)
    first[1:] = codes[1:] != codes[:-1]
    positions = np.arange(len(codes))
    rank = positions - np.maximum.accumulate(np.where(first, positions, 0))  # place in its bucket
    kept = rank < _MAX_BUCKET
    codes, owners, first = codes[kept], owners[kept], first[kept]
    starts = np.append(np.flatnonzero(first), len(codes))
    return codes[first], starts, owners


def _band_codes(bands: np.ndarray) -> np.ndarray:
    """Each band (start, values…) as `_band_index` codes it; -1 for a band with a value `signature`
    cannot give, which no indexed page's band has."""
    values = bands[:, 1:]
    codes = bands[:, 0] // _BAND_ROWS
    for column in range(values.shape[1]):
        codes = (codes << _VALUE_BITS) | values[:, column]
    return np.where(((values >= 0) & (values <= _VALUE_MASK)).all(axis=1), codes, -1)


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
