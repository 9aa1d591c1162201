import pytest

from indexer.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("A projekt célja a helyi önkormányzat és a civil szervezetek együttműködésének erősítése.", "hu"),
        ("The project aims to strengthen the cooperation of the municipality and local NGOs.", "en"),
        ("Der Bürgermeister hat das neue Gebäude der Schule am Montag eröffnet und gelobt.", "de"),
    ],
)
def test_language(text: str, language: str) -> None:
    assert detect_language(text).language == language


@pytest.mark.parametrize("text", ["", "12345 67 89", "!!! ---"])
def test_text_without_words_is_unknown_not_a_crash(text: str) -> None:
    assert detect_language(text).language == "unknown"


def test_bilingual_label_page_is_hungarian_with_english() -> None:
    text = (
        "Projektgazda/Project Promoter: Települési Önkormányzatok Országos Szövetsége. Megvalósítási időszak/"
        "Implementation period 2017-2018. A projekt célja a norvég és magyar önkormányzatok együttműködése. "
        "The project strengthens the cooperation of Norwegian and Hungarian municipalities."
    )
    guess = detect_language(text)
    assert guess.language == "hu"
    assert "en" in guess.languages


def test_deterministic() -> None:
    text = "Ez egy rövid szöveg, and some English words too, für alle."
    assert len({detect_language(text) for _ in range(5)}) == 1


def test_english_page_with_hungarian_names_stays_english() -> None:
    text = (
        "Flood protection in Budapest\n\nBeküldte admin - 2016, június 11 - 16:49\n\n"
        "Project number: KEHOP-1.4.0-15-2015-00001. Beneficiary: Budapest Főváros Önkormányzata.\n\n"
        "The project built a new mobile flood wall along the Danube and renewed the pumping stations of the district."
    )
    assert detect_language(text).language == "en"
