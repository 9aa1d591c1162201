"""Facet counts through the API against the gold counts of `make_queries.py` facet queries.

    python bench/facets.py --corpus DIR [--index DIR] [--jobs 2]

DIR is a `make_corpus.py` corpus; `queries.jsonl` is made with ../shared/tools/make_queries.py if
missing. The index is built (unless --index holds one), then every facet distribution and every
filtered total is asked of the real app in-process and compared with the gold. Prints the share of
exact matches and the differences.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.pipeline import build_index  # noqa: E402
from indexer.write import current_generation  # noqa: E402
from search_api.app import create_app  # noqa: E402
from search_api.settings import ApiSettings  # noqa: E402

MAKE_QUERIES = ROOT.parent / "shared" / "tools" / "make_queries.py"
GOLD_KIND = {"nonproject": "other"}  # the generator's name → ours


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    queries_path = args.corpus / "queries.jsonl"
    if not queries_path.exists():
        subprocess.run([sys.executable, str(MAKE_QUERIES), "--corpus", str(args.corpus)], check=True)
    index = args.index or Path(tempfile.mkdtemp(prefix="facets-index-"))
    if current_generation(index) is None:
        report = build_index(args.corpus / "pages", index, jobs=args.jobs)
        print(f"built: {report.indexed} indexed, {len(report.skipped)} skipped, {report.pages_read / report.seconds:.0f} pages/s")
    queries = [json.loads(line) for line in queries_path.read_text(encoding="utf-8").splitlines()]
    facet_queries = [q for q in queries if q["variant"] == "facet"]
    with TestClient(create_app(ApiSettings(index=index))) as client:
        browse = client.get("/search", params={"per_page": 1}).json()["facets"]
        distributions = [q for q in facet_queries if "facet" in q]
        for query in distributions:
            _compare_distribution(query["facet"], query["expected_counts"], browse.get(query["facet"], []))
        filtered = [q for q in facet_queries if "filters" in q]
        exact = 0
        misses: list[str] = []
        for query in filtered:
            params = {name: (GOLD_KIND.get(value, value) if name == "kind" else value) for name, value in query["filters"].items()}
            total = client.get("/search", params={**params, "per_page": 1}).json()["total"]
            if total == query["expected_counts"]["total"]:
                exact += 1
            else:
                misses.append(f"  {params}: api {total}, gold {query['expected_counts']['total']}")
        print(f"filtered totals: {exact}/{len(filtered)} exact ({exact / max(1, len(filtered)):.1%})")
        for line in misses[:20]:
            print(line)
    return 0


def _compare_distribution(facet: str, expected: dict[str, int], got: list[dict[str, object]]) -> None:
    gold = Counter({(GOLD_KIND.get(k, k) if facet == "kind" else str(k)): v for k, v in expected.items()})
    ours = Counter({str(item["value"]): int(item["count"]) for item in got})  # type: ignore[call-overload]
    values = set(gold) | set(ours)
    same = sum(1 for value in values if gold[value] == ours[value])
    off = sum(abs(gold[value] - ours[value]) for value in values)
    print(f"{facet:10s} values {same}/{len(values)} exact, total count difference {off} over {sum(gold.values())} gold")
    for value in sorted(values, key=lambda v: -abs(gold[v] - ours[v]))[:5]:
        if gold[value] != ours[value]:
            print(f"    {value!r}: api {ours[value]}, gold {gold[value]}")


if __name__ == "__main__":
    raise SystemExit(main())
