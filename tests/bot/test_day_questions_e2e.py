"""Questions about one day, visits told with their day, and colleagues asked for by a former
name, with the real bot against the fake Telegram server."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from emulator import FakeTelegram
from services.bootstrap import Services
from services.storage.models import Visit
from tests.bot.conftest import InProcessBot
from tests.bot.test_summary_e2e import LI, SUPERVISOR, ZHANG, seed, today_in_shanghai
from tests.integration.test_summaries import visit

pytestmark = pytest.mark.e2e


async def _seed_days(services: Services) -> None:
    """`seed`'s visits (张三 two today, 李四 one today), and 张三 one yesterday, 李四 one the
    day before."""
    ids = await seed(services)
    today, _ = today_in_shanghai(services)
    users = {tg: a.user_id for tg in (ZHANG, LI) if (a := await services.users.resolve_actor(tg))}
    async with services.db.write() as uow:
        uow.session.add_all([
            visit(ids["苏宁电器"], users[ZHANG], today - timedelta(days=1)),
            visit(ids["南京银行"], users[LI], today - timedelta(days=2)),
        ])  # fmt: skip
        await uow.commit()


async def _made_on(services: Services, days: int) -> int:
    today, _ = today_in_shanghai(services)
    async with services.db.read() as session:
        count = await session.scalar(
            select(func.count(Visit.id)).where(
                Visit.visited_on == today - timedelta(days=days), Visit.deleted_at.is_(None)
            )
        )
    return int(count or 0)


async def test_a_supervisor_asking_about_today_or_yesterday_gets_that_days_visits(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # "今天王磊拜访了几次？" was answered with the whole week's visits.
    await _seed_days(seeded)
    today, _ = today_in_shanghai(seeded)
    yesterday, before = today - timedelta(days=1), today - timedelta(days=2)
    # In the database: today 张三 2, 李四 1 (and 赵六 of the other team 1); yesterday 张三 1;
    # the day before 李四 1.
    made = [await _made_on(seeded, days) for days in (0, 1, 2)]
    assert made == [4, 1, 1], made
    await in_process_bot.start()

    fake.send_text(SUPERVISOR, "今天张三拜访了几次？")
    answer = (await fake.wait_for(SUPERVISOR)).text
    assert f"今天（{today}）：本人走访 2 次，拜访了 2 个客户" in answer, answer

    fake.send_text(SUPERVISOR, "昨天团队走访了多少次")
    team = (await fake.wait_for(SUPERVISOR)).text
    assert f"昨天：{yesterday}" in team and "共 1 次，涉及 1 个客户" in team, team
    assert "张三：本人走访 1 次" in team and "李四：本人走访 0 次" in team, team

    fake.send_text(SUPERVISOR, "昨天谁没拜访客户？")
    idle = (await fake.wait_for(SUPERVISOR)).text
    assert idle.startswith(f"昨天（{yesterday}）还没有走访记录：李四"), idle

    fake.send_text(SUPERVISOR, f"{before.month}月{before.day}日团队走访了多少次？")
    dated = (await fake.wait_for(SUPERVISOR)).text
    assert f"日期：{before}" in dated and "共 1 次，涉及 1 个客户" in dated, dated
    assert "李四：本人走访 1 次" in dated and "张三：本人走访 0 次" in dated, dated

    fake.send_text(SUPERVISOR, "How many visits did Zhang San make yesterday?")
    english = (await fake.wait_for(SUPERVISOR)).text
    assert f"Yesterday ({yesterday}): made 1 visit, to 1 client" in english, english
    assert fake.rejected == []


@pytest.mark.parametrize(
    ("text", "card_words", "cancel", "cancelled", "question"),
    [
        ("今天拜访了南京钢铁，谈了续约", ("走访记录草稿", "客户：南京钢铁", "内容：续约"), "取消",
         "已取消", "今天拜访了南京钢铁吗？"),
        # "谈了几个项目" tells what was discussed (it was answered with today's visit count);
        # "有没有拜访" asks (it was offered as a visit to log).
        ("今天拜访了南京钢铁，谈了几个项目", ("走访记录草稿", "客户：南京钢铁"), "取消", "已取消",
         "今天有没有拜访南京钢铁"),
        ("visited 南京钢铁 today, discussed renewal",
         ("Visit report draft", "Client: 南京钢铁", "Summary: renewal"), "Cancel", "Cancelled",
         "did I visit 南京钢铁 today?"),
    ],
)  # fmt: skip
async def test_a_manager_telling_a_visit_with_its_day_is_offered_to_log_it(
    fake: FakeTelegram,
    in_process_bot: InProcessBot,
    seeded: Services,
    text: str,
    card_words: tuple[str, ...],
    cancel: str,
    cancelled: str,
    question: str,
) -> None:
    await _seed_days(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, text)
    card = await fake.wait_for(ZHANG)
    assert all(w in card.text for w in card_words), card.text
    assert len(card.buttons) > 1, card.buttons  # confirm, and the rest
    fake.press_button(ZHANG, card.message_id, next(b["callback_data"] for b in card.buttons
                                                   if cancel in b["text"]))  # fmt: skip
    await fake.wait_for(ZHANG, lambda m: cancelled in m.text)
    # Asked, the same words are a question: no draft.
    fake.send_text(ZHANG, question)
    asked = await fake.wait_for(ZHANG)
    assert card_words[0] not in asked.text, asked.text
    assert fake.rejected == []


async def test_a_colleague_asked_for_by_the_name_they_had_before_a_rename_is_found(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # After "/rename 张三 张珊", "今天张三拜访了几次？" found nobody.
    await _seed_days(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "/rename 张三 张珊")
    assert "张三 → 张珊" in (await fake.wait_for(SUPERVISOR)).text
    fake.send_text(SUPERVISOR, "今天张三拜访了几次？")
    answer = (await fake.wait_for(SUPERVISOR, lambda m: "本人走访" in m.text)).text
    said = " ".join(m.text for m in fake.messages_to(SUPERVISOR))
    assert "“张三”已更名为“张珊”" in said and "没有找到" not in said, said
    assert "张珊 · 今天" in answer and "本人走访 2 次，拜访了 2 个客户" in answer, answer
    fake.send_text(SUPERVISOR, "How many visits did Zhang San make today?")
    english = (await fake.wait_for(SUPERVISOR, lambda m: "made" in m.text)).text
    said = " ".join(m.text for m in fake.messages_to(SUPERVISOR))
    assert "张三 has been renamed 张珊" in said and "made 2 visits" in english, english
    assert fake.rejected == []


async def test_a_complaint_told_with_its_day_is_offered_for_filing_not_counted(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # With "今天" read as a period, this was answered with today's complaint figures.
    await _seed_days(seeded)
    await in_process_bot.start()
    fake.send_text(LI, "今天华润万家投诉账单错误")
    asked = (await fake.wait_for(LI)).text
    said = " ".join(m.text for m in fake.messages_to(LI))
    assert asked == "严重程度？", said  # the complaint's draft asks its next step
    assert "新增" not in said and "未结" not in said, said
    assert fake.rejected == []


async def test_yesterdays_visits_exported_in_words_are_that_days_rows_in_a_file_named_by_it(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await _seed_days(seeded)
    today, _ = today_in_shanghai(seeded)
    yesterday = today - timedelta(days=1)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "导出昨天的拜访记录")
    sent = await fake.wait_for(SUPERVISOR, lambda m: m.kind == "document")
    assert sent.filename == f"visits-{yesterday}.xlsx", sent.filename
    assert sent.document is not None
    sheet = load_workbook(io.BytesIO(sent.document)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert len(rows) == await _made_on(seeded, 1) == 1, rows  # 张三's one visit yesterday
    assert "共 1 行" in (sent.text or "") and f"昨天：{yesterday}" in (sent.text or ""), sent.text


async def test_a_one_day_summary_offers_no_eight_week_visits_chart(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """ "/summary today" and "昨天团队走访了多少次" offered 📊 走访图, which drew eight weeks by
    week: no picture of the day asked about. The day's coverage and complaints charts stay; a
    week's summary keeps its visits chart."""
    await _seed_days(seeded)
    await in_process_bot.start()
    for asked in ("/summary today", "/summary yesterday", "昨天团队走访了多少次"):
        fake.send_text(SUPERVISOR, asked)
        day = await fake.wait_for(SUPERVISOR)
        labels = [b["text"] for b in day.buttons]
        assert "📊 走访图" not in labels, (asked, labels)
        if asked.startswith("/summary"):
            assert "📊 覆盖图" in labels and "📊 投诉图" in labels, (asked, labels)
    fake.send_text(SUPERVISOR, "/summary week")
    week = await fake.wait_for(SUPERVISOR)
    assert "📊 走访图" in [b["text"] for b in week.buttons]
    assert fake.rejected == []
