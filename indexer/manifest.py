"""What each corpus file held when it was last read, kept beside the index so an update need not read it again.

    index/manifest.json    per page file: size, mtime, ctime, inode, and the path, hash and kind of each of its pages

A build or an update reads every file it cannot vouch for and records it here; the next update
takes a file's pages from the manifest when its `stat` is unchanged, as git's index does for the
working tree.

The manifest is a cache, never the truth. It is dropped whole (and every file read) when it is
missing, unreadable, damaged, or written by code that reads or hashes pages otherwise
(`fingerprint`). A file whose bytes cannot be read to their end (a broken or hostile archive) is
recorded with the pages before the break and the reason, so an unchanged bad archive is not read
again at every update; one that the system could not read (permissions, I/O) is not recorded.

A file rewritten with the same size within the `stat`'s timestamp tick ("racy git") is guarded as
git does: `stamp_ns` is when the writing run began looking at files, and a file whose mtime is not
older than that (less `TIMESTAMP_SLACK_NS`) is read again.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from core.index.document import content_hash
from indexer import read, records

MANIFEST_FILE = "manifest.json"
_FORMAT = "projektkereso corpus manifest 1"
# Timestamps of the coarsest file systems a corpus may sit on (FAT: 2 s; ext3, HFS+: 1 s): the
# stamp is taken on the index's file system, whose timestamps may be finer than the corpus's.
TIMESTAMP_SLACK_NS = 2_000_000_000


# Named tuples, not frozen dataclasses: 100,000 entries load in half the time.
class FileState(NamedTuple):
    """What `stat` tells of a file's content without reading it: any change of content changes one of these,
    except a same-size rewrite within one timestamp tick (see the module docstring)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int


class PageHash(NamedTuple):
    """One page of a file as an update plans with it: its path, the hash of its bytes, and its kind."""

    path: str
    content_hash: str
    is_html: bool


class FileEntry(NamedTuple):
    state: FileState
    pages: tuple[PageHash, ...]
    failure: str | None = None  # why the file could not be read to its end (its pages are those before)


@dataclass(slots=True)
class Manifest:
    """Entries by the file's path relative to the corpus; `stamp_ns` as in the module docstring."""

    stamp_ns: int
    files: dict[str, FileEntry] = field(default_factory=dict)

    def known_pages(self, relative: str, state: FileState | None) -> tuple[PageHash, ...] | None:
        """The file's pages as last read, if its `stat` vouches that they are still what it holds."""
        entry = self.known_entry(relative, state)
        return None if entry is None else entry.pages

    def known_entry(self, relative: str, state: FileState | None) -> FileEntry | None:
        """The file's entry as last read (pages, and the failure that ended the reading), if its
        `stat` vouches that it still holds the same bytes."""
        entry = self.files.get(relative)
        if entry is None or state is None or entry.state != state:
            return None
        if state.mtime_ns >= self.stamp_ns - TIMESTAMP_SLACK_NS:
            return None  # written about when it was read: it may have changed since, keeping its stat
        return entry


def file_state(path: Path) -> FileState | None:
    """The file's `stat` (through a symbolic link), or None when it cannot be had (reading it will say why)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return FileState(size=stat.st_size, mtime_ns=stat.st_mtime_ns, ctime_ns=stat.st_ctime_ns, inode=stat.st_ino)


def filesystem_now(folder: Path) -> int:
    """The current time as the file system under `folder` stamps files (coarser than the clock, and the
    time the corpus's files are compared with)."""
    with tempfile.TemporaryFile(dir=folder, prefix=".stamp-") as probe:
        return os.fstat(probe.fileno()).st_mtime_ns


@functools.cache
def fingerprint() -> str:
    """What recorded pages depend on: how files are split into pages (read.py, records.py, warcio) and hashed."""

    warcio = importlib.metadata.version("warcio")
    digest = hashlib.sha256(f"{_FORMAT} {sys.version_info[:2]} warcio {warcio}".encode())
    for source in (Path(read.__file__), Path(records.__file__)):
        digest.update(source.read_bytes())
    digest.update(content_hash(b"projektkereso").encode())
    return digest.hexdigest()


def load_manifest(index_root: Path) -> Manifest:
    """The manifest kept under `index_root`, or an empty one when there is none usable."""
    try:
        kept = json.loads((index_root / MANIFEST_FILE).read_text(encoding="utf-8"))
        if not isinstance(kept, dict) or kept.get("fingerprint") != fingerprint():
            return Manifest(stamp_ns=0)
        stamp, files = kept["stamp_ns"], kept["files"]
        if type(stamp) is not int or type(files) is not dict:
            return Manifest(stamp_ns=0)
        return Manifest(stamp_ns=stamp, files={relative: _entry(item) for relative, item in files.items()})
    except (OSError, ValueError, KeyError, TypeError):
        return Manifest(stamp_ns=0)


def save_manifest(index_root: Path, manifest: Manifest) -> bool:
    """Replace the manifest atomically, so a killed run leaves the previous one whole; whether it was written.

    A manifest that cannot be written costs the next update only the reading it would have saved.
    """
    kept = {
        "fingerprint": fingerprint(),
        "stamp_ns": manifest.stamp_ns,
        "files": {relative: _item(entry) for relative, entry in manifest.files.items()},
    }
    temporary = index_root / f".{MANIFEST_FILE}.{os.getpid()}"
    try:
        temporary.write_text(json.dumps(kept, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, index_root / MANIFEST_FILE)
    except (OSError, ValueError):  # ValueError: a path that is not text (display_path makes none)
        temporary.unlink(missing_ok=True)
        return False
    return True


def _item(entry: FileEntry) -> list[object]:
    state = entry.state
    pages = [[page.path, page.content_hash, page.is_html] for page in entry.pages]
    item: list[object] = [state.size, state.mtime_ns, state.ctime_ns, state.inode, pages]
    return item if entry.failure is None else [*item, entry.failure]


def _entry(item: object) -> FileEntry:
    """The entry of one manifest item; ValueError for anything this module did not write."""
    if type(item) is not list or len(item) not in (5, 6):
        raise ValueError("not a manifest entry")
    size, mtime_ns, ctime_ns, inode, pages = item[:5]
    failure = item[5] if len(item) == 6 else None
    if not type(size) is type(mtime_ns) is type(ctime_ns) is type(inode) is int or type(pages) is not list:
        raise ValueError("not a manifest entry")
    if failure is not None and type(failure) is not str:
        raise ValueError("not a manifest entry")
    state = FileState(size, mtime_ns, ctime_ns, inode)
    return FileEntry(state=state, pages=tuple([_page(page) for page in pages]), failure=failure)


def _page(item: object) -> PageHash:
    if type(item) is not list or len(item) != 3:
        raise ValueError("not a manifest page")
    path, content_hash, is_html = item
    if type(path) is not str or type(content_hash) is not str or type(is_html) is not bool:
        raise ValueError("not a manifest page")
    return PageHash(path=path, content_hash=content_hash, is_html=is_html)
