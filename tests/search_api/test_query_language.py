"""The query language end to end, over a tiny index where each operator changes the answer.

Every case is built so that a naive reading gives a different set: the phrase words also stand
in other pages in the wrong order or apart, OR and AND disagree, removing the parentheses or the
minus changes the result, a field value also appears outside the field, a year range catches
projects by their middle and boundary years. `test_query.py` pins the parse trees,
`test_typos.py` and `test_ranking.py` the typo rules and their ranking; this module the results.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pages import page, write_index

from search_api.http.app import create_app
from search_api.search import MAX_RESULTS_WINDOW
from search_api.settings import ApiSettings

ESZA = "Európai Szociális Alap"
ERFA = "Európai Regionális Fejlesztési Alap"
KOHEZIO = "Kohéziós Alap"
PROJECT_ID = "TOP-1.2.3-16-2017-00001"



DOCUMENTS = [
    # phrase: both words everywhere, in this order and adjacent only in `ordered`
    page("ordered", "A zöld város program Bugacon valósult meg."),
    page("reversed", "A város zöld parkja Kalocsán újult meg."),
    page("apart", "Zöld fák nőnek, a város pedig Tatán gyarapodik."),
    # OR, NOT, parentheses, fields, years
    page("bike", "Kerékpárút épül Sárváron.", funder=(ERFA,), county="Vas", years=(2012, 2013)),
    page("school", "Iskola felújítás Zircen.", funder=(ESZA,), county="Veszprém", years=(2014, 2015)),
    page("kindergarten", "Óvoda felújítás Egerben.", funder=(ESZA, ERFA), county="Heves", years=(2016, 2017, 2018)),
    page("kindergarten_only", "Óvoda bővítés Gyulán.", funder=(KOHEZIO,), county="Zala", years=(2019, 2020)),
    page("road", "Út felújítás Pápán.", funder=(KOHEZIO,), county="Zala", years=(2021,)),
    # title: the word in the title of one page and only in the body of another
    page("title_hit", "A bővített épületben Mórahalmon két új csoportszoba nyílt.", title="Bölcsőde bővítése"),
    page("body_hit", "Mórahalmon a bölcsőde bővítése a nyáron befejeződött.", title="Mórahalmi hírek"),
    # id: the project, and a news page that mentions its code
    page("project", "Belterületi utak építése Ajkán.", project_id=PROJECT_ID, title="Ajkai utak"),
    page("mentions", f"Hír a {PROJECT_ID} azonosítójú projektről, Ajka."),
    # prefixes
    page("sustainability", "A fenntarthatóság a cél Balatonfüreden."),
    page("sustainable", "Fenntartható közlekedés Siófokon."),
    page("upkeep", "Az épület fenntartása Keszthelyen."),
    # typos: a real word with a close neighbour, and a 4-letter word
    page("mine", "Bánya rekultiváció Ajkán."),
    page("bastion", "Bástya restaurálás Kőszegen."),
    page("sewer", "Csatornázás Mórahalmon."),
    page("park", "Park épül Hatvanban."),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("query-language")
    write_index(root, DOCUMENTS)
    with TestClient(create_app(ApiSettings(index=root))) as test_client:
        yield test_client


def _ids(client: TestClient, q: str) -> set[str]:
    response = client.get("/search", params={"q": q, "per_page": 100})
    assert response.status_code == 200, response.text
    return {hit["id"] for hit in response.json()["hits"]}


def _ranked(client: TestClient, q: str) -> list[str]:
    response = client.get("/search", params={"q": q, "per_page": 100})
    assert response.status_code == 200, response.text
    return [hit["id"] for hit in response.json()["hits"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zöld város", {"ordered", "reversed", "apart"}),  # the words alone: all three
        ('"zöld város"', {"ordered"}),
        ('"Zöld Város"', {"ordered"}),  # case does not matter
        ('"zold varos"', {"ordered"}),  # typed without accents
        ('"zöld városok"', {"ordered"}),  # an inflected form in a phrase still matches
        ('"város zöld"', {"reversed"}),  # order matters
    ],
)
def test_phrase_needs_the_words_in_order_and_adjacent(client: TestClient, query: str, expected: set[str]) -> None:
    assert _ids(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("felújítás Zircen", {"school"}),  # AND by default (partial matches only when no page holds every word)
        ("kerékpárút OR iskola", {"bike", "school"}),
        ("kerékpárút VAGY iskola", {"bike", "school"}),
        ("kerékpárút | iskola", {"bike", "school"}),
        ("kerékpárút OR iskola OR bástya", {"bike", "school", "bastion"}),
        ("kerékpárút OR iskolák", {"bike", "school"}),  # each side in any inflected form
    ],
)
def test_or_takes_either_side(client: TestClient, query: str, expected: set[str]) -> None:
    assert _ids(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("felújítás", {"school", "kindergarten", "road"}),
        ("felújítás -óvoda", {"school", "road"}),
        ("felújítás NOT óvoda", {"school", "road"}),
        ("felújítás NEM óvoda", {"school", "road"}),
        ("felújítás -óvodák", {"school", "road"}),  # excluding a word excludes its inflected forms
        ("felújítás -ovoda", {"school", "road"}),  # and its accented forms
        ("felújítás -óvoda -iskola", {"road"}),
        ('zöld -"zöld város"', {"reversed", "apart"}),  # a phrase excluded, its words kept
        ("-felújítás óvoda", {"kindergarten_only"}),  # the exclusion may come first
    ],
)
def test_exclusion_removes_pages(client: TestClient, query: str, expected: set[str]) -> None:
    assert _ids(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("felújítás (iskola OR óvoda)", {"school", "kindergarten"}),
        ("(iskola OR óvoda) felújítás", {"school", "kindergarten"}),
        ("felújítás iskola OR óvoda", {"school", "kindergarten", "kindergarten_only"}),  # AND binds tighter than OR
        ("felújítás -(iskola OR óvoda)", {"road"}),
        ("(óvoda (bővítés OR felújítás)) OR kerékpárút", {"kindergarten", "kindergarten_only", "bike"}),
        ("((kerékpárút))", {"bike"}),
    ],
)
def test_parentheses_group(client: TestClient, query: str, expected: set[str]) -> None:
    assert _ids(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bölcsőde bővítése", {"title_hit", "body_hit"}),  # free text: title and body
        ("title:bölcsőde", {"title_hit"}),
        ("title:bolcsode", {"title_hit"}),
        ('title:"bölcsőde bővítése"', {"title_hit"}),
        ("title:bölcsőde mórahalmon", {"title_hit"}),  # a field clause ANDs with free words
        ("title:bölcs*", {"title_hit"}),  # a prefix in the title only
        ("title:bolcs*", {"title_hit"}),
        ("title:csoport*", set()),  # csoportszoba is in a body only
        ("csoport*", {"title_hit"}),
        ("funder:ESZA", {"school", "kindergarten"}),  # initials, as the README says
        ("funder:ERFA", {"bike", "kindergarten"}),
        (f'funder:"{ESZA}"', {"school", "kindergarten"}),
        ("funder:kohezios", {"kindergarten_only", "road"}),  # case and accents ignored
        ("funder:ESZA funder:ERFA", {"kindergarten"}),  # two field clauses AND
        (f'funder:"{ESZA}" funder:ERFA', {"kindergarten"}),
        (f'funder:"{ESZA}" OR funder:ERFA', {"bike", "school", "kindergarten"}),
        ("county:Zala", {"kindergarten_only", "road"}),
        ("county:zala óvoda", {"kindergarten_only"}),
        ("felújítás -county:Zala", {"school", "kindergarten"}),
        ("funder:nincsilyen", set()),  # an unknown value matches nothing, it does not widen the query
    ],
)
def test_field_clauses_look_only_in_their_field(client: TestClient, query: str, expected: set[str]) -> None:
    assert _ids(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year:2017", {"kindergarten"}),  # the middle year of 2016–2018
        ("year:2015..2018", {"school", "kindergarten"}),  # overlap counts: school ends in 2015
        ("year:2013..2014", {"bike", "school"}),  # both ends inclusive
        ("year:2022..2030", set()),
        ("year:2012..2012", {"bike"}),
        ("felújítás year:2010..2019", {"school", "kindergarten"}),
        ("year:2016 OR year:2021", {"kindergarten", "road"}),
    ],
)
def test_year_ranges_match_the_years_a_project_ran(client: TestClient, query: str, expected: set[str]) -> None:
    assert _ids(client, query) == expected


def test_id_finds_only_the_project_and_a_typed_code_ranks_it_first(client: TestClient) -> None:
    assert _ids(client, f"id:{PROJECT_ID}") == {"project"}
    assert _ids(client, f"id:{PROJECT_ID.lower()}") == {"project"}
    assert _ids(client, "id:TOP-1.2.3.-16-2017-00001") == {"project"}  # the dotted spelling of the call code
    ranked = _ranked(client, PROJECT_ID)
    assert ranked[0] == "project" and "mentions" in ranked


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fenntarth*", {"sustainability", "sustainable"}),
        ("fenntart*", {"sustainability", "sustainable", "upkeep"}),
        ("fenntarthato*", {"sustainability", "sustainable"}),  # accents optional
        ("Fenntarth*", {"sustainability", "sustainable"}),
        ("fenntarth* balatonfüreden", {"sustainability"}),
        ("fenntarth", set()),  # without the star the unfinished word matches nothing
        ("qqq*", set()),
    ],
)
def test_prefix_matches_word_beginnings(client: TestClient, query: str, expected: set[str]) -> None:
    assert _ids(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bánya", {"mine"}),  # spelt right: its 1-edit neighbour bástya is not added
        ("bástya", {"bastion"}),
        ("bányya", {"mine"}),  # 6 letters, 1 edit
        ("csatarnazaz", {"sewer"}),  # 11 letters, 2 edits
        ("csatrnzas", {"sewer"}),  # 9 letters, 2 edits
        ("csatrnzs", set()),  # 8 letters, 2 edits: only 1 forgiven
        ("pakr", set()),  # 4 letters: no typo forgiven
        ("prak", set()),
        ("park", {"park", "reversed"}),  # parkja
    ],
)
def test_typo_tolerance_follows_word_length_and_only_when_nothing_matches(
    client: TestClient, query: str, expected: set[str]
) -> None:
    assert _ids(client, query) == expected


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ('"zöld város', "unclosed quotation mark", 1),
        ('zöld "város', "unclosed quotation mark", 6),
        ("(iskola OR óvoda", "unclosed parenthesis", 1),
        ("iskola) óvoda", "unexpected ')'", 7),
        ("year:20x", "year must be", 6),
        ("year:2018..2015", "year range ends before it starts", 6),
        ("óvoda title:", "needs a value", 12),
        ("óvoda NOT", "NOT needs something to exclude", 7),
    ],
)
def test_a_malformed_query_is_a_400_that_says_what_and_where(
    client: TestClient, query: str, message: str, position: int
) -> None:
    response = client.get("/search", params={"q": query})
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "query_syntax"
    assert message in body["message"] and f"at position {position}:" in body["message"], body["message"]
    assert body["message"].splitlines()[-1].index("^") == position - 1  # the caret under the problem


PIECES = [*'()"-*: |', " ", " ", "OR", "NOT", "AND", "year:", "title:", "funder:", "id:", "óvoda", "felújítás", "2017", "..", "-1"]
SYNTAX = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(query=SYNTAX)
def test_any_mix_of_operators_is_answered_or_refused_never_a_server_error(client: TestClient, query: str) -> None:
    response = client.get("/search", params={"q": query})
    assert response.status_code in (200, 400), (query, response.text)
    if response.status_code == 400:
        body = response.json()
        assert body["error"] in ("query_syntax", "bad_request") and body["message"], body
        if body["error"] == "query_syntax":
            assert re.search(r"at position \d+:", body["message"]), body["message"]


def test_lenient_inputs_are_read_not_refused(client: TestClient) -> None:
    for query in ("Tel.:36", "óvoda -", "óvoda *", "AND óvoda", "óvoda OR", "() óvoda", '"" óvoda', "óvoda:"):
        response = client.get("/search", params={"q": query})
        assert response.status_code == 200, (query, response.text)
    assert _ids(client, "óvoda OR") == _ids(client, "óvoda") == {"kindergarten", "kindergarten_only"}


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """More matching pages than the result window holds."""
    root = tmp_path_factory.mktemp("crowded")
    pages = [page(f"forum{number:04d}", "Lakossági fórum a faluházban.") for number in range(MAX_RESULTS_WINDOW + 50)]
    write_index(root, pages)
    with TestClient(create_app(ApiSettings(index=root))) as test_client:
        yield test_client


def test_deep_paging_is_capped_with_a_clear_message(crowded: TestClient) -> None:
    first = crowded.get("/search", params={"q": "fórum", "per_page": 100}).json()
    assert first["total"] == MAX_RESULTS_WINDOW + 50  # the count stays exact
    assert first["total_pages"] == MAX_RESULTS_WINDOW // 100  # but only the window can be paged
    last = crowded.get("/search", params={"q": "fórum", "per_page": 100, "page": first["total_pages"]})
    assert last.status_code == 200 and len(last.json()["hits"]) == 100
    beyond = crowded.get("/search", params={"q": "fórum", "per_page": 100, "page": first["total_pages"] + 1})
    assert beyond.status_code == 400
    body = beyond.json()
    assert body["error"] == "bad_request"
    assert f"first {MAX_RESULTS_WINDOW} results" in body["message"] and "narrow" in body["message"], body["message"]
