"""Wires the stages: read → decode → strip boilerplate → language → metadata → write.

`process_page` is the whole per-page flow and the one place a page's failure is caught, so a bad
page becomes a `SkippedPage` with its reason and never stops a run.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from indexer.boilerplate import strip_boilerplate
from indexer.decode import decode_page
from indexer.errors import EmptyPageError, PageError
from indexer.language import LanguageGuess, detect_language
from indexer.metadata import extract_metadata
from indexer.read import find_pages, read_page
from indexer.records import CleanPage, Document, RawPage, SkippedPage
from indexer.write import create_generation, discard_generation, document_fields, open_writer, publish_generation

_LETTERS = re.compile(r"[^\W\d_]{2,}")
_MIN_WORDS = 3


@dataclass(slots=True)
class BuildReport:
    pages_read: int = 0
    indexed: int = 0
    skipped: list[SkippedPage] = field(default_factory=list)
    seconds: float = 0.0


def page_id(path: str) -> str:
    """Stable id of a page: derived from its path in the corpus."""
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:16]


def content_hash(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def clean_page(raw: RawPage) -> tuple[CleanPage, LanguageGuess]:
    """Decode, strip boilerplate, detect the language."""
    text = decode_page(raw.data, path=raw.path, declared_charset=raw.declared_charset, is_html=raw.is_html)
    clean = strip_boilerplate(text, is_html=raw.is_html)
    if len(_LETTERS.findall(clean.text)) < _MIN_WORDS:
        raise EmptyPageError(raw.path, "no text left after removing navigation and boilerplate")
    return clean, detect_language(clean.text)


def process_page(raw: RawPage) -> Document:
    """Turn one page's bytes into the document the index receives; raises PageError."""
    clean, language = clean_page(raw)
    body = clean.text
    meta = extract_metadata(body, title=clean.title, image_names=clean.image_names)
    return Document(
        id=page_id(raw.path),
        file=raw.path,
        url=raw.url or clean.canonical_url,
        content_hash=content_hash(raw.data),
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
    )


def process_path(task: tuple[Path, Path]) -> Document | SkippedPage:
    """Read and process one file; any failure becomes a SkippedPage with its reason."""
    path, corpus = task
    try:
        raw = read_page(path, corpus)
    except PageError as exc:
        return SkippedPage(file=exc.path, reason=exc.reason)
    except Exception as exc:  # a bug on one page must not cost the user the other pages
        return SkippedPage(file=str(path), reason=f"internal error: {type(exc).__name__}: {exc}")
    return process_raw(raw)


def process_raw(raw: RawPage) -> Document | SkippedPage:
    """Process one page already read; any failure becomes a SkippedPage with its reason."""
    try:
        return process_page(raw)
    except PageError as exc:
        return SkippedPage(file=exc.path, reason=exc.reason)
    except Exception as exc:  # a bug on one page must not cost the user the other pages
        return SkippedPage(file=raw.path, reason=f"internal error: {type(exc).__name__}: {exc}")


def process_paths(paths: list[Path], corpus: Path, *, jobs: int) -> Iterator[Document | SkippedPage]:
    """Process pages in order, on `jobs` worker processes when there is enough work to share."""
    tasks = [(path, corpus) for path in paths]
    if jobs <= 1 or len(tasks) < 64:
        yield from map(process_path, tasks)
        return
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(process_path, tasks, chunksize=8)


def build_index(corpus: Path, index_root: Path, *, jobs: int = 1, progress: bool = False) -> BuildReport:
    """Build a fresh index from every page under `corpus` and switch `index_root` to it."""
    started = time.perf_counter()
    report = BuildReport()
    paths = find_pages(corpus)
    folder, index = create_generation(index_root)
    writer = open_writer(index)
    try:
        results: Iterable[Document | SkippedPage] = process_paths(paths, corpus, jobs=jobs)
        for result in tqdm(results, total=len(paths), unit="page", disable=not progress):
            report.pages_read += 1
            if isinstance(result, SkippedPage):
                report.skipped.append(result)
                continue
            writer.add_document(**document_fields(result))
            report.indexed += 1
        writer.commit()
    except BaseException:
        writer.cancel()
        discard_generation(folder)
        raise
    publish_generation(index_root, folder)
    report.seconds = time.perf_counter() - started
    return report
