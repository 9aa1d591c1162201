"""Snippets and titles as escaped HTML with `<mark>` around every matched surface form.

The text is re-analysed with the same chain the index used, so a token matches when any of its
forms (stem key, exact, folded) is a query term: inflected and unaccented matches are marked too.
"""
from __future__ import annotations

import html

from whoosh.analysis import Analyzer
from whoosh.highlight import ContextFragmenter, HtmlFormatter, WholeFragmenter, highlight

SNIPPET_CHARS = 200
MAX_HIGHLIGHT_CHARS = 60_000  # bounded work per hit; huge pages are highlighted in their opening part


class MarkFormatter(HtmlFormatter):  # type: ignore[misc]
    """`<mark>word</mark>`, everything else HTML-escaped."""

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        surface = text[token.startchar:token.endchar]  # type: ignore[attr-defined]
        return f"<mark>{html.escape(surface, quote=False)}</mark>"


def snippet(text: str, terms: frozenset[str], analyzer: Analyzer, *, chars: int = SNIPPET_CHARS) -> str:
    """The best passage(s) of `text` around matches, or its opening when nothing matches."""
    if terms:
        fragmenter = ContextFragmenter(maxchars=chars, surround=chars // 2 - 20)
        marked = highlight(text[:MAX_HIGHLIGHT_CHARS], terms, analyzer, fragmenter, MarkFormatter(), top=2)
        if marked:
            return str(marked)
    return html.escape(_opening(text, chars), quote=False)


def highlight_title(title: str, terms: frozenset[str], analyzer: Analyzer) -> str:
    if terms:
        marked = highlight(title, terms, analyzer, WholeFragmenter(), MarkFormatter(), top=1)
        if marked:
            return str(marked)
    return html.escape(title, quote=False)


def _opening(text: str, chars: int) -> str:
    flat = " ".join(text.split())
    if len(flat) <= chars:
        return flat
    cut = flat.rfind(" ", 0, chars)
    return flat[: cut if cut > chars // 2 else chars] + " …"
