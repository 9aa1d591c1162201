"""Stages over many pages, in order, on worker processes.

Workers hand pages back already pickled (`PackedPage`, `FinishedPage`) and read pass 2's pages from
the build's spool themselves (`SpooledPage`): the build's process, which shares the cores with them,
only counts template keys, groups copies and writes bytes.
"""
from __future__ import annotations

import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, TypeVar

from core.analysis.chain import known_word_forms, new_words, use_word_forms, word_forms
from core.index.document import Document
from indexer.cleaning.site_templates import PageKeys, SiteTemplates, page_keys
from indexer.failures import finish_raw, strip_and_record_file, strip_file
from indexer.manifest import FileEntry
from indexer.process_pool import fork_workers, result_of, stop_workers
from indexer.records import SkippedPage, StrippedPage

T = TypeVar("T")
R = TypeVar("R")
AHEAD = 256  # pages a worker pool may finish before the writer takes them

CHUNK = 8  # pages a worker takes at a time

_worker_templates: SiteTemplates | None = None  # set once per worker process by _install_templates

_worker_seen: set[str] = set()  # in a worker: the words its parent knew when it forked, and those it reported

_worker_spool: int | None = None  # in a worker: the descriptor of the build's pass-1 spool, inherited

STEM_CHUNK = 256  # words a worker stems at a time


@dataclass(frozen=True, slots=True)
class SpooledPage:
    """A pass-1 page by its place in the build's spool: the pass-2 worker reads it itself, so the
    build's process neither unpickles it nor pickles it again to hand it over (with the documents
    coming back, that was most of its work, and it shares the two cores with the workers)."""

    offset: int
    length: int

    def load(self, spool: int) -> StrippedPage:
        page: StrippedPage = pickle.loads(os.pread(spool, self.length, self.offset))
        return page


@dataclass(frozen=True, slots=True)
class FinishedPage:
    """Pass 2's result for a page: its document pickled by the worker (a build spools the bytes as
    they are unless the page joins another's group), its id and fingerprint for grouping, and the
    words it met first, to be stemmed before the write."""

    pickled: bytes
    id: str
    signature: str
    new_words: tuple[str, ...]

    def document(self) -> Document:
        document: Document = pickle.loads(self.pickled)
        return document


def _install_templates(templates: SiteTemplates | None) -> None:
    """Pool initializer: the templates travel to each worker once, not with every page."""
    global _worker_templates
    _worker_templates = templates


def _install_worker(templates: SiteTemplates | None, spool: int | None = None) -> None:
    global _worker_seen, _worker_spool
    _install_templates(templates)
    _worker_seen = set(known_word_forms())
    _worker_spool = spool


def _finish_in_worker(page: StrippedPage | SpooledPage | SkippedPage) -> FinishedPage | SkippedPage:
    if isinstance(page, SkippedPage):
        return page
    if isinstance(page, SpooledPage):
        assert _worker_spool is not None, "a spooled page without the spool"
        page = page.load(_worker_spool)
    document = finish_raw(page, _worker_templates)
    if isinstance(document, SkippedPage):
        return document
    words = new_words(f"{document.title}\n{document.text}", seen=_worker_seen) if document.language != "en" else ()
    pickled = pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)
    return FinishedPage(pickled, document.id, document.signature, tuple(words))


def _take_new_words(
    results: Iterator[FinishedPage | SkippedPage], words: set[str]
) -> Iterator[FinishedPage | SkippedPage]:
    """Collect the words workers reported and this process has no forms for."""
    known = known_word_forms()
    for result in results:
        if isinstance(result, FinishedPage) and result.new_words:
            words.update(word for word in result.new_words if word not in known)
        yield result


def stem_words(words: set[str], *, jobs: int) -> None:
    """Stem each word once, on `jobs` processes, into this process's table: two workers meeting
    a word both stemmed it when they stemmed their own pages' words (1.55 times the work at 20,000 pages)."""
    ordered = sorted(words)
    chunks = [ordered[start:start + STEM_CHUNK] for start in range(0, len(ordered), STEM_CHUNK)]
    for forms in pool_map(word_forms, chunks, jobs=jobs if len(chunks) >= 4 else 1):
        use_word_forms(forms)


def strip_files(paths: Sequence[Path], corpus: Path, *, jobs: int) -> Iterator[list[StrippedPage | SkippedPage]]:
    """Pass 1 over files in order, on `jobs` worker processes when there is enough work to share."""
    yield from pool_map(strip_file, [(path, corpus) for path in paths], jobs=jobs)


@dataclass(frozen=True, slots=True)
class PackedPage:
    """A pass-1 page as a build's worker hands it back: pickled, to be spooled as it is, and the
    keys it adds to the site templates (the build's process would otherwise unpickle the page,
    hash its paragraphs and pickle it again)."""

    pickled: bytes
    keys: PageKeys
    density_fallback: bool = False
    second_opinion: bool = False


@dataclass(frozen=True, slots=True)
class PackedFile:
    """`StrippedFile` with its pages packed."""

    results: list[PackedPage | SkippedPage]
    recorded: tuple[str, FileEntry] | None


def pack_file(task: tuple[Path, Path]) -> PackedFile:
    """Pass 1 for one file of a build, its pages packed for the spool."""
    file = strip_and_record_file(task)
    return PackedFile([_packed(result) for result in file.results], file.recorded)


def _packed(result: StrippedPage | SkippedPage) -> PackedPage | SkippedPage:
    if isinstance(result, SkippedPage):
        return result
    return PackedPage(
        pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), page_keys(result.clean, site=result.site),
        result.clean.density_fallback, result.clean.second_opinion,
    )


def pack_files(paths: Sequence[Path], corpus: Path, *, jobs: int) -> Iterator[PackedFile]:
    """`pack_file` over files in order, on `jobs` worker processes."""
    yield from pool_map(pack_file, [(path, corpus) for path in paths], jobs=jobs)


def finish_pages(
    pages: Iterable[StrippedPage | SpooledPage | SkippedPage], templates: SiteTemplates | None, *, jobs: int,
    count: int, new_words: set[str], spool: IO[bytes] | None = None,
) -> Iterator[FinishedPage | SkippedPage]:
    """Pass 2 over pages in order (`count` of them, to decide whether workers pay off), spooled ones
    read from `spool`; the words to stem before the pages are written (`stem_words`) are added to
    `new_words`."""
    if spool is not None:
        spool.flush()
    results = pool_map(
        _finish_in_worker, pages, jobs=jobs if count >= 64 else 1, templates=templates,
        spool=None if spool is None else spool.fileno(),
    )
    yield from _take_new_words(results, new_words)


def process_paths(
    paths: Sequence[Path], corpus: Path, *, jobs: int, templates: SiteTemplates | None = None,
    learn_from: frozenset[str] = frozenset(),
) -> list[Document | SkippedPage]:
    """Both passes for some files (an update's batch), with the index's templates. The pages named
    in `learn_from` (new ones: a changed page was counted already) are added to `templates`
    first, so that an update refreshes what the build learned."""
    stripped = [result for results in strip_files(paths, corpus, jobs=jobs if len(paths) >= 64 else 1) for result in results]
    if templates is not None:
        for page in stripped:
            if isinstance(page, StrippedPage) and page.path in learn_from:
                templates.learn(page.clean, site=page.site)
    words: set[str] = set()
    results = [
        result.document() if isinstance(result, FinishedPage) else result
        for result in finish_pages(stripped, templates, jobs=jobs, count=len(stripped), new_words=words)
    ]
    stem_words(words, jobs=jobs)
    return results


def pool_map(
    function: Callable[[T], R], items: Iterable[T], *, jobs: int, templates: SiteTemplates | None = None,
    spool: int | None = None,
) -> Iterator[R]:
    """`function` over `items` in order; the workers (forked, so they inherit the descriptor
    `spool`) are installed with `templates` and `spool`. A worker that dies (killed by the
    kernel or a user) stops the run with WorkerDiedError (indexer/process_pool.py)."""
    if jobs <= 1:
        _install_worker(templates, spool)
        yield from map(function, items)
        return
    # Pool.imap takes every item at once and queues every result the workers finish: with the
    # writer the slower side, the workers finished a 100,000-page build long before the writer
    # and its process reached 2.0 GB. Here at most AHEAD pages are out at a time, in chunks of CHUNK
    # submitted as earlier ones are taken, from this thread (no pool thread ever waits on us).
    source = iter(items)
    chunks = iter(lambda: list(islice(source, CHUNK)), [])
    stage = f"running {getattr(function, '__name__', 'a step')} over pages"
    workers = fork_workers(jobs, _install_worker, (templates, spool))
    finished = False
    try:
        pending: deque[Future[list[R]]] = deque()
        for chunk in islice(chunks, max(1, AHEAD // CHUNK)):
            pending.append(workers.submit(_map_chunk, function, chunk))
        while pending:
            done = result_of(pending.popleft(), stage=stage)
            for chunk in islice(chunks, 1):
                pending.append(workers.submit(_map_chunk, function, chunk))
            yield from done
        finished = True
    finally:
        stop_workers(workers, kill=not finished)


def _map_chunk(function: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [function(item) for item in chunk]
