"""A fault of ours answers 500 in the one error shape, and the connection stays open.

Starlette's outermost middleware renders an unhandled exception as a plain-text 500 and raises it
again, so uvicorn closes the connection: the client's next request on it was reset. This
middleware, inside that one, answers the JSON error and raises nothing (it logs the traceback).
"""
from __future__ import annotations

import logging

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("search_api")


class ServerErrorAsJson:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception:
            if started:  # half an answer went out: only closing the connection can say it failed
                raise
            logger.exception("server error answering %s %s", scope.get("method"), scope.get("path"))
            answer = JSONResponse(status_code=500, content={"error": "internal_error", "message": "the server failed to answer this request"})
            await answer(scope, receive, send)
