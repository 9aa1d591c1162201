"""Content that looks like chrome to a rule stays: runs that recur inside the content, paragraphs
beside linked headlines, words split by invisible characters or reading aids."""
from __future__ import annotations

import pytest

from indexer.cleaning import html, second_opinion
from indexer.cleaning.html import strip_boilerplate
from indexer.cleaning.lines import collapse

_PROSE = [
    "A kivitelező kicseréli a nyílászárókat, hőszigeteli a homlokzatot és a födémet, a nagyterem új fűtést kap.",
    "A beruházás része a mozgáskorlátozottak számára akadálymentes bejárat és mosdó kialakítása is.",
    "Az épület tetejére napelemes rendszer kerül, amely az intézmény áramigényének felét fedezi.",
    "A munkák idején a könyvtár a polgármesteri hivatal földszintjén fogadja az olvasókat.",
]


def _text(body: str) -> str:
    return strip_boilerplate(f"<html><body><h1>Megújul a művelődési ház</h1>{body}</body></html>", is_html=True).text


def test_soft_hyphens_and_zero_width_spaces_do_not_split_words() -> None:
    text = _text("<p>Az ön&shy;kor&shy;mány&shy;zat a Mit\u00adtel\u00adal\u00adter\u200bkor épült házat újítja fel, "
                 "a munkák jövő tavasszal kezdődnek.</p>")
    assert "önkormányzat" in text and "Mittelalterkor" in text
    assert collapse("fej\u00adlesz\u2060tés\ufeff") == "fejlesztés"


def test_a_ruby_s_reading_aid_is_not_read_into_the_word() -> None:
    text = _text("<p><ruby>子<rt>こ</rt></ruby>どもへの<ruby>虐待<rp>(</rp><rt>ぎゃくたい</rt><rp>)</rp></ruby>をなくすための法律ができました。"
                 "新しい法律では親が子どもをたたくことを禁止しています。</p>")
    assert "子どもへの虐待をなくすための法律" in text
    assert "ぎゃくたい" not in text


def test_a_short_run_that_recurs_in_the_content_stays() -> None:
    """A weekly menu repeats the same rows under every day: content, not a copy of the page."""
    days = ("Hétfő", "Kedd", "Szerda", "Csütörtök")
    rows = "<p>Tízórai</p><p>Egy pohár tej</p><p>Egy alma</p>"
    body = "".join(f"<h3>{day}</h3>{rows}<p>{prose}</p>" for day, prose in zip(days, _PROSE, strict=True))
    assert _text(f"<div>{body}</div>").count("Egy pohár tej") == 4


def test_a_second_copy_of_the_main_block_goes() -> None:
    article = "".join(f"<p>{prose}</p>" for prose in _PROSE)
    text = _text(f"<div>{article}</div><div class='print-version'>{article}</div>")
    assert text.count(_PROSE[0]) == 1


def test_paragraphs_after_linked_headlines_inside_an_article_stay() -> None:
    """A news site puts a link to another story between the paragraphs: the paragraph after it is
    still the article's (a teaser box runs headline, teaser, headline, teaser)."""
    related = ["Átadták a felújított sportcsarnokot", "Új buszmegálló épül a főtéren", "Lakossági fórum a hulladékról"]
    body = (f"<p>{_PROSE[0]}</p>"
            + "".join(f"<p><a href='/hir/{n}'>{title}</a></p><p>{prose}</p><p>A részletekről a hivatal honlapján tájékozódhatnak, hétköznap reggel nyolctól.</p>"
                      for n, (title, prose) in enumerate(zip(related, _PROSE[1:], strict=True))))
    text = _text(f"<article>{body}</article>")
    assert all(prose in text for prose in _PROSE)


def test_a_lone_label_row_beside_a_comment_is_no_data_block(monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = [_PROSE[0], _PROSE[1]]
    monkeypatch.setattr(second_opinion, "trafilatura_paragraphs", lambda markup: list(theirs))
    ours = ["Megújul a művelődési ház", "Rating: 36 Votes", "2 napja", "Helyszín: Kisvárda", "Időtartam: 12 hónap",
            "Kedvezményezett: Kisvárda Város Önkormányzata"]
    merged = second_opinion.second_opinion("<html></html>", ours)
    assert merged == [*theirs, "Helyszín: Kisvárda", "Időtartam: 12 hónap", "Kedvezményezett: Kisvárda Város Önkormányzata"]


def _grid_page(rows: int) -> str:
    """A project finder's result grid (jqGrid, as on emir.palyazat.gov.hu): every row is classed
    `ui-widget-content`, and half of each cell is a link, so none of it reads as prose."""
    cells = "".join(
        f'<tr role="row" class="ui-widget-content jqgrow ui-row-ltr"><td role="gridcell">TOP-1.1.1-15 - Gazdaságfejlesztés<br>'
        f'Település {n}<br><a href="#adatlap" onclick="adatlap({n});"><b>Település {n} Önkormányzata</b><br>Ipari park fejlesztése, {n}. ütem</a></td>'
        f'<td role="gridcell">2016.05.{n % 28 + 1:02d}</td><td role="gridcell">{n * 1000 + 18_495_000}</td></tr>'
        for n in range(rows)
    )
    return (
        "<html><head><title>Támogatott projekt kereső</title></head><body>"
        "<div id='menu'><a href='/'>Főoldal</a> | <a href='/terkep'>Térkép</a> | <a href='/kereso'>Kereső</a></div>"
        "<form id='kereso'><label>Szűrési paraméterek kiválasztása</label><select><option>Minden program</option></select></form>"
        f"<div class='ui-jqgrid'><table id='grid' class='ui-jqgrid-btable'><tbody>{cells}</tbody></table></div>"
        "</body></html>"
    )


def test_a_grid_of_projects_whose_rows_are_classed_as_widgets_keeps_its_rows() -> None:
    """The rules by name drop each row; the kept text is then a sliver of what the page shows."""
    clean = strip_boilerplate(_grid_page(40), is_html=True)
    assert all(f"Ipari park fejlesztése, {n}. ütem" in clean.text for n in range(40))
    assert clean.density_fallback


def test_a_title_named_by_class_or_id_heads_a_page_without_heading_tags() -> None:
    """ASP.NET WebForms writes its headline as `<span id="…_lblCim" class="cim">`; the site's name
    stands in the `<title>` and a header span."""
    page = (
        "<html><head><title>Kiskunsági Nemzeti Park Igazgatóság</title></head><body><form id='aspnetForm'>"
        "<div id='ctl00_fejlec'><span id='ctl00_lblNev' class='site-title'>Kiskunsági Nemzeti Park Igazgatóság</span></div>"
        "<div id='ctl00_ContentPlaceHolder1_pnlTartalom'>"
        "<span id='ctl00_ContentPlaceHolder1_lblCim' class='cim'>Védett fajok megőrzése a kecskeméti térségben</span>"
        + "".join(f"<p>{prose}</p>" for prose in _PROSE)
        + "</div></form></body></html>"
    )
    clean = strip_boilerplate(page, is_html=True)
    assert clean.title == "Védett fajok megőrzése a kecskeméti térségben"
    assert all(prose in clean.body for prose in _PROSE)


def test_a_tag_page_of_bare_headlines_keeps_them_and_not_its_menu(monkeypatch: pytest.MonkeyPatch) -> None:
    """An archive, a tag page or a list of notices is a list of linked headlines with no teasers:
    they are the page when nothing else is left of it (here without trafilatura's second opinion,
    which such a page also asks for). A menu's items are shorter than a headline."""
    monkeypatch.setattr(html, "second_opinion", lambda markup, ours: None)
    headlines = [
        "Elkészült az új kerékpárút a város és a szomszédos község között",
        "Lakossági fórumot tart az önkormányzat a főtér felújításáról",
        "Napelemeket kapnak az óvodák és az iskolák épületei tavasszal",
        "Pályázati támogatásból újul meg a művelődési ház nagyterme",
    ]
    menu = "".join(f"<li><a href='/{word}'>{word}</a></li>" for word in ("Főoldal", "Hírek", "Projektek", "Kapcsolat"))
    items = "".join(f"<div><h3><a href='/hir/{n}'>{text}</a></h3><span>2021. 03. {n + 10}.</span></div>" for n, text in enumerate(headlines))
    page = f"<html><body><div id='fejlec'><ul>{menu}</ul></div><div id='tartalom'><h1>Címke: fejlesztés</h1>{items}</div></body></html>"
    text = strip_boilerplate(page, is_html=True).text
    assert all(headline in text for headline in headlines)
    assert "Kapcsolat" not in text


def test_a_page_without_prose_is_not_cut_to_a_fragment() -> None:
    """A weekly archive (transindex.ro): linked headlines with their times, no paragraph of prose.
    With no prose there is no densest block to cut the page down to."""
    headlines = [
        "A megyei közgyűlés elfogadta az idei fejlesztési tervet",
        "Felújították a Hármashalom-oltárt a templom nyolcszázadik évfordulójára",
        "Lehavazott a hegyen, a túraútvonalakat ideiglenesen lezárták",
        "Nyolc új buszt állít forgalomba a városi közlekedési vállalat",
    ]
    rows = "".join(f"<tr><td><a href='/cikk/{n}'>{text}</a> [2019-04-2{n} 09:50:30]</td></tr>" for n, text in enumerate(headlines))
    page = (f"<html><body><table><tr><td>2021. június 22. kedd, Paulina</td></tr><tr><td><b>2019 - 17. hét</b></td></tr>{rows}"
            "</table></body></html>")
    text = strip_boilerplate(page, is_html=True).text
    assert all(headline in text for headline in headlines)


def test_letters_written_with_combining_marks_are_composed() -> None:
    text = _text("<p>A fejleszte\u0301s az o\u030bszi ido\u030bszakban fejezo\u030bdik be, a munka\u0301k a terv szerint haladnak.</p>")
    assert "fejlesztés az őszi időszakban fejeződik be" in text


def test_calls_to_subscribe_that_end_a_page_go_but_not_in_its_middle() -> None:
    body = (f"<p>{_PROSE[0]}</p><p>A hírlevélre feliratkozott lakosok elsőként kapnak értesítést a lezárásokról, ezért "
            f"a hivatal arra kéri a környéken lakókat, hogy iratkozzanak fel.</p><p>{_PROSE[1]}</p>"
            "<p>Iratkozzon fel hírlevelünkre, és elsőként értesül a város híreiről!</p><p>© 2021 Kisvárda Város Önkormányzata</p>")
    text = _text(f"<article>{body}</article>")
    assert "A hírlevélre feliratkozott lakosok" in text and _PROSE[1] in text
    assert "Iratkozzon fel hírlevelünkre" not in text and "©" not in text


def test_a_table_of_projects_keeps_every_row_whose_name_is_a_link() -> None:
    """A municipality's project list: code, linked name, grant. A row with a plain cell is a record,
    however much of it the link covers."""
    rows = [
        ("TOP-1.1.1-15-FE1-2016-00012", "Ipari park fejlesztése Bicskén", "250 000 000 Ft"),
        ("TOP-4.2.1-15-FE1-2016-00008", "Szociális alapszolgáltatások infrastruktúrájának bővítése", "60 000 000 Ft"),
        ("TOP-3.2.1-15-FE1-2016-00021", "Önkormányzati épületek energetikai korszerűsítése", "140 000 000 Ft"),
    ]
    cells = "".join(f"<tr><td>{code}</td><td><a href='/projekt/{n}'>{name}</a></td><td>{grant}</td></tr>"
                    for n, (code, name, grant) in enumerate(rows))
    text = _text("<p>Az önkormányzat az elmúlt években az alábbi európai uniós projekteket valósította meg.</p>"
                 f"<table><tr><th>Azonosító</th><th>Projekt</th><th>Támogatás</th></tr>{cells}</table>")
    assert all(f"{code} {name} {grant}" in text for code, name, grant in rows)


def test_a_subheading_whose_id_anchors_a_table_of_contents_stays() -> None:
    body = (f"<article><p>{_PROSE[0]}</p><h3 class='subheading' id='nav_a_munkak_menete__1'>A munkák menete</h3>"
            f"<p>{_PROSE[1]}</p><p>{_PROSE[2]}</p></article>")
    assert "A munkák menete" in _text(body)


def test_a_link_that_shows_its_address_is_a_cited_source() -> None:
    body = (f"<article><p>{_PROSE[0]}</p><p>A pályázati felhívás teljes szövege:</p>"
            f"<p><a href='https://www.palyazat.gov.hu/top-111-15'>https://www.palyazat.gov.hu/top-111-15</a></p><p>{_PROSE[1]}</p></article>")
    assert "https://www.palyazat.gov.hu/top-111-15" in _text(body)


@pytest.mark.parametrize("line", ["Hirdetés", "Advertisement", "Fotó: MTI/Kovács Tamás", "Natalie Naccache | Bloomberg | Getty Images"])
def test_ad_slot_labels_and_photo_credits_go(line: str) -> None:
    body = f"<article><p>{_PROSE[0]}</p><p>{line}</p><p>{_PROSE[1]}</p></article>"
    text = _text(body)
    assert _PROSE[1] in text and line not in text
