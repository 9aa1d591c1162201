"""Settlement and county of a beneficiary's seat, from its name (or the page title).

`data/settlements.csv` maps 2,368 settlements to counties (palyazat-tamogatott-2025 and
esif-hu-osdata place columns); `data/organisations.csv` gives the seats of bodies whose
name names no place (national park directorates, a few universities). Names reach us
inflected: adjectives (`zsámbéki`, `egri`), locatives (`Komlón`, `Pécsett`, `Harkányban`)
and `-ért` forms (`Tatáért`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from indexer.metadata.programmes import table

COUNTIES = ("Bács-Kiskun", "Baranya", "Békés", "Borsod-Abaúj-Zemplén", "Budapest", "Csongrád-Csanád",
            "Fejér", "Győr-Moson-Sopron", "Hajdú-Bihar", "Heves", "Jász-Nagykun-Szolnok",
            "Komárom-Esztergom", "Nógrád", "Pest", "Somogy", "Szabolcs-Szatmár-Bereg", "Tolna", "Vas",
            "Veszprém", "Zala")
_COUNTY_ALIASES = {"Csongrád": "Csongrád-Csanád", "Borsod": "Borsod-Abaúj-Zemplén",
                   "Szabolcs": "Szabolcs-Szatmár-Bereg", "Győr-Sopron": "Győr-Moson-Sopron"}
_COUNTY_RE = re.compile(
    r"\b(" + "|".join(sorted((*COUNTIES, *_COUNTY_ALIASES), key=len, reverse=True)) + r")\s[Mm]egye"
)
_BUDAPEST_RE = re.compile(r"\b(?:Budapest|Fővárosi?)\b|\bBudapest\w*\b")
# National bodies have no county (gold: null). A county word in the name overrides this.
_NATIONAL_RE = re.compile(
    r"(?i)^(?:magyar|nemzeti(?! park))|országos|minisztérium|miniszterelnökség|kormányzati|"
    r"államkincstár|\bNIF\b"
)
_WORD_RE = re.compile(r"[A-ZÁÉÍÓÖŐÚÜŰa-záéíóöőúüű]+(?:-[A-ZÁÉÍÓÖŐÚÜŰa-záéíóöőúüű]+)*")
# Adjective forms that do not follow "name + i" (Eger -> egri); Pécs has the locative Pécsett.
_IRREGULAR = {"egri": "Eger", "pécsett": "Pécs", "győrött": "Győr", "vácott": "Vác"}
_LOCATIVE_SUFFIXES = ("ban", "ben", "on", "en", "ön", "án", "én", "n")


@dataclass(frozen=True, slots=True)
class Place:
    settlement: str | None
    county: str | None


@cache
def settlements() -> dict[str, str]:
    """Settlement name -> county."""
    return {row["settlement"]: row["county"] for row in table("settlements.csv")}


@cache
def organisations() -> dict[str, str]:
    """Bodies whose name carries no settlement (national park directorates, some
    universities) -> the settlement of their seat."""
    return {row["organisation"]: row["settlement"] for row in table("organisations.csv")}


@cache
def _forms() -> dict[str, str]:
    """Lower-case inflected form -> settlement: the name, its adjective and -ért form."""
    forms: dict[str, str] = {}
    for name in settlements():
        low = name.lower()
        stems = [low] + ([low[:-1] + {"a": "á", "e": "é"}[low[-1]]] if low[-1] in "ae" else [])
        for form in (low, low + "i", *(stem + "ért" for stem in stems)):
            forms.setdefault(form, name)
        if low[-1] in "ae":
            forms.setdefault(low[:-1] + "i", name)       # Fülöpháza -> fülöpházi
    forms.update(_IRREGULAR)
    return forms


def _lookup(word: str) -> str | None:
    low = word.lower()
    forms = _forms()
    if low in forms:
        return forms[low]
    for suffix in _LOCATIVE_SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            for candidate in (stem, stem[:-1] + {"á": "a", "é": "e"}.get(stem[-1], stem[-1])):
                if candidate in forms and forms[candidate].lower() == candidate:
                    return forms[candidate]
    return None


def county_in(text: str) -> str | None:
    """County named as `X megye`/`X Megyei ...`."""
    match = _COUNTY_RE.search(text)
    return _COUNTY_ALIASES.get(match[1], match[1]) if match else None


def is_national(name: str) -> bool:
    """A national body (ministry, national agency, `Magyar ...` association)."""
    return county_in(name) is None and _NATIONAL_RE.search(name) is not None


def find_place(text: str) -> Place:
    """First settlement named in the text (words tried in order; capitalised first)."""
    words = _WORD_RE.findall(text)
    for word in sorted(words, key=lambda w: not w[0].isupper()):
        settlement = _lookup(word)
        if settlement is not None and (word[0].isupper() or word.lower() != settlement.lower()):
            return Place(settlement, settlements()[settlement])
    return Place(None, None)


def seat_of(beneficiary: str) -> Place:
    """Seat of a beneficiary from its name: county word, national body, then a settlement."""
    county = county_in(beneficiary)
    if county is not None:
        return Place(None, county)
    known = next((seat for name, seat in organisations().items() if name in beneficiary), None)
    if known is not None and known in settlements():
        return Place(known, settlements()[known])
    if is_national(beneficiary):
        return Place(None, None)
    if _BUDAPEST_RE.search(beneficiary):
        return Place("Budapest", "Budapest")
    return find_place(beneficiary)
