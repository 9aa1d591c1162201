"""Parse the query language into a small syntax tree; compiling it to Whoosh is `search.py`'s job.

    words                 AND by default        önkormányzat fejlesztés
    "a phrase"            words in this order   "zöld város"
    OR                    either side           kerékpárút OR kerékpáros
    -word, NOT word       exclude               fejlesztés -óvoda
    ( … )                 grouping              (TOP OR EFOP) óvoda
    field:value           one field             title:óvoda funder:ESZA county:Zala id:EFOP-1.6.3-17-2017-00004
    year:2017, year:2015..2018                  years the project ran
    prefix*               words starting so     fenntarth*

Unknown `name:` prefixes are read as text (`Tel.:`), so only real mistakes (an unclosed quote or
parenthesis, an empty field value, a bad year) are errors, reported with their position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from search_api.errors import QuerySyntaxError

FIELDS = ("title", "funder", "programme", "id", "county", "year", "language", "kind", "period", "beneficiary")
MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 64
MAX_NESTING = 16  # parentheses inside parentheses; deeper trees cost recursion at every later stage


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class YearRange:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class FieldClause:
    field: str
    value: Word | Phrase | YearRange


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Node, ...]


Node = Word | Phrase | FieldClause | Not | And | Or

_TOKEN = re.compile(r'\s+|"|\(|\)|[^\s"()]+')
_YEAR_RANGE = re.compile(r"^(\d{4})(?:\.\.(\d{4}))?$")
_WORD_CHARS = re.compile(r"[^\W_]")  # a letter or digit: `_` alone is a joiner, as `-` and `.` are


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # WORD, PHRASE, LPAREN, RPAREN, OR, AND, NOT
    text: str
    position: int


def parse_query(text: str) -> Node | None:
    """The syntax tree of `text`, or None for a query with no searchable content."""
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            f"query longer than {MAX_QUERY_CHARS} characters", query=text[:60], position=59, reason="too_long",
        )
    tokens = _tokenize(text)
    if not tokens:
        return None
    parser = _Parser(tokens, text)
    node = parser.parse_or()
    if parser.index < len(tokens):
        token = tokens[parser.index]
        raise QuerySyntaxError(
            "unexpected ')' without a matching '('", query=text, position=token.position, reason="unopened_parenthesis",
        )
    if _count_clauses(node) > MAX_CLAUSES:
        raise QuerySyntaxError(f"more than {MAX_CLAUSES} terms", query=text, position=0, reason="too_many_terms")
    return node


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    while index < len(text):
        match = _TOKEN.match(text, index)
        assert match is not None  # the pattern matches any character
        piece = match.group(0)
        if piece == '"':
            end = text.find('"', index + 1)
            if end == -1:
                raise QuerySyntaxError("unclosed quotation mark", query=text, position=index, reason="unclosed_quote")
            tokens.append(_Token("PHRASE", text[index + 1:end], index))
            index = end + 1
            continue
        if not piece.isspace():
            tokens.append(_Token(_kind(piece), piece, index))
        index = match.end()
    return tokens


def _kind(piece: str) -> str:
    if piece == "(":
        return "LPAREN"
    if piece == ")":
        return "RPAREN"
    if piece in ("OR", "|", "||", "VAGY"):
        return "OR"
    if piece in ("AND", "&&", "ÉS"):
        return "AND"
    if piece in ("NOT", "NEM"):
        return "NOT"
    return "WORD"


class _Parser:
    def __init__(self, tokens: list[_Token], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.index = 0
        self.depth = 0

    def _peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def parse_or(self) -> Node | None:
        operands = [self.parse_and()]
        while (token := self._peek()) is not None and token.kind == "OR":
            self.index += 1
            operands.append(self.parse_and())
        present = tuple(node for node in operands if node is not None)
        if not present:
            return None
        return present[0] if len(present) == 1 else Or(present)

    def parse_and(self) -> Node | None:
        operands: list[Node] = []
        while (token := self._peek()) is not None and token.kind not in ("OR", "RPAREN"):
            if token.kind == "AND":
                self.index += 1
                continue
            node = self.parse_unary()
            if node is not None:
                operands.append(node)
        if not operands:
            return None
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def parse_unary(self) -> Node | None:
        """A primary after any run of exclusions (`NOT`, `-`), read in a loop: `--a` is `a`, and
        500 minuses cost no recursion."""
        negations = 0
        while True:
            token = self.tokens[self.index]
            if token.kind == "NOT":
                self.index += 1
                if self._peek() is None:
                    raise QuerySyntaxError(
                        "NOT needs something to exclude", query=self.text, position=token.position, reason="empty_not",
                    )
            elif token.kind == "WORD" and token.text.startswith("-") and token.text.strip("-"):
                minuses = len(token.text) - len(token.text.lstrip("-"))
                self.tokens[self.index] = _Token("WORD", token.text[minuses:], token.position + minuses)
                negations += minuses - 1
            elif token.kind == "WORD" and not token.text.strip("-") and self._excludes_what_follows(token):
                # `-"a phrase"` and `-(a OR b)`: the tokenizer splits the minus off a quote or parenthesis
                self.index += 1
                negations += len(token.text) - 1
            else:
                break
            negations += 1
        operand = self.parse_primary()
        return Not(operand) if operand is not None and negations % 2 else operand

    def _excludes_what_follows(self, minus: _Token) -> bool:
        following = self.tokens[self.index + 1] if self.index + 1 < len(self.tokens) else None
        return following is not None and following.kind in ("PHRASE", "LPAREN") and following.position == minus.position + len(minus.text)

    def parse_primary(self) -> Node | None:
        token = self.tokens[self.index]
        self.index += 1
        if token.kind == "LPAREN":
            if self.depth >= MAX_NESTING:
                raise QuerySyntaxError(f"parentheses nested more than {MAX_NESTING} deep", query=self.text, position=token.position)
            self.depth += 1
            node = self.parse_or()
            self.depth -= 1
            closing = self._peek()
            if closing is None or closing.kind != "RPAREN":
                raise QuerySyntaxError(
                    "unclosed parenthesis", query=self.text, position=token.position, reason="unclosed_parenthesis",
                )
            self.index += 1
            return node
        if token.kind == "PHRASE":
            return _phrase(token.text)
        if token.kind == "RPAREN":
            raise QuerySyntaxError(
                "unexpected ')' without a matching '('", query=self.text, position=token.position, reason="unopened_parenthesis",
            )
        return self._word_or_field(token)

    def _word_or_field(self, token: _Token) -> Node | None:
        name, colon, value = token.text.partition(":")
        if colon and name.lower() in FIELDS:
            field = name.lower()
            if not value:
                following = self._peek()
                if following is not None and following.kind == "PHRASE" and following.position == token.position + len(token.text):
                    self.index += 1
                    phrase = _phrase(following.text)
                    return FieldClause(field, phrase) if phrase is not None else None
                raise QuerySyntaxError(
                    f"'{field}:' needs a value", query=self.text, position=token.position + len(name), reason="missing_value",
                )
            if field == "year":
                return FieldClause(field, _year_value(value, self.text, token.position + len(name) + 1))
            return FieldClause(field, _word(value))
        return _word(token.text) if _WORD_CHARS.search(token.text) else None


@dataclass(frozen=True, slots=True)
class WordSpan:
    """A plain word of the query text and where it starts."""

    start: int
    text: str


_PLAIN_WORD = re.compile(r"[^\W\d_]+")
_CODE_LIKE = re.compile(r"\w[-./_]+\w|\d")
_SPELLED_FIELDS = ("title", "beneficiary")


def plain_words(text: str) -> tuple[WordSpan, ...]:
    """The words of a valid query that could be misspelt, for did-you-mean: free text, phrases and
    `title:`/`beneficiary:` values; never operators, field names, facet values, prefixes or codes."""
    spans: list[WordSpan] = []
    for token in _tokenize(text):
        offset, piece = token.position, token.text
        if token.kind == "PHRASE":
            offset += 1
        elif token.kind != "WORD":
            continue
        else:
            name, colon, value = piece.partition(":")
            if colon and name.lower() in FIELDS:
                if name.lower() not in _SPELLED_FIELDS:
                    continue
                offset, piece = offset + len(name) + 1, value
            if piece.endswith("*") or _CODE_LIKE.search(piece):
                continue
        spans += [WordSpan(offset + found.start(), found.group()) for found in _PLAIN_WORD.finditer(piece)]
    return tuple(spans)


def _word(text: str) -> Word:
    if text.endswith("*") and len(text.rstrip("*")) > 0:
        return Word(text.rstrip("*"), prefix=True)
    return Word(text.strip("*"))


def _phrase(text: str) -> Phrase | None:
    words = tuple(word for word in text.split() if _WORD_CHARS.search(word))
    return Phrase(words) if words else None


def _year_value(value: str, query: str, position: int) -> YearRange:
    match = _YEAR_RANGE.match(value)
    if not match:
        raise QuerySyntaxError(
            "year must be YYYY or YYYY..YYYY", query=query, position=position, reason="year_format",
        )
    start = int(match.group(1))
    end = int(match.group(2) or start)
    if end < start:
        raise QuerySyntaxError("year range ends before it starts", query=query, position=position, reason="year_order")
    return YearRange(start, end)


def _count_clauses(node: Node | None) -> int:
    if node is None:
        return 0
    if isinstance(node, (And, Or)):
        return sum(_count_clauses(child) for child in node.operands)
    if isinstance(node, Not):
        return _count_clauses(node.operand)
    if isinstance(node, Phrase):
        return len(node.words)
    return 1
