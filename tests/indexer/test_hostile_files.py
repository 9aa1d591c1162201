"""A corpus folder an attacker (or a broken crawl) filled: bombs, devices, fifos, links out, cut archives.

Each hostile file is made in its test. Every one must be skipped with a short reason while the good
page beside it is indexed; nothing outside the corpus folder may be read; memory stays bounded.
Tests that would use gigabytes before the fix run the build in a child process under an address
space limit, and read its peak RSS from the child itself.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hostile import body_bomb, non_http_record, zeros_gzip
from warcs import sample_pages, write_warc

from core.index.errors import MAX_REASON_CHARS
from core.index.folder import open_index
from indexer.build import build_index, build_with_report
from indexer.errors import PageError
from indexer.read import read_page, read_pages
from indexer.records import RawPage
from indexer.update import update_index

ROOT = Path(__file__).parent.parent.parent
GOOD_PAGE = (
    "<html><head><title>Óvodafelújítás Tatán</title></head><body><p>Tata Város Önkormányzata a Terület- és "
    "Településfejlesztési Operatív Program támogatásával felújította a Kossuth téri óvodát, a tetőt és a "
    "nyílászárókat is kicserélték.</p></body></html>"
)
ADDRESS_SPACE_LIMIT = 3 * 1024**3  # a safety net for the machine: the test asserts far less
RSS_LIMIT_MB = 600


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.html").write_text(GOOD_PAGE, encoding="utf-8")
    return corpus


def _build_in_child(corpus: Path, index: Path) -> dict[str, object]:
    """Build in a child process under an address-space limit; its report and its own peak RSS."""
    script = (
        "import json, resource, sys\n"
        "from pathlib import Path\n"
        "from indexer.build import build_index\n"
        "report = build_index(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1)\n"
        "print(json.dumps({'indexed': report.indexed, 'skipped': {p.file: p.reason for p in report.skipped},\n"
        "                  'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))\n"
    )

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))

    done = subprocess.run(
        [sys.executable, "-c", script, str(corpus), str(index)], cwd=ROOT, capture_output=True, text=True,
        timeout=120, preexec_fn=limit, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


@pytest.mark.parametrize("make", [
    lambda path: zeros_gzip(path, mib=4096),  # one endless "first line"
    lambda path: body_bomb(path, mib=4096),  # a well-formed record whose body is 4 GiB of zeros
    lambda path: body_bomb(path, mib=4096, chunked=True),  # the same, as one HTTP chunk
], ids=["zeros", "body", "chunked body"])
def test_a_decompression_bomb_is_skipped_in_bounded_memory(tmp_path: Path, make: object) -> None:
    corpus = _corpus(tmp_path)
    make(corpus / "bomb.warc.gz")  # type: ignore[operator]
    assert (corpus / "bomb.warc.gz").stat().st_size < 8 * 1024**2
    result = _build_in_child(corpus, tmp_path / "index")
    assert result["indexed"] == 1
    skipped = result["skipped"]
    assert isinstance(skipped, dict) and "bomb.warc.gz" in skipped
    assert "WARC archive" in skipped["bomb.warc.gz"] and len(skipped["bomb.warc.gz"]) <= MAX_REASON_CHARS
    assert isinstance(result["rss_mb"], int) and result["rss_mb"] < RSS_LIMIT_MB


def test_a_record_over_the_page_limit_is_skipped_with_its_reason(tmp_path: Path) -> None:
    archive = body_bomb(tmp_path / "big.warc.gz", mib=60)  # under the bomb bounds: an honest big page
    pages = list(read_pages(archive, tmp_path))
    assert [(page.path, page.failure is not None and "too large" in page.failure) for page in pages] == [("big.warc.gz#0", True)]


def test_a_link_to_a_device_is_refused_before_reading(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "zero.html").symlink_to("/dev/zero")
    (corpus / "random.txt").symlink_to("/dev/urandom")
    result = _build_in_child(corpus, tmp_path / "index")
    assert result["indexed"] == 1
    assert result["skipped"] == {"random.txt": "a link to a file outside the corpus folder", "zero.html": "a link to a file outside the corpus folder"}
    assert isinstance(result["rss_mb"], int) and result["rss_mb"] < RSS_LIMIT_MB


def test_a_fifo_is_skipped_at_once(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    os.mkfifo(corpus / "fifo.html")
    outcome: list[object] = []

    def read() -> None:
        try:
            outcome.append(read_page(corpus / "fifo.html", corpus))
        except PageError as exc:
            outcome.append(exc.reason)

    reader = threading.Thread(target=read, daemon=True)  # a read that hangs must not hang the suite
    reader.start()
    reader.join(timeout=10)
    assert outcome == ["not a regular file (a fifo)"]
    report = build_index(corpus, tmp_path / "index", jobs=1)
    assert report.indexed == 1 and [(page.file, page.reason) for page in report.skipped] == [("fifo.html", "not a regular file (a fifo)")]


def test_a_link_out_of_the_corpus_is_never_indexed_nor_served(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/usr/sbin/nologin titkosjelszó\n" * 3, encoding="utf-8")
    corpus = _corpus(tmp_path)
    (corpus / "passwd.txt").symlink_to(secret)
    (corpus / "up.html").symlink_to("../secret.txt")
    index = tmp_path / "index"
    report = build_with_report(corpus, index)
    assert sorted((page.file, page.reason) for page in report.skipped) == [
        ("passwd.txt", "a link to a file outside the corpus folder"), ("up.html", "a link to a file outside the corpus folder"),
    ]
    with open_index(index).searcher() as searcher:
        paths = [fields["path"] for fields in searcher.all_stored_fields()]
        assert paths == ["good.html"]
        assert not any("nologin" in str(fields.get("text")) for fields in searcher.all_stored_fields())
    update = update_index(corpus, index)
    assert update.nothing_to_do and {page.file for page in update.skipped} == {"passwd.txt", "up.html"}


def test_a_link_to_a_page_inside_the_corpus_is_followed(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "alias.html").symlink_to("../good.html")
    (corpus / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    report = build_index(corpus, tmp_path / "index", jobs=1)
    assert report.indexed == 2  # the page under its own path and under the link's
    assert [(page.file, page.reason) for page in report.skipped] == [
        ("elsewhere/", "a link to a folder: links to folders are not followed"),
    ]


def test_a_huge_warcio_message_becomes_a_short_printable_reason(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "nul.warc").write_bytes(b"\x00" * 500_000 + b"\r\n")  # warcio's message quotes the whole line
    (corpus / "nul2.warc.gz").write_bytes(b"\x1f\x8b" + b"\x00" * 100_000)
    index = tmp_path / "index"
    report = build_with_report(corpus, index)
    reasons = {page.file: page.reason for page in report.skipped}
    assert set(reasons) == {"nul.warc", "nul2.warc.gz"}
    for reason in reasons.values():
        assert len(reason) <= MAX_REASON_CHARS and reason.isprintable()
    assert (index / "skipped.json").stat().st_size < 4 * MAX_REASON_CHARS * 2


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_cut_archive_reports_its_cut_record(tmp_path: Path, name: str) -> None:
    corpus = _corpus(tmp_path)
    whole = write_warc(corpus / name, sample_pages()).read_bytes()
    (corpus / name).write_bytes(whole[:-200])  # inside the last record's body
    report = build_index(corpus, tmp_path / "index", jobs=1)
    reasons = {page.file: page.reason for page in report.skipped}
    assert "cut short" in reasons[f"{name}#5"] and "cut short" in reasons[name]
    with open_index(tmp_path / "index").searcher() as searcher:
        assert sorted(fields["path"] for fields in searcher.all_stored_fields()) == [f"{name}#1", "good.html"]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_an_archive_cut_inside_a_header_is_reported(tmp_path: Path, name: str) -> None:
    archive = write_warc(tmp_path / name, sample_pages())
    whole = archive.read_bytes()
    gzip = name.endswith(".gz")
    cut = len(whole) - 300 if gzip else whole.rindex(b"WARC-Target-URI")  # inside the last record's WARC headers
    archive.write_bytes(whole[:cut])
    pages: list[RawPage] = []
    with pytest.raises(PageError, match="cut short"):
        pages.extend(read_pages(archive, tmp_path))
    assert pages[0].path == f"{name}#1" and pages[0].failure is None


def test_a_record_for_a_non_http_target_is_listed_as_skipped(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    non_http_record(corpus / "local.warc", "file:///etc/passwd")
    report = build_index(corpus, tmp_path / "index", jobs=1)
    assert [(page.file, page.reason) for page in report.skipped] == [
        ("local.warc#0", "not an HTTP response: the record is for file:///etc/passwd"),
    ]
    assert report.indexed == 1


def _unlistable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """`folder` cannot be listed, as for another user's folder (tests run as root, which chmod does not stop)."""
    scandir = os.scandir

    def refusing(path: object = ".") -> object:
        if Path(str(path)) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refusing)


def test_an_unreadable_folder_is_listed_as_skipped_and_its_pages_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "inner.html").write_text(GOOD_PAGE.replace("Tata", "Pápa"), encoding="utf-8")
    index = tmp_path / "index"
    assert build_with_report(corpus, index).indexed == 2
    _unlistable(monkeypatch, corpus / "sub")
    report = update_index(corpus, index)
    assert [(page.file, page.reason) for page in report.skipped] == [("sub/", "cannot list the folder: Permission denied")]
    assert report.deleted == 0  # not listed is not gone: its pages keep answering
    with open_index(index).searcher() as searcher:
        assert sorted(fields["path"] for fields in searcher.all_stored_fields()) == ["good.html", "sub/inner.html"]
    assert json.loads((index / "skipped.json").read_text(encoding="utf-8"))[0]["file"] == "sub/"
    rebuilt = build_with_report(corpus, index)
    assert rebuilt.indexed == 1 and [page.file for page in rebuilt.skipped] == ["sub/"]


def test_a_huge_reason_an_older_report_kept_is_cut_when_read(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "empty.html").write_text("<html><body><nav>Főoldal</nav></body></html>", encoding="utf-8")
    index = tmp_path / "index"
    build_with_report(corpus, index)
    entries = json.loads((index / "skipped.json").read_text(encoding="utf-8"))
    assert [entry["file"] for entry in entries] == ["empty.html"] and entries[0]["content_hash"]
    entries[0]["reason"] = "\x00" * 1_000_000  # as a report written before reasons were capped
    (index / "skipped.json").write_text(json.dumps(entries), encoding="utf-8")
    report = update_index(corpus, index)
    assert [len(page.reason) <= MAX_REASON_CHARS and page.reason.isprintable() for page in report.skipped] == [True]
    assert (index / "skipped.json").stat().st_size < 2_000
