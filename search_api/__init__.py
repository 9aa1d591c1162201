"""Projektkereső search API: ranked, highlighted, faceted search over the index."""
