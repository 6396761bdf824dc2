"""Traditional Chinese behaves as Chinese wherever the language is branched on, never as English."""

from __future__ import annotations

import warnings
from datetime import date, timedelta

from bot.handlers.outcome import draft_notice_messages
from bot.render import list_separator, people_line
from bot.render_summary import chart_text
from knowledge.llm import build_messages
from services.assistant.agent import LLM_LANGUAGE
from services.domain import Language
from services.reminders.kinds import Kind


def test_lists_and_titles_take_chinese_punctuation() -> None:
    assert list_separator("zh-Hant") == "、"
    assert (
        people_line("zh-Hant", [("王处长", "科技部"), ("李工", None)]) == "王处长（科技部）、李工"
    )


def test_a_kept_draft_speaks_its_traditional_report_after_a_restart() -> None:
    [(notice, _)] = draft_notice_messages(
        "zh", "Asia/Taipei", Kind.DRAFT_EXPIRED,
        {"lang": "zh-Hant", "flow": "visit", "summary": "华能南京电厂"},
    )  # fmt: skip
    assert notice.startswith("您的走訪記錄草稿超過 30 分鐘沒有操作")
    assert notice.endswith("草稿內容：华能南京电厂")


def test_charts_are_labelled_in_traditional_and_the_font_has_every_character() -> None:
    from services.charts import coverage_chart, visits_chart
    from services.summaries.periods import Period, PeriodKind
    from services.summaries.records import Span, TierCoverage, WeeklyVisits

    text = chart_text("zh-Hant", span_label="本週")
    assert text.visits_title == "每週走訪次數（按走訪人）"
    today = date(2026, 11, 30)
    weeks = tuple(today - timedelta(weeks=7 - i) for i in range(8))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        visits_chart(WeeklyVisits(weeks, (("張三", (1,) * 8),)), text)
        coverage_chart(
            [TierCoverage(None, 2, 0, 2)], Span(Period(PeriodKind.WEEK), today, today, today), text
        )
    assert not [w for w in caught if "missing from" in str(w.message)]


def test_a_language_model_is_told_to_answer_in_traditional() -> None:
    assert LLM_LANGUAGE[Language.ZH_HANT] == "Traditional Chinese"
    system = build_messages("客戶多久走訪一次？", [], "zh-Hant")[0]["content"]
    assert "Traditional Chinese" in system
    assert "Simplified Chinese" in build_messages("客户多久走访一次？", [], "zh")[0]["content"]


def test_a_complaint_told_in_traditional_is_read_as_one_in_simplified() -> None:
    from services.assistant.briefing import briefing_request
    from services.complaint_words import (
        category_named,
        complaint_part,
        guess_category,
        guess_severity,
        looks_like_complaint,
        severity_named,
    )
    from services.policy import Severity, default_policy

    words = default_policy().complaints
    told = "今天去了華潤萬家，見了王經理，客戶反映上月賬單多收了兩千塊，很不滿意"
    assert looks_like_complaint(told)
    assert complaint_part(told) == "客戶反映上月賬單多收了兩千塊，很不滿意"  # as written
    assert guess_category("賬單重複計費", words.category_words) == "billing"
    urgent = "專線中斷了三個小時，客戶很不滿意，要求立即處理"
    assert guess_severity(urgent, words.severity_words) is Severity.CRITICAL
    # The labels a traditional card shows, typed back as an answer or a correction.
    assert severity_named("緊急", words.severity_words) is Severity.CRITICAL
    assert category_named("計費", tuple(words.categories), words.category_words) == "billing"
    assert briefing_request("準備拜訪華能") == "華能"
