"""Errors of the indexer.

    IndexerError                 base: one per package, caught once per page by the pipeline
    ├── PageError                a page that cannot be indexed; carries path and reason
    │   ├── DecodeError          bytes that are not text in any encoding we accept
    │   └── EmptyPageError       nothing left after boilerplate removal
    ├── WorkerDiedError          a worker process was killed (by the kernel, or a user) mid-run
    └── SettingsError            a setting from the environment has a bad value

The index folder's own errors (locked, missing) are in core/index/errors.py.
"""
from __future__ import annotations

from core.index.errors import readable_reason


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
