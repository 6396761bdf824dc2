"""Correcting a saved complaint ticket: its fields as a draft card, saved on the card's Confirm
with the deadlines counted again when what they count from (the day received, the severity)
changed, and its deadline reminders made anew. A closed ticket may still have its record put
right (client, category, description, who received it) for a while after it closed; what its
deadlines and score were measured by stays as it was."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select

from services.access import visible_client, visible_clients
from services.domain import Actor, Role
from services.outcome import Outcome, Say
from services.policy import Policy, Severity
from services.reminders.kinds import COMPLAINT
from services.reminders.rows import alert_rows
from services.saved_once import drop_flow
from services.storage.models import Client, Complaint, Reminder, User
from services.storage.uow import UnitOfWork

EDITABLE_STATES = ("open", "responded", "resolved")
# A closed ticket's record may be put right for this long after it closed (a wrong client or
# category noticed at the month's review), by whoever may see it (its owner, the team's
# supervisor, an admin), each correction in the audit trail. Its status, score, closing time and
# the severity and day received its deadlines were measured by are kept as they were: changing
# them afterwards would rewrite whether it was handled on time.
CLOSED_CORRECTION_DAYS = 30
CLOSED_FIXED = ("severity", "received_on")


def edit_refused(ticket: Complaint, now: datetime) -> Say | None:
    """Why the ticket can no longer be corrected, or None when it can."""
    if ticket.status in EDITABLE_STATES:
        return None
    closed = ticket.closed_at
    if ticket.status == "closed" and closed is not None:
        if closed.tzinfo is None:  # SQLite gives naive UTC
            closed = closed.replace(tzinfo=UTC)
        if now - closed <= timedelta(days=CLOSED_CORRECTION_DAYS):
            return None
    return Say("complaint.edit_closed", {"id": ticket.id, "days": CLOSED_CORRECTION_DAYS})


def ticket_query(actor: Actor, ticket_id: int) -> Any:
    """The ticket, when its client is one the actor may see now (their own; a supervisor's
    team's; an admin's any): the one access rule, checked again at every press."""
    return (
        select(Complaint)
        .join(Client, Client.id == Complaint.client_id)
        .where(Complaint.id == ticket_id, visible_clients(actor))
    )


def draft_of(ticket: Complaint, client_name: str, timezone: str) -> dict[str, Any]:
    """A saved ticket's fields as a complaint draft's data, remembering what they were."""
    received = ticket.received_at.astimezone(ZoneInfo(timezone))
    fields = {
        "client_id": ticket.client_id, "client_name": client_name,
        "category": ticket.category, "severity": ticket.severity,
        "description": ticket.description, "received_by": ticket.received_by or "",
        "received_on": received.date().isoformat(), "received_time": received.strftime("%H:%M"),
    }  # fmt: skip
    data = {**fields, "ticket_id": ticket.id, "received_set": True, "was": dict(fields)}
    if ticket.status == "closed" and ticket.closed_at is not None:
        closed = ticket.closed_at
        closed = closed if closed.tzinfo is not None else closed.replace(tzinfo=UTC)
        data["closed_on"] = closed.astimezone(ZoneInfo(timezone)).date().isoformat()
    return data


def changed_fields(data: dict[str, Any]) -> list[str]:
    """The fields the correction changes (the day and the time received count as one)."""
    was = data.get("was") or {}
    out = [f for f in ("client_id", "category", "severity", "description", "received_by")
           if data.get(f) != was.get(f)]  # fmt: skip
    if (data.get("received_on"), data.get("received_time")) != (
        was.get("received_on"),
        was.get("received_time"),
    ):
        out.append("received_on")
    return out


async def save_correction(
    uow: UnitOfWork,
    actor: Actor,
    data: dict[str, Any],
    token: str,
    *,
    policy: Policy,
    received: datetime,
    now: datetime,
    race_point: Callable[[str], Awaitable[None]] | None = None,
) -> Outcome:
    """Write the corrected ticket in `uow` and commit; then what changed is told, with the
    deadlines when they moved. Access and the new client are checked again here."""
    ticket = (
        await uow.session.execute(
            ticket_query(actor, int(data["ticket_id"])).with_for_update(of=Complaint)
        )
    ).scalar_one_or_none()
    if ticket is None:
        return Outcome.of(Say("error.not_found"))
    if race_point is not None:
        await race_point("complaint.edit")
    if ticket.draft_id == token:  # the same Confirm twice at once: the first one saved it
        return Outcome.of(Say("complaint.saved_again", {"id": ticket.id}))
    if (refused := edit_refused(ticket, now)) is not None:
        return Outcome.of(refused)
    closed = ticket.status == "closed"
    client_name = await uow.session.scalar(select(Client.name).where(Client.id == ticket.client_id))
    if draft_of(ticket, client_name or "", actor.timezone)["was"] != data.get("was"):
        # Changed by someone else since this card was opened: their change is not overwritten
        # with what this card still showed.
        await drop_flow(uow.session, actor.user_id, token)
        await uow.commit()
        return Outcome.of(Say("complaint.edit_stale", {"id": ticket.id}))
    client = await visible_client(uow.session, actor, int(data["client_id"]))
    if client is None:
        return Outcome.of(Say("error.client_not_found"))
    changed = changed_fields(data)
    if closed and any(f in CLOSED_FIXED for f in changed):  # a forged or outdated card
        return Outcome.of(Say("complaint.closed_fixed", {"id": ticket.id}))
    if not changed:
        await drop_flow(uow.session, actor.user_id, token)
        await uow.commit()
        return Outcome.of(Say("complaint.edit_nothing", {"id": ticket.id}))
    before = _snapshot(ticket)
    severity = Severity(data["severity"])
    old_severity = Severity(ticket.severity)
    old_owner = ticket.owner_id
    ticket.client_id, ticket.owner_id = client.id, client.owner_id
    ticket.category, ticket.severity = data["category"], severity.value
    ticket.description = data["description"]
    ticket.received_by = data.get("received_by") or None
    if "received_on" in changed:
        ticket.received_at = received
    moved = False
    if "received_on" in changed or "severity" in changed:
        deadlines = policy.complaints.deadlines(
            ticket.received_at, severity, timezone=actor.timezone, calendar=policy.calendar()
        )
        if ticket.reopened:
            # A reopened round's resolution deadline counts from its reopening, not from the
            # day received: only the first contact's deadline follows the day.
            moved = ticket.first_response_due != deadlines.first_response_due
            ticket.first_response_due = deadlines.first_response_due
        else:
            moved = (ticket.first_response_due, ticket.resolution_due) != (
                deadlines.first_response_due,
                deadlines.resolution_due,
            )
            ticket.first_response_due = deadlines.first_response_due
            ticket.resolution_due = deadlines.resolution_due
        ticket.deadlines_estimated = deadlines.estimated
    ticket.draft_id, ticket.updated_at = token, now
    await uow.session.flush()
    queued = False
    if closed:
        # Put right in the record only: no deadline reminders or alerts for a closed ticket;
        # its status, score and closing time are left as they were.
        uow.audit(actor_id=actor.user_id, action="correct_closed", entity="complaint",
                  entity_id=ticket.id, at=now, before=before, after=_snapshot(ticket))  # fmt: skip
        await drop_flow(uow.session, actor.user_id, token)
        await uow.commit()
        return Outcome.of(Say("complaint.edited", {"id": ticket.id, "fields": ",".join(changed)}))
    if moved or ticket.owner_id != old_owner:
        # The reminders of the old deadlines (or of the old owner) no longer apply; the next
        # sweep makes the new ones from the row.
        await uow.session.execute(
            delete(Reminder).where(
                Reminder.complaint_id == ticket.id,
                Reminder.kind.in_([k.value for k in COMPLAINT]),
            )
        )
        queued = True
    if policy.complaints.supervisor_notified(severity) and not (
        policy.complaints.supervisor_notified(old_severity) and ticket.owner_id == old_owner
    ):
        alerts = [a for a in await _new_alerts(uow, ticket, now) if a.user_id != actor.user_id]
        uow.session.add_all(alerts)
        queued = queued or bool(alerts)
    uow.audit(actor_id=actor.user_id, action="update", entity="complaint", entity_id=ticket.id,
              at=now, before=before, after=_snapshot(ticket))  # fmt: skip
    await drop_flow(uow.session, actor.user_id, token)
    await uow.commit()
    says = [Say("complaint.edited", {"id": ticket.id, "fields": ",".join(changed)})]
    if moved:
        says.append(Say("complaint.deadlines_moved", {
            "first_response_due": ticket.first_response_due,
            "resolution_due": ticket.resolution_due, "estimated": ticket.deadlines_estimated,
        }))  # fmt: skip
    return Outcome(says=tuple(says), outbox=queued)


async def _new_alerts(uow: UnitOfWork, ticket: Complaint, now: datetime) -> list[Reminder]:
    """The team's supervisors' alerts for a ticket that now is of a severity they are told of;
    none for a supervisor who already had this ticket's alert."""
    owner = await uow.session.get(User, ticket.owner_id)
    if owner is None or owner.team_id is None:
        return []
    sups = (
        (
            await uow.session.execute(
                select(User).where(
                    User.team_id == owner.team_id,
                    User.role == Role.SUPERVISOR.value,
                    User.active.is_(True),
                )
            )
        )
        .scalars()
        .all()
    )
    rows = alert_rows(ticket.id, ticket.client_id, ticket.recorded_by_id,
                      [(s.id, s.blocked_bot) for s in sups], now)  # fmt: skip
    had = set(
        (
            await uow.session.execute(
                select(Reminder.key).where(Reminder.key.in_([r.key for r in rows]))
            )
        ).scalars()
    )
    return [r for r in rows if r.key not in had]


def _snapshot(ticket: Complaint) -> dict[str, Any]:
    return {
        "client_id": ticket.client_id, "owner_id": ticket.owner_id, "category": ticket.category,
        "severity": ticket.severity, "description": ticket.description,
        "received_by": ticket.received_by, "received_at": ticket.received_at.isoformat(),
        "first_response_due": ticket.first_response_due.isoformat(),
        "resolution_due": ticket.resolution_due.isoformat(),
        "status": ticket.status,
        "closed_at": ticket.closed_at.isoformat() if ticket.closed_at else None,
    }  # fmt: skip
