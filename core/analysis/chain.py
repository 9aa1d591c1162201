"""One analysis chain for indexing, querying, highlighting and `indexer analyze`.

Every word is indexed in one field as a few terms at the same position, so a query can match
any of them and rank the closest first:

    önkormányzatoknak → onkormanyzat          stem key (stemmed, then accent-folded)
                        =önkormányzatoknak    the exact surface form
                        ~onkormanyzatoknak    the surface form without accents
                        ^onkormanyzat         stem of the unaccented form (for queries typed without accents)
    megyei            → megye*0.5             an -i adjective joins its noun's key at half weight,
                        megyei                and keeps a key of its own
    kerékpáros        → kerekparos            so does another productive derivation (-s, -ság/-ség,
                        kerekpar*0.5          -beli, -ú/-ű) beside its own key
    esélyegyenlőségi  → +egyenloseg           a compound's last member (search_api.query.compile decides its use)

Codes (`EFOP-1.6.3-17-2017-00004`), dates and amounts stay whole tokens next to their parts; a
code of letters and digits also gets a loose key (`#efop-1-6-3-17-2017-4`, see `code_key`).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache

from whoosh.analysis import Filter, Token, Tokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer

from core.analysis.stemming import accent_suggestions, analyse, related_stems, stem, stem_english

__all__ = [
    "stem", "fold", "hungarian_analyzer", "english_analyzer", "query_terms", "restore_accents", "EXACT", "FOLDED",
    "UNACCENTED_STEM", "COMPOUND_MEMBER", "CODE_KEY", "code_key", "analyzer_for",
]

EXACT = "="
FOLDED = "~"
UNACCENTED_STEM = "^"
COMPOUND_MEMBER = "+"
CODE_KEY = "#"
_MARKERS = frozenset((EXACT, FOLDED, UNACCENTED_STEM, COMPOUND_MEMBER))  # CODE_KEY terms are words a build stems (to themselves)
EXACT_BOOST = 1.6
FOLDED_BOOST = 1.3
# A phrase matched word for word as typed ranks with EXACT_BOOST; matched with accents ignored,
# below a single folded word, since every word of it may differ from the page's spelling.
PHRASE_FOLDED_BOOST = 1.2
UNACCENTED_BOOST = 0.6
# Index-time weight (the token boost, stored as the posting's weight) of a key reached through an
# -i adjective (megyei → megye): such pages match the noun, but a page holding the noun outranks them.
DERIVED_WEIGHT = 0.5
RELATED_WEIGHT = 0.3  # another reading Hunspell gives (megromlott: also megromlik)
RELATED_BOOST = 0.5  # another reading of the query word (garantáltan → garantál): below every form of its own key

# A code is letters/digits joined by - . / _ (at least one joiner); else a plain word.
TOKEN_PATTERN = re.compile(r"\w+(?:[-./_]+\w+)+|\w+", re.UNICODE)
_CODE_JOINERS = re.compile(r"[-./_]*-[-./_]*|\.{2,}")
_PART = re.compile(r"[^\W_]+", re.UNICODE)
_HAS_JOINER = re.compile(r"[-./_]")
_CODE_PIECES = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
Weighted = tuple[str, float]  # an index term and its weight
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


def code_key(code: str) -> str:
    """The key a code is found by however it is typed: its runs of letters and of digits, joined by
    `-`, numbers without leading zeros. `TOP2.1.2-19-CS1-2020-00030`, `top-2.1.2-19-cs1-2020-0030`,
    `TOP-PLUSZ-1.2.1` and `TOP_PLUSZ-1.2.1` each meet their other spelling; a call code's key is a
    prefix of its projects' keys (`#top-2-1-2-`). Empty for a code without both letters and digits
    (dates, amounts, hyphenated words) or of two pieces only (`2019-ben`, `1956-os`: a suffixed number)."""
    pieces = _CODE_PIECES.findall(code.lower())
    if len(pieces) < 3 or not any(piece.isdigit() for piece in pieces) or all(piece.isdigit() for piece in pieces):
        return ""
    return CODE_KEY + "-".join(piece.lstrip("0") or "0" if piece.isdigit() else piece for piece in pieces)


# The index forms of every Hungarian word this process has met: computed here, sent by another process
# (`use_word_forms`) or kept from an earlier run (core/analysis/formcache.py). Forms are a pure function
# of the word, so the table only grows; past the limit (an API process fed random words) it restarts.
_FORMS: dict[str, tuple[Weighted, ...]] = {}
_FORMS_LIMIT = 2_000_000


def _hungarian_forms(word: str) -> tuple[Weighted, ...]:
    forms = _FORMS.get(word)
    if forms is None:
        if len(_FORMS) >= _FORMS_LIMIT:
            _FORMS.clear()
        forms = _FORMS[word] = _analysed_forms(word)
    return forms


def _analysed_forms(word: str) -> tuple[Weighted, ...]:
    if _has_digit(word):
        return ((word, 1.0),)  # codes, years and amounts have no inflection worth stemming
    analysis = analyse(word)
    key = fold(analysis.key)
    forms = _forms(word, key, fold(stem(fold(word))), key_weight=DERIVED_WEIGHT if analysis.derived else 1.0)
    # The adjective's own key (megyei), so that a query for one of its forms prefers its pages.
    adjective = fold(analysis.adjective)
    if adjective and all(adjective != form for form, _ in forms):
        forms += ((adjective, 1.0),)
    # The base of a productive derivation (kerékpáros → kerékpár), at the -i adjectives' weight.
    for base in analysis.bases:
        derived = fold(base)
        if all(derived != form for form, _ in forms):
            forms += ((derived, DERIVED_WEIGHT),)
    for reading in analysis.readings:
        other = fold(reading)
        if all(other != form for form, _ in forms):
            forms += ((other, RELATED_WEIGHT),)
    if analysis.member:
        forms += ((COMPOUND_MEMBER + fold(analysis.member), 1.0),)
    return forms


@lru_cache(maxsize=100_000)
def _english_forms(word: str) -> tuple[Weighted, ...]:
    if _has_digit(word):
        return ((word, 1.0),)
    key = stem_english(fold(word))
    return _forms(word, key, key)


def _forms(word: str, key: str, unaccented_key: str, *, key_weight: float = 1.0) -> tuple[Weighted, ...]:
    """Index terms of one word; forms equal to one already present are left out (smaller index)."""
    forms = [(key, key_weight), (EXACT + word, 1.0)]
    folded = fold(word)
    if folded != word:
        forms.append((FOLDED + folded, 1.0))
    if unaccented_key != key:
        forms.append((UNACCENTED_STEM + unaccented_key, 1.0))
    return tuple(forms)


def _has_digit(word: str) -> bool:
    return any(ch.isdigit() for ch in word)


class LowercaseTokenizer(Tokenizer):  # type: ignore[misc]  # Whoosh is untyped
    """Words and codes of TOKEN_PATTERN, lowercased: the text is lowercased once, not each token
    (a third of the chain's time went to per-token filter calls)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LowercaseTokenizer)

    def __call__(
        self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
        removestops: bool = True, start_pos: int = 0, start_char: int = 0, mode: str = "", **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, match in enumerate(TOKEN_PATTERN.finditer(value.lower()), start_pos):
            token.text = match.group()
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = position
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class StopWordsFilter(Filter):  # type: ignore[misc]  # Whoosh is untyped
    """Drop stop words; positions keep their gaps, so phrases still see the words in between."""

    def __init__(self, stopwords: frozenset[str]) -> None:
        self.stopwords = stopwords

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StopWordsFilter) and other.stopwords == self.stopwords

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stopwords = self.stopwords
        for token in tokens:
            if token.text not in stopwords:
                yield token


class CodePartsFilter(Filter):  # type: ignore[misc]  # Whoosh is untyped
    """After a code token (`efop-1.6.3-17`), also yield its parts at the same position."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            text = token.text
            if not is_code(text):
                yield token
                continue
            terms = _code_terms(text)
            for term in terms:
                token.text = term
                yield token
            token.text = terms[0]


def tokens(text: str) -> list[str]:
    """The lowercased words and codes of `text`, in order: the one tokenisation of pages and queries."""
    return TOKEN_PATTERN.findall(text.lower())


def is_code(token: str) -> bool:
    """Whether a token is a code (`efop-1.6.3-17`): joined pieces, indexed whole and in parts."""
    return not token.isalnum() and _HAS_JOINER.search(token) is not None


def _code_terms(code: str) -> tuple[str, ...]:
    """A code's terms: the code in its canonical form, its loose key (if any), then each of its parts."""
    whole = canonical_code(code)
    key = code_key(whole)
    return (whole, *((key,) if key else ()), *(part for part in _PART.findall(whole) if part != whole))


class FormsFilter(Filter):  # type: ignore[misc]  # Whoosh is untyped
    """Replace each word by its stem key, exact, folded and unaccented-stem terms (same position),
    and a compound's last member; the token boost is the term's weight in the posting."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._forms = _hungarian_forms if language == "hu" else _english_forms

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormsFilter) and other.language == self.language

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        forms = self._forms
        for token in tokens:
            text = token.text
            if token.mode == "query" and text[:1] in _MARKERS:
                yield token
                continue
            for form, weight in forms(text):
                token.text = form
                token.boost = weight
                yield token
            token.boost = 1.0


class ChainAnalyzer(CompositeAnalyzer):  # type: ignore[misc]
    """Tokenizer → stop words → code parts → forms, as Whoosh chains them, plus `term_positions`:
    the same terms for indexing without a Token passed through four generators per term (the
    chain was a fifth of a build's writing; core/index/schema.py's `WordPositions` uses it)."""

    def __init__(self, stopwords: frozenset[str], language: str) -> None:
        super().__init__(LowercaseTokenizer(), StopWordsFilter(stopwords), CodePartsFilter(), FormsFilter(language))
        self._stopwords = stopwords
        self._forms = _hungarian_forms if language == "hu" else _english_forms

    def words(self, value: str) -> list[tuple[int, str]]:
        """(position, token) of the tokens of `value` this chain indexes, stop words left out with
        their positions kept: what a query's words and phrases must line up with."""
        stopwords = self._stopwords
        return [(position, token) for position, token in enumerate(tokens(value)) if token not in stopwords]

    def term_positions(self, value: str) -> tuple[dict[str, list[int]], dict[str, float]]:
        """Each index term of `value` with its positions, and the sum of its tokens' weights: what
        Whoosh's `Positions.word_values` gathers from the chain's tokens, in the same order."""
        stopwords, forms = self._stopwords, self._forms
        positions: dict[str, list[int]] = {}
        weights: dict[str, float] = {}
        for position, match in enumerate(TOKEN_PATTERN.finditer(value.lower())):
            text = match.group()
            if text in stopwords:
                continue
            # `_is_code` spelled out: this runs for every token a build writes.
            words = (text,) if text.isalnum() or not _HAS_JOINER.search(text) else _code_terms(text)
            for word in words:
                for form, weight in forms(word):
                    found = positions.get(form)
                    if found is None:
                        positions[form] = [position]
                        weights[form] = 0.0 + weight
                    else:
                        found.append(position)
                        weights[form] += weight
        return positions, weights


def new_words(text: str, *, seen: set[str]) -> set[str]:
    """The words of `text` the Hungarian analyzer would stem and `seen` lacks (which this extends).

    Stemming is most of a build's work, and Whoosh analyses in the writer processes: workers report
    their pages' new words, the build stems each distinct word once (`word_forms`, on every core)
    and the writers only look the forms up (`use_word_forms`). Same terms either way.
    """
    words: set[str] = set()
    # What the analyzer's tokenizer, stop words and code parts hand FormsFilter, worked out once per
    # distinct token (a page repeats its words) rather than through the chain.
    for token in set(tokens(text)):
        if token in seen or token in HUNGARIAN_STOPWORDS:
            continue
        terms = _code_terms(token) if is_code(token) else (token,)
        words.update(term for term in terms if term not in seen and term[:1] not in _MARKERS)
    seen.update(words)
    return words


def word_forms(words: Iterable[str]) -> dict[str, tuple[Weighted, ...]]:
    """The Hungarian index forms of `words` (a pure function of each word)."""
    return {word: _hungarian_forms(word) for word in words}


def use_word_forms(forms: Mapping[str, tuple[Weighted, ...]]) -> None:
    """Take forms computed elsewhere: by another process (see `new_words`) or by an earlier run."""
    if len(_FORMS) + len(forms) > _FORMS_LIMIT:
        _FORMS.clear()
    _FORMS.update(forms)


def known_word_forms() -> Mapping[str, tuple[Weighted, ...]]:
    """Every Hungarian word's forms this process holds (what core/analysis/formcache.py keeps)."""
    return _FORMS


def forget_word_forms() -> None:
    """Start from an empty table (benchmarks of cold analysis, tests)."""
    _FORMS.clear()


def hungarian_analyzer() -> ChainAnalyzer:
    return ChainAnalyzer(HUNGARIAN_STOPWORDS, "hu")


def english_analyzer() -> ChainAnalyzer:
    return ChainAnalyzer(ENGLISH_STOPWORDS, "en")


@lru_cache(maxsize=2)
def analyzer_for(language: str) -> ChainAnalyzer:
    """The chain a field of `language` is indexed with (`hu` or `en`), shared by the query compiler."""
    return hungarian_analyzer() if language == "hu" else english_analyzer()


def query_terms(word: str, *, language: str = "hu") -> tuple[tuple[str, float], ...]:
    """(term, boost) pairs one query word is looked up as, mirroring `_forms`.

    Exact surface ranks above the folded surface above the stem; an unaccented query also reaches
    the stems of accented words through the unaccented-stem terms.
    """
    word = word.lower()
    forms = _hungarian_forms(word) if language == "hu" else _english_forms(word)
    if len(forms) == 1:
        return ((forms[0][0], 1.0),)
    key = forms[0][0]
    terms: dict[str, float] = {key: 1.0, EXACT + word: EXACT_BOOST}
    folded = fold(word)
    terms.setdefault(FOLDED + folded, FOLDED_BOOST)
    # A page written without accents holds `=onkormanyzat`: the very word typed if the query has no
    # accents either, else a folded match of `önkormányzat`.
    terms.setdefault(EXACT + folded, EXACT_BOOST if folded == word else FOLDED_BOOST)
    if folded == word:
        # Typed without accents (or a word with none): also the stems of the unaccented spelling,
        # which is all a stemmer can read of it. A word typed with accents has its own key: these
        # would only add pages whose unaccented spelling stems alike (határidő → hatar → határokon).
        unaccented_key = fold(stem(folded)) if language == "hu" else key
        terms.setdefault(UNACCENTED_STEM + unaccented_key, UNACCENTED_BOOST)
        terms.setdefault(unaccented_key, UNACCENTED_BOOST)
    if language == "hu":
        adjective = fold(analyse(word).adjective)
        if adjective:
            terms.setdefault(adjective, 1.0)
        for related in related_stems(word):
            terms.setdefault(fold(related), RELATED_BOOST)
    elif word.isalpha():
        # A Hungarian inflection of a word English pages share (partnerével, programok).
        terms.setdefault(stem_english(fold(stem(word))), RELATED_BOOST)
    return tuple(terms.items())


def restore_accents(word: str) -> tuple[str, ...]:
    """Accented words of the dictionary that read as the unaccented `word` (merseklodott → mérséklődött).

    For a query word that no page holds in any spelling: its stem key then reaches the pages that
    hold other forms of it, which the stem of the unaccented spelling (Snowball's guess) does not.
    """
    word = word.lower()
    if fold(word) != word or not word.isalpha():
        return ()
    return tuple(suggestion for suggestion in accent_suggestions(word) if suggestion != word and fold(suggestion) == word)


def analyze_line(line: str, *, language: str = "hu") -> list[str]:
    """Index terms of one line of text, in order, as `indexer analyze` prints them: a term whose
    weight is not 1 is followed by it (`egyenloseg*0.3`)."""
    analyzer = hungarian_analyzer() if language == "hu" else english_analyzer()
    return [token.text if token.boost == 1.0 else f"{token.text}*{token.boost:g}" for token in analyzer(line)]
