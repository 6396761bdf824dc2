"""A complaint's severity is taken from its text only when stated plainly; otherwise it is asked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from services.complaint_words import guess_category
from services.complaint_words import guess_severity as guess_with
from services.policy import Severity, default_policy, parse_policy
from tests.unit.test_policy import policy_data as shipped_policy_data

WORDS = default_policy().complaints  # the shipped words, from config/policy.toml


def guess_severity(
    text: str, words: Mapping[Severity, Sequence[str]] | None = None
) -> Severity | None:
    return guess_with(text, WORDS.severity_words if words is None else words)


def test_plain_words_give_the_severity() -> None:
    assert guess_severity("江苏银行网络中断，非常紧急") is Severity.CRITICAL
    assert guess_severity("情况严重，客户很不满") is Severity.HIGH
    assert guess_severity("This is urgent: the line is down") is Severity.CRITICAL
    # "很急" was asked while "urgent" was critical
    assert guess_severity("宝钢专线从早上开始断断续续，很急") is Severity.CRITICAL
    assert guess_severity("非常急，客户全厂网络时断时续") is Severity.CRITICAL


def test_hedged_denied_or_mixed_severity_is_asked() -> None:
    for text in ("比较紧急", "客户说有点紧急", "不太紧急", "不紧急，下周处理即可", "not urgent",
                 "somewhat urgent", "轻微故障但是很紧急", "账单问题比较严重", "不是很急",
                 "有点急"):  # fmt: skip
        assert guess_severity(text) is None, text


def test_names_with_common_characters_do_not_set_a_severity() -> None:
    assert guess_severity("中国移动苏州分公司反映发票开错了") is None
    assert guess_severity("高压线路施工延期") is None


def test_an_english_severity_is_a_whole_word_not_part_of_another() -> None:
    for text in ("please follow up", "it lasted below an hour", "a highly unhappy client",
                 "slowly getting worse", "allow two days"):  # fmt: skip
        assert guess_severity(text) is None, text
    assert guess_severity("Low priority: a typo on the invoice") is Severity.LOW


def test_a_chinese_severity_word_counts_only_in_its_sense() -> None:
    # "一般" meaning "usually" is not "medium"; "严重程度" is the label, not "serious".
    for text in ("客户一般周一对账，这次账单多收了两千元", "网络一般在晚上卡顿，客户不满"):
        assert guess_severity(text) is None, text
    assert guess_severity("严重程度一般，发票抬头开错了") is Severity.MEDIUM
    assert guess_severity("严重程度：紧急，全市网点断网") is Severity.CRITICAL


def test_a_service_down_is_critical_in_either_language() -> None:
    for text in ("华能电厂厂区停电了，客户很不满", "江苏银行全网中断两小时", "苏州移动断网了",
                 "核心系统宕机", "Baosteel had a network outage this morning",
                 "two outages this week", "a blackout at the plant",
                 # "中断" was critical while "went down" was asked
                 "SF Express's dedicated line went down for 2 hours yesterday",
                 "their VPN is down"):  # fmt: skip
        assert guess_severity(text) is Severity.CRITICAL, text


def test_a_service_that_did_not_go_down_sets_no_severity() -> None:
    for text in ("不是停电，是账单开错了", "没有断网，但网速慢", "there was no outage, the bill is wrong",
                 "not an outage, a billing error"):  # fmt: skip
        assert guess_severity(text) is None, text


def test_a_service_down_in_plain_english_is_a_product_quality_complaint() -> None:
    for text in ("the 5G network went down again for an hour", "their line is down",
                 "the VPN was down all morning", "the dedicated line is not working",
                 "核心系统宕机"):  # fmt: skip
        assert guess_category(text, WORDS.category_words) == "product_quality", text


def test_refunds_and_dropped_or_sluggish_lines_have_their_category() -> None:
    for text in ("客户要求退款", "上月多收的费用要求退费", "They want a refund for November"):
        assert guess_category(text, WORDS.category_words) == "billing", text
    for text in ("专线老是断线", "视频会议卡顿严重", "网速慢得没法用", "the line dropped three times",
                 "the VPN keeps dropping", "users get disconnected every hour"):  # fmt: skip
        assert guess_category(text, WORDS.category_words) == "product_quality", text


def test_a_visit_without_an_appointment_or_a_call_not_taken_is_a_service_complaint() -> None:
    # "the installer came without an appointment again" was asked its category.
    for text in ("Jinxin says the installer came without an appointment again",
                 "the engineer never showed up", "装维人员上门未提前预约", "客服打了三次都不接电话",
                 "对方觉得我们很敷衍"):  # fmt: skip
        assert guess_category(text, WORDS.category_words) == "service", text


def test_a_companys_own_words_in_the_policy_set_the_severity_and_category() -> None:
    # Before, the words lived in code: "割接失败" (a failed cutover) could not be made critical
    # without a release. Now an admin adds it to config/policy.toml.
    assert guess_severity("昨晚割接失败，客户业务受影响") is None
    data = shipped_policy_data()
    data["complaints"]["severity_words"]["critical"].append("割接失败")
    data["complaints"]["category_words"]["product_quality"].append("割接")
    own = parse_policy(data).complaints
    assert guess_with("昨晚割接失败，客户业务受影响", own.severity_words) is Severity.CRITICAL
    assert guess_category("昨晚割接失败", own.category_words) == "product_quality"
    assert guess_with("客户说不算割接失败", own.severity_words) is None  # hedged: asked


def test_the_same_problem_complained_of_again_is_high() -> None:
    """Handbook Art. 27: 高 covers 同一问题重复投诉."""
    for text in ("发票又开错了，客户这是第二次投诉", "沙钢重复投诉账单多收费", "客户再次投诉装维人员态度差",
                 "A repeat complaint about the invoice", "Baosteel complained again about billing"):  # fmt: skip
        assert guess_severity(text) is Severity.HIGH, text
    assert guess_severity("重复投诉，专线中断") is None  # two severities: asked


def test_a_line_told_down_since_an_hour_is_a_critical_fault() -> None:
    # "专线从9点就断了" and "has been down since 9am" gave no severity and no category: the card
    # asked both of a branch line down all morning.
    for text in ("宁波银行今天上午打电话来，说分行专线从9点就断了", "网络从昨晚开始就断了",
                 "Ningbo Bank called this morning, their branch dedicated line has been down "
                 "since 9am", "the line is dead, down since 9am"):  # fmt: skip
        assert guess_severity(text) is Severity.CRITICAL, text
        assert guess_category(text, WORDS.category_words) == "product_quality", text
    # Said plainly too: still one severity, not two to ask between.
    assert guess_severity("专线从9点就断了，非常紧急") is Severity.CRITICAL
    # Not down: no severity given.
    for text in ("专线不是断了，是网速慢", "从9点就断了联系", "the line has been slow since 9am"):
        assert guess_severity(text) is None, text
