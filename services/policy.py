"""The company's service policy (visit cadence, complaint deadlines) as validated, typed values."""

from __future__ import annotations

import enum
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Annotated, Any, TypeAlias

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from config.settings import (
    DEFAULT_POLICY_FILE,
    DEFAULT_WORKDAYS_FILE,
    ConfigError,
    load_policy,
    load_workdays,
)
from services.domain import CreditRating, Tier, VisitKind
from services.workdays import (
    CalendarFileError,
    ChineseCalendar,
    WorkdayCalendar,
    add_working_days,
    parse_official_calendar,
)

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


def counted_label(kinds: Iterable[str]) -> str:
    """What "the last visit" means, for its label: "on_site" when only on-site visits keep the
    cadence (a video call after it must not read as the last visit), else "other"."""
    return "on_site" if set(kinds) == {VisitKind.ON_SITE.value} else "other"


@dataclass(frozen=True)
class VisitCadence:
    """Maximum days between visits; a client with no rating is treated as rated medium."""

    days_by_rating: Mapping[CreditRating, int]
    days_by_tier: Mapping[Tier, int]
    remind_days_before: int
    # The kinds of contact that keep the cadence (the handbook's 定期上门走访: on site only by
    # default); the others are logged and shown but do not reset it.
    counting_kinds: frozenset[VisitKind] = frozenset({VisitKind.ON_SITE})

    def counts(self, kind: str) -> bool:
        """Whether a contact of this kind keeps the visit cadence."""
        return kind in self.counting_kinds

    @property
    def counted(self) -> str:
        """What "the last visit" means, for its label (see `counted_label`)."""
        return counted_label(self.counting_kinds)

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
    # A follow-up score below this reopens the ticket under the supervisor (handbook Art. 33:
    # 1 or 2 points); 1 turns reopening off.
    reopen_below_score: int = 3
    # The follow-up call (回访) after a resolution, in working days (handbook Art. 32).
    callback_working_days: int = 3
    # The words that state a severity, and those that tell a category (in the file's order), as
    # a complaint told in words is read: policy data an admin extends, not code.
    severity_words: Mapping[Severity, tuple[str, ...]] = field(default_factory=dict)
    category_words: Mapping[ComplaintCategory, tuple[str, ...]] = field(default_factory=dict)

    def reopens(self, score: int) -> bool:
        return score < self.reopen_below_score

    def callback_due(
        self, resolved_at: datetime, *, timezone: str, calendar: WorkdayCalendar
    ) -> datetime:
        """When the follow-up call of a ticket resolved at `resolved_at` is due."""
        due, _ = add_working_days(
            resolved_at, self.callback_working_days, timezone=timezone, calendar=calendar
        )
        return due

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
    return parse_policy(
        load_policy(DEFAULT_POLICY_FILE), official_calendar=load_workdays(DEFAULT_WORKDAYS_FILE)
    )


def parse_policy(data: Mapping[str, Any], *, official_calendar: str = "") -> Policy:
    """Check and type the policy read from TOML; the first problem raises one-line PolicyError.

    Unknown keys are errors too: a misspelt key silently ignored would leave the default rule
    in force while the admin believes it changed. `official_calendar` is the text of the
    operator's calendar file (`services.workdays.parse_official_calendar`); its days join the
    policy's `[workdays]`, and a day the two tell apart is an error.
    """
    if not isinstance(data, Mapping):
        raise PolicyError("policy", "must be a table of sections")
    try:
        model = _PolicyFile.model_validate(data)
    except ValidationError as exc:
        raise _policy_error(exc.errors()[0]) from None
    cadence, complaints = model.visit_cadence, model.complaints
    first = complaints.first_response_working_days
    resolution = {severity: getattr(complaints.resolution_working_days, severity.value)
                  for severity in Severity}  # fmt: skip
    for severity, days in resolution.items():
        if days < first:
            raise PolicyError(f"complaints.resolution_working_days.{severity.value}",
                              "must not be shorter than first_response_working_days")  # fmt: skip
    # A policy file written before the words moved into it keeps the shipped words.
    shipped = None
    if complaints.severity_words is None or complaints.category_words is None:
        shipped = _PolicyFile.model_validate(load_policy(DEFAULT_POLICY_FILE)).complaints
    severity_words = complaints.severity_words or (shipped and shipped.severity_words)
    category_words = complaints.category_words
    if category_words is None:
        assert shipped is not None and shipped.category_words is not None
        category_words = {c: w for c, w in shipped.category_words.items()
                          if c in complaints.categories}  # fmt: skip
    for category in category_words:
        if category not in complaints.categories:
            raise PolicyError(f"complaints.category_words.{category}",
                              "is not one of complaints.categories")  # fmt: skip
    assert severity_words is not None
    return Policy(
        cadence=VisitCadence(
            days_by_rating=MappingProxyType(
                {rating: getattr(cadence, rating.value) for rating in CreditRating}
            ),
            days_by_tier=MappingProxyType(dict(cadence.by_tier)),
            remind_days_before=cadence.remind_days_before,
            counting_kinds=frozenset(VisitKind(k) for k in cadence.counting_kinds),
        ),
        complaints=ComplaintPolicy(
            categories=tuple(complaints.categories),
            first_response_working_days=first,
            resolution_working_days=MappingProxyType(resolution),
            notify_supervisor=frozenset(complaints.notify_supervisor_severities),
            reopen_below_score=complaints.reopen_below_score,
            callback_working_days=complaints.callback_working_days,
            severity_words=MappingProxyType(
                {severity: tuple(getattr(severity_words, severity.value)) for severity in Severity}
            ),
            category_words=MappingProxyType({c: tuple(w) for c, w in category_words.items()}),
        ),
        workday_overrides=_workdays(model.workdays, official_calendar),
    )


# ------------------------------------------------------------------ the file's shape (pydantic)


def _checked(problem: str, ok: Callable[[Any], bool]) -> Any:
    """A value check whose failure reads as the end of "Policy error: <key> ..."."""

    def check(value: Any) -> Any:
        if not ok(value):
            raise ValueError(problem)
        return value

    return BeforeValidator(check)


def _no_repeats(names: list[str]) -> list[str]:
    if len(set(names)) != len(names):
        raise ValueError("lists a category twice")
    return names


def _whole(low: int, high: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


Days = Annotated[
    int,
    _checked(
        f"must be a positive number of days (at most {MAX_CADENCE_DAYS})",
        _whole(1, MAX_CADENCE_DAYS),
    ),
]
WorkingDays = Annotated[
    int,
    _checked(
        f"must be a whole number of working days from 1 to {MAX_WORKING_DAYS}",
        _whole(1, MAX_WORKING_DAYS),
    ),
]
RemindDays = Annotated[
    int,
    _checked(f"must be a number of days from 0 to {MAX_CADENCE_DAYS}", _whole(0, MAX_CADENCE_DAYS)),
]
Categories = Annotated[
    list[str],
    _checked(
        "must be a list of lowercase names like product_quality",
        lambda v: (
            isinstance(v, list)
            and bool(v)
            and all(isinstance(c, str) and _CATEGORY_NAME.fullmatch(c) for c in v)
        ),
    ),
    AfterValidator(_no_repeats),
]
Severities = Annotated[
    list[Severity],
    _checked(
        f"must be a list of {', '.join(Severity)}",
        lambda v: isinstance(v, list) and all(isinstance(n, str) for n in v),
    ),
]
Kinds = Annotated[
    list[str],
    _checked(
        f"must be a non-empty list of {', '.join(VisitKind)}",
        lambda v: isinstance(v, list) and bool(v) and all(k in set(VisitKind) for k in v),
    ),
]
ReopenBelow = Annotated[int, _checked(
    "must be a score from 1 (never reopen) to 6 (always reopen)", _whole(1, 6))]  # fmt: skip
Working = Annotated[bool, _checked(
    "must be true (a working day) or false (a day off)", lambda v: isinstance(v, bool))]  # fmt: skip


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Cadence(_Section):
    good: Days
    medium: Days
    poor: Days
    remind_days_before: RemindDays
    by_tier: dict[Tier, Days] = Field(default_factory=dict)
    counting_kinds: Kinds = Field(default_factory=lambda: [VisitKind.ON_SITE.value])


class _Resolution(_Section):
    low: WorkingDays
    medium: WorkingDays
    high: WorkingDays
    critical: WorkingDays


Words = Annotated[
    list[str],
    _checked(
        "must be a list of words, each in quotes",
        lambda v: isinstance(v, list) and all(isinstance(w, str) and w.strip() for w in v),
    ),
]


class _SeverityWords(_Section):
    critical: Words
    high: Words
    low: Words
    medium: Words


class _Complaints(_Section):
    categories: Categories
    first_response_working_days: WorkingDays
    resolution_working_days: _Resolution
    notify_supervisor_severities: Severities
    reopen_below_score: ReopenBelow = 3
    callback_working_days: WorkingDays = 3
    severity_words: _SeverityWords | None = None
    category_words: dict[str, Words] | None = None


class _PolicyFile(_Section):
    visit_cadence: _Cadence
    complaints: _Complaints
    workdays: dict[Any, Working] = Field(default_factory=dict)


def _policy_error(error: Any) -> PolicyError:
    """Pydantic's first error as one line naming the policy key."""
    loc = [str(part) for part in error["loc"] if not isinstance(part, int) and part != "[key]"]
    key = ".".join(loc) or "policy"
    kind = error["type"]
    if kind == "missing":
        return PolicyError(key, "is missing")
    if kind == "extra_forbidden" or "[key]" in error["loc"]:
        return PolicyError(key, f"is not a known key (expected {_choices(_keys_at(loc[:-1]))})")
    if kind in ("model_type", "dict_type"):
        return PolicyError(key, "must be a table")
    if kind == "enum":
        return PolicyError(key, f"has {error['input']!r}, which is not one of {_choices(Severity)}")
    return PolicyError(key, str(error["msg"]).removeprefix("Value error, "))


def _keys_at(path: list[str]) -> list[str]:
    """The keys allowed in the table at `path`, for the message about an unknown one."""
    model: Any = _PolicyFile
    for part in path:
        model = model.model_fields[part].annotation
        # An optional table (`_SeverityWords | None`): the table's own keys.
        model = next((a for a in typing.get_args(model) if a is not type(None)), model)
    if path and path[-1] == "by_tier":
        return [t.value for t in Tier]
    return sorted(model.model_fields)


def _workdays(table: Mapping[Any, bool], official_calendar: str) -> Mapping[date, bool]:
    try:
        announced = parse_official_calendar(official_calendar, "KAM_WORKDAYS_FILE")
    except CalendarFileError as exc:
        raise ConfigError(f"Configuration error: {exc}") from None
    overrides: dict[date, bool] = {}
    for raw_day, working in table.items():
        key = f"workdays.{raw_day}"
        day = _iso_day(raw_day)
        if day is None:
            raise PolicyError(key, "is not a date like 2027-02-06")
        if day in overrides:
            raise PolicyError(key, "is listed twice")
        if announced.get(day, working) != working:
            raise PolicyError(key, "says otherwise than the calendar file (KAM_WORKDAYS_FILE)")
        overrides[day] = working
    return MappingProxyType({**announced, **overrides})


def _iso_day(raw: Any) -> date | None:
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    if not isinstance(raw, str) or not _ISO_DAY.fullmatch(raw.strip()):
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def _choices(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)
