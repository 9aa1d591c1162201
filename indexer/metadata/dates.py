"""Project start and end dates from labelled rows and prose, in Hungarian and English formats.

Only dates after a start/end/period label count (or, last, a closing-event date): a project
page's free text quotes other years (laws, history) that say nothing about the project.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from indexer.metadata.labels import (
    BARE_ROW,
    by_strength,
    labelled_values,
    lowered,
    row_strength,
    value_after,
    values_by_strength,
)

_MONTHS_HU = ("január", "február", "március", "április", "május", "június", "július",
              "augusztus", "szeptember", "október", "november", "december")
_MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december")
# Abbreviations as pages write them, with or without the dot (`2018. márc. 1.`, `1 Apr 2018`).
_MONTHS_HU_SHORT = ("jan", "febr", "márc", "ápr", "máj", "jún", "júl", "aug", "szept", "okt", "nov", "dec")
_MONTHS_EN_SHORT = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NUMBER = {name: number for names in (_MONTHS_HU, _MONTHS_EN, _MONTHS_HU_SHORT, _MONTHS_EN_SHORT)
                 for number, name in enumerate(names, start=1)}
_MONTH_ALT = "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))
# A 3-digit year is a dropped digit: seed 000 writes "2017.09.01- 018.02.28".
_YEAR = r"(?:20\d\d|19\d\d|0[0-3]\d)"
_DATE_RE = re.compile(
    rf"(?P<y1>{_YEAR})[./]?\s?-?(?P<m1>\d\d?)\s?[./-]\s?(?P<d1>\d\d?)\b\.?"          # 2017.09.01. / 2017-09-01 / 2017/09/01
    rf"|(?P<y2>{_YEAR})\.?\s(?P<mn2>{_MONTH_ALT})\.?\s(?P<d2>\d\d?)\b\.?"            # 2018. július 1.
    rf"|(?P<d3>\d\d?)\.?\s(?P<mn3>{_MONTH_ALT})\.?\s(?P<y3>{_YEAR})\b"               # 1 April 2018
    rf"|(?P<mn4>{_MONTH_ALT})\.?\s(?P<d4>\d\d?),\s(?P<y4>{_YEAR})\b"                # April 1, 2018
    rf"|(?P<d5>\d\d)/(?P<m5>\d\d)/(?P<y5>{_YEAR})\b",                                # 01/04/2018
    re.IGNORECASE,
)
_YEAR_SPAN_RE = re.compile(r"(20\d\d)\.?(?:-?(?:tól|től))?\s?[-–—]?\s?(20\d\d)\b(?![./-]?\s?\d)")
_LONGEST_YEARS = 10
_PERIOD_LABELS = ("időszak", "időtartam", "futamidő", "implementation period", "project duration", "duration")
_START_LABELS = ("kezdés", "kezdete", "kezdő dátum", "kezdő időpont", "indulás", "start")
_END_LABELS = ("befejez", "vége", "zárás", "záró dátum", "end date", "end:", "completion")
# `End` only where it opens a row (`End 2016-08-31`, `Project end: …`): English prose says "end" in
# every sense, and Hungarian words hold it (`rendezvény`).
_END_ROW_RE = re.compile(r"(?im)^(?:[^\W\d_]+[ \t/]+){0,2}end\b")
# Seed 004: "2015 október 30-án került sor az ÁROP-... projekt záró rendezvényére".
_CLOSING_EVENT_RE = re.compile(
    rf"(?i)(?P<date>{_YEAR}\.?\s(?:{_MONTH_ALT})\s\d\d?)(?:[^.]|\.(?!\s)){{0,120}}?(?:záró\s?rendezvény|projektzár)")


_SENTENCE_END = re.compile(r"(?<=[^\W\d])\.\s")
# How long the project ran, said in prose: "egy közel fél éves intenzív munkát", "a 18 hónapos projekt",
# "két éves futamidő". Seed 004 states only this and its closing event.
_NUMBER_WORDS = {"egy": 1, "két": 2, "kettő": 2, "három": 3, "négy": 4, "öt": 5, "hat": 6, "hét": 7,
                 "nyolc": 8, "kilenc": 9, "tíz": 10, "tizenkét": 12, "tizennyolc": 18, "huszonnégy": 24}
_DURATION_RE = re.compile(
    rf"(?i)\b(?P<count>\d{{1,2}}|fél|másfél|{'|'.join(_NUMBER_WORDS)})\s?-?\s?(?P<unit>éves|hónapos|év|hónap)\b(?!\s*fenntart)"
    r"(?=[^.]{0,60}?(?:projekt|munk|megvalósítás|futamid|időtartam|program))")


@dataclass(frozen=True, slots=True)
class ProjectDates:
    start: date | None
    end: date | None
    months: int | None = None  # a duration the page states in prose, if any
    span: tuple[int, int] | None = None  # first and last year of a period stated in years only


def _year(text: str) -> int:
    value = int(text)
    return 2000 + value if value < 100 else value


def _to_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    for index in "12345":
        if groups.get(f"y{index}"):
            month_text = groups.get(f"m{index}") or groups.get(f"mn{index}") or ""
            month = int(month_text) if month_text.isdigit() else _MONTH_NUMBER[month_text.lower()]
            try:
                return date(_year(groups[f"y{index}"]), month, int(groups[f"d{index}"]))
            except ValueError:
                return None
    return None


def parse_dates(text: str) -> list[date]:
    """Every date in a value, in order."""
    return [found for match in _DATE_RE.finditer(text) if (found := _to_date(match)) is not None]


def _date_after(values: Iterable[str], count: int) -> list[date]:
    for value in values:
        if _DATE_RE.match(value):
            dates = parse_dates(value)[:count]
            if dates:
                return dates
    return []


def find_dates(text: str) -> ProjectDates:
    """Start and end the page states; a period row gives both."""
    low = lowered(text)
    period_values = labelled_values(text, low, _PERIOD_LABELS)
    period = _date_after(by_strength(text, period_values), 2)
    if len(period) == 2 and period[0] <= period[1]:
        return ProjectDates(period[0], period[1])
    span = _year_span(by_strength(text, period_values))
    start = _date_after(values_by_strength(text, low, _START_LABELS), 1)
    end = (_date_after(values_by_strength(text, low, _END_LABELS), 1)
           or _date_after((value_after(text, found.end()) for found in _END_ROW_RE.finditer(text)
                           if row_strength(text, found.end() - 3, found.end()) >= BARE_ROW), 1))
    months = None
    if not end and "zár" in text:
        closing = _CLOSING_EVENT_RE.search(text)
        if closing:
            end = parse_dates(closing["date"] + ".")
            # Newswire prose quotes many durations; only the closing sentence's speaks of this project.
            months = find_duration(_SENTENCE_END.split(text[closing.start():], maxsplit=1)[0])
    return ProjectDates(start[0] if start else None, end[0] if end else None, months,
                        span if not (start or end) else None)


def _year_span(values: Iterable[str]) -> tuple[int, int] | None:
    """A period row stated in years only (`Megvalósítás időszaka: 2017–2019`)."""
    for value in values:
        match = _YEAR_SPAN_RE.match(value)
        if match and int(match[1]) <= int(match[2]) <= int(match[1]) + _LONGEST_YEARS:
            return int(match[1]), int(match[2])
    return None


def find_duration(text: str) -> int | None:
    """The project's length in months when the prose states one (fél éves → 6, 18 hónapos → 18)."""
    match = _DURATION_RE.search(text)
    if match is None:
        return None
    count, unit = match["count"].lower(), match["unit"].lower()
    amount = {"fél": 0.5, "másfél": 1.5}.get(count) or (int(count) if count.isdigit() else _NUMBER_WORDS[count])
    months = round(amount * 12) if unit.startswith("év") else round(amount)
    return months if 0 < months <= 120 else None


def start_year_before(end: date, months: int) -> int:
    """The year a project of `months` months ending on `end` started in."""
    total = end.year * 12 + end.month - 1 - months
    return total // 12
