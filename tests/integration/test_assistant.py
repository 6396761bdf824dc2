"""The assistant in-process: a scripted chat model drives the real agent over the real services on
SQLite and PostgreSQL. Tools run as the user; nothing is written before the user's button."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from knowledge.llm import make_chat_model
from services.assistant.agent import AssistantUnavailable
from services.assistant.briefing import Briefing, briefing_request
from services.bootstrap import Services, bootstrap
from services.domain import Actor
from services.interpret import Meaning
from services.storage.models import Complaint, Reminder, Visit
from services.update_ledger import HANDLING, Handling
from tests.assistant_fakes import (
    SECRET,
    ZHANG,
    FakeOpenAI,
    Reply,
    ScriptedChatModel,
    call,
    says,
    seed,
)
from tests.fakes import FakeClock
from tests.knowledge.conftest import HANDBOOK, open_kb


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


async def checkpoint_rows(services: Services) -> int:
    async with services.db.read() as session:
        return int((await session.execute(text("SELECT count(*) FROM checkpoints"))).scalar_one())


async def open_ticket(services: Services, zhang: Actor) -> int:
    now = services.clock.now()
    hit = (await services.clients.search(zhang, "华能南京电厂"))[0]
    async with services.db.write() as uow:
        ticket = Complaint(
            draft_id="seed-ticket", client_id=hit.id, owner_id=zhang.user_id,
            recorded_by_id=zhang.user_id, category="service", severity="high",
            description="断网两小时", status="open", received_at=now, first_response_due=now,
            resolution_due=now, created_at=now, updated_at=now,
        )  # fmt: skip
        uow.session.add(ticket)
        await uow.commit()
        return ticket.id


async def ticket_status(services: Services, ticket_id: int) -> str:
    async with services.db.read() as session:
        row = await session.execute(select(Complaint.status).where(Complaint.id == ticket_id))
        return str(row.scalar_one())


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
    answer = await services.assistant.ask(
        zhang, ZHANG, "今天去了华能，见了采购总监王强，谈了增容报价，周五前发方案，11月28日跟进"
    )
    assert await count(services, Visit) == 3  # the seeded ones only: nothing saved yet
    assert answer.model_calls == 1  # the graph waits for the button: the model is not asked again
    [outcome] = answer.outcomes
    card = outcome.says[-1]
    assert card.key == "visit.confirm" and card.card is not None
    assert card.card["client_name"] == "华能南京电厂" and card.card["follow_up_on"] == "2026-11-28"
    assert card.token is not None
    [waiting] = await services.assistant.waiting(zhang, ZHANG)
    assert waiting["kind"] == "visit" and waiting["label"] == "华能南京电厂"
    done = await services.assistant.decide(zhang, ZHANG, card.token, approve=True)
    assert done is not None and done.outcomes[0].says[0].key == "visit.saved"
    assert await count(services, Visit) == 4
    assert len(model.seen) == 1  # the write needed no model call either
    # A second tap: the graph waits on nothing now; the card's own button says it is saved.
    assert await services.assistant.decide(zhang, ZHANG, card.token, approve=True) is None
    again = await services.conversations.on_choice(zhang, card.token, "ok")
    assert again.says[0].key == "visit.saved" and await count(services, Visit) == 4
    assert again.says[0].params["id"] == done.outcomes[0].says[0].params["id"]


async def test_a_pending_confirmation_survives_a_restart_and_cancel_writes_nothing(
    database_url: str,
) -> None:
    model = ScriptedChatModel(script=[says("", call("draft_complaint", client="华能",
                                                    description="断网两小时", severity="high"))])  # fmt: skip
    first = await bootstrap(database_url=database_url, clock=FakeClock(), chat_model=model)
    try:
        zhang, _ = await seed(first)
        answer = await first.assistant.ask(zhang, ZHANG, "华能投诉断网两小时")
        token = next(s.token for s in answer.outcomes[0].says if s.token)
    finally:
        await first.close()
    again = await bootstrap(database_url=database_url, clock=FakeClock(), chat_model=model)
    try:
        [waiting] = await again.assistant.waiting(zhang, ZHANG)
        assert waiting == {"key": token, "kind": "complaint", "label": "华能南京电厂"}
        other = await again.assistant.decide(zhang, ZHANG + 1, token, approve=True)
        assert other is None  # another chat's button resumes nothing
        cancelled = await again.assistant.decide(zhang, ZHANG, token, approve=False)
        assert cancelled is not None and cancelled.outcomes[0].says[0].key == "cancel.done"
        assert await count(again, Complaint) == 0
        assert await again.assistant.waiting(zhang, ZHANG) == []
        assert await again.conversations.store.get(zhang.user_id) is None
        late = await again.conversations.on_choice(zhang, token, "ok")
        assert late.says[0].key == "button.stale" and await count(again, Complaint) == 0
    finally:
        await again.close()


async def test_a_ticket_change_waits_for_the_button_and_happens_once(
    env: tuple[Services, ScriptedChatModel, Actor],
) -> None:
    services, model, zhang = env
    ticket_id = await open_ticket(services, zhang)
    model.script = [says("", call("move_ticket", ticket_id=ticket_id, action="respond")),
                    says("已标记。")]  # fmt: skip
    answer = await services.assistant.ask(zhang, ZHANG, f"工单 {ticket_id} 我已经联系客户了")
    [proposal] = answer.proposals
    assert proposal.label == "华能南京电厂" and await ticket_status(services, ticket_id) == "open"
    done = await services.assistant.decide(zhang, ZHANG, proposal.key, approve=True)
    assert done is not None and await ticket_status(services, ticket_id) == "responded"
    assert await services.assistant.decide(zhang, ZHANG, proposal.key, approve=True) is None
    # The model offers it again: the service says it is done already, nothing changes twice.
    model.script = [says("", call("move_ticket", ticket_id=ticket_id, action="resolve"))]
    answer = await services.assistant.ask(zhang, ZHANG, "那就关掉吧")
    [proposal] = answer.proposals
    dropped = await services.assistant.decide(zhang, ZHANG, proposal.key, approve=False)
    assert dropped is not None and dropped.outcomes[0].says[0].key == "assistant.dismissed"
    assert await ticket_status(services, ticket_id) == "responded"


async def test_a_new_question_withdraws_the_card_the_graph_waited_on(
    env: tuple[Services, ScriptedChatModel, Actor],
) -> None:
    services, model, zhang = env
    model.script = [says("", call("draft_visit", client="苏州移动", summary="续签专线合同"))]
    answer = await services.assistant.ask(zhang, ZHANG, "去了苏州移动谈续签")
    token = next(s.token for s in answer.outcomes[0].says if s.token)
    assert token is not None
    model.script = [says("你的客户都在名单里。")]
    await services.assistant.ask(zhang, ZHANG, "我有几个客户？")
    assert await services.assistant.decide(zhang, ZHANG, token, approve=True) is None
    stale = await services.conversations.on_choice(zhang, token, "ok")
    assert stale.says[0].key == "button.stale" and await count(services, Visit) == 3


async def test_a_model_that_claims_a_write_writes_nothing(
    env: tuple[Services, ScriptedChatModel, Actor],
) -> None:
    services, model, zhang = env
    model.script = [
        says("", call("draft_complaint", client="华能", description="专线掉线两小时", severity="high"),
             call("move_ticket", ticket_id=1, action="resolve"),
             call("snooze_reminder", reminder_id=1, days=7)),
        says("已保存投诉并关闭工单。"),
    ]  # fmt: skip
    answer = await services.assistant.ask(zhang, ZHANG, "记一个投诉然后直接关掉")
    assert await count(services, Complaint) == 0
    keys = [s.key for s in answer.outcomes[0].says]
    assert keys == ["complaint.ask_received_by"]  # category read from "掉线", severity given
    state = await services.conversations.store.get(zhang.user_id)
    assert state is not None and state.kind == "complaint"
    assert state.data["category"] == "product_quality" and state.data["severity"] == "high"
    # No ticket 1 is Zhang's: none offered. Reminder 1 is his own follow-up (listing the pending
    # ones makes it due): offered with its client named, and waiting, unchanged, for his button.
    assert [(p.kind, p.target_id, p.label) for p in answer.proposals] == [
        ("snooze", 1, "华能南京电厂")
    ]
    waiting = await services.assistant.waiting(zhang, ZHANG)
    assert {w["kind"] for w in waiting} == {"complaint", "snooze"}
    assert await snoozes(services) == 0
    [offer] = answer.proposals
    done = await services.assistant.decide(zhang, ZHANG, offer.key, approve=True, choice="3")
    assert done is not None and done.outcomes[0].says[0].key == "rem.snoozed"
    assert await snoozes(services) == 1  # by the button, once; the complaint still waits
    assert {w["kind"] for w in await services.assistant.waiting(zhang, ZHANG)} == {"complaint"}
    assert await services.assistant.decide(zhang, ZHANG, offer.key, approve=True) is None


async def snoozes(services: Services) -> int:
    async with services.db.read() as session:
        row = await session.execute(select(Reminder.snoozed).where(Reminder.id == 1))
        return int(row.scalar_one())


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
    model.script = [says("", call("find_client", name="华能"))]  # forever
    with pytest.raises(AssistantUnavailable):
        await services.assistant.ask(zhang, ZHANG, "华能是谁的客户")
    assert len(model.seen) == 6  # MAX_STEPS model calls, then the rules take over
    assert await services.conversations.store.get(zhang.user_id) is None
    assert await count(services, Visit) == 3
    # The failed turn is not remembered: the next question starts clean.
    model.script = [says("好的。")]
    await services.assistant.ask(zhang, ZHANG, "算了")
    assert [m.content for m in model.seen[-1][1:]] == ["算了"]


async def test_memory_carries_a_follow_up_and_is_bounded_and_cleared(
    env: tuple[Services, ScriptedChatModel, Actor],
) -> None:
    services, model, zhang = env
    model.script = [says("本月你还没有拜访记录。")]
    await services.assistant.ask(zhang, ZHANG, "我这个月拜访了几次？")
    model.script = [says("", call("recent_visits", client="华能")), says("上个月你有拜访记录。")]
    await services.assistant.ask(zhang, ZHANG, "那上个月呢？")
    last = model.seen[-1]
    assert [m.content for m in last[1:3]] == ["我这个月拜访了几次？", "本月你还没有拜访记录。"]
    model.script = [says("好的。")]
    await services.assistant.ask(zhang, ZHANG, "谢谢")
    # Remembered as questions and answers: the tool calls and results were that turn's only.
    assert [m.content for m in model.seen[-1][1:]] == [
        "我这个月拜访了几次？", "本月你还没有拜访记录。", "那上个月呢？", "上个月你有拜访记录。", "谢谢",
    ]  # fmt: skip
    for n in range(10):
        await services.assistant.ask(zhang, ZHANG, f"问题{n}")
    assert len(model.seen[-1]) == 1 + 12 + 1  # the system prompt, six pairs, the question
    assert model.seen[-1][1].content == "问题3"
    assert await checkpoint_rows(services) == 1  # on disk too: the latest state only
    assert await services.assistant.forget(zhang, ZHANG) is True
    assert await checkpoint_rows(services) == 0
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


async def test_a_turn_that_times_out_while_its_card_is_made_leaves_no_hidden_draft(
    env: tuple[Services, ScriptedChatModel, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The draft was stored, then the turn ran out of time before the tool handed its card back:
    # the user saw no card, yet their next message went to that hidden draft's step.
    import asyncio

    services, model, zhang = env
    model.script = [says("", call("draft_visit", client="华能", summary="谈了增容报价"))]
    made = services.visits.start_prepared

    async def slow(*args: object, **kwargs: object) -> object:
        outcome = await made(*args, **kwargs)  # type: ignore[arg-type]
        await asyncio.sleep(5)
        return outcome

    monkeypatch.setattr(services.visits, "start_prepared", slow)
    monkeypatch.setattr(services.assistant, "_timeout", 0.5)
    with pytest.raises(AssistantUnavailable):
        await services.assistant.ask(zhang, ZHANG, "记一下：去华能谈了增容报价")
    assert await services.conversations.store.get(zhang.user_id) is None
    assert await count(services, Visit) == 3


async def test_a_question_handled_again_after_a_kill_is_remembered_once(
    env: tuple[Services, ScriptedChatModel, Actor], database_url: str
) -> None:
    """The process answered and kept the turn, then died before the update was marked done: the
    next process handles the update again (bot.inbox). Its question replaces the earlier turn
    instead of being remembered twice."""
    services, model, zhang = env
    model.script = [says("本月你还没有拜访记录。")]
    await services.assistant.ask(zhang, ZHANG, "我这个月拜访了几次？")
    model.script = [says("没有找到下次拜访的安排。")]
    first = HANDLING.set(Handling("7:42", again=False))
    try:
        await services.assistant.ask(zhang, ZHANG, "华能下次什么时候去？")
    finally:
        HANDLING.reset(first)
    await services.close()  # killed before update 7:42 was marked done

    again = ScriptedChatModel(script=[says("我没有找到相关记录。")])
    restarted = await bootstrap(
        database_url=database_url, clock=FakeClock(), chat_model=again, assistant_timeout=5
    )
    try:
        replay = HANDLING.set(Handling("7:42", again=True))
        try:
            answer = await restarted.assistant.ask(zhang, ZHANG, "华能下次什么时候去？")
        finally:
            HANDLING.reset(replay)
        assert answer.text == "我没有找到相关记录。"
        # Asked again with the memory as before the update: its first turn is not in it.
        assert [m.content for m in again.seen[-1][1:]] == [
            "我这个月拜访了几次？", "本月你还没有拜访记录。", "华能下次什么时候去？",
        ]  # fmt: skip
        again.script = [says("好的。")]
        await restarted.assistant.ask(zhang, ZHANG, "谢谢")
        assert [m.content for m in again.seen[-1][1:]] == [
            "我这个月拜访了几次？", "本月你还没有拜访记录。",
            "华能下次什么时候去？", "我没有找到相关记录。", "谢谢",
        ]  # fmt: skip
    finally:
        await restarted.close()


async def test_a_model_that_just_timed_out_is_not_waited_on_again_for_the_documents_answer(
    sqlite_url: str, tmp_path: Path
) -> None:
    llm = FakeOpenAI()
    await llm.start()
    llm.default = Reply(content="信誉评价较差的客户至少每月走访一次 [1]。", delay=3)  # hangs
    kb = open_kb(tmp_path / "kb", llm_base_url=llm.url, llm_model="m", llm_timeout=1.0)
    kb.ingest_bytes("handbook.md", HANDBOOK.encode())
    services = await bootstrap(
        database_url=sqlite_url, clock=FakeClock(), knowledge_base=kb, assistant_timeout=1,
        chat_model=make_chat_model(llm.url, "m", None, 1.0),
    )  # fmt: skip
    try:
        zhang, _ = await seed(services)
        question = "信誉评价较差的客户多久走访一次？"
        reading = await services.interpreter.read(zhang, question, chat_id=ZHANG)
        assert reading.model_failed and reading.meaning is Meaning.QUESTION
        # The documents answer at once, by their own words: the user waited one timeout, not two.
        answer = await services.ask.answer(zhang, question)
        assert answer is not None and not answer.used_llm and "每月走访一次" in answer.text
        assert len(llm.requests) == 1
        # While the model rests, a question goes to the documents without asking it either.
        reading = await services.interpreter.read(zhang, "投诉多久要回访？", chat_id=ZHANG)
        answer = await services.ask.answer(zhang, "投诉多久要回访？")
        assert answer is not None and not answer.used_llm and len(llm.requests) == 1
    finally:
        await services.close()
        kb.close()
        await llm.stop()
