"""ViewFile and FileRange read like io.BytesIO and bytes, and an index read with pread answers
exactly as one read through Whoosh's memory map."""
from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from readers import every_posting
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile

from core.index.folder import current_generation, open_index
from core.whoosh_ext.segment_files import FileRange, ViewFile, is_memory_mapped, patch_whoosh_reads
from indexer.build import BuildReport

DATA = b"first line\nsecond\n\nno newline at the end" + pickle.dumps({"a": [1, 2, 3]}, protocol=-1)
PREFIX = b"other parts of a compound file " * 7


@pytest.fixture(params=["memoryview", "file range"])
def buffer(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[memoryview | FileRange]:
    """DATA as either kind of buffer a ViewFile reads: a FileRange starts past other bytes."""
    if request.param == "memoryview":
        yield memoryview(DATA)
        return
    path = tmp_path / "compound"
    path.write_bytes(PREFIX + DATA + b"the next part")
    fd = os.open(path, os.O_RDONLY)
    try:
        yield FileRange(fd, len(PREFIX), len(DATA))
    finally:
        os.close(fd)


@pytest.mark.parametrize(
    "steps",
    [
        [("read", 5), ("read", 3), ("tell",), ("read", -1), ("read", 4)],
        [("readline",), ("readline",), ("readline",), ("readline",), ("readline",)],
        [("seek", 7, 0), ("readline", 3), ("seek", 2, 1), ("read", 2), ("seek", -4, 2), ("read", 10), ("tell",)],
        [("seek", 1000, 0), ("read", 3), ("readline",), ("tell",)],
        [("read", None), ("seek", 0, 0), ("readline", -1)],
    ],
)
def test_reads_like_bytesio(steps: list[tuple], buffer: memoryview | FileRange) -> None:
    ours, theirs = ViewFile(buffer), io.BytesIO(DATA)
    for name, *arguments in steps:
        assert getattr(ours, name)(*arguments) == getattr(theirs, name)(*arguments), (name, arguments)


def test_unpickles_from_a_position(buffer: memoryview | FileRange) -> None:
    view = ViewFile(buffer)
    view.seek(DATA.index(b"\x80"))
    assert pickle.load(view) == {"a": [1, 2, 3]}  # noqa: S301  # our own bytes


def test_lines_iterate_like_bytesio(buffer: memoryview | FileRange) -> None:
    assert list(ViewFile(buffer)) == list(io.BytesIO(DATA))


def test_a_file_range_slices_like_its_bytes(buffer: memoryview | FileRange) -> None:
    for start, stop in [(0, 5), (3, 3), (5, 2), (-6, None), (None, -3), (10, 10_000), (10_000, None), (None, None)]:
        assert bytes(buffer[start:stop]) == DATA[start:stop], (start, stop)
    assert len(buffer) == len(DATA)
    if isinstance(buffer, FileRange):
        with pytest.raises(ValueError, match="without a step"):
            buffer[::2]


def test_installed_buffer_files_do_not_copy_and_searches_agree(built_index: tuple[Path, BuildReport]) -> None:
    patch_whoosh_reads()
    assert isinstance(BufferFile(b"abc").file, ViewFile)
    index = open_index(built_index[0])
    with index.searcher() as searcher:
        assert searcher.doc_count() == built_index[1].indexed
        stored = [searcher.stored_fields(docnum)["id"] for docnum in range(min(5, searcher.doc_count_all()))]
        assert all(isinstance(value, str) and value for value in stored)


def test_the_live_index_is_read_with_pread_as_the_memory_map_reads_it(built_index: tuple[Path, BuildReport]) -> None:
    patch_whoosh_reads()
    index = open_index(built_index[0])
    with index.searcher() as ours:
        segments = ours.reader().leaf_readers() if not ours.reader().is_atomic() else [(ours.reader(), 0)]
        assert segments and not any(is_memory_mapped(reader) for reader, _ in segments)
        mapped_index = FileStorage(str(current_generation(built_index[0]))).open_index()
        with mapped_index.searcher() as mapped:
            assert [is_memory_mapped(reader) for reader, _ in mapped.reader().leaf_readers()] == [True] * len(segments)
            ours_reader, mapped_reader = ours.reader(), mapped.reader()
            assert [ours_reader.stored_fields(n) for n in range(ours_reader.doc_count_all())] == [
                mapped_reader.stored_fields(n) for n in range(mapped_reader.doc_count_all())
            ]
            postings = every_posting(mapped_reader)
            assert len({(field, term) for field, term, *_ in postings}) > 1000
            assert every_posting(ours_reader) == postings


def test_threads_read_one_segment_file_at_once(built_index: tuple[Path, BuildReport]) -> None:
    patch_whoosh_reads()
    """pread takes no shared file position: Whoosh's unmapped fallback seeks one file object."""
    index = open_index(built_index[0])
    with index.searcher() as searcher:
        reader = searcher.reader()
        count = reader.doc_count_all()
        expected = [reader.stored_fields(n) for n in range(count)]

        def read(start: int) -> list[dict[str, object]]:
            return [reader.stored_fields((start + n) % count) for n in range(count)]

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(read, range(0, 8 * 37, 37)))
        assert all(answer == expected[start % count:] + expected[:start % count] for answer, start in zip(answers, range(0, 8 * 37, 37), strict=True))


def test_opening_an_index_patches_nothing(built_index: tuple[Path, BuildReport]) -> None:
    """Whoosh is patched only by the call that says so, not as a side effect of opening an index."""
    script = (
        "import sys\nfrom pathlib import Path\nfrom whoosh.filedb.compound import CompoundStorage\n"
        "from whoosh.filedb import structfile\nfrom core.index.folder import open_index\n"
        "before = (CompoundStorage.open_file, structfile.BufferFile.__init__)\n"
        "with open_index(Path(sys.argv[1])).searcher() as searcher:\n    searcher.doc_count()\n"
        "assert (CompoundStorage.open_file, structfile.BufferFile.__init__) == before\n"
        "from core.whoosh_ext.segment_files import patch_whoosh_reads\npatch_whoosh_reads()\n"
        "assert (CompoundStorage.open_file, structfile.BufferFile.__init__) != before\n"
    )
    subprocess.run([sys.executable, "-c", script, str(built_index[0])], check=True, timeout=120)
