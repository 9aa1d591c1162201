"""The Whoosh schema: what is searchable, what is stored, what is a facet."""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.analysis import english_analyzer, hungarian_analyzer

# Facet fields hold exact values (one term per value); multi-valued ones are comma-separated.
FACET_FIELDS = ("funder", "programme", "period", "year", "county", "language", "kind")
MULTI_VALUED = frozenset({"funder", "year"})


def build_schema() -> Schema:
    hu = hungarian_analyzer()
    en = english_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        url=STORED,
        content_hash=ID(stored=True),
        title=TEXT(analyzer=hu, stored=True, field_boost=3.0, phrase=True),
        title_en=TEXT(analyzer=en, field_boost=3.0, phrase=True),
        body=TEXT(analyzer=hu, phrase=True),
        body_en=TEXT(analyzer=en, phrase=True),
        text=STORED,  # cleaned text: snippets, /documents and re-analysis for highlights
        project_id=ID(stored=True, field_boost=5.0),
        project_code=TEXT(analyzer=hu, field_boost=5.0),
        beneficiary=TEXT(analyzer=hu, stored=True),
        settlement=STORED,
        funder=KEYWORD(stored=True, commas=True, scorable=False),
        programme=ID(stored=True),
        period=ID(stored=True),
        year=KEYWORD(stored=True, commas=True, scorable=False),
        county=ID(stored=True),
        language=ID(stored=True),
        languages=STORED,
        kind=ID(stored=True),
        budget_huf=NUMERIC(stored=True, bits=64, sortable=True),
        budget_eur=NUMERIC(stored=True, bits=64, sortable=True),
        sort_year=NUMERIC(stored=False, sortable=True),
        start_date=STORED,
        end_date=STORED,
        support_rate=STORED,
        duplicate_group=ID(stored=True),
        signature=STORED,  # MinHash of the prose, hex (indexer/dedup.py): an update's copies join their group
    )
