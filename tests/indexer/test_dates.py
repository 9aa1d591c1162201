"""Start and end dates in the label styles and formats pages use."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.dates import find_dates


@pytest.mark.parametrize(("text", "start", "end"), [
    ("Megvalósítási időszak/Implementation period\n\n2017.09.01- 018.02.28", date(2017, 9, 1), date(2018, 2, 28)),
    ("A projekt megvalósítási időszaka: 2018. július 1.-2020. november 30.", date(2018, 7, 1), date(2020, 11, 30)),
    ("Futamidő: 2017. 04. 01. – 2019. 11. 30.", date(2017, 4, 1), date(2019, 11, 30)),
    ("Implementation period: 1 April 2018 - 31 January 2021", date(2018, 4, 1), date(2021, 1, 31)),
    ("Start: December 1, 2017\n\nEnd: November 30, 2020", date(2017, 12, 1), date(2020, 11, 30)),
    ("A projekt kezdési dátuma: 2020. 03. 01.\n\nA projekt tervezett befejezési dátuma: 2021-06-30",
     date(2020, 3, 1), date(2021, 6, 30)),
    ("A projekt tervezett befejezési dátuma:\u00a02020.10.31.", None, date(2020, 10, 31)),
    ("2015 október 30-án került sor az ÁROP-1.A.3-2014-2014-0099 projekt záró rendezvényére.",
     None, date(2015, 10, 30)),
    ("A világháborúk utáni válság 2007. május 3-án kezdődött.", None, None),
])
def test_find_dates(text: str, start: date | None, end: date | None) -> None:
    found = find_dates(text)
    assert (found.start, found.end) == (start, end)
