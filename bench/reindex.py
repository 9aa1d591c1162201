"""The update flow at the issue's scale: add 200 pages, change 50, delete 30, add 5 hostile files, update.

    python bench/reindex.py --work DIR [--docs 2000]

Generates a `make_corpus.py --docs N --bad-inputs` corpus in DIR/corpus, builds DIR/index, then
changes the corpus (new pages and "changed" ones come from `--seed 2`, which gives other content
under the same file names), runs `indexer update` and checks the index against a fresh build of
the changed corpus: the same paths with the same content hashes, and every hostile file reported
in skipped.json. Prints build, update and no-op update times.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.index.folder import SKIPPED_REPORT, open_index

SHARED = ROOT.parent / "shared"  # beside the project root, as in the developers' checkout
MAKE_CORPUS = SHARED / "tools" / "make_corpus.py"
SENTENCES = SHARED / "eval" / "hu_sentences_nerkor.txt"
HOSTILE = {
    "hostile/empty.html": b"",
    "hostile/zeros.html": b"\x00" * 8192,
    "hostile/jpeg.html": b"\xff\xd8\xff\xe0" + b"\x00" * 512,
    "hostile/blank.txt": b" \n\t\n",
    "hostile/menu_only.html": b"<html><body><nav><a href='/'>F\xc5\x91oldal</a></nav></body></html>",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    corpus, index, other = args.work / "corpus", args.work / "index", args.work / "seed2"
    _generate(corpus, docs=args.docs, seed=1, bad=True)
    _generate(other, docs=args.docs + 200, seed=2, bad=False)
    build_seconds = _indexer("build", corpus, index, args.jobs)

    pages = sorted((corpus / "pages").glob("[0-9]*_[0-9a-f]*.*"))
    pages = [page for page in pages if "bad" not in page.name]
    replacements = {page.name.split("_")[0]: page for page in (other / "pages").iterdir()}
    for page in pages[:50]:  # changed: the seed-2 page of the same number, under the old name
        page.write_bytes(replacements[page.name.split("_")[0]].read_bytes())
    for page in pages[50:80]:
        page.unlink()
    (corpus / "new").mkdir()
    for page in sorted((other / "pages").iterdir())[args.docs:args.docs + 200]:
        shutil.copy(page, corpus / "new" / page.name)
    for name, data in HOSTILE.items():
        (corpus / name).parent.mkdir(exist_ok=True)
        (corpus / name).write_bytes(data)

    update_seconds = _indexer("update", corpus, index, args.jobs)
    noop_seconds = _indexer("update", corpus, index, args.jobs)
    fresh = args.work / "fresh"
    _indexer("build", corpus, fresh, args.jobs)
    same = _indexed(index) == _indexed(fresh)
    skipped = {entry["file"] for entry in json.loads((index / SKIPPED_REPORT).read_text(encoding="utf-8"))}
    missing = set(HOSTILE) - skipped
    print(f"build {build_seconds:.1f} s, update {update_seconds:.1f} s, no-op update {noop_seconds:.2f} s")
    print(f"index equals a fresh build: {same}; hostile files missing from skipped.json: {sorted(missing) or 'none'}")
    return 0 if same and not missing else 1


def _generate(out: Path, *, docs: int, seed: int, bad: bool) -> None:
    if out.exists():
        shutil.rmtree(out)
    command = [sys.executable, str(MAKE_CORPUS), "--out", str(out), "--docs", str(docs), "--seed", str(seed),
               "--sentences", str(SENTENCES)]
    subprocess.run(command + (["--bad-inputs"] if bad else []), check=True, capture_output=True)


def _indexer(command: str, corpus: Path, index: Path, jobs: int) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "indexer", command, "--corpus", str(corpus), "--index", str(index), "--jobs", str(jobs)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - started
    print(f"$ indexer {command}: exit {result.returncode}, {seconds:.1f} s: "
          + next((line for line in result.stdout.splitlines() if not line.startswith("  ")), ""))
    return seconds


def _indexed(index: Path) -> dict[str, str]:
    with open_index(index).searcher() as searcher:
        return {fields["path"]: fields["content_hash"] for fields in searcher.reader().all_stored_fields()}


if __name__ == "__main__":
    raise SystemExit(main())
