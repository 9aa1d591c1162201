"""The real service for tests: uvicorn in a subprocess on a free loopback port, stopped afterwards."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(index: Path, *, workers: int = 1, log: Path | None = None) -> Iterator[str]:
    """`python -m search_api` over `index`; yields its base URL once /health answers.

    The server's output goes to `log` (a temporary file by default; a pipe nobody reads would
    stall the server once its access log filled it)."""
    port = free_port()
    output = log.open("w+b") if log is not None else tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "search_api", "--index", str(index), "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers)],
        cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=output, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output.seek(0)
                pytest.fail(f"server did not start:\n{output.read().decode(errors='replace')}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        output.close()
