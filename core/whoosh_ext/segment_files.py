"""Read Whoosh's compound segment files with `pread`, neither mapped nor copied into the heap.

Whoosh copies each part of a compound segment file into an `io.BytesIO` (private memory per
process), and a memory map keeps every page a search touched in the process's RSS. Here a part is
read with `os.pread` on the open file (`FileRange`): each read copies just the bytes it asks for,
the kernel's page cache holds the hot pages once for every process, and `pread` takes no shared
file position, so threads read one file at once without a lock (bench/README.md has the figures).

`patch_whoosh_reads()` swaps `CompoundStorage.open_file` and `BufferFile`'s constructor for the
whole process: each process that reads an index calls it once at start-up (the indexer's command
line, the search service), never as a side effect of opening one. `storage()` opens a generation's
folder without `mmap`; everything else of Whoosh's file layer is
untouched (`get`, the path most reads take, slices the buffer).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb import structfile
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage, StorageError

INDEX_NAME = whoosh_index._DEF_INDEX_NAME  # "MAIN": TOC files are named _MAIN_<generation>.toc

_CHUNK = 4096
_whoosh_open_part = CompoundStorage.open_file


def storage(folder: Path | str) -> FileStorage:
    """A generation's folder, its segment files to be read by `FileRange` (see `patch_whoosh_reads`)."""
    return FileStorage(str(folder), supports_mmap=False)


class FileRange:
    """Bytes `offset .. offset + length` of an open file, sliced with `pread`: the part of a
    buffer's interface `BufferFile` and `ViewFile` use (`len` and slices with no step)."""

    __slots__ = ("_fd", "_offset", "_length")

    def __init__(self, fd: int, offset: int, length: int) -> None:
        self._fd = fd
        self._offset = offset
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, key: slice) -> bytes:
        start, stop, step = key.indices(self._length)
        if step != 1:
            raise ValueError("a FileRange is sliced without a step")
        if stop <= start:
            return b""
        data = os.pread(self._fd, stop - start, self._offset + start)
        while len(data) < stop - start:  # a short read: only at the end of a file that shrank
            more = os.pread(self._fd, stop - start - len(data), self._offset + start + len(data))
            if not more:
                raise OSError(f"segment file ended {stop - start - len(data)} bytes early")
            data += more
        return data


class ViewFile:
    """A read-only file over a buffer (a memoryview or a `FileRange`): what `io.BytesIO` offers
    a reader, without copying the buffer first."""

    __slots__ = ("_view", "_position")

    def __init__(self, view: memoryview | FileRange) -> None:
        self._view = view
        self._position = 0

    def read(self, size: int | None = -1) -> bytes:
        start = self._position
        end = len(self._view) if size is None or size < 0 else min(len(self._view), start + size)
        self._position = max(start, end)
        return bytes(self._view[start:end])

    def readline(self, size: int | None = -1) -> bytes:
        start = position = self._position
        end = len(self._view)
        if start >= end:
            return b""
        while position < end:
            chunk = bytes(self._view[position:position + _CHUNK])
            found = chunk.find(b"\n")
            if found != -1:
                end = position + found + 1
                break
            position += len(chunk)
        if size is not None and size >= 0:
            end = min(end, start + size)
        self._position = end
        return bytes(self._view[start:end])

    def seek(self, offset: int, whence: int = 0) -> int:
        base = 0 if whence == 0 else self._position if whence == 1 else len(self._view)
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self._position = base + offset
        return self._position

    def __iter__(self) -> ViewFile:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        self._view = memoryview(b"")


def _buffer_file_init(self: structfile.BufferFile, buf: Any, name: str | None = None, onclose: object = None) -> None:
    self._buf = buf
    self._name = name
    self.file = ViewFile(buf if isinstance(buf, FileRange) else memoryview(buf))
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def _open_part(self: CompoundStorage, name: str, *args: Any, **kwargs: Any) -> structfile.StructFile:
    """A part of a compound file opened without `mmap`: read with `pread` (Whoosh's own fallback
    seeks and reads one shared file object, which threads would race on)."""
    if self._source is None and self._file is not None and hasattr(self._file, "fileno"):
        if self.is_closed:
            raise StorageError("Storage was closed")
        offset, length = self.range(name)
        return structfile.BufferFile(FileRange(self._file.fileno(), offset, length), name=name)
    return _whoosh_open_part(self, name, *args, **kwargs)


def segment_ids(index: Any) -> tuple[str, ...]:
    """The ids of the segments the index's table of contents on disk names now."""
    return tuple(segment.segment_id() for segment in index._segments())


def is_memory_mapped(reader: Any) -> bool:
    """Whether a segment reader's compound file is read through a memory map (Whoosh's default)."""
    return reader._storage.a._source is not None


def patch_whoosh_reads() -> None:
    """Make this process's compound files read with `pread` when opened without `mmap`, and every
    BufferFile read its buffer in place (idempotent)."""
    structfile.BufferFile.__init__ = _buffer_file_init
    CompoundStorage.open_file = _open_part
