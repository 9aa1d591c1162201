"""Shared fixtures: a small real corpus (seeds, hand-made pages, some sample pages) and its index."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.build import BuildReport, build_index
from search_api.http.app import create_app
from search_api.settings import ApiSettings

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
PAGES = FIXTURES / "pages"
SAMPLE = Path(__file__).parent.parent / "corpus" / "sample"
SAMPLE_PAGES = 60


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, corpus / "seeds")
    shutil.copytree(PAGES, corpus / "pages")
    sample = corpus / "sample"
    sample.mkdir()
    for page in sorted(p for p in SAMPLE.iterdir() if p.suffix in (".html", ".txt"))[:SAMPLE_PAGES]:
        shutil.copy(page, sample / page.name)
    return corpus


@pytest.fixture(scope="session")
def built_index(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    index = tmp_path_factory.mktemp("index")
    report = build_index(corpus_dir, index, jobs=1)
    return index, report


@pytest.fixture(scope="session")
def client(built_index: tuple[Path, BuildReport]) -> Iterator[TestClient]:
    index, _ = built_index
    with TestClient(create_app(ApiSettings(index=index))) as test_client:
        yield test_client
