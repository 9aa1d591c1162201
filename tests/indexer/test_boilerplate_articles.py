"""Which article a page is, and what belongs to it: its own header and lede, the one the `<title>`
names among stacked articles, its text beside a long comment thread; captions, credits and
class-hidden blocks beside it go."""
from __future__ import annotations

import pytest

from indexer.cleaning import second_opinion
from indexer.cleaning.html import strip_boilerplate
from indexer.records import CleanPage

_PROSE = [
    "A kivitelező kicseréli a nyílászárókat, hőszigeteli a homlokzatot és a födémet, a nagyterem új fűtést kap.",
    "A beruházás része a mozgáskorlátozottak számára akadálymentes bejárat és mosdó kialakítása is.",
    "Az épület tetejére napelemes rendszer kerül, amely az intézmény áramigényének felét fedezi.",
    "A munkák idején a könyvtár a polgármesteri hivatal földszintjén fogadja az olvasókat.",
]
_ARTICLE = "".join(f"<p>{prose}</p>" for prose in _PROSE)
_LEDE = "A város százmillió forint uniós támogatást nyert a művelődési ház energetikai korszerűsítésére, a munka tavasszal indul."


def _clean(body: str, title: str = "Megújul a művelődési ház") -> CleanPage:
    return strip_boilerplate(f"<html><head><title>{title} | Kisbér</title></head><body>{body}</body></html>", is_html=True)


def test_a_header_that_holds_paragraphs_of_text_is_content() -> None:
    """A page builder sets each section's text inside `<header class="description">`."""
    sections = "".join(
        f"<section><article><header class='description'><h3>{n}. ütem</h3><div><p>{first}</p><p>{second}</p></div>"
        "</header></article></section>"
        for n, (first, second) in enumerate([(_PROSE[0], _PROSE[1]), (_PROSE[2], _PROSE[3])], start=1)
    )
    text = _clean(f"<header><a href='/'>Kisbér</a><nav><a href='/hirek'>Hírek</a></nav></header><main>{sections}</main>").text
    assert all(prose in text for prose in _PROSE)


def test_the_site_header_goes_even_with_a_long_tagline() -> None:
    tagline = ("Kisbér Város Önkormányzatának hivatalos honlapja: hírek, rendeletek, pályázatok, ügyintézés és "
               "közérdekű adatok a város lakóinak, vállalkozásainak és minden ide látogató vendégnek, egész évben. ") * 2
    more = "".join(f"<p>{prose} A részletekről a hivatal honlapján tájékozódhatnak.</p>" for prose in _PROSE)
    text = _clean(f"<header><p>{tagline}</p></header><h1>Megújul a művelődési ház</h1><div>{_ARTICLE}{more}</div>").text
    assert "hivatalos honlapja" not in text
    assert _PROSE[0] in text


def test_an_article_s_own_header_keeps_its_title_and_lede() -> None:
    body = (
        "<header class='site'><h1 class='section-name'>Hírek</h1></header><main><article>"
        f"<header class='entry__header'><h2 class='entry__title'>Megújul a művelődési ház</h2><p class='subtitle'>{_LEDE}</p></header>"
        f"<div class='entry__body'>{_ARTICLE}</div></article></main>"
    )
    clean = _clean(body)
    assert clean.title == "Megújul a művelődési ház"
    assert _LEDE in clean.text


def test_with_no_heading_tag_the_article_keeps_its_styled_headline_and_lede() -> None:
    body = (
        "<main><article><div class='article-header'><div class='imp-h1'>Megújul a művelődési ház</div>"
        f"<p class='article-excerpt'>{_LEDE}</p></div>"
        f"<div class='article-content'>{_ARTICLE}<h2>Mikor zár be a könyvtár?</h2><p>{_PROSE[0]}</p></div></article></main>"
    )
    assert _LEDE in _clean(body).text


def test_the_article_the_title_names_is_the_page_among_stacked_ones() -> None:
    """An infinite-scroll page: the page's article, then the next ones the site loads under it (longer here)."""
    other = "A sportcsarnok új parkettát és lelátót kap, a felújítás a nyári szünetben zajlik, a csapatok addig a tornateremben edzenek."
    stacked = "".join(
        f"<article class='entry'><h1>{title}</h1>{body}</article>"
        for title, body in [
            ("Megújul a művelődési ház", _ARTICLE),
            ("Felújítják a sportcsarnokot", f"<p>{other}</p>" * 6),
            ("Új buszmegálló a Fő utcán", f"<p>{other}</p>" * 3),
        ]
    )
    clean = _clean(f"<main><div class='stream'>{stacked}</div></main>")
    assert all(prose in clean.text for prose in _PROSE)
    assert other not in clean.text


def test_the_heading_the_title_names_is_the_headline_and_the_lede_stays() -> None:
    """The content holds only an `<h2>` lede; the headline is the `<h1>` above it, which the `<title>` names."""
    body = (f"<h1>Megújul a művelődési ház</h1><main><h2>{_LEDE}</h2>{_ARTICLE}</main>")
    clean = _clean(body)
    assert clean.title == "Megújul a művelődési ház"
    assert _LEDE in clean.body


def test_a_long_comment_thread_does_not_send_the_article_to_the_fallback() -> None:
    comment = ("Szerintem ez nagyon jó hír, a régi épület már tényleg rossz állapotban volt, "
               "a fűtés télen alig működött, és a mosdók is felújításra szorultak már évek óta.")
    thread = "".join(f"<li class='comment'><p>{comment} ({n}. hozzászólás)</p><p>{comment}</p></li>" for n in range(12))
    clean = _clean(f"<h1>Megújul a művelődési ház</h1><article>{_ARTICLE}<ol class='comment-list'>{thread}</ol></article>")
    assert not clean.density_fallback
    assert all(prose in clean.text for prose in _PROSE)
    assert "rossz állapotban volt" not in clean.text


@pytest.mark.parametrize(
    ("block", "shown"),
    [
        ("<div class='hidden'><p>Rejtett nyomtatási változat a teljes cikkből, a mobilnézet számára készült másolat.</p></div>", False),
        ("<div class='hideContent'><p>Rejtett nyomtatási változat a teljes cikkből, a mobilnézet számára készült másolat.</p></div>", False),
        ("<div class='hidden lg:block'><p>Rejtett nyomtatási változat a teljes cikkből, a mobilnézet számára készült másolat.</p></div>", True),
        ("<div class='overflow-hidden'><p>Rejtett nyomtatási változat a teljes cikkből, a mobilnézet számára készült másolat.</p></div>", True),
    ],
)
def test_a_block_hidden_by_its_class_goes_unless_a_breakpoint_shows_it(block: str, shown: bool) -> None:
    text = _clean(f"<h1>Megújul a művelődési ház</h1><div>{_ARTICLE}{block}</div>").text
    assert ("Rejtett nyomtatási változat" in text) is shown


@pytest.mark.parametrize(
    "caption",
    [
        "<div class='legend'><div class='content'>A régi nagyterem a felújítás előtt, a színpad felől nézve.</div></div>",
        "<p class='imagedescription'>A régi nagyterem a felújítás előtt, a színpad felől nézve.</p>",
        "<p>A régi nagyterem a felújítás előtt, a színpad felől nézve. Fotó: Kisbéri Hírek</p>",
    ],
)
def test_a_picture_s_caption_goes(caption: str) -> None:
    text = _clean(f"<h1>Megújul a művelődési ház</h1><div><p>{_PROSE[0]}</p>{caption}<p>{_PROSE[1]}</p><p>{_PROSE[2]}</p></div>").text
    assert "a színpad felől nézve" not in text
    assert _PROSE[1] in text


def test_a_most_read_box_goes_with_its_unlinked_headlines() -> None:
    items = "".join(
        f"<div class='rail__item'><h3>{kicker}</h3><span>{headline}</span><a href='/hir/{n}'></a></div>"
        for n, (kicker, headline) in enumerate([
            ("ÚJ BÖLCSŐDE", "Elkészült a bölcsőde, szeptemberben nyit"), ("FORGALOMKORLÁTOZÁS", "Lezárják a Fő utcát a hétvégén"),
        ])
    )
    text = _clean(f"<h1>Megújul a művelődési ház</h1><div>{_ARTICLE}</div><div class='rail'><h3>Legolvasottabb</h3>{items}</div>").text
    assert "Elkészült a bölcsőde" not in text and "Lezárják a Fő utcát" not in text
    assert _PROSE[3] in text


def test_the_second_reader_s_paragraphs_pass_our_line_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = [_PROSE[0], _PROSE[1], "Fotó: Kisbéri Hírek", _PROSE[2], "Kövessen minket a Facebookon is!"]
    monkeypatch.setattr(second_opinion, "trafilatura_paragraphs", lambda markup: list(theirs))
    unsure = (
        f"<h1>Megújul a művelődési ház</h1><div><p>{_PROSE[0]}</p><p>{_PROSE[1]}</p></div>"
        "<div><p>Iratkozzon fel hírlevelünkre, és elsőként értesül a város minden fontos eseményéről, programjáról.</p>"
        "<p>A szerző a városi lap munkatársa, húsz éve ír a település közéletéről, kultúrájáról és sportjáról.</p></div>"
    )
    clean = _clean(unsure)
    assert clean.second_opinion
    assert _PROSE[2] in clean.text
    assert "Fotó:" not in clean.text and "Kövessen minket" not in clean.text
