"""A fresh generation written as one Whoosh segment per process, committed in one table of contents.

Whoosh analyses, pools and sorts postings in pure Python (the posting pool and its sort were most
of a build), in the one process that holds the writer. Here the documents, already in their
near-duplicate groups and in page order, are spooled to a file; `jobs` forked processes each write
one contiguous range of them as a segment of their own (`SegmentWriter` without Whoosh's lock, as
Whoosh's `MpWriter(multisegment=True)` runs its sub-writers), and the caller's writer, which holds
the lock, commits one TOC listing the segments in page order. So document numbers, stored fields
and terms are those of a single writer; only the split into segments differs. The words are
stemmed before the write, and every process takes their forms, so none stems cold.

A failure in any process raises here before the TOC is written: the generation is never
committed and the caller discards it.
"""
from __future__ import annotations

import ctypes
import gc
import os
import pickle
import signal
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from whoosh import index as whoosh_index
from whoosh.codec.base import PerDocumentReader, Segment
from whoosh.writing import SegmentWriter

from indexer.formcache import load_word_forms, save_word_forms
from indexer.records import Document
from indexer.schema import field_postings
from indexer.term_pool import TermPool, write_terms
from indexer.process_pool import fork_workers, result_of, stop_workers
from indexer.write import document_fields

POOL_MB = 256  # Whoosh's posting pool limit per writing process (runs are spilled to disk past it)
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
MAX_SEGMENTS = 4  # each search looks every term up in every segment


class DocumentSpool:
    """Documents in order in a temporary file, readable by range from another process.

    The file (every page of the build, ~350 MB at 100,000) is put in `folder`, the new generation's:
    a killed build cannot remove it, and the next build's publish removes that folder whole,
    where in the system's temp folder it stayed for good."""

    def __init__(self, folder: Path | None = None) -> None:
        self._file: IO[bytes] = tempfile.NamedTemporaryFile(  # noqa: SIM115
            prefix=".documents-", suffix=".spool", dir=folder
        )
        self._offsets: list[int] = []

    def __enter__(self) -> DocumentSpool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._file.close()

    def __len__(self) -> int:
        return len(self._offsets)

    def add(self, document: Document) -> None:
        self.add_pickled(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))

    def add_pickled(self, pickled: bytes) -> None:
        """Add a document pickled elsewhere (by a worker), as `add` would have pickled it."""
        self._offsets.append(self._file.tell())
        self._file.write(pickled)

    def ranges(self, parts: int) -> list[SpoolRange]:
        """`parts` contiguous ranges of about equal size covering every document, in order."""
        self._file.flush()
        count = len(self._offsets)
        bounds = [count * part // parts for part in range(parts + 1)]
        return [
            SpoolRange(Path(self._file.name), self._offsets[start], end - start)
            for start, end in zip(bounds, bounds[1:]) if end > start
        ]


@dataclass(frozen=True, slots=True)
class SpoolRange:
    path: Path
    offset: int
    count: int

    def documents(self) -> Iterator[Document]:
        with self.path.open("rb") as stream:
            stream.seek(self.offset)
            for _ in range(self.count):
                yield pickle.load(stream)


class SegmentWriters:
    """The processes that write a build's segments, forked when the build starts: forked at the
    write, each held all the build's memory by then (its templates, its duplicate finder) in its
    RSS, shared or not. They take the word forms through a file instead (indexer/formcache.py)."""

    def __init__(self, jobs: int) -> None:
        self.count = max(1, min(jobs, MAX_SEGMENTS))
        self._pool = fork_workers(self.count, die_with_parent, (os.getpid(),)) if self.count > 1 else None

    def __enter__(self) -> SegmentWriters:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._pool is not None:
            stop_workers(self._pool, kill=True)  # idle once the segments are written; a failed write's are stopped

    def write(self, writer: SegmentWriter, spool: DocumentSpool) -> None:
        """Write the spooled documents as up to `count` segments and commit them with `writer`,
        a writer holding the lock of an empty index (see the module docstring)."""
        try:
            ranges = spool.ranges(self.count)
            folder = str(writer.storage.folder)
            if self._pool is None or len(ranges) <= 1:
                segments = [_write_range(folder, part, None) for part in ranges]
            else:
                with tempfile.TemporaryDirectory(prefix="projektkereso-forms-") as forms:
                    save_word_forms(Path(forms))
                    tasks = [(folder, part, forms) for part in ranges]
                    running = [self._pool.submit(_write_range, *task) for task in tasks]
                    segments = [result_of(future, stage="writing the index's segments") for future in running]
            # What SegmentWriter.commit does once its own segment is written (and MpWriter with sub-segments).
            writer._close_segment()
            writer._commit_toc([*writer.segments, *segments])
            writer._finish()
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this process when the build's process ends. A writing process is busy
    for minutes, not asking for work, so a killed build's writers wrote on, holding the writer
    lock they inherited, and a rerun found the index locked until they finished."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build ended before prctl took effect
        os._exit(1)


def _write_range(folder: str, part: SpoolRange, forms: str | None) -> Segment:
    """One segment holding `part`'s documents, written into the index in `folder` (uncommitted),
    with the word forms kept in the folder `forms` (None: this process has them)."""
    if forms is not None:
        load_word_forms(Path(forms))
    writer = FastSegmentWriter(whoosh_index.open_dir(folder), limitmb=POOL_MB)
    # The pool's lists (three per term, millions of them) made each of Python's full collections
    # walk them all: a writer's time per document grew with the pool (5.3 against 4.0 CPU-ms a page
    # at 4,000 pages). Nothing written here leaves cycles to collect.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for document in part.documents():
            writer.add_document(**document_fields(document))
        segment: Segment = writer._finalize_segment()
    except BaseException:
        writer._close_segment()  # its pool runs; the segment's files go with the discarded generation
        raise
    finally:
        if collecting:
            gc.enable()
    return segment


class FastSegmentWriter(SegmentWriter):
    """Whoosh's SegmentWriter without the lock (the committing writer holds it), with its postings
    gathered and written term by term (indexer/term_pool.py) and field lengths read once per field:
    the same segment, in a fraction of the time."""

    def __init__(self, index: whoosh_index.Index, *, limitmb: int) -> None:
        super().__init__(index, _lk=False, limitmb=limitmb)
        self.pool = TermPool(limitmb=limitmb, folder=getattr(index.storage, "folder", None))

    def add_document(self, **fields: Any) -> None:
        """`SegmentWriter.add_document` for this schema (no spelling fields, no term vectors),
        handing each field's postings to the pool at once rather than one call per posting."""
        self._check_state()
        schema, perdocwriter, pool, docnum = self.schema, self.perdocwriter, self.pool, self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                if field.separate_spelling() or field.vector:
                    raise ValueError(f"{fieldname}: spelling fields and term vectors are not written here")
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    length = pool.add_field(fieldname, docnum, field_postings(field, value), boost)
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdocwriter.add_column_value(fieldname, field.column_type, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = FieldLengths(reader).of if reader is not None else None
        write_terms(self.fieldwriter, self.schema, self.pool.terms(), lengths)
        self.fieldwriter.close()
        if reader is not None:
            reader.close()


class FieldLengths:
    """Each field's document lengths for the postings writer, read into a list once."""

    def __init__(self, reader: PerDocumentReader) -> None:
        self._reader = reader
        self._count = reader.doc_count_all()
        self._fields: dict[str, list[int]] = {}

    def of(self, fieldname: str) -> list[int]:
        """Every document's length in `fieldname` (0 where it has none), by document number."""
        lengths = self._fields.get(fieldname)
        if lengths is None:
            read = self._reader.doc_field_length
            lengths = self._fields[fieldname] = [read(number, fieldname, 0) for number in range(self._count)]
        return lengths
