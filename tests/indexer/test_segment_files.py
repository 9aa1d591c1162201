"""ViewFile reads like io.BytesIO, and an index read through it answers as before."""
from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
from whoosh.filedb.structfile import BufferFile

from indexer.pipeline import BuildReport
from indexer.write import open_index
from indexer.segment_files import ViewFile, install

DATA = b"first line\nsecond\n\nno newline at the end" + pickle.dumps({"a": [1, 2, 3]}, protocol=-1)


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
def test_reads_like_bytesio(steps: list[tuple]) -> None:
    ours, theirs = ViewFile(memoryview(DATA)), io.BytesIO(DATA)
    for name, *arguments in steps:
        assert getattr(ours, name)(*arguments) == getattr(theirs, name)(*arguments), (name, arguments)


def test_unpickles_from_a_position() -> None:
    view = ViewFile(memoryview(DATA))
    view.seek(DATA.index(b"\x80"))
    assert pickle.load(view) == {"a": [1, 2, 3]}  # noqa: S301  # our own bytes


def test_lines_iterate_like_bytesio() -> None:
    assert list(ViewFile(memoryview(DATA))) == list(io.BytesIO(DATA))


def test_installed_buffer_files_do_not_copy_and_searches_agree(built_index: tuple[Path, BuildReport]) -> None:
    install()
    assert isinstance(BufferFile(b"abc").file, ViewFile)
    index = open_index(built_index[0])
    with index.searcher() as searcher:
        assert searcher.doc_count() == built_index[1].indexed
        stored = [searcher.stored_fields(docnum)["id"] for docnum in range(min(5, searcher.doc_count_all()))]
        assert all(isinstance(value, str) and value for value in stored)
