"""Random queries against the real server on loopback: no answer may be a 5xx.

    python bench/query_fuzz.py --index /tmp/perf/b5k/index [--queries 10000] [--seed 1]

Starts `python -m search_api --workers 1` on a free 127.0.0.1 port over INDEX, then sends
`/search` requests over one keep-alive connection: queries built from the index's own words, the
query language's operators (`OR`, `|`, `-`, `NOT`, quotes, parentheses, `field:`, `*`), joiners
alone (`_`, `__`, `-`, `.`), runs of minuses and parentheses up to 600 deep, control characters,
accents, emoji and random Unicode, with random facet parameters. Prints the count of each status,
every 5xx with its query, and exits non-zero if there was one (or a connection was reset).
"""
from __future__ import annotations

import argparse
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
OPERATORS = ["OR", "|", "||", "VAGY", "AND", "&&", "ÉS", "NOT", "NEM", "-", "(", ")", '"', "*"]
FIELDS = ["title:", "funder:", "programme:", "id:", "county:", "year:", "language:", "kind:", "period:", "beneficiary:", "nope:"]
JOINERS = ["_", "__", "-", ".", "/", "_-_", "..", "-_"]
WORDS = ["önkormányzat", "óvoda", "felújítás", "projekt", "EFOP-1.6.3-17-2017-00004", "TOP", "ESZA", "Zala", "2017",
         "2015..2018", "fenntarth", "kerékpárút", "onkormanyzat", "merseklodott", "egyenlőség", "a", "és"]
ODD = ["\x00", "\t", "\u200b", "\ufeff", "🙂", "ő", "ű", "ﬁ", "Ǆ", "\u0301", "\\", "'", "%", "&", "<b>", "${x}", "\U0010ffff"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def random_query(chance: random.Random) -> str:
    shape = chance.random()
    if shape < 0.04:
        depth = chance.choice([15, 16, 17, 100, 250, 600])
        return "(" * depth + chance.choice(WORDS) + ")" * chance.choice([depth, depth - 1, 0])
    if shape < 0.08:
        return "-" * chance.choice([2, 499, 500, 999]) + chance.choice(WORDS + [""])
    if shape < 0.12:
        return " ".join(chance.choice(["NOT", "-", "NEM"]) for _ in range(chance.randint(1, 200))) + " " + chance.choice(WORDS)
    if shape < 0.16:
        return "".join(chr(chance.randint(1, 0x2FFF)) for _ in range(chance.randint(1, 60)))
    pieces = []
    for _ in range(chance.randint(1, 12)):
        kind = chance.random()
        if kind < 0.45:
            pieces.append(chance.choice(WORDS))
        elif kind < 0.65:
            pieces.append(chance.choice(OPERATORS))
        elif kind < 0.75:
            pieces.append(chance.choice(FIELDS) + chance.choice(WORDS + JOINERS + [""]))
        elif kind < 0.85:
            pieces.append(chance.choice(JOINERS))
        else:
            pieces.append(chance.choice(WORDS)[: chance.randint(0, 6)] + chance.choice(ODD))
    glue = chance.choice([" ", " ", "", "  "])
    return glue.join(pieces)[:1000]


def random_params(chance: random.Random) -> dict[str, str | int]:
    params: dict[str, str | int] = {"q": random_query(chance)}
    if chance.random() < 0.2:
        params["page"] = chance.choice([1, 2, 10, 100, 1000])
    if chance.random() < 0.2:
        params["per_page"] = chance.choice([1, 10, 100])
    if chance.random() < 0.1:
        params["sort"] = chance.choice(["relevance", "year", "budget"])
    if chance.random() < 0.1:
        params["collapse"] = chance.choice(["true", "false"])
    if chance.random() < 0.1:
        params["funder"] = chance.choice(["Európai Szociális Alap", "ESZA", "_", ""])
    return params


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "search_api", "--index", str(args.index), "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    started = time.perf_counter()
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print("the server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.3)
            chance = random.Random(args.seed)
            for _ in range(args.queries):
                params = random_params(chance)
                try:
                    response = client.get("/search", params=params)
                except httpx.TransportError as exc:
                    statuses[0] += 1
                    failures.append(f"connection error {exc!r}: {params!r}")
                    continue
                statuses[response.status_code] += 1
                timed_out = response.status_code == 503 and "query_timeout" in response.text
                if response.status_code >= 500 and not timed_out:
                    failures.append(f"{response.status_code} {response.text[:200]}: {params!r}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    seconds = time.perf_counter() - started
    print(f"{args.queries} queries in {seconds:.0f} s; statuses: {dict(sorted(statuses.items()))}")
    timeouts = statuses[503]
    print(f"responses >= 500 other than 503 query_timeout: {len(failures)}; 503 (time budget): {timeouts}")
    for failure in failures[:30]:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
