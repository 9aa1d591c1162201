"""The index's own words: accented forms of unaccented query words, and corrections of typos.

A stemmer needs accents (`onkormanyzat` is not a word it knows), so an unaccented query word is
first mapped back to the accented surface forms the index holds (`önkormányzat`), whose stem keys
then reach every inflected form. Built once per reader from the exact-form terms.

Corrections are looked up in accent-free spelling, in a pigeonhole index of the words (PassJoin,
Li et al. 2011): each word of length L is cut into three segments, and a word within 2 edits of the
typed one keeps one segment whole, shifted by at most 2. Candidates sharing a segment are checked
with a bounded edit distance. About 5 ms a word at 20,000 pages, where Whoosh's Levenshtein
automaton walking the sorted word list (pure Python) took 45–250 ms, which made a known-item
query's did-you-mean cost more than the rest of the search. Answers are cached per reader.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh.reading import IndexReader

from core.analysis.chain import EXACT, FOLDED, fold, query_terms

MAX_VARIANTS = 4
TEXT_FIELDS = ("title", "body")
CORRECTION_FIELDS = ("body", "body_en")
ENGLISH_FIELDS = frozenset({"body_en"})
MAX_CORRECTIONS = 5
MAX_CACHED = 10_000
MAX_REACH = 2  # edits the segment index can find (typo_budget never asks for more)


@dataclass(frozen=True, slots=True)
class Correction:
    """An index word (its most frequent spelling) close to a typed word."""

    word: str
    distance: int
    documents: int


def typo_budget(word: str) -> int:
    """Edits forgiven in a word, as Meilisearch does: none below 5 letters, 1 from 5, 2 from 9."""
    length = len(word)
    return 0 if length < 5 else 1 if length < 9 else 2


class Vocabulary:
    def __init__(self, reader: IndexReader) -> None:
        self._reader = reader
        variants: defaultdict[str, set[str]] = defaultdict(set)
        words: set[str] = set()
        english: set[str] = set()
        hungarian: set[str] = set()
        for field in dict.fromkeys((*TEXT_FIELDS, *CORRECTION_FIELDS)):
            if field not in reader.schema:
                continue
            for term in reader.expand_prefix(field, EXACT):
                word = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                surface = word[1:]
                folded = fold(surface)
                if folded.isalpha():
                    words.add(folded)
                    (english if field in ENGLISH_FIELDS else hungarian).add(folded)
                if folded != surface and field in TEXT_FIELDS:
                    variants[folded].add(surface)
        # English pages are few: their words, and those no Hungarian page holds, are kept apart so that
        # an English query is corrected with English words and a Hungarian one without them.
        self._english = frozenset(english)
        self._english_only = frozenset(english - hungarian)
        self._variants = {folded: tuple(sorted(forms)[:MAX_VARIANTS]) for folded, forms in variants.items()}
        self._segments = SegmentIndex(words)
        self._fields = tuple(field for field in CORRECTION_FIELDS if field in reader.schema)
        self._cache: dict[tuple[str, int, str | None], list[Correction]] = {}

    def accented_forms(self, word: str) -> tuple[str, ...]:
        """Accented words of the index that read as `word` without accents (none if it has accents)."""
        if fold(word) != word:
            return ()
        return self._variants.get(word, ())

    def documents_with(self, word: str) -> int:
        """Documents holding `word` as typed or without accents (inflected forms not counted)."""
        lowered = word.lower()
        return max(
            (self._frequency(EXACT + lowered), self._frequency(FOLDED + fold(lowered)), self._frequency(EXACT + fold(lowered)))
        )

    def stem_documents(self, word: str) -> int:
        """Documents holding any inflected form of `word` (its stem key)."""
        return self._frequency(query_terms(word.lower())[0][0])

    def english_documents(self, word: str) -> int:
        """Documents whose English fields hold `word` as typed (accents aside)."""
        lowered = word.lower()
        return sum(int(self._reader.doc_frequency(field, EXACT + lowered)) for field in ENGLISH_FIELDS if field in self._reader.schema)

    def language_of(self, words: Iterable[str]) -> str:
        """`en` when more of the known words are mostly on English pages than not, else `hu`: the
        vocabulary a query's typos are corrected from."""
        english = hungarian = 0
        for word in words:
            everywhere = self.documents_with(word)
            if not everywhere:
                continue
            if 2 * self.english_documents(word) > everywhere:
                english += 1
            else:
                hungarian += 1
        return "en" if english > hungarian else "hu"

    def corrections(self, word: str, max_distance: int, *, language: str | None = None) -> list[Correction]:
        """Index words within `max_distance` edits of `word` (accents ignored), closest then most
        frequent first; the word itself is left out. `language` "en" takes English pages' words only,
        "hu" leaves out the words only English pages hold."""
        folded = fold(word.lower())
        if max_distance < 1 or not folded.isalpha():
            return []
        key = (folded, max_distance, language)
        if key not in self._cache:
            if len(self._cache) >= MAX_CACHED:
                self._cache.clear()
            # The automaton counts a swap of two letters as 2 edits; search one further and measure again.
            reach = self._within(folded, min(max_distance + 1, 2))
            if language == "en":
                reach = [candidate for candidate in reach if candidate in self._english]
            elif language == "hu":
                reach = [candidate for candidate in reach if candidate not in self._english_only]
            found = {
                candidate: self.documents_with(candidate)
                for candidate in reach if edit_distance(folded, candidate) <= max_distance
            }
            ranked = sorted(found.items(), key=lambda item: (edit_distance(folded, item[0]), -item[1], item[0]))
            self._cache[key] = [
                Correction(self._spelling(candidate), edit_distance(folded, candidate), documents)
                for candidate, documents in ranked[:MAX_CORRECTIONS]
            ]
        return self._cache[key]

    def _within(self, folded: str, max_distance: int) -> list[str]:
        """Index words within `max_distance` Levenshtein edits of `folded`, leaving it out."""
        return [word for word in self._segments.within(folded, max_distance) if word != folded]

    def _spelling(self, folded: str) -> str:
        spellings = [*self._variants.get(folded, ()), folded] if self._frequency(EXACT + folded) else [*self._variants.get(folded, ())]
        return max(spellings or [folded], key=lambda spelling: (self._frequency(EXACT + spelling), spelling))

    def _frequency(self, term: str) -> int:
        return sum(int(self._reader.doc_frequency(field, term)) for field in self._fields)


def edit_distance(first: str, second: str) -> int:
    """Edits from one word to the other: insert, delete, replace, or swap two neighbouring letters
    (optimal string alignment, the count Meilisearch's typo rules use)."""
    rows = [list(range(len(second) + 1))]
    for row, left in enumerate(first, 1):
        current = [row]
        for column, right in enumerate(second, 1):
            cost = min(rows[-1][column] + 1, current[column - 1] + 1, rows[-1][column - 1] + (left != right))
            if row > 1 and column > 1 and left == second[column - 2] and first[row - 2] == right:
                cost = min(cost, rows[-2][column - 2] + 1)
            current.append(cost)
        rows.append(current)
    return rows[-1][-1]


class SegmentIndex:
    """Words by (length, segment number, segment text), for the PassJoin look-up in `within`."""

    def __init__(self, words: Iterable[str]) -> None:
        self._table: dict[tuple[int, int, str], str | list[str]] = {}
        table = self._table
        for word in words:
            length = len(word)
            for number, (start, size) in enumerate(_segments(length)):
                key = (length, number, word[start:start + size])
                found = table.get(key)
                if found is None:
                    table[key] = word  # most keys hold one word: a list each would double the memory
                elif isinstance(found, str):
                    table[key] = [found, word]
                else:
                    found.append(word)

    def within(self, word: str, reach: int) -> list[str]:
        """Words at most `reach` (≤ MAX_REACH) Levenshtein edits from `word`, `word` included if known."""
        reach = min(reach, MAX_REACH)
        size_of_word = len(word)
        candidates: set[str] = set()
        table = self._table
        for length in range(max(1, size_of_word - reach), size_of_word + reach + 1):
            for number, (start, size) in enumerate(_segments(length)):
                for shift in range(max(0, start - reach), min(size_of_word - size, start + reach) + 1):
                    found = table.get((length, number, word[shift:shift + size]))
                    if found is None:
                        continue
                    if isinstance(found, str):
                        candidates.add(found)
                    else:
                        candidates.update(found)
        return sorted(candidate for candidate in candidates if within_edits(word, candidate, reach))


def _segments(length: int) -> list[tuple[int, int]]:
    """(start, size) of the MAX_REACH + 1 segments of a word of `length`; the longer ones last."""
    parts = MAX_REACH + 1
    base, longer = divmod(length, parts)
    segments: list[tuple[int, int]] = []
    start = 0
    for number in range(parts):
        size = base + (1 if number >= parts - longer else 0)
        segments.append((start, size))
        start += size
    return segments


def within_edits(first: str, second: str, edits: int) -> bool:
    """Whether Levenshtein(first, second) ≤ edits; cheap for the small `edits` of typos: strip the
    common ends, then try the three edits at the first difference."""
    if abs(len(first) - len(second)) > edits:
        return False
    start = 0
    shorter = min(len(first), len(second))
    while start < shorter and first[start] == second[start]:
        start += 1
    end_first, end_second = len(first), len(second)
    while end_first > start and end_second > start and first[end_first - 1] == second[end_second - 1]:
        end_first -= 1
        end_second -= 1
    first, second = first[start:end_first], second[start:end_second]
    if edits <= 1 or not first or not second:  # one edit leaves at most one letter on each side
        return len(first) <= edits and len(second) <= edits
    return (
        within_edits(first[1:], second[1:], edits - 1)
        or within_edits(first[1:], second, edits - 1)
        or within_edits(first, second[1:], edits - 1)
    )
