"""Client lookup: /client NAME, the pick-one buttons and the client card; /clients (or /client
alone) lists the clients the user may see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from telegram import InlineKeyboardButton, Update

from bot.context import KamContext
from bot.handlers.history import history_button_of
from bot.handlers.replies import button, client_buttons, example_client, reply
from bot.render import client_card, client_facts
from bot.render_summary import render_activity
from services.ask import CardFact
from services.domain import ContactInfo, record_id
from services.history import Record
from services.summaries.periods import AS_OF_TODAY
from services.summaries.records import ListKind


async def client_command(update: Update, context: KamContext) -> None:
    actor = context.require_actor()
    query = " ".join(context.args or []).strip()
    if not query:  # "/client" alone: the user's clients, with how to look one up
        await clients_command(
            update, context, lead=context.t("client.usage", client=await example_client(context))
        )
        return
    choice = await context.services.clients.find(actor, query)
    if choice.sure is not None:
        await show_card(update, context, choice.sure.id)
        return
    if not choice.options:
        await reply(update, context.t("client.none", query=query))
        return
    await reply(
        update,
        context.t("client.choose_among" if choice.named else "client.did_you_mean", query=query),
        buttons=await client_buttons(context, choice.options, "client"),
    )


async def clients_command(update: Update, context: KamContext, lead: str = "") -> None:
    """The clients the user may see (a manager's own, a supervisor's team's), worst first."""
    from bot.handlers.summary import send_page  # summary renders cards with this module

    context.require_actor()
    await send_page(update, context, ListKind.CLIENTS, AS_OF_TODAY, None, 0, lead=lead)


async def client_chosen(update: Update, context: KamContext) -> None:
    query = update.callback_query
    assert query is not None
    context.require_actor()
    client_id = record_id((query.data or "").removeprefix("client:"))
    if client_id is None:
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    # The id in the button is only a request: the service checks access again.
    await show_card(update, context, client_id)


# A client picked for the lines a question asked for: "cf:<letters>:<id>" ("cf:cd:12": contacts
# and decision makers of client 12), a letter per fact, in the order asked.
_FACT_LETTERS = {
    CardFact.CONTACTS: "c",
    CardFact.DECISION_MAKERS: "d",
    CardFact.ADDRESS: "a",
    CardFact.RATING: "r",
    CardFact.MANAGER: "m",
}
_LETTER_FACTS = {letter: fact for fact, letter in _FACT_LETTERS.items()}


def facts_prefix(facts: Sequence[CardFact]) -> str:
    """The data prefix of the buttons picking a client (`client_buttons`): the whole card
    ("client"), or only the lines asked for ("cf:c", to `facts_chosen`)."""
    return f"cf:{''.join(_FACT_LETTERS[fact] for fact in facts)}" if facts else "client"


async def facts_chosen(update: Update, context: KamContext) -> None:
    """A client picked among those the words named, for the lines the question asked for."""
    query = update.callback_query
    assert query is not None
    context.require_actor()
    letters, _, raw_id = (query.data or "").removeprefix("cf:").partition(":")
    facts = [_LETTER_FACTS[letter] for letter in letters if letter in _LETTER_FACTS]
    client_id = record_id(raw_id)
    if client_id is None or not facts:
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    # The id in the button is only a request: the service checks access again.
    await show_facts(update, context, client_id, facts)


async def show_card(update: Update, context: KamContext, client_id: int) -> None:
    """The client's file, when its next visit is due, its open tickets and recent activity, with
    a button for each contact's business-card photo."""
    actor = context.require_actor()
    card = await context.services.clients.card(actor, client_id)
    activity = await context.services.summaries.client_activity(actor, client_id)
    today = context.services.summaries.today(actor)
    rows = _photo_rows(context, card.contacts)
    rows.append([history_button_of(context, Record.CLIENT, client_id)])
    counted = context.services.policy.cadence.counted
    text = (
        client_card(context.lang, card, today, counted=counted)
        + "\n\n"
        + render_activity(context.lang, activity, today, counted=counted)
    )
    await reply(update, text, buttons=rows)


async def show_facts(
    update: Update,
    context: KamContext,
    client_id: int,
    facts: Sequence[CardFact],
    *,
    person: str | None = None,
) -> None:
    """The lines of the client's file a question asked for ("宝钢的联系人是谁？"), the whole
    file a button away (and the contacts' business-card photos, when they were asked for);
    `person`: only that contact's line ("沈立华的电话多少")."""
    card = await context.services.clients.card(context.require_actor(), client_id)
    if person is not None:
        card = replace(card, contacts=tuple(c for c in card.contacts if c.name == person))
    people = {CardFact.CONTACTS, CardFact.DECISION_MAKERS}.intersection(facts)
    rows = _photo_rows(context, card.contacts) if people else []
    rows.append([button(context.t("card.whole_button"), f"client:{client_id}")])
    await reply(update, client_facts(context.lang, card, facts), buttons=rows)


def _photo_rows(
    context: KamContext, contacts: Sequence[ContactInfo]
) -> list[list[InlineKeyboardButton]]:
    photos = [button(context.t("contact.photo_button", name=c.name[:40]), f"ct:{c.contact_id}")
              for c in contacts if c.has_photo]  # fmt: skip
    return [photos[i : i + 2] for i in range(0, len(photos), 2)][:10]
