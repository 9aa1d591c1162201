"""The manifest beside the index: an update does not read a file whose `stat` is unchanged, and
reads every file it cannot vouch for (changed, damaged or foreign manifest, written too recently)."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from warcs import LEGACY_PAGE, UTF8_PAGE, sample_pages, truncate_gzip_member, write_warc

from core.index.folder import open_index
from indexer import update as reindex
from indexer.build import build_index
from indexer.manifest import (
    MANIFEST_FILE,
    TIMESTAMP_SLACK_NS,
    FileEntry,
    FileState,
    Manifest,
    PageHash,
    file_state,
    load_manifest,
)
from indexer.update import update_index

HOUR_AGO = time.time_ns() - 3600 * 10**9
PAGES = {
    "a.html": UTF8_PAGE.encode("utf-8"),
    "sub/b.html": LEGACY_PAGE.encode("cp1250"),
    "c.txt": "A Zala megyei önkormányzat óvoda felújítása az EFOP program támogatásával valósult meg 2019-ben.\n".encode(),
}


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus of three page files and an archive, all last written an hour ago, and its index."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    for name, data in PAGES.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_bytes(data)
    write_warc(corpus / "crawl.warc.gz", sample_pages())
    for file in corpus.rglob("*.*"):
        _age(file, HOUR_AGO)
    build_index(corpus, index)
    return corpus, index


@pytest.fixture()
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the files the update's scan reads."""
    seen: list[str] = []
    original = reindex.read_pages

    def spy(path: Path, corpus: Path):  # type: ignore[no-untyped-def]
        seen.append(path.relative_to(corpus).as_posix())
        return original(path, corpus)

    monkeypatch.setattr(reindex, "read_pages", spy)
    return seen


def _age(file: Path, mtime_ns: int) -> None:
    os.utime(file, ns=(mtime_ns, mtime_ns))


def _indexed(index: Path) -> dict[str, str]:
    with open_index(index).searcher() as searcher:
        return {fields["path"]: fields["content_hash"] for fields in searcher.reader().all_stored_fields()}


def test_the_build_records_each_file_with_the_hashes_it_indexed(built: tuple[Path, Path]) -> None:
    corpus, index = built
    manifest = load_manifest(index)
    assert set(manifest.files) == {*PAGES, "crawl.warc.gz"}
    recorded = {page.path: page.content_hash for entry in manifest.files.values() for page in entry.pages}
    assert recorded == _indexed(index)
    assert manifest.files["a.html"].state == file_state(corpus / "a.html")


def test_an_unchanged_file_is_not_read_again(built: tuple[Path, Path], reads: list[str]) -> None:
    corpus, index = built
    before = _indexed(index)
    report = update_index(corpus, index)
    assert reads == [] and report.files_read == 0
    assert report.nothing_to_do and report.unchanged == len(before)
    assert _indexed(index) == before


def test_a_file_rewritten_with_the_same_size_and_another_mtime_is_read_again(
    built: tuple[Path, Path], reads: list[str]
) -> None:
    corpus, index = built
    page = corpus / "a.html"
    edited = UTF8_PAGE.replace("két új", "hét új").encode("utf-8")
    assert len(edited) == page.stat().st_size
    page.write_bytes(edited)
    _age(page, HOUR_AGO + 10**9)
    report = update_index(corpus, index)
    assert reads == ["a.html"]
    assert (report.updated, report.unchanged) == (1, 4)
    with open_index(index).searcher() as searcher:
        assert "hét új csoportszobával" in searcher.document(path="a.html")["text"]


def test_a_file_written_when_the_manifest_was_is_read_again(built: tuple[Path, Path], reads: list[str]) -> None:
    """Git's "racy" guard: the file may have changed after it was read without changing its stat."""
    corpus, index = built
    recent = corpus / "recent.html"
    recent.write_text(UTF8_PAGE.replace("Zsámbék", "Perbál"), encoding="utf-8")
    assert update_index(corpus, index).added == 1
    assert load_manifest(index).files["recent.html"].state == file_state(recent)
    assert update_index(corpus, index).nothing_to_do
    assert reads == ["recent.html", "recent.html"]


def test_a_rewrite_that_keeps_the_stat_is_caught_while_it_is_recent(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The blind spot itself, with the stat kept as a rewrite within one timestamp tick keeps it."""
    corpus, index = built
    page = corpus / "recent.html"
    page.write_text(UTF8_PAGE, encoding="utf-8")
    update_index(corpus, index)
    recorded = load_manifest(index).files["recent.html"].state
    page.write_text(UTF8_PAGE.replace("két új", "hét új"), encoding="utf-8")
    real_state = reindex.file_state
    monkeypatch.setattr(reindex, "file_state", lambda path: recorded if path == page else real_state(path))
    assert update_index(corpus, index).updated == 1


def test_only_a_stat_older_than_the_stamp_is_trusted() -> None:
    pages = (PageHash("a.html", "0" * 40, True),)
    stamp = time.time_ns()
    old, recent = (FileState(10, stamp - TIMESTAMP_SLACK_NS - offset, 1, 7) for offset in (1, 0))
    manifest = Manifest(stamp_ns=stamp, files={"old.html": FileEntry(old, pages), "recent.html": FileEntry(recent, pages)})
    assert manifest.known_pages("old.html", old) == pages
    assert manifest.known_pages("recent.html", recent) is None
    assert manifest.known_pages("old.html", FileState(10, old.mtime_ns, 1, 8)) is None  # another file in its place
    assert manifest.known_pages("old.html", None) is None
    assert manifest.known_pages("other.html", old) is None


@pytest.mark.parametrize("damage", [
    b"",
    b"\x00\xff garbage",
    b'{"fingerprint": "',
    b"[1, 2, 3]",
    b'{"fingerprint": "from another version", "stamp_ns": 9e99, "files": {}}',
    "a wrong entry",
    "a wrong page",
    "a directory",
])
def test_a_damaged_or_foreign_manifest_means_reading_everything(
    built: tuple[Path, Path], reads: list[str], damage: bytes | str
) -> None:
    corpus, index = built
    manifest = index / MANIFEST_FILE
    kept = json.loads(manifest.read_text(encoding="utf-8"))
    if damage == "a wrong entry":
        kept["files"]["a.html"] = kept["files"]["a.html"][:4]
        manifest.write_text(json.dumps(kept), encoding="utf-8")
    elif damage == "a wrong page":
        kept["files"]["a.html"][4][0][2] = "yes"
        manifest.write_text(json.dumps(kept), encoding="utf-8")
    elif damage == "a directory":
        manifest.unlink()
        manifest.mkdir()
    else:
        assert isinstance(damage, bytes)
        manifest.write_bytes(damage)
    report = update_index(corpus, index)
    assert sorted(reads) == sorted({*PAGES, "crawl.warc.gz"})
    assert report.nothing_to_do


def test_a_foreign_manifest_s_hashes_are_not_believed(built: tuple[Path, Path]) -> None:
    """A manifest whose pages were hashed otherwise (another version) would plan every page as changed."""
    corpus, index = built
    manifest = index / MANIFEST_FILE
    kept = json.loads(manifest.read_text(encoding="utf-8"))
    for item in kept["files"].values():
        for page in item[4]:
            page[1] = "f" * 40
    kept["fingerprint"] = "another version"
    manifest.write_text(json.dumps(kept), encoding="utf-8")
    assert update_index(corpus, index).nothing_to_do


def test_a_missing_manifest_is_written_by_the_update_that_reads_everything(
    built: tuple[Path, Path], reads: list[str]
) -> None:
    corpus, index = built
    (index / MANIFEST_FILE).unlink()
    assert update_index(corpus, index).files_read == 4
    assert update_index(corpus, index).files_read == 0
    assert len(reads) == 4


def test_an_unchanged_archive_keeps_its_records_and_a_changed_one_is_read(
    built: tuple[Path, Path], reads: list[str]
) -> None:
    corpus, index = built
    records = load_manifest(index).files["crawl.warc.gz"].pages
    assert [page.path for page in records] == ["crawl.warc.gz#1", "crawl.warc.gz#5"]
    assert update_index(corpus, index).nothing_to_do and reads == []

    changed = [*sample_pages()[:2], ("https://www.zsambek.hu/ovoda", "text/html", UTF8_PAGE.replace("két új", "három új").encode())]
    write_warc(corpus / "crawl.warc.gz", changed)
    _age(corpus / "crawl.warc.gz", HOUR_AGO)
    report = update_index(corpus, index)
    assert reads == ["crawl.warc.gz"] and (report.updated, report.unchanged) == (1, 4)
    assert [page.path for page in load_manifest(index).files["crawl.warc.gz"].pages] == ["crawl.warc.gz#1", "crawl.warc.gz#5"]


def test_a_broken_archive_is_read_once_and_reported_every_time(built: tuple[Path, Path], reads: list[str]) -> None:
    """A broken archive's failure is kept with its stat: an unchanged bad archive (a bomb, a cut
    download) costs one reading, not one per update; a changed one is read again."""
    corpus, index = built
    truncate_gzip_member(corpus / "crawl.warc.gz", keep_members=4)  # keeps record 1, loses record 5
    _age(corpus / "crawl.warc.gz", HOUR_AGO)
    for _ in range(2):
        report = update_index(corpus, index)
        assert [page.file for page in report.skipped] == ["crawl.warc.gz"]
        assert "crawl.warc.gz#1" in _indexed(index) and "crawl.warc.gz#5" not in _indexed(index)
    assert reads == ["crawl.warc.gz"]
    entry = load_manifest(index).files["crawl.warc.gz"]
    assert entry.failure == report.skipped[0].reason and [page.path for page in entry.pages] == ["crawl.warc.gz#1"]
    write_warc(corpus / "crawl.warc.gz", sample_pages())  # repaired
    _age(corpus / "crawl.warc.gz", HOUR_AGO)
    report = update_index(corpus, index)
    assert reads == ["crawl.warc.gz", "crawl.warc.gz"] and report.skipped == [] and report.added == 1
    assert load_manifest(index).files["crawl.warc.gz"].failure is None


def test_a_deleted_file_leaves_the_index_and_the_manifest(built: tuple[Path, Path], reads: list[str]) -> None:
    corpus, index = built
    (corpus / "sub" / "b.html").unlink()
    report = update_index(corpus, index)
    assert report.deleted == 1 and reads == []
    assert "sub/b.html" not in _indexed(index)
    assert "sub/b.html" not in load_manifest(index).files
    assert update_index(corpus, index).nothing_to_do


def test_a_file_replaced_by_another_with_the_same_size_and_mtime_is_read(
    built: tuple[Path, Path], reads: list[str]
) -> None:
    """A new file in the old one's place (a copy, a rename over it) has another inode and ctime."""
    corpus, index = built
    page = corpus / "a.html"
    replacement = corpus / "a.html.new"
    replacement.write_bytes(UTF8_PAGE.replace("két új", "hét új").encode("utf-8"))
    old = page.stat()
    os.utime(replacement, ns=(old.st_atime_ns, old.st_mtime_ns))
    replacement.replace(page)
    assert update_index(corpus, index).updated == 1
    assert reads == ["a.html"]
