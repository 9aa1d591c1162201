"""Best partial matches for a query whose words no page holds all together.

As Elasticsearch's `minimum_should_match` (and Meilisearch's `last` matching strategy, which drops
words from the end), the words of a top-level AND become optional when the AND finds nothing: the
pages holding the most of them are the answer, ranked by the words' scores, and the words some of
those pages lack are reported, so the reader knows they were not required. Field clauses and
exclusions stay required.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from search_api.engine.matching import MatchingDocuments
from search_api.query.parse import And, Node, Phrase, Word


@dataclass(frozen=True, slots=True)
class Loosened:
    query: wq.Query  # required parts AND any of the optional ones: scores and highlights every word
    matched: frozenset[int]  # pages holding the most optional parts (and every required one)
    not_required: tuple[str, ...]  # optional parts, as typed, that some of those pages lack


def loosen(
    tree: Node, compile_part: Callable[[Node], wq.Query], matching: MatchingDocuments, within: frozenset[int] | None,
) -> Loosened | None:
    """The best partial matches of `tree` among `within` (None: every page), or None when the query
    has fewer than two words that could be optional or no page holds any of them."""
    if not isinstance(tree, And):
        return None
    optional = [child for child in tree.operands if isinstance(child, (Word, Phrase))]
    if len(optional) < 2:
        return None
    required = [compile_part(child) for child in tree.operands if not isinstance(child, (Word, Phrase))]
    parts = [compile_part(child) for child in optional]
    base = matching.of(wq.And(required)) if required else matching.every()
    held = [matching.of(part) & base if required else matching.of(part) for part in parts]
    counts = np.zeros(matching.searcher.doc_count_all(), dtype=np.int32)
    for documents in held:
        counts[np.fromiter(documents, dtype=np.int64, count=len(documents))] += 1
    shown = counts if within is None else _only(counts, within)
    most = int(shown.max(initial=0))
    if most == 0:
        return None
    # Pages outside the filters stay in the set for the facet counts, which ignore their own filter.
    matched = frozenset(np.flatnonzero(counts >= most).tolist())
    best = frozenset(np.flatnonzero(shown == most).tolist())
    not_required = tuple(_typed(child) for child, documents in zip(optional, held, strict=True) if not best <= documents)
    query = wq.And([*required, _any(parts)]) if required else _any(parts)
    return Loosened(query, matched, not_required)


def _only(counts: np.ndarray, documents: frozenset[int]) -> np.ndarray:
    kept = np.zeros_like(counts)
    numbers = np.fromiter(documents, dtype=np.int64, count=len(documents))
    kept[numbers] = counts[numbers]
    return kept


def _any(parts: list[wq.Query]) -> wq.Or:
    union = wq.Or(parts)
    union.matcher_type = wq.Or.DEFAULT_MATCHER  # see compile._union
    return union


def _typed(node: Word | Phrase) -> str:
    return f'"{" ".join(node.words)}"' if isinstance(node, Phrase) else node.text
