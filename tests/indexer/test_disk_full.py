"""A full disk (ENOSPC) gives one error line naming the folder and the space a run needs, and leaves
nothing behind: no half-built generation, no segment files of the failed commit in the live one."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from core.index.folder import current_generation
from indexer import build
from indexer.cli import main

PAGE = "<html><body><p>Az önkormányzat {n}. projektje a települési óvoda felújítása volt, uniós támogatással.</p></body></html>"


def _corpus(tmp_path: Path, pages: int) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for number in range(pages):
        (corpus / f"page{number:02}.html").write_text(PAGE.format(n=number), encoding="utf-8")
    return corpus


def _disk_full(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_build_on_a_full_disk_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, index = _corpus(tmp_path, 5), tmp_path / "index"
    monkeypatch.setattr(build, "save_templates", _disk_full)
    assert main(["build", "--corpus", str(corpus), "--index", str(index), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: cannot write the index in {index}: No space left on device; ")
    assert "MB free there, a run needs about 2.5 times the corpus's size" in err
    assert not list(index.glob("gen-*"))


def test_a_failed_update_commit_leaves_no_files_in_the_live_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, index = _corpus(tmp_path, 5), tmp_path / "index"
    assert main(["build", "--corpus", str(corpus), "--index", str(index), "--jobs", "1"]) == 0
    generation = current_generation(index)
    assert generation is not None
    files_before = sorted(os.listdir(generation))
    _corpus(tmp_path, 9)  # four new pages: the update writes a segment, then its commit fails
    monkeypatch.setattr(SegmentWriter, "_commit_toc", _disk_full)
    capsys.readouterr()
    assert main(["update", "--corpus", str(corpus), "--index", str(index)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith(f"error: cannot write the index in {index}: No space left on device; ")
    assert "a run needs about the live index's size" in err and "Traceback" not in err
    assert sorted(os.listdir(generation)) == files_before
    monkeypatch.undo()
    assert main(["update", "--corpus", str(corpus), "--index", str(index)]) == 0
    assert "added 4" in capsys.readouterr().out
