"""Stem keys: forms of one word share a key, unrelated words keep theirs, keys keep accents."""
from __future__ import annotations

import pytest

from core.analysis.stemming import analyse, related_stems, stem, stem_english

# Each family must collapse to one key; the last column is that key (with accents, lowercase).
FAMILIES = [
    (("önkormányzat", "önkormányzatok", "önkormányzatoknak", "önkormányzati"), "önkormányzat"),
    (("projekt", "projektek", "projektben", "projektjei"), "projekt"),
    (("pályázat", "pályázatok", "pályázati"), "pályázat"),
    (("megye", "megyei", "megyében"), "megye"),
    (("fejlesztés", "fejlesztése", "fejlesztések", "fejlesztési"), "fejlesztés"),
    (("beruházás", "beruházások", "beruházási"), "beruházás"),  # beruházási: not in the dictionary
    (("város", "városok", "városban", "városi"), "város"),
    (("európa", "európában", "európai"), "európa"),  # proper nouns arrive lowercased
    (("budapest", "budapesten", "budapesti"), "budapest"),
    (("bevásárlóközpont", "bevásárlóközpontok", "bevásárlóközpontban"), "bevásárlóközpont"),
    (("van", "vannak", "volt", "voltak"), "van"),
    (("tesz", "teszi", "tett", "tette"), "tesz"),
    (("dolgozik", "dolgozott", "dolgoznak"), "dolgozik"),
    (("jó", "jobb", "legjobb"), "jó"),
    (("eu", "eu-ban", "eu-s"), "eu"),  # suffixes after a hyphen on abbreviations
    (("nato", "nato-t", "nato-ba"), "nato"),
    (("jelent", "jelenti", "jelentette", "jelentették"), "jelent"),  # jelent+ette, not jelentet+te
    (("tekint", "tekinti", "tekintette"), "tekint"),
    (("kiemelt", "kiemeltebb"), "kiemelt"),  # a prefixed participle is mostly an adjective
    (("elfogadott", "elfogadottak"), "elfogadott"),
    (("lesz", "lehet", "lehetett", "lehetne", "lehessen"), "lesz"),  # the modal lehet goes with lesz whole
]

# Pairs that share letters, or a Hunspell reading, but are different words to a searcher.
APART = [
    ("vár", "város"),
    ("ér", "érték"),
    ("ad", "adat"),
    ("nagy", "nagyon"),
    ("van", "vagy"),
    ("van", "lesz"),
    ("egy", "első"),
    ("sor", "során"),
    ("pályázik", "pályázat"),
    ("fejleszt", "fejlesztés"),
    ("központ", "bevásárlóközpont"),
    ("éves", "hétéves"),
    ("tag", "négytagú"),
    ("forint", "forintnyi"),
    ("lát", "látva"),
    ("jelen", "jelenik"),
    ("elfogad", "elfogadott"),
    ("kiemel", "kiemelt"),
]


@pytest.mark.parametrize(("forms", "key"), FAMILIES, ids=[forms[0] for forms, _ in FAMILIES])
def test_family_shares_one_key(forms: tuple[str, ...], key: str) -> None:
    assert {form: stem(form) for form in forms} == {form: key for form in forms}


@pytest.mark.parametrize(("first", "second"), APART, ids=[f"{a}-{b}" for a, b in APART])
def test_unrelated_words_keep_apart(first: str, second: str) -> None:
    assert stem(first) != stem(second)


def test_key_keeps_accents() -> None:
    assert stem("megyében") == "megye"
    assert stem("önkormányzatoknak") == "önkormányzat"


OUTSIDE_DICTIONARY = [("cottbus", "cottbusban", "cottbusnak"), ("blair", "blairnek", "blairt")]


@pytest.mark.parametrize("forms", OUTSIDE_DICTIONARY, ids=[f[0] for f in OUTSIDE_DICTIONARY])
def test_words_outside_the_dictionary_fall_back_to_snowball(forms: tuple[str, ...]) -> None:
    assert {stem(form) for form in forms} == {forms[0]}


@pytest.mark.parametrize("word", ["2020", "2020-ban", "m3", ""])
def test_numbers_and_empty_strings_pass_through(word: str) -> None:
    assert stem(word) == word.partition("-")[0]


@pytest.mark.parametrize(
    ("word", "key"), [("running", "run"), ("projects", "project"), ("development", "develop")]
)
def test_stem_english(word: str, key: str) -> None:
    assert stem_english(word) == key


def test_repeated_word_is_served_from_the_cache() -> None:
    stem("támogatásokból")
    hits = analyse.cache_info().hits
    assert stem("támogatásokból") == "támogatás"
    assert analyse.cache_info().hits == hits + 1


@pytest.mark.parametrize(
    ("word", "key", "member"),
    [
        ("esélyegyenlőségi", "esélyegyenlőség", "egyenlőség"),
        ("településfejlesztési", "településfejlesztés", "fejlesztés"),
        ("bevásárlóközpontok", "bevásárlóközpont", "központ"),
        ("szennyvízelvezetés", "szennyvízelvezetés", "elvezetés"),  # the shortest last member
        ("önkormányzat", "önkormányzat", ""),  # one word to Hunspell: no member
        ("projektek", "projekt", ""),
    ],
)
def test_compound_keeps_its_key_and_names_its_last_member(word: str, key: str, member: str) -> None:
    assert (analyse(word).key, analyse(word).member) == (key, member)


@pytest.mark.parametrize(("word", "derived"), [("megyei", True), ("utcaihoz", True), ("beruházási", True), ("megyében", False), ("projekt", False), ("fedezi", False)])
def test_keys_reached_through_an_i_adjective_are_marked(word: str, derived: bool) -> None:
    assert analyse(word).derived is derived


def test_related_stems_reach_the_other_reading() -> None:
    assert "garantál" in related_stems("garantáltan")  # garantáltan → garantált → garantál
    assert "garantált" in related_stems("garantált")  # the adjective behind the verb key
    assert stem("garantáltan") not in related_stems("garantáltan")


@pytest.mark.parametrize(
    ("adverb", "base"),
    [
        ("egyidejűleg", "egyidejű"),  # -leg on an adjective
        ("közelebb", "közel"),  # a comparative adverb
        ("legközelebb", "közel"),  # a superlative: leg…bb
        ("hamarabb", "hamar"),
        ("lassan", "lassú"),  # Hunspell's own manner-adverb derivation
    ],
)
def test_a_lexicalised_adverb_also_reads_as_its_base(adverb: str, base: str) -> None:
    analysis = analyse(adverb)
    assert analysis.key == adverb  # the key stays the adverb's own (NerKor lemmatises it so)
    assert base in analysis.readings


@pytest.mark.parametrize("word", ["igen", "ellen", "pedig", "ugyanakkor", "általában"])
def test_adverbs_without_a_base_word_get_no_invented_reading(word: str) -> None:
    assert analyse(word).readings == ()
