"""Settlement and county from inflected names."""

from __future__ import annotations

import pytest

from indexer.metadata.places import Place, find_place, is_national, seat_of


@pytest.mark.parametrize(("text", "settlement", "county"), [
    ("A köznevelés infrastruktúrájának fejlesztése Komlón", "Komló", "Baranya"),
    ("Csapadékvíz-elvezető rendszer fejlesztése Pécsett", "Pécs", "Baranya"),
    ("Szociális városrehabilitáció Győrben", "Győr", "Győr-Moson-Sopron"),
    ("Egészségfejlesztési programok a tatai járásban", "Tata", "Komárom-Esztergom"),
    ("Egri Szakképzési Centrum", "Eger", "Heves"),
    ("Ivóvízminőség-javítás – Rétság", "Rétság", "Nógrád"),
])
def test_find_place(text: str, settlement: str, county: str) -> None:
    assert find_place(text) == Place(settlement, county)


@pytest.mark.parametrize(("name", "want"), [
    ("Zala Megyei Önkormányzat", Place(None, "Zala")),
    ("Magyar Vöröskereszt Csongrád Megyei Szervezete", Place(None, "Csongrád-Csanád")),
    ("Együtt Tatáért Egyesület", Place("Tata", "Komárom-Esztergom")),
    ("Belügyminisztérium", Place(None, None)),
    ("Budapesti Műszaki és Gazdaságtudományi Egyetem", Place("Budapest", "Budapest")),
])
def test_seat_of(name: str, want: Place) -> None:
    assert seat_of(name) == want


@pytest.mark.parametrize(("name", "want"), [
    ("Országos Vízügyi Főigazgatóság", True),
    ("Magyar Máltai Szeretetszolgálat Egyesület", True),
    ("Őrségi Nemzeti Park Igazgatóság", False),
    ("Magyar Vöröskereszt Zala Megyei Szervezete", False),
])
def test_is_national(name: str, want: bool) -> None:
    assert is_national(name) is want
