"""Can the no-answer gate be learned? Features per question, then models cross-validated.

    KAM_DATA_DIR=/tmp/k-x .venv/bin/python bench/gate_learn.py dump ALLDEV /tmp/dev.json
    KAM_DATA_DIR=/tmp/k-x .venv/bin/python bench/gate_learn.py dump ALLVAL /tmp/val.json
    .venv/bin/python bench/gate_learn.py fit /tmp/dev.json /tmp/val.json

dump answers every question with the gate forced open (KnowledgeBase.quote) and records what the
gate could weigh (FEATURES), whether the answer checks pass the quote, whether the quote holds an
expected phrase, and what the knowledge base answers today. fit trains, on the dev questions whose
quote passes the answer checks (the others are refused whatever the gate says) and which count
either way (an answerable question whose quote is wrong is wrong answered or refused: left out),
a logistic regression (numpy, Newton's method) and a shallow tree: answer when the question is
answerable and its quote right. Each dev set is held out in turn; the threshold is the one with
most dev questions right among those refusing at least as many unanswerable questions as today.
The chosen models are then fitted on all dev questions and scored on the validation sets.
Holdout sets are never read. Figures: bench/README.md (2026-11-30, kbgate).
"""

from __future__ import annotations

import asyncio
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

EXCLUDED = ("holdout", "visit_reports")
FEATURES = (
    "similarity",  # the nearest sentence in the question's language
    "margin",  # that similarity minus the nearest background sentence's
    "coverage",  # share of the question's words in the chunks best by words
    "cross_present",  # an English question: the nearest Chinese sentence was weighed too
    "cross_similarity",
    "cross_margin",
    "cross_coverage",
    "english",
    "known_words",  # every word of an English question is used by the documents
    "groups",  # the question's word groups
    "lexical",  # log(1 + best BM25 score)
    "quote_coverage",  # share of the question's words in the first quoted sentence
    "rule_gate",  # the hand-calibrated gate (retrieval.is_relevant) on either language
    "near_miss",  # retrieval.is_near_miss
    "quote_similarity",  # the question's similarity to the first quoted sentence
    "foreign_words",  # English words the documents never use (dictionary.foreign_english_words)
    "quoted",  # sentences quoted
    "english_score",  # the English gate's score minus its threshold (own language)
    "cross_english_score",  # the same for the nearest Chinese sentence (-1: none)
)
RULE = FEATURES.index("rule_gate")
NEAR = FEATURES.index("near_miss")


def eval_sets(which: str) -> list[str]:
    every = sorted(
        p.stem for p in Path("evals").glob("*.jsonl") if not any(x in p.stem for x in EXCLUDED)
    )
    val = [s for s in every if s.endswith("_val") or s == "para9_check"]
    if which == "ALLVAL":
        return val
    if which == "ALLDEV":
        return [s for s in every if s not in val]
    if any(x in which for x in EXCLUDED):
        sys.exit("holdout sets are not for fitting")
    return [which]


def english_score(signal: Any, coverage: float | None) -> float:
    from knowledge import retrieval as r

    offset = r.ENGLISH_CROSS_OFFSET if signal.cross_language else 0.0
    margin = signal.similarity - signal.background
    score = signal.similarity + offset + r.ENGLISH_MARGIN_WEIGHT * margin
    score += r.ENGLISH_COVERAGE_WEIGHT * (coverage or 0.0)
    return score - (r.ENGLISH_KNOWN_THRESHOLD if signal.known_words else r.ENGLISH_THRESHOLD)


async def dump(which: str, out: Path) -> None:
    from bot.runtime import make_services, wiring
    from config.settings import load_settings
    from knowledge.answerable import answers_question
    from knowledge.answering import lexical_overlap
    from knowledge.base import ANSWER_PASSAGES
    from knowledge.dictionary import foreign_english_words
    from knowledge.evaluation import contains_expected, load_eval_cases
    from knowledge.retrieval import NEAR_MISS_COVERAGE, is_near_miss, is_relevant
    from knowledge.text import question_language

    settings = load_settings()
    services = await make_services(settings, wiring(settings), admin_ids=False)
    kb = services.knowledge
    assert kb is not None, "no knowledge base configured"
    rows = []
    for name in eval_sets(which):
        for case in load_eval_cases(Path("evals") / f"{name}.jsonl"):
            q = case.question
            language = question_language(q)
            english = not language.startswith("zh")
            retrieval = kb.retrieve(q, k=ANSWER_PASSAGES)
            table = kb._current()
            quote = kb.quote(q, retrieval, language)
            checks = answers_question(
                q, retrieval.groups, table.bm25.vocabulary.__contains__, quote.picked,
                table.bm25.chunk_share, quote.headings,
            )  # fmt: skip
            first = quote.picked[0][1].full if quote.picked else ""
            quote_coverage = lexical_overlap(retrieval.groups, table.bm25.term_idf, first)
            right = bool(case.expect) and bool(quote.picked) and contains_expected(
                kb.compose(quote, language).text, case.expect
            )  # fmt: skip
            today = (
                retrieval.found or (retrieval.near and quote_coverage >= NEAR_MISS_COVERAGE)
            ) and checks
            similarity = 0.0
            if first and retrieval.query_vector is not None:
                vector = kb._embeddings.passages([first])[0]
                similarity = float(vector @ retrieval.query_vector)
            own = next((s for s in retrieval.signals if not s[0].cross_language), None)
            cross = next((s for s in retrieval.signals if s[0].cross_language), None)
            f: list[float] = []
            for is_cross, signal in ((False, own), (True, cross)):
                if signal is None:
                    f += [0.0] * (4 if is_cross else 3)
                    continue
                s, cov = signal
                f += [1.0] if is_cross else []
                f += [s.similarity, s.similarity - s.background, cov or 0.0]
            foreign = foreign_english_words(retrieval.groups, table.bm25.vocabulary)
            f += [
                float(english), float(any(s.known_words for s, _ in retrieval.signals)),
                float(len(retrieval.groups)), math.log1p(retrieval.lexical), quote_coverage,
                float(any(is_relevant(s, c) for s, c in retrieval.signals)),
                float(any(is_near_miss(s, c) for s, c in retrieval.signals)),
                similarity, float(len(foreign)) if english else 0.0, float(len(quote.picked)),
                english_score(*own) if own else -1.0, english_score(*cross) if cross else -1.0,
            ]  # fmt: skip
            rows.append({
                "set": name, "question": q, "answerable": bool(case.expect), "checks": checks,
                "right": right, "today": today, "features": f,
            })  # fmt: skip
    out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    print(f"{len(rows)} questions → {out}")


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """Weights (bias last) of an L2-regularised logistic regression, by Newton's method."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    reg = l2 * np.eye(xb.shape[1])
    reg[-1, -1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) + reg @ w
        hess = xb.T @ (xb * (p * (1 - p))[:, None]) + reg + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


Tree = tuple[Any, ...]


def fit_tree(x: np.ndarray, y: np.ndarray, depth: int, leaf: int = 10) -> Tree:
    """A classification tree by Gini impurity; leaves hold the (smoothed) share answered."""
    if depth == 0 or len(y) < 2 * leaf or y.min() == y.max():
        return ("leaf", (y.sum() + 1) / (len(y) + 2))
    best: tuple[float, int, float] | None = None
    for j in range(x.shape[1]):
        values = np.unique(x[:, j])
        for t in (values[:-1] + values[1:]) / 2:
            left = x[:, j] <= t
            n = int(left.sum())
            if n < leaf or len(y) - n < leaf:
                continue
            gini = sum(
                len(part) * 2 * part.mean() * (1 - part.mean()) for part in (y[left], y[~left])
            )
            if best is None or gini < best[0]:
                best = (gini, j, float(t))
    if best is None:
        return ("leaf", (y.sum() + 1) / (len(y) + 2))
    _, j, t = best
    left = x[:, j] <= t
    return ("split", j, t, fit_tree(x[left], y[left], depth - 1, leaf),
            fit_tree(x[~left], y[~left], depth - 1, leaf))  # fmt: skip


def tree_probability(node: Tree, v: np.ndarray) -> float:
    while node[0] == "split":
        node = node[3] if v[node[1]] <= node[2] else node[4]
    return float(node[1])


def show_tree(node: Tree, indent: str = "  ") -> None:
    if node[0] == "leaf":
        print(f"{indent}answer with p={node[1]:.3f}")
        return
    print(f"{indent}{FEATURES[node[1]]} <= {node[2]:.4f}:")
    show_tree(node[3], indent + "    ")
    print(f"{indent}else:")
    show_tree(node[4], indent + "    ")


def score(rows: list[dict[str, Any]], gate: Any) -> tuple[int, int, int, int]:
    """(right, answerable right, unanswerable refused, unanswerable) end to end."""
    ok = answered = refused = none = 0
    for r, g in zip(rows, gate, strict=True):
        said = bool(g) and r["checks"]
        if r["answerable"]:
            answered += said and r["right"]
        else:
            refused += not said
            none += 1
    ok = answered + refused
    return ok, answered, refused, none


def predictor(model: tuple[str, float], x: np.ndarray, y: np.ndarray, columns: list[int]) -> Any:
    """A function from a feature matrix to probabilities, fitted on (x, y)."""
    x = x[:, columns]
    if model[0] == "tree":
        tree = fit_tree(x, y, int(model[1]))
        return lambda z: np.asarray([tree_probability(tree, v) for v in z[:, columns]])
    mean, scale = x.mean(0), x.std(0) + 1e-9
    w = fit_logistic((x - mean) / scale, y, model[1])
    return lambda z: 1 / (1 + np.exp(-(((z[:, columns] - mean) / scale) @ w[:-1] + w[-1])))


def evaluate(
    dev: list[dict[str, Any]], val: list[dict[str, Any]], model: tuple[str, float],
    columns: list[int], english_only: bool,
) -> str:  # fmt: skip
    x = np.asarray([r["features"] for r in dev])
    y = np.asarray([r["answerable"] and r["right"] for r in dev], dtype=float)
    counts = np.asarray([r["checks"] and (not r["answerable"] or r["right"]) for r in dev])
    english = x[:, FEATURES.index("english")] > 0
    mine = english if english_only else np.ones(len(dev), dtype=bool)
    sets = np.asarray([r["set"] for r in dev])
    probs = np.asarray([float(r["today"]) for r in dev])  # questions not the model's: as today
    for name in sorted(set(sets)):
        held = (sets == name) & mine
        if held.any():
            train = (sets != name) & counts & mine
            probs[held] = predictor(model, x[train], y[train], columns)(x[held])
    today = score(dev, [r["today"] for r in dev])
    best: tuple[tuple[int, int, int, int], float] | None = None
    for threshold in np.arange(0.05, 0.96, 0.025):
        s = score(dev, probs >= threshold)
        if s[2] >= today[2] and (best is None or s[0] > best[0][0]):
            best = (s, float(threshold))
    if best is None:
        return "no threshold refuses as many unanswerable dev questions as today"
    xv = np.asarray([r["features"] for r in val])
    final = predictor(model, x[counts & mine], y[counts & mine], columns)
    gate = np.asarray([float(r["today"]) for r in val])
    english_val = xv[:, FEATURES.index("english")] > 0
    theirs = english_val if english_only else np.ones(len(val), dtype=bool)
    gate[theirs] = final(xv[theirs])
    v = score(val, gate >= best[1])
    (s, threshold) = best
    return (f"threshold {threshold:.3f}: dev (cross-validated) {s[0]} right, {s[1]} answered, "
            f"{s[2]}/{s[3]} refused; val {v[0]} right, {v[1]} answered, {v[2]}/{v[3]} refused")  # fmt: skip


def fit(dev_path: Path, val_path: Path) -> None:
    dev = json.loads(dev_path.read_text(encoding="utf-8"))
    val = json.loads(val_path.read_text(encoding="utf-8"))
    for name, rows in (("dev", dev), ("val", val)):
        s = score(rows, [r["today"] for r in rows])
        print(f"{name} today: {s[0]}/{len(rows)} right, {s[1]} answered, {s[2]}/{s[3]} refused")
    every = list(range(len(FEATURES)))
    learned = [n for n in every if n not in (RULE, NEAR)]
    for english_only in (False, True):
        for model in (("logistic", 1.0), ("logistic", 10.0), ("tree", 2), ("tree", 3)):
            for label, columns in (("all features", every), ("no hand gate", learned)):
                who = "English questions" if english_only else "all questions"
                print(f"{who}, {model[0]} {model[1]}, {label}: "
                      f"{evaluate(dev, val, model, columns, english_only)}", flush=True)  # fmt: skip
    x = np.asarray([r["features"] for r in dev])
    counts = np.asarray([r["checks"] and (not r["answerable"] or r["right"]) for r in dev])
    y = np.asarray([r["answerable"] and r["right"] for r in dev], dtype=float)
    print("depth-2 tree on all dev questions:")
    show_tree(fit_tree(x[counts], y[counts], 2))


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["dump"] and len(args) == 3:
        asyncio.run(dump(args[1], Path(args[2])))
    elif args[:1] == ["fit"] and len(args) == 3:
        fit(Path(args[1]), Path(args[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
