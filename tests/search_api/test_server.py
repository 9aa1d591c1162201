"""The server's protocol: connections on a socket uvicorn bound itself (as for --workers N) still get TCP_NODELAY."""
from __future__ import annotations

import asyncio
import socket

from uvicorn.config import Config
from uvicorn.server import ServerState

from search_api.http.server import LenientH11Protocol


async def _empty_app(scope: object, receive: object, send: object) -> None:
    return None


def test_a_connection_on_a_pre_bound_listener_gets_tcp_nodelay() -> None:
    async def accepted_nodelay() -> int:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, like uvicorn's bind_socket()
        listener.bind(("127.0.0.1", 0))
        config = Config(_empty_app, lifespan="off")
        protocols: list[LenientH11Protocol] = []

        def protocol() -> LenientH11Protocol:
            protocols.append(LenientH11Protocol(config, ServerState(), {}))
            return protocols[-1]

        server = await asyncio.get_running_loop().create_server(protocol, sock=listener)
        _, writer = await asyncio.open_connection(*listener.getsockname())
        while not protocols or protocols[0].transport is None:
            await asyncio.sleep(0.01)
        accepted = protocols[0].transport.get_extra_info("socket")
        nodelay = int(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()
        server.close()
        return nodelay

    assert asyncio.run(accepted_nodelay()) == 1
