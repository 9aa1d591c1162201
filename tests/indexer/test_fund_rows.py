"""Fund rows: the fund a data row names, in every row shape, and lines that only look like one."""
from __future__ import annotations

import pytest

from indexer.metadata.fund_rows import row_funds

ERFA = "Európai Regionális Fejlesztési Alap"


@pytest.mark.parametrize(("text", "funds"), [
    (f"Támogató: {ERFA}", (ERFA,)),
    ("Alap Kohéziós Alap", ("Kohéziós Alap",)),
    ("Alap\n\nEurópai Szociális Alap", ("Európai Szociális Alap",)),
    ("Finanszírozó alap (EU): ESZA, ERFA", ("Európai Szociális Alap", ERFA)),
    ("Funded by the European Regional Development Fund", (ERFA,)),
    ("Támogató program: Széchenyi 2020", ()),
    ("Forrás: Európai Bizottság", ()),
    ("Alapítvány: Kohéziós Alap Baráti Köre", ()),
    ("Alapvető cél a Kohéziós Alap forrásainak felhasználása.", ()),
    (f"A projekt a(z) {ERFA} támogatásával valósul meg.", ()),
], ids=["colon", "bare", "stacked", "gloss and two funds", "english", "programme row", "source line",
        "longer word", "sentence", "funding sentence"])
def test_row_funds(text: str, funds: tuple[str, ...]) -> None:
    assert row_funds(text) == funds
