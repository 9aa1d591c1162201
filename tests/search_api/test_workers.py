"""`python -m search_api --workers 2`: two server processes behind one port, each answering searches."""
from __future__ import annotations

import re
from pathlib import Path

import httpx
from servers import running_server

from indexer.build import BuildReport


def test_two_workers_start_and_answer(built_index: tuple[Path, BuildReport], tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with running_server(built_index[0], workers=2, log=log) as base:
        answers = []
        for _ in range(6):  # a new connection each time, so either worker may take it
            with httpx.Client(base_url=base, timeout=10) as http:
                answers.append(http.get("/search", params={"q": "önkormányzat", "per_page": 3}).json())
    assert len({(answer["total"], tuple(hit["id"] for hit in answer["hits"])) for answer in answers}) == 1
    assert answers[0]["total"] > 0
    workers = set(re.findall(r"Started server process \[(\d+)\]", log.read_text(encoding="utf-8")))
    assert len(workers) == 2
