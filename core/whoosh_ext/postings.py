"""A term's postings read a block at a time, only the blocks a request needs, kept per reader.

Whoosh stores a term's postings in blocks of up to 128 documents: a small pickled header (count,
last document, compression) and a zlib-compressed pickle of the ids, weights and positions. Its
matchers decode a block to step through it, and `skip_to` walks every header on the way. At
100,000 pages a common word's key has 20,000+ postings, and reading them whole cost ~25 ms, while
a known-item query narrows to a handful of pages through its rarest word. So a `TermPostings` reads
the headers once (a directory of the blocks' last documents) and decodes a block only when a
lookup lands in it; `PostingCache` keeps them per reader, bounded by the postings it holds.
"""
from __future__ import annotations

import pickle
import zlib
from array import array
from bisect import bisect_left
from collections import OrderedDict
from itertools import accumulate

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.filedb.structfile import StructFile
from whoosh.matching import Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader, TermNotFound
from whoosh.system import unpack_int

_HEADER_BYTES = 64  # a block header is a protocol-2 pickle of six numbers: ~20–40 bytes
MAX_CACHED_BYTES = 128 * 2**20  # decoded postings kept per reader: a common word's forms at 100,000 pages take ~8 MB
POSTING_BYTES = 8  # a decoded posting: a 32-bit document number and a 32-bit weight
DIRECTORY_ENTRY_BYTES = 100  # a block's directory entry: a tuple of five numbers
MAX_CACHED_FREQUENCIES = 200_000
TRIM_EVERY = 256  # terms added between two counts of what the cache holds
WHOLE_TERM_LOOKUPS = 2  # documents per block from which a term is decoded whole to look them up


def mask_of(docnums: frozenset[int] | set[int], size: int) -> np.ndarray:
    """A boolean array over document numbers 0..size-1, true for `docnums`."""
    selected = np.zeros(size, dtype=bool)
    selected[np.fromiter(docnums, dtype=np.int64, count=len(docnums))] = True
    return selected


class TermPostings:
    """One term's live postings in one segment, by local document number."""

    __slots__ = ("deleted", "_maxids", "_blocks", "_decoded", "_postfile", "_byteids", "_arrays", "size")

    def __init__(self, matcher: Matcher) -> None:
        self.deleted: frozenset[int] = frozenset()
        if type(matcher) is FilterMatcher and matcher._exclude:
            self.deleted, matcher = frozenset(matcher._ids), matcher.child
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None
        self._postfile = getattr(matcher, "_postfile", None)
        self._byteids = getattr(matcher, "_byteids", False)
        self._blocks: list[tuple[int, int, int, int] | None]
        self._decoded: list[tuple[array[int], array[float]] | None]
        directory = _block_directory(matcher) if type(matcher) is W3LeafMatcher else None
        if directory is None:  # postings inlined in the term info, or a layout this reader does not know
            ids, weights = array("i"), array("f")
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                matcher.next()
            self._maxids = [ids[-1]] if ids else []
            self._blocks = [None] * len(self._maxids)
            self._decoded = [(ids, weights)] if ids else []
            self.size = POSTING_BYTES * len(ids)
        else:
            self._maxids = [block[0] for block in directory]
            self._blocks = [block[1:] for block in directory]
            self._decoded = [None] * len(directory)
            self.size = DIRECTORY_ENTRY_BYTES * len(directory)

    def ids(self) -> list[int]:
        """Every live document holding the term, in order."""
        if self._arrays is not None:
            ids: list[int] = self._arrays[0].tolist()
            return ids
        found: list[int] = []
        for number in range(len(self._maxids)):
            found.extend(self._block(number)[0])
        return [docnum for docnum in found if docnum not in self.deleted] if self.deleted else found

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Every live posting as arrays: document numbers (int32) and weights (float32, as stored).
        The blocks decoded so far are let go: the arrays hold them all."""
        if self._arrays is None:
            blocks = [self._block(number) for number in range(len(self._maxids))]
            ids = np.concatenate([np.frombuffer(block[0], dtype=np.int32) for block in blocks]) if blocks else np.zeros(0, np.int32)
            weights = np.concatenate([np.frombuffer(block[1], dtype=np.float32) for block in blocks]) if blocks else np.zeros(0, np.float32)
            if self.deleted:
                live = ~np.isin(ids, np.fromiter(self.deleted, dtype=np.int32, count=len(self.deleted)))
                ids, weights = ids[live], weights[live]
            self._arrays = (ids, weights)
            self._decoded = [None] * len(self._decoded)
            self.size = DIRECTORY_ENTRY_BYTES * len(self._maxids) + POSTING_BYTES * len(ids)
        return self._arrays

    def lookup(self, docnums: np.ndarray, positions: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Which of `docnums` (sorted local numbers) hold the term, as positions into `docnums`,
        and the term's weights in them. Few documents are looked up block by block; when there are
        about as many as blocks, or the term is decoded whole already, by one sorted search; many,
        through `positions` (every local number's position in `docnums`, -1 if absent) if given."""
        if positions is not None:
            ids, all_weights = self.arrays()
            found = positions[ids]
            held = found >= 0
            return found[held], all_weights[held].astype(np.float64)
        if self._arrays is None and len(docnums) < WHOLE_TERM_LOOKUPS * len(self._maxids):
            held_at: list[int] = []
            weights: list[float] = []
            for position, docnum in enumerate(docnums.tolist()):
                weight = self.weight(docnum)
                if weight is not None:
                    held_at.append(position)
                    weights.append(weight)
            return np.array(held_at, dtype=np.int64), np.array(weights, dtype=np.float64)
        ids, all_weights = self.arrays()
        found = np.searchsorted(ids, docnums)
        held = found < len(ids)
        held[held] = ids[found[held]] == docnums[held]
        return np.flatnonzero(held), all_weights[found[held]].astype(np.float64)

    def weight(self, docnum: int) -> float | None:
        """The term's weight (occurrences) in `docnum`, or None if it does not hold the term."""
        if self._arrays is not None:
            ids, weights = self._arrays
            found = int(np.searchsorted(ids, docnum))
            return float(weights[found]) if found < len(ids) and ids[found] == docnum else None
        number = bisect_left(self._maxids, docnum)
        if number == len(self._maxids) or docnum in self.deleted:
            return None
        block_ids, block_weights = self._block(number)
        position = bisect_left(block_ids, docnum)
        return block_weights[position] if position < len(block_ids) and block_ids[position] == docnum else None

    def _block(self, number: int) -> tuple[array[int], array[float]]:
        decoded = self._decoded[number]
        if decoded is None:
            block = self._blocks[number]
            assert block is not None, "a term inlined in its term info is decoded when read"
            decoded = self._decoded[number] = _decode_block(self._postfile, self._byteids, *block)
            self.size += POSTING_BYTES * len(decoded[0])
        return decoded


def _block_directory(matcher: W3LeafMatcher) -> list[tuple[int, int, int, int, int]] | None:
    """(last document, data offset, data length, compression, count) of every block, from the
    headers alone; None if a header does not read back as Whoosh wrote it."""
    get = matcher._postfile.get
    position = matcher._baseoffset
    blocks: list[tuple[int, int, int, int, int]] = []
    while True:
        length = unpack_int(get(position, 4))[0]
        last = length < 0
        length = abs(length)
        head = get(position + 4, min(length, _HEADER_BYTES))
        info = pickle.loads(head)  # bytes past the pickle are ignored
        header = pickle.dumps(info, 2)  # as Whoosh wrote it: its length is where the data starts
        if head[: len(header)] != header or len(info) != 6:
            return None
        count, last_id, _, compression, _, _ = info
        blocks.append((last_id, position + 4 + len(header), length - len(header), compression, count))
        if last:
            return blocks
        position += 4 + length


def _decode_block(
    postfile: StructFile, byteids: bool, offset: int, length: int, compression: int, count: int
) -> tuple[array[int], array[float]]:
    data = postfile.get(offset, length)
    if compression:
        data = zlib.decompress(data)
    ids, weights, _ = pickle.loads(data)
    decoded_ids = array("i", ids if byteids else accumulate(ids))
    if weights is None:
        decoded_weights = array("f", [1.0]) * count
    elif isinstance(weights, float):
        decoded_weights = array("f", [weights]) * count
    else:
        decoded_weights = array("f", weights)
    return decoded_ids, decoded_weights


class PostingCache:
    """`TermPostings` of one reader's segments, least recently used dropped past a memory budget.

    Not thread-safe: the search service runs one request at a time on a reader."""

    def __init__(self, reader: IndexReader, *, max_bytes: int = MAX_CACHED_BYTES) -> None:
        self.leaves: list[tuple[IndexReader, int]] = list(reader.leaf_readers())
        self.max_bytes = max_bytes
        self._terms: OrderedDict[tuple[int, str, object], TermPostings | None] = OrderedDict()
        self._added = 0
        self._reader = reader
        self._frequencies: dict[tuple[str, object], int] = {}
        self._lengths: dict[tuple[int, str], np.ndarray] = {}

    def lengths(self, leaf: int, field: str) -> np.ndarray:
        """Every document's length in `field` in segment `leaf`, as Whoosh's scorers read it
        (`doc_field_length(docnum, field, 1)`), built on first use: ~0.1 s per 100,000 pages."""
        key = (leaf, field)
        found = self._lengths.get(key)
        if found is None:
            reader = self.leaves[leaf][0]
            found = self._lengths[key] = np.array(
                [reader.doc_field_length(docnum, field, 1) for docnum in range(reader.doc_count_all())], dtype=np.float64
            )
        return found

    def frequency(self, field: str, text: object) -> int:
        """Documents holding the term, deleted ones included (Whoosh's doc_frequency, ~20 µs a
        lookup, asked for every part of a query to plan it), remembered for the reader."""
        key = (field, text)
        found = self._frequencies.get(key)
        if found is None:
            if len(self._frequencies) >= MAX_CACHED_FREQUENCIES:
                self._frequencies.clear()
            try:
                found = self._reader.doc_frequency(field, text) if field in self._reader.schema else 0
            except ValueError:  # a text the field cannot hold (a word in a numeric field)
                found = 0
            self._frequencies[key] = found
        return found

    def postings(self, leaf: int, field: str, text: object) -> TermPostings | None:
        """The term's postings in segment `leaf` (an index into `leaves`), None if it has none."""
        key = (leaf, field, text)
        if key in self._terms:
            self._terms.move_to_end(key)
            return self._terms[key]
        try:
            found: TermPostings | None = TermPostings(self.leaves[leaf][0].postings(field, text))
        except TermNotFound:
            found = None
        self._terms[key] = found
        self._added += 1
        if self._added % TRIM_EVERY == 0:
            self._trim()
        return found

    def documents(self, field: str, text: object) -> list[int]:
        """Live documents (index-wide numbers) holding the term, in order."""
        found: list[int] = []
        for number, (_, offset) in enumerate(self.leaves):
            postings = self.postings(number, field, text)
            if postings is not None:
                ids = postings.ids()
                found.extend(ids if offset == 0 else (offset + docnum for docnum in ids))
        return found

    def holding(self, field: str, text: object, docnums: list[int]) -> list[int]:
        """Those of `docnums` (index-wide, in order) holding the term."""
        found: list[int] = []
        for number, (leaf, offset) in enumerate(self.leaves):
            end = offset + leaf.doc_count_all()
            local = np.array([docnum - offset for docnum in docnums if offset <= docnum < end], dtype=np.int64)
            if not len(local):
                continue
            postings = self.postings(number, field, text)
            if postings is not None:
                found.extend((local[postings.lookup(local)[0]] + offset).tolist())
        return found

    def _trim(self) -> None:
        """Blocks are decoded after a term is added, so what it holds is counted now and then, not kept."""
        total = sum(postings.size for postings in self._terms.values() if postings is not None)
        while total > self.max_bytes and len(self._terms) > 1:
            _, dropped = self._terms.popitem(last=False)
            if dropped is not None:
                total -= dropped.size
