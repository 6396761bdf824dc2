"""Voice notes and photos: a voice note (or a round video note, or a video: what is said in it) is
handled as the text it says; a business card photo becomes a contact draft; an admin's photo of a
printed page goes to the knowledge base."""

from __future__ import annotations

import asyncio
import contextlib
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import PurePath

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.context import KamContext
from bot.handlers.knowledge import ask_after_upload, handle_text
from bot.handlers.outcome import send_outcome
from bot.handlers.replies import reply
from bot.i18n import Html, has
from bot.render_media import page_filed
from knowledge import IngestError
from services.ask import for_one_client
from services.contacts import MAX_PHOTO_MB
from services.domain import ClientHit, Role
from services.errors import DomainError
from services.outcome import clip_heard
from services.speech import spoken_command

# A caption with one of these files a document or photo into the knowledge base (admin.py too).
KB_CAPTION_WORDS = ("kb", "知识库", "知識庫", "文档", "文件库")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
# What phones record and send as files (WeChat's .silk voice files included).
AUDIO_SUFFIXES = {".ogg", ".oga", ".opus", ".wav", ".flac", ".mp3", ".m4a", ".aac", ".amr",
                  ".3gp", ".3ga", ".awb", ".wma", ".caf", ".aif", ".aiff", ".silk"}  # fmt: skip


def is_image_document(filename: str, mime_type: str | None) -> bool:
    return (mime_type or "").startswith("image/") or PurePath(filename).suffix.lower() in (
        IMAGE_SUFFIXES
    )


def is_audio_document(filename: str, mime_type: str | None) -> bool:
    return (mime_type or "").startswith("audio/") or PurePath(filename).suffix.lower() in (
        AUDIO_SUFFIXES
    )


def duration_seconds(media: object) -> float | None:
    """A voice note's or audio file's length; PTB 22 gives int seconds and warns that v23 gives a
    timedelta, so both are read (and the warning, about a change this code already handles, is
    silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = getattr(media, "duration", None)
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value) if isinstance(value, int | float) else None


TYPING_EVERY = 4.5  # Telegram shows "typing…" for 5 s after each sendChatAction


@asynccontextmanager
async def typing_until_done(update: Update) -> AsyncIterator[None]:
    """ "typing…" shown for as long as the work inside takes (a transcription can take up to the
    backend's timeout; one action showed it for 5 s, then the chat looked idle)."""
    chat = update.effective_chat
    if chat is None:
        yield
        return

    async def keep_typing() -> None:
        with contextlib.suppress(TelegramError):
            while True:
                await chat.send_action(ChatAction.TYPING)
                await asyncio.sleep(TYPING_EVERY)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def voice_received(update: Update, context: KamContext) -> None:
    """A voice note, an audio file, a round video note or a video (its sound), or a document
    that is audio."""
    actor = context.require_actor()
    message = update.message
    assert message is not None
    media = (
        message.voice or message.audio or message.video_note or message.video or message.document
    )
    assert media is not None
    speech = context.services.speech
    seconds = duration_seconds(media)
    speech.check(seconds=seconds, size=media.file_size)
    async with typing_until_done(update):
        telegram_file = await media.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
        heard = await speech.transcribe(data, seconds=seconds)
    command = spoken_command(heard.text)
    words = clip_heard(heard.text)
    if command.kind is not None:
        outcome = await context.services.conversations.spoken_report(
            actor, command.kind, command.text, words
        )
    else:
        await handle_text(update, context, heard.text, heard=words)
        return
    await send_outcome(update, context, outcome, heard=words)


async def photo_received(update: Update, context: KamContext) -> None:
    """A photo, or an image sent as a file: a business card, or (admins) a page of a document."""
    actor = context.require_actor()
    message = update.message
    assert message is not None
    media = message.photo[-1] if message.photo else message.document
    assert media is not None
    limit_mb = context.config.max_upload_mb
    if media.file_size and media.file_size > limit_mb * 1024 * 1024:
        await reply(update, context.t("photo.too_large", limit=limit_mb))
        return
    caption = (message.caption or "").lower()
    is_admin = actor.role is Role.ADMIN
    # "客户：华能南京电厂": a page for that client's readers alone, as a document sent so is.
    owner = None
    if is_admin and for_one_client(message.caption):
        owner = await context.services.ask.upload_client(actor, message.caption or "")
    # A later photo of an album whose pages are being filed: a page of that document, for the
    # same readers (the caption came with the first photo alone).
    paging = False
    if is_admin and message.media_group_id and not message.caption:
        paging, owner = await context.services.ask.album_owner(actor, message.media_group_id)
    progress = await reply(update, context.t("photo.reading"))
    telegram_file = await media.get_file()
    data = bytes(await telegram_file.download_as_bytearray())
    # A photo has no name: the moment and the photo's own id (an album's pages come in the same
    # second, and the same name would file each page over the one before).
    sent_name = getattr(media, "file_name", None)
    filename = sent_name or (
        f"photo-{message.date:%Y%m%d-%H%M%S}-{media.file_unique_id[-8:]}.jpg"
        if message.date
        else f"photo-{media.file_unique_id[-8:]}.jpg"
    )
    # What the admin is told is being filed: the file's own name, else the photo (the name made
    # up above, "photo-20261201-101500-AbCd1234.jpg", is the bot's, not theirs).
    shown = sent_name
    if is_admin and (paging or owner is not None or any(w in caption for w in KB_CAPTION_WORDS)):
        await ingest_page(update, context, filename, data, progress, owner, shown=shown)
        return
    photo = await context.services.contacts.read_photo(data)
    if photo.kind == "card" and photo.reading is not None:
        if progress is not None:
            await progress.delete()
        outcome = await context.services.contacts.start(actor, photo.reading, data)
        await send_outcome(update, context, outcome)
        return
    if photo.kind == "page" and is_admin:
        await ingest_page(update, context, filename, data, progress, owner, shown=shown)
        return
    key = {"page": "photo.page_not_admin", "unclear": "photo.unclear", "not_image":
           "photo.not_image", "too_large": "photo.too_large", "oversized": "photo.oversized",
           "unavailable": "photo.ocr_off"}.get(photo.kind, "photo.empty")  # fmt: skip
    text = context.t(key, limit=MAX_PHOTO_MB)
    if progress is not None:
        await progress.edit_text(text, parse_mode="HTML")
    else:
        await reply(update, text)


async def ingest_page(
    update: Update,
    context: KamContext,
    filename: str,
    data: bytes,
    progress: Message | None,
    owner: ClientHit | None = None,
    *,
    shown: str | None = None,
) -> None:
    """An admin's photo of a page into the knowledge base (read by OCR while ingesting), for
    the owner client's readers alone when one is given; `shown` names it to the admin (None:
    "the photo")."""
    actor = context.require_actor()
    report = None
    if not context.services.ask.available:
        text = context.t("ask.unavailable")
    else:
        if progress is not None:
            await progress.edit_text(
                context.t("kb.ingesting", filename=shown)
                if shown
                else context.t("kb.ingesting_photo"),
                parse_mode="HTML",
            )
        try:
            # As a document sent in chat: a page that looks like an earlier edition's (by the
            # title OCR reads) sets it aside until the admin chooses (knowledge handlers).
            # Photos sent as one album are one document's pages.
            album = update.message.media_group_id if update.message else None
            report = await context.services.ask.ingest(
                actor, filename, data, client_id=owner.id if owner else None, hold_earlier=True,
                album=album,
            )  # fmt: skip
        except IngestError as exc:
            key = f"kberr.{exc.code}"
            reason = context.t(key) if has(key) else context.t("kberr.other")
            text = (
                context.t("kb.error", filename=shown, reason=reason)
                if shown
                else context.t("kb.error_photo", reason=reason)
            )
        except DomainError as exc:
            text = context.t(exc.code, **exc.params)
        else:
            key = {"added": "kb.ingested", "updated": "kb.updated"}.get(
                report.status, "kb.unchanged"
            )
            text = context.t(key, title=report.title, pages=report.pages, chunks=report.chunks,
                             seconds=f"{report.seconds:.1f}")  # fmt: skip
            if report.page is not None and report.status in ("added", "updated"):
                text = page_filed(context.lang, report)
            if report.status in ("added", "updated"):  # who will read it
                seen = context.t("kb.for_all")
                if owner is not None:
                    seen = context.t("kb.for_client", client=owner.name)
                text = Html(f"{text}\n{seen}")
    if progress is not None:
        await progress.edit_text(text, parse_mode="HTML")
    else:
        await reply(update, text)
    if report is not None:
        await ask_after_upload(update, context, report, for_client=owner is not None)


async def card_photo(update: Update, context: KamContext) -> None:
    """The 📇 button under a client card: the photo of the business card a contact came from."""
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    raw = (query.data or "").removeprefix("ct:")
    photo = await context.services.contacts.photo(actor, int(raw)) if raw.isdigit() else None
    if photo is None:  # gone, or of a client this user may not see: the same answer
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    if update.effective_chat is not None:
        await update.effective_chat.send_photo(photo)


async def other_received(update: Update, context: KamContext) -> None:
    """A sticker, a GIF, a shared contact, a poll…: nothing the bot can take in; it says what it
    can, rather than staying silent."""
    context.require_actor()
    await reply(update, context.t("media.other_kind"))
