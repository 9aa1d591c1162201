"""Find and read the pages of a corpus folder, in sorted order so every run sees the same sequence."""
from __future__ import annotations

import os
from pathlib import Path

from indexer.errors import PageError
from indexer.records import RawPage

PAGE_SUFFIXES = (".html", ".htm", ".txt")
MAX_PAGE_BYTES = 50 * 1024 * 1024  # larger files are archives or dumps, not pages


def find_pages(corpus: Path) -> list[Path]:
    """Every page file under `corpus`, recursively, sorted; hidden folders are skipped."""
    found: list[Path] = []
    for folder, subfolders, files in os.walk(corpus):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(PAGE_SUFFIXES) and not name.startswith("."):
                found.append(Path(folder) / name)
    return found


def display_path(path: Path, corpus: Path) -> str:
    """The page's path relative to the corpus, as readable text even for legacy-encoded file names.

    Names that are not UTF-8 bytes are read as ISO-8859-2, the usual legacy encoding of Hungarian
    file names, so that the path can be stored, printed and sent as JSON.
    """
    relative = os.fsencode(path.relative_to(corpus).as_posix())
    try:
        return relative.decode("utf-8")
    except UnicodeDecodeError:
        return relative.decode("iso8859_2")


def read_page(path: Path, corpus: Path) -> RawPage:
    """Read one page's bytes, or raise PageError for a file that cannot be a page."""
    shown = display_path(path, corpus)
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise PageError(shown, f"file too large ({size:,} bytes; limit {MAX_PAGE_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise PageError(shown, f"cannot read: {exc.strerror or exc}") from exc
    return RawPage(path=shown, data=data)
