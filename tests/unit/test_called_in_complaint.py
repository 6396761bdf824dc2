"""A client calling in a fault or a complaint is a complaint to file, not a visit of the manager's;
a visit report telling of a fault fixed stays a visit, and a question stays a question."""

from __future__ import annotations

from services.complaint_words import (
    looks_like_complaint,
    received_by_reporter,
    tells_called_in_complaint,
    tells_complaint_in_own_words,
    tells_new_complaint,
    tells_ticket_contact,
)


def test_a_client_calling_in_a_fault_or_a_complaint_is_told_apart() -> None:
    for text in (
        "宁波银行今天上午打电话来，说分行专线从9点就断了，非常紧急",
        "Ningbo Bank called this morning, their branch dedicated line has been down since 9am, "
        "very urgent",
        "客户来电投诉网点专线昨天断了三个小时",
        "刚接到华润万家的电话，说账单重复扣费",
        "The client rang to complain about a double charge",
        "Got a call from CR Vanguard: they were charged twice for November",
        "宁波银行给我打电话，说呼叫中心中继又断了",
        "寧波銀行今天上午打電話來，說分行專線從9點就斷了",  # traditional, as some type
        "I got a call from Bank of Ningbo: the line is down",
        "Bank of Ningbo called: their branch line has been down since 9am, very urgent",
        "Huaneng rang, the plant line is down again",
        # A line failing in the words people type (before, these were drafted as phone visits).
        "Jiangsu Bank called, their ATM network has been dropping since this morning, very urgent",
        "Trina Solar called: internet offline since 9am",
        "Shagang rang, they cannot connect to the VPN since Monday",
        # The client phoned to complain: no "来" after the call (was offered as a visit first).
        "顺丰上海昨天下午打电话投诉，说快递柜的物联网卡掉线两天了，很不满意",
        "交行今天电话投诉网银专线断了",
    ):
        assert tells_called_in_complaint(text), text


def test_the_manager_calling_out_a_visit_a_settled_fault_or_a_question_is_no_call_in() -> None:
    for text in (
        "今天给宁波银行打了电话，客户投诉专线断了",  # the manager called out: a visit and complaint
        "I called Ningbo Bank this morning, their line has been down since 9am",
        "Called Ningbo Bank today, the line has been down since 9am",
        "去了宁波银行，上次断网已修复，客户满意",
        "今天拜访了宁波银行，柴总说昨天客户打电话来投诉网点断网",  # a visit told: it stays one
        "宁波银行今天上午打电话来，确认了下周的会议时间",  # a call, no complaint
        "专线断了怎么处理？",
        "客户来电说上次断网已经解决了，很满意",
        "I called Huaneng: their line is down",
        "今天我打电话投诉了运营商的专线故障，已经修好了",
    ):
        assert not tells_called_in_complaint(text), text


def test_words_of_a_fault_or_charge_told_otherwise_are_a_complaint() -> None:
    for text in ("宁波银行分行专线从9点就断了", "华润万家账单重复扣费",
                 "their line has been down since 9am", "they found a double charge"):  # fmt: skip
        assert looks_like_complaint(text) and tells_new_complaint(text), text
    assert not looks_like_complaint("专线从9点就断了怎么处理？")
    for text in ("Visited Shagang, discussed the network upgrade plan, prices dropped 5%",
                 "Met Mr Liu, talked about a new service failover design"):  # fmt: skip
        assert not looks_like_complaint(text), text


def test_a_client_calling_in_is_no_contact_of_the_managers_with_a_ticket() -> None:
    assert not tells_ticket_contact("客户打电话来投诉专线断了")
    assert tells_ticket_contact("华润万家那个工单我已经打电话联系过客户了")


def test_a_complaint_told_in_its_own_words_is_told_apart_from_a_ticket_pointed_at() -> None:
    for text in ("今天给宁波银行打了电话，客户投诉账单重复扣费",
                 "I called Ningbo Bank, the client complained about a double charge"):  # fmt: skip
        assert tells_complaint_in_own_words(text), text
    for text in ("那个工单我已经打电话联系过客户了", "华润万家那个投诉我已经打电话联系过客户了",
                 "华能电厂那个断网的工单我已经打电话联系过客户了",
                 "I called Ningbo Bank about the complaint"):  # fmt: skip
        assert tells_ticket_contact(text) and not tells_complaint_in_own_words(text), text


def test_a_call_the_reporter_took_is_received_by_them_and_one_that_reached_another_is_asked() -> (
    None
):
    for text in (
        "江苏银行打电话来投诉，说网银登录不了",
        "宁波银行今天上午打电话来，说分行专线从9点就断了，非常紧急",
        "刚接到华润万家的电话，说账单重复扣费",
        "今天上午9点接到宁波银行电话，专线断了",
        "客户来电投诉网点专线昨天断了三个小时",
        "宁波银行给我打电话，说呼叫中心中继又断了",
        "寧波銀行今天上午打電話來，說分行專線從9點就斷了",
        "Bank of Ningbo called this morning, their branch line has been down since 9am",
        "I got a call from Bank of Ningbo: the line is down",
        "Got a call from CR Vanguard: they were charged twice for November",
    ):
        assert received_by_reporter(text), text
    for text in (
        "小王接到宁波银行的电话，说专线断了",  # a colleague took it
        "客服接到华润万家的电话，说账单重复扣费",
        "宁波银行致电客服热线，说专线断了",
        "宁波银行给我们打电话，说专线断了",  # "us": whoever of the company answered
        "宁波银行来电由值班员接听，说专线断了",
        "Bank of Ningbo called our hotline: the line is down",
        "Bank of Ningbo called us this morning, the line is down",
        "Wang got a call from Bank of Ningbo: the line is down",
        "今天给宁波银行打了电话，客户投诉专线断了",  # the manager called out: not a call-in
        "宁波银行分行专线从9点就断了",  # no call told: who received it is not known
    ):
        assert not received_by_reporter(text), text


def test_a_line_told_down_in_the_past_tense_is_a_fault_called_in_and_sales_down_are_not() -> None:
    # Drafted as a phone visit: "was down" (the policy's own severity word) told no fault here.
    for text in (
        "Bank of Communications called: their leased line was down for 3 hours this morning, "
        "they want a written explanation",
        "BoCom called, the ATMs were down all morning",
        "Jiangsu Bank rang: their network was down again yesterday",
        "Huaneng called, the plant's lines are down since 9am",
    ):
        assert tells_called_in_complaint(text), text
        assert looks_like_complaint(text), text
    for text in (
        "Visited Shagang, their sales were down 5% this quarter",
        "Met Mr Liu at Huaneng, orders are down this year, discussed the renewal",
    ):
        assert not looks_like_complaint(text), text
