"""A full build: every page of the corpus into a new index generation, published when complete.

Pass 1's and pass 2's results are spooled to files in the new generation's folder, so memory does
not grow with the corpus. The stages are pipeline.py's; workers.py runs them on several processes.
"""
from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from tqdm import tqdm

from core.analysis.formcache import load_word_forms, save_word_forms
from core.index.document import content_hash
from core.index.folder import (
    create_generation,
    discard_generation,
    open_writer,
    publish_generation,
    write_skipped_report,
)
from core.index.lock import writer_lock
from indexer.cleaning.site_templates import SiteTemplates, save_templates
from indexer.dedup import DuplicateFinder
from indexer.errors import PageError
from indexer.manifest import Manifest, filesystem_now, save_manifest
from indexer.pipeline import duplicate_group
from indexer.read import RECORD_SEPARATOR, list_corpus, read_page, read_pages
from indexer.records import SkippedPage
from indexer.segments import DocumentSpool, SegmentWriters
from indexer.workers import FinishedPage, SpooledPage, finish_pages, pack_files, stem_words


@dataclass(slots=True)
class BuildReport:
    pages_read: int = 0
    indexed: int = 0
    skipped: list[SkippedPage] = field(default_factory=list)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds of each step, in order
    new_words: int = 0  # words the build stemmed (not in the kept word forms)
    density_fallbacks: int = 0  # pages whose content was chosen by prose density (indexer/cleaning/density.py)
    second_opinions: int = 0  # pages whose paragraphs trafilatura chose (indexer/cleaning/second_opinion.py)

    def timed(self, phase: str, since: float) -> float:
        """Record `phase` as having run from `since` until now; return now, the next phase's start."""
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - since
        return now


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


def build_with_report(corpus: Path, index_root: Path, *, jobs: int = 1, progress: bool = False) -> BuildReport:
    """A full build under the writer lock, with its skipped-page report beside the index."""
    with writer_lock(index_root):
        report = build_index(corpus, index_root, jobs=jobs, progress=progress)
        write_skipped_report(index_root, skipped_entries(corpus, report.skipped))
    return report


def skipped_entries(corpus: Path, skipped: Sequence[SkippedPage]) -> list[dict[str, str]]:
    """Report entries for a build's skipped pages, with the content hash that lets an update pass them by."""
    entries: list[dict[str, str]] = []
    record_hashes = _record_hashes(corpus, [page.file for page in skipped if RECORD_SEPARATOR in page.file])
    for page in skipped:
        entry = {"file": page.file, "reason": page.reason}
        if page.file in record_hashes:
            entry["content_hash"] = record_hashes[page.file]
        elif RECORD_SEPARATOR not in page.file:
            try:
                raw = read_page(corpus / page.file, corpus)
            except PageError:
                raw = None
            if raw is not None and raw.path == page.file:
                entry["content_hash"] = content_hash(raw.data)
        entries.append(entry)
    return entries


def _record_hashes(corpus: Path, paths: Sequence[str]) -> dict[str, str]:
    """Content hash of each named archive record (`archive.warc.gz#n`), reading each archive once."""
    wanted = set(paths)
    hashes: dict[str, str] = {}
    for archive in sorted({path.rsplit(RECORD_SEPARATOR, 1)[0] for path in paths}):
        try:
            for raw in read_pages(corpus / archive, corpus):
                if raw.path in wanted:
                    hashes[raw.path] = content_hash(raw.data)
        except PageError:
            continue  # the records before the break are hashed; a skipped record after it is not
    return hashes


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
            report.density_fallbacks += result.density_fallback
            report.second_opinions += result.second_opinion
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
