"""Serving over HTTP with uvicorn, tolerant of unencoded UTF-8 in the request line.

`curl '127.0.0.1:8000/search?q=önkormányzat'` sends the accented letters as raw bytes; h11 (and
httptools) reject any byte above 0x7E in a request target. Browsers percent-encode, people typing
in a terminal do not, so raw non-ASCII bytes in a request line are percent-encoded before h11
parses it. Nothing else of the request is touched.

Every connection also gets TCP_NODELAY. With `--workers N` uvicorn binds the listening socket
itself with `proto` 0, accepted sockets inherit it, and asyncio sets TCP_NODELAY only on
sockets that say IPPROTO_TCP; Nagle's algorithm then holds each response's body until the
client's delayed ACK, ~40 ms per keep-alive request (uvicorn issue #3149, open as of 0.54).
"""
from __future__ import annotations

import asyncio
import errno
import os
import re
import socket

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from search_api.settings import ApiSettings

_REQUEST_LINE = re.compile(rb"(?m)^([A-Z]{3,7} )([^\s]+)( HTTP/1\.[01]\r?)$")
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def percent_encode_request_lines(data: bytes) -> bytes:
    """Percent-encode bytes ≥ 0x80 in the targets of HTTP/1 request lines found in `data`."""
    if not _NON_ASCII.search(data):
        return data
    return _REQUEST_LINE.sub(
        lambda match: match.group(1) + _NON_ASCII.sub(lambda byte: b"%%%02X" % byte.group(0)[0], match.group(2)) + match.group(3),
        data,
    )


class LenientH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        connection = transport.get_extra_info("socket")
        if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)

    def data_received(self, data: bytes) -> None:
        super().data_received(percent_encode_request_lines(data))


def ensure_port_free(host: str, port: int) -> None:
    """Stop with a message saying what to do when `host:port` cannot be served on; uvicorn would log
    only `[Errno 98] … address already in use` and exit. Bound as uvicorn binds (SO_REUSEADDR), so a
    port a stopped server left in TIME_WAIT counts as free."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise SystemExit(f"cannot serve on {host}:{port}: no address found for {host} ({exc.strerror})") from exc
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise SystemExit(
                    f"cannot serve on {host}:{port}: the port is in use, probably by a search service started earlier. "
                    f"Stop that one (Ctrl+C where it runs), or serve on another port: --port {port + 1 if port < 65535 else 8001} "
                    "(or PROJEKTKERESO_PORT)"
                ) from exc
            raise SystemExit(f"cannot serve on {host}:{port}: {exc.strerror}") from exc


def serve(settings: ApiSettings) -> None:
    """Serve in this process (`workers=1`), or in `settings.workers` processes sharing the port.

    uvicorn starts each worker by importing an app factory in a fresh interpreter, so the settings
    travel as the environment variables `ApiSettings.from_environment` reads. Each worker opens its
    own `SearchService` and follows the index's commits by itself; the app's modules are imported
    only where they serve, so a supervisor of workers holds none of them."""
    if settings.workers == 1:
        from search_api.http.app import create_app

        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, http=LenientH11Protocol)
        return
    os.environ.pop("PROJEKTKERESO_ADMIN_TOKEN", None)  # a token only if these settings have one
    os.environ.update(settings.environment())
    uvicorn.run(
        "search_api.http.app:create_app", factory=True, workers=settings.workers,
        host=settings.host, port=settings.port, http=LenientH11Protocol,
    )
