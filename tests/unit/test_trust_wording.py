"""Honest wording: counts agree with their nouns, digests count what they list, small talk is talk."""

from __future__ import annotations

from datetime import date

import pytest

from bot.handlers.complaints import time_left
from bot.handlers.reminders import digest_text
from bot.i18n import t
from config.catalog import catalog
from services.labels import GROUPS, label
from services.small_talk import (
    ACK,
    AGENDA,
    CLIENTS,
    GREETING,
    HELP,
    NEW_COMPLAINT,
    NEW_VISIT,
    THANKS,
    small_talk,
)


def test_english_nouns_follow_their_count() -> None:
    assert "(1 day ago)" in t("en", "card.last_visit", date="2026-11-22", days=1, counted="on_site")
    assert "(2 days ago)" in t(
        "en", "card.last_visit", date="2026-11-21", days=2, counted="on_site"
    )
    assert t("en", "rem.group", count=1).endswith("1 client needs a visit</b>")
    assert t("en", "rem.group", count=3).endswith("3 clients need a visit</b>")
    assert "1 row." in t("en", "export.caption", kind="Visits", count=1)
    assert "天" in t("zh", "card.last_visit", date="2026-11-22", days=1, counted="on_site")


def test_no_english_template_says_one_with_a_plural_noun() -> None:
    for key in catalog().keys("en"):
        names = catalog().variables("en", key) & {"count", "days"}
        if not names:
            continue
        text = t("en", key, **dict.fromkeys(catalog().variables("en", key), 1))
        for noun in ("days", "clients", "visits", "rows", "problems", "complaints", "tickets"):
            assert f"1 {noun}" not in text, key


def test_each_stored_value_has_one_label_in_chat() -> None:
    for value in GROUPS["kind"]:
        zh, en = label("zh", "kind", value), label("en", "kind", value)
        assert t("zh", f"sum.kind.{value}") == zh and t("zh", f"visit.kind.{value}").endswith(zh)
        assert t("en", f"sum.kind.{value}") == en
    for value in GROUPS["status"]:
        zh = label("zh", "status", value)
        assert t("zh", f"sum.status.{value}") == t("zh", f"complaint.status.{value}") == zh
    assert t("zh", "complaint.category.billing") == label("zh", "category", "billing") == "计费"


def digest(by_manager: list[tuple[str, int]], total: int) -> dict[str, object]:
    return {
        "day": date(2026, 11, 23), "supervisor": True, "follow_ups": [], "follow_ups_total": 0,
        "overdue": [], "overdue_total": total, "due_week": [], "due_week_total": 0,
        "complaints": [], "complaints_total": 0,
        "by_manager": [{"name": n, "count": c} for n, c in by_manager],
    }  # fmt: skip


def test_a_supervisors_digest_does_not_invent_clients_left_out() -> None:
    text = digest_text("zh", "Asia/Shanghai", digest([("张三", 5), ("李四", 3), ("王五", 1)], 9))
    assert "共 9 个" in text and "还有" not in text
    five = [("张三", 5), ("李四", 3), ("王五", 2), ("赵六", 2), ("钱七", 1)]
    text = digest_text("zh", "Asia/Shanghai", digest(five, 15))
    assert "其他经理还有 2 个" in text  # 15 clients, 13 listed by manager


@pytest.mark.parametrize(
    ("text", "kind"),
    [("你好", GREETING), ("您好！", GREETING), ("Hi there", GREETING), ("谢谢", THANKS),
     ("thank you!", THANKS), ("好的，谢谢", THANKS), ("好的", ACK), ("OK", ACK), ("收到", ACK),
     ("帮助", HELP), ("help", HELP), ("你能做什么？", HELP), ("你好，帮助", HELP), ("菜单", HELP)],
)  # fmt: skip
def test_small_talk_is_recognised(text: str, kind: str) -> None:
    assert small_talk(text) == kind


@pytest.mark.parametrize(
    "text",
    ["我这周还有哪些事要做", "明天有什么事", "这周要做什么", "今天还有什么任务吗？",
     "What do I have this week?", "what's due today", "anything due tomorrow?"],
)  # fmt: skip
def test_what_is_on_asked_in_other_words_lists_the_users_reminders(text: str) -> None:
    # "我这周还有哪些事要做" was searched in the handbook, which answered nothing.
    assert small_talk(text) == AGENDA


@pytest.mark.parametrize(
    "text",
    ["客户经理有哪些工作要做", "走访有哪些要求", "有哪些事项需要注意",
     "What should I do if a client pays late?", "what do I have to prepare for the visit"],
)  # fmt: skip
def test_duties_asked_of_the_handbook_are_not_the_users_agenda(text: str) -> None:
    assert small_talk(text) != AGENDA


@pytest.mark.parametrize(
    ("text", "kind"),
    [("我有哪些客戶？", CLIENTS), ("今天該做什麼？", AGENDA), ("記錄走訪", NEW_VISIT),
     ("登記投訴", NEW_COMPLAINT), ("謝謝", THANKS)],
)  # fmt: skip
def test_small_talk_in_traditional_characters_is_recognised_like_simplified(
    text: str, kind: str
) -> None:
    # "我有哪些客戶？" was answered with the handbook's article on client types.
    assert small_talk(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "你好，报销流程是什么",
        "江苏银行",
        "好的客户怎么定义？",
        "hello world order status",
        "投诉功能怎么用",
        "help me find the visit rule",
        "投诉超期会怎么样？",
        "投诉多久要解决",
        "What happens if a complaint is overdue?",
        "沙钢的投诉",
    ],
)
def test_questions_and_names_are_not_small_talk(text: str) -> None:
    assert small_talk(text) is None


def test_an_answer_is_labelled_in_the_language_it_is_written_in() -> None:
    from bot.render import render_answer
    from knowledge import Answer, Passage

    source = Passage("Travel is refunded within 30 days.", "Handbook", "h.md", "Travel", None,
                     0.9, "d1", "c1")  # fmt: skip
    english = Answer("How fast is travel refunded?", "Within 30 days.", (source,), True, False)
    text = render_answer(english, "zh")
    assert "Sources" in text and "来源" not in text
    chinese = Answer("差旅多久报销？", "30 天内。", (source,), True, False)
    assert "来源" in render_answer(chinese, "en")
    missing = Answer("What is the VPN policy?", "", (), False, False)
    assert render_answer(missing, "zh") == t("en", "ask.not_found")


def test_an_english_preview_holds_as_much_of_the_quote_as_a_chinese_one() -> None:
    """The source line previews the quote up to 80 Chinese characters' worth: cut at 80 letters,
    the English preview ended "4. Critica…", before the rule it quotes."""
    from bot.render import render_answer
    from knowledge import Answer, Passage

    quote = "Counting from the day of acceptance, a complaint is resolved within:\n4. Critical: 1 working day."
    source = Passage(quote, "Handbook", "h.en.md", "Chapter 5 Complaints", None, 0.9, "d1", "c1")
    answer = Answer("How soon must a critical complaint be resolved?", f'"{quote}" [1]',
                    (source,), True, False, (quote,))  # fmt: skip
    sources = render_answer(answer, "en").split("Sources", 1)[1]
    assert "within: 4. Critical: 1 working day." in sources
    long_chinese = "投诉自受理之日起，应在以下时限内处理完毕：" * 5
    chinese = Answer("紧急投诉多久要解决？", f"“{long_chinese}” [1]", (source,), True, False,
                     (long_chinese,))  # fmt: skip
    preview = render_answer(chinese, "zh").split("来源", 1)[1].split("：", 1)[1]
    assert preview.endswith("…”") and len(preview) == 1 + 79 + 2  # 79 characters and …


def test_a_question_of_digits_or_emoji_is_answered_in_the_askers_language() -> None:
    from bot.render import render_answer
    from knowledge import Answer

    for question in ("12345", "👍👍👍", "13817745920"):
        missing = Answer(question, "", (), False, False)
        assert render_answer(missing, "zh") == t("zh", "ask.not_found"), question
        assert render_answer(missing, "en") == t("en", "ask.not_found"), question


@pytest.mark.parametrize(
    ("hours", "zh", "en"),
    [
        (38.72, "（还剩 38 小时）", "(38 h left)"),  # 38 h 43 min: never rounded up to 39
        (-5.9, "已超期 5 小时", "5 h overdue"),
        (0.4, "（还剩不到 1 小时）", "(under 1 h left)"),  # not "0 h left"
        (-0.2, "已超期，不到 1 小时", "overdue, under 1 h"),
        (71.9, "（还剩 2 天）", "(2 days left)"),
    ],
)
def test_time_to_a_complaint_deadline_is_never_shown_longer_than_it_is(
    hours: float, zh: str, en: str
) -> None:
    assert zh in time_left("zh", hours)
    assert en in time_left("en", hours)


def test_a_late_ticket_in_the_reminder_list_says_how_long_past_its_deadline() -> None:
    from datetime import UTC, datetime

    from bot.handlers.reminders import short_text
    from services.reminders.kinds import Kind

    due = datetime(2026, 11, 25, 15, 59, tzinfo=UTC)  # 11-25 23:59 in Shanghai
    now = datetime(2026, 11, 30, 2, 40, tzinfo=UTC)  # 4 days 10 h later
    params = {"client": "华润万家", "ticket": 2, "due_at": due}
    zh = short_text("zh", "Asia/Shanghai", Kind.FIRST_RESPONSE_BREACH, params, now)
    assert "首次联系已超时" in zh and "已超期 4 天" in zh, zh
    en = short_text("en", "Asia/Shanghai", Kind.RESOLUTION_BREACH, params, now)
    assert "resolution overdue" in en and "4 days overdue" in en, en
    # Before the deadline it is the alert still to come, with no time past.
    early = short_text(
        "zh", "Asia/Shanghai", Kind.FIRST_RESPONSE_BREACH, params, due.replace(day=24)
    )
    assert "超期" not in early and "若仍未首次联系" in early, early


def test_a_managers_digest_names_once_the_clients_a_reminder_listed_this_morning() -> None:
    d = {**digest([], 0), "supervisor": False, "overdue_total": 7, "overdue_told": 6,
         "overdue": [{"client": "昨晚提醒过", "days": 24}],
         "due_week_total": 1, "due_week_told": 1}  # fmt: skip
    text = digest_text("zh", "Asia/Shanghai", d)
    assert "拜访已逾期</b>（7）" in text or "拜访已逾期（7）" in text, text
    assert "昨晚提醒过：逾期 24 天" in text and "……还有" not in text, text
    assert "另有 6 个已在今天早些时候的拜访提醒中列出" in text, text
    assert "均已在今天早些时候的拜访提醒中列出（1 个）" in text, text  # the week's one
    english = digest_text("en", "Asia/Shanghai", d)
    assert "…and 6 more clients listed in today's earlier visit reminder" in english, english


def test_the_digests_due_soon_heading_says_the_days_the_due_soon_reminder_goes_ahead() -> None:
    """The digest lists clients due within the policy's remind_days_before days, the day the
    "due soon" reminder says "还有 7 天" included; its heading says that span in each language."""
    d = {**digest([], 0), "supervisor": False, "due_week_total": 1, "due_days": 7,
         "due_week": [{"client": "七天后到期", "due_on": date(2026, 12, 1)}]}  # fmt: skip
    assert "⏰ <b>7 天内到期</b>（1）" in digest_text("zh", "Asia/Shanghai", d)
    assert "⏰ <b>7 天內到期</b>（1）" in digest_text("zh-Hant", "Asia/Shanghai", d)
    assert "⏰ <b>Due within 7 days</b> (1)" in digest_text("en", "Asia/Shanghai", d)
    short = {**d, "due_days": 1}
    assert "⏰ <b>1 天内到期</b>（1）" in digest_text("zh", "Asia/Shanghai", short)
    assert "⏰ <b>Due within 1 day</b> (1)" in digest_text("en", "Asia/Shanghai", short)
    # The reminder sent that day for the same client counts the same 7 days.
    told = t("zh", "rem.cadence_due", client="七天后到期", due="2026-12-01", days=7,
             counted="on_site", last="2026-11-01")  # fmt: skip
    assert "还有 7 天" in told, told
