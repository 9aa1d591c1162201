"""Line rules (indexer/cleaning/lines.py): what a line says makes it chrome wherever it stands
(captions, credits, counters, links to other articles), or at the text's end (calls to subscribe
or follow); the lines of text they resemble stay."""
from __future__ import annotations

import pytest

from indexer.cleaning.html import strip_boilerplate
from indexer.cleaning.lines import drop_closing_calls, drop_teaser_boxes, is_chrome_line

_PROSE = "A kivitelező kicseréli a nyílászárókat, hőszigeteli a homlokzatot és a födémet, a nagyterem új fűtést kap."


@pytest.mark.parametrize(
    "line",
    [
        "Fotó: MTI/Kovács Tamás",
        "A régi nagyterem a felújítás előtt. Fotó: Kisbéri Hírek",
        "Überblick über den Platz. (Foto: Getty)",
        "Lee Elder war mit golferischem Talent gesegnet. | © Augusta National/Getty Images",
        "Beitragsbild: Titelseite der FAZ vom 2.4.2019, Ausriss.",
        "Titelbild",
        "Abbildung 4: klassische Schwachschicht.",
        "2. ábra: A felújított homlokzat",
        "Image 2 of 5",
        "Címkék: felújítás, TOP, energetika",
        "Filed under: Khawarij |",
        "Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)",
        "Comments",
        "5 min read",
        "Olvasási idő: 3 perc",
        "Tempo de leitura: 2 minutos",
        "Lesen Sie auch: Neue Radwege in der Innenstadt",
        "Olvassa el: Átadták az új bölcsődét",
        "Lea más: Juan Carlos Ortega Murillo propone legalizar la comercialización",
        "opublikowano: 7 kwietnia 2021",
        "Pubblicato il 19 Febbraio 2020 Ultima modifica 19 Febbraio 2020 12:02",
        "Updated at 1:23 p.m.",
        "Iklan",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "2019/2020",  # a school year, no slideshow counter
        "Forrás: a kedvezményezett sajtóközleménye.",  # where the text comes from is the text's
        "Közzétéve a pályázati felhívás módosítása, amely a határidőt is meghosszabbította.",
        "A pályázat keretében 12 laptop és 2 fényképezőgép beszerzése valósult meg, a fotószakkör használja őket.",
        "Read more about the project in the town's English brochure, page four.",
        "Kezdés: 2019.03.05 10:00",
        "A kivitelező | Tel: 06 30 123 4567 | " + "a projekt műszaki ellenőre, aki a munkaterület átadásától a műszaki átadás-átvételig minden héten helyszíni bejárást tart, "
        "és jegyzőkönyvben rögzíti a munkák állását.",  # a long table row naming a phone number, not a footer
        _PROSE,
    ],
)
def test_lines_of_text_that_resemble_chrome_stay(line: str) -> None:
    assert not is_chrome_line(line)


@pytest.mark.parametrize(
    "calls",
    [
        ["Follow The Gleaner on Twitter and Instagram @JamaicaGleaner and on Facebook @GleanerJamaica."],
        ["Subscribe now to our eNATION edition for the full story.",
         "For the latest stories and breaking news updates download the Nationnews apps for iOS and Android."],
        ["¡Mira lo que tiene nuestro canal de YouTube!"],
        ["Möchten Sie den Artikel teilen?"],
        ["If you enjoyed reading this post – would you consider supporting our work? Just click here. Thanks!",
         "SUGGESTED CITATION Sauer, Heiko: Expert*innen in der Krise, VerfBlog, 2020/4/09."],
        ["Kövessen minket a Facebookon is!"],
        ["To view the full story, please subscribe to The Haitian Times.",
         "When you join The Haitian Times family, you’ll get unlimited digital access to high-quality journalism.",
         "If you’re seeing this message but you’re already a subscriber, you can log in for immediate access."],
    ],
)
def test_calls_that_end_the_text_go(calls: list[str]) -> None:
    assert drop_closing_calls([_PROSE, *calls]) == [_PROSE]


def test_a_sentence_between_the_text_and_one_call_stays() -> None:
    between = "A felújítás után a ház hétköznap reggel nyolctól este nyolcig tart nyitva."
    assert drop_closing_calls([_PROSE, between, "Kövessen minket a Facebookon is!"]) == [_PROSE, between]


def test_a_closing_sentence_about_subscriptions_stays() -> None:
    last = ("“After two more years of this,” Doctor asks, “what kind of products are going to be left in local "
            "communities that readers feel are worth a digital subscription?”")
    assert drop_closing_calls([_PROSE, last]) == [_PROSE, last]


@pytest.mark.parametrize(
    "heading", ["Most read in world news", "Über den Autor", "A szerzőről", "Weitere Artikel zum Thema", "Leggi anche", "Veja também:"],
)
def test_a_box_heading_goes_with_the_short_lines_under_it(heading: str) -> None:
    kept = drop_teaser_boxes([_PROSE, heading, "RANDY ANDY", "Andrew parties in unearthed pics"], with_lines=True)
    assert kept == [_PROSE]


def test_a_heading_over_a_caption_is_not_a_heading_over_nothing() -> None:
    """The caption goes; the closing line of text above it stays."""
    markup = (
        "<html><body><h1>Megújult a főtér</h1>"
        f"<div><p>{_PROSE}</p><p>{_PROSE.replace('nagyterem', 'kisterem')}</p>"
        "<p>Nem lehet jövőnk önálló kutatás nélkül</p>"
        "<p>Image illustrative : Lots of Lego Minifigures by Ninja Brick, en licence Creative Commons by</p></div></body></html>"
    )
    paragraphs = strip_boilerplate(markup, is_html=True).paragraphs
    assert "Nem lehet jövőnk önálló kutatás nélkül" in paragraphs
    assert not any("Minifigures" in paragraph for paragraph in paragraphs)
