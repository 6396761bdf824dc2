"""The model's plain answer against what it saw: figures, dates and client names it could not have
read are left out, sentence by sentence; what the data shows in another spelling stays."""

from __future__ import annotations

import pytest

from knowledge.grounding import (
    Evidence,
    check_answer,
    claims_a_write,
    garbled,
    supporting_line,
)
from services.assistant.drafting import invented_numbers, said

NAMES = [("华能南京电厂", ["华能"]), ("中国移动苏州分公司", ["苏州移动"])]
VISITS = (
    '<<<DATA>>>\n[{"visited_on": "2026-11-02", "client": "华能南京电厂", "summary": "谈了二期扩容"},'
    ' {"visited_on": "2026-10-12", "client": "华能南京电厂", "summary": "介绍了新变压器方案"}]'
    "\n<<<END DATA>>>"
)
SUMMARY = '<<<DATA>>>\n{"visits": 7, "clients": 12, "covered": 0.58}\n<<<END DATA>>>'
TICKET = (
    '<<<DATA>>>\n[{"ticket_id": 31, "client": "华能南京电厂",'
    ' "next_deadline": "2026-11-25 03:00:00+00:00"}]\n<<<END DATA>>>'
)


def check(answer: str, *seen: str) -> tuple[str, tuple[str, ...]]:
    checked = check_answer(answer, Evidence(["华能最近拜访都谈了什么？", *seen], "Asia/Shanghai"),
                           NAMES)  # fmt: skip
    return checked.text, checked.dropped


@pytest.mark.parametrize(
    "answer",
    [
        "最近两次拜访华能：11月2日谈了二期扩容；10月12日介绍了新变压器方案。",
        "Your last visits to 华能 were on Nov 2 and 12 October.",
        "On 2026-11-02 you discussed the expansion.",
        "You have 2 recent visits.",  # the model counted the rows it was given
    ],
)
def test_what_the_tool_results_show_stays_whatever_the_spelling(answer: str) -> None:
    assert check(answer, VISITS) == (answer, ())


def test_an_invented_number_takes_its_sentence_out() -> None:
    text, dropped = check("最近一次拜访是11月2日。本季度共拜访了 9 次。", VISITS)
    assert text == "最近一次拜访是11月2日。" and dropped == ("9",)


def test_an_invented_date_or_count_in_characters_is_caught() -> None:
    assert check("上次拜访是11月3日。", VISITS) == ("", ("11-3",))
    assert check("你拜访了五次。", VISITS)[1] == ("五",)


def test_a_client_the_tools_did_not_show_is_left_out() -> None:
    text, dropped = check("华能谈了二期扩容。苏州移动也在谈续约。", VISITS)
    assert text == "华能谈了二期扩容。" and dropped == ("苏州移动",)


def test_figures_of_a_summary_and_a_deadline_in_the_users_time_stay() -> None:
    assert check("本周拜访 7 次，覆盖 12 个客户中的 58%。", SUMMARY)[1] == ("58",)
    assert check("覆盖率 0.58。", SUMMARY)[1] == ()
    # 03:00 UTC is 11:00 in Shanghai: both spellings of the deadline are the data's.
    assert check("工单 #31 须在 11月25日 11:00 前处理。", TICKET)[1] == ()
    assert check("工单 #31 须在 11月25日 03:00 前处理。", TICKET)[1] == ()
    assert check("工单 #32 须在 11月25日 11:00 前处理。", TICKET)[1] == ("32",)


def test_an_answer_without_figures_and_citations_is_left_alone() -> None:
    answer = "根据制度，优质客户需要定期走访 [1]。"
    assert check(answer) == (answer, ())


def test_drafts_believe_only_what_the_user_wrote() -> None:
    assert said("华能", "昨天去了 华能，谈了续约")
    assert said("ＡＢＣ Corp", "visited abc corp today")
    assert not said("华能", "今天去了苏州移动")
    assert invented_numbers("报价 150 万", "报价120万") == ["150"]
    assert invented_numbers("报价 1,200 元", "报价1200元") == []


@pytest.mark.parametrize(
    "sentence",
    ["南京金鑫物流的工单#4已为您标记解决。", "投诉已登记。", "好的，已记录。", "我帮您记下了",
     "我已经把工单#4关闭了", "记录已保存", "保存成功", "已为您保存，还需要别的吗？",
     "I've logged the visit.", "The visit has been saved.", "I closed the ticket for you."],
)  # fmt: skip
def test_a_sentence_saying_the_assistant_saved_or_changed_something_is_a_claim(
    sentence: str,
) -> None:
    assert claims_a_write(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["工单 #6 已关闭。", "工单#1已解决，客户满意。", "华能已有两条走访记录。", "我找到了3条记录。",
     "为您找到3条走访记录。", "我可以帮您记录这次拜访。", "要我帮您登记吗？", "点 ✅ 确认 后才会保存",
     "Ticket #3 was resolved on Nov 26.", "I can log it for you if you want.",
     "I have found 3 clients.", "最近一次拜访的记录已经有一个月了。"],
)  # fmt: skip
def test_a_status_the_data_reports_an_offer_or_a_finding_is_no_claim(sentence: str) -> None:
    assert not claims_a_write(sentence)


def test_claims_are_left_out_only_when_the_turn_offered_no_card() -> None:
    evidence = Evidence(["帮我把工单关了"], "Asia/Shanghai")
    answer = "已为您关闭工单。这个工单不是您的。"
    checked = check_answer(answer, evidence, [], nothing_written=True)
    assert checked.text == "这个工单不是您的。" and checked.claims == ("已为您关闭工单。",)
    assert check_answer(answer, evidence, []).text == answer


def test_after_a_refused_change_the_status_it_asked_for_is_a_claim() -> None:
    assert not claims_a_write("工单 #6 已关闭。")  # a status the data reports
    assert claims_a_write("工单 #6 已关闭。", tried=True)
    assert claims_a_write("The ticket is now resolved.", tried=True)
    assert not claims_a_write("您有3个提醒。", tried=True)


@pytest.mark.parametrize(
    ("reply", "unusable"),
    [('{"name": "list_clients", "arguments": {}}', True),
     ('```json\n{"name": "x"}\n```', True), ('<tool_call>{"name":"x"}</tool_call>', True),
     ('[{"client": "华能"', True), ("\x00<<<DATA>>>", True),
     ("您有 3 个客户：华能、苏州移动。", False), ("[1] 信誉较差的客户每月走访一次。", False),
     ("{好的}", False), ("I found it in the handbook [1].", False)],
)  # fmt: skip
def test_a_tool_call_or_markup_written_as_text_is_unusable(reply: str, unusable: bool) -> None:
    assert garbled(reply) is unusable


TWO_CLIENTS = (
    '<<<DATA>>>\n{"clients": [{"name": "江苏沙钢集团有限公司", "last_visit_on": "2026-08-17"},'
    ' {"name": "江苏银行股份有限公司", "last_visit_on": "2026-07-30"}], "more": false}'
    "\n<<<END DATA>>>"
)
TWO_NAMES = [("江苏沙钢集团有限公司", ["沙钢"]), ("江苏银行股份有限公司", ["江苏银行"])]


@pytest.mark.parametrize(
    "answer",
    ["You last visited 江苏沙钢集团有限公司 on 2026-07-30.",
     "沙钢最近一次拜访是7月30日，江苏银行是8月17日。",
     "江苏银行 on 2026-08-17 and 沙钢 on 2026-07-30."],
)  # fmt: skip
def test_a_date_said_of_the_wrong_client_is_left_out(answer: str) -> None:
    # Both dates were in the list, swapped between the two clients: the user read that Shagang
    # was last visited on 江苏银行's date.
    checked = check_answer(answer, Evidence(["我最近拜访沙钢和江苏银行是什么时候？", TWO_CLIENTS],
                                            "Asia/Shanghai"), TWO_NAMES)  # fmt: skip
    assert checked.text == "" and checked.dropped


@pytest.mark.parametrize(
    "answer",
    ["You last visited 江苏沙钢集团有限公司 on 2026-08-17.",
     "沙钢最近一次拜访是8月17日，江苏银行是7月30日。",
     "On 2026-07-30 you visited 江苏银行, and on 2026-08-17 沙钢.",
     "江苏银行和沙钢分别在7月30日和8月17日拜访过。"],
)  # fmt: skip
def test_a_date_said_of_its_own_client_stays(answer: str) -> None:
    checked = check_answer(answer, Evidence(["我最近拜访沙钢和江苏银行是什么时候？", TWO_CLIENTS],
                                            "Asia/Shanghai"), TWO_NAMES)  # fmt: skip
    assert checked.text == answer and checked.dropped == ()


def test_a_visits_dates_stay_with_the_client_the_sentence_names() -> None:
    answer = "华能最近两次拜访：11月2日谈了二期扩容，10月12日介绍了新变压器方案。"
    assert check(answer, VISITS) == (answer, ())


HANDBOOK = (
    '<<<DATA>>>\n{"passages": [{"n": 1, "title": "大客户服务政策手册", "section": "走访周期", '
    '"text": "第十五条 客户经理走访。\\n1. 信誉等级为“优”的客户，每6个月至少走访一次，两次走访间隔不超过180天；'
    "\\n3. 信誉等级为“差”的客户，每月至少走访一次，两次走访间隔不超过30天。\\n第二十条 到期提醒。 "
    '投诉受理后1个工作日内联系客户，24小时内上报。约20%的客户贡献约80%的收入。"}]}\n<<<END DATA>>>'
)


@pytest.mark.parametrize(
    "answer",
    ["信誉较差的客户至少每15天走访一次[1]。",  # 15 was only 第十五条's
     "两次走访间隔不超过20天[1]。",  # 20 was only 20%'s
     "Poor clients are visited at least every 20 days [1].",
     "投诉受理后24个工作日内联系客户[1]。"],  # 24 was hours
)  # fmt: skip
def test_a_period_the_documents_never_give_in_that_unit_is_left_out(answer: str) -> None:
    assert check(answer, HANDBOOK)[0] == ""


@pytest.mark.parametrize(
    "answer",
    ["信誉较差的客户每月至少走访一次，两次走访间隔不超过30天[1]。",
     "优质客户每六个月至少走访一次，间隔不超过180天[1]。",
     "Poor clients: at least monthly, no more than 30 days apart [1].",
     "受理后一个工作日内联系客户，24 hours 内上报[1]。",
     "Contact the client within 1 working day [1]."],
)  # fmt: skip
def test_a_period_the_documents_give_stays_in_either_language(answer: str) -> None:
    assert check(answer, HANDBOOK) == (answer, ())


def test_a_days_count_a_tool_gives_as_a_number_stays() -> None:
    overdue = (
        '<<<DATA>>>\n{"overdue": [{"client": "华能南京电厂", "days_overdue": 24}]}\n<<<END DATA>>>'
    )
    answer = "华能南京电厂已逾期24天。"
    assert check(answer, overdue) == (answer, ())
    assert check("你问的是30天没拜访的客户。", "哪些客户30天没拜访了？")[1] == ()


CADENCE = (
    "第十五条 客户经理走访。 客户经理按客户的信誉等级定期上门走访所辖客户：\n"
    "1. 信誉等级为“优”的客户，每6个月至少走访一次，两次走访间隔不超过180天；\n"
    "2. 信誉等级为“中”的客户，每季度至少走访一次，两次走访间隔不超过90天；\n"
    "3. 信誉等级为“差”的客户，每月至少走访一次，两次走访间隔不超过30天。\n"
    "第十六条 战略大客户。 战略大客户不论信誉等级，两次走访间隔不超过60天。"
)


@pytest.mark.parametrize(
    ("answer", "line"),
    [("信誉较差的客户至少每月走访一次，间隔不超过30天[1]。", "3. 信誉等级为“差”的客户"),
     ("中等客户每季度至少一次[1]。", "2. 信誉等级为“中”的客户"),
     ("战略大客户两次走访间隔不超过60天[1]。", "第十六条 战略大客户"),
     ("Poor-rated clients: at least monthly, no more than 30 days apart [1].",
      "3. 信誉等级为“差”的客户")],
)  # fmt: skip
def test_a_cited_passage_is_quoted_at_the_line_the_answer_draws_on(answer: str, line: str) -> None:
    assert supporting_line(CADENCE, answer, 1).startswith(line)


def test_a_passage_the_answer_shares_nothing_with_is_quoted_from_its_start() -> None:
    assert supporting_line(CADENCE, "见手册[1]。", 1).startswith("第十五条")
