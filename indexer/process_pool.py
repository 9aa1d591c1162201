"""Forked worker processes whose death is reported, not waited on.

`multiprocessing.Pool` replaces a worker the kernel killed and waits for ever for the task it
held. `concurrent.futures.ProcessPoolExecutor` marks every pending task as failed instead
(`BrokenProcessPool`), which becomes `WorkerDiedError`: the run stops with a message.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from indexer.errors import WorkerDiedError

R = TypeVar("R")


def fork_workers(jobs: int, initializer: Callable[..., None], initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """`jobs` forked processes, each set up by `initializer(*initargs)` (not pickled: forked).

    They are forked now, not at the first task, so that they hold only the memory their parent
    holds at this point."""
    workers = ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context("fork"), initializer=initializer, initargs=initargs
    )
    result_of(workers.submit(int), stage="starting")  # a fork-context executor forks all its workers at the first task
    return workers


def result_of(future: Future[R], *, stage: str) -> R:
    """The task's result; WorkerDiedError if the process running it (or any of the pool's) died."""
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise WorkerDiedError(stage) from exc


def stop_workers(workers: ProcessPoolExecutor, *, kill: bool) -> None:
    """Shut the workers down; with `kill`, end the running tasks too (a failed run: they would
    write on into a discarded generation, holding the writer lock they inherited)."""
    if kill:
        # The executor has no public way to end running tasks before Python 3.14 (terminate_workers).
        for process in list((getattr(workers, "_processes", None) or {}).values()):
            process.terminate()
    workers.shutdown(wait=True, cancel_futures=True)
