"""The fund a project data row names (`Támogató: Európai Regionális Fejlesztési Alap`, `Alap Kohéziós Alap`).

A row is the page's own statement about its funding, so it wins over funding sentences, which
also quote other funds in passing. A bare `Forrás:` is left out: it cites where a text came from.
"""

from __future__ import annotations

import re
from functools import lru_cache

from indexer.metadata.labels import label_spans, lowered
from indexer.metadata.programmes import fund_aliases

_ROW_LIMIT = 200
_FUND_ROW_RE = re.compile(
    r"(?i)[ \t]*(?:az?\s)?(?:(?:támogató|finanszírozó|uniós|európai uniós)\s)?"
    r"(?:alap|alapok|támogató|támogatók|finanszírozó|társfinanszírozó|(?:támogatási|finanszírozási|uniós)\sforrás|"
    r"fund|funds|funded by|funding|source of funding)(?![^\W\d_])(?:\s?\([^()]{0,20}\))?[ \t]*(?P<colon>[:\t])?[ \t]*"
)
_ARTICLE_RE = re.compile(r"(?i)(?:az?|the)\s")
_CORE_WORDS = ("alap", "támogató", "finanszírozó", "forrás", "fund", "source of funding")
_PREFIX_CHARS = 30  # `Az európai uniós ` before `alap`


@lru_cache(maxsize=1)
def _alias_re() -> re.Pattern[str]:
    names = sorted(fund_aliases(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(name) for name in names) + r")(?![\w-])")


def _row_starts(text: str) -> list[int]:
    """Starts of the lines that may open with a fund label: found by the label's core word, which
    costs a few `str.find`s instead of a regex tried on every line."""
    low = lowered(text)
    starts = set()
    for start, _ in label_spans(low, _CORE_WORDS):
        line_start = low.rfind("\n", 0, start) + 1
        if start - line_start <= _PREFIX_CHARS:
            starts.add(line_start)
    return sorted(starts)


def row_funds(text: str) -> tuple[str, ...]:
    """Funds named by the first fund row of the text, in the row's order (empty when there is none)."""
    aliases = fund_aliases()
    for line_start in _row_starts(text):
        label = _FUND_ROW_RE.match(text, line_start)
        if label is None:
            continue
        line_end = text.find("\n", label.start())
        line_end = len(text) if line_end < 0 else line_end
        if line_end - label.start() > _ROW_LIMIT:
            continue
        value = text[label.end():line_end].strip()
        if not value:
            value = text[line_end:line_end + _ROW_LIMIT].strip().split("\n", 1)[0]  # stacked: the next paragraph
        elif not label["colon"]:
            article = _ARTICLE_RE.match(value)
            if not _alias_re().match(value, article.end() if article else 0):
                continue  # a sentence that opens with the word (`Alapvető cél …`), not a row
        funds = [aliases[found[0]] for found in _alias_re().finditer(value[:_ROW_LIMIT])]
        if funds:
            return tuple(dict.fromkeys(funds))
    return ()
