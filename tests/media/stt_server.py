"""A fake OpenAI-compatible transcription server: it decodes what it is sent and answers with the
text the test chose, or fails the way a real server fails."""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass, field

import soundfile
from aiohttp import web


@dataclass
class Received:
    model: str
    seconds: float
    rate: int
    authorization: str | None


@dataclass
class FakeTranscriber:
    text: str = "今天上午拜访了华能电厂，见了张总，谈了二期扩容，下周二前发报价"
    status: int = 200
    delay: float = 0.0  # seconds before answering: a busy server
    received: list[Received] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def start(self) -> None:
        app = web.Application(client_max_size=30 * 1024 * 1024)
        app.router.add_post("/v1/audio/transcriptions", self._transcribe)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _transcribe(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            return web.json_response({"error": {"message": "file is required"}}, status=400)
        samples, rate = soundfile.read(io.BytesIO(upload.file.read()), dtype="float32")
        self.received.append(
            Received(str(form.get("model")), len(samples) / rate, rate,
                     request.headers.get("Authorization"))
        )  # fmt: skip
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.status != 200:
            return web.json_response({"error": {"message": "overloaded"}}, status=self.status)
        return web.json_response({"text": self.text})
