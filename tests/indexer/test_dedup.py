"""Near-duplicates: a copy on another site joins the first page's group, other pages stand alone."""
from __future__ import annotations

from indexer.dedup import (
    DuplicateFinder,
    decode_fingerprint,
    encode_fingerprint,
    fingerprint,
    group_duplicates,
    is_copy,
    signature,
    similarity,
)

ORIGINAL = "\n\n".join([
    "Kisbér Város Önkormányzata a TOP-2.1.2-15 felhívás keretében megújította a város központjában álló parkot és a hozzá vezető utakat.",
    "A park területén új sétányok, padok és közvilágítás készült, a régi fák mellé hatvan új facsemetét ültettek a kertészek.",
    "A beruházás során a csapadékvíz elvezetését is megoldották, így a felújított tér esős időben is használható marad a lakók számára.",
    "A projekt az Európai Regionális Fejlesztési Alap támogatásával valósult meg, a munkák két évig tartottak a városban.",
])
# The same project on a county portal: another headline, a paragraph dropped, a source line added.
COPY = "\n\n".join(["Megújult Kisbér parkja", *ORIGINAL.split("\n\n")[:3], "Forrás: kisber.hu, a város honlapja és hírlevele"])
OTHER = "\n\n".join([
    "Zalaegerszeg Megyei Jogú Város Önkormányzata bölcsődét épített a város keleti részén, negyven férőhellyel és új játszóudvarral.",
    "Az épület napelemekkel és hőszivattyúval működik, így az üzemeltetés költsége jóval alacsonyabb a régi intézményénél.",
    "A projekt a Terület- és Településfejlesztési Operatív Program keretében, vissza nem térítendő támogatásból valósult meg.",
])


def test_a_lightly_edited_copy_is_similar_and_another_project_is_not() -> None:
    assert similarity(signature(ORIGINAL), signature(COPY)) >= 0.4
    assert similarity(signature(ORIGINAL), signature(OTHER)) < 0.1


def test_groups_are_named_by_their_first_page() -> None:
    assert group_duplicates([("a", ORIGINAL), ("b", OTHER), ("c", COPY)]) == [("a", "a"), ("b", "b"), ("c", "a")]


def test_a_page_without_prose_stands_alone() -> None:
    labels = "Kedvezményezett: Kisbér\n\nTámogatás: 10 000 000 Ft"
    assert group_duplicates([("a", labels), ("b", labels)]) == [("a", "a"), ("b", "b")]


def test_an_indexed_page_keeps_its_group_and_a_new_copy_joins_it() -> None:
    finder = DuplicateFinder()
    finder.add("old-copy", fingerprint(ORIGINAL), group="first-id")
    assert finder.add("new", fingerprint(COPY)) == "first-id"


def test_fingerprints_round_trip_through_their_stored_text() -> None:
    value = fingerprint(ORIGINAL)
    assert decode_fingerprint(encode_fingerprint(value)) == value
    assert decode_fingerprint(encode_fingerprint(fingerprint(""))) == fingerprint("")


def test_stock_text_about_another_place_is_not_a_copy() -> None:
    # Two projects described from one stock text: much prose in common, but other names and numbers.
    stock = (
        "The project improves the quality of primary health care in {town} and its surroundings. "
        "The renovated surgery in {town} gets new equipment, and the waiting room is made accessible. "
        "The project is supported by the European Regional Development Fund with {amount} forints."
    )
    first = stock.format(town="Hajdúbagos", amount="43 000 000")
    second = stock.format(town="Baja", amount="91 500 000")
    assert similarity(signature(first), signature(second)) >= 0.2
    assert not is_copy(fingerprint(first), fingerprint(second))
    assert is_copy(fingerprint(first), fingerprint(first + " Source: hajdubagos.hu"))


def test_the_words_every_funded_project_uses_are_not_names() -> None:
    stock = "The {town} Municipality renewed its town hall with the European Regional Development Fund."
    assert fingerprint(stock.format(town="Baja")).names != fingerprint(stock.format(town="Ajka")).names
    assert len(fingerprint(stock.format(town="Baja")).names) == 1  # only `Baja`: the rest is generic
