"""Same answers from concurrent searches: one SearchService, many threads, against one thread.

    python bench/threads.py --index /tmp/perf/b20k/index --corpus /tmp/c20000 [--threads 8] [--queries 400] \
        [--save ANSWERS.jsonl | --compare ANSWERS.jsonl]

The API runs searches on a thread pool over one open Whoosh searcher. Every known-item query of
CORPUS/queries.jsonl (the first --queries) and every facet-only browse is answered once on one
thread, then again by --threads threads at once; the script prints exceptions and answers (total
and hit ids) that differ. Nothing should differ: searching is deterministic.

Before and after a change to the search path: `--save` writes the one-thread answers in full
(every hit field with its highlighted title and snippet, score, facets, total, suggestion), and
`--compare` with another checkout's saved file prints every query whose full answer differs.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from latency import load_queries  # noqa: E402

from search_api.search import SearchService  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--save", type=Path, help="write the one-thread answers in full here (JSON lines)")
    parser.add_argument("--compare", type=Path, help="compare the one-thread answers in full with a --save file")
    args = parser.parse_args()
    every = load_queries(args.corpus / "queries.jsonl")
    queries = [query for query in every if query.variant != "browse"][: args.queries] + [q for q in every if q.variant == "browse"]
    service = SearchService(args.index, budget_s=1000.0)  # no timeouts: only the answers are compared
    service.warm()  # as a server starts
    expected = {}
    full: dict[str, str] = {}
    for query in queries:
        result = service.search(query.request())
        expected[query.qid] = (result.total, [hit.id for hit in result.hits])
        full[query.qid] = json.dumps(dataclasses.asdict(result), ensure_ascii=False, sort_keys=True)
    if args.save:
        args.save.write_text("".join(json.dumps({"qid": qid, "answer": answer}, ensure_ascii=False) + "\n"
                                     for qid, answer in full.items()), encoding="utf-8")
    changed: list[str] = []
    if args.compare:
        saved = {item["qid"]: item["answer"] for item in map(json.loads, args.compare.read_text(encoding="utf-8").splitlines())}
        changed = [qid for qid in full if saved.get(qid) != full[qid]]
        print(f"{len(full)} full answers against {args.compare}: {len(changed)} differ")
        for qid in changed[:10]:
            print(f"  differs in full: {qid}")
    errors: Counter[str] = Counter()
    different: list[str] = []
    lock = threading.Lock()

    def worker(number: int) -> None:
        for query in queries[number :: args.threads] + queries[(number + 1) % args.threads :: args.threads]:
            try:
                result = service.search(query.request())
            except Exception as exc:  # counted and shown: any exception here is the finding
                with lock:
                    errors[f"{type(exc).__name__}: {exc}"[:160]] += 1
                continue
            if (result.total, [hit.id for hit in result.hits]) != expected[query.qid]:
                with lock:
                    different.append(f"{query.qid} {query.q!r}")

    threads = [threading.Thread(target=worker, args=(number,)) for number in range(args.threads)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(
        f"{2 * len(queries)} searches on {args.threads} threads in {time.perf_counter() - started:.1f} s: "
        f"{sum(errors.values())} exceptions, {len(different)} answers differing from one thread's"
    )
    for message, count in errors.most_common(5):
        print(f"  {count} × {message}")
    for line in different[:10]:
        print(f"  differs: {line}")
    return 1 if errors or different or changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
