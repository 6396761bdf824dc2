"""A question asking for a sum of money (price, fee, salary, revenue) is answered only by a sentence
stating one: a rule about the same people or service that names no sum is no answer to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from knowledge import KnowledgeBase
from knowledge.answer_units import Unit
from knowledge.answerable import (
    lacks_asked_amount,
    lacks_asked_count,
    lacks_asked_share,
    lacks_calculation,
)
from tests.knowledge.conftest import open_kb

POLICY = """# 大客户经理制度

供电企业应提高大客户经理在企业中的地位和待遇，并予以充分授权。
理想的大客户经理必须具备电力专业技术知识、财务知识、计算机知识和沟通技巧。
大客户专线开通后，客户经理每月回访一次，了解专线的使用情况。
新拓展的大型项目，预计年合同额500万元以上的，实行双客户经理制。
对战略大客户，在公司政策允许的范围内，给予价格和付款方式上的优惠。
电力销售的全过程由业务扩充、变量用电业务和电费管理三位一体组成，共分9个步骤。
"""


@pytest.fixture(scope="module")
def policy_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    base = open_kb(tmp_path_factory.mktemp("amounts") / "kb")
    base.ingest_bytes("policy.md", POLICY.encode())
    try:
        yield base
    finally:
        base.close()


@pytest.mark.parametrize(
    "question",
    [
        "大客户经理的月工资是多少？",
        "大客户专线多少钱一个月？",
        "How much is the fee for a key-account line?",
    ],
)
def test_a_price_or_pay_question_is_refused_when_no_sentence_states_a_sum(
    policy_kb: KnowledgeBase, question: str
) -> None:
    answer = policy_kb.answer(question)
    assert not answer.found, answer.text


def test_a_sum_that_is_stated_is_quoted(policy_kb: KnowledgeBase) -> None:
    answer = policy_kb.answer("大型项目的年合同额要多少才实行双客户经理制？")
    assert answer.found and "500万元" in answer.text


def test_questions_about_counts_ratios_and_times_are_not_money_questions() -> None:
    ratio = [(0, Unit("争取一个新客户的成本约为维系一个满意客户的5倍。"))]
    assert not lacks_asked_amount("获得一个新客户的成本是保持一个满意客户的几倍？", ratio)
    assert not lacks_asked_amount("How many other clients feel the same?", ratio)
    assert not lacks_asked_amount("峰谷电价的时段是怎么划分的？", ratio)
    assert lacks_asked_amount("移動公司的5G套餐資費是多少？", ratio)
    assert not lacks_asked_amount("套餐资费是多少？", [(0, Unit("套餐月费为128元。"))])


def test_a_question_asking_how_many_years_or_months_needs_that_number_quoted() -> None:
    # A rule in days is no answer to how many years a contract runs (gate_calibration's 签几年).
    days = [(0, Unit("战略大客户不论信誉等级，两次走访间隔不超过60天；"))]
    assert lacks_asked_count("大客户合同最长可以签几年？", days)
    assert lacks_asked_count("合同一般签多少个月？", days)
    months = [(0, Unit("连续2个月欠费的客户，系统自动发出欠费预警。"))]
    assert not lacks_asked_count("客户欠费连续几个月要发预警？", months)
    years = [(0, Unit("框架合同期限一般为3年，期满可续签。"))]
    assert not lacks_asked_count("大客户合同一般签几年？", years)
    # Not a count: "in recent years" asks nothing in years.
    assert not lacks_asked_count("近几年大客户流失的主要原因是什么？", days)


def test_a_contract_length_question_is_refused_when_only_visit_intervals_are_stated(
    policy_kb: KnowledgeBase,
) -> None:
    answer = policy_kb.answer("大客户专线合同最长可以签几年？")
    assert not answer.found, answer.text


def test_a_question_asking_how_many_people_needs_a_number_of_people_quoted() -> None:
    team = [(0, Unit("公司从各生产企业调来一批高技术人才，成立了专门的技术服务部。"))]
    assert lacks_asked_count("技术服务部一共有多少人？", team)
    assert lacks_asked_count("大客户服务团队有几人？", team)
    # People counted in any classifier of them answer it.
    assert not lacks_asked_count(
        "收到一个投诉，背后还有多少人一样不满？",
        [(0, Unit("每收到一个客户的投诉，就意味着还有20个同感的客户。"))],
    )
    assert not lacks_asked_count(
        "投诉背后还有多少人？", [(0, Unit("背后往往还有约20位有同样感受的客户。"))]
    )


TECH_SERVICE = """# 技术服务

公司从各生产企业调来一批高技术人才，成立了专门的技术服务部。
技术服务部对客户进行技术指导，对后加工工艺、加工温度进行跟踪指导。
技术服务部还根据客户的需要，与客户一起研究，克服产品本身带来的缺陷。
"""


@pytest.mark.parametrize("question", ["技术服务部一共有多少人？", "技术服务部有几人？"])
def test_a_head_count_question_is_refused_when_the_documents_state_none(
    kb: KnowledgeBase, question: str
) -> None:
    # Was answered with what the department does and where its staff came from.
    kb.ingest_bytes("tech.md", TECH_SERVICE.encode())
    assert not kb.answer(question).found
    assert kb.answer("技术服务部给客户做些什么？").found


def test_how_much_it_costs_or_pays_in_english_needs_a_sum_quoted() -> None:
    club = [(0, Unit("还可以通过组织“大客户俱乐部”的方式，吸引大客户，维系大客户。"))]
    assert lacks_asked_amount("How much does it cost to join the key-account club?", club)
    escalation = [(0, Unit("Once the deadline has passed, the complaint is escalated one level."))]
    assert lacks_asked_amount("How much overtime pay do account managers get?", escalation)
    assert lacks_asked_amount("How much does a key-account manager earn a year?", escalation)
    # A share is no sum earned.
    warning = [
        (0, Unit("1. monthly volume falls by more than 20% against the same month last year"))
    ]
    assert lacks_asked_amount("How much does an account manager earn a year?", warning)
    assert not lacks_asked_amount(
        "How much does a key account pay a month?", [(0, Unit("月费128元"))]
    )
    # None charged is a sum, and how much more it costs asks for a ratio.
    good = [(0, Unit("Clients rated good: may be served first and billed later, pay no deposit."))]
    assert not lacks_asked_amount("How much deposit do clients rated good pay?", good)
    ratio = [(0, Unit("争取一个新客户的成本约为维系一个满意客户的5倍。"))]
    assert not lacks_asked_amount(
        "How much more does it cost to win a new customer than to keep one?", ratio
    )


def test_a_discount_question_is_refused_when_no_quote_states_a_share(
    policy_kb: KnowledgeBase,
) -> None:
    # The rule says there are preferential terms for strategic accounts, not how much off.
    answer = policy_kb.answer("给战略大客户的折扣是多少？")
    assert not answer.found, answer.text


def test_a_discount_is_stated_by_a_percentage_or_a_tenths_price() -> None:
    terms = [(0, Unit("在公司政策允许的范围内，给予价格和付款方式上的优惠。"))]
    assert lacks_asked_share("老客户续约能优惠几个点？", terms)
    assert lacks_asked_share("What discount do strategic accounts get?", terms)
    assert not lacks_asked_share("大客户有优惠吗？", terms)  # whether, not how much
    assert not lacks_asked_share("大客户能打几折？", [(0, Unit("续约客户可享受九折优惠。"))])
    stated = [(0, Unit("Clients who pay early get a 5% discount."))]
    assert not lacks_asked_share("What discount do clients who pay early get?", stated)


def test_how_a_charge_is_calculated_is_refused_when_no_quote_states_a_figure_for_it(
    policy_kb: KnowledgeBase,
) -> None:
    # What electricity sales consist of names 电费 but reckons nothing; "9个步骤" counts steps.
    answer = policy_kb.answer("大客户的电费怎么计算？")
    assert not answer.found, answer.text


def test_a_calculation_is_stated_by_a_figure_or_a_reckoning_in_the_sentence_naming_it() -> None:
    groups = [("处理时限", "时限"), ("投诉",)]
    deadlines = Unit(
        "第二十八条 处理时限。 投诉自受理之日起，应在以下时限内处理完毕：\n1. 低：10个工作日；"
    )
    assert not lacks_calculation("投诉的处理时限怎么计算？", [(0, deadlines)], groups)
    days = Unit("法定节假日不算工作日，因调休上班的周六、周日算作工作日。")
    assert not lacks_calculation("工作日怎么算？", [(0, days)], [("工作日",)])
    skills = Unit("理想的大客户经理必须具备财务知识、计算机知识和沟通技巧。")
    assert lacks_calculation(
        "大客户经理的提成怎么算？", [(0, skills)], [("大客户经理",), ("提成",)]
    )
    assert not lacks_calculation("大客户经理要具备哪些知识？", [(0, skills)], [("大客户经理",)])


_TERMS_BY_RATING = Unit(
    "1. 信誉等级为“优”的客户：可先服务后结算，办理业务免收押金，续约时可争取更优惠的价格；\n"
    "2. 信誉等级为“中”的客户：享受标准服务，办理重大业务前须核实回款情况；\n"
    "3. 信誉等级为“差”的客户：加密走访，新增业务须经主管审批，必要时要求预付费用或提供担保。",
    intro="第十四条 差异化服务。 服务按信誉等级区别对待：",
)


def test_a_deposit_asked_for_one_rating_needs_that_ratings_item_to_state_it() -> None:
    # "免收押金" is the good-rated client's term, not the poor-rated one's deposit
    assert lacks_asked_amount("信誉等级差的客户要交多少押金？", [(0, _TERMS_BY_RATING)])
    assert not lacks_asked_amount("信誉等级为优的客户要交多少押金？", [(0, _TERMS_BY_RATING)])
    assert lacks_asked_amount("What deposit do poor-rated clients put down?", [(0, Unit(""))])


def test_the_poor_rated_clients_deposit_is_refused_on_the_handbook(
    handbook: KnowledgeBase,
) -> None:
    answer = handbook.answer("信誉等级差的客户要交多少押金？")
    assert not answer.found, answer.text
    answer = handbook.answer("信誉好的客户办业务要交押金吗？")
    assert answer.found
    assert "免收押金" in answer.text
