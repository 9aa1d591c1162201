"""The stages of one page: read → decode → strip boilerplate → (site templates) → language → metadata.

Two passes, because a site's template and a page's copies are only visible across pages:

    pass 1, per file:   read (a page file, or every record of a WARC) → decode → strip boilerplate
    between:            learn site templates from every page (indexer/cleaning/site_templates.py)
    pass 2, per page:   strip templates → language → metadata → MinHash;
                        then, in order, the near-duplicate group (indexer/dedup.py)

Each stage raises PageError for a page it cannot use; failures.py turns that into a skipped page,
workers.py runs the stages over many pages, build.py and update.py drive a whole run.
"""
from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import Any

from core.index.document import Document, content_hash, page_id
from indexer.cleaning.html import strip_boilerplate
from indexer.cleaning.site_templates import SiteTemplates, site_of, strip_templates
from indexer.decode import decode_page
from indexer.dedup import DuplicateFinder, decode_fingerprint, encode_fingerprint, fingerprint
from indexer.errors import EmptyPageError, PageError
from indexer.language import LanguageGuess, detect_language
from indexer.metadata.extract import ProjectMeta, extract_metadata
from indexer.records import CleanPage, RawPage, StrippedPage

_WORD = re.compile(r"[^\W\d_]{2,}")
MIN_WORDS = 3  # a page with fewer words left is empty
# Pages of these kinds are copied between sites as projects; a privacy notice or an imprint reads
# alike on every site without being the same page.
DUPLICATE_KINDS = frozenset({"project", "news"})


def has_text(text: str) -> bool:
    """Whether a cleaned page has enough words to be indexed."""
    return len(_WORD.findall(text)) >= MIN_WORDS


def strip_page(raw: RawPage) -> StrippedPage:
    """Pass 1 for one page: decode and strip boilerplate; raises PageError."""
    if raw.failure is not None:
        raise PageError(raw.path, raw.failure)
    text = decode_page(raw.data, path=raw.path, declared_charset=raw.declared_charset, is_html=raw.is_html)
    clean = strip_boilerplate(text, is_html=raw.is_html)
    site = site_of(raw.url or clean.canonical_url or clean.base_url)
    return StrippedPage(path=raw.path, url=raw.url or clean.canonical_url, content_hash=content_hash(raw.data), clean=clean, site=site)


def clean_stripped(page: StrippedPage, templates: SiteTemplates | None) -> tuple[CleanPage, LanguageGuess]:
    """Strip the site's template, refuse a page with no text left, detect the language."""
    clean = strip_templates(page.clean, templates, site=page.site)
    if not has_text(clean.text):
        raise EmptyPageError(page.path, "no text left after removing navigation and boilerplate")
    return clean, detect_language(clean.text)


def finish_page(page: StrippedPage, templates: SiteTemplates | None) -> Document:
    """Pass 2 for one page: the document the index receives (its own duplicate group until grouped)."""
    clean, language = clean_stripped(page, templates)
    meta = extract_metadata(clean.text, title=clean.title, image_names=clean.image_names)
    doc_id = page_id(page.path)
    return Document(
        id=doc_id,
        file=page.path,
        url=page.url,
        content_hash=page.content_hash,
        title=clean.title,
        text=clean.body,
        language=language.language,
        languages=language.languages,
        **metadata_fields(meta),
        duplicate_group=doc_id,
        signature=encode_fingerprint(fingerprint(clean.text)) if meta.kind in DUPLICATE_KINDS else "",
    )


def metadata_fields(meta: ProjectMeta) -> dict[str, Any]:
    """The metadata stage's findings as the Document's fields of the same names."""
    return {field.name: getattr(meta, field.name) for field in fields(meta)}


def join_duplicates(document: Document, finder: DuplicateFinder) -> Document:
    """The document in the group of the first earlier page it copies (pages are added in order)."""
    if not document.signature:
        return document
    return replace(document, duplicate_group=duplicate_group(finder, document.id, document.signature))


def duplicate_group(finder: DuplicateFinder, doc_id: str, signature: str) -> str:
    """The group a page with this encoded fingerprint joins in `finder`, once the pages before it are in."""
    return finder.add(doc_id, decode_fingerprint(signature))
