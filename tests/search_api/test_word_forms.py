"""A starting service takes the word forms the build kept beside the index, and answers as if it had stemmed them itself."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from core.analysis import chain as analysis
from core.analysis.formcache import FORMS_FILE
from indexer.build import BuildReport
from search_api.search import SearchRequest, SearchService


def _answer(index: Path, request: SearchRequest) -> dict[str, object]:
    service = SearchService(index)
    service.warm()
    try:
        return dataclasses.asdict(service.search(request))
    finally:
        service.close()


def test_warm_service_takes_the_kept_word_forms(built_index: tuple[Path, BuildReport]) -> None:
    index, _ = built_index
    assert (index / FORMS_FILE).exists()
    analysis.forget_word_forms()
    service = SearchService(index)
    service.warm()
    service.close()
    assert "önkormányzat" in analysis.known_word_forms()


def test_kept_forms_give_the_answers_stemming_gives(built_index: tuple[Path, BuildReport], tmp_path: Path) -> None:
    index, _ = built_index
    without_forms = tmp_path / "index"
    without_forms.mkdir()
    for entry in index.iterdir():  # the same generation, no kept forms beside it
        if entry.name != FORMS_FILE:
            (without_forms / entry.name).symlink_to(entry.resolve() if entry.is_dir() else entry)
    request = SearchRequest(q="önkormányzati fejlesztések")
    analysis.forget_word_forms()
    stemmed = _answer(without_forms, request)
    analysis.forget_word_forms()
    kept = _answer(index, request)
    assert stemmed == kept
    assert stemmed["hits"] and "<mark>" in stemmed["hits"][0]["snippet"]  # type: ignore[index]
