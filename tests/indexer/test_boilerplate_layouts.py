"""Layouts whose content the class/id rules alone would lose or leak, and real pages of two public
extraction benchmarks (sources and licences in tests/fixtures/real/README.md): phrases that must
stay and phrases that must go, one case per phrase."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from indexer.cleaning.html import strip_boilerplate
from indexer.cleaning.lines import is_chrome_line
from indexer.decode import decode_page
from indexer.records import CleanPage

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _clean(relative: str) -> CleanPage:
    path = FIXTURES / relative
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return strip_boilerplate(decode_page(data, path="page.html", is_html=True), is_html=True)


KEEP = [
    # ASP.NET WebForms: the whole body sits in one <form>
    ("layouts/webforms.html", "kétirányú kerékpárutat épít a Tata és Tóvároskert közötti szakaszon"),
    ("layouts/webforms.html", "A projekt azonosító száma: TOP-3.1.1-16-KE1-2017-00008"),
    ("layouts/webforms.html", "A támogatás összege: 298 500 000 Ft"),
    # a 2005-era layout table: menu cell, content cell, news cell
    ("layouts/layout_table.html", "Az orvosi rendelő energetikai korszerűsítése"),
    ("layouts/layout_table.html", "hőszigetelte a homlokzatot és a födémet"),
    ("layouts/layout_table.html", "A projekt azonosítója: 1939757063"),
    # a list of projects is the page: headlines and teasers stay
    ("layouts/listing.html", "Megújul a városi piac"),
    ("layouts/listing.html", "fedett árusítóhelyek, mosdók és parkoló épülnek"),
    ("layouts/listing.html", "Napelemek a városháza tetején"),
    ("layouts/listing.html", "a városháza éves áramfogyasztásának kétharmadát"),
    ("layouts/article_with_teasers.html", "Átadták az általános iskola új tornacsarnokát"),
    ("layouts/article_with_teasers.html", "nemzeti színű szalagot"),
    # every block marked `widget` by a page builder
    ("layouts/widget_blocks.html", "nádtetejét és vályogfalait"),
    ("layouts/widget_blocks.html", "hétvégenként tart nyitva"),
    # a <nav> never closed swallows the page
    ("layouts/unclosed_nav.html", "ütéscsillapító burkolat, hinták, mászóvár"),
    ("layouts/unclosed_nav.html", "javaslataik alapján készült el a végleges terv"),
    # trafilatura's benchmark (its "with" snippets)
    ("real/trafilatura-eval_flowfx.de.tmux.html.gz", "or the first time in many years"),
    ("real/trafilatura-eval_flowfx.de.tmux.html.gz", "As usual, StackOverflow"),
    ("real/trafilatura-eval_flowfx.de.tmux.html.gz", "set-option -s set"),
    ("real/trafilatura-eval_achtundvierzig.hypotheses.org.822.html.gz", "Das DFG-Projekt „Edition der Akten"),
    ("real/trafilatura-eval_achtundvierzig.hypotheses.org.822.html.gz", "Kulturgeschichte des Politischen"),
    ("real/trafilatura-eval_achtundvierzig.hypotheses.org.822.html.gz", "eine zeitliche Konzentration"),
    ("real/trafilatura-eval_ethify.org.vegetarier.html.gz", "In Österreich sind momentan"),
    ("real/trafilatura-eval_ethify.org.vegetarier.html.gz", "vor 5 Jahren fast keine"),
    # Zyte's article-extraction benchmark (from its gold article body)
    (
        "real/aeb_14cc2a0ca59c62a8c9f205a171e9ccf4ef4cf69b0c642f51c8c65c051b39024f.html.gz",
        "has confirmed traces of water vapor above the surface of Jupiter's icy moon Europa",
    ),
    (
        "real/aeb_14cc2a0ca59c62a8c9f205a171e9ccf4ef4cf69b0c642f51c8c65c051b39024f.html.gz",
        "This article was originally published by Futurism.",
    ),
    (
        "real/aeb_c00962aabe7bdd1fca78f5360ea7fa93cd7674863b05157e00827506a7aa58c4.html.gz",
        "workers completed installation of the four RS-25 engines into the rocket’s core stage",
    ),
    (
        "real/aeb_c00962aabe7bdd1fca78f5360ea7fa93cd7674863b05157e00827506a7aa58c4.html.gz",
        "should also include revisiting SLS and Orion themselves",
    ),
    # linked headlines written `<a><h5>…</h5></a>` between the headline and the prose are links too
    ("layouts/linked_headlines.html", "hőszigeteli a homlokzatot és a födémet"),
    ("layouts/linked_headlines.html", "a klubok a régi iskola épületében működnek tovább"),
    ("real/aeb_aadb38e527d5379306de3b910ec62cb2447cc1035686b2b2d152580f8f8a1ea2.html.gz", "the Japanese luxury marque has finally pulled the covers off"),
    ("real/aeb_aadb38e527d5379306de3b910ec62cb2447cc1035686b2b2d152580f8f8a1ea2.html.gz", "Lexus LC 500 Convertible will go on sale in summer 2020"),
    # no prose block holds the page: trafilatura's second opinion decides
    ("real/aeb_b37be3535e1fb61e5a238b7fa1ead1ad98b651cb09f138efadac3d54a122fb21.html.gz", "putting astronauts into a state of suspended animation"),
    ("real/aeb_b37be3535e1fb61e5a238b7fa1ead1ad98b651cb09f138efadac3d54a122fb21.html.gz", "examined how hibernation would affect the design"),

    # the post the <title> names, beside a larger <article> of "you may like" posts
    ("real/aeb_b3c19dd5f0612d098788fa5173e491b3280da6226b492f8fe110f4ab1896cca8.html.gz", "Viver uma verdadeira experiência amorosa"),
    ("real/aeb_b3c19dd5f0612d098788fa5173e491b3280da6226b492f8fe110f4ab1896cca8.html.gz", "Queremos ser amados e não nos amamos"),
]

DROP = [
    ("layouts/webforms.html", "Kapcsolat"),
    ("layouts/webforms.html", "Látogatók száma"),
    ("layouts/layout_table.html", "Galéria"),
    ("layouts/layout_table.html", "Legfrissebb hírek"),
    ("layouts/layout_table.html", "Lomtalanítás"),
    ("layouts/layout_table.html", "Copyright 2006"),
    ("layouts/listing.html", "Városháza"),
    ("layouts/listing.html", "6120 Kiskunmajsa"),
    # the same kind of list beside an article is a box, not the page
    ("layouts/article_with_teasers.html", "Más hírek"),
    ("layouts/article_with_teasers.html", "Falunap a Kossuth téren"),
    ("layouts/article_with_teasers.html", "kézműves vásár és főzőverseny"),
    ("layouts/widget_blocks.html", "Kapcsolat"),
    ("layouts/unclosed_nav.html", "Hírek"),
    ("real/trafilatura-eval_flowfx.de.tmux.html.gz", "Next post"),
    ("real/trafilatura-eval_flowfx.de.tmux.html.gz", "Powered by Nikola"),
    ("real/trafilatura-eval_achtundvierzig.hypotheses.org.822.html.gz", "Vorheriger Beitrag"),
    ("real/trafilatura-eval_achtundvierzig.hypotheses.org.822.html.gz", "Diese Website verwendet Akismet"),
    ("real/trafilatura-eval_ethify.org.vegetarier.html.gz", "Wachstum im Wandel"),
    ("real/trafilatura-eval_ethify.org.vegetarier.html.gz", "Mit unserem Newsletter"),
    ("real/aeb_14cc2a0ca59c62a8c9f205a171e9ccf4ef4cf69b0c642f51c8c65c051b39024f.html.gz", "Terms & Conditions"),
    ("real/aeb_14cc2a0ca59c62a8c9f205a171e9ccf4ef4cf69b0c642f51c8c65c051b39024f.html.gz", "All rights reserved"),
    ("real/aeb_c00962aabe7bdd1fca78f5360ea7fa93cd7674863b05157e00827506a7aa58c4.html.gz", "Subscribe to our weekly newsletter"),
    ("layouts/linked_headlines.html", "Új játszótér épül a Petőfi utcában"),
    ("layouts/linked_headlines.html", "2019. május 15."),  # the date of a linked item that went
    ("layouts/linked_headlines.html", "városfejlesztés"),  # a tag cloud: a long line of nothing but links
    ("real/aeb_aadb38e527d5379306de3b910ec62cb2447cc1035686b2b2d152580f8f8a1ea2.html.gz", "2017 Lexus LC500 coupe arrives in the Philippines"),
    ("real/aeb_aadb38e527d5379306de3b910ec62cb2447cc1035686b2b2d152580f8f8a1ea2.html.gz", "NAIAS 2016: All-new Lexus LC500 makes world premiere"),
    ("real/aeb_aadb38e527d5379306de3b910ec62cb2447cc1035686b2b2d152580f8f8a1ea2.html.gz", "May 15, 2017"),
    ("real/aeb_b37be3535e1fb61e5a238b7fa1ead1ad98b651cb09f138efadac3d54a122fb21.html.gz", "Join the conversation"),
    ("real/aeb_b37be3535e1fb61e5a238b7fa1ead1ad98b651cb09f138efadac3d54a122fb21.html.gz", "The story behind the first batch of cookies in space"),
    ("real/aeb_b3c19dd5f0612d098788fa5173e491b3280da6226b492f8fe110f4ab1896cca8.html.gz", "Você pode gostar"),
    ("real/aeb_b3c19dd5f0612d098788fa5173e491b3280da6226b492f8fe110f4ab1896cca8.html.gz", "A vida requer da gente otimismo e coragem"),
]


@pytest.mark.parametrize(("page", "phrase"), KEEP)
def test_content_stays(page: str, phrase: str) -> None:
    assert phrase in " ".join(_clean(page).paragraphs)


@pytest.mark.parametrize(("page", "phrase"), DROP)
def test_chrome_goes(page: str, phrase: str) -> None:
    assert phrase not in " ".join(_clean(page).paragraphs)


def test_the_webforms_headline_is_the_page_s_not_the_site_s() -> None:
    assert _clean("layouts/webforms.html").title == "Kerékpárút építése Tata és Tóvároskert között"


def test_a_page_whose_blocks_all_look_like_chrome_falls_back_to_its_prose() -> None:
    assert _clean("layouts/widget_blocks.html").density_fallback
    assert not _clean("layouts/webforms.html").density_fallback


def test_a_large_page_keeps_its_text() -> None:
    """13 MB: a 12 MB inline script (past libxml2's 10 MB text-node limit) and a 20,000-link archive
    before the article; the page reaches the parser as decoded text, never as undeclared bytes."""
    script = "<script>var data='" + "QUJD" * 3_000_000 + "';</script>"
    archive = "".join(f'<li><a href="/hir/{number}">Hír {number} – őszi programok</a></li>' for number in range(20_000))
    page = (
        '<html><head><meta charset="utf-8"><title>Archívum</title></head><body>'
        f'{script}<ul class="archive">{archive}</ul><article><h1>Ősszel is nyitva a tájház</h1>'
        "<p>A tájház októberben is várja a látogatókat, hétvégenként tíztől négyig, előzetes bejelentkezéssel "
        "hétköznap is.</p></article></body></html>"
    ).encode()
    clean = strip_boilerplate(decode_page(page, path="archive.html", is_html=True), is_html=True)
    assert clean.title == "Ősszel is nyitva a tájház"
    assert "előzetes bejelentkezéssel hétköznap is." in clean.text
    assert "őszi programok" not in clean.text


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("By Jill Disis, CNN Business", True),
        ("Von Andreas Kürten", True),
        ("Nov. 19, 2019 8:03 am ET", True),
        ("Updated 0339 GMT (1139 HKT) November 19, 2019", True),
        ("Von der Leyen sagte am Montag, dass sie kommt", False),
        ("Bystander effect explained in a new study.", False),
        ("A projekt 2019 tavaszán indult", False),
    ],
)
def test_author_and_posting_time_lines_are_chrome(line: str, chrome: bool) -> None:
    assert is_chrome_line(line) is chrome
