"""Searching while the index is written: every request answers, and each commit becomes visible.

Many threads search one SearchService while another process-like writer adds and deletes
documents in several commits. Whoosh's searcher.refresh() closes the parts of the old reader it
does not reuse; a request still reading them failed with IndexError (seen as 500s under load).
"""
from __future__ import annotations

import threading
from pathlib import Path

from indexer.write import create_generation, open_index, publish_generation
from search_api.search import SearchRequest, SearchService

FILLER = "A projekt keretében a település lakói számára új szolgáltatás indul, felújított épületben."
COMMITS = 8
PER_COMMIT = 25


def _fields(number: int) -> dict[str, str]:
    text = f"Óvoda felújítása a {number}. településen. {FILLER}"
    return {"id": f"doc{number}", "path": f"doc{number}.html", "title": f"Óvoda {number}", "language": "hu",
            "kind": "project", "text": text, "body": text}


def test_searches_during_commits_never_fail_and_see_each_commit(tmp_path: Path) -> None:
    folder, index = create_generation(tmp_path)
    writer = index.writer()
    for number in range(PER_COMMIT):
        writer.add_document(**_fields(number))
    writer.commit()
    publish_generation(tmp_path, folder)
    service = SearchService(tmp_path)
    errors: list[BaseException] = []
    totals: list[int] = []
    done = threading.Event()

    def search() -> None:
        while not done.is_set():
            try:
                result = service.search(SearchRequest(q="óvoda felújítás", per_page=20))
                totals.append(result.total)
            except BaseException as exc:  # noqa: BLE001 - any failure is what the test looks for
                errors.append(exc)
                return

    threads = [threading.Thread(target=search) for _ in range(6)]
    for thread in threads:
        thread.start()
    try:
        live = open_index(tmp_path)
        for commit in range(1, COMMITS + 1):
            writer = live.writer()
            for number in range(commit * PER_COMMIT, (commit + 1) * PER_COMMIT):
                writer.add_document(**_fields(number))
            writer.delete_by_term("id", f"doc{commit}")  # deletions change every segment's reader
            writer.commit(merge=commit % 3 == 0)  # and some commits merge segments away
            service.search(SearchRequest(q="óvoda"))  # a request after the commit refreshes the reader
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=30)
    assert not errors, repr(errors[0])
    expected = (COMMITS + 1) * PER_COMMIT - COMMITS
    assert service.search(SearchRequest(q="óvoda felújítás")).total == expected
    assert totals and max(totals) == expected and min(totals) >= PER_COMMIT
    service.close()
