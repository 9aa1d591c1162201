"""Word forms kept beside the index: written by a build, used by the next run, ignored when stale."""
from __future__ import annotations

import marshal
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.analysis import formcache
from core.analysis.chain import analyze_line, forget_word_forms, known_word_forms
from core.analysis.formcache import FORMS_FILE, fingerprint, load_word_forms, save_word_forms
from core.index.folder import open_index
from indexer.build import build_index
from indexer.update import update_index

PAGE = (
    "Óvodafejlesztés Kőszegen\n\nAz önkormányzatoknak szóló pályázaton a város {n}. óvodájának "
    "felújítására nyert támogatást; a munkák a megyei tervek szerint 2021-ben kezdődtek.\n"
)


@pytest.fixture(autouse=True)
def empty_table() -> Iterator[None]:
    forget_word_forms()
    yield
    forget_word_forms()


def _corpus(folder: Path, count: int, start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(start, start + count):
        (folder / f"p{number}.txt").write_text(PAGE.format(n=number), encoding="utf-8")
    return folder


def _body_terms(index_root: Path) -> set[str]:
    with open_index(index_root).searcher() as searcher:
        return {term.decode() for field, term in searcher.reader().all_terms() if field == "body"}


def test_saved_forms_come_back_in_a_fresh_process_table(tmp_path: Path) -> None:
    expected = analyze_line("önkormányzatoknak megyei pályázaton")
    forms = dict(known_word_forms())
    assert save_word_forms(tmp_path) == len(forms) > 0
    forget_word_forms()
    assert load_word_forms(tmp_path) == len(forms)
    assert dict(known_word_forms()) == forms
    assert analyze_line("önkormányzatoknak megyei pályázaton") == expected


@pytest.mark.parametrize(
    "content",
    [b"", b"not marshal data", marshal.dumps([1, 2, 3]), marshal.dumps({"fingerprint": "another analysis", "forms": {"a": ()}})],
    ids=["empty", "garbage", "not a table", "stale fingerprint"],
)
def test_an_unusable_file_is_ignored(tmp_path: Path, content: bytes) -> None:
    (tmp_path / FORMS_FILE).write_bytes(content)
    assert load_word_forms(tmp_path) == 0
    assert len(known_word_forms()) == 0


def test_the_build_keeps_its_forms_and_the_next_build_indexes_the_same_terms(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 3)
    build_index(corpus, tmp_path / "index")
    assert (tmp_path / "index" / FORMS_FILE).exists()
    first = _body_terms(tmp_path / "index")
    forget_word_forms()
    build_index(corpus, tmp_path / "index")  # a rebuild that starts from the kept table
    assert _body_terms(tmp_path / "index") == first


def test_an_update_uses_the_kept_forms_and_adds_the_new_words(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 2)
    index_root = tmp_path / "index"
    build_index(corpus, index_root)
    # Mark one word's kept forms, so that the update's terms show where they came from.
    kept = marshal.loads((index_root / FORMS_FILE).read_bytes())
    assert kept["fingerprint"] == fingerprint()
    kept["forms"]["óvodájának"] = (("kept-between-runs", 1.0),)
    (index_root / FORMS_FILE).write_bytes(marshal.dumps(kept))
    forget_word_forms()
    new_page = PAGE.format(n=9) + "\nA második ütemben új kerékpárút épül az óvoda udvara mellett, a város támogatásával.\n"
    (corpus / "new.txt").write_text(new_page, encoding="utf-8")
    report = update_index(corpus, index_root)
    assert report.added == 1
    assert "kept-between-runs" in _body_terms(index_root)
    again = marshal.loads((index_root / FORMS_FILE).read_bytes())["forms"]
    assert "kerékpárút" in again and again["óvodájának"] == (("kept-between-runs", 1.0),)


def test_the_fingerprint_follows_the_analysis_code(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    changed = tmp_path / "stemming.py"
    changed.write_text("# another stemmer\n", encoding="utf-8")
    before = fingerprint()
    monkeypatch.setattr(formcache, "_SOURCES", (*formcache._SOURCES[:1], changed, *formcache._SOURCES[2:]))
    assert fingerprint() != before
