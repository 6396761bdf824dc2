"""/visit, /visits and a visit's buttons: report a visit, list, edit or delete your visits."""

from __future__ import annotations

from telegram import Update

from bot.context import KamContext
from bot.handlers.outcome import command_text, send_outcome
from bot.handlers.replies import button, reply
from bot.i18n import t
from bot.render import visit_card
from services.domain import record_id


async def visit_command(update: Update, context: KamContext) -> None:
    actor = context.require_actor()
    # With a model the report is read as structured output; the rules read it otherwise.
    outcome = await context.services.conversations.start_visit(actor, command_text(update))
    await send_outcome(update, context, outcome)


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
        outcome = await visits.ask_delete(actor, visit_id)
        if outcome.says and outcome.says[0].key == "visit.delete_confirm":
            params = outcome.says[0].params
            await reply(update, context.t("visit.delete_confirm", **params), buttons=[[
                button(context.t("visits.delete_yes"), f"vs:{visit_id}:delok"),
                button(context.t("button.cancel"), f"vs:{visit_id}:keep")]])  # fmt: skip
            return
    elif parts[2] == "delok":
        outcome = await visits.delete(actor, visit_id)
    elif parts[2] == "keep":
        await reply(update, context.t("visit.delete_kept", id=visit_id))
        return
    else:
        outcome = await visits.start_edit(actor, visit_id)
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
    actor = context.require_actor()
    views = await context.services.visits.recent(actor, command_text(update) or None)
    if not views:
        await reply(update, context.t("visits.none"))
        return
    lang = context.lang
    await reply(update, context.t("visits.header", count=len(views)))
    for v in views:
        card = {"client_name": v.client_name, "visited_on": v.visited_on.isoformat(),
                "visited_time": v.visited_time, "kind": v.kind,
                "people": [{"name": n, "title": ti} for n, ti in v.people], "summary": v.summary,
                "next_step": v.next_step,
                "follow_up_on": v.follow_up_on.isoformat() if v.follow_up_on else None,
                "distance_m": v.distance_m, "author": v.author_name, "id": v.id}  # fmt: skip
        buttons = None
        if v.editable:
            buttons = [[button(t(lang, "visits.edit"), f"vs:{v.id}:edit"),
                        button(t(lang, "visits.delete"), f"vs:{v.id}:del")]]  # fmt: skip
        await reply(update, visit_card(lang, card), buttons=buttons)
