"""`python -m search_api [--index DIR] [--host H] [--port P] [--workers N] [--build-if-missing]`."""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from indexer.settings import IndexerSettings
from search_api.http.server import ensure_port_free, serve
from search_api.settings import ApiSettings


def main() -> int:
    defaults = ApiSettings.from_environment()
    parser = argparse.ArgumentParser(prog="search_api", description="Serve the Projektkereső search API.")
    parser.add_argument("--index", type=Path, default=defaults.index, help="index folder (default: %(default)s)")
    parser.add_argument("--host", default=defaults.host)
    parser.add_argument("--port", type=int, default=defaults.port)
    parser.add_argument(
        "--workers", type=int, default=defaults.workers,
        help="server processes (default: %(default)s, one per core up to 4; PROJEKTKERESO_WORKERS)",
    )
    parser.add_argument(
        "--build-if-missing", metavar="CORPUS", type=Path, nargs="?", const=IndexerSettings().corpus,
        help="build the index from CORPUS (default: the embedded corpus) first if none exists",
    )
    args = parser.parse_args()
    if not 0 < args.port < 65536:
        parser.error(f"--port must be between 1 and 65535, not {args.port}")
    if args.workers < 1:
        parser.error(f"--workers must be at least 1, not {args.workers}")
    ensure_port_free(args.host, args.port)  # before a build, so a busy port does not cost one first
    if args.build_if_missing is not None:
        _build_if_missing(args.index, args.build_if_missing)
    serve(dataclasses.replace(defaults, index=args.index, host=args.host, port=args.port, workers=args.workers))
    return 0


def _build_if_missing(index: Path, corpus: Path) -> None:
    """Imported here, not above: with `--workers N` this process only supervises the workers, and
    the indexer's and the search's modules (Whoosh, numpy, …) would hold ~40 MB in it for nothing."""
    from core.index.folder import current_generation
    from indexer.build import build_with_report

    if current_generation(index) is None:
        print(f"no index in {index}: building it from {corpus} …", file=sys.stderr)
        report = build_with_report(corpus, index, jobs=IndexerSettings().jobs, progress=sys.stderr.isatty())
        print(f"indexed {report.indexed} of {report.pages_read} pages in {report.seconds:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
