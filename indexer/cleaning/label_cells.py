"""Label cells of data tables and definition lists (`<th>Kedvezményezett</th><td>…</td>`, `<dt>`/`<dd>`).

Their text is joined to the value as `Label: value`, the way inline rows are written, so a row
reads as a row whatever its markup: metadata finds its value, and site-template learning keeps
it as the page's data even when the same row recurs on every page of the site.
"""
from __future__ import annotations

import re

from lxml import etree

_VALUE_CELLS = {"th": {"td"}, "td": {"td"}, "dt": {"dd"}}
_LABEL_CHARS = 60
_LABEL_WORDS = 8
_LABEL_RE = re.compile(r"^[^\W\d_][^\d:.!?;]*$")
# A value cell holding these is a layout column (menu beside content), not a value.
_BLOCKS = frozenset({"table", "div", "p", "ul", "ol", "dl", "section", "article", "form", "blockquote",
                     "h1", "h2", "h3", "h4", "h5", "h6"})


def label_joint(cell: etree._Element, text: str) -> str:
    """`": "` after a label cell (short text without digits or links, one inline value cell after
    it, alone in its table row), `" "` after any other cell, so the next cell's text continues the row."""
    tag = cell.tag if isinstance(cell.tag, str) else ""
    following = cell.getnext()
    label = " ".join(text.split())
    if (tag not in _VALUE_CELLS or following is None or following.tag not in _VALUE_CELLS[tag]
            or len(label) > _LABEL_CHARS or len(label.split()) > _LABEL_WORDS or not _LABEL_RE.match(label)):
        return " "
    parent = cell.getparent()
    if tag != "dt" and (parent is None or len(parent) != 2):
        return " "
    if cell.find(".//a") is not None or any(isinstance(inner.tag, str) and inner.tag in _BLOCKS
                                            for inner in following.iterdescendants()):
        return " "
    return ": "
