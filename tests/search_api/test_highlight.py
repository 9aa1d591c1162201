from core.analysis.chain import COMPOUND_MEMBER, hungarian_analyzer, query_terms
from search_api.highlight import MAX_ANALYSED, MAX_SCAN_CHARS, SNIPPET_CHARS, highlight_title, snippet


def _terms(word: str) -> frozenset[str]:
    return frozenset(term for term, _ in query_terms(word))


def test_inflected_forms_are_marked() -> None:
    text = "A projekt az önkormányzatoknak szól. Más önkormányzati feladatok is vannak."
    marked = snippet(text, _terms("önkormányzat"), hungarian_analyzer())
    assert "<mark>önkormányzatoknak</mark>" in marked
    assert "<mark>önkormányzati</mark>" in marked


def test_unaccented_query_marks_the_accented_word() -> None:
    marked = snippet("Az önkormányzat döntött.", _terms("onkormanyzat"), hungarian_analyzer())
    assert marked.startswith("Az <mark>önkormányzat</mark> döntött")


def test_scraped_markup_is_escaped() -> None:
    text = "Az <script>alert(1)</script> önkormányzat & társai"
    marked = snippet(text, _terms("önkormányzat"), hungarian_analyzer())
    assert "<script>" not in marked
    assert "&lt;script&gt;" in marked
    assert "&amp;" in marked


def test_without_matches_the_opening_is_escaped() -> None:
    assert snippet("<b>Cím</b> szöveg", frozenset(), hungarian_analyzer()) == "&lt;b&gt;Cím&lt;/b&gt; szöveg"


def test_title_is_highlighted() -> None:
    assert highlight_title("Óvoda felújítása", _terms("óvodák"), hungarian_analyzer()) == "<mark>Óvoda</mark> felújítása"


class CountingAnalyzer:
    """The Hungarian analyzer, counting the words it is asked to analyse."""

    def __init__(self) -> None:
        self.inner = hungarian_analyzer()
        self.calls = 0

    def __call__(self, text: str, **options: object) -> object:
        self.calls += 1
        return self.inner(text, **options)


def test_only_words_that_may_match_are_analysed() -> None:
    analyzer = CountingAnalyzer()
    text = "Kerékpárút épül Bugacon, a munkálatok tavasszal kezdődnek és nyáron fejeződnek be. " * 3
    marked = snippet(text, _terms("önkormányzat"), analyzer)  # type: ignore[arg-type]
    assert "<mark>" not in marked
    assert analyzer.calls == 0


def test_huge_pages_cost_bounded_work() -> None:
    analyzer = CountingAnalyzer()
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = " ".join(f"ovo{letters[n // 676]}{letters[n // 26 % 26]}{letters[n % 26]}" for n in range(17_000))
    assert len(words) > MAX_SCAN_CHARS  # 17,000 distinct words that begin like the query word
    snippet(words + " Az óvoda épül.", _terms("óvoda"), analyzer)  # type: ignore[arg-type]
    assert analyzer.calls == MAX_ANALYSED


def test_a_second_passage_shows_words_the_first_lacks() -> None:
    text = f"Az óvoda felújítása elkészült. {'Közben sok más dolog is történt a településen. ' * 12}A kerékpárút is megépült."
    terms = _terms("óvoda") | _terms("kerékpárút")
    marked = snippet(text, terms, hungarian_analyzer())
    assert "<mark>óvoda</mark>" in marked and "<mark>kerékpárút</mark>" in marked
    assert " … " in marked
    assert len(marked) < 320


def test_the_passage_is_bounded_and_cut_at_word_boundaries() -> None:
    text = "Előtte " * 100 + "az önkormányzat döntött " + "utána " * 100
    marked = snippet(text, _terms("önkormányzat"), hungarian_analyzer())
    assert marked.startswith("… ") and marked.endswith(" …")
    inner = marked.removeprefix("… ").removesuffix(" …").replace("<mark>", "").replace("</mark>", "")
    assert all(word in ("Előtte", "az", "önkormányzat", "döntött", "utána") for word in inner.split())
    assert len(inner) <= SNIPPET_CHARS


def test_codes_are_marked_whole() -> None:
    text = "A projekt azonosító száma: EFOP-1.6.3.-17-2017-00004, a kedvezményezett neve: Zala."
    marked = snippet(text, _terms("EFOP-1.6.3-17-2017-00004"), hungarian_analyzer())
    assert "<mark>EFOP-1.6.3.-17-2017-00004</mark>" in marked


def test_a_compound_holding_the_queried_member_is_marked() -> None:
    """A one-word query also finds compounds ending in the word; the snippet marks them too."""
    terms = _terms("egyenlőség") | {COMPOUND_MEMBER + "egyenloseg"}
    marked = snippet("Az esélyegyenlőségi program és a területi egyenlőtlenség.", terms, hungarian_analyzer())
    assert "<mark>esélyegyenlőségi</mark>" in marked
    assert "<mark>egyenlőtlenség</mark>" not in marked
    fejlesztes = _terms("fejlesztés") | {COMPOUND_MEMBER + "fejlesztes"}
    marked = snippet("A településfejlesztési koncepció elkészült.", fejlesztes, hungarian_analyzer())
    assert "<mark>településfejlesztési</mark>" in marked
