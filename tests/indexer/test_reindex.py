"""`indexer update`: only changed pages are processed, the index ends up exactly as a fresh build would,
the skipped report follows the corpus, and a SIGKILL at any point loses no page."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh.index import Index

from core.index.document import page_id
from core.index.folder import (
    FORMAT_FILE,
    INDEX_FORMAT,
    SKIPPED_REPORT,
    current_generation,
    index_format,
    open_index,
    write_skipped_report,
)
from indexer.build import BuildReport, build_index, skipped_entries
from indexer.cli import main
from indexer.dedup import DuplicateFinder, decode_fingerprint
from indexer.records import RawPage
from indexer.update import update_index
from search_api.search import SearchRequest, SearchService

ROOT = Path(__file__).parent.parent.parent
SAMPLE = ROOT / "corpus" / "sample"
FRESH_SAMPLES = sorted(p for p in SAMPLE.iterdir() if p.suffix in (".html", ".txt"))[60:]  # not in corpus_dir
BAD_PAGES = {"pages/empty.html", "pages/binary.html", "pages/gallery_no_text.html"}
GOOD_TEXT = "A Zala megyei önkormányzat óvoda felújítása az EFOP program támogatásával valósult meg 2019-ben.\n"


@pytest.fixture()
def live(corpus_dir: Path, built_index: tuple[Path, BuildReport], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the session corpus and of its built index, free to change."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(corpus_dir, corpus)
    shutil.copytree(built_index[0], index, symlinks=True)
    write_skipped_report(index, skipped_entries(corpus, built_index[1].skipped))  # as `indexer build` does
    return corpus, index


def _indexed(index_root: Path) -> dict[str, str]:
    """Path → content hash of every live document."""
    with open_index(index_root).searcher() as searcher:
        stored = [fields for fields in searcher.reader().all_stored_fields()]
    paths = [fields["path"] for fields in stored]
    assert len(paths) == len(set(paths)), "a page is indexed twice"
    return {fields["path"]: fields["content_hash"] for fields in stored}


def _skipped(index_root: Path) -> set[str]:
    return {entry["file"] for entry in json.loads((index_root / SKIPPED_REPORT).read_text(encoding="utf-8"))}


def test_noop_update_processes_nothing(live: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    corpus, index = live
    before = _indexed(index)
    monkeypatch.setattr("indexer.failures.strip_page", _must_not_run)
    assert main(["update", "--corpus", str(corpus), "--index", str(index), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"nothing to do: {len(before)} pages unchanged, {len(BAD_PAGES)} skipped")
    assert _indexed(index) == before


def _must_not_run(raw: RawPage) -> None:
    raise AssertionError(f"{raw.path} was extracted again")


def test_update_applies_new_changed_moved_deleted_and_hostile_pages(
    live: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, index = live
    moved_from = max((corpus / "sample").glob("*.html"))
    for page in FRESH_SAMPLES[:3]:
        shutil.copy(page, corpus / "sample" / page.name)
    changed = sorted((corpus / "sample").glob("*.txt"))[:2]
    for page in changed:
        page.write_text(page.read_text(encoding="utf-8") + "\nKiegészítés: a projekt 2023-ban lezárult.\n", encoding="utf-8")
    deleted = sorted((corpus / "sample").glob("*.html"))[:2]
    for page in deleted:
        page.unlink()
    moved_to = corpus / "moved" / f"renamed_{moved_from.name}"
    moved_to.parent.mkdir()
    moved_from.rename(moved_to)
    (corpus / "pages" / "empty.html").write_text(GOOD_TEXT, encoding="utf-8")  # a bad page, fixed
    (corpus / "hostile").mkdir()
    (corpus / "hostile" / "zeros.html").write_bytes(b"\x00" * 4096)
    (corpus / "hostile" / "blank.txt").write_text("   \n\n", encoding="utf-8")
    (corpus / "sample" / changed[0].name.replace(".txt", "_bad.txt")).write_bytes(b"")
    extracted: list[str] = []
    monkeypatch.setattr("indexer.failures.strip_page", _recording(extracted))

    report = update_index(corpus, index, jobs=1, batch_size=2)

    assert (report.added, report.updated, report.moved, report.deleted) == (4, 2, 1, 2)
    assert f"moved/{moved_to.name}" not in extracted  # reused from its stored fields
    fresh = tmp_path / "fresh"
    build_index(corpus, fresh, jobs=1)
    assert _indexed(index) == _indexed(fresh)
    hostile = {"hostile/zeros.html", "hostile/blank.txt", f"sample/{changed[0].stem}_bad.txt"}
    assert _skipped(index) == (BAD_PAGES - {"pages/empty.html"}) | hostile
    assert {page.file for page in report.skipped} == _skipped(index)


def _recording(calls: list[str]):  # type: ignore[no-untyped-def]
    from indexer.pipeline import strip_page

    def record(raw: RawPage):  # type: ignore[no-untyped-def]
        calls.append(raw.path)
        return strip_page(raw)

    return record


def test_a_page_that_goes_bad_leaves_the_index_and_enters_the_report(live: tuple[Path, Path]) -> None:
    corpus, index = live
    (corpus / "seeds" / "000_9417f235a69b70c3.txt").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    update_index(corpus, index, jobs=1)
    assert "seeds/000_9417f235a69b70c3.txt" not in _indexed(index)
    assert "seeds/000_9417f235a69b70c3.txt" in _skipped(index)


def test_update_without_an_index_builds_one(corpus_dir: Path, built_index: tuple[Path, BuildReport], tmp_path: Path) -> None:
    report = update_index(corpus_dir, tmp_path / "index", jobs=1)
    assert report.rebuilt and report.added == built_index[1].indexed
    assert _skipped(tmp_path / "index") == BAD_PAGES


def test_search_service_sees_an_update_without_restart(live: tuple[Path, Path]) -> None:
    corpus, index = live
    with SearchService(index) as service:
        before = service.search(SearchRequest()).total  # near-duplicates collapsed
        documents = service.document_count()  # every page
        shutil.copy(FRESH_SAMPLES[0], corpus / "sample" / FRESH_SAMPLES[0].name)
        update_index(corpus, index, jobs=1)
        assert service.search(SearchRequest()).total == before + 1
        assert service.document_count() == documents + 1


def _run(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "indexer", *args], cwd=ROOT, text=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _kill_after(process: subprocess.Popen[str], marker: str) -> None:
    """SIGKILL the process as soon as it prints a line starting with `marker` (or has run 60 s)."""
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    for line in process.stderr:
        if line.startswith(marker) or time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()


def _count(index: Index) -> int:
    with index.searcher() as searcher:
        return int(searcher.doc_count())


@pytest.mark.slow
def test_sigkill_during_update_loses_no_page(live: tuple[Path, Path]) -> None:
    corpus, index = live
    start = len(_indexed(index))
    new = FRESH_SAMPLES[3:23]
    for page in new:
        shutil.copy(page, corpus / "sample" / page.name)
    counts = [start]
    for marker in ("found ", "committed 4/", "committed 12/"):  # before any commit, after one, after three
        _kill_after(_run("update", "--corpus", str(corpus), "--index", str(index), "--jobs", "1", "--batch-size", "4"), marker)
        after = _count(open_index(index))  # opens, and holds a whole number of batches
        assert counts[-1] <= after <= start + len(new)
        counts.append(after)
        with SearchService(index) as service:
            assert service.search(SearchRequest(q="projekt")).total > 0
    assert counts[1] == start
    assert counts[2] > start
    update_index(corpus, index, jobs=1)
    assert len(_indexed(index)) == start + len(new)


@pytest.mark.slow
def test_sigkill_during_build_keeps_the_old_index_serving(live: tuple[Path, Path]) -> None:
    corpus, index = live
    serving = current_generation(index)
    before = _indexed(index)
    build = _run("build", "--corpus", str(corpus), "--index", str(index), "--jobs", "1")
    deadline = time.monotonic() + 30
    while len(list(index.glob("gen-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert build.stderr is not None
    build.stderr.close()
    half_built = [folder for folder in index.glob("gen-*") if folder != serving]
    assert half_built, "the build was killed before it created its generation"
    assert current_generation(index) == serving and _indexed(index) == before
    update_index(corpus, index, jobs=1)
    assert [folder for folder in index.glob("gen-*")] == [serving]


def test_update_follows_a_warc_archive_record_by_record(tmp_path: Path) -> None:
    from warcs import UTF8_PAGE, sample_pages, write_warc

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    archive = write_warc(corpus / "crawl.warc.gz", sample_pages())
    build_index(corpus, index)
    assert set(_indexed(index)) == {"crawl.warc.gz#1", "crawl.warc.gz#5"}
    unchanged_hash = _indexed(index)["crawl.warc.gz#1"]

    changed = [*sample_pages()[:2], ("https://www.zsambek.hu/ovoda", "text/html",
                                      UTF8_PAGE.replace("két új csoportszobával", "három új csoportszobával").encode())]
    write_warc(archive, changed)
    report = update_index(corpus, index, jobs=1)
    assert (report.updated, report.unchanged) == (1, 1)
    assert _indexed(index)["crawl.warc.gz#1"] == unchanged_hash
    with open_index(index).searcher() as searcher:
        text = searcher.document(path="crawl.warc.gz#5")["text"]
    assert "három új csoportszobával" in text

    archive.unlink()
    report = update_index(corpus, index, jobs=1)
    assert report.deleted == 2 and _indexed(index) == {}


def test_update_reuses_the_build_s_templates_and_groups_a_new_copy(tmp_path: Path) -> None:
    from warcs import UTF8_PAGE

    from indexer.cleaning.site_templates import TEMPLATES_FILE

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.html").write_text(UTF8_PAGE, encoding="utf-8")
    build_index(corpus, index)
    generation = current_generation(index)
    assert generation is not None
    (generation / TEMPLATES_FILE).unlink()  # an index built before templates were kept must still update
    (corpus / "b.html").write_text(UTF8_PAGE.replace("Óvodabővítés Zsámbékon", "Két új csoportszoba"), encoding="utf-8")
    report = update_index(corpus, index, jobs=1)
    assert report.added == 1 and (generation / TEMPLATES_FILE).is_file()
    with open_index(index).searcher() as searcher:
        groups = {fields["path"]: fields["duplicate_group"] for fields in searcher.reader().all_stored_fields()}
        first = searcher.document(path="a.html")["id"]
    assert groups == {"a.html": first, "b.html": first}


def test_a_page_edited_again_and_again_never_becomes_its_own_template(tmp_path: Path) -> None:
    from warcs import UTF8_PAGE

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    page = corpus / "a.html"
    page.write_text(UTF8_PAGE, encoding="utf-8")
    build_index(corpus, index)
    for edit in range(6):  # only the number in the headline changes: the body recurs every time
        page.write_text(UTF8_PAGE.replace("Zsámbékon</h1>", f"Zsámbékon {edit}</h1>"), encoding="utf-8")
        assert update_index(corpus, index, jobs=1).updated == 1
    with open_index(index).searcher() as searcher:
        text = searcher.document(path="a.html")["text"]
    assert "tornaszoba, fejlesztő szoba és akadálymentes mosdó" in text


def test_update_of_an_index_from_another_version_rebuilds_it(live: tuple[Path, Path]) -> None:
    """An index written with other fields (an older release) cannot take this version's documents."""
    corpus, index = live
    before = len(_indexed(index))
    writer = open_index(index).writer()
    writer.remove_field("signature")  # as an index from before near-duplicate fingerprints
    writer.commit()
    report = update_index(corpus, index, jobs=1)
    assert report.rebuilt and "another version" in (report.rebuilt_because or "")
    assert "signature" in open_index(index).schema.names()
    assert len(_indexed(index)) == before


def _groups(index_root: Path) -> dict[str, str]:
    with open_index(index_root).searcher() as searcher:
        return {fields["path"]: fields["duplicate_group"] for fields in searcher.reader().all_stored_fields()}


def _one_by_one(cls: type[DuplicateFinder], pages: list[tuple[str, str, str]]) -> DuplicateFinder:
    """The indexed pages added to the finder one at a time, as every update did before `with_indexed`."""
    finder = cls()
    for key, encoded, group in pages:
        finder.add(key, decode_fingerprint(encoded), group=group)
    return finder


def test_an_update_groups_new_and_changed_copies_as_the_page_by_page_finder_did(
    live: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, index = live
    reference = tmp_path / "reference"
    shutil.copytree(index, reference, symlinks=True)
    samples = sorted(page for page in (corpus / "sample").glob("*.html") if b"</body>" in page.read_bytes())
    added = b"<p>A projekt zarorendezvenyet a helyi kozossegi hazban tartottak meg nagy erdeklodes mellett.</p></body>"
    (corpus / "new").mkdir()
    for number, page in enumerate(samples[:30]):  # copies with a paragraph more: they join the original's group
        (corpus / "new" / f"copy_{number}.html").write_bytes(page.read_bytes().replace(b"</body>", added, 1))
    for page in samples[30:40]:  # changed in place: its id comes back to the finder
        page.write_bytes(page.read_bytes() + b"\n<!-- javitva -->\n")
    groups = []
    for step in ("copies", "copies of the copies"):
        if step == "copies of the copies":  # the same text as a copy: it joins the copy's group, from the index
            for number in range(30):
                copy = corpus / "new" / f"copy_{number}.html"
                (corpus / "new" / f"copy_{number}_again.html").write_bytes(copy.read_bytes() + b"\n<!-- masolat -->\n")
        report = update_index(corpus, index, jobs=1)
        with monkeypatch.context() as patched:
            patched.setattr(DuplicateFinder, "with_indexed", classmethod(_one_by_one))
            update_index(corpus, reference, jobs=1)
        assert report.added == 30
        groups.append(_groups(index))
        assert groups[-1] == _groups(reference)
    first, second = groups
    joined = [path for path in first if path.startswith("new/") and first[path] != page_id(path)]
    assert len(joined) >= 10
    assert all(second[path.replace(".html", "_again.html")] == first[path] for path in joined)


def _must_not_build(signed: object) -> None:
    raise AssertionError("the duplicate finder was built for an update without new or changed pages")


def test_an_update_that_only_moves_and_deletes_does_not_build_the_duplicate_finder(
    live: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, index = live
    pages = sorted((corpus / "sample").glob("*.html"))
    pages[0].unlink()
    pages[1].rename(corpus / "sample" / f"moved_{pages[1].name}")
    monkeypatch.setattr("indexer.update.indexed_duplicates", _must_not_build)
    report = update_index(corpus, index, jobs=1)
    assert (report.deleted, report.moved, report.added) == (1, 1, 0)


def _must_not_load(index_root: Path) -> int:
    raise AssertionError("the word forms were loaded for an update that extracts nothing")


def test_an_update_that_extracts_nothing_leaves_the_word_forms_alone(
    live: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.analysis.formcache import FORMS_FILE

    corpus, index = live
    forms = (index / FORMS_FILE).read_bytes()
    sorted((corpus / "sample").glob("*.html"))[0].unlink()
    monkeypatch.setattr("indexer.update.load_word_forms", _must_not_load)
    assert update_index(corpus, index, jobs=1).deleted == 1
    assert (index / FORMS_FILE).read_bytes() == forms


def test_an_index_of_an_older_format_is_rebuilt_by_the_next_update(live: tuple[Path, Path]) -> None:
    """An index written before formats were marked (or by a version whose terms differ) is rebuilt,
    not updated: its pages' terms are not the ones this version would search for."""
    corpus, index = live
    generation = current_generation(index)
    assert generation is not None and index_format(index) == INDEX_FORMAT
    (generation / FORMAT_FILE).unlink()
    assert index_format(index) is None
    report = update_index(corpus, index, jobs=1)
    assert report.rebuilt and report.rebuilt_because is not None and "terms differ" in report.rebuilt_because
    assert index_format(index) == INDEX_FORMAT
    assert update_index(corpus, index, jobs=1).rebuilt is False


def test_a_schema_pickled_under_the_old_module_names_loads() -> None:
    """Indexes built before the layout moved the analyzers name `indexer.analysis` and
    `indexer.schema` in their pickled schema; opening one must still find the classes."""
    import pickle

    from core.index.schema import build_schema
    from core.whoosh_ext.old_names import accept_old_module_names

    pickled = pickle.dumps(build_schema(), 0)
    assert b"core.analysis.chain" in pickled and b"core.index.schema" in pickled
    old = pickled.replace(b"core.analysis.chain", b"indexer.analysis").replace(b"core.index.schema", b"indexer.schema")
    accept_old_module_names()
    schema = pickle.loads(old)
    assert set(schema.names()) == set(build_schema().names())
    assert [token.text for token in schema["body"].analyzer("Óvodák felújítása")][:2] == [
        token.text for token in build_schema()["body"].analyzer("Óvodák felújítása")
    ][:2]
