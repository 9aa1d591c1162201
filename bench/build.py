"""Index build at scale: pages/s end to end and per stage, peak RSS, index size, and the anchors.

    python bench/build.py --corpus /tmp/c20000 --work /tmp/perf/b20k [--jobs 2] [--stage-sample 2000]
    python bench/build.py --docs 100000 --work /tmp/perf/b100k        # generates the corpus first
    python bench/build.py --corpus C --work W --profile 300            # also cProfile 300 pages in-process
    python bench/build.py --corpus C --work W --reuse-index --update-pages NEW/pages   # incremental update

1. The real build: `python -m indexer build --corpus C --index W/index --jobs N` as a child
   process; wall time, pages/s, peak RSS (the sum over the build and its workers, sampled every
   0.2 s with psutil, and the largest single process from getrusage), the peak of the same
   processes' summed PSS (sampled about once a second: pages the forked workers share with the
   build are split among them rather than counted in each), index size on disk.
2. Per stage, in this process on one core: the same stages run over an evenly spaced sample of
   the pages (`--stage-sample`, default 2,000): read, decode+clean (decode + boilerplate),
   language, metadata, analysis (the Hungarian/English analyzer over every analysed field, with
   the per-word caches cold at the start, as in a build), Whoosh write (`add_document` into a
   scratch index, the analysis caches now warm, so this is the postings and stored fields) and
   commit/merge. A smaller sample sees fewer repeated words than a full build, so analysis there
   is pessimistic per page; the printed cache hit rate says by how much.
3. The anchors (bench/anchors.py): tantivy and FTS5 index the same cleaned documents read back
   from our index; printed as docs/s and as ratios to ours.
4. With --update-pages NEW: an incremental update adding NEW's pages (e.g. a `make_corpus.py
   --docs 1000 --seed 7` output's pages/) to a copy of the built index: the corpus is mirrored
   into WORK/update-corpus with symbolic links (so nothing in it changes), NEW is copied into its
   new/ folder, and `python -m indexer update` runs as a child process; wall time and peak RSS.

Writes W/build.json with every figure; `latency.py --build-report` prints it beside the query figures.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import anchors  # noqa: E402
from profiling import profile_report  # noqa: E402

from core.analysis import chain as analysis  # noqa: E402
from core.index.document import Document, content_hash, document_fields, page_id
from core.index.folder import create_generation, current_generation, open_writer
from indexer.cleaning.html import strip_boilerplate  # noqa: E402
from indexer.decode import decode_page  # noqa: E402
from indexer.errors import PageError  # noqa: E402
from indexer.language import detect_language  # noqa: E402
from indexer.metadata.extract import extract_metadata  # noqa: E402
from indexer.pipeline import has_text, metadata_fields
from indexer.read import find_pages, read_page  # noqa: E402

SHARED = ROOT.parent / "shared"
MAKE_CORPUS = SHARED / "tools" / "make_corpus.py"
MAKE_QUERIES = SHARED / "tools" / "make_queries.py"
SENTENCES = SHARED / "eval" / "hu_sentences_nerkor.txt"
STAGES = ("read", "decode+clean", "language", "metadata", "analysis", "whoosh write", "commit/merge")
# The analysed fields of the schema and the analyzer each uses (see core/index/schema.py).
HU_FIELDS = ("title", "body", "project_code", "beneficiary")
EN_FIELDS = ("title_en", "body_en")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="a make_corpus.py corpus (DIR with pages/)")
    parser.add_argument("--docs", type=int, help="generate a corpus of this many pages into WORK/corpus instead")
    parser.add_argument("--work", type=Path, required=True, help="scratch folder: index, anchors, build.json")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--stage-sample", type=int, default=2000, help="pages timed per stage in-process (0: skip)")
    parser.add_argument("--profile", type=int, default=0, help="also cProfile this many pages in-process")
    parser.add_argument("--no-anchors", action="store_true")
    parser.add_argument("--reuse-index", action="store_true", help="keep WORK/index if it exists (no timed build)")
    parser.add_argument("--update-pages", type=Path, help="time an incremental update adding these pages")
    args = parser.parse_args()
    if (args.corpus is None) == (args.docs is None):
        parser.error("give exactly one of --corpus and --docs")
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = args.corpus or _generate(args.work / "corpus", args.docs)
    pages_dir = corpus / "pages" if (corpus / "pages").is_dir() else corpus
    index = args.work / "index"
    report: dict[str, object] = {"corpus": str(corpus), "cores": os.cpu_count(), "jobs": args.jobs, "load_before": os.getloadavg()}

    if args.reuse_index and current_generation(index) is not None:
        print(f"reusing {index}")
    else:
        shutil.rmtree(index, ignore_errors=True)
        report["build"] = _real_build(pages_dir, index, args.jobs)
        _print_build(report["build"])  # type: ignore[arg-type]
    paths = find_pages(pages_dir)
    if args.stage_sample:
        report["stages"] = _stage_times(paths, pages_dir, args.stage_sample, args.work / "stage-index")
        _print_stages(report["stages"])  # type: ignore[arg-type]
    if args.profile:
        print(_profile(paths, pages_dir, args.profile, args.work / "profile-index"))
    if not args.no_anchors:
        report["anchors"] = _anchor_builds(index, args.work)
        _print_anchors(report)
    if args.update_pages:
        report["update"] = _update(pages_dir, index, args.update_pages, args.work, args.jobs)
        update = report["update"]
        print(
            f"\n$ {update['command']}\nupdate: {update['summary']}\n  {update['new_pages']} new pages into "
            f"{update['pages_before']} in {update['wall_s']:.1f} s; peak RSS {update['peak_rss_tree_mb']:.0f} MB all processes "
            f"(fork-shared pages counted in each), {update['peak_pss_tree_mb']:.0f} MB proportional, "
            f"{update['peak_rss_one_process_mb']:.0f} MB the largest; "
            f"CPU: update {update['cpu_s']:.0f} CPU-s, other processes {update['other_load_cpu_s']:.0f} CPU-s"
        )
    report["load_after"] = os.getloadavg()
    (args.work / "build.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"machine: {os.cpu_count()} cores; load average before {_load(report['load_before'])}, after {_load(report['load_after'])}")
    print(f"figures: {args.work / 'build.json'}")
    return 0


def _generate(out: Path, docs: int) -> Path:
    if not (out / "pages").is_dir():
        subprocess.run([sys.executable, str(MAKE_CORPUS), "--out", str(out), "--docs", str(docs), "--sentences", str(SENTENCES)], check=True)
    if not (out / "queries.jsonl").exists():
        subprocess.run([sys.executable, str(MAKE_QUERIES), "--corpus", str(out)], check=True)
    return out


# ---------------------------------------------------------------------------------- the real build
def _run_measured(command: list[str], what: str) -> tuple[str, float, _RssSampler]:
    """Run an indexer command as a child, sampling the RSS of its process tree; stop on failure."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = _RssSampler(child.pid)
    sampler.start()
    output, _ = child.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    if child.returncode != 0:
        raise SystemExit(f"{what} failed ({child.returncode}):\n{output[-3000:]}")
    return output, seconds, sampler


def _real_build(pages_dir: Path, index: Path, jobs: int) -> dict[str, object]:
    command = [sys.executable, "-m", "indexer", "build", "--corpus", str(pages_dir), "--index", str(index), "--jobs", str(jobs)]
    output, seconds, sampler = _run_measured(command, "build")
    summary = next((line for line in output.splitlines() if line.startswith("pages read:")), "")
    numbers = dict(part.split(": ") for part in summary.split(" (")[0].split(", ")) if summary else {}
    pages_read = int(numbers.get("pages read", 0))
    generation = current_generation(index)
    phases = next((line for line in output.splitlines() if line.startswith("time: ")), "")
    return {
        "command": " ".join(command),
        "phases": phases.removeprefix("time: "),
        "pages_read": pages_read,
        "indexed": int(numbers.get("indexed", 0)),
        "skipped": int(numbers.get("skipped", 0)),
        "wall_s": seconds,
        "pages_per_s": pages_read / seconds,
        "peak_rss_tree_mb": sampler.peak_tree / 2**20,
        "peak_pss_tree_mb": sampler.peak_pss_tree / 2**20,
        "peak_rss_one_process_mb": max(sampler.peak_one, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024) / 2**20,
        "index_mb": anchors.folder_bytes(generation) / 2**20 if generation else 0.0,
        "segments": sorted(item.name for item in generation.glob("*.seg")) if generation else [],
        "build_cpu_s": sampler.tree_cpu_s,
        "other_load_cpu_s": sampler.other_cpu_s,
    }


def _update(pages_dir: Path, index: Path, new_pages: Path, work: Path, jobs: int) -> dict[str, object]:
    """Add `new_pages` to a copy of the index through `indexer update` (see the module docstring)."""
    corpus, copy = work / "update-corpus", work / "update-index"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(copy, ignore_errors=True)
    old = find_pages(pages_dir)
    for path in old:
        target = corpus / path.relative_to(pages_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(path.resolve())
    new = find_pages(new_pages)
    for path in new:
        target = corpus / "new" / path.relative_to(new_pages)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    shutil.copytree(index, copy, symlinks=True, ignore=shutil.ignore_patterns("writer.lock"))
    command = [sys.executable, "-m", "indexer", "update", "--corpus", str(corpus), "--index", str(copy), "--jobs", str(jobs)]
    output, seconds, sampler = _run_measured(command, "update")
    lines = [line for line in output.splitlines() if line.strip()]
    return {
        "command": " ".join(command), "pages_before": len(old), "new_pages": len(new), "wall_s": seconds,
        "summary": " | ".join(line for line in lines if not line.startswith("  skipped"))[-400:],
        "peak_rss_tree_mb": sampler.peak_tree / 2**20, "peak_rss_one_process_mb": sampler.peak_one / 2**20,
        "peak_pss_tree_mb": sampler.peak_pss_tree / 2**20, "cpu_s": sampler.tree_cpu_s, "other_load_cpu_s": sampler.other_cpu_s,
    }


PSS_EVERY = 5  # RSS samples between two PSS samples


def _pss(process: psutil.Process) -> int:
    try:
        return int(getattr(process.memory_full_info(), "pss", 0))
    except (psutil.AccessDenied, psutil.ZombieProcess):
        return 0


class _RssSampler(threading.Thread):
    """Peak RSS of a process and its descendants, sampled; also CPU others used meanwhile."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak_tree = 0
        self.peak_one = 0
        self.peak_pss_tree = 0  # the tree's proportional set size: pages shared by fork split among their processes
        self.other_cpu_s = 0.0
        self.tree_cpu_s = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        me = psutil.Process(os.getpid())
        machine_start, own_start = sum(psutil.cpu_times()[:3]), sum(me.cpu_times()[:2])
        tree_cpu = 0.0
        samples = 0
        while not self._done.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
                rss = [process.memory_info().rss for process in processes]
                if samples % PSS_EVERY == 0:  # reading smaps costs more than the RSS: about once a second
                    self.peak_pss_tree = max(self.peak_pss_tree, sum(_pss(process) for process in processes))
                samples += 1
                # user, system, and reaped children's: a worker's time moves to its parent when it ends
                tree_cpu = max(tree_cpu, sum(sum(process.cpu_times()[:4]) for process in processes))
            except psutil.Error:
                break
            self.peak_tree = max(self.peak_tree, sum(rss))
            self.peak_one = max(self.peak_one, max(rss))
            self._done.wait(self.interval)
        machine = sum(psutil.cpu_times()[:3]) - machine_start
        self.tree_cpu_s = tree_cpu
        self.other_cpu_s = max(0.0, machine - tree_cpu - (sum(me.cpu_times()[:2]) - own_start))

    def stop(self) -> None:
        self._done.set()
        self.join()


# ---------------------------------------------------------------------------------- stages in-process
def _sample(paths: list[Path], count: int) -> list[Path]:
    if count >= len(paths):
        return list(paths)
    step = len(paths) / count
    return [paths[int(i * step)] for i in range(count)]


def _stage_times(paths: list[Path], pages_dir: Path, count: int, scratch: Path) -> dict[str, object]:
    """Seconds per stage over a sample, one core, this process (see the module docstring)."""
    sample = _sample(paths, count)
    seconds: dict[str, float] = defaultdict(float)
    documents: list[Document] = []
    skipped = 0
    hu, en = analysis.hungarian_analyzer(), analysis.english_analyzer()
    analysis.forget_word_forms()
    analysis._english_forms.cache_clear()
    tokens = 0
    for path in sample:
        clock = time.perf_counter()

        def lap(stage: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            seconds[stage] += now - clock
            clock = now

        try:
            raw = read_page(path, pages_dir)
            lap("read")
            text = decode_page(raw.data, path=raw.path, declared_charset=raw.declared_charset, is_html=raw.is_html)
            clean = strip_boilerplate(text, is_html=raw.is_html)
            body = clean.text
            if not has_text(body):
                raise PageError(raw.path, "empty")
            lap("decode+clean")
            language = detect_language(body)
            lap("language")
            meta = extract_metadata(body, title=clean.title, image_names=clean.image_names)
            lap("metadata")
        except PageError:
            skipped += 1
            continue
        document = Document(
            id=page_id(raw.path), file=raw.path, url=raw.url or clean.canonical_url, content_hash=content_hash(raw.data),
            title=clean.title, text=clean.body, language=language.language, languages=language.languages,
            **metadata_fields(meta),
        )
        fields = document_fields(document)
        for name in (*HU_FIELDS, *EN_FIELDS):
            value = fields.get(name)
            if isinstance(value, str):
                analyzer = en if name in EN_FIELDS else hu
                for _ in analyzer(value):
                    tokens += 1
        seconds["analysis"] += time.perf_counter() - clock
        documents.append(document)
    distinct = len(analysis.known_word_forms())

    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    folder, index = create_generation(scratch)
    writer = open_writer(index)
    clock = time.perf_counter()
    for document in documents:
        writer.add_document(**document_fields(document))
    seconds["whoosh write"] = time.perf_counter() - clock
    clock = time.perf_counter()
    writer.commit()
    seconds["commit/merge"] = time.perf_counter() - clock
    shutil.rmtree(scratch, ignore_errors=True)
    total = sum(seconds.values())
    return {
        "pages": len(sample),
        "skipped": skipped,
        "seconds": {stage: seconds.get(stage, 0.0) for stage in STAGES},
        "pages_per_s": {stage: len(sample) / seconds[stage] if seconds.get(stage) else None for stage in STAGES},
        "single_core_pages_per_s": len(sample) / total,
        "analysis_cache": {"terms": tokens, "distinct_words": distinct},
    }


def _profile(paths: list[Path], pages_dir: Path, count: int, scratch: Path) -> str:
    """cProfile of the whole per-page flow plus add_document and commit, in this process."""
    from indexer.failures import finish_raw, strip_file
    from indexer.records import SkippedPage

    analysis.forget_word_forms()
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    _, index = create_generation(scratch)
    sample = _sample(paths, count)
    profiler = cProfile.Profile()
    profiler.enable()
    writer = open_writer(index)
    for path in sample:
        for stripped in strip_file((path, pages_dir)):
            result = stripped if isinstance(stripped, SkippedPage) else finish_raw(stripped, None)
            if not isinstance(result, SkippedPage):
                writer.add_document(**document_fields(result))
    writer.commit()
    profiler.disable()
    shutil.rmtree(scratch, ignore_errors=True)
    return profile_report(profiler, f"cProfile of the build path, {len(sample)} pages in-process")


# ---------------------------------------------------------------------------------- anchors
def _anchor_builds(index: Path, work: Path) -> dict[str, object]:
    clock = time.perf_counter()
    docs = anchors.stored_documents(index)
    read_s = time.perf_counter() - clock
    tantivy_build = anchors.build_tantivy(docs, work / "anchors" / "tantivy")
    fts5_build = anchors.build_fts5(docs, work / "anchors" / "fts5.db")
    return {
        "input": "cleaned title + text from our index's stored fields",
        "read_docs_s": read_s,
        **{build.engine: {"docs": build.docs, "seconds": build.seconds, "docs_per_s": build.docs_per_s, "index_mb": build.bytes_on_disk / 2**20}
           for build in (tantivy_build, fts5_build)},
    }


# ---------------------------------------------------------------------------------- printing
def _print_build(build: dict[str, object]) -> None:
    print(f"\n$ {build['command']}")
    print(
        f"build: {build['pages_read']} pages read, {build['indexed']} indexed, {build['skipped']} skipped in "
        f"{build['wall_s']:.1f} s = {build['pages_per_s']:.1f} pages/s end to end"
    )
    if build.get("phases"):
        print(f"phases: {build['phases']}")
    print(
        f"peak RSS: {build['peak_rss_tree_mb']:.0f} MB build + workers together (fork-shared pages counted in each), "
        f"{build['peak_pss_tree_mb']:.0f} MB proportional (PSS: shared pages split among their processes), "
        f"{build['peak_rss_one_process_mb']:.0f} MB largest single process; index on disk {build['index_mb']:.0f} MB"
    )
    print(
        f"CPU: the build used {build['build_cpu_s']:.0f} CPU-s, other processes {build['other_load_cpu_s']:.0f} CPU-s meanwhile "
        f"(of {build['wall_s'] * (os.cpu_count() or 1):.0f} available)"
    )


def _print_stages(stages: dict[str, object]) -> None:
    seconds: dict[str, float] = stages["seconds"]  # type: ignore[assignment]
    total = sum(seconds.values())
    print(f"\nstages in-process, one core, {stages['pages']} sampled pages ({stages['skipped']} skipped):")
    print(f"  {'stage':<14} {'seconds':>8} {'share':>6} {'pages/s':>9}")
    for stage in STAGES:
        rate = stages["pages_per_s"][stage]  # type: ignore[index]
        print(f"  {stage:<14} {seconds[stage]:8.2f} {seconds[stage] / total:6.1%} {rate if rate else 0:9.0f}")
    cache = stages["analysis_cache"]
    print(f"  {'all':<14} {total:8.2f} {1:6.0%} {stages['single_core_pages_per_s']:9.1f}")
    print(f"  analysis: {cache['distinct_words']} distinct Hungarian words stemmed for {cache['terms']} index terms")  # type: ignore[index]


def _print_anchors(report: dict[str, object]) -> None:
    found: dict[str, dict[str, float]] = report["anchors"]  # type: ignore[assignment]
    build = report.get("build")
    stages = report.get("stages")
    ours = build["pages_per_s"] if isinstance(build, dict) else None
    print(f"\nanchors, indexing {found['input']} (reading them back: {found['read_docs_s']:.1f} s):")
    for engine in ("tantivy", "fts5"):
        figures = found[engine]
        line = f"  {engine:<8} {figures['docs_per_s']:8.0f} docs/s, {figures['index_mb']:.0f} MB"
        if ours:
            line += f"; ours end to end {ours:.1f} pages/s = {ours / figures['docs_per_s']:.4f}× theirs"
        if isinstance(stages, dict):
            seconds = stages["seconds"]
            index_only = stages["pages"] / (seconds["analysis"] + seconds["whoosh write"] + seconds["commit/merge"])
            line += f"; our analysis+write+commit alone, one core, {index_only:.0f} docs/s = {index_only / figures['docs_per_s']:.4f}×"
        print(line)


def _load(load: object) -> str:
    return "/".join(f"{value:.2f}" for value in load)  # type: ignore[attr-defined]


if __name__ == "__main__":
    raise SystemExit(main())
