"""A round-robin HTTP proxy in front of webhook replicas, as a load balancer would stand there.

The fake Telegram posts every update to the proxy; the proxy hands each to the next replica in
turn, so consecutive steps of one conversation land on different processes. Used by the replica
tests (tests/bot/test_*replicas_e2e.py) and bench/webhook_bench.py. `Cable` is a TCP forwarder to
a server (Chroma, PostgreSQL) that can be unplugged, as an outage looks to a replica.
"""

from __future__ import annotations

import itertools
import re
import socket
import threading

from aiohttp import ClientSession, web


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RoundRobin:
    """The load balancer: each request to the next replica, in turn; remembers who got what."""

    def __init__(self, ports: list[int], *, record: bool = True) -> None:
        self.ports = ports
        self._record = record  # a benchmark does not pay for reading every update twice
        self._turn = itertools.cycle(range(len(ports)))
        self.routed: list[tuple[int, int]] = []  # (update_id, replica index)
        self.port = free_port()
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/telegram", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._session = ClientSession()

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        index = next(self._turn)
        if self._record:
            update_id = int((await request.json()).get("update_id", 0))
            self.routed.append((update_id, index))
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("x-telegram")}
        headers["Content-Type"] = "application/json"
        async with self._session.post(
            f"http://127.0.0.1:{self.ports[index]}/telegram", data=body, headers=headers
        ) as response:
            return web.Response(status=response.status)


_REQUEST_LINE = re.compile(rb"(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /\S* HTTP/1\.[01]\r\n")


class Cable:
    """A TCP forwarder to a server (Chroma, PostgreSQL) that can be unplugged (connections reset,
    new ones refused) and plugged in again, as a network outage or a restarted server looks to a
    replica. `requests` counts the HTTP requests that went through it (those that start a packet:
    what an HTTP client sends), so a test sees which calls reached the server."""

    def __init__(self, upstream: int) -> None:
        self.upstream = upstream
        self.port = free_port()
        self.requests = 0
        self._open: list[socket.socket] = []
        self._listener: socket.socket | None = None

    def plug(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port))
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def unplug(self) -> None:
        assert self._listener is not None
        for sock in (self._listener, *self._open):
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked on it
            except OSError:
                pass
            sock.close()
        self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                near, _ = listener.accept()
            except OSError:
                return
            far = socket.create_connection(("127.0.0.1", self.upstream))
            self._open += [near, far]
            for a, b, asks in ((near, far, True), (far, near, False)):
                threading.Thread(target=self._pipe, args=(a, b, asks), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, asks: bool) -> None:
        try:
            while data := source.recv(65536):
                if asks and _REQUEST_LINE.match(data):
                    self.requests += 1
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
