"""Drafts read by the model, and its plain answers checked, through the real bot: the Application
in-process (once composed from its settings, as `kam run` does) against the fake Telegram server,
langchain's ChatOpenAI against the fake OpenAI-compatible server that records every request."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.app import AnyApp, BotConfig, build_application
from bot.runtime import start_application, stop_application
from emulator import FakeTelegram, SentMessage
from knowledge.llm import PROVIDERS, make_chat_model, profile
from services.bootstrap import Services, bootstrap
from services.reminders.kinds import ReminderConfig
from services.speech import SpeechConfig
from services.storage.models import Complaint, Visit
from tests.assistant_fakes import SECRET, ZHANG, FakeOpenAI, Reply, seed, tool_reply
from tests.bot.conftest import TOKEN, ComposedBot, start_time
from tests.fakes import RunningClock
from tests.media.builders import voice_note
from tests.media.stt_server import FakeTranscriber

SEEDED_VISITS = 3
# Each test's bot runs on a clock that starts when this module was loaded (E2E_START to choose
# it): dates in the past of that day. Before, on the system's clock, a run passing midnight in
# Shanghai (16:00 UTC) between loading and a test had the bot's 昨天 a day after YESTERDAY.
START = start_time()
YESTERDAY = (START.astimezone(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=1)).isoformat()
BY_RULES = "已按常规规则读取"
UNCHECKED = "无法从您的数据核实"


class Chat:
    """The real Application in this process, a model behind ChatOpenAI, a transcription server."""

    def __init__(self, fake: FakeTelegram, llm: FakeOpenAI, stt: FakeTranscriber, url: str):
        self.fake, self.llm, self.stt, self.url = fake, llm, stt, url
        self.app: AnyApp | None = None
        self.services: Services | None = None
        self.clock = RunningClock(START)  # one for the test, over its restarts

    async def start(self, provider: str = "openai", model_timeout: float = 10.0) -> Services:
        # Long enough for a loaded 2-core machine (a [vllm] reading timed out at 3 s while other
        # suites ran beside this one, and the rules read it); the timeout test sets its own 1 s.
        model = make_chat_model(self.llm.url, "kam-test-model", "sk-test", model_timeout, provider)
        self.services = await bootstrap(
            database_url=self.url, chat_model=model, assistant_timeout=model_timeout,
            structured_output=profile(provider).structured, clock=self.clock,
            reminders=ReminderConfig(quiet_hours=None),
            speech=SpeechConfig(base_url=self.stt.base_url),
        )  # fmt: skip
        self.app = build_application(
            self.services,
            BotConfig(TOKEN, self.fake.api_url, self.fake.file_url, private_chat_interval=0.01),
        )
        await start_application(self.app)
        return self.services

    async def stop(self) -> None:
        if self.app is not None:
            await stop_application(self.app)  # closes the services too
            self.app = None

    def press(self, message: SentMessage, label: str) -> None:
        found = [b["callback_data"] for b in message.buttons if label in b["text"]]
        assert found, f"no button {label!r} on {message.text!r}: {message.buttons}"
        self.fake.press_button(ZHANG, message.message_id, found[0])


@pytest.fixture
async def chat(fake: FakeTelegram, llm: FakeOpenAI, tmp_path: Path) -> AsyncIterator[Chat]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'kam.db'}"
    services = await bootstrap(database_url=url)
    await seed(services)
    await services.close()
    stt = FakeTranscriber()
    await stt.start()
    running = Chat(fake, llm, stt, url)
    try:
        yield running
    finally:
        await running.stop()
        await stt.stop()


async def count(services: Services, model: type) -> int:
    async with services.db.read() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


def tool_names(request: dict[str, Any]) -> set[str]:
    return {t["function"]["name"] for t in request.get("tools", [])}


def with_buttons(message: SentMessage) -> bool:
    return bool(message.buttons)


def check_structured_request(request: dict[str, Any], provider: str, schema: str) -> None:
    """What each provider profile sends for structured output."""
    if profile(provider).structured == "json_schema":
        assert request["response_format"]["type"] == "json_schema"
        assert request["response_format"]["json_schema"]["name"] == schema
        assert "tools" not in request
    else:  # servers that reject json_schema: one forced function call
        assert "response_format" not in request
        assert tool_names(request) == {schema}
        assert request["tool_choice"]["function"]["name"] == schema
    if provider == "qwen":
        assert request["enable_thinking"] is False
    elif provider == "vllm":
        assert request["chat_template_kwargs"] == {"enable_thinking": False}
    else:
        assert "enable_thinking" not in request and "chat_template_kwargs" not in request
    sent = json.dumps(request, ensure_ascii=False)
    assert (
        SECRET not in sent and "华能南京电厂" not in sent
    )  # no client data, only the user's words


def structured(provider: str, schema: str, fields: dict[str, Any]) -> Reply:
    if profile(provider).structured == "json_schema":
        return Reply(content=json.dumps(fields, ensure_ascii=False))
    return tool_reply((schema, fields))


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_each_provider_reads_a_complaint_its_own_way_and_only_the_button_saves_it(
    chat: Chat, llm: FakeOpenAI, provider: str
) -> None:
    services = await chat.start(provider)
    llm.script = [structured(provider, "ComplaintDraft", {
        "client": "华能", "description": "账单重复扣费2000元", "severity": "high",
        "category": "billing"})]  # fmt: skip
    chat.fake.send_text(ZHANG, "/complaint 华能投诉账单重复扣费2000元，很严重")
    asked = await chat.fake.wait_for(ZHANG, with_buttons)
    assert "谁受理" in asked.text
    [request] = llm.requests
    check_structured_request(request, provider, "ComplaintDraft")
    chat.press(asked, "我")
    card = await chat.fake.wait_for(
        ZHANG, lambda m: "✅ 确认" in json.dumps(m.buttons, ensure_ascii=False)
    )
    assert "华能南京电厂" in card.text and "账单重复扣费2000元" in card.text
    assert await count(services, Complaint) == 0
    chat.press(card, "✅ 确认")
    await chat.fake.wait_for(ZHANG, lambda m: "已保存投诉工单" in (m.text or ""))
    assert await count(services, Complaint) == 1


async def test_a_visit_the_assistant_left_is_drafted_by_the_model_for_the_rules(
    chat: Chat, llm: FakeOpenAI
) -> None:
    services = await chat.start("deepseek")
    llm.script = [
        Reply(content=""),  # the agent says nothing: the rules draft the visit it names
        tool_reply(("VisitDraft", {"client": "苏州移动", "visited_on": YESTERDAY,
                                   "summary": "续签专线合同", "kind": "on_site"})),
    ]  # fmt: skip
    chat.fake.send_text(ZHANG, "昨天去了苏州移动，谈了续签专线合同")
    card = await chat.fake.wait_for(
        ZHANG, lambda m: "✅ 确认" in json.dumps(m.buttons, ensure_ascii=False)
    )
    assert "中国移动苏州分公司" in card.text and YESTERDAY in card.text
    agent, drafter = llm.requests
    assert "draft_visit" in tool_names(agent) and tool_names(drafter) == {"VisitDraft"}
    chat.press(card, "✅ 确认")
    await chat.fake.wait_for(ZHANG, lambda m: "已保存走访记录" in (m.text or ""))
    assert await count(services, Visit) == SEEDED_VISITS + 1


@pytest.mark.parametrize("failure", ["timeout", "garbage", "not_json", "server_error"])
async def test_a_model_that_fails_leaves_the_draft_to_the_rules_with_a_short_note(
    chat: Chat, llm: FakeOpenAI, failure: str
) -> None:
    await chat.start("openai", model_timeout=1.0)
    llm.default = {"timeout": Reply(delay=3), "garbage": Reply(garbage=True),
                   "not_json": Reply(content="好的，我记下了"),
                   "server_error": Reply(status=503)}[failure]  # fmt: skip
    chat.fake.send_text(ZHANG, "/visit 昨天拜访华能，见了张总，谈了二期扩容")
    note = await chat.fake.wait_for(ZHANG, timeout=10)
    assert BY_RULES in note.text
    card = await chat.fake.wait_for(ZHANG, timeout=10)
    assert "华能南京电厂" in card.text and "二期扩容" in card.text and YESTERDAY in card.text
    assert len(llm.requests) == 1
    if failure in ("timeout", "server_error"):
        # A model that is down is not asked again for a while: the user waits once.
        chat.fake.send_text(ZHANG, "/complaint 华能断网两小时，很严重")
        offer = await chat.fake.wait_for(ZHANG, timeout=10)  # the visit's card waits: asked
        assert "新的投诉" in offer.text, offer.text
        chat.press(offer, "放弃上一份")
        assert "已取消" in (await chat.fake.wait_for(ZHANG, timeout=10)).text
        note = await chat.fake.wait_for(ZHANG, timeout=10)
        assert BY_RULES in note.text and len(llm.requests) == 1


async def test_another_managers_client_is_in_no_request_and_never_on_the_card(
    chat: Chat, llm: FakeOpenAI
) -> None:
    await chat.start("qwen")
    llm.script = [tool_reply(("VisitDraft", {"client": "华润万家", "summary": "聊了合作"}))]
    # Named after /visit, a colleague's client is refused on the server before the model reads
    # anything, as the same words typed without the command are.
    chat.fake.send_text(ZHANG, "/visit 今天拜访了华润万家，聊了合作")
    refused = await chat.fake.wait_for(ZHANG)
    assert refused.text == "没有找到您可以查看的客户“华润万家”。发送 /clients 查看您的客户。"
    assert llm.requests == []
    # Told without naming it, the model's reading of it is still kept off the card.
    chat.fake.send_text(ZHANG, "/visit 今天拜访了客户，聊了合作")
    asked = await chat.fake.wait_for(ZHANG, with_buttons)
    assert "哪个客户" in asked.text
    assert all(b["text"] != "华润万家" for b in asked.buttons)
    [request] = llm.requests
    check_structured_request(request, "qwen", "VisitDraft")
    await chat.fake.wait_idle(quiet=0.2)
    transcript = " ".join(m.text or "" for m in chat.fake.sent if m.chat_id == ZHANG)
    assert SECRET not in transcript


async def test_an_invented_figure_in_a_plain_answer_is_never_shown(
    chat: Chat, llm: FakeOpenAI
) -> None:
    await chat.start()
    llm.script = [
        tool_reply(("recent_visits", {"client": "华能", "limit": 3})),
        Reply(content="最近两次拜访华能：11月2日谈了二期扩容。你本季度一共拜访了 9 次。"),
    ]
    chat.fake.send_text(ZHANG, "华能最近拜访都谈了什么？")
    answer = await chat.fake.wait_for(ZHANG, lambda m: "二期扩容" in (m.text or ""))
    assert "9 次" not in answer.text and UNCHECKED in answer.text
    # Nothing the model says holds up: the note, then the rules answer as without a model.
    llm.script = [Reply(content="你本月拜访了 17 次，完成率 85%。")]
    chat.fake.send_text(ZHANG, "我这个月拜访了几次？")
    note = await chat.fake.wait_for(ZHANG)
    assert UNCHECKED in note.text
    await chat.fake.wait_for(ZHANG)
    await chat.fake.wait_idle(quiet=0.2)
    transcript = " ".join(m.text or "" for m in chat.fake.sent if m.chat_id == ZHANG)
    assert "17" not in transcript and "85%" not in transcript


async def test_a_spoken_question_shows_what_was_heard_before_the_assistants_answer(
    chat: Chat, llm: FakeOpenAI
) -> None:
    await chat.start()
    chat.stt.text = "华能最近都谈了什么？"
    llm.script = [
        tool_reply(("recent_visits", {"client": "华能", "limit": 3})),
        Reply(content="最近两次拜访华能：11月2日谈了二期扩容；10月12日介绍了新变压器方案。"),
    ]
    chat.fake.send_voice(ZHANG, voice_note(2.0), duration=2)
    # A follow-up reminder the scheduler sends meanwhile may come between them: skipped over
    # (the transcript after "heard" must still hold the answer, so the order is checked).
    heard = await chat.fake.wait_for(ZHANG, lambda m: "🎤" in (m.text or ""), timeout=30)
    assert heard.text == "🎤 华能最近都谈了什么？"
    answer = await chat.fake.wait_for(ZHANG, lambda m: "二期扩容" in (m.text or ""), timeout=30)
    assert "11月2日" in answer.text


@pytest.mark.e2e
async def test_the_bot_run_from_its_settings_reads_drafts_as_its_provider_setting_says(
    fake: FakeTelegram, llm: FakeOpenAI, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'kam.db'}"
    (tmp_path / "data").mkdir()
    services = await bootstrap(database_url=url)
    await seed(services)
    env = dict(KAM_LLM_BASE_URL=llm.url, KAM_LLM_MODEL="m", KAM_LLM_API_KEY="sk-x",
               KAM_LLM_PROVIDER="deepseek", KAM_LLM_TIMEOUT_SECONDS="5")  # fmt: skip
    bot = ComposedBot(fake, tmp_path / "data", url, RunningClock(START), **env)
    try:
        await bot.start()
        llm.script = [tool_reply(("VisitDraft", {"client": "华能", "visited_on": YESTERDAY,
                                                 "summary": "谈了增容报价"}))]  # fmt: skip
        fake.send_text(ZHANG, "/visit 昨天去华能谈了增容报价")
        card = await fake.wait_for(ZHANG, lambda m: "✅ 确认" in json.dumps(m.buttons,
                                                                         ensure_ascii=False),
                                   timeout=30)  # fmt: skip
        assert "华能南京电厂" in card.text and YESTERDAY in card.text
        [request] = llm.requests
        check_structured_request(request, "deepseek", "VisitDraft")
        found = [b["callback_data"] for b in card.buttons if "✅ 确认" in b["text"]]
        fake.press_button(ZHANG, card.message_id, found[0])
        await fake.wait_for(ZHANG, lambda m: "已保存走访记录" in (m.text or ""), timeout=30)
        assert await count(services, Visit) == SEEDED_VISITS + 1
    finally:
        await bot.stop()
        await services.close()
