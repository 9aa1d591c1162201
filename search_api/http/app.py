"""HTTP routes: wiring of parse → search → facet → highlight, and the one error shape."""
from __future__ import annotations

import time
import unicodedata
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.index.document import document_from_stored
from search_api.errors import BadRequestError, SearchError
from search_api.http.admin import admin_router
from search_api.http.malloc import limit_malloc_arenas
from search_api.http.models import (
    DocumentResponse,
    ErrorResponse,
    FacetValue,
    HealthResponse,
    SearchResponse,
    SimilarResponse,
    document_response,
)
from search_api.http.server_errors import ServerErrorAsJson
from search_api.http.web import add_web_page
from search_api.query.parse import __doc__ as QUERY_LANGUAGE
from search_api.search import FACET_FILTER_FIELDS, MAX_RESULTS_WINDOW, SearchRequest, SearchService
from search_api.settings import ApiSettings

MAX_BUDGET = 10**15  # HUF; the budget field is a 64-bit number, a larger bound would overflow it
HTTP_ERROR_CODES = {404: "not_found", 405: "method_not_allowed"}
ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorResponse, "description": "bad parameter or query syntax"},
    503: {"model": ErrorResponse, "description": "no index built yet"},
}


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    settings = settings or ApiSettings.from_environment()
    limit_malloc_arenas()  # before uvicorn starts the threads that answer requests

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Each lifespan closes the service it opened, even if another lifespan of the same app
        # (a test client inside another) replaced it in the state meanwhile.
        service = app.state.service = SearchService(settings.index, budget_s=settings.query_budget_s)
        service.warm()
        yield
        service.close()

    app = FastAPI(
        title="Projektkereső",
        description="Full-text search over Hungarian project pages.\n\n## Query language\n" + (QUERY_LANGUAGE or ""),
        version="0.1.0",
        lifespan=lifespan,
    )
    _add_error_handlers(app)
    _add_routes(app)
    add_web_page(app)
    app.include_router(admin_router(settings))
    return app


def _add_error_handlers(app: FastAPI) -> None:
    app.add_middleware(ServerErrorAsJson)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        """Routing's own answers (an unknown path, a method a route lacks) in the one error shape."""
        code = HTTP_ERROR_CODES.get(exc.status_code, "http_error")
        return JSONResponse(status_code=exc.status_code, content={"error": code, "message": str(exc.detail)}, headers=exc.headers)

    @app.exception_handler(SearchError)
    async def search_error(_: Request, exc: SearchError) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content=exc.body())

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'] if part != 'query')}: {error['msg']}" for error in exc.errors()
        )
        return JSONResponse(status_code=400, content={"error": "invalid_parameter", "message": problems})


def _add_routes(app: FastAPI) -> None:
    @app.get("/search", response_model=SearchResponse, responses=ERRORS)
    def search(
        request: Request,
        q: Annotated[str, Query(max_length=1000, description="query (see the query language above); empty lists all")] = "",
        funder: Annotated[list[str], Query(description="repeat for OR")] = [],
        programme: Annotated[list[str], Query()] = [],
        period: Annotated[list[str], Query()] = [],
        year: Annotated[list[int], Query(description="repeat for OR")] = [],
        county: Annotated[list[str], Query()] = [],
        language: Annotated[list[str], Query()] = [],
        kind: Annotated[list[str], Query()] = [],
        year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
        year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
        budget_min: Annotated[int | None, Query(ge=0, le=MAX_BUDGET)] = None,
        budget_max: Annotated[int | None, Query(ge=0, le=MAX_BUDGET)] = None,
        sort: Annotated[str, Query(description="relevance | year | budget")] = "relevance",
        page: Annotated[int, Query(ge=1, le=1000)] = 1,
        per_page: Annotated[int, Query(ge=1, le=100)] = 10,
        collapse: Annotated[bool, Query(description="show near-duplicate pages (one project on several sites) "
                                                    "as one hit, counted once in total and facets")] = True,
    ) -> Response:
        started = time.perf_counter()
        for value in year:
            if not 1900 <= value <= 2100:
                raise BadRequestError(f"year: {value} is outside 1900..2100")
        selected = {
            "funder": funder, "programme": programme, "period": period, "year": [str(y) for y in year],
            "county": county, "language": language, "kind": kind,
        }
        search_request = SearchRequest(
            q=unicodedata.normalize("NFC", q),  # `ő` typed as `o` + a combining mark (macOS) is the page's `ő`
            filters={name: tuple(unicodedata.normalize("NFC", value) for value in selected[name])
                     for name in FACET_FILTER_FIELDS if selected[name]},
            year_from=year_from,
            year_to=year_to,
            budget_min=budget_min,
            budget_max=budget_max,
            sort=sort,
            page=page,
            per_page=per_page,
            collapse=collapse,
        )
        result = request.app.state.service.search(search_request)
        answer = SearchResponse(
            query=q,
            total=result.total,
            page=page,
            per_page=per_page,
            total_pages=-(-min(result.total, MAX_RESULTS_WINDOW) // per_page),
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            hits=list(result.hits),
            facets={
                name: [FacetValue(value=c.value, count=c.count, selected=c.selected) for c in counts]
                for name, counts in result.facets.items()
            },
            suggestion=result.suggestion,
            not_required=result.not_required,
        )
        # The model is built (and so checked) here; FastAPI would dump it back to dicts, validate
        # those against response_model again and encode them: 0.4 ms a search, for the same bytes.
        return Response(content=answer.model_dump_json(), media_type="application/json")

    @app.get("/documents/{doc_id}/similar", response_model=SimilarResponse, responses={404: {"model": ErrorResponse}, **ERRORS})
    def similar(request: Request, doc_id: str) -> SimilarResponse:
        """More like this: documents sharing the most characteristic words, without the document's copies."""
        result = request.app.state.service.similar(doc_id)
        return SimilarResponse(id=doc_id, key_words=result.key_words, hits=list(result.hits))

    @app.get("/documents/{doc_id}", response_model=DocumentResponse, responses={404: {"model": ErrorResponse}, **ERRORS})
    def document(request: Request, doc_id: str) -> BaseModel:
        return document_response(document_from_stored(request.app.state.service.document(doc_id)))

    @app.get("/health", response_model=HealthResponse, responses=ERRORS)
    def health(request: Request) -> HealthResponse:
        return HealthResponse(status="ok", documents=request.app.state.service.document_count())
