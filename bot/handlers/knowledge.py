"""Questions answered from the knowledge base, and its documents managed from chat."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import time
from collections.abc import Awaitable
from typing import TypeVar
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.concurrency import slow_work
from bot.context import KamContext
from bot.handlers.assistant import send_briefing, send_reply
from bot.handlers.clients import clients_command, facts_prefix, show_card, show_facts
from bot.handlers.common import help_command
from bot.handlers.complaints import send_ticket, send_tickets
from bot.handlers.exports import export_asked
from bot.handlers.history import history_asked_in_words, replied_record
from bot.handlers.outcome import send_outcome
from bot.handlers.reminders import reminders_command
from bot.handlers.replies import (
    CALLBACK_LIMIT,
    Progress,
    button,
    client_buttons,
    client_name,
    example_client,
    pressed_language,
    reply,
)
from bot.handlers.summary import answer_summary_question
from bot.handlers.visits import ask_to_delete
from bot.i18n import Html, asked_language, has, typed_language
from bot.progress import Estimate, bar
from bot.render import render_answer
from config.catalog import chinese
from knowledge import IngestError, IngestReport
from services.domain import Role
from services.errors import DomainError, NotFound
from services.interpret import MAX_QUESTION_CHARS, Meaning, Reading
from services.small_talk import (
    AGENDA,
    CLIENTS,
    HELP,
    NEW_COMPLAINT,
    NEW_VISIT,
    TICKETS,
    agenda_last_day,
    late_tickets_asked,
)
from services.summaries.questions import client_asked_about

MAX_VERSION_BUTTONS = 5
KB_PAGE = 20  # documents a /kb page lists, each with its remove button (4 to a row)
PROGRESS_SECONDS = 2.0  # Telegram allows about one edit of a message per second
log = logging.getLogger("kam.bot.knowledge")


async def ask_command(update: Update, context: KamContext) -> None:
    question = " ".join(context.args or []).strip()
    if not question:
        await reply(update, context.t("ask.usage"))
        return
    await answer_question(update, context, question)


async def plain_text(update: Update, context: KamContext) -> None:
    """A conversation in progress takes the text first; a visit report is offered for logging;
    anything else is a question."""
    message = update.message
    if message is None or not message.text:
        return
    await handle_text(update, context, message.text.strip())


async def handle_text(
    update: Update, context: KamContext, text: str, *, heard: str | None = None
) -> None:
    """Say what the text meant (services.interpret decides; a text `heard` in a voice note is
    shown first, on the card or above the answer, so a mistake in transcription is seen before
    anything is confirmed)."""
    actor = context.require_actor()
    chat = update.effective_chat
    interpreter = context.services.interpreter

    async def before_model() -> None:
        await slow_work()  # the model answers: quick replies must not wait behind it
        if chat is not None:
            await chat.send_action(ChatAction.TYPING)

    try:
        reading = await interpreter.read(
            actor, text, chat_id=chat.id if chat else 0, heard=heard, before_model=before_model,
            replied=replied_record(update),
        )  # fmt: skip
    except NotFound:
        # "who is the contact at Shagang?" of no client of theirs: the refusal the error funnel
        # says is the question's answer, in the question's language.
        context.lang = asked_language(text, context.lang)
        raise
    await say_reading(update, context, text, reading, heard)
    if reading.pending is not None:  # a draft waits: its question again, after the answer
        await send_outcome(update, context, reading.pending)


async def say_reading(
    update: Update, context: KamContext, text: str, reading: Reading, heard: str | None
) -> None:
    actor = context.require_actor()
    if reading.model_claimed:
        await reply(update, context.t("assistant.nothing_saved"))
    elif reading.model_unsupported:
        unchecked = "drafts.unchecked_rule" if reading.model_unsaid_rule else "drafts.unchecked"
        await reply(update, context.t(unchecked))
    elif reading.model_failed:
        await reply(update, context.t("assistant.fallback"))
    if reading.outcome is not None:  # a conversation's step, or a visit report offered
        await send_outcome(update, context, reading.outcome, heard=heard)
        return
    if reading.meaning in (Meaning.BRIEFING, Meaning.ASSISTANT, Meaning.EXPORT) and heard:
        await reply(update, context.t("voice.heard", text=heard))  # 🎤 first: a mishearing shows
    if reading.meaning is Meaning.BRIEFING:
        assert reading.name is not None
        await send_briefing(update, context, reading.name)
        return
    if reading.meaning is Meaning.EXPORT:
        assert reading.export is not None
        context.lang = asked_language(text, context.lang)  # the caption in the request's language
        await export_asked(update, context, reading.export)
        return
    if reading.meaning is Meaning.UNDO_VISIT:
        context.lang = asked_language(text, context.lang)
        if reading.visit_id is None:
            await reply(update, context.t("visit.undo_none"))
        else:
            await ask_to_delete(update, context, reading.visit_id)
        return
    if reading.meaning is Meaning.TICKET:
        assert reading.ticket_id is not None
        context.lang = asked_language(text, context.lang)
        await send_ticket(update, context, reading.ticket_id)
        return
    if reading.meaning is Meaning.HISTORY:
        assert reading.history is not None
        context.lang = asked_language(text, context.lang)
        await history_asked_in_words(update, context, reading.history, reading.client_id)
        return
    if reading.meaning is Meaning.ASSISTANT:
        assert reading.reply is not None
        await send_reply(update, context, reading.reply)
        return
    if reading.meaning is Meaning.SMALL_TALK:
        if reading.talk in (AGENDA, CLIENTS, TICKETS):
            # A list asked for in words comes in the words' language, as a summary question does.
            context.lang = asked_language(text, context.lang)
        elif chinese(context.lang) and chinese(spoken := asked_language(text, context.lang)):
            context.lang = spoken  # 謝謝 to one who reads simplified: thanked in traditional
        if reading.talk == HELP:  # "帮助" typed as a message: the same list as /help
            await help_command(update, context)
            return
        if reading.talk == AGENDA:  # "今天该做什么？": the same list as /reminders
            # "这周有什么到期的": what falls due by Sunday (overdue included), in either language.
            today = context.services.clock.now().astimezone(ZoneInfo(actor.timezone)).date()
            await reminders_command(update, context, agenda_last_day(text, today))
            return
        if reading.talk == CLIENTS:  # "我有哪些客户？": the same list as /clients
            await clients_command(update, context)
            return
        if reading.talk == TICKETS:  # "哪些投诉快到期了？": the same list as /complaints
            await send_tickets(update, context, late_only=late_tickets_asked(text))
            return
        if reading.talk in (NEW_VISIT, NEW_COMPLAINT):  # "我要记录一次走访": as /visit alone
            drafts = context.services.drafts
            start = drafts.visit if reading.talk == NEW_VISIT else drafts.complaint
            await send_outcome(update, context, await start(actor, ""))
            return
        await reply(update, context.t(f"talk.{reading.talk}", name=actor.name))
        return
    if heard:
        await reply(update, context.t("voice.heard", text=heard))
    if reading.meaning is Meaning.SUMMARY:
        assert reading.summary is not None
        context.lang = asked_language(text, context.lang)  # answered in the question's language
        await answer_summary_question(update, context, reading.summary)
        return
    await say_answer(update, context, text, reading)


async def answer_question(update: Update, context: KamContext, question: str) -> None:
    actor = context.require_actor()
    reading = await context.services.interpreter.question(actor, question)
    await say_answer(update, context, question, reading)


async def say_answer(update: Update, context: KamContext, question: str, reading: Reading) -> None:
    """A question's reading: a client's card, the clients it may mean, or the documents' answer."""
    if reading.meaning is Meaning.TOO_LONG:
        await reply(
            update, context.t("error.too_long", length=reading.length, limit=MAX_QUESTION_CHARS)
        )
        return
    if reading.meaning is Meaning.CLIENT:
        assert reading.client_id is not None
        await show_card(update, context, reading.client_id)
        return
    if reading.meaning is Meaning.CHOOSE_CLIENT:
        context.lang = asked_language(question, context.lang)  # the pick in the question's language
        await reply(
            update,
            context.t("client.choose_among", query=reading.name or question),
            buttons=await client_buttons(context, reading.options, facts_prefix(reading.facts)),
        )
        return
    if reading.meaning is Meaning.MISTYPED_CLIENT:
        context.lang = asked_language(question, context.lang)
        await reply(
            update,
            context.t("client.did_you_mean", query=reading.name or question),
            buttons=await client_buttons(context, reading.options, facts_prefix(reading.facts)),
        )
        return
    if reading.meaning is Meaning.CLIENT_HINT:
        assert reading.client_id is not None
        context.lang = asked_language(question, context.lang)  # the card in the question's language
        if reading.facts:
            await show_facts(
                update, context, reading.client_id, reading.facts, person=reading.person
            )
            return
        name = await client_name(context, reading.client_id, reading.name or "")
        await reply(update, context.t("ask.client_hint", name=name))
        await show_card(update, context, reading.client_id)
        return
    if reading.meaning is Meaning.NO_DRAFT:
        context.lang = asked_language(question, context.lang)
        await reply(update, context.t("drafts.no_draft"))
        return
    if reading.meaning is Meaning.TIME_ALONE:
        context.lang = typed_language(question, context.lang)  # "next Wednesday" is English
        client = await example_client(context)  # the user's own, not somebody else's
        await reply(
            update, context.t("ask.time_alone", when=reading.name or question, client=client)
        )
        return
    if reading.meaning is Meaning.NO_KNOWLEDGE:
        if not await _not_among_clients(update, context, question):
            await reply(update, context.t("ask.unavailable"))
        return
    actor = context.require_actor()
    await slow_work()  # the model answers: quick replies must not wait behind it
    if update.effective_chat is not None:
        await update.effective_chat.send_action(ChatAction.TYPING)
    answer = await context.services.ask.answer(actor, question)
    assert answer is not None
    if answer.found or not await _not_among_clients(update, context, question):
        await reply(update, render_answer(answer, context.lang))


async def _not_among_clients(update: Update, context: KamContext, question: str) -> bool:
    """A question about one client's complaints or visits that the documents do not answer
    ("沙钢那个工单解决了吗") names no client of the asker's (one of theirs was answered by its
    card): they are told so, rather than that the company's documents say nothing."""
    name = client_asked_about(question)
    if name is None:
        return False
    context.lang = asked_language(question, context.lang)
    await reply(update, context.t("error.no_client_named", query=name))
    return True


async def kb_command(update: Update, context: KamContext) -> None:
    """/kb lists the documents a page at a time; /kb 销售 only those with 销售 in their name."""
    await send_kb_page(update, context, " ".join(context.args or []).strip(), 0)


async def kb_page(update: Update, context: KamContext) -> None:
    """◀ / ▶ under a /kb page: `kbpg:PAGE:PART`; the documents are read again, as the actor
    may see them now."""
    query = update.callback_query
    assert query is not None
    data, _ = pressed_language(query.data or "")
    number, _, part = data.removeprefix("kbpg:").partition(":")
    if not number.isdigit():
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    await send_kb_page(update, context, part, int(number))


async def send_kb_page(update: Update, context: KamContext, part: str, page: int) -> None:
    actor = context.require_actor()
    docs = await context.services.ask.documents(actor, part)
    if not docs:
        await reply(
            update, context.t("kb.none_matching", part=part) if part else context.t("kb.empty")
        )
        return
    pages = -(-len(docs) // KB_PAGE)
    page = min(page, pages - 1)
    first = page * KB_PAGE
    shown = docs[first : first + KB_PAGE]
    zone = ZoneInfo(actor.timezone)
    owners = await context.services.ask.owners(actor, shown)
    head = (
        context.t("kb.header_matching", count=len(docs), part=part)
        if part
        else context.t("kb.header", count=len(docs))
    )
    lines = [head]
    if pages > 1:
        lines.append(context.t("kb.page", page=page + 1, pages=pages))
    buttons = []
    titles = {d.doc_id: d.title for d in docs}
    if any(d.held_for is not None and d.held_for not in titles for d in shown):
        # Listed by part of a name: the newer edition may not be among those listed.
        titles = {d.doc_id: d.title for d in await context.services.ask.documents(actor)}
    for n, doc in enumerate(shown, start=first + 1):
        when = doc.ingested_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        if doc.pages > 1:  # a PDF, or a document photographed page by page: pages a reader counts
            item = context.t(
                "kb.item_pages", n=n, title=doc.title, pages=doc.pages, chunks=doc.chunks, when=when
            )
        else:
            item = context.t("kb.item", n=n, title=doc.title, chunks=doc.chunks, when=when)
        if doc.client_id is not None:  # who reads it: that client's manager and supervisor
            owner = owners.get(doc.client_id, f"#{doc.client_id}")
            item = Html(item + context.t("kb.item_client", client=owner))
        if doc.held_for is not None:  # an earlier edition waiting for the admin's choice
            newer = titles.get(doc.held_for, "?")
            item = Html(item + context.t("kb.item_held", new=newer))
        lines.append(item)
        if actor.role is Role.ADMIN:  # only an admin adds or removes documents
            buttons.append(button(context.t("kb.remove_button", n=n), f"kbdel:{doc.doc_id[:40]}"))
            if doc.held_for is not None:
                label = context.t("kb.restore_button", n=n)
                buttons.append(button(label, f"kbkeep:{doc.held_for[:16]}"))
    rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
    kept = _kept_in_button(part, page + 1)
    moves = []
    if page > 0:
        moves.append(button(context.t("kb.previous"), f"kbpg:{page - 1}:{kept}"))
    if page + 1 < pages:
        moves.append(button(context.t("kb.next"), f"kbpg:{page + 1}:{kept}"))
    if moves:
        rows.append(moves)
    if pages > 1 and not part:
        lines.append(context.t("kb.filter_hint"))
    await reply(update, "\n".join(lines), buttons=rows)


def _kept_in_button(part: str, page: int) -> str:
    """As much of the filter as fits in a page button's data (Telegram keeps 64 bytes), room
    left for the language mark."""
    room = CALLBACK_LIMIT - len(f"kbpg:{page}:~zh-Hant".encode())
    while len(part.encode()) > room:
        part = part[:-1]
    return part


T = TypeVar("T")


async def _pressed(
    query: CallbackQuery, context: KamContext, call: Awaitable[T | None]
) -> T | None:
    """What a /kb button's service call returned, the press answered; None (said as an alert
    for a refusal, as a stale button for nothing found) when there is nothing to go on with."""
    try:
        found = await call
    except DomainError as exc:
        await query.answer(context.t(exc.code, **exc.params), show_alert=True)
        return None
    await query.answer(None if found is not None else context.t("button.stale"))
    return found


async def kb_remove(update: Update, context: KamContext) -> None:
    """🗑 on /kb asks first, naming the document: one mistaken tap must not take a document
    (and every answer quoted from it) away from the whole company."""
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    doc_id = pressed_language(query.data or "")[0].removeprefix("kbdel:")
    doc = await _pressed(query, context, context.services.ask.removable(actor, doc_id))
    if doc is None:
        return
    yes = button(context.t("kb.remove_yes"), f"kbdelok:{doc_id}")
    no = button(context.t("kb.remove_no"), f"kbdelno:{doc_id}")
    await reply(update, context.t("kb.remove_confirm", title=doc.title), buttons=[[yes, no]])


async def kb_remove_confirmed(update: Update, context: KamContext) -> None:
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    doc_id = pressed_language(query.data or "")[0].removeprefix("kbdelok:")
    removed = await _pressed(query, context, context.services.ask.remove(actor, doc_id))
    if removed is None:
        return
    await reply(update, context.t("kb.removed", title=removed.title))


async def kb_remove_kept(update: Update, context: KamContext) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await reply(update, context.t("kb.remove_kept"))


async def kb_replace(update: Update, context: KamContext) -> None:
    """🔁 under a new version's upload: `kbrep:OLD:NEW` (id prefixes) removes the earlier
    version, so that answers quote only the new one. The admin's role and both documents are
    checked again here: the press may be forged or late."""
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    old_id, _, new_id = pressed_language(query.data or "")[0].removeprefix("kbrep:").partition(":")
    done = await _pressed(
        query, context, context.services.ask.replace_version(actor, old_id, new_id)
    )
    if done is None:
        return
    old, new = done
    await reply(update, context.t("kb.replaced", old=old.title, new=new.title))


async def kb_keep_versions(update: Update, context: KamContext) -> None:
    """ "Keep both" under a new version's upload (or ▶ on /kb): `kbkeep:NEW` (an id prefix) lets
    the earlier editions held out of answers for NEW answer again beside it."""
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    if actor.role is not Role.ADMIN:
        await query.answer(context.t("error.forbidden"), show_alert=True)
        return
    new_id = pressed_language(query.data or "")[0].removeprefix("kbkeep").removeprefix(":")
    if not new_id:  # an offer from before editions were held: nothing was set aside
        await query.answer()
        await reply(update, context.t("kb.kept_versions"))
        return
    kept = await _pressed(query, context, context.services.ask.keep_versions(actor, new_id))
    if kept is None:
        return
    titles = " / ".join(f"“{doc.title}”" for doc in kept)
    await reply(update, context.t("kb.kept_held", titles=titles))


async def ingest_document(update: Update, context: KamContext, filename: str) -> None:
    actor = context.require_actor()
    message = update.message
    assert message is not None and message.document is not None
    if not context.services.ask.available:
        await reply(update, context.t("ask.unavailable"))
        return
    # "客户：华能南京电厂" as the caption: for that client alone (a name that is no client, or
    # could be several, is refused here, before anything is read or filed for everyone).
    owner = await context.services.ask.upload_client(actor, message.caption or "")
    started = time.monotonic()
    # The progress message always ends with the result, a refusal's reason or the apology.
    async with Progress(update, context, context.t("kb.ingesting", filename=filename)) as progress:
        telegram_file = await message.document.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
        edits = ProgressEdits(context, progress.message, filename)
        try:
            report = await context.services.ask.ingest(
                actor, filename, data, edits.on_progress, reading=edits.on_pages,
                client_id=owner.id if owner else None, hold_earlier=True,
            )  # fmt: skip
        except IngestError as exc:
            key = f"kberr.{exc.code}"
            reason = context.t(key) if has(key) else context.t("kberr.other")
            await progress.done(context.t("kb.error", filename=filename, reason=reason))
            return
        finally:
            await edits.settled()
        seconds = f"{time.monotonic() - started:.1f}"
        key = {"added": "kb.ingested", "updated": "kb.updated", "duplicate": "kb.duplicate"}.get(
            report.status, "kb.unchanged"
        )
        text = context.t(key, title=report.title, pages=report.pages, chunks=report.chunks,
                         seconds=seconds)  # fmt: skip
        if report.status in ("added", "updated"):  # who will read it: a slip is seen at once
            seen = context.t("kb.for_all")
            if owner is not None:
                seen = context.t("kb.for_client", client=owner.name)
            text = Html(f"{text}\n{seen}")
        await progress.done(text)
    await ask_after_upload(update, context, report, for_client=owner is not None)


async def ask_after_upload(
    update: Update, context: KamContext, report: IngestReport, *, for_client: bool
) -> None:
    """After a document (or a photographed page) is filed: the earlier editions it set aside,
    with the admin's choices, and the same content filed for other readers."""
    if report.status in ("added", "updated"):
        shown = set()
        if report.status == "added":
            shown = await _offer_removing_other_versions(update, context, report.doc_id, for_client)
        await _tell_same_content(update, context, report.doc_id, shown)


async def _tell_same_content(
    update: Update, context: KamContext, doc_id: str, shown: set[str]
) -> None:
    """The same content filed for other readers (company-wide, or another client) is not a
    duplicate (each copy reaches readers the other does not), but the admin is told where it
    is, with a button to remove each: a client's note sent for another client may be a slip, and
    a reader of both copies sees it quoted twice."""
    actor = context.require_actor()
    twins = [d for d in await context.services.ask.same_content(actor, doc_id)
             if d.doc_id not in shown]  # fmt: skip
    if not twins:
        return
    owners = await context.services.ask.owners(actor, twins)
    lines = [context.t("kb.same_content")]
    buttons = []
    for doc in twins[:MAX_VERSION_BUTTONS]:
        if doc.client_id is None:
            lines.append(context.t("kb.same_content_all", title=doc.title))
        else:
            client = owners.get(doc.client_id, f"#{doc.client_id}")
            lines.append(context.t("kb.same_content_client", title=doc.title, client=client))
        label = context.t("kb.remove_copy_button", title=doc.title[:40])
        buttons.append([button(label, f"kbdel:{doc.doc_id[:40]}")])
    await reply(update, "\n".join(lines), buttons=buttons)


async def _offer_removing_other_versions(
    update: Update, context: KamContext, doc_id: str, for_client: bool
) -> set[str]:
    """A new version sent under a new name ("销售管理办法（2026修订）.docx") would be quoted
    beside the old one, old and new rules for one question: the old one was set aside in the
    same write (it answers nothing), and the admin is asked whether the new one replaces it (one
    tap removes it) or both are kept (it answers again); untapped, only the new one answers,
    and /kb shows the old one set aside, with both choices. A client's note sent
    again with its client is still read by everyone in its first, company-wide copy: its
    removal is offered (asked again, naming it, as from /kb)."""
    actor = context.require_actor()
    others = await context.services.ask.other_versions(actor, doc_id)
    if not others:
        return set()
    zone = ZoneInfo(actor.timezone)
    public = for_client and any(doc.client_id is None for doc in others)
    held = any(doc.held_for == doc_id for doc in others)
    key = "kb.public_copy" if public else "kb.held_versions" if held else "kb.other_versions"
    lines = [context.t(key)]
    buttons = []
    for doc in others[:MAX_VERSION_BUTTONS]:
        when = doc.ingested_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        lines.append(context.t("kb.other_version", title=doc.title, when=when))
        if for_client and doc.client_id is None:
            label = context.t("kb.remove_public_button", title=doc.title[:40])
            buttons.append([button(label, f"kbdel:{doc.doc_id[:40]}")])
        else:
            label = context.t("kb.replace_button", title=doc.title[:40])
            buttons.append([button(label, f"kbrep:{doc.doc_id[:16]}:{doc_id[:16]}")])
    if not public:
        keep = f"kbkeep:{doc_id[:16]}" if held else "kbkeep"
        buttons.append([button(context.t("kb.keep_versions_button"), keep)])
    await reply(update, "\n".join(lines), buttons=buttons)
    return {doc.doc_id for doc in others[:MAX_VERSION_BUTTONS]}


class ProgressEdits:
    """Edits the upload's progress message as chunks are embedded (called from the ingesting
    thread), at most once per PROGRESS_SECONDS; every edit is finished before the final reply."""

    def __init__(self, context: KamContext, message: Message | None, filename: str) -> None:
        self._context = context
        self._message = message
        self._filename = filename
        self._loop = asyncio.get_running_loop()
        self._estimate = Estimate()
        self._last = 0.0
        self._key = ""
        self._pending: list[concurrent.futures.Future[None]] = []

    def on_progress(self, done: int, total: int) -> None:
        self._show("kb.progress", done, total)

    def on_pages(self, done: int, total: int) -> None:
        """A scanned PDF's pages as OCR reads them (seconds each), before any chunk exists."""
        self._show("kb.progress_pages", done, total)

    def _show(self, key: str, done: int, total: int) -> None:
        now = time.monotonic()
        if key != self._key:
            if self._key:  # the pages are read: the chunks' estimate starts now
                self._estimate.restart()
            self._key = key
        if self._message is None or done == 0 or now - self._last < PROGRESS_SECONDS:
            return
        self._last = now
        left = self._estimate.left(done, total)
        text = self._context.t(
            key, filename=self._filename, bar=bar(done, total, 10), done=done,
            total=total, left="…" if left is None else f"{left:.0f}",
        )  # fmt: skip
        self._pending.append(asyncio.run_coroutine_threadsafe(self._edit(text), self._loop))

    async def _edit(self, text: str) -> None:
        assert self._message is not None
        try:
            await self._message.edit_text(text, parse_mode="HTML")
        except TelegramError as exc:  # a missed progress step is not worth failing the upload
            log.info("progress edit skipped: %s", exc)

    async def settled(self) -> None:
        for future in self._pending:
            await asyncio.wrap_future(future)
