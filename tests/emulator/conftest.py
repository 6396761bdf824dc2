"""Fixtures: a started fake Telegram server, a raw HTTP client for it, and a tiny real PTB bot."""

from __future__ import annotations

import html
import struct
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import Forbidden, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from emulator import FakeTelegram

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"
USER = 1001


def png(width: int, height: int) -> bytes:
    """A real, tiny PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram(TOKEN, bot_username="kam_test_bot", bot_name="KAM 测试")
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


class Api:
    """Direct Bot API calls over HTTP, as any client library would make them."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def __call__(self, method: str, **params: Any) -> dict[str, Any]:
        """POST a JSON body; returns Telegram's answer with the HTTP status added."""
        response = await self.client.post(method, json=params)
        return {"status": response.status_code, **response.json()}

    async def form(
        self, method: str, data: dict[str, str], files: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        response = await self.client.post(method, data=data, files=files)
        return {"status": response.status_code, **response.json()}


@pytest.fixture
async def api(fake: FakeTelegram) -> AsyncIterator[Api]:
    async with httpx.AsyncClient(base_url=f"{fake.api_url}{TOKEN}/", timeout=10) as client:
        yield Api(client)


@dataclass
class Seen:
    """What the tiny bot's handlers observed."""

    update_ids: list[int] = field(default_factory=list)
    replies: list[Any] = field(default_factory=list)
    retry_after: list[float] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    member_changes: list[tuple[str, str]] = field(default_factory=list)
    button_data: list[str] = field(default_factory=list)


def seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def build_tiny_bot(fake: FakeTelegram, seen: Seen) -> Application[Any, Any, Any, Any, Any, Any]:
    """Echo, a button, a document round trip, and a notifier that meets errors."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        seen.update_ids.append(update.update_id)
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("再来", callback_data="again")]])
        try:
            reply = await update.message.reply_html(
                f"<b>你说</b>：{html.escape(update.message.text)}", reply_markup=keyboard
            )
        except RetryAfter as exc:
            seen.retry_after.append(seconds(exc.retry_after))
            return
        seen.replies.append(reply)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        seen.button_data.append(query.data)
        await query.answer("收到")
        await query.edit_message_text(f"按了 {query.data}")

    async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.document is not None
        telegram_file = await update.message.document.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
        await update.message.reply_document(
            data[::-1], filename="reversed.bin", caption=f"{len(data)} 字节"
        )

    async def notify(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        target = int(context.args[0]) if context.args else 0
        try:
            await context.bot.send_message(target, "提醒")
        except Forbidden as exc:
            seen.forbidden.append(exc.message)

    async def membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        assert change is not None
        seen.member_changes.append((change.old_chat_member.status, change.new_chat_member.status))

    app = ApplicationBuilder().token(TOKEN).base_url(fake.api_url).base_file_url(fake.file_url)
    application = app.build()
    application.add_handler(CommandHandler("notify", notify))
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.add_handler(MessageHandler(filters.Document.ALL, document))
    application.add_handler(CallbackQueryHandler(pressed))
    application.add_handler(ChatMemberHandler(membership, ChatMemberHandler.MY_CHAT_MEMBER))
    return application


@pytest.fixture
async def seen() -> Seen:
    return Seen()


@pytest.fixture
async def tiny_bot(
    fake: FakeTelegram, seen: Seen
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    application = build_tiny_bot(fake, seen)
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(
        poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES
    )
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
