"""Compile the query syntax tree to a Whoosh query.

A word becomes an OR over its forms (stem key, exact, folded, unaccented stem) in the text fields,
boosted so that the very word typed ranks first; codes match whole; facet fields match their values.
A word of 5+ letters that no page holds (in any spelling) is read as a typo: the closest index
words (1 edit from 5 letters, 2 from 9) join it at half weight; if it is an unaccented spelling of
a dictionary word, that word's forms join it too.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from whoosh import query as wq
from whoosh.searching import Searcher

from core.analysis.chain import (
    COMPOUND_MEMBER,
    EXACT,
    EXACT_BOOST,
    FOLDED,
    PHRASE_FOLDED_BOOST,
    analyzer_for,
    canonical_code,
    code_key,
    fold,
    is_code,
    query_terms,
    restore_accents,
)
from search_api.errors import BadRequestError
from search_api.facets import FacetCache
from search_api.query.codes import nearest_project, projects_of_call
from search_api.query.parse import And, FieldClause, Node, Not, Or, Phrase, Word, YearRange
from search_api.query.vocabulary import Vocabulary, typo_budget

HU_TEXT_FIELDS = ("title", "body")
EN_TEXT_FIELDS = ("title_en", "body_en")
MAX_PREFIX_TERMS = 64
RESTORED_ACCENT_BOOST = 0.9
TYPO_BOOST = 0.5  # a corrected word ranks below every form of a word typed right
MEMBER_SCORE = 0.05  # a direct match scores at least ~0.2 (BM25 of one occurrence in a long page)
MAX_TYPO_EXPANSIONS = 3
WORD_FACETS = ("county", "funder")  # facets a word of the query may name
FACET_SCORE = 0.1  # a page that only has the facet value ranks below one spelling the word
# A programme's letters typed apart from the rest of its code: `EFOP 1.6.3-17-2017-00004`.
_PROGRAMME = re.compile(r"^[^\W\d_]{2,10}$")
_CODE_BODY = re.compile(r"^(?:[^\W\d_]+[-_])?\d+[-./_]\w")


class QueryCompiler:
    """Turns the syntax tree into a Whoosh query, using the reader's facet values and vocabulary."""

    def __init__(self, searcher: Searcher, facets: FacetCache, vocabulary: Vocabulary) -> None:
        self.searcher = searcher
        self.facets = facets
        self.vocabulary = vocabulary
        self._members = False
        self._negated = False  # compiling what a NOT excludes
        self._words: list[str] = []
        self._language: str | None = None  # whose words correct the query's typos: see `_typo_language`
        # (as typed, the id meant) for codes that match nothing but are close to a project's id
        self.code_corrections: list[tuple[str, str]] = []

    def compile(self, node: Node) -> wq.Query:
        # A compound's last member answers a query of one word (egyenlőség finds esélyegyenlőségi
        # pages, below the pages with the word itself). In a query of several words it would let a
        # page that matches one word only inside a compound outrank the pages matching every word
        # directly, whenever its other words match strongly (known-item MRR@10 fell 0.008).
        self._members = isinstance(node, Word) and not node.prefix
        self._words = _words(node)
        self._language = None
        return self._node(node)

    def compile_part(self, node: Node) -> wq.Query:
        """One operand of a query, compiled as inside it (search_api/engine/loosen.py makes them optional)."""
        return self._node(node)

    def _node(self, node: Node) -> wq.Query:
        if isinstance(node, And):
            return wq.And(self._and_operands(node.operands))
        if isinstance(node, Or):
            return _union([self._node(child) for child in node.operands])
        if isinstance(node, Not):
            self._negated = not self._negated
            excluded = self._node(node.operand)
            self._negated = not self._negated
            return wq.And([wq.Every(), wq.Not(excluded)])
        if isinstance(node, Phrase):
            return _phrase_query(node.words, HU_TEXT_FIELDS, EN_TEXT_FIELDS)
        if isinstance(node, FieldClause):
            return self._field_query(node)
        if node.prefix:
            return _prefix_query(node.text, self.searcher, (*HU_TEXT_FIELDS, *EN_TEXT_FIELDS))
        return self._word_query(node.text, HU_TEXT_FIELDS, EN_TEXT_FIELDS, code_fields=True)

    def _and_operands(self, operands: Sequence[Node]) -> list[wq.Query]:
        """The parts of an AND; a programme typed apart from its code (`EFOP 1.6.3-17-…`) also
        reads as the whole code."""
        parts: list[wq.Query] = []
        index = 0
        while index < len(operands):
            child = operands[index]
            following = operands[index + 1] if index + 1 < len(operands) else None
            if (
                isinstance(child, Word) and isinstance(following, Word) and not child.prefix and not following.prefix
                and _PROGRAMME.match(child.text) and _CODE_BODY.match(following.text)
            ):
                apart = wq.And([self._node(child), self._node(following)])
                whole = self._word_query(
                    f"{child.text}-{following.text}", HU_TEXT_FIELDS, EN_TEXT_FIELDS, code_fields=True,
                    typed=f"{child.text} {following.text}",
                )
                parts.append(_union([apart, whole]))
                index += 2
                continue
            parts.append(self._node(child))
            index += 1
        return parts

    def _field_query(self, clause: FieldClause) -> wq.Query:
        value = clause.value
        if isinstance(value, YearRange):
            if value.end - value.start > 200:
                raise BadRequestError("year range longer than 200 years", reason="year_span")
            return _union([wq.Term("year", str(year)) for year in range(value.start, value.end + 1)])
        if isinstance(value, Word) and value.prefix and clause.field in ("title", "beneficiary"):
            return _prefix_query(value.text, self.searcher, ("title", "title_en") if clause.field == "title" else ("beneficiary",))
        if clause.field == "title":
            if isinstance(value, Phrase):
                return _phrase_query(value.words, ("title",), ("title_en",))
            return self._word_query(value.text, ("title",), ("title_en",), code_fields=False)
        if clause.field == "beneficiary":
            words = value.words if isinstance(value, Phrase) else (value.text,)
            return wq.And([self._word_query(word, ("beneficiary",), (), code_fields=False) for word in words])
        text = " ".join(value.words) if isinstance(value, Phrase) else value.text
        if clause.field == "id":
            code = canonical_code(text.lower())
            key = code_key(code)
            return _union([
                wq.Term("project_id", text.upper()), wq.Term("project_code", code), *((wq.Term("project_code", key),) if key else ()),
            ])
        matches = resolve_facet_value(clause.field, text, self.facets.known_values(clause.field))
        return _union([wq.Term(clause.field, match) for match in matches]) if matches else wq.NullQuery

    def _word_query(
        self, text: str, hu_fields: Sequence[str], en_fields: Sequence[str], *, code_fields: bool, typed: str | None = None,
    ) -> wq.Query:
        # The words each language's fields index: a Hungarian stop word is no word at all, an
        # English one (`of`) is no word in the English fields, so any English page holds it.
        # `_` and `__` are tokens of the pattern, but joiners only: no code, no word, nothing to match.
        tokens = [token for _, token in analyzer_for("hu").words(text) if canonical_code(token)]
        if not tokens:
            return wq.Every()
        if len(tokens) == 1 and is_code(tokens[0]):
            return self._code_query(tokens[0], hu_fields, en_fields, code_fields=code_fields, typed=typed or text)
        english = {token for _, token in analyzer_for("en").words(text)}
        parts = [
            self._token_query(token, hu_fields, en_fields, code_fields=code_fields) if token in english or not en_fields
            else _union([self._token_query(token, hu_fields, (), code_fields=code_fields), *self._any_english_page()])
            for token in tokens
        ]
        if len(parts) > 1:
            return wq.And(parts)
        extra: list[wq.Query] = []
        if code_fields and not is_code(tokens[0]):
            extra += self._facet_readings(tokens[0])
            if self._members:
                extra += self._member_clauses(tokens[0], hu_fields)
        return _union([parts[0], *extra]) if extra else parts[0]

    def _facet_readings(self, word: str) -> list[wq.Query]:
        """A word that names a county or a funder (`Pest`, `ESZA`) also finds the pages with that
        facet value, which need not spell it (`bölcsőde Pest` is `bölcsőde county:Pest` too)."""
        wanted = _facet_letters(word)
        return [
            wq.ConstantScoreQuery(wq.Term(name, value), FACET_SCORE)
            for name in WORD_FACETS for value in _values_named(name, tuple(self.facets.known_values(name))).get(wanted, ())
        ]

    def _any_english_page(self) -> list[wq.Query]:
        """Every English page, scoring nothing: what an English stop word in a query matches there
        (and, excluded, none: `-the` leaves English pages alone)."""
        if self._negated or "language" not in self.searcher.schema:
            return []
        return [wq.ConstantScoreQuery(wq.Term("language", "en"), 0.0)]

    def _member_clauses(self, word: str, fields: Sequence[str]) -> list[wq.Query]:
        """Pages holding the word as a compound's last member, at a constant score below any direct
        match (a member's rarer term would otherwise outweigh the word's own key by its idf)."""
        spellings = [word, *self.vocabulary.accented_forms(word), *restore_accents(word)]
        keys = dict.fromkeys(query_terms(spelling)[0][0] for spelling in spellings)
        return [wq.ConstantScoreQuery(wq.Term(name, COMPOUND_MEMBER + key), MEMBER_SCORE) for key in keys for name in fields]

    def _code_query(
        self, token: str, hu_fields: Sequence[str], en_fields: Sequence[str], *, code_fields: bool, typed: str,
    ) -> wq.Query:
        """A code as written and by its loose key (`code_key`); a call code or its prefix also finds
        the projects whose ids start with it."""
        code = canonical_code(token)
        key = code_key(code)
        fields = (*hu_fields, *en_fields)
        clauses: list[wq.Query] = [wq.Term(name, code) for name in fields]
        clauses += [wq.Term(name, key) for name in fields] if key else []
        if code_fields:
            clauses += [wq.Term("project_id", code.upper(), boost=3.0), wq.Term("project_code", code, boost=3.0)]
            if key:
                clauses.append(wq.Term("project_code", key, boost=3.0))
                projects = projects_of_call(self.searcher, key)
                clauses += [wq.Term("project_code", project) for project in projects]
                if not projects and not _holds_any(self.searcher, clauses):
                    nearest = nearest_project(self.searcher, key)
                    if nearest is not None:
                        self.code_corrections.append((typed, nearest))
        if not any(char.isdigit() for char in code):
            # A hyphenated word (labdarúgó-világbajnokságról, EU-ban) is indexed through its
            # forms like any other word, not as it stands: look those up too.
            weighted: dict[tuple[str, str], float] = {}
            self._add_word(weighted, code, hu_fields, en_fields, scale=1.0)
            clauses += [wq.Term(name, term, boost=boost) for (name, term), boost in weighted.items()]
        return _union(clauses)

    def _token_query(self, token: str, hu_fields: Sequence[str], en_fields: Sequence[str], *, code_fields: bool) -> wq.Query:
        if is_code(token):
            return self._code_query(token, hu_fields, en_fields, code_fields=code_fields, typed=token)
        weighted: dict[tuple[str, str], float] = {}
        self._add_word(weighted, token, hu_fields, en_fields, scale=1.0)
        if not self.vocabulary.documents_with(token) and not self.vocabulary.accented_forms(token):
            # No page holds the word in any spelling: an unaccented inflected form (merseklodott)
            # reaches the other forms of its lemma through the dictionary's accented spelling.
            restored = restore_accents(token)
            for spelling in restored:
                self._add_word(weighted, spelling, hu_fields, en_fields, scale=RESTORED_ACCENT_BOOST)
            # A word whose stem key some page holds is a real word in another form (tetszenek,
            # igényelnek), not a typo: corrections would only add unrelated common words.
            if not any(self.vocabulary.stem_documents(spelling) for spelling in (token, *restored)):
                corrections = self.vocabulary.corrections(token, typo_budget(token), language=self._typo_language())
                for correction in corrections[:MAX_TYPO_EXPANSIONS]:
                    self._add_word(weighted, correction.word, hu_fields, en_fields, scale=TYPO_BOOST)
        return _union([wq.Term(name, term, boost=boost) for (name, term), boost in weighted.items()])

    def _typo_language(self) -> str:
        """The query's language (Vocabulary.language_of), worked out once and only for a typo."""
        if self._language is None:
            self._language = self.vocabulary.language_of(self._words)
        return self._language

    def _add_word(
        self, weighted: dict[tuple[str, str], float], word: str, hu_fields: Sequence[str], en_fields: Sequence[str], *, scale: float
    ) -> None:
        """The terms of one word in every field, keeping the highest boost of a repeated term."""
        for fields, language in ((hu_fields, "hu"), (en_fields, "en")):
            for term, boost in query_terms(word, language=language):
                for name in fields:
                    weighted[(name, term)] = max(weighted.get((name, term), 0.0), boost * scale)
        for accented in self.vocabulary.accented_forms(word):
            key = query_terms(accented)[0][0]
            for name in hu_fields:
                weighted.setdefault((name, key), RESTORED_ACCENT_BOOST * scale)


def _holds_any(searcher: Searcher, clauses: Sequence[wq.Query]) -> bool:
    reader = searcher.reader()
    return any(isinstance(clause, wq.Term) and reader.doc_frequency(clause.fieldname, clause.text) for clause in clauses)


def _words(node: Node) -> list[str]:
    """The free-text words of a query, excluded ones included, for telling its language."""
    if isinstance(node, (And, Or)):
        return [word for child in node.operands for word in _words(child)]
    if isinstance(node, Not):
        return _words(node.operand)
    if isinstance(node, Phrase):
        return list(node.words)
    return [node.text] if isinstance(node, Word) and not node.prefix else []


def _union(clauses: Sequence[wq.Query]) -> wq.Or:
    """An OR scored as a tree of union matchers.

    Whoosh picks its preloaded array matcher for an OR of 3+ clauses on an index of up to 5,000
    documents, and that matcher reports the best clause's quality as the OR's maximum instead of
    the sum. The top-N collector prunes against that bound once its heap is full, so it stopped
    early and returned the first matches by document number, not the best ones.
    """
    union = wq.Or(list(clauses))
    union.matcher_type = wq.Or.DEFAULT_MATCHER
    return union


def resolve_facet_value(field_name: str, typed: str, known: Sequence[str]) -> list[str]:
    """Facet values a typed value means: same letters ignoring case, accents and the kind of dash
    (`2007-2013` is `2007–2013`), or an acronym. `field:value` and the URL's filters both ask here."""
    wanted = _facet_letters(typed)
    exact = [value for value in known if _facet_letters(value) == wanted]
    if exact:
        return exact
    acronym = [value for value in known if wanted in _acronyms(value)]
    if acronym:
        return acronym
    return [value for value in known if wanted and wanted in _facet_letters(value)]


_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—−", "-"))  # typed as an ASCII hyphen, stored as an en dash


def _facet_letters(value: str) -> str:
    return fold(value.lower()).translate(_DASHES)


@lru_cache(maxsize=16)
def _values_named(field_name: str, values: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The facet values a single query word names, by the word (lowercase, accents folded): a
    value's own name, and for funders their initials of 3+ letters (ESZA, ERFA)."""
    named: dict[str, list[str]] = {}
    for value in values:
        names = {_facet_letters(value)}
        if field_name == "funder":
            names |= {initials for initials in _acronyms(value) if len(initials) >= 3}
        for name in names:
            named.setdefault(name, []).append(value)
    return {name: tuple(found) for name, found in named.items()}


# Hungarian initials keep a word's first digraph: Európai SZociális Alap is ESZA, not ESA.
_DIGRAPH = re.compile(r"^(?:dzs|cs|dz|gy|ly|ny|sz|ty|zs)")


def _acronyms(value: str) -> set[str]:
    """The value's initials, one letter a word (ERFA) and with Hungarian digraphs (ESZA, EMVA)."""
    words = [word for word in re.split(r"[\s–-]+", fold(value.lower())) if word and word not in ("es", "a", "az")]
    digraphs = [match[0] if (match := _DIGRAPH.match(word)) else word[0] for word in words]
    return {"".join(word[0] for word in words), "".join(digraphs)}


def _phrase_query(words: Sequence[str], hu_fields: Sequence[str], en_fields: Sequence[str]) -> wq.Query:
    """The words in this order in each language's fields, lined up as that field's analyzer indexed
    them: its own stop words left out, their positions kept as gaps the slop allows."""
    text = " ".join(words)
    clauses: list[wq.Query] = []
    for fields, language in ((hu_fields, "hu"), (en_fields, "en")):
        positioned = analyzer_for(language).words(text)
        if not fields or not positioned:
            continue
        content = [token for _, token in positioned]
        if len(content) == 1:
            clauses += [wq.Term(name, term, boost=boost) for name in fields for term, boost in query_terms(content[0], language=language)]
            continue
        slop = 1 + (positioned[-1][0] - positioned[0][0] + 1) - len(positioned)
        keys = [query_terms(token, language=language)[0][0] for token in content]
        analysed = [len(query_terms(token, language=language)) > 1 for token in content]
        exact = [EXACT + token if has_forms else token for token, has_forms in zip(content, analysed, strict=True)]
        # The words as typed, accents ignored ("zold varos" finds "zöld város"): the stem of an
        # unaccented word is not the accented word's key (zold → zol, zöld → zold).
        folded = [FOLDED + fold(token) if has_forms else token for token, has_forms in zip(content, analysed, strict=True)]
        for name in fields:
            clauses.append(wq.Phrase(name, keys, slop=slop))
            clauses.append(wq.Phrase(name, exact, slop=slop, boost=EXACT_BOOST))
            if folded != exact:
                clauses.append(wq.Phrase(name, folded, slop=slop, boost=PHRASE_FOLDED_BOOST))
    return _union(clauses) if clauses else wq.Every()


def _prefix_query(prefix: str, searcher: Searcher, fields: Sequence[str]) -> wq.Query:
    """Words of `fields` starting with `prefix` (accents ignored), bounded to the most frequent expansions.

    A word with accents is indexed `~unaccented`; one without has no such term, only `=word`,
    which is its unaccented spelling too: both are looked through."""
    folded = fold(prefix.lower())
    reader = searcher.reader()
    candidates: list[tuple[int, str, str]] = []
    for name in fields:
        for marked in (FOLDED + folded, EXACT + folded):
            for term in reader.expand_prefix(name, marked):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                candidates.append((reader.doc_frequency(name, text), name, text))
                if len(candidates) > 20 * MAX_PREFIX_TERMS:
                    break
    candidates.sort(reverse=True)
    terms = [wq.Term(name, text) for _, name, text in candidates[:MAX_PREFIX_TERMS]]
    return _union(terms) if terms else wq.NullQuery


def positive_terms(compiled: wq.Query) -> dict[str, frozenset[str]]:
    """Terms per field that a hit can match, leaving out excluded (NOT) parts."""
    found: dict[str, set[str]] = {}

    def visit(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.Term):
            found.setdefault(node.fieldname, set()).add(str(node.text))
        elif isinstance(node, wq.Phrase):
            found.setdefault(node.fieldname, set()).update(str(word) for word in node.words)
        for child in node.children():
            visit(child)

    visit(compiled)
    return {name: frozenset(terms) for name, terms in found.items()}
