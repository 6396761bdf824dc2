"""The assistant in-process: a scripted chat model drives the real agent over the real services on
SQLite and PostgreSQL. Tools run as the user; nothing is written before the user's button."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from services.assistant.agent import AssistantUnavailable
from services.assistant.briefing import Briefing, briefing_request
from services.bootstrap import Services, bootstrap
from services.domain import Actor
from services.storage.models import Complaint, Visit
from tests.assistant_fakes import SECRET, ZHANG, ScriptedChatModel, call, says, seed
from tests.fakes import FakeClock


@pytest.fixture
async def env(database_url: str) -> AsyncIterator[tuple[Services, ScriptedChatModel, Actor]]:
    model = ScriptedChatModel(script=[says("好的。")])
    services = await bootstrap(
        database_url=database_url, clock=FakeClock(), chat_model=model, assistant_timeout=5
    )
    try:
        zhang, _ = await seed(services)
        yield services, model, zhang
    finally:
        await services.close()


async def count(services: Services, model: type) -> int:
    async with services.db.read() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_a_question_about_own_visits_is_answered_through_the_tools_as_the_user(
    env: tuple[Services, ScriptedChatModel, Actor],
) -> None:
    services, model, zhang = env
    model.script = [
        says("", call("recent_visits", client="华能", limit=3)),
        says("最近两次拜访华能：11月2日谈了二期扩容；10月12日介绍了新变压器方案。"),
    ]
    answer = await services.assistant.ask(zhang, ZHANG, "华能最近三次拜访都谈了什么？")
    assert "二期扩容" in answer.text and answer.model_calls == 2
    tool_result = model.seen[1][-1]
    assert "谈了二期扩容" in str(tool_result.content) and "<<<DATA>>>" in str(tool_result.content)
    bound = {t["function"]["name"] for t in model.bound_tools}
    assert bound >= {"recent_visits", "draft_visit", "move_ticket"}


async def test_another_managers_data_never_reaches_the_model_whatever_it_asks_for(
    env: tuple[Services, ScriptedChatModel, Actor],
) -> None:
    services, model, zhang = env
    model.script = [
        says("", call("client_card", client="华润万家"), call("recent_visits", client="华润万家"),
             call("list_clients"), call("open_complaints"), call("find_client", name="华润"),
             call("client_briefing", client="华润万家"), call("search_documents", query="华润万家")),
        says("没有找到。"),
    ]  # fmt: skip
    answer = await services.assistant.ask(zhang, ZHANG, "把华润万家的备注和拜访记录给我")
    assert answer.text == "没有找到。"
    assert SECRET not in model.prompt_text()
    for request in model.seen:
        for message in request[1:]:
            if message.type == "tool":
                assert SECRET not in str(message.content)
                assert "华润万家" not in str(message.content)


async def test_a_drafted_visit_is_saved_only_by_the_confirm_button(
    env: tuple[Services, ScriptedChatModel, Actor],
) -> None:
    services, model, zhang = env
    model.script = [
        says("", call("draft_visit", client="华能", visited_on="2026-11-23", kind="on_site",
                      people=[{"name": "王强", "title": "采购总监"}],
                      summary="谈了增容报价", next_step="周五前发方案", follow_up_on="2026-11-28")),
        says("已为你准备好走访记录，请确认。"),
    ]  # fmt: skip
    answer = await services.assistant.ask(zhang, ZHANG, "今天去了华能，见了王强，谈了增容报价")
    assert await count(services, Visit) == 3  # the seeded ones only: nothing saved yet
    [outcome] = answer.outcomes
    card = outcome.says[-1]
    assert card.key == "visit.confirm" and card.card is not None
    assert card.card["client_name"] == "华能南京电厂" and card.card["follow_up_on"] == "2026-11-28"
    assert card.token is not None
    done = await services.conversations.on_choice(zhang, card.token, "ok")
    assert done.says[0].key == "visit.saved"
    assert await count(services, Visit) == 4
    again = await services.conversations.on_choice(zhang, card.token, "ok")
    assert again.says[0].key == "visit.saved" and await count(services, Visit) == 4


async def test_a_model_that_claims_a_write_writes_nothing(
    env: tuple[Services, ScriptedChatModel, Actor],
) -> None:
    services, model, zhang = env
    model.script = [
        says("", call("draft_complaint", client="华能", description="断网两小时", severity="high"),
             call("move_ticket", ticket_id=1, action="resolve"),
             call("snooze_reminder", reminder_id=1, days=7)),
        says("已保存投诉并关闭工单。"),
    ]  # fmt: skip
    answer = await services.assistant.ask(zhang, ZHANG, "记一个投诉然后直接关掉")
    assert await count(services, Complaint) == 0
    keys = [s.key for s in answer.outcomes[0].says]
    assert keys == ["complaint.ask_received_by"]  # category read from "断网", severity given
    state = await services.conversations.store.get(zhang.user_id)
    assert state is not None and state.kind == "complaint"
    assert state.data["category"] == "product_quality" and state.data["severity"] == "high"
    assert answer.proposals == ()  # no such ticket or reminder of this user: nothing offered


async def test_a_visit_drafted_for_a_client_the_user_may_not_see_names_no_client(
    env: tuple[Services, ScriptedChatModel, Actor],
) -> None:
    services, model, zhang = env
    model.script = [says("", call("draft_visit", client="华润万家", summary="聊了合作")), says("")]
    answer = await services.assistant.ask(zhang, ZHANG, "记录拜访华润万家")
    says_ = answer.outcomes[0].says
    assert all((s.card or {}).get("client_name") != "华润万家" for s in says_)
    assert all("华润万家" not in str(c.label) for s in says_ for row in s.choices for c in row)


async def test_a_failing_or_looping_model_raises_unavailable_and_leaves_no_draft(
    env: tuple[Services, ScriptedChatModel, Actor],
) -> None:
    services, model, zhang = env
    model.script = [says("", call("draft_visit", client="华能", summary="谈了报价"))]  # forever
    with pytest.raises(AssistantUnavailable):
        await services.assistant.ask(zhang, ZHANG, "记录拜访")
    assert await services.conversations.store.get(zhang.user_id) is None
    assert await count(services, Visit) == 3


async def test_memory_carries_a_follow_up_and_is_bounded_and_cleared(
    env: tuple[Services, ScriptedChatModel, Actor],
) -> None:
    services, model, zhang = env
    model.script = [says("本月你还没有拜访记录。")]
    await services.assistant.ask(zhang, ZHANG, "我这个月拜访了几次？")
    model.script = [says("上个月你有拜访记录。")]
    await services.assistant.ask(zhang, ZHANG, "那上个月呢？")
    last = model.seen[-1]
    assert [m.content for m in last[1:]] == [
        "我这个月拜访了几次？",
        "本月你还没有拜访记录。",
        "那上个月呢？",
    ]
    for n in range(10):
        await services.assistant.ask(zhang, ZHANG, f"问题{n}")
    assert len(await services.assistant.memory.recall(zhang.user_id, ZHANG)) == 12
    assert await services.assistant.memory.forget(zhang.user_id, ZHANG) == 12
    await services.assistant.ask(zhang, ZHANG, "新问题")
    assert [m.content for m in model.seen[-1][1:]] == ["新问题"]


async def test_a_briefing_without_a_model_has_cadence_visits_follow_ups_and_sources(
    database_url: str,
) -> None:
    clock = FakeClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
    services = await bootstrap(database_url=database_url, clock=clock)
    try:
        zhang, li = await seed(services)
        assert not services.assistant.available
        found = await services.briefing.find(zhang, "华能")
        assert isinstance(found, Briefing)
        assert found.card.name == "华能南京电厂"
        assert [v.visited_on for v in found.visits] == [date(2026, 11, 2), date(2026, 10, 12)]
        assert found.visits[0].follow_up_open and not found.visits[1].follow_up_open
        assert found.interval_days > 0 and found.next_due > found.today
        assert await services.briefing.find(li, "华能") is None  # not Li's client
    finally:
        await services.close()


@pytest.mark.parametrize(
    ("text", "name"),
    [("准备拜访华能", "华能"), ("帮我准备一下拜访华能电厂。", "华能电厂"),
     ("拜访华能前的准备", "华能"), ("brief me on Huaneng", "Huaneng"),
     ("Prepare for the visit to China Mobile", "China Mobile"), ("华能最近怎么样", None),
     ("本周拜访了几个客户", None)],
)  # fmt: skip
def test_briefing_requests_are_recognised_in_chinese_and_english(
    text: str, name: str | None
) -> None:
    assert briefing_request(text) == name
