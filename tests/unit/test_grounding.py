"""The model's plain answer against what it saw: figures, dates and client names it could not have
read are left out, sentence by sentence; what the data shows in another spelling stays."""

from __future__ import annotations

import pytest

from services.assistant.drafting import invented_numbers, said
from services.assistant.grounding import Evidence, check_answer

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
