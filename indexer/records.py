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
    density_fallback: bool = False  # the class/id rules kept too little, the content was chosen by prose density
    second_opinion: bool = False  # no prose block stood for the page: trafilatura chose its paragraphs

    @property
    def text(self) -> str:
        """The headline and the main text: what language and metadata are read from."""
        return "\n\n".join(self.paragraphs)

    @property
    def body_paragraphs(self) -> tuple[str, ...]:
        """The paragraphs after the headline (all of them when the page has none leading)."""
        if self.paragraphs and self.title and self.paragraphs[0] == self.title:
            return self.paragraphs[1:]
        return self.paragraphs

    @property
    def body(self) -> str:
        """The main text without its headline, which the index holds as the title: a page's text
        as both real-page benchmarks define it, and no title repeated in every snippet."""
        return "\n\n".join(self.body_paragraphs)


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
