"""What an index reader holds, listed whole, for tests that compare two ways of writing or reading."""
from __future__ import annotations

from whoosh.reading import IndexReader


def every_posting(reader: IndexReader) -> list[tuple[object, ...]]:
    """Every posting of every term: (field, term, document, weight, encoded value), in term order."""
    found: list[tuple[object, ...]] = []
    for fieldname, text in reader.all_terms():
        matcher = reader.postings(fieldname, text)
        while matcher.is_active():
            found.append((fieldname, text, matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
    return found
