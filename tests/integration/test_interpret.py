"""What a plain message means is decided in one service, in one order (no language model here)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from services.bootstrap import Services
from services.client_import import ClientRow
from services.domain import Actor, Role
from services.errors import NotFound
from services.interpret import MAX_QUESTION_CHARS, Meaning, Reading
from services.storage.models import Complaint, Visit


def client(line: int, name: str, owner: int) -> ClientRow:
    return ClientRow(
        line=line, name=name, owner_telegram_id=owner, tier=None, credit_rating=None,
        strategy=None, industry=None, region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=(), contacts=(),
    )  # fmt: skip


async def manager(services: Services) -> Actor:
    await services.users.add_user(telegram_id=21, name="张三", role=Role.MANAGER, team=None)
    await services.users.add_user(telegram_id=22, name="李四", role=Role.MANAGER, team=None)
    await services.clients.upsert_rows(None, [
        client(2, "华能南京电厂", 21), client(3, "招商银行南京分行", 21),
        client(4, "招商银行上海分行", 21), client(5, "江苏银行", 22),
    ])  # fmt: skip
    actor = await services.users.resolve_actor(21)
    assert actor is not None
    return actor


async def meaning(services: Services, actor: Actor, text: str) -> Meaning:
    return (await services.interpreter.read(actor, text, chat_id=21)).meaning


async def went_to_draft(services: Services, actor: Actor, reading: Reading, kind: str) -> bool:
    """The message went straight to a draft of `kind` ("visit" or "complaint"), not an offer
    first; a visit's draft with no complaint waiting to be offered after it."""
    if reading.meaning is not Meaning.STEP or reading.outcome is None:
        return False
    state = await services.conversations.store.get(actor.user_id)
    return (
        reading.outcome.says[0].key.startswith(f"{kind}.")
        and state is not None
        and state.kind == kind
        and "complaint_next" not in state.data
    )


async def test_each_kind_of_message_is_read_as_what_it_is(services: Services) -> None:
    actor = await manager(services)
    assert await meaning(services, actor, "你好") is Meaning.SMALL_TALK
    assert await meaning(services, actor, "谢谢！") is Meaning.SMALL_TALK
    assert await meaning(services, actor, "准备拜访华能") is Meaning.BRIEFING
    assert await meaning(services, actor, "上周我拜访了哪些客户？") is Meaning.SUMMARY
    hit = await services.interpreter.read(actor, "华能", chat_id=21)
    assert hit.meaning is Meaning.CLIENT and hit.client_id is not None
    several = await services.interpreter.read(actor, "招商银行", chat_id=21)
    assert several.meaning is Meaning.CHOOSE_CLIENT
    assert sorted(h.name for h in several.options) == ["招商银行上海分行", "招商银行南京分行"]
    # no knowledge base in these services: a policy question is told so, not guessed at
    assert await meaning(services, actor, "信誉较差的客户多久要走访一次？") is Meaning.NO_KNOWLEDGE


async def test_another_managers_client_is_not_recognised_by_name(services: Services) -> None:
    actor = await manager(services)
    # Told as /complaints tells it: no client of theirs by that name (not whose it is).
    with pytest.raises(NotFound) as refused:
        await services.interpreter.read(actor, "江苏银行", chat_id=21)
    assert refused.value.code == "error.no_client_named"
    assert refused.value.params == {"query": "江苏银行"}


async def test_another_managers_latin_alias_is_named_by_whole_words_only(
    services: Services,
) -> None:
    actor = await manager(services)
    row = client(6, "南通中远海运川崎船舶工程有限公司", 22)
    await services.clients.upsert_rows(None, [replace(row, aliases=("中远川崎", "NACKS"))])
    # "snacks" holds the letters of NACKS: a question about the forum, not about the client.
    reading = await services.interpreter.read(
        actor, "can we give clients snacks at the customer forum?", chat_id=21
    )
    assert reading.meaning is Meaning.NO_KNOWLEDGE
    with pytest.raises(NotFound) as refused:
        await services.interpreter.read(actor, "what did nacks complain about?", chat_id=21)
    assert refused.value.params == {"query": "nacks"}
    owner = await services.users.resolve_actor(22)
    assert owner is not None  # nor is its owner shown the NACKS card for a question on snacks
    reading = await services.interpreter.read(
        owner, "can we give clients snacks at the customer forum?", chat_id=22
    )
    assert reading.meaning is Meaning.NO_KNOWLEDGE and reading.client_id is None
    named = await services.interpreter.read(owner, "what did NACKS complain about?", chat_id=22)
    assert named.meaning is Meaning.CLIENT_HINT and named.name == row.name


async def test_a_visit_report_naming_its_client_is_drafted_at_once_and_nothing_saved(
    services: Services,
) -> None:
    actor = await manager(services)
    drafted = await services.interpreter.read(
        actor, "今天上午去了华能南京电厂，见了王总，谈了续约", chat_id=21
    )
    assert await went_to_draft(services, actor, drafted, "visit")
    assert drafted.outcome is not None and drafted.outcome.says[0].key == "visit.confirm"
    assert drafted.outcome.says[0].card is not None
    assert drafted.outcome.says[0].card["client_name"] == "华能南京电厂"
    async with services.db.read() as session:
        assert (await session.execute(select(func.count()).select_from(Visit))).scalar_one() == 0
    await services.conversations.cancel(actor)


async def test_a_visit_report_naming_no_client_surely_is_offered_not_saved_and_the_next_message_answers_the_offer(
    services: Services,
) -> None:
    actor = await manager(services)
    offered = await services.interpreter.read(
        actor, "今天上午去了沙钢，见了王总，谈了续约", chat_id=21
    )
    assert offered.meaning is Meaning.OFFER and offered.outcome is not None
    assert offered.outcome.says[0].key == "offer.visit"
    async with services.db.read() as session:
        assert (await session.execute(select(func.count()).select_from(Visit))).scalar_one() == 0
    # While the offer waits, a typed message belongs to it first (a step), not to the rules.
    draft = await services.visits.start(actor, "今天拜访了华能南京电厂，谈了扩容")
    assert draft.says
    assert await meaning(services, actor, "你好") is Meaning.STEP


async def test_an_over_long_question_is_refused_with_its_length(services: Services) -> None:
    actor = await manager(services)
    text = "请问" * (MAX_QUESTION_CHARS // 2 + 1)
    reading = await services.interpreter.read(actor, text, chat_id=21)
    assert reading.meaning is Meaning.TOO_LONG and reading.length == len(text)


async def test_a_question_about_visits_that_names_a_client_is_answered_by_that_clients_card(
    services: Services,
) -> None:
    actor = await manager(services)
    for text in (
        "华能南京电厂最近一次拜访是什么时候？",
        "华能南京电厂逾期了吗？",
        "华能南京电厂有几个投诉？",
    ):
        reading = await services.interpreter.read(actor, text, chat_id=21)
        assert reading.meaning is Meaning.CLIENT_HINT, text
        assert reading.name == "华能南京电厂"
    # without a client's name it stays a question about the asker's numbers
    assert await meaning(services, actor, "我最近一次拜访是什么时候？") is Meaning.SUMMARY
    # another manager's client is not named to this one: no card of it
    other = await services.interpreter.read(actor, "江苏银行最近一次拜访是什么时候？", chat_id=21)
    assert other.client_id is None


async def test_a_complaint_told_in_words_is_offered_when_it_names_a_client_and_is_no_question(
    services: Services,
) -> None:
    actor = await manager(services)
    told = await services.interpreter.read(
        actor, "华能南京电厂昨天停电两小时，客户很生气", chat_id=21
    )
    assert await went_to_draft(
        services, actor, told, "complaint"
    )  # its draft at once: one tap to file
    await services.conversations.cancel(actor)
    # Late deliveries are complained of too: before, "两次配送延误" was filed as nothing.
    late = await services.interpreter.read(
        actor, "华能南京电厂反映上个月有两次配送延误", chat_id=21
    )
    assert await went_to_draft(services, actor, late, "complaint")
    await services.conversations.cancel(actor)
    async with services.db.read() as session:
        assert (
            await session.execute(select(func.count()).select_from(Complaint))
        ).scalar_one() == 0
    for text in (
        "华能南京电厂停电了怎么处理？",
        "停电两小时，客户很生气",
        "华能南京电厂配送延误的投诉时限是多少",  # a question with no question mark
        "华能南京电厂对方同意延期付款",  # a client paying later is no complaint
    ):
        reading = await services.interpreter.read(actor, text, chat_id=21)
        assert reading.meaning is not Meaning.OFFER, text
    with pytest.raises(NotFound):  # another manager's client: not filed, said not to be theirs
        await services.interpreter.read(actor, "江苏银行昨天断网了，客户很不满意", chat_id=21)


async def test_a_complaint_told_with_a_period_is_offered_for_filing_not_counted(
    services: Services,
) -> None:
    """'…本季度第二次投诉' tells of a complaint: not this quarter's complaint figures; a client
    named by part of an alias ('Shagang' of Shagang Group) is named, as in a visit report."""
    actor = await manager(services)
    row = client(6, "江苏沙钢集团有限公司", 21)
    await services.clients.upsert_rows(None, [replace(row, aliases=("沙钢", "Shagang Group"))])
    for text in (
        "华能南京电厂又投诉了，11月发票重复计费，本季度第二次投诉",
        "Shagang complained again: the November invoice double-charged two lines. "
        "Second complaint this quarter.",
    ):
        told = await services.interpreter.read(actor, text, chat_id=21)
        assert await went_to_draft(services, actor, told, "complaint"), text
        await services.conversations.cancel(actor)
    for text in ("本季度投诉有几件？", "complaints this month, by manager", "本月投诉"):
        assert await meaning(services, actor, text) is Meaning.SUMMARY, text


async def test_a_visit_report_offers_a_complaint_too_only_when_it_tells_of_a_new_one(
    services: Services,
) -> None:
    actor = await manager(services)
    told = await services.interpreter.read(
        actor, "昨天去了华能南京电厂，客户投诉专线上周又断网了，很不满意", chat_id=21
    )
    assert told.outcome is not None and told.outcome.says[0].key == "offer.visit_and_complaint"
    await services.conversations.cancel(actor)
    for text in (
        "今天拜访了华能南京电厂，回访了上次的投诉，客户表示满意",
        "昨天拜访华能南京电厂，客户对服务很满意，没有投诉",
    ):
        drafted = await services.interpreter.read(actor, text, chat_id=21)
        assert await went_to_draft(services, actor, drafted, "visit"), text
        await services.conversations.cancel(actor)


async def test_a_visit_report_telling_of_discontent_in_other_words_offers_the_complaint(
    services: Services,
) -> None:
    """Refunds, a threat to leave, 不太满意 and English discontent were read as a plain visit: the
    complaint went unfiled. A report that only names the complaint procedure is a plain visit
    (it offered to file one)."""
    actor = await manager(services)
    for text in (
        "昨天去了华能南京电厂，客户要求退款",
        "昨天去了华能南京电厂，客户说再这样就换运营商",
        "昨天去了华能南京电厂，张总说考虑换供应商",
        "昨天去了华能南京电厂，客户对上季度的服务不太满意",
        "昨天去了华能南京电厂，客户很满意，但抱怨账单太复杂",
        "Visited 华能南京电厂 yesterday, the client asked for a refund",
        "Visited 华能南京电厂 yesterday, they are threatening to switch to another carrier",
        "Visited 华能南京电厂 yesterday, they are dissatisfied with our response time",
    ):
        told = await services.interpreter.read(actor, text, chat_id=21)
        assert told.outcome is not None, text
        assert told.outcome.says[0].key == "offer.visit_and_complaint", text
        await services.conversations.cancel(actor)
    for text in (
        "昨天去了华能南京电厂，和张总讨论了投诉流程的优化",
        "今天拜访了华能南京电厂，介绍了我们的投诉渠道",
        "Visited 华能南京电厂 yesterday, we discussed the complaint handling process",
        "Visited 华能南京电厂 yesterday, followed up on last month's complaint; they are satisfied",
    ):
        drafted = await services.interpreter.read(actor, text, chat_id=21)
        assert await went_to_draft(services, actor, drafted, "visit"), text
        await services.conversations.cancel(actor)


async def test_a_question_naming_a_client_by_a_word_of_its_english_alias_gets_its_card(
    services: Services,
) -> None:
    # "who is my contact at Shagang?" was searched in the handbook (the alias is "Shagang Group").
    actor = await manager(services)
    await services.clients.upsert_rows(None, [
        replace(client(6, "江苏沙钢集团有限公司", 21), aliases=("沙钢", "Shagang Group")),
        replace(client(7, "浙大一院", 21), aliases=("First Affiliated Hospital",)),
        replace(client(8, "宝钢股份", 22), aliases=("Baosteel",)),
    ])  # fmt: skip
    for text in ("who is my contact at Shagang?", "Shagang contacts"):
        reading = await services.interpreter.read(actor, text, chat_id=21)
        assert reading.meaning is Meaning.CLIENT_HINT, text
        assert reading.name == "江苏沙钢集团有限公司", text
    # A lower-case word is no name; another manager's client is not shown.
    reading = await services.interpreter.read(
        actor, "do key accounts get goods first when stock is short?", chat_id=21
    )
    assert reading.meaning is not Meaning.CLIENT_HINT and reading.client_id is None
    with pytest.raises(NotFound) as refused:
        await services.interpreter.read(actor, "who is my contact at Baosteel?", chat_id=21)
    assert refused.value.params == {"query": "Baosteel"}


async def test_a_complaint_naming_a_client_by_a_short_form_two_clients_share_is_still_offered(
    services: Services,
) -> None:
    """'交行的专线…断了' was answered "在公司文件中没有找到相关内容": 交行 could be 交通银行 or
    上海交通大学, so no client was sure and the complaint went to the handbook."""
    actor = await manager(services)
    await services.clients.upsert_rows(None, [
        replace(client(7, "交通银行上海市分行", 21), aliases=("交通银行", "交行上海分行")),
        replace(client(8, "上海交通大学闵行校区", 21), aliases=("上海交大", "交大闵行")),
    ])  # fmt: skip
    told = await services.interpreter.read(
        actor, "交行的专线前天下午又断了两个小时，行长很生气，要求赔偿", chat_id=21
    )
    assert told.meaning is Meaning.OFFER and told.outcome is not None
    assert told.outcome.says[0].key == "offer.complaint"
    # Filing it asks which client is meant, the bank first.
    state = await services.conversations.store.get(actor.user_id)
    assert state is not None
    asked = await services.conversations.on_choice(actor, state.token, "yes")
    labels = [c.label for say in asked.says for row in say.choices for c in row if c.label]
    assert labels[:2] == ["交通银行上海市分行", "上海交通大学闵行校区"], asked


async def test_a_client_calling_in_a_fault_is_offered_as_a_complaint_not_a_visit(
    services: Services,
) -> None:
    """'宁波银行今天上午打电话来，说分行专线从9点就断了，非常紧急' was offered as a visit report:
    the client called in a fault, a complaint to file. A visit telling of a fault fixed stays a
    visit, a question a question, a call of the manager's with a complaint a visit and complaint."""
    actor = await manager(services)
    for text in (
        "华能南京电厂今天上午打电话来，说厂区专线从9点就断了，非常紧急",
        "华能南京电厂called this morning, their dedicated line has been down since 9am, very urgent",
        "华能南京电厂来电投诉，账单重复扣费",
        "刚接到华能南京电厂的电话，说账单重复扣费",
    ):
        told = await services.interpreter.read(actor, text, chat_id=21)
        assert await went_to_draft(services, actor, told, "complaint"), text
        await services.conversations.cancel(actor)
    # No client named: offered (the card would ask which), not a visit.
    told = await services.interpreter.read(
        actor, "The client rang to complain about a double charge", chat_id=21
    )
    assert told.meaning is Meaning.OFFER and told.outcome is not None
    assert told.outcome.says[0].key == "offer.complaint"
    await services.conversations.cancel(actor)
    drafted = await services.interpreter.read(
        actor, "去了华能南京电厂，上次断网已修复，客户满意", chat_id=21
    )
    assert await went_to_draft(services, actor, drafted, "visit")
    await services.conversations.cancel(actor)
    for text, key in (
        ("今天给华能南京电厂打了电话，客户说专线又断网了，很不满意", "offer.visit_and_complaint"),
        ("今天拜访了华能南京电厂，张总说昨天有用户打电话来投诉断网", "offer.visit_and_complaint"),
    ):
        offered = await services.interpreter.read(actor, text, chat_id=21)
        assert offered.outcome is not None and offered.outcome.says[0].key == key, text
        await services.conversations.cancel(actor)
    assert await meaning(services, actor, "专线断了怎么处理？") is not Meaning.OFFER
    with pytest.raises(NotFound):  # another manager's client: refused, not offered
        await services.interpreter.read(actor, "江苏银行打电话来，说专线从9点就断了", chat_id=21)
