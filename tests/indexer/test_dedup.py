"""Near-duplicates: a copy on another site joins the first page's group, other pages stand alone."""
from __future__ import annotations

import random

import pytest

from indexer.dedup import (
    DuplicateFinder,
    decode_fingerprint,
    encode_fingerprint,
    fingerprint,
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


def group_duplicates(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(key, group) for each (key, cleaned text), in order, as a build adds its pages."""
    finder = DuplicateFinder()
    return [(key, finder.add(key, fingerprint(text))) for key, text in texts]


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


def _synthetic_pages(count: int, seed: int) -> list[tuple[str, str]]:
    """(key, text) of originals, their lightly edited copies, pages written from one stock text
    (more than a bucket takes), and pages without prose, shuffled."""
    rng = random.Random(seed)
    words = [f"{rng.choice('bcdfghkmnprstvz')}{rng.choice('aeiouáéó')}{rng.choice('lmnrst')}{rng.choice('aeio')}k" for _ in range(300)]
    places = [f"{rng.choice('BKMPSZ')}{rng.choice('aeoi')}{rng.choice('lrnst')}{rng.choice('aeáé')}{rng.choice('gkmn')}város" for _ in range(400)]
    stock = [" ".join(rng.choices(words, k=18)) + "." for _ in range(2)]

    def paragraph(names: list[str]) -> str:
        return " ".join([*rng.choices(words, k=10), names[0], *rng.choices(words, k=8), names[1], str(rng.randrange(10**6, 10**7))]) + "."

    pages: list[tuple[str, str]] = []
    for number in range(count):
        names = rng.sample(places, 2)
        kind = number % 5
        if kind == 3:  # stock text with a paragraph of its own
            text = "\n\n".join([*stock, paragraph(names)])
        elif kind == 4:
            text = f"Kedvezményezett: {names[0]}\n\nTámogatás: {number} Ft"
        else:
            text = "\n\n".join(paragraph(names) for _ in range(3))
        pages.append((f"page-{number}", text))
        if kind == 0:  # a copy elsewhere: a paragraph dropped, a source line added
            pages.append((f"copy-{number}", "\n\n".join([*text.split("\n\n")[:2], f"Forrás: {names[0].lower()}.hu"])))
        if kind == 3:  # a copy of only the stock text, naming the same places: found only through a full bucket
            pages.append((f"stock-copy-{number}", "\n\n".join([*stock, f"Forrás: {names[0]}, {names[1]}"])))
    rng.shuffle(pages)
    return pages


def _one_by_one(indexed: list[tuple[str, str, str]]) -> DuplicateFinder:
    finder = DuplicateFinder()
    for key, encoded, group in indexed:
        finder.add(key, decode_fingerprint(encoded), group=group)
    return finder


def _indexed_rows(pages: list[tuple[str, str]], *, grouped: bool = True) -> list[tuple[str, str, str]]:
    """As the index holds them: grouped as a build groups them, or each its own group (so equally
    similar copies lead to different groups, and the earliest must win)."""
    groups = dict(group_duplicates(pages)) if grouped else {key: key for key, _ in pages}
    return [(key, encode_fingerprint(fingerprint(text)), groups[key]) for key, text in pages]


@pytest.mark.parametrize("grouped", [True, False])
def test_a_finder_loaded_from_the_index_groups_exactly_as_one_filled_page_by_page(grouped: bool) -> None:
    pages = _synthetic_pages(400, seed=3)
    pages += [(f"again-{key}", text) for key, text in pages[:40]]  # identical copies
    indexed, later = _indexed_rows(pages[:380], grouped=grouped), pages[380:]
    later += [(key, text.replace(".", " újra.", 1)) for key, text in pages[:360:9]]  # changed pages come back
    reference = _one_by_one(indexed)
    loaded = DuplicateFinder.with_indexed(indexed)
    assert len(loaded._indexed) == len(indexed)  # loaded as arrays, not page by page
    assert max(len(bucket) for bucket in reference._buckets.values()) == 48  # the stock text filled a bucket
    expected = [reference.add(key, fingerprint(text)) for key, text in later]
    assert [loaded.add(key, fingerprint(text)) for key, text in later] == expected
    assert sum(group != key for (key, _), group in zip(later, expected, strict=True)) >= 10  # copies were found


@pytest.mark.parametrize("foreign", ["fewer bins", "a key twice", "odd names"])
def test_fingerprints_this_version_did_not_write_are_loaded_one_by_one(foreign: str) -> None:
    pages = _synthetic_pages(60, seed=5)
    indexed, later = _indexed_rows(pages[:50]), pages[50:]
    key, encoded, group = indexed[0]
    prose, _, names = encoded.partition(".")
    indexed[0] = {
        "fewer bins": (key, prose[:256] + "." + names, group),
        "a key twice": (indexed[1][0], encoded, group),
        "odd names": (key, prose + "." + names + "0", group),
    }[foreign]
    loaded, reference = DuplicateFinder.with_indexed(indexed), _one_by_one(indexed)
    assert len(loaded._indexed) == 0
    assert [loaded.add(key, fingerprint(text)) for key, text in later] == [reference.add(key, fingerprint(text)) for key, text in later]


@pytest.mark.parametrize("fold_every", [1, 7, 100])
def test_a_finder_folding_its_pages_into_arrays_groups_exactly_as_one_keeping_objects(fold_every: int) -> None:
    pages = _synthetic_pages(400, seed=11)
    pages += [(f"again-{key}", text) for key, text in pages[:40]]  # identical copies, after the fold of their originals
    objects, folding = DuplicateFinder(fold_every=len(pages) + 1), DuplicateFinder(fold_every=fold_every)
    expected = [objects.add(key, fingerprint(text)) for key, text in pages]
    assert max(len(bucket) for bucket in objects._buckets.values()) == 48  # the stock text filled a bucket
    assert [folding.add(key, fingerprint(text)) for key, text in pages] == expected
    assert len(folding._indexed) > len(pages) - fold_every and len(folding._fingerprints) < fold_every
    assert sum(group != key for (key, _), group in zip(pages, expected, strict=True)) >= 40  # copies were found


def test_a_finder_that_meets_a_key_again_stops_folding_and_still_groups_as_before() -> None:
    pages = _synthetic_pages(120, seed=13)
    changed = [(key, text.replace(".", " újra.", 1)) for key, text in pages[:30:3]]
    objects, folding = DuplicateFinder(fold_every=10**6), DuplicateFinder(fold_every=16)
    expected = [objects.add(key, fingerprint(text)) for key, text in pages[:60] + changed + pages[60:]]
    assert [folding.add(key, fingerprint(text)) for key, text in pages[:60] + changed + pages[60:]] == expected
    assert len(folding._indexed) == 48  # folded three times, then a key came back


def test_a_finder_loaded_from_the_index_folds_the_pages_added_after_it() -> None:
    pages = _synthetic_pages(300, seed=17)
    indexed, later = _indexed_rows(pages[:100]), pages[100:]
    reference, loaded = _one_by_one(indexed), DuplicateFinder.with_indexed(indexed, fold_every=32)
    assert [loaded.add(key, fingerprint(text)) for key, text in later] == [reference.add(key, fingerprint(text)) for key, text in later]
    assert len(loaded._indexed) == 100 + 32 * (len(later) // 32)
