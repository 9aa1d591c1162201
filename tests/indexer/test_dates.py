"""Start and end dates in the label styles and formats pages use."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.metadata.dates import find_dates, find_duration, start_year_before


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
    # Table rows without a colon, slashes, abbreviated months, a row over a date a sentence quotes.
    ("Megvalósítás időszaka 2017/03/01 – 2019/06/30", date(2017, 3, 1), date(2019, 6, 30)),
    ("A projekt kezdési dátuma 2018. márc. 1.\n\nProjekt zárása 2019. dec. 31.", date(2018, 3, 1), date(2019, 12, 31)),
    ("Start date 1 Apr 2018\n\nEnd date 31 Jan 2021", date(2018, 4, 1), date(2021, 1, 31)),
    ("Start March 15, 2015\n\nEnd 2016-08-31", date(2015, 3, 15), date(2016, 8, 31)),
    ("Kezdés/Start 2013-10-15\n\nBefejezés/End 2014. április 30.", date(2013, 10, 15), date(2014, 4, 30)),
    ("Weekend 2016-08-31", None, None),
    ("A projekt befejezése 2019. június 30. helyett később várható, a módosítás folyamatban van a hatóságnál.\n\n"
     "Befejezés: 2019.12.31.", None, date(2019, 12, 31)),
])
def test_find_dates(text: str, start: date | None, end: date | None) -> None:
    found = find_dates(text)
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize(("text", "months"), [
    ("mely egy közel fél éves intenzív munkát és sikeres együttműködést zárt le", 6),
    ("A 18 hónapos projekt során képzéseket tartottunk.", 18),
    ("két éves futamidő alatt", 24),
    ("másfél éves megvalósítási szakasz", 18),
    ("A projekt zárását követően 5 éves fenntartási kötelezettség terheli.", None),  # not the run time
    ("A 120 éves iskola épülete megújult.", None),
])
def test_find_duration(text: str, months: int | None) -> None:
    assert find_duration(text) == months


def test_a_stated_duration_dates_the_start_of_a_project_with_only_an_end() -> None:
    text = ("2015 október 30-án került sor az ÁROP-1.A.3-2014-2014-0099 projekt záró rendezvényére, "
            "mely egy közel fél éves intenzív munkát zárt le.")
    dates = find_dates(text)
    assert dates.end == date(2015, 10, 30)
    assert start_year_before(dates.end, dates.months or 0) == 2015
    assert start_year_before(date(2016, 2, 29), 6) == 2015


@pytest.mark.parametrize(("text", "span"), [
    ("Megvalósítás időszaka: 2017–2019", (2017, 2019)),
    ("Futamidő 2017-től 2019-ig", (2017, 2019)),
    ("Megvalósítás időszaka: 2017.03.01 – 2019.06.30", None),  # whole dates: start and end instead
    ("Megvalósítás időszaka: 2017–2040", None),  # no project runs that long
])
def test_a_period_in_years_only(text: str, span: tuple[int, int] | None) -> None:
    assert find_dates(text).span == span
