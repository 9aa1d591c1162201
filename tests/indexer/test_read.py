"""Reading a corpus: page files, and WARC archives one page per HTTP response record."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from warcs import sample_pages, truncate_gzip_member, write_warc

from indexer.errors import PageError
from indexer.read import display_path, find_named_pages, find_pages, read_pages


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_warc_yields_its_html_responses_with_url_and_charset(tmp_path: Path, name: str) -> None:
    archive = write_warc(tmp_path / name, sample_pages())
    pages = list(read_pages(archive, tmp_path))
    # Records: request 0, response 1, request 2, response 3 (an image: not a page), request 4, response 5.
    assert [page.path for page in pages] == [f"{name}#1", f"{name}#5"]
    assert pages[0].url == "https://www.oriszentpeter.hu/hirek/kerekparut"
    assert pages[0].declared_charset == "windows-1250"
    assert pages[0].is_html and pages[1].declared_charset is None


def test_archives_are_found_beside_page_files(tmp_path: Path) -> None:
    write_warc(tmp_path / "b.warc.gz", sample_pages())
    (tmp_path / "a.html").write_text("<p>x</p>", encoding="utf-8")
    assert [path.name for path in find_pages(tmp_path)] == ["a.html", "b.warc.gz"]


def test_a_broken_archive_yields_the_pages_before_the_break_then_raises(tmp_path: Path) -> None:
    archive = write_warc(tmp_path / "broken.warc.gz", sample_pages())
    truncate_gzip_member(archive, keep_members=4)  # request, response, request, image response
    pages = []
    with pytest.raises(PageError) as raised:
        for page in read_pages(archive, tmp_path):
            pages.append(page)
    assert [page.path for page in pages] == ["broken.warc.gz#1"]
    assert raised.value.path == "broken.warc.gz"


def test_a_file_that_is_not_an_archive_is_a_page_error(tmp_path: Path) -> None:
    (tmp_path / "fake.warc").write_bytes(b"<html>not a warc</html>")
    with pytest.raises(PageError, match="not a readable WARC archive"):
        list(read_pages(tmp_path / "fake.warc", tmp_path))


def test_named_pages_are_found_pages_with_their_display_paths(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for name in ("top.html", "a/mid.txt", "a/b/deep.htm", ".hidden/no.html", "a/skip.pdf"):
        (tmp_path / name).write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "a" / "b").joinpath(os.fsdecode("Győr_régi.html".encode("iso8859_2"))).write_text("<p>x</p>", encoding="utf-8")
    named = find_named_pages(tmp_path)
    assert [path for path, _ in named] == find_pages(tmp_path)
    assert [shown for _, shown in named] == [display_path(path, tmp_path) for path in find_pages(tmp_path)]
    assert [shown for _, shown in named] == ["top.html", "a/mid.txt", "a/b/Győr_régi.html", "a/b/deep.htm"]
