"""Snippets and titles as escaped HTML with `<mark>` around every matched surface form.

A token matches when any of its index forms (stem key, exact, folded, unaccented stem) is a query
term, so inflected and unaccented words are marked too. Re-analysing a page is the slow part (the
Hungarian stemmer takes milliseconds on a word it has not seen), so only tokens that can match are
analysed: those whose exact or folded form is a query term, or that begin like a query stem (the
first two letters; only the first for words of up to SHORT_WORD letters, whose stems may change
more: `tavak` → `tó`, `kövek` → `kő`; longer ones keep two: `mentek` → `megy`), or that hold a
queried compound member inside them (`egyenlőség` marks `esélyegyenlőségi`).
The scan stops after MAX_SCAN_CHARS characters or MAX_ANALYSED distinct words, so a huge page costs
no more than a large one.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from whoosh.analysis import Analyzer

from core.analysis.chain import COMPOUND_MEMBER, EXACT, FOLDED, TOKEN_PATTERN, UNACCENTED_STEM, fold

SNIPPET_CHARS = 200
MAX_SCAN_CHARS = 100_000
MAX_ANALYSED = 600
MAX_MATCHES = 1_000
SHORT_WORD = 6
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Match:
    """A matched token: its character span and its stem key (tokens of one word share it)."""

    start: int
    end: int
    key: str


def find_matches(text: str, terms: frozenset[str], analyzer: Analyzer, *, scan_chars: int = MAX_SCAN_CHARS) -> list[Match]:
    """Matched tokens of `text` in order; the work is bounded (see the module docstring)."""
    terms = frozenset(term for term in terms if term)  # an empty term marks nothing
    if not terms:
        return []
    stems = [term[1:] if term[0] == UNACCENTED_STEM else term for term in terms if term[0] not in (EXACT, FOLDED, COMPOUND_MEMBER)]
    beginnings = {stem[:2] for stem in stems} | {stem[:1] for stem in stems}
    # A member's key as it starts inside the compound (its last letters may change: fejlesztés|ek).
    members = tuple({term[1:][: max(3, len(term) - 3)] for term in terms if term[0] == COMPOUND_MEMBER})
    keys: dict[str, str | None] = {}
    analysed = 0
    matches: list[Match] = []
    for found in TOKEN_PATTERN.finditer(text, 0, min(len(text), scan_chars)):
        word = found.group().lower()
        if word not in keys:
            if not _may_match(word, terms, beginnings, members):
                keys[word] = None
                continue
            if analysed >= MAX_ANALYSED:
                break
            analysed += 1
            forms = [token.text for token in analyzer(word)]
            keys[word] = forms[0] if terms.intersection(forms) else None
        key = keys[word]
        if key is not None:
            matches.append(Match(found.start(), found.end(), key))
            if len(matches) >= MAX_MATCHES:
                break
    return matches


def _may_match(word: str, terms: frozenset[str], beginnings: set[str], members: tuple[str, ...]) -> bool:
    """Cheap test before analysis: could any form of `word` be a query term?"""
    folded = fold(word)
    if EXACT + word in terms or FOLDED + folded in terms or not folded.isalpha():
        return True
    if (folded[:1] if len(folded) <= SHORT_WORD else folded[:2]) in beginnings:
        return True
    return any(member in folded for member in members)


def snippet(text: str, terms: frozenset[str], analyzer: Analyzer, *, chars: int = SNIPPET_CHARS) -> str:
    """The best passage (two when a second one shows query words the first lacks), else the opening."""
    matches = find_matches(text, terms, analyzer)
    if not matches:
        return html.escape(_opening(text, chars), quote=False)
    first, _ = _best_window(text, matches, chars, exclude=frozenset())
    if {match.key for match in matches} <= _keys_in(matches, first):
        return _render(text, matches, first)
    narrow = chars * 3 // 5
    first, _ = _best_window(text, matches, narrow, exclude=frozenset())
    outside = [match for match in matches if match.start >= first[1] or match.end <= first[0]]
    second, new_words = _best_window(text, outside, narrow, exclude=_keys_in(matches, first))
    if new_words and (second[1] <= first[0] or second[0] >= first[1]):
        return " ".join(_render(text, matches, window) for window in sorted((first, second))).replace("… …", "…")
    return _render(text, matches, first)


def highlight_title(title: str, terms: frozenset[str], analyzer: Analyzer) -> str:
    """The whole title, escaped, with every matched word marked."""
    return _render(title, find_matches(title, terms, analyzer), (0, len(title)))


def _keys_in(matches: Sequence[Match], window: tuple[int, int]) -> frozenset[str]:
    return frozenset(match.key for match in matches if window[0] <= match.start and match.end <= window[1])


def _best_window(
    text: str, matches: Sequence[Match], chars: int, *, exclude: frozenset[str]
) -> tuple[tuple[int, int], int]:
    """The `chars`-long window starting shortly before a match that holds the most distinct words
    not in `exclude`, then the most matches; snapped to word boundaries. Also that word count."""
    if not matches:
        return (0, 0), 0
    lead = chars // 4
    best: tuple[int, int, int] = (-1, -1, 0)
    inside: Counter[str] = Counter()
    end_index = 0
    for index, match in enumerate(matches):
        limit = max(0, match.start - lead) + chars
        while end_index < len(matches) and matches[end_index].end <= limit:
            inside[matches[end_index].key] += 1
            end_index += 1
        distinct = sum(1 for key in inside if key not in exclude)
        score = (distinct, end_index - index, -index)
        if score > best:
            best = score
        inside[match.key] -= 1
        if not inside[match.key]:
            del inside[match.key]
    anchor = matches[-best[2]]
    start = max(0, anchor.start - lead)
    if start > 0:
        space = text.find(" ", start, anchor.start)
        start = space + 1 if space != -1 else anchor.start
    end = min(len(text), start + chars)
    if end < len(text):
        space = max(text.rfind(" ", anchor.end, end), text.rfind("\n", anchor.end, end))
        end = space if space > anchor.end else end
    return (start, end), best[0]


def _render(text: str, matches: Sequence[Match], window: tuple[int, int]) -> str:
    start, end = window
    parts: list[str] = ["… "] if start > 0 else []
    position = start
    for match in matches:
        if match.start < start or match.end > end:
            continue
        parts.append(html.escape(text[position:match.start], quote=False))
        parts.append(f"<mark>{html.escape(text[match.start:match.end], quote=False)}</mark>")
        position = match.end
    parts.append(html.escape(text[position:end], quote=False))
    if end < len(text):
        parts.append(" …")
    return _SPACES.sub(" ", "".join(parts)).strip()


def _opening(text: str, chars: int) -> str:
    flat = " ".join(text.split())
    if len(flat) <= chars:
        return flat
    cut = flat.rfind(" ", 0, chars)
    return flat[: cut if cut > chars // 2 else chars] + " …"
