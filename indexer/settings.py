"""Indexer settings: defaults in code, built once at the edge from flags or environment."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from core.locations import DEFAULT_CORPUS, DEFAULT_INDEX
from indexer.errors import SettingsError


@dataclass(frozen=True, slots=True)
class IndexerSettings:
    corpus: Path = DEFAULT_CORPUS
    index: Path = DEFAULT_INDEX
    jobs: int = min(2, os.cpu_count() or 1)

    @classmethod
    def from_environment(cls) -> IndexerSettings:
        """The settings the environment gives; SettingsError names a variable whose value is bad."""
        defaults = cls()
        jobs = os.environ.get("PROJEKTKERESO_JOBS", str(defaults.jobs)).strip()
        if not jobs.isdecimal() or not jobs.isascii() or int(jobs) < 1:
            raise SettingsError(f"PROJEKTKERESO_JOBS must be a whole number of processes, at least 1, not {jobs!r}")
        return cls(
            corpus=Path(os.environ.get("PROJEKTKERESO_CORPUS", defaults.corpus)),
            index=Path(os.environ.get("PROJEKTKERESO_INDEX", defaults.index)),
            jobs=int(jobs),
        )
