"""cProfile output as the benchmarks print it: the heaviest calls by cumulative, then own time."""
from __future__ import annotations

import cProfile
import io
import pstats


def profile_report(profiler: cProfile.Profile, heading: str) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    out.write(f"{heading} (cumulative, then own time):\n")
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(25)
    return out.getvalue()
