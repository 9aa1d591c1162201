"""The index folder on disk: generations, the `current` pointer, and turning documents into fields.

    index/
      current -> gen-20261123T101500-1234   symlink, swapped atomically when a full build ends
      gen-…/                                  a complete Whoosh index

A full build writes a new generation beside the live one and switches `current` with one
`rename`, so a reader never sees a half-built index and a crashed build leaves the old one serving.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index

from indexer.errors import IndexMissingError
from indexer.records import Document
from indexer.schema import build_schema

CURRENT = "current"
GENERATION_PREFIX = "gen-"


def current_generation(root: Path) -> Path | None:
    link = root / CURRENT
    if not link.is_symlink() and not link.is_dir():
        return None
    target = link.resolve()
    return target if whoosh_index.exists_in(str(target)) else None


def open_index(root: Path) -> Index:
    """Open the live index, or raise IndexMissingError naming the folder."""
    generation = current_generation(root)
    if generation is None:
        raise IndexMissingError(str(root))
    return whoosh_index.open_dir(str(generation))


def create_generation(root: Path) -> tuple[Path, Index]:
    """A new, empty index beside the live one."""
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    folder = root / f"{GENERATION_PREFIX}{stamp}-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
    folder.mkdir()
    return folder, whoosh_index.create_in(str(folder), build_schema())


def publish_generation(root: Path, folder: Path) -> None:
    """Point `current` at `folder` atomically, then remove generations nobody points at."""
    temporary = root / f".{CURRENT}.{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(folder.name)
    os.replace(temporary, root / CURRENT)
    for old in root.glob(f"{GENERATION_PREFIX}*"):
        if old.resolve() != folder.resolve():
            shutil.rmtree(old, ignore_errors=True)


def discard_generation(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


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
        fields["funder"] = ",".join(document.funder)
    if document.years:
        fields["year"] = ",".join(str(year) for year in document.years)
        fields["sort_year"] = max(document.years)
    return fields
