"""The writer lock: one writer at a time, a clear message for the second, no stale lock after a crash."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from core.index.errors import IndexLockedError
from core.index.folder import open_writer
from core.index.lock import LOCK_FILE, writer_lock
from core.index.schema import build_schema
from indexer.cli import main


def test_second_writer_is_refused_with_holder_and_start_time(tmp_path: Path) -> None:
    with writer_lock(tmp_path):
        label = json.loads((tmp_path / LOCK_FILE).read_text(encoding="utf-8"))
        with pytest.raises(IndexLockedError, match="another update is running since") as refused, writer_lock(tmp_path):
            pass
    assert refused.value.since == label["started"]
    assert f"pid {os.getpid()}" in str(refused.value)
    assert not (tmp_path / LOCK_FILE).exists()


def test_lock_is_free_again_after_release(tmp_path: Path) -> None:
    with writer_lock(tmp_path):
        pass
    with writer_lock(tmp_path):
        assert (tmp_path / LOCK_FILE).exists()


def test_lock_of_a_killed_writer_is_taken_over(tmp_path: Path) -> None:
    script = (
        "import time; from pathlib import Path; from core.index.lock import writer_lock\n"
        f"with writer_lock(Path({str(tmp_path)!r})):\n    print('held', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    with pytest.raises(IndexLockedError), writer_lock(tmp_path):
        pass
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    assert json.loads((tmp_path / LOCK_FILE).read_text(encoding="utf-8"))["pid"] == holder.pid  # left behind
    with writer_lock(tmp_path):
        assert json.loads((tmp_path / LOCK_FILE).read_text(encoding="utf-8"))["pid"] == os.getpid()


def test_update_and_build_report_a_held_lock(capsys: pytest.CaptureFixture[str], corpus_dir: Path, tmp_path: Path) -> None:
    with writer_lock(tmp_path / "index"):
        for command in ("update", "build"):
            assert main([command, "--corpus", str(corpus_dir), "--index", str(tmp_path / "index")]) == 2
            assert "error: another update is running since" in capsys.readouterr().err


def test_whoosh_lock_error_becomes_index_locked_error(tmp_path: Path) -> None:
    index = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = open_writer(index)
    try:
        with pytest.raises(IndexLockedError, match="a Whoosh writer"):
            open_writer(index)
    finally:
        writer.cancel()
