"""A manager asking how many times something is done ("一年办几次活动？") is answered only by a
sentence stating a number of times or how often; "哪件事" is a question word, no action the
documents would have to name; "estimate" finds the documents' 预测."""

from __future__ import annotations

from knowledge.answer_units import Unit
from knowledge.answerable import answers_question, lacks_asked_count, unknown_actions
from knowledge.text import query_groups

CLUB = Unit(
    "通过组织活动,让大客户间进行交流与接触,还能在一定程度上促进会员间的横向比较、横向竞争。",
    "完善大客户服务渠道。",
)


def test_how_many_times_is_not_answered_by_a_sentence_with_no_count() -> None:
    assert lacks_asked_count("大客户俱乐部一年办几次活动？", [(0, CLUB)])


def test_how_many_times_is_answered_by_a_frequency_or_a_number_of_times() -> None:
    yearly = Unit("领导每年定期大客户进行走访,征求大客户对产品质量、服务质量等方面的意见。")
    once = Unit("公司领导每年至少走访一次战略大客户。")
    assert not lacks_asked_count("领导一年去几次大客户那里？", [(0, yearly)])
    assert not lacks_asked_count("公司领导一年至少要去大客户那里几次？", [(0, once)])


def test_several_times_and_in_several_goes_ask_no_count() -> None:
    assert not lacks_asked_count("同样的问题三个月里出了好几次，要怎么处理？", [(0, CLUB)])
    assert not lacks_asked_count("让客户补材料，能不能分几次跟他说？", [(0, CLUB)])


def test_which_one_is_no_action_the_documents_must_name() -> None:
    question = "客户意见最大的是哪件事？"
    assert "哪件" not in unknown_actions(question, query_groups(question), lambda w: False)
    reply = Unit("针对客户反映最多的商务损失赔付慢的问题,公司领导亲自过问,使得问题得以最终解决。")
    assert answers_question(question, query_groups(question), lambda w: True, [(0, reply)])


def test_estimate_is_searched_as_the_documents_forecast() -> None:
    groups = query_groups("How can we estimate a customer's future electricity use?")
    assert any("预测" in g for g in groups if "estimate" in g)
