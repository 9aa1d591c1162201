"""Money and support rate: `74.998.560,-Ft`, `9 360 000 HUF/30 000 EUR`, `21,98 millió Ft`,
`bruttó 150 000 000 forint`, `EUR 521,740`, `1,2 milliárd forint`, `100 %`.

The grant wins over the total cost: a row labelled as support, or an amount followed by
"vissza nem térítendő támogatás"; a total is used only when no grant is stated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from indexer.metadata.labels import BARE_ROW, by_strength, labelled_values, lowered, values_after, values_by_strength

_NUMBER = r"\d{1,3}(?:(?P<sep>[. \u00a0,])\d{3})(?:(?P=sep)\d{3})*|\d+(?:,\d+)?"
_AMOUNT_RE = re.compile(
    rf"(?:(?P<pre>HUF|EUR|€)\s?)?(?P<num>{_NUMBER})"
    r"(?:\s?(?P<mult>milliárd|millió|mrd\.?|M)(?=\s?(?:Ft|HUF|forint|EUR|euró|€)))?"
    r"(?P<post>\s?(?:,-|\.-)?\s?(?:Ft\b|HUF\b|forint\w*|EUR\b|euró\w*|€))?"
)
_MULTIPLIER = {"milliárd": 1_000_000_000, "mrd": 1_000_000_000, "mrd.": 1_000_000_000,
               "millió": 1_000_000, "M": 1_000_000}
_GRANT_LABELS = ("támogatás összege", "támogatási összeg", "elnyert támogatás", "megítélt támogatás",
                 "szerződött támogatás", "vissza nem térítendő támogatás:", "grant amount", "grant (",
                 "eu contribution", "contribution:")
# Where they open a row (`Támogatás: 29 997 512 Ft`, `A szerződött támogatás összege 29 997 512 Ft`),
# these name the grant before any sentence does; `támogatás` covers every Hungarian grant label.
_GRANT_ROW_LABELS = ("támogatás", "elnyert összeg", "megítélt összeg", "grant", "eu contribution")
_TOTAL_LABELS = ("összköltség", "teljes költség", "összes költség", "total budget", "total eligible cost",
                 "total cost")
_RATE_LABELS = ("támogatás mértéke", "támogatási intenzitás", "támogatás intenzitása", "támogatási arány",
                "támogatás aránya", "intenzitás", "grant rate", "co-financing rate", "funding rate")
_PERCENT_RE = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s?%")
_GRANT_SUFFIX = "vissza nem térítendő támogatás"
_SAME_SUM = 0.01
_PAIR_RE = re.compile(r"\s*/\s*")


@dataclass(frozen=True, slots=True)
class Money:
    huf: int | None
    eur: int | None


def _currency(match: re.Match[str]) -> str | None:
    unit = (match["pre"] or match["post"] or "").lower()
    if "eur" in unit or "€" in unit:
        return "eur"
    if unit.strip(" ,.-"):
        return "huf"
    return None


def _value(match: re.Match[str]) -> int:
    number = match["num"]
    if match["mult"]:
        return round(float(number.replace(",", ".").replace(" ", "")) * _MULTIPLIER[match["mult"]])
    return int(re.sub(r"\D", "", number.split(",")[0] if match["sep"] != "," and "," in number else number))


# Smaller sums are not grants but amounts that lost their unit ("21,98 Ft" for 21,98 millió Ft).
_MINIMUM = {"huf": 10_000, "eur": 100}


def parse_money(value: str) -> Money:
    """HUF and EUR amounts at the start of a value (`9 360 000 HUF/30 000 EUR` gives both)."""
    huf = eur = None
    position = 0
    for _ in range(2):
        match = _AMOUNT_RE.match(value, position)
        currency = _currency(match) if match else None
        if match is None or currency is None:
            break
        amount = _value(match)
        if amount < _MINIMUM[currency]:
            break
        if currency == "eur" and eur is None:
            eur = amount
        elif currency == "huf" and huf is None:
            huf = amount
        rest = re.match(r"\s*[/(]\s*", value[match.end():])
        if rest is None:
            break
        position = match.end() + rest.end()
    return Money(huf, eur)


def _money_in(line: str) -> Money | None:
    amount = next((found for found in _AMOUNT_RE.finditer(line) if _currency(found)), None)
    return parse_money(line[amount.start():]) if amount is not None else None


def _first_money(values: Iterable[str]) -> Money | None:
    return next((money for money in map(_money_in, values) if money is not None), None)


def _exact(amount: int) -> int:
    """How exactly an amount is written: fewer trailing zeros is more exact (29 997 512 over 29,99 millió)."""
    return -len(str(amount)) + len(str(amount).rstrip("0"))


def _most_exact(stated: Sequence[Money]) -> Money:
    """The first row's grant, or a later row stating the same sum more exactly (within 1%): a
    summary row rounds what the data row gives to the forint."""
    first = stated[0]
    best = first.huf if first.huf is not None else first.eur
    for money in stated[1:]:
        amount = money.huf if first.huf is not None else money.eur
        if best and amount and abs(amount - best) <= best * _SAME_SUM and _exact(amount) > _exact(best):
            return money
    return first


def find_budget(text: str) -> Money:
    """The grant the page states, else its total cost, else nothing; a data row wins over a sum
    a sentence quotes (`29,99 millió` in prose, `29 997 512 Ft` in the project data)."""
    low = lowered(text)
    stated = [money for money in map(_money_in, values_by_strength(text, low, _GRANT_ROW_LABELS, least=BARE_ROW))
              if money is not None]
    if stated:
        return _most_exact(stated)
    suffix = text.find(_GRANT_SUFFIX)
    while suffix >= 0:
        before = text[max(0, suffix - 40):suffix].rstrip()
        amounts = [found for found in _AMOUNT_RE.finditer(before) if _currency(found)]
        if amounts and amounts[-1].end() == len(before):
            # `23,79 M Ft/79 300 EUR vissza nem térítendő támogatás`: both currencies state the grant.
            pair = len(amounts) > 1 and _PAIR_RE.fullmatch(before, amounts[-2].end(), amounts[-1].start())
            return parse_money(before[amounts[-2].start() if pair else amounts[-1].start():])
        suffix = text.find(_GRANT_SUFFIX, suffix + 1)
    return (_first_money(values_after(text, low, _GRANT_LABELS))
            or _first_money(by_strength(text, [(min(strength, BARE_ROW), end) for strength, end
                                               in labelled_values(text, low, _TOTAL_LABELS)]))
            or Money(None, None))


def find_support_rate(text: str) -> float | None:
    """Support intensity in percent, from a rate row or sentence."""
    for value in values_by_strength(text, lowered(text), _RATE_LABELS):
        match = _PERCENT_RE.search(value[:12])
        if match:
            return float(match[1].replace(",", "."))
    return None
