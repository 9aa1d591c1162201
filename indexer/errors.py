"""Errors of the indexer.

    IndexerError                 base: one per package, caught once per page by the pipeline
    └── PageError                a page that cannot be indexed; carries path and reason
        ├── DecodeError          bytes that are not text in any encoding we accept
        └── EmptyPageError       nothing left after boilerplate removal

The index folder's own errors (locked, missing) are in core/index/errors.py.
"""
from __future__ import annotations


class IndexerError(Exception):
    """Base of every error the indexer raises on purpose."""


class PageError(IndexerError):
    """A single page cannot be indexed; the run goes on without it."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class DecodeError(PageError):
    """The bytes are binary junk or no encoding decodes them."""


class EmptyPageError(PageError):
    """The page holds no content once navigation and boilerplate are gone."""
