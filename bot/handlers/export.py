"""/export: the data the user may see, as a spreadsheet sent in chat."""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from telegram import InputFile, Update

from bot.context import KamContext
from bot.handlers.replies import reply
from services.domain import Language
from services.exports import ExportFormat, ExportKind


async def export_command(update: Update, context: KamContext) -> None:
    actor = context.require_actor()
    args = [a.lower() for a in context.args or []]
    try:
        kind = ExportKind(args[0]) if args else ExportKind.CLIENTS
        fmt = ExportFormat(args[1]) if len(args) > 1 else ExportFormat.XLSX
    except ValueError:
        await reply(update, context.t("export.usage"))
        return
    language = Language(context.lang)
    rows = await context.services.exports.rows(actor, kind, language)
    data = await context.services.exports.render(rows, kind, fmt)
    today = context.services.clock.now().astimezone(ZoneInfo(actor.timezone)).date()
    chat = update.effective_chat
    assert chat is not None
    await chat.send_document(
        InputFile(io.BytesIO(data), filename=f"{kind.value}-{today.isoformat()}.{fmt.value}"),
        caption=context.t("export.caption", kind=context.t(f"export.kind.{kind.value}"),
                          count=len(rows) - 1),
        parse_mode="HTML",
    )  # fmt: skip
