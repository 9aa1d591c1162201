"""Whoosh's segment writer without its lock, writing postings term by term, and a commit of
segments written by other processes: what `MpWriter(multisegment=True)` does, across forks."""
from __future__ import annotations

from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.base import PerDocumentReader, Segment
from whoosh.writing import SegmentWriter

from core.index.schema import field_postings
from core.whoosh_ext.term_pool import TermPool, write_terms


def commit_segments(writer: SegmentWriter, segments: list[Segment]) -> None:
    """Commit `segments` (written by FastSegmentWriters into `writer`'s index) with `writer`, which
    holds the lock: what SegmentWriter.commit does once its own segment is written."""
    writer._close_segment()
    writer._commit_toc([*writer.segments, *segments])
    writer._finish()


class FastSegmentWriter(SegmentWriter):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's SegmentWriter without the lock (the committing writer holds it), with its postings
    gathered and written term by term (core/whoosh_ext/term_pool.py) and field lengths read once per field:
    the same segment, in a fraction of the time."""

    def __init__(self, index: whoosh_index.Index, *, limitmb: int) -> None:
        super().__init__(index, _lk=False, limitmb=limitmb)
        self.pool = TermPool(limitmb=limitmb, folder=getattr(index.storage, "folder", None))

    def finish_uncommitted(self) -> Segment:
        """Write this writer's segment and close it without committing: another writer commits it."""
        segment: Segment = self._finalize_segment()
        return segment

    def abandon(self) -> None:
        """Close the segment being written after a failure; its files stay for the caller to remove."""
        self._close_segment()

    def add_document(self, **fields: Any) -> None:
        """`SegmentWriter.add_document` for this schema (no spelling fields, no term vectors),
        handing each field's postings to the pool at once rather than one call per posting."""
        self._check_state()
        schema, perdocwriter, pool, docnum = self.schema, self.perdocwriter, self.pool, self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                if field.separate_spelling() or field.vector:
                    raise ValueError(f"{fieldname}: spelling fields and term vectors are not written here")
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    length = pool.add_field(fieldname, docnum, field_postings(field, value), boost)
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdocwriter.add_column_value(fieldname, field.column_type, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = FieldLengths(reader).of if reader is not None else None
        write_terms(self.fieldwriter, self.schema, self.pool.terms(), lengths)
        self.fieldwriter.close()
        if reader is not None:
            reader.close()


class FieldLengths:
    """Each field's document lengths for the postings writer, read into a list once."""

    def __init__(self, reader: PerDocumentReader) -> None:
        self._reader = reader
        self._count = reader.doc_count_all()
        self._fields: dict[str, list[int]] = {}

    def of(self, fieldname: str) -> list[int]:
        """Every document's length in `fieldname` (0 where it has none), by document number."""
        lengths = self._fields.get(fieldname)
        if lengths is None:
            read = self._reader.doc_field_length
            lengths = self._fields[fieldname] = [read(number, fieldname, 0) for number in range(self._count)]
        return lengths
