"""One segment writer's cost per page: the build's "writing segments" phase, apart from the rest.

    .venv/bin/python bench/writer.py --corpus /tmp/c20000/pages --pages 12000 [--repeat 2]

Extracts the first N pages and stems their words (untimed), then writes them as one segment the
way a build's writing process does (`indexer.segments._write_range`) and prints CPU and wall
seconds per page. To compare two versions, run it in each checkout back to back
(`PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/writer.py ...`): CPU time per page is
steadier than a whole build's wall time on a shared machine, but still read the ratio, not the figure.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from core.analysis.chain import new_words, word_forms
from core.index.document import Document
from core.index.folder import create_generation
from indexer import segments
from indexer.read import find_pages
from indexer.workers import process_paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, help="a folder of pages (make_corpus.py's pages/)")
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    paths = find_pages(args.corpus)[: args.pages]
    documents = [result for result in process_paths(paths, args.corpus, jobs=2) if isinstance(result, Document)]
    seen: set[str] = set()
    for document in documents:
        if document.language != "en":
            word_forms(new_words(f"{document.title}\n{document.text}", seen=seen))
    cpu, wall = [], []
    for _ in range(args.repeat):
        seconds = _write_once(documents)
        cpu.append(seconds[0])
        wall.append(seconds[1])
    count = len(documents)
    print(
        f"{count} pages as one segment, median of {args.repeat}: CPU {1000 * statistics.median(cpu) / count:.2f} ms/page, "
        f"wall {1000 * statistics.median(wall) / count:.2f} ms/page; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


def _write_once(documents: list[Document]) -> tuple[float, float]:
    root = Path(tempfile.mkdtemp(prefix="projektkereso-bench-writer-"))
    try:
        folder, _ = create_generation(root)
        with segments.DocumentSpool() as spool:
            for document in documents:
                spool.add(document)
            (part,) = spool.ranges(1)
            cpu, wall = time.process_time(), time.perf_counter()
            segments._write_range(str(folder), part, None)
            return time.process_time() - cpu, time.perf_counter() - wall
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
