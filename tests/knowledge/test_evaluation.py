"""The evaluation: hit@1, hit@3, MRR and answer accuracy per retrieval mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import Answer, KnowledgeBase, Passage, evaluate, load_eval_cases
from knowledge.evaluation import EvalCase, answered_right, contains_expected

TINY = Path(__file__).with_name("tiny_eval.jsonl")


def _passage(text: str) -> Passage:
    return Passage(text, "t", "s", None, None, 1.0, "d", text)


class ScriptedKB:
    """Returns fixed passages and answers, to check the arithmetic."""

    def __init__(self, ranked: dict[str, list[str]], answers: dict[str, str]) -> None:
        self.ranked = ranked
        self.answers = answers

    def search(self, question: str, *, k: int = 5, mode: str = "hybrid") -> list[Passage]:
        return [_passage(t) for t in self.ranked[question][:k]]

    def answer(self, question: str, *, mode: str = "hybrid") -> Answer:
        text = self.answers.get(question, "")
        return Answer(question, text, (), bool(text), False)


def test_metrics_are_computed_from_the_rank_of_the_first_matching_passage() -> None:
    cases = [
        EvalCase("q1", ("甲",), "exact"),
        EvalCase("q2", ("乙",), "paraphrase"),
        EvalCase("q3", ("丙",), "exact"),
        EvalCase("q4", (), "unrelated"),
    ]
    kb = ScriptedKB(
        {"q1": ["甲在这里", "x"], "q2": ["x", "y", "乙在第三"], "q3": ["x", "y"], "q4": ["x"]},
        {"q1": "答案：甲", "q2": "答案：无关"},
    )
    report = evaluate(kb, cases, modes=("hybrid",))  # type: ignore[arg-type]
    scores = report.modes["hybrid"]
    assert scores.cases == 3
    assert scores.hit_at_1 == pytest.approx(1 / 3)
    assert scores.hit_at_3 == pytest.approx(2 / 3)
    assert scores.mrr == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert scores.answer_accuracy == pytest.approx(1 / 3)
    assert scores.no_answer_accuracy == 1.0
    assert scores.by_kind["paraphrase"]["hit_at_3"] == 1.0
    assert scores.by_kind["unrelated"] == {"cases": 1.0, "answer": 1.0}
    assert "hybrid" in report.format()


def test_the_report_lists_each_failure_with_what_was_answered_instead() -> None:
    cases = [
        EvalCase("q1", ("甲",), "paraphrase"),
        EvalCase("q2", ("乙",), "english"),
        EvalCase("q3", (), "none"),
    ]
    kb = ScriptedKB(
        {"q1": ["x"], "q2": ["乙"], "q3": ["x"]},
        {"q1": "根据资料：\n“丙丁” [1]", "q3": "根据资料：\n“戊” [1]"},
    )
    text = evaluate(kb, cases, modes=("hybrid",)).format()  # type: ignore[arg-type]
    assert "english      n=1   hit@1=1.000" in text and "answer=0.000 (0/1)" in text
    assert "none         n=1   refused=0.000 (0/1)" in text
    assert "failures (hybrid, 3):" in text
    assert "[paraphrase] rank=None q1 → “丙丁” [1]" in text
    assert "[english] rank=1 q2 → (refused)" in text
    assert "[none] answered, should refuse: q3 → “戊” [1]" in text


def test_expected_phrases_match_across_script_width_and_case() -> None:
    assert contains_expected("客戶滿意度調查每半年進行一次", ["客户满意度调查"])
    assert contains_expected("ＫＰＩ：每月", ["kpi:每月"])
    assert not contains_expected("每季度", ["每月"])
    assert not contains_expected("任何文字", [""])


def test_eval_files_are_jsonl_with_question_expect_and_kind(tmp_path: Path) -> None:
    cases = load_eval_cases(TINY)
    assert len(cases) == 6
    assert cases[3].kind == "english" and cases[5].expect == ()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"expect": ["x"]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        load_eval_cases(bad)


def test_the_tiny_eval_set_passes_on_the_handbook(handbook_kb: KnowledgeBase) -> None:
    report = evaluate(handbook_kb, load_eval_cases(TINY))
    hybrid = report.modes["hybrid"]
    assert hybrid.hit_at_3 == 1.0, report.failures
    assert hybrid.answer_accuracy >= 0.8, report.failures
    assert hybrid.no_answer_accuracy == 1.0
    assert report.modes["bm25"].by_kind["traditional"]["hit_at_1"] == 1.0
    assert set(report.modes) == {"hybrid", "bm25", "dense"}


def test_an_answer_quoting_a_neighbouring_rule_the_question_rejects_is_wrong(
    tmp_path: Path,
) -> None:
    path = tmp_path / "reject.jsonl"
    path.write_text(
        '{"question": "客户欠款超过60天怎么办？", "expect": ["催收方案"], '
        '"reject": ["补访", "60天"], "kind": "paraphrase"}\n'
        '{"question": "q2", "expect": ["甲"], "kind": "exact"}\n',
        encoding="utf-8",
    )
    debts, other = load_eval_cases(path)
    assert debts.reject == ("补访", "60天") and other.reject == ()
    kb = ScriptedKB(
        {debts.question: ["催收方案"], "q2": ["甲"]},
        {debts.question: "根据资料：\n“…制定催收方案…” [1]\n“…安排补访…” [2]", "q2": "“甲” [1]"},
    )
    report = evaluate(kb, [debts, other], modes=("hybrid",))  # type: ignore[arg-type]
    assert report.modes["hybrid"].answer_accuracy == pytest.approx(1 / 2)
    assert "(quotes a neighbouring rule)" in report.format()
    assert answered_right(debts, True, "“…制定催收方案…” [1]")
    assert not answered_right(debts, True, "“…制定催收方案…” [1] “…安排补访…” [2]")
