"""Builds the python-telegram-bot Application: handlers in order, commands menu, start and stop."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.concurrency import FairUpdateProcessor
from bot.config import BotConfig
from bot.context import KamContext
from bot.handlers import (
    admin,
    assistant,
    clients,
    common,
    complaints,
    errors,
    exports,
    gate,
    history,
    jobs,
    knowledge,
    media,
    outcome,
    reminders,
    summary,
    visits,
)
from bot.i18n import t
from bot.inbox import Inbox, InboxQueue
from bot.menus import LANGUAGE_MENUS, MENU, menu_commands
from bot.metrics import Metrics
from bot.notifier import ChatRateLimiter
from bot.reply_delivery import post
from services.bootstrap import Services

log = logging.getLogger("kam.bot")


AnyApp = Application[Any, Any, Any, Any, Any, Any]


def build_application(
    services: Services, config: BotConfig, *, metrics: Metrics | None = None
) -> AnyApp:
    """The Application with every handler, on services already built; the caller runs it
    (polling, webhook, the local chat or a test) and `post_shutdown` closes the services.
    With `metrics` (webhook replicas), updates and sent messages are counted."""
    limiter = ChatRateLimiter(
        per_second=config.messages_per_second,
        private_burst=config.private_chat_burst,
        private_interval=config.private_chat_interval,
    )
    queue = InboxQueue()
    request = (
        metrics.request(connection_pool_size=16)
        if metrics is not None
        else HTTPXRequest(connection_pool_size=256)
    )
    bot = KamBot(
        config.token, base_url=config.api_url, base_file_url=config.file_url, request=request,
        get_updates_request=HTTPXRequest(connection_pool_size=1), rate_limiter=limiter,
    )  # fmt: skip
    processor = metrics.processor() if metrics is not None else FairUpdateProcessor()
    builder = (
        ApplicationBuilder()
        .bot(bot)
        .update_queue(queue)
        .concurrent_updates(processor)
        .context_types(ContextTypes(context=KamContext))
        .post_init(post_init)
        .post_shutdown(_post_shutdown)
    )
    app = builder.build()
    # Every update is committed to the inbox before it is acknowledged (the webhook's 200, the
    # next poll), and marked done when its handlers ran; see bot/inbox.py.
    processor.inbox = Inbox(services.ledger, app.bot, queue)
    app.bot_data["services"] = services
    app.bot_data["config"] = config
    app.bot_data["inbox"] = processor.inbox
    register_handlers(app)
    return app


class KamBot(ExtBot[Any]):
    """The Bot API client. A button's answer Telegram no longer takes (pressed before the bot
    restarted and answered then, or waiting too long) only stops a spinner that has stopped:
    it is skipped, and the press still gets its reply. A reply's message Telegram could not
    take after an earlier one went out is sent again in place (bot.reply_delivery)."""

    async def _do_post(  # type: ignore[override]
        self, endpoint: str, data: dict[str, Any], **timeouts: Any
    ) -> Any:
        once = super()._do_post
        return await post(endpoint, lambda: once(endpoint, data, **timeouts))

    async def answer_callback_query(  # type: ignore[override]
        self, callback_query_id: str, *args: Any, **kwargs: Any
    ) -> bool:
        try:
            return await super().answer_callback_query(callback_query_id, *args, **kwargs)
        except BadRequest as exc:
            if "query is too old" not in exc.message.lower():  # PTB capitalises Telegram's text
                raise
            log.info("a button press can no longer be answered: %s", exc.message)
            return False


def register_handlers(app: AnyApp) -> None:
    app.add_handler(TypeHandler(Update, gate.gate), group=-1)
    app.add_handler(CommandHandler("start", common.start))
    app.add_handler(CommandHandler("help", common.help_command))
    app.add_handler(CommandHandler("lang", common.lang_command))
    app.add_handler(CommandHandler("tz", common.tz_command))
    app.add_handler(CommandHandler("cancel", common.cancel))
    app.add_handler(CommandHandler("client", clients.client_command))
    app.add_handler(CommandHandler("clients", clients.clients_command))
    app.add_handler(CommandHandler("invite", admin.invite_command))
    app.add_handler(CommandHandler("rename", admin.rename_command))
    app.add_handler(CommandHandler("ask", knowledge.ask_command))
    app.add_handler(CommandHandler("kb", knowledge.kb_command))
    summary.register(app)  # /summary and its buttons
    app.add_handler(CommandHandler("export", exports.export_command))
    app.add_handler(CommandHandler("visit", visits.visit_command))
    app.add_handler(CommandHandler("visits", visits.visits_command))
    app.add_handler(CommandHandler("complaint", complaints.complaint_command))
    app.add_handler(CommandHandler("complaints", complaints.complaints_command))
    app.add_handler(CommandHandler("reminders", reminders.reminders_command))
    app.add_handler(CommandHandler("brief", assistant.brief_command))
    app.add_handler(CommandHandler("new", assistant.new_command))
    app.add_handler(CommandHandler("history", history.history_command))
    app.add_handler(MessageHandler(filters.COMMAND, common.unknown_command))
    app.add_handler(MessageHandler(
        filters.VOICE | filters.AUDIO | filters.VIDEO_NOTE | filters.VIDEO, media.voice_received
    ))  # fmt: skip
    app.add_handler(MessageHandler(filters.PHOTO, media.photo_received))
    app.add_handler(MessageHandler(filters.Document.ALL, admin.document_received))
    app.add_handler(MessageHandler(filters.LOCATION, visits.location_received))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, knowledge.plain_text))
    app.add_handler(MessageHandler(
        filters.UpdateType.MESSAGE & (
            filters.Sticker.ALL | filters.ANIMATION | filters.CONTACT | filters.VENUE
            | filters.POLL | filters.Dice.ALL | filters.GAME | filters.STORY
        ), media.other_received,
    ))  # fmt: skip
    app.add_handler(CallbackQueryHandler(common.lang_chosen, pattern=r"^lang:"))
    app.add_handler(CallbackQueryHandler(clients.client_chosen, pattern=r"^client:"))
    app.add_handler(CallbackQueryHandler(clients.facts_chosen, pattern=r"^cf:"))
    app.add_handler(CallbackQueryHandler(exports.export_chosen, pattern=r"^ex:"))
    app.add_handler(CallbackQueryHandler(media.card_photo, pattern=r"^ct:"))
    app.add_handler(CallbackQueryHandler(knowledge.kb_remove, pattern=r"^kbdel:"))
    app.add_handler(CallbackQueryHandler(knowledge.kb_remove_confirmed, pattern=r"^kbdelok:"))
    app.add_handler(CallbackQueryHandler(knowledge.kb_remove_kept, pattern=r"^kbdelno:"))
    app.add_handler(CallbackQueryHandler(knowledge.kb_page, pattern=r"^kbpg:"))
    app.add_handler(CallbackQueryHandler(knowledge.kb_replace, pattern=r"^kbrep:"))
    app.add_handler(CallbackQueryHandler(knowledge.kb_keep_versions, pattern=r"^kbkeep"))
    app.add_handler(CallbackQueryHandler(admin.import_cancel, pattern=r"^imx:"))
    app.add_handler(CallbackQueryHandler(admin.invite_team_chosen, pattern=r"^inv:"))
    app.add_handler(CallbackQueryHandler(outcome.flow_button, pattern=r"^fl:"))
    app.add_handler(CallbackQueryHandler(complaints.ticket_button, pattern=r"^cp:"))
    app.add_handler(CallbackQueryHandler(visits.visit_record_button, pattern=r"^vs:"))
    app.add_handler(
        CallbackQueryHandler(reminders.reminder_button, pattern=r"^r(?:m|l(?:\d{8})?):")
    )
    app.add_handler(CallbackQueryHandler(assistant.brief_button, pattern=r"^br:"))
    app.add_handler(CallbackQueryHandler(assistant.decide_button, pattern=r"^as:"))
    app.add_handler(CallbackQueryHandler(history.history_button, pattern=r"^hi:"))
    app.add_handler(CallbackQueryHandler(common.stale_button))
    app.add_error_handler(errors.error_handler)  # type: ignore[arg-type]


async def post_init(app: AnyApp, *, publish_commands: bool = True) -> None:
    if publish_commands:  # webhook replicas publish once per deployment instead (bot/webhook.py)
        await set_commands(app)
    await jobs.start_jobs(app)
    log.info("bot @%s ready", app.bot.username)


async def set_commands(app: AnyApp) -> None:
    # Chinese for everyone, English for an English Telegram; a traditional reader's menu is set
    # in their chat (bot/menus.py: the Bot API has no code for zh-Hant).
    for lang, code in LANGUAGE_MENUS:
        await app.bot.set_my_commands(menu_commands(lang), language_code=code)


def commands_fingerprint() -> str:
    """Changes when the command menu (names or texts) changes."""
    return "|".join(t(lang, f"cmd.{name}") for lang in ("zh", "en") for name in MENU)


async def _post_shutdown(app: AnyApp) -> None:
    services: Services = app.bot_data["services"]
    await services.close()
