"""trafilatura's reading of a page whose content our rules could not pin down.

indexer/cleaning/html.py is sure of a page when one prose block holds most of its container's prose
(it cuts the page to that block). When no block does, or the class/id rules kept too little and the
page was cut by prose density alone, the page mixes content with prose-like chrome (author boxes,
newsletter blurbs, teasers) that paragraph density cannot tell apart; there trafilatura, which
weighs each element by its tag, text and link share, decides which paragraphs are the content.
It runs on those pages only: it costs several times our own pass per page.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence

from indexer.cleaning.lines import ALNUM, DATA_ROW, collapse, norm

_MIN_WORDS = 20  # below this trafilatura found no article either: keep ours


def trafilatura_paragraphs(markup: str) -> list[str] | None:
    """trafilatura's main text of `markup` as paragraphs, or None when it finds none."""
    try:
        import trafilatura
    except ImportError:  # an install without it keeps our own reading
        return None
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        text = trafilatura.extract(markup, include_comments=False, include_tables=True, fast=False)
    except Exception:  # noqa: BLE001 - a library failure on one page must not cost the page
        return None
    if not text:
        return None
    return [line for line in (collapse(raw) for raw in text.split("\n")) if ALNUM.search(line)]


def second_opinion(markup: str, ours: Sequence[str]) -> list[str] | None:
    """trafilatura's paragraphs, with ours that are data rows (`Label: value`) it left out, in
    place of `ours`; None when it found no article either."""
    theirs = trafilatura_paragraphs(markup)
    if theirs is None:
        return None
    words = sum(len(line.split()) for line in theirs)
    if words < _MIN_WORDS:
        return None
    held = norm(" ".join(theirs))
    rows = [line for index, line in enumerate(ours) if _in_data_block(ours, index) and norm(line) not in held]
    return theirs + rows


def _in_data_block(lines: Sequence[str], index: int) -> bool:
    """A project data row (`Kedvezményezett: …`), or a `Label: value` row beside another: the
    project data a page must keep. A lone `Rating: 36 Votes` under a comment is no data block."""
    if DATA_ROW.match(lines[index]):
        return True
    return _is_data_row(lines[index]) and any(
        0 <= near < len(lines) and _is_data_row(lines[near]) for near in (index - 1, index + 1)
    )


def _is_data_row(line: str) -> bool:
    """`Label: value`: a short label before a colon."""
    label, colon, value = line.partition(":")
    return bool(colon) and 0 < len(label.split()) <= 6 and bool(value.strip()) and len(line) <= 200
