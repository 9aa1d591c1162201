"""Ranking and near-duplicate collapse over tiny hand-written indexes, where the order is known."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from indexer.write import create_generation, publish_generation
from search_api.search import SearchRequest, SearchService

FILLER = "A projekt keretében a település lakói számára új szolgáltatás indul."
Build = Callable[[list[dict[str, str]]], SearchService]


@pytest.fixture
def tiny_index(tmp_path: Path) -> Iterator[Build]:
    """Index the given documents (id, text, optional title/url/duplicate_group) and open a service."""
    services: list[SearchService] = []

    def build(documents: list[dict[str, str]]) -> SearchService:
        folder, index = create_generation(tmp_path)
        writer = index.writer()
        for document in documents:
            text = document["text"]
            fields = {"path": f"{document['id']}.html", "title": document.get("title", document["id"]), "language": "hu",
                      "kind": "project", "text": text, "body": text, **document}
            writer.add_document(**fields)
        writer.commit()
        publish_generation(tmp_path, folder)
        services.append(SearchService(tmp_path))
        return services[-1]

    yield build
    for service in services:
        service.close()


def _ids(service: SearchService, q: str, **options: object) -> list[str]:
    return [hit.id for hit in service.search(SearchRequest(q=q, **options)).hits]  # type: ignore[arg-type]


def test_exact_form_ranks_above_unaccented_above_inflected(tiny_index: Build) -> None:
    # Added worst first, so ties (a naive OR of forms) would list them in the wrong order.
    service = tiny_index([
        {"id": "inflected", "text": f"Az önkormányzatoknak szól. {FILLER}"},
        {"id": "accented", "text": f"Az önkormányzat döntött. {FILLER}"},
        {"id": "typed", "text": f"Az onkormanyzat dontott. {FILLER}"},
    ])
    assert _ids(service, "onkormanyzat") == ["typed", "accented", "inflected"]
    assert _ids(service, "önkormányzat")[0] == "accented"


def test_title_outweighs_body(tiny_index: Build) -> None:
    service = tiny_index([
        {"id": "body", "title": "Fejlesztés", "text": f"Kerékpárút épül. {FILLER}"},
        {"id": "title", "title": "Kerékpárút", "text": f"Fejlesztés épül. {FILLER}"},
    ])
    assert _ids(service, "kerékpárút") == ["title", "body"]


def test_typos_are_forgiven_within_the_budget(tiny_index: Build) -> None:
    service = tiny_index([
        {"id": "bike", "text": f"Kerékpárút épül Bugacon. {FILLER}"},
        {"id": "road", "text": f"Útfelújítás Kalocsán. {FILLER}"},
    ])
    assert _ids(service, "kerékpárrút") == ["bike"]  # 10 letters, 1 edit
    assert _ids(service, "kerekparrut") == ["bike"]  # accents need no edit
    assert _ids(service, "kerékpárrút kalocsán") == []  # a corrected word still has to match (AND)
    assert _ids(service, "kalocsn") == ["road"]  # 7 letters, 1 edit
    assert _ids(service, "klcsán") == []  # 6 letters, 2 edits: too many


DUPLICATES = [
    {"id": "a1", "url": "https://a.hu/projekt", "duplicate_group": "g1", "text": f"Óvoda bővítése Bugacon. {FILLER}"},
    {"id": "b", "text": f"Óvoda felújítása Kalocsán. {FILLER}"},
    {"id": "a2", "url": "https://b.hu/projekt", "duplicate_group": "g1", "text": f"Óvoda bővítése Bugacon. {FILLER}"},
    {"id": "c", "duplicate_group": "g2", "text": f"Óvoda Szegeden, egyedül a csoportjában. {FILLER}"},
]


def test_near_duplicates_collapse_into_one_hit(tiny_index: Build) -> None:
    service = tiny_index(DUPLICATES)
    result = service.search(SearchRequest(q="óvoda"))
    assert result.total == 3
    assert sorted(hit.id for hit in result.hits) == ["a1", "b", "c"]
    collapsed = next(hit for hit in result.hits if hit.id == "a1")
    assert [(copy.id, copy.url) for copy in collapsed.also_at] == [("a2", "https://b.hu/projekt")]
    assert all(not hit.also_at for hit in result.hits if hit.id != "a1")
    assert {count.value: count.count for count in result.facets["kind"]} == {"project": 3}


def test_collapse_keeps_pages_full(tiny_index: Build) -> None:
    service = tiny_index(DUPLICATES)
    first = service.search(SearchRequest(q="óvoda", per_page=2, page=1)).hits
    second = service.search(SearchRequest(q="óvoda", per_page=2, page=2)).hits
    assert len(first) == 2 and len(second) == 1
    assert len({hit.id for hit in first + second}) == 3


def test_similar_leaves_out_the_document_and_its_copies(tiny_index: Build) -> None:
    service = tiny_index([
        *DUPLICATES,
        {"id": "d", "text": f"Óvoda bővítése Bugacon és Bugacon, óvoda bővítése. {FILLER}"},
        *({"id": f"filler{number}", "text": f"Útfelújítás {number}. {FILLER}"} for number in range(4)),
    ])
    result = service.similar("a1")
    ids = [hit.id for hit in result.hits]
    assert ids and ids[0] == "d"
    assert "a1" not in ids and "a2" not in ids
    assert "bugacon" in result.key_words
