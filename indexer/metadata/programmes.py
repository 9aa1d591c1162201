"""Programme reference table: call/project code prefix -> programme, period and fund(s).

The table (`data/programmes.csv`) holds one row per programme and extra rows for priority
axes or measures whose fund differs from the programme's; the longest matching prefix wins.
Fund abbreviations resolve to full Hungarian names through `data/funds.csv`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def table(name: str) -> list[dict[str, str]]:
    """The rows of one of the reference tables in `data/` (a CSV file with a header)."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))

# 2021-27 calls spell the suffix with an underscore (TOP_PLUSZ-1.2.1-21); pages also write a
# space or dash, and capitalise it variously.
_PLUSZ_RE = re.compile(r"^([A-ZÁÉÍÓÖŐÚÜŰ]+)[ _-]PLUSZ\b", re.IGNORECASE)
# Where else a code may start inside a longer string: KTIA list rows put it in parentheses
# ("... (MEC_07_1)"), a few rows glue a label before it ("AAVSZ_Díjazása-GINOP-1.1.1-24").
_CODE_START_RE = re.compile(r"(?<=[(\s_-])(?=[A-Z0-9ÁÉÍÓÖŐÚÜŰ])")
# Years decide the period of programmes that span several (Erasmus+, LIFE, Interreg, MFP).
_PERIODS = (("2004–2006", 2004, 2006), ("2007–2013", 2007, 2013),
            ("2014–2020", 2014, 2020), ("2021–2027", 2021, 2027))


@dataclass(frozen=True, slots=True)
class ProgrammeInfo:
    """What a code prefix tells: short programme code, official name, period, full fund names."""

    programme: str
    name: str
    period: str | None
    funds: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Row:
    prefix: str
    programme: str
    name_hu: str
    name_en: str
    period: str
    funds: tuple[str, ...]


@cache
def fund_names() -> dict[str, str]:
    """Fund abbreviation (ERFA, ESZA, ...) -> full Hungarian name."""
    return {row["abbr"]: row["name"] for row in table("funds.csv")}


@cache
def fund_aliases() -> dict[str, str]:
    """Every written form of a fund (full name, abbreviation, English name) -> full name."""
    aliases: dict[str, str] = {}
    for row in table("funds.csv"):
        aliases[row["name"]] = row["name"]
        for alias in row["aliases"].split("|"):
            aliases[alias] = row["name"]
    return aliases


@cache
def _rows() -> tuple[_Row, ...]:
    return tuple(
        _Row(row["prefix"].upper(), row["programme"], row["name_hu"], row["name_en"], row["period"], tuple(row["funds"].split(";")))
        for row in table("programmes.csv")
    )


@cache
def _by_programme() -> dict[str, _Row]:
    """The programme-level row (the one with the programme's name) of each programme."""
    table: dict[str, _Row] = {}
    for row in _rows():
        if row.name_hu and row.programme not in table:
            table[row.programme] = row
    return table


def period_for_year(year: int) -> str | None:
    """EU budget period a year falls in."""
    return next((name for name, first, last in _PERIODS if first <= year <= last), None)


def normalise_code(code: str) -> str:
    """Upper-case a code and spell the 2021-27 suffix as `_PLUSZ`."""
    code = code.strip().upper()
    return _PLUSZ_RE.sub(r"\1_PLUSZ", code)


def _ends_at_boundary(code: str, prefix: str) -> bool:
    """`EFOP-1` must not match `EFOP-10.1`, `HU` not `HUSK`, but `VP` matches `VP6-...`."""
    if len(code) == len(prefix) or prefix[-1] in "_-":
        return True
    following = code[len(prefix)]
    return not (following.isalpha() or (prefix[-1].isdigit() and following.isdigit()))


@cache
def _rows_by_initial() -> dict[str, tuple[_Row, ...]]:
    table: dict[str, list[_Row]] = {}
    for row in _rows():
        table.setdefault(row.prefix[0], []).append(row)
    return {initial: tuple(rows) for initial, rows in table.items()}


def _match(code: str) -> _Row | None:
    best: _Row | None = None
    for row in _rows_by_initial().get(code[:1], ()):
        if code.startswith(row.prefix) and _ends_at_boundary(code, row.prefix):
            if best is None or len(row.prefix) > len(best.prefix):
                best = row
    return best


def _info(row: _Row) -> ProgrammeInfo:
    names = fund_names()
    top = _by_programme().get(row.programme, row)
    return ProgrammeInfo(row.programme, top.name_hu, row.period or None,
                         tuple(names.get(abbr, abbr) for abbr in row.funds))


def programme_for_code(code: str) -> ProgrammeInfo | None:
    """Programme of a project id or call code (`TOP_PLUSZ-1.2.1-21`, `VP6-7.2.1-...`,
    `... (MEC_07_1)`); None when no prefix in the table matches."""
    normal = normalise_code(code)
    row = _match(normal)
    if row is None:
        row = next((found for start in _CODE_START_RE.finditer(normal)
                    if (found := _match(normal[start.start():])) is not None), None)
    return _info(row) if row is not None else None


def programme_by_label(label: str) -> ProgrammeInfo | None:
    """Programme-level info for a short programme code as it appears in ProjectMeta."""
    row = _by_programme().get(label)
    return _info(row) if row is not None else None


@cache
def programme_names() -> dict[str, str]:
    """Official Hungarian and English programme names -> short programme code."""
    names: dict[str, str] = {}
    for row in _rows():
        for name in (row.name_hu, row.name_en):
            if len(name) > 6:                      # "LIFE" and "Erasmus+" are matched in context
                names.setdefault(name, row.programme)
    return names
