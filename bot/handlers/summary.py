"""/summary, its buttons and plain-words questions about the figures."""

from __future__ import annotations

import asyncio
import html
import io
from typing import Any

from telegram import InlineKeyboardButton, InputFile, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.concurrency import slow_work
from bot.context import KamContext
from bot.handlers.replies import button, reply
from bot.i18n import Html, t
from bot.render_comparison import render_comparison
from bot.render_summary import (
    PAGE,
    PREFIX,
    _compared_lines,
    _complaint_lines,
    _coverage_line,
    _list_button,
    _manager_lines,
    _plain,
    _span_line,
    _span_plain,
    _title,
    _visit_lines,
    by_manager_line,
    chart_text,
    period_name,
    period_with_days,
    render_complaints_by_client,
    render_page,
    render_summary,
    summary_buttons,
)
from config.catalog import chinese
from services.charts import (
    complaints_chart,
    coverage_chart,
    has_complaints,
    has_visits,
    visits_chart,
    visits_chart_fits,
)
from services.domain import Role, record_id
from services.summaries.periods import (
    AS_OF_TODAY,
    Period,
    PeriodKind,
    default_period,
    parse_period,
)
from services.summaries.queries import CHART_WEEKS, SummaryService
from services.summaries.questions import SummaryQuery, Topic
from services.summaries.records import (
    ListKind,
    TeamSummary,
    client_group,
)


def summaries(context: KamContext) -> SummaryService:
    return context.services.summaries


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the commands and buttons; call before the generic command and button handlers."""
    app.add_handler(CommandHandler("summary", summary_command))
    app.add_handler(CallbackQueryHandler(summary_button, pattern=rf"^{PREFIX}:"))


# --------------------------------------------------------------------------------- commands


async def summary_command(update: Update, context: KamContext) -> None:
    actor = context.require_actor()
    service = summaries(context)
    args = context.args or []
    # "/summary team month": a supervisor's summary is their team's anyway; a manager is told
    # that theirs is their own (the scope is decided by the service, whatever is typed).
    team = [a for a in args if a.lower() in TEAM_WORDS]
    words = " ".join(a for a in args if a.lower() not in TEAM_WORDS)
    period = parse_period(words) if words else default_period(service.today(actor))
    if period is None or period.bounds(service.today(actor))[0] > service.today(actor):
        await reply(update, context.t("sum.usage"))  # no figures yet for days still to come
        return
    if team and actor.role is Role.MANAGER:
        await reply(update, context.t("sum.q.own_only"))
    await send_summary(update, context, period)


TEAM_WORDS = frozenset({"team", "团队", "全队", "全组", "团队汇总"})


async def send_summary(
    update: Update, context: KamContext, period: Period, manager_id: int | None = None
) -> None:
    actor = context.require_actor()
    summary = await summaries(context).summary(actor, period, manager_id=manager_id)
    await reply(
        update, render_summary(context.lang, summary), buttons=summary_buttons(context, summary)
    )


# ------------------------------------------------------------------- questions in plain words


async def answer_summary_question(update: Update, context: KamContext, query: SummaryQuery) -> None:
    """Answer a question `services.summaries.route_question` recognised, from the same figures."""
    await slow_work()  # figures over a period, maybe a chart
    actor = context.require_actor()
    service = summaries(context)
    scope = await service.scope(actor, query)
    if scope.unknown_client is not None:
        await reply(update, context.t("error.no_client_named", query=scope.unknown_client))
        return
    period, manager_id = scope.period, scope.manager_id
    note = context.t("sum.q.no_person", name=scope.unknown_name) if scope.unknown_name else ""
    if scope.own_only:
        note = context.t("sum.q.own_only")
    if scope.renamed is not None:  # "王磊" asked for after /rename 王磊 王大磊
        note = context.t("sum.q.renamed", old=scope.renamed[0], name=scope.renamed[1])
    if query.compare is not None:
        # "11月和10月相比", "compare this month with last month": both periods' figures.
        await send_comparison(update, context, query, period, query.compare, manager_id, note)
        return
    if query.topic is Topic.CLIENTS and query.group:
        # "我的客户里哪些信用等级差？": the clients of that rating or tier, as they stand today.
        # "信誉差的客户本月拜访了几次": no such number is counted; said so, and the clients listed.
        if query.narrowed:
            note = "\n".join(filter(None, (note, context.t("sum.q.group_only"))))
        if note:
            await reply(update, note)
        await send_page(update, context, ListKind.GROUP, AS_OF_TODAY, manager_id, 0,
                        group=query.group)  # fmt: skip
        return
    if query.topic is Topic.OVERDUE and query.unvisited:
        # "我这个月还有哪些客户没去过？": no visit in the period asked about (the overdue list
        # answered it, whatever was visited this month).
        if note:
            await reply(update, note)
        await send_page(update, context, ListKind.NOT_SINCE, period, manager_id, 0)
        return
    if query.topic is Topic.OVERDUE and query.not_seen_days and not query.who:
        # "哪些客户60天没拜访了？": a length of time without a visit, not the cadence's overdue.
        if note:
            await reply(update, note)
        await send_page(update, context, ListKind.NOT_SEEN, AS_OF_TODAY, manager_id, 0,
                        days=query.not_seen_days)  # fmt: skip
        return
    if query.topic is Topic.COMPLAINTS and query.by_client:
        # "哪些客户投诉最多？": clients ranked; with no period asked, this year's.
        if note:
            await reply(update, note)
        asked = query.period or Period(PeriodKind.YEAR, 0)
        window, ranked = await service.complaints_by_client(actor, asked, manager_id=manager_id)
        own = actor.role is Role.MANAGER
        text, items = render_complaints_by_client(context.lang, window.span, ranked, own=own)
        await reply(update, text, buttons=[items[i : i + 5] for i in range(0, len(items), 5)])
        return
    if query.topic is Topic.OVERDUE and query.due_ahead:
        # "这周该去拜访哪些客户？": the overdue and those falling due by the time asked about.
        if note:
            await reply(update, note)
        days = query.due_within
        if days is None:
            days = context.services.policy.cadence.remind_days_before
        await send_page(update, context, ListKind.DUE, AS_OF_TODAY, manager_id, 0, days=days)
        return
    if query.topic in (Topic.OVERDUE, Topic.AT_RISK):
        kind = ListKind.OVERDUE if query.topic is Topic.OVERDUE else ListKind.AT_RISK
        if note:
            await reply(update, note)
        lead = ""
        if manager_id is None:  # a team's list: who has how many first ("who has the most …?")
            team = await service.summary(actor, period)
            lead = _by_manager(context.lang, team, kind)
            if query.who and kind is ListKind.OVERDUE:
                # "本周谁还没拜访过客户？" asks for people too: those with no visit in the period.
                lead = "\n".join(x for x in (_idle(context.lang, team), lead) if x)
        await send_page(update, context, kind, period, manager_id, 0, lead=lead)
        return
    summary = await service.summary(actor, period, manager_id=manager_id)
    lang = context.lang
    if query.topic is Topic.OVERVIEW:
        text = render_summary(lang, summary)
        text = f"{note}\n{text}" if note else text
        buttons = summary_buttons(context, summary)
    else:
        parts = [note] if note else []
        parts += [_title(lang, summary), _span_line(lang, summary.span), ""]
        if query.people:
            parts += _compared_lines(lang, summary, query.people)  # those asked, side by side
        elif query.topic is Topic.VISITS:
            if query.who and manager_id is None and (idle := _idle(lang, summary)):
                parts += [idle, ""]  # "who hasn't visited…?": named before the counts
            elif query.rank and manager_id is None and (top := _ranked(lang, summary, query.rank)):
                parts += [top, ""]  # "谁拜访最少？": named before everyone's counts
            parts += _visit_lines(lang, summary, answer_person=scope.about_person)
        elif query.topic is Topic.COVERAGE:
            if query.rank and manager_id is None and (top := _ranked(lang, summary, query.rank)):
                parts += [top, ""]  # "谁的覆盖率最低？": named before everyone's figures
            parts += [_coverage_line(lang, summary), *_manager_lines(lang, summary)]
        else:
            parts += _complaint_lines(lang, summary)
        text = "\n".join(parts)
        buttons = _topic_buttons(context, summary, query.topic)
    await reply(update, text, buttons=buttons)
    if query.chart_asked and (chart := _chart_of(query.topic, summary)) is not None:
        # "团队本周走访图": the chart asked for, after the figures (its button stays for later).
        await send_chart(update, context, chart, period, manager_id)


def _chart_of(topic: Topic, summary: TeamSummary) -> str | None:
    """The chart a topic's figures have (its button's code); none when it would not fit."""
    if topic is Topic.COVERAGE:
        return "t"
    if topic is Topic.COMPLAINTS:
        return "c"
    return "v" if visits_chart_fits(summary.span) else None


async def send_comparison(
    update: Update,
    context: KamContext,
    query: SummaryQuery,
    period: Period,
    other: Period,
    manager_id: int | None,
    note: str,
) -> None:
    """Two periods' figures side by side, the earlier first, with a button to each summary. A
    period still to come is not compared (it has no figures): the one asked about is summed up."""
    actor = context.require_actor()
    service = summaries(context)
    today = service.today(actor)
    if other.bounds(today)[0] > today or period.bounds(today)[0] > today:
        await send_summary(update, context, period, manager_id)
        return
    first, second = sorted((period, other), key=lambda p: p.bounds(today))
    earlier = await service.summary(actor, first, manager_id=manager_id)
    later = await service.summary(actor, second, manager_id=manager_id)
    text = render_comparison(context.lang, earlier, later, query.topic)
    m = later.manager_id or 0
    buttons = [[button(context.t("cmp.btn", period=period_name(context.lang, s.span)),
                       f"{PREFIX}:s:{s.span.period.code}:{m}")
                for s in (earlier, later)]]  # fmt: skip
    await reply(update, f"{note}\n{text}" if note else text, buttons=buttons)


def _idle(lang: str, team: TeamSummary) -> str:
    """ "本周（… ~ …）还没有走访记录：李婷、王磊", or that everyone has one; empty for one person."""
    owners = [m for m in team.managers if m.clients]  # a supervisor owning none is not counted
    if len(owners) < 2:
        return ""
    span = team.span
    idle = [m.name for m in owners if not m.visits]
    when = period_with_days(lang, span)
    if not idle:
        return t(lang, "sum.q.everyone_visited", when=when)
    joiner = "、" if chinese(lang) else ", "
    return t(lang, "sum.q.no_visits_by", names=joiner.join(idle), when=when)


def _ranked(lang: str, team: TeamSummary, rank: str) -> str:
    """ "本周走访最少的是：李四（1 次）", "名下客户覆盖率最低的是：陈晓峰（36%）", ties named
    together; empty for one person. Only the people owning clients count, as in `_idle` (a
    supervisor owning none is not ranked)."""
    owners = [m for m in team.managers if m.clients]
    if len(owners) < 2:
        return ""
    joiner = "、" if chinese(lang) else ", "
    if rank in ("lowest", "highest"):  # their clients' coverage, as a share shown rounded
        share = (min if rank == "lowest" else max)(
            round(m.covered * 100 / m.clients) for m in owners
        )
        names = joiner.join(m.name for m in owners
                            if round(m.covered * 100 / m.clients) == share)  # fmt: skip
        return t(lang, f"sum.q.{rank}_coverage", names=names, share=f"{share}%")
    count = (min if rank == "fewest" else max)(m.visits for m in owners)
    names = joiner.join(m.name for m in owners if m.visits == count)
    return t(lang, f"sum.q.{rank}_visits", period=Html(period_name(lang, team.span)),
             names=names, count=count)  # fmt: skip


def _by_manager(lang: str, team: TeamSummary, kind: ListKind) -> str:
    """ "按客户经理：陈晓峰 5 · 李婷 4 · 王磊 2", most first; empty when one person owns them all."""
    owners = [m for m in team.managers if m.clients]
    if len(owners) < 2:
        return ""
    count = (lambda m: m.overdue) if kind is ListKind.OVERDUE else (lambda m: m.at_risk)
    ranked = sorted(owners, key=lambda m: (-count(m), m.name))
    # Said what it counts: after "每个人都有走访记录" a bare "按客户经理：陈晓峰 5" read as visits.
    key = "sum.by_manager_overdue" if kind is ListKind.OVERDUE else "sum.by_manager_at_risk"
    return by_manager_line(lang, [(m.name, count(m)) for m in ranked], key)


def _topic_buttons(
    context: KamContext, s: TeamSummary, topic: Topic
) -> list[list[InlineKeyboardButton]]:
    p, m = s.span.period.code, s.manager_id or 0
    row = []
    if topic is Topic.VISITS:
        row.append(_list_button(context, "sum.btn.visits", ListKind.VISITS, s.visits, p, m))
        if visits_chart_fits(s.span):
            row.append(button(context.t("sum.btn.chart_visits"), f"{PREFIX}:g:v:{p}:{m}"))
    elif topic is Topic.COVERAGE:
        row.append(_list_button(context, "sum.btn.uncovered", ListKind.UNCOVERED,
                                s.clients - s.covered, p, m))  # fmt: skip
        row.append(button(context.t("sum.btn.chart_coverage"), f"{PREFIX}:g:t:{p}:{m}"))
    else:
        row.append(_list_button(context, "sum.btn.open", ListKind.OPEN_COMPLAINTS,
                                s.complaints.still_open, p, m))  # fmt: skip
        row.append(button(context.t("sum.btn.chart_complaints"), f"{PREFIX}:g:c:{p}:{m}"))
    summary = button(context.t("sum.btn.summary"), f"{PREFIX}:s:{p}:{m}")
    return [row, [summary]]


# -------------------------------------------------------------------------------- buttons


def _number(text: str) -> int:
    """0 or a record id; anything else (a forged 23-digit id, "-1") is a stale button."""
    value = 0 if text == "0" else record_id(text)
    if value is None:
        raise ValueError(text)
    return value


async def summary_button(update: Update, context: KamContext) -> None:
    """Every summary button; the ids it carries are requests, checked again by the service."""
    query = update.callback_query
    assert query is not None
    context.require_actor()
    parts = (query.data or "").split(":")
    try:
        action, args = parts[1], parts[2:]
        if action == "s":
            period, manager_id = _period(args[0]), _number(args[1]) if len(args) > 1 else 0
            await query.answer()
            await send_summary(update, context, period, manager_id or None)
        elif action == "l":
            kind, period = ListKind(args[0]), _period(args[1])
            manager_id, offset = _number(args[2]), _number(args[3])
            extra = args[4] if len(args) > 4 else None  # the days asked about, or the group
            group = extra if kind is ListKind.GROUP else None
            if kind is ListKind.GROUP and client_group(group) is None:
                raise ValueError(group)  # a forged or stale group
            days = _number(extra) if extra is not None and group is None else None
            await query.answer()
            await send_page(update, context, kind, period, manager_id or None, offset,
                            from_summary=True, days=days, group=group)  # fmt: skip
        elif action == "c":
            client_id = _number(args[0])
            await query.answer()
            await show_client(update, context, client_id)
        elif action == "g":
            chart, period, manager_id = args[0], _period(args[1]), _number(args[2])
            if chart not in ("v", "t", "c"):
                raise ValueError(chart)
            await query.answer()
            await send_chart(update, context, chart, period, manager_id or None)
        else:
            raise ValueError(action)
    except (IndexError, ValueError):
        await query.answer(context.t("button.stale"))


def _period(code: str) -> Period:
    period = Period.from_code(code)
    if period is None:
        raise ValueError(code)
    return period


async def send_page(
    update: Update,
    context: KamContext,
    kind: ListKind,
    period: Period,
    manager_id: int | None,
    offset: int,
    *,
    lead: str = "",
    from_summary: bool = False,
    days: int | None = None,
    group: str | None = None,
) -> None:
    """One page of a list; `lead` (already rendered) goes above it. `from_summary`: opened from a
    summary's button, which its last button goes back to (else it offers the full summary)."""
    actor = context.require_actor()
    page = await summaries(context).drill(
        actor,
        kind,
        period,
        manager_id=manager_id,
        offset=offset,
        limit=PAGE,
        days=days,
        group=group,
    )
    # A manager's lists hold only their own clients: their name on every line says nothing.
    own = actor.role is Role.MANAGER
    text, buttons = render_page(
        context.lang, page, counted=context.services.policy.cadence.counted, own=own
    )
    if lead:
        text = f"{lead}\n{text}"
    rows = [buttons[i : i + 5] for i in range(0, len(buttons), 5)]
    if page.has_more:
        data = f"{PREFIX}:l:{kind.value}:{period.code}:{manager_id or 0}:{offset + PAGE}"
        if page.days is not None:
            data += f":{page.days}"
        elif page.group is not None:
            data += f":{page.group}"
        rows.append([button(context.t("sum.btn.next"), data)])
    back = "sum.btn.team" if from_summary else "sum.btn.summary"
    rows.append([button(context.t(back), f"{PREFIX}:s:{period.code}:{manager_id or 0}")])
    await reply(update, text, buttons=rows)


async def show_client(update: Update, context: KamContext, client_id: int) -> None:
    """A client opened from a list: the same card as /client (one place renders it)."""
    from bot.handlers.clients import show_card  # clients renders with this module's helpers

    await show_card(update, context, client_id)


async def send_chart(
    update: Update, context: KamContext, chart: str, period: Period, manager_id: int | None
) -> None:
    actor = context.require_actor()
    service = summaries(context)
    lang = context.lang
    chat = update.effective_chat
    assert chat is not None
    await chat.send_action(ChatAction.UPLOAD_PHOTO)
    # One manager's chart, forwarded or seen later, must say whose it is (the visits chart of
    # one person names them above its bars).
    who = ""
    if manager_id is not None and chart != "v":
        who = next((p.name for p in await service.people(actor) if p.user_id == manager_id), "")
    if chart == "v":
        weekly = await service.weekly_visits(actor, manager_id=manager_id)
        text = chart_text(lang, span_label=_plain(t(lang, "sum.chart.weeks", weeks=CHART_WEEKS,
                          start=weekly.weeks[0].isoformat(),
                          end=service.today(actor).isoformat())))  # fmt: skip
        png = await asyncio.to_thread(visits_chart, weekly, text)
        caption = t(lang, "sum.chart.caption_visits", weeks=CHART_WEEKS)
        empty = not has_visits(weekly)
    elif chart == "t":
        span, tiers = await service.coverage_by_tier(actor, period, manager_id=manager_id)
        text = chart_text(lang, span_label=_whose(who, _span_plain(lang, span)))
        png = await asyncio.to_thread(coverage_chart, tiers, span, text)
        caption = t(lang, "sum.chart.caption_coverage", period=period_name(lang, span))
        empty = not tiers
    else:
        ages = await service.complaint_ages(actor, period, manager_id=manager_id)
        text = chart_text(lang, span_label=_whose(who, _span_plain(lang, ages.span)))
        png = await asyncio.to_thread(complaints_chart, ages, text)
        caption = t(lang, "sum.chart.caption_complaints", period=period_name(lang, ages.span))
        empty = not has_complaints(ages)
    if who:
        caption = Html(f"{caption} · {html.escape(who)}")
    if empty:
        caption = Html(caption + "\n" + t(lang, "chart.empty"))
    await chat.send_photo(
        InputFile(io.BytesIO(png), filename=f"chart-{chart}.png"),
        caption=caption,
        parse_mode=ParseMode.HTML,
    )


def _whose(name: str, span: str) -> str:
    """A chart's footer: whose figures (one manager's), then the days they cover."""
    return f"{name} · {span}" if name else span
