"""One analysis chain for indexing, querying, highlighting and `indexer analyze`.

Every word is indexed in one field as up to four terms at the same position, so a query can
match any of them and rank the closest first:

    önkormányzatoknak → onkormanyzat          stem key (stemmed, then accent-folded)
                        =önkormányzatoknak    the exact surface form
                        ~onkormanyzatoknak    the surface form without accents
                        ^onkormanyzat         stem of the unaccented form (for queries typed without accents)

Codes (`EFOP-1.6.3-17-2017-00004`), dates and amounts stay whole tokens next to their parts.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Composable, Filter, LowercaseFilter, RegexTokenizer, StopFilter, Token
from whoosh.analysis.analyzers import Analyzer

from indexer.stemming import stem, stem_english

__all__ = ["stem", "fold", "hungarian_analyzer", "english_analyzer", "query_terms", "EXACT", "FOLDED", "UNACCENTED_STEM"]

EXACT = "="
FOLDED = "~"
UNACCENTED_STEM = "^"
EXACT_BOOST = 1.6
FOLDED_BOOST = 1.3
UNACCENTED_BOOST = 0.6

# A code is letters/digits joined by - . / _ (at least one joiner); else a plain word.
TOKEN_PATTERN = re.compile(r"\w+(?:[-./_]+\w+)+|\w+", re.UNICODE)
_CODE_JOINERS = re.compile(r"[-./_]*-[-./_]*|\.{2,}")
_PART = re.compile(r"[^\W_]+", re.UNICODE)
_FOLD_TABLE = str.maketrans("áéíóöőúüűàâäãåçèêëìîïñòôõøùûýÿ", "aeiooouuuaaaaaceeeiiinooooouyy")

HUNGARIAN_STOPWORDS = frozenset(
    "a az egy és is s meg vagy de hogy nem ha mint már még csak pedig illetve valamint sem se "
    "ez azt ezt ami amely aki akik amelyek ahol amikor mely melyek azaz ill. stb".split()
)
ENGLISH_STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then "
    "there these they this to was will with".split()
)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Remove accents (ő and ű included), keeping every other character."""
    folded = word.translate(_FOLD_TABLE)
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


def canonical_code(token: str) -> str:
    """`efop-1.6.3.-17-2017-00004` → `efop-1.6.3-17-2017-00004`: the dots before dashes vary by site."""
    return _CODE_JOINERS.sub("-", token).strip("-./_")


@lru_cache(maxsize=200_000)
def _hungarian_forms(word: str) -> tuple[str, ...]:
    if _has_digit(word):
        return (word,)  # codes, years and amounts have no inflection worth stemming
    return _forms(word, fold(stem(word)), fold(stem(fold(word))))


@lru_cache(maxsize=100_000)
def _english_forms(word: str) -> tuple[str, ...]:
    if _has_digit(word):
        return (word,)
    key = stem_english(fold(word))
    return _forms(word, key, key)


def _forms(word: str, key: str, unaccented_key: str) -> tuple[str, ...]:
    """Index terms of one word; forms equal to one already present are left out (smaller index)."""
    forms = [key, EXACT + word]
    folded = fold(word)
    if folded != word:
        forms.append(FOLDED + folded)
    if unaccented_key != key:
        forms.append(UNACCENTED_STEM + unaccented_key)
    return tuple(forms)


def _has_digit(word: str) -> bool:
    return any(ch.isdigit() for ch in word)


class CodePartsFilter(Filter):
    """After a code token (`efop-1.6.3-17`), also yield its parts at the same position."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            text = token.text
            if not any(ch in text for ch in "-./_"):
                yield token
                continue
            whole = canonical_code(text)
            token.text = whole
            yield token
            for part in _PART.findall(whole):
                if part != whole:
                    token.text = part
                    yield token
            token.text = whole


class FormsFilter(Filter):
    """Replace each word by its stem key, exact, folded and unaccented-stem terms (same position)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._forms = _hungarian_forms if language == "hu" else _english_forms

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormsFilter) and other.language == self.language

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        forms = self._forms
        for token in tokens:
            if token.mode == "query" and token.text[:1] in (EXACT, FOLDED, UNACCENTED_STEM):
                yield token
                continue
            for form in forms(token.text):
                token.text = form
                yield token


def _chain(stopwords: frozenset[str], language: str) -> Composable:
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=stopwords, minsize=1, renumber=False)
        | CodePartsFilter()
        | FormsFilter(language)
    )


def hungarian_analyzer() -> Analyzer:
    return _chain(HUNGARIAN_STOPWORDS, "hu")


def english_analyzer() -> Analyzer:
    return _chain(ENGLISH_STOPWORDS, "en")


def query_terms(word: str, *, language: str = "hu") -> tuple[tuple[str, float], ...]:
    """(term, boost) pairs one query word is looked up as, mirroring `_forms`.

    Exact surface ranks above the folded surface above the stem; an unaccented query also reaches
    the stems of accented words through the unaccented-stem terms.
    """
    word = word.lower()
    forms = _hungarian_forms(word) if language == "hu" else _english_forms(word)
    if len(forms) == 1:
        return ((forms[0], 1.0),)
    key = forms[0]
    terms: dict[str, float] = {key: 1.0, EXACT + word: EXACT_BOOST}
    folded = fold(word)
    terms.setdefault(FOLDED + folded, FOLDED_BOOST)
    if folded == word:
        terms.setdefault(EXACT + folded, EXACT_BOOST)
    unaccented_key = fold(stem(folded)) if language == "hu" else key
    terms.setdefault(UNACCENTED_STEM + unaccented_key, UNACCENTED_BOOST)
    terms.setdefault(unaccented_key, UNACCENTED_BOOST)
    return tuple(terms.items())


def analyze_line(line: str, *, language: str = "hu") -> list[str]:
    """Index terms of one line of text, in order, as `indexer analyze` prints them."""
    analyzer = hungarian_analyzer() if language == "hu" else english_analyzer()
    return [token.text for token in analyzer(line)]
