"""/complaint, /complaints and a ticket's buttons: file, respond to, resolve and rate complaints."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from telegram import Update

from bot.context import KamContext
from bot.handlers.history import history_button_of
from bot.handlers.outcome import command_text, send_commanded_report, send_outcome
from bot.handlers.replies import button, reply
from bot.i18n import Html, t
from bot.render import client_named
from services.complaints import TicketView
from services.domain import Role, record_id
from services.history import Record


async def complaint_command(update: Update, context: KamContext) -> None:
    # Another draft waiting: this one is offered after it, not put in its place unasked.
    await send_commanded_report(update, context, "complaint")


async def ticket_button(update: Update, context: KamContext) -> None:
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    parts = (query.data or "").split(":", 2)
    ticket_id = record_id(parts[1]) if len(parts) == 3 else None
    if ticket_id is None:
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    complaints = context.services.complaints
    if parts[2] == "edit":
        outcome = await complaints.start_edit(actor, ticket_id)
    else:
        outcome = await complaints.act(actor, ticket_id, parts[2])
    await send_outcome(update, context, outcome)


ACTION_LABELS = {"respond": "complaints.respond", "resolve": "complaints.resolve"}


def action_label(lang: str, action: str) -> str:
    """A ticket button's label: the action's word, or the score it gives with its meaning."""
    key = ACTION_LABELS.get(action) or f"complaint.score.{action.removeprefix('score')}"
    return t(lang, key)


async def complaints_command(update: Update, context: KamContext) -> None:
    await send_tickets(update, context, command_text(update) or None)


async def send_tickets(
    update: Update, context: KamContext, client: str | None = None, *, late_only: bool = False
) -> None:
    """The open tickets the user may see (of one client when named), most urgent first;
    `late_only`: those past their deadline alone ("团队有哪些投诉超期了")."""
    actor = context.require_actor()
    asked = client
    listing = await context.services.complaints.listing(actor, client, late_only=late_only)
    tickets, total = listing.tickets, listing.total
    client = (
        client_named(context.lang, listing.client_name, listing.client_en)
        if listing.client_name
        else None
    )
    if listing.late_only:
        if not tickets:  # "有没有超期的投诉？" with none late: the open ones, "none late" first
            await send_tickets(update, context, asked)
            return
        header = context.t("complaints.late_header", count=total, open=listing.open_total)
        if total > len(tickets):
            header = Html(header + "\n" + context.t("complaints.shown", shown=len(tickets)))
        await reply(update, header)
        await _send_items(update, context, tickets)
        return
    if not tickets:
        none = "complaints.none_of_client" if client else "complaints.none"
        await reply(update, context.t(none, client=client or ""))
        return
    header = (
        context.t("complaints.header_of_client", count=total, client=client)
        if client
        else context.t("complaints.header", count=total)
    )
    if total > len(tickets):
        header = Html(header + "\n" + context.t("complaints.shown", shown=len(tickets)))
    else:
        # "有没有超期的投诉？" gets the whole list, most urgent first: how many are late is the
        # answer, said first (counted on the tickets shown, which are then all of them).
        late = sum(1 for tk in tickets if tk.hours_left is not None and tk.hours_left < 0)
        said = (
            context.t("complaints.late_count", count=late)
            if late
            else context.t("complaints.late_none")
        )
        header = Html(header + "\n" + said)
    await reply(update, header)
    await _send_items(update, context, tickets)


async def send_ticket(update: Update, context: KamContext, ticket_id: int) -> None:
    """One ticket asked after by its number ("7号投诉怎么样了？"), with its deadline and buttons
    as /complaints shows it; a ticket the user may not see is not found, as a missing one is."""
    ticket = await context.services.complaints.ticket(context.require_actor(), ticket_id)
    if ticket is None:
        await reply(update, context.t("complaints.ticket_not_found", id=ticket_id))
        return
    await _send_items(update, context, [ticket])


async def _send_items(update: Update, context: KamContext, tickets: Sequence[TicketView]) -> None:
    """One message per ticket with its buttons; a supervisor's names each one's owner."""
    actor = context.require_actor()
    lang = context.lang
    zone = ZoneInfo(actor.timezone)
    # A supervisor's list holds the team's tickets: whose each is, as the summary's lists say.
    whose = actor.role is not Role.MANAGER
    for tk in tickets:
        named = client_named(lang, tk.client_name, tk.client_en)
        if whose:
            named = t(lang, "complaints.client_owner", client=named, owner=tk.owner_name)
        common = {"id": tk.id, "client": named,
                  "description": tk.description[:120],
                  "severity": Html(t(lang, f"complaint.severity.{tk.severity}")),
                  "status": Html(ticket_status(lang, tk))}  # fmt: skip
        due = tk.next_due.astimezone(zone).strftime("%Y-%m-%d %H:%M") if tk.next_due else "-"
        left = Html(time_left(lang, tk.hours_left))
        if tk.status == "closed":  # (one ticket asked after by its number): how it ended
            text = t(lang, "complaints.item_closed", resolution=(tk.resolution or "-")[:120],
                     score=tk.satisfaction or "-", **common)  # fmt: skip
            await reply(
                update, text, buttons=[[history_button_of(context, Record.COMPLAINT, tk.id)]]
            )
            continue
        if tk.status == "resolved":
            # The next deadline is the follow-up call; the buttons are the client's score.
            text = t(lang, "complaints.item_to_score", resolution=(tk.resolution or "-")[:120],
                     due=due, left=left, **common)  # fmt: skip
        else:
            text = t(lang, "complaints.item", deadlines=Html("\n".join(deadline_lines(lang, zone, tk))),
                     **common)  # fmt: skip
        row = [button(action_label(lang, a), f"cp:{tk.id}:{a}") for a in tk.actions]
        # One score per row so its words fit; the actions share a row.
        buttons = [[b] for b in row] if tk.status == "resolved" else [row]
        buttons.append(
            [
                button(t(lang, "complaints.edit"), f"cp:{tk.id}:edit"),
                history_button_of(context, Record.COMPLAINT, tk.id),
            ]
        )
        await reply(update, text, buttons=buttons)


def deadline_lines(lang: str, zone: ZoneInfo, tk: TicketView) -> list[str]:
    """The deadline the ticket is at, named ("首次联系期限", "解决期限", "回访期限"), with the time
    left or past; a client not yet contacted also sees the resolution deadline, which runs from
    the same receipt (once when both fall together, as a critical ticket's do)."""
    stage = {"open": "response", "resolved": "callback"}.get(tk.status, "resolution")
    if stage == "response" and tk.resolution_due == tk.next_due:
        stage = "both"
    due = tk.next_due.astimezone(zone).strftime("%Y-%m-%d %H:%M") if tk.next_due else "-"
    lines = [t(lang, f"complaints.due.{stage}", due=due, left=Html(time_left(lang, tk.hours_left)))]
    if stage == "response" and tk.next_due is not None and tk.hours_left is not None:
        # Hours to the resolution deadline, by the same clock as the first one.
        hours = tk.hours_left + (tk.resolution_due - tk.next_due).total_seconds() / 3600
        resolve = tk.resolution_due.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        lines.append(t(lang, "complaints.due.resolution", due=resolve,
                       left=Html(time_left(lang, hours))))  # fmt: skip
    return [line.strip() for line in lines]


def ticket_status(lang: str, tk: TicketView) -> str:
    """The ticket's status word; a reopened one not yet resolved again says so, with its score."""
    if tk.reopened and tk.status in ("open", "responded"):
        return t(lang, "complaint.status_reopened", score=tk.satisfaction or "")
    return t(lang, f"complaint.status.{tk.status}")


def time_left(lang: str, hours: float | None) -> str:
    """Hours to or past the next deadline; whole days beyond two ("1219 h overdue" read badly)."""
    if hours is None:
        return ""
    late, size = hours < 0, abs(hours)
    # Whole hours and days elapsed, never rounded up: 38 h 43 min left is "38 h left", not 39,
    # a deadline must never look further off than it is.
    if size >= 48:
        key = "complaints.overdue_days" if late else "complaints.left_days"
        return t(lang, key, days=int(size // 24))
    if size < 1:
        return t(lang, "complaints.overdue_under_hour" if late else "complaints.left_under_hour")
    return t(lang, "complaints.overdue" if late else "complaints.left", hours=int(size))
