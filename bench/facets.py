"""Facet counts through the API against the gold counts of `make_queries.py` facet queries.

    python bench/facets.py --corpus DIR [--index DIR] [--jobs 2]

DIR is a `make_corpus.py` corpus; `queries.jsonl` is made with ../shared/tools/make_queries.py if
missing. The index is built (unless --index holds one), then every facet distribution and every
filtered total is asked of the real app in-process and compared with the gold. Prints the share of
exact matches and the differences.

Two questions, kept apart: are the API's counts exact over what the index holds (each facet value
counted from the stored fields of every document, and each gold filter's total likewise, must
equal the API's), and how close is what the index holds to the gold (extraction quality). The API
is asked with `collapse=false`, since gold counts every page, near-duplicates included.
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

from core.index.folder import current_generation, open_index  # noqa: E402
from core.index.schema import FACET_FIELDS  # noqa: E402
from indexer.build import build_index
from search_api.http.app import create_app  # noqa: E402
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
    stored = _stored_values(index)
    with TestClient(create_app(ApiSettings(index=index))) as client:
        browse = client.get("/search", params={"per_page": 1, "collapse": "false"}).json()["facets"]
        print("API counts against the index's own stored fields (must be exact):")
        wrong = 0
        for facet, items in browse.items():
            ours = {str(item["value"]): int(item["count"]) for item in items}
            held = Counter(value for values in stored for value in values.get(facet, ()))
            wrong += ours != dict(held)
            print(f"  {facet:10s} {'exact' if ours == dict(held) else 'DIFFERENT'} ({len(held)} values)")
        print("API counts against the gold (extraction quality):")
        distributions = [q for q in facet_queries if "facet" in q]
        for query in distributions:
            _compare_distribution(query["facet"], query["expected_counts"], browse.get(query["facet"], []))
        filtered = [q for q in facet_queries if "filters" in q]
        exact = held_exact = 0
        misses: list[str] = []
        for query in filtered:
            params = {name: (GOLD_KIND.get(value, value) if name == "kind" else value) for name, value in query["filters"].items()}
            total = client.get("/search", params={**params, "per_page": 1, "collapse": "false"}).json()["total"]
            held = sum(all(str(value) in values.get(name, ()) for name, value in params.items()) for values in stored)
            held_exact += total == held
            gold = query["expected_counts"]["total"]
            if total == gold:
                exact += 1
            else:
                misses.append(f"  {params}: api {total}, gold {gold} ({(total - gold) / max(1, gold):+.1%})")
        print(f"filtered totals equal to the index's stored fields: {held_exact}/{len(filtered)}")
        print(f"filtered totals equal to the gold: {exact}/{len(filtered)} ({exact / max(1, len(filtered)):.1%})")
        for line in misses[:20]:
            print(line)
    return 0 if not wrong and held_exact == len(filtered) else 1


def _stored_values(index: Path) -> list[dict[str, set[str]]]:
    """Each document's facet values as the index stores them (funder and year comma-joined)."""
    with open_index(index).searcher() as searcher:
        return [
            {name: {part for part in str(fields[name]).split(",") if part} for name in FACET_FIELDS if fields.get(name) is not None}
            for fields in searcher.reader().all_stored_fields()
        ]


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
