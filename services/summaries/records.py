"""What a summary returns: lines, pages and chart series, free of SQL and of Telegram."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from services.domain import CreditRating, Strategy, Tier
from services.summaries.periods import Period

T = TypeVar("T")


# ------------------------------------------------------------------------------ result records


class Scope(enum.StrEnum):
    MINE = "mine"  # a manager: their own clients
    TEAM = "team"  # a supervisor: their team
    ALL = "all"  # an admin: everyone, by team
    PERSON = "person"  # one manager, looked at by their supervisor or an admin


class RiskReason(enum.StrEnum):
    POOR_RATING = "poor_rating"
    OVERDUE = "overdue"
    OPEN_COMPLAINTS = "open_complaints"
    DEVELOP_STALE = "develop_stale"


@dataclass(frozen=True, slots=True)
class Span:
    """The days a summary covers; state (coverage, overdue, open complaints) is as of `as_of`."""

    period: Period
    start: date
    end: date
    as_of: date

    @property
    def complete(self) -> bool:
        return self.as_of >= self.end


@dataclass(frozen=True, slots=True)
class Person:
    user_id: int
    name: str
    team: str | None


@dataclass(frozen=True, slots=True)
class ManagerLine:
    """One person's figures, in two meanings that must not be mixed up.

    `visits`/`clients_visited`: visits the person *made* (as author), to any client in scope.
    `clients`, `covered`, `overdue`, `at_risk`, `owned_visits`: the clients the person *owns*,
    whoever visited them; `owned_visits_by_others` of those were made by someone else.
    """

    user_id: int
    name: str
    team: str | None
    visits: int = 0
    clients_visited: int = 0
    owned_visits: int = 0
    owned_visits_by_others: int = 0
    clients: int = 0
    covered: int = 0
    overdue: int = 0
    at_risk: int = 0

    @property
    def coverage(self) -> float | None:
        return self.covered / self.clients if self.clients else None


@dataclass(frozen=True, slots=True)
class TeamLine:
    name: str | None
    managers: tuple[ManagerLine, ...]

    @property
    def visits(self) -> int:
        return sum(m.visits for m in self.managers)

    @property
    def clients(self) -> int:
        return sum(m.clients for m in self.managers)

    @property
    def covered(self) -> int:
        return sum(m.covered for m in self.managers)

    @property
    def overdue(self) -> int:
        return sum(m.overdue for m in self.managers)

    @property
    def coverage(self) -> float | None:
        return self.covered / self.clients if self.clients else None


@dataclass(frozen=True, slots=True)
class ClientLine:
    """One client with its cadence state as of the summary's day, and why it is at risk."""

    client_id: int
    name: str
    owner_name: str
    tier: Tier | None
    credit_rating: CreditRating | None
    strategy: Strategy | None
    last_visit_on: date | None
    interval_days: int
    days_overdue: int  # > 0 means overdue; otherwise minus the days left
    days_since_visit: int | None
    open_complaints: int
    reasons: tuple[RiskReason, ...] = ()
    client_en: str | None = None  # the client's English name (`matching.english_name`)

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True, slots=True)
class VisitLine:
    visit_id: int
    client_id: int
    client_name: str
    author_name: str
    visited_on: date
    kind: str
    summary: str
    client_en: str | None = None  # the client's English name (`matching.english_name`)


@dataclass(frozen=True, slots=True)
class ClientComplaints:
    """One client's complaints received in a period ("哪些客户投诉最多？"), and how many are open."""

    client_id: int
    name: str
    owner_name: str
    received: int
    still_open: int
    client_en: str | None = None  # the client's English name (`matching.english_name`)


@dataclass(frozen=True, slots=True)
class ComplaintLine:
    complaint_id: int
    client_id: int
    client_name: str
    owner_name: str
    severity: str
    status: str
    category: str
    received_at: datetime
    resolution_due: datetime
    resolved_at: datetime | None
    description: str
    late: bool  # resolved after its deadline, or still unresolved past it
    received_on: date  # in the actor's time zone
    client_en: str | None = None  # the client's English name (`matching.english_name`)
    # Unresolved at the list's moment: the deadline it is at ("response", "resolution", or
    # "both" when they fall together), in the actor's zone, and the hours to it (negative:
    # past). None otherwise.
    due_stage: str | None = None
    next_due: datetime | None = None
    hours_left: float | None = None


@dataclass(frozen=True, slots=True)
class ComplaintStats:
    opened: int = 0
    resolved: int = 0
    still_open: int = 0
    open_past_due: int = 0
    resolved_on_time: int = 0
    responded: int = 0
    responded_on_time: int = 0
    unanswered_past_due: int = 0  # unresolved, never contacted, past the first-contact deadline
    median_first_response_hours: float | None = None

    @property
    def on_time_share(self) -> float | None:
        return self.resolved_on_time / self.resolved if self.resolved else None

    @property
    def response_on_time_share(self) -> float | None:
        return self.responded_on_time / self.responded if self.responded else None


@dataclass(frozen=True, slots=True)
class TeamSummary:
    scope: Scope
    span: Span
    title: str | None  # the team's name, or the manager's when one manager is looked at
    managers: tuple[ManagerLine, ...]
    clients: int
    covered: int
    overdue_count: int
    at_risk_count: int
    overdue: tuple[ClientLine, ...]
    at_risk: tuple[ClientLine, ...]
    complaints: ComplaintStats
    manager_id: int | None = None
    counting_kinds: tuple[str, ...] = ("on_site",)  # the visit kinds that keep the cadence
    # Distinct clients the people in scope visited: a client two people visited counts once,
    # so this is not the sum of the lines' `clients_visited`.
    clients_visited: int = 0

    @property
    def visits(self) -> int:
        return sum(m.visits for m in self.managers)

    @property
    def owned_visits(self) -> int:
        """Visits in the period to the clients in scope, whoever made them."""
        return sum(m.owned_visits for m in self.managers)

    @property
    def owned_visits_by_others(self) -> int:
        return sum(m.owned_visits_by_others for m in self.managers)

    @property
    def coverage(self) -> float | None:
        return self.covered / self.clients if self.clients else None

    @property
    def teams(self) -> tuple[TeamLine, ...]:
        """Managers grouped by team, teams in name order (no team last)."""
        names: list[str | None] = []
        for m in self.managers:
            if m.team not in names:
                names.append(m.team)
        names.sort(key=lambda n: (n is None, n or ""))
        return tuple(
            TeamLine(name, tuple(m for m in self.managers if m.team == name)) for name in names
        )


class ListKind(enum.StrEnum):
    """The lists behind the numbers of a summary (codes double as button data)."""

    VISITS = "v"  # visits in the period
    UNCOVERED = "u"  # clients not visited within their cadence
    OVERDUE = "od"
    AT_RISK = "rk"
    OPEN_COMPLAINTS = "oc"
    OPENED = "co"  # complaints received in the period
    RESOLVED = "cr"  # complaints resolved in the period
    CLIENTS = "cl"  # every client, worst first (a manager's portfolio)
    NOT_SEEN = "ns"  # clients with no counted visit for `Page.days` days or more (or never)
    NOT_SINCE = "nv"  # clients with no counted visit since the period's first day (or never)
    DUE = "du"  # clients falling due within `Page.days` days of today, the overdue included
    GROUP = (
        "gp"  # clients of one credit rating or tier (`Page.group`: "rating-poor", "tier-strategic")
    )


def client_group(code: str | None) -> tuple[str, str] | None:
    """ "rating-poor" → ("credit_rating", "poor"), "tier-strategic" → ("tier", "strategic"); None
    for anything else (a forged or stale button)."""
    field, _, value = (code or "").partition("-")
    if field == "rating" and value in {r.value for r in CreditRating}:
        return "credit_rating", value
    if field == "tier" and value in {t.value for t in Tier}:
        return "tier", value
    return None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    kind: ListKind
    span: Span
    total: int
    offset: int
    items: tuple[T, ...]
    manager: Person | None = None
    days: int | None = None  # NOT_SEEN: the days without a visit asked about; DUE: days ahead
    owners: tuple[tuple[str, int], ...] = ()  # DUE of a team: each manager's count, most first
    group: str | None = None  # GROUP: which ("rating-poor", "tier-strategic")

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total


@dataclass(frozen=True, slots=True)
class ClientActivity:
    visits: tuple[VisitLine, ...]
    complaints: tuple[ComplaintLine, ...]
    status: ClientLine | None
    open_complaints: int = 0  # unresolved tickets of the client, all of them


# Chart data -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeeklyVisits:
    weeks: tuple[date, ...]  # Mondays, oldest first
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # (manager, visits per week)
    through: date | None = None  # the last day counted (today): the last week may be partial


@dataclass(frozen=True, slots=True)
class TierCoverage:
    tier: Tier | None
    clients: int
    covered: int
    overdue: int


@dataclass(frozen=True, slots=True)
class ComplaintAges:
    """Unresolved complaints by age bucket and status, and the period's complaints by status."""

    bucket_days: tuple[int, ...]
    open_by_age: tuple[int, ...]
    responded_by_age: tuple[int, ...]
    period_by_status: tuple[tuple[str, int], ...]
    span: Span
