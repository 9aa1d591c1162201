"""Indexer settings: defaults in code, built once at the edge from flags or environment."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from core.locations import DEFAULT_CORPUS, DEFAULT_INDEX


@dataclass(frozen=True, slots=True)
class IndexerSettings:
    corpus: Path = DEFAULT_CORPUS
    index: Path = DEFAULT_INDEX
    jobs: int = min(2, os.cpu_count() or 1)

    @classmethod
    def from_environment(cls) -> IndexerSettings:
        defaults = cls()
        return cls(
            corpus=Path(os.environ.get("PROJEKTKERESO_CORPUS", defaults.corpus)),
            index=Path(os.environ.get("PROJEKTKERESO_INDEX", defaults.index)),
            jobs=int(os.environ.get("PROJEKTKERESO_JOBS", defaults.jobs)),
        )
