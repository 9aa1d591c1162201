"""Known-item retrieval through the real API: MRR@10 and success@10 per query variant.

    python bench/retrieval.py --corpus DIR [--index DIR] [--jobs 2] [--worst 15] [--http]

DIR is a `make_corpus.py` corpus (`pages/`, `queries.jsonl`; the queries are made with
../shared/tools/make_queries.py if missing). The index is built with `python -m indexer build`
unless `--index` already holds one. Every known-item query (`exact`, `inflected`, `unaccented`)
is asked of `GET /search?per_page=10` — the FastAPI app in-process through `TestClient`, or with
`--http` a uvicorn subprocess on a free loopback port — and scored by the rank of the first hit
that is one of the query's `target_files` (a hit's collapsed near-duplicates count as the hit).
Prints, per variant, the number of queries, MRR@10, success@10 and success@100 (a target among the
first 100 hits: a query missing from the first ten is asked again with `per_page=100`), the same counting pages that
hold a form of every query word as answers too (see `rank_with_equivalents`), the ceiling an engine
that ranks the very words typed first can reach (see `typed_words_ceiling`), then the worst queries.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.analysis.chain import (  # noqa: E402
    EXACT,
    FOLDED,
    HUNGARIAN_STOPWORDS,
    TOKEN_PATTERN,
    UNACCENTED_STEM,
    analyze_line,
    fold,
    query_terms,
    stem,
)
from core.index.folder import current_generation  # noqa: E402
from search_api.http.app import create_app  # noqa: E402
from search_api.settings import ApiSettings  # noqa: E402

MAKE_QUERIES = ROOT.parent / "shared" / "tools" / "make_queries.py"
VARIANTS = ("exact", "inflected", "unaccented")
DEPTH = 10
RECALL_DEPTH = 100  # success@100: the "a target among the first 100 hits"
Fetch = Callable[[str, dict[str, Any]], dict[str, Any]]  # (route, params) → JSON


@dataclass(frozen=True, slots=True)
class KnownItem:
    qid: str
    variant: str
    q: str
    targets: frozenset[str]


@dataclass(frozen=True, slots=True)
class Outcome:
    query: KnownItem
    rank: int | None  # 1-based rank of the first target hit within DEPTH, else None
    total: int
    top: tuple[str, ...]  # file names of the first hits, for the worst-query listing
    above: tuple[str, ...]  # ids of the hits ranked above the target (all DEPTH hits if it is missing)
    seconds: float
    recalled: bool = False  # a target among the first RECALL_DEPTH hits

    @property
    def reciprocal_rank(self) -> float:
        return 1.0 / self.rank if self.rank else 0.0


def load_queries(path: Path) -> list[KnownItem]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["variant"] in VARIANTS and record.get("target_files"):
            items.append(KnownItem(record["qid"], record["variant"], record["q"], frozenset(record["target_files"])))
    return items


def ensure_index(corpus: Path, index: Path, jobs: int) -> None:
    """Build with the real command line unless `index` already serves a generation."""
    if current_generation(index) is not None:
        return
    started = time.perf_counter()
    command = [sys.executable, "-m", "indexer", "build", "--corpus", str(corpus / "pages"), "--index", str(index), "--jobs", str(jobs)]
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    print(f"built {index} in {time.perf_counter() - started:.0f} s")


def file_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def target_rank(query: KnownItem, hits: Sequence[dict[str, Any]]) -> int | None:
    """1-based rank of the first hit that is a target (its collapsed copies count), else None."""
    for position, hit in enumerate(hits, 1):
        paths = [hit["path"], *(copy["path"] for copy in hit.get("also_at", []))]
        if any(file_name(path) in query.targets for path in paths):
            return position
    return None


def score(query: KnownItem, answer: dict[str, Any], seconds: float) -> Outcome:
    hits = answer["hits"][:DEPTH]
    rank = target_rank(query, hits)
    above = tuple(hit["id"] for hit in hits[: (rank or DEPTH + 1) - 1])
    top = tuple(file_name(hit["path"]) for hit in hits[:3])
    return Outcome(query, rank, int(answer["total"]), top, above, seconds, rank is not None)


def run(queries: Sequence[KnownItem], fetch: Fetch) -> list[Outcome]:
    outcomes = []
    for query in queries:
        started = time.perf_counter()
        answer = fetch("/search", {"q": query.q, "per_page": DEPTH})
        outcome = score(query, answer, time.perf_counter() - started)
        if outcome.rank is None and outcome.total > DEPTH:
            deeper = fetch("/search", {"q": query.q, "per_page": RECALL_DEPTH})
            outcome = dataclasses.replace(outcome, recalled=target_rank(query, deeper["hits"]) is not None)
        outcomes.append(outcome)
    return outcomes


def rank_with_equivalents(outcomes: Sequence[Outcome], fetch: Fetch) -> dict[str, int | None]:
    """Rank of the first hit that is a target or holds a form of every query word (by our analysis).

    `target_files` are the pages holding every query lemma, but the generator knows a form's lemma
    only from its UD table: a page with `korlátozására` (a form the table lacks) is not a target of
    `korlátozás`. Such pages answer the query as well as the target does; this rank counts them,
    so the gap between it and the plain rank is the share of misses that are ties, not errors.
    Unaccented queries are checked with the words of their accented sibling query.
    """
    words_of = {o.query.qid: o.query.q for o in outcomes}
    keys_of: dict[str, frozenset[str]] = {}
    ranks: dict[str, int | None] = {}
    for outcome in outcomes:
        if outcome.rank == 1:
            ranks[outcome.query.qid] = 1
            continue
        sibling = outcome.query.qid.replace("-unaccented-inflected", "-inflected").replace("-unaccented", "-exact")
        wanted = {query_terms(word)[0][0] for word in TOKEN_PATTERN.findall(words_of.get(sibling, outcome.query.q).lower())
                  if word not in HUNGARIAN_STOPWORDS}
        ranks[outcome.query.qid] = outcome.rank
        for position, doc_id in enumerate(outcome.above, 1):
            if doc_id not in keys_of:
                document = fetch(f"/documents/{doc_id}", {})
                terms = analyze_line(f"{document['title']} {document['text']}")
                keys_of[doc_id] = frozenset(term.split("*")[0] for term in terms if term[:1] not in (EXACT, FOLDED, UNACCENTED_STEM))
            if wanted <= keys_of[doc_id]:
                ranks[outcome.query.qid] = position
                break
    return ranks


@dataclass(frozen=True, slots=True)
class PageWords:
    """A page's words as written (lowercased), without accents, and their stem keys, from the gold text."""

    written: frozenset[str]
    folded: frozenset[str]
    keys: frozenset[str]


def gold_pages(corpus: Path) -> dict[str, str]:
    """Title and gold main text of every generated page, by file name."""
    pages: dict[str, str] = {}
    with (corpus / "gold.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            pages[record["file"]] = f"{record.get('title') or ''} {record.get('main_text') or ''}".lower()
    return pages


def page_words(text: str) -> PageWords:
    words = frozenset(TOKEN_PATTERN.findall(text))
    return PageWords(words, frozenset(fold(word) for word in words), frozenset(fold(stem(word)) for word in words))


def match_tiers(page: PageWords, typed: Sequence[str], keys: Sequence[str]) -> tuple[int, ...]:
    """How each query word meets a page: as typed (0), as typed but for accents (1), as another
    form of its stem key (2), not at all (3)."""
    return tuple(0 if word in page.written else 1 if fold(word) in page.folded else 2 if key in page.keys else 3
                 for word, key in zip(typed, keys, strict=True))


def typed_words_ceiling(outcomes: Sequence[Outcome], fetch: Fetch, pages: dict[str, str]) -> dict[str, int]:
    """The best rank any engine can give a target while it ranks the very words typed above other
    forms, as the analysis issue asks ("exact-form matches rank above folded above stemmed").

    A hit above the target whose `match_tiers` are all as good as a target's and one better
    outranks that target in any such engine; an inflected query is another form of the target's
    words, so pages holding that very form come first. The ceiling is 1 + the fewest such hits
    over the query's targets; counting only our first hits makes it an upper bound.
    """
    cache: dict[str, PageWords] = {}
    path_of: dict[str, str] = {}
    words_of = {o.query.qid: o.query.q for o in outcomes}

    def words(file: str) -> PageWords:
        if file not in cache:
            cache[file] = page_words(pages.get(file, ""))
        return cache[file]

    ceiling: dict[str, int] = {}
    for outcome in outcomes:
        sibling = outcome.query.qid.replace("-unaccented-inflected", "-inflected").replace("-unaccented", "-exact")
        typed = [word for word in TOKEN_PATTERN.findall(outcome.query.q.lower()) if word not in HUNGARIAN_STOPWORDS]
        accented = [word for word in TOKEN_PATTERN.findall(words_of.get(sibling, outcome.query.q).lower())
                    if word not in HUNGARIAN_STOPWORDS]
        keys = [fold(stem(word)) for word in (accented if len(accented) == len(typed) else typed)]
        above = []
        for doc_id in outcome.above:
            if doc_id not in path_of:
                path_of[doc_id] = file_name(str(fetch(f"/documents/{doc_id}", {})["path"]))
            above.append(match_tiers(words(path_of[doc_id]), typed, keys))
        targets = [match_tiers(words(file), typed, keys) for file in outcome.query.targets]
        forced = min(sum(hit != target and all(h <= t for h, t in zip(hit, target, strict=True)) for hit in above) for target in targets)
        ceiling[outcome.query.qid] = forced + 1
    return ceiling


@contextmanager
def in_process(index: Path) -> Iterator[Fetch]:
    with TestClient(create_app(ApiSettings(index=index))) as client:
        yield lambda route, params: _checked(client.get(route, params=params))


@contextmanager
def over_http(index: Path) -> Iterator[Fetch]:
    """uvicorn in a child process on a free loopback port, polled until /health answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "uvicorn", "search_api.http.app:create_app", "--factory", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning"]
    env = {**os.environ, "PROJEKTKERESO_INDEX": str(index)}
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _ in range(300):
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            yield lambda route, params: _checked(client.get(route, params=params))
    finally:
        server.terminate()
        server.wait(timeout=10)


def _checked(response: Any) -> dict[str, Any]:
    if response.status_code != 200:
        raise SystemExit(f"search failed with {response.status_code}: {response.text[:300]}")
    answer: dict[str, Any] = response.json()
    return answer


def report(outcomes: Sequence[Outcome], tied: dict[str, int | None], ceiling: dict[str, int], worst: int) -> None:
    by_variant: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_variant[outcome.query.variant].append(outcome)
        if outcome.query.variant == "unaccented":
            source = "unaccented-inflected" if outcome.query.qid.endswith("inflected") else "unaccented-exact"
            by_variant[source].append(outcome)
    print(f"{'variant':<22} {'queries':>7} {'MRR@10':>7} {'success@10':>10} {'success@100':>11} {'p50 ms':>7}   counting equivalent pages: "
          f"MRR@10 success@10   ceiling MRR@10 (typed words first)")
    for variant in (*VARIANTS, "unaccented-exact", "unaccented-inflected"):
        group = by_variant.get(variant, [])
        if not group:
            continue
        mrr = sum(o.reciprocal_rank for o in group) / len(group)
        success = sum(1 for o in group if o.rank) / len(group)
        recall = sum(1 for o in group if o.recalled) / len(group)
        p50 = statistics.median(o.seconds for o in group) * 1000
        ranks = [tied[o.query.qid] for o in group]
        tied_mrr = sum(1.0 / rank for rank in ranks if rank) / len(group)
        tied_success = sum(1 for rank in ranks if rank) / len(group)
        bound = sum(1.0 / ceiling[o.query.qid] for o in group) / len(group)
        print(f"{variant:<22} {len(group):>7} {mrr:>7.4f} {success:>10.4f} {recall:>11.4f} {p50:>7.1f}   "
              f"{tied_mrr:>31.4f} {tied_success:>10.4f}   {bound:>34.4f}")
    print(f"queries: {len(outcomes)}")
    misses = sorted(outcomes, key=lambda o: (o.reciprocal_rank, o.query.qid))[:worst]
    if worst and misses:
        print(f"\nworst {len(misses)} queries (rank, total hits, query, targets → top hits):")
        for outcome in misses:
            rank = outcome.rank or "-"
            print(f"  {rank!s:>2} {outcome.total:>6}  {outcome.query.qid:<28} {outcome.query.q!r}  "
                  f"{sorted(outcome.query.targets)[:2]} → {list(outcome.top)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="make_corpus.py output (pages/, queries.jsonl)")
    parser.add_argument("--index", type=Path, help="index folder; built there if it holds none (default: a temporary one)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--worst", type=int, default=15, help="how many of the worst queries to list")
    parser.add_argument("--http", action="store_true", help="query a uvicorn subprocess instead of the app in-process")
    parser.add_argument("--json", type=Path, help="also write every query's outcome here, one JSON object a line")
    args = parser.parse_args()
    queries_path = args.corpus / "queries.jsonl"
    if not queries_path.exists():
        subprocess.run([sys.executable, str(MAKE_QUERIES), "--corpus", str(args.corpus)], check=True)
    index = args.index or Path(tempfile.mkdtemp(prefix="retrieval-index-"))
    ensure_index(args.corpus, index, args.jobs)
    queries = load_queries(queries_path)
    client = over_http if args.http else in_process
    with client(index) as fetch:
        outcomes = run(queries, fetch)
        tied = rank_with_equivalents(outcomes, fetch)
        ceiling = typed_words_ceiling(outcomes, fetch, gold_pages(args.corpus))
    report(outcomes, tied, ceiling, args.worst)
    if args.json:
        with args.json.open("w", encoding="utf-8") as out:
            for o in outcomes:
                record = {"qid": o.query.qid, "variant": o.query.variant, "q": o.query.q, "rank": o.rank, "within_100": o.recalled,
                          "rank_with_equivalents": tied[o.query.qid], "ceiling": ceiling[o.query.qid], "total": o.total,
                          "targets": sorted(o.query.targets), "top": list(o.top), "ms": round(o.seconds * 1000, 1)}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
