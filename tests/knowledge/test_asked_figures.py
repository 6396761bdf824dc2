"""A question asking which department, which day, what deposit or compensation, how many copies
or sessions, how long something is kept or how long it lasts is answered only by a quote stating
that figure: the rule next to it, without the figure, is refused as not found (a wrong rule quoted
is worse than no answer), and the quote that states it is still answered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from knowledge import KnowledgeBase
from knowledge.answer_units import Unit
from knowledge.answerable import lacks_asked_amount, lacks_asked_count, lacks_asked_figure
from knowledge.text import query_groups
from tests.knowledge.conftest import open_kb

RULES = """# 大客户服务细则

第一条 本细则由公司大客户部负责解释，自2026年1月1日起施行。
第二条 信誉等级为优的客户办理业务免收押金；信誉等级为差的客户必要时要求预付费用或提供担保。
第三条 公司每半年召开一次大客户座谈会，会后15个工作日内形成整改清单，逐项落实到责任部门。
第四条 每次走访后，客户经理应在24小时内填写走访记录。
第五条 因公司原因造成服务失误的，按合同约定减免费用或给予补偿。
第六条 每个大客户建立一份客户档案，档案信息变化的，客户经理应在5个工作日内更新。
第七条 双客户经理项目签约并稳定运行满3个月后，改由一名客户经理服务。
第八条 客户信誉评价依据近12个月的缴费和回款记录。
第九条 客户档案由客户经理妥善保存，不得向外提供。
"""


@pytest.fixture(scope="module")
def rules_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    base = open_kb(tmp_path_factory.mktemp("figures") / "kb")
    base.ingest_bytes("rules.md", RULES.encode())
    try:
        yield base
    finally:
        base.close()


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("这本细则由哪个部门负责解释？", "大客户部"),
        ("本细则自哪一天起施行？", "2026年1月1日"),
        ("信誉为优的客户办业务要交多少押金？", "免收押金"),
        ("每个大客户要建几份档案？", "一份客户档案"),
        ("双客户经理制要持续多久才改成一个客户经理服务？", "3个月"),
    ],
)
def test_a_figure_the_rules_state_is_answered(
    rules_kb: KnowledgeBase, question: str, stated: str
) -> None:
    answer = rules_kb.answer(question)
    assert answer.found and stated in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    [
        "客户信誉评价由哪个部门负责？",
        "大客户座谈会在每年的几号召开？",
        "服务失误的话要给客户补偿多少？",
        "信誉差的客户要交多少押金？",
        "客户档案要保存多久？",
        "一次大客户座谈会要开多久？",
    ],
)
def test_a_figure_the_rules_do_not_state_is_not_found(
    rules_kb: KnowledgeBase, question: str
) -> None:
    answer = rules_kb.answer(question)
    assert not answer.found, answer.text


def _lacks(question: str, text: str) -> bool:
    return lacks_asked_figure(question, [(0, Unit(text))], query_groups(question))


def test_which_department_needs_a_department_named() -> None:
    assert not _lacks("本手册由哪个部门负责解释？", "本手册由公司大客户部负责解释。")
    assert not _lacks("催收方案由主管会同哪个部门制定？", "由主管会同财务部门制定催收方案。")
    assert not _lacks("文章作者是哪个单位的？", "齐齐哈尔供电公司客户服务中心营业及电费室")
    assert not _lacks(
        "Which department interprets the handbook?",
        "The key-account department of the company interprets this handbook.",
    )
    # 单位 is a client too: "哪些单位算…" asks which clients, and a list of them answers it.
    assert not _lacks(
        "哪些单位算重要大客户？", "重要大客户：党政机关、医院、高校等社会影响力大的单位。"
    )
    # 内部, 全部 and "各部门" name no department; "以客户为中心" is no centre.
    assert _lacks("客户档案由哪个部门保管？", "客户档案只能在公司内部按权限查阅，不得向外提供。")
    assert _lacks("哪个部门负责客户评价？", "明确各部门的工作职责，坚持以客户为中心。")
    # An English list of departments is one clause; the clause naming one says what was asked.
    assert not _lacks(
        "Which department coordinates serious complaints?",
        "For a serious complaint the supervisor coordinates the network, technical, billing and"
        " other back-office departments.",
    )
    assert _lacks(
        "Which department handles the credit ratings?",
        "The supervisor and the finance department draw up a collection plan and, if needed,"
        " lower the client's credit rating.",
    )
    assert _lacks(
        "Which department keeps the client files?",
        "Client files are trade secrets; account managers view their own clients.",
    )


def test_which_day_needs_a_day_stated() -> None:
    assert not _lacks("手册几月几日起施行？", "本手册自2026年1月1日起施行。")
    assert not _lacks(
        "What date does the handbook take effect?", "It takes effect on 1 January 2026."
    )
    assert not _lacks("工单哪天要确认？", "后台部门收到工单后，应在当天确认接单。")
    # How often is no day; a deadline in days is no date; "次日" says no day of the month.
    assert _lacks("座谈会每年几号召开？", "公司每半年召开一次大客户座谈会。")
    assert _lacks("整改清单几号要交？", "会后15日内形成整改清单。")
    assert _lacks("回款考核日是每月几号？", "考核日后仍未到账的，客户经理应在次日报告主管。")


def test_a_deposit_or_compensation_needs_a_sum_or_none_charged() -> None:
    assert not _lacks("信誉好的客户要交多少押金？", "信誉等级为优的客户，办理业务免收押金。")
    assert not _lacks("How much deposit do good clients pay?", "Clients rated good pay no deposit.")
    assert not _lacks("押金是多少？", "新装用户须缴纳押金2000元。")
    # "减免费用" is no sum, nor is a sum of something else.
    assert _lacks("服务失误补偿多少？", "按合同约定减免费用或给予补偿。")
    assert _lacks("座谈会的经费预算是多少？", "预计年合同额500万元以上的项目实行双客户经理制。")
    assert _lacks(
        "how much credit can we give a new key account?", "Credit is rated on three levels."
    )
    unit = [(0, Unit("信誉等级为优的客户，办理业务免收押金。"))]
    assert not lacks_asked_amount("押金要交多少钱？", unit)


def test_how_many_copies_or_sessions_needs_that_count() -> None:
    files = [(0, Unit("每个大客户建立一份客户档案。"))]
    forum = [(0, Unit("公司每半年召开一次大客户座谈会。"))]
    assert not lacks_asked_count("每个客户建几份档案？", files)
    assert not lacks_asked_count("座谈会一年开几场？", forum)
    assert lacks_asked_count("客户分析报告要写几篇？", files)
    assert lacks_asked_count("问卷每个客户发几张？", forum)
    assert lacks_asked_count("客户经理每年参加几场培训？", files)
    # A share (份额) is no copy.
    assert not lacks_asked_count("我方的市场份额有多少？", forum)


def test_how_long_kept_needs_a_retention_period_not_a_deadline() -> None:
    record = "每次走访后，客户经理应在24小时内填写走访记录。"
    assert _lacks("走访记录要保存多久？", record)
    assert _lacks(
        "How long are visit records kept?", "A visit record is filled in within 24 hours."
    )
    assert not _lacks("走访记录要保存多久？", "走访记录保存3年。")
    assert not _lacks("档案保留几年？", "客户档案保存期限为五年。")
    assert not _lacks("How long are visit records kept?", "Visit records are kept for 3 years.")


def test_how_long_it_lasts_needs_a_duration_not_a_deadline_for_something_else() -> None:
    forum = "公司每半年召开一次大客户座谈会，会后15个工作日内形成整改清单。"
    assert _lacks("一次座谈会要开多久？", forum)
    assert _lacks("满意度调查结果的有效期多长？", "满意度测评每半年一次。")
    assert not _lacks(
        "双客户经理制持续多久？", "项目签约并稳定运行满3个月后，改由一名客户经理服务。"
    )
    assert not _lacks("培训持续多长时间？", "入职培训为期5天。")
    downgrade = "The account manager applies for a downgrade within 3 working days."
    assert _lacks("How long is the probation period for new account managers?", downgrade)
    assert _lacks("客户经理的试用期是多长时间？", "客户经理应在3个工作日内提出降级申请。")
