"""Every document a compiled query matches, read flat from the postings.

Facet counts and totals need the whole result set, not the top ten. Whoosh's matcher tree walks a
word's OR of forms over several fields one posting at a time through nested Python matchers.
Here each term's documents come from the reader's `PostingCache` and the sets are combined, which
is what the tree computes for Term, Or, And, Not, Every and ConstantScoreQuery (a compound's
member). Any other query (phrases, numeric ranges) goes through Whoosh's own `docs_for_query`.

An AND whose parts differ much in size reads only its smallest part whole and looks its few
documents up in the others, block by block. A query whose result may be large (a common word) is
combined as boolean arrays over the document numbers instead of sets.
"""
from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from core.whoosh_ext.postings import PostingCache, mask_of

PROBE_RATIO = 8  # look a part's documents up instead of reading it when it is this many times larger
LARGE_RESULT = 20_000  # a query estimated to match this many pages is combined as arrays


class MatchingDocuments:
    """Document numbers matching a query, for one open searcher (documents deleted left out)."""

    def __init__(
        self, searcher: Searcher, postings: PostingCache | None = None, *, probe_ratio: float = PROBE_RATIO,
        large_result: int = LARGE_RESULT,
    ) -> None:
        self.searcher = searcher
        self.postings = postings if postings is not None else PostingCache(searcher.reader())
        self.probe_ratio = probe_ratio
        self.large_result = large_result
        self._reader = searcher.reader()
        self._count: int = self._reader.doc_count()
        self._every: frozenset[int] | None = None
        self._live: np.ndarray | None = None
        self._size = self._reader.doc_count_all()

    def of(self, query: wq.Query) -> frozenset[int]:
        if type(query) is wq.Every and query.fieldname is None:
            return self.every()  # browsing: kept, not rebuilt (100,000 numbers take ~5 ms)
        if self.estimate(query) >= self.large_result:
            return frozenset(np.flatnonzero(self._mask(query)).tolist())
        return frozenset(self._matching(query))

    def every(self) -> frozenset[int]:
        if self._every is None:
            self._every = frozenset(self._reader.all_doc_ids())
        return self._every

    def term(self, field: str, text: object) -> set[int]:
        """Live documents holding `text` in `field`."""
        return set(self.postings.documents(field, text))

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
            by_size = sorted(positive, key=self.estimate)
            result = set(self._matching(by_size[0]))
            for child in by_size[1:]:
                if not result:
                    return result
                if self.estimate(child) > self.probe_ratio * len(result):
                    result = self._holding(child, result)
                else:
                    result &= self._matching(child)
            for child in negative:
                if not result:
                    break
                result -= self._holding(child, result) if self.estimate(child) > self.probe_ratio * len(result) else self._matching(child)
            return result
        if kind is wq.Not:
            return self.every() - self._matching(query.query)
        if kind is wq.ConstantScoreQuery:
            return self._matching(query.child)
        if kind is wq.Every and query.fieldname is None:
            return self.every()
        if query is wq.NullQuery:
            return set()
        return set(self.searcher.docs_for_query(query))

    def _mask(self, query: wq.Query) -> np.ndarray:
        """`_matching` as a boolean array over the document numbers."""
        kind = type(query)
        if kind is wq.Term:
            found = np.zeros(self._size, dtype=bool)
            for number, (_, offset) in enumerate(self.postings.leaves):
                postings = self.postings.postings(number, query.fieldname, query.text)
                if postings is not None:
                    found[postings.arrays()[0] + offset] = True  # deleted documents left out already
            return found
        if kind is wq.Or:
            found = np.zeros(self._size, dtype=bool)
            for child in query.subqueries:
                found |= self._mask(child)
            return found
        if kind is wq.And:
            found = self.live().copy()
            for child in query.subqueries:
                found &= ~self._mask(child.query) if type(child) is wq.Not else self._mask(child)
            return found
        if kind is wq.Not:
            outside: np.ndarray = self.live() & ~self._mask(query.query)
            return outside
        if kind is wq.ConstantScoreQuery:
            return self._mask(query.child)
        if kind is wq.Every and query.fieldname is None:
            return self.live().copy()
        return mask_of(self._matching(query), self._size)

    def live(self) -> np.ndarray:
        """Live documents as a boolean array over the document numbers."""
        if self._live is None:
            self._live = mask_of(self.every(), self._size)
        return self._live

    def _holding(self, query: wq.Query, candidates: set[int]) -> set[int]:
        """Those of `candidates` that `query` matches, looked up rather than read whole."""
        kind = type(query)
        if kind is wq.Term:
            return set(self.postings.holding(query.fieldname, query.text, sorted(candidates)))
        if kind is wq.Or:
            found: set[int] = set()
            remaining = candidates
            for child in query.subqueries:
                held = self._holding(child, remaining)
                found |= held
                remaining = remaining - held
                if not remaining:
                    break
            return found
        if kind is wq.And:
            result = candidates
            for child in query.subqueries:
                if not result:
                    break
                result = result - self._holding(child.query, result) if type(child) is wq.Not else self._holding(child, result)
            return set(result)
        if kind is wq.Not:
            return candidates - self._holding(query.query, candidates)
        if kind is wq.ConstantScoreQuery:
            return self._holding(query.child, candidates)
        return candidates & self._matching(query)

    def estimate(self, query: wq.Query) -> int:
        """At most how many documents `query` matches, from the term statistics alone."""
        kind = type(query)
        if kind is wq.Term:
            return self.postings.frequency(query.fieldname, query.text)
        if kind is wq.Or:
            return min(self._count, sum(self.estimate(child) for child in query.subqueries))
        if kind is wq.And:
            positive = [self.estimate(child) for child in query.subqueries if type(child) is not wq.Not]
            return min(positive) if positive else self._count
        if query is wq.NullQuery:
            return 0
        if kind is wq.ConstantScoreQuery:
            return self.estimate(query.child)
        if kind in (wq.Not, wq.Every):
            return self._count
        return self._count  # phrases, ranges: read whole, so never the part looked up into
