"""Two periods' figures side by side ("11月和10月相比", "compare this month with last month")."""

from __future__ import annotations

from bot.i18n import Html, t
from bot.render_summary import _pct, _span_line, _title, period_name
from services.summaries.questions import Topic
from services.summaries.records import ManagerLine, Scope, TeamSummary

MAX_PEOPLE = 20  # a company's comparison names this many people; the totals count everyone


def render_comparison(lang: str, earlier: TeamSummary, later: TeamSummary, topic: Topic) -> str:
    """The figures of `earlier` and `later` (the same people, two periods), each with its change;
    which figures follows the question's topic (all of them for an overview)."""
    names = {
        "earlier": Html(period_name(lang, earlier.span)),
        "later": Html(period_name(lang, later.span)),
    }
    lines = [
        _title(lang, later),
        t(lang, "cmp.between", **names),
        _span_line(lang, earlier.span),
        _span_line(lang, later.span),
        "",
    ]
    everything = topic is Topic.OVERVIEW
    if everything or topic is Topic.VISITS:
        lines.append(_count(lang, "cmp.visits", earlier.visits, later.visits))
        lines.append(
            _count(lang, "cmp.clients_visited", earlier.clients_visited, later.clients_visited)
        )
        lines += _people(lang, earlier, later, visits=True)
    owned = earlier.clients or later.clients
    if not owned and (everything or topic in (Topic.COVERAGE, Topic.OVERDUE, Topic.AT_RISK)):
        lines.append(
            t(lang, "sum.coverage_none")
        )  # nobody's clients: no coverage to set side by side
    elif everything or topic in (Topic.COVERAGE, Topic.OVERDUE, Topic.AT_RISK):
        lines.append(_share(lang, "cmp.coverage", earlier.coverage, later.coverage))
        lines.append(_count(lang, "cmp.overdue", earlier.overdue_count, later.overdue_count))
        lines.append(_count(lang, "cmp.at_risk", earlier.at_risk_count, later.at_risk_count))
        if not everything:
            lines += _people(lang, earlier, later, visits=False)
    if everything or topic is Topic.COMPLAINTS:
        a, b = earlier.complaints, later.complaints
        lines.append(_count(lang, "cmp.opened", a.opened, b.opened))
        lines.append(_count(lang, "cmp.resolved", a.resolved, b.resolved))
        if a.resolved or b.resolved:  # nothing resolved in either: no share to compare
            lines.append(_share(lang, "cmp.on_time", a.on_time_share, b.on_time_share))
    if owned and (everything or topic in (Topic.COVERAGE, Topic.OVERDUE, Topic.AT_RISK)):
        # A past period's coverage is the state on its last day, not today's.
        lines.append(t(lang, "cmp.state_note"))
    return "\n".join(lines)


def _count(lang: str, key: str, earlier: int, later: int) -> str:
    return t(lang, key, earlier=earlier, later=later, change=Html(_change(lang, later - earlier)))


def _share(lang: str, key: str, earlier: float | None, later: float | None, **params: str) -> str:
    change = ""
    if earlier is not None and later is not None:
        change = _change(lang, round(later * 100) - round(earlier * 100), points=True)
    return t(lang, key, earlier=_pct(earlier), later=_pct(later), change=Html(change), **params)


def _change(lang: str, difference: int, *, points: bool = False) -> str:
    direction = "up" if difference > 0 else "down" if difference < 0 else "same"
    key = "cmp.change_points" if points else "cmp.change"
    return t(lang, key, direction=direction, amount=abs(difference))


def _people(lang: str, earlier: TeamSummary, later: TeamSummary, *, visits: bool) -> list[str]:
    """One line per person in either period: the visits they made, or their clients' coverage
    (people owning no clients have none)."""
    if later.scope in (Scope.MINE, Scope.PERSON):
        return []
    before = {m.user_id: m for m in earlier.managers}
    after = {m.user_id: m for m in later.managers}
    lines: list[str] = []
    for user_id in [*after, *(i for i in before if i not in after)]:
        a, b = before.get(user_id), after.get(user_id)
        name = (b or a or _NOBODY).name
        if visits:
            if not any(m is not None and (m.visits or m.clients) for m in (a, b)):
                continue  # no visits and no clients in either period (a new supervisor, say)
            lines.append(_person(lang, name, a.visits if a else 0, b.visits if b else 0))
        elif any(m is not None and m.clients for m in (a, b)):
            lines.append(_share(lang, "cmp.person", a.coverage if a else None,
                                b.coverage if b else None, name=name))  # fmt: skip
        if len(lines) == MAX_PEOPLE:
            break
    return lines


def _person(lang: str, name: str, earlier: int, later: int) -> str:
    return t(lang, "cmp.person", name=name, earlier=earlier, later=later,
             change=Html(_change(lang, later - earlier)))  # fmt: skip


_NOBODY = ManagerLine(0, "", None)
