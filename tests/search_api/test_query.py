import re

import pytest

from search_api.errors import QuerySyntaxError
from search_api.query.parse import And, FieldClause, Not, Or, Phrase, Word, YearRange, parse_query


def test_words_are_anded() -> None:
    assert parse_query("óvoda felújítás") == And((Word("óvoda"), Word("felújítás")))


def test_phrase_or_not_and_groups() -> None:
    assert parse_query('("zöld város" OR park) -óvoda') == And(
        (Or((Phrase(("zöld", "város")), Word("park"))), Not(Word("óvoda")))
    )


def test_fields_and_year_ranges() -> None:
    assert parse_query("title:óvoda year:2015..2018") == And(
        (FieldClause("title", Word("óvoda")), FieldClause("year", YearRange(2015, 2018)))
    )


def test_unknown_prefix_is_text() -> None:
    assert parse_query("Tel.:36") == Word("Tel.:36")


def test_prefix() -> None:
    assert parse_query("fenntarth*") == Word("fenntarth", prefix=True)


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [('"zöld város', "unclosed quotation mark", 0), ("(óvoda", "unclosed parenthesis", 0), ("óvoda)", "unexpected ')'", 5),
     ("year:20x", "year must be", 5), ("title:", "needs a value", 5)],
)
def test_errors_say_what_and_where(query: str, message: str, position: int) -> None:
    with pytest.raises(QuerySyntaxError, match=re.escape(message)) as caught:
        parse_query(query)
    assert caught.value.position == position


def test_empty_query_is_none() -> None:
    assert parse_query("   ") is None
