"""Scores of the matching documents, computed for them alone instead of by Whoosh's matcher tree.

Once `MatchingDocuments` has the result set, Whoosh's top-N search would run the query's whole
matcher tree (an AND of ORs of ~30 terms over four fields) over every posting of every term,
leapfrogging through the common words' blocks in Python. Here each term's weights are found
for the result set only (`TermPostings.lookup`: block by block for a few pages, one sorted search
over the decoded term for many), scored with numpy by Whoosh's BM25F formula with the scorer
Whoosh would use (the same statistics and floating-point operations), and combined as the matcher
tree combines them: an OR or AND adds its matching parts' scores, a constant-score part gives its
constant, a NOT part gives 1 where it holds (Whoosh's inverse matcher), a boost multiplies. Only the
order in which a page's term scores are added differs from the tree's, which can change a score's
last bit. Query kinds without a rule here (phrases, ranges) return None: the caller asks Whoosh.
"""
from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25FScorer, WeightScorer
from whoosh.searching import Searcher

from core.whoosh_ext.postings import PostingCache

FEW_LENGTHS = 256  # up to this many pages, field lengths are read one by one, not as a whole column
DENSE_SHARE = 32  # scoring 1/32 of a segment's pages or more, terms are matched through a position map


class _Unsupported(Exception):
    pass


def score_documents(
    searcher: Searcher, postings: PostingCache, query: wq.Query, docnums: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """(documents, scores) of those of `docnums` (sorted, unique) that `query` matches; None if the
    query has a part only Whoosh can score."""
    scorer = _Scorer(searcher, postings, docnums)
    try:
        matches, scores = scorer.scores(query)
    except _Unsupported:
        return None
    return docnums[matches], scores[matches]


class _Scorer:
    def __init__(self, searcher: Searcher, postings: PostingCache, docnums: np.ndarray) -> None:
        self.searcher = searcher
        self.postings = postings
        self.docnums = docnums
        self.weighting = searcher.weighting
        # Each segment's share of the documents: a slice of `docnums` and its local numbers.
        self.leaves: list[tuple[int, Searcher, slice, np.ndarray, np.ndarray | None]] = []
        for number, (subsearcher, offset) in enumerate(searcher.leaf_searchers()):
            size = subsearcher.doc_count_all()
            start, end = np.searchsorted(docnums, [offset, offset + size])
            if end > start:
                local = docnums[start:end] - offset
                positions = None
                if len(local) * DENSE_SHARE >= size:  # many: a position for every document number
                    positions = np.full(size, -1, dtype=np.int64)
                    positions[local] = np.arange(len(local))
                self.leaves.append((number, subsearcher, slice(int(start), int(end)), local, positions))

    def _empty(self) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros(len(self.docnums), dtype=bool), np.zeros(len(self.docnums))

    def scores(self, query: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        """Which of the documents `query` matches, and their scores (0 where it does not match)."""
        kind = type(query)
        if kind in (wq.And, wq.Or) and len(query.subqueries) <= 1:  # Whoosh's matcher: the part's own, unboosted
            return self.scores(query.subqueries[0]) if query.subqueries else self._empty()
        if kind is wq.Term:
            return self._term(query)
        if kind is wq.Or:
            if query.minmatch or query.scale:
                raise _Unsupported(query)
            matches, scores = self._empty()
            for child in query.subqueries:
                child_matches, child_scores = self.scores(child)
                matches |= child_matches
                scores += child_scores
        elif kind is wq.And:
            matches, scores = np.ones(len(self.docnums), dtype=bool), np.zeros(len(self.docnums))
            for child in query.subqueries:
                child_matches, child_scores = self.scores(child)
                matches &= child_matches
                scores += child_scores
        elif kind is wq.Not:
            matches = ~self.scores(query.query)[0]  # the documents are live ones
            return matches, matches.astype(np.float64)
        elif kind is wq.ConstantScoreQuery:
            matches = self.scores(query.child)[0]
            return matches, np.where(matches, query.score, 0.0)
        elif kind is wq.Every and query.fieldname is None:
            matches = np.ones(len(self.docnums), dtype=bool)
            scores = np.ones(len(self.docnums))
        elif query is wq.NullQuery:
            return self._empty()
        else:
            raise _Unsupported(query)
        if query.boost != 1.0:
            scores *= query.boost
        return matches, np.where(matches, scores, 0.0)

    def _term(self, query: wq.Term) -> tuple[np.ndarray, np.ndarray]:
        matches, scores = self._empty()
        field = query.fieldname
        if field not in self.searcher.schema:
            return matches, scores
        try:
            text = self.searcher.schema[field].to_bytes(query.text)
        except ValueError:
            return matches, scores
        for number, subsearcher, share, local, dense in self.leaves:
            found = self.postings.postings(number, field, query.text)
            if found is None:
                continue
            positions, weights = found.lookup(local, dense)
            if not len(positions):
                continue
            scorer = self.weighting.scorer(subsearcher, field, text)
            if type(scorer) is BM25FScorer:
                held = local[positions]
                if len(held) <= FEW_LENGTHS:
                    lengths = np.array([subsearcher.doc_field_length(docnum, field, 1) for docnum in held.tolist()], dtype=np.float64)
                else:
                    lengths = self.postings.lengths(number, field)[held]
                idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
                term_scores = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
            elif type(scorer) is WeightScorer:
                term_scores = weights
            else:
                raise _Unsupported(query)
            if query.boost != 1.0:
                term_scores = term_scores * query.boost
            indices = positions + share.start
            matches[indices] = True
            scores[indices] = term_scores
        return matches, scores
