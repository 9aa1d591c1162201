"""Errors of the indexer.

    IndexerError                 base: one per package, caught once per page by the pipeline
    ├── PageError                a page that cannot be indexed; carries path and reason
    │   ├── DecodeError          bytes that are not text in any encoding we accept
    │   └── EmptyPageError       nothing left after boilerplate removal
    ├── IndexLockedError         another writer holds the index
    ├── WorkerDiedError          a worker process was killed (by the kernel, or a user) mid-run
    ├── SettingsError            a setting from the environment has a bad value
    └── IndexMissingError        no index has been built in the folder
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


class IndexerError(Exception):
    """Base of every error the indexer raises on purpose."""


class PageError(IndexerError):
    """A single page cannot be indexed; the run goes on without it."""

    def __init__(self, path: str, reason: str) -> None:
        reason = readable_reason(reason)
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class DecodeError(PageError):
    """The bytes are binary junk or no encoding decodes them."""


class EmptyPageError(PageError):
    """The page holds no content once navigation and boilerplate are gone."""


class IndexLockedError(IndexerError):
    """Another process is writing the index; `since` and `holder` come from its lock file."""

    def __init__(self, folder: str, *, since: str, holder: str) -> None:
        super().__init__(f"another update is running since {since} ({holder}) on {folder}")
        self.folder = folder
        self.since = since
        self.holder = holder


class IndexMissingError(IndexerError):
    """No index has been built in the folder yet."""

    def __init__(self, folder: str) -> None:
        super().__init__(f"no index in {folder}: run `python -m indexer build` first")
        self.folder = folder


class WorkerDiedError(IndexerError):
    """A worker process ended abruptly (SIGKILL, the kernel's out-of-memory killer): its task is
    lost, so the run stops rather than wait for it or index the corpus without it."""

    def __init__(self, stage: str) -> None:
        super().__init__(
            f"a worker process died while {stage} (killed by a signal, perhaps by the system for want of "
            "memory); the run stopped and the live index is unchanged since its last commit"
        )
        self.stage = stage


class SettingsError(IndexerError):
    """A setting's value (from the environment) cannot be used; the message names both."""
