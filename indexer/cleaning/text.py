"""Boilerplate of text pages (already extracted by a crawler, like the seeds): line-level rules for
headlines, menus, calendars, counters, teaser boxes and repeats.
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from indexer.cleaning.lines import (
    BULLET,
    DATA_ROW,
    INDENTED,
    SENTENCE_ENDS,
    collapse,
    drop_teaser_boxes,
    is_chrome_line,
    norm,
)
from indexer.records import CleanPage

_DIGIT = re.compile(r"\d")
_CALENDAR_LINE = re.compile(r"^(?:[«»]?\s*\d{4},?\s*\w+\s*[«»]?|h\s*k\s*s\s*c\s*p\s*s\s*v|[\d\s]{1,40})$", re.I)
_COUNTER_LINE = re.compile(r"^\(\d+\s+Szavazat\)|\d+\s+megjelenítés$|^\[.*\]$|^vissza\.*$|^«|»$", re.I)
_MENU_WORD = re.compile(r"^[\wÁÉÍÓÖŐÚÜŰáéíóöőúüű!&.,'’ -]{1,40}$")
# A project data row (`A projekt azonosító száma: EFOP-…`, `Kedvezményezett: …`): content, even when
# the page prints its block twice.
_PROJECT_ROW = re.compile(
    r"(?i)^(?:a\s+)?(?:projekt|kedvezményezett|támogatás|szerződött|operatív program|megvalósítás|project)"
    r"[^:]{0,60}:\s*\S")
_PROJECT_LABEL = re.compile(_PROJECT_ROW.pattern.removesuffix(r"\s*\S") + "$")
# A table row a crawler wrote as `label<TAB>value`: read as `label: value`, like a row of the HTML page.
# (One tab: a line of several is a menu or a calendar row.)
_TAB_ROW = re.compile(r"^([^\W\d_][^\t:\d.!?;]{1,59}?)[ ]*\t+[ ]*(?=[^\t\s][^\t]{2,}$)")


def strip_plain_text(text: str) -> CleanPage:
    source_lines = [_TAB_ROW.sub(r"\1: ", line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    raw_lines = [collapse(line) for line in source_lines]
    lines = [BULLET.sub("", line) for line in raw_lines]
    # A list item keeps its bullet or its indentation in a crawler's text (`\tEszközbeszerzés`).
    list_items = frozenset(
        clean for source, raw, clean in zip(source_lines, raw_lines, lines, strict=True)
        if clean and (BULLET.match(raw) or INDENTED.match(source))
    )
    title = _plain_title(lines)
    non_empty = [line for line in lines if line]
    # A stacked data row's value is content whatever it looks like (an id of bare digits: 3133694977).
    kept = [line for index, line in enumerate(non_empty)
            if not _plain_noise(line) or (index and _PROJECT_LABEL.match(non_empty[index - 1]))]
    kept = _drop_repeated_runs(_drop_menu_runs(kept, items=list_items))
    if title:
        start = next((i for i, line in enumerate(kept) if norm(line) == norm(title)), None)
        if start is not None:
            # Above the headline stand the site's header and menus, but also a lead, or the prose and
            # data rows of a page whose headline comes from further down: sentences and rows stay.
            above = [line for index, line in enumerate(kept[:start]) if norm(line) != norm(title) and (
                _sentence(line) or DATA_ROW.match(line) or index and DATA_ROW.match(kept[index - 1])
                and kept[index - 1].endswith(":"))]
            kept = [kept[start]] + above + [line for line in kept[start + 1:] if norm(line) != norm(title)]
        else:
            kept.insert(0, title)
    kept = _drop_trailing_chrome(drop_teaser_boxes(kept, with_lines=True))
    return CleanPage(title=title, paragraphs=tuple(kept), list_items=list_items)


def _plain_title(lines: list[str]) -> str:
    """Headline of an extracted-text page: the first line, the end of the breadcrumb, the
    `projekt címe` row, a doubled line, or the first headline-shaped line."""
    non_empty = [line for line in lines if line]
    content = [line for line in non_empty if not _plain_noise(line)]
    leading = _leading_headline(content)
    if leading:
        return leading
    # The headline ends the breadcrumb (`Főoldal » Aktuális » A 86. számú főút felújítása`).
    crumbs = {line.rsplit("»", 1)[1].strip() for line in content if line.count("»") >= 1 and not line.endswith("»")}
    for line in content:
        if line in crumbs and _headline_shaped(_INNER_COLON.sub(" ", line, count=1)):
            return line
    for index, line in enumerate(non_empty):
        match = re.match(r"^(?:A\s+)?projekt\s+(?:címe|neve)[^:]{0,30}:\s*(.*)$", line, re.I)
        if match is None:
            continue
        # Inline (`A projekt címe: …`) or stacked, the value on the next line.
        value = match.group(1).strip() or (non_empty[index + 1] if index + 1 < len(non_empty) else "")
        if len(value) > 5 and ":" not in value:
            return value
    counts = Counter(non_empty)
    # The headline printed twice (breadcrumb and heading), maybe with a `vissza...` link between.
    for first, second in pairwise(content):
        if first == second and _headline_shaped(first):
            return first
    for line in non_empty:
        if counts[line] == 1 and _headline_shaped(line) and not _plain_noise(line):
            return line
    return non_empty[0] if non_empty else ""


def _leading_headline(content: list[str]) -> str:
    """A crawler's text starts with the headline unless it starts with the site's header (a name
    over a menu). A colon inside is fine there (`Állásajánlat: pénzügyi ügyintéző`), a label row
    is not; a one-word headline (`Projektleírás`) shows itself by being printed again just below."""
    first = content[0] if content else ""
    shaped = _headline_shaped(_INNER_COLON.sub(" ", first, count=1)) or (
        len(first.split()) == 1 and first.replace("-", "").isalpha() and first in content[1:6]
    )
    header = len(content) > 2 and all(_menu_like(line) and line != first for line in content[1:3])
    return first if shaped and not _LABEL_ROW.match(first) and not header else ""


_INNER_COLON = re.compile(r":\s+(?=\S)")
_LABEL_ROW = re.compile(r"^[^:]{1,40}:\s*\S*\d")  # `Projekt azonosító: HU01-…`, `Futamidő: 2018-10-15`


def _headline_shaped(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= 25
        and len(line) <= 200
        and not line.endswith((":", ".", ";", ","))
        and not line.isupper()
        and ":" not in line
        and sum(ch.isdigit() for ch in line) < len(line) / 4
    )


def _sentence(line: str) -> bool:
    """A line of prose: six words or more ending as a sentence does, or a long run of words."""
    words = len(line.split())
    return words >= 6 and line.endswith((".", "!", "?", ".”", "!”", "?”")) or words >= 15 and len(line) >= 100


def _plain_noise(line: str) -> bool:
    if _CALENDAR_LINE.match(line) or _COUNTER_LINE.search(line) or is_chrome_line(line):
        return True
    # A short capitalised line is a menu item (PROJEKT, AKTUÁLIS); with digits it is a code (VEKOP-5.2.1-…).
    if len(line) <= 2 or (line.isupper() and len(line.split()) <= 3 and len(line) < 30 and not _DIGIT.search(line)):
        return True
    return bool(re.fullmatch(r"[\W_]+", line))


def _drop_menu_runs(lines: list[str], *, items: frozenset[str] = frozenset(), run: int = 4) -> list[str]:
    """Drop runs of ≥ `run` consecutive short, unpunctuated lines that are not list items: menus and link lists."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and lines[end] not in items and _menu_like(lines[end]):
            end += 1
        if end - index >= run:
            index = end
            continue
        out.append(lines[index])
        index += 1
    return out


def _menu_like(line: str) -> bool:
    return len(line) <= 60 and not line.endswith((".", ":", "!", "?")) and ":" not in line and bool(_MENU_WORD.match(line))


def _drop_repeated_runs(lines: list[str], *, run: int = 3) -> list[str]:
    """A run of ≥ `run` lines printed twice: prose or project data rows are a print copy (keep the
    first), other short lines are a widget shown twice, like a microsite's event list (drop every copy)."""
    first_seen: dict[tuple[str, ...], int] = {}
    doomed: set[int] = set()
    for index in range(len(lines) - run + 1):
        key = tuple(lines[index:index + run])
        origin = first_seen.setdefault(key, index)
        if origin == index or origin + run > index:
            continue
        # The copy's neighbours count: a window may hold only the values of a data block's rows.
        prose = any(len(line) > 150 or DATA_ROW.match(line) for line in lines[max(0, origin - 1):origin + run + 1])
        doomed.update(range(index, index + run))
        if not prose:
            doomed.update(range(origin, origin + run))
    return [line for index, line in enumerate(lines) if index not in doomed]


def _drop_trailing_chrome(lines: list[str]) -> list[str]:
    """Footer lines after the content: addresses, phones, e-mails, copyright; never a data row
    or the value under its label (`Befejezés: 2019.12.31`)."""
    footer = re.compile(r"^(?:Tel\.?|Telefon|E-?mail|Fax|©|\d{4}\s+\S+,|Vissza a lap tetejére|Minden jog)", re.I)
    while lines and (footer.search(lines[-1]) or len(lines[-1]) < 40 and not lines[-1].endswith(SENTENCE_ENDS)):
        if (len(lines) == 1 or DATA_ROW.match(lines[-1])
                or DATA_ROW.match(lines[-2]) and lines[-2].endswith(":")):
            break
        lines = lines[:-1]
    return lines
