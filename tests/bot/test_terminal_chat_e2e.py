"""`kam chat` through the real bot: what the terminal prints, and the buttons its numbers press."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.terminal import TerminalChat
from emulator import FakeTelegram
from services.bootstrap import Services
from services.domain import CreditRating
from services.storage.models import Visit
from tests.bot.conftest import InProcessBot
from tests.kit import ZHANG, client, count, seed_team

pytestmark = pytest.mark.e2e

LABELLED = re.compile(r"\[#(\d+)\] (.+?)(?=  \[#|$)", re.MULTILINE)


class Screen:
    """What the terminal has printed so far, read as the person reads it."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.text = ""

    def number_of(self, label: str) -> int:
        """The number printed last next to a button whose label contains `label`."""
        self.text += self.capsys.readouterr().out
        shown = [int(n) for n, text in LABELLED.findall(self.text) if label in text]
        assert shown, f"no button {label!r} printed:\n{self.text}"
        return shown[-1]

    def last_answer(self) -> str:
        """What the terminal printed itself after the last prompt ("> ")."""
        self.text += self.capsys.readouterr().out
        return self.text.rsplit("> ", 1)[-1].strip()


async def test_a_reminder_arriving_on_a_visit_draft_leaves_both_pressable_by_their_numbers(
    fake: FakeTelegram,
    in_process_bot: InProcessBot,
    seeded: Services,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Before, the reminder's buttons took #1, #2… and the draft's ✅ 确认 could no longer be
    # pressed at all: in Telegram both messages keep their buttons.
    await seed_team(seeded)
    today = seeded.clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date()
    await seeded.clients.upsert_rows(None, [
        client(2, "华能南京电厂", ZHANG, aliases=("华能电厂",)),
        client(3, "沙钢集团", ZHANG, credit_rating=CreditRating.POOR,
               last_visit_on=today - timedelta(days=45)),
    ])  # fmt: skip
    fake.add_user(ZHANG, first_name="Demo", language_code="zh-hans")
    terminal = TerminalChat(fake, ZHANG, color=False)
    fake.on_sent = terminal.show
    screen = Screen(capsys)
    await in_process_bot.start()

    terminal.handle("/visit 昨天拜访了华能电厂，见了设备部张总，谈了二期扩容")
    card = await fake.wait_for(ZHANG, lambda m: "华能南京电厂" in m.text and bool(m.buttons))
    confirm = screen.number_of("确认")
    assert confirm == 1

    # The overdue reminder arrives while the draft is open: numbered after the draft's buttons.
    await in_process_bot.sweep()
    reminder = await fake.wait_for(ZHANG, lambda m: "拜访已逾期" in m.text)
    assert "沙钢集团" in reminder.text
    snooze = screen.number_of("稍后")
    assert snooze > len(card.buttons)

    # The reminder's own button, by its number: the snooze menu replaces its buttons.
    terminal.handle(f"#{snooze}")
    await fake.wait_for(ZHANG, lambda m: m.message_id == reminder.message_id and bool(m.buttons))
    one_day = screen.number_of("1 天")
    assert one_day not in range(1, len(card.buttons) + 1)  # the draft's numbers stay its own
    terminal.handle(f"#{one_day}")
    await fake.wait_for(ZHANG, lambda m: "已推迟到" in m.text)

    # The draft's button, by the number it was printed with when the draft came.
    assert screen.number_of("确认") == confirm
    terminal.handle(f"#{confirm}")
    await fake.wait_for(ZHANG, lambda m: "已保存走访记录" in m.text)
    assert await count(seeded, Visit) == 1

    # The snoozed reminder's buttons are gone: their numbers press nothing.
    terminal.handle(f"#{one_day}")
    assert screen.last_answer() == "?", screen.text

    # The confirmed draft keeps its buttons (a second tap says it is saved), but the next
    # draft's are #1 again: a message once pressed gives its numbers up to the next buttons.
    terminal.handle("/visit 昨天拜访了华能电厂，谈了备件采购")
    await fake.wait_for(ZHANG, lambda m: "备件采购" in m.text and bool(m.buttons))
    assert screen.number_of("确认") == 1
    terminal.handle("#1")
    await fake.wait_for(ZHANG, lambda m: "已保存走访记录" in m.text)
    assert await count(seeded, Visit) == 2
    assert fake.rejected == []

    # A correction typed on a draft: its new card takes #1 again; the first card's numbers go.
    terminal.handle("/visit 昨天拜访了华能电厂，谈了年度检修")
    await fake.wait_for(ZHANG, lambda m: "年度检修" in m.text and bool(m.buttons))
    assert screen.number_of("确认") == 1
    terminal.handle("日期改成今天")
    await fake.wait_for(ZHANG, lambda m: f"时间：{today}" in m.text and bool(m.buttons))
    assert screen.number_of("确认") == 1
    terminal.handle("#1")
    await fake.wait_for(ZHANG, lambda m: "已保存走访记录" in m.text)
    async with seeded.db.read() as session:
        days = (await session.execute(select(Visit.visited_on).order_by(Visit.id))).scalars()
        assert list(days)[-1] == today
