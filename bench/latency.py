"""Query latency and throughput through the HTTP API and in-process, beside tantivy and SQLite FTS5.

    python bench/latency.py --index /tmp/perf/b20k/index --corpus /tmp/c20000 \
        [--work /tmp/perf/b20k] [--build-report /tmp/perf/b20k/build.json] [--seconds 20] [--profile 300] \
        [--workers 1,2] [--no-in-process] [--no-anchors]

Queries: the `make_queries.py` known-item queries (CORPUS/queries.jsonl; exact, inflected and
unaccented variants) and facet-only browsing (empty q: every facet filter of the query set, plus
the unfiltered browse), and (`--common N`, default 30) the index's most frequent title words as
one-word queries, printed in a row of their own and left out of "all": each is asked once per
pass like the rest, so its first answer reads the word's postings cold. Every request is a whole
search: 10 hits, all seven facets, highlighted titles and snippets, JSON.

1. In-process: `SearchService.search` plus turning the result into the response's dicts, one
   thread, after one warm-up search that opens the index and builds the per-reader caches
   (timed separately).
2. HTTP, one client: `python -m search_api` (uvicorn) on a free loopback port, every query once,
   one keep-alive connection.
3. Throughput with 1, 4 and 16 concurrent clients (threads, one keep-alive connection each,
   queries in a shuffled loop), each level bounded by --seconds and --max-requests. The
   clients run on the same two cores as the server, so they take CPU from it.
   Steps 2 and 3 run once per --workers value (`python -m search_api --workers N`, measured
   after every worker has started), step 2 only for the first; the later servers get an untimed
   pass of every query instead (on 2 × N clients, so each worker sees about 1/N of them: the
   per-process caches are a real cost of more workers). The throughput of each value is printed
   as a ratio to the first's.
4. The API's RSS, all its processes together: after start, after the first pass, at the end (and its peak),
   and at the end without file-backed and shared pages (code and libraries; the index is read with
   pread, so its pages are the kernel's page cache, in no process's RSS).
5. The anchors (bench/anchors.py) on the same known-item queries, same run; their indexes
   come from `build.py` (WORK/anchors/) or are built here from our index's stored text.
   Printed as ratios next to ours. MRR@10 of every engine is printed as a sanity check (a fast
   engine that finds nothing is no anchor).
"""
from __future__ import annotations

import argparse
import cProfile
import dataclasses
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import anchors  # noqa: E402
from anchors import latency_summary  # noqa: E402
from profiling import profile_report  # noqa: E402

from core.analysis.chain import EXACT  # noqa: E402
from core.index.folder import open_index  # noqa: E402
from search_api.errors import SearchError  # noqa: E402
from search_api.search import FACET_FILTER_FIELDS, SearchRequest, SearchService  # noqa: E402

GOLD_KIND = {"nonproject": "other"}  # make_corpus.py's kind name → ours
KNOWN = ("exact", "inflected", "unaccented")
COMMON = "common"  # the index's most frequent title words, one a query: what users type most


@dataclass(frozen=True, slots=True)
class Query:
    qid: str
    variant: str  # exact | inflected | unaccented | browse
    q: str
    filters: tuple[tuple[str, str], ...]
    targets: tuple[str, ...]

    def params(self) -> list[tuple[str, str]]:
        return [("q", self.q), *self.filters]

    def request(self) -> SearchRequest:
        grouped: dict[str, list[str]] = defaultdict(list)
        for name, value in self.filters:
            grouped[name].append(value)
        return SearchRequest(q=self.q, filters={name: tuple(grouped[name]) for name in FACET_FILTER_FIELDS if name in grouped})


def load_queries(path: Path) -> list[Query]:
    queries: list[Query] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["variant"] in KNOWN:
            queries.append(Query(item["qid"], item["variant"], item["q"], (), tuple(item.get("target_files", ()))))
        elif item["variant"] == "facet":
            filters = tuple(
                (name, GOLD_KIND.get(str(value), str(value)) if name == "kind" else str(value))
                for name, value in item.get("filters", {}).items()
            )
            queries.append(Query(item["qid"], "browse", "", filters, ()))
    return queries


def common_queries(index: Path, count: int) -> list[Query]:
    """The `count` words of 5+ letters that most pages hold in their titles, each as a query.

    The known-item queries combine rarer words and match a few pages; a user's first query is
    more often one common word that matches half the index, which costs the most to answer."""
    if count <= 0:
        return []
    with open_index(index).searcher() as searcher:
        reader = searcher.reader()
        marker = EXACT.encode("utf-8")
        words = []
        for term, info in reader.iter_field("title", prefix=marker):  # from the prefix on, to the field's end
            if not term.startswith(marker):
                break
            words.append((info.doc_frequency(), term.decode("utf-8")[1:]))
    chosen = sorted(((frequency, word) for frequency, word in words if len(word) >= 5 and word.isalpha()), reverse=True)[:count]
    return [Query(f"common-{number}", COMMON, word, (), ()) for number, (_, word) in enumerate(chosen)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True, help="holds queries.jsonl")
    parser.add_argument("--work", type=Path, help="where the anchors' indexes are (WORK/anchors), or are built")
    parser.add_argument("--build-report", type=Path, help="build.json of bench/build.py, printed beside")
    parser.add_argument("--seconds", type=float, default=20.0, help="time bound of each throughput level")
    parser.add_argument("--max-requests", type=int, default=3000, help="request bound of each throughput level")
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--profile", type=int, default=0, help="cProfile this many in-process searches and print the hot spots")
    parser.add_argument("--workers", default="1,2", help="server processes: each value is served and measured in turn")
    parser.add_argument("--no-in-process", action="store_true", help="skip the in-process pass (implies --no-anchors)")
    parser.add_argument("--no-anchors", action="store_true")
    parser.add_argument("--server-log", type=Path, help="the API's output (default WORK/latency-server.log; -wN per workers value)")
    parser.add_argument("--out", type=Path, help="write every figure here as JSON (default WORK/latency.json)")
    parser.add_argument("--common", type=int, default=30, help="also this many single common words (a row of their own, not in 'all')")
    args = parser.parse_args()
    queries = load_queries(args.corpus / "queries.jsonl")
    known = [query for query in queries if query.variant in KNOWN]
    common = common_queries(args.index, args.common)
    report: dict[str, object] = {"cores": os.cpu_count(), "queries": len(queries), "common": [query.q for query in common],
                                 "load_before": os.getloadavg()}
    print(f"{len(known)} known-item queries, {len(queries) - len(known)} facet-only browsing requests, "
          f"{len(common)} common words; {os.cpu_count()} cores")
    queries += common

    if not args.no_in_process:
        report["in_process"] = _in_process(args.index, queries)
        _print_latency("in-process", report["in_process"])  # type: ignore[arg-type]
    if args.profile:
        print(_profile(args.index, queries, args.profile))

    report["servers"] = {}
    for workers in (int(value) for value in args.workers.split(",")):
        log = args.server_log or (args.work or args.index.parent) / "latency-server.log"
        figures = _serve_and_measure(args, queries, workers, log.with_name(f"{log.stem}-w{workers}{log.suffix}"),
                                     sequential=not report["servers"])
        report["servers"][workers] = figures  # type: ignore[index]
    first = next(iter(report["servers"].values()))  # type: ignore[attr-defined]
    report["http"], report["throughput"], report["api_rss_mb"] = first["http"], first["throughput"], first["api_rss_mb"]
    _print_workers(report["servers"])  # type: ignore[arg-type]

    if not args.no_anchors and not args.no_in_process:
        report["anchors"] = _anchors(args.index, args.work or args.index.parent, known)
        _print_comparison(report)
    if args.build_report and args.build_report.exists():
        report["build_report"] = json.loads(args.build_report.read_text(encoding="utf-8"))
    report["load_after"] = os.getloadavg()
    print(f"load average before {_load(report['load_before'])}, after {_load(report['load_after'])}")
    out = args.out or (args.work or args.index.parent) / "latency.json"
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"figures: {out}")
    return 0


# ---------------------------------------------------------------------------------- in-process
def _in_process(index: Path, queries: Sequence[Query]) -> dict[str, object]:
    service = SearchService(index)
    clock = time.perf_counter()
    _warm_up(service)
    open_s = time.perf_counter() - clock
    times: dict[str, list[float]] = defaultdict(list)
    found: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    for query in queries:
        clock = time.perf_counter()
        try:
            result = service.search(query.request())
        except SearchError as exc:  # a timeout is a slow answer too: counted, and its time kept
            times[query.variant].append(time.perf_counter() - clock)
            errors.append(f"{query.qid}: {exc.code}")
            continue
        _response_dicts(result)
        times[query.variant].append(time.perf_counter() - clock)
        if query.targets:
            found[query.variant].append(_reciprocal_rank([hit.path for hit in result.hits], query.targets))
    service.close()
    return _figures(times, found, open_s=open_s, errors=errors)


def _warm_up(service: SearchService) -> None:
    """What a server does at start-up (open the index, build the per-reader caches), then a first
    search; one past the budget is retried."""
    service.warm()
    for _ in range(3):
        try:
            service.search(SearchRequest(q="fejlesztés"))
            return
        except SearchError:
            continue


def _response_dicts(result: object) -> object:
    """What the route builds from a result before pydantic and JSON (see search_api/http/app.py)."""
    return (
        [dataclasses.asdict(hit) for hit in result.hits],  # type: ignore[attr-defined]
        {name: [{"value": c.value, "count": c.count} for c in counts] for name, counts in result.facets.items()},  # type: ignore[attr-defined]
    )


def _profile(index: Path, queries: Sequence[Query], count: int) -> str:
    service = SearchService(index)
    _warm_up(service)
    sample = [queries[int(i * len(queries) / count)] for i in range(min(count, len(queries)))]
    profiler = cProfile.Profile()
    profiler.enable()
    for query in sample:
        try:
            _response_dicts(service.search(query.request()))
        except SearchError:
            pass
    profiler.disable()
    service.close()
    return profile_report(profiler, f"cProfile of the search path, {len(sample)} in-process searches")


# ---------------------------------------------------------------------------------- HTTP
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve_and_measure(
    args: argparse.Namespace, queries: Sequence[Query], workers: int, log: Path, *, sequential: bool
) -> dict[str, object]:
    """One server with `workers` processes: (if `sequential`) every query once on one client, then each throughput level."""
    server, port = _start_server(args.index, log, workers=workers)
    figures: dict[str, object] = {"workers": workers}
    try:
        tree = _ServerTree(psutil.Process(server.pid))
        rss_started = tree.rss()
        if sequential:
            figures["http"] = _http_sequential(port, queries)
            _print_latency(f"HTTP, one client, {workers} worker(s)", figures["http"])  # type: ignore[arg-type]
        else:  # the same warmth as the first server's sequential pass: every query once, spread over the workers
            figures["http"] = None
            warm = _throughput(port, queries, 2 * workers, seconds=600, limit=len(queries))
            print(f"workers {workers}: warm-up pass, every query once on {2 * workers} clients, {warm['rps']:.1f} req/s")
        rss_open = tree.rss()
        throughput: dict[int, dict[str, object]] = {}
        peak = _PeakRss(tree)
        peak.start()
        for clients in (int(value) for value in args.clients.split(",")):
            cpu = _CpuShares(tree)
            level = _throughput(port, queries, clients, seconds=args.seconds, limit=args.max_requests)
            level["cpu_s"] = cpu.taken()
            throughput[clients] = level
            print(
                f"workers {workers}, {clients:2d} clients: {level['requests']} requests in {level['seconds']:.1f} s = "
                f"{level['rps']:.1f} req/s, p50 {level['p50_ms']:.1f} ms, p95 {level['p95_ms']:.1f} ms, errors {level['errors']}; "
                "CPU-s " + ", ".join(f"{name} {value:.1f}" for name, value in level["cpu_s"].items())  # type: ignore[attr-defined]
            )
        peak.stop()
        rss_end = tree.rss()
        figures["throughput"] = throughput
        figures["api_rss_mb"] = {
            "started": rss_started / 2**20, "index_open": rss_open / 2**20, "end": rss_end / 2**20,
            "peak": max(peak.peak, rss_end) / 2**20, "private_end": tree.private() / 2**20, "processes": len(tree.processes()),
        }
        print(f"API RSS, {workers} worker(s), all processes: " + ", ".join(
            f"{name} {value:.0f} MB" for name, value in figures["api_rss_mb"].items() if name != "processes"))  # type: ignore[attr-defined]
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures


def _start_server(index: Path, log: Path, *, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    """`python -m search_api --workers N`, returned once every worker has finished its start-up (warm caches)."""
    port = _free_port()
    output = log.open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "search_api", "--index", str(index), "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers)],
        cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the API exited with code {server.returncode}; see {log}")
        if log.read_text(encoding="utf-8", errors="replace").count("Application startup complete") >= workers:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/health")
                if connection.getresponse().status == 200:
                    connection.close()
                    return server, port
            except OSError:
                pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"the API's {workers} worker(s) did not start within 120 s; see {log}")


def _get(connection: http.client.HTTPConnection, query: Query) -> dict[str, object]:
    connection.request("GET", "/search?" + urllib.parse.urlencode(query.params()))
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{response.status} for {query.params()}: {body[:200]!r}")
    return json.loads(body)


def _http_sequential(port: int, queries: Sequence[Query]) -> dict[str, object]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    clock = time.perf_counter()
    for _ in range(3):
        try:
            _get(connection, Query("warm", "browse", "fejlesztés", (), ()))
            break
        except RuntimeError:
            continue
    open_s = time.perf_counter() - clock
    times: dict[str, list[float]] = defaultdict(list)
    found: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    for query in queries:
        clock = time.perf_counter()
        try:
            answer = _get(connection, query)
        except RuntimeError as exc:
            times[query.variant].append(time.perf_counter() - clock)
            errors.append(f"{query.qid}: {exc}")
            continue
        times[query.variant].append(time.perf_counter() - clock)
        if query.targets:
            found[query.variant].append(_reciprocal_rank([hit["path"] for hit in answer["hits"]], query.targets))  # type: ignore[index, union-attr]
    connection.close()
    return _figures(times, found, open_s=open_s, errors=errors)


def _throughput(port: int, queries: Sequence[Query], clients: int, *, seconds: float, limit: int) -> dict[str, object]:
    order = list(queries)
    random.Random(clients).shuffle(order)
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    next_index = [0]
    end = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < end:
            with lock:
                if next_index[0] >= limit:
                    break
                query = order[next_index[0] % len(order)]
                next_index[0] += 1
            clock = time.perf_counter()
            try:
                _get(connection, query)
            except (OSError, RuntimeError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(str(exc))
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            with lock:
                latencies.append(time.perf_counter() - clock)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    summary = latency_summary(latencies)
    return {"requests": len(latencies), "errors": len(errors), "seconds": elapsed, "rps": len(latencies) / elapsed,
            "p50_ms": summary["p50_ms"], "p95_ms": summary["p95_ms"], "p99_ms": summary["p99_ms"], "first_errors": errors[:3]}


class _ServerTree:
    """The server's supervisor and its worker processes, whose memory is added up."""

    def __init__(self, root: psutil.Process) -> None:
        self.root = root

    def processes(self) -> list[psutil.Process]:
        return [self.root, *self.root.children(recursive=True)]

    def rss(self) -> int:
        return self._memory()[0]

    def private(self) -> int:
        """RSS less the file-backed and shared pages (code and libraries, and the index's pages
        if a version maps its files)."""
        return self._memory()[1]

    def _memory(self) -> tuple[int, int]:
        total = private = 0
        for process in self.processes():
            try:
                memory = process.memory_info()
            except psutil.NoSuchProcess:
                continue
            total += memory.rss
            private += memory.rss - getattr(memory, "shared", 0)
        return total, private


class _CpuShares:
    """CPU seconds since creation: the server's processes, these clients, and everything else on the machine."""

    def __init__(self, tree: _ServerTree) -> None:
        self.tree = tree
        self.start = (sum(psutil.cpu_times()[:3]), self._server(), sum(psutil.Process().cpu_times()[:2]))

    def _server(self) -> float:
        total = 0.0
        for process in self.tree.processes():
            try:
                total += sum(process.cpu_times()[:4])
            except psutil.NoSuchProcess:
                continue
        return total

    def taken(self) -> dict[str, float]:
        machine = sum(psutil.cpu_times()[:3]) - self.start[0]
        server = self._server() - self.start[1]
        clients = sum(psutil.Process().cpu_times()[:2]) - self.start[2]
        return {"server": server, "clients": clients, "others": max(0.0, machine - server - clients)}


class _PeakRss(threading.Thread):
    def __init__(self, tree: _ServerTree) -> None:
        super().__init__(daemon=True)
        self.tree = tree
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, self.tree.rss())
            self._done.wait(0.2)

    def stop(self) -> None:
        self._done.set()
        self.join()


# ---------------------------------------------------------------------------------- anchors
def _anchors(index: Path, work: Path, known: Sequence[Query]) -> dict[str, object]:
    folder = work / "anchors"
    built: dict[str, object] = {}
    if not (folder / "tantivy" / "meta.json").exists() or not (folder / "fts5.db").exists():
        docs = anchors.stored_documents(index)
        for build in (anchors.build_tantivy(docs, folder / "tantivy"), anchors.build_fts5(docs, folder / "fts5.db")):
            built[build.engine] = {"docs_per_s": build.docs_per_s, "seconds": build.seconds}
    engines = {"tantivy": anchors.TantivySearcher(folder / "tantivy"), "fts5": anchors.Fts5Searcher(folder / "fts5.db")}
    figures: dict[str, object] = {"built_here": built}
    for name, engine in engines.items():
        engine.search(known[0].q)
        times: dict[str, list[float]] = defaultdict(list)
        found: dict[str, list[float]] = defaultdict(list)
        for _ in anchors.timed(engine, [query.q for query in known]):
            pass  # a warm-up pass, as ours had one: the index's pages in memory
        for query in known:
            clock = time.perf_counter()
            paths = engine.search(query.q)
            times[query.variant].append(time.perf_counter() - clock)
            found[query.variant].append(_reciprocal_rank(paths, query.targets))
        figures[name] = _figures(times, found, open_s=0.0)
    return figures


# ---------------------------------------------------------------------------------- figures
def _reciprocal_rank(paths: Sequence[str], targets: Sequence[str]) -> float:
    wanted = set(targets)
    for rank, path in enumerate(paths[:10], 1):
        if path in wanted or path.rsplit("/", 1)[-1] in wanted:
            return 1.0 / rank
    return 0.0


def _figures(
    times: dict[str, list[float]], found: dict[str, list[float]], *, open_s: float, errors: Sequence[str] = ()
) -> dict[str, object]:
    every = [value for variant, values in times.items() if variant != COMMON for value in values]
    known = [value for variant in KNOWN for value in times.get(variant, [])]
    return {
        "open_s": open_s,
        "errors": len(errors),
        "first_errors": list(errors[:5]),
        "all": latency_summary(every),
        "known": latency_summary(known),
        "by_variant": {variant: latency_summary(values) for variant, values in sorted(times.items())},
        "mrr10": {variant: sum(values) / len(values) for variant, values in sorted(found.items()) if values},
    }


def _print_latency(title: str, figures: dict[str, object]) -> None:
    print(
        f"\n{title} (first search, opening the index and its caches: {figures['open_s'] * 1000:.0f} ms; "
        f"errors: {figures['errors']} {figures['first_errors'][:2] if figures['errors'] else ''}):"  # type: ignore[index]
    )
    print(f"  {'queries':<12} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  MRR@10")
    mrr: dict[str, float] = figures["mrr10"]  # type: ignore[assignment]
    rows = [("all", figures["all"]), ("known-item", figures["known"]), *figures["by_variant"].items()]  # type: ignore[attr-defined]
    for name, row in rows:
        score = f"{mrr[name]:.3f}" if name in mrr else ""
        print(f"  {name:<12} {row['n']:5d} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['p99_ms']:8.1f} {row['max_ms']:8.1f}  {score}")


def _print_workers(servers: dict[int, dict[str, object]]) -> None:
    """Throughput per client level and workers value, as ratios to the first workers value (same run)."""
    counts = list(servers)
    if len(counts) < 2:
        return
    base = counts[0]
    print(f"\nthroughput by server processes (req/s; ratios ÷ workers={base}; p50/p95 ms in brackets):")
    print(f"  {'clients':>7} " + " ".join(f"{'workers=' + str(count):>26}" for count in counts))
    for clients in servers[base]["throughput"]:  # type: ignore[attr-defined]
        cells = []
        for count in counts:
            level = servers[count]["throughput"][clients]  # type: ignore[index]
            ratio = level["rps"] / servers[base]["throughput"][clients]["rps"]  # type: ignore[index]
            cells.append(f"{level['rps']:6.1f} ({ratio:4.2f}×) [{level['p50_ms']:.0f}/{level['p95_ms']:.0f}]")
        print(f"  {clients:7d} " + " ".join(f"{cell:>26}" for cell in cells))


def _print_comparison(report: dict[str, object]) -> None:
    found: dict[str, dict[str, object]] = report["anchors"]  # type: ignore[assignment]
    ours = {"ours in-process": report["in_process"], "ours HTTP": report["http"]}
    print("\nknown-item queries, same run (ratios are ours ÷ theirs; the anchors do no facets, highlights or JSON):")
    print(f"  {'engine':<16} {'p50 ms':>8} {'p95 ms':>8}  MRR@10 exact / inflected / unaccented")
    for name, figures in {**ours, "tantivy": found["tantivy"], "fts5": found["fts5"]}.items():
        known = figures["known"]  # type: ignore[index]
        mrr = figures["mrr10"]  # type: ignore[index]
        scores = " / ".join(f"{mrr.get(variant, float('nan')):.3f}" for variant in KNOWN)
        print(f"  {name:<16} {known['p50_ms']:8.2f} {known['p95_ms']:8.2f}  {scores}")
    for name, figures in ours.items():
        for anchor in ("tantivy", "fts5"):
            a = found[anchor]["known"]  # type: ignore[index]
            b = figures["known"]  # type: ignore[index]
            print(f"  {name} ÷ {anchor}: p50 {b['p50_ms'] / a['p50_ms']:.0f}×, p95 {b['p95_ms'] / a['p95_ms']:.0f}×")


def _load(load: object) -> str:
    return "/".join(f"{value:.2f}" for value in load)  # type: ignore[attr-defined]


if __name__ == "__main__":
    raise SystemExit(main())
