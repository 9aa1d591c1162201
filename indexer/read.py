"""Find and read the pages of a corpus folder, in sorted order so every run sees the same sequence.

A page file (`.html`, `.htm`, `.txt`) is one page. A WARC archive (`.warc`, `.warc.gz`) holds one
page per HTTP response record with an HTML or text body; such a page's path is
`archive.warc.gz#<n>`, `n` the record's position in the archive (0-based, counting every record),
so it is stable across runs. Archives are streamed record by record, never loaded whole, through
reads that are all bounded (indexer/bounded_warc.py).

Only regular files are pages: a fifo, a device or a socket with a page's name is skipped with its
reason, and no read goes past MAX_PAGE_BYTES whatever `stat` says. A symbolic link to a file is
followed when the file it resolves to is inside the corpus folder (the page is the link's path);
one that leads out of the corpus is skipped, so a link cannot publish `/etc/passwd`. Links to
folders are never followed (they could loop, or lead out of the corpus); they are listed as skipped,
as is a folder that cannot be listed.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.utils import BUFF_SIZE

from core.index.errors import readable_reason
from indexer.bounded_warc import ArchiveLimitError, BoundedArchiveIterator
from indexer.errors import PageError
from indexer.records import RawPage, SkippedPage

ARCHIVE_SUFFIXES = (".warc", ".warc.gz")
PAGE_SUFFIXES = (".html", ".htm", ".txt", *ARCHIVE_SUFFIXES)
MAX_PAGE_BYTES = 50 * 1024 * 1024  # larger files are archives or dumps, not pages
RECORD_SEPARATOR = "#"
_PAGE_TYPES = ("text/html", "application/xhtml", "text/plain")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", re.I)


@dataclass(slots=True)
class CorpusFiles:
    """The page files of a corpus, each with its `display_path`, and the folders that could not be
    walked (unreadable, or links to folders), as skipped entries ending in `/`."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[SkippedPage] = field(default_factory=list)

    def unlisted_prefixes(self) -> tuple[str, ...]:
        """The display paths' prefixes under which pages may be without being listed."""
        return tuple(page.file for page in self.skipped)


def list_corpus(corpus: Path) -> CorpusFiles:
    """Every page file and archive under `corpus`, recursively, sorted; hidden folders are skipped.

    The folder's part of a display path is worked out once per folder (100,000 `relative_to` calls
    took 1.1 s, more than the `stat` of as many files)."""
    listing = CorpusFiles()
    for folder, prefix, names in _page_folders(corpus, listing.skipped):
        listing.files.extend((folder / name, _readable(os.fsencode(prefix + name))) for name in names)
    return listing


def find_pages(corpus: Path) -> list[Path]:
    """Every page file and archive under `corpus`, recursively, sorted; hidden folders are skipped."""
    return [path for path, _ in list_corpus(corpus).files]


def find_named_pages(corpus: Path) -> list[tuple[Path, str]]:
    """`find_pages`, each with its `display_path`."""
    return list_corpus(corpus).files


def _page_folders(corpus: Path, skipped: list[SkippedPage]) -> Iterator[tuple[Path, str, list[str]]]:
    """Each folder holding pages, in order: the folder, its path relative to `corpus` as a prefix
    (`""` or `"a/b/"`), and its page file names, sorted. Folders that cannot be walked go to `skipped`."""

    def unreadable(error: OSError) -> None:
        if error.filename is not None and Path(error.filename) != corpus:
            shown = _folder_shown(Path(error.filename), corpus)
            skipped.append(SkippedPage(shown, readable_reason(f"cannot list the folder: {error.strerror or error}")))
        elif error.filename is not None:
            raise error  # the corpus itself: the run cannot start

    for folder, subfolders, files in os.walk(corpus, onerror=unreadable):
        path = Path(folder)
        kept = []
        for name in sorted(d for d in subfolders if not d.startswith(".")):
            if (path / name).is_symlink():
                skipped.append(SkippedPage(_folder_shown(path / name, corpus), "a link to a folder: links to folders are not followed"))
            else:
                kept.append(name)
        subfolders[:] = kept
        names = [name for name in sorted(files) if name.lower().endswith(PAGE_SUFFIXES) and not name.startswith(".")]
        if names:
            relative = path.relative_to(corpus).as_posix()
            yield path, "" if relative == "." else f"{relative}/", names


def _folder_shown(folder: Path, corpus: Path) -> str:
    return _readable(os.fsencode(folder.relative_to(corpus).as_posix())) + "/"


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
        yield from _read_archive(path, corpus, display_path(path, corpus))
    else:
        yield read_page(path, corpus)


def read_page(path: Path, corpus: Path) -> RawPage:
    """Read one page file's bytes, or raise PageError for a file that cannot be a page."""
    shown = display_path(path, corpus)
    if is_archive(path):
        raise PageError(shown, "a WARC archive holds many pages; read it with read_pages")
    try:
        with open(_open_page_file(path, corpus, shown), "rb") as stream:
            data = stream.read(MAX_PAGE_BYTES + 1)
    except OSError as exc:
        raise PageError(shown, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_PAGE_BYTES:
        raise PageError(shown, f"file too large (over {MAX_PAGE_BYTES:,} bytes)")
    return RawPage(path=shown, data=data)


_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # a fifo opens at once, to be refused


def _open_page_file(path: Path, corpus: Path, shown: str) -> int:
    """A descriptor of the regular file `path` is, or links to inside `corpus`; PageError otherwise.

    The corpus's folders are walked without following links, so only the last part of `path` can
    be a link: it is opened without following, and only a link is resolved and checked."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(os.path.realpath(corpus)):
            raise PageError(shown, "a link to a file outside the corpus folder") from None
        descriptor = os.open(target, _OPEN_FLAGS)
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise PageError(shown, f"not a regular file ({_file_kind(mode)})")
    return descriptor


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a fifo"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
    return next((kind for test, kind in kinds if test(mode)), "not a file")


def _read_archive(path: Path, corpus: Path, shown: str) -> Iterator[RawPage]:
    try:
        with open(_open_page_file(path, corpus, shown), "rb") as stream:
            records = BoundedArchiveIterator(stream)
            for number, record in enumerate(_records(records, shown)):
                page = _page_of_record(record, f"{shown}{RECORD_SEPARATOR}{number}")
                if page is not None:
                    yield page
            if records.cut_short:
                raise PageError(shown, _CUT_SHORT)
    except OSError as exc:
        raise PageError(shown, f"cannot read: {exc.strerror or exc}") from exc
    except ArchiveLimitError as exc:
        raise PageError(shown, f"not a readable WARC archive: {exc}") from exc


_CUT_SHORT = "the archive ends inside a record (cut short, as by an interrupted download)"


def _records(records: BoundedArchiveIterator, shown: str) -> Iterator[object]:
    """The archive's records; what warcio raises on a malformed one becomes PageError (warcio
    meets hostile bytes with AttributeError and ValueError too, not only ArchiveLoadFailed)."""
    iterator = iter(records)
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except (OSError, ArchiveLimitError):
            raise
        except Exception as exc:
            if records.cut_short:
                raise PageError(shown, _CUT_SHORT) from exc
            detail = str(exc) if isinstance(exc, ArchiveLoadFailed) else f"{type(exc).__name__}: {exc}"
            raise PageError(shown, f"not a readable WARC archive: {detail}") from exc
        yield record


def _page_of_record(record: object, shown: str) -> RawPage | None:
    """A RawPage for an HTTP response record holding HTML or text (with a `failure` when it cannot
    be one: too large, cut short, not HTTP); None for every other record."""
    if getattr(record, "rec_type", None) != "response":
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    if getattr(record, "http_headers", None) is None:
        if url and not url.lower().startswith(("http:", "https:")):
            return RawPage(path=shown, data=b"", url=None, failure=f"not an HTTP response: the record is for {url}")
        return None
    headers = record.http_headers  # type: ignore[attr-defined]
    content_type = (headers.get_header("Content-Type") or "text/html").lower()
    if not content_type.startswith(_PAGE_TYPES):
        return None
    data = record.content_stream().read(MAX_PAGE_BYTES + 1)  # type: ignore[attr-defined]
    failure = None
    if len(data) > MAX_PAGE_BYTES:
        failure = f"record too large (over {MAX_PAGE_BYTES:,} bytes)"
    elif _cut_short(record.raw_stream):  # type: ignore[attr-defined]
        failure = "record cut short: the archive ends before its declared length"
    charset = _CHARSET.search(content_type)
    return RawPage(
        path=shown, data=b"" if failure else data, url=url or None,
        declared_charset=charset.group(1) if charset else None, html=not content_type.startswith("text/plain"),
        failure=failure,
    )


def _cut_short(raw: object) -> bool:
    """Read the record to its end; whether the archive ended before the record's declared length."""
    while raw.read(BUFF_SIZE):  # type: ignore[attr-defined]
        pass
    return isinstance(raw, LimitReader) and raw.limit > 0
