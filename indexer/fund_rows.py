"""The fund a project data row names (`Támogató: Európai Regionális Fejlesztési Alap`, `Alap Kohéziós Alap`).

A row is the page's own statement about its funding, so it wins over funding sentences, which
also quote other funds in passing. A bare `Forrás:` is left out: it cites where a text came from.
"""

from __future__ import annotations

import re
from functools import lru_cache

from indexer.programmes import fund_aliases

_ROW_LIMIT = 200
_FUND_LABEL_RE = re.compile(
    r"(?i)(?:az?\s)?(?:(?:támogató|finanszírozó|uniós|európai uniós)\s)?"
    r"(?:alap|alapok|támogató|támogatók|finanszírozó|társfinanszírozó|(?:támogatási|finanszírozási|uniós)\sforrás|"
    r"fund|funds|funded by|funding|source of funding)(?![^\W\d_])(?:\s?\([^()]{0,20}\))?[ \t]*(?P<colon>[:\t])?[ \t]*"
)
_ARTICLE_RE = re.compile(r"(?i)(?:az?|the)\s")


@lru_cache(maxsize=1)
def _alias_re() -> re.Pattern[str]:
    names = sorted(fund_aliases(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(name) for name in names) + r")(?![\w-])")


def row_funds(text: str) -> tuple[str, ...]:
    """Funds named by the first fund row of the text, in the row's order (empty when there is none)."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    aliases = fund_aliases()
    for index, line in enumerate(lines):
        label = _FUND_LABEL_RE.match(line) if len(line) <= _ROW_LIMIT else None
        if label is None:
            continue
        value = line[label.end():]
        if not value and index + 1 < len(lines):
            value = lines[index + 1]  # stacked: the value is the next paragraph
        elif not label["colon"]:
            article = _ARTICLE_RE.match(value)
            if not _alias_re().match(value, article.end() if article else 0):
                continue  # a sentence that opens with the word (`Alapvető cél …`), not a row
        funds = [aliases[found[0]] for found in _alias_re().finditer(value[:_ROW_LIMIT])]
        if funds:
            return tuple(dict.fromkeys(funds))
    return ()
