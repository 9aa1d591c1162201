"""Build over a folder of hostile files: every bad file skipped with a short reason, the build's peak
RSS, and nothing from outside the corpus indexed.

    python bench/hostile_build.py --work /tmp/hostile [--docs 300] [--jobs 2] [--bomb-gib 10]

The corpus is `make_corpus.py --docs N --bad-inputs` (../shared/tools) plus the files of issue 18:
decompression bombs (`.warc.gz` of zeros; a well-formed record whose body, plain or as one HTTP
chunk, is zeros), links to /dev/zero, /dev/urandom, /etc/passwd, a secret file and a folder
outside the corpus, a fifo, archives whose warcio message is 1 MiB of NULs, `.warc` and `.warc.gz`
cut inside a record, a record for a `file:` target, and a folder that cannot be listed (the build
runs as root here, which `chmod 000` does not stop, so the child refuses to list `locked/` itself).

`indexer build` runs as a child process; its peak RSS is the largest sum over it and its workers,
sampled every 0.1 s (psutil). Then a no-op `indexer update --json` runs the same way. Prints each
skipped file with its reason, the three figures, and exits non-zero if one misses its mark.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "indexer"))  # the tests' makers of hostile files

from hostile import body_bomb, non_http_record, zeros_gzip  # noqa: E402
from warcs import sample_pages, write_warc  # noqa: E402

MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"
SENTENCES = ROOT.parent / "shared" / "eval" / "hu_sentences_nerkor.txt"
RSS_LIMIT_MB = 1536
SECRET_WORD = "titkosjelszokulcs"
LOCKED = "locked"
# The child: `indexer` with `locked/` refusing to be listed, as another user's folder would.
CHILD = f"""
import os, sys
from indexer.cli import main
scandir = os.scandir
def refusing(path="."):
    if not isinstance(path, int) and os.fsdecode(path).endswith("/{LOCKED}"):
        raise PermissionError(13, "Permission denied", os.fsdecode(path))
    return scandir(path)
os.scandir = refusing
sys.exit(main(sys.argv[1:]))
"""


def make_hostile_files(corpus: Path, outside: Path, *, bomb_gib: int) -> dict[str, str]:
    """The issue's hostile files in `corpus`, and what each is; `outside` holds what links point at."""
    hostile: dict[str, str] = {}
    outside.mkdir(parents=True, exist_ok=True)
    secret = outside / "secret.txt"
    secret.write_text(f"root:x:0:0:root:/root:/usr/sbin/nologin {SECRET_WORD}\n" * 20, encoding="utf-8")
    (outside / "folder").mkdir(exist_ok=True)
    (outside / "folder" / "page.html").write_text(f"<p>{SECRET_WORD} a mappában, kívül a korpuszon.</p>", encoding="utf-8")
    zeros_gzip(corpus / "bomb-zeros.warc.gz", mib=bomb_gib * 1024)
    hostile["bomb-zeros.warc.gz"] = f"{bomb_gib} GiB of zeros as one gzip member"
    body_bomb(corpus / "bomb-body.warc.gz", mib=bomb_gib * 1024)
    hostile["bomb-body.warc.gz"] = f"a response record whose body is {bomb_gib} GiB of zeros"
    body_bomb(corpus / "bomb-chunked.warc.gz", mib=bomb_gib * 1024, chunked=True)
    hostile["bomb-chunked.warc.gz"] = f"the same body as one {bomb_gib} GiB HTTP chunk"
    links = {"zero.html": "/dev/zero", "urandom.txt": "/dev/urandom", "passwd.txt": "/etc/passwd", "secret.html": str(secret)}
    for name, target in links.items():
        (corpus / name).symlink_to(target)
        hostile[name] = f"a link to {target}"
    (corpus / "outside").symlink_to(outside / "folder", target_is_directory=True)
    hostile["outside/"] = "a link to a folder outside the corpus"
    os.mkfifo(corpus / "fifo.html")
    hostile["fifo.html"] = "a fifo (reading it waits for a writer for ever)"
    (corpus / "nul.warc").write_bytes(b"\x00" * 1024 * 1024 + b"\r\n")
    hostile["nul.warc"] = "a 1 MiB first line of NULs (warcio quotes it in its message)"
    zeros_gzip(corpus / "nul-small.warc.gz", mib=100)
    hostile["nul-small.warc.gz"] = "100 MiB of NULs, gzipped"
    for name in ("cut.warc", "cut.warc.gz"):
        whole = write_warc(corpus / name, sample_pages()).read_bytes()
        (corpus / name).write_bytes(whole[:-200])
        hostile[name] = "an archive cut inside its last record"
        hostile[f"{name}#5"] = "the record it cut"
    non_http_record(corpus / "local.warc", "file:///etc/passwd")
    hostile["local.warc#0"] = "a response record for file:///etc/passwd"
    (corpus / LOCKED).mkdir()
    (corpus / LOCKED / "page.html").write_text("<p>Ez a mappa nem olvasható.</p>", encoding="utf-8")
    hostile[f"{LOCKED}/"] = "a folder that cannot be listed"
    return hostile


def run_measured(arguments: list[str]) -> tuple[int, float, float, str]:
    """Run the indexer child; its exit code, wall seconds, peak RSS (MB) summed over its process tree, stdout."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", CHILD, *arguments], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    watched = psutil.Process(process.pid)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                tree = [watched, *watched.children(recursive=True)]
                total = 0
                for member in tree:
                    try:
                        total += member.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, total)
            except psutil.Error:
                pass
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    stop.set()
    sampler.join()
    return process.returncode, time.perf_counter() - started, peak / 2**20, output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--bomb-gib", type=int, default=10)
    args = parser.parse_args()
    if args.work.exists():
        shutil.rmtree(args.work)
    generated = args.work / "generated"
    subprocess.run([sys.executable, str(MAKE_CORPUS), "--out", str(generated), "--docs", str(args.docs), "--bad-inputs",
                    "--sentences", str(SENTENCES)], check=True, stdout=subprocess.DEVNULL)
    corpus = generated / "pages"
    hostile = make_hostile_files(corpus, args.work / "outside", bomb_gib=args.bomb_gib)
    gold = [json.loads(line) for line in (generated / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    generated_bad = {record["file"]: record for record in gold if record.get("kind") == "bad"}
    index = args.work / "index"

    code, seconds, peak_mb, output = run_measured(["build", "--corpus", str(corpus), "--index", str(index), "--jobs", str(args.jobs)])
    print(f"build: exit {code}, {seconds:.1f} s, peak RSS of the build and its workers {peak_mb:,.0f} MB")
    if code != 0:
        print(output[-3000:])
        return 1
    skipped = {entry["file"]: entry["reason"] for entry in json.loads((index / "skipped.json").read_text(encoding="utf-8"))}
    print("\nhostile files (issue 18):")
    missed = []
    for name, what in hostile.items():
        reason = skipped.get(name)
        print(f"  {'skipped' if reason else 'NOT SKIPPED'} {name} ({what}): {reason}")
        if reason is None:
            missed.append(name)
    print("\nmake_corpus.py --bad-inputs:")
    wrong = []
    for name, record in generated_bad.items():
        reason = skipped.get(name)
        outcome = f"skipped: {reason}" if reason else "indexed"
        expected = "skipped" if record["expect"] == "skip" else "indexed"
        print(f"  {name} ({record['bad']}, expected {expected}): {outcome}")
        if (reason is not None) != (record["expect"] == "skip"):
            wrong.append(name)
    longest = max((len(reason) for reason in skipped.values()), default=0)
    report_bytes = (index / "skipped.json").stat().st_size

    outside_hits = _outside_documents(index, corpus)
    update_code, update_seconds, update_mb, update_output = run_measured(
        ["update", "--corpus", str(corpus), "--index", str(index), "--json"])
    done = json.loads(update_output.splitlines()[-1])

    print("\nfigures:")
    print(f"  bad files skipped with a reason: {len(hostile) - len(missed)} of {len(hostile)} hostile, "
          f"{len(generated_bad) - len(wrong)} of {len(generated_bad)} generated as expected; "
          f"longest reason {longest} characters, skipped.json {report_bytes:,} bytes")
    print(f"  peak RSS of the whole build: {peak_mb:,.0f} MB (limit {RSS_LIMIT_MB:,} MB); build {seconds:.1f} s")
    print(f"  documents from outside the corpus indexed: {outside_hits}")
    print(f"  no-op update --json: exit {update_code}, {update_seconds:.1f} s, peak RSS {update_mb:,.0f} MB, "
          f"planned {done.get('planned')}, files read {done.get('files_read')}, {len(update_output):,} bytes of output")
    failed = missed or wrong or peak_mb >= RSS_LIMIT_MB or outside_hits or done.get("planned") != 0
    return 1 if failed else 0


def _outside_documents(index: Path, corpus: Path) -> int:
    """Indexed documents holding the words of files outside the corpus, or whose path is not a
    file inside it (an archive record counts as its archive)."""
    sys.path.insert(0, str(ROOT))
    from core.index.folder import open_index
    from indexer.read import list_corpus

    root = os.path.realpath(corpus)
    files = dict((shown, path) for path, shown in list_corpus(corpus).files)  # display path → the file's own name
    hits = 0
    with open_index(index).searcher() as searcher:
        for fields in searcher.all_stored_fields():
            text = str(fields.get("text", ""))
            file = files.get(str(fields["path"]).split("#")[0])
            inside = file is not None and file.is_file() and os.path.realpath(file).startswith(root + os.sep)
            if SECRET_WORD in text or "/usr/sbin/nologin" in text or "root:x:0:0" in text or not inside:
                print(f"  OUTSIDE: {fields['path']}")
                hits += 1
    return hits


if __name__ == "__main__":
    raise SystemExit(main())
