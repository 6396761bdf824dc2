"""Local time for reminders: quiet hours and 'at 09:00 on that day' in each user's own time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily window (local time) in which nothing is sent; it may run past midnight."""

    start: time
    end: time

    @staticmethod
    def parse(text: str) -> QuietHours | None:
        """'21:00-08:00' → QuietHours; '' → None (no quiet hours). Settings validated the shape."""
        text = text.strip()
        if not text:
            return None
        first, second = text.split("-")
        start, end = _hhmm(first), _hhmm(second)
        return None if start == end else QuietHours(start, end)

    def contains(self, local: time) -> bool:
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def release(self, at: datetime, timezone: str) -> datetime | None:
        """When a message due at `at` (UTC) may go out, or None if `at` is outside the window."""
        zone = ZoneInfo(timezone)
        local = at.astimezone(zone)
        if not self.contains(local.time().replace(tzinfo=None)):
            return None
        day = local.date()
        if self.start > self.end and local.time() >= self.start:
            day += timedelta(days=1)  # an evening inside a window that ends tomorrow morning
        return local_at(day, self.end, timezone)


def local_at(day: date, at: time, timezone: str) -> datetime:
    """`at` o'clock on `day` in `timezone`, as aware UTC.

    On a daylight-saving change a wall time that does not exist (02:30 on a spring-forward day)
    is read with the offset before the change, so it lands an hour later in real time; one that
    exists twice takes the first.
    """
    wall = datetime.combine(day, at).replace(tzinfo=ZoneInfo(timezone))
    return wall.astimezone(UTC)


def local_day(at: datetime, timezone: str) -> date:
    return at.astimezone(ZoneInfo(timezone)).date()


def _hhmm(text: str) -> time:
    hours, minutes = text.strip().split(":")
    return time(int(hours), int(minutes))
