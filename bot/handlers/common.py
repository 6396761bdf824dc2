"""Start, help, language and cancel: the bot's manners."""

from __future__ import annotations

from telegram import Update

from bot.context import KamContext
from bot.handlers.replies import button, reply
from bot.i18n import Html, language_of
from services.domain import Language, Role
from services.errors import DomainError

HELP_BY_ROLE: dict[Role, tuple[str, ...]] = {
    Role.MANAGER: ("help.visit", "help.complaint", "help.client", "help.visits", "help.complaints",
                   "help.ask", "help.summary", "help.export_all", "help.lang", "help.cancel", "help.help"),
    Role.SUPERVISOR: ("help.visit", "help.complaint", "help.client", "help.visits",
                      "help.complaints", "help.ask", "help.summary", "help.export_all", "help.invite_supervisor",
                      "help.lang", "help.cancel", "help.help"),
    Role.ADMIN: ("help.visit", "help.complaint", "help.client", "help.visits", "help.complaints",
                 "help.ask", "help.invite", "help.import", "help.kb", "help.summary", "help.export_all",
                 "help.lang", "help.cancel", "help.help"),
}  # fmt: skip


async def start(update: Update, context: KamContext) -> None:
    user = update.effective_user
    assert user is not None
    if context.actor is None:
        code = context.args[0] if context.args else ""
        try:
            actor = await context.services.users.accept_invite(
                code=code,
                telegram_id=user.id,
                name=user.full_name,
                language=Language(language_of(user.language_code)),
            )
        except DomainError as exc:
            await reply(update, context.t(exc.code, **exc.params))
            return
        context.actor, context.lang = actor, actor.language.value
        team = ""
        if actor.team_id is not None:
            team_name = await context.services.users.team_name(actor.team_id)
            team = context.t("start.team_suffix", team=team_name or "")
        await reply(
            update,
            context.t("start.registered", name=actor.name,
                      role=context.t(f"role.{actor.role.value}"), team=Html(team)),
        )  # fmt: skip
        return
    await reply(update, context.t("start.welcome", name=context.actor.name))


async def help_command(update: Update, context: KamContext) -> None:
    actor = context.require_actor()
    lines = [context.t("help.header")]
    lines += [context.t(key) for key in HELP_BY_ROLE[actor.role]]
    lines.append(context.t("help.footer", role=context.t(f"role.{actor.role.value}")))
    await reply(update, "\n".join(lines))


async def lang_command(update: Update, context: KamContext) -> None:
    context.require_actor()
    await reply(
        update,
        context.t("lang.choose"),
        buttons=[
            [button(context.t("button.zh"), "lang:zh"), button(context.t("button.en"), "lang:en")]
        ],
    )


async def lang_chosen(update: Update, context: KamContext) -> None:
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    choice = (query.data or "").removeprefix("lang:")
    if choice not in {lang.value for lang in Language}:
        await query.answer(context.t("button.stale"))
        return
    actor = await context.services.users.set_language(actor, Language(choice))
    context.actor, context.lang = actor, actor.language.value
    await query.answer()
    await reply(update, context.t("lang.set"))


async def cancel(update: Update, context: KamContext) -> None:
    context.require_actor()
    had_flow = await context.services.conversations.cancel(context.require_actor())
    await reply(update, context.t("cancel.done" if had_flow else "cancel.nothing"))


async def unknown_command(update: Update, context: KamContext) -> None:
    context.require_actor()
    await reply(update, context.t("error.not_a_command"))


async def stale_button(update: Update, context: KamContext) -> None:
    query = update.callback_query
    if query is not None:
        await query.answer(context.t("button.stale"), show_alert=False)
