"""One writer at a time: `index/writer.lock`, held with `flock` and labelled with pid, host and start time.

The kernel releases a `flock` when its process ends, however it ends (SIGKILL, power cut of the
process, OOM), so a lock left by a crashed writer is simply taken over; there is no pid check to
fool with a recycled pid. The label in the file is only for the message the second writer gets.
"""
from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.index.errors import IndexLockedError

LOCK_FILE = "writer.lock"


@contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """Hold the index folder's writer lock for the block, or raise IndexLockedError at once."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK_FILE
    descriptor = _acquire(path)
    try:
        label = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, json.dumps(label).encode("utf-8"), 0)
        yield
    finally:
        # Unlink before unlocking: a writer waiting on this inode then sees it is gone and retries.
        path.unlink(missing_ok=True)
        os.close(descriptor)


def _acquire(path: Path) -> int:
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            label = read_label(descriptor)
            os.close(descriptor)
            raise IndexLockedError(
                str(path.parent),
                since=str(label.get("started", "an unknown time")),
                holder=f"pid {label.get('pid', '?')} on {label.get('host', '?')}",
            ) from None
        if _same_file(descriptor, path):
            return descriptor
        os.close(descriptor)  # the holder removed this file as we opened it: lock the new one


def read_label(descriptor: int) -> dict[str, object]:
    """The JSON label a lock holder wrote into its lock file ({} while it is still being written)."""
    try:
        label = json.loads(os.pread(descriptor, 4096, 0).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return label if isinstance(label, dict) else {}


def _same_file(descriptor: int, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(descriptor).st_ino
    except FileNotFoundError:
        return False
