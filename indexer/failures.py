"""Page-failure policy: a page that fails any stage becomes a SkippedPage with its reason, never
stops a run, and never takes the other pages of its file with it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from core.index.document import Document, content_hash
from core.index.errors import readable_reason
from indexer.cleaning.site_templates import SiteTemplates
from indexer.errors import PageError
from indexer.manifest import FileEntry, PageHash, file_state
from indexer.pipeline import finish_page, strip_page
from indexer.read import display_path, read_pages
from indexer.records import SkippedPage, StrippedPage

T = TypeVar("T")
R = TypeVar("R")


def strip_file(task: tuple[Path, Path]) -> list[StrippedPage | SkippedPage]:
    """Pass 1 for one file; a WARC broken midway keeps the pages before the break."""
    return strip_and_record_file(task).results


@dataclass(frozen=True, slots=True)
class StrippedFile:
    """Pass 1's results for one file, and its manifest entry by its path (None unless it was read to its end)."""

    results: list[StrippedPage | SkippedPage]
    recorded: tuple[str, FileEntry] | None


def strip_and_record_file(task: tuple[Path, Path]) -> StrippedFile:
    """Pass 1 for one file, with what the manifest keeps of it, so that an update need not read it again."""
    path, corpus = task
    state = file_state(path)  # before reading: a change while it is read shows at the next update
    results: list[StrippedPage | SkippedPage] = []
    pages: list[PageHash] = []
    failure = None
    try:
        for raw in read_pages(path, corpus):
            result = guarded(strip_page, raw, raw.path)
            hashed = result.content_hash if isinstance(result, StrippedPage) else content_hash(raw.data)
            pages.append(PageHash(raw.path, hashed, raw.is_html))
            results.append(result)
    except PageError as exc:
        results.append(SkippedPage(file=exc.path, reason=exc.reason))
        failure = exc.reason if lasting_failure(exc) else None
        if failure is None:
            return StrippedFile(results, None)
    except Exception as exc:  # a bug on one file must not cost the user the other files
        results.append(SkippedPage(file=str(path), reason=readable_reason(f"internal error: {type(exc).__name__}: {exc}")))
        return StrippedFile(results, None)
    if state is None:
        return StrippedFile(results, None)
    return StrippedFile(results, (display_path(path, corpus), FileEntry(state, tuple(pages), failure)))


def lasting_failure(error: PageError) -> bool:
    """Whether the same bytes would fail the same way (a broken archive), unlike an error of the
    system reading them (permissions, I/O), which may be gone at the next run."""
    return not isinstance(error.__cause__, OSError)


def finish_raw(page: StrippedPage, templates: SiteTemplates | None) -> Document | SkippedPage:
    return guarded(lambda stripped: finish_page(stripped, templates), page, page.path)


def guarded(stage: Callable[[T], R], value: T, path: str) -> R | SkippedPage:
    """`stage(value)`, or the page skipped with the reason it failed."""
    try:
        return stage(value)
    except PageError as exc:
        return SkippedPage(file=exc.path, reason=exc.reason)
    except Exception as exc:  # a bug on one page must not cost the user the other pages
        return SkippedPage(file=path, reason=readable_reason(f"internal error: {type(exc).__name__}: {exc}"))
