"""The company's service policy (visit cadence, complaint deadlines) as validated, typed values."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any, TypeAlias

from config.settings import DEFAULT_POLICY_FILE, ConfigError, load_policy
from services.domain import CreditRating, Tier
from services.workdays import ChineseCalendar, WorkdayCalendar, add_working_days

# A complaint category is one of the names listed in the policy (`complaints.categories`); they
# double as message-catalog key parts, hence lowercase identifiers.
ComplaintCategory: TypeAlias = str

# Generous sanity limits: they catch a slipped digit, not a real company rule.
MAX_CADENCE_DAYS = 3660
MAX_WORKING_DAYS = 250

_CATEGORY_NAME = re.compile(r"[a-z][a-z0-9_]*")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class PolicyError(ConfigError):
    """A policy value is wrong; the message is one line naming its key, e.g. `visit_cadence.poor`."""

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        super().__init__(f"Policy error: {key} {problem}")


class Severity(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class VisitStatus(enum.StrEnum):
    OK = "ok"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class VisitCadence:
    """Maximum days between visits; a client with no rating is treated as rated medium."""

    days_by_rating: Mapping[CreditRating, int]
    days_by_tier: Mapping[Tier, int]
    remind_days_before: int

    def interval_days(self, rating: CreditRating | None, tier: Tier | None) -> int:
        """The stricter (shorter) of the rating cadence and the tier cadence, when a tier has one."""
        days = self.days_by_rating[rating or CreditRating.MEDIUM]
        if tier is not None and tier in self.days_by_tier:
            days = min(days, self.days_by_tier[tier])
        return days

    def next_due(
        self,
        last_visit: date | None,
        rating: CreditRating | None,
        tier: Tier | None,
        *,
        created_on: date,
    ) -> date:
        """The last day a visit keeps the cadence: interval days after the last visit.

        A client never visited is given one full interval from the day it was created (added to
        the bot), rather than being overdue at once: a manager who imports a portfolio is not
        greeted by every client overdue, and a new client still falls due on a fixed day.
        """
        since = last_visit if last_visit is not None else created_on
        return since + timedelta(days=self.interval_days(rating, tier))

    def status(
        self,
        last_visit: date | None,
        rating: CreditRating | None,
        tier: Tier | None,
        *,
        today: date,
        created_on: date,
    ) -> VisitStatus:
        """Overdue after the due day; due soon from `remind_days_before` days before it; else ok."""
        due = self.next_due(last_visit, rating, tier, created_on=created_on)
        if today > due:
            return VisitStatus.OVERDUE
        if today >= due - timedelta(days=self.remind_days_before):
            return VisitStatus.DUE_SOON
        return VisitStatus.OK


@dataclass(frozen=True, slots=True)
class ComplaintDeadlines:
    """When a complaint needs its first contact and its resolution, as aware UTC."""

    first_response_due: datetime
    resolution_due: datetime
    estimated: bool  # some day counted was guessed (Monday-Friday) for a year not yet announced


@dataclass(frozen=True)
class ComplaintPolicy:
    categories: tuple[ComplaintCategory, ...]
    first_response_working_days: int
    resolution_working_days: Mapping[Severity, int]
    notify_supervisor: frozenset[Severity]

    def deadlines(
        self,
        received_at: datetime,
        severity: Severity,
        *,
        timezone: str,
        calendar: WorkdayCalendar,
    ) -> ComplaintDeadlines:
        """Both deadlines by the rule of `services.workdays.add_working_days`, in `timezone`."""
        first, first_estimated = add_working_days(
            received_at, self.first_response_working_days, timezone=timezone, calendar=calendar
        )
        resolution, resolution_estimated = add_working_days(
            received_at,
            self.resolution_working_days[severity],
            timezone=timezone,
            calendar=calendar,
        )
        return ComplaintDeadlines(first, resolution, first_estimated or resolution_estimated)

    def supervisor_notified(self, severity: Severity) -> bool:
        return severity in self.notify_supervisor


@dataclass(frozen=True)
class Policy:
    cadence: VisitCadence
    complaints: ComplaintPolicy
    workday_overrides: Mapping[date, bool]

    def calendar(self) -> ChineseCalendar:
        """The official working-day calendar with this policy's `[workdays]` overrides."""
        return ChineseCalendar(self.workday_overrides)


def default_policy() -> Policy:
    """The policy shipped in config/policy.toml."""
    return parse_policy(load_policy(DEFAULT_POLICY_FILE))


def parse_policy(data: Mapping[str, Any]) -> Policy:
    """Check and type the policy read from TOML; the first problem raises one-line PolicyError.

    Unknown keys are errors too: a misspelt key silently ignored would leave the default rule
    in force while the admin believes it changed.
    """
    if not isinstance(data, Mapping):
        raise PolicyError("policy", "must be a table of sections")
    _only_keys(data, "", {"visit_cadence", "complaints", "workdays"})
    return Policy(
        cadence=_parse_cadence(_table(data, "visit_cadence")),
        complaints=_parse_complaints(_table(data, "complaints")),
        workday_overrides=_parse_workdays(_table(data, "workdays", required=False)),
    )


def _parse_cadence(table: Mapping[str, Any]) -> VisitCadence:
    _only_keys(table, "visit_cadence", {*CreditRating, "remind_days_before", "by_tier"})
    by_rating = {
        rating: _days(table, f"visit_cadence.{rating.value}", rating.value)
        for rating in CreditRating
    }
    tiers = _table(table, "by_tier", required=False, prefix="visit_cadence.")
    _only_keys(tiers, "visit_cadence.by_tier", set(Tier))
    by_tier = {Tier(name): _days(tiers, f"visit_cadence.by_tier.{name}", name) for name in tiers}
    remind = _present(table, "visit_cadence.remind_days_before", "remind_days_before")
    if not _is_int(remind) or not 0 <= remind <= MAX_CADENCE_DAYS:
        raise PolicyError(
            "visit_cadence.remind_days_before",
            f"must be a number of days from 0 to {MAX_CADENCE_DAYS}",
        )
    return VisitCadence(
        days_by_rating=MappingProxyType(by_rating),
        days_by_tier=MappingProxyType(by_tier),
        remind_days_before=remind,
    )


def _parse_complaints(table: Mapping[str, Any]) -> ComplaintPolicy:
    _only_keys(
        table,
        "complaints",
        {
            "categories",
            "first_response_working_days",
            "resolution_working_days",
            "notify_supervisor_severities",
        },
    )
    categories = _present(table, "complaints.categories", "categories")
    if (
        not isinstance(categories, list)
        or not categories
        or not all(isinstance(c, str) and _CATEGORY_NAME.fullmatch(c) for c in categories)
    ):
        raise PolicyError(
            "complaints.categories", "must be a list of lowercase names like product_quality"
        )
    if len(set(categories)) != len(categories):
        raise PolicyError("complaints.categories", "lists a category twice")

    first = _working_days(
        table, "complaints.first_response_working_days", "first_response_working_days"
    )
    resolution_table = _table(table, "resolution_working_days", prefix="complaints.")
    _only_keys(resolution_table, "complaints.resolution_working_days", set(Severity))
    resolution: dict[Severity, int] = {}
    for severity in Severity:
        key = f"complaints.resolution_working_days.{severity.value}"
        days = _working_days(resolution_table, key, severity.value)
        if days < first:
            raise PolicyError(key, "must not be shorter than first_response_working_days")
        resolution[severity] = days

    names = _present(
        table, "complaints.notify_supervisor_severities", "notify_supervisor_severities"
    )
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise PolicyError(
            "complaints.notify_supervisor_severities", f"must be a list of {_choices(Severity)}"
        )
    for name in names:
        if name not in set(Severity):
            raise PolicyError(
                "complaints.notify_supervisor_severities",
                f"has {name!r}, which is not one of {_choices(Severity)}",
            )
    return ComplaintPolicy(
        categories=tuple(categories),
        first_response_working_days=first,
        resolution_working_days=MappingProxyType(resolution),
        notify_supervisor=frozenset(Severity(n) for n in names),
    )


def _parse_workdays(table: Mapping[Any, Any]) -> Mapping[date, bool]:
    overrides: dict[date, bool] = {}
    for raw_day, working in table.items():
        key = f"workdays.{raw_day}"
        day = _iso_day(raw_day)
        if day is None:
            raise PolicyError(key, "is not a date like 2027-02-06")
        if not isinstance(working, bool):
            raise PolicyError(key, "must be true (a working day) or false (a day off)")
        if day in overrides:
            raise PolicyError(key, "is listed twice")
        overrides[day] = working
    return MappingProxyType(overrides)


def _iso_day(raw: Any) -> date | None:
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    if not isinstance(raw, str) or not _ISO_DAY.fullmatch(raw.strip()):
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def _table(
    data: Mapping[str, Any], name: str, *, required: bool = True, prefix: str = ""
) -> Mapping[str, Any]:
    if name not in data:
        if required:
            raise PolicyError(f"{prefix}{name}", "is missing")
        return {}
    value = data[name]
    if not isinstance(value, Mapping):
        raise PolicyError(f"{prefix}{name}", "must be a table")
    return value


def _only_keys(data: Mapping[str, Any], where: str, allowed: set[str]) -> None:
    for key in data:
        if key not in allowed:
            name = f"{where}.{key}" if where else str(key)
            raise PolicyError(name, f"is not a known key (expected {_choices(sorted(allowed))})")


def _present(data: Mapping[str, Any], key: str, name: str) -> Any:
    if name not in data:
        raise PolicyError(key, "is missing")
    return data[name]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _days(data: Mapping[str, Any], key: str, name: str) -> int:
    value = _present(data, key, name)
    if not _is_int(value) or not 1 <= value <= MAX_CADENCE_DAYS:
        raise PolicyError(key, f"must be a positive number of days (at most {MAX_CADENCE_DAYS})")
    return int(value)


def _working_days(data: Mapping[str, Any], key: str, name: str) -> int:
    value = _present(data, key, name)
    if not _is_int(value) or not 1 <= value <= MAX_WORKING_DAYS:
        raise PolicyError(
            key, f"must be a whole number of working days from 1 to {MAX_WORKING_DAYS}"
        )
    return int(value)


def _choices(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)
