"""A segment writer's postings gathered term by term, and written to Whoosh's codec a block at a time.

Whoosh's `PostingPool` keeps one tuple per posting, sorts them all, and its `add_postings` hands
each one, with its field length, through four calls to the postings writer: per posting work that
was most of a segment's write (about 600 postings a page). A segment writer adds its documents in
document order, so a term's postings arrive already sorted: here they are appended to the term's
lists, only the terms are sorted, runs spilled past a memory limit are merged term by term, and each
block of a term goes to Whoosh's own `W3PostingsWriter._write_block` whole. The bytes written are
the ones Whoosh writes (tests/indexer/test_term_pool.py compares the segment files).
"""
from __future__ import annotations

import heapq
import marshal
import os
import struct
import tempfile
from array import array
from collections.abc import Callable, Iterator
from typing import IO, Any

from whoosh.fields import Schema

_SIZE = struct.Struct("<Q")
TERMS_PER_CHUNK = 2048  # terms per marshalled chunk of a spilled run
# Estimated bytes a posting and a term hold in the pool (list slots, the weight, the value bytes;
# the key, the term and its three lists): what the memory limit counts.
POSTING_BYTES = 100
TERM_BYTES = 400

Postings = tuple[list[int], list[float], list[bytes]]  # a term's document numbers, weights, values
TermEntry = tuple[str, bytes, list[int], list[float], list[bytes]]


class TermPool:
    """Stands in for Whoosh's `PostingPool` in a `SegmentWriter` (`add`, `fieldnames`, `cleanup`)."""

    def __init__(self, *, limitmb: int) -> None:
        self.limit = limitmb * 1024 * 1024
        self.fieldnames: set[str] = set()
        self._terms: dict[tuple[str, bytes], Postings] = {}
        self._size = 0
        self._runs: list[str] = []

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, text, docnum, weight, value = item
        postings = self._terms.get((fieldname, text))
        if postings is None:
            postings = self._terms[(fieldname, text)] = ([], [], [])
            self.fieldnames.add(fieldname)
            self._size += TERM_BYTES + len(text)
        postings[0].append(docnum)
        postings[1].append(weight)
        postings[2].append(value or b"")
        self._size += POSTING_BYTES
        if self._size > self.limit:
            self.spill()

    def spill(self) -> None:
        """Write the terms gathered so far to a run file, in term order, and start afresh."""
        descriptor, path = tempfile.mkstemp(prefix="projektkereso-terms-", suffix=".run")
        with os.fdopen(descriptor, "wb") as stream:
            _write_run(stream, self._sorted_terms())
        self._runs.append(path)
        self._terms = {}
        self._size = 0

    def terms(self) -> Iterator[TermEntry]:
        """Every term in (field, text) order with all its postings in document order: the runs in
        the order they were spilled, then what is in memory, merged term by term."""
        sources: list[Iterator[TermEntry]] = [_read_run(path) for path in self._runs]
        sources.append(self._sorted_terms())
        if len(sources) == 1:
            yield from sources[0]
            return
        # Equal keys come out in source order (heapq.merge is stable), which is document order.
        merged = heapq.merge(*sources, key=lambda entry: (entry[0], entry[1]))
        current: TermEntry | None = None
        for entry in merged:
            if current is not None and (entry[0], entry[1]) == (current[0], current[1]):
                current[2].extend(entry[2])
                current[3].extend(entry[3])
                current[4].extend(entry[4])
                continue
            if current is not None:
                yield current
            current = entry
        if current is not None:
            yield current

    def cleanup(self) -> None:
        for path in self._runs:
            try:
                os.remove(path)
            except FileNotFoundError:
                pass
        self._runs = []
        self._terms = {}

    def _sorted_terms(self) -> Iterator[TermEntry]:
        terms = self._terms
        for key in sorted(terms):
            docnums, weights, values = terms[key]
            yield key[0], key[1], docnums, weights, values


def _write_run(stream: IO[bytes], entries: Iterator[TermEntry]) -> None:
    chunk: list[TermEntry] = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) >= TERMS_PER_CHUNK:
            _write_chunk(stream, chunk)
            chunk = []
    if chunk:
        _write_chunk(stream, chunk)


def _write_chunk(stream: IO[bytes], chunk: list[TermEntry]) -> None:
    data = marshal.dumps(chunk)
    stream.write(_SIZE.pack(len(data)))
    stream.write(data)


def _read_run(path: str) -> Iterator[TermEntry]:
    with open(path, "rb") as stream:
        while header := stream.read(_SIZE.size):
            yield from marshal.loads(stream.read(_SIZE.unpack(header)[0]))
    os.remove(path)


def write_terms(
    fieldwriter: Any, schema: Schema, entries: Iterator[TermEntry], lengths: Callable[[str], list[int]] | None
) -> None:
    """What Whoosh's `FieldWriter.add_postings` does with a sorted posting stream, a term at a time:
    each full block is handed to the postings writer's `_write_block` as `add_posting` would have
    filled it, the last one through `finish_term` (which also writes the term's info)."""
    field: str | None = None
    field_lengths: list[int] = []
    for fieldname, text, docnums, weights, values in entries:
        if fieldname != field:
            if field is not None:
                fieldwriter.finish_field()
            field = fieldname
            fieldwriter.start_field(fieldname, schema[fieldname])
            field_lengths = lengths(fieldname) if lengths is not None else []
        fieldwriter.start_term(text)
        postwriter = fieldwriter._postwriter
        limit = postwriter._blocklimit
        count = len(docnums)
        for start in range(0, count, limit):
            end = min(start + limit, count)
            _fill_block(postwriter, docnums[start:end], weights[start:end], values[start:end], field_lengths)
            if end < count:
                postwriter._write_block()
        fieldwriter.finish_term()
    if field is not None:
        fieldwriter.finish_field()


def _fill_block(postwriter: Any, docnums: list[int], weights: list[float], values: list[bytes], lengths: list[int]) -> None:
    """The block buffer `W3PostingsWriter.add_posting` leaves after adding these postings one by one."""
    postwriter._ids = array("I", docnums)
    postwriter._weights = array("f", weights)
    postwriter._values = [value for value in values if value]
    # add_posting starts the maximum weight at 0 and counts only the lengths that are not 0.
    postwriter._maxweight = max(0, max(weights))
    if lengths:
        present = [length for length in map(lengths.__getitem__, docnums) if length]
        postwriter._minlength = min(present) if present else None
        postwriter._maxlength = max(present) if present else 0
    else:
        postwriter._minlength = None
        postwriter._maxlength = 0
