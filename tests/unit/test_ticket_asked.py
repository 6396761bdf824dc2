"""A complaint ticket asked after by its number ("7号投诉怎么样了？", "工单#7", "ticket #7") is that
ticket; a day of the month, a history question or a complaint told are not."""

from __future__ import annotations

from services.complaint_words import ticket_asked


def test_a_ticket_asked_after_by_its_number_is_that_ticket() -> None:
    for text in (
        "7号投诉怎么样了？", "7号投诉", "7号工单", "#7", "工单#7", "工单 #7", "投诉#7现在什么状态",
        "#7投诉处理得怎么样了", "7号工单进展如何", "7號投訴怎麼樣了？", "工單#7",
        "ticket #7", "Ticket 7", "complaint #7?", "status of ticket #7", "how is ticket #7 going?",
        "what's the status of complaint 7",
    ):  # fmt: skip
        assert ticket_asked(text) == 7, text


def test_a_day_a_history_or_a_complaint_told_is_no_ticket_asked() -> None:
    for text in (
        "7号投诉谁改过？", "7号拜访了宝钢", "本月投诉情况", "12月7号的投诉", "7号投诉已经解决了，退了两条专线的费用",
        "华润万家7号来电投诉账单多收", "#7 visit", "7", "7号", "第7条",
    ):  # fmt: skip
        assert ticket_asked(text) is None, text
