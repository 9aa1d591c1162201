"""Score our text extraction against a generated corpus's gold, beside trafilatura on the same pages.

    python bench/extraction.py --corpus /tmp/c2000 [--no-trafilatura] [--no-templates] [--worst N] [--template NAME]

Prints word-level precision/recall/F1 against gold `main_text` (bag of lower-cased words, averaged
over pages, overall and per template; that gold starts with the headline, so it is scored against
the title and the text together, `CleanPage.text`), title exact match, language accuracy, near-duplicate groups
(gold pairs found, pairs merged that gold does not link), how each hostile file (`bad`) was handled
against its `expect`, and the pages per second of our cleaning stage (decode, template learning,
boilerplate, language; one process). trafilatura (the `bench` extra) runs on the same bytes.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.cleaning.site_templates import SiteTemplates, learn_templates  # noqa: E402
from indexer.dedup import DuplicateFinder, fingerprint  # noqa: E402
from indexer.errors import PageError  # noqa: E402
from indexer.metadata.extract import extract_metadata  # noqa: E402
from indexer.pipeline import DUPLICATE_KINDS, clean_stripped, strip_page  # noqa: E402
from indexer.records import RawPage, StrippedPage  # noqa: E402

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
LOST_MIN_WORDS, LOST_RECALL = 50, 0.2
TARGETS = {"f1": 0.97, "title": 0.95, "language": 0.995, "dup_recall": 0.90, "false_merges": 0.01, "pages_per_s": 150}


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float


def word_scores(predicted: str, gold: str) -> Scores:
    """Bag-of-words overlap, case-insensitive: robust to line breaks and paragraph splits."""
    ours, theirs = Counter(_WORD.findall(predicted.lower())), Counter(_WORD.findall(gold.lower()))
    common = sum((ours & theirs).values())
    if not ours or not theirs:
        same = float(not ours and not theirs)
        return Scores(same, same, same)
    precision, recall = common / sum(ours.values()), common / sum(theirs.values())
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return Scores(precision, recall, f1)


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def load_gold(corpus: Path) -> list[dict[str, object]]:
    with (corpus / "gold.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def raw_page(corpus: Path, record: dict[str, object]) -> RawPage:
    path = corpus / "pages" / str(record["file"])
    return RawPage(path=f"pages/{record['file']}", data=path.read_bytes())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--worst", type=int, default=0, help="print the N pages with the lowest F1")
    parser.add_argument("--template", help="score only pages of this template")
    parser.add_argument("--no-templates", action="store_true", help="skip site-template removal (to measure what it adds)")
    args = parser.parse_args()

    gold = load_gold(args.corpus)
    if args.template:
        gold = [record for record in gold if record.get("template") == args.template]
    raws = [raw_page(args.corpus, record) for record in gold]

    started = time.perf_counter()
    cpu_started = time.process_time()
    stripped = [_strip(raw) for raw in raws]
    stripped_at = time.perf_counter()
    strip_cpu_ms = 1000 * (time.process_time() - cpu_started) / max(1, len(raws))
    templates = learn_templates((page.clean, page.site) for page in stripped if isinstance(page, StrippedPage)).pruned()
    learned = time.perf_counter()
    outcomes = [_clean(page, None if args.no_templates else templates) for page in stripped]
    seconds = time.perf_counter() - started
    print(f"cleaning: {len(raws)} pages in {seconds:.2f} s = {len(raws) / seconds:.0f} pages/s "
          f"(pass 1 decode+boilerplate {stripped_at - started:.2f} s, template learning {learned - stripped_at:.2f} s, "
          f"pass 2 templates+language {seconds - (learned - started):.2f} s); target ≥ {TARGETS['pages_per_s']}")
    print(f"          decode+boilerplate CPU {strip_cpu_ms:.1f} ms/page")

    _report_text(gold, outcomes, worst=args.worst)
    _report_bad(gold, outcomes)
    _report_duplicates(gold, outcomes)
    if not args.no_trafilatura:
        _report_trafilatura(gold, raws)
    return 0


Outcome = tuple[str, str, str] | str  # (title, text, language), or the reason the page was skipped


def _strip(raw: RawPage) -> StrippedPage | str:
    try:
        return strip_page(raw)
    except PageError as exc:
        return exc.reason


def _clean(page: StrippedPage | str, templates: SiteTemplates | None) -> Outcome:
    if isinstance(page, str):
        return page
    try:
        clean, language = clean_stripped(page, templates)
    except PageError as exc:
        return exc.reason
    return clean.title, clean.text, language.language


def _indexable(gold: list[dict[str, object]]) -> list[int]:
    return [i for i, record in enumerate(gold) if record.get("expect", "index") == "index"]


def _report_text(gold: list[dict[str, object]], outcomes: list[Outcome], *, worst: int) -> None:
    by_template: dict[str, list[Scores]] = defaultdict(list)
    html_only: list[Scores] = []
    titles = languages = counted = 0
    ranked: list[tuple[float, str]] = []
    lost: Counter[str] = Counter()  # pages with ≥ 50 gold words of which < 20% were kept
    for i in _indexable(gold):
        record, outcome = gold[i], outcomes[i]
        title, text, language = outcome if isinstance(outcome, tuple) else ("", "", "")
        scores = word_scores(text, str(record["main_text"]))
        by_template[str(record.get("template") or record.get("bad"))].append(scores)
        if len(_WORD.findall(str(record["main_text"]))) >= LOST_MIN_WORDS and scores.recall < LOST_RECALL:
            lost[str(record.get("template") or record.get("bad"))] += 1
        if str(record["file"]).lower().endswith((".html", ".htm")):
            html_only.append(scores)
        titles += collapse(title) == collapse(str(record["title"]))
        languages += language == record["language"]
        counted += 1
        ranked.append((scores.f1, f"{record['file']} [{record.get('template')}] P={scores.precision:.2f} "
                       f"R={scores.recall:.2f} title ours={title[:60]!r} gold={str(record['title'])[:60]!r}"))
    every = [s for scores in by_template.values() for s in scores]
    print(f"ours: word P {_mean(every, 'precision'):.4f}  R {_mean(every, 'recall'):.4f}  "
          f"F1 {_mean(every, 'f1'):.4f} (target ≥ {TARGETS['f1']}) over {len(every)} pages")
    print(f"      HTML pages only: F1 {_mean(html_only, 'f1'):.4f} over {len(html_only)}")
    print(f"      title exact {titles / counted:.4f} (target ≥ {TARGETS['title']}), "
          f"language {languages / counted:.4f} (target ≥ {TARGETS['language']})")
    for template, scores in sorted(by_template.items()):
        print(f"      {template:<22} n={len(scores):<5} P {_mean(scores, 'precision'):.4f}  "
              f"R {_mean(scores, 'recall'):.4f}  F1 {_mean(scores, 'f1'):.4f}  lost {lost[template]}")
    print(f"      pages with ≥ {LOST_MIN_WORDS} gold words kept below {LOST_RECALL:.0%} of them: {sum(lost.values())} (target 0)")
    for f1, line in sorted(ranked)[:worst]:
        print(f"  worst F1 {f1:.3f} {line}")


def _report_bad(gold: list[dict[str, object]], outcomes: list[Outcome]) -> None:
    handled = total = 0
    for record, outcome in zip(gold, outcomes, strict=True):
        if record.get("kind") != "bad":
            continue
        total += 1
        skipped = isinstance(outcome, str)
        good = skipped if record["expect"] == "skip" else not skipped
        handled += good
        status = f"skipped: {outcome}" if skipped else "indexed"
        print(f"      bad {record['bad']:<18} expect {record['expect']:<5} → {status} {'ok' if good else 'WRONG'}")
    if total:
        print(f"      hostile files handled as expected: {handled}/{total}")


def _report_duplicates(gold: list[dict[str, object]], outcomes: list[Outcome]) -> None:
    index = {str(record["file"]): i for i, record in enumerate(gold)}
    texts = [(str(i), _dedup_text(outcome)) for i, outcome in enumerate(outcomes)]
    started = time.perf_counter()
    finder = DuplicateFinder()
    groups = [(key, finder.add(key, fingerprint(text))) for key, text in texts]
    seconds = time.perf_counter() - started
    leader_of = dict(groups)
    gold_root: dict[int, int] = {}
    for i, record in enumerate(gold):
        origin = record.get("duplicate_of")
        gold_root[i] = gold_root.get(index[str(origin)], index[str(origin)]) if origin in index else i
    pairs = [(i, index[str(record["duplicate_of"])]) for i, record in enumerate(gold) if record.get("duplicate_of") in index]
    found = sum(leader_of.get(str(a), str(a)) == leader_of.get(str(b), str(b)) for a, b in pairs)
    merged = [(int(page), int(leader)) for page, leader in groups if page != leader]
    false = sum(gold_root[page] != gold_root[leader] for page, leader in merged)
    grouped = max(1, len(merged))
    print(f"dups: gold pairs found {found}/{len(pairs)} = {found / max(1, len(pairs)):.3f} (target ≥ {TARGETS['dup_recall']}), "
          f"false merges {false}/{len(merged)} = {false / grouped:.3f} (target ≤ {TARGETS['false_merges']}), "
          f"{seconds:.2f} s")


def _dedup_text(outcome: Outcome) -> str:
    """What the pipeline signs: the text of project and news pages (other kinds stand alone)."""
    if isinstance(outcome, str):
        return ""
    title, text, _ = outcome
    return text if extract_metadata(text, title=title).kind in DUPLICATE_KINDS else ""


def _report_trafilatura(gold: list[dict[str, object]], raws: list[RawPage]) -> None:
    import trafilatura

    by_template: dict[str, list[Scores]] = defaultdict(list)
    html_only: list[Scores] = []
    titles = counted = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    for i in _indexable(gold):
        record, raw = gold[i], raws[i]
        if raw.is_html:
            try:
                result = trafilatura.bare_extraction(raw.data, include_comments=False, with_metadata=True)
            except Exception:  # noqa: BLE001 - a crash on one page scores that page as empty
                result = None
            text, title = (result.text or "", result.title or "") if result is not None else ("", "")
        else:  # trafilatura takes HTML; an extracted-text page is passed through as it is
            text = raw.data.decode("utf-8", errors="replace")
            title = text.strip().split("\n", 1)[0]
        scores = word_scores(text, str(record["main_text"]))
        by_template[str(record.get("template") or record.get("bad"))].append(scores)
        if str(record["file"]).lower().endswith((".html", ".htm")):
            html_only.append(scores)
        titles += collapse(title) == collapse(str(record["title"]))
        counted += 1
    seconds = time.perf_counter() - started
    cpu_ms = 1000 * (time.process_time() - cpu_started) / max(1, counted)
    every = [s for scores in by_template.values() for s in scores]
    print(f"trafilatura: CPU {cpu_ms:.1f} ms/page (bare_extraction with metadata, text pages passed through)")
    print(f"trafilatura: word P {_mean(every, 'precision'):.4f}  R {_mean(every, 'recall'):.4f}  "
          f"F1 {_mean(every, 'f1'):.4f}, title exact {titles / max(1, counted):.4f}, "
          f"{counted / seconds:.0f} pages/s; HTML pages only F1 {_mean(html_only, 'f1'):.4f} "
          "(text pages are passed through as they are)")
    for template, scores in sorted(by_template.items()):
        print(f"      {template:<22} n={len(scores):<5} F1 {_mean(scores, 'f1'):.4f}")


def _mean(scores: list[Scores], name: str) -> float:
    return sum(getattr(s, name) for s in scores) / max(1, len(scores))


if __name__ == "__main__":
    raise SystemExit(main())
