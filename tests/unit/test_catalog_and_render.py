"""The message catalog is complete in both languages, and replies are escaped and split safely."""

from __future__ import annotations

import re
from datetime import date

from bot.i18n import Html, t
from bot.render import SPLIT_AT, client_card, split_message, visit_card
from bot.render_summary import chart_text
from config.catalog import LANGUAGES, catalog
from services.domain import ClientCard, ContactInfo, CreditRating, Strategy, Tier


def test_every_key_exists_in_both_languages_with_the_same_placeholders() -> None:
    keys = {lang: set(catalog().keys(lang)) for lang in LANGUAGES}
    assert keys["zh"] == keys["en"]
    for key in keys["zh"]:
        assert catalog().variables("zh", key) == catalog().variables("en", key), key


def test_catalog_entries_are_valid_telegram_html() -> None:
    allowed = {"b", "i", "u", "s", "code", "pre", "a", "blockquote"}
    for lang in LANGUAGES:
        for key in catalog().keys(lang):
            # Rendered with harmless values: what a user can receive, plural variants included.
            for n in (1, 2):
                template = t(lang, key, **dict.fromkeys(catalog().variables(lang, key), n))
                tags = re.findall(r"</?([a-z-]+)", template)
                assert set(tags) <= allowed, (lang, key, tags)
                assert "&" not in template.replace("&lt;", "").replace("&gt;", "").replace(
                    "&amp;", ""
                ), key


def test_parameters_are_escaped_so_a_client_name_cannot_break_a_message() -> None:
    text = t("zh", "card.title", name="<A&B> 精细化工")
    assert text == "🏢 <b>&lt;A&amp;B&gt; 精细化工</b>"
    assert t("en", "card.title", name=Html("<i>x</i>")) == "🏢 <b><i>x</i></b>"


def test_long_replies_are_split_under_the_telegram_limit_on_line_breaks() -> None:
    lines = [f"<b>第{i}行</b> " + "客户" * 40 for i in range(200)]
    pieces = split_message("\n".join(lines))
    assert len(pieces) > 1
    assert all(len(p) <= SPLIT_AT for p in pieces)
    assert "\n".join(pieces) == "\n".join(lines)


def test_a_single_huge_line_is_cut_outside_entities() -> None:
    line = "&amp;" * 2000
    pieces = split_message(line)
    assert "".join(pieces) == line
    assert all(p.endswith(";") for p in pieces)


def test_the_card_shows_what_a_manager_needs_in_their_language() -> None:
    card = ClientCard(
        id=1, name="华能南京电厂", aliases=("华能",), tier=Tier.IMPORTANT,
        credit_rating=CreditRating.POOR, strategy=Strategy.DEVELOP, industry="电力", region="南京",
        address=None, latitude=None, longitude=None, owner_name="张三", owner_telegram_id=11,
        notes="二期扩容", last_visit_on=date(2026, 11, 1),
        contacts=(ContactInfo("张总", "设备部主任", "13800000001", True),),
    )  # fmt: skip
    zh = client_card("zh", card, date(2026, 11, 23), counted="on_site")
    assert "重要大客户" in zh and "信誉等级：差" in zh and "22 天前" in zh and "决策人" in zh
    en = client_card("en", card, date(2026, 11, 23), counted="on_site")
    assert "Credit rating: Poor" in en and "22 days ago" in en
    # Only on-site visits keep the cadence by default: a later phone call must not read as the
    # last visit, so the card says which visit it means; with every kind counting, just "visit".
    assert "最近上门走访：2026-11-01" in zh and "Last on-site visit: 2026-11-01" in en
    assert "最近走访：2026-11-01" in client_card("zh", card, date(2026, 11, 23), counted="other")


def test_a_client_to_develop_reads_as_not_visited_on_site_when_only_on_site_visits_count() -> None:
    assert t("zh", "sum.reason.develop_stale", days=202, counted="on_site") == (
        "发展客户，已 202 天未上门走访"
    )
    assert t("en", "sum.reason.develop_stale", days=202, counted="on_site") == (
        "a client to develop, no on-site visit for 202 days"
    )
    assert (
        t("en", "sum.reason.develop_never", counted="other") == "a client to develop, never visited"
    )


def test_the_people_on_a_visit_card_are_punctuated_in_the_cards_language() -> None:
    card = {"client_name": "交通银行", "visited_on": "2026-11-27", "kind": "phone", "summary": "x",
            "people": [{"name": "Wang", "title": "Director"}, {"name": "Li", "title": None}]}  # fmt: skip
    assert "People: Wang (Director), Li" in visit_card("en", card)
    card["people"] = [{"name": "王处长", "title": "信息科技部"}, {"name": "李工", "title": None},
                      {"name": "沈主任", "title": "主任"}]  # fmt: skip
    assert "人员：王处长（信息科技部）、李工、沈主任\n" in visit_card("zh", card)


def test_a_visit_cards_days_carry_their_weekday_in_the_cards_language() -> None:
    # "next Friday" said on a Monday: the card shows which Friday was understood.
    card = {"client_name": "沙钢", "visited_on": "2026-11-30", "visited_time": "afternoon",
            "summary": "x", "next_step": "follow up next Friday", "follow_up_on": "2026-12-11"}  # fmt: skip
    english = visit_card("en", card)
    assert (
        "When: 2026-11-30 (Mon) afternoon" in english and "Follow-up: 2026-12-11 (Fri)" in english
    )
    chinese = visit_card("zh", card)
    assert "时间：2026-11-30（周一）下午" in chinese and "跟进日期：2026-12-11（周五）" in chinese
    assert "跟進日期：2026-12-11（週五）" in visit_card("zh-Hant", card)


def test_a_client_cards_other_names_are_listed_in_the_cards_language() -> None:
    card = ClientCard(id=1, name="交通银行上海市分行", aliases=("交行", "Bank of Communications"),
                      tier=None, credit_rating=None, strategy=None, industry=None, region=None,
                      address=None, latitude=None, longitude=None, owner_name="李婷",
                      owner_telegram_id=None, notes=None, last_visit_on=None)  # fmt: skip
    assert "交行, Bank of Communications" in client_card(
        "en", card, date(2026, 11, 30), counted="on_site"
    )
    assert "交行、Bank of Communications" in client_card(
        "zh", card, date(2026, 11, 30), counted="on_site"
    )


def test_a_visit_card_with_one_on_record_that_day_says_which_before_confirming() -> None:
    card = {"client_name": "华能南京电厂", "visited_on": "2026-11-23", "kind": "on_site",
            "summary": "谈了二期扩容", "same_day": {"id": 42, "author": "张三"}}  # fmt: skip
    assert "已有走访记录 #42（张三）" in visit_card("zh", card)
    assert "already has visit #42 on that day (张三)" in visit_card("en", card)
    assert "#42" not in visit_card("zh", {**card, "same_day": None})


def test_a_manager_without_clients_is_told_why_their_client_list_is_empty() -> None:
    from bot.render_summary import render_page
    from services.summaries.periods import Period, PeriodKind
    from services.summaries.records import ListKind, Page, Span

    day = date(2026, 11, 30)
    span = Span(Period(PeriodKind.WEEK), day, day, day)
    page: Page[object] = Page(ListKind.CLIENTS, span, total=0, offset=0, items=())
    text, buttons = render_page("zh", page, counted="on_site", own=True)
    assert "您名下还没有客户" in text and "没有符合条件的记录" not in text and buttons == []
    english, _ = render_page("en", page, counted="on_site", own=True)
    assert "You have no clients yet" in english
    # A supervisor's empty list of a filter is still just empty.
    overdue = Page(ListKind.OVERDUE, span, total=0, offset=0, items=())
    assert "没有符合条件的记录" in render_page("zh", overdue, counted="on_site", own=True)[0]


def test_a_high_complaints_alert_is_not_called_urgent_which_is_the_critical_label() -> None:
    from bot.handlers.reminders import notice_text
    from services.reminders.kinds import Kind

    params = {"ticket": 7, "client": "交通银行上海市分行", "owner": "李婷", "recipient": "周建国",
              "description": "专线断了两个小时", "due_at": None}  # fmt: skip
    high = {**params, "severity": "high"}
    alert = notice_text("zh", "Asia/Shanghai", Kind.ALERT, high)
    assert alert.startswith("🚨 投诉上报 #7：交通银行上海市分行（高）") and "紧急" not in alert
    held = notice_text("zh", "Asia/Shanghai", Kind.ALERT_HELD, high)
    assert held.startswith("⚠️ 投诉 #7（交通银行上海市分行）") and "紧急投诉" not in held
    assert "Urgent" not in notice_text("en", "Asia/Shanghai", Kind.ALERT, high)
    critical = {**params, "severity": "critical"}
    assert "🚨 紧急投诉 #7" in notice_text("zh", "Asia/Shanghai", Kind.ALERT, critical)
    assert "urgent complaint #7" in notice_text("en", "Asia/Shanghai", Kind.ALERT_HELD, critical)


def test_an_offer_from_the_assistant_names_the_client_in_the_readers_language() -> None:
    from bot.handlers.assistant import render_proposal
    from services.assistant.tools import Proposal

    ticket = Proposal("ticket", 7, ("respond",), "江苏沙钢集团有限公司", label_en="Shagang Group")
    english, _ = render_proposal("en", ticket)
    assert "#7 (Shagang Group)" in english and "江苏" not in english, english
    chinese, _ = render_proposal("zh", ticket)
    assert "江苏沙钢集团有限公司" in chinese and "Shagang" not in chinese, chinese
    plain = Proposal("snooze", 3, ("1", "3", "7"), "南京金鑫物流有限公司")  # no English name
    assert "南京金鑫物流有限公司" in render_proposal("en", plain)[0]


def test_an_english_charts_row_labels_start_with_a_capital_and_chinese_ones_are_unchanged() -> None:
    english = chart_text("en", span_label="")
    assert [english.tiers[k] for k in ("important", "strategic")] == ["Important", "Strategic"]
    assert english.statuses["open"] == "Awaiting response"
    chinese_text = chart_text("zh", span_label="")
    assert chinese_text.tiers["group"] == "集团大客户" and chinese_text.statuses["open"] == "待响应"
