"""Database tables (SQLAlchemy 2 declarative); the rows are the truth everything else rebuilds from."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (which has no time zones) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use aware UTC")
        from datetime import UTC

        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        from datetime import UTC

        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    language: Mapped[str] = mapped_column(String(8), default="zh")
    # False until the user picks a language (/lang, or an admin's --lang): until then the bot
    # follows the language of the user's Telegram.
    language_chosen: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    blocked_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    team: Mapped[Team | None] = relationship(lazy="raise")


class Client(Base):
    __tablename__ = "clients"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    search_key: Mapped[str] = mapped_column(Text, default="")
    tier: Mapped[str | None] = mapped_column(String(20))
    credit_rating: Mapped[str | None] = mapped_column(String(20))
    strategy: Mapped[str | None] = mapped_column(String(20))
    industry: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(500))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    # The day the visit cadence counts from (see services.cadence.refresh_last_visits) and the
    # last-visit date a client file gave, which has no visit record behind it.
    last_visit_on: Mapped[date | None] = mapped_column(Date, index=True)
    recorded_visit_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Set while the import that created the client is still writing (migration 0014): hidden.
    import_id: Mapped[str | None] = mapped_column(String(32), default=None)

    owner: Mapped[User] = relationship(lazy="raise")
    contacts: Mapped[list[Contact]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="Contact.id"
    )


class Contact(Base):
    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(64))
    decision_maker: Mapped[bool] = mapped_column(Boolean, default=False)
    # From a business card (migration 0009): what the card says, who added it and when.
    mobile: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(500))
    company: Mapped[str | None] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime | None]


class ContactPhoto(Base):
    """The photo of the business card a contact was read from, kept with the contact.

    `draft_id` is the card draft's token, so a confirmation pressed twice adds the contact once.
    """

    __tablename__ = "contact_photos"
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)
    mime_type: Mapped[str] = mapped_column(String(64))
    draft_id: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime]


class Invite(Base):
    __tablename__ = "invites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    name: Mapped[str | None] = mapped_column(String(200))  # given by the inviter
    # None: made on the server (`kam users invite`), not by someone in the bot.
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime]

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)


class ProcessedUpdate(Base):
    """Telegram updates received: a re-delivered update is not handled twice, and one a killed
    process left unfinished (its JSON still here) is handled again (services.update_ledger)."""

    __tablename__ = "processed_updates"
    # "<bot id>:<update id>": update ids are counted per bot.
    key: Mapped[str] = mapped_column(String(48), primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    # The update's JSON until it is handled (None once done, and for ids recorded without it).
    body: Mapped[str | None] = mapped_column(Text)
    # While unfinished: until when the process handling it has it alone (renewed while it lives).
    lease_until: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Flow(Base):
    """A conversation in progress (one per user), kept in the database so it survives restarts."""

    __tablename__ = "flows"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(32))
    draft_id: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(index=True)


class Visit(Base):
    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[str] = mapped_column(String(40), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    visited_on: Mapped[date] = mapped_column(Date, index=True)
    visited_time: Mapped[str | None] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    people: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text)
    next_step: Mapped[str | None] = mapped_column(Text)
    follow_up_on: Mapped[date | None] = mapped_column(Date, index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_visits_client_visited", "client_id", "visited_on"),
        Index(
            "ix_visits_live_client_day",
            "client_id",
            "visited_on",
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_visits_day_author", "visited_on", "author_id", "client_id", "deleted_at"),
        # A client's last visit of the kinds the policy counts (services.cadence_sql).
        Index(
            "ix_visits_live_client_kind_day",
            "client_id",
            "kind",
            "visited_on",
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )


class Complaint(Base):
    __tablename__ = "complaints"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[str] = mapped_column(String(40), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    received_by: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    received_at: Mapped[datetime]
    first_response_due: Mapped[datetime]
    resolution_due: Mapped[datetime]
    deadlines_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    responded_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    # Times a low follow-up score reopened the ticket (policy reopen_below_score); its reminders
    # of each round have their own keys.
    reopened: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_complaints_client_status", "client_id", "status"),
        Index("ix_complaints_client_received", "client_id", "received_at"),
        Index("ix_complaints_received_at", "received_at"),
    )


class Reminder(Base):
    """One reminder for one person; the row is the truth about whether and when it went out.

    `key` is deterministic (what, for whom, from which basis), so a reminder is created once
    however many sweeps or processes find it due.
    """

    __tablename__ = "reminders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"))
    complaint_id: Mapped[int | None] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE")
    )
    # Cadence: the last visit the reminder was computed from (None: never visited).
    basis_on: Mapped[date | None] = mapped_column(Date)
    # Cadence: the day the visit falls due; follow-up: its day; digest: the local day.
    due_on: Mapped[date | None] = mapped_column(Date)
    # Complaints: the deadline the reminder is about.
    due_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16))
    send_after: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    snoozed: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until: Mapped[datetime | None]
    attempt_started_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(String(200))
    # A notice's own content (a kept or expired draft): what its text needs, fixed when queued.
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_reminders_status_send_after", "status", "send_after"),
        Index("ix_reminders_client_kind", "client_id", "kind", "basis_on"),
        Index("ix_reminders_visit", "visit_id"),
        Index("ix_reminders_complaint", "complaint_id"),
        Index("ix_reminders_user_status", "user_id", "status"),
    )


class DeploymentState(Base):
    """What one replica already did for the whole deployment (e.g. the webhook it registered)."""

    __tablename__ = "deployment_state"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class SendBudget(Base):
    """Messages sent by every replica together in one second of the database's clock."""

    __tablename__ = "send_budget"

    slot: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    used: Mapped[int] = mapped_column(Integer)
