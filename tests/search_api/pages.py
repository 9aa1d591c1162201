"""Hand-made documents for the search tests: a blank project page and one with a few fields set."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from core.index.document import Document, document_fields
from core.index.folder import create_generation, publish_generation

BLANK = Document(
    id="", file="", url=None, content_hash="", title="", text="", language="hu", languages=("hu",), project_id=None,
    programme=None, funder=(), period=None, years=(), start_date=None, end_date=None, budget_huf=None, budget_eur=None,
    support_rate=None, beneficiary=None, settlement=None, county=None, kind="project",
)


def page(doc_id: str, text: str, **fields: object) -> Document:
    """A project page `doc_id.html` holding `text`, titled `Hír doc_id` unless `title` is given."""
    title = str(fields.pop("title", f"Hír {doc_id}"))
    return dataclasses.replace(BLANK, id=doc_id, file=f"{doc_id}.html", content_hash=doc_id, title=title, text=text, **fields)  # type: ignore[arg-type]


def write_index(root: Path, documents: list[Document]) -> None:
    """A live index under `root` holding `documents`, written in one commit."""
    folder, index = create_generation(root)
    writer = index.writer()
    for document in documents:
        writer.add_document(**document_fields(document))
    writer.commit()
    publish_generation(root, folder)
