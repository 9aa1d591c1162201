"""Errors of the index folder, raised to the indexer and the search API alike.

    IndexFolderError       base
    ├── IndexLockedError   another writer holds the index
    └── IndexMissingError  no index has been built in the folder
"""
from __future__ import annotations


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
