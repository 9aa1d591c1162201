"""Project ids a typed code leads to: the projects of a call code, the id nearest a mistyped code.

Both read the `project_code` field's loose keys (core.analysis.chain.code_key), where a call code's key
is a prefix of its projects' keys (`#top-2-1-2-` of `#top-2-1-2-19-cs-1-2020-30`).
"""
from __future__ import annotations

from whoosh.searching import Searcher

from search_api.query.vocabulary import edit_distance, within_edits

FIELD = "project_code"
MAX_PROJECTS = 64  # a call's projects listed, as many as a prefix* query expands to
CODE_EDITS = 2  # a code typed with up to this many wrong characters gets the project's id as a suggestion
MAX_CANDIDATES = 5_000


def projects_of_call(searcher: Searcher, key: str) -> list[str]:
    """Keys of the project ids that start with the code `key` (a call code or its prefix)."""
    found: list[str] = []
    if FIELD not in searcher.schema:
        return found
    for term in searcher.reader().expand_prefix(FIELD, key + "-"):
        found.append(_text(term))
        if len(found) >= MAX_PROJECTS:
            break
    return found


def nearest_project(searcher: Searcher, key: str) -> str | None:
    """The id of the project whose key is closest to `key` (at most CODE_EDITS away): of the same
    call first, else of the same programme."""
    reader = searcher.reader()
    if FIELD not in reader.schema:
        return None
    pieces = key.split("-")
    for kept in dict.fromkeys((max(1, len(pieces) - 2), 1)):
        candidates: list[str] = []
        for term in reader.expand_prefix(FIELD, "-".join(pieces[:kept]) + "-"):
            candidate = _text(term)
            if within_edits(key, candidate, CODE_EDITS):
                candidates.append(candidate)
            if len(candidates) >= MAX_CANDIDATES:
                break
        if candidates:
            best = min(candidates, key=lambda candidate: (edit_distance(key, candidate), candidate))
            docnum = searcher.document_number(**{FIELD: best})
            project_id = searcher.stored_fields(docnum).get("project_id") if docnum is not None else None
            return str(project_id) if project_id else None
    return None


def _text(term: object) -> str:
    """A term as Whoosh's reader gives it (bytes, or text for some fields) as text."""
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)
