"""Pages by a sortable column, newest or largest first, computed once per reader.

Browsing (no query words) and the year and budget sorts asked Whoosh's sorting collector for the
top ten, which reads the column value of every allowed page and sorts them all: at 100,000 pages a
browse took ~57 ms at the median. Here each column's order over every live page is sorted once per
reader, with the keys Whoosh's own categorizer gives (so the order is Whoosh's), and a request
walks it until its page of results is full. One departure: Whoosh reads a page without a value as
the column's default, the largest number the column holds, so a reverse sort put the pages with no
year or no budget first; here they come last.
"""
from __future__ import annotations

from collections.abc import Iterator

from whoosh import sorting
from whoosh.searching import Searcher

SMALL_SHARE = 0.05  # a result set this small a part of the index is sorted itself instead
MISSING = -1  # the key of a page without a value: below every stored key (Whoosh's are unsigned)


class ColumnOrders:
    """Descending (key, document) orders of one reader's sortable columns, built on first use."""

    def __init__(self, searcher: Searcher, live: frozenset[int]) -> None:
        self.searcher = searcher
        self.live = live
        self._keys: dict[str, dict[int, object]] = {}
        self._orders: dict[str, list[tuple[object, int]]] = {}

    def descending(self, column: str, docnums: frozenset[int] | set[int]) -> Iterator[tuple[object, int]]:
        """(key, document) of `docnums` in Whoosh's reverse sort order: largest key first, and the
        larger document number first among equal keys; pages without a value (key `MISSING`) last."""
        keys = self._column_keys(column)
        if len(docnums) <= SMALL_SHARE * len(self.live):
            yield from sorted(((keys[docnum], docnum) for docnum in docnums), reverse=True)
            return
        order = self._orders.get(column)
        if order is None:
            order = self._orders[column] = sorted(((key, docnum) for docnum, key in keys.items()), reverse=True)
        for item in order:
            if item[1] in docnums:
                yield item

    def _column_keys(self, column: str) -> dict[int, object]:
        keys = self._keys.get(column)
        if keys is None:
            keys = {}
            categorizer = sorting.FieldFacet(column).categorizer(self.searcher)
            absent = self.searcher.schema[column].default  # what the column holds for a page without a value
            for subsearcher, offset in self.searcher.leaf_searchers():
                categorizer.set_searcher(subsearcher, offset)
                end = offset + subsearcher.doc_count_all()
                for docnum in (number for number in self.live if offset <= number < end):
                    key = categorizer.key_for(None, docnum - offset)
                    keys[docnum] = MISSING if key == absent else key
            self._keys[column] = keys
        return keys
