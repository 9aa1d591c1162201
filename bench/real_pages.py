"""Score our main-text extraction on real pages with gold text, beside trafilatura in the same run.

    python bench/real_pages.py [--set trafilatura,aeb] [--no-trafilatura] [--worst N] [--save DIR]

The sets are trafilatura's 990-page benchmark (snippet precision/recall/F1, micro) and Zyte's
article-extraction benchmark (181 pages, 4-token-shingle F1 of page-averaged P/R), scored by
`../shared/tools/extract_eval.py`'s own functions. Each page goes alone through decode, boilerplate
and the (empty) site-template step, as `python -m indexer extract {file}` does; trafilatura is
called the way each benchmark calls it. Also prints CPU ms per page of both extractors.
"""
from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.errors import PageError  # noqa: E402
from indexer.pipeline import clean_stripped, strip_page  # noqa: E402
from indexer.records import RawPage  # noqa: E402

SHARED_TOOLS = Path(__file__).resolve().parents[2] / "shared" / "tools"


def load_eval(tools: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_eval", tools / "extract_eval.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"extract_eval.py not found in {tools}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["extract_eval"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def ours(raw: bytes) -> str:
    try:
        clean, _ = clean_stripped(strip_page(RawPage(path="page.html", data=raw)), None)
    except PageError:
        return ""
    return clean.body  # the text field `indexer extract` prints: the headline is the title field


def run(extract: Callable[[bytes], str | None], pages: list[object], ev: ModuleType) -> tuple[dict[str, str | None], float]:
    outputs: dict[str, str | None] = {}
    cpu = 0.0
    for page in pages:
        raw = ev.raw_bytes(page)
        started = time.process_time()
        try:
            outputs[page.pid] = extract(raw)  # type: ignore[attr-defined]
        except Exception:  # a crash is a full miss, as in both benchmarks
            outputs[page.pid] = None  # type: ignore[attr-defined]
        cpu += time.process_time() - started
    return outputs, 1000 * cpu / max(len(pages), 1)


def score(set_name: str, pages: list[object], outputs: dict[str, str | None], ev: ModuleType) -> dict[str, float]:
    if set_name == "trafilatura":
        totals = [0, 0, 0, 0]
        for page in pages:
            counts = ev.count_item(page.gold, outputs.get(page.pid))  # type: ignore[attr-defined]
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
        return dict(ev.snippet_scores(*totals))
    triples = [ev.shingle_tp_fp_fn(page.gold["articleBody"], outputs.get(page.pid), 4) for page in pages]  # type: ignore[attr-defined]
    return dict(ev.aeb_metrics(triples))


def page_f1(set_name: str, page: object, text: str | None, ev: ModuleType) -> float:
    return score(set_name, [page], {page.pid: text}, ev)["f1"]  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="trafilatura,aeb", help="comma-separated: trafilatura, aeb")
    parser.add_argument("--tools", type=Path, default=SHARED_TOOLS, help="folder of extract_eval.py")
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where we lose most to trafilatura")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--save", type=Path, help="write our outputs as JSON lines (extract_eval --predictions reads them)")
    args = parser.parse_args()
    ev = load_eval(args.tools)

    rows = []
    for set_name in args.set.split(","):
        pages = ev.load_set(set_name, ev.DATA_ROOT / ev.SET_DIRS[set_name])
        if args.limit:
            pages = pages[: args.limit]
        our_out, our_ms = run(ours, pages, ev)
        rows.append((set_name, "ours", score(set_name, pages, our_out, ev), our_ms))
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            with (args.save / f"{set_name}.jsonl").open("w", encoding="utf-8") as out:
                for pid, text in our_out.items():
                    out.write(json.dumps({"id": pid, "text": text}, ensure_ascii=False) + "\n")
        if args.no_trafilatura:
            continue
        import logging

        logging.disable(logging.CRITICAL)
        their_out, their_ms = run(functools.partial(ev.baseline_text, "trafilatura", set_name), pages, ev)
        rows.append((set_name, "trafilatura", score(set_name, pages, their_out, ev), their_ms))
        if args.worst:
            losses = sorted(
                ((page_f1(set_name, p, their_out[p.pid], ev) - page_f1(set_name, p, our_out[p.pid], ev), p.pid) for p in pages),
                reverse=True,
            )
            for loss, pid in losses[: args.worst]:
                print(f"  {set_name} {pid}: trafilatura ahead by {loss:.3f}")

    print(f"{'set':<12} {'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>7} {'CPU ms/page':>12}")
    for set_name, name, figures, ms in rows:
        print(f"{set_name:<12} {name:<12} {figures['precision']:>9.3f} {figures['recall']:>7.3f} "
              f"{figures['f1']:>7.3f} {ms:>12.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
