"""Search service settings: defaults in code, overridden by flags or environment at start-up."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from core.locations import DEFAULT_CORPUS, DEFAULT_INDEX

MIN_ADMIN_TOKEN_CHARS = 16  # `secrets.token_urlsafe(16)` gives 22
MAX_DEFAULT_WORKERS = 4  # each worker holds its own caches (RSS ~370 MB at 20,000 pages); more is a choice, not a default


def default_workers() -> int:
    """One server process per core, at most MAX_DEFAULT_WORKERS: a search is CPU-bound Python under the GIL."""
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


@dataclass(frozen=True, slots=True)
class ApiSettings:
    index: Path = DEFAULT_INDEX
    host: str = "127.0.0.1"
    port: int = 8000
    corpus: Path = DEFAULT_CORPUS  # what `POST /admin/reindex` indexes
    admin_token: str | None = None  # Bearer token of the /admin endpoints; None turns them off
    query_budget_s: float = 2.0  # a search still running after this long answers 503
    workers: int = field(default_factory=default_workers)  # server processes

    @classmethod
    def from_environment(cls) -> ApiSettings:
        defaults = cls()
        port = os.environ.get("PROJEKTKERESO_PORT", str(defaults.port))
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise SystemExit(f"PROJEKTKERESO_PORT must be a port number, not {port!r}")
        budget = os.environ.get("PROJEKTKERESO_QUERY_BUDGET", str(defaults.query_budget_s))
        try:
            query_budget_s = float(budget)
        except ValueError:
            query_budget_s = 0.0
        if not query_budget_s > 0:
            raise SystemExit(f"PROJEKTKERESO_QUERY_BUDGET must be a positive number of seconds, not {budget!r}")
        workers = os.environ.get("PROJEKTKERESO_WORKERS", str(defaults.workers))
        if not workers.isdigit() or int(workers) < 1:
            raise SystemExit(f"PROJEKTKERESO_WORKERS must be a whole number of processes, at least 1, not {workers!r}")
        admin_token = os.environ.get("PROJEKTKERESO_ADMIN_TOKEN") or None
        if admin_token is not None and len(admin_token) < MIN_ADMIN_TOKEN_CHARS:
            raise SystemExit(
                f"PROJEKTKERESO_ADMIN_TOKEN must be at least {MIN_ADMIN_TOKEN_CHARS} characters "
                f"(it has {len(admin_token)}): a short token can be guessed"
            )
        return cls(
            index=Path(os.environ.get("PROJEKTKERESO_INDEX", defaults.index)),
            host=os.environ.get("PROJEKTKERESO_HOST", defaults.host),
            port=int(port),
            corpus=Path(os.environ.get("PROJEKTKERESO_CORPUS", defaults.corpus)),
            admin_token=admin_token,
            query_budget_s=query_budget_s,
            workers=int(workers),
        )

    def environment(self) -> dict[str, str]:
        """These settings as the variables `from_environment` reads: how they reach worker processes."""
        variables = {
            "PROJEKTKERESO_INDEX": str(self.index),
            "PROJEKTKERESO_HOST": self.host,
            "PROJEKTKERESO_PORT": str(self.port),
            "PROJEKTKERESO_CORPUS": str(self.corpus),
            "PROJEKTKERESO_QUERY_BUDGET": repr(self.query_budget_s),
            "PROJEKTKERESO_WORKERS": str(self.workers),
        }
        if self.admin_token is not None:
            variables["PROJEKTKERESO_ADMIN_TOKEN"] = self.admin_token
        return variables
