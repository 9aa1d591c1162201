"""Search service settings: defaults in code, overridden by flags or environment at start-up."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from indexer.settings import PROJECT_ROOT


@dataclass(frozen=True, slots=True)
class ApiSettings:
    index: Path = PROJECT_ROOT / "index"
    host: str = "127.0.0.1"
    port: int = 8000

    @classmethod
    def from_environment(cls) -> ApiSettings:
        defaults = cls()
        port = os.environ.get("PROJEKTKERESO_PORT", str(defaults.port))
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise SystemExit(f"PROJEKTKERESO_PORT must be a port number, not {port!r}")
        return cls(
            index=Path(os.environ.get("PROJEKTKERESO_INDEX", defaults.index)),
            host=os.environ.get("PROJEKTKERESO_HOST", defaults.host),
            port=int(port),
        )
