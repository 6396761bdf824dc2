"""Administration in chat: invitations and files sent to the bot (client imports, documents)."""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update

from bot.context import KamContext
from bot.handlers import media
from bot.handlers.knowledge import ingest_document
from bot.handlers.replies import Progress, button, reply
from bot.i18n import Html
from bot.render import import_done, row_error
from services.ask import for_one_client
from services.client_import import RowError, no_client_columns
from services.domain import Role, record_id
from services.users import TeamChoice

MAX_ERRORS_SHOWN = 30
RUNNING_IMPORTS = "running_imports"  # bot_data: button token → (sender's Telegram id, cancel)
CLIENT_FILE_TYPES = {".csv", ".xlsx"}


# "/invite manager 华东组 姓名：张三": the name the invited person goes by, after a keyword.
_NAME_GIVEN = re.compile(r"(?:^|\s)(?:name|姓名|名字)\s*[:：=]\s*(.*)$", re.IGNORECASE)
INVITE_NAMES = "invite_names"  # user_data: button token → the name given with an invite


async def invite_command(update: Update, context: KamContext) -> None:
    actor = context.require_actor()
    args = context.args or []
    role_word = args[0].lower() if args else ""
    if role_word not in {Role.MANAGER.value, Role.SUPERVISOR.value}:
        if actor.role is Role.MANAGER:
            await reply(update, context.t("error.forbidden"))
        else:
            await reply(update, context.t(_usage(actor.role)))
        return
    rest = " ".join(args[1:]).strip()
    name: str | None = None
    if (given := _NAME_GIVEN.search(rest)) is not None:
        name, rest = given.group(1).strip(), rest[: given.start()].strip()
        if not name:
            await reply(update, context.t(_usage(actor.role)))
            return
    elif actor.role is Role.SUPERVISOR and rest:
        # A supervisor's invite is always into their own team: what follows is the name.
        name, rest = rest, ""
    await _invite(update, context, Role(role_word), rest or None, name=name)


def _usage(role: Role) -> str:
    return "invite.usage_supervisor" if role is Role.SUPERVISOR else "invite.usage"


async def invite_team_chosen(update: Update, context: KamContext) -> None:
    """A team button under "which team?": inv:<m|s>:<team id>, :- for no team, :+<new name>;
    the role letter carries ~<token> when a name was given (the name waits in user_data)."""
    query = update.callback_query
    assert query is not None
    context.require_actor()
    parts = (query.data or "").split(":", 2)
    letter, _, token = (parts[1] if len(parts) == 3 else "").partition("~")
    role = _INVITE_ROLES.get(letter)
    choice = parts[2] if len(parts) == 3 else ""
    names: dict[str, str] = (context.user_data or {}).get(INVITE_NAMES, {})
    if role is None or not choice or (token and token not in names):
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    name = names.get(token) if token else None
    if choice == "-":
        await _invite(update, context, role, None, confirmed=True, name=name)
    elif choice.startswith("+"):
        await _invite(update, context, role, choice[1:], confirmed=True, name=name)
    elif (team_id := record_id(choice)) is not None:
        await _invite(update, context, role, None, team_id=team_id, name=name)
    else:
        await reply(update, context.t("button.stale"))


_INVITE_ROLES = {"m": Role.MANAGER, "s": Role.SUPERVISOR}
MAX_TEAM_BUTTONS = 12


async def _invite(
    update: Update,
    context: KamContext,
    role: Role,
    team: str | None,
    *,
    team_id: int | None = None,
    confirmed: bool = False,
    name: str | None = None,
) -> None:
    """The one-time link, or, for a team name no team has, the question which team is meant."""
    actor = context.require_actor()
    made = await context.services.users.create_invite(
        actor, role, team, team_id=team_id, confirmed=confirmed, name=name
    )
    if isinstance(made, TeamChoice):
        await _ask_team(update, context, made, name)
        return
    expires = made.expires_at.astimezone(ZoneInfo(actor.timezone)).strftime("%Y-%m-%d %H:%M")
    url = f"https://t.me/{context.bot.username}?start={made.code}"
    await reply(
        update,
        context.t(
            "invite.created",
            role=context.t(f"role.{made.role.value}"),
            team=Html(context.t("start.team_suffix", team=made.team)) if made.team else "",
            expires=expires,
            link=url,
            named="yes" if made.name else "no",
            name=made.name or "",
        ),
    )


async def _ask_team(
    update: Update, context: KamContext, choice: TeamChoice, name: str | None
) -> None:
    letter = "m" if choice.role is Role.MANAGER else "s"
    if name:
        token = secrets.token_hex(2)
        if isinstance(context.user_data, dict):
            context.user_data.setdefault(INVITE_NAMES, {})[token] = name
        letter += f"~{token}"
    rows = [[button(name[:60], f"inv:{letter}:{team_id}")]
            for team_id, name in choice.teams[:MAX_TEAM_BUTTONS]]  # fmt: skip
    role = context.t(f"role.{choice.role.value}")
    if choice.asked:
        new = f"inv:{letter}:+{choice.asked}"
        # The name rides in the button (about 16 Chinese characters fit); a longer new team is
        # made with `kam users add --team`, then chosen here.
        if len(new.encode()) <= 64:
            rows.append([button(context.t("invite.new_team_button", team=choice.asked), new)])
        text = context.t("invite.unknown_team", team=choice.asked, role=role)
    else:
        rows.append([button(context.t("invite.no_team_button"), f"inv:{letter}:-")])
        text = context.t("invite.choose_team", role=role)
    await reply(update, text, buttons=rows)


async def rename_command(update: Update, context: KamContext) -> None:
    """/rename <current name or Telegram id> <new name>: how a person is shown to everyone."""
    actor = context.require_actor()
    args = context.args or []
    if actor.role is Role.MANAGER:
        await reply(update, context.t("error.forbidden"))
        return
    if len(args) < 2:
        await reply(update, context.t("rename.usage"))
        return
    old, new = await context.services.users.rename(actor, args[0], " ".join(args[1:]))
    await reply(update, context.t("rename.done", old=old, new=new))


async def document_received(update: Update, context: KamContext) -> None:
    actor = context.require_actor()
    message = update.message
    assert message is not None and message.document is not None
    document = message.document
    filename = document.file_name or "file"
    if media.is_audio_document(filename, document.mime_type):
        await media.voice_received(update, context)  # a voice note sent as a file
        return
    if media.is_image_document(filename, document.mime_type):
        await media.photo_received(update, context)  # a card photographed at full quality
        return
    if actor.role is not Role.ADMIN:
        # Said plainly: who can import files, and what a manager can send instead.
        await reply(update, context.t("import.admin_only"))
        return
    limit_mb = context.config.max_upload_mb
    if document.file_size and document.file_size > limit_mb * 1024 * 1024:
        await reply(update, context.t("import.too_large", limit=limit_mb))
        return
    caption = (message.caption or "").lower()
    suffix = PurePath(filename).suffix.lower()
    for_kb = any(word in caption for word in media.KB_CAPTION_WORDS) or for_one_client(caption)
    if suffix in CLIENT_FILE_TYPES and not for_kb:
        telegram_file = await document.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
        # A spreadsheet of past visits and a client list are told apart by their headers.
        if await context.services.visit_import.is_visit_file(filename, data):
            await import_visits(update, context, filename, data)
        else:
            await import_clients(update, context, filename, data)
        return
    await ingest_document(update, context, filename)


@contextmanager
def _cancellable(context: KamContext) -> Iterator[tuple[asyncio.Event, list[list[Any]]]]:
    """A running import's cancel switch and the button that sets it (only for its sender)."""
    actor = context.require_actor()
    token = secrets.token_hex(6)
    cancel = asyncio.Event()
    running: dict[str, tuple[int, asyncio.Event]] = context.bot_data.setdefault(RUNNING_IMPORTS, {})
    running[token] = (actor.telegram_id, cancel)
    try:
        yield cancel, [[button(context.t("import.cancel_button"), f"imx:{token}")]]
    finally:
        running.pop(token, None)


async def import_cancel(update: Update, context: KamContext) -> None:
    """The cancel button under a running import: only the admin who sent the file may press it."""
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    token = (query.data or "").removeprefix("imx:")
    running: dict[str, tuple[int, asyncio.Event]] = context.bot_data.get(RUNNING_IMPORTS, {})
    found = running.get(token)
    if found is None:
        await query.answer(context.t("import.cancel_late"), show_alert=True)
        return
    sender, cancel = found
    if actor.role is not Role.ADMIN or actor.telegram_id != sender:
        await query.answer(context.t("import.cancel_denied"), show_alert=True)
        return
    cancel.set()  # the import stops before its next batch and takes back what it wrote
    await query.answer()


async def import_visits(update: Update, context: KamContext, filename: str, data: bytes) -> None:
    def done(result: Any) -> str:
        return context.t("vimport.done", created=result.created, clients=result.clients,
                         unchanged=result.unchanged)  # fmt: skip

    await _import(update, context, filename, data, context.services.visit_import.import_file,
                  working="vimport.working", failed="vimport.failed", done=done)  # fmt: skip


async def import_clients(update: Update, context: KamContext, filename: str, data: bytes) -> None:
    def hint(result: Any) -> str | None:
        # A spreadsheet with no client columns was most likely meant for the knowledge base.
        return context.t("import.maybe_kb") if no_client_columns(result.errors) else None

    await _import(update, context, filename, data, context.services.clients.import_file,
                  working="import.working", failed="import.failed",
                  done=lambda result: import_done(context.lang, result), hint=hint)  # fmt: skip


async def _import(
    update: Update,
    context: KamContext,
    filename: str,
    data: bytes,
    run: Callable[..., Awaitable[Any]],
    *,
    working: str,
    failed: str,
    done: Callable[[Any], str],
    hint: Callable[[Any], str | None] = lambda result: None,
) -> None:
    """An import under one progress message with its cancel button: the message turns into
    the result, or into the bad lines (none of the file is imported then)."""
    actor = context.require_actor()
    with _cancellable(context) as (cancel, buttons):
        async with Progress(
            update, context, context.t(working, filename=filename), buttons=buttons
        ) as progress:
            result = await run(actor, filename, data, cancel=cancel)
            if result.ok:
                await progress.done(done(result))
                return
            lines: list[str] = [context.t(failed, filename=filename, count=len(result.errors))]
            lines += [render_row_error(context, err) for err in result.errors[:MAX_ERRORS_SHOWN]]
            if len(result.errors) > MAX_ERRORS_SHOWN:
                lines.append(context.t("import.more", count=len(result.errors) - MAX_ERRORS_SHOWN))
            if (extra := hint(result)) is not None:
                lines.append(extra)
            await progress.done("\n".join(lines))


def render_row_error(context: KamContext, error: RowError) -> str:
    return row_error(context.lang, error)
