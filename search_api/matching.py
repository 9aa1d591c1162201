"""Every document a compiled query matches, read flat from the postings.

Facet counts and totals need the whole result set, not the top ten. Whoosh's matcher tree walks a
word's OR of forms over several fields one posting at a time through nested Python matchers
(`is_active`, `id`, `next` at every level of the tree); at 20,000 pages that was 40% of a search.
Here each term's postings are read a block at a time into a set and the sets are combined, which
is what the tree computes for Term, Or, And, Not and Every. Any other query (phrases, numeric
ranges, prefixes) goes through Whoosh's own `docs_for_query`.
"""
from __future__ import annotations

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader, TermNotFound
from whoosh.searching import Searcher


class MatchingDocuments:
    """Document numbers matching a query, for one open searcher (documents deleted left out)."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.leaves: list[tuple[IndexReader, int]] = list(searcher.reader().leaf_readers())
        self._every: frozenset[int] | None = None

    def of(self, query: wq.Query) -> frozenset[int]:
        return frozenset(self._matching(query))

    def every(self) -> frozenset[int]:
        if self._every is None:
            self._every = frozenset(self.searcher.reader().all_doc_ids())
        return self._every

    def _matching(self, query: wq.Query) -> set[int] | frozenset[int]:
        kind = type(query)
        if kind is wq.Term:
            return self.term(query.fieldname, query.text)
        if kind is wq.Or:
            found: set[int] = set()
            for child in query.subqueries:
                found |= self._matching(child)
            return found
        if kind is wq.And:
            positive = [child for child in query.subqueries if type(child) is not wq.Not]
            negative = [child.query for child in query.subqueries if type(child) is wq.Not]
            if not positive:
                return set() if not negative else self.every() - self._matching(wq.Or(negative))
            sets = sorted((self._matching(child) for child in positive), key=len)
            result = set(sets[0])
            for other in sets[1:]:
                result &= other
                if not result:
                    return result
            for child in negative:
                result -= self._matching(child)
            return result
        if kind is wq.Not:
            return self.every() - self._matching(query.query)
        if kind is wq.Every and query.fieldname is None:
            return self.every()
        if query is wq.NullQuery:
            return set()
        return set(self.searcher.docs_for_query(query))

    def term(self, field: str, text: object) -> set[int]:
        """Live documents holding `text` in `field`."""
        found: set[int] = set()
        for leaf, offset in self.leaves:
            try:
                matcher = leaf.postings(field, text)
            except TermNotFound:
                continue
            ids = _all_ids(matcher)
            found.update(ids if offset == 0 else (offset + docnum for docnum in ids))
        return found


def _all_ids(matcher: Matcher) -> list[int]:
    """The matcher's ids; the on-disk postings a whole block at a time, deletions left out."""
    deleted: frozenset[int] | set[int] = frozenset()
    if type(matcher) is FilterMatcher and matcher._exclude:
        deleted, matcher = matcher._ids, matcher.child
    if type(matcher) is not W3LeafMatcher:
        ids = list(matcher.all_ids())
    else:
        ids = []
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            ids.extend(matcher._ids[matcher._i:])
            matcher._next_block()
    return [docnum for docnum in ids if docnum not in deleted] if deleted else ids
