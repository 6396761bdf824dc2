"""A manager's spoken question is checked for what it really asks: a reduplicated verb (查查), a
guess glued to a spoken question word (啥样, 多紧) or a measure word (露个面) is no action the
documents never name, "几步" is answered by "9个步骤", a deadline stated as "within the handling
time" answers by when, "写些啥" asks for a list, and a rhetorical question in the text is never
quoted as the answer."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answer_units import Unit
from knowledge.answerable import (
    focus_words,
    lacks_asked_count,
    lacks_asked_time,
    lacks_focus,
    unknown_actions,
)
from knowledge.answering import listed_things
from knowledge.lexicon import lexicon
from knowledge.retrieval import DenseSignal, is_near_miss, is_relevant
from knowledge.text import normalize, query_groups
from tests.knowledge.test_answer_kinds import _quoted


def _unknown(question: str) -> list[str]:
    # As if the documents used every word: only the spoken words' own cut is left to judge.
    never_used = {"开会", "讲究"}
    return unknown_actions(question, query_groups(question), lambda w: w not in never_used)


@pytest.mark.parametrize(
    ("question", "spoken"),
    [
        ("同样的毛病老是出，要不要开会查查原因？", "查查"),
        ("啥样的客户才算战略大客户？", "啥样"),
        ("評級一般的客戶我隔多久得去露個面？", "个面"),
        ("快到回款考核日了，要盯得多紧？", "多紧"),
    ],
)
def test_a_spoken_form_is_not_an_action_the_documents_never_name(
    question: str, spoken: str
) -> None:
    assert spoken not in _unknown(question)


def test_a_verb_the_documents_never_use_is_still_an_unknown_action() -> None:
    assert "开会" in _unknown("同样的毛病老是出，要不要开会查查原因？")


def test_how_many_steps_is_answered_by_a_number_of_steps_with_a_classifier() -> None:
    steps = [(0, Unit("供电企业可将制定大客户营销策略计划分为以下9个步骤:"))]
    assert not lacks_asked_count("做电力大客户营销计划分几步走？", steps)
    days = [(0, Unit("战略大客户不论信誉等级，两次走访间隔不超过60天；"))]
    assert lacks_asked_count("做电力大客户营销计划分几步走？", days)


def test_a_deadline_stated_as_within_another_deadline_answers_by_when() -> None:
    within = [(0, Unit("补救方案应在该投诉的处理时限内提出。"))]
    assert not lacks_asked_time("補救方案最晚什麼時候要拿出來？", within)
    untimed = [(0, Unit("补救措施包括：当面或书面致歉；说明原因和整改计划。"))]
    assert lacks_asked_time("補救方案最晚什麼時候要拿出來？", untimed)


@pytest.mark.parametrize(
    "question",
    [
        "How long is the induction training for new account managers?",
        "新客户经理入职培训要多长时间？",
    ],
)
def test_regularly_says_how_often_not_how_long(question: str) -> None:
    # The telecom and power articles train account managers "regularly": that is no length of
    # training, and an unanswerable question quoting it reads as if it were answered.
    regular = [(0, Unit("需要通过定期加强业务培训和业务练兵,以此提高大客户经理的综合素质。"))]
    assert lacks_asked_time(question, regular)
    timed = [(0, Unit("新入职的客户经理参加为期5天的集中培训。"))]
    assert not lacks_asked_time(question, timed)
    # How often is still answered by it.
    assert not lacks_asked_time("How often are account managers trained?", regular)


def test_a_count_of_days_is_a_frame_not_the_thing_asked_about() -> None:
    assert "天数" not in focus_words("礼拜六礼拜天算不算进处理天数里？")


@pytest.mark.parametrize(
    ("question", "listed"),
    [("拜访记录里都得写些啥？", "写"), ("手册里客户投诉分几个等级？", "等级")],
)
def test_what_things_and_how_many_grades_ask_for_a_list(question: str, listed: str) -> None:
    assert listed in listed_things(normalize(question))


def test_a_rhetorical_question_in_the_text_is_not_quoted_first() -> None:
    # It shares every word of the question ("那么营销管理到底该管些什么呢?") and answers nothing.
    quoted = _quoted(
        "换了渠道以后，客户怎么管？",
        "渠道变了，客户到底该怎么管呢？",
        "渠道改变以后，应将原来的客户先行集中管理。",
    )
    assert "先行集中管理" in quoted[0], quoted


def test_a_sentence_summing_up_what_came_before_is_not_quoted_first() -> None:
    quoted = _quoted(
        "怎么判断大客户？",
        "根据以上因素，我们可准确判断大客户。",
        "判断大客户主要看客户群体的数量、社会影响力和收入。",
    )
    assert "主要看客户群体的数量" in quoted[0], quoted


def test_a_list_counting_its_parts_answers_which_parts() -> None:
    # "哪几块" names no thing to find in a list's head; "按三组指标评价" counts the parts asked for.
    quoted = _quoted(
        "客户满不满意从哪几块来打分？",
        "客户满不满意，回访时请客户按1至5分打分。",
        "客户满意度按三组指标评价：\n1. 产品类指标；\n2. 服务类指标；\n3. 购买类指标。",
    )
    assert any("三组指标" in q for q in quoted), quoted


def test_a_spoken_why_asks_for_the_reason() -> None:
    assert any(kind.name == "reason" for kind in lexicon().kinds_asked("供电公司为啥要细分客户"))


@pytest.mark.parametrize(
    ("spoken", "written"),
    [("礼拜六", "周六"), ("国庆", "节假日"), ("过期", "逾期"), ("生效", "施行")],
)
def test_an_everyday_word_is_searched_with_the_word_the_handbook_writes(
    spoken: str, written: str
) -> None:
    assert any(spoken in group and written in group for group in query_groups(f"{spoken}怎么算"))


def test_a_word_the_documents_never_use_is_not_said_by_characters_scattered_over_a_list() -> None:
    # 备 of 设备配置 in one item, 份 of 一份客户档案 in the head: nothing on backups.
    archive = Unit("每个大客户建立一份客户档案，至少包括：\n1. 基本信息；\n3. 设备配置情况；")
    question = "大客户的业务数据多久备份一次？"
    in_documents = {"大客户", "客户", "业务", "数据", "一次"}.__contains__
    assert lacks_focus(question, query_groups(question), in_documents, [(0, archive)])


def _signal(similarity: float, margin: float) -> DenseSignal:
    return DenseSignal(similarity, False, similarity - margin)


def test_a_chinese_question_just_under_the_gate_with_half_its_words_found_is_a_near_miss() -> None:
    assert not is_relevant(_signal(0.896, 0.045), 0.45)
    assert is_near_miss(_signal(0.896, 0.045), 0.45)
    assert not is_near_miss(_signal(0.896, 0.045), 0.2)  # few of its words anywhere
    assert not is_near_miss(_signal(0.896, 0.02), 0.45)  # as near the weather as the rules
    english = DenseSignal(0.896, False, 0.851, english_question=True)
    assert not is_near_miss(english, 0.45)


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("走访快到期了会不会提前提醒我？", "系统在客户走访到期前7天"),
    ],
)
def test_a_colloquial_question_just_under_the_gate_is_answered_with_its_rule(
    handbook: KnowledgeBase, question: str, rule: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, answer.text
    assert rule in answer.quotes[0], answer.text


@pytest.mark.parametrize(
    "question",
    ["大客户的业务数据多久备份一次？", "客户经理的提成怎么算？", "客户经理每年的销售指标是多少？"],
)
def test_a_question_just_under_the_gate_on_what_the_handbook_never_says_stays_refused(
    handbook: KnowledgeBase, question: str
) -> None:
    answer = handbook.answer(question)
    assert not answer.found, answer.text


@pytest.mark.parametrize(
    ("question", "stem"), [("信誉等级怎么评出来的？", "评出来"), ("战略目标怎么定下来？", "定下来")]
)
def test_a_verb_asked_how_with_a_direction_is_checked_by_its_stem(question: str, stem: str) -> None:
    # "怎么评出来": 出来 says where the result goes, not what is asked; the quote need not say it,
    # and a one-character stem (评) is too short to be checked at all.
    assert stem not in focus_words(question)
    rule = [(0, Unit("第十二条 信誉等级。 公司对大客户实行信誉评价，信誉等级分为优、中、差三级。"))]
    assert not lacks_focus(question, query_groups(question), lambda w: w != stem, rule)


def test_how_many_of_a_thing_is_answered_only_by_a_number_of_that_thing() -> None:
    # "最多管多少个客户" was answered with the visit cadence ("第十五条 客户经理走访…每6个月").
    cadence = [(0, Unit("第十五条 客户经理走访。 客户经理按客户的信誉等级定期上门走访所辖客户：\n"
                        "1. 信誉等级为“优”的客户，每6个月至少走访一次。"))]  # fmt: skip
    assert lacks_asked_count("客户经理一个人最多管多少个客户？", cadence)
    grades = [(0, Unit("第二十七条 严重程度。 投诉按严重程度分为低、中、高、紧急四级："))]
    assert not lacks_asked_count("手册里客户投诉分几个等级？", grades)
    referrals = [(0, Unit("100位满意的客户大约会带来25位新客户。"))]
    assert not lacks_asked_count("100个满意的客户会带来多少个新客户？", referrals)
    # Not a count of things: a time is the time checks' to judge.
    assert not lacks_asked_count("投诉要在几个工作日内处理完？", cadence)
