"""Learns the weights of select_sentences' evidence from the dev question sets, and measures them.

    KAM_DATA_DIR=/tmp/k-x .venv/bin/python bench/fit_ranker.py collect /tmp/ranker-dev.jsonl
    .venv/bin/python bench/fit_ranker.py fit /tmp/ranker-dev.jsonl [--features N] [--out W.json]
    KAM_DATA_DIR=/tmp/k-x .venv/bin/python bench/fit_ranker.py evaluate W.json dev|val

collect answers every answerable question of the dev sets (evals/*.jsonl but the *_val sets,
para9_check, the visit reports and the holdouts, which are never read) with the hand-tuned score
and writes, per question, each candidate unit's evidence (answering._evidence and the findings
select_sentences adds) and whether the unit holds an expected phrase. fit chooses the feature set
and the L2 strength by 5-fold cross-validation over the questions (the share whose first-ranked
unit holds an expected phrase), fits a softmax over each question's candidates (the odds of the
units holding an expected phrase) on all of them and writes the weights divided by word
overlap's weight: on the hand score's scale, so the shares select_sentences compares scores by
(_QUOTABLE, the neighbour bonus) keep their meaning. evaluate answers the dev or the val sets end
to end with those weights in the hand score's place (answering.LEARNED_SCORE), or with the hand
score for `hand`, and prints right answers, right first quotes and refusals.

Tried on 2026-11-30 and not kept: bench/README.md has the figures.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

EVALS = Path(__file__).resolve().parent.parent / "evals"
# The evidence of answering._evidence and the findings select_sentences adds to it.
BASE_FEATURES = (
    "lexical",
    "prior",
    "dense",
    "no_dense",
    "intro",
    "question_end",
    "looking_back",
    "qualifier",
    "off_topic",
    "kind_fit",
    "list_head",
    "explaining",
    "cross_language",
    "is_list",
    "length",
)
# The hand score's weights depend on the question's situation: so may the learned ones.
INTERACTIONS = (
    "lexical*english",
    "dense*english",
    "prior*english",
    "cross_language*english",
    "lexical*weak",
    "dense*weak",
    "lexical*unsure",
    "dense*unsure",
    "kind_fit*lexical",
    "qualifier*lexical",
)
# Where the unit stands among the question's candidates and in its passage, and its share of the
# question's words counted alike.
PLACE = ("lexical_top", "dense_top", "position", "label", "coverage")
# The last adds the hand score itself (before the explaining rule): a correction to it.
SETS: tuple[tuple[str, ...], ...] = (
    BASE_FEATURES + INTERACTIONS,
    BASE_FEATURES + INTERACTIONS + PLACE,
    ("hand", *BASE_FEATURES, *INTERACTIONS, *PLACE),
)
FOLDS = 5
STRENGTHS = (0.0, 1e-5, 1e-4, 1e-3)


def question_sets(val: bool = False) -> list[Path]:
    """The dev sets, or the val sets (the *_val ones and para9_check); never a holdout."""
    return sorted(
        p
        for p in EVALS.glob("*.jsonl")
        if not any(s in p.stem for s in ("holdout", "visit_reports"))
        and (p.stem.endswith("_val") or p.stem == "para9_check") == val
    )


def value(features: Mapping[str, float], name: str) -> float:
    """A feature's value: a product for "a*b"; dense_top is 1 for the units nearest in meaning."""
    if name == "dense_top":
        return float(features.get("dense", 0.0) >= 1.0)
    out = 1.0
    for part in name.split("*"):
        out *= features.get(part, 0.0)
    return out


async def open_knowledge() -> Any:
    from bot.runtime import make_services, wiring
    from config.settings import load_settings

    settings = load_settings()
    services = await make_services(settings, wiring(settings), admin_ids=False)
    return services.knowledge


async def collect(out: Path) -> None:
    from knowledge import answering
    from knowledge.evaluation import contains_expected, load_eval_cases

    kb = await open_knowledge()
    rows: list[dict[str, Any]] = []
    for path in question_sets():
        for case in load_eval_cases(path):
            if not case.expect:
                continue
            seen: list[Any] = []
            answering.FEATURE_SINK = seen.append
            kb.answer(case.question, mode="hybrid")
            answering.FEATURE_SINK = None
            if not seen:
                continue  # refused before any sentence was scored
            rows.append(
                {
                    "set": path.stem,
                    "question": case.question,
                    "candidates": [
                        {
                            "features": c.features,
                            "hand": c.score,
                            "label": contains_expected(c.unit.text, case.expect),
                        }
                        for c in seen[-1]
                    ],
                }
            )
    out.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    print(f"{len(rows)} questions written to {out}")


def matrices(rows: list[dict[str, Any]], names: tuple[str, ...]) -> list[tuple[Any, Any, Any]]:
    """Per question with a right candidate and a wrong one: features, labels, hand scores."""
    out = []
    for r in rows:
        cands = r["candidates"]
        y = np.array([c["label"] for c in cands], dtype=float)
        if not y.any() or y.all():
            continue
        x = np.array([[value(c["features"], n) for n in names] for c in cands])
        out.append((x, y, np.array([c["hand"] for c in cands])))
    return out


def fit(data: list[tuple[Any, Any, Any]], strength: float, steps: int = 800) -> Any:
    """Weights maximising each question's softmax mass on its right units, less an L2 penalty
    (Adam on the padded questions × candidates × features array)."""
    width = max(len(x) for x, _, _ in data)
    x_all = np.zeros((len(data), width, data[0][0].shape[1]))
    y_all = np.zeros((len(data), width))
    mask = np.full((len(data), width), -np.inf)
    for q, (x, y, _) in enumerate(data):
        x_all[q, : len(x)], y_all[q, : len(x)], mask[q, : len(x)] = x, y, 0.0
    w = np.zeros(x_all.shape[2])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        s = x_all @ w + mask
        e = np.exp(s - s.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        pos = p * y_all
        r = pos / pos.sum(axis=1, keepdims=True)
        grad = np.einsum("qn,qnf->f", p - r, x_all) / len(data) + 2 * strength * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def top1(data: list[tuple[Any, Any, Any]], w: Any | None) -> float:
    right = 0
    for x, y, hand in data:
        s = hand if w is None else x @ w
        right += y[int(np.argmax(s))] > 0
    return right / len(data)


async def evaluate(weights_path: str, which: str) -> None:
    from knowledge import answering
    from knowledge.evaluation import contains_expected, load_eval_cases

    if weights_path != "hand":
        weights = json.loads(Path(weights_path).read_text(encoding="utf-8"))["weights"]
        answering.LEARNED_SCORE = lambda f: sum(w * value(f, n) for n, w in weights.items())
    kb = await open_knowledge()
    right = first = refused = unanswerable = total = 0
    for path in question_sets(val=which == "val"):
        for case in load_eval_cases(path):
            answer = kb.answer(case.question, mode="hybrid")
            total += 1
            if not case.expect:
                unanswerable += 1
                refused += not answer.found
                continue
            if answer.found and contains_expected(answer.text, case.expect):
                right += 1
                quotes = answer.quotes or ("",)
                first += contains_expected(quotes[0], case.expect)
    print(
        f"{which}: {right + refused}/{total} right (answerable {right}, first quote right "
        f"{first}; unanswerable refused {refused}/{unanswerable})"
    )


def main() -> None:
    command, path, *rest = sys.argv[1:]
    if command == "collect":
        asyncio.run(collect(Path(path)))
        return
    if command == "evaluate":
        asyncio.run(evaluate(path, rest[0] if rest else "dev"))
        return
    rows = [json.loads(line) for line in Path(path).read_text().splitlines() if line]
    rng = np.random.default_rng(14)
    sets = (SETS[int(rest[rest.index("--features") + 1])],) if "--features" in rest else SETS
    best: tuple[float, tuple[str, ...], float] | None = None
    for names in sets:
        data = matrices(rows, names)
        fold = rng.permutation(len(data)) % FOLDS
        print(
            f"{len(names)} features, {len(data)} questions; hand score top-1 {top1(data, None):.3f}"
        )
        for strength in STRENGTHS:
            scores = []
            for k in range(FOLDS):
                train = [d for d, f in zip(data, fold, strict=True) if f != k]
                test = [d for d, f in zip(data, fold, strict=True) if f == k]
                scores.append(top1(test, fit(train, strength)))
            cv = float(np.mean(scores))
            print(f"  L2 {strength:<6} cross-validated top-1 {cv:.3f}")
            if best is None or cv > best[0]:
                best = (cv, names, strength)
    assert best is not None
    cv, names, strength = best
    w = fit(matrices(rows, names), strength)
    # On the hand score's scale: word overlap (or the hand score) weighs 1; a softmax only sees
    # differences.
    w = w / w[names.index("hand" if "hand" in names else "lexical")]
    weights = {n: round(float(x), 4) for n, x in zip(names, w, strict=True)}
    print(f"chosen: {len(names)} features, L2 {strength}, cross-validated top-1 {cv:.3f}")
    print(json.dumps(weights, indent=1))
    if "--out" in rest:
        out = Path(rest[rest.index("--out") + 1])
        fitted = f"{len(names)} features, L2 {strength}, 5-fold top-1 {cv:.3f}"
        out.write_text(json.dumps({"fitted": fitted, "weights": weights}, indent=1) + "\n")
        print(f"written to {out}")


if __name__ == "__main__":
    main()
