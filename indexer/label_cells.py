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


def label_joint(cell: etree._Element, text: str) -> str:
    """`": "` after a label cell (short text without digits, one value cell after it, alone in its
    table row), `" "` after any other cell, so the next cell's text continues the row."""
    tag = cell.tag if isinstance(cell.tag, str) else ""
    following = cell.getnext()
    label = " ".join(text.split())
    if (tag not in _VALUE_CELLS or following is None or following.tag not in _VALUE_CELLS[tag]
            or len(label) > _LABEL_CHARS or len(label.split()) > _LABEL_WORDS or not _LABEL_RE.match(label)):
        return " "
    parent = cell.getparent()
    if tag != "dt" and (parent is None or len(parent) != 2):
        return " "
    return ": "
