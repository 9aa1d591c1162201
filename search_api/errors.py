"""Errors of the search service; each knows its HTTP status, one handler renders them all.

    SearchError              base (500 only if raised for a server fault)
    ├── BadRequestError      400: a parameter the client can fix
    │   └── QuerySyntaxError 400: the query text, with the position of the problem
    ├── UnauthorizedError    401: an admin endpoint called without a Bearer token
    ├── ForbiddenError       403: an admin endpoint called with the wrong token
    ├── NotFoundError        404: unknown document id (or job id; /admin when it is turned off)
    ├── ConflictError        409: an index update is already running
    └── IndexUnavailableError 503: no index built yet
        └── QueryTimeoutError 503: the query ran past its time budget
"""
from __future__ import annotations


class SearchError(Exception):
    """`message` is English, for a person reading the API; `reason`, when given, names the problem
    for a program (the search page words it in Hungarian)."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason

    def body(self) -> dict[str, object]:
        """The JSON error body: `error` and `message`, and `reason` when there is one."""
        body: dict[str, object] = {"error": self.code, "message": self.message}
        if self.reason is not None:
            body["reason"] = self.reason
        return body


class BadRequestError(SearchError):
    status = 400
    code = "bad_request"


class QuerySyntaxError(BadRequestError):
    code = "query_syntax"

    def __init__(self, message: str, *, query: str, position: int, reason: str | None = None) -> None:
        pointer = f"{query}\n{' ' * position}^"
        super().__init__(f"{message} at position {position + 1}:\n{pointer}", reason=reason)
        self.query = query
        self.position = position

    def body(self) -> dict[str, object]:
        """Also `position`: 1-based, the character of the query where the problem is."""
        return {**super().body(), "position": self.position + 1}


class UnauthorizedError(SearchError):
    status = 401
    code = "unauthorized"


class ForbiddenError(SearchError):
    status = 403
    code = "forbidden"


class NotFoundError(SearchError):
    status = 404
    code = "not_found"


class ConflictError(SearchError):
    status = 409
    code = "conflict"


class IndexUnavailableError(SearchError):
    status = 503
    code = "index_unavailable"


class QueryTimeoutError(IndexUnavailableError):
    code = "query_timeout"
