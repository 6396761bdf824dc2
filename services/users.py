"""Users, roles and invitations: who may use the bot, decided from the database on every update."""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.clock import Clock
from services.domain import Actor, Language, Role, UserInfo
from services.errors import AccessDenied, AlreadyRegistered, InvalidInput, InviteInvalid, NotFound
from services.reminders.rows import follow_new_zone
from services.storage.models import AuditEntry, Invite, Team, User
from services.storage.uow import Database, UnitOfWork


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def _actor(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        telegram_id=user.telegram_id,
        name=user.name,
        role=Role(user.role),
        team_id=user.team_id,
        language=Language(user.language),
        timezone=user.timezone,
        language_chosen=bool(user.language_chosen),
        unreachable=bool(user.blocked_bot),
    )


def user_snapshot(user: User) -> dict[str, object]:
    return {
        "telegram_id": user.telegram_id,
        "name": user.name,
        "role": user.role,
        "team_id": user.team_id,
        "language": user.language,
        "active": user.active,
    }


async def _by_former_name(session: AsyncSession, name: str) -> list[User]:
    """The active users who were called `name` before a rename (the audit log keeps each) and
    are called something else now."""
    rows = await session.execute(
        select(AuditEntry.entity_id, AuditEntry.before).where(
            AuditEntry.entity == "user", AuditEntry.action == "rename"
        )
    )
    ids = {int(entity_id) for entity_id, before in rows
           if entity_id and entity_id.isdigit() and (before or {}).get("name") == name}  # fmt: skip
    if not ids:
        return []
    users = await session.execute(
        select(User).where(User.id.in_(ids), User.active.is_(True), User.name != name)
    )
    return list(users.scalars().all())


def _audit_user(
    uow: UnitOfWork,
    user: User,
    *,
    actor_id: int | None,
    action: str,
    at: datetime,
    before: dict[str, object] | None = None,
) -> None:
    """One change of a user written to the audit log, with the user as it now stands."""
    uow.audit(
        actor_id=actor_id,
        action=action,
        entity="user",
        entity_id=user.id,
        at=at,
        before=before,
        after=user_snapshot(user),
    )


async def _team_by_name(session: AsyncSession, name: str) -> Team | None:
    return (await session.execute(select(Team).where(Team.name == name))).scalar_one_or_none()


async def get_or_create_team(uow: UnitOfWork, name: str, now: datetime) -> Team:
    team = await _team_by_name(uow.session, name)
    if team is not None:
        return team
    try:
        # Another transaction may create the same team at the same moment (PostgreSQL runs
        # writers concurrently); a savepoint lets this one pick up the other's row instead.
        async with uow.session.begin_nested():
            team = Team(name=name, created_at=now)
            uow.session.add(team)
    except IntegrityError:
        team = await _team_by_name(uow.session, name)
        assert team is not None
    return team


MAX_NAME = 60


def _person_name(name: str) -> str:
    """A person's name as given by whoever names them: one line, not empty, not too long."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("error.name_required")
    if len(name) > MAX_NAME:
        raise InvalidInput("error.name_too_long", limit=MAX_NAME)
    return name


@dataclass(frozen=True, slots=True)
class InviteLink:
    code: str
    role: Role
    team: str | None
    expires_at: datetime
    name: str | None = None  # the name the invited person is registered under


@dataclass(frozen=True, slots=True)
class TeamChoice:
    """An admin's invite names no team that exists (or none at all while teams exist): which
    team is meant is asked, never created from a typo. `asked` is the name as typed."""

    role: Role
    asked: str | None
    teams: tuple[tuple[int, str], ...]  # (id, name) of every team, by name


class UserService:
    """Use cases about people: resolving the actor, adding, inviting, deactivating."""

    def __init__(self, db: Database, clock: Clock, *, default_timezone: str, invite_ttl: timedelta):
        self._db = db
        self._clock = clock
        self._default_tz = default_timezone
        self._invite_ttl = invite_ttl

    async def resolve_actor(self, telegram_id: int) -> Actor | None:
        """The active user behind a Telegram id, or None for strangers and deactivated users."""
        async with self._db.read() as session:
            user = (
                await session.execute(select(User).where(User.telegram_id == telegram_id))
            ).scalar_one_or_none()
            if user is None or not user.active:
                return None
            return _actor(user)

    async def ensure_admins(self, telegram_ids: list[int]) -> None:
        """Make the configured ids admins (creating them when new); idempotent."""
        if not telegram_ids:
            return
        now = self._clock.now()
        async with self._db.write() as uow:
            for tg_id in telegram_ids:
                user = (
                    await uow.session.execute(select(User).where(User.telegram_id == tg_id))
                ).scalar_one_or_none()
                if user is None:
                    user = User(
                        telegram_id=tg_id,
                        name=f"Admin {tg_id}",
                        role=Role.ADMIN.value,
                        language=Language.ZH.value,
                        timezone=self._default_tz,
                        active=True,
                        blocked_bot=False,
                        created_at=now,
                        updated_at=now,
                    )
                    uow.session.add(user)
                    await uow.session.flush()
                    _audit_user(uow, user, actor_id=None, action="create", at=now)
                elif user.role != Role.ADMIN.value or not user.active:
                    before = user_snapshot(user)
                    user.role, user.active, user.updated_at = Role.ADMIN.value, True, now
                    _audit_user(uow, user, actor_id=None, action="promote", at=now, before=before)
            await uow.commit()

    async def add_user(
        self,
        *,
        telegram_id: int,
        name: str,
        role: Role,
        team: str | None,
        language: Language | None = None,
        actor: Actor | None = None,
    ) -> UserInfo:
        """Add a user, or update the name, role and team of an existing one (re-activating it).

        Without `language` the user gets the language of their Telegram until they choose one.
        """
        name = name.strip()
        if not name:
            raise InvalidInput("error.name_required")
        if telegram_id <= 0:
            raise InvalidInput("error.bad_telegram_id", value=telegram_id)
        now = self._clock.now()
        async with self._db.write() as uow:
            team_row = await get_or_create_team(uow, team.strip(), now) if team else None
            user = (
                await uow.session.execute(select(User).where(User.telegram_id == telegram_id))
            ).scalar_one_or_none()
            before = user_snapshot(user) if user else None
            if user is None:
                user = User(
                    telegram_id=telegram_id,
                    name=name,
                    role=role.value,
                    team_id=team_row.id if team_row else None,
                    language=(language or Language.ZH).value,
                    language_chosen=language is not None,
                    timezone=self._default_tz,
                    active=True,
                    blocked_bot=False,
                    created_at=now,
                    updated_at=now,
                )
                uow.session.add(user)
            else:
                user.name, user.role, user.active, user.updated_at = name, role.value, True, now
                user.team_id = team_row.id if team_row else user.team_id
                if language is not None:
                    user.language, user.language_chosen = language.value, True
            await uow.session.flush()
            _audit_user(
                uow,
                user,
                actor_id=actor.user_id if actor else None,
                action="create" if before is None else "update",
                at=now,
                before=before,
            )
            await uow.commit()
            return UserInfo(
                user.id,
                user.telegram_id,
                user.name,
                Role(user.role),
                team_row.name if team_row else None,
                Language(user.language),
                user.active,
                user.created_at,
            )

    async def rename(self, actor: Actor | None, who: str, name: str) -> tuple[str, str]:
        """Give a user a new name (shown in summaries, rankings and exports): (old, new).

        `who` is their Telegram id or their current name. Admins (and the CLI, `actor` None)
        rename anyone; a supervisor renames the managers of their own team and themselves.
        """
        name = _person_name(name)
        who = who.strip()
        if actor is not None and actor.role is Role.MANAGER:
            raise AccessDenied("error.forbidden")
        now = self._clock.now()
        async with self._db.write() as uow:
            query = select(User).where(User.active.is_(True))
            if who.isdigit():
                query = query.where(User.telegram_id == int(who))
            else:
                query = query.where(User.name == who)
            found = (await uow.session.execute(query)).scalars().all()
            if not found and not who.isdigit():
                # "/rename 王磊 王小磊" after "/rename 王磊 王大磊": the name the team still
                # knows them by (summaries and exports find them by it too).
                found = await _by_former_name(uow.session, who)
            if not found:
                raise NotFound("error.rename_unknown", who=who[:60])
            if len(found) > 1:
                raise InvalidInput("error.rename_ambiguous", who=who[:60])
            user = found[0]
            if actor is not None and actor.role is Role.SUPERVISOR and user.id != actor.user_id:
                if user.role != Role.MANAGER.value or user.team_id != actor.team_id:
                    raise NotFound("error.rename_unknown", who=who[:60])
            before = user_snapshot(user)
            old = user.name
            user.name, user.updated_at = name, now
            _audit_user(
                uow,
                user,
                actor_id=actor.user_id if actor else None,
                action="rename",
                at=now,
                before=before,
            )
            await uow.commit()
            return old, name

    async def team_name(self, team_id: int) -> str | None:
        async with self._db.read() as session:
            team = await session.get(Team, team_id)
            return team.name if team else None

    async def list_users(self) -> list[UserInfo]:
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(User, Team.name)
                    .outerjoin(Team, Team.id == User.team_id)
                    .order_by(User.id)
                )
            ).all()
            return [
                UserInfo(
                    u.id,
                    u.telegram_id,
                    u.name,
                    Role(u.role),
                    team,
                    Language(u.language),
                    u.active,
                    u.created_at,
                )
                for u, team in rows
            ]

    async def deactivate(self, telegram_id: int, actor: Actor | None = None) -> None:
        now = self._clock.now()
        async with self._db.write() as uow:
            user = (
                await uow.session.execute(select(User).where(User.telegram_id == telegram_id))
            ).scalar_one_or_none()
            if user is None:
                raise NotFound("error.user_not_found", telegram_id=telegram_id)
            before = user_snapshot(user)
            user.active, user.updated_at = False, now
            _audit_user(
                uow,
                user,
                actor_id=actor.user_id if actor else None,
                action="deactivate",
                at=now,
                before=before,
            )
            await uow.commit()

    async def set_language(self, actor: Actor, language: Language) -> Actor:
        return await self._update_own(
            actor, "set_language", language=language.value, language_chosen=True
        )

    async def follow_telegram_language(self, actor: Actor, language: Language) -> Actor:
        """A user who never chose a language gets the one their Telegram speaks (reminders too)."""
        if actor.language_chosen or actor.language is language:
            return actor
        return await self._update_own(actor, "follow_telegram_language", language=language.value)

    async def set_timezone(self, actor: Actor, timezone: str) -> Actor:
        """The user's own time zone (IANA name, e.g. Europe/Berlin): reminders follow it."""
        # Only names of the zone database: a 300-character "Asia/xxx…" is a file name to ZoneInfo.
        if len(timezone) > 64 or timezone not in _zone_names():
            raise InvalidInput("error.bad_timezone", value=timezone[:64])
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise InvalidInput("error.bad_timezone", value=timezone[:64]) from None
        return await self._update_own(actor, "set_timezone", timezone=timezone)

    async def _update_own(self, actor: Actor, action: str, **fields: str | bool) -> Actor:
        """Change the actor's own settings, audited, in one transaction."""
        now = self._clock.now()
        async with self._db.write() as uow:
            user = await uow.session.get(User, actor.user_id)
            if user is None:
                raise NotFound()
            before = user_snapshot(user)
            if "timezone" in fields:
                await follow_new_zone(uow.session, user.id, user.timezone, str(fields["timezone"]))
            for name, value in fields.items():
                setattr(user, name, value)
            user.updated_at = now
            _audit_user(uow, user, actor_id=actor.user_id, action=action, at=now, before=before)
            await uow.commit()
            return _actor(user)

    async def teams(self) -> tuple[tuple[int, str], ...]:
        """(id, name) of every team, by name."""
        async with self._db.read() as session:
            found = await session.execute(select(Team.id, Team.name).order_by(Team.name))
            return tuple((i, n) for i, n in found.all())

    async def create_invite(
        self,
        actor: Actor | None,
        role: Role,
        team: str | None,
        *,
        team_id: int | None = None,
        confirmed: bool = False,
        name: str | None = None,
    ) -> InviteLink | TeamChoice:
        """Admins (and the operator on the server, `actor` None) invite anyone but admins;
        supervisors invite managers into their own team.

        An admin's team is an existing one (by name, or by `team_id` from a button); a name no
        team has, or no name while teams exist, comes back as a TeamChoice unless `confirmed`
        (the admin chose to create that team, or to invite into no team). `name`, when given,
        is who the person is in summaries and exports (instead of their Telegram name).
        """
        if role is Role.ADMIN:
            raise InvalidInput("error.invite_role")
        name = _person_name(name) if name is not None else None
        now = self._clock.now()
        team = (team or "").strip() or None
        async with self._db.write() as uow:
            if actor is not None and actor.role is Role.SUPERVISOR:
                if role is not Role.MANAGER or actor.team_id is None:
                    raise AccessDenied("error.forbidden")
                team_row = await uow.session.get(Team, actor.team_id)
            elif actor is None or actor.role is Role.ADMIN:
                if team_id is not None:
                    team_row = await uow.session.get(Team, team_id)
                    if team_row is None:
                        raise NotFound()
                else:
                    team_row = await _team_by_name(uow.session, team) if team else None
                    if team_row is None and not confirmed:
                        teams = (
                            await uow.session.execute(
                                select(Team.id, Team.name).order_by(Team.name)
                            )
                        ).all()
                        if team or teams:
                            return TeamChoice(role, team, tuple((i, n) for i, n in teams))
                    if team_row is None and team:
                        team_row = await get_or_create_team(uow, team, now)
            else:
                raise AccessDenied("error.forbidden")
            invite = Invite(
                code=secrets.token_urlsafe(12),
                role=role.value,
                team_id=team_row.id if team_row else None,
                name=name,
                created_by=actor.user_id if actor else None,
                created_at=now,
                expires_at=now + self._invite_ttl,
            )
            uow.session.add(invite)
            await uow.session.flush()
            uow.audit(
                actor_id=actor.user_id if actor else None,
                action="create",
                entity="invite",
                entity_id=invite.id,
                at=now,
                after={
                    "role": role.value,
                    "team": team_row.name if team_row else None,
                    "name": name,
                },
            )
            await uow.commit()
            return InviteLink(
                invite.code, role, team_row.name if team_row else None, invite.expires_at, name
            )

    async def accept_invite(
        self, *, code: str, telegram_id: int, name: str, language: Language
    ) -> Actor:
        """Register a new user from a one-time invite code; the code is spent in the same commit."""
        now = self._clock.now()
        async with self._db.write() as uow:
            existing = (
                await uow.session.execute(select(User).where(User.telegram_id == telegram_id))
            ).scalar_one_or_none()
            if existing is not None and existing.active:
                raise AlreadyRegistered()
            # Locked until commit: under READ COMMITTED a second taker waits here, then sees it spent.
            invite = (
                await uow.session.execute(
                    select(Invite).where(Invite.code == code).with_for_update()
                )
            ).scalar_one_or_none()
            if invite is None or invite.used_at is not None or invite.expires_at <= now:
                raise InviteInvalid()
            # The inviter's name for them wins over their Telegram name.
            name = invite.name or (name or "").strip() or str(telegram_id)
            if existing is None:
                user = User(
                    telegram_id=telegram_id,
                    name=name[:200],
                    role=invite.role,
                    team_id=invite.team_id,
                    language=(language or Language.ZH).value,
                    # Their Telegram's language, followed until they choose one with /lang.
                    language_chosen=False,
                    timezone=self._default_tz,
                    active=True,
                    blocked_bot=False,
                    created_at=now,
                    updated_at=now,
                )
                uow.session.add(user)
                before = None
            else:
                # A deactivated user may come back only through a fresh invite.
                user = existing
                before = user_snapshot(user)
                user.role, user.team_id, user.active, user.updated_at = (
                    invite.role,
                    invite.team_id,
                    True,
                    now,
                )
                if invite.name:
                    user.name = invite.name
            await uow.session.flush()
            invite.used_at, invite.used_by = now, user.id
            _audit_user(uow, user, actor_id=user.id, action="register", at=now, before=before)
            await uow.commit()
            return _actor(user)
