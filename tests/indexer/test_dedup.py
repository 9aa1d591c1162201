"""Near-duplicates: a copy on another site joins the first page's group, other pages stand alone."""
from __future__ import annotations

from indexer.dedup import DuplicateFinder, decode_signature, encode_signature, group_duplicates, signature, similarity

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
    finder.add("old-copy", signature(ORIGINAL), group="first-id")
    assert finder.add("new", signature(COPY)) == "first-id"


def test_signatures_round_trip_through_their_stored_text() -> None:
    value = signature(ORIGINAL)
    assert decode_signature(encode_signature(value)) == value
    assert decode_signature(encode_signature(signature(""))) == signature("")
