"""The typo look-up's segment index finds exactly the words a plain Levenshtein scan finds."""
from __future__ import annotations

import random

import pytest

from search_api.query.vocabulary import SegmentIndex, within_edits


def levenshtein(first: str, second: str) -> int:
    row = list(range(len(second) + 1))
    for i, left in enumerate(first, 1):
        previous, row[0] = row[0], i
        for j, right in enumerate(second, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (left != right))
    return row[-1]


def _words(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice("abcde") for _ in range(rng.randint(1, 11))) for _ in range(count)]


@pytest.mark.parametrize("edits", [0, 1, 2])
def test_within_edits_agrees_with_levenshtein(edits: int) -> None:
    rng = random.Random(edits)
    pairs = list(zip(_words(rng, 3000), _words(rng, 3000), strict=True))
    pairs += [("kerekpar", "kerekpra"), ("abc", "bca"), ("aa", "a"), ("", "ab"), ("onkormanyzat", "onkormanyzta")]
    for first, second in pairs:
        assert within_edits(first, second, edits) == (levenshtein(first, second) <= edits), (first, second)


@pytest.mark.parametrize("reach", [1, 2])
def test_segment_index_finds_every_close_word(reach: int) -> None:
    rng = random.Random(10 + reach)
    words = sorted(set(_words(rng, 500)) | {"fejlesztes", "fejlesztese", "fejelsztes", "iskola", "iskolak"})
    index = SegmentIndex(words)
    for typed in [*rng.sample(words, 40), *_words(rng, 40), "fejlesztes", "iskloa"]:
        expected = sorted(word for word in words if levenshtein(typed, word) <= reach)
        assert index.within(typed, reach) == expected, typed


def test_segment_index_of_no_words_finds_nothing() -> None:
    assert SegmentIndex([]).within("iskola", 2) == []
