"""Scores of a few known matching documents, computed directly instead of by Whoosh's matcher tree.

Once `MatchingDocuments` has the result set, a known-item query usually has a handful of pages
left. Whoosh's top-N search still ran the query's whole matcher tree (an AND of ORs of ~30 terms
over four fields) over every posting of every term, leapfrogging through the common words' blocks
in Python: ~19 ms at 100,000 pages for three hits. Here each term's weight is looked up for those
pages only (`PostingCache`, one block decoded a term at most per page) and scored by the same
Whoosh scorer its matcher would use (BM25F with the index's statistics), then combined as the
matcher tree combines them: an OR or AND adds its matching parts' scores, a constant-score part
gives its constant, a NOT part gives 1 where it holds (as Whoosh's inverse matcher does), a boost
multiplies. Query kinds without a rule here (phrases, ranges) return
None, and the caller asks Whoosh instead.
"""
from __future__ import annotations

from collections.abc import Sequence

from whoosh import query as wq
from whoosh.searching import Searcher

from search_api.postings import PostingCache


class _Posting:
    """What a Whoosh scorer reads of a matcher: the current document and the term's weight in it."""

    __slots__ = ("_docnum", "_weight")

    def __init__(self, docnum: int, weight: float) -> None:
        self._docnum = docnum
        self._weight = weight

    def id(self) -> int:
        return self._docnum

    def weight(self) -> float:
        return self._weight


class _Unsupported(Exception):
    pass


def score_documents(searcher: Searcher, postings: PostingCache, query: wq.Query, docnums: Sequence[int]) -> list[tuple[float, int]] | None:
    """(score, document) for each of `docnums` that `query` matches, best first (ties by document
    number, as Whoosh orders them); None if the query has a part only Whoosh can score."""
    scorer = _Scorer(searcher, postings, sorted(docnums))
    try:
        scores = scorer.scores(query)
    except _Unsupported:
        return None
    return sorted(((score, docnum) for docnum, score in scores.items()), key=lambda item: (-item[0], item[1]))


class _Scorer:
    def __init__(self, searcher: Searcher, postings: PostingCache, docnums: list[int]) -> None:
        self.searcher = searcher
        self.postings = postings
        self.docnums = docnums
        self.leaves = searcher.leaf_searchers()
        self.weighting = searcher.weighting

    def scores(self, query: wq.Query) -> dict[int, float]:
        """Score of every document of `self.docnums` that `query` matches."""
        kind = type(query)
        if kind in (wq.And, wq.Or) and len(query.subqueries) <= 1:  # Whoosh's matcher: the part's own, unboosted
            return self.scores(query.subqueries[0]) if query.subqueries else {}
        if kind is wq.Term:
            found = self._term(query)
        elif kind is wq.Or:
            if query.minmatch or query.scale:
                raise _Unsupported(query)
            found = {}
            for child in query.subqueries:
                for docnum, score in self.scores(child).items():
                    found[docnum] = found.get(docnum, 0.0) + score
        elif kind is wq.And:
            parts = [self.scores(child) for child in query.subqueries]
            found = {}
            for docnum, score in parts[0].items():
                if all(docnum in other for other in parts[1:]):
                    found[docnum] = score + sum(other[docnum] for other in parts[1:])
        elif kind is wq.Not:  # Whoosh's InverseMatcher: weight 1 for every live page the part misses
            excluded = self.scores(query.query)
            return {docnum: 1.0 for docnum in self.docnums if docnum not in excluded}
        elif kind is wq.ConstantScoreQuery:
            return {docnum: query.score for docnum in self.scores(query.child)}
        elif kind is wq.Every and query.fieldname is None:
            found = {docnum: 1.0 for docnum in self.docnums}
        elif query is wq.NullQuery:
            return {}
        else:
            raise _Unsupported(query)
        boost = getattr(query, "boost", 1.0)
        return found if boost == 1.0 or kind is wq.Term else {docnum: score * boost for docnum, score in found.items()}

    def _term(self, query: wq.Term) -> dict[int, float]:
        field = query.fieldname
        if field not in self.searcher.schema:
            return {}
        try:
            text = self.searcher.schema[field].to_bytes(query.text)
        except ValueError:
            return {}
        found: dict[int, float] = {}
        weights = self.postings.weights(field, query.text, self.docnums)
        if not weights:
            return found
        for subsearcher, offset in self.leaves:
            end = offset + subsearcher.doc_count_all()
            local = [(docnum - offset, weight) for docnum, weight in weights if offset <= docnum < end]
            if not local:
                continue
            scorer = self.weighting.scorer(subsearcher, field, text)
            for docnum, weight in local:
                score = scorer.score(_Posting(docnum, weight))
                found[docnum + offset] = score * query.boost if query.boost != 1.0 else score
        return found
