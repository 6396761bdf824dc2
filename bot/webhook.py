"""Webhook mode: an HTTP server for Telegram's updates, health checks and Prometheus metrics.

Plain HTTP, meant to sit behind a TLS-terminating proxy (see deploy/). Any update may reach any
replica: conversation state, duplicate suppression and reminder claims live in the database.
Only one replica registers the webhook and the command menu (services.operations.Deployment).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import signal
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.app import commands_fingerprint, post_init, set_commands
from bot.inbox import NotRecorded
from bot.metrics import CONTENT_TYPE, Metrics
from services.bootstrap import Services
from services.operations import Deployment, SharedSendRate, health, outbox_depth

log = logging.getLogger("kam.webhook")

AnyApp = Application[Any, Any, Any, Any, Any, Any]
URL_PATH = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookServer:
    """aiohttp server: POST /telegram (checked against the secret), GET /healthz (alive),
    GET /readyz (serving), GET /metrics."""

    def __init__(self, app: AnyApp, metrics: Metrics, *, secret: str) -> None:
        self._app = app
        self._metrics = metrics
        self._secret = secret
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    def _services(self) -> Services | None:
        return self._app.bot_data.get("services")

    async def start(self, listen: str, port: int) -> None:
        web_app = web.Application(client_max_size=1024 * 1024)
        web_app.router.add_post(f"/{URL_PATH}", self._update)
        web_app.router.add_get("/healthz", self._health)
        web_app.router.add_get("/readyz", self._ready)
        web_app.router.add_get("/metrics", self._metrics_page)
        self._runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=5.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, listen, port)
        await site.start()
        server = getattr(site, "_server", None)
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _update(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            log.warning("webhook request with a wrong secret token from %s", request.remote)
            return web.Response(status=403)
        try:
            data = await request.json()
            update = Update.de_json(data, self._app.bot)
        except (ValueError, TypeError, KeyError):
            log.warning("webhook request that is not an update")
            return web.Response(status=400)
        if update is None:
            return web.Response(status=400)
        try:
            await self._app.update_queue.put(update)
        except NotRecorded:
            # Not recorded in time: no 200, so Telegram sends it again in a while, instead of
            # this request hanging until Telegram gives up on it (bot.inbox, InboxConfig.wait;
            # logged there).
            return web.Response(status=503)
        return web.Response(status=200)

    async def _checked(self) -> tuple[bool, bool, dict[str, object]]:
        """(alive, ready, body): alive while the bot runs, whatever its dependencies say; ready
        when it can also serve updates (the database answers)."""
        alive = self._app.running
        services = self._services()
        checks: dict[str, str] = {"bot": "ok" if alive else "stopped"}
        if services is None:
            return False, False, {"status": "unavailable", "checks": checks}
        found = await health(services.db, services.knowledge)
        checks.update(database=found.database, chroma=found.chroma)
        self._metrics.dependency_up.labels("database").set(found.database == "ok")
        if found.chroma != "off":
            self._metrics.dependency_up.labels("chroma").set(found.chroma in ("ok", "embedded"))
        if found.circuit != "off":
            # Open: this replica's questions are told at once that the documents are unavailable.
            checks.update(chroma_circuit=found.circuit)
            self._metrics.dependency_up.labels("chroma_circuit").set(found.circuit == "closed")
        status = "unavailable" if not alive else "degraded" if found.degraded else "ok"
        return alive, alive and found.ready, {"status": status, "checks": checks}

    async def _health(self, request: web.Request) -> web.Response:
        # Liveness: a database or Chroma server down is no reason to restart a replica (a new one
        # would find them down too); the body says which is down, for the operator.
        alive, _, body = await self._checked()
        return web.json_response(body, status=200 if alive else 503)

    async def _ready(self, request: web.Request) -> web.Response:
        # Readiness: the database answers. Not the Chroma server: every replica shares it, and
        # while it is down they still log visits and send reminders.
        _, ready, body = await self._checked()
        return web.json_response(body, status=200 if ready else 503)

    async def _metrics_page(self, request: web.Request) -> web.Response:
        services = self._services()
        if services is not None:
            await self._checked()  # kam_dependency_up as of this scrape
            try:
                depth = await asyncio.wait_for(outbox_depth(services.db, services.clock), 5)
                self._metrics.outbox_depth.set(depth)
            except Exception as exc:  # the metrics page still answers with what it has
                log.warning("outbox depth unavailable: %s", exc)
        return web.Response(body=self._metrics.render(), headers={"Content-Type": CONTENT_TYPE})


def webhook_fingerprint(url: str, secret: str) -> str:
    """What was registered, without keeping the secret itself in the database."""
    return hashlib.sha256(f"{url}\n{secret}\n{commands_fingerprint()}".encode()).hexdigest()


async def publish_once(app: AnyApp, services: Services, url: str, secret: str) -> bool:
    """Register the webhook and the command menu unless another replica already did (for this
    URL, secret and menu) and Telegram still has it; True when this replica did it.

    Telegram forgets a webhook when anyone calls deleteWebhook with the token (a `kam run` in
    polling mode on a laptop does): the replicas then receive nothing, and only asking Telegram
    shows it, so a starting replica asks."""

    async def still_registered() -> bool:
        try:
            info = await app.bot.get_webhook_info()
        except TelegramError as exc:  # cannot ask now: start serving as before
            log.warning("could not ask Telegram which webhook it has: %s", exc)
            return True
        if info.url == url:
            return True
        log.warning("Telegram has no webhook at %s (it has %r): registering it again",
                    url, info.url or None)  # fmt: skip
        return False

    deployment = Deployment(services.db, services.clock)
    fingerprint = webhook_fingerprint(url, secret)
    async with deployment.once("telegram.webhook", fingerprint, still_registered) as mine:
        if mine:
            await app.bot.set_webhook(
                url, secret_token=secret, allowed_updates=Update.ALL_TYPES,
                max_connections=40,
            )  # fmt: skip
            await set_commands(app)
            log.info("webhook registered at %s", url)
        else:
            log.info("webhook already registered by another replica")
        return mine


async def serve(
    app: AnyApp,
    metrics: Metrics,
    *,
    listen: str,
    port: int,
    url: str,
    secret: str,
    stop: asyncio.Event | None = None,
) -> None:
    """Run one webhook replica (its services already in bot_data) until SIGTERM/SIGINT (or
    `stop` is set); the Application's post_shutdown closes the services."""
    loop = asyncio.get_running_loop()
    signals: list[signal.Signals] = []
    if stop is None:  # a process of its own: SIGTERM and SIGINT stop it
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
            signals.append(sig)
    server = WebhookServer(app, metrics, secret=secret)
    await app.initialize()
    try:
        services: Services = app.bot_data["services"]
        metrics.count_kb_queries(lambda: services.knowledge.queries if services.knowledge else 0)
        metrics.send_gate = SharedSendRate(services.db).take
        await post_init(app, publish_commands=False)
        await app.start()
        await server.start(listen, port)
        await publish_once(app, services, url, secret)
        log.info("webhook replica listening on %s:%s", listen, server.port)
        await stop.wait()
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
        await server.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
