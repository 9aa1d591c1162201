"""A segment writer's postings gathered term by term, and written to Whoosh's codec a block at a time.

Whoosh's `PostingPool` keeps one tuple per posting, sorts them all, and its `add_postings` hands
each one, with its field length, through four calls to the postings writer: per posting work that
was most of a segment's write (about 600 postings a page). A segment writer adds its documents in
document order, so a term's postings arrive already sorted: here they are appended to the term's
lists, only the terms are sorted, runs spilled past a memory limit are merged term by term, and each
block of a term is written whole, as Whoosh's `W3PostingsWriter._write_block` writes it except that
small blocks are left uncompressed (see `_write_block`). With every block compressed, the bytes
written are the ones Whoosh writes (tests/indexer/test_term_pool.py compares the segment files).
"""
from __future__ import annotations

import heapq
import marshal
import os
import struct
import tempfile
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from pickle import dumps
from typing import IO, Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.fields import Schema
from whoosh.util.numeric import length_to_byte

_SIZE = struct.Struct("<Q")
TERMS_PER_CHUNK = 2048  # terms per marshalled chunk of a spilled run
COMPRESS_FROM = 96  # bytes of a block's pickle from which it is compressed (Whoosh: from 0)
# Estimated bytes a posting and a term hold in the pool (list slots, the weight, the value bytes;
# the key, the term and its three lists): what the memory limit counts.
POSTING_BYTES = 100
TERM_BYTES = 400

Postings = tuple[list[int], list[float], list[bytes]]  # a term's document numbers, weights, values
TermEntry = tuple[str, bytes, list[int], list[float], list[bytes]]


class TermPool:
    """Stands in for Whoosh's `PostingPool` in a `SegmentWriter` (`add`, `fieldnames`, `cleanup`);
    `add_field` takes a whole field of a document at once."""

    def __init__(self, *, limitmb: int, folder: str | Path | None = None) -> None:
        """Runs are spilled into `folder` (the segment's own, so a killed build's runs go with its
        discarded generation), or the system's temp folder."""
        self.limit = limitmb * 1024 * 1024
        self.folder = folder
        self._terms: dict[str, dict[bytes, Postings]] = {}
        self._size = 0
        self._runs: list[str] = []
        self.fieldnames: set[str] = set()

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """One posting, as Whoosh's own `SegmentWriter.add_document` hands them to its pool."""
        fieldname, text, docnum, weight, value = item
        self.add_field(fieldname, docnum, ((text, 1, weight, value),), 1.0)

    def add_field(self, fieldname: str, docnum: int, items: Iterable[tuple[bytes, int, float, bytes | None]], boost: float) -> int:
        """Add one document's postings in one field, (term, frequency, weight, value) as
        `FieldType.index` gives them, each weight times `boost`; return the frequencies' sum."""
        terms = self._terms.get(fieldname)
        if terms is None:
            terms = self._terms[fieldname] = {}
            self.fieldnames.add(fieldname)
        added = new = length = 0
        for text, frequency, weight, value in items:
            postings = terms.get(text)
            if postings is None:
                postings = terms[text] = ([], [], [])
                new += TERM_BYTES + len(text)
            postings[0].append(docnum)
            postings[1].append(weight * boost)
            postings[2].append(value or b"")
            added += 1
            length += frequency
        self._size += added * POSTING_BYTES + new
        if self._size > self.limit:
            self.spill()
        return length

    def spill(self) -> None:
        """Write the terms gathered so far to a run file, in term order, and start afresh."""
        descriptor, path = tempfile.mkstemp(prefix=".terms-", suffix=".run", dir=self.folder)
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
        for fieldname in sorted(self._terms):
            terms = self._terms[fieldname]
            for text in sorted(terms):
                docnums, weights, values = terms[text]
                yield fieldname, text, docnums, weights, values


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
    each block is filled as `add_posting` would have filled it and written by `_write_block`, then
    `finish_term` writes the term's info."""
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
            _write_block(postwriter, last=end == count)
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


def _write_block(postwriter: Any, *, last: bool) -> None:
    """`W3PostingsWriter._write_block`, compressing only a block whose pickle is COMPRESS_FROM bytes
    or more: a block of one or two postings came out of zlib as large as it went in or larger (in a
    sample of 99,000 blocks, those under 96 bytes: 3.55 MB before, 3.64 MB after), and zlib's set-up
    was a seventh of the write. Every block records its own compression, so Whoosh's reader and
    core/whoosh_ext/postings.py read both kinds."""
    postfile = postwriter._postfile
    if not postwriter._blockcount:
        postfile.write(WHOOSH3_HEADER_MAGIC)
    postwriter._terminfo.add_block(postwriter)
    ids = postwriter._ids
    data = dumps((postwriter._mini_ids(), postwriter._mini_weights(), postwriter._mini_values()), 2)
    compression = postwriter._compression if len(data) >= COMPRESS_FROM else 0
    if compression:
        data = zlib.compress(data, compression)
    info = dumps(
        (len(ids), ids[-1], postwriter._maxweight, compression,
         length_to_byte(postwriter._minlength), length_to_byte(postwriter._maxlength)),
        2,
    )
    length = len(info) + len(data)
    postfile.write_int(-length if last else length)
    postfile.write(info)
    postfile.write(data)
    postwriter._blockcount += 1
    postwriter._new_block()
