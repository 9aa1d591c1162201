"""Records handed from one pipeline stage to the next."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RawPage:
    """A page as read from the corpus: bytes plus what the container told us."""

    path: str  # relative to the corpus folder, with forward slashes
    data: bytes
    url: str | None = None
    declared_charset: str | None = None  # from an HTTP header (WARC), if any
    html: bool | None = None  # from the content type (WARC); None: decided by the file suffix
    failure: str | None = None  # why this archive record cannot be a page (too large, cut short); its data is then b""

    @property
    def is_html(self) -> bool:
        return self.html if self.html is not None else not self.path.lower().endswith(".txt")


@dataclass(frozen=True, slots=True)
class CleanPage:
    """Boilerplate-free content: the headline and the main text as paragraphs."""

    title: str
    paragraphs: tuple[str, ...]
    image_names: tuple[str, ...] = ()
    canonical_url: str | None = None
    base_url: str | None = None  # `<base href>`: names the site, not the page
    list_items: frozenset[str] = frozenset()  # paragraphs that were list items: content, however often they recur

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Document:
    """Everything the index receives for one page; `indexer extract` prints exactly this."""

    id: str
    file: str
    url: str | None
    content_hash: str
    title: str
    text: str
    language: str
    languages: tuple[str, ...]
    project_id: str | None
    programme: str | None
    funder: tuple[str, ...]
    period: str | None
    years: tuple[int, ...]
    start_date: str | None
    end_date: str | None
    budget_huf: int | None
    budget_eur: int | None
    support_rate: float | None
    beneficiary: str | None
    settlement: str | None
    county: str | None
    kind: str
    duplicate_group: str | None = None  # id of the first page of its near-duplicate group, if any
    signature: str = ""  # MinHash of the prose (indexer/dedup.py), so an update can find copies


@dataclass(frozen=True, slots=True)
class StrippedPage:
    """A page after the per-page stages (decode, boilerplate), before the corpus-wide ones
    (site templates, near-duplicates), which need every page seen first."""

    path: str
    url: str | None
    content_hash: str
    clean: CleanPage
    site: str  # host the page says it comes from (WARC URL, canonical link), or ""


@dataclass(frozen=True, slots=True)
class SkippedPage:
    """A page the run could not index, and why."""

    file: str
    reason: str
