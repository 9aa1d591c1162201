"""Extract metadata stage: project id, programme, funder, dates, money, beneficiary and place.

Only what the page states, plus what follows from it (fund from the programme or measure,
county from the beneficiary's seat, start year from the id). News and other pages get no
project metadata at all, however many sums and years their sentences quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from core.index.document import ProjectMeta
from indexer.metadata.amounts import find_budget, find_support_rate
from indexer.metadata.dates import ProjectDates, find_dates, start_year_before
from indexer.metadata.fund_rows import row_funds
from indexer.metadata.labels import lowered
from indexer.metadata.places import Place, county_in, find_place, is_national, seat_of
from indexer.metadata.programmes import (
    ProgrammeInfo,
    fund_aliases,
    period_for_year,
    programme_by_label,
    programme_for_code,
    programme_names,
)
from indexer.metadata.project_ids import CodeMatch, canonical_project_id, find_codes, labelled_id

__all__ = ["ProjectMeta", "ProgrammeInfo", "canonical_project_id", "extract_metadata", "programme_for_code"]


_ORG_END = (r"(?:Önkormányzata|Önkormányzat|Egyesület|Egyesülete|Alapítvány|Kft\.|Zrt\.|Bt\.|Nkft\.|"
            r"Igazgatóság|Iskola|Gimnázium|Egyetem|Tudományegyetem|Központ|Központja|Plébánia|Egyházközség|"
            r"Szolgálat|Kórház|Hivatal|Hivatala|Szövetség|Szövetsége|Intézet|Intézete|Centrum|Társulás|Klub)")
# A Hungarian label may carry its English gloss (`Projektgazda/Project Promoter`).
_BENEFICIARY_LABELS = (r"(?:kedvezményezett(?:\s(?:szervezet\s)?neve|\sszervezet)?|projektgazda(?:\sneve)?|"
                       r"beneficiary|lead partner|pályázó(?:\sneve)?|támogatott szervezet|támogatást igénylő(?:\sneve)?|"
                       r"konzorciumvezető|konzorcium vezetője|megvalósító(?:\sszervezet)?(?:\sneve)?)"
                       r"(?:\s?/\s?(?:proje[ck]t promoter|promoter|beneficiary|lead partner|applicant))?")
_BENEFICIARY_LABEL_RE = re.compile(
    rf"(?im)^(?:a\s)?{_BENEFICIARY_LABELS}[ \t]*(?::[ \t]*\n?|\n)\s*(?P<value>[^\n]+)"
)
# A table or bold-label row without a colon (`Kedvezményezett Tata Város Önkormányzata`): a short
# line whose value is a capitalised name.
_BENEFICIARY_BARE_ROW_RE = re.compile(
    rf"(?im)^(?:a\s)?{_BENEFICIARY_LABELS}[ \t]+(?P<value>(?-i:[A-ZÁÉÍÓÖŐÚÜŰ])[^\n:]{{2,100}})$"
)
_BENEFICIARY_PROSE_RE = re.compile(
    r"(?:kedvezményezettje|projektgazdája)\s(?:az?\s)?(?P<value>[^\n]+?)(?:\.(?=\s+[A-ZÁÉÍÓÖŐÚÜŰ]|\s*$)|\n|$)"
)
_BENEFICIARY_LEAD_RE = re.compile(
    r"(?m)^(?P<value>[A-ZÁÉÍÓÖŐÚÜŰ][^\n]{2,120}?)\s(?:(?:uniós\s)?támogatást nyert|sikeresen pályázott|"
    r"received funding|az?\s\S+\skódszámú pályázati kiíráson)"
)
# Cheap substring tests that must pass before a pattern is worth running on the whole page.
_BENEFICIARY_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...] | None], ...] = (
    (_BENEFICIARY_LABEL_RE, None),
    (_BENEFICIARY_BARE_ROW_RE, None),
    (_BENEFICIARY_PROSE_RE, ("kedvezményezettje", "projektgazdája")),
    (_BENEFICIARY_LEAD_RE, ("támogatást nyert", "sikeresen pályázott", "received funding", "kódszámú")),
)
_CUT_AT_COMMA_RE = re.compile(rf"^(.*?{_ORG_END}),\s")
_ABBREVIATED_END_RE = re.compile(r"\b(?:Kft|Zrt|Bt|Nkft|Kht|Nonprofit Kft)$")
# A fund counts only as the subject of a funding phrase: EU-law sentences on project pages
# name funds and the Commission in passing ("az EMOGA részére biztosított támogatás").
_FUNDED_AFTER_RE = re.compile(
    r" (?:\([^)]{1,60}\) )?(?:és [^.]{1,40}? )?(?:[^.]{1,40}? programjának )?(?:társfinanszírozásával|"
    r"támogatásával|forrásából|keretében|finanszírozza|vissza nem térítendő támogatással)")
_FUNDED_BEFORE_RE = re.compile(r"(?:by|through|from) the $")
_IMAGE_FUNDS = {"ESZA": "Európai Szociális Alap", "ERFA": "Európai Regionális Fejlesztési Alap",
                "KA": "Kohéziós Alap", "EMVA": "Európai Mezőgazdasági Vidékfejlesztési Alap"}
_IMAGE_TOKEN_RE = re.compile(r"[A-Za-z0-9]+")
_CONTEXT_PROGRAMMES = ("Erasmus+", "LIFE", "Interreg")
_NONPROJECT_TITLE_RE = re.compile(
    r"(?i)impresszum|ügyfélfogadás|hulladékszállítási rend|adatvédelm|állásajánlat|álláshirdetés|anyakönyv|"
    r"meghívó|képviselő-testületi ülés|nyitvatartás|elérhetőség|kapcsolat|közérdekű adat")
_PROJECT_WORDS = ("projekt", "project", "fejlesztés célja", "beruházás")
# Phrases that make a paragraph a funding statement; only such paragraphs are searched for funds.
_FUNDING_PHRASES = ("támogatásával", "társfinanszírozásával", "forrásából", "keretében", "finanszíroz",
                    "támogatással", " by the ", " through the ", " from the ")
_HU_GOVERNMENT = "Magyar Kormány"
_EMPTY = ProjectMeta(None, None, (), None, (), None, None, None, None, None, None, None, None, "other")


@dataclass(frozen=True, slots=True)
class _Programme:
    info: ProgrammeInfo | None
    label: str | None


def _names_re() -> re.Pattern[str]:
    names = sorted(programme_names(), key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names))


_PROGRAMME_NAME_RE = _names_re()


def _has_word(text: str, word: str) -> bool:
    position = text.find(word)
    while position >= 0:
        if _is_word(text, position, position + len(word)):
            return True
        position = text.find(word, position + 1)
    return False


def _funding_paragraphs(text: str) -> str:
    """The paragraphs holding a funding phrase, joined (usually one short line)."""
    starts: set[int] = set()
    for phrase in _FUNDING_PHRASES:
        position = text.find(phrase)
        while position >= 0:
            starts.add(text.rfind("\n", 0, position) + 1)
            position = text.find(phrase, position + len(phrase))
    paragraphs = []
    for start in sorted(starts):
        end = text.find("\n", start)
        paragraphs.append(text[start:end if end >= 0 else len(text)])
    return "\n".join(paragraphs)


def _is_word(text: str, start: int, end: int) -> bool:
    """Whole-word occurrence: "ERFA" but not "ERFA-támogatás" or "Alapból"."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "-" or after.isalnum() or after == "-")


def _stated_funds(text: str) -> tuple[str, ...]:
    """Funds the page names in a funding sentence; EU funds hide the government's co-financing
    ("az EMVA és Magyarország Kormányának támogatásával")."""
    mentions: list[tuple[int, str]] = []
    text = _funding_paragraphs(text)
    for alias, name in fund_aliases().items():
        position = text.find(alias)
        while position >= 0:
            after = position + len(alias)
            funded = _FUNDED_AFTER_RE.match(text, after) or _FUNDED_BEFORE_RE.search(
                text, max(0, position - 12), position)
            if funded and _is_word(text, position, after):
                mentions.append((position, name))
            position = text.find(alias, after)
    return _without_government([name for _, name in sorted(mentions)])


def _image_funds(image_names: Sequence[str], programme_funds: Sequence[str]) -> tuple[str, ...]:
    """The programme's funds that the content's infoblokk images name (…_cmyk_ESZA, sz2020_infoblokk_erfa).

    The image is the site's template decoration, copied from page to page (and banners of other
    programmes sit beside it), so it counts only for a fund the page's programme can have."""
    funds = [_IMAGE_FUNDS[token] for image in image_names for token in _IMAGE_TOKEN_RE.findall(image)
             if token in _IMAGE_FUNDS and (token != "KA" or "infoblokk" in image.lower())]
    return _without_government([fund for fund in funds if fund in programme_funds])


def _without_government(funds: Sequence[str]) -> tuple[str, ...]:
    unique = tuple(dict.fromkeys(funds))
    without_government = tuple(fund for fund in unique if fund != _HU_GOVERNMENT)
    return without_government or unique


def _programme(codes: Sequence[CodeMatch], project: CodeMatch | None, text: str) -> _Programme:
    if project is not None and project.info is not None:
        return _Programme(project.info, project.info.programme)
    call = next((code for code in codes if not code.is_project and code.info is not None), None)
    if call is not None and call.info is not None:
        return _Programme(call.info, call.info.programme)
    named = _PROGRAMME_NAME_RE.search(text)
    label = programme_names()[named[0]] if named else next(
        (name for name in _CONTEXT_PROGRAMMES if _has_word(text, name)), None)
    return _Programme(programme_by_label(label) if label else None, label)


def _clean_beneficiary(value: str) -> str:
    value = re.split(r"\s?/\s?|;\s", value, maxsplit=1)[0]
    cut = _CUT_AT_COMMA_RE.match(value)
    value = cut[1] if cut else value
    value = re.sub(r"\s*\([^)]*\)\s*$", "", value).strip(" .,:")
    if _ABBREVIATED_END_RE.search(value):
        value += "."
    words = value.split(" ", 1)
    if words[0] in ("A", "Az", "a", "az") and len(words) == 2 and words[1][:1].isupper():
        value = words[1]
    return value


def _beneficiary(text: str) -> str | None:
    for pattern, marker in _BENEFICIARY_PATTERNS:
        if marker is not None and not any(word in text for word in marker):
            continue
        match = pattern.search(text)
        if match:
            value = _clean_beneficiary(match["value"])
            if len(value) > 2:
                return value
    return None


def _place(beneficiary: str | None, title: str) -> Place:
    if beneficiary is None:
        return Place(None, None)
    seat = seat_of(beneficiary)
    if seat.county is not None or county_in(beneficiary) or is_national(beneficiary):
        return seat
    return find_place(title)


def classify_kind(text: str, title: str, codes: Sequence[CodeMatch]) -> str:
    """`project` when the page carries a project code or speaks of a project, `other` for
    service pages (imprint, opening hours, job ads), else `news`."""
    if codes:
        return "project"
    if _NONPROJECT_TITLE_RE.search(title):
        return "other"
    low = lowered(text)
    if sum(low.count(word) for word in _PROJECT_WORDS) >= 2:
        return "project"
    return "news"


def _start_year(dates: ProjectDates, project: CodeMatch | None) -> int | None:
    """The stated start; else, with only an end stated, the start a stated duration implies,
    else the id's year part (…-2017-00004: the year the grant contract was signed)."""
    if dates.start:
        return dates.start.year
    if dates.span:
        return dates.span[0]
    if dates.end and dates.months:
        return start_year_before(dates.end, dates.months)
    return project.year if project and dates.end else None


def extract_metadata(text: str, *, title: str = "", image_names: Sequence[str] = ()) -> ProjectMeta:
    """Metadata of one page from its main text, headline and image alt texts/file names."""
    codes = find_codes(f"{title}\n\n{text}")
    kind = classify_kind(text, title, codes)
    if kind != "project":
        return replace(_EMPTY, kind=kind)
    project = labelled_id(text) or next((code for code in codes if code.is_project), None)
    programme = _programme(codes, project, text)
    funds = programme.info.funds if programme.info is not None else ()
    whole = programme_by_label(programme.label) if programme.label else None
    funder = (_without_government(row_funds(text)) or _stated_funds(text)
              or _image_funds(image_names, whole.funds if whole else funds) or (funds if len(funds) == 1 else ()))
    dates = find_dates(text)
    start_year = _start_year(dates, project)
    end_year = dates.end.year if dates.end else dates.span[1] if dates.span else start_year
    years = tuple(range(start_year, end_year + 1)) if start_year and end_year and end_year >= start_year else ()
    period = programme.info.period if programme.info is not None else None
    if period is None and years:
        period = period_for_year(years[0])
    money = find_budget(text)
    beneficiary = _beneficiary(text)
    place = _place(beneficiary, title)
    return ProjectMeta(
        project_id=project.code if project else None, programme=programme.label, funder=funder,
        period=period, years=years,
        start_date=dates.start.isoformat() if dates.start else None,
        end_date=dates.end.isoformat() if dates.end else None,
        budget_huf=money.huf, budget_eur=money.eur, support_rate=find_support_rate(text),
        beneficiary=beneficiary, settlement=place.settlement, county=place.county, kind=kind,
    )
