"""The live index on disk: finding it and opening it while another process commits."""
from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from core.index import folder as write
from core.index.errors import IndexMissingError
from core.index.folder import create_generation, current_generation, open_index, publish_generation


def _published(root: Path) -> Path:
    folder, index = create_generation(root)
    writer = index.writer()
    writer.add_document(id="doc1", path="doc1.html", title="Óvoda", text="Óvoda felújítása", body="óvoda")
    writer.commit()
    publish_generation(root, folder)
    return folder


def test_current_generation_is_the_published_folder_and_none_before_a_commit(tmp_path: Path) -> None:
    assert current_generation(tmp_path) is None
    folder = _published(tmp_path)
    assert current_generation(tmp_path) == folder.resolve()
    for toc in folder.glob("_MAIN_*.toc"):
        toc.unlink()
    assert current_generation(tmp_path) is None
    with pytest.raises(IndexMissingError):
        open_index(tmp_path)


def test_current_generation_reads_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A commit deletes the previous TOC: looking for the index must not open one (it did, via exists_in)."""
    _published(tmp_path)

    def vanished(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError("_MAIN_1.toc")

    monkeypatch.setattr(whoosh_index, "open_dir", vanished)
    monkeypatch.setattr(whoosh_index, "exists_in", vanished)
    monkeypatch.setattr(FileStorage, "open_index", vanished)
    assert current_generation(tmp_path) is not None


def test_open_index_retries_a_file_a_commit_deleted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _published(tmp_path)
    real_open = FileStorage.open_index
    failures = iter([FileNotFoundError("_MAIN_1.toc"), FileNotFoundError("_MAIN_2.toc")])
    calls: list[str] = []

    def open_after_commits(storage: FileStorage, *args: object, **kwargs: object) -> whoosh_index.Index:
        calls.append(storage.folder)
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return real_open(storage, *args, **kwargs)

    monkeypatch.setattr(FileStorage, "open_index", open_after_commits)
    monkeypatch.setattr(write.time, "sleep", lambda seconds: None)
    assert open_index(tmp_path).doc_count() == 1
    assert len(calls) == 3


def test_open_index_gives_up_on_a_file_that_stays_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _published(tmp_path)
    calls: list[str] = []

    def always_missing(storage: FileStorage, *args: object, **kwargs: object) -> None:
        calls.append(storage.folder)
        raise FileNotFoundError("_MAIN_1.toc")

    monkeypatch.setattr(FileStorage, "open_index", always_missing)
    monkeypatch.setattr(write.time, "sleep", lambda seconds: None)
    with pytest.raises(FileNotFoundError):
        open_index(tmp_path)
    assert len(calls) == write.OPEN_ATTEMPTS
