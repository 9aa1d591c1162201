"""Ranking and near-duplicate collapse over tiny hand-written indexes, where the order is known."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.index.folder import create_generation, publish_generation
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


def test_accented_query_ranks_a_page_typed_without_accents_above_inflected_forms(tiny_index: Build) -> None:
    service = tiny_index([
        {"id": "inflected", "text": f"Az önkormányzatoknak szól. {FILLER}"},
        {"id": "unaccented", "text": f"Az onkormanyzat dontott. {FILLER}"},
        {"id": "exact", "text": f"Az önkormányzat döntött. {FILLER}"},
    ])
    assert _ids(service, "önkormányzat") == ["exact", "unaccented", "inflected"]


@pytest.mark.parametrize(("query", "compound"), [("egyenlőség", "esélyegyenlőségi"), ("fejlesztés", "településfejlesztési")])
def test_compound_member_matches_below_the_word_itself(tiny_index: Build, query: str, compound: str) -> None:
    service = tiny_index([
        {"id": "compound", "text": f"A {compound} programot ismertették. {FILLER}"},
        {"id": "inflected", "text": f"A {query}et ismertették. {FILLER}"},
        {"id": "other", "text": f"Az óvoda épülete megújul. {FILLER}"},
    ])
    assert _ids(service, query) == ["inflected", "compound"]
    compound_hit = next(hit for hit in service.search(SearchRequest(q=query)).hits if hit.id == "compound")
    assert f"<mark>{compound}</mark>" in compound_hit.snippet
    # With another word, a match inside a compound does not count: only direct matches answer.
    assert _ids(service, f"{query} ismertették") == ["inflected"]


def test_noun_ranks_above_the_i_adjective_made_from_it(tiny_index: Build) -> None:
    # Both share the key `megye`; the adjective's posting weighs less, so the noun's page leads.
    # (A page with the very word keeps `megye` from being read as a typo of `megyei`.)
    service = tiny_index([
        {"id": "adjective", "text": f"A megyei kórház épül. {FILLER}"},
        {"id": "noun", "text": f"A megyében kórház épül. {FILLER}"},
        {"id": "exact", "text": f"A megye kórháza épül. {FILLER}"},
    ])
    assert _ids(service, "megye") == ["exact", "noun", "adjective"]
    assert _ids(service, "megyei")[0] == "adjective"  # the very word typed still leads


def test_first_page_holds_the_best_matches_of_many(tiny_index: Build) -> None:
    # More matches than a page holds, the better ones indexed late: a collector that stops once its
    # first page is full (Whoosh's preloaded OR on small indexes) would keep the early ones.
    towns = ("Bugac", "Kalocsa", "Kőszeg", "Tolna", "Monor")
    service = tiny_index([
        {"id": f"doc{number:02d}", "title": f"{towns[number % 5]} óvodáinak felújítása",
         "text": f"{towns[number % 5]} önkormányzata befejezte az óvoda felújítását. A {number}. óvoda épülete megújult."
                 + (" Az óvodák felújítása a gyermekeket szolgálja." if number % 3 else "")}
        for number in range(24)
    ])
    first = _ids(service, "óvodák felújítása", per_page=10)
    assert first == _ids(service, "óvodák felújítása", per_page=24)[:10]


@pytest.mark.parametrize("query", ["labdarúgó-világbajnokságról", "labdarúgó-világbajnokság", "labdarugo-vilagbajnoksagrol", "EU-ban"])
def test_hyphenated_words_are_found_like_words(tiny_index: Build, query: str) -> None:
    service = tiny_index([
        {"id": "cup", "text": f"Beszámoló a labdarúgó-világbajnokságról. {FILLER}"},
        {"id": "eu", "text": f"Az EU-ban élők számára. {FILLER}"},
        {"id": "other", "text": f"Az óvoda épülete megújul. {FILLER}"},
    ])
    assert _ids(service, query) == (["eu"] if query == "EU-ban" else ["cup"])


def test_an_inflected_form_no_page_holds_is_not_read_as_a_typo(tiny_index: Build) -> None:
    # `tetszenek` is on no page, but its key `tetszik` is: the pages of `tesznek` (2 edits) stay out.
    service = tiny_index([
        {"id": "likes", "text": f"A terv mindenkinek tetszett. {FILLER}"},
        {"id": "puts", "text": f"Sokat tesznek a környezetért. {FILLER}"},
    ])
    assert _ids(service, "tetszenek") == ["likes"]


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
    # A corrected word still has to match (AND): no page holds both, so both are partial matches.
    assert service.search(SearchRequest(q="kerékpárrút kalocsán")).not_required == ["kerékpárrút", "kalocsán"]
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


def test_collapse_off_counts_and_shows_every_page(tiny_index: Build) -> None:
    service = tiny_index(DUPLICATES)
    result = service.search(SearchRequest(q="óvoda", collapse=False))
    assert result.total == 4
    assert sorted(hit.id for hit in result.hits) == ["a1", "a2", "b", "c"]
    assert {count.value: count.count for count in result.facets["kind"]} == {"project": 4}
