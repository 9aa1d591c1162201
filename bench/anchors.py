"""The anchors: tantivy (Snowball Hungarian) and SQLite FTS5 (accents folded) on our own documents.

Not a script: `build.py` and `latency.py` import it, so the anchors run in the same process and
the same minutes as our engine and their ratios survive a noisy, shared machine.

Both anchors are fed the cleaned title and text our extractor produced, read back from the built
Whoosh index's stored fields (so they never see markup, menus or mojibake, and never pay for
extraction). Their queries are the AND of the query's words, top 10 by BM25; they compute no facets,
no highlights and no JSON, so a ratio compares a whole search of ours with a bare ranked lookup.
"""
from __future__ import annotations

import re
import shutil
import sqlite3
import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import tantivy

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class AnchorDoc:
    path: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class AnchorBuild:
    engine: str
    docs: int
    seconds: float
    bytes_on_disk: int

    @property
    def docs_per_s(self) -> float:
        return self.docs / max(self.seconds, 1e-9)


def stored_documents(index_root: Path) -> list[AnchorDoc]:
    """Title and cleaned text of every live document of our index, in document-number order."""
    from core.index.folder import open_index

    index = open_index(index_root)
    with index.searcher() as searcher:
        reader = searcher.reader()
        return [
            AnchorDoc(str(stored.get("path") or ""), str(stored.get("title") or ""), str(stored.get("text") or ""))
            for _, stored in reader.iter_docs()
        ]


def folder_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


# ---------------------------------------------------------------------------------- tantivy
def _tantivy_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=False, tokenizer_name="hu_stem")
    builder.add_text_field("body", stored=False, tokenizer_name="hu_stem")
    return builder.build()


def _register_hungarian(index: tantivy.Index) -> None:
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("hungarian"))
        .build()
    )
    index.register_tokenizer("hu_stem", analyzer)


def build_tantivy(docs: Sequence[AnchorDoc], folder: Path, *, heap_bytes: int = 200_000_000) -> AnchorBuild:
    """Index `docs` into a fresh tantivy index in `folder` (one writer, tantivy's own threads)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    index = tantivy.Index(_tantivy_schema(), path=str(folder))
    _register_hungarian(index)
    writer = index.writer(heap_size=heap_bytes)
    for doc in docs:
        writer.add_document(tantivy.Document(path=doc.path, title=doc.title, body=doc.text))
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    return AnchorBuild("tantivy", len(docs), seconds, folder_bytes(folder))


class TantivySearcher:
    def __init__(self, folder: Path) -> None:
        self.index = tantivy.Index.open(str(folder))
        _register_hungarian(self.index)
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, q: str, limit: int = 10) -> list[str]:
        words = _WORD.findall(q)
        if not words:
            return []
        query = self.index.parse_query(" ".join(words), ["title", "body"], conjunction_by_default=True)
        result = self.searcher.search(query, limit)
        return [self.searcher.doc(address)["path"][0] for _, address in result.hits]


# ---------------------------------------------------------------------------------- SQLite FTS5
def build_fts5(docs: Sequence[AnchorDoc], path: Path) -> AnchorBuild:
    """Index `docs` into a fresh FTS5 table (unicode61, diacritics removed; no stemmer exists for Hungarian)."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal")):
        leftover.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    connection = sqlite3.connect(str(path))
    connection.execute("PRAGMA journal_mode=OFF")
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute(
        "CREATE VIRTUAL TABLE pages USING fts5(path UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')"
    )
    with connection:
        connection.executemany("INSERT INTO pages(path, title, body) VALUES (?, ?, ?)", ((d.path, d.title, d.text) for d in docs))
    with connection:
        connection.execute("INSERT INTO pages(pages) VALUES ('optimize')")
    connection.close()
    seconds = time.perf_counter() - started
    return AnchorBuild("fts5", len(docs), seconds, folder_bytes(path))


class Fts5Searcher:
    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(str(path), check_same_thread=False)

    def search(self, q: str, limit: int = 10) -> list[str]:
        words = _WORD.findall(q)
        if not words:
            return []
        match = " ".join('"' + word.replace('"', '""') + '"' for word in words)
        rows = self.connection.execute(
            "SELECT path FROM pages WHERE pages MATCH ? ORDER BY rank LIMIT ?", (match, limit)
        ).fetchall()
        return [row[0] for row in rows]


# ---------------------------------------------------------------------------------- figures
def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile; `share` in (0, 1]."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered) + 0.5)) - 1))]


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    ms = [value * 1000 for value in seconds]
    return {
        "n": len(ms),
        "p50_ms": percentile(ms, 0.50),
        "p95_ms": percentile(ms, 0.95),
        "p99_ms": percentile(ms, 0.99),
        "mean_ms": statistics.fmean(ms) if ms else float("nan"),
        "max_ms": max(ms) if ms else float("nan"),
    }


def timed(search: object, queries: Sequence[str], *, repeat: int = 1) -> Iterator[tuple[str, float, list[str]]]:
    """(query, seconds, result paths) for every query, `repeat` times over."""
    for _ in range(repeat):
        for q in queries:
            started = time.perf_counter()
            paths = search.search(q)  # type: ignore[attr-defined]
            yield q, time.perf_counter() - started, paths
