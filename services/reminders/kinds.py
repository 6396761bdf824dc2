"""What a reminder is: its kinds and states, the settings, and what a sweep hands over and reports."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from services.reminder_time import QuietHours, local_at


class Kind(enum.StrEnum):
    CADENCE_DUE = "cadence_due"  # a client falls due for a visit in a few days
    CADENCE_OVERDUE = "cadence_overdue"  # the visit is overdue
    FOLLOW_UP = "follow_up"  # a follow-up set on a visit
    TASK = "task"  # a reminder the user asked for in words ("提醒我周四给沙钢打电话")
    FIRST_RESPONSE_WARN = "cp_first_warn"  # a complaint's first contact is due soon
    FIRST_RESPONSE_BREACH = "cp_first_breach"
    RESOLUTION_WARN = "cp_resolve_warn"
    RESOLUTION_BREACH = "cp_resolve_breach"
    DIGEST = "digest"
    ALERT = "cp_alert"  # a supervisor told of a critical complaint in their team
    ALERT_HELD = "cp_alert_held"  # its filer told that the supervisor cannot be reached yet
    REOPENED = "cp_reopened"  # a supervisor told that a low follow-up score reopened a ticket
    DRAFT_KEPT = "draft_kept"  # a draft survived a restart: here it is, carry on
    DRAFT_EXPIRED = "draft_expired"  # a draft idle for 30 minutes ended unsaved
    UPDATE_GIVEN_UP = "update_given_up"  # a message that stopped the bot each time, set aside


CADENCE = (Kind.CADENCE_DUE, Kind.CADENCE_OVERDUE)
COMPLAINT = (
    Kind.FIRST_RESPONSE_WARN,
    Kind.FIRST_RESPONSE_BREACH,
    Kind.RESOLUTION_WARN,
    Kind.RESOLUTION_BREACH,
)
FIRST_RESPONSE = (Kind.FIRST_RESPONSE_WARN, Kind.FIRST_RESPONSE_BREACH)
GROUP = "group"  # several cadence reminders for one person, sent as one message
# Notices: sent once through the same outbox, never stale, no buttons, not in /reminders.
NOTICES = (Kind.ALERT, Kind.ALERT_HELD, Kind.REOPENED)
# Notices answering what someone wrote minutes ago (a draft's fate, a message given up): their
# content is fixed in the row's params when queued; not held for quiet hours, not in /reminders.
DRAFT_NOTICES = (Kind.DRAFT_KEPT, Kind.DRAFT_EXPIRED, Kind.UPDATE_GIVEN_UP)


class Status(enum.StrEnum):
    PENDING = "pending"  # waiting for its time (or for the end of quiet hours, or a retry)
    SENDING = "sending"  # claimed by a sender
    SENT = "sent"  # delivered; the user has not acted on it yet
    DONE = "done"
    CANCELLED = "cancelled"
    OBSOLETE = "obsolete"  # no longer applies (a visit was logged, the complaint was handled)
    SKIPPED = "skipped"  # a digest too late or with nothing in it; found when already past
    FAILED = "failed"  # Telegram refused it for good
    UNCONFIRMED = "unconfirmed"  # the sender died mid-send: maybe delivered, not sent again


OPEN = (Status.PENDING, Status.SENDING, Status.SENT)
COMPLAINT_OPEN = ("open", "responded")
STALE_REASONS = (
    "visit_logged", "client_moved", "visit_changed", "complaint_handled", "complaint_responded",
    "complaint_reopened", "deadline_passed",
)  # fmt: skip
MAX_ATTEMPTS = 20
SENDER_LOCK = 0x4B414D52  # 'KAMR': the advisory lock of the sender's turn
INSERT_CHUNK = 1000


DEFAULT_QUIET = QuietHours(time(21, 0), time(8, 0))


@dataclass(frozen=True)
class ReminderConfig:
    quiet_hours: QuietHours | None = DEFAULT_QUIET
    digest_time: time = time(8, 30)
    sweep_seconds: int = 60
    lookahead_days: int = 7  # rows are made this far ahead, so /reminders can show them
    # A digest held up (the bot was down) still goes out on its own working day, up to this
    # local time (None: until midnight); after it, or on a later day, it is skipped: never a
    # stale one.
    digest_cutoff: time | None = time(20, 0)
    claim_ttl: timedelta = timedelta(minutes=10)
    # PostgreSQL: a process holding the sending turn renews it while it is alive; stopped (a
    # paused VM, a frozen event loop), it loses the turn after this long, and another sends.
    sender_lease: timedelta = timedelta(seconds=60)
    group_at: int = 4  # this many cadence reminders or more for one person go out as one message
    follow_up_max_age_days: int = 30
    # A follow-up the user set is listed in /reminders from the moment the visit is saved ("将在
    # 12-08 提醒您跟进" is then on the list), as far ahead as this; the send is still on its day.
    follow_up_lookahead_days: int = 366
    # Days off on the official calendar (weekends, 国庆, 春节; a 调休 Saturday is a working day):
    # no digest, and a visit or follow-up reminder falling on one goes out on the next working
    # day's morning instead (it still names its own day). False: every day, as any other.
    working_days_only: bool = True

    @property
    def day_time(self) -> time:
        """When reminders about a day (visits falling due, follow-ups) go out: after the digest."""
        at = datetime.combine(date(2000, 1, 1), self.digest_time) + timedelta(minutes=30)
        return at.time()

    def digest_too_late(self, now: datetime, day: date, timezone: str) -> bool:
        """Whether the digest for `day` is past its evening cut-off in `timezone`."""
        if self.digest_cutoff is None:
            return now >= local_at(day + timedelta(days=1), time(0, 0), timezone)
        return now >= local_at(day, self.digest_cutoff, timezone)

    @property
    def late_after(self) -> timedelta:
        return max(timedelta(minutes=5), timedelta(seconds=3 * self.sweep_seconds))


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message to send: a reminder (or a group of them) with what the text needs."""

    ids: tuple[int, ...]
    telegram_id: int
    language: str
    timezone: str
    kind: str  # a Kind, or GROUP
    params: Mapping[str, Any]
    late_since: datetime | None = None  # when it should have gone out, if it is late


@dataclass(frozen=True, slots=True)
class PendingItem:
    id: int
    kind: Kind
    status: Status
    send_after: datetime
    params: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class TaskItem:
    """A reminder the user asked for, as its time is changed: what it says and when it comes
    (`day` its day, `status` whether it is still to come, done or cancelled)."""

    id: int
    text: str
    send_after: datetime
    client_id: int | None
    client_name: str | None
    day: date | None = None
    status: str = Status.PENDING


@dataclass(frozen=True, slots=True)
class ActResult:
    outcome: str  # done | cancelled | snoozed | visit | snooze_menu | stale | not_found
    reason: str | None = None
    until: datetime | None = None
    client_id: int | None = None
    kind: str | None = None
    complaint_id: int | None = None
    for_owner: bool = True  # False: a supervisor's copy of a complaint breach
    snoozed: int = 0  # times snoozed when the user looked: a snooze button carries it back

    @property
    def ticket_action(self) -> str | None:
        """Done on a complaint reminder moves its ticket on (what `ComplaintService.act` takes):
        a first-contact reminder marks the client contacted, a resolution one asks how it was
        solved. A supervisor's copy moves nothing."""
        if self.outcome != "done" or not self.for_owner or self.complaint_id is None:
            return None
        first = self.kind in {k.value for k in FIRST_RESPONSE}
        return "respond" if first else "resolve"


@dataclass(frozen=True, slots=True)
class Claim:
    taken: int  # rows looked at (some turn out obsolete or wait for the morning)
    deliveries: list[Delivery]


@dataclass
class SweepReport:
    created: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.created.values())
