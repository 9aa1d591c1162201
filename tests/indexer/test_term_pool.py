"""The term pool writes the postings Whoosh's own writer writes: byte for byte with every block
compressed, and the same postings and statistics with small blocks left uncompressed."""
from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from core.index.document import document_fields, document_from_stored
from core.index.folder import create_generation, open_index, open_writer, publish_generation
from core.whoosh_ext import term_pool
from core.whoosh_ext.segment_writer import FastSegmentWriter
from indexer import segments
from indexer.build import BuildReport, build_index

TERMS, POSTINGS = ".trm", ".pst"


def _segment_parts(index: Path) -> dict[str, bytes]:
    """Every part of a one-segment index's compound file (terms, postings, stored fields, lengths,
    columns) by its extension."""
    whoosh_index = open_index(index)
    (segment,) = whoosh_index._segments()
    storage = segment.open_compound_file(whoosh_index.storage)
    parts = {}
    try:
        for name in storage.list():
            part = storage.open_file(name)
            parts[name[name.index("."):]] = bytes(part.read())
            part.close()
    finally:
        storage.close()
    return parts


def _segment_file(index: Path, extension: str) -> bytes:
    """The bytes of one part (terms, postings) of a one-segment index."""
    whoosh_index = open_index(index)
    (segment,) = whoosh_index._segments()
    storage = segment.open_compound_file(whoosh_index.storage) if segment.is_compound() else whoosh_index.storage
    part = segment.open_file(storage, extension)
    try:
        return bytes(part.read(part.size()) if hasattr(part, "size") else part.read())
    finally:
        part.close()
        if storage is not whoosh_index.storage:
            storage.close()


def _written_by_whoosh(index: Path, target: Path) -> Path:
    """The same documents, in the same order, through Whoosh's SegmentWriter and PostingPool."""
    folder, whoosh_index = create_generation(target)
    writer = open_writer(whoosh_index)
    assert type(writer) is SegmentWriter
    with open_index(index).searcher() as searcher:
        for fields in searcher.reader().all_stored_fields():
            document = document_from_stored(fields, doc_id=str(fields["id"]), path=str(fields["path"]))
            writer.add_document(**document_fields(document))
    writer.commit()
    publish_generation(target, folder)
    return target


@pytest.fixture(scope="module")
def whoosh_written(built_index: tuple[Path, BuildReport], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _written_by_whoosh(built_index[0], tmp_path_factory.mktemp("whoosh-written"))


@pytest.fixture()
def every_block_compressed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(term_pool, "COMPRESS_FROM", 0)


def _blocks(index: Path) -> tuple[list[tuple[object, ...]], list[int]]:
    """Every term's info, and every posting with its block's statistics, as Whoosh's reader sees
    them; and the compression of the block each posting is in."""
    found: list[tuple[object, ...]] = []
    compressions: list[int] = []
    with open_index(index).searcher() as searcher:
        reader = searcher.reader()
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            found.append((fieldname, text, info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                          info.max_weight(), info.min_id(), info.max_id()))
            matcher = reader.postings(fieldname, text)
            while matcher.is_active():
                found.append((matcher.id(), matcher.weight(), matcher.value(), matcher.block_max_weight(),
                              matcher.block_min_length(), matcher.block_max_length()))
                compressions.append(matcher._compression)
                matcher.next()
    return found, compressions


@pytest.mark.usefixtures("every_block_compressed")
def test_with_every_block_compressed_the_build_writes_whoosh_s_bytes(
    corpus_dir: Path, tmp_path: Path, whoosh_written: Path
) -> None:
    build_index(corpus_dir, tmp_path / "index", jobs=1)
    ours, whoosh = _segment_parts(tmp_path / "index"), _segment_parts(whoosh_written)
    assert {TERMS, POSTINGS} < set(ours) and len(ours[POSTINGS]) > 10_000, sorted(ours)
    assert ours == whoosh


def test_small_blocks_are_left_uncompressed_and_read_back_alike(
    built_index: tuple[Path, BuildReport], whoosh_written: Path
) -> None:
    ours, compressions = _blocks(built_index[0])
    whoosh, whoosh_compressions = _blocks(whoosh_written)
    assert ours == whoosh
    assert 0 in compressions and 0 not in whoosh_compressions
    assert any(compressions)
    assert len(_segment_file(built_index[0], POSTINGS)) < len(_segment_file(whoosh_written, POSTINGS))


@pytest.mark.usefixtures("every_block_compressed")
def test_runs_spilled_past_the_limit_merge_into_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch, corpus_dir: Path, tmp_path: Path, whoosh_written: Path
) -> None:
    """A term's postings split over several runs on disk come back whole and in document order."""
    monkeypatch.setattr(segments, "POOL_MB", 1)
    monkeypatch.setattr(term_pool, "TERMS_PER_CHUNK", 7)
    spills: list[int] = []
    original = term_pool.TermPool.spill

    def counting_spill(pool: term_pool.TermPool) -> None:
        spills.append(len(pool._terms))
        original(pool)

    monkeypatch.setattr(term_pool.TermPool, "spill", counting_spill)
    build_index(corpus_dir, tmp_path / "index", jobs=1)
    assert len(spills) > 3
    for extension in (TERMS, POSTINGS):
        assert _segment_file(tmp_path / "index", extension) == _segment_file(whoosh_written, extension)


@pytest.mark.usefixtures("every_block_compressed")
def test_a_long_posting_list_fills_whole_blocks_then_the_rest(tmp_path: Path) -> None:
    """Terms in more than one block (128 postings each): every block's statistics as Whoosh keeps them."""
    documents = [f"közös szó {'ritka' if number % 3 else 'más'} {number}" for number in range(300)]

    def write(target: Path, pool: bool) -> Path:
        folder, whoosh_index = create_generation(target)
        writer = FastSegmentWriter(whoosh_index, limitmb=segments.POOL_MB) if pool else open_writer(whoosh_index)
        for number, text in enumerate(documents):
            writer.add_document(id=str(number), path=f"{number}.html", title=text, body=text * (1 + number % 5))
        if pool:
            writer._commit_toc([writer._finalize_segment()])
            writer._finish()
        else:
            writer.commit()
        publish_generation(target, folder)
        return target

    ours, whoosh = write(tmp_path / "ours", True), write(tmp_path / "whoosh", False)
    for extension in (TERMS, POSTINGS):
        assert _segment_file(ours, extension) == _segment_file(whoosh, extension)
