"""Matching, scoring, ordering and duplicate collapse over the compiled query."""
