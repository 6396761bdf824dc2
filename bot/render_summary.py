"""A summary, its lists, charts' labels and a client's activity rendered as chat text and buttons."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from telegram import InlineKeyboardButton

from bot.context import KamContext
from bot.handlers.complaints import time_left
from bot.handlers.replies import button
from bot.i18n import Html, has, t
from bot.render import client_named
from config.catalog import chinese
from services.charts import ChartText, visits_chart_fits
from services.labels import label
from services.policy import counted_label
from services.summaries.periods import Period, PeriodKind
from services.summaries.records import (
    ClientActivity,
    ClientComplaints,
    ClientLine,
    ComplaintLine,
    ListKind,
    Page,
    RiskReason,
    Scope,
    Span,
    TeamSummary,
    VisitLine,
    client_group,
)

PREFIX = "sm"
PAGE = 15  # list items per message: numbered buttons five to a row
TOP_LINES = 5  # overdue and at-risk clients named in the summary itself
MAX_MANAGER_BUTTONS = 12
SWITCH_PERIODS = ("w0", "w-1", "m0", "m-1", "q0")
SUMMARY_ITEM = 80  # characters of a visit summary or complaint shown in a list


# ------------------------------------------------------------------------------- rendering


def _plain(text: str) -> str:
    """Catalog text for a picture: no HTML escaping there."""
    return html.unescape(text)


def chart_text(lang: str, *, span_label: str) -> ChartText:
    def p(key: str, **params: Any) -> str:
        return _plain(t(lang, key, **params))

    tiers = {tier: p(f"tier.{tier}")
             for tier in ("important", "group", "commercial", "strategic")}  # fmt: skip
    tiers["none"] = p("sum.chart.tier_none")
    return ChartText(
        visits_title=p("sum.chart.visits_title"),
        visits_axis=p("sum.chart.visits_axis"),
        total=p("sum.chart.total", weeks="{weeks}"),
        coverage_title=p("sum.chart.coverage_title"),
        coverage_axis=p("sum.chart.coverage_axis"),
        covered=p("sum.chart.covered"),
        not_covered=p("sum.chart.not_covered"),
        overdue_note=p("sum.chart.overdue_note", overdue="{overdue}"),
        tiers=tiers,
        complaints_title=p("sum.chart.complaints_title"),
        ages_title=p("sum.chart.ages_title"),
        age_labels=tuple(p(f"sum.chart.age{i}") for i in range(5)),
        unanswered=p("sum.chart.unanswered"),
        answered=p("sum.chart.answered"),
        statuses_title=p("sum.chart.statuses_title"),
        statuses={
            s: _capital(p(f"sum.status.{s}")) for s in ("open", "responded", "resolved", "closed")
        },
        count_axis=p("sum.chart.count_axis"),
        no_data=p("sum.chart.no_data"),
        span_label=span_label,
        none_received=p("sum.chart.none_received"),
        week_through=p("sum.chart.week_through", day="{day}"),
    )


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def period_name(lang: str, span: Span | Period) -> str:
    """本周, 上月…; a period without a name of its own by its days."""
    period = span.period if isinstance(span, Span) else span
    key = f"period.{period.code}"
    if has(key):
        return t(lang, key)
    if not isinstance(span, Span):
        return period.code
    if span.start == span.end:  # "11月28日": the day by its date
        return span.start.isoformat()
    return t(lang, "period.other", start=span.start.isoformat(), end=span.end.isoformat())


def period_with_days(lang: str, span: Span) -> Html:
    """ "本周（2026-11-30 ~ 2026-12-01）" to date, "昨天（2026-11-30）", a day by its date alone."""
    if span.start == span.end:
        if span.period.kind is PeriodKind.RANGE:
            return Html(_day(span.start))
        return Html(t(lang, "period.with_day", period=Html(period_name(lang, span)),
                      day=_day(span.start)))  # fmt: skip
    return Html(t(lang, "period.with_days", period=Html(period_name(lang, span)),
                  start=_day(span.start), end=_day(span.as_of)))  # fmt: skip


def _span_line(lang: str, span: Span) -> str:
    # Days asked for by their dates are not named by them twice ("2026-11-01 ~ 2026-11-15：…").
    custom = span.period.kind is PeriodKind.RANGE
    if span.start == span.end:  # one day: "昨天：2026-11-30", "2026-11-28"
        if custom:
            return t(lang, "sum.span_day_dated", day=_day(span.start))
        return t(lang, "sum.span_day", period=Html(period_name(lang, span)), day=_day(span.start))
    name = Html(t(lang, "period.range") if custom else period_name(lang, span))
    if span.complete:
        return t(lang, "sum.span", period=name, start=_day(span.start), end=_day(span.end))
    return t(lang, "sum.span_to_date", period=name, start=_day(span.start), end=_day(span.end),
             as_of=_day(span.as_of))  # fmt: skip


def _span_plain(lang: str, span: Span) -> str:
    return _plain(_span_line(lang, span))


def _day(value: date) -> str:
    return value.isoformat()


def _client(lang: str, line: ClientLine | VisitLine | ComplaintLine | ClientComplaints) -> str:
    name = line.name if isinstance(line, ClientLine | ClientComplaints) else line.client_name
    return client_named(lang, name, line.client_en)


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def _title(lang: str, s: TeamSummary) -> str:
    if s.scope is Scope.MINE:
        return t(lang, "sum.title.mine", name=s.title or "")
    if s.scope is Scope.PERSON:
        return t(lang, "sum.title.person", name=s.title or "")
    if s.scope is Scope.TEAM:
        return (
            t(lang, "sum.title.team", name=s.title)
            if s.title
            else t(lang, "sum.title.team_unnamed")
        )
    return t(lang, "sum.title.all")


def _manager_lines(lang: str, s: TeamSummary) -> list[str]:
    if s.scope in (Scope.MINE, Scope.PERSON):
        return []

    def line(m: Any) -> str:
        if not m.clients:
            return t(lang, "sum.manager_line_short", name=m.name, visits=m.visits,
                     clients=m.clients_visited)  # fmt: skip
        return t(lang, "sum.manager_line", name=m.name, visits=m.visits,
                 clients=m.clients_visited, coverage=_pct(m.coverage), overdue=m.overdue)  # fmt: skip

    def active(people: Sequence[Any]) -> list[str]:
        # Someone with no clients and no visits (a new supervisor, say) is only noise here.
        return [line(m) for m in people if m.clients or m.visits]

    if s.scope is Scope.TEAM:
        return active(s.managers)
    out: list[str] = []
    for team in s.teams:
        out.append(t(lang, "sum.team_line", team=team.name or t(lang, "sum.no_team"),
                     visits=team.visits, coverage=_pct(team.coverage), overdue=team.overdue))  # fmt: skip
        out += active(team.managers)
    return out


def _compared_lines(lang: str, s: TeamSummary, people: Sequence[tuple[int, str]]) -> list[str]:
    """ "李婷和王磊比一比": one line for each person asked about, in the order asked, each named
    (one with no visits and no clients too: "0 次" is their answer), and no one else."""
    lines = {m.user_id: m for m in [*s.managers, *(m for tm in s.teams for m in tm.managers)]}
    out: list[str] = []
    for user_id, name in people:
        m = lines.get(user_id)
        if m is None or not m.clients:
            out.append(t(lang, "sum.manager_line_short", name=m.name if m else name,
                         visits=m.visits if m else 0, clients=m.clients_visited if m else 0))  # fmt: skip
        else:
            out.append(t(lang, "sum.manager_line", name=m.name, visits=m.visits,
                         clients=m.clients_visited, coverage=_pct(m.coverage), overdue=m.overdue))  # fmt: skip
    return out


def _visit_lines(lang: str, s: TeamSummary, *, answer_person: bool = False) -> list[str]:
    if answer_person and s.managers:
        m = s.managers[0]
        return [t(lang, "sum.q.visits_person", name=m.name, when=period_with_days(lang, s.span),
                  visits=m.visits, clients=m.clients_visited)]  # fmt: skip
    # Two meanings, never one word: visits a person made, and visits their clients received.
    if s.scope is Scope.MINE:
        made = t(lang, "sum.made.mine", visits=s.visits, clients=s.clients_visited)
    elif s.scope is Scope.PERSON:
        made = t(lang, "sum.made.person", name=s.title or "", visits=s.visits,
                 clients=s.clients_visited)  # fmt: skip
    else:
        made = t(lang, "sum.visits", visits=s.visits, clients=s.clients_visited)
    key = {Scope.MINE: "sum.owned_visits", Scope.PERSON: "sum.owned_visits",
           Scope.TEAM: "sum.owned_visits_team"}.get(s.scope, "sum.owned_visits_all")  # fmt: skip
    received = t(lang, key, visits=s.owned_visits, others=s.owned_visits_by_others)
    return [made, *_manager_lines(lang, s), received]


def _coverage_line(lang: str, s: TeamSummary) -> str:
    if not s.clients:
        return t(lang, "sum.coverage_none")
    # Which visits keep the cadence, inside the same brackets ("On site" is a label; in the
    # middle of an English sentence it is written in lower case).
    words = [t(lang, f"sum.kind.{k}") for k in s.counting_kinds]
    kinds = "、".join(words) if chinese(lang) else ", ".join(w.lower() for w in words)
    return t(lang, "sum.coverage", share=_pct(s.coverage), covered=s.covered,
             clients=s.clients, kinds=kinds)  # fmt: skip


def _complaint_lines(lang: str, s: TeamSummary) -> list[str]:
    c = s.complaints
    head: str = t(lang, "sum.complaints", opened=c.opened, resolved=c.resolved, open=c.still_open)
    if c.open_past_due:
        head += t(lang, "sum.complaints_past_due", count=c.open_past_due)
    on_time = (
        t(lang, "sum.on_time", share=_pct(c.on_time_share), on_time=c.resolved_on_time,
          resolved=c.resolved)
        if c.resolved
        else t(lang, "sum.on_time_none")
    )  # fmt: skip
    hours = c.median_first_response_hours
    response = (
        t(lang, "sum.response", hours=f"{hours:.1f}", on_time=c.responded_on_time,
          responded=c.responded)
        if hours is not None
        else t(lang, "sum.response_none")
    )  # fmt: skip
    missed = (
        t(lang, "sum.response_missed", count=c.unanswered_past_due) if c.unanswered_past_due else ""
    )
    return [head, f"{on_time} · {response}{missed}"]


def _reasons(lang: str, c: ClientLine, counted: str, *, but_overdue: bool = False) -> str:
    words = []
    for reason in c.reasons:
        if reason is RiskReason.OVERDUE and but_overdue:
            continue
        if reason is RiskReason.OVERDUE:
            words.append(t(lang, "sum.reason.overdue", days=c.days_overdue))
        elif reason is RiskReason.OPEN_COMPLAINTS:
            words.append(t(lang, "sum.reason.open_complaints", count=c.open_complaints))
        elif reason is RiskReason.DEVELOP_STALE:
            if but_overdue:  # beside the line's own "last visit" date: what the strategy asks
                words.append(t(lang, "sum.reason.develop_short"))
            elif c.days_since_visit is None:
                words.append(t(lang, "sum.reason.develop_never", counted=counted))
            else:
                words.append(t(lang, "sum.reason.develop_stale", days=c.days_since_visit,
                               counted=counted))  # fmt: skip
        else:
            words.append(t(lang, f"sum.reason.{reason.value}"))
    return t(lang, "sum.reason_sep").join(words)


def render_summary(lang: str, s: TeamSummary) -> str:
    """The whole summary: who and when, visits, coverage, overdue, complaints, at risk."""
    counted = counted_label(s.counting_kinds)
    span_line = _span_line(lang, s.span)
    if s.span.complete and s.clients:
        # Last week's overdue days count to its last day, a day short of a reminder sent today.
        span_line += t(lang, "sum.state_as_of", day=_day(s.span.end))
    lines = [_title(lang, s), span_line, ""]
    # One manager's clients, the manager named in the title: a line does not name the owner again.
    own = "_own" if s.scope in (Scope.MINE, Scope.PERSON) else ""
    lines += _visit_lines(lang, s)
    if not s.clients:
        # Nobody in scope owns a client yet (a new team, a new manager): "overdue: none 👍" and
        # "at risk: none" would read as good news about clients that do not exist.
        key = "sum.no_clients_mine" if s.scope is Scope.MINE else "sum.no_clients"
        lines += ["", t(lang, key), "", *_complaint_lines(lang, s)]
        return "\n".join(lines)
    lines += ["", _coverage_line(lang, s)]
    if s.overdue_count:
        lines.append(t(lang, "sum.overdue_header", count=s.overdue_count))
        for n, c in enumerate(s.overdue[:TOP_LINES], start=1):
            lines.append(t(lang, f"sum.overdue_line{own}", n=n, name=_client(lang, c), owner=c.owner_name,
                           days=c.days_overdue))  # fmt: skip
        if s.overdue_count > TOP_LINES:
            lines.append(t(lang, "sum.more", count=s.overdue_count - TOP_LINES))
    else:
        lines.append(t(lang, "sum.overdue_none"))
    lines += ["", *_complaint_lines(lang, s), ""]
    if s.at_risk_count:
        lines.append(t(lang, "sum.risk_header", count=s.at_risk_count))
        for n, c in enumerate(s.at_risk[:TOP_LINES], start=1):
            lines.append(t(lang, f"sum.risk_line{own}", n=n, name=_client(lang, c), owner=c.owner_name,
                           reasons=Html(_reasons(lang, c, counted))))  # fmt: skip
        if s.at_risk_count > TOP_LINES:
            lines.append(t(lang, "sum.more", count=s.at_risk_count - TOP_LINES))
    else:
        lines.append(t(lang, "sum.risk_none"))
    return "\n".join(lines)


def _list_button(
    context: KamContext, key: str, kind: ListKind, count: int, period: str, manager: int
) -> InlineKeyboardButton:
    return button(context.t(key, count=count), f"{PREFIX}:l:{kind.value}:{period}:{manager}:0")


def summary_buttons(context: KamContext, s: TeamSummary) -> list[list[InlineKeyboardButton]]:
    p, m = s.span.period.code, s.manager_id or 0
    rows: list[list[InlineKeyboardButton]] = []
    first = [_list_button(context, "sum.btn.visits", ListKind.VISITS, s.visits, p, m)]
    if s.overdue_count:
        first.append(_list_button(context, "sum.btn.overdue", ListKind.OVERDUE,
                                  s.overdue_count, p, m))  # fmt: skip
    if s.at_risk_count:
        first.append(_list_button(context, "sum.btn.risk", ListKind.AT_RISK,
                                  s.at_risk_count, p, m))  # fmt: skip
    rows.append(first)
    c = s.complaints
    second = [
        _list_button(context, key, kind, count, p, m)
        for key, kind, count in (
            ("sum.btn.open", ListKind.OPEN_COMPLAINTS, c.still_open),
            ("sum.btn.opened", ListKind.OPENED, c.opened),
            ("sum.btn.resolved", ListKind.RESOLVED, c.resolved),
        )
        if count
    ]
    if second:
        rows.append(second)
    charts = [
        button(context.t("sum.btn.chart_coverage"), f"{PREFIX}:g:t:{p}:{m}"),
        button(context.t("sum.btn.chart_complaints"), f"{PREFIX}:g:c:{p}:{m}"),
    ]
    if visits_chart_fits(s.span):
        charts.insert(0, button(context.t("sum.btn.chart_visits"), f"{PREFIX}:g:v:{p}:{m}"))
    rows.append(charts)
    if s.scope in (Scope.TEAM, Scope.ALL):
        # The managers most in need of attention first.
        people = sorted(
            (x for x in s.managers if x.clients), key=lambda x: (-x.overdue, -x.at_risk, x.name)
        )[:MAX_MANAGER_BUTTONS]
        people_buttons = [
            button(context.t("sum.btn.manager", name=x.name[:20]), f"{PREFIX}:s:{p}:{x.user_id}")
            for x in people
        ]
        rows += [people_buttons[i : i + 3] for i in range(0, len(people_buttons), 3)]
    else:
        mine = [_list_button(context, "sum.btn.clients", ListKind.CLIENTS, 0, p, m)]
        if s.scope is Scope.PERSON:
            mine.append(button(context.t("sum.btn.team"), f"{PREFIX}:s:{p}:0"))
        rows.append(mine)
    others = [code for code in SWITCH_PERIODS if code != p]
    rows.append([
        button(period_name(context.lang, Period.from_code(code) or s.span.period),
               f"{PREFIX}:s:{code}:{m}")
        for code in others[:4]
    ])  # fmt: skip
    return rows


def _state(lang: str, c: ClientLine, counted: str) -> str:
    if c.days_overdue > 0:
        state = t(lang, "sum.state.overdue", days=c.days_overdue)
    elif c.days_overdue == 0:
        state = t(lang, "sum.state.due_today")
    elif c.days_overdue == -1:
        state = t(lang, "sum.state.due_tomorrow")
    else:
        state = t(lang, "sum.state.due_in", days=-c.days_overdue)
    if c.last_visit_on is None:
        return state + t(lang, "sum.state.never", counted=counted)
    return state + t(lang, "sum.state.last", date=_day(c.last_visit_on), counted=counted)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_ITEM else text[: SUMMARY_ITEM - 1] + "…"


def by_manager_line(
    lang: str, counts: Sequence[tuple[str, int]], key: str = "sum.by_manager"
) -> str:
    """ "按客户经理：陈晓峰 5 · 李婷 4 · 王磊 2", in the order given (`key` may name what is
    counted, for a line that stands before the list's title)."""
    items = " · ".join(t(lang, "sum.by_manager_item", name=name, count=n) for name, n in counts)
    return t(lang, key, counts=Html(items))


# Lists of a state on the summary's last day (today for the current period), not of its days.
_AS_OF_LISTS = frozenset(
    {ListKind.UNCOVERED, ListKind.OVERDUE, ListKind.AT_RISK, ListKind.OPEN_COMPLAINTS}
)


def render_page(
    lang: str, page: Page[Any], *, counted: str, own: bool = False
) -> tuple[str, list[InlineKeyboardButton]]:
    """A list behind a number, with one numbered button per item opening its client (`counted`
    is `VisitCadence.counted`: which visits "last visit" means). `own`: the reader owns every
    client listed (a manager), so a client's line does not name its owner."""
    who = t(lang, "sum.list_who", name=page.manager.name) if page.manager else ""
    if page.kind is ListKind.NOT_SEEN:
        title = Html(t(lang, "sum.list.ns", days=page.days))
    elif page.kind is ListKind.NOT_SINCE:  # no visit since the period's first day (or in it)
        span = page.span
        title = Html(t(lang, "sum.list.nv_in", start=_day(span.start), end=_day(span.end))
                     if span.complete else t(lang, "sum.list.nv", start=_day(span.start)))  # fmt: skip
    elif page.kind is ListKind.DUE:  # due by a day: today plus the days asked about
        end = page.span.as_of + timedelta(days=page.days or 0)
        title = Html(
            t(lang, "sum.list.du", end=_day(end)) if page.days else t(lang, "sum.list.du_today")
        )
    elif page.kind is ListKind.GROUP and (group := client_group(page.group)) is not None:
        field, value = group  # "信誉等级为“差”的客户", "战略大客户"
        name = label(lang, "rating" if field == "credit_rating" else "tier", value)
        title = Html(t(lang, f"sum.list.gp_{'rating' if field == 'credit_rating' else 'tier'}",
                       value=name))  # fmt: skip
    else:
        title = Html(t(lang, f"sum.list.{page.kind.value}"))
    if page.kind in (ListKind.CLIENTS, ListKind.NOT_SEEN, ListKind.NOT_SINCE, ListKind.DUE,
                     ListKind.GROUP):  # fmt: skip
        # a client list is the portfolio as it stands: no period in its title
        header = t(lang, "sum.list_header_now", title=title, who=Html(who), total=page.total)
    elif page.kind in _AS_OF_LISTS:
        # overdue, at risk, open: a state on a day ("· 本周" read as the week's overdue clients)
        header = t(lang, "sum.list_header_as_of", title=title, who=Html(who),
                   day=_day(page.span.as_of), total=page.total)  # fmt: skip
    else:
        header = t(lang, "sum.list_header", title=title, who=Html(who),
                   period=Html(period_name(lang, page.span)), total=page.total)  # fmt: skip
    lines: list[str] = [header]
    if len(page.owners) > 1 and page.offset == 0:  # a team's clients to visit: whose first
        lines.append(by_manager_line(lang, page.owners))
    if not page.items:
        # A new manager's /clients: why the list is empty and how that changes, not "no match".
        none = "sum.list_no_clients" if page.kind is ListKind.CLIENTS and own else "sum.list_empty"
        lines.append(t(lang, none))
        return "\n".join(lines), []
    lines.append(t(lang, "sum.list_range", first=page.offset + 1,
                   last=page.offset + len(page.items)))  # fmt: skip
    buttons = []
    for n, item in enumerate(page.items, start=page.offset + 1):
        lines.append(_item(lang, page.kind, n, item, counted, own))
        client_id = item.client_id
        buttons.append(button(t(lang, "sum.btn.item", n=n), f"{PREFIX}:c:{client_id}"))
    return "\n".join(lines), buttons


def _item(lang: str, kind: ListKind, n: int, item: Any, counted: str, own: bool = False) -> str:
    if isinstance(item, VisitLine):
        return t(lang, "sum.item.visit", n=n, date=_day(item.visited_on), client=_client(lang, item),
                 author=item.author_name, kind=_word(lang, "sum.kind", item.kind),
                 summary=_short(item.summary))  # fmt: skip
    if isinstance(item, ComplaintLine):
        due = complaint_due(lang, item)
        line = t(lang, "sum.item.complaint", n=n, date=_day(item.received_on),
                 client=_client(lang, item), owner=item.owner_name,
                 severity=_word(lang, "sum.sev", item.severity),
                 status=_word(lang, "sum.status", item.status),
                 description=_short(item.description),
                 # the deadline line says how late, in days or hours
                 late=Html(t(lang, "sum.late")) if item.late and not due else "")  # fmt: skip
        return f"{line}\n    {due}" if due else line
    assert isinstance(item, ClientLine)
    mine = "_own" if own else ""
    if kind is ListKind.AT_RISK:
        return t(lang, f"sum.item.client_reasons{mine}", n=n, name=_client(lang, item),
                 owner=item.owner_name, reasons=Html(_reasons(lang, item, counted)))  # fmt: skip
    state = _state(lang, item, counted)
    if (risk := _reasons(lang, item, counted, but_overdue=True)) and kind is ListKind.CLIENTS:
        # Why a client due in 29 days is listed before one due in 16: it is at risk.
        state += t(lang, "sum.state.risk", reasons=Html(risk))
    return t(lang, f"sum.item.client{mine}", n=n, name=_client(lang, item), owner=item.owner_name,
             state=Html(state))  # fmt: skip


def render_complaints_by_client(
    lang: str, span: Span, ranked: Sequence[ClientComplaints], *, own: bool = False
) -> tuple[str, list[InlineKeyboardButton]]:
    """ "哪些客户投诉最多？": the clients with the most complaints in the period, a button each."""
    lines = [t(lang, "sum.most_complaints", period=Html(period_name(lang, span)))]
    if not ranked:
        lines.append(t(lang, "sum.list_empty"))
        return "\n".join(lines), []
    mine = "_own" if own else ""
    lines += [
        t(
            lang,
            f"sum.item.client_complaints{mine}",
            n=n,
            name=_client(lang, c),
            owner=c.owner_name,
            count=c.received,
            open=c.still_open,
        )
        for n, c in enumerate(ranked, start=1)
    ]
    buttons = [
        button(t(lang, "sum.btn.item", n=n), f"{PREFIX}:c:{c.client_id}")
        for n, c in enumerate(ranked, start=1)
    ]
    return "\n".join(lines), buttons


def complaint_due(lang: str, item: ComplaintLine) -> Html:
    """The deadline an unresolved complaint is at, with the time left or past, as /complaints
    says it ("解决期限 2026-11-30 23:59（还剩 2 小时）"); a client not yet contacted also has its
    resolution deadline. Told as of now, in a past period's list too; empty for a ticket
    resolved by now."""
    if item.next_due is None or item.due_stage is None or item.hours_left is None:
        return Html("")
    due = item.next_due
    parts = [t(lang, f"complaints.due.{item.due_stage}", due=due.strftime("%Y-%m-%d %H:%M"),
               left=Html(time_left(lang, item.hours_left))).strip()]  # fmt: skip
    if item.due_stage == "response":
        resolve = item.resolution_due.astimezone(due.tzinfo)
        hours = item.hours_left + (item.resolution_due - due).total_seconds() / 3600
        parts.append(t(lang, "complaints.due.resolution", due=resolve.strftime("%Y-%m-%d %H:%M"),
                       left=Html(time_left(lang, hours))).strip())  # fmt: skip
    return Html(" · ".join(parts))


def _word(lang: str, prefix: str, value: str) -> str:
    key = f"{prefix}.{value}"
    return t(lang, key) if has(key) else value


def render_activity(
    lang: str, activity: ClientActivity, today: date | None = None, *, counted: str
) -> str:
    lines = []
    status = activity.status
    if status is not None:
        lines.append(t(lang, "sum.card.cadence", days=status.interval_days,
                       state=Html(_state(lang, status, counted))))  # fmt: skip
        if today is not None:
            due = today - timedelta(days=status.days_overdue)
            lines.append(t(lang, "card.next_due", date=_day(due)))
    if activity.open_complaints:
        lines.append(t(lang, "card.open_tickets", count=activity.open_complaints))
    if activity.visits:
        lines.append(t(lang, "sum.card.visits"))
        lines += [
            t(lang, "sum.card.visit", date=_day(v.visited_on), kind=_word(lang, "sum.kind", v.kind),
              author=v.author_name, summary=_short(v.summary))
            for v in activity.visits
        ]  # fmt: skip
    else:
        lines.append(t(lang, "sum.card.no_visits"))
    if activity.complaints:
        lines.append(t(lang, "sum.card.complaints"))
        for c in activity.complaints:
            deadline = complaint_due(lang, c)
            lines.append(t(lang, "sum.card.complaint", date=_day(c.received_on),
                           severity=_word(lang, "sum.sev", c.severity),
                           status=_word(lang, "sum.status", c.status),
                           description=_short(c.description),
                           late=Html(t(lang, "sum.late")) if c.late and not deadline else ""))  # fmt: skip
            if deadline:
                lines.append(Html(f"  {deadline}"))
    else:
        lines.append(t(lang, "sum.card.no_complaints"))
    return "\n".join(lines)
