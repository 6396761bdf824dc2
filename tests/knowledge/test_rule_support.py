"""A rule the model states, measured against the sample handbooks' articles: the handbook's own
rules said in other words are supported by their article, invented ones by no article; offers,
questions and the user's own data state no rule; and the answer check leaves an invented rule out."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest

from knowledge.grounding import Evidence, check_answer
from knowledge.rule_support import states_a_rule, support, supported

ROOT = Path(__file__).resolve().parents[2]
_ARTICLE = re.compile(r"(?m)^\*\*(?:第[一二三四五六七八九十百]+条|Article \d+)")


def articles() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "knowledge" / "samples").glob("service-policy-handbook.*.md")):
        text = path.read_text(encoding="utf-8")
        starts = [m.start() for m in _ARTICLE.finditer(text)] + [len(text)]
        out += [text[a:b].split("\n#", 1)[0].strip() for a, b in pairwise(starts)]
    return out


ARTICLES = articles()


def article(name: str) -> str:
    return next(a for a in ARTICLES if a.startswith(f"**{name} "))


@pytest.mark.parametrize(("sentence", "source"), [
    ("信誉较差的客户，新增业务须经主管审批[1]。", "第十四条"),
    ("信用不好的客户要开新业务，得先让主管审批才行[1]。", "第十四条"),
    ("按规定，走访完24小时内就要把走访记录填好[1]。", "第二十二条"),
    ("主管每季度应至少走访一次团队里的每家重要大客户和战略大客户。", "第十七条"),
    ("首先接到投诉的员工就是首问责任人，不得以“不归我管”推诿[1]。", "第二十四条"),
    ("You need your supervisor's approval before taking on new business with a client rated poor [1].",
     "Article 14"),
    ("A back-office department must confirm a ticket the same day [1].", "Article 31"),
    ("紧急投诉必须在1个工作日内解决[1]。", "Article 28"),
])  # fmt: skip
def test_a_handbook_rule_in_other_words_is_supported_by_its_article(
    sentence: str, source: str
) -> None:
    assert states_a_rule(sentence)
    assert supported(sentence, [article(source)]), support(sentence, article(source))


@pytest.mark.parametrize("sentence", [
    "紧急投诉须客户签字确认。",
    "信誉较差的客户新增业务须经总经理签字批准。",
    "客户经理不得在周末走访客户。",
    "信誉等级为“优”的客户可以享受九折优惠[1]。",
    "回访得分低于3分的，客户经理须扣发当月奖金[1]。",
    "A critical complaint must be signed off by the client before it is closed [1].",
    "Clients rated good are allowed a 10% discount on renewal [1].",
    "Account managers must not accept gifts or dinners from clients.",
])  # fmt: skip
def test_an_invented_rule_is_supported_by_no_article_of_either_handbook(sentence: str) -> None:
    assert states_a_rule(sentence)
    assert not supported(sentence, ARTICLES)


def test_a_sentence_joining_two_articles_is_supported_clause_by_clause() -> None:
    joined = "紧急投诉须在1个工作日内处理完毕，并且还要同时报告分管领导[1][2]。"
    assert not supported(joined, [article("第二十八条")])
    assert supported(joined, [article("第二十八条"), article("第二十九条")])
    invented = "紧急投诉须在1个工作日内处理完毕，并须经客户签字确认[1]。"
    assert not supported(invented, ARTICLES)


@pytest.mark.parametrize("sentence", [
    "如需帮助，我可以帮您起草走访记录。",
    "需要我帮您查一下手册吗？",
    "手册中没有找到关于客户签字的规定。",
    "华能南京电厂需要尽快安排走访。",
    "工单 #12 需要在明天之前首次联系客户。",
    "您有3个客户需要走访。",
    "You have 2 tickets that need a first contact today.",
    "I can look that up in the handbook if you like.",
    "The handbook does not say the client must sign.",
    "您好，今天有什么可以帮您？",
])  # fmt: skip
def test_offers_questions_and_the_users_own_data_state_no_rule(sentence: str) -> None:
    assert not states_a_rule(sentence, ["华能南京电厂", "华能"])


def _passages(*texts: str) -> str:
    rows = [{"n": n, "title": "服务政策手册", "section": "", "text": t}
            for n, t in enumerate(texts, start=1)]  # fmt: skip
    return "<<<DATA>>>\n" + json.dumps({"passages": rows}, ensure_ascii=False) + "\n<<<END DATA>>>"


def test_the_answer_check_leaves_out_a_rule_no_passage_given_says() -> None:
    evidence = Evidence(["紧急投诉要签字吗", _passages(article("第二十八条"))], "Asia/Shanghai")
    answer = "紧急投诉应在1个工作日内处理完毕[1]。紧急投诉须客户签字确认[1]。"
    checked = check_answer(answer, evidence, (), rules=True)
    assert checked.text == "紧急投诉应在1个工作日内处理完毕[1]。"
    assert checked.rules == ("紧急投诉须客户签字确认[1]。",) and not checked.dropped
    # Without passages at all, a rule is said by nothing; without `rules`, nothing changes.
    assert check_answer("紧急投诉须客户签字确认。", Evidence([], "UTC"), (), rules=True).text == ""
    assert check_answer(answer, evidence, ()).text == answer


def test_the_dev_set_keeps_right_rules_and_drops_invented_ones() -> None:
    """evals/rules/rule_support_dev.jsonl against every article (bench/rule_support_bench.py prints
    the figures): a floor, so a change that drops right answers shows."""
    cases = [json.loads(line) for line in
             (ROOT / "evals" / "rules" / "rule_support_dev.jsonl").read_text(encoding="utf-8").splitlines()]  # fmt: skip
    right = [c["sentence"] for c in cases if c["expect"] == "kept"]
    invented = [c["sentence"] for c in cases if c["expect"] == "dropped"]
    kept = sum(supported(s, ARTICLES) for s in right)
    dropped = sum(not supported(s, ARTICLES) for s in invented)
    assert kept == len(right), kept
    assert dropped >= 0.9 * len(invented), dropped
