"""Contacts from business cards on SQLite and PostgreSQL: the client is the user's choice among
clients they may see, the contact and its photo are written once, re-imports keep them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.render_history import history_pages
from services.bootstrap import Services
from services.business_cards import CardFields, CardReading
from services.client_import import ClientRow
from services.domain import Actor, ContactInfo, Role
from services.history import Record
from services.storage.models import AuditEntry, Client, Contact, ContactPhoto

ZHANG, LI, BOSS = 11, 12, 13
PHOTO = b"\xff\xd8\xff\xe0 a card photo \xff\xd9"
CARD = CardReading(
    CardFields(name="张伟", title="采购部经理", mobile="13812345678", phone="025-87654321",
               email="zhang.wei@hn-power.com.cn", company="华能南京电厂有限公司",
               address="南京市鼓楼区中山北路88号"),
    is_card=True, clear=True, rows=7,
)  # fmt: skip


def row(line: int, name: str, owner: int, **extra: Any) -> ClientRow:
    values: dict[str, Any] = dict(
        line=line, name=name, owner_telegram_id=owner, tier=None, credit_rating=None,
        strategy=None, industry=None, region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=(), contacts=(),
    )  # fmt: skip
    values.update(extra)
    return ClientRow(**values)


async def setup(services: Services) -> tuple[Actor, Actor, Actor]:
    users = services.users
    await users.add_user(telegram_id=ZHANG, name="张三", role=Role.MANAGER, team="华东一部")
    await users.add_user(telegram_id=LI, name="李四", role=Role.MANAGER, team="华东一部")
    await users.add_user(telegram_id=BOSS, name="王主管", role=Role.SUPERVISOR, team="华东一部")
    await services.clients.upsert_rows(None, [
        row(2, "华能南京电厂", ZHANG, contacts=(ContactInfo("刘娜", "综合办主任", "13770651298"),)),
        row(3, "华能南京金陵发电有限公司", LI),
        row(4, "华润万家", LI),
    ])  # fmt: skip
    actors = [await users.resolve_actor(tg) for tg in (ZHANG, LI, BOSS)]
    assert all(actors)
    return actors[0], actors[1], actors[2]  # type: ignore[return-value]


async def count(services: Services, model: type) -> int:
    async with services.db.read() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_the_card_asks_among_the_users_own_clients_and_saves_once_with_the_photo(
    services: Services,
) -> None:
    zhang, _, _ = await setup(services)
    contacts = services.contacts
    outcome = await contacts.start(zhang, CARD, PHOTO)
    draft, ask = outcome.says
    assert draft.key == "contact.draft" and draft.card is not None
    assert draft.card["mobile"] == "13812345678"
    # Only ZHANG's client is offered: 金陵 also matches 华能南京 but belongs to LI.
    assert [c.label for row_ in ask.choices[:-1] for c in row_] == ["华能南京电厂"]
    client_id = (await services.clients.search(zhang, "华能南京电厂"))[0].id
    confirm = await services.conversations.on_choice(zhang, ask.token or "", f"c{client_id}")
    assert confirm.says[0].key == "contact.confirm" and await count(services, Contact) == 1
    saved = await services.conversations.on_choice(zhang, ask.token or "", "ok")
    assert saved.says[0].params == {
        "name": "张伟",
        "client": "华能南京电厂",
        "client_id": client_id,
    }
    again = await services.conversations.on_choice(zhang, ask.token or "", "ok")
    assert again.says[0].key == "contact.saved" and again.says[0].params == saved.says[0].params
    assert await count(services, Contact) == 2 and await count(services, ContactPhoto) == 1
    async with services.db.read() as session:
        contact = (
            await session.execute(select(Contact).where(Contact.name == "张伟"))
        ).scalar_one()
        audit = (
            await session.execute(select(AuditEntry).where(AuditEntry.entity == "contact"))
        ).scalar_one()
    assert (contact.mobile, contact.phone, contact.email) == (
        "13812345678",
        "025-87654321",
        "zhang.wei@hn-power.com.cn",
    )
    assert audit.actor_id == zhang.user_id and audit.entity_id == str(contact.id)
    assert await contacts.photo(zhang, contact.id) == PHOTO
    card = await services.clients.card(zhang, client_id)
    assert [(c.name, c.has_photo) for c in card.contacts] == [("刘娜", False), ("张伟", True)]


async def test_a_forged_choice_of_a_client_the_user_may_not_see_is_refused(
    services: Services,
) -> None:
    zhang, _, boss = await setup(services)
    outcome = await services.contacts.start(zhang, CARD, PHOTO)
    token = outcome.says[-1].token or ""
    async with services.db.read() as session:
        lis = (
            await session.execute(select(Client.id).where(Client.name == "华润万家"))
        ).scalar_one()
    refused = await services.conversations.on_choice(zhang, token, f"c{lis}")
    assert refused.says[0].key == "error.client_not_found"
    assert await count(services, Contact) == 1
    # A supervisor sees the team's clients, so may add a contact to LI's client.
    started = await services.contacts.start(boss, CARD, PHOTO)
    chosen = await services.conversations.on_choice(boss, started.says[-1].token or "", f"c{lis}")
    assert chosen.says[0].key == "contact.confirm"


async def test_no_name_on_the_card_means_no_contact_until_one_is_typed(services: Services) -> None:
    zhang, _, _ = await setup(services)
    nameless = CardReading(CardFields(mobile="13812345678", company="华能南京电厂"), True, True, 2)
    token = (await services.contacts.start(zhang, nameless, PHOTO)).says[-1].token or ""
    client_id = (await services.clients.search(zhang, "华能南京电厂"))[0].id
    await services.conversations.on_choice(zhang, token, f"c{client_id}")
    assert (await services.conversations.on_choice(zhang, token, "ok")).says[0].key == (
        "contact.need_name"
    )
    fixed = await services.conversations.on_text(zhang, "姓名 张伟")
    assert fixed is not None and fixed.says[0].card is not None
    assert fixed.says[0].card["name"] == "张伟"
    saved = await services.conversations.on_choice(zhang, token, "ok")
    assert saved.says[0].key == "contact.saved"


async def test_a_reimport_of_the_client_file_keeps_contacts_from_cards(services: Services) -> None:
    zhang, _, _ = await setup(services)
    token = (await services.contacts.start(zhang, CARD, PHOTO)).says[-1].token or ""
    client_id = (await services.clients.search(zhang, "华能南京电厂"))[0].id
    await services.conversations.on_choice(zhang, token, f"c{client_id}")
    await services.conversations.on_choice(zhang, token, "ok")
    await services.clients.upsert_rows(None, [
        row(2, "华能南京电厂", ZHANG, contacts=(ContactInfo("高峰", "热控专工", "18951702634"),)),
    ])  # fmt: skip
    card = await services.clients.card(zhang, client_id)
    assert sorted(c.name for c in card.contacts) == ["张伟", "高峰"]
    assert await count(services, ContactPhoto) == 1


async def test_a_card_of_a_contact_on_file_updates_it_instead_of_adding_it_twice(
    services: Services,
) -> None:
    zhang, _, _ = await setup(services)
    # 刘娜 is on file from the client file, her mobile filed as the phone; her card adds the rest.
    card = CardReading(
        CardFields(name="刘娜", title="综合办主任", mobile="13770651298", phone="025-85791234",
                   email="liuna@hnjl.com", company="华能南京电厂有限公司"),
        is_card=True, clear=True, rows=6,
    )  # fmt: skip
    token = (await services.contacts.start(zhang, card, PHOTO)).says[-1].token or ""
    client_id = (await services.clients.search(zhang, "华能南京电厂"))[0].id
    confirm = await services.conversations.on_choice(zhang, token, f"c{client_id}")
    assert confirm.says[0].key == "contact.confirm" and confirm.says[0].card is not None
    assert confirm.says[0].card["existing"] == "刘娜 13770651298"  # the user is told
    assert [c.value for row_ in confirm.says[0].choices for c in row_] == [
        "ok", "other", "new", "cancel",
    ]  # fmt: skip
    saved = await services.conversations.on_choice(zhang, token, "ok")
    assert saved.says[0].key == "contact.updated"
    assert saved.says[0].params == {
        "name": "刘娜",
        "client": "华能南京电厂",
        "client_id": client_id,
    }
    again = await services.conversations.on_choice(zhang, token, "ok")
    assert (again.says[0].key, again.says[0].params) == ("contact.updated", saved.says[0].params)
    async with services.db.read() as session:
        [contact] = (await session.execute(select(Contact))).scalars().all()
        audit = (
            await session.execute(select(AuditEntry).where(AuditEntry.entity == "contact"))
        ).scalar_one()
    assert (contact.name, contact.mobile, contact.phone, contact.email) == (
        "刘娜", "13770651298", "025-85791234", "liuna@hnjl.com",
    )  # fmt: skip
    assert audit.action == "update" and audit.before is not None
    assert audit.before["phone"] == "13770651298"
    assert await services.contacts.photo(zhang, contact.id) == PHOTO
    # The client's history tells who changed which of her numbers, from what to what; what the
    # card did not change (her title) is not listed.
    boss = await services.users.resolve_actor(BOSS)
    assert boss is not None
    history = await services.history.of(boss, Record.CLIENT, client_id)
    assert history is not None
    [entry] = [e for e in history.entries if e.contact is not None]
    assert (entry.contact, entry.who, entry.action) == ("刘娜", "张三", "update")
    text = history_pages("zh", "Asia/Shanghai", history)[0]
    assert "张三 · 修改联系人 刘娜" in text, text
    assert "电话：13770651298 → 025-85791234" in text and "手机：（空） → 13770651298" in text, text
    assert "职务" not in text, text
    # A newer card of her replaces the photo; "另建联系人" adds a second 刘娜 when they are two.
    newer = b"\xff\xd8\xff\xe0 a newer card \xff\xd9"
    token = (await services.contacts.start(zhang, card, newer)).says[-1].token or ""
    await services.conversations.on_choice(zhang, token, f"c{client_id}")
    assert (await services.conversations.on_choice(zhang, token, "ok")).says[0].key == (
        "contact.updated"
    )
    assert await services.contacts.photo(zhang, contact.id) == newer
    token = (await services.contacts.start(zhang, card, PHOTO)).says[-1].token or ""
    await services.conversations.on_choice(zhang, token, f"c{client_id}")
    alone = await services.conversations.on_choice(zhang, token, "new")
    assert alone.says[0].card is not None and alone.says[0].card["existing"] is None
    assert (await services.conversations.on_choice(zhang, token, "ok")).says[0].key == (
        "contact.saved"
    )
    assert await count(services, Contact) == 2


async def test_a_card_with_the_same_name_and_another_mobile_is_a_new_contact(
    services: Services,
) -> None:
    zhang, _, _ = await setup(services)
    other = CardReading(CardFields(name="刘娜", mobile="13900001111"), True, True, 3)
    token = (await services.contacts.start(zhang, other, PHOTO)).says[-1].token or ""
    client_id = (await services.clients.search(zhang, "华能南京电厂"))[0].id
    confirm = await services.conversations.on_choice(zhang, token, f"c{client_id}")
    assert confirm.says[0].card is not None and confirm.says[0].card["existing"] is None
    assert (await services.conversations.on_choice(zhang, token, "ok")).says[0].key == (
        "contact.saved"
    )
    assert await count(services, Contact) == 2


def card_of(name: str, mobile: str) -> CardReading:
    return CardReading(CardFields(name=name, mobile=mobile, company="华能南京电厂有限公司"),
                       is_card=True, clear=True, rows=3)  # fmt: skip


async def test_cards_sent_one_after_another_each_wait_their_turn(services: Services) -> None:
    # Three cards from one meeting, sent at once: each replaced the draft before it, so only
    # the last could be saved and the others' buttons said "这个按钮已失效".
    zhang, _, _ = await setup(services)
    conversations = services.conversations
    first = await services.contacts.start(zhang, card_of("张伟", "13812345678"), PHOTO)
    token = first.says[-1].token or ""
    second = await services.contacts.start(zhang, card_of("王强", "18600001111"), PHOTO)
    assert (second.says[0].key, second.says[0].params) == (
        "contact.queued", {"name": "王强", "count": 1},
    )  # fmt: skip
    third = await services.contacts.start(zhang, card_of("李娜", "13905511234"), PHOTO)
    assert third.says[0].params["count"] == 2
    client_id = (await services.clients.search(zhang, "华能南京电厂"))[0].id
    await conversations.on_choice(zhang, token, f"c{client_id}")
    saved = await conversations.on_choice(zhang, token, "ok")
    assert [s.key for s in saved.says] == ["contact.saved", "contact.draft", "contact.pick_client"]
    assert saved.says[1].card is not None and saved.says[1].card["name"] == "王强"
    again = await conversations.on_choice(zhang, token, "ok")  # pressed twice: no card skipped
    assert [s.key for s in again.says] == ["contact.saved"]
    cancelled = await conversations.on_choice(zhang, saved.says[-1].token or "", "cancel")
    assert [s.key for s in cancelled.says] == [
        "cancel.done",
        "contact.draft",
        "contact.pick_client",
    ]
    assert cancelled.says[1].card is not None and cancelled.says[1].card["name"] == "李娜"
    last = cancelled.says[-1].token or ""
    await conversations.on_choice(zhang, last, f"c{client_id}")
    assert [s.key for s in (await conversations.on_choice(zhang, last, "ok")).says] == [
        "contact.saved"
    ]
    async with services.db.read() as session:
        names = (await session.execute(select(Contact.name).order_by(Contact.id))).scalars().all()
    assert names == ["刘娜", "张伟", "李娜"]  # 王强 was cancelled


async def test_a_card_sent_while_a_visit_draft_waits_leaves_the_draft_alone(
    services: Services,
) -> None:
    zhang, _, _ = await setup(services)
    draft = await services.visits.start(zhang, "今天上午拜访了华能南京电厂，见了刘娜，谈了二期扩容")
    token = draft.says[-1].token
    refused = await services.contacts.start(zhang, card_of("张伟", "13812345678"), PHOTO)
    assert [s.key for s in refused.says] == ["contact.draft_open"]
    assert refused.says[0].params["kind"] == "visit"
    assert refused.says[0].params["client"] == "华能南京电厂"
    state = await services.conversations.store.get(zhang.user_id)
    assert state is not None and (state.kind, state.token) == ("visit", token)


async def test_a_field_typed_over_an_unsure_reading_is_no_longer_marked(services: Services) -> None:
    zhang, _, _ = await setup(services)
    unsure = CardReading(CardFields(name="张伟", mobile="13940030547", phone="021-62345678"),
                         is_card=True, clear=True, rows=3, unsure=("mobile", "phone"))  # fmt: skip
    draft = (await services.contacts.start(zhang, unsure, PHOTO)).says[0]
    assert draft.card is not None and draft.card["unsure"] == ["mobile", "phone"]
    fixed = await services.conversations.on_text(zhang, "手机 13986039547")
    assert fixed is not None and fixed.says[0].card is not None
    assert (fixed.says[0].card["mobile"], fixed.says[0].card["unsure"]) == (
        "13986039547",
        ["phone"],
    )


async def test_a_card_without_a_company_asks_for_the_client_without_quoting_a_dash(
    services: Services,
) -> None:
    zhang, _, _ = await setup(services)
    bare = CardReading(CardFields(name="张伟", mobile="13812345678"), True, True, 2)
    ask = (await services.contacts.start(zhang, bare, PHOTO)).says[-1]
    assert ask.key == "contact.no_company" and ask.params == {"company": "-"}
    found = await services.conversations.on_text(zhang, "华能")  # a typed name still searches
    assert found is not None and found.says[-1].key == "contact.pick_client"
    assert [c.label for row_ in found.says[-1].choices[:-1] for c in row_] == ["华能南京电厂"]
