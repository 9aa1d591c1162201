"""Generated requests against the OpenAPI spec, in-process: no server error, responses as documented.

Schemathesis draws valid and invalid parameter values from each operation's schema (≥ 1,000 requests
in all); every answer must be below 500 and match its documented response schema.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from indexer.build import BuildReport
from search_api.http.app import create_app
from search_api.settings import ApiSettings

RUNS = [
    ("/search", GenerationMode.POSITIVE, 650),
    ("/search", GenerationMode.NEGATIVE, 200),
    ("/documents/{doc_id}", GenerationMode.POSITIVE, 100),
    ("/documents/{doc_id}/similar", GenerationMode.POSITIVE, 100),
    ("/health", GenerationMode.POSITIVE, 10),
]
requests_made: list[str] = []


@pytest.fixture(scope="module")
def app(built_index: tuple[Path, BuildReport]) -> Iterator[FastAPI]:
    application = create_app(ApiSettings(index=built_index[0]))
    with TestClient(application):  # runs the lifespan, which opens the index
        yield application


@pytest.mark.parametrize(("path", "mode", "examples"), RUNS, ids=[f"{path} {mode.value}" for path, mode, _ in RUNS])
def test_generated_requests_get_no_server_error(app: FastAPI, path: str, mode: GenerationMode, examples: int) -> None:
    operation = schemathesis.openapi.from_asgi("/openapi.json", app)[path]["GET"]

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def request(case: schemathesis.Case) -> None:
        response = case.call()
        requests_made.append(path)
        assert response.status_code < 500, (case.as_curl_command(), response.text)
        case.validate_response(response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance])

    before = len(requests_made)
    request()
    made = len(requests_made) - before
    print(path, mode, made)
    # Every run but /health (no parameters: one possible request) makes all its examples, so the
    # runs add up to ≥ 1,000 requests.
    assert made >= examples or path == "/health", f"only {made} of {examples} requests generated"
