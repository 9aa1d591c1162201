"""Fewer malloc arenas for a serving process, so memory that concurrent requests freed is reused.

glibc's malloc gives a thread that finds the heap busy an arena of its own, up to eight per core,
and an arena keeps the memory its blocks freed. The API answers requests on a pool of threads,
and a search's larger temporaries (numpy arrays over every page, decoded postings) are malloc's,
not Python's small-object allocator's: at 100,000 pages one worker's private memory grew from
429 to 591 MB over 10 s of 16 concurrent clients, and to 438 MB with two arenas, at the same
throughput within noise. The GIL lets one thread run Python at a time, so more arenas bought no
speed. `MALLOC_ARENA_MAX`, when set, is left to decide.
"""
from __future__ import annotations

import ctypes
import os
import sys

M_ARENA_MAX = -8  # malloc.h
ARENAS = 2


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's arenas for this process (call before the request threads start); whether it did."""
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, arenas) == 1)
