"""/visit, /visits and a visit's buttons: report a visit, list, edit or delete your visits."""

from __future__ import annotations

from telegram import Update

from bot.context import KamContext
from bot.handlers.history import history_button_of
from bot.handlers.outcome import (
    client_choices,
    command_text,
    render_say,
    send_commanded_report,
    send_outcome,
)
from bot.handlers.replies import button, reply
from bot.render import recent_visits, recorded_visit_card
from services.domain import record_id
from services.history import Record


async def visit_command(update: Update, context: KamContext) -> None:
    # With a model the report is read as structured output; the rules read it otherwise. Another
    # draft waiting: this one is offered after it, not put in its place unasked.
    await send_commanded_report(update, context, "visit")


async def visit_record_button(update: Update, context: KamContext) -> None:
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    parts = (query.data or "").split(":", 2)
    visit_id = record_id(parts[1]) if len(parts) == 3 else None
    if visit_id is None:
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    visits = context.services.visits
    if parts[2] == "del":
        await ask_to_delete(update, context, visit_id)
        return
    if parts[2] == "delok":
        outcome = await visits.delete(actor, visit_id)
    elif parts[2] == "keep":
        await reply(update, context.t("visit.delete_kept", id=visit_id))
        return
    elif parts[2] == "open":
        await show_visit(update, context, visit_id)
        return
    else:
        outcome = await visits.start_edit(actor, visit_id)
    await send_outcome(update, context, outcome)


async def ask_to_delete(update: Update, context: KamContext, visit_id: int) -> None:
    """Whether to delete a visit (🗑 under it, or "撤销刚才那条走访记录" typed), its client and
    day named; or why it cannot be."""
    actor = context.require_actor()
    outcome = await context.services.visits.ask_delete(actor, visit_id)
    if outcome.says and outcome.says[0].key == "visit.delete_confirm":
        # Rendered as every step's message is (the client by its English name in English);
        # its buttons are this record's own.
        clients = await client_choices(context, context.lang, outcome)
        text, _ = render_say(context.lang, actor, outcome.says[0], clients)
        await reply(update, text, buttons=[[
            button(context.t("visits.delete_yes"), f"vs:{visit_id}:delok"),
            button(context.t("button.cancel"), f"vs:{visit_id}:keep")]])  # fmt: skip
        return
    await send_outcome(update, context, outcome)


async def location_received(update: Update, context: KamContext) -> None:
    actor = context.require_actor()
    message = update.message
    assert message is not None and message.location is not None
    outcome = await context.services.conversations.on_location(
        actor, message.location.latitude, message.location.longitude
    )
    if outcome is None:
        await reply(update, context.t("visit.location_no_flow"))
        return
    await send_outcome(update, context, outcome)


async def visits_command(update: Update, context: KamContext) -> None:
    """The recent visits in one message; a visit's number opens it in full, with its actions."""
    actor = context.require_actor()
    views = await context.services.visits.recent(actor, command_text(update) or None)
    if not views:
        await reply(update, context.t("visits.none"))
        return
    numbers = [button(str(n), f"vs:{v.id}:open") for n, v in enumerate(views, start=1)]
    await reply(update, recent_visits(context.lang, views, actor.user_id),
                buttons=[numbers[i : i + 5] for i in range(0, len(numbers), 5)])  # fmt: skip


async def show_visit(update: Update, context: KamContext, visit_id: int) -> None:
    """One visit from the list, in full; its author may still edit or delete it."""
    actor = context.require_actor()
    view = await context.services.visits.one(actor, visit_id)
    if view is None:
        await reply(update, context.t("visits.not_found"))
        return
    buttons = []
    if view.editable:
        buttons = [[button(context.t("visits.edit"), f"vs:{view.id}:edit"),
                    button(context.t("visits.delete"), f"vs:{view.id}:del")]]  # fmt: skip
    buttons.append([history_button_of(context, Record.VISIT, view.id)])
    await reply(update, recorded_visit_card(context.lang, view), buttons=buttons)
