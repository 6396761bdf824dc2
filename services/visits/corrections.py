"""A typed correction applied to a visit draft: which field it changes and the new value, checked
by the same rules as the guided steps (no future visit date, no follow-up in the past)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from knowledge.normal_form import fold
from services.corrections import Correction
from services.matching import find_client, keyed
from services.outcome import Say
from services.visits.dates import (
    a_visit_day_back,
    parse_follow_up,
    parse_relative_date,
    time_not_yet,
)
from services.visits.kind import _detect_kind
from services.visits.people import parse_people
from services.visits.text import SUMMARY_LIMIT
from services.workdays import WorkdayCalendar

OLDEST_VISIT_DAYS = 366  # a visit is logged within a year; older is a slip (or a forged button)
VISIT_FIELDS = ("when", "client", "people", "kind", "summary", "next_step", "follow_up")

ClientRow = tuple[int, str, Sequence[str]]


def visit_day_problem(day: date, today: date) -> Say | None:
    """The one rule for a visit's date, typed, parsed from free text, corrected or from a button."""
    if day > today:
        return Say("visit.date_future", {"date": day.isoformat()})
    if (today - day).days > OLDEST_VISIT_DAYS:
        return Say("visit.date_too_old", {"date": day.isoformat(), "days": OLDEST_VISIT_DAYS})
    return None


def set_visit_day(
    data: dict[str, Any], day: date, time_of_day: str | None, *, now: datetime
) -> Say | None:
    """Put the visit's day, and its part of the day when one is said, on the draft `data` by the
    one rule (no future day, none older than a year, no part of today still to come: "今天下午"
    at 09:00); `now` is the user's local time. Returns why not, the draft untouched."""
    today = now.date()
    if (problem := visit_day_problem(day, today)) is not None:
        return problem
    if day == today and time_not_yet(time_of_day, now.time()):
        return Say("visit.time_not_yet", {"time": time_of_day, "now": now.strftime("%H:%M")})
    data.update(
        visited_on=day.isoformat(),
        future=None,
        too_old=None,
        not_yet=None,
        vague=None,
        no_such_day=None,
    )
    if time_of_day:
        data["visited_time"] = time_of_day
        data["time_guessed"] = False  # said again, after the card said how it was read
    elif day == today and time_not_yet(data.get("visited_time"), now.time()):
        data["visited_time"] = None  # "今天" after "今天下午还没到": today, the hour not known
    return None


def _same(a: str, b: str) -> bool:
    a, b = fold(a).lower(), fold(b).lower()
    return a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a))


def _person_index(data: dict[str, Any], old: str) -> int | None:
    for n, person in enumerate(data.get("people") or []):
        if any(_same(str(person.get(k) or ""), old) for k in ("name", "written")):
            return n
    return None


def _field_of(
    data: dict[str, Any], corr: Correction, today: date, clients: Sequence[ClientRow]
) -> str | None:
    """The field a correction that names none changes: the one holding the words it replaces,
    else the one its new value can only be."""
    if corr.field in VISIT_FIELDS:
        return corr.field
    if corr.field is not None:
        return None  # a complaint's field on a visit card
    old = corr.old
    if old is not None:
        if _person_index(data, old) is not None:
            return "people"
        named = find_client(old, keyed(clients)).sure
        if named is not None and named.id == data.get("client_id"):
            return "client"
        if parse_relative_date(old, today=today)[0] is not None:
            return "when"
        if _detect_kind(old):
            return "kind"
        for field in ("summary", "next_step"):
            if old in str(data.get(field) or ""):
                return field
        return None
    if parse_relative_date(corr.new, today=today)[0] is not None:
        return "when"
    if _detect_kind(corr.new):
        return "kind"
    if find_client(corr.new, keyed(clients)).sure is not None:
        return "client"
    return None


def correct_visit(
    data: dict[str, Any],
    corr: Correction,
    *,
    now: datetime,
    clients: Sequence[ClientRow],
    workdays: WorkdayCalendar,
) -> tuple[str | None, Say | None]:
    """Apply `corr` to the draft `data` (`now`: the user's local time): (the field changed, None)
    when done; (None, why) when the new value breaks a rule; (None, None) when it is not clear
    what to change."""
    today = now.date()
    field = _field_of(data, corr, today, clients)
    new, old = corr.new, corr.old
    if field == "when":
        day, time_of_day = parse_relative_date(new, today=today)
        day = a_visit_day_back(new, day, today) if day is not None else None
        if day is None and time_of_day and data.get("visited_on"):  # "时间改成上午": same day
            day = date.fromisoformat(data["visited_on"])
        if day is None:
            return None, Say("visit.bad_date", {"text": new[:50]})
        if (problem := set_visit_day(data, day, time_of_day, now=now)) is not None:
            return None, problem
    elif field == "client":
        choice = find_client(new, keyed(clients), limit=6)
        if choice.sure is None:
            return None, Say("visit.client_unknown", {"query": new[:50]})
        data.update(client_id=choice.sure.id, client_name=choice.sure.name, candidates=None)
        for person in data.get("people") or []:  # the former client's file named them
            if person.pop("filed", None):
                person["title"] = person.pop("typed_title", None)
            if (written := person.pop("written", None)) is not None:  # "Ji Haidong" as typed
                person["name"] = written
                person.pop("latin", None)
    elif field == "people" and corr.added:
        # "还见了钱处长": one more person met; someone already on the card stays as they are.
        had = data.get("people") or []
        more = [p for p in parse_people(new) if _person_index(data, str(p["name"])) is None]
        if not more:
            return None, None
        data["people"] = [*had, *more]
    elif field == "people":
        people = parse_people(new)
        at = _person_index(data, old) if old else None
        if at is not None and len(people) == 1:
            person = data["people"][at]
            # The title typed in the report goes with the name put right ("不是张总，是李总");
            # one the client's file gave the person replaced is theirs, not the newcomer's.
            kept = None if person.get("filed") else person.get("title")
            data["people"][at] = {"name": people[0]["name"], "title": people[0]["title"] or kept}
        else:
            data["people"] = people
    elif field == "kind":
        kind = _detect_kind(new)
        if kind is None:
            return None, None
        data["kind"] = kind
    elif field in ("summary", "next_step"):
        current = str(data.get(field) or "")
        value = current.replace(old, new) if old and old in current else new
        data[field] = value[:SUMMARY_LIMIT]
    elif field == "follow_up":
        follow = (
            parse_follow_up(new, today=today, workdays=workdays)
            or parse_relative_date(new, today=today)[0]
        )
        if follow is None:
            return None, Say("visit.bad_date", {"text": new[:50]})
        if follow < today:
            return None, Say("visit.follow_up_past")
        data["follow_up_on"] = follow.isoformat()
    else:
        return None, None
    return field, None
