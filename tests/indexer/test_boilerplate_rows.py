"""Project data rows survive plain-text cleaning in every way the pages lay them out, and only the
content's images name a fund."""
from __future__ import annotations

from indexer.cleaning.html import strip_boilerplate
from indexer.metadata.extract import extract_metadata

EVENTS = "Rendezvények:\n\nLakossági fórum\nVárosháza:\n2017.04.25. 10:00-12:00\nSzakmai műhely\nVárosháza:\n2017.05.30. 17:00-19:00\n"
PROSE = ("A projekt célja a polgármesteri hivatal épületének energetikai korszerűsítése, ezáltal az üzemeltetési "
         "költségek csökkentése, és a fűtési rendszer cseréje is megtörténik a beruházás keretében.")


def _plain(text: str) -> str:
    return strip_boilerplate(text, is_html=False).text


def test_stacked_rows_keep_their_values_and_the_title_row_names_the_headline() -> None:
    page = (f"{EVENTS}{EVENTS}\nPROJEKT\n\nAKTUÁLIS\n\nGALÉRIA\n\n"
            "Épületek energetikai korszerűsítése Ráckevén\n\n"
            "A projekt azonosító száma:\n\nVEKOP-5.2.1-16-2016-00022\n\n"
            "A kedvezményezett neve:\n\nRáckeve Város Önkormányzata\n\n"
            "A projekt címe:\n\nÉpületek energetikai korszerűsítése Ráckevén\n\n"
            f"{PROSE}\n")
    clean = strip_boilerplate(page, is_html=False)
    assert clean.title == "Épületek energetikai korszerűsítése Ráckevén"
    assert "VEKOP-5.2.1-16-2016-00022" in clean.text  # capitalised, but a code, not a menu item
    assert "Lakossági fórum" not in clean.text and "GALÉRIA" not in clean.text
    assert extract_metadata(clean.text, title=clean.title).project_id == "VEKOP-5.2.1-16-2016-00022"


def test_a_bare_number_id_after_its_label_is_kept() -> None:
    page = ("Eszközbeszerzés a közösségi házba\n\nvissza...\n\nEszközbeszerzés a közösségi házba\n\n"
            f"A projekt azonosító száma:\n\n3133694977\n\n{PROSE}\n\n2024\n")
    text = _plain(page)
    assert "3133694977" in text
    assert "\n2024" not in text  # a lone number elsewhere is still calendar noise


def test_a_data_block_printed_twice_keeps_one_copy() -> None:
    rows = ("A projekt azonosító száma: EFOP-3.3.1-16-2016-00061\n\nA szerződött támogatás összege: 18.961.590,- Ft\n\n"
            "A támogatás mértéke (%-ban): 100%\n\n")
    page = f"A köznevelés fejlesztése Gyöngyösön\n\n{rows}{PROSE}\n\n{rows}"
    text = _plain(page)
    assert text.count("EFOP-3.3.1-16-2016-00061") == 1


def test_a_sidebar_banner_names_no_fund_but_the_content_infoblokk_does() -> None:
    page = f"""<html><body><main><article><h1>Tanoda program Szegeden</h1>
    <p>Projekt azonosító: EFOP-3.3.1-16-2016-00061</p><p>{PROSE}</p>
    <figure><img src="infoblokk.jpg" alt="infoblokk_kedv_final_felso_cmyk_ESZA"></figure></article></main>
    <aside class="sidebar"><section class="widget"><img src="sz2020.png" alt="infoblokk_kedv_final_felso_cmyk_ERFA"></section></aside>
    </body></html>"""
    clean = strip_boilerplate(page, is_html=True)
    assert "infoblokk_kedv_final_felso_cmyk_ESZA" in clean.image_names
    assert "infoblokk_kedv_final_felso_cmyk_ERFA" not in clean.image_names
