"""Score extract_metadata against a generated corpus, or check the programme table on real codes.

    python bench/metadata.py --corpus /tmp/meta5k [--misses FIELD] [--pipeline]
    python bench/metadata.py --real-codes ../shared/data/palyazat-tamogatott-2025

Corpus mode runs on gold main_text/title plus image alt texts and file names taken from the raw
page, prints per-field accuracy over project pages, precision on pages whose gold is null (news,
other, prose-only) and pages per second. With --pipeline the inputs are what the index receives
instead: each raw page decoded and cleaned by our extractor (its text, headline and the image names
it keeps), so extraction errors count too. Real-codes mode checks every CSV row's call code.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.errors import PageError  # noqa: E402
from indexer.metadata.extract import ProjectMeta, extract_metadata  # noqa: E402
from indexer.metadata.programmes import fund_names, programme_for_code  # noqa: E402
from indexer.pipeline import clean_stripped, strip_page  # noqa: E402
from indexer.records import RawPage  # noqa: E402

FIELDS = ("project_id", "programme", "funder", "years", "start_date", "end_date", "budget",
          "beneficiary", "county", "kind")
TARGETS = {"project_id": 0.99, "programme": 0.99, "funder": 0.98, "years": 0.95, "budget": 0.97,
           "beneficiary": 0.93, "county": 0.93, "kind": 0.97}
_OP_OF_ROW = {"RRF-REP": "RRF", "RRF": "RRF", "BAR": "BAR"}


def predicted(meta: ProjectMeta, field: str) -> object:
    if field == "funder":
        return meta.funder[0] if len(meta.funder) == 1 else (None if not meta.funder else meta.funder)
    if field == "years":
        return list(meta.years)
    if field == "budget":
        return (meta.budget_huf, meta.budget_eur)
    if field == "kind":
        return {"other": "nonproject"}.get(meta.kind, meta.kind)
    return getattr(meta, field)


def expected(gold: dict[str, object], field: str) -> object:
    if field == "budget":
        return (gold["budget_huf"], gold["budget_eur"])
    return gold[field]


def gold_inputs(corpus: Path, pages: list[dict[str, object]]) -> list[tuple[str, str, list[str]]]:
    """Gold text and headline, with the image names our extractor keeps from the raw page."""
    cleaned = pipeline_inputs(corpus, pages)
    return [(str(g["main_text"]), str(g["title"] or ""), images) for g, (_, _, images) in zip(pages, cleaned, strict=True)]


def pipeline_inputs(corpus: Path, pages: list[dict[str, object]]) -> list[tuple[str, str, list[str]]]:
    """Text, headline and image names as our extractor hands them to metadata (empty if skipped)."""
    inputs: list[tuple[str, str, list[str]]] = []
    for g in pages:
        path = f"pages/{g['file']}"
        raw = RawPage(path=path, data=(corpus / path).read_bytes())
        try:
            clean, _ = clean_stripped(strip_page(raw), None)
        except PageError:
            inputs.append(("", "", []))
            continue
        inputs.append((clean.text, clean.title, list(clean.image_names)))
    return inputs


def run_corpus(corpus: Path, misses_field: str | None, *, pipeline: bool = False) -> int:
    golds = [json.loads(line) for line in (corpus / "gold.jsonl").open(encoding="utf-8")]
    pages = [g for g in golds if g["kind"] != "bad" and g["main_text"]]
    inputs = pipeline_inputs(corpus, pages) if pipeline else gold_inputs(corpus, pages)
    started = time.perf_counter()
    metas = [extract_metadata(text, title=title, image_names=images) for text, title, images in inputs]
    elapsed = time.perf_counter() - started
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    null_total: Counter[str] = Counter()
    null_right: Counter[str] = Counter()
    shown = 0
    for gold, meta in zip(pages, metas, strict=True):
        for field in FIELDS:
            want, got = expected(gold, field), predicted(meta, field)
            if want in (None, [], (None, None)):
                null_total[field] += 1
                null_right[field] += got in (None, [], (None, None)) or field == "kind"
            if gold["kind"] == "project" or field == "kind":
                total[field] += 1
                right[field] += want == got
                if field == misses_field and want != got and shown < 40:
                    shown += 1
                    print(f"MISS {gold['file']}: want {want!r} got {got!r} | {gold['title']}")
    print(f"{len(pages)} pages, {sum(len(t) for t, _, _ in inputs) / len(pages) / 1024:.1f} KB mean text")
    print(f"{'field':<12} {'accuracy':>9} {'target':>7}   null-gold precision")
    failed = 0
    for field in FIELDS:
        accuracy = right[field] / total[field]
        target = TARGETS.get(field)
        ok = target is None or accuracy >= target
        failed += not ok
        precision = null_right[field] / null_total[field] if null_total[field] else 1.0
        flag = "" if ok else "  BELOW TARGET"
        print(f"{field:<12} {accuracy:>9.2%} {target or 0:>7.0%}   {precision:.2%} of {null_total[field]}{flag}")
    print(f"speed: {len(pages) / elapsed:,.0f} pages/s on these texts ({elapsed:.2f} s)")
    print(f"speed: {speed_on_5kb(pages, inputs):,.0f} pages/s on the same pages padded to 5 KB with news text")
    return 1 if failed else 0


def speed_on_5kb(pages: list[dict[str, object]], inputs: list[tuple[str, str, list[str]]]) -> float:
    """The target is stated for typical 5 KB pages; generated main texts are shorter, so each
    is padded with paragraphs of news pages (sentences without metadata) to 5 KB."""
    filler = "\n\n".join(str(g["main_text"]) for g in pages if g["kind"] == "news")
    padded = []
    for text, title, images in inputs:
        missing = max(0, 5120 - len(text.encode("utf-8")))
        padded.append((text + "\n\n" + filler[:missing], title, images))
    started = time.perf_counter()
    for text, title, images in padded:
        extract_metadata(text, title=title, image_names=images)
    return len(padded) / (time.perf_counter() - started)


def _expected_programme(op_code: str) -> str:
    if op_code in _OP_OF_ROW or op_code.startswith("RRF"):
        return _OP_OF_ROW.get(op_code, "RRF")
    if "_PLUSZ" in op_code:
        return op_code.replace("_PLUSZ", " Plusz")
    return "KTIA"


def run_real_codes(folder: Path) -> int:
    names = fund_names()
    rows = 0
    misses: list[str] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                rows += 1
                info = programme_for_code(row["konstrukcio_kod"])
                want = _expected_programme(row["op_kod"])
                funds = {names.get(part.strip(), part.strip()) for part in row["forras"].split(",")}
                if info is None or info.programme != want or not funds <= set(info.funds):
                    misses.append(f"{path.name}: {row['konstrukcio_kod']!r} op={row['op_kod']!r} "
                                  f"forras={row['forras']!r} -> {info}")
    for miss, count in Counter(misses).most_common():
        print(f"MISS x{count} {miss}")
    share = 1 - len(misses) / rows
    print(f"real codes: {rows - len(misses)}/{rows} rows right ({share:.2%}, target 99%)")
    return 0 if share >= 0.99 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--real-codes", type=Path)
    parser.add_argument("--misses", choices=FIELDS, help="print up to 40 misses of one field")
    parser.add_argument("--pipeline", action="store_true", help="score on our extracted text, not gold text")
    args = parser.parse_args(argv)
    status = 0
    if args.corpus:
        status |= run_corpus(args.corpus, args.misses, pipeline=args.pipeline)
    if args.real_codes:
        status |= run_real_codes(args.real_codes)
    if not (args.corpus or args.real_codes):
        parser.error("give --corpus DIR and/or --real-codes DIR")
    return status


if __name__ == "__main__":
    sys.exit(main())
