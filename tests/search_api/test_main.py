"""`python -m search_api --build-if-missing`: the README's first command builds like `indexer build`."""
from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import pytest

from search_api import __main__ as entry
from search_api.settings import ApiSettings

PAGE = "Óvoda felújítása Kőszegen\n\nA város óvodájának felújítása a megyei tervek szerint 2021-ben kezdődött, uniós támogatással.\n"


def test_build_if_missing_builds_with_the_skipped_report_then_serves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ovoda.txt").write_text(PAGE, encoding="utf-8")
    (corpus / "empty.html").write_bytes(b"")
    served: list[ApiSettings] = []
    monkeypatch.setattr(entry, "serve", served.append)
    with socket.socket() as probe:  # a free port: a service the user runs on the default one must not fail the test
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(sys, "argv", [
        "search_api", "--index", str(tmp_path / "index"), "--port", str(port), "--build-if-missing", str(corpus),
    ])
    assert entry.main() == 0
    assert [settings.index for settings in served] == [tmp_path / "index"]
    skipped = json.loads((tmp_path / "index" / "skipped.json").read_text(encoding="utf-8"))
    assert [entry_["file"] for entry_ in skipped] == ["empty.html"]
    assert (tmp_path / "index" / "word_forms.marshal").exists()


def test_a_busy_port_stops_before_any_build_with_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[ApiSettings] = []
    monkeypatch.setattr(entry, "serve", served.append)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        monkeypatch.setattr(sys, "argv", [
            "search_api", "--index", str(tmp_path / "index"), "--host", "127.0.0.1", "--port", str(port),
            "--build-if-missing", str(tmp_path / "corpus"),
        ])
        with pytest.raises(SystemExit) as stopped:
            entry.main()
    message = str(stopped.value.code)
    assert f"127.0.0.1:{port}" in message and "in use" in message and f"--port {port + 1}" in message, message
    assert not served and not (tmp_path / "index").exists()
