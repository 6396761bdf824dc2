"""The HTTP server: start and stop, the routes, and the funnel every Bot API request goes through
(token, method, injected failures, Telegram's error answers)."""

from __future__ import annotations

import asyncio
import logging
import socket
import time

from aiohttp import web

from emulator.errors import INJECTED_DEFAULTS, BotApiError, InjectedError, Injection
from emulator.files import MAX_UPLOAD_BYTES
from emulator.records import ApiCall, Rejection, RequestLogEntry
from emulator.requests import Params, client_gone, json_response, read_params
from emulator.state import State

log = logging.getLogger("kam.emulator")


class Serving(State):
    """The server's lifecycle and its request funnel."""

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on 127.0.0.1 (`port` 0 picks a free one) in the running event loop."""
        if host not in ("127.0.0.1", "localhost"):
            raise ValueError("the fake Telegram server listens on 127.0.0.1 only")
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        site = web.SockSite(runner, sock)
        self._closing = False
        await site.start()
        self._runner = runner
        self._port = sock.getsockname()[1]

    async def stop(self) -> None:
        self._closing = True
        if self._delivery is not None:
            self._delivery.cancel()
            self._delivery = None
        self._queue.arrived.wake()
        self._new_message.wake()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeTelegram is not started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """PTB's base_url: requests go to {api_url}{token}/{method}."""
        return f"{self.base_url}/bot"

    @property
    def file_url(self) -> str:
        """PTB's base_file_url: downloads come from {file_url}{token}/{file_path}."""
        return f"{self.base_url}/file/bot"

    def fail_next(
        self,
        method: str,
        *,
        error_code: int = 429,
        retry_after: int = 2,
        description: str | None = None,
        times: int = 1,
        after: int = 0,
    ) -> None:
        """The next `times` calls of `method` fail with `error_code` and do nothing else; with
        `after`, that many calls of it go through first (the second message of a reply fails).

        429 carries parameters.retry_after like Telegram's flood control; 403 defaults to
        "Forbidden: bot was blocked by the user"; 500 to "Internal Server Error".
        """
        parameters = {"retry_after": retry_after} if error_code == 429 else None
        if description is None:
            description = (
                f"Too Many Requests: retry after {retry_after}"
                if error_code == 429
                else INJECTED_DEFAULTS.get(error_code, "Error")
            )
        error = InjectedError(error_code, description, parameters)
        self._injections.setdefault(method.lower(), []).append(Injection(error, times, after))

    def hold_next(self, method: str, *, times: int = 1) -> None:
        """The next `times` calls of `method` get no answer, as from a Telegram that does not
        respond: each waits, unanswered and not carried out, until its caller goes away (a bot
        killed while waiting). `held` lists them as they arrive."""
        self._holds[method.lower()] = self._holds.get(method.lower(), 0) + times

    async def _held(self, method: str, request: web.Request) -> bool:
        """Hold this call if one of `method` is to be held: True once its caller has gone."""
        if self._holds.get(method.lower(), 0) <= 0:
            return False
        self._holds[method.lower()] -= 1
        self.held.append(method)
        while not client_gone(request) and not self._closing:  # noqa: ASYNC110 - a peer's death
            await asyncio.sleep(0.05)
        return True

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        started = time.monotonic()
        self.request_log.append(RequestLogEntry(method, started))
        busy = method.lower() != "getupdates"
        if busy:
            self._in_flight += 1
            self._last_activity = started
        params = Params({}, {})
        try:
            if request.match_info["token"] != self.token:
                raise BotApiError(401, "Unauthorized")
            handler = self._methods.get(method.lower())
            if handler is None:
                raise BotApiError(404, "Not Found")
            params = await read_params(request)
            if await self._held(method, request):
                return web.Response(status=504)  # nobody is listening any more
            self._inject(method)
            result = await handler(params, request)
        except BotApiError as exc:
            return self._refuse(method, params, exc, started)
        except Exception as exc:
            log.exception("the emulator failed on %s", method)
            failure = BotApiError(500, f"Internal Server Error: emulator bug: {exc!r}")
            return self._refuse(method, params, failure, started)
        finally:
            if busy:
                self._in_flight -= 1
                self._last_activity = time.monotonic()
        self.calls.append(ApiCall(method, params.logged(), 200, None, started))
        return json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        self.request_log.append(RequestLogEntry("download", time.monotonic()))
        if request.match_info["token"] != self.token:
            return json_response(BotApiError(401, "Unauthorized").payload(), 401)
        stored = self._files_by_path.get(request.match_info["path"])
        if stored is None:
            return json_response(BotApiError(404, "Not Found").payload(), 404)
        return web.Response(body=stored.data, content_type="application/octet-stream")

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return json_response(BotApiError(404, "Not Found").payload(), 404)

    def _inject(self, method: str) -> None:
        queue = self._injections.get(method.lower())
        if not queue:
            return
        injection = queue[0]
        if injection.after > 0:
            injection.after -= 1
            return
        injection.times -= 1
        if injection.times <= 0:
            queue.pop(0)
        raise injection.error

    def _refuse(
        self, method: str, params: Params, exc: BotApiError, started: float
    ) -> web.Response:
        call = ApiCall(method, params.logged(), exc.error_code, exc.description, started)
        self.calls.append(call)
        self.errors.append(call)
        chat_id = call.chat_id
        if exc.error_code == 400 and not isinstance(exc, InjectedError):
            self.rejected.append(Rejection(method, exc.description))
            log.warning("refused %s: %s", method, exc.description)
        if chat_id is not None:
            origin = "injected " if isinstance(exc, InjectedError) else ""
            self._note(chat_id, f"⛔ {method} {origin}{exc.error_code}: {exc.description}")
        return json_response(exc.payload(), exc.error_code)
