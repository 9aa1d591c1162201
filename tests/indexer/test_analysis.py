import pytest

from core.analysis.chain import (
    CODE_KEY,
    COMPOUND_MEMBER,
    DERIVED_WEIGHT,
    EXACT,
    FOLDED,
    RELATED_WEIGHT,
    analyze_line,
    canonical_code,
    code_key,
    fold,
    forget_word_forms,
    new_words,
    query_terms,
    restore_accents,
    use_word_forms,
    word_forms,
)


def _keys(line: str) -> set[str]:
    return {term for term in analyze_line(line) if term[:1] not in (EXACT, FOLDED, "^")}


@pytest.mark.parametrize(
    "family",
    [
        ("önkormányzat", "önkormányzatok", "önkormányzatoknak"),
        ("pályázat", "pályázatok"),
        ("projekt", "projektek", "projektben"),
    ],
)
def test_inflected_forms_share_a_stem_key(family: tuple[str, ...]) -> None:
    keys = [analyze_line(word)[0] for word in family]
    assert len(set(keys)) == 1, keys


def test_exact_and_folded_surface_forms_are_indexed() -> None:
    terms = analyze_line("Önkormányzatoknak")
    assert EXACT + "önkormányzatoknak" in terms
    assert FOLDED + "onkormanyzatoknak" in terms


def test_unaccented_query_reaches_the_accented_stem() -> None:
    indexed = set(analyze_line("önkormányzatoknak"))
    looked_up = {term for term, _ in query_terms("onkormanyzatoknak")}
    assert indexed & looked_up


def test_exact_form_is_boosted_above_the_stem() -> None:
    boosts = dict(query_terms("pályázatok"))
    assert boosts[EXACT + "pályázatok"] > boosts[analyze_line("pályázatok")[0]]


def test_project_ids_stay_whole_and_canonical() -> None:
    terms = analyze_line("A projekt azonosító száma: EFOP-1.6.3.-17-2017-00004")
    assert "efop-1.6.3-17-2017-00004" in terms
    assert "2017" in terms  # parts are searchable too


def test_stopwords_are_not_indexed() -> None:
    assert analyze_line("a az és") == []


@pytest.mark.parametrize(("raw", "canonical"), [("efop-1.6.3.-17", "efop-1.6.3-17"), ("top-1.1.1-15.", "top-1.1.1-15")])
def test_canonical_code(raw: str, canonical: str) -> None:
    assert canonical_code(raw) == canonical


def test_fold_handles_double_acute() -> None:
    assert fold("őrzik űrhajó ÁRVÍZTŰRŐ") == "orzik urhajo ARVIZTURO"


def test_english_analysis_stems_english() -> None:
    assert analyze_line("municipalities", language="en")[0] == analyze_line("municipality", language="en")[0]


def test_compound_member_is_indexed_beside_the_compound() -> None:
    terms = analyze_line("esélyegyenlőségi")
    assert COMPOUND_MEMBER + "egyenloseg" in terms and "egyenloseg" not in terms  # its own namespace
    assert not any(term.startswith(COMPOUND_MEMBER) for term in analyze_line("önkormányzatok"))


def test_i_adjective_joins_its_noun_at_a_lower_weight_and_keeps_its_own_key() -> None:
    assert analyze_line("megyei")[:1] == [f"megye*{DERIVED_WEIGHT:g}"]
    assert "megyei" in analyze_line("megyei")
    assert analyze_line("megyében")[0] == "megye"


def test_unaccented_spelling_is_restored_from_the_dictionary() -> None:
    assert "mérséklődött" in restore_accents("merseklodott")
    assert restore_accents("mérséklődött") == ()  # accented already
    # Several accents at once and a compound, with the typo edits left out of the speller.
    assert set(restore_accents("szoveget")) == {"szöveget", "szövegét"}
    assert restore_accents("kulugyminiszterrel") == ("külügyminiszterrel",)


def test_accented_query_also_reaches_pages_written_without_accents() -> None:
    boosts = dict(query_terms("önkormányzat"))
    assert boosts[EXACT + "onkormanyzat"] == boosts[FOLDED + "onkormanyzat"] < boosts[EXACT + "önkormányzat"]


def test_other_readings_are_indexed_at_a_lower_weight() -> None:
    # megromlott keeps its adjective key, and also reaches the verb at RELATED_WEIGHT.
    terms = analyze_line("megromlott")
    assert terms[0] == "megromlott" and f"megromlik*{RELATED_WEIGHT:g}" in terms


def test_hungarian_inflection_reaches_an_english_page() -> None:
    assert "partner" in dict(query_terms("partnerével", language="en"))


def test_forms_stemmed_elsewhere_are_what_the_writer_indexes() -> None:
    """Workers report their pages' new words, which are stemmed once for the writers; the terms must not change."""
    text = "Az önkormányzatoknak szóló megyei esélyegyenlőségi pályázatok, EFOP-1.6.3-17-2017-00004."
    expected = analyze_line(text)
    seen: set[str] = set()
    words = new_words(text, seen=seen)
    assert {"önkormányzatoknak", "megyei", "pályázatok"} <= words and "az" not in words  # stop word
    assert new_words(text, seen=seen) == set()  # each word is reported once
    forms = word_forms(words)
    try:
        forget_word_forms()
        use_word_forms(forms)
        assert analyze_line(text) == expected
        forget_word_forms()
        use_word_forms({"megyei": (("from-the-worker", 1.0),)})  # proof the writer takes what it is given
        assert "from-the-worker" in analyze_line(text)
    finally:
        forget_word_forms()


def test_an_adjective_query_reaches_its_adverb_below_its_own_forms() -> None:
    boosts = dict(query_terms("egyidejű"))
    adverb = dict((term.split("*")[0], term) for term in analyze_line("egyidejűleg"))
    assert "egyideju" in boosts and adverb["egyideju"] == f"egyideju*{RELATED_WEIGHT:g}"


def test_the_new_words_of_a_text_are_the_words_its_analysis_stems(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.analysis import chain as analysis

    text = (
        "Az Önkormányzat és az önkormányzatoknak szóló EFOP-1.6.3-17-2017-00004 és TOP_2.1.2/15 pályázat, "
        "a pályázatok a www.kisber.hu oldalon: az önkormányzat 2019-ben 12,5 millió forintot nyert. Az az."
    )
    stemmed: list[str] = []
    original = analysis._analysed_forms
    monkeypatch.setattr(analysis, "_analysed_forms", lambda word: stemmed.append(word) or original(word))
    forget_word_forms()
    try:
        analyze_line(text)
        words = new_words(text, seen=set())
        assert words == set(stemmed) and len(stemmed) == len(words)
        assert {"efop-1.6.3-17-2017-00004", "efop", "00004", "önkormányzat"} <= words and "az" not in words
    finally:
        forget_word_forms()


@pytest.mark.parametrize(
    ("typed", "indexed"),
    [
        ("efop-1.6.3-17-2017-0004", "EFOP-1.6.3-17-2017-00004"),
        ("top2.1.2-19-cs1-2020-00030", "TOP-2.1.2-19-CS1-2020-00030"),
        ("top-plusz-1.2.1-21-so1-2022-00012", "TOP_PLUSZ-1.2.1-21-SO1-2022-00012"),
        ("efop-1.6.3.-17-2017-00004", "EFOP-1.6.3-17-2017-00004"),
    ],
)
def test_a_code_typed_loosely_has_the_key_of_its_indexed_spelling(typed: str, indexed: str) -> None:
    key = code_key(typed)
    assert key.startswith(CODE_KEY) and key in analyze_line(indexed)


@pytest.mark.parametrize("token", ["2019-ben", "2017.09.01", "98.765.432", "labdarúgó-világbajnokság", "rohu-123"])
def test_numbers_dates_and_hyphenated_words_get_no_code_key(token: str) -> None:
    assert code_key(token) == "" and not any(term.startswith(CODE_KEY) for term in analyze_line(token))


def test_a_call_codes_key_is_a_prefix_of_its_projects_keys() -> None:
    assert code_key("EFOP-1.6.3-17-2017-00004").startswith(code_key("EFOP-1.6.3") + "-")


@pytest.mark.parametrize(("derived", "base"), [("kerékpáros", "kerekpar"), ("egészséges", "egeszseg"), ("magyarság", "magyar")])
def test_a_productive_derivation_reaches_its_base_at_a_lower_weight(derived: str, base: str) -> None:
    terms = analyze_line(derived)
    assert f"{base}*{DERIVED_WEIGHT:g}" in terms and terms[0] != base
