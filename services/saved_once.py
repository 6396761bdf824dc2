"""A confirmed draft is saved once: its token is unique on the row it becomes, so a second press,
or two presses at once, find the first save instead of writing again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.storage.models import Flow
from services.storage.uow import Database, UnitOfWork

R = TypeVar("R")
Lookup = Callable[[AsyncSession], Awaitable[Any]]


async def save_once(
    db: Database,
    saved: Lookup,
    write: Callable[[UnitOfWork], Awaitable[R]],
    again: Callable[[Any], R],
    *,
    missing_is_error: bool = True,
) -> R:
    """`write` in one transaction, unless `saved` finds the draft saved already: then `again` of
    what it found. When the unique token refuses a save running at the same time, the other
    one's is found; if none is (`missing_is_error`), the refusal was not a twin and is raised."""
    try:
        async with db.write() as uow:
            done = await saved(uow.session)
            if done is not None:
                return again(done)
            return await write(uow)
    except IntegrityError:
        # The same confirmation arrived twice at once; the other one saved it.
        async with db.read() as session:
            done = await saved(session)
        if done is None and missing_is_error:
            raise
        return again(done)


def saved_id(id_column: Any, draft_column: Any, token: str) -> Lookup:
    """The lookup of the row a draft became (its id), for `save_once`."""

    async def lookup(session: AsyncSession) -> Any:
        return (
            await session.execute(select(id_column).where(draft_column == token))
        ).scalar_one_or_none()

    return lookup


async def drop_flow(session: AsyncSession, user_id: int, token: str) -> None:
    """The saved draft's conversation ends in the same transaction as the save."""
    await session.execute(delete(Flow).where(Flow.user_id == user_id, Flow.draft_id == token))
