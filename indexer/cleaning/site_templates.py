"""Site-template learning: paragraphs a site prints on page after page, in the same order, are chrome.

A first pass over the corpus counts, for every cleaned paragraph, how many pages hold it, and how
many hold it right after or before the same neighbour. Chrome (a box heading, the emergency
numbers, the site name, a cookie sentence, `Friss hírek`) recurs *with its neighbours*, because a
template prints the same sequence on every page; content that recurs (stock sentences, list items
from a common activity list) lands between different paragraphs on each page. That ordered recurrence
is the site's fingerprint, so no page needs to say which site it belongs to; where a page does (its
WARC target URL, `<link rel=canonical>`, `og:url`, `<base href>`), the counts are kept per host, so
one site's chrome never counts for another's.

List items, metadata labels (`A projekt azonosító száma:`) and the value under a label are content even when
they recur with their neighbours (`Operatív program:` then `Terület- és Településfejlesztési
Operatív Program`), and so is a heading that introduces a paragraph of prose; a `label: value` row
is content too unless the recurring run it sits in opens with a plain line (a boxed widget such as
`Sürgősségi számok` then `Mentők: 104`).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

from indexer.records import CleanPage

MIN_PAGES = 4  # fewer repeats than this is a copied page or chance, not a template
_NEIGHBOUR_SHARE = 0.5  # a chrome paragraph has the same neighbour on at least this share of its pages
# A label: `Kedvezményezett:`, or glossed without a colon (`Hazai Projekt Partnerek/National Project Partner`).
_LABEL = re.compile(r"^[^.!?]{2,80}:$|^[^.!?:/]{2,60}/[^.!?:/]{2,60}$")
_ROW = re.compile(r"^[^.!?:]{2,80}:\s+\S")
_SPACE = re.compile(r"\s+")
_PROSE_CHARS = 100
_TEASER_CHARS = 160
_MOSTLY = 0.5
TEMPLATES_FILE = "templates.json"


@dataclass(slots=True)
class SiteTemplates:
    """How many pages hold each paragraph and each ordered pair of paragraphs (keys are hashes)."""

    pages: int = 0
    paragraphs: Counter[int] = field(default_factory=Counter)
    pairs: Counter[int] = field(default_factory=Counter)
    headlines: Counter[int] = field(default_factory=Counter)  # pages whose headline each key is

    def learn(self, clean: CleanPage, *, site: str = "") -> None:
        """Add one page's paragraphs to the counts (the headline is the page's own, never chrome)."""
        self.add(page_keys(clean, site=site))

    def add(self, keys: PageKeys) -> None:
        """Add one page's keys, computed where it was stripped (`page_keys`)."""
        self.pages += 1
        self.paragraphs.update(keys.paragraphs)
        self.pairs.update(keys.pairs)
        if keys.headline is not None:
            self.headlines[keys.headline] += 1

    def pruned(self) -> SiteTemplates:
        """Only what can ever mark a paragraph as chrome: counts of at least MIN_PAGES."""
        return SiteTemplates(
            pages=self.pages,
            paragraphs=Counter({key: n for key, n in self.paragraphs.items() if n >= MIN_PAGES}),
            pairs=Counter({key: n for key, n in self.pairs.items() if n >= MIN_PAGES}),
            headlines=Counter(self.headlines),
        )


@dataclass(frozen=True, slots=True)
class PageKeys:
    """What `SiteTemplates.learn` counts of one page: hashing them is most of learning, and a
    build's workers do it beside the stripping, so the build's process only counts."""

    paragraphs: frozenset[int]
    pairs: frozenset[int]  # each body paragraph and the next
    headline: int | None


def page_keys(clean: CleanPage, *, site: str = "") -> PageKeys:
    keys = paragraph_keys(clean, site=site)
    return PageKeys(
        paragraphs=frozenset(keys),
        pairs=frozenset(_pair(a, b) for a, b in pairwise(keys)),
        headline=_key(site, clean.title) if clean.title else None,
    )


def site_of(url: str | None) -> str:
    """The host a page says it comes from, lower-cased without `www.`; empty when it does not say."""
    if not url:
        return ""
    host = (urlsplit(url.strip()).hostname or "").lower()
    return host.removeprefix("www.")


def paragraph_keys(clean: CleanPage, *, site: str = "") -> list[int]:
    """One 64-bit key per body paragraph (the headline left out), scoped to the page's site."""
    return [_key(site, paragraph) for paragraph in clean.body_paragraphs]


def strip_templates(clean: CleanPage, templates: SiteTemplates | None, *, site: str = "") -> CleanPage:
    """The page without the runs of paragraphs its site repeats as chrome."""
    if templates is None or not (templates.paragraphs or templates.headlines):
        return clean
    body = list(clean.body_paragraphs)
    has_headline = len(body) < len(clean.paragraphs)
    keys = [_key(site, paragraph) for paragraph in body]
    chrome = [_recurs_in_order(templates, keys, index) for index in range(len(keys))]
    doomed: set[int] = set()
    index = 0
    while index < len(body):
        if not chrome[index]:
            index += 1
            continue
        end = index
        while end < len(body) and chrome[end]:
            end += 1
        # A run opened by a plain line is a boxed widget (`Sürgősségi számok`, then `Mentők: 104`):
        # its `label: value` rows go with it. Otherwise (opened by content or by a row itself) they
        # are the page's data rows.
        boxed = not _content_shaped(body, chrome, index, clean.list_items) and not _ROW.match(body[index])
        for position in range(index, end):
            row = not boxed and _ROW.match(body[position]) is not None
            if not row and not _content_shaped(body, chrome, position, clean.list_items):
                doomed.add(position)
        index = end
    doomed.update(_teaser_runs(body, keys, templates, own=_key(site, clean.title), list_items=clean.list_items))
    # A page that would lose most of its text is itself stock text every site prints (opening hours,
    # a privacy notice), not a page inside a template.
    if not doomed or sum(len(body[position]) for position in doomed) > _MOSTLY * sum(map(len, body)):
        return clean
    kept = [paragraph for position, paragraph in enumerate(body) if position not in doomed]
    return replace(clean, paragraphs=tuple(([clean.title] if has_headline else []) + kept))


def _teaser_runs(
    body: Sequence[str], keys: Sequence[int], templates: SiteTemplates, *, own: int, list_items: frozenset[str]
) -> set[int]:
    """Two or more consecutive paragraphs that are other pages' headlines: a box of links to them
    (`Friss hírek`, sidebars), whose links a crawler's text no longer marks."""
    teaser = [
        templates.headlines.get(key, 0) > (key == own) and len(text) < _TEASER_CHARS and text not in list_items
        for key, text in zip(keys, body, strict=True)
    ]
    doomed: set[int] = set()
    for index in range(len(body)):
        if teaser[index] and ((index > 0 and teaser[index - 1]) or (index + 1 < len(body) and teaser[index + 1])):
            doomed.add(index)
    return doomed


def save_templates(templates: SiteTemplates, folder: Path) -> None:
    """Write the learned counts beside the index (atomically), for `update` to reuse."""
    pruned = templates.pruned()
    payload = {
        "pages": pruned.pages,
        "paragraphs": [[key, count] for key, count in pruned.paragraphs.items()],
        "pairs": [[key, count] for key, count in pruned.pairs.items()],
        "headlines": [[key, count] for key, count in pruned.headlines.items()],
    }
    temporary = folder / f".{TEMPLATES_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(payload, separators=(",", ":")), encoding="utf-8")
    os.replace(temporary, folder / TEMPLATES_FILE)


def load_templates(folder: Path) -> SiteTemplates:
    """The counts a build learned; empty (no template removal) for an index made before they existed."""
    try:
        payload = json.loads((folder / TEMPLATES_FILE).read_text(encoding="utf-8"))
        return SiteTemplates(
            pages=int(payload["pages"]),
            paragraphs=Counter({int(key): int(count) for key, count in payload["paragraphs"]}),
            pairs=Counter({int(key): int(count) for key, count in payload["pairs"]}),
            headlines=Counter({int(key): int(count) for key, count in payload.get("headlines", ())}),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return SiteTemplates()


def learn_templates(pages: Iterable[tuple[CleanPage, str]]) -> SiteTemplates:
    """Counts over (page, site) pairs: the first pass of a build."""
    templates = SiteTemplates()
    for clean, site in pages:
        templates.learn(clean, site=site)
    return templates


def _recurs_in_order(templates: SiteTemplates, keys: Sequence[int], index: int) -> bool:
    pages = templates.paragraphs.get(keys[index], 0)
    if pages < MIN_PAGES:
        return False
    # The page's edges are no evidence: a stock closing sentence (`A projekt az ESZA támogatásával
    # valósul meg.`) ends many pages without being chrome.
    before = templates.pairs.get(_pair(keys[index - 1], keys[index]), 0) if index > 0 else 0
    after = templates.pairs.get(_pair(keys[index], keys[index + 1]), 0) if index + 1 < len(keys) else 0
    together = max(before, after)
    return together >= MIN_PAGES and together >= _NEIGHBOUR_SHARE * pages


def _content_shaped(body: Sequence[str], chrome: Sequence[bool], index: int, list_items: frozenset[str]) -> bool:
    """A list item, a label, the value under a label, or a heading over prose: content however often it recurs."""
    text = body[index]
    if text in list_items or _LABEL.match(text):
        return True
    if index > 0 and _LABEL.match(body[index - 1]):
        return True
    following = index + 1
    return following < len(body) and not chrome[following] and len(body[following]) >= _PROSE_CHARS and len(text) < _PROSE_CHARS


def _key(site: str, paragraph: str) -> int:
    text = f"{site}\x00{_SPACE.sub(' ', paragraph).strip().casefold()}"
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _pair(first: int, second: int) -> int:
    return int.from_bytes(hashlib.blake2b(f"{first}:{second}".encode("ascii"), digest_size=8).digest(), "big")
