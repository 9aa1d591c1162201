"""Queries that used to find nothing or mislead (issue 19): partial matches, loosely typed codes,
derived words, did-you-mean that finds clearly more, phrases on English pages.

Each case is built so that the old behaviour gives a different answer: the words of a partial-match
query never stand on one page, the codes are typed the ways the index did not spell them, the
suggestions that must not come would find the same pages.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pages import page, write_index

from search_api.http.app import create_app
from search_api.settings import ApiSettings

DOCUMENTS = [
    # partial matches and words read as facets: no page holds both words of a query
    page("creche_pest", "Bölcsőde bővítése Gödön, két új csoportszobával.", county="Pest"),
    page("creche_zala", "Bölcsőde épül Zalaegerszegen.", county="Zala"),
    page("tourism", "Turisztikai fejlesztés Tihanyban: új látogatóközpont."),
    page("lake", "A Balaton partján új sétány épült Keszthelyen."),
    # codes: two projects of one call, a TOP_PLUSZ project, a project of another call
    page("efop", "Közösségi programok Baján.", project_id="EFOP-1.6.3-17-2017-00004"),
    page("top_cs", "Csapadékvíz-elvezetés Csongrádon.", project_id="TOP-2.1.2-19-CS1-2020-00030"),
    page("top_bk", "Zöld város program Kecskeméten.", project_id="TOP-2.1.2-16-BK1-2017-00007"),
    page("plusz", "Piaccsarnok felújítása Kaposváron.", project_id="TOP_PLUSZ-1.2.1-21-SO1-2022-00012"),
    page("other_call", "Óvoda energetikai korszerűsítése Kőszegen.", project_id="TOP-3.2.1-16-VS1-2017-00012"),
    # derived words: the base word on one page, a derivation of it on another
    page("cycle_derived", "Kerékpáros turisztikai útvonal épült Tokaj mellett.", title="Kerékpáros turisztikai útvonal"),
    page("cycle_direct", "Új kerékpár tárolók Sárospatakon.", title="Kerékpár tárolók"),
    # did-you-mean: a rarer form of a common word, a settlement in two forms
    page("kindergarten_1", "Az óvoda felújítása Szegeden befejeződött."),
    page("kindergarten_2", "Az óvoda felújítása Pécsen elkezdődött."),
    page("kindergartens", "Óvodák felújítása a járásban."),
    page("protects", "Az új gát óvja a falut az árvíztől."),  # óv, the verb an unaccented óvodák once reached
    page("szentendre_1", "Szentendrén új park épül."),
    page("szentendre_2", "Szentendrén felújították a főteret."),
    page("szentendre_3", "Szentendre belvárosa megújul."),
    page("paty_1", "Páty község új utakat épít."),
    page("paty_2", "Páty határában kerékpárút épül."),
    # English pages
    page("cycling", "The cycling route links the villages of the valley.", title="Cycling route", language="en",
          languages=("en",)),
    page("partnership", "The partnership of towns supports cooperation between schools and innovation in teaching.",
          title="Town partnership", language="en", languages=("en",)),
    page("innovation", "Innovation centre for small firms, innovation vouchers.", title="Innovation centre",
          language="en", languages=("en",)),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root: Path = tmp_path_factory.mktemp("recovery")
    write_index(root, DOCUMENTS)
    with TestClient(create_app(ApiSettings(index=root))) as test_client:
        yield test_client


def _search(client: TestClient, q: str) -> dict[str, Any]:
    response = client.get("/search", params={"q": q, "per_page": 100})
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _ranked(client: TestClient, q: str) -> list[str]:
    return [hit["id"] for hit in _search(client, q)["hits"]]


# ---------------------------------------------------------------- codes typed loosely (item 5)
@pytest.mark.parametrize(
    ("query", "project"),
    [
        ("EFOP 1.6.3-17-2017-00004", "efop"),  # a space after the programme
        ("efop-1.6.3-17-2017-0004", "efop"),  # a zero missing
        ("TOP2.1.2-19-CS1-2020-00030", "top_cs"),  # the hyphen after the programme missing
        ("TOP-PLUSZ-1.2.1-21-SO1-2022-00012", "plusz"),  # the index writes TOP_PLUSZ
        ("TOP PLUSZ-1.2.1-21-SO1-2022-00012", "plusz"),
    ],
)
def test_a_code_typed_loosely_finds_its_project_first(client: TestClient, query: str, project: str) -> None:
    assert _ranked(client, query)[:1] == [project]


def test_a_call_code_lists_its_projects(client: TestClient) -> None:
    assert set(_ranked(client, "TOP-2.1.2")) == {"top_cs", "top_bk"}
    assert set(_ranked(client, "TOP 2.1.2")) == {"top_cs", "top_bk"}
    assert set(_ranked(client, "top-2.1.2-19")) == {"top_cs"}


def test_the_id_field_reads_codes_loosely_too(client: TestClient) -> None:
    assert _ranked(client, "id:efop-1.6.3-17-2017-0004") == ["efop"]
    assert _ranked(client, "id:TOP-PLUSZ-1.2.1-21-SO1-2022-00012") == ["plusz"]


def test_a_code_near_a_project_id_gets_that_id_as_suggestion(client: TestClient) -> None:
    answer = _search(client, "EFOP-1.6.3-17-2017-00005")
    assert answer["total"] == 0
    assert answer["suggestion"] == "EFOP-1.6.3-17-2017-00004"
    assert _search(client, "EFOP-1.6.3-17-2017-00004")["suggestion"] is None


# ---------------------------------------------------------------- phrases on English pages (item 8)
def test_a_one_word_phrase_searches_the_english_fields_too(client: TestClient) -> None:
    assert set(_ranked(client, '"cooperation"')) == {"partnership"}
    assert "partnership" not in _ranked(client, 'towns -"cooperation"')
    assert "partnership" in _ranked(client, "towns")


@pytest.mark.parametrize("query", ['"partnership of towns"', "partnership of towns", '"Partnership of Towns"'])
def test_english_stop_words_are_left_out_as_the_english_fields_left_them_out(client: TestClient, query: str) -> None:
    assert _ranked(client, query) == ["partnership"]


def test_an_excluded_english_stop_word_excludes_no_englishpage(client: TestClient) -> None:
    assert _ranked(client, "towns -the") == ["partnership"]
    assert _ranked(client, "towns -of -schools") == []


def test_an_english_phrase_still_needs_its_words_in_order(client: TestClient) -> None:
    assert _ranked(client, '"schools between cooperation"') == []
    assert _ranked(client, '"cooperation between schools"') == ["partnership"]


# ---------------------------------------------------------------- partial matches, words as facets (item 4)
def test_a_word_naming_a_county_also_reads_as_that_facet(client: TestClient) -> None:
    answer = _search(client, "bölcsőde Pest")
    assert [hit["id"] for hit in answer["hits"]] == ["creche_pest"]
    assert answer["not_required"] == []
    assert _ranked(client, "bölcsőde pest") == ["creche_pest"]


def test_no_page_with_every_word_gives_the_best_partial_matches_and_says_which_words_were_not_required(
    client: TestClient,
) -> None:
    answer = _search(client, "turisztikai Balaton")
    assert {hit["id"] for hit in answer["hits"]} == {"tourism", "cycle_derived", "lake"}
    assert answer["total"] == 3
    assert answer["not_required"] == ["turisztikai", "Balaton"]


def test_partial_matches_are_the_pages_holding_the_most_words(client: TestClient) -> None:
    answer = _search(client, "turisztikai fejlesztés Balaton")
    assert [hit["id"] for hit in answer["hits"]] == ["tourism"]
    assert answer["not_required"] == ["Balaton"]
    assert "<mark>" in answer["hits"][0]["snippet"]


def test_an_and_that_finds_pages_requires_every_word(client: TestClient) -> None:
    answer = _search(client, "turisztikai fejlesztés")
    assert [hit["id"] for hit in answer["hits"]] == ["tourism"] and answer["not_required"] == []


def test_exclusions_and_fields_stay_required_in_partial_matches(client: TestClient) -> None:
    assert _search(client, "turisztikai Balaton -Keszthelyen")["not_required"] == ["Balaton"]
    assert set(_ranked(client, "turisztikai Balaton -Keszthelyen")) == {"tourism", "cycle_derived"}
    assert _ranked(client, "turisztikai Balaton county:Zala") == []


# ---------------------------------------------------------------- derived words (item 6)
def test_a_word_finds_its_productive_derivations_below_itself(client: TestClient) -> None:
    # paty_2's kerékpárút (a compound ending otherwise) may follow them.
    assert _ranked(client, "kerékpár")[:2] == ["cycle_direct", "cycle_derived"]
    assert _ranked(client, "kerekpar")[:2] == ["cycle_direct", "cycle_derived"]
    assert _ranked(client, "kerékpáros") == ["cycle_derived"]  # the derived word does not reach its base


# ---------------------------------------------------------------- did-you-mean (item 7)
@pytest.mark.parametrize("query", ["óvodák felújítása", "Szentendre", "ovodak felujitasa", "bolcsodek"])
def test_no_suggestion_of_another_form_of_the_same_word(client: TestClient, query: str) -> None:
    answer = _search(client, query)
    assert answer["total"] > 0 and answer["suggestion"] is None


def test_an_english_query_gets_no_hungarian_word_as_suggestion(client: TestClient) -> None:
    suggestion = _search(client, "cycling path")["suggestion"]
    assert suggestion is None or "páty" not in suggestion.lower()


def test_a_correct_word_no_page_holds_is_not_turned_into_another_word(client: TestClient) -> None:
    assert _search(client, "renovation")["suggestion"] is None


def test_a_typo_still_gets_its_correction(client: TestClient) -> None:
    assert _search(client, "Balatn")["suggestion"] == "Balaton"
    assert _search(client, "innovatoin")["suggestion"] == "innovation"


def test_an_unaccented_word_keeps_to_its_noun_reading(client: TestClient) -> None:
    answer = _search(client, "ovodak")
    ranked = [hit["id"] for hit in answer["hits"]]
    assert "kindergartens" in ranked and "protects" not in ranked
    assert answer["suggestion"] is None  # óvoda is óvodák's lemma, already searched
    assert "protects" in _ranked(client, "óvja")


def test_an_english_querys_typos_are_read_as_english_words(client: TestClient) -> None:
    # pathy is one edit from the village Páty, a Hungarian word: no reading of an English query.
    answer = _search(client, "cycling pathy")
    assert [hit["id"] for hit in answer["hits"]] == ["cycling"] and answer["not_required"] == ["pathy"]
    assert "paty_1" in _ranked(client, "pathy község")  # a Hungarian query still reaches Páty
