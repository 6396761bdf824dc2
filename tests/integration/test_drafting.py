"""Drafts from free text read by a scripted chat model (structured output by a function call, as
langchain's own chat models do it) over the real services on SQLite and PostgreSQL: what the model
read is checked against the user's words and the matching rule, and the rules read the text when
the model fails, times out or returns something that does not hold up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult
from sqlalchemy import func, select

from services.assistant.agent import AnswerUnsupported
from services.bootstrap import Services, bootstrap
from services.domain import Actor
from services.outcome import Outcome, Say
from services.storage.models import Complaint, Visit
from tests.assistant_fakes import SECRET, ZHANG, ScriptedChatModel, call, client, says, seed
from tests.fakes import FakeClock

SEEDED_VISITS = 3


class DownChatModel(ScriptedChatModel):
    """A model whose server does not answer: every call fails as a timeout would."""

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.seen.append(list(messages))
        raise TimeoutError("the model did not answer")


Env = tuple[Services, ScriptedChatModel, Actor, FakeClock]


async def _env(database_url: str, model: ScriptedChatModel | None) -> AsyncIterator[Env]:
    clock = FakeClock()  # Monday 2026-11-23, 10:00 in Shanghai
    services = await bootstrap(
        database_url=database_url, clock=clock, chat_model=model, assistant_timeout=5,
        structured_output="function_calling",
    )  # fmt: skip
    try:
        zhang, _ = await seed(services)
        yield services, model or ScriptedChatModel(script=[says("")]), zhang, clock
    finally:
        await services.close()


@pytest.fixture
async def env(database_url: str) -> AsyncIterator[Env]:
    async for running in _env(database_url, ScriptedChatModel(script=[says("")])):
        yield running


@pytest.fixture
async def down(database_url: str) -> AsyncIterator[Env]:
    async for running in _env(database_url, DownChatModel(script=[says("")])):
        yield running


async def count(services: Services, model: type) -> int:
    async with services.db.read() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


def card_of(outcome: Outcome) -> Say:
    [card] = [s for s in outcome.says if s.card is not None]
    return card


def keys(outcome: Outcome) -> list[str]:
    return [s.key for s in outcome.says]


async def test_a_visit_read_by_the_model_becomes_the_usual_card_and_only_the_button_saves_it(
    env: Env,
) -> None:
    services, model, zhang, _ = env
    model.script = [says("", call(
        "VisitDraft", client="华能", visited_on="2026-11-22", kind="on_site",
        people=[{"name": "王强", "title": "采购总监"}], summary="谈了续约和增容报价",
        next_step="周五前发方案", follow_up_on="2026-11-27"))]  # fmt: skip
    text = "昨天去了华能，见了采购总监王强，谈了续约和增容报价，周五前发方案"
    outcome = await services.drafts.visit(zhang, text)
    card = card_of(outcome)
    assert card.key == "visit.confirm" and "drafts.by_rules" not in keys(outcome)
    assert card.card is not None
    assert card.card["client_name"] == "华能南京电厂" and card.card["visited_on"] == "2026-11-22"
    assert card.card["people"] == [{"name": "王强", "title": "采购总监"}]
    assert card.card["summary"] == "谈了续约和增容报价"
    assert card.card["follow_up_on"] == "2026-11-27"
    # The model was given the user's words and today's date, nothing of the database.
    [request] = model.seen
    sent = " ".join(str(m.content) for m in request)
    assert text in sent and "2026-11-23" in sent and "华能南京电厂" not in sent
    assert await count(services, Visit) == SEEDED_VISITS
    assert card.token is not None
    saved = await services.conversations.on_choice(zhang, card.token, "ok")
    assert saved.says[0].key == "visit.saved"
    assert await count(services, Visit) == SEEDED_VISITS + 1


async def test_dates_the_rules_read_are_the_rules_not_the_models(env: Env) -> None:
    services, model, zhang, _ = env
    # "昨天" is 2026-11-22 by the bot's clock; a model with another idea of today is not believed.
    model.script = [says("", call("VisitDraft", client="华能", visited_on="2026-11-20",
                                  summary="谈了续约"))]  # fmt: skip
    card = card_of(await services.drafts.visit(zhang, "昨天拜访华能，谈了续约"))
    assert card.card is not None and card.card["visited_on"] == "2026-11-22"


async def test_a_future_date_from_the_model_is_asked_again(env: Env) -> None:
    services, model, zhang, _ = env
    model.script = [says("", call("VisitDraft", client="华能", visited_on="2026-12-01",
                                  summary="谈了续约"))]  # fmt: skip
    outcome = await services.drafts.visit(zhang, "拜访华能，12月1日谈了续约")
    assert keys(outcome)[:2] == ["visit.date_future", "visit.ask_when"]
    assert outcome.says[0].params == {"date": "2026-12-01"}


async def test_a_date_the_user_never_gave_is_asked_not_taken_from_the_model(env: Env) -> None:
    # The card said the visit was on a day the model chose: the user had named none.
    services, model, zhang, _ = env
    model.script = [says("", call("VisitDraft", client="华能", visited_on="2026-11-20",
                                  summary="谈了续约", follow_up_on="2026-11-30"))]  # fmt: skip
    outcome = await services.drafts.visit(zhang, "拜访华能，谈了续约")
    assert keys(outcome)[0] == "visit.ask_when"
    assert "2026-11-20" not in str(outcome) and "2026-11-30" not in str(outcome)


async def test_a_name_several_clients_share_gets_the_did_you_mean_buttons(env: Env) -> None:
    services, model, zhang, _ = env
    await services.clients.upsert_rows(None, [client(5, "华能扬州电厂", ZHANG)])
    model.script = [says("", call("VisitDraft", client="电厂", summary="谈了检修计划"))]
    outcome = await services.drafts.visit(zhang, "今天去电厂谈了检修计划")
    [ask] = outcome.says
    assert ask.key == "visit.ask_client_pick" and ask.params == {"query": "电厂"}
    labels = {c.label for row in ask.choices for c in row if c.label}
    assert labels == {"华能南京电厂", "华能扬州电厂"}


async def test_a_client_the_user_did_not_write_is_not_believed_and_the_rules_read_it(
    env: Env,
) -> None:
    services, model, zhang, _ = env
    model.script = [says("", call("VisitDraft", client="华能", summary="谈了续签专线合同"))]
    outcome = await services.drafts.visit(zhang, "今天去了苏州移动，谈了续签专线合同")
    assert outcome.says[0].key == "drafts.by_rules"
    card = card_of(outcome)
    assert card.card is not None and card.card["client_name"] == "中国移动苏州分公司"


async def test_a_figure_the_user_did_not_write_is_not_believed(env: Env) -> None:
    services, model, zhang, _ = env
    model.script = [says("", call("VisitDraft", client="华能", summary="报价 150 万，客户同意"))]
    outcome = await services.drafts.visit(zhang, "今天拜访华能，报价120万，客户同意")
    assert outcome.says[0].key == "drafts.by_rules"
    state = await services.conversations.store.get(zhang.user_id)
    assert state is not None and state.data["client_name"] == "华能南京电厂"
    assert "150" not in str(state.data) and "120万" in str(state.data)


async def test_people_the_user_did_not_name_are_left_off_the_card(env: Env) -> None:
    services, model, zhang, _ = env
    model.script = [says("", call("VisitDraft", client="华能", summary="谈了续约",
                                  people=[{"name": "王强", "title": "总经理"},
                                          {"name": "赵六", "title": None}]))]  # fmt: skip
    card = card_of(await services.drafts.visit(zhang, "今天拜访华能，见了王强，谈了续约"))
    assert card.card is not None and card.card["people"] == [{"name": "王强", "title": None}]


async def test_another_managers_client_is_never_resolved_nor_shown(env: Env) -> None:
    services, model, zhang, _ = env
    model.script = [says("", call("VisitDraft", client="华润万家", summary="聊了合作"))]
    outcome = await services.drafts.visit(zhang, "今天拜访了华润万家，聊了合作")
    assert "visit.ask_client" in keys(outcome)
    assert all((s.card or {}).get("client_name") is None for s in outcome.says)
    assert all(c.label != "华润万家" for s in outcome.says for row in s.choices for c in row)
    assert SECRET not in model.prompt_text()


async def test_garbage_from_the_model_hands_over_to_the_rules_with_a_note(env: Env) -> None:
    services, model, zhang, _ = env
    text = "今天拜访华能，见了张总，谈了二期扩容"
    for garbage in (says("not json at all"),
                    says("", call("VisitDraft", client="华能")),  # no summary
                    says("", call("VisitDraft", client="华能", kind="dinner", summary="吃饭"))):  # fmt: skip
        model.script = [garbage]
        outcome = await services.drafts.visit(zhang, text)
        assert outcome.says[0].key == "drafts.by_rules"
        card = card_of(outcome)
        assert card.card is not None and card.card["client_name"] == "华能南京电厂"
        assert card.card["summary"] is not None and "二期扩容" in card.card["summary"]


async def test_a_model_that_times_out_is_left_alone_for_a_minute(down: Env) -> None:
    services, model, zhang, clock = down
    outcome = await services.drafts.visit(zhang, "今天拜访华能，谈了二期扩容")
    assert outcome.says[0].key == "drafts.by_rules" and len(model.seen) == 1
    card = card_of(outcome)
    assert card.card is not None and card.card["client_name"] == "华能南京电厂"
    again = await services.drafts.complaint(zhang, "华能投诉断网两小时，很严重")
    assert again.says[0].key == "drafts.by_rules" and len(model.seen) == 1  # not asked again
    clock.advance(seconds=61)
    await services.drafts.visit(zhang, "今天拜访华能，谈了二期扩容")
    assert len(model.seen) == 2


async def test_the_log_this_visit_offer_is_read_by_the_model_when_accepted(env: Env) -> None:
    services, model, zhang, _ = env
    model.script = [says("", call("VisitDraft", client="苏州移动", summary="续签专线合同",
                                  visited_on="2026-11-21"))]  # fmt: skip
    offer = await services.conversations.offer_visit(zhang, "前天去了苏州移动，续签专线合同")
    assert offer.says[0].token is not None and model.seen == []
    outcome = await services.conversations.on_choice(zhang, offer.says[0].token, "yes")
    card = card_of(outcome)
    assert card.card is not None and card.card["client_name"] == "中国移动苏州分公司"
    assert card.card["visited_on"] == "2026-11-21" and len(model.seen) == 1


async def test_without_a_model_the_rules_read_drafts_without_a_note(database_url: str) -> None:
    async for services, _, zhang, _ in _env(database_url, None):
        outcome = await services.drafts.visit(zhang, "昨天拜访华能，谈了续约")
        assert "drafts.by_rules" not in keys(outcome)
        card = card_of(outcome)
        assert card.card is not None and card.card["client_name"] == "华能南京电厂"


async def test_a_complaint_read_by_the_model_keeps_the_policy_and_asks_what_is_unsure(
    env: Env,
) -> None:
    services, model, zhang, _ = env
    model.script = [says("", call("ComplaintDraft", client="华能", severity="high",
                                  category="billing", description="账单重复扣费2000元"))]  # fmt: skip
    outcome = await services.drafts.complaint(zhang, "华能投诉账单重复扣费2000元")
    assert keys(outcome) == ["complaint.ask_received_by"]
    state = await services.conversations.store.get(zhang.user_id)
    assert state is not None and state.kind == "complaint"
    assert state.data["client_name"] == "华能南京电厂" and state.data["severity"] == "high"
    assert state.data["category"] == "billing"
    assert await count(services, Complaint) == 0
    # A hedged severity is asked, whatever the model says; an unknown category is read by words.
    model.script = [says("", call("ComplaintDraft", client="华能", severity="critical",
                                  category="network", description="断网，比较紧急"))]  # fmt: skip
    outcome = await services.drafts.complaint(zhang, "华能断网，比较紧急")
    assert keys(outcome) == ["complaint.ask_severity"]
    state = await services.conversations.store.get(zhang.user_id)
    assert state is not None and state.data["category"] == "product_quality"
    assert state.data["severity"] is None
    # The client called the manager: he received it, shown on the card (as the rules read it).
    model.script = [says("", call("ComplaintDraft", client="华能", severity="high",
                                  category="billing", description="账单重复扣费2000元"))]  # fmt: skip
    outcome = await services.drafts.complaint(zhang, "华能打电话来投诉账单重复扣费2000元")
    assert keys(outcome) == ["complaint.confirm"]
    assert (card_of(outcome).card or {})["received_by"] == zhang.name


# ------------------------------------------------------------------ the model's plain answers


async def test_a_number_the_model_invents_is_left_out_of_its_answer(env: Env) -> None:
    services, model, zhang, _ = env
    model.script = [
        says("", call("recent_visits", client="华能", limit=3)),
        says("最近两次拜访华能：11月2日谈了二期扩容，10月12日介绍了新变压器方案。"
             "本季度你一共拜访了 9 次。"),
    ]  # fmt: skip
    answer = await services.assistant.ask(zhang, ZHANG, "华能最近拜访都谈了什么？")
    assert answer.text == "最近两次拜访华能：11月2日谈了二期扩容，10月12日介绍了新变压器方案。"
    assert answer.unsupported == ("9",)


async def test_an_answer_nothing_supports_is_not_given_at_all(env: Env) -> None:
    services, model, zhang, _ = env
    model.script = [says("", call("visit_summary", period="this month")),
                    says("本月你拜访了 17 次，覆盖了中国移动苏州分公司。")]  # fmt: skip
    with pytest.raises(AnswerUnsupported):
        await services.assistant.ask(zhang, ZHANG, "我这个月拜访了几次？")
    # Nothing of that turn is remembered: the next question does not carry the invented figure.
    model.script = [says("好的。")]
    await services.assistant.ask(zhang, ZHANG, "谢谢")
    assert [m.content for m in model.seen[-1][1:]] == ["谢谢"]
