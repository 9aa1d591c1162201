"""Update the live index from the corpus: the same stages as a build, for changed pages only.

    scan corpus (hash every page the manifest cannot vouch for) → plan against the index's stored
    paths and hashes → apply in batches: reuse moved pages, extract new/changed ones, delete gone ones → commit

A page file whose `stat` is what the manifest beside the index recorded is not read again
(indexer/manifest.py). The index's stored fields are read once, for the plan and, when a new or
changed page may be a copy, for the duplicate finder.

Each batch is one Whoosh commit, so a killed update loses at most the batch in flight and a rerun
plans from what was committed. A page whose content is already indexed under another path (a moved
or copied file) is re-added from its stored fields, not extracted again; the add and the delete of
its old path share a commit. The skipped-page report keeps each bad page with its content hash, so
an unchanged bad page is not processed again and a fixed one leaves the report.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from core.analysis.formcache import load_word_forms, save_word_forms
from core.index.document import Document, content_hash, document_fields, document_from_stored, page_id
from core.index.folder import (
    INDEX_FORMAT,
    current_generation,
    index_format,
    open_index,
    open_writer,
    read_skipped_report,
    remove_failed_commit,
    remove_stale_generations,
    write_skipped_report,
)
from core.index.lock import writer_lock
from core.index.schema import build_schema
from indexer.build import build_index, skipped_entries
from indexer.cleaning.site_templates import SiteTemplates, load_templates, save_templates
from indexer.dedup import DuplicateFinder
from indexer.errors import PageError
from indexer.failures import lasting_failure
from indexer.manifest import (
    FileEntry,
    FileState,
    Manifest,
    PageHash,
    file_state,
    filesystem_now,
    load_manifest,
    save_manifest,
)
from indexer.pipeline import join_duplicates
from indexer.read import is_archive, list_corpus, read_pages
from indexer.records import RawPage, SkippedPage
from indexer.workers import process_paths

BATCH_SIZE = 500


@dataclass(frozen=True, slots=True)
class CorpusPage:
    """A page found in the corpus: where it is read from and a hash of its bytes."""

    path: str
    file: Path
    content_hash: str
    is_html: bool
    plain: bool  # a page file of its own (not a record in an archive), so a stored copy may stand in


@dataclass(frozen=True, slots=True)
class IndexedPage:
    id: str
    path: str
    content_hash: str


@dataclass(slots=True)
class CorpusScan:
    """The corpus as an update plans with it, and the manifest of what was read for the next update."""

    pages: list[CorpusPage]
    unreadable: list[SkippedPage]
    manifest: Manifest
    files_read: int = 0  # page files read and hashed; the manifest vouched for the others
    unlisted: tuple[str, ...] = ()  # folders that could not be listed (`a/b/`): their indexed pages stay


@dataclass(slots=True)
class IndexedCorpus:
    """What an update needs of the live index, from one pass over its stored fields."""

    pages: dict[str, IndexedPage]  # by path
    signed: list[tuple[str, str, str, str]]  # (path, id, encoded fingerprint, group) of each page with one
    _duplicates: DuplicateFinder | None = None

    def duplicates(self) -> DuplicateFinder:
        """The indexed pages' duplicate finder, built when the first page that may be a copy needs it."""
        if self._duplicates is None:
            self._duplicates = indexed_duplicates(self.signed)
            self.signed = []
        return self._duplicates


@dataclass(frozen=True, slots=True)
class Change:
    """One step of an update, committed whole: drop `drop_ids`, then index `page` (from `source`'s stored fields if given)."""

    page: CorpusPage | None
    source: IndexedPage | None = None
    drop_ids: tuple[str, ...] = ()
    is_new: bool = True


@dataclass(slots=True)
class UpdatePlan:
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    still_skipped: list[dict[str, str]] = field(default_factory=list)

    @property
    def extracts(self) -> bool:
        """Whether a page is extracted (new or changed), not only reused from its stored fields or deleted."""
        return any(change.page is not None and change.source is None for change in self.changes)


@dataclass(slots=True)
class UpdateReport:
    pages_read: int = 0
    files_read: int = 0  # page files read and hashed; the manifest vouched for the others
    added: int = 0
    updated: int = 0
    moved: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped: list[SkippedPage] = field(default_factory=list)
    planned: int = 0  # changes found
    applied: int = 0  # changes committed so far
    rebuilt: bool = False
    rebuilt_because: str | None = None  # why an update became a full build
    seconds: float = 0.0

    @property
    def nothing_to_do(self) -> bool:
        return not self.rebuilt and self.planned == 0


ProgressCallback = Callable[[UpdateReport], None]


def update_index(
    corpus: Path,
    index_root: Path,
    *,
    jobs: int = 1,
    batch_size: int = BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
) -> UpdateReport:
    """Bring the index in line with the corpus under the writer lock; build it if there is none."""
    started = time.perf_counter()
    notify = on_progress or (lambda report: None)
    with writer_lock(index_root):
        remove_stale_generations(index_root)
        if current_generation(index_root) is None:
            report = _rebuild(corpus, index_root, jobs=jobs, because="there was no index")
        elif _schema_changed(index_root):
            report = _rebuild(corpus, index_root, jobs=jobs, because="the index was built by another version, with other fields")
        elif index_format(index_root) != INDEX_FORMAT:
            report = _rebuild(corpus, index_root, jobs=jobs, because="the index was built by another version, whose terms differ")
        else:
            report = _update(corpus, index_root, jobs=jobs, batch_size=batch_size, notify=notify)
    report.seconds = time.perf_counter() - started
    return report


def _schema_changed(index_root: Path) -> bool:
    """Whether the live index was written with other fields than this version writes: its
    documents then lack what the search expects, and new ones could not be added to it."""
    return set(open_index(index_root).schema.names()) != set(build_schema().names())


def _rebuild(corpus: Path, index_root: Path, *, jobs: int, because: str) -> UpdateReport:
    built = build_index(corpus, index_root, jobs=jobs)
    write_skipped_report(index_root, skipped_entries(corpus, built.skipped))
    return UpdateReport(
        pages_read=built.pages_read, added=built.indexed, skipped=built.skipped,
        planned=built.indexed, applied=built.indexed, rebuilt=True, rebuilt_because=because,
    )


def _update(corpus: Path, index_root: Path, *, jobs: int, batch_size: int, notify: ProgressCallback) -> UpdateReport:
    report = UpdateReport()
    scan = _scan_with_manifest(corpus, index_root)
    index = open_index(index_root)
    generation = current_generation(index_root)
    templates = SiteTemplates()
    with index.searcher() as snapshot:  # the state the plan was made from; stored fields of moved pages
        indexed = read_indexed(snapshot.reader())
        plan = plan_update(scan.pages, indexed.pages, read_skipped_report(index_root), scan.unlisted)
        if plan.extracts:  # only extraction uses them (the word forms took 0.6 s to load at 20,000 pages)
            load_word_forms(index_root)
            templates = load_templates(generation) if generation is not None else SiteTemplates()
        report.pages_read = len(scan.pages) + len(scan.unreadable)
        report.files_read = scan.files_read
        report.unchanged = plan.unchanged
        report.planned = len(plan.changes)
        skipped_entries = [*plan.still_skipped, *({"file": page.file, "reason": page.reason} for page in scan.unreadable)]
        report.skipped = [SkippedPage(file=entry["file"], reason=entry["reason"]) for entry in skipped_entries]
        notify(report)
        for batch in _batches(plan.changes, batch_size):
            before = frozenset(os.listdir(generation)) if generation is not None else frozenset()
            writer = open_writer(index)
            try:
                for change, result in zip(batch, _documents(batch, corpus, snapshot, jobs=jobs, templates=templates), strict=True):
                    if isinstance(result, Document) and change.source is None and result.signature:
                        result = join_duplicates(result, indexed.duplicates())
                    _apply(writer, change, result, report, skipped_entries)
                writer.commit()
            except BaseException:
                if not writer.is_closed:
                    writer.cancel()
                if generation is not None:
                    remove_failed_commit(index, generation, before)
                raise
            report.applied += len(batch)
            notify(report)
    if generation is not None and plan.extracts:
        save_templates(templates, generation)  # refreshed with the new pages this update read
        save_word_forms(index_root)
    write_skipped_report(index_root, skipped_entries)
    return report


def _scan_with_manifest(corpus: Path, index_root: Path) -> CorpusScan:
    """Scan the corpus, trusting the manifest kept under `index_root`, and keep the new one if anything was read or removed."""
    stamp = filesystem_now(index_root)  # before any file is looked at (indexer/manifest.py)
    known = load_manifest(index_root)
    scan = scan_corpus(corpus, known, stamp_ns=stamp)
    if scan.files_read or scan.manifest.files.keys() != known.files.keys():
        save_manifest(index_root, scan.manifest)
    return scan


def scan_corpus(corpus: Path, known: Manifest | None = None, *, stamp_ns: int = 0) -> CorpusScan:
    """Every page of the corpus with the hash of its bytes, and the files that cannot be read.

    A file the `known` manifest vouches for is not read: its pages are the ones recorded. The
    returned manifest holds every file read whole or vouched for, stamped `stamp_ns`.
    """
    known = known or Manifest(stamp_ns=0)
    scan = CorpusScan(pages=[], unreadable=[], manifest=Manifest(stamp_ns=stamp_ns))
    listing = list_corpus(corpus)
    scan.unreadable.extend(listing.skipped)
    scan.unlisted = listing.unlisted_prefixes()
    for file, relative in listing.files:
        state = file_state(file)  # before reading: a change while it is read shows at the next update
        entry = known.known_entry(relative, state)
        if entry is None:
            entry = _hash_pages(file, corpus, state)
            scan.files_read += 1
        plain = not is_archive(file)
        scan.pages.extend(CorpusPage(page.path, file, page.content_hash, page.is_html, plain) for page in entry.pages)
        if entry.failure is not None:
            scan.unreadable.append(SkippedPage(file=relative, reason=entry.failure))
        if state is not None and entry.state == state:
            scan.manifest.files[relative] = entry
    return scan


_UNRECORDED = FileState(-1, -1, -1, -1)  # the state of an entry that must not go to the manifest


def _hash_pages(file: Path, corpus: Path, state: FileState | None) -> FileEntry:
    """The file's pages and their hashes, as a manifest entry (with `_UNRECORDED` for a file the
    system could not read); an archive broken midway keeps the records before the break."""
    pages: list[PageHash] = []
    try:
        for raw in read_pages(file, corpus):
            pages.append(PageHash(raw.path, content_hash(raw.data), raw.is_html))
    except PageError as exc:
        recorded = state if state is not None and lasting_failure(exc) else _UNRECORDED
        return FileEntry(recorded, tuple(pages), exc.reason)
    return FileEntry(state or _UNRECORDED, tuple(pages))


def read_indexed(reader: IndexReader) -> IndexedCorpus:
    """Path, id and content hash of every live document, and the fingerprints for the duplicate finder.

    One pass over the stored fields (which hold each page's text, so reading them is most of the
    cost: 4 s at 100,000 pages) beats three term-postings passes, and a second pass for the finder.
    Only the four fields the finder needs are kept: whole stored documents held every page's text at once.
    """
    pages: dict[str, IndexedPage] = {}
    signed: list[tuple[str, str, str, str]] = []
    for fields in reader.all_stored_fields():
        page = IndexedPage(fields["id"], fields["path"], fields["content_hash"])
        pages[page.path] = page
        if fields.get("signature"):
            group = fields.get("duplicate_group") or fields["id"]
            signed.append((str(fields["path"]), str(fields["id"]), str(fields["signature"]), str(group)))
    return IndexedCorpus(pages=pages, signed=signed)


def indexed_duplicates(signed: Sequence[tuple[str, str, str, str]]) -> DuplicateFinder:
    """Every indexed page's MinHash and group, in path order, so a new copy joins its original's group."""
    return DuplicateFinder.with_indexed([(doc_id, signature, group) for _, doc_id, signature, group in sorted(signed)])


def plan_update(
    pages: Sequence[CorpusPage], indexed: dict[str, IndexedPage], skipped_before: list[dict[str, str]],
    unlisted: tuple[str, ...] = (),
) -> UpdatePlan:
    """What to reuse, extract and delete so that the index holds exactly `pages`, and keeps the
    pages under the `unlisted` folders (which could not be listed, so their pages are not known gone)."""
    plan = UpdatePlan()
    seen = {page.path for page in pages}
    gone = {path: page for path, page in indexed.items() if path not in seen}
    if unlisted:
        kept = [path for path in gone if path.startswith(unlisted)]
        plan.unchanged += len(kept)
        for path in kept:
            del gone[path]
    by_hash: dict[str, IndexedPage] = {}
    for stored in indexed.values():
        by_hash.setdefault(stored.content_hash, stored)
    for stored in gone.values():  # prefer a page that left its old path as the source of a move
        by_hash[stored.content_hash] = stored
    bad_before = {entry["file"]: entry for entry in skipped_before if entry.get("content_hash")}
    for page in pages:
        known = indexed.get(page.path)
        source = by_hash.get(page.content_hash)
        if known is not None and known.content_hash == page.content_hash:
            plan.unchanged += 1
        elif known is not None:
            plan.changes.append(Change(page, drop_ids=(known.id,), is_new=False))
        elif page.path in bad_before and bad_before[page.path]["content_hash"] == page.content_hash:
            plan.still_skipped.append(bad_before[page.path])
        elif source is not None and page.plain and _is_html(source.path) == page.is_html:
            drop = (source.id,) if gone.pop(source.path, None) is not None else ()
            plan.changes.append(Change(page, source=source, drop_ids=drop))
        else:
            plan.changes.append(Change(page))
    plan.changes.extend(Change(None, drop_ids=(stored.id,), is_new=False) for stored in gone.values())
    return plan


def _documents(
    batch: list[Change], corpus: Path, snapshot: Searcher, *, jobs: int, templates: SiteTemplates
) -> Iterator[Document | SkippedPage | None]:
    """The document each change writes, in order: stored copy, fresh extraction, or None for a delete.

    An archive is read whole even when only some of its records changed; only those are kept.
    """
    files = [change.page.file for change in batch if change.page is not None and change.source is None]
    to_extract = list(dict.fromkeys(files))
    wanted = {change.page.path for change in batch if change.page is not None and change.source is None}
    new = frozenset(change.page.path for change in batch if change.page is not None and change.source is None and change.is_new)
    results = process_paths(to_extract, corpus, jobs=jobs, templates=templates, learn_from=new)
    extracted = {result.file: result for result in results if result.file in wanted}
    for change in batch:
        if change.page is None:
            yield None
        elif change.source is not None:
            stored = snapshot.document(id=change.source.id)
            if stored is None:  # the plan came from this snapshot, so the source is in it
                raise LookupError(f"indexed page {change.source.path} vanished from the snapshot")
            yield document_from_stored(stored, doc_id=page_id(change.page.path), path=change.page.path)
        else:
            yield extracted.get(change.page.path) or SkippedPage(change.page.path, "page disappeared while updating")


def _apply(
    writer: IndexWriter, change: Change, result: Document | SkippedPage | None, report: UpdateReport,
    skipped_entries: list[dict[str, str]],
) -> None:
    for doc_id in change.drop_ids:  # a changed page that went bad must not keep answering with its old text
        writer.delete_by_term("id", doc_id)
    if change.page is None:
        report.deleted += 1
    elif isinstance(result, Document):
        writer.update_document(**document_fields(result))
        if change.source is not None:
            report.moved += 1
        elif change.is_new:
            report.added += 1
        else:
            report.updated += 1
    elif isinstance(result, SkippedPage):
        report.skipped.append(result)
        skipped_entries.append({"file": result.file, "reason": result.reason, "content_hash": change.page.content_hash})


def _is_html(path: str) -> bool:
    return RawPage(path=path, data=b"").is_html


def _batches(changes: list[Change], size: int) -> Iterator[list[Change]]:
    for start in range(0, len(changes), max(1, size)):
        yield changes[start:start + size]
