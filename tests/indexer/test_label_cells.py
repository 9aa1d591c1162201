"""Table and definition-list rows read as `Label: value`; other cells run on with a space."""
from __future__ import annotations

import pytest

from indexer.cleaning.html import strip_boilerplate

PROSE = "<p>A projekt célja az óvoda épületének bővítése és energetikai korszerűsítése a településen.</p>"
# Prose after the row too: a short line that ends the page is a dropped box's title (test_boilerplate_layouts.py).
AFTER = "<p>A felújított épületben két új csoportszoba és egy tornaszoba várja a gyerekeket ősztől.</p>"


def _paragraphs(block: str) -> tuple[str, ...]:
    return strip_boilerplate(f"<html><body><h1>Óvodafejlesztés Pacsán</h1>{PROSE}{block}{AFTER}</body></html>", is_html=True).paragraphs


@pytest.mark.parametrize(("block", "row"), [
    ("<table><tr><th>Kedvezményezett</th><td>Pacsa Város Önkormányzata</td></tr></table>",
     "Kedvezményezett: Pacsa Város Önkormányzata"),
    ("<table><tr><td>Kedvezményezett neve</td><td>Pacsa Város Önkormányzata</td></tr></table>",
     "Kedvezményezett neve: Pacsa Város Önkormányzata"),
    ("<dl><dt>Projekt azonosító</dt><dd>TOP-1.4.1-19-ZA1-2019-00012</dd></dl>",
     "Projekt azonosító: TOP-1.4.1-19-ZA1-2019-00012"),
    ("<table><tr><th>Kedvezményezett:</th><td>Pacsa Város Önkormányzata</td></tr></table>",
     "Kedvezményezett: Pacsa Város Önkormányzata"),
], ids=["th-td", "two td", "dl", "colon kept single"])
def test_a_label_cell_and_its_value_read_as_a_row(block: str, row: str) -> None:
    assert row in _paragraphs(block)


@pytest.mark.parametrize(("block", "joined"), [
    ("<table><tr><td>Pacsa</td><td>Zalaszentmihály</td><td>Bak</td></tr></table>", "Pacsa Zalaszentmihály Bak"),
    ("<table><tr><td>2019</td><td>12 500 000 Ft</td></tr></table>", "2019 12 500 000 Ft"),
    ("<table><tr><td>Keresés</td><td><p>A projekt célja a helyi közösségek megerősítése.</p></td></tr></table>", "Keresés"),
    ("<table><tr><td><a href='/dok'>Dokumentumok</a></td><td>Pacsa Város Önkormányzata</td></tr></table>",
     "Dokumentumok Pacsa Város Önkormányzata"),
], ids=["three cells", "a number is no label", "a layout column", "a link"])
def test_other_cells_run_on_with_a_space(block: str, joined: str) -> None:
    assert joined in _paragraphs(block)


def test_a_data_row_ending_the_page_stays() -> None:
    """A short last line with a number is a data row, not the title of a box that was dropped."""
    html = f"<html><body><h1>Óvodafejlesztés Pacsán</h1>{PROSE}<table><tr><td>2019</td><td>12 500 000 Ft</td></tr></table></body></html>"
    assert "2019 12 500 000 Ft" in strip_boilerplate(html, is_html=True).paragraphs
