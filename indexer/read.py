"""Find and read the pages of a corpus folder, in sorted order so every run sees the same sequence.

A page file (`.html`, `.htm`, `.txt`) is one page. A WARC archive (`.warc`, `.warc.gz`) holds one
page per HTTP response record with an HTML or text body; such a page's path is
`archive.warc.gz#<n>`, `n` the record's position in the archive (0-based, counting every record),
so it is stable across runs. Archives are streamed record by record, never loaded whole.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from indexer.errors import PageError
from indexer.records import RawPage

ARCHIVE_SUFFIXES = (".warc", ".warc.gz")
PAGE_SUFFIXES = (".html", ".htm", ".txt", *ARCHIVE_SUFFIXES)
MAX_PAGE_BYTES = 50 * 1024 * 1024  # larger files are archives or dumps, not pages
RECORD_SEPARATOR = "#"
_PAGE_TYPES = ("text/html", "application/xhtml", "text/plain")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", re.I)


def find_pages(corpus: Path) -> list[Path]:
    """Every page file and archive under `corpus`, recursively, sorted; hidden folders are skipped."""
    return [folder / name for folder, _, names in _page_folders(corpus) for name in names]


def find_named_pages(corpus: Path) -> list[tuple[Path, str]]:
    """`find_pages`, each with its `display_path`, the folder's part of which is worked out once per
    folder (100,000 `relative_to` calls took 1.1 s, more than the `stat` of as many files)."""
    return [
        (folder / name, _readable(os.fsencode(prefix + name)))
        for folder, prefix, names in _page_folders(corpus)
        for name in names
    ]


def _page_folders(corpus: Path) -> Iterator[tuple[Path, str, list[str]]]:
    """Each folder holding pages, in order: the folder, its path relative to `corpus` as a prefix
    (`""` or `"a/b/"`), and its page file names, sorted."""
    for folder, subfolders, files in os.walk(corpus):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        names = [name for name in sorted(files) if name.lower().endswith(PAGE_SUFFIXES) and not name.startswith(".")]
        if names:
            path = Path(folder)
            relative = path.relative_to(corpus).as_posix()
            yield path, "" if relative == "." else f"{relative}/", names


def is_archive(path: Path | str) -> bool:
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


def display_path(path: Path, corpus: Path) -> str:
    """The page's path relative to the corpus, as readable text even for legacy-encoded file names.

    Names that are not UTF-8 bytes are read as ISO-8859-2, the usual legacy encoding of Hungarian
    file names, so that the path can be stored, printed and sent as JSON.
    """
    return _readable(os.fsencode(path.relative_to(corpus).as_posix()))


def _readable(relative: bytes) -> str:
    try:
        return relative.decode("utf-8")
    except UnicodeDecodeError:
        return relative.decode("iso8859_2")


def read_pages(path: Path, corpus: Path) -> Iterator[RawPage]:
    """Every page in one file: the file itself, or each page record of a WARC archive, streamed.

    Raises PageError for a file that cannot be read at all; an archive broken midway yields the
    pages before the break and then raises.
    """
    if is_archive(path):
        yield from _read_archive(path, display_path(path, corpus))
    else:
        yield read_page(path, corpus)


def read_page(path: Path, corpus: Path) -> RawPage:
    """Read one page file's bytes, or raise PageError for a file that cannot be a page."""
    shown = display_path(path, corpus)
    if is_archive(path):
        raise PageError(shown, "a WARC archive holds many pages; read it with read_pages")
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise PageError(shown, f"file too large ({size:,} bytes; limit {MAX_PAGE_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise PageError(shown, f"cannot read: {exc.strerror or exc}") from exc
    return RawPage(path=shown, data=data)


def _read_archive(path: Path, shown: str) -> Iterator[RawPage]:
    try:
        with path.open("rb") as stream:
            for number, record in enumerate(ArchiveIterator(stream)):
                page = _page_of_record(record, f"{shown}{RECORD_SEPARATOR}{number}")
                if page is not None:
                    yield page
    except OSError as exc:
        raise PageError(shown, f"cannot read: {exc.strerror or exc}") from exc
    except ArchiveLoadFailed as exc:
        raise PageError(shown, f"not a readable WARC archive: {exc}") from exc


def _page_of_record(record: object, shown: str) -> RawPage | None:
    """A RawPage for an HTTP response record holding HTML or text; None for every other record."""
    if getattr(record, "rec_type", None) != "response" or getattr(record, "http_headers", None) is None:
        return None
    headers = record.http_headers  # type: ignore[attr-defined]
    content_type = (headers.get_header("Content-Type") or "text/html").lower()
    if not content_type.startswith(_PAGE_TYPES):
        return None
    data = record.content_stream().read(MAX_PAGE_BYTES + 1)  # type: ignore[attr-defined]
    if len(data) > MAX_PAGE_BYTES:
        return None
    charset = _CHARSET.search(content_type)
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    return RawPage(
        path=shown, data=data, url=url or None, declared_charset=charset.group(1) if charset else None,
        html=not content_type.startswith("text/plain"),
    )
