from indexer.analysis import hungarian_analyzer, query_terms
from search_api.highlight import highlight_title, snippet


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
