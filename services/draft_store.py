"""Conversations in progress (drafts), kept in the database: they survive restarts and can be shared by
several bot processes. One flow per user; a new flow replaces the old one."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from services.clock import Clock
from services.reminders.kinds import Kind
from services.reminders.rows import draft_notice, insert_new
from services.storage.models import Flow, Reminder, User
from services.storage.uow import Database
from services.update_ledger import stamp

IDLE_LIMIT = timedelta(minutes=30)


@dataclass
class FlowState:
    user_id: int
    kind: str
    step: str
    token: str
    data: dict[str, Any]
    updated_at: datetime


def draft_summary(state: FlowState) -> str:
    """What an ended draft held, in a line (its summary, description or text)."""
    data = state.data
    main = str(data.get("summary") or data.get("description") or data.get("text") or "-")
    # The reports typed on the draft and kept for later (or awaiting save / drop / back) end
    # with it: their words are told too, not lost unseen.
    kept = [r.get("text") for r in [*(data.get("later") or []), data.get("next_report")]
            if isinstance(r, dict) and r.get("text")]  # fmt: skip
    return "\n".join([main, *map(str, kept)])[:1000]


def new_token() -> str:
    return secrets.token_hex(6)


class FlowStore:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def get(self, user_id: int) -> FlowState | None:
        async with self._db.read() as session:
            row = await session.get(Flow, user_id)
            if row is None:
                return None
            return FlowState(row.user_id, row.kind, row.step, row.draft_id, dict(row.data),
                             row.updated_at)  # fmt: skip

    async def save(self, state: FlowState) -> None:
        now = self._clock.now()
        stamp(state.data)  # the update that took this step, should it be handled again
        async with self._db.write() as uow:
            row = await uow.session.get(Flow, state.user_id)
            if row is None:
                uow.session.add(
                    Flow(user_id=state.user_id, kind=state.kind, step=state.step,
                         draft_id=state.token, data=state.data, started_at=now, updated_at=now)
                )  # fmt: skip
            else:
                row.kind, row.step, row.draft_id = state.kind, state.step, state.token
                row.data, row.updated_at = dict(state.data), now
            await uow.commit()
        state.updated_at = now

    async def drop(self, user_id: int, token: str | None = None) -> bool:
        async with self._db.write() as uow:
            stmt = delete(Flow).where(Flow.user_id == user_id)
            if token is not None:
                stmt = stmt.where(Flow.draft_id == token)
            result = await uow.session.execute(stmt)
            await uow.commit()
            return bool(getattr(result, "rowcount", 0))

    async def expire_idle(self) -> list[tuple[int, str, FlowState]]:
        """End flows idle for 30 minutes, queueing in the same commit the notice that tells each
        user what their draft held (the outbox sends it once, when they can be reached); returns
        (telegram id, language, state) of each."""
        now = self._clock.now()
        cutoff = now - IDLE_LIMIT
        async with self._db.write() as uow:
            rows = (
                await uow.session.execute(
                    select(Flow, User.telegram_id, User.language)
                    .join(User, User.id == Flow.user_id)
                    .where(Flow.updated_at < cutoff)
                )
            ).all()
            expired = [
                (
                    tg,
                    lang,
                    FlowState(f.user_id, f.kind, f.step, f.draft_id, dict(f.data), f.updated_at),
                )
                for f, tg, lang in rows
            ]
            if rows:
                await uow.session.execute(
                    delete(Flow).where(Flow.user_id.in_([f.user_id for f, _, _ in rows]))
                    .where(Flow.updated_at < cutoff)
                )  # fmt: skip
                notices = [draft_notice(Kind.DRAFT_EXPIRED, s.user_id, s.token, s.step, s.updated_at,
                                        {"flow": s.kind, "summary": draft_summary(s),
                                         **({"lang": s.data["lang"]} if s.data.get("lang") else {})},
                                        now)
                           for _, _, s in expired]  # fmt: skip
                await insert_new(uow.session, self._db.dialect, notices)
            await uow.commit()
            return expired

    async def queue_notices(self, rows: list[dict[str, Any]]) -> int:
        """Add notices about drafts to the outbox; one already queued (same key) is not added again.
        Returns how many were new."""
        if not rows:
            return 0
        async with self._db.write() as uow:
            session = uow.session
            known = set((await session.execute(select(Reminder.key).where(
                Reminder.key.in_([r["key"] for r in rows])))).scalars())  # fmt: skip
            await insert_new(session, self._db.dialect, rows)
            await uow.commit()
        return len({r["key"] for r in rows} - known)

    async def in_progress(self) -> list[tuple[int, str, FlowState]]:
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(Flow, User.telegram_id, User.language).join(
                        User, User.id == Flow.user_id
                    )
                )
            ).all()
            return [
                (
                    tg,
                    lang,
                    FlowState(f.user_id, f.kind, f.step, f.draft_id, dict(f.data), f.updated_at),
                )
                for f, tg, lang in rows
            ]
