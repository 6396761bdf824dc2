"""A rule the model states must be said by the documents it was given: through the real bot (the
fake Telegram server) and langchain's ChatOpenAI against the scripted OpenAI-compatible server, a
rule a passage says is kept, one no passage says is left out and the user told, in Chinese and in
English; a statement about the user's own clients, and an offer, are no rules."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from emulator import FakeTelegram
from knowledge import KnowledgeBase
from services.bootstrap import bootstrap
from tests.assistant_fakes import ZHANG, FakeOpenAI, Reply, seed, tool_reply
from tests.bot.test_assistant_e2e import Bot

COMPLAINTS_ZH = """# 投诉处理细则

## 处理时限

**第二十八条 处理时限。** 投诉自受理之日起，应在以下时限内处理完毕：
1. 低：10个工作日；
2. 中：5个工作日；
3. 高：3个工作日；
4. 紧急：1个工作日。

**第二十九条 通知主管。** 严重程度为“高”或“紧急”的投诉，受理人应立即通知主管，由主管协调网络、技术、计费等后台部门共同处理；紧急投诉还须同时报告分管领导。
"""

COMPLAINTS_EN = """# Complaint handling rules

## Deadlines

**Article 28 Resolution deadlines.** Counting from the day of acceptance, a complaint is resolved within:
1. Low: 10 working days;
2. Medium: 5 working days;
3. High: 3 working days;
4. Critical: 1 working day.

**Article 29 Notifying the supervisor.** For a complaint of high or critical severity, whoever accepted it notifies the supervisor at once; the supervisor coordinates the network, technical, billing and other back-office departments. A critical complaint is also reported to the executive in charge.
"""

LEFT_OUT_ZH = "回答中有文件段落里找不到依据的规定说法，已略去"
LEFT_OUT_EN = "A rule in the answer that the documents found do not state was left out"


@pytest.fixture
async def bot(fake: FakeTelegram, llm: FakeOpenAI, sqlite_url: str) -> AsyncIterator[Bot]:
    """The real Application on a seeded database, with the scripted model (test_assistant_e2e's)."""
    services = await bootstrap(database_url=sqlite_url)
    await seed(services)
    await services.close()
    runner = Bot(fake, llm, sqlite_url)
    try:
        yield runner
    finally:
        await runner.stop()


@pytest.fixture
def handbook(shared_kb: KnowledgeBase) -> Iterator[KnowledgeBase]:
    """The complaint rules in both languages, in the session's shared knowledge base (removed
    after the test)."""
    reports = [shared_kb.ingest_bytes("rules-ground17.zh.md", COMPLAINTS_ZH.encode()),
               shared_kb.ingest_bytes("rules-ground17.en.md", COMPLAINTS_EN.encode())]  # fmt: skip
    try:
        yield shared_kb
    finally:
        for report in reports:
            shared_kb.remove_document(report.doc_id)


def said_to(fake: FakeTelegram, user: int) -> str:
    return "\n".join(m.text or "" for m in fake.messages_to(user))


async def test_a_rule_the_handbook_says_is_kept_and_an_invented_one_left_out_in_chinese(
    fake: FakeTelegram, bot: Bot, llm: FakeOpenAI, handbook: KnowledgeBase
) -> None:
    await bot.start(knowledge_base=handbook)
    llm.script = [
        tool_reply(("search_documents", {"query": "紧急投诉 处理时限 签字"})),
        Reply(content="紧急投诉应在1个工作日内处理完毕，还须同时报告分管领导[1]。"
                      "紧急投诉须客户签字确认后才能结单[1]。"),
    ]  # fmt: skip
    fake.send_text(ZHANG, "紧急投诉多久要处理完？要客户签字吗？")
    answer = await fake.wait_for(ZHANG, lambda m: "1个工作日" in (m.text or ""))
    # The invented rule reached the user as if from the handbook, under its source.
    assert "签字" not in answer.text, answer.text
    assert "还须同时报告分管领导" in answer.text
    assert LEFT_OUT_ZH in answer.text
    assert "来源" in answer.text


async def test_a_rule_the_handbook_says_is_kept_and_an_invented_one_left_out_in_english(
    fake: FakeTelegram, bot: Bot, llm: FakeOpenAI, handbook: KnowledgeBase
) -> None:
    await bot.start(knowledge_base=handbook)
    fake.send_text(ZHANG, "/lang english")
    await fake.wait_for(ZHANG, lambda m: "English" in (m.text or ""))
    llm.script = [
        tool_reply(("search_documents", {"query": "critical complaint deadline sign off"})),
        Reply(content="A critical complaint must be resolved within 1 working day [1]. "
                      "The client must sign the ticket off before it can be closed [1]."),
    ]  # fmt: skip
    fake.send_text(ZHANG, "How fast must a critical complaint be resolved? Does the client sign?")
    answer = await fake.wait_for(ZHANG, lambda m: "1 working day" in (m.text or ""))
    assert "sign" not in answer.text.split("(")[0], answer.text
    assert LEFT_OUT_EN in answer.text


async def test_a_rule_said_with_no_document_at_all_is_not_given_and_the_user_told(
    fake: FakeTelegram, bot: Bot, llm: FakeOpenAI, handbook: KnowledgeBase
) -> None:
    # The model answered from its own "knowledge", without searching: the whole answer was an
    # invented rule, and the documents answer instead.
    await bot.start(knowledge_base=handbook)
    llm.script = [Reply(content="紧急投诉须客户签字确认。")]
    fake.send_text(ZHANG, "紧急投诉要客户签字确认吗？")
    note = await fake.wait_for(ZHANG)
    assert LEFT_OUT_ZH in note.text, note.text
    await fake.wait_idle(quiet=0.5)
    assert "须客户签字确认" not in said_to(fake, ZHANG)


async def test_what_the_users_data_says_and_an_offer_are_no_rules(
    fake: FakeTelegram, bot: Bot, llm: FakeOpenAI
) -> None:
    await bot.start()
    llm.script = [
        tool_reply(("list_clients", {})),
        Reply(content="华能南京电厂需要尽快安排走访。如需帮助，我可以帮您起草走访记录。"),
    ]  # fmt: skip
    fake.send_text(ZHANG, "我的客户里谁该走访了？")
    answer = await fake.wait_for(ZHANG, lambda m: "尽快安排走访" in (m.text or ""))
    assert "我可以帮您起草走访记录" in answer.text
    assert "略去" not in answer.text
