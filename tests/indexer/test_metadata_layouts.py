"""Project metadata from every way a page lays out its data rows, through boilerplate removal as a
build runs it: `<th>`/`<td>` and two-`<td>` tables, `<dl>`, bold labels, `Label: value` lines and an
ASP.NET WebForms page; a data row wins over a sum a sentence quotes; footer counters feed nothing."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from indexer.cleaning.html import strip_boilerplate
from indexer.cleaning.site_templates import learn_templates
from indexer.metadata.extract import ProjectMeta, extract_metadata
from indexer.pipeline import finish_page, strip_page
from indexer.records import RawPage

PROSE = ("<p>A projekt célja a tatai Kuny Domokos Múzeum épületének energetikai korszerűsítése: a nyílászárók "
         "cseréje, a homlokzat hőszigetelése és napelemes rendszer telepítése, ezáltal az üzemeltetési költségek "
         "csökkentése.</p>")
ROWS = (
    ("Projekt azonosító", "TOP-6.5.1-16-KO1-2017-00004"),
    ("Kedvezményezett neve", "Tata Város Önkormányzata"),
    ("Támogatás összege", "29 997 512 Ft"),
    ("Megvalósítás időszaka", "2017.03.01 – 2019.06.30"),
    ("Alap", "Európai Regionális Fejlesztési Alap"),
)


def _cells(first: str, colon: str) -> str:
    return "<table>" + "".join(f"<tr><{first}>{k}{colon}</{first}><td>{v}</td></tr>" for k, v in ROWS) + "</table>"


LAYOUTS: dict[str, Callable[[], str]] = {
    "th-td": lambda: _cells("th", ""),
    "th-td with colons": lambda: _cells("th", ":"),
    "two td": lambda: _cells("td", ""),
    "dl": lambda: "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in ROWS) + "</dl>",
    "bold label and colon": lambda: "".join(f"<p><b>{k}:</b> {v}</p>" for k, v in ROWS),
    "bold label without colon": lambda: "".join(f"<p><strong>{k}</strong> {v}</p>" for k, v in ROWS),
    "bold label over its value": lambda: "<div>" + "".join(f"<strong>{k}</strong><br>{v}<br>" for k, v in ROWS) + "</div>",
    "Label: value lines": lambda: "<p>" + "<br>\n".join(f"{k}: {v}" for k, v in ROWS) + "</p>",
    "div columns": lambda: "".join(f"<div class='row'><div class='col-4'>{k}</div><div class='col-8'>{v}</div></div>"
                                   for k, v in ROWS),
}
EXPECTED = {
    "project_id": "TOP-6.5.1-16-KO1-2017-00004",
    "beneficiary": "Tata Város Önkormányzata",
    "budget_huf": 29_997_512,
    "years": (2017, 2018, 2019),
    "funder": ("Európai Regionális Fejlesztési Alap",),
    "county": "Komárom-Esztergom",
}


def _meta(markup: str) -> ProjectMeta:
    clean = strip_boilerplate(markup, is_html=True)
    return extract_metadata(clean.text, title=clean.title, image_names=clean.image_names)


def _page(data_block: str) -> str:
    return (f"<html><head><title>Tata Város honlapja</title></head><body><h1>A múzeum energetikai korszerűsítése</h1>"
            f"{PROSE}{data_block}</body></html>")


@pytest.mark.parametrize("field", sorted(EXPECTED))
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_row_layout_yields_the_field(layout: str, field: str) -> None:
    assert getattr(_meta(_page(LAYOUTS[layout]())), field) == EXPECTED[field]


WEBFORMS = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head id="ctl00_Head1"><title>Komárom-Esztergom Megyei Önkormányzat</title></head>
<body><form name="aspnetForm" method="post" action="./projekt.aspx?id=4" id="aspnetForm">
<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRk" /></div>
<script type="text/javascript">var theForm = document.forms['aspnetForm'];</script>
<div id="ctl00_wrapper"><div id="ctl00_menu"><a href="/">Főoldal</a> | <a href="/hirek.aspx">Hírek</a> |
<a href="/palyazatok.aspx">Pályázatok</a></div><div id="ctl00_ContentPlaceHolder1_pnlTartalom">
<span id="ctl00_ContentPlaceHolder1_lblCim" class="cim">A múzeum energetikai korszerűsítése</span>
<table id="ctl00_ContentPlaceHolder1_gvAdatok">{rows}</table>{prose}
<p>A projekt 29,99 millió forint vissza nem térítendő támogatásból valósul meg.</p></div>
<div class="also">Látogatók száma: 048213 – Utolsó frissítés: 2019. március 12.</div></div></form></body></html>"""


@pytest.mark.parametrize("field", sorted(EXPECTED))
def test_a_webforms_page_inside_its_form_yields_its_metadata(field: str) -> None:
    rows = "".join(f"<tr><td class='cimke'>{k}:</td><td>{v}</td></tr>" for k, v in ROWS)
    assert getattr(_meta(WEBFORMS.format(rows=rows, prose=PROSE)), field) == EXPECTED[field]


def test_a_short_webforms_page_under_a_long_menu_keeps_its_form() -> None:
    menu = "".join(f"<li><a href='/oldal{number}.aspx'>Menüpont {number}</a></li>" for number in range(40))
    page = (f"<html><body><form id='aspnetForm' method='post'><ul>{menu}</ul><h2>A múzeum felújítása</h2>"
            f"<p>Projekt azonosító: {EXPECTED['project_id']}</p></form>"
            "<form id='kereso'><input name='q'> Keresés</form></body></html>")
    clean = strip_boilerplate(page, is_html=True)
    assert f"Projekt azonosító: {EXPECTED['project_id']}" in clean.paragraphs
    assert "Keresés" not in clean.text


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("sentence", [
    "A projekt 29,99 millió forint vissza nem térítendő támogatásból valósul meg.",
    "Az elnyert támogatás 29,99 millió Ft, amelyet a város saját forrással egészít ki.",
    "A támogatás összege: 29,99 millió Ft.",
], ids=["grant suffix", "grant label", "rounded row"])
def test_the_data_block_wins_over_a_sum_in_prose(sentence: str, where: str) -> None:
    prose, block = f"<p>{sentence}</p>", _cells("th", "")
    assert _meta(_page(prose + block if where == "before" else block + prose)).budget_huf == 29_997_512


@pytest.mark.parametrize("footer", [
    "Látogatók száma: 048213 – Utolsó frissítés: 2019. március 12.",
    "© 2019 Tata Város Önkormányzata – Látogatók száma: 048213",
    "Utolsó frissítés: 2019. március 12. | Látogatók száma: 048213",
], ids=["counter first", "after the copyright", "after the edit date"])
def test_a_visitor_counter_line_is_chrome_and_feeds_nothing(footer: str) -> None:
    page = _page(_cells("th", ":")).replace("</body>", f"<div class='also'>{footer}</div></body>")
    clean = strip_boilerplate(page, is_html=True)
    meta = extract_metadata(clean.text, title=clean.title)
    assert "048213" not in clean.text
    assert (meta.project_id, meta.end_date) == (EXPECTED["project_id"], "2019-06-30")


# TOP has measures of both the ERDF and the ESF: the programme alone names no fund.
FUNDING = "<h2>A projekt adatai</h2><p>Program: Terület- és Településfejlesztési Operatív Program</p>"


def test_a_fund_row_names_the_funder_of_a_programme_with_several_funds() -> None:
    meta = _meta(_page(f"{FUNDING}<p>Alap: Európai Szociális Alap</p>"))
    assert (meta.programme, meta.funder) == ("TOP", ("Európai Szociális Alap",))


@pytest.mark.parametrize("line", [
    "Forrás: Európai Bizottság sajtóközleménye",  # where a text came from, not who paid
    "Alapvető cél, hogy az Európai Szociális Alap programjai a helyi igényekhez igazodjanak.",
], ids=["source", "sentence"])
def test_a_source_line_or_a_sentence_is_no_fund_row(line: str) -> None:
    meta = _meta(_page(f"{FUNDING}<p>{line}</p>"))
    assert (meta.programme, meta.funder) == ("TOP", ())


def test_data_rows_printed_on_every_page_of_a_site_stay() -> None:
    """A county site's beneficiary and fund rows recur, with their neighbours, on every project page."""
    things = ("múzeum", "kórház", "iskola", "óvoda", "könyvtár", "uszoda")
    raws = []
    for number, thing in enumerate(things):
        rows = (("Projekt azonosító", f"TOP-6.5.1-16-KO1-2017-0000{number}"),
                ("Kedvezményezett", "Komárom-Esztergom Megyei Önkormányzat"),
                ("Alap", "Európai Szociális Alap"), ("Program", "Terület- és Településfejlesztési Operatív Program"))
        table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
        markup = (f"<html><body><h1>A {thing} akadálymentesítése</h1><table>{table}</table>"
                  f"<p>{PROSE.replace('múzeum', thing)}</p></body></html>")
        raws.append(RawPage(path=f"p{number}.html", data=markup.encode(), url=f"https://www.kemoh.hu/projekt.aspx?id={number}"))
    stripped = [strip_page(raw) for raw in raws]
    templates = learn_templates((page.clean, page.site) for page in stripped)
    document = finish_page(stripped[0], templates)
    assert "Alap: Európai Szociális Alap" in document.text
    assert (document.beneficiary, document.funder) == ("Komárom-Esztergom Megyei Önkormányzat", ("Európai Szociális Alap",))


def test_a_period_in_years_only_gives_the_years_and_no_dates() -> None:
    meta = _meta(_page("<table><tr><th>Projekt azonosító</th><td>TOP-6.5.1-16-KO1-2017-00004</td></tr>"
                       "<tr><th>Megvalósítás időszaka</th><td>2017–2019</td></tr></table>"))
    assert (meta.years, meta.start_date, meta.end_date) == ((2017, 2018, 2019), None, None)


def test_the_id_row_wins_over_an_id_a_sentence_mentions() -> None:
    earlier = "<p>A projekt azonosítója a korábbi ütemben TOP-6.5.1-15-KO1-2016-00001 volt, ez a folytatása.</p>"
    assert _meta(_page(earlier + _cells("th", ""))).project_id == EXPECTED["project_id"]
