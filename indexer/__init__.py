"""Projektkereső indexer: scraped project pages → a Whoosh index."""
