"""Background work in the bot process: idle conversations end (and say so), restarts are announced."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.config import BotConfig
from bot.i18n import t
from bot.inbox import Inbox
from bot.notifier import TelegramNotifier
from services.bootstrap import Services

log = logging.getLogger("kam.jobs")


async def start_jobs(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Tell users with an unfinished draft that it survived the restart, then start the sweeps.

    The notice goes through the outbox: queued once per draft however many processes start,
    held while the user cannot be reached, retried like any other message. A replica starting
    while others serve (a rolling restart) says nothing: for its users the bot never stopped."""
    services: Services = app.bot_data["services"]
    await report_interrupted_imports(app)
    alone = await services.presence.join()
    # What a killed process left unfinished: every unfinished update when this process is the
    # only one serving, else those whose process stopped renewing its lease. Queued now, handled
    # once the Application starts; a draft one of them changed last is shown by its answer.
    await take_over_updates(app, alone=alone)
    if alone and await services.conversations.announce_restart(
        services.users.resolve_actor, services.clients.english_names,
        answering=services.ledger.taken_over,
    ):  # fmt: skip
        await send_outbox(app)
    config: BotConfig = app.bot_data["config"]
    if app.job_queue is not None and config.run_jobs:
        every = services.ledger.config.lease.total_seconds() / 4
        app.job_queue.run_repeating(inbox_sweep, interval=every, first=every, name="inbox")
        every = config.conversation_sweep_seconds
        app.job_queue.run_repeating(sweep, interval=every, first=every)
        # The outbox: APScheduler (under PTB's job queue) only ticks; the rows decide what is due.
        every = config.reminder_sweep_seconds
        app.job_queue.run_repeating(
            outbox_sweep, interval=every, first=min(every, config.first_sweep_seconds),
            name="reminders",
            job_kwargs={"max_instances": 2, "coalesce": True, "misfire_grace_time": None},
        )  # fmt: skip


async def report_interrupted_imports(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Take back what client imports killed half-way left hidden, and tell whoever sent the file
    that nothing of it was imported."""
    services: Services = app.bot_data["services"]
    for interrupted in await services.clients.clean_interrupted_imports():
        if interrupted.started_by is None:
            continue  # the command line: its operator saw it die
        actor = await services.users.resolve_actor(interrupted.started_by)
        if actor is None:
            continue
        try:
            await app.bot.send_message(
                interrupted.started_by, t(actor.language.value, "import.interrupted")
            )
        except Exception:
            log.warning("could not tell the admin that their import was interrupted", exc_info=True)


async def take_over_updates(app: Application[Any, Any, Any, Any, Any, Any], *,
                            alone: bool = False) -> None:  # fmt: skip
    """Queue again the updates dead processes left unfinished (and send the notices of those
    given up); this process's own keep their leases."""
    inbox: Inbox = app.bot_data["inbox"]
    try:
        _, given_up = await inbox.take_over(alone=alone)
    except Exception:
        log.exception("could not take over unfinished updates; the next sweep tries again")
        return
    if given_up:
        await send_outbox(app)  # their senders' notices


async def inbox_sweep(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Run by the scheduler: renew this process's leases, take over what others left."""
    await take_over_updates(context.application)


async def outbox_sweep(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Run by the scheduler: create the reminders that are due, then send what the outbox holds."""
    sent = await send_outbox(context.application)
    log.debug("outbox swept by the timer: %d sent", sent)


async def send_outbox(app: Application[Any, Any, Any, Any, Any, Any]) -> int:
    services: Services = app.bot_data["services"]
    try:
        return await services.outbox.sweep(TelegramNotifier(app.bot))
    except Exception:
        log.exception("outbox sweep failed; the next one retries")
        return 0


async def sweep(context: ContextTypes.DEFAULT_TYPE) -> None:
    """End idle drafts (their notices are queued in the same commit) and send those notices."""
    services: Services = context.application.bot_data["services"]
    if await services.conversations.store.expire_idle():
        await send_outbox(context.application)
    await services.ledger.forget_older_than(timedelta(days=2))
