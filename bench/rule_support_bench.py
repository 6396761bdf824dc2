"""Rule statements checked against the sample handbooks: how many right rules (the handbooks'
sentences paraphrased) are kept and how many invented ones are dropped (evals/rules/rule_support_dev.jsonl).

    .venv/bin/python bench/rule_support_bench.py [--enough 0.8] [--show]

Each sentence is checked against every article of both handbooks (the most any answer could be
given: a right rule's best chance to be kept, an invented one's best chance to slip through), and
a right one also against its own article alone (or the two it joins)."""

from __future__ import annotations

import argparse
import json
import re
from itertools import pairwise
from pathlib import Path

from knowledge import rule_support
from knowledge.rule_support import best_support, states_a_rule, supported

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "knowledge" / "samples"
CASES = ROOT / "evals" / "rules" / "rule_support_dev.jsonl"
_ARTICLE = re.compile(r"(?m)^\*\*(?:第[一二三四五六七八九十百]+条|Article \d+)")


def handbook_articles() -> list[str]:
    """Each article of the sample handbooks, with its list items: what retrieval hands over."""
    out: list[str] = []
    for path in sorted(SAMPLES.glob("service-policy-handbook.*.md")):
        text = path.read_text(encoding="utf-8")
        starts = [m.start() for m in _ARTICLE.finditer(text)] + [len(text)]
        out += [text[a:b].split("\n#", 1)[0].strip() for a, b in pairwise(starts)]
    return out


def article(passages: list[str], source: str) -> str:
    """The article a case names (第十四条, Article 14)."""
    return next(p for p in passages if p.startswith(f"**{source} ") or
                p.startswith(f"**{source}"))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enough", type=float, default=rule_support.ENOUGH)
    parser.add_argument("--show", action="store_true", help="print every case")
    args = parser.parse_args()
    rule_support.ENOUGH = args.enough
    passages = handbook_articles()
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line]
    tally = {"kept": [0, 0], "kept_own": [0, 0], "dropped": [0, 0], "rule": [0, 0]}
    for case in cases:
        sentence, expect = case["sentence"], case["expect"]
        tally["rule"][0] += states_a_rule(sentence)
        tally["rule"][1] += 1
        best = best_support(sentence, passages)
        kept = supported(sentence, passages)
        if expect == "kept":
            own = [article(passages, s) for s in (case["source"], case.get("also")) if s]
            tally["kept"][0] += kept
            tally["kept"][1] += 1
            tally["kept_own"][0] += supported(sentence, own)
            tally["kept_own"][1] += 1
        else:
            tally["dropped"][0] += not kept
            tally["dropped"][1] += 1
        if args.show or kept != (expect == "kept"):
            mark = "ok " if kept == (expect == "kept") else "BAD"
            print(
                f"{mark} {expect:7} {best.share:.2f} missing={'/'.join(best.missing)}  {sentence}"
            )
    print(f"passages: {len(passages)} articles; enough = {args.enough}")
    for name, label in (("rule", "detected as a rule"), ("kept", "right rules kept (any article)"),
                        ("kept_own", "right rules kept (own article)"),
                        ("dropped", "invented rules dropped")):  # fmt: skip
        hit, of = tally[name]
        print(f"{label:34} {hit}/{of} ({hit / of:.0%})")


if __name__ == "__main__":
    main()
