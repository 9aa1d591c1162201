"""Search under load while an update runs: no errors, and the new pages are searchable afterwards.

    python bench/load.py --corpus C --index I --new NEWPAGES [--clients 20] [--seconds 60]

Starts the API on a free loopback port over INDEX, copies the pages of NEWPAGES (e.g. a
`make_corpus.py --docs 1000 --seed 7` output's `pages/`) into CORPUS/new-<time>/, runs
`python -m indexer update` while CLIENTS threads query for SECONDS (and until the update ends),
then prints requests, errors, p50/p95/max latency, the update's time and summary, and checks that
the document count grew by the pages added and that a new page's title finds it.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "önkormányzat", "óvoda felújítás", "fejlesztés", "EFOP", "kerékpárút OR kerékpáros", "energetikai korszerűsítés",
    "iskola", "TOP", '"zöld város"', "szociális", "fenntarth*", "onkormanyzati", "egészségügyi", "turisztikai",
    "foglalkoztatás", "Zala", "year:2015..2018 fejlesztés", "funder:ESZA", "(TOP OR EFOP) óvoda", "beruházás -óvoda",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--new", type=Path, required=True, help="folder of pages to add")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes of the update")
    parser.add_argument("--server-log", type=Path, default=Path("load-server.log"), help="the API's output")
    args = parser.parse_args()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = args.server_log.open("w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "search_api", "--index", str(args.index), "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(base)
        before = httpx.get(f"{base}/health", timeout=30).json()["documents"]
        target = args.corpus / f"new-{time.strftime('%Y%m%dT%H%M%S')}"
        shutil.copytree(args.new, target)
        print(f"documents before: {before}; added {sum(1 for _ in target.rglob('*.*'))} files under {target}")
        latencies: list[float] = []
        errors: list[str] = []
        stop = threading.Event()
        clients = [threading.Thread(target=_client, args=(base, seed, stop, latencies, errors)) for seed in range(args.clients)]
        for client in clients:
            client.start()
        started = time.monotonic()
        update = subprocess.run(
            [sys.executable, "-m", "indexer", "update", "--corpus", str(args.corpus), "--index", str(args.index),
             "--jobs", str(args.jobs), "--json"],
            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}, check=False,
        )
        update_seconds = time.monotonic() - started
        time.sleep(max(0.0, args.seconds - update_seconds))
        stop.set()
        for client in clients:
            client.join()
        summary = json.loads(update.stdout.splitlines()[-1]) if update.returncode == 0 else {}
        after = httpx.get(f"{base}/health", timeout=30).json()["documents"]
        found = _new_page_found(base, args.new)
    finally:
        server.terminate()
        server.wait()
        log.close()

    ordered = sorted(latencies)
    print(f"update: exit {update.returncode} in {update_seconds:.1f} s; "
          + ", ".join(f"{name} {summary.get(name)}" for name in ("added", "updated", "moved", "deleted", "unchanged")))
    if update.returncode:
        print(update.stderr[-2000:])
    print(f"clients: {args.clients} for {time.monotonic() - started:.0f} s; requests {len(ordered)}, errors {len(errors)}")
    if ordered:
        p50 = statistics.median(ordered) * 1000
        p95 = ordered[int(0.95 * (len(ordered) - 1))] * 1000
        print(f"latency ms: p50 {p50:.1f}, p95 {p95:.1f}, max {ordered[-1] * 1000:.1f}")
    for error in errors[:10]:
        print(f"  error: {error}")
    print(f"documents after: {after} (expected {before + int(summary.get('added', 0))}); new page found by title: {found}")
    ok = not errors and update.returncode == 0 and after == before + int(summary.get("added", -1)) and found
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


def _client(base: str, seed: int, stop: threading.Event, latencies: list[float], errors: list[str]) -> None:
    chooser = random.Random(seed)
    with httpx.Client(base_url=base, timeout=30) as http:
        while not stop.is_set():
            params = {"q": chooser.choice(QUERIES), "per_page": chooser.choice((10, 20, 50))}
            started = time.perf_counter()
            try:
                response = http.get("/search", params=params)
            except httpx.HTTPError as exc:
                errors.append(f"{params}: {type(exc).__name__}: {exc}")
                continue
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200:
                errors.append(f"{params}: {response.status_code} {response.text[:200]}")


def _new_page_found(base: str, new: Path) -> bool:
    gold = new.parent / "gold.jsonl"
    if not gold.exists():
        return True
    for line in gold.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("kind") == "project" and record.get("title") and record.get("language") == "hu":
            hits = httpx.get(f"{base}/search", params={"q": f'title:"{record["title"]}"', "per_page": 100}, timeout=30)
            return any(hit["path"].endswith(record["file"]) for hit in hits.json()["hits"])
    return True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(base: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the API at {base} did not answer /health")


if __name__ == "__main__":
    raise SystemExit(main())
