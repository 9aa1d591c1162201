"""A page as the index holds it: the `Document` the pipeline hands over, its Whoosh fields, and back."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

VALUE_SEPARATOR = ","  # a multi-valued field's values, stored and indexed as one string (`commas=True`)


def join_values(values: Iterable[object]) -> str:
    """A multi-valued field (funder, year) as it is stored and indexed."""
    return VALUE_SEPARATOR.join(str(value) for value in values)


def split_values(stored: object) -> list[str]:
    """A multi-valued field's stored value as its values."""
    if not stored:
        return []
    return [value for value in str(stored).split(VALUE_SEPARATOR) if value]


def page_id(path: str) -> str:
    """Stable id of a page: derived from its path in the corpus."""
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:16]


def content_hash(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


@dataclass(frozen=True, slots=True)
class ProjectMeta:
    """Project metadata of one page (the metadata stage's findings, the facets' source); `kind` is
    "project", "news" or "other" (all else empty then)."""

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


@dataclass(frozen=True, slots=True)
class Document(ProjectMeta):
    """Everything the index receives for one page: its text and where it came from, the project
    metadata found in it, its near-duplicate group; `indexer extract` prints exactly this."""

    id: str
    file: str
    url: str | None
    content_hash: str
    title: str
    text: str
    language: str
    languages: tuple[str, ...]
    duplicate_group: str | None = None  # id of the first page of its near-duplicate group, if any
    signature: str = ""  # MinHash of the prose (indexer/dedup.py), so an update can find copies


def document_fields(document: Document) -> dict[str, object]:
    """The Whoosh fields of one document; English pages go to the English-analysed fields."""
    english = document.language == "en"
    fields: dict[str, object] = {
        "id": document.id,
        "path": document.file,
        "url": document.url,
        "content_hash": document.content_hash,
        "title": document.title,
        "text": document.text,
        "languages": list(document.languages),
        "language": document.language,
        "kind": document.kind,
        "start_date": document.start_date,
        "end_date": document.end_date,
        "support_rate": document.support_rate,
        "settlement": document.settlement,
        ("body_en" if english else "body"): document.text,
    }
    if document.duplicate_group:
        fields["duplicate_group"] = document.duplicate_group
    if document.signature:
        fields["signature"] = document.signature
    if english:
        fields["title_en"] = document.title
    if document.project_id:
        fields["project_id"] = document.project_id
        fields["project_code"] = document.project_id
    optional = {
        "beneficiary": document.beneficiary,
        "programme": document.programme,
        "period": document.period,
        "county": document.county,
        "budget_huf": document.budget_huf,
        "budget_eur": document.budget_eur,
    }
    fields.update({name: value for name, value in optional.items() if value is not None})
    if document.funder:
        fields["funder"] = join_values(document.funder)
    if document.years:
        fields["year"] = join_values(document.years)
        fields["sort_year"] = max(document.years)
    return fields


def document_from_stored(stored: Mapping[str, object], *, doc_id: str | None = None, path: str | None = None) -> Document:
    """The document behind an indexed page's stored fields, under a new id and path if given (a moved file)."""

    def text(name: str) -> str | None:
        value = stored.get(name)
        return None if value is None else str(value)

    def number(name: str) -> int | None:
        value = stored.get(name)
        return value if isinstance(value, int) else None

    support_rate = stored.get("support_rate")
    return Document(
        id=doc_id if doc_id is not None else str(stored["id"]),
        file=path if path is not None else str(stored["path"]),
        url=text("url"),
        content_hash=str(stored["content_hash"]),
        title=text("title") or "",
        text=text("text") or "",
        language=text("language") or "unknown",
        languages=tuple(str(language) for language in stored.get("languages") or ()),  # type: ignore[attr-defined]
        project_id=text("project_id"),
        programme=text("programme"),
        funder=tuple(split_values(stored.get("funder"))),
        period=text("period"),
        years=tuple(int(value) for value in split_values(stored.get("year"))),
        start_date=text("start_date"),
        end_date=text("end_date"),
        budget_huf=number("budget_huf"),
        budget_eur=number("budget_eur"),
        support_rate=support_rate if isinstance(support_rate, float) else None,
        beneficiary=text("beneficiary"),
        settlement=text("settlement"),
        county=text("county"),
        kind=text("kind") or "other",
        duplicate_group=text("duplicate_group"),
        signature=text("signature") or "",
    )
