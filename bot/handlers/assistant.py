"""The assistant in chat: plain language through the model (when one is configured), the
pre-visit briefing (/brief, "准备拜访华能", the 📋 button), and /new."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from telegram import Update
from telegram.constants import ChatAction

from bot.concurrency import slow_work
from bot.context import KamContext
from bot.handlers.complaints import deadline_lines, ticket_status
from bot.handlers.outcome import send_outcome
from bot.handlers.replies import button, client_buttons, example_client, reply
from bot.i18n import Html, t
from bot.render import (
    client_card,
    client_named,
    list_separator,
    people_line,
    section_without_title,
)
from knowledge.grounding import supporting_line
from services.assistant.briefing import Briefing, BriefingChoice, due_in
from services.matching import english_name

if TYPE_CHECKING:  # the agent and its tools load langgraph and langchain (seconds)
    from services.assistant.agent import AssistantReply
    from services.assistant.tools import Proposal

QUOTE_CHARS = 80


async def send_reply(update: Update, context: KamContext, answer: AssistantReply) -> None:
    if answer.outcomes or answer.proposals:
        # A card waits for the button: the model's words about it ("已保存…") may be untrue, so
        # the bot says what is true instead.
        await reply(update, context.t("assistant.check_card"))
    elif answer.text:
        lines = [html.escape(answer.text, quote=False)]
        if answer.unsupported:
            lines.append(context.t("drafts.unchecked"))
        if answer.unsaid_rules:
            lines.append(context.t("drafts.unchecked_rule"))
        if answer.claimed:
            lines.append(context.t("assistant.nothing_saved"))
        cited = [(n, p) for n, p in enumerate(answer.sources, start=1) if f"[{n}]" in answer.text]
        if cited:
            lines += ["", context.t("ask.sources")]
            for n, p in cited:
                lines.append(
                    # The line the answer draws on, not the passage's first 80 characters.
                    context.t("ask.source", n=n, title=p.title,
                              quote=_quote(supporting_line(p.text, answer.text, n)),
                              section=f" · {p.section}" if p.section else "")
                )  # fmt: skip
        await reply(update, "\n".join(lines))
    for briefing in answer.briefings:
        await reply(update, render_briefing(context, briefing))
    for outcome in answer.outcomes:
        await send_outcome(update, context, outcome)
    for proposal in answer.proposals:
        text, rows = render_proposal(context.lang, proposal)
        await reply(update, text, buttons=rows)


def render_proposal(lang: str, p: Proposal) -> tuple[str, list[list]]:  # type: ignore[type-arg]
    """A change on an existing record the assistant offers: its buttons resume the graph."""
    dismiss = button(t(lang, "button.cancel"), f"as:x:{p.key}")
    client = client_named(lang, p.label, p.label_en)
    if p.kind == "snooze":
        row = [button(t(lang, "assistant.snooze_days", days=d), f"as:y:{p.key}:{d}")
               for d in p.actions]  # fmt: skip
        return t(lang, "assistant.snooze", client=client), [row, [dismiss]]
    action = p.actions[0]
    text = t(lang, f"assistant.ticket.{action}", id=p.target_id, client=client)
    return text, [[button(t(lang, "button.confirm"), f"as:y:{p.key}:{action}"), dismiss]]


async def decide_button(update: Update, context: KamContext) -> None:
    """as:y:<key>:<choice> / as:x:<key> on an offer the assistant made: the graph waiting on it
    resumes, and only then the service writes (or the offer is dropped)."""
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    parts = (query.data or "").split(":")
    chat = update.effective_chat
    decided = None
    if len(parts) in (3, 4) and parts[1] in ("y", "x") and chat is not None:
        decided = await context.services.assistant.decide(
            actor, chat.id, parts[2][:20], approve=parts[1] == "y",
            choice=parts[3][:10] if len(parts) == 4 else None,
        )  # fmt: skip
    if decided is None:  # carried out already, withdrawn, or forgotten
        await query.answer(context.t("button.stale"))
    else:
        await query.answer()
    try:
        await query.edit_message_reply_markup(None)
    except Exception:  # too old to edit: the answer already said it
        pass
    for outcome in decided.outcomes if decided is not None else ():
        await send_outcome(update, context, outcome)


# ------------------------------------------------------------------ the briefing


async def brief_command(update: Update, context: KamContext) -> None:
    query = " ".join(context.args or []).strip()
    if not query:
        await reply(update, context.t("brief.usage", client=await example_client(context)))
        return
    await send_briefing(update, context, query)


async def send_briefing(update: Update, context: KamContext, query: str) -> None:
    actor = context.require_actor()
    found = await context.services.briefing.find(actor, query[:100])
    if found is None:
        await reply(update, context.t("brief.none", query=query[:100]))
        return
    if isinstance(found, BriefingChoice):
        rows = await client_buttons(context, found.hits, "br")
        await reply(update, context.t("brief.choose", query=query[:100]), buttons=rows)
        return
    await send_briefing_card(update, context, found)


async def send_briefing_card(update: Update, context: KamContext, briefing: Briefing) -> None:
    """The composed briefing; with a model, its key points written from the same data on top."""
    assistant = context.services.assistant
    text = render_briefing(context, briefing)
    if assistant.available:
        await slow_work()
        chat = update.effective_chat
        if chat is not None:
            await chat.send_action(ChatAction.TYPING)
        points = await assistant.write_briefing(context.require_actor(), briefing)
        if points is None:
            text = Html(text + "\n" + context.t("assistant.fallback"))
        else:
            text = Html(context.t("brief.by_model", text=points) + "\n\n" + text)
    await reply(update, text)


async def brief_button(update: Update, context: KamContext) -> None:
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    raw = (query.data or "").removeprefix("br:")
    if not raw.isdigit() or len(raw) > 12:
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    briefing = await context.services.briefing.brief(actor, int(raw))
    await send_briefing_card(update, context, briefing)


def render_briefing(context: KamContext, b: Briefing) -> Html:
    lang, zone = context.lang, context.require_actor().timezone
    lines: list[str] = [
        context.t(
            "brief.title", name=client_named(lang, b.card.name, english_name(b.card.aliases))
        ),
        client_card(lang, b.card, b.today, counted=context.services.policy.cadence.counted),
    ]
    left = due_in(b)
    status = t(lang, f"brief.status.{b.status.value}", days=abs(left))
    if left in (0, 1):  # "还有 0 天" beside "最晚 12-01 再访" read as a riddle
        status = t(lang, "brief.status.due_today" if left == 0 else "brief.status.due_tomorrow")
    lines.append(
        context.t("brief.cadence", days=b.interval_days, due=b.next_due.isoformat(),
                  status=Html(status))
    )  # fmt: skip
    lines.append("")
    if b.visits:
        lines.append(context.t("brief.visits"))
        for v in b.visits:
            names = people_line(lang, [(n, ti) for n, ti in v.people if n])
            lines.append(
                context.t("brief.visit", date=v.visited_on.isoformat(), id=v.id,
                          kind=Html(t(lang, f"visit.kind.{v.kind}")), author=v.author,
                          people=Html(context.t("brief.people", names=names)) if names else "",
                          summary=_cut(v.summary, 160))
            )  # fmt: skip
            open_mark = Html(context.t("brief.open")) if v.follow_up_open else ""
            if v.next_step:
                lines.append(context.t("brief.next_step", what=_cut(v.next_step, 120)) + open_mark)
                open_mark = ""
            if v.follow_up_on:
                lines.append(
                    context.t("brief.follow_up", date=v.follow_up_on.isoformat()) + open_mark
                )
    else:
        lines.append(context.t("brief.no_visits"))
    if b.complaints:
        lines.append(context.t("brief.complaints"))
        from zoneinfo import ZoneInfo

        for tk in b.complaints:
            # The same deadlines, named and with the time left or past, as /complaints shows.
            due = Html(context.t("brief.deadline_joiner").join(
                deadline_lines(lang, ZoneInfo(zone), tk)))  # fmt: skip
            lines.append(
                context.t("brief.complaint", id=tk.id, due=due,
                          severity=Html(t(lang, f"complaint.severity.{tk.severity}")),
                          status=Html(ticket_status(lang, tk)),
                          description=_cut(tk.description, 120))
            )  # fmt: skip
    else:
        lines.append(context.t("brief.no_complaints"))
    if b.passages:
        lines.append(context.t("brief.passages"))
        for n, p in enumerate(b.passages, start=1):
            section = section_without_title(p.section, p.title)  # the title is named once
            lines.append(
                context.t("brief.passage", n=n, title=p.title, quote=_quote(p.text),
                          section=f" · {section}" if section else "")
            )  # fmt: skip
    lines.append("")

    def ids(prefix: str, values: list[str]) -> str:
        return list_separator(lang).join(f"{prefix}{v}" for v in values)

    lines.append(
        context.t(
            "brief.sources",
            visits=Html(context.t("brief.src_visits", ids=ids("#", [str(v.id) for v in b.visits])))
            if b.visits else "",
            tickets=Html(context.t("brief.src_tickets", ids=ids("#", [str(c.id) for c in b.complaints])))
            if b.complaints else "",
            docs=Html(context.t("brief.src_docs", ids=ids("", [f"[{n}]" for n in range(1, len(b.passages) + 1)])))
            if b.passages else "",
        )
    )  # fmt: skip
    return Html("\n".join(lines))


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(text: str) -> str:
    return _cut(text, QUOTE_CHARS)


# ------------------------------------------------------------------ memory


async def new_command(update: Update, context: KamContext) -> None:
    actor = context.require_actor()
    chat = update.effective_chat
    if chat is not None:
        await context.services.assistant.forget(actor, chat.id)
    await reply(update, context.t("assistant.new"))
