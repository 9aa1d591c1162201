"""Project ids and call codes: find them in page text and write them one way.

Shapes (all real): OP ids `EFOP-1.6.3-17-2017-00004`, `TOP-1.4.1-15-BK1-2016-00012`,
`TOP_PLUSZ-1.2.1-21-SO1-2022-00012`, `KÖFOP-1.2.1-VEKOP-16-2017-00123`, `TÁMOP-3.1.4-13/1-2013-4635`,
`HEFOP-2.1.3-05/1.-2005-06-0071/4.0`; Interreg `HUSK/1101/1.2.1/0171`, `ROHU-123`; EEA
`HU01-0021-COOPER-B1-2017`; Erasmus+ `2019-1-HU01-KA101-060854`; LIFE `LIFE17 NAT/HU/000577`;
Swiss `SH/4/12`; bare numbers (VP, MFP, Horizon 2020) only after an id label.
Call codes (`TOP-1.1.1-17`, `VP6-7.2.1.1-21`, `MFP-FGF/2021`) name the measure but no project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.metadata.labels import lowered, values_by_strength
from indexer.metadata.programmes import ProgrammeInfo, period_for_year, programme_by_label, programme_for_code

_UP = "A-ZÁÉÍÓÖŐÚÜŰ"
_OP_CODE_RE = re.compile(
    rf"(?P<prefix>[{_UP}](?<![\w/.-].)[{_UP}]{{1,5}}(?:[ _]PLUSZ)?(?:-[{_UP}]{{2,5}}(?=[-/]))?)"
    rf"(?:\s?[-/]\s?|(?=\d))"
    rf"(?P<body>[0-9{_UP}]+(?:\.[0-9{_UP}]+)*\.?(?:(?:\s?[-/]\s?|\.-)[0-9{_UP}]+(?:\.[0-9{_UP}]+)*\.?)*)"
)
# Literal first, no lookbehind (sre scans fast only for a literal prefix); _starts_word checks
# the character before.
_ERASMUS_RE = re.compile(r"(20\d\d)-([1-3])-([A-Z]{2}\d\d)-(KA\d{3})(?:-([A-Z]{3}))?-(\d{6,9})(_\d+)?\b")
_LIFE_RE = re.compile(r"LIFE\s?(\d\d)\s?([A-Z]{2,4})/([A-Z]{1,2})/(\d{3,6})\b")
_MEASURE_RE = re.compile(rf"\d+\.[0-9{_UP}]")
# Year and serial closing an OP id: -2017-00004, -2013-4635, NFT -2005-06-0071.
_ID_TAIL_RE = re.compile(r"-(20\d\d)-(?:\d\d-)?\d{4,5}\b")
_EEA_TAIL_RE = re.compile(r"-(20\d\d)$")
_SPACED_SEP_RE = re.compile(r"\s*([-/])\s*")
_STRAY_DOT_RE = re.compile(r"\.(?=-)")
_ID_LABELS = ("azonosító", "projektszám", "projektkód", "projekt kódja", "project id", "project number",
              "project code", "pályázati kód")
_PROSE_ID_SUFFIX = " azonosítószámú"
_NUMERIC_ID_RE = re.compile(r"^(\d{6,12})\b")
_PROSE_NUMERIC_ID_RE = re.compile(r"(?<![\d/-])(\d{6,12})$")
_SINGLE_ID_PROGRAMMES = frozenset({"Interreg", "SH"})
# Interreg ids carry the call year (HUSK/1101/...: 2011); ROHU-n and SIHUnnn exist only in 2014-20.
_INTERREG_YEAR_RE = re.compile(r"/(\d\d)0\d/")


@dataclass(frozen=True, slots=True)
class CodeMatch:
    """A code found in text: canonical form, whether it names a project (else a call),
    the programme it belongs to (None for bare numbers) and the year its parts state."""

    code: str
    is_project: bool
    info: ProgrammeInfo | None
    year: int | None


def canonical_project_id(raw: str) -> str:
    """One spelling per id: no stray dot before a dash, no spaces around separators,
    upper-case prefix with `_PLUSZ`, LIFE as `LIFEyy XXX/CC/nnnnnn`."""
    text = " ".join(raw.split()).strip(" .,;:")
    life = _LIFE_RE.fullmatch(text)
    if life:
        return f"LIFE{life[1]} {life[2]}/{life[3]}/{life[4]}"
    text = _SPACED_SEP_RE.sub(r"\1", text)
    text = _STRAY_DOT_RE.sub("", text)
    return re.sub(r"^([A-Za-zÁÉÍÓÖŐÚÜŰáéíóöőúüű]+)[ _-][Pp][Ll][Uu][Ss][Zz]\b",
                  lambda m: m[1].upper() + "_PLUSZ", text)


def _classify_op(raw: str) -> CodeMatch | None:
    code = canonical_project_id(raw)
    info = programme_for_code(code)
    if info is None:
        return None
    if info.programme in _SINGLE_ID_PROGRAMMES:
        call_year = _INTERREG_YEAR_RE.search(code)
        year = 2000 + int(call_year[1]) if call_year else 2014
        return CodeMatch(code, True, _with_period(info, year), None)
    if info.programme == "EGT/Norvég":
        tail = _EEA_TAIL_RE.search(code)
        return CodeMatch(code, True, info, int(tail[1])) if tail else None
    if info.programme == "MFP":
        return CodeMatch(code, False, info, None)
    body = code.split("-", 1)[-1] if not code.startswith("VP") else code[2:]
    if not _MEASURE_RE.search(body):
        return None                                 # "TOP-10", "COVID-19": not a code
    tail = _ID_TAIL_RE.search(code)
    if tail is None:
        return CodeMatch(code, False, info, None)
    return CodeMatch(code, True, info, int(tail[1]))


def _with_period(info: ProgrammeInfo | None, year: int) -> ProgrammeInfo | None:
    if info is None or info.period:
        return info
    return ProgrammeInfo(info.programme, info.name, period_for_year(year), info.funds)


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "-")


def find_codes(text: str) -> list[CodeMatch]:
    """Every project id and call code in the text, in order of appearance."""
    found: list[tuple[int, CodeMatch]] = []
    for match in _ERASMUS_RE.finditer(text):
        if not _starts_word(text, match.start()):
            continue
        year = int(match[1])
        info = _with_period(programme_by_label("Erasmus+"), year)
        found.append((match.start(), CodeMatch(match[0], True, info, year)))
    for match in _LIFE_RE.finditer(text):
        if not _starts_word(text, match.start()):
            continue
        year = 2000 + int(match[1])
        code = canonical_project_id(match[0])
        found.append((match.start(), CodeMatch(code, True, _with_period(programme_for_code(code), year), year)))
    for match in _OP_CODE_RE.finditer(text):
        if match[0].startswith("LIFE"):
            continue
        classified = _classify_op(match[0])
        if classified is not None:
            found.append((match.start(), classified))
    return [code for _, code in sorted(found, key=lambda item: item[0])]


def labelled_id(text: str) -> CodeMatch | None:
    """The id written after an id label; bare numbers (VP, MFP, Horizon 2020) count only here."""
    for value in values_by_strength(text, lowered(text), _ID_LABELS):
        codes = find_codes(value)
        projects = [code for code in codes if code.is_project]
        if projects:
            return projects[0]
        number = _NUMERIC_ID_RE.match(value)
        if number:
            return CodeMatch(number[1], True, None, None)
    suffix = text.find(_PROSE_ID_SUFFIX)
    prose = _PROSE_NUMERIC_ID_RE.search(text, max(0, suffix - 13), suffix) if suffix > 0 else None
    return CodeMatch(prose[1], True, None, None) if prose else None
