"""Checks that every expected phrase in the eval question sets occurs verbatim in its source text."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KINDS = ("exact", "paraphrase", "english", "traditional", "none")
HANDBOOK_ZH = ROOT / "knowledge" / "samples" / "service-policy-handbook.zh.md"
HANDBOOK_EN = ROOT / "knowledge" / "samples" / "service-policy-handbook.en.md"
DEFAULT_CORPUS = Path("/work/shared/corpus")
# Corpus phrases stay short so that cleaning and normalisation differences cannot hide a hit.
CORPUS_PHRASE_CHARS = (4, 12)


def _load(path: Path) -> list[dict[str, object]]:
    cases: list[dict[str, object]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            case = json.loads(line)
            case["_line"] = number
            cases.append(case)
    return cases


def _to_simplified() -> Callable[[str], str] | None:
    try:
        from opencc import OpenCC
    except ImportError:  # optional: without it traditional questions are not checked
        return None
    converter = OpenCC("t2s")
    return lambda text: str(converter.convert(text))


def _check_shape(path: Path, case: dict[str, object], problems: list[str]) -> list[str]:
    where = f"{path.name}:{case['_line']}"
    question, expect, kind = case.get("question"), case.get("expect"), case.get("kind")
    if not isinstance(question, str) or not question.strip():
        problems.append(f"{where}: question must be a non-empty string")
    if kind not in KINDS:
        problems.append(f"{where}: kind {kind!r} is not one of {KINDS}")
    if kind == "none":
        # The documents do not answer it: the right reply is "not found", so nothing to expect.
        if expect != []:
            problems.append(f"{where}: a question of kind 'none' must have an empty expect")
        return []
    if not isinstance(expect, list) or not expect or not all(isinstance(p, str) for p in expect):
        problems.append(f"{where}: expect must be a non-empty list of strings")
        return []
    return [str(p) for p in expect]


def _check_traditional(path: Path, case: dict[str, object], problems: list[str]) -> None:
    converter = _to_simplified()
    question = str(case.get("question", ""))
    if case.get("kind") != "traditional" or converter is None:
        return
    if converter(question) == question:
        problems.append(
            f"{path.name}:{case['_line']}: traditional question has no traditional chars"
        )


def check_sample_kb(path: Path, problems: list[str]) -> Counter[str]:
    zh = HANDBOOK_ZH.read_text(encoding="utf-8")
    en = HANDBOOK_EN.read_text(encoding="utf-8")
    kinds: Counter[str] = Counter()
    for case in _load(path):
        where = f"{path.name}:{case['_line']}"
        phrases = _check_shape(path, case, problems)
        _check_traditional(path, case, problems)
        kinds[str(case.get("kind"))] += 1
        for phrase in phrases:
            if phrase not in zh and phrase not in en:
                problems.append(f"{where}: {phrase!r} is in neither handbook")
        if phrases and not any(p in zh for p in phrases):
            problems.append(f"{where}: no expected phrase comes from the Chinese handbook")
    return kinds


def check_corpus(path: Path, corpus_dir: Path, problems: list[str]) -> Counter[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt")))
    low, high = CORPUS_PHRASE_CHARS
    kinds: Counter[str] = Counter()
    for case in _load(path):
        where = f"{path.name}:{case['_line']}"
        phrases = _check_shape(path, case, problems)
        _check_traditional(path, case, problems)
        kinds[str(case.get("kind"))] += 1
        for phrase in phrases:
            if phrase not in text:
                problems.append(f"{where}: {phrase!r} is not in the corpus")
            if not low <= len(phrase) <= high:
                problems.append(f"{where}: {phrase!r} has {len(phrase)} chars, not {low}-{high}")
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of *.txt")
    args = parser.parse_args(argv)
    problems: list[str] = []
    report: dict[str, Counter[str]] = {
        "sample_kb.jsonl": check_sample_kb(HERE / "sample_kb.jsonl", problems)
    }
    if any(args.corpus.glob("*.txt")):
        report["corpus.jsonl"] = check_corpus(HERE / "corpus.jsonl", args.corpus, problems)
    else:
        print(f"corpus.jsonl: skipped, no *.txt in {args.corpus}")
    for name, kinds in report.items():
        counts = ", ".join(f"{k} {kinds[k]}" for k in KINDS)
        print(f"{name}: {sum(kinds.values())} questions ({counts})")
    for problem in problems:
        print(f"FAIL {problem}")
    print(
        "OK: every expected phrase occurs verbatim" if not problems else f"{len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
