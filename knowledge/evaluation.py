"""Retrieval and answer quality on a JSONL question set: hit@1, hit@3, MRR and answer accuracy."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge.text import compact

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase


@dataclass(frozen=True)
class EvalCase:
    """One question; `expect` lists phrases any of which a right passage or answer contains.

    An empty `expect` means the documents do not answer it: the right answer is "not found".
    `reject` lists phrases of neighbouring rules (a sibling article sharing a figure or a word with
    the question) a right answer must not quote: a manager reads every quote as part of the answer.
    """

    question: str
    expect: tuple[str, ...]
    kind: str = "exact"
    reject: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModeScores:
    mode: str
    cases: int
    hit_at_1: float
    hit_at_3: float
    mrr: float
    answer_accuracy: float
    no_answer_accuracy: float | None
    by_kind: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class EvalReport:
    modes: dict[str, ModeScores]
    cases: int
    failures: dict[str, list[str]]

    def format(self) -> str:
        lines = [f"{self.cases} questions"]
        lines.append(
            f"{'mode':<8} {'hit@1':>6} {'hit@3':>6} {'MRR':>6} {'answer':>7} {'no-ans':>7}"
        )
        for s in self.modes.values():
            none = "-" if s.no_answer_accuracy is None else f"{s.no_answer_accuracy:.3f}"
            lines.append(
                f"{s.mode:<8} {s.hit_at_1:>6.3f} {s.hit_at_3:>6.3f} {s.mrr:>6.3f} "
                f"{s.answer_accuracy:>7.3f} {none:>7}"
            )
        for s in self.modes.values():
            for kind, v in sorted(s.by_kind.items()):
                n = int(v["cases"])
                if "hit_at_1" not in v:  # questions the documents do not answer
                    lines.append(
                        f"  {s.mode:<8} {kind:<12} n={n:<3} refused={v['answer']:.3f} "
                        f"({round(v['answer'] * n)}/{n})"
                    )
                    continue
                lines.append(
                    f"  {s.mode:<8} {kind:<12} n={n:<3} hit@1={v['hit_at_1']:.3f} "
                    f"hit@3={v['hit_at_3']:.3f} MRR={v['mrr']:.3f} answer={v['answer']:.3f} "
                    f"({round(v['answer'] * n)}/{n})"
                )
        for mode, failed in self.failures.items():
            if failed:
                lines.append(f"failures ({mode}, {len(failed)}):")
                lines.extend(f"  {line}" for line in failed)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "modes": {
                m: {
                    "hit_at_1": s.hit_at_1,
                    "hit_at_3": s.hit_at_3,
                    "mrr": s.mrr,
                    "answer_accuracy": s.answer_accuracy,
                    "no_answer_accuracy": s.no_answer_accuracy,
                    "by_kind": s.by_kind,
                }
                for m, s in self.modes.items()
            },
            "failures": self.failures,
        }


def _phrases(obj: dict[str, Any], key: str) -> tuple[str, ...]:
    """A list of phrases, or one phrase alone."""
    value = obj.get(key, [])
    return (value,) if isinstance(value, str) else tuple(map(str, value))


def load_eval_cases(path: Path | str) -> list[EvalCase]:
    """Read JSONL: {"question": str, "expect": [str, ...], "kind": str, "reject": [str, ...]} per
    line ("reject" optional)."""
    cases = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads(line)
            cases.append(
                EvalCase(
                    str(obj["question"]),
                    _phrases(obj, "expect"),
                    str(obj.get("kind", "exact")),
                    _phrases(obj, "reject"),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not an eval case: {exc}") from exc
    return cases


def contains_expected(text: str, expect: Iterable[str]) -> bool:
    """Compared after normalisation: simplified, half-width, lower-case, punctuation ignored."""
    haystack = compact(text)
    return any((needle := compact(e)) and needle in haystack for e in expect)


def quotes_rejected(text: str, case: EvalCase) -> bool:
    """The answer quotes a neighbouring rule the question's `reject` names."""
    return bool(case.reject) and contains_expected(text, case.reject)


def answered_right(case: EvalCase, found: bool, text: str) -> bool:
    """Found, holding an expected phrase and no rejected one; or refused when none is expected."""
    if not case.expect:
        return not found
    return found and contains_expected(text, case.expect) and not quotes_rejected(text, case)


def _gist(text: str, limit: int = 90) -> str:
    """The answer on one line, cut: enough for an admin to see what was quoted instead."""
    body = text.split("\n", 1)[-1]  # past the "the documents say:" line
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def evaluate(
    kb: KnowledgeBase,
    cases: Sequence[EvalCase],
    modes: Sequence[str] = ("hybrid", "bm25", "dense"),
) -> EvalReport:
    """Score each mode as an admin (every document visible)."""
    results: dict[str, ModeScores] = {}
    failures: dict[str, list[str]] = {}
    for mode in modes:
        per_kind: dict[str, dict[str, list[float]]] = {}
        h1: list[float] = []
        h3: list[float] = []
        rr: list[float] = []
        acc: list[float] = []
        none_acc: list[float] = []
        failures[mode] = []
        for case in cases:
            answer = kb.answer(case.question, mode=mode)
            if not case.expect:
                refused = 0.0 if answer.found else 1.0
                none_acc.append(refused)
                per_kind.setdefault(case.kind, {}).setdefault("answer", []).append(refused)
                if answer.found:
                    failures[mode].append(
                        f"[{case.kind}] answered, should refuse: {case.question} → "
                        f"{_gist(answer.text)}"
                    )
                continue
            passages = kb.search(case.question, k=10, mode=mode)
            rank = next(
                (n for n, p in enumerate(passages, 1) if contains_expected(p.text, case.expect)),
                None,
            )
            correct = answered_right(case, answer.found, answer.text)
            values = {
                "hit_at_1": float(rank == 1),
                "hit_at_3": float(rank is not None and rank <= 3),
                "mrr": 1.0 / rank if rank else 0.0,
                "answer": float(correct),
            }
            h1.append(values["hit_at_1"])
            h3.append(values["hit_at_3"])
            rr.append(values["mrr"])
            acc.append(values["answer"])
            bucket = per_kind.setdefault(case.kind, {})
            for key, value in values.items():
                bucket.setdefault(key, []).append(value)
            if not correct:
                said = _gist(answer.text) if answer.found else "(refused)"
                if answer.found and quotes_rejected(answer.text, case):
                    said = f"(quotes a neighbouring rule) {said}"
                failures[mode].append(f"[{case.kind}] rank={rank} {case.question} → {said}")
        by_kind = {
            kind: {"cases": float(len(v["answer"])), **{k: _mean(x) for k, x in v.items()}}
            for kind, v in per_kind.items()
        }
        results[mode] = ModeScores(
            mode, len(h1), _mean(h1), _mean(h3), _mean(rr), _mean(acc),
            _mean(none_acc) if none_acc else None, by_kind,
        )  # fmt: skip
    return EvalReport(results, len(cases), failures)
