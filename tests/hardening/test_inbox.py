"""Nothing a user sends is lost when the bot process dies: an update is committed to the inbox
before the webhook answers Telegram 200, and one left unfinished is handled by the next process,
without writing twice what the dead one had saved.

Every process runs on the test's clock (`clock`: E2E_START's time or the real one when the test
starts, running on over restarts), so what it says does not hang on the time of day:
`E2E_START=2027-01-01T00:30+08:00` runs them at night on a holiday.

`kam run` webhook processes, killed with SIGKILL while their answer is under way: the fake
Telegram holds the bot's sendMessage unanswered (`hold_next`), so the process is surely in the
middle of handling the update (after the 200) when it is killed.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import psycopg
import pytest
from sqlalchemy import select

from emulator import FakeTelegram, SentMessage
from emulator.balancer import RoundRobin, free_port
from services.bootstrap import bootstrap
from services.domain import Role
from services.storage.models import ProcessedUpdate, Visit
from tests.assistant_fakes import ZHANG as ASSISTANT_USER
from tests.assistant_fakes import FakeOpenAI, Reply, seed
from tests.bot.conftest import BotProcess, start_time
from tests.bot.test_reminders_e2e import _truncate_all_if_any
from tests.bot.test_webhook_replicas_e2e import ComposedWebhookReplica, WebhookReplica
from tests.fakes import RunningClock
from tests.kit import TOKEN, ZHANG, buttons, client, data_of

pytestmark = pytest.mark.e2e

REPORT = "/visit 今天上午拜访了华能电厂，见了设备部张总，谈了二期扩容，下周二前发报价"


class Bot:
    """One `kam run` webhook process after another, on the same SQLite database and port."""

    def __init__(self, fake: FakeTelegram, tmp_path: Path, url: str, port: int,
                 clock: RunningClock, **env: str) -> None:  # fmt: skip
        self.fake, self.tmp_path, self.url, self.port, self.env = fake, tmp_path, url, port, env
        self.clock = clock
        self.runs: list[WebhookReplica] = []
        self.kills = 0

    async def start(self) -> WebhookReplica:
        process = WebhookReplica(self.fake, self.tmp_path / f"run{len(self.runs)}", self.url,
                                 self.port, self.clock, **self.env)  # fmt: skip
        self.runs.append(process)
        await process.start()
        return process

    async def kill_while_answering(self, update_id: int) -> None:
        """Once Telegram has had its 200 for the update and the bot's reply hangs: SIGKILL."""
        self.kills += 1  # each kill comes with one reply held
        await until(lambda: len(self.fake.held) >= self.kills)
        assert (update_id, 200) in self.fake.webhook_posts  # Telegram will not send it again
        process = self.runs[-1]
        assert process.proc is not None
        process.proc.send_signal(signal.SIGKILL)
        process.proc.wait()

    def output(self) -> str:
        return "\n".join(run.output() for run in self.runs)

    async def stop(self) -> None:
        for run in self.runs:
            await run.stop()


async def until(check: Callable[[], object], timeout: float = 60.0) -> None:  # noqa: ASYNC109
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.05)


@pytest.fixture
def clock() -> RunningClock:
    """The test's clock, for its processes one after another and for the data it seeds."""
    return RunningClock(start_time())


@pytest.fixture
async def telegram(
    tmp_path: Path, clock: RunningClock
) -> AsyncIterator[tuple[FakeTelegram, str, int]]:
    port = free_port()
    fake = FakeTelegram(token=TOKEN, webhook_target=f"http://127.0.0.1:{port}/telegram")
    await fake.start()
    url = f"sqlite+aiosqlite:///{tmp_path / 'kam.db'}"
    services = await bootstrap(database_url=url, clock=clock)
    try:
        fake.add_user(ZHANG, first_name="张三", language_code="zh-hans")
        await services.users.add_user(telegram_id=ZHANG, name="张三", role=Role.MANAGER,
                                      team="华东一部")  # fmt: skip
        await services.clients.upsert_rows(
            None, [client(2, "华能南京电厂", ZHANG, aliases=("华能电厂",))]
        )
    finally:
        await services.close()
    try:
        yield fake, url, port
    finally:
        await fake.stop()


async def visits(url: str) -> list[str]:
    services = await bootstrap(database_url=url, run_migrations=False)
    try:
        async with services.db.read() as session:
            return list((await session.execute(select(Visit.summary))).scalars())
    finally:
        await services.close()


async def visit_days(url: str) -> list[date]:
    services = await bootstrap(database_url=url, run_migrations=False)
    try:
        async with services.db.read() as session:
            return list((await session.execute(select(Visit.visited_on))).scalars())
    finally:
        await services.close()


def today(clock: RunningClock) -> date:
    """The test's day in 张三's time zone (the bot's default)."""
    return clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date()


def statuses(fake: FakeTelegram, update_id: int) -> list[int]:
    """What the bot answered each time Telegram posted the update (0: no answer in time)."""
    return [status for posted, status in fake.webhook_posts if posted == update_id]


def is_card(message: SentMessage) -> bool:
    return "华能南京电厂" in message.text and any("确认" in label for label in buttons(message))


async def test_a_visit_report_and_its_confirmation_cut_off_by_a_kill_are_answered_after_restart_and_saved_once(
    telegram: tuple[FakeTelegram, str, int], tmp_path: Path, clock: RunningClock
) -> None:
    fake, url, port = telegram
    bot = Bot(fake, tmp_path, url, port, clock)
    try:
        await bot.start()
        # Killed while answering the report: Telegram had its 200, the card never went out.
        fake.hold_next("sendMessage")
        reported = today(clock)
        await bot.kill_while_answering(fake.send_text(ZHANG, REPORT))
        assert fake.messages_to(ZHANG) == []

        # The next process answers it: the draft card, once (the draft the dead process had
        # saved is the one shown, not a second report offered on top of it).
        await bot.start()
        card = await fake.wait_for(ZHANG, is_card, timeout=60)
        assert "二期扩容" in card.text, card.text
        assert [m.text for m in fake.messages_to(ZHANG)] == [
            "刚才这条消息没有处理完，现已重新处理。您未完成的走访记录草稿已保留，可以继续：",
            card.text,
        ]

        # 确认 saved the visit, then the process was killed before it said so.
        fake.hold_next("sendMessage")
        pressed = fake.press_button(ZHANG, card.message_id, data_of(card, "确认"))
        await bot.kill_while_answering(pressed)
        assert len(await visits(url)) == 1  # committed before the kill

        # Handled again by the next process: told it is saved, and it is there once.
        await bot.start()
        saved = await fake.wait_for(ZHANG, timeout=60)
        assert "已保存走访记录 #1" in saved.text, saved.text
        await fake.wait_idle(quiet=1.0, timeout=30)
        summaries = await visits(url)
        assert len(summaries) == 1 and "二期扩容" in summaries[0]
        # 今天 read on the test's clock by the process that drafted it, not on the machine's.
        assert await visit_days(url) in ([reported], [today(clock)])
        assert [m for m in fake.messages_to(ZHANG) if "已保存" in m.text] == [saved]
        assert "handling update" in bot.output() and "again" in bot.output()
    finally:
        await bot.stop()


async def test_a_message_that_kills_the_bot_each_time_is_given_up_and_its_sender_told_once(
    telegram: tuple[FakeTelegram, str, int], tmp_path: Path, clock: RunningClock
) -> None:
    fake, url, port = telegram
    bot = Bot(fake, tmp_path, url, port, clock, KAM_INBOX_ATTEMPTS="2")
    try:
        await bot.start()
        fake.hold_next("sendMessage", times=2)  # the bot dies on it twice
        sent = fake.send_text(ZHANG, REPORT)
        await bot.kill_while_answering(sent)
        await bot.start()  # takes it again (attempt 2) and dies on it again
        await bot.kill_while_answering(sent)

        await bot.start()  # a third time it is set aside, and its sender told
        told = await fake.wait_for(ZHANG, timeout=60)
        assert "几次处理都没有完成" in told.text and "/visit 今天上午拜访了华能电厂" in told.text
        await fake.wait_idle(quiet=1.0, timeout=30)
        texts = [m.text for m in fake.messages_to(ZHANG)]
        assert sum("几次处理都没有完成" in text for text in texts) == 1, texts  # told once
        # The draft its first attempt had saved is still there for the user to finish, as any
        # draft a restart finds (nothing is saved before 确认).
        assert texts[1:2] == ["机器人刚刚重启，您未完成的走访记录草稿已保留，可以继续："], texts
        assert "given up after 2 attempts" in bot.output()
        assert await visits(url) == []
        services = await bootstrap(database_url=url, run_migrations=False)
        try:
            async with services.db.read() as session:
                row = (await session.execute(select(ProcessedUpdate))).scalar_one()
            assert row.body is None and row.lease_until is None  # not taken again, ever
        finally:
            await services.close()
    finally:
        await bot.stop()


async def _zhang_with_huaneng(fake: FakeTelegram, postgres_url: str, clock: RunningClock) -> None:
    """张三, a manager on Telegram and in the database, owning 华能南京电厂."""
    services = await bootstrap(database_url=postgres_url, clock=clock)
    try:
        fake.add_user(ZHANG, first_name="张三", language_code="zh-hans")
        await services.users.add_user(telegram_id=ZHANG, name="张三", role=Role.MANAGER,
                                      team="华东一部")  # fmt: skip
        await services.clients.upsert_rows(
            None, [client(2, "华能南京电厂", ZHANG, aliases=("华能电厂",))]
        )
    finally:
        await services.close()


@pytest.mark.postgres
async def test_a_replica_killed_mid_answer_has_its_update_answered_by_the_replica_still_serving(
    tmp_path: Path, postgres_url: str, clock: RunningClock
) -> None:
    _truncate_all_if_any(postgres_url)
    ports = [free_port(), free_port()]
    fake = FakeTelegram(token=TOKEN, webhook_target=f"http://127.0.0.1:{ports[0]}/telegram")
    await fake.start()
    await _zhang_with_huaneng(fake, postgres_url, clock)
    # Telegram posts to the first replica; the second serves beside it (not alone: it does not
    # take what the first is handling) and renews and claims every half second.
    first = Bot(fake, tmp_path / "a", postgres_url, ports[0], clock, KAM_INBOX_LEASE_SECONDS="2")
    second = Bot(fake, tmp_path / "b", postgres_url, ports[1], clock, KAM_INBOX_LEASE_SECONDS="2")
    try:
        await first.start()
        await second.start()
        fake.hold_next("sendMessage")
        await first.kill_while_answering(fake.send_text(ZHANG, REPORT))

        # Once the dead replica's lease has run out, the live one takes the update over.
        card = await fake.wait_for(ZHANG, is_card, timeout=60)
        assert "二期扩容" in card.text
        assert "handling update" in second.output() and "again (attempt 2)" in second.output()
        await fake.wait_idle(quiet=2.0, timeout=30)
        assert sum(is_card(m) for m in fake.messages_to(ZHANG)) == 1  # taken by one replica
    finally:
        await first.stop()
        await second.stop()
        await fake.stop()


async def test_in_polling_mode_a_question_fetched_but_not_answered_before_a_kill_is_answered_after_restart(
    telegram: tuple[FakeTelegram, str, int], tmp_path: Path, clock: RunningClock
) -> None:
    fake, url, _ = telegram
    bot = BotProcess(fake, tmp_path / "polling", url, clock)
    try:
        await bot.start()
        fake.hold_next("sendMessage")
        fake.send_text(ZHANG, "/client 华能")  # a lookup: nothing saved that a restart would show
        await until(lambda: fake.held)
        # The next poll confirmed it to Telegram while it was being answered: not sent again.
        # (Killed at once: the held reply would time out in 5 s and end the update.)
        async with httpx.AsyncClient() as http:
            info = f"{fake.api_url}{TOKEN}/getWebhookInfo"
            while (await http.get(info)).json()["result"]["pending_update_count"]:  # noqa: ASYNC110
                await asyncio.sleep(0.02)
        await bot.stop(signal.SIGKILL)
        await bot.start()
        answer = await fake.wait_for(ZHANG, timeout=60)
        assert "华能南京电厂" in answer.text, answer.text
    finally:
        await bot.stop()


@pytest.mark.postgres
async def test_a_report_sent_while_another_session_locks_the_inbox_is_refused_in_time_then_answered_once(
    tmp_path: Path, postgres_url: str, clock: RunningClock
) -> None:
    """Before, the webhook request waited on the lock (Telegram gives up on it after a while,
    and every user's update queued behind it). Now the bot answers 503 after
    KAM_INBOX_WAIT_SECONDS, Telegram sends the update again, and once the lock goes the report is
    answered once: not lost, not twice."""
    _truncate_all_if_any(postgres_url)
    port = free_port()
    fake = FakeTelegram(token=TOKEN, webhook_target=f"http://127.0.0.1:{port}/telegram")
    await fake.start()
    await _zhang_with_huaneng(fake, postgres_url, clock)
    bot = Bot(fake, tmp_path, postgres_url, port, clock, KAM_INBOX_WAIT_SECONDS="1")
    holder = await psycopg.AsyncConnection.connect(postgres_url.replace("+psycopg", ""))
    try:
        await bot.start()
        await holder.execute("BEGIN")
        await holder.execute("LOCK TABLE processed_updates IN SHARE MODE")  # no row goes in
        update_id = fake.send_text(ZHANG, REPORT)
        # Refused in time, and again when Telegram tries again: the request never hangs.
        await until(lambda: len(statuses(fake, update_id)) >= 2, timeout=20)
        assert set(statuses(fake, update_id)) == {503}, fake.webhook_posts
        assert fake.messages_to(ZHANG) == []
        await holder.execute("ROLLBACK")

        card = await fake.wait_for(ZHANG, is_card, timeout=60)
        assert "二期扩容" in card.text, card.text
        await until(lambda: (update_id, 200) in fake.webhook_posts)
        await fake.wait_idle(quiet=2.0, timeout=30)
        assert sum(is_card(m) for m in fake.messages_to(ZHANG)) == 1, fake.messages_to(ZHANG)
        assert [m.text for m in fake.messages_to(ZHANG)] == [card.text]
        assert "not acknowledged" in bot.output()
    finally:
        await holder.close()
        await bot.stop()
        await fake.stop()


@pytest.mark.postgres
async def test_two_replicas_both_refuse_in_time_a_report_sent_while_the_inbox_is_locked_and_it_is_answered_once(
    tmp_path: Path, postgres_url: str, clock: RunningClock
) -> None:
    """Two webhook replicas behind a round-robin balancer, the inbox table locked by another
    session: each replica Telegram's retries reach answers 503 after KAM_INBOX_WAIT_SECONDS (no
    request hangs on the lock, none is answered 200 unrecorded); once the lock goes the report
    is answered once, though both replicas had a record of it waiting on the lock, and the next
    message is answered at once."""
    _truncate_all_if_any(postgres_url)
    ports = [free_port(), free_port()]
    proxy = RoundRobin(ports)
    await proxy.start()
    fake = FakeTelegram(token=TOKEN, webhook_target=f"http://127.0.0.1:{proxy.port}/telegram")
    await fake.start()
    await _zhang_with_huaneng(fake, postgres_url, clock)
    env = {"KAM_INBOX_WAIT_SECONDS": "1"}
    replicas: list[WebhookReplica | ComposedWebhookReplica] = [
        WebhookReplica(fake, tmp_path / "a", postgres_url, ports[0], clock, **env),
        ComposedWebhookReplica(fake, tmp_path / "b", postgres_url, ports[1], clock, **env),
    ]
    holder = await psycopg.AsyncConnection.connect(postgres_url.replace("+psycopg", ""))
    try:
        await asyncio.gather(*(replica.start() for replica in replicas))
        await holder.execute("BEGIN")
        await holder.execute("LOCK TABLE processed_updates IN SHARE MODE")  # no row goes in
        update_id = fake.send_text(ZHANG, REPORT)
        await until(lambda: len(statuses(fake, update_id)) >= 4, timeout=30)
        assert set(statuses(fake, update_id)) == {503}, fake.webhook_posts
        assert {replica for posted, replica in proxy.routed if posted == update_id} == {0, 1}
        assert fake.messages_to(ZHANG) == []
        await holder.execute("ROLLBACK")

        card = await fake.wait_for(ZHANG, is_card, timeout=60)
        assert "二期扩容" in card.text, card.text
        await until(lambda: (update_id, 200) in fake.webhook_posts)
        released = asyncio.get_running_loop().time()
        fake.send_text(ZHANG, "/help")
        await fake.wait_for(ZHANG, lambda m: m.message_id > card.message_id, timeout=30)
        assert asyncio.get_running_loop().time() - released < 4
        await fake.wait_idle(quiet=2.0, timeout=30)
        assert sum(is_card(m) for m in fake.messages_to(ZHANG)) == 1, fake.messages_to(ZHANG)
        assert "not acknowledged" in replicas[0].output() + replicas[1].output()
    finally:
        await holder.close()
        for replica in replicas:
            await replica.stop()
        await fake.stop()
        await proxy.stop()


async def pending_updates(fake: FakeTelegram) -> int:
    """The updates Telegram still holds for the bot: fetched or not, none confirmed yet."""
    async with httpx.AsyncClient() as http:
        info = (await http.get(f"{fake.api_url}{TOKEN}/getWebhookInfo")).json()
    return int(info["result"]["pending_update_count"])


def polls(fake: FakeTelegram) -> int:
    return sum(1 for entry in fake.request_log if entry.method == "getUpdates")


@pytest.mark.postgres
async def test_in_polling_mode_a_report_fetched_while_the_inbox_is_locked_is_not_confirmed_then_answered_once_at_once(
    tmp_path: Path, postgres_url: str, clock: RunningClock
) -> None:
    """The polling side of KAM_INBOX_WAIT_SECONDS: an update the database cannot record in time
    is not confirmed to Telegram (the next poll fetches it again) and nothing is answered from
    memory; once the lock goes it is answered once. Before, each refusal counted as a network
    error and the polling loop slept longer after each (up to 30 s): after a lock of a minute,
    everyone's next message waited that long for the next poll."""
    _truncate_all_if_any(postgres_url)
    fake = FakeTelegram(token=TOKEN)
    await fake.start()
    await _zhang_with_huaneng(fake, postgres_url, clock)
    li = ZHANG + 1
    fake.add_user(li, first_name="李四", language_code="zh-hans")
    bot = BotProcess(fake, tmp_path / "polling", postgres_url, clock, KAM_INBOX_WAIT_SECONDS="1")
    holder = await psycopg.AsyncConnection.connect(postgres_url.replace("+psycopg", ""))
    try:
        await bot.start()
        await holder.execute("BEGIN")
        await holder.execute("LOCK TABLE processed_updates IN SHARE MODE")  # no row goes in
        before = polls(fake)
        fake.send_text(ZHANG, REPORT)
        # Fetched, not recorded in time, fetched again: never confirmed, nothing said. Six
        # refusals (the old loop slept 1, 1.5, 2.25 … s after them: 7.6 s after the sixth).
        await until(lambda: polls(fake) >= before + 7, timeout=90)
        assert await pending_updates(fake) == 1
        assert fake.messages_to(ZHANG) == []
        fake.send_text(li, "/help")  # someone else writes meanwhile: in the batch refused
        await until(lambda: polls(fake) >= before + 8, timeout=90)
        await asyncio.sleep(1.5)  # that poll refused too (after 1 s)
        await holder.execute("ROLLBACK")
        released = asyncio.get_running_loop().time()

        card = await fake.wait_for(ZHANG, is_card, timeout=30)
        assert "二期扩容" in card.text, card.text
        # The other user's message is fetched and answered at once, not after the loop's pause.
        await fake.wait_for(li, timeout=60)
        assert asyncio.get_running_loop().time() - released < 4
        await fake.wait_idle(quiet=2.0, timeout=30)
        assert [m.text for m in fake.messages_to(ZHANG)] == [card.text]
        assert await pending_updates(fake) == 0
        assert "not acknowledged" in bot.output()
    finally:
        await holder.close()
        await bot.stop()
        await fake.stop()


async def test_a_question_answered_then_cut_off_by_a_kill_is_remembered_once_after_restart(
    tmp_path: Path, clock: RunningClock
) -> None:
    """The assistant answered and kept the turn in the chat's memory; the process was killed
    while sending the answer, so the next process handles the update again. Before, the chat's
    memory then held that question and its answer twice (the model was sent both)."""
    llm = FakeOpenAI()
    await llm.start()
    port = free_port()
    fake = FakeTelegram(token=TOKEN, webhook_target=f"http://127.0.0.1:{port}/telegram")
    await fake.start()
    url = f"sqlite+aiosqlite:///{tmp_path / 'kam.db'}"
    services = await bootstrap(database_url=url, clock=clock)
    try:
        await seed(services)
    finally:
        await services.close()
    fake.add_user(ASSISTANT_USER, first_name="张三", language_code="zh-hans")
    bot = Bot(fake, tmp_path, url, port, clock, KAM_LLM_BASE_URL=llm.url, KAM_LLM_MODEL="m",
              KAM_LLM_API_KEY="sk-x", KAM_LLM_PROVIDER="openai", KAM_LLM_TIMEOUT_SECONDS="10")  # fmt: skip
    try:
        await bot.start()
        llm.script = [Reply(content="先了解客户的痛点，再谈方案。")]
        fake.send_text(ASSISTANT_USER, "怎么跟客户谈续约？")
        await fake.wait_for(ASSISTANT_USER, lambda m: "痛点" in m.text, timeout=60)

        llm.script = [Reply(content="价格要和服务一起谈，别单独让步。")]
        fake.hold_next("sendMessage")
        await bot.kill_while_answering(fake.send_text(ASSISTANT_USER, "那价格方面呢？"))
        asked = len(llm.requests)

        llm.script = [Reply(content="价格和服务一起谈。")]
        await bot.start()
        await fake.wait_for(ASSISTANT_USER, lambda m: "价格和服务一起谈" in m.text, timeout=60)
        # Asked again with the memory as it was before that update.
        assert said(llm.requests[asked]) == ["怎么跟客户谈续约？", "先了解客户的痛点，再谈方案。",
                                            "那价格方面呢？"]  # fmt: skip
        llm.script = [Reply(content="不客气。")]
        fake.send_text(ASSISTANT_USER, "谢谢")
        await fake.wait_for(ASSISTANT_USER, lambda m: "不客气" in m.text, timeout=60)
        assert said(llm.requests[-1]) == [
            "怎么跟客户谈续约？", "先了解客户的痛点，再谈方案。",
            "那价格方面呢？", "价格和服务一起谈。", "谢谢",
        ]  # fmt: skip
    finally:
        await bot.stop()
        await fake.stop()
        await llm.stop()


def said(request: dict[str, Any]) -> list[str]:
    """The conversation a model request carried: the user's and the assistant's words."""
    return [str(m["content"]) for m in request["messages"] if m["role"] in ("user", "assistant")]


async def test_a_report_whose_card_telegram_failed_to_take_is_answered_shortly_after_once(
    telegram: tuple[FakeTelegram, str, int], tmp_path: Path, clock: RunningClock
) -> None:
    """Telegram answered the card's sendMessage with 502 (a network error to the bot). Before,
    the funnel logged it, told nobody (nothing gets through) and the update counted as done: the
    user never saw the card. Now the update is handed back and handled again a moment later."""
    fake, url, port = telegram
    bot = Bot(fake, tmp_path, url, port, clock, KAM_INBOX_LEASE_SECONDS="2")
    try:
        await bot.start()
        fake.fail_next("sendMessage", error_code=502)
        fake.send_text(ZHANG, REPORT)
        card = await fake.wait_for(ZHANG, is_card, timeout=30)
        assert "二期扩容" in card.text, card.text
        await fake.wait_idle(quiet=2.0, timeout=30)
        assert sum(is_card(m) for m in fake.messages_to(ZHANG)) == 1, fake.messages_to(ZHANG)
        assert [m.text for m in fake.messages_to(ZHANG)] == [
            "刚才这条消息没有处理完，现已重新处理。您未完成的走访记录草稿已保留，可以继续：",
            card.text,
        ]
        assert "Telegram could not be reached" in bot.output()
    finally:
        await bot.stop()
