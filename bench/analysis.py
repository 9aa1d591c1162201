"""Analysis throughput: tokens per second through the Hungarian chain, cold and with a warm cache.

    python bench/analysis.py [--corpus DIR | --text FILE] [--pages 2000] [--repeat 3]

Texts are the gold main text of the first `--pages` pages of a `make_corpus.py` corpus (`--corpus`),
or the lines of a text file (`--text`; default ../shared/eval/hu_sentences.txt). "Cold" runs the
real analyzer (`core.analysis.chain.hungarian_analyzer`, as the index writer does) over every text once
with empty caches, so every distinct word pays for Hunspell; "warm" runs the same texts again,
best of `--repeat`, as a long build sees its Zipfian vocabulary. Tokens are the words the tokenizer
yields (stop words included); each becomes up to five index terms. Wall and CPU time are both
printed: on a shared two-core machine the CPU seconds of this process are the steadier figure.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.analysis import chain as analysis
from core.analysis import stemming  # noqa: E402
from core.analysis.chain import TOKEN_PATTERN, hungarian_analyzer  # noqa: E402

DEFAULT_TEXT = ROOT.parent / "shared" / "eval" / "hu_sentences.txt"


def load_texts(corpus: Path | None, text: Path, pages: int) -> list[str]:
    if corpus is None:
        return [line for line in text.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    texts = []
    with (corpus / "gold.jsonl").open(encoding="utf-8") as gold:
        for line in gold:
            record = json.loads(line)
            if record.get("main_text") and record.get("language") == "hu":
                texts.append(record["main_text"])
                if len(texts) >= pages:
                    break
    return texts


def clear_caches() -> None:
    analysis.forget_word_forms()
    for cached in (analysis.fold, stemming.analyse, stemming._ik_lemma):
        cached.cache_clear()


@dataclass(frozen=True, slots=True)
class Timing:
    wall: float
    cpu: float  # this process's CPU seconds: steadier than wall time on a shared machine
    terms: int


def run(texts: Sequence[str]) -> Timing:
    """Analyse every text as the index writer does (positions and boosts on)."""
    analyzer = hungarian_analyzer()
    terms = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        for _ in analyzer(text, positions=True, boosts=True, mode="index"):
            terms += 1
    return Timing(time.perf_counter() - wall, time.process_time() - cpu, terms)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="make_corpus.py output: analyse its pages' gold main text")
    parser.add_argument("--text", type=Path, default=DEFAULT_TEXT, help="else a text file, one text a line")
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = load_texts(args.corpus, args.text, args.pages)
    words = [word.lower() for text in texts for word in TOKEN_PATTERN.findall(text)]
    tokens, distinct = len(words), len(set(words))
    print(f"{len(texts)} texts, {tokens} tokens, {distinct} distinct words")
    print(f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())} ({os.cpu_count()} cores)")
    stemming.stem("projekt")  # load the dictionary outside the timings (about 0.5 s)
    clear_caches()
    cold = run(texts)
    warm = min((run(texts) for _ in range(max(1, args.repeat))), key=lambda timing: timing.cpu)
    print(f"{'':6} {'wall s':>8} {'tokens/s':>10} {'CPU s':>8} {'tokens/CPU-s':>13} {'distinct words/CPU-s':>21}")
    for name, timing in (("cold", cold), ("warm", warm)):
        print(f"{name:6} {timing.wall:>8.2f} {tokens / timing.wall:>10,.0f} {timing.cpu:>8.2f} {tokens / timing.cpu:>13,.0f} "
              f"{distinct / cold.cpu if name == 'cold' else float('nan'):>21,.0f}")
    print(f"index terms a token: {cold.terms / tokens:.2f}; load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
