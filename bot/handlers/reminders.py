"""Reminders in chat: how they read, their buttons, /reminders (the outbox sends them)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import BadRequest

from bot.context import KamContext
from bot.handlers.complaints import action_label, time_left
from bot.handlers.outcome import draft_notice_messages, send_outcome
from bot.handlers.replies import button, reply
from bot.i18n import Html, t
from bot.render import client_label, dated, esc, payload_client
from services.domain import record_id
from services.reminders.kinds import (
    CADENCE,
    COMPLAINT,
    DRAFT_NOTICES,
    FIRST_RESPONSE,
    GROUP,
    NOTICES,
    Delivery,
    Kind,
)

log = logging.getLogger("kam.reminders")

GROUP_BUTTONS = 8


# ------------------------------------------------------------------------------- rendering


def _when(value: Any, zone: str) -> str:
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def reminder_text(lang: str, zone: str, kind: str, p: Mapping[str, Any]) -> Html:
    """The full text of one reminder."""
    if kind in CADENCE:
        last = _when(p.get("last_visit"), zone) or t(lang, "rem.never")
        days = int(p.get("days_overdue", 0))
        key = "rem.cadence_overdue" if kind == Kind.CADENCE_OVERDUE else (
            "rem.cadence_due_today" if days == 0 else "rem.cadence_due")  # fmt: skip
        return t(lang, key, client=payload_client(lang, p), due=_when(p.get("due_on"), zone), last=last,
                 days=abs(days), counted=p.get("counted", "other"))  # fmt: skip
    if kind == Kind.FOLLOW_UP:
        what = p.get("next_step") or p.get("summary") or ""
        return t(lang, "rem.follow_up", client=payload_client(lang, p), due=_when(p.get("due_on"), zone),
                 what=what, visited=_when(p.get("visited_on"), zone))  # fmt: skip
    if kind == Kind.TASK:
        key = "rem.task_client" if p.get("client") else "rem.task"
        return t(lang, key, text=p.get("text", ""), client=payload_client(lang, p),
                 when=_when(p.get("at"), zone))  # fmt: skip
    if kind in COMPLAINT:
        team = "" if p.get("for_owner", True) else ".team"
        key = f"rem.{kind}{team}" if team and kind.endswith("breach") else f"rem.{kind}"
        # Past its first-contact deadline too, told in the same message (one ticket, one alert).
        also = (t(lang, "rem.first_also_missed", due=_when(p["first_due_at"], zone))
                if p.get("first_due_at") and kind == Kind.RESOLUTION_BREACH else "")  # fmt: skip
        return t(lang, key, ticket=p.get("ticket", ""), client=payload_client(lang, p),
                 severity=t(lang, f"complaint.severity.{p.get('severity', 'medium')}"),
                 due=_when(p.get("due_at"), zone), owner=p.get("owner", ""),
                 description=p.get("description", ""), also=also)  # fmt: skip
    raise ValueError(f"no text for reminder kind {kind!r}")


def short_text(
    lang: str, zone: str, kind: str, p: Mapping[str, Any], now: datetime | None = None
) -> Html:
    """One line of /reminders, in the tense of `now`: a deadline not yet passed is not "late"."""
    due = p.get("due_at") if kind in COMPLAINT else p.get("due_on")
    if kind == Kind.CADENCE_OVERDUE and int(p.get("days_overdue", 0)) <= 0:
        kind = Kind.CADENCE_DUE  # not overdue yet: say when it falls due
    key = f"rem.short.{kind}"
    late = ""
    if now is not None and isinstance(due, datetime) and kind in (Kind.FIRST_RESPONSE_BREACH,
                                                                  Kind.RESOLUTION_BREACH):  # fmt: skip
        if _aware(due) > now:
            # not late yet: the alert that comes at the deadline if nothing is done by then,
            # told apart from the warning before it (both are listed)
            key += "_pending"
        else:  # how long past, as /complaints says it ("（已超期 4 天）")
            late = time_left(lang, (_aware(due) - now).total_seconds() / 3600)
    if kind == Kind.TASK:
        text = str(p.get("text", ""))
        key += "_client" if p.get("client") else ""  # the client it was set for, named
        return t(lang, key, when=_when(p.get("at"), zone), client=payload_client(lang, p),
                 text=text if len(text) <= 60 else text[:59] + "…")  # fmt: skip
    line = t(lang, key, client=payload_client(lang, p), due=_when(due, zone),
             days=p.get("days_overdue", 0), ticket=p.get("ticket", ""))  # fmt: skip
    return Html(f"{line} {late}") if late else line


def _clock_time(at: datetime, zone: str) -> str:
    return _aware(at).astimezone(ZoneInfo(zone)).strftime("%H:%M")


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _subject(lang: str, kind: str, p: Mapping[str, Any]) -> str:
    """What a /reminders button acts on, named: the client (and the ticket) and which of its
    reminders ("#2 华润万家 · 解决超时" is not its first-contact alert), never a position."""
    client = payload_client(lang, p)
    if kind == Kind.TASK and not client:
        client = str(p.get("text", ""))  # what to do names it when no client does
    client = client if len(client) <= 16 else client[:15] + "…"  # a button's width on a phone
    return t(lang, f"rem.btn.subject.{kind}", client=client, ticket=p.get("ticket", ""))


def main_buttons(lang: str, kind: str, p: Mapping[str, Any]) -> list[list[InlineKeyboardButton]]:
    rid = p["id"]
    for_owner = p.get("for_owner", True)
    if kind in COMPLAINT and for_owner and p.get("ticket"):
        # The ticket's own actions, as /complaints shows them ("✅ 完成" marked only the reminder
        # done, and "📝 记录拜访" logged a visit, for a ticket still open): contacting the client or
        # resolving it is what ends the alert.
        ticket = p["ticket"]
        # Not yet contacted (a first-contact alert, or one telling both deadlines): both actions.
        open_ = kind in FIRST_RESPONSE or p.get("first_due_at")
        actions = ("respond", "resolve") if open_ else ("resolve",)
        row = [button(action_label(lang, a), f"cp:{ticket}:{a}") for a in actions]
        return [[*row, button(t(lang, "rem.btn.snooze"), f"rm:{rid}:z")]]
    first = button(t(lang, "rem.btn.done" if for_owner else "rem.btn.seen"), f"rm:{rid}:d")
    row = [first, button(t(lang, "rem.btn.snooze"), f"rm:{rid}:z")]
    if p.get("client_id") and (kind in CADENCE or kind == Kind.FOLLOW_UP or for_owner):
        row.append(button(t(lang, "rem.btn.visit"), f"rm:{rid}:v"))
    if p.get("client_id") and (kind in CADENCE or kind == Kind.FOLLOW_UP):
        return [row, [button(t(lang, "brief.button"), f"br:{p['client_id']}")]]
    return [row]


def render_messages(item: Delivery) -> list[tuple[str, list[list[InlineKeyboardButton]]]]:
    """The messages one delivery is sent as, in order: one, or a kept draft's notice and its
    step's question again."""
    if item.kind in DRAFT_NOTICES:
        return draft_notice_messages(item.language, item.timezone, item.kind, item.params)
    return [render_delivery(item)]


def render_delivery(item: Delivery) -> tuple[str, list[list[InlineKeyboardButton]]]:
    lang, zone = item.language, item.timezone
    if item.kind == Kind.DIGEST:
        digest = digest_text(lang, zone, item.params)
        if item.late_since is not None:  # held up by downtime: a morning digest in the afternoon
            digest = Html(digest + "\n" + t(lang, "rem.late", at=_when(item.late_since, zone)))
        return digest, []
    if item.kind in NOTICES:
        text = notice_text(lang, zone, item.kind, item.params)
        if item.late_since is not None:
            text = Html(text + "\n" + t(lang, "rem.late", at=_when(item.late_since, zone)))
        return text, []
    if item.kind == GROUP:
        items = list(item.params["items"])
        lines: list[str] = [t(lang, "rem.group", count=len(items))]
        for p in items[:20]:
            days = int(p.get("days_overdue", 0))
            # Never visited: the days count from the client's creation, which the line says.
            never = (
                ""
                if p.get("last_visit")
                else t(lang, "sum.state.never", counted=p.get("counted", "other"))
            )
            lines.append(t(lang, "rem.group_overdue", client=payload_client(lang, p), days=days,
                           never=never)
                         if days > 0 else t(lang, "rem.group_due", client=payload_client(lang, p),
                                due=_when(p.get("due_on"), zone)))  # fmt: skip
        if len(items) > 20:
            lines.append(t(lang, "rem.group_more", count=len(items) - 20))
        lines.append(t(lang, "rem.group_hint"))
        buttons = [[button("📝 " + client_label(lang, p["client"], p.get("client_en"), limit=38),
                           f"rm:{p['id']}:v")]
                   for p in items[:GROUP_BUTTONS]]  # fmt: skip
        return "\n".join(lines), buttons
    text = reminder_text(lang, zone, item.kind, item.params)
    if item.late_since is not None:
        text = Html(text + "\n" + t(lang, "rem.late", at=_when(item.late_since, zone)))
    return text, main_buttons(lang, item.kind, item.params)


def notice_text(lang: str, zone: str, kind: str, p: Mapping[str, Any]) -> Html:
    """A notice: a supervisor's alert of a critical complaint or of a ticket a low score
    reopened, or a filer told the alert waits."""
    if kind == Kind.ALERT_HELD:
        return t(lang, "outbox.alert_held", ticket=p.get("ticket", ""), client=payload_client(lang, p),
                 recipient=p.get("recipient", ""), level=p.get("severity", "high"))  # fmt: skip
    if kind == Kind.REOPENED:
        return t(lang, "outbox.reopened", ticket=p.get("ticket", ""), client=payload_client(lang, p),
                 score=p.get("score", ""), owner=p.get("owner", ""),
                 severity=t(lang, f"complaint.severity.{p.get('severity', 'high')}"),
                 description=p.get("description", ""), resolution_due=_when(p.get("due_at"), zone))  # fmt: skip
    # Only a critical ticket is called urgent (紧急 is that severity's label); a high one is
    # escalated, its severity named in the line.
    text = t(lang, "complaint.escalated", id=p.get("ticket", ""), client=payload_client(lang, p),
             level=p.get("severity", "high"),
             severity=t(lang, f"complaint.severity.{p.get('severity', 'high')}"),
             owner=p.get("owner", ""), description=p.get("description", ""),
             first_response_due=_when(p.get("due_at"), zone))  # fmt: skip
    if p.get("passed"):  # filed days after it was received: the deadline told is already gone
        return Html(text + "\n" + t(lang, "complaint.escalated_passed"))
    return text


def digest_text(lang: str, zone: str, d: Mapping[str, Any]) -> Html:
    day = _when(d["day"], zone)
    lines: list[str] = [t(lang, "dg.title_team" if d["supervisor"] else "dg.title", day=day)]

    def section(
        title: str, total: int, rows: Sequence[str], hidden: int | None = None, told: int = 0,
        **heading: Any,
    ) -> None:  # fmt: skip
        """`hidden`: lines left out, when the rows do not count the same things as `total`;
        `told`: clients counted in `total` that a reminder sent earlier today already listed;
        `heading`: the title's other placeholders."""
        if not total:
            return
        lines.append("")
        lines.append(t(lang, title, count=total, **heading))
        lines.extend(rows)
        more = total - told - len(rows) if hidden is None else hidden
        if more > 0:
            lines.append(t(lang, "dg.more_rows" if hidden is not None else "dg.more", count=more))
        if told:
            key = "dg.told_all" if told == total else "dg.told_some"
            lines.append(t(lang, key, count=told))

    # Follow-ups that fell on the days off before this first working day say their own day.
    section("dg.follow_ups", d["follow_ups_total"],
            [t(lang, "dg.follow_up_line", client=payload_client(lang, f), what=f["what"])
             if f.get("on", d["day"]) == d["day"] else
             t(lang, "dg.follow_up_line_day_off", client=payload_client(lang, f), what=f["what"],
               due=_when(f["on"], zone))
             for f in d["follow_ups"]])  # fmt: skip
    section("dg.tasks", d.get("tasks_total", 0),
            [t(lang, "dg.task_line", at=_clock_time(task["at"], zone), text=task["text"])
             for task in d.get("tasks", [])])  # fmt: skip
    if d["supervisor"]:
        # The rows are managers and the total counts clients: what is left out is the clients
        # of the managers not listed.
        section("dg.team_overdue", d["overdue_total"],
                [t(lang, "dg.manager_line", name=m["name"], count=m["count"])
                 for m in d["by_manager"]],
                hidden=d["overdue_total"] - sum(int(m["count"]) for m in d["by_manager"]))  # fmt: skip
    else:
        section("dg.overdue", d["overdue_total"],
                [t(lang, "dg.overdue_line", client=payload_client(lang, o), days=o["days"])
                 for o in d["overdue"]], told=int(d.get("overdue_told", 0)))  # fmt: skip
        section("dg.due_week", d["due_week_total"],
                [t(lang, "dg.due_line", client=payload_client(lang, o), due=_when(o["due_on"], zone))
                 for o in d["due_week"]], told=int(d.get("due_week_told", 0)),
                # The policy's lead, as the "due soon" reminder goes (7 in a digest made before
                # the digest said it).
                days=int(d.get("due_days", 7)))  # fmt: skip
    section(
        "dg.complaints",
        d["complaints_total"],
        [_complaint_line(lang, zone, c) for c in d["complaints"]],
    )
    lines.append("")
    lines.append(t(lang, "dg.footer"))
    return Html("\n".join(lines))


def _complaint_line(lang: str, zone: str, c: Mapping[str, Any]) -> Html:
    """One ticket's nearest deadline; a never-contacted ticket also names its resolution deadline
    when that one is near or gone as well."""
    client = payload_client(lang, c)
    if c.get("owner"):  # a supervisor's digest: whose ticket it is
        client = t(lang, "complaints.client_owner", client=client, owner=c["owner"])
    line = t(lang, "dg.complaint_breached" if c["breached"] else "dg.complaint_line",
             ticket=c["ticket"], client=client, stage=t(lang, f"dg.stage.{c['stage']}"),
             due=_when(c["due_at"], zone))  # fmt: skip
    if c.get("resolve_at") is None:
        return line
    also = t(lang, "dg.resolve_also_breached" if c.get("resolve_breached") else "dg.resolve_also",
             due=_when(c["resolve_at"], zone))  # fmt: skip
    return Html(line + also)


# ------------------------------------------------------------------------------- buttons


async def reminder_button(update: Update, context: KamContext) -> None:
    """rm:<id>:<action> on a reminder message; rl:<id>:<action> on the /reminders list, and
    rl<YYYYMMDD>:<id>:<action> on a list of what falls due by that day ("这周有什么到期的")."""
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    parts = (query.data or "").split(":")
    # rm:<id>:<action>[:<snoozes seen>]; an id or a count out of range is a forged button.
    if len(parts) not in (3, 4) or not all(_small_int(p) for p in parts[1:2] + parts[3:]):
        await query.answer(context.t("button.stale"))
        return
    prefix, rid, action = parts[0], int(parts[1]), parts[2]
    seen = int(parts[3]) if len(parts) == 4 else None
    reminders = context.services.reminders
    on_list = _list_of(prefix)
    if action == "t":  # a reminder the user set: its new time asked (ownership checked there)
        asked = await context.services.conversations.change_reminder(actor, rid)
        if [say.key for say in asked.says] == ["rem.not_found"]:  # not theirs, or gone
            await query.answer(context.t("rem.not_found"), show_alert=True)
            return
        await query.answer()
        await send_outcome(update, context, asked)
        return
    if action == "b":  # back from the snooze menu
        await query.answer()
        await _restore_buttons(update, context, rid, on_list)
        return
    verb = {"d": "done", "x": "cancel", "v": "visit", "z": "snooze_menu"}.get(action, "snooze")
    days = int(action[1:]) if verb == "snooze" and action[1:].isdigit() else 0
    result = await reminders.act(actor, rid, verb, days, seen_snoozes=seen)
    if result.outcome == "not_found":
        await query.answer(context.t("rem.not_found"), show_alert=True)
        return
    if result.outcome == "stale":
        reason = result.reason or "other"
        key = f"rem.stale.{reason}"
        from bot.i18n import has

        if reason == "already_snoozed":
            until = _when(result.until, actor.timezone)
            await query.answer(context.t("rem.stale.already_snoozed", until=until), show_alert=True)
            return
        await query.answer(context.t(key if has(key) else "rem.stale.other"), show_alert=True)
        await _close(update, context, None, on_list)
        return
    if result.outcome == "snooze_menu":
        await query.answer(context.t("rem.choose_snooze"))
        p, n = prefix, result.snoozed
        await _edit_markup(update, [[
            button(context.t("rem.btn.1"), f"{p}:{rid}:z1:{n}"),
            button(context.t("rem.btn.3"), f"{p}:{rid}:z3:{n}"),
            button(context.t("rem.btn.7"), f"{p}:{rid}:z7:{n}"),
            button(context.t("rem.btn.back"), f"{p}:{rid}:b"),
        ]])  # fmt: skip
        return
    if result.outcome == "visit":
        await query.answer()
        assert result.client_id is not None
        await send_outcome(
            update, context, await context.services.visits.start_for(actor, result.client_id)
        )
        return
    if result.outcome == "snoozed":
        until = _when(result.until, actor.timezone)
        note = context.t("rem.snoozed", until=until)
    elif result.outcome == "cancelled":
        note = context.t("rem.cancelled")
    elif result.kind in CADENCE:
        note = context.t("rem.done_cadence")
    else:
        note = context.t("rem.done")
    await query.answer(note)
    await _close(update, context, note, on_list)
    if result.ticket_action is not None and result.complaint_id is not None:
        outcome = await context.services.complaints.act(
            actor, result.complaint_id, result.ticket_action
        )
        await send_outcome(update, context, outcome)


def _small_int(text: str) -> bool:
    """Digits that fit a database integer (a forged 23-digit id is not one)."""
    return record_id(text) is not None or text == "0"


async def _edit_markup(update: Update, rows: list[list[InlineKeyboardButton]] | None) -> None:
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
    except BadRequest:
        pass  # the message is too old to edit, or unchanged: the answer already said it


def _list_of(prefix: str) -> date | bool:
    """Which list a button's prefix came from: False for a reminder message ("rm"), True for
    /reminders ("rl"), the last day for a list of what falls due by then ("rl20261206")."""
    if prefix == "rm":
        return False
    if prefix == "rl":
        return True
    try:
        return datetime.strptime(prefix[2:], "%Y%m%d").date()
    except ValueError:
        return True  # a malformed day: the whole list, never an error


async def _close(
    update: Update, context: KamContext, note: str | None, on_list: date | bool
) -> None:
    """After an action: the reminder loses its buttons and says what happened; a list refreshes
    (a list of what falls due by a day stays that list)."""
    query = update.callback_query
    assert query is not None
    if on_list is not False:
        text, rows = await _list(context, on_list if isinstance(on_list, date) else None)
        try:
            await query.edit_message_text(text, parse_mode=ParseMode.HTML,
                                          reply_markup=InlineKeyboardMarkup(rows) if rows else None)  # fmt: skip
        except BadRequest:
            pass
        return
    message = query.message
    if note is None or message is None or not hasattr(message, "text_html"):
        if message is not None and getattr(message, "reply_markup", None):
            await _edit_markup(update, None)
        return
    try:
        await query.edit_message_text(f"{message.text_html}\n\n{esc(note)}",
                                      parse_mode=ParseMode.HTML)  # fmt: skip
    except BadRequest:
        await _edit_markup(update, None)


async def _restore_buttons(
    update: Update, context: KamContext, rid: int, on_list: date | bool
) -> None:
    if on_list is not False:
        await _close(update, context, None, on_list)
        return
    actor = context.require_actor()
    items, _ = await context.services.reminders.pending(actor, limit=1000)
    item = next((i for i in items if i.id == rid), None)
    if item is None:
        await _edit_markup(update, None)
        return
    await _edit_markup(update, main_buttons(context.lang, item.kind, item.params))


# ------------------------------------------------------------------------------- /reminders


async def reminders_command(
    update: Update, context: KamContext, last_day: date | None = None
) -> None:
    """/reminders; with `last_day`, only what falls due by that day ("这周有什么到期的")."""
    text, rows = await _list(context, last_day)
    await reply(update, text, buttons=rows or None)


async def _list(
    context: KamContext, last_day: date | None = None
) -> tuple[str, list[list[InlineKeyboardButton]]]:
    actor = context.require_actor()
    lang, zone = context.lang, actor.timezone
    later = 0
    if last_day is None:
        items, total = await context.services.reminders.pending(actor)
        p = "rl"
    else:
        items, total, later = await context.services.reminders.pending_by(actor, last_day)
        p = f"rl{last_day:%Y%m%d}"
    if not items:
        if last_day is None:
            return context.t("rem.list.empty"), []
        key = "rem.list.empty_by_later" if later else "rem.list.empty_by"
        return context.t(key, day=dated(lang, last_day), later=later), []
    title = (context.t("rem.list.title", count=total) if last_day is None else
             context.t("rem.list.title_by", count=total, day=dated(lang, last_day)))  # fmt: skip
    lines: list[str] = [title]
    rows: list[list[InlineKeyboardButton]] = []
    now = context.services.clock.now()
    for n, item in enumerate(items, 1):
        line = f"{n}. {short_text(lang, zone, item.kind, item.params, now)}"
        # When it will come, if still to come (a reminder asked for says its own time); one
        # whose time is gone is sent at the next sweep, not "at" a time already past.
        # A complaint's alert at its deadline already names that time: not told twice.
        at = _when(item.send_after, zone)
        if item.status != "sent" and item.kind != Kind.TASK and item.send_after > now:
            if at not in line:
                line += " " + context.t("rem.list.at", at=at)
        lines.append(line)
        # Each row names its reminder: after one is snoozed the list reorders, and a button
        # labelled by position would then act on another client.
        subject = _subject(lang, item.kind, item.params)
        row = [button(context.t("rem.btn.snooze_n", n=subject), f"{p}:{item.id}:z"),
               button(context.t("rem.btn.cancel_n", n=subject), f"{p}:{item.id}:x")]  # fmt: skip
        if item.kind == Kind.TASK:  # one the user set: its time can be changed
            row.insert(0, button(context.t("rem.btn.change_n", n=subject), f"{p}:{item.id}:t"))
        rows.append(row)
    if total > len(items):
        lines.append(context.t("rem.list.more", count=total - len(items)))
    if later:
        lines.append(context.t("rem.list.later", later=later))
    lines.append(context.t("rem.list.hint"))
    return "\n".join(lines), rows


# ------------------------------------------------------------------------------- blocking


async def membership_changed(update: Update, context: KamContext) -> None:
    """Telegram tells the bot when a user blocks or unblocks it."""
    change = update.my_chat_member
    if change is None:
        return
    user_id = change.from_user.id
    status = change.new_chat_member.status
    if status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
        await context.services.reminders.unreachable(user_id)
    elif status == ChatMemberStatus.MEMBER:
        await context.services.reminders.reachable(user_id)
