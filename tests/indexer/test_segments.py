"""A build written by several processes as several segments holds what one writer writes."""
from __future__ import annotations

import dataclasses
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from readers import every_posting

from core.index.document import Document, document_fields, document_from_stored
from core.index.folder import create_generation, current_generation, open_index, open_writer, publish_generation
from core.whoosh_ext import term_pool
from indexer import segments
from indexer.build import BuildReport, build_index
from indexer.errors import IndexerError
from search_api.search import SearchRequest, SearchService

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ("önkormányzat", "óvoda felújítás", "onkormanyzati fejlesztes", '"európai unió"', "EFOP", "")


def _postings(index: Path) -> list[tuple[object, ...]]:
    with open_index(index).searcher() as searcher:
        return every_posting(searcher.reader())


def _stored_in_order(index: Path) -> list[dict[str, object]]:
    with open_index(index).searcher() as searcher:
        return [dict(fields) for fields in searcher.reader().all_stored_fields()]


@pytest.fixture(scope="module")
def two_process_index(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("two-process-index")
    build_index(corpus_dir, index, jobs=2)
    return index


def test_two_writing_processes_leave_two_segments(two_process_index: Path) -> None:
    generation = current_generation(two_process_index)
    assert generation is not None and len(list(generation.glob("*.seg"))) == 2


def test_the_segments_hold_one_writer_s_documents_in_order(
    two_process_index: Path, built_index: tuple[Path, BuildReport]
) -> None:
    assert _stored_in_order(two_process_index) == _stored_in_order(built_index[0])


def test_the_segments_hold_one_writer_s_postings(two_process_index: Path, built_index: tuple[Path, BuildReport]) -> None:
    assert _postings(two_process_index) == _postings(built_index[0])


def test_the_segments_hold_the_postings_whoosh_s_own_writer_writes(two_process_index: Path, tmp_path: Path) -> None:
    """The term pool, field lengths and positions format change nothing Whoosh's writer would write."""
    folder, index = create_generation(tmp_path)
    writer = open_writer(index)
    for fields in _stored_in_order(two_process_index):
        document = document_from_stored(fields, doc_id=str(fields["id"]), path=str(fields["path"]))
        writer.add_document(**document_fields(document))
    writer.commit()
    publish_generation(tmp_path, folder)
    assert _stored_in_order(tmp_path) == _stored_in_order(two_process_index)
    assert _postings(tmp_path) == _postings(two_process_index)


@pytest.mark.parametrize("query", QUERIES)
def test_searches_answer_alike_over_one_segment_or_two(
    query: str, two_process_index: Path, built_index: tuple[Path, BuildReport]
) -> None:
    request = SearchRequest(q=query)
    with SearchService(built_index[0]) as one_segment, SearchService(two_process_index) as two_segments:
        one, two = one_segment.search(request), two_segments.search(request)
    assert one.total > 0
    assert dataclasses.asdict(two) == dataclasses.asdict(one)


def test_a_writing_process_that_fails_leaves_the_previous_generation_live(
    monkeypatch: pytest.MonkeyPatch, corpus_dir: Path, tmp_path: Path, built_index: tuple[Path, BuildReport]
) -> None:
    index = tmp_path / "index"
    shutil.copytree(built_index[0], index, symlinks=True)
    live = current_generation(index)
    original = segments.document_fields
    last_page = max(page.name for page in (corpus_dir / "sample").iterdir())

    def failing_fields(document: Document) -> dict[str, object]:
        if document.file.endswith(last_page):  # a page of the second process's range
            raise IndexerError("disk full")
        return original(document)

    monkeypatch.setattr(segments, "document_fields", failing_fields)  # forked processes inherit it
    with pytest.raises(IndexerError, match="disk full"):
        build_index(corpus_dir, index, jobs=2)
    assert current_generation(index) == live
    assert sorted(path.name for path in index.glob("gen-*")) == [live.name]
    assert _stored_in_order(index) == _stored_in_order(built_index[0])


def test_a_build_spools_and_spills_inside_its_new_generation(
    monkeypatch: pytest.MonkeyPatch, corpus_dir: Path, tmp_path: Path
) -> None:
    """A killed build cannot remove its temporary files; in its generation folder the next build's
    publish removes them with it, where in the system's temp folder they stayed."""
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    monkeypatch.setattr(segments, "POOL_MB", 1)
    seen: list[Path] = []
    spill, spool_init = term_pool.TermPool.spill, segments.DocumentSpool.__init__

    def recording_spill(pool: term_pool.TermPool) -> None:
        spill(pool)
        seen.append(Path(pool._runs[-1]))

    def recording_spool(spool: segments.DocumentSpool, folder: Path | None = None) -> None:
        spool_init(spool, folder)
        seen.append(Path(spool._file.name))

    monkeypatch.setattr(term_pool.TermPool, "spill", recording_spill)
    monkeypatch.setattr(segments.DocumentSpool, "__init__", recording_spool)
    build_index(corpus_dir, tmp_path / "index", jobs=1)
    generation = current_generation(tmp_path / "index")
    assert generation is not None and len(seen) > 2 and seen[0].name.endswith(".spool")
    assert {path.parent.resolve() for path in seen} == {generation}
    assert not any(path.exists() for path in seen)
    assert list(system_temp.iterdir()) == []


def test_an_empty_build_commits_an_empty_index(tmp_path: Path) -> None:
    _, index = create_generation(tmp_path)
    with segments.DocumentSpool() as spool, segments.SegmentWriters(2) as writers:
        writers.write(open_writer(index), spool)
    assert index.doc_count_all() == 0


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl(PR_SET_PDEATHSIG) is Linux's")
def test_writing_processes_end_when_the_build_is_killed() -> None:
    """A killed build's writers must not write on (and hold the writer lock) for minutes."""
    script = (
        "import os, time\n"
        "from multiprocessing import get_context\n"
        "from indexer.segments import die_with_parent\n"
        "with get_context('fork').Pool(1, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:\n"
        "    print(pool.apply(os.getpid), flush=True)\n"
        "    pool.apply(time.sleep, (60,))\n"
    )
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert build.stdout is not None
    writer = int(build.stdout.readline())
    assert _running(writer)
    build.send_signal(signal.SIGKILL)
    build.wait()
    build.stdout.close()
    deadline = time.monotonic() + 10
    while _running(writer) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(writer)
