"""Errors of the search service; each knows its HTTP status, one handler renders them all.

    SearchError              base (500 only if raised for a server fault)
    ├── BadRequestError      400: a parameter the client can fix
    │   └── QuerySyntaxError 400: the query text, with the position of the problem
    ├── NotFoundError        404: unknown document id
    └── IndexUnavailableError 503: no index built yet
"""
from __future__ import annotations


class SearchError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequestError(SearchError):
    status = 400
    code = "bad_request"


class QuerySyntaxError(BadRequestError):
    code = "query_syntax"

    def __init__(self, message: str, *, query: str, position: int) -> None:
        pointer = f"{query}\n{' ' * position}^"
        super().__init__(f"{message} at position {position + 1}:\n{pointer}")
        self.query = query
        self.position = position


class NotFoundError(SearchError):
    status = 404
    code = "not_found"


class IndexUnavailableError(SearchError):
    status = 503
    code = "index_unavailable"
