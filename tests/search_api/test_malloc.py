"""The API caps glibc's malloc arenas before its request threads start, unless the user set them."""
from __future__ import annotations

import platform
import sys

import pytest

from search_api.http import app as app_module
from search_api.http import malloc

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


def test_caps_the_arenas_where_malloc_is_glibcs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert malloc.limit_malloc_arenas() is GLIBC


def test_leaves_a_users_setting_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    assert malloc.limit_malloc_arenas() is False


def test_every_app_caps_them_when_it_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(app_module, "limit_malloc_arenas", lambda: calls.append(1) or True)
    app_module.create_app()
    assert calls == [1]
