"""Errors of the index folder, raised to the indexer and the search API alike.

    IndexFolderError       base
    ├── IndexLockedError   another writer holds the index
    └── IndexMissingError  no index has been built in the folder
"""
from __future__ import annotations

import re

MAX_REASON_CHARS = 300  # a reason is one line of a report, whatever a library put in its message
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def readable_reason(text: str) -> str:
    """`text` as one short printable line: control characters escaped, the length capped."""
    cut = text[: MAX_REASON_CHARS * 4]
    escaped = _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", cut)
    if len(escaped) > MAX_REASON_CHARS or len(cut) < len(text):
        return escaped[: MAX_REASON_CHARS - 1] + "…"
    return escaped


class IndexFolderError(Exception):
    """Base of every error the index folder raises on purpose."""


class IndexLockedError(IndexFolderError):
    """Another process is writing the index; `since` and `holder` come from its lock file."""

    def __init__(self, folder: str, *, since: str, holder: str) -> None:
        super().__init__(f"another update is running since {since} ({holder}) on {folder}")
        self.folder = folder
        self.since = since
        self.holder = holder


class IndexMissingError(IndexFolderError):
    """No index has been built in the folder yet."""

    def __init__(self, folder: str) -> None:
        super().__init__(f"no index in {folder}: run `python -m indexer build` first")
        self.folder = folder
