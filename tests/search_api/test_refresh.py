"""Searching while the index is written: every request answers, and each commit becomes visible.

Many threads search one SearchService while another process-like writer adds and deletes
documents in several commits. Whoosh's searcher.refresh() closes the parts of the old reader it
does not reuse; a request still reading them failed with IndexError (seen as 500s under load).
"""
from __future__ import annotations

import threading
from pathlib import Path

from core.index.folder import create_generation, open_index, publish_generation
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


WORDS = ("óvoda", "iskola", "kerékpárút", "felújítás", "bővítés", "energetikai", "korszerűsítés", "napelem",
         "közösségi", "ház", "egészségügyi", "rendelő", "szennyvíz", "csatorna", "járda", "piac")


def test_concurrent_searches_get_the_same_answers_as_one_at_a_time(tmp_path: Path) -> None:
    """Whoosh's files keep one read position per searcher: threads must not read it at once."""
    folder, index = create_generation(tmp_path)
    writer = index.writer()
    for number in range(600):
        words = " ".join(WORDS[(number * k) % len(WORDS)] for k in (1, 3, 5, 7))
        text = f"{words} a {number}. településen. {FILLER} " * 3
        writer.add_document(id=f"doc{number}", path=f"doc{number}.html", title=words, language="hu",
                            kind="project", text=text, body=text)
    writer.commit()
    publish_generation(tmp_path, folder)
    service = SearchService(tmp_path)
    queries = [f"{a} {b}" for a in WORDS[:8] for b in WORDS[8:]] + list(WORDS)

    def answer(q: str) -> tuple[int, list[str]]:
        result = service.search(SearchRequest(q=q, per_page=20))
        return result.total, [hit.id for hit in result.hits]

    expected = {q: answer(q) for q in queries}
    wrong: list[object] = []

    def run(offset: int) -> None:
        for q in queries[offset:] + queries[:offset]:
            try:
                got = answer(q)
            except Exception as exc:  # noqa: BLE001 - a failure is what the test looks for
                wrong.append(exc)
                return
            if got != expected[q]:
                wrong.append((q, got, expected[q]))

    threads = [threading.Thread(target=run, args=(offset * 9,)) for offset in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    service.close()
    assert not wrong, wrong[:3]
