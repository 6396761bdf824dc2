"""A conversation step's outcome sent to the user: its messages, a draft's buttons and notices."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, Update

from bot.context import KamContext
from bot.handlers.replies import button, client_labels, reply
from bot.i18n import asked_language, t
from bot.render import client_named, complaint_card, dated, list_separator, visit_card
from bot.render_media import contact_card
from config.catalog import LANGUAGES, chinese
from services.domain import Actor, record_id
from services.errors import NotFound
from services.outcome import Outcome, Say, say_from_json
from services.reminders.kinds import Kind


def command_text(update: Update) -> str:
    message = update.message
    if message is None or not message.text:
        return ""
    parts = message.text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


async def send_commanded_report(update: Update, context: KamContext, what: str) -> None:
    """/visit TEXT or /complaint TEXT (`what`): its draft, or offered after the one waiting. A
    colleague's client it names is refused by the service, in the report's language (the one its
    draft would speak)."""
    actor = context.require_actor()
    text = command_text(update)
    try:
        outcome = await context.services.conversations.report_command(actor, what, text)
    except NotFound:
        context.lang = asked_language(text, context.lang)
        raise
    await send_outcome(update, context, outcome)


def _fmt(zone: str, value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def render_say(
    lang: str, actor: Actor, say: Say, clients: Mapping[str, str] | None = None
) -> tuple[str, list[list[InlineKeyboardButton]]]:
    return render_say_in(lang, actor.timezone, say, clients)


def render_say_in(
    lang: str, zone: str, say: Say, clients: Mapping[str, str] | None = None
) -> tuple[str, list[list[InlineKeyboardButton]]]:
    """A step's message in `lang`, its instants in the time zone `zone`; `clients`: the labels of
    the buttons that choose a client, by the choice's value, and the English name of the client
    a card or a message names, by "client:<id>" (`client_choices`)."""
    card = say.card
    named = (card or say.params).get("client_id")
    english = (clients or {}).get(f"client:{named}") if named is not None else None
    if card is not None and named is not None:
        card = {**card, "client_en": english}
    if card is not None and say.key == "visit.confirm":
        text: str = visit_card(lang, card)
    elif card is not None and say.key == "complaint.confirm":
        text = complaint_card(lang, card)
    elif say.card is not None and say.key in ("contact.draft", "contact.confirm"):
        text = contact_card(lang, say.card, confirm=say.key == "contact.confirm")
    else:
        params = {k: _fmt(zone, v) for k, v in say.params.items() if k != "estimated"}
        if english and "client" in params:
            params["client"] = client_named(lang, str(params["client"]), english)
        if say.key.startswith("task.") and say.params.get("day"):
            # A reminder's day with its weekday: "2026-12-03（周四）09:00".
            params["when"] = dated(lang, say.params["day"], say.params.get("time"))
        if say.key in ("task.confirm", "task.confirm_plain"):
            guessed = say.params.get("guessed")  # "5点" read as 17:00: said on the card
            params["note"] = (
                t(lang, "task.half_guessed", time=say.params.get("time"), other=guessed)
                if guessed
                else ""
            )
            if other_day := say.params.get("other_day"):  # "next Friday": which one, said
                params["note"] += t(lang, "task.day_guessed", other=dated(lang, other_day))
        for key in ("severity",):
            if key in params:
                params[key] = t(lang, f"complaint.severity.{params[key]}")
        if say.key == "complaint.edited":  # the fields a correction changed, named
            names = [t(lang, f"complaint.field.{f.removesuffix('_id')}")
                     for f in str(say.params.get("fields") or "").split(",") if f]  # fmt: skip
            params["fields"] = list_separator(lang).join(names)
        text = t(lang, say.key, **params)
        if say.params.get("estimated"):
            text += "\n" + t(lang, "complaint.estimated")
        if say.key == "visit.saved" and say.params.get("follow_up"):
            text += "\n" + t(lang, "visit.follow_up_set", date=dated(lang, say.params["follow_up"]))
    if say.ask_location:
        text += "\n" + t(lang, "visit.location_hint")
    buttons = []
    for row in say.choices:
        line = []
        for choice in row:
            label = (
                (clients or {}).get(choice.value) or choice.label
                if choice.label is not None
                else t(lang, choice.key or "", **choice.params)
            )
            token = say.token or ""
            revised = f"{token}.{say.revision}" if say.revision else token  # the card as shown
            data = (f"cp:{token[1:]}:{choice.value}" if token.startswith("t")
                    else f"fl:{revised}:{choice.value}")  # fmt: skip
            line.append(button(label[:60], data))
        buttons.append(line)
    return text, buttons


async def client_choices(context: KamContext, lang: str, outcome: Outcome) -> dict[str, str]:
    """The labels of the buttons choosing a client ("c:<id>", labelled with its name) in
    `lang`: with the client's English name in English (`client_labels`); and by "client:<id>"
    the English name of the client a card or a message names (its "client_id")."""
    if chinese(lang):
        return {}
    named = [(choice.value, choice.label) for say in outcome.says for row in say.choices
             for choice in row if choice.label is not None and choice.value.startswith("c:")]  # fmt: skip
    ids = [(cid, label) for value, label in named if (cid := record_id(value[2:])) is not None]
    mentioned = {int(cid) for say in outcome.says
                 if (cid := (say.card or say.params).get("client_id")) is not None}  # fmt: skip
    found: dict[str, str] = {}
    if mentioned:
        english = await context.services.clients.english_names(context.require_actor(), mentioned)
        found.update({f"client:{cid}": name for cid, name in english.items()})
    if ids:
        labels = await client_labels(context, ids, lang=lang)
        found.update({f"c:{cid}": label for (cid, _), label in zip(ids, labels, strict=True)})
    return found


async def send_outcome(
    update: Update, context: KamContext, outcome: Outcome, *, heard: str | None = None
) -> None:
    """Send what a step said; `heard` (a voice note's words) heads the first message, unless a
    draft card of the outcome shows them already (the draft keeps them)."""
    actor = context.require_actor()
    if any(say.card is not None and say.card.get("heard") for say in outcome.says):
        heard = None
    lang = outcome.lang or context.lang  # a draft speaks its report's language
    clients = await client_choices(context, lang, outcome)
    for n, say in enumerate(outcome.says):
        text, buttons = render_say(lang, actor, say, clients)
        if heard and n == 0:
            text = t(lang, "voice.heard", text=heard) + "\n\n" + text
        await reply(update, text, buttons=buttons or None)
    if outcome.outbox:
        # The rows are committed: a sweep now sends them (a restart's first sweep would too).
        from bot.handlers.jobs import send_outbox

        context.application.create_task(send_outbox(context.application), update=update)


async def flow_button(update: Update, context: KamContext) -> None:
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    parts = (query.data or "").split(":", 2)
    if len(parts) != 3:
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    chat = update.effective_chat
    token, _, revision = parts[1].partition(".")  # "fl:<draft>.<card revision>:ok"
    if parts[2] in ("ok", "cancel") and chat is not None:
        # A card the assistant drafted: its graph waits on this button, and resuming it writes.
        decided = await context.services.assistant.decide(
            actor, chat.id, token, approve=parts[2] == "ok"
        )
        if decided is not None:
            for outcome in decided.outcomes:
                await send_outcome(update, context, outcome)
            return
    outcome = await context.services.conversations.on_choice(
        actor, token, parts[2], revision=revision or None
    )
    await send_outcome(update, context, outcome)


def draft_notice_messages(
    lang: str, zone: str, kind: str, params: Mapping[str, Any]
) -> list[tuple[str, list[list[InlineKeyboardButton]]]]:
    """A draft's notice from the outbox: kept after a restart (then its step's question again,
    with its buttons), or ended after 30 idle minutes (with what it held)."""
    if kind == Kind.UPDATE_GIVEN_UP:  # not a draft's: a message that stopped the bot each time
        excerpt = str(params.get("excerpt") or "")
        text = (
            t(lang, "inbox.given_up", what=excerpt) if excerpt else t(lang, "inbox.given_up_plain")
        )
        return [(text, [])]
    if params.get("lang") in LANGUAGES:
        lang = str(params["lang"])  # a draft speaks its report's language (Outcome.lang)
    flow = t(lang, f"flow.kind.{params.get('flow', '')}")
    if kind == Kind.DRAFT_EXPIRED:
        summary = str(params.get("summary") or "-")[:1000]
        return [(t(lang, "flow.expired", kind=flow, summary=summary), [])]
    out: list[tuple[str, list[list[InlineKeyboardButton]]]] = [
        (t(lang, "flow.resumed", kind=flow), [])
    ]
    clients = params.get("clients") or {}  # the English names of the clients the cards name
    out += [render_say_in(lang, zone, say_from_json(s), clients) for s in params.get("says") or ()]
    return out
