"""The assistant's memory of a chat: the last few questions and answers, in the database, so a
follow-up ("那上个月呢？") is understood after a restart and by any bot process."""

from __future__ import annotations

from sqlalchemy import delete, select

from services.clock import Clock
from services.storage.models import AssistantTurn
from services.storage.uow import Database

TURN_LIMIT = 6  # question-and-answer pairs remembered per chat
TURN_CHARS = 1500  # longer messages are remembered cut short


class ChatMemory:
    def __init__(self, db: Database, clock: Clock, turns: int = TURN_LIMIT) -> None:
        self._db = db
        self._clock = clock
        self._limit = 2 * turns

    async def recall(self, user_id: int, chat_id: int) -> list[tuple[str, str]]:
        """(role, text) oldest first; role is "user" or "assistant". Only this user's own turns."""
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(AssistantTurn.role, AssistantTurn.content)
                    .where(AssistantTurn.user_id == user_id, AssistantTurn.chat_id == chat_id)
                    .order_by(AssistantTurn.id.desc())
                    .limit(self._limit)
                )
            ).all()
        return [(r.role, r.content) for r in reversed(rows)]

    async def remember(self, user_id: int, chat_id: int, question: str, answer: str) -> None:
        now = self._clock.now()
        async with self._db.write() as uow:
            for role, text in (("user", question), ("assistant", answer)):
                uow.session.add(
                    AssistantTurn(user_id=user_id, chat_id=chat_id, role=role,
                                  content=text[:TURN_CHARS], at=now)
                )  # fmt: skip
            await uow.session.flush()
            keep = (
                select(AssistantTurn.id)
                .where(AssistantTurn.user_id == user_id, AssistantTurn.chat_id == chat_id)
                .order_by(AssistantTurn.id.desc())
                .limit(self._limit)
            )
            kept = list((await uow.session.execute(keep)).scalars())
            await uow.session.execute(
                delete(AssistantTurn).where(
                    AssistantTurn.user_id == user_id,
                    AssistantTurn.chat_id == chat_id,
                    AssistantTurn.id.not_in(kept),
                )
            )
            await uow.commit()

    async def forget(self, user_id: int, chat_id: int | None = None) -> int:
        """Clear the memory (/new, /cancel); returns how many messages were forgotten."""
        async with self._db.write() as uow:
            stmt = delete(AssistantTurn).where(AssistantTurn.user_id == user_id)
            if chat_id is not None:
                stmt = stmt.where(AssistantTurn.chat_id == chat_id)
            result = await uow.session.execute(stmt)
            await uow.commit()
            return int(getattr(result, "rowcount", 0) or 0)
