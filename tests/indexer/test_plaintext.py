"""Text pages (a crawler's extracted text): what stands above the line chosen as the headline."""
from __future__ import annotations

import pytest

from indexer.cleaning.text import strip_plain_text

LEAD = "A képviselő-testület május 12-i ülésén döntött a pályázat benyújtásáról, a munkák még idén elkezdődnek."
ROW = "Projekt azonosító: TOP-1.4.1-19-ZA1-2019-00012"
PAGE = (f"Főoldal\nHírek\nPályázatok\nKapcsolat\n{LEAD}\n\n{ROW}\n\nÓvodafejlesztés Pacsán\n\n"
        "A projekt célja a Pacsai Napközi Otthonos Óvoda épületének bővítése és energetikai korszerűsítése.\n")


def test_the_headline_is_the_first_headline_shaped_line() -> None:
    assert strip_plain_text(PAGE).title == "Óvodafejlesztés Pacsán"


@pytest.mark.parametrize("kept", [LEAD, ROW], ids=["sentence", "data row"])
def test_sentences_and_rows_above_the_headline_stay(kept: str) -> None:
    assert kept in strip_plain_text(PAGE).paragraphs


@pytest.mark.parametrize("kept", ["Azonosító szám:", "TOP-1.4.1-19-ZA1-2019-00012", "Futamidő: 2019–2021"])
def test_stacked_rows_above_the_headline_stay(kept: str) -> None:
    page = (f"Főoldal\nHírek\nPályázatok\nKapcsolat\nFaluház:\n\n2020.12.19. 17:00-19:00\n\nAzonosító szám:\n\n"
            f"TOP-1.4.1-19-ZA1-2019-00012\n\nFutamidő: 2019–2021\n\nÓvodafejlesztés Pacsán\n\n{LEAD}\n")
    assert kept in strip_plain_text(page).paragraphs


def test_an_event_list_above_the_headline_goes() -> None:
    page = f"Rendezvények:\n\nFaluház:\n\n2020.12.19. 17:00-19:00\n\nÓvodafejlesztés Pacsán\n\n{LEAD}\n"
    assert "Faluház:" not in strip_plain_text(page).paragraphs


@pytest.mark.parametrize("dropped", ["Főoldal", "Kapcsolat"])
def test_the_menu_above_the_headline_goes(dropped: str) -> None:
    assert dropped not in strip_plain_text(PAGE).paragraphs


def test_the_headline_comes_first() -> None:
    assert strip_plain_text(PAGE).paragraphs[0] == "Óvodafejlesztés Pacsán"


TAB_ROWS = ("Tolna Város Önkormányzata\n\nHáziorvosi rendelő korszerűsítése Tolnán\n\n"
            "Azonosító szám\tEFOP-1.8.2-19-2019-06438\nProjektgazda\tTolna Város Önkormányzata\n"
            "Futamidő\t2019. október 1.-2023. május 31.\n\n"
            "A védőnői szolgálat új, akadálymentes helyiségeket kap a felújított rendelőben.\n")


@pytest.mark.parametrize("row", [
    "Azonosító szám: EFOP-1.8.2-19-2019-06438",
    "Projektgazda: Tolna Város Önkormányzata",
    "Futamidő: 2019. október 1.-2023. május 31.",
])
def test_tab_separated_rows_read_as_rows_not_as_a_menu(row: str) -> None:
    assert row in strip_plain_text(TAB_ROWS).paragraphs


def test_a_line_of_several_tabs_is_no_row() -> None:
    page = f"Főoldal\tHírek\tPályázatok\tKapcsolat\n\n{TAB_ROWS}"
    assert not any(line.startswith("Főoldal:") for line in strip_plain_text(page).paragraphs)


def test_a_data_block_printed_twice_keeps_one_copy_whatever_its_labels() -> None:
    rows = "Cím: Külterületi helyi közutak fejlesztése\n\nVissza nem térítendő támogatás: 11 716 000,- Ft\n\nFutamidő: 2023–2024\n\n"
    page = f"Külterületi helyi közutak fejlesztése\n\n{rows}{LEAD}\n\n{rows}"
    paragraphs = strip_plain_text(page).paragraphs
    assert paragraphs.count("Vissza nem térítendő támogatás: 11 716 000,- Ft") == 1


def test_data_rows_closing_the_page_are_no_footer() -> None:
    page = f"Óvodafejlesztés Pacsán\n\n{LEAD}\n\nKezdés: 2016.11.01.\n\nBefejezés:\n\n2019.12.31\n\nvissza...\n"
    assert strip_plain_text(page).paragraphs[-2:] == ("Befejezés:", "2019.12.31")


@pytest.mark.parametrize("value", ["GINOP-1.2.1-17-2017-00114", "Nyírség-Plast Kft."])
def test_a_repeated_block_keeps_the_values_of_its_glossed_labels(value: str) -> None:
    rows = ("Projekt azonosító/Project ID:\n\nGINOP-1.2.1-17-2017-00114\n\nProjektgazda/Project Promoter\n\n"
            "Nyírség-Plast Kft.\n\nBefejezés/End:\n\n2018. 10. 31.\n\n")
    page = f"Kapacitásbővítő beruházás Ajkán\n\n{rows}{LEAD}\n\n{rows}"
    assert strip_plain_text(page).paragraphs.count(value) == 1
