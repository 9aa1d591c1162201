"""Settings from the environment: the number of workers, and the round trip that carries settings to worker processes."""
from __future__ import annotations

from pathlib import Path

import pytest

from search_api.settings import MAX_DEFAULT_WORKERS, ApiSettings, default_workers


def test_default_workers_is_one_per_core_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert default_workers() == 2
    monkeypatch.setattr("os.cpu_count", lambda: 64)
    assert default_workers() == MAX_DEFAULT_WORKERS
    monkeypatch.setattr("os.cpu_count", lambda: None)
    assert default_workers() == 1


def test_workers_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROJEKTKERESO_WORKERS", "3")
    assert ApiSettings.from_environment().workers == 3


@pytest.mark.parametrize("value", ["0", "-1", "two", ""])
def test_a_bad_worker_count_stops_start_up_naming_it(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("PROJEKTKERESO_WORKERS", value)
    with pytest.raises(SystemExit, match="PROJEKTKERESO_WORKERS"):
        ApiSettings.from_environment()


@pytest.mark.parametrize("token", ["s3cret-admin-token-1", None])
def test_settings_survive_the_trip_through_the_environment(monkeypatch: pytest.MonkeyPatch, token: str | None) -> None:
    settings = ApiSettings(
        index=Path("/srv/index"), host="0.0.0.0", port=8123, corpus=Path("/srv/corpus"),
        admin_token=token, query_budget_s=0.75, workers=3,
    )
    monkeypatch.delenv("PROJEKTKERESO_ADMIN_TOKEN", raising=False)
    for name, value in settings.environment().items():
        monkeypatch.setenv(name, value)
    assert ApiSettings.from_environment() == settings


@pytest.mark.parametrize("token", ["s3cret", "x" * 15])
def test_a_short_admin_token_stops_start_up(monkeypatch: pytest.MonkeyPatch, token: str) -> None:
    monkeypatch.setenv("PROJEKTKERESO_ADMIN_TOKEN", token)
    with pytest.raises(SystemExit, match=f"PROJEKTKERESO_ADMIN_TOKEN must be at least 16 characters \\(it has {len(token)}\\)"):
        ApiSettings.from_environment()


def test_an_admin_token_of_16_characters_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROJEKTKERESO_ADMIN_TOKEN", "x" * 16)
    assert ApiSettings.from_environment().admin_token == "x" * 16
