"""The index folder on disk: generations, the `current` pointer, opening and publishing, skipped.json.

    index/
      current -> gen-20261123T101500-1234   symlink, swapped atomically when a full build ends
      gen-…/                                  a complete Whoosh index
      skipped.json                            pages the last run could not index, with reasons
      manifest.json                           each page file's stat and page hashes as last read (indexer/manifest.py)
      writer.lock                             held while a build or update writes (core/index/lock.py)

A full build writes a new generation beside the live one and switches `current` with one
`rename`, so a reader never sees a half-built index and a crashed build leaves the old one serving;
the next writer removes the half-built folder. An update commits into the live generation in
batches; each Whoosh commit replaces the table of contents with one `rename`, so a killed update
leaves the last commit readable.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index, LockError
from whoosh.writing import IndexWriter

from core.index.errors import IndexLockedError, IndexMissingError, readable_reason
from core.index.schema import build_schema
from core.whoosh_ext.old_names import accept_old_module_names
from core.whoosh_ext.segment_files import INDEX_NAME, segment_ids
from core.whoosh_ext.segment_files import storage as segment_storage

CURRENT = "current"
GENERATION_PREFIX = "gen-"
SKIPPED_REPORT = "skipped.json"
# What the index's terms are made of: raised whenever analysis or cleaning indexes a page differently
# (codes' loose keys and derived words' bases came with 2; 3 keeps the headline out of the text, as
# the title), so that an update rebuilds an older index.
INDEX_FORMAT = 3
FORMAT_FILE = ".format"  # in a generation's folder; Whoosh's file cleaning leaves dot files alone
OPEN_ATTEMPTS = 10


def current_generation(root: Path) -> Path | None:
    link = root / CURRENT
    if not link.is_symlink() and not link.is_dir():
        return None
    target = link.resolve()
    # Look for a table of contents by name rather than open one (as whoosh's exists_in does): a
    # commit in another process deletes the previous TOC right after writing the next, so the one
    # exists_in picked may be gone when it opens it. Some TOC always exists once the first commit ends.
    return target if any(target.glob(f"_{INDEX_NAME}_*.toc")) else None


def open_index(root: Path) -> Index:
    """Open the live index, or raise IndexMissingError naming the folder.

    Retried briefly on a vanished file, like whoosh's own `Index.reader()`: a concurrent commit
    may delete the TOC or a segment between listing the folder and opening it. Segments are not
    memory-mapped; they are read with `pread` once the process has called
    core.whoosh_ext.segment_files.patch_whoosh_reads (else Whoosh copies each part it opens)."""
    accept_old_module_names()
    attempts_left = OPEN_ATTEMPTS
    while True:
        generation = current_generation(root)
        if generation is None:
            raise IndexMissingError(str(root))
        try:
            return segment_storage(generation).open_index()
        except FileNotFoundError:
            attempts_left -= 1
            if not attempts_left:
                raise
            time.sleep(0.05)


def create_generation(root: Path) -> tuple[Path, Index]:
    """A new, empty index beside the live one, marked with the format this version writes."""
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    folder = root / f"{GENERATION_PREFIX}{stamp}-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
    folder.mkdir()
    (folder / FORMAT_FILE).write_text(f"{INDEX_FORMAT}\n", encoding="ascii")
    return folder, whoosh_index.create_in(str(folder), build_schema())


def index_format(root: Path) -> int | None:
    """The format the live generation was written in; None when it has no mark (written before
    formats were marked) or none can be read."""
    generation = current_generation(root)
    try:
        return int((generation / FORMAT_FILE).read_text(encoding="ascii")) if generation is not None else None
    except (OSError, ValueError):
        return None


def publish_generation(root: Path, folder: Path) -> None:
    """Point `current` at `folder` atomically, then remove generations nobody points at."""
    temporary = root / f".{CURRENT}.{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(folder.name)
    os.replace(temporary, root / CURRENT)
    for old in root.glob(f"{GENERATION_PREFIX}*"):
        if old.resolve() != folder.resolve():
            shutil.rmtree(old, ignore_errors=True)


def discard_generation(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def remove_stale_generations(root: Path) -> list[Path]:
    """Remove generations `current` does not point at (left by a killed build); hold the writer lock."""
    live = current_generation(root)
    stale = [old for old in sorted(root.glob(f"{GENERATION_PREFIX}*")) if live is None or old.resolve() != live]
    for old in stale:
        shutil.rmtree(old, ignore_errors=True)
    return stale


def open_writer(index: Index, *, limitmb: int = 256) -> IndexWriter:
    """A Whoosh writer on `index`; Whoosh's own lock becomes IndexLockedError."""
    try:
        return index.writer(limitmb=limitmb)
    except LockError as exc:
        folder = str(index.storage.folder)
        raise IndexLockedError(folder, since="an unknown time", holder="a Whoosh writer") from exc


def write_skipped_report(root: Path, entries: list[dict[str, str]]) -> None:
    """Replace `skipped.json` atomically, so a killed run leaves the previous report whole."""
    temporary = root / f".{SKIPPED_REPORT}.{os.getpid()}"
    try:
        temporary.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temporary, root / SKIPPED_REPORT)
    except OSError:
        temporary.unlink(missing_ok=True)  # a full disk keeps no half-written report
        raise


def remove_failed_commit(index: Index, generation: Path, before: frozenset[str]) -> list[str]:
    """Delete the files a failed commit left in the live generation (new since `before`, and part
    of no segment the table of contents names), so a full disk is not kept full by them."""
    live = segment_ids(index)  # the TOC on disk now
    removed = []
    for name in sorted(set(os.listdir(generation)) - before):
        if name.endswith((".toc", ".lock")) or name.startswith(live):
            continue
        (generation / name).unlink(missing_ok=True)
        removed.append(name)
    return removed


def read_skipped_report(root: Path) -> list[dict[str, str]]:
    """The last run's skipped pages; an unreadable report counts as empty (the next run rewrites it)."""
    try:
        entries = json.loads((root / SKIPPED_REPORT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [
        {**entry, "reason": readable_reason(str(entry.get("reason")))}  # a report an older version wrote may hold any length
        for entry in entries if isinstance(entry, dict) and isinstance(entry.get("file"), str)
    ]
