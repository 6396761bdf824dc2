"""Background work in the bot process: idle conversations end (and say so), restarts are announced."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.config import BotConfig
from bot.handlers.flows import render_say
from bot.i18n import t
from bot.notifier import TelegramNotifier
from services.bootstrap import Services

log = logging.getLogger("kam.jobs")


async def start_jobs(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Tell users with an unfinished draft that it survived the restart, then start the sweeps."""
    services: Services = app.bot_data["services"]
    for telegram_id, lang, state in await services.conversations.store.in_progress():
        actor = await services.users.resolve_actor(telegram_id)
        if actor is None or state.kind == "offer":
            continue
        try:
            kind = t(lang, f"flow.kind.{state.kind}")
            await app.bot.send_message(
                telegram_id, t(lang, "flow.resumed", kind=kind), parse_mode="HTML"
            )
            for say in await services.conversations.resume_prompt(actor, state):
                text, buttons = render_say(lang, actor, say)
                from telegram import InlineKeyboardMarkup

                await app.bot.send_message(telegram_id, text, parse_mode="HTML",
                                           reply_markup=InlineKeyboardMarkup(buttons) if buttons else None)  # fmt: skip
        except TelegramError:
            log.warning("could not tell user %s about their kept draft", telegram_id)
    config: BotConfig = app.bot_data["config"]
    if app.job_queue is not None and config.run_jobs:
        every = config.conversation_sweep_seconds
        app.job_queue.run_repeating(sweep, interval=every, first=every)
        # The outbox: APScheduler (under PTB's job queue) only ticks; the rows decide what is due.
        every = config.reminder_sweep_seconds
        app.job_queue.run_repeating(
            outbox_sweep, interval=every, first=min(every, config.first_sweep_seconds),
            name="reminders",
            job_kwargs={"max_instances": 2, "coalesce": True, "misfire_grace_time": None},
        )  # fmt: skip


async def outbox_sweep(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Run by the scheduler: create the reminders that are due, then send what the outbox holds."""
    await send_outbox(context.application)


async def send_outbox(app: Application[Any, Any, Any, Any, Any, Any]) -> int:
    services: Services = app.bot_data["services"]
    try:
        return await services.outbox.sweep(TelegramNotifier(app.bot))
    except Exception:
        log.exception("outbox sweep failed; the next one retries")
        return 0


async def sweep(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.application.bot_data["services"]
    for telegram_id, lang, state in await services.conversations.store.expire_idle():
        summary = str(
            state.data.get("summary")
            or state.data.get("description")
            or state.data.get("text")
            or "-"
        )
        kind = t(lang, f"flow.kind.{state.kind}")
        try:
            await context.bot.send_message(
                telegram_id,
                t(lang, "flow.expired", kind=kind, summary=summary[:1000]),
                parse_mode="HTML",
            )
        except TelegramError:
            log.warning("could not tell user %s that their draft expired", telegram_id)
    await services.ledger.forget_older_than(timedelta(days=2))
