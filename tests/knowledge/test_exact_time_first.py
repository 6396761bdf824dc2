"""A question asking how often, how soon or how many people is answered first by the rule stating
exactly that, even when word overlap left it out of the quote; a loose "定期" (regularly) is no
time, "三个领域" counts no people, a frequency is no deadline, and a sibling's rule never wins.
No model is loaded here."""

from __future__ import annotations

import pytest

from knowledge.answer_units import Unit
from knowledge.answerable import lacks_asked_count, lacks_asked_time, lacks_focus, states_asked
from knowledge.answering import select_sentences
from knowledge.lexicon import lexicon
from knowledge.text import normalize, query_groups
from knowledge.types import Passage


def _states(question: str, text: str) -> bool:
    states = states_asked(question)
    assert states is not None, question
    return states(Unit(text))


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("信誉差的客户多久走访一次？", "信誉等级为“差”的客户，每月至少走访一次。"),
        ("紧急投诉多久要解决？", "4. 紧急：1个工作日。"),
        ("走访完多久要把记录填好？", "每次走访后，客户经理应在24小时内填写走访记录。"),
        ("大客户座谈会多久开一次？", "公司每半年召开一次大客户座谈会。"),
        ("战略大客户的走访周期是多长？", "战略大客户不论信誉等级，两次走访间隔不超过60天。"),
        ("How often is a client rated poor visited?", "Clients rated poor: at least once a month."),
        ("大客户服务团队有几人？", "大客户服务团队由5名客户经理组成。"),
    ],
)
def test_a_unit_stating_the_time_or_people_asked_states_it(question: str, text: str) -> None:
    assert _states(question, text)


@pytest.mark.parametrize(
    ("question", "text"),
    [
        # "Regularly" says there is a time, not which.
        ("新来的客户经理要培训多久？", "需要通过定期加强业务培训，提高客户经理的素质。"),
        ("客户经理多久要参加一次培训？", "要组织经常性的培训工作，定期考核。"),
        # Three fields are not three people.
        ("供电公司的大客户服务团队有几人？", "服务团队的工作分为营销、技术、服务三个领域。"),
        # One group of clients is not one person.
        ("供电公司的大客户服务团队有几人？", "将相似需求的客户归类到一个客户群当中。"),
        # A frequency is not the delay asked for.
        ("流失的客户过多久可以重新去开发？", "公司每半年召开一次大客户座谈会。"),
        # A deadline is not how often.
        ("信誉差的客户多久走访一次？", "客户经理应在3个工作日内提出降级申请。"),
    ],
)
def test_a_loose_time_or_count_is_not_stating_what_was_asked(question: str, text: str) -> None:
    assert not _states(question, text)


# Three sentences sharing every word of the question fill the quote; the rows stating how often
# come later.
CHATTER = (
    "信誉较差的客户走访一次要带齐资料。信誉较差的客户走访一次后要填写记录。"
    "信誉较差的客户走访一次要报告主管。"
)
GOOD = "信誉等级为“优”的客户，每6个月至少走访一次。"
POOR = "信誉等级为“差”的客户，每月至少走访一次。"


def _quoted(question: str, *texts: str) -> list[str]:
    passages = [
        Passage(text, "手册", "手册.md", None, None, 1.0, "d", f"c{n}")
        for n, text in enumerate(texts)
    ]
    norm = normalize(question)
    picked = select_sentences(
        passages, query_groups(question), lambda word: 1.0, None, (), lexicon().asked(norm),
        kinds=lexicon().kinds_asked(norm), states_asked=states_asked(question),
    )  # fmt: skip
    return [unit.text for _, unit in picked]


def test_the_rule_stating_how_often_is_quoted_first_from_outside_the_quote() -> None:
    quoted = _quoted("信誉较差的客户多久要走访一次？", CHATTER, GOOD, POOR)
    assert quoted[0] == POOR, quoted
    # The sibling's rule (优: every 6 months) states a frequency too and never wins.
    assert GOOD not in quoted, quoted
    assert len(quoted) == 3, quoted


def test_a_loose_time_outside_the_quote_is_not_quoted_first() -> None:
    training = "新来的客户经理培训要带齐资料。新来的客户经理培训后要填写记录。新来的客户经理培训要报告主管。"
    regular = "新来的客户经理要定期培训。"
    quoted = _quoted("新来的客户经理要培训多久？", training, regular)
    assert regular not in quoted[:1], quoted


def test_a_few_is_no_count_asked_and_how_many_people_needs_people() -> None:
    share = [(0, Unit("通常约20%的客户贡献约80%的收入。"))]
    # "少数几个大户": a few big clients, not a question of how many.
    assert not lacks_asked_count("是不是大部分收入都是少数几个大户贡献的？", share)
    roles = [(0, Unit("主管：大客户部经理或区域大客户团队负责人。"))]
    assert lacks_asked_count("大客户部有几个人？", roles)
    assert not lacks_asked_count("大客户部有几个人？", [(0, Unit("大客户部共有12人。"))])


def test_a_qualifier_named_in_the_askers_words_is_said_by_the_row_of_its_value() -> None:
    deadlines = "投诉自受理之日起，应在以下时限内处理完毕："
    high = [(0, Unit("3. 高：3个工作日；", intro=deadlines))]
    urgent = [(0, Unit("4. 紧急：1个工作日；", intro=deadlines))]

    def known(word: str) -> bool:
        # The documents grade complaints 低/中/高/紧急 and never write 高级别 or 级别.
        return word not in {"高级", "级别", "高级别"}

    assert not lacks_focus("高级别投诉几天内要处理完？", [], known, high)
    # Another value's row does not say it.
    assert lacks_focus("高级别投诉几天内要处理完？", [], known, urgent)


def test_regularly_does_not_answer_how_soon_or_how_long_but_answers_how_often() -> None:
    regular = [(0, Unit("需要通过定期加强业务培训，提高客户经理的素质。"))]
    assert lacks_asked_time("新来的客户经理要培训多久？", regular)
    assert lacks_asked_time("出了服务失误要多快补救？", regular)
    assert not lacks_asked_time("客户经理多久要参加一次培训？", regular)
    assert not lacks_asked_time("How often are account managers trained?", regular)
