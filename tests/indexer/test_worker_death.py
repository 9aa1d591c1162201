"""A worker process killed mid-run (by the kernel's OOM killer, or a user) stops the run with a clear
error, never leaves it waiting for ever for the lost task."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from indexer.errors import WorkerDiedError
from indexer.workers import pool_map

ROOT = Path(__file__).parent.parent.parent
PAGE = "<html><body><p>Az önkormányzat {n}. projektje a települési óvoda felújítása volt, uniós támogatással.</p></body></html>"


def _die_at_seven(number: int) -> int:
    if number == 7:
        os.kill(os.getpid(), signal.SIGKILL)
    return number * 2


def test_a_killed_worker_stops_the_map_with_an_error() -> None:
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(list(pool_map(_die_at_seven, range(40), jobs=2)))
        except WorkerDiedError as exc:
            outcome.append(exc)

    runner = threading.Thread(target=run, daemon=True)  # before the fix the map waited for ever
    runner.start()
    runner.join(timeout=60)
    assert len(outcome) == 1 and isinstance(outcome[0], WorkerDiedError)
    assert "a worker process died" in str(outcome[0])


def test_workers_that_live_give_every_result_in_order() -> None:
    assert list(pool_map(abs, range(-300, 0), jobs=2)) == list(range(300, 0, -1))


KILLING_BUILD = """
import os, signal, sys
from indexer import cli, failures
strip = failures.strip_page
def strip_or_die(raw):
    if raw.path == "die.html":
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
    return strip(raw)
failures.strip_page = strip_or_die
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("command", ["build", "update"])
def test_a_build_whose_worker_is_killed_fails_with_one_error_line(tmp_path: Path, command: str) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for number in range(12):
        (corpus / f"page{number:02}.html").write_text(PAGE.format(n=number), encoding="utf-8")
    (corpus / "die.html").write_text(PAGE.format(n=99), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", KILLING_BUILD, command, "--corpus", str(corpus), "--index", str(index), "--jobs", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.startswith("error: a worker process died while") and done.stderr.count("\n") == 1, done.stderr
    assert not list(index.glob("gen-*")) and not (index / "current").exists()  # nothing half-built stays
