"""`python -m indexer build | update | extract | analyze`: the indexer's command line."""
from __future__ import annotations

import argparse
import dataclasses
import errno
import json
import shutil
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from core.analysis.chain import analyze_line
from core.index.errors import IndexFolderError
from core.index.folder import current_generation
from core.whoosh_ext.segment_files import patch_whoosh_reads
from indexer.build import BuildReport, build_with_report
from indexer.cleaning.site_templates import SiteTemplates
from indexer.dedup import DuplicateFinder
from indexer.errors import IndexerError, SettingsError
from indexer.failures import finish_raw, strip_file
from indexer.pipeline import join_duplicates
from indexer.records import SkippedPage, StrippedPage
from indexer.settings import IndexerSettings
from indexer.update import BATCH_SIZE, UpdateReport, update_index


def main(argv: Sequence[str] | None = None) -> int:
    patch_whoosh_reads()  # an update reads the index's stored fields: with pread, not copied
    try:
        settings = IndexerSettings.from_environment()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    parser = _parser(settings)
    args = parser.parse_args(argv)
    try:
        return int(args.command(args))
    except (IndexerError, IndexFolderError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        if exc.errno not in DISK_FULL_ERRNOS or not hasattr(args, "index"):
            raise
        print(f"error: {disk_full_message(exc, args.index, args.corpus)}", file=sys.stderr)
        return 2


DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
INDEX_PER_CORPUS_BYTE = 2.5  # an index holds the pages' text and postings: ~2.2 times the corpus's bytes


def disk_full_message(error: OSError, index: Path, corpus: Path) -> str:
    """One line: what could not be written, where, the free space there and about how much a run needs."""
    folder = next((path for path in (index, *index.absolute().parents) if path.exists()), Path("/"))
    free = shutil.disk_usage(folder).free
    generation = current_generation(index) if index.exists() else None
    if generation is not None:
        needed = _folder_bytes(generation)
        why = "about the live index's size"
    else:
        needed = int(_folder_bytes(corpus) * INDEX_PER_CORPUS_BYTE)
        why = f"about {INDEX_PER_CORPUS_BYTE} times the corpus's size"
    return (
        f"cannot write the index in {index.absolute()}: {error.strerror or error}; {free / 1e6:,.0f} MB free there, "
        f"a run needs {why}, {needed / 1e6:,.0f} MB (the failed run's files were removed)"
    )


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def _parser(settings: IndexerSettings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="indexer", description="Build and inspect the Projektkereső index.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="index every page under the corpus folder")
    build.add_argument("--corpus", type=Path, default=settings.corpus, help="folder of pages (default: %(default)s)")
    build.add_argument("--index", type=Path, default=settings.index, help="index folder (default: %(default)s)")
    build.add_argument("--jobs", type=int, default=settings.jobs, help="worker processes (default: %(default)s)")
    build.set_defaults(command=_build)

    update = commands.add_parser("update", help="index new, changed and moved pages, drop deleted ones (builds if no index)")
    update.add_argument("--corpus", type=Path, default=settings.corpus, help="folder of pages (default: %(default)s)")
    update.add_argument("--index", type=Path, default=settings.index, help="index folder (default: %(default)s)")
    update.add_argument("--jobs", type=int, default=settings.jobs, help="worker processes (default: %(default)s)")
    update.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="changes per commit (default: %(default)s)")
    update.add_argument("--json", action="store_true", help="print progress and summary as JSON lines")
    update.set_defaults(command=_update)

    extract = commands.add_parser("extract", help="print what the index would receive for each page, as JSON lines")
    extract.add_argument("files", nargs="+", type=Path, metavar="FILE")
    extract.add_argument(
        "--corpus", type=Path, default=settings.corpus,
        help="a FILE under this folder gets the path and id a build of it gives (default: %(default)s)",
    )
    extract.set_defaults(command=_extract)

    analyze = commands.add_parser("analyze", help="print the index terms of each line of standard input")
    analyze.add_argument("--lang", choices=("hu", "en"), default="hu")
    analyze.set_defaults(command=_analyze)
    return parser


def _build(args: argparse.Namespace) -> int:
    corpus: Path = args.corpus
    if not corpus.is_dir():
        print(f"error: corpus folder not found: {corpus}", file=sys.stderr)
        return 2
    report = build_with_report(corpus, args.index, jobs=max(1, args.jobs), progress=sys.stderr.isatty())
    _print_summary(report, args.index)
    return 1 if report.pages_read and not report.indexed else 0


def _print_summary(report: BuildReport, index: Path) -> None:
    print(
        f"pages read: {report.pages_read}, indexed: {report.indexed}, skipped: {len(report.skipped)}, "
        f"seconds: {report.seconds:.1f} ({report.pages_read / max(report.seconds, 1e-9):.0f} pages/s)"
    )
    if report.phases:
        print("time: " + ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in report.phases.items()))
        print(f"new words stemmed: {report.new_words}")
    if report.density_fallbacks:
        print(f"content chosen by prose density (the class/id rules kept too little): {report.density_fallbacks} pages")
    if report.second_opinions:
        print(f"paragraphs chosen by trafilatura (no prose block stood for the page): {report.second_opinions} pages")
    for page in report.skipped:
        print(f"  skipped {page.file}: {page.reason}")
    print(f"index: {index.resolve()}")


def _update(args: argparse.Namespace) -> int:
    corpus: Path = args.corpus
    if not corpus.is_dir():
        print(f"error: corpus folder not found: {corpus}", file=sys.stderr)
        return 2
    progress = _print_json_progress if args.json else _print_progress
    report = update_index(corpus, args.index, jobs=max(1, args.jobs), batch_size=max(1, args.batch_size), on_progress=progress)
    if args.json:
        _print_json_progress(report, done=True)
    else:
        _print_update_summary(report, args.index)
    return 1 if report.pages_read and report.unchanged + report.added + report.updated + report.moved == 0 else 0


def _print_progress(report: UpdateReport) -> None:
    if report.applied == 0:
        print(f"found {report.planned} changes, {report.unchanged} pages unchanged", file=sys.stderr, flush=True)
    else:
        print(f"committed {report.applied}/{report.planned} changes", file=sys.stderr, flush=True)


def _print_json_progress(report: UpdateReport, *, done: bool = False) -> None:
    """One JSON line per event; the admin API reads these from the update it started."""
    record: dict[str, object] = {"event": "done" if done else "progress"}
    record.update((name, value) for name, value in dataclasses.asdict(report).items() if name != "skipped")
    record["skipped"] = [dataclasses.asdict(page) for page in report.skipped] if done else len(report.skipped)
    print(json.dumps(record, ensure_ascii=False), flush=True)


def _print_update_summary(report: UpdateReport, index: Path) -> None:
    if report.nothing_to_do:
        print(f"nothing to do: {report.unchanged} pages unchanged, {len(report.skipped)} skipped ({report.seconds:.2f} s)")
    else:
        verb = f"built a new index, since {report.rebuilt_because}" if report.rebuilt else "updated"
        print(
            f"{verb}: added {report.added}, updated {report.updated}, moved {report.moved}, deleted {report.deleted}, "
            f"unchanged {report.unchanged}, skipped {len(report.skipped)} ({report.seconds:.1f} s)"
        )
    for page in report.skipped:
        print(f"  skipped {page.file}: {page.reason}")
    print(f"index: {index.resolve()}")


def _extract(args: argparse.Namespace) -> int:
    """Both passes over the given files: templates and duplicate groups are learned across them."""
    failures = 0
    stripped: list[StrippedPage] = []
    templates = SiteTemplates()
    for path in args.files:
        if not path.is_file():
            print(f"error: {path}: cannot read: no such file", file=sys.stderr)
            failures += 1
            continue
        root, shown = _page_root(path, args.corpus)
        for result in strip_file((path.resolve(), root)):
            if isinstance(result, SkippedPage):
                print(f"error: {shown / result.file}: {result.reason}", file=sys.stderr)
                failures += 1
                continue
            stripped.append(replace(result, path=(shown / result.path).as_posix()))
            templates.learn(result.clean, site=result.site)
    finder = DuplicateFinder()
    learned = templates.pruned()
    for page in stripped:
        document = finish_raw(page, learned)
        if isinstance(document, SkippedPage):
            print(f"error: {document.file}: {document.reason}", file=sys.stderr)
            failures += 1
            continue
        record = dataclasses.asdict(join_duplicates(document, finder))
        record.pop("signature")
        print(json.dumps(record, ensure_ascii=False))
    return 1 if failures else 0


def _page_root(path: Path, corpus: Path) -> tuple[Path, Path]:
    """The folder `path`'s page path is taken relative to, and the folder shown before that path.

    A file in the corpus gets its path in the corpus, as a build gives it, and so the same id (a hash
    of that path) as the index and the API; any other file keeps the path it was given."""
    folder = path.resolve().parent
    if folder.is_relative_to(corpus.resolve()):
        return corpus.resolve(), Path()
    return folder, path.parent


def _analyze(args: argparse.Namespace) -> int:
    for line in sys.stdin:
        print("\t".join(analyze_line(line.rstrip("\n"), language=args.lang)))
    return 0
