"""`python -m indexer build | extract | analyze`: the indexer's command line."""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from indexer.analysis import analyze_line
from indexer.errors import IndexerError, PageError
from indexer.pipeline import BuildReport, build_index, process_page
from indexer.records import RawPage
from indexer.settings import IndexerSettings

SKIPPED_REPORT = "skipped.json"


def main(argv: Sequence[str] | None = None) -> int:
    settings = IndexerSettings.from_environment()
    parser = _parser(settings)
    args = parser.parse_args(argv)
    try:
        return int(args.command(args))
    except IndexerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _parser(settings: IndexerSettings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="indexer", description="Build and inspect the Projektkereső index.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="index every page under the corpus folder")
    build.add_argument("--corpus", type=Path, default=settings.corpus, help="folder of pages (default: %(default)s)")
    build.add_argument("--index", type=Path, default=settings.index, help="index folder (default: %(default)s)")
    build.add_argument("--jobs", type=int, default=settings.jobs, help="worker processes (default: %(default)s)")
    build.set_defaults(command=_build)

    extract = commands.add_parser("extract", help="print what the index would receive for each page, as JSON lines")
    extract.add_argument("files", nargs="+", type=Path, metavar="FILE")
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
    report = build_index(corpus, args.index, jobs=max(1, args.jobs), progress=sys.stderr.isatty())
    _write_skipped_report(args.index, report)
    _print_summary(report, args.index)
    return 1 if report.pages_read and not report.indexed else 0


def _write_skipped_report(index: Path, report: BuildReport) -> None:
    entries = [dataclasses.asdict(page) for page in report.skipped]
    (index / SKIPPED_REPORT).write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")


def _print_summary(report: BuildReport, index: Path) -> None:
    print(
        f"pages read: {report.pages_read}, indexed: {report.indexed}, skipped: {len(report.skipped)}, "
        f"seconds: {report.seconds:.1f} ({report.pages_read / max(report.seconds, 1e-9):.0f} pages/s)"
    )
    for page in report.skipped:
        print(f"  skipped {page.file}: {page.reason}")
    print(f"index: {index.resolve()}")


def _extract(args: argparse.Namespace) -> int:
    failures = 0
    for path in args.files:
        try:
            raw = RawPage(path=str(path), data=path.read_bytes())
            document = process_page(raw)
        except OSError as exc:
            print(f"error: {path}: cannot read: {exc.strerror or exc}", file=sys.stderr)
            failures += 1
            continue
        except PageError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failures += 1
            continue
        record = dataclasses.asdict(document)
        print(json.dumps(record, ensure_ascii=False))
    return 1 if failures else 0


def _analyze(args: argparse.Namespace) -> int:
    for line in sys.stdin:
        print("\t".join(analyze_line(line.rstrip("\n"), language=args.lang)))
    return 0
