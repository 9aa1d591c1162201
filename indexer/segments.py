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
from itertools import pairwise
from pathlib import Path
from types import TracebackType
from typing import IO

from whoosh.codec.base import Segment
from whoosh.index import open_dir
from whoosh.writing import SegmentWriter

from core.analysis.formcache import load_word_forms, save_word_forms
from core.index.document import Document, document_fields
from core.whoosh_ext.segment_writer import FastSegmentWriter, commit_segments
from indexer.process_pool import fork_workers, result_of, stop_workers

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
            for start, end in pairwise(bounds) if end > start
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
    RSS, shared or not. They take the word forms through a file instead (core/analysis/formcache.py)."""

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
            commit_segments(writer, segments)
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
    writer = FastSegmentWriter(open_dir(folder), limitmb=POOL_MB)
    # The pool's lists (three per term, millions of them) made each of Python's full collections
    # walk them all: a writer's time per document grew with the pool (5.3 against 4.0 CPU-ms a page
    # at 4,000 pages). Nothing written here leaves cycles to collect.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for document in part.documents():
            writer.add_document(**document_fields(document))
        segment = writer.finish_uncommitted()
    except BaseException:
        writer.abandon()  # the segment's files go with the discarded generation
        raise
    finally:
        if collecting:
            gc.enable()
    return segment
