"""Money formats and the grant-over-total rule."""

from __future__ import annotations

import pytest

from indexer.metadata.amounts import Money, find_budget, find_support_rate, parse_money


@pytest.mark.parametrize(("value", "want"), [
    ("74.998.560,-Ft", Money(74_998_560, None)),
    ("9 360 000 HUF/30 000 EUR", Money(9_360_000, 30_000)),
    ("21,98 millió Ft", Money(21_980_000, None)),
    ("286,53 M Ft", Money(286_530_000, None)),
    ("1,2 milliárd forint", Money(1_200_000_000, None)),
    ("3 131 740.- Ft", Money(3_131_740, None)),
    ("62\u00a0308\u00a0000 Ft", Money(62_308_000, None)),
    ("EUR 521,740", Money(None, 521_740)),
    ("1,3 millió euró", Money(None, 1_300_000)),
    ("21,98 Ft", Money(None, None)),
])
def test_parse_money(value: str, want: Money) -> None:
    assert parse_money(value) == want


@pytest.mark.parametrize(("text", "want"), [
    ("Összköltség: 343,69 millió forint\n\nA szerződött támogatás összege: bruttó 189 032 000 Ft", 189_032_000),
    ("A projekt összköltsége 755 870 529 Ft.", 755_870_529),
    ("A fejlesztés teljes költsége 21,98 millió Ft vissza nem térítendő támogatás.", 21_980_000),
    ("Támogatás összege / Grant amount\n\n47.753.000,-Ft", 47_753_000),
])
def test_find_budget(text: str, want: int) -> None:
    assert find_budget(text).huf == want


@pytest.mark.parametrize(("text", "want"), [
    ("A fejlesztés teljes költsége 23,79 M Ft/79 300 EUR vissza nem térítendő támogatás.", Money(23_790_000, 79_300)),
    ("Támogatás összege 29 997 512 Ft\n\nÖsszköltség 35 000 000 Ft", Money(29_997_512, None)),
    ("A támogatás összege: 29,99 millió Ft.\n\nTámogatás: 29 997 512 Ft", Money(29_997_512, None)),
    ("Támogatás: 10 000 000 Ft\n\nTámogatás: 29 997 512 Ft", Money(10_000_000, None)),  # not the same sum
], ids=["both currencies before the suffix", "bare grant row", "the exact row", "first row"])
def test_find_budget_in_both_currencies_and_rows(text: str, want: Money) -> None:
    assert find_budget(text) == want


@pytest.mark.parametrize(("text", "want"), [
    ("A támogatás mértéke (%-ban): 100%", 100.0),
    ("Támogatási intenzitás: 85 %", 85.0),
    ("Co-financing rate: 55%", 55.0),
])
def test_support_rate(text: str, want: float) -> None:
    assert find_support_rate(text) == want
