"""Wires the stages: read → decode → strip boilerplate → (site templates) → language → metadata → write.

Two passes, because a site's template and a page's copies are only visible across pages:

    pass 1, per file:   read (a page file, or every record of a WARC) → decode → strip boilerplate;
                        the file's stat and page hashes go to the manifest (indexer/manifest.py)
    between:            learn site templates from every page (indexer/templates.py)
    pass 2, per page:   strip templates → language → metadata → MinHash, and the words to stem;
                        then, in order, the near-duplicate group (indexer/dedup.py)
    then:               stem each new word once; write the documents (indexer/segments.py)

Pass 1's and pass 2's results are spooled to temporary files, so memory does not grow with the corpus.
Workers hand pages back already pickled (`PackedPage`, `FinishedPage`) and read pass 2's pages from
the spool themselves (`SpooledPage`): the build's process, which shares the cores with them, only
counts template keys, groups copies and writes bytes.
`process_raw`/`finish_raw` are the one place a page's failure is caught: a bad page becomes a
`SkippedPage` with its reason and never stops a run.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import IO, TypeVar

from tqdm import tqdm

from indexer.analysis import known_word_forms, new_words, use_word_forms, word_forms
from indexer.boilerplate import strip_boilerplate
from indexer.decode import decode_page
from indexer.dedup import DuplicateFinder, decode_fingerprint, encode_fingerprint, fingerprint
from indexer.errors import EmptyPageError, PageError, readable_reason
from indexer.formcache import load_word_forms, save_word_forms
from indexer.language import LanguageGuess, detect_language
from indexer.manifest import FileEntry, Manifest, PageHash, file_state, filesystem_now, save_manifest
from indexer.metadata import extract_metadata
from indexer.read import display_path, list_corpus, read_pages
from indexer.records import CleanPage, Document, RawPage, SkippedPage, StrippedPage
from indexer.segments import DocumentSpool, SegmentWriters
from indexer.templates import PageKeys, SiteTemplates, page_keys, save_templates, site_of, strip_templates
from indexer.process_pool import fork_workers, result_of, stop_workers
from indexer.write import create_generation, discard_generation, open_writer, publish_generation

_LETTERS = re.compile(r"[^\W\d_]{2,}")
_MIN_WORDS = 3
# Pages of these kinds are copied between sites as projects; a privacy notice or an imprint reads
# alike on every site without being the same page.
DUPLICATE_KINDS = frozenset({"project", "news"})

T = TypeVar("T")
R = TypeVar("R")
AHEAD = 256  # pages a worker pool may finish before the writer takes them
CHUNK = 8  # pages a worker takes at a time


@dataclass(slots=True)
class BuildReport:
    pages_read: int = 0
    indexed: int = 0
    skipped: list[SkippedPage] = field(default_factory=list)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds of each step, in order
    new_words: int = 0  # words the build stemmed (not in the kept word forms)

    def timed(self, phase: str, since: float) -> float:
        """Record `phase` as having run from `since` until now; return now, the next phase's start."""
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - since
        return now


def page_id(path: str) -> str:
    """Stable id of a page: derived from its path in the corpus."""
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:16]


def content_hash(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


# ------------------------------------------------------------------------------------ one page

def strip_page(raw: RawPage) -> StrippedPage:
    """Pass 1 for one page: decode and strip boilerplate; raises PageError."""
    if raw.failure is not None:
        raise PageError(raw.path, raw.failure)
    text = decode_page(raw.data, path=raw.path, declared_charset=raw.declared_charset, is_html=raw.is_html)
    clean = strip_boilerplate(text, is_html=raw.is_html)
    site = site_of(raw.url or clean.canonical_url or clean.base_url)
    return StrippedPage(path=raw.path, url=raw.url or clean.canonical_url, content_hash=content_hash(raw.data), clean=clean, site=site)


def clean_stripped(page: StrippedPage, templates: SiteTemplates | None) -> tuple[CleanPage, LanguageGuess]:
    """Strip the site's template, refuse a page with no text left, detect the language."""
    clean = strip_templates(page.clean, templates, site=page.site)
    if len(_LETTERS.findall(clean.text)) < _MIN_WORDS:
        raise EmptyPageError(page.path, "no text left after removing navigation and boilerplate")
    return clean, detect_language(clean.text)


def clean_page(raw: RawPage, *, templates: SiteTemplates | None = None) -> tuple[CleanPage, LanguageGuess]:
    """Decode, strip boilerplate and the site's template, detect the language."""
    return clean_stripped(strip_page(raw), templates)


def finish_page(page: StrippedPage, templates: SiteTemplates | None) -> Document:
    """Pass 2 for one page: the document the index receives (its own duplicate group until grouped)."""
    clean, language = clean_stripped(page, templates)
    body = clean.text
    meta = extract_metadata(body, title=clean.title, image_names=clean.image_names)
    doc_id = page_id(page.path)
    return Document(
        id=doc_id,
        file=page.path,
        url=page.url,
        content_hash=page.content_hash,
        title=clean.title,
        text=body,
        language=language.language,
        languages=language.languages,
        project_id=meta.project_id,
        programme=meta.programme,
        funder=meta.funder,
        period=meta.period,
        years=meta.years,
        start_date=meta.start_date,
        end_date=meta.end_date,
        budget_huf=meta.budget_huf,
        budget_eur=meta.budget_eur,
        support_rate=meta.support_rate,
        beneficiary=meta.beneficiary,
        settlement=meta.settlement,
        county=meta.county,
        kind=meta.kind,
        duplicate_group=doc_id,
        signature=encode_fingerprint(fingerprint(body)) if meta.kind in DUPLICATE_KINDS else "",
    )


def process_page(raw: RawPage, *, templates: SiteTemplates | None = None) -> Document:
    """Both passes for one page read on its own; raises PageError."""
    return finish_page(strip_page(raw), templates)


def join_duplicates(document: Document, finder: DuplicateFinder) -> Document:
    """The document in the group of the first earlier page it copies (pages are added in order)."""
    if not document.signature:
        return document
    return replace(document, duplicate_group=duplicate_group(finder, document.id, document.signature))


def duplicate_group(finder: DuplicateFinder, doc_id: str, signature: str) -> str:
    """The group a page with this encoded fingerprint joins in `finder`, once the pages before it are in."""
    return finder.add(doc_id, decode_fingerprint(signature))


# ------------------------------------------------------------------ failures become SkippedPage

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
            result = _guarded(strip_page, raw, raw.path)
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
    return _guarded(lambda stripped: finish_page(stripped, templates), page, page.path)


def process_path(task: tuple[Path, Path]) -> Document | SkippedPage:
    """Both passes for one page file, without site templates (profiling and single pages)."""
    results = [result if isinstance(result, SkippedPage) else finish_raw(result, None) for result in strip_file(task)]
    return results[0] if results else SkippedPage(file=str(task[0]), reason="no page in file")


def _guarded(stage: Callable[[T], R], value: T, path: str) -> R | SkippedPage:
    try:
        return stage(value)
    except PageError as exc:
        return SkippedPage(file=exc.path, reason=exc.reason)
    except Exception as exc:  # a bug on one page must not cost the user the other pages
        return SkippedPage(file=path, reason=readable_reason(f"internal error: {type(exc).__name__}: {exc}"))


# ----------------------------------------------------------------------------------- many pages

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
    for forms in _pool_map(word_forms, chunks, jobs=jobs if len(chunks) >= 4 else 1):
        use_word_forms(forms)


def strip_files(paths: Sequence[Path], corpus: Path, *, jobs: int) -> Iterator[list[StrippedPage | SkippedPage]]:
    """Pass 1 over files in order, on `jobs` worker processes when there is enough work to share."""
    yield from _pool_map(strip_file, [(path, corpus) for path in paths], jobs=jobs)


@dataclass(frozen=True, slots=True)
class PackedPage:
    """A pass-1 page as a build's worker hands it back: pickled, to be spooled as it is, and the
    keys it adds to the site templates (the build's process would otherwise unpickle the page,
    hash its paragraphs and pickle it again)."""

    pickled: bytes
    keys: PageKeys


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
    return PackedPage(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), page_keys(result.clean, site=result.site))


def pack_files(paths: Sequence[Path], corpus: Path, *, jobs: int) -> Iterator[PackedFile]:
    """`pack_file` over files in order, on `jobs` worker processes."""
    yield from _pool_map(pack_file, [(path, corpus) for path in paths], jobs=jobs)


def finish_pages(
    pages: Iterable[StrippedPage | SpooledPage | SkippedPage], templates: SiteTemplates | None, *, jobs: int,
    count: int, new_words: set[str], spool: IO[bytes] | None = None,
) -> Iterator[FinishedPage | SkippedPage]:
    """Pass 2 over pages in order (`count` of them, to decide whether workers pay off), spooled ones
    read from `spool`; the words to stem before the pages are written (`stem_words`) are added to
    `new_words`."""
    if spool is not None:
        spool.flush()
    results = _pool_map(
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


def _pool_map(
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


def build_index(corpus: Path, index_root: Path, *, jobs: int = 1, progress: bool = False) -> BuildReport:
    """Build a fresh index from every page under `corpus` and switch `index_root` to it."""
    started = time.perf_counter()
    report = BuildReport()
    listing = list_corpus(corpus)
    paths = [path for path, _ in listing.files]
    report.skipped.extend(listing.skipped)
    folder, index = create_generation(index_root)
    try:
        with SegmentWriters(jobs) as writers, tempfile.TemporaryFile(prefix="projektkereso-pass1-") as spool:
            load_word_forms(index_root)
            templates, pages = _strip_into(spool, paths, corpus, index_root, report, jobs=jobs, progress=progress)
            templates = templates.pruned()
            save_templates(templates, folder)
            mark = report.timed("pass 1 (read, decode, strip)", started)
            words: set[str] = set()
            with DocumentSpool(folder) as documents:
                finished = finish_pages(pages, templates, jobs=jobs, count=len(pages), new_words=words, spool=spool)
                _group_duplicates(finished, documents, report)
                mark = report.timed("pass 2 (templates, language, metadata, duplicates)", mark)
                stem_words(words, jobs=jobs)
                mark = report.timed("stemming new words", mark)
                report.new_words = len(words)
                writers.write(open_writer(index), documents)
                mark = report.timed("writing segments", mark)
        save_word_forms(index_root)
    except BaseException:
        discard_generation(folder)
        raise
    publish_generation(index_root, folder)
    report.seconds = time.perf_counter() - started
    return report


def _strip_into(
    spool: IO[bytes], paths: Sequence[Path], corpus: Path, index_root: Path, report: BuildReport, *, jobs: int, progress: bool
) -> tuple[SiteTemplates, list[SpooledPage]]:
    """Pass 1: each page stripped into `spool` and learned from; the templates learned and the pages spooled.

    The manifest of the files read is written under `index_root` as soon as they all are: it is
    true of them whether or not the build ends well, and the next update need not read them.
    """
    manifest = Manifest(stamp_ns=filesystem_now(index_root))  # before any file is read (indexer/manifest.py)
    templates = SiteTemplates()
    stripped: list[SpooledPage] = []
    for file in tqdm(pack_files(paths, corpus, jobs=jobs), total=len(paths), unit="file", disable=not progress):
        if file.recorded is not None:
            manifest.files.update([file.recorded])
        for result in file.results:
            report.pages_read += 1
            if isinstance(result, SkippedPage):
                report.skipped.append(result)
                continue
            templates.add(result.keys)
            stripped.append(SpooledPage(spool.tell(), len(result.pickled)))
            spool.write(result.pickled)
    save_manifest(index_root, manifest)
    return templates, stripped


def _group_duplicates(
    results: Iterable[FinishedPage | SkippedPage], documents: DocumentSpool, report: BuildReport
) -> None:
    """Each document in its near-duplicate group, in page order, into `documents`; one that stays
    in its own group (most) is spooled as the worker pickled it."""
    finder = DuplicateFinder()
    for result in results:
        if isinstance(result, SkippedPage):
            report.skipped.append(result)
            continue
        group = duplicate_group(finder, result.id, result.signature) if result.signature else result.id
        if group == result.id:
            documents.add_pickled(result.pickled)
        else:
            documents.add(replace(result.document(), duplicate_group=group))
    report.indexed = len(documents)
