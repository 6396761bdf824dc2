"""The composition root: settings → services → Application, built once, then run.

`compose` is the one place that turns the typed settings into plain service values (bootstrap)
and the bot's own `BotConfig`; tests build the same two halves with fakes (a fake clock, a shared
knowledge base, short timers) through `bootstrap()` and `build_application()`.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application

from bot.config import BotConfig
from config.settings import Settings, load_policy, load_workdays, parse_hhmm
from knowledge import KnowledgeConfig
from knowledge.llm import make_chat_model, profile
from services.bootstrap import Services, bootstrap
from services.clock import Clock
from services.outbox import OutboxConfig
from services.policy import parse_policy
from services.reminder_time import QuietHours
from services.reminders.kinds import ReminderConfig
from services.speech import SpeechConfig
from services.update_ledger import InboxConfig

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI

    from bot.app import AnyApp

log = logging.getLogger("kam.runtime")

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "samples"


def knowledge_config(
    settings: Settings, data_dir: Path, database_url: str | None = None, *, warm: bool = True
) -> KnowledgeConfig:
    def secret(value: Any) -> str | None:
        return value.get_secret_value() if value is not None else None

    return KnowledgeConfig(
        directory=data_dir / "kb",
        chroma_url=settings.chroma_url,
        chroma_timeout=settings.chroma_timeout_seconds,
        chroma_cooldown=settings.chroma_cooldown_seconds,
        # On PostgreSQL the registry is shared by every replica, in the main database.
        registry_url=database_url
        if database_url and database_url.startswith("postgresql")
        else None,
        embedding=settings.embedding,
        embedding_base_url=settings.embedding_base_url,
        embedding_api_key=secret(settings.embedding_api_key),
        llm_base_url=settings.llm_base_url if settings.llm_configured else None,
        llm_model=settings.llm_model if settings.llm_configured else None,
        llm_api_key=secret(settings.llm_api_key),
        llm_timeout=settings.llm_timeout_seconds,
        llm_provider=settings.llm_provider,
        max_file_bytes=settings.max_upload_mb * 1024 * 1024,
        cache_dir=settings.cache_dir,
        warm=warm,
    )


@dataclass(frozen=True)
class Wiring:
    """Where this process keeps its data (the demo chat keeps its own, apart from real data)."""

    data_dir: Path
    database_url: str


def wiring(settings: Settings, *, demo: bool = False) -> Wiring:
    if demo:
        demo_dir = settings.data_dir / "demo"
        return Wiring(demo_dir, f"sqlite+aiosqlite:///{(demo_dir / 'kam.db').resolve()}")
    return Wiring(settings.data_dir, settings.resolved_database_url)


async def make_services(
    settings: Settings,
    wires: Wiring,
    *,
    with_knowledge: bool = True,
    warm_knowledge: bool = True,
    admin_ids: bool = True,
    clock: Clock | None = None,
) -> Services:
    """Every service on these settings; `warm_knowledge` False opens the knowledge base without
    loading what only questions need (an operator's `kam kb` command)."""
    return await bootstrap(
        database_url=wires.database_url,
        timezone=settings.timezone,
        policy=parse_policy(
            load_policy(settings.policy_file),
            official_calendar=load_workdays(settings.workdays_file),
        ),
        clock=clock,
        admin_ids=list(settings.admin_ids) if admin_ids else None,
        invite_ttl=timedelta(hours=settings.invite_ttl_hours),
        knowledge=(
            knowledge_config(settings, wires.data_dir, wires.database_url, warm=warm_knowledge)
            if with_knowledge
            else None
        ),
        reminders=reminder_config(settings),
        outbox=OutboxConfig(network_retry=timedelta(seconds=settings.outbox_retry_seconds)),
        inbox=InboxConfig(
            lease=timedelta(seconds=settings.inbox_lease_seconds),
            attempts=settings.inbox_attempts,
            wait=timedelta(seconds=settings.inbox_wait_seconds),
        ),
        speech=speech_config(settings),
        chat_model=chat_model(settings),
        assistant_timeout=settings.llm_timeout_seconds,
        structured_output=profile(settings.llm_provider).structured,
    )


def speech_config(settings: Settings) -> SpeechConfig:
    key = settings.stt_api_key
    return SpeechConfig(
        base_url=settings.stt_base_url,
        model=settings.stt_model,
        api_key=key.get_secret_value() if key is not None else None,
        model_dir=settings.stt_model_dir,
        timeout=settings.stt_timeout_seconds,
        max_bytes=settings.max_upload_mb * 1024 * 1024,
    )


def chat_model(settings: Settings) -> ChatOpenAI | None:
    """The assistant's chat model, when one is configured (KAM_LLM_*)."""
    if not settings.llm_configured:
        return None
    assert settings.llm_base_url is not None and settings.llm_model is not None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    return make_chat_model(settings.llm_base_url, settings.llm_model, key,
                           settings.llm_timeout_seconds, settings.llm_provider)  # fmt: skip


def reminder_config(settings: Settings) -> ReminderConfig:
    return ReminderConfig(
        quiet_hours=QuietHours.parse(settings.quiet_hours),
        digest_time=parse_hhmm(settings.digest_time),
        digest_cutoff=settings.digest_cutoff_time,
        sweep_seconds=settings.reminder_sweep_seconds,
        working_days_only=settings.reminders_working_days_only,
        sender_lease=timedelta(seconds=settings.sender_lease_seconds),
    )


class StartupError(Exception):
    """A start-up failure the operator can act on, said in one line."""


async def wait_for_telegram(
    token: str, api_url: str, *, first_delay: float = 1.0, max_delay: float = 60.0
) -> None:
    """Reach Telegram before starting: retry with backoff while it is unreachable, one log line
    per attempt; a rejected token stops at once (without the token in the message)."""
    delay, attempt = first_delay, 1
    while True:
        probe = Bot(token, base_url=api_url)
        try:
            async with probe:
                if attempt > 1:
                    log.warning("Telegram API reachable again after %d attempts", attempt)
                return
        except InvalidToken:
            raise StartupError(
                "Telegram rejected TELEGRAM_BOT_TOKEN (revoked or mistyped); "
                "get the current token from @BotFather"
            ) from None
        except NetworkError as exc:  # connection refused, DNS, timeouts, Telegram 5xx
            log.warning("Telegram API unreachable (attempt %d: %s); retrying in %g s",
                        attempt, exc.message, delay)  # fmt: skip
        await asyncio.sleep(delay)
        delay, attempt = min(delay * 2, max_delay), attempt + 1


def bot_config(
    settings: Settings, *, token: str | None = None, api_url: str | None = None,
    file_url: str | None = None,
) -> BotConfig:  # fmt: skip
    """The bot's side of the settings; the local chat points it at its own emulator."""
    token = token or settings.token
    assert token is not None, "no bot token"
    return BotConfig(
        token=token,
        api_url=api_url or settings.telegram_api_url,
        file_url=file_url or settings.telegram_file_url,
        max_upload_mb=settings.max_upload_mb,
        reminder_sweep_seconds=settings.reminder_sweep_seconds,
        private_chat_interval=settings.private_chat_interval_seconds,
    )


async def compose(
    settings: Settings, wires: Wiring, config: BotConfig, clock: Clock | None = None
) -> AnyApp:
    """Services, then the Application on them, in the running event loop (on `clock`, the
    system's unless one is given)."""
    # The handlers (and the charts, the assistant's langchain) are imported only where a bot
    # runs: the `kam` commands that run none (kb, users, export, ingest) start seconds sooner.
    from bot.app import build_application

    services = await make_services(settings, wires, clock=clock)
    try:
        return build_application(services, config)
    except BaseException:
        await services.close()
        raise


def run_telegram(settings: Settings) -> None:
    """Run the bot against Telegram (or the server at KAM_TELEGRAM_API_URL) until stopped."""
    # The services open database connections bound to an event loop: build them in the loop that
    # python-telegram-bot's run_polling / run_webhook then runs (it uses the current loop).
    if settings.webhook_url:
        run_webhook(settings)
        return
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    token, first_delay = bot_config(settings).token, settings.telegram_retry_seconds
    loop.run_until_complete(
        wait_for_telegram(token, settings.telegram_api_url, first_delay=first_delay)
    )
    app = loop.run_until_complete(compose(settings, wiring(settings), bot_config(settings)))
    settle_memory()
    app.run_polling(allowed_updates=Update.ALL_TYPES)


def settle_memory() -> None:
    """Once everything is loaded: keep the garbage collector's full passes off what lives for
    the whole run (modules, the catalog, the models). A full pass walked half a million of them,
    0.7-1.3 s with every reply waiting, each time an import brought in a few hundred thousand
    new objects; now it walks only what came since."""
    gc.collect()
    gc.freeze()


async def start_application(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Start an Application by hand (local chat, tests) the way run_polling would."""
    from bot.app import post_init

    await app.initialize()
    await post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=2, allowed_updates=Update.ALL_TYPES)


async def stop_application(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def run_webhook(settings: Settings) -> None:
    """One webhook replica (bot/webhook.py): several may run behind a load balancer."""
    asyncio.run(serve_webhook(settings))


async def serve_webhook(
    settings: Settings, *, stop: asyncio.Event | None = None, clock: Clock | None = None
) -> None:
    """A webhook replica in the running event loop: until SIGTERM/SIGINT, or `stop` is set (on
    `clock`, the system's unless one is given)."""
    from bot.app import build_application
    from bot.metrics import Metrics
    from bot.webhook import URL_PATH, serve

    token = settings.token
    assert token is not None and settings.webhook_url
    url = settings.webhook_url.rstrip("/") + "/" + URL_PATH
    # Every replica must share the secret (Telegram sends the one registered by whichever
    # replica registered the webhook); without KAM_WEBHOOK_SECRET it is derived from the token.
    secret = (
        settings.webhook_secret.get_secret_value()
        if settings.webhook_secret
        else hashlib.sha256(f"kam-webhook:{token}".encode()).hexdigest()[:48]
    )
    metrics = Metrics()
    services = await make_services(settings, wiring(settings), clock=clock)
    try:
        app = build_application(services, bot_config(settings), metrics=metrics)
    except BaseException:
        await services.close()
        raise
    if stop is None:  # a process of its own (not a test's in-process replica)
        settle_memory()
    await serve(
        app, metrics, listen=settings.webhook_listen, port=settings.webhook_port,
        url=url, secret=secret, stop=stop,
    )  # fmt: skip
