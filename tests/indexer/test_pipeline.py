"""The two-pass build: WARC records become documents, templates are learned and kept, copies grouped."""
from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcs import UTF8_PAGE, sample_pages, truncate_gzip_member, write_warc

from core.index.folder import current_generation, open_index
from indexer import workers
from indexer.build import build_index
from indexer.cleaning.site_templates import TEMPLATES_FILE, load_templates

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _stored(index: Path) -> dict[str, dict[str, object]]:
    with open_index(index).searcher() as searcher:
        return {str(fields["path"]): dict(fields) for fields in searcher.reader().all_stored_fields()}


@pytest.fixture()
def warc_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "crawl").mkdir(parents=True)
    write_warc(corpus / "crawl" / "site.warc.gz", sample_pages())
    shutil.copy(FIXTURES / "pages" / "ovoda_cp1250.html", corpus / "ovoda.html")
    return corpus


def test_warc_records_are_indexed_with_their_url_and_header_charset(warc_corpus: Path, tmp_path: Path) -> None:
    report = build_index(warc_corpus, tmp_path / "index")
    stored = _stored(tmp_path / "index")
    assert report.indexed == 3 and not report.skipped
    record = stored["crawl/site.warc.gz#1"]
    assert record["url"] == "https://www.oriszentpeter.hu/hirek/kerekparut"
    assert record["title"] == "Kerékpárút épül Őriszentpéteren"
    assert "négy kilométer hosszú kerékpárutat épít" in str(record["text"])
    assert "Városszer 106" not in str(record["text"])


def test_a_broken_archive_is_reported_and_its_earlier_pages_kept(warc_corpus: Path, tmp_path: Path) -> None:
    truncate_gzip_member(warc_corpus / "crawl" / "site.warc.gz", keep_members=4)
    report = build_index(warc_corpus, tmp_path / "index")
    assert "crawl/site.warc.gz#1" in _stored(tmp_path / "index")
    assert [page.file for page in report.skipped] == ["crawl/site.warc.gz"]
    assert "not a readable WARC archive" in report.skipped[0].reason


def test_the_build_keeps_what_it_learned_beside_the_index(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(6):
        (corpus / f"p{number}.txt").write_text(
            f"Hír {number}: fejlesztés Kőszegen\n\nA {number}. tájékoztató szövege a fejlesztés részleteiről, "
            f"amelyet a {number + 3}. számú közlemény is ismertet.\n\nKőszegi Hírportál szerkesztősége\n\n"
            "Impresszum és adatvédelem\n\nMinden jog fenntartva a kiadónak\n",
            encoding="utf-8",
        )
    build_index(corpus, tmp_path / "index")
    generation = current_generation(tmp_path / "index")
    assert generation is not None and (generation / TEMPLATES_FILE).is_file()
    assert load_templates(generation).pages == 6
    texts = [str(fields["text"]) for fields in _stored(tmp_path / "index").values()]
    assert all("Kőszegi Hírportál szerkesztősége" not in text for text in texts)
    assert all("tájékoztató szövege" in text for text in texts)


def test_copies_of_a_page_share_the_first_copy_s_group(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    copy = UTF8_PAGE.replace("<h1>Óvodabővítés Zsámbékon</h1>", "<h1>Bővült a zsámbéki óvoda</h1>")
    (corpus / "a.html").write_text(UTF8_PAGE, encoding="utf-8")
    (corpus / "b.html").write_text(copy + "<p>Forrás: zsambek.hu</p>", encoding="utf-8")
    shutil.copy(FIXTURES / "pages" / "ovoda_cp1250.html", corpus / "c.html")
    build_index(corpus, tmp_path / "index")
    stored = _stored(tmp_path / "index")
    assert stored["b.html"]["duplicate_group"] == stored["a.html"]["duplicate_group"] == stored["a.html"]["id"]
    assert stored["c.html"]["duplicate_group"] == stored["c.html"]["id"]


def test_worker_pool_answers_in_order_and_stays_a_bounded_way_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer may be slower than the workers: their finished pages must not pile up in memory."""
    monkeypatch.setattr(workers, "AHEAD", 40)
    pulled: list[int] = []

    def numbers() -> Iterator[int]:
        for number in range(-2000, 0):
            pulled.append(number)
            yield number

    results = workers.pool_map(abs, numbers(), jobs=2)
    assert next(results) == 2000
    time.sleep(0.5)  # time for the workers to run ahead, if they could
    assert len(pulled) <= 40 + workers.CHUNK  # what is out, and the chunk sent as the first came back
    assert list(results) == list(range(1999, 0, -1))


def test_a_worker_pool_left_early_shuts_down() -> None:
    results = workers.pool_map(abs, iter(range(100_000)), jobs=2)
    assert [next(results) for _ in range(3)] == [0, 1, 2]
    closer = threading.Thread(target=results.close)
    closer.start()
    closer.join(timeout=20)
    assert not closer.is_alive()


def test_a_worker_pool_never_closed_lets_the_process_exit(tmp_path: Path) -> None:
    """An exception's traceback can keep the generator alive until the interpreter exits."""
    script = "from indexer import workers\nresults = workers.pool_map(abs, iter(range(10**6)), jobs=2)\nnext(results)\n"
    finished = subprocess.run([sys.executable, "-c", script], cwd=Path(workers.__file__).parent.parent, timeout=60)
    assert finished.returncode == 0


def test_the_words_are_stemmed_once_before_the_write_and_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Forked writers find every word stemmed (none stems cold), and the kept forms hold them all."""
    from core.analysis import chain as analysis
    from core.analysis.formcache import FORMS_FILE

    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "pages", corpus)
    for number in range(70):  # enough pages for the worker pools
        (corpus / f"p{number:02}.txt").write_text(
            f"Hír {number}: a {number}. önkormányzati pályázat{'ok' * (number % 3)} eredményei Zsámbékon\n\n"
            f"A fejlesztés{number} részleteit a közlemény{number} ismerteti.\n",
            encoding="utf-8",
        )
    analysis.forget_word_forms()
    stemmed: list[str] = []
    original = analysis._analysed_forms

    def counting(word: str) -> tuple[tuple[str, float], ...]:
        stemmed.append(word)
        return original(word)

    monkeypatch.setattr(analysis, "_analysed_forms", counting)
    monkeypatch.setattr(workers, "STEM_CHUNK", 16)  # enough chunks to stem on two processes
    build_index(corpus, tmp_path / "index", jobs=2)
    with open_index(tmp_path / "index").searcher() as searcher:
        texts = [f"{fields['title']}\n{fields['text']}" for fields in searcher.reader().all_stored_fields()
                 if fields["language"] != "en"]
    words = set().union(*(analysis.new_words(text, seen=set()) for text in texts))
    assert {"fejlesztés7", "közlemény69", "pályázatok"} <= words
    assert words <= set(analysis.known_word_forms())  # what the writers forked with
    assert not stemmed  # this process stemmed nothing itself: the stemming workers did
    kept = (tmp_path / "index" / FORMS_FILE).read_bytes()
    assert all(word.encode() in kept for word in ("fejlesztés7", "közlemény69"))


def test_words_stemmed_on_two_processes_are_those_stemmed_here(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.analysis import chain as analysis

    suffixes = ("", "ok", "oknak", "ban", "ra", "ról", "tól", "hoz")
    words = {f"pályázat{suffix}" for suffix in suffixes} | {"megyei", "óvodák"}
    analysis.forget_word_forms()
    monkeypatch.setattr(workers, "STEM_CHUNK", 2)
    try:
        workers.stem_words(words, jobs=2)
        parallel = dict(analysis.known_word_forms())
        analysis.forget_word_forms()
        assert parallel == analysis.word_forms(words)
    finally:
        analysis.forget_word_forms()


def test_the_build_report_counts_pages_chosen_by_prose_density(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "layouts" / "widget_blocks.html", corpus / "widgets.html")
    shutil.copy(FIXTURES / "layouts" / "webforms.html", corpus / "webforms.html")
    report = build_index(corpus, tmp_path / "index")
    assert report.indexed == 2 and report.density_fallbacks == 1
    assert report.second_opinions == 1  # the same page: no prose block stood for it, trafilatura chose
