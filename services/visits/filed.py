"""The people a visit names, as the client's file knows them: "王总经理" is the filed 王建华."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.storage.models import Contact
from services.visits.people import opens_with_surname, without_repeats

Person = tuple[str, str | None]

# An English title word and the endings a Chinese title of that rank has ("Director Zhou" for
# 信息化办公室主任).
_EN_TITLE_ENDINGS = {
    "director": ("主任", "总监", "處長", "处长", "主管", "總監"),
    "manager": ("经理", "經理"),
    "engineer": ("工程师", "工程師", "工"),
    "chairman": ("董事长", "董事長"),
    "president": ("总裁", "總裁", "行长", "行長", "院长", "院長", "校长", "校長"),
}


def title_part_of(typed: str, filed: str | None) -> bool:
    """Whether a title typed is a shorter way of saying the filed one: "主任" of
    信息化办公室主任, "Director" of 主任; never a different rank ("经理" of 主任)."""
    if not filed or not typed:
        return False
    word = typed.strip().rstrip(".").lower()
    if word in _EN_TITLE_ENDINGS:
        return filed.endswith(_EN_TITLE_ENDINGS[word])
    # 总经理 and 副经理 are other ranks than 经理, 副主任 another than 主任.
    return (
        len(typed) >= 2
        and filed.endswith(typed)
        and not filed[: len(filed) - len(typed)].endswith(("总", "副"))
    )


def by_surname_and_title(written: str, typed: str, contacts: Iterable[Person]) -> str | None:
    """The one filed contact a surname with a title names ("王总经理" → 王建华, filed 总经理;
    "钱经理" → 钱军, filed 采购部经理); None when none is, or several are."""
    contacts = list(contacts)
    for size in (1, 2):  # 欧阳经理: 欧 leaves 阳经理, no title
        surname, rank = written[:size], written[size:]
        if not rank or not typed.endswith(rank) or not opens_with_surname(surname):
            continue
        found = {
            name for name, title in contacts
            if name.startswith(surname) and len(name) > len(surname)
            and (title == typed or title_part_of(typed, title))
        }  # fmt: skip
        return found.pop() if len(found) == 1 else None
    return None


def as_filed(people: Iterable[Person], contacts: Sequence[Person]) -> tuple[Person, ...]:
    """A visit's people as shown today: one a report named by surname and title (王总经理, 采购部
    李经理) before the client's file named them is the one contact filed under that surname and
    rank (王建华, 总经理), so that a list or a briefing does not show 王总经理 beside 王建华; the
    record keeps what was said. Anyone else, and anyone two contacts could be, stays as saved."""
    shown: list[dict[str, str | None]] = []
    for name, title in people:
        filed = by_surname_and_title(name, title, contacts) if title else None
        if filed is not None:
            name, title = filed, next(t for n, t in contacts if n == filed)
        if not name or not any(p["name"] == name for p in shown):
            shown.append({"name": name, "title": title})
    return tuple((str(p["name"]), p["title"]) for p in without_repeats(shown))


async def filed_contacts(session: AsyncSession, client_ids: set[int]) -> dict[int, list[Person]]:
    """The filed contacts (name, title) of each of these clients, for `as_filed`."""
    found: dict[int, list[Person]] = {}
    if client_ids:
        rows = await session.execute(
            select(Contact.client_id, Contact.name, Contact.title)
            .where(Contact.client_id.in_(client_ids))
            .order_by(Contact.id)
        )
        for client_id, name, title in rows:
            found.setdefault(client_id, []).append((name, title))
    return found
