"""Replicas share a Chroma server: while it is out of reach, a question or an upload is told so (and
the rest of the bot works); when it is back, the same open knowledge base answers again."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from emulator.balancer import free_port
from knowledge import KnowledgeBase, KnowledgeConfig
from services.bootstrap import bootstrap
from services.domain import Role
from services.errors import DomainError
from tests.knowledge.conftest import CLIENT_NOTE

QUESTION = "下次拜访华能电厂要带什么？"


@contextmanager
def chroma_server(path: Path, port: int) -> Iterator[str]:
    """`chroma run` (the chromadb package's server) until the block ends."""
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("the Chroma server did not start")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


class Cable:
    """A TCP forwarder to the Chroma server that can be unplugged (connections reset, new ones
    refused) and plugged in again, as a network outage or a restarted server looks to a replica."""

    def __init__(self, upstream: int) -> None:
        self.upstream = upstream
        self.port = free_port()
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
            for a, b in ((near, far), (far, near)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@pytest.mark.slow
async def test_a_question_while_the_chroma_server_is_out_of_reach_is_told_so_then_answered(
    tmp_path: Path, sqlite_url: str
) -> None:
    port = free_port()
    with chroma_server(tmp_path / "chroma", port):
        cable = Cable(port)
        cable.plug()
        url = f"http://127.0.0.1:{cable.port}"
        kb = KnowledgeBase.open(KnowledgeConfig(directory=tmp_path / "kb", chroma_url=url))
        kb.ingest_bytes("huaneng-note.md", CLIENT_NOTE.encode())
        services = await bootstrap(database_url=sqlite_url, knowledge_base=kb)
        try:
            await services.users.add_user(telegram_id=7, name="张三", role=Role.ADMIN, team=None)
            actor = await services.users.resolve_actor(7)
            assert actor is not None
            cable.unplug()
            # Before, the user got the generic apology and the log a traceback per question.
            with pytest.raises(DomainError) as refused:
                await services.ask.answer(actor, QUESTION)
            assert refused.value.code == "ask.down"
            # An admin's upload meanwhile is refused as such, and leaves nothing half-added.
            with pytest.raises(DomainError) as not_added:
                await services.ask.ingest(actor, "later.md", b"# Later\n\nA document sent later.")
            assert not_added.value.code == "kb.down"
            assert [d.title for d in await services.ask.documents(actor)] == ["华能电厂拜访纪要"]
            cable.plug()
            answer = await services.ask.answer(actor, QUESTION)
            assert answer is not None and "第二版报价单" in answer.text
        finally:
            await services.close()
            kb.close()
            cable.unplug()
