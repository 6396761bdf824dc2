"""Visit-report parser evaluation: per-field accuracy and how many reports are parsed fully right.

Run: .venv/bin/python bench/visit_parser_eval.py [--verbose] [--file evals/visit_reports.jsonl]
Not a test. The first line of the file is {"clients": [[id, name, [aliases...]], ...]}; every other
line is {"text", "now", "expect": {client, visited_on, kind, people, follow_up_on, questions}},
written by reading the report as a person would, before looking at the parser's output.
A report's client counts as found only when the draft asks no client question and its first
candidate is the expected one; people and questions are compared as sets.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.visits.parser import (
    QUESTION_CLIENT_AMBIGUOUS,
    QUESTION_CLIENT_UNKNOWN,
    VisitDraft,
    parse_visit,
)

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "evals" / "visit_reports.jsonl"
FIELDS = ("client", "visited_on", "kind", "people", "follow_up_on", "questions")
TIMEZONE = "Asia/Shanghai"


def load(path: Path) -> tuple[list[tuple[int, str, list[str]]], list[dict[str, Any]]]:
    lines = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    clients = [(int(c[0]), str(c[1]), list(c[2])) for c in lines[0]["clients"]]
    return clients, lines[1:]


def observed(draft: VisitDraft) -> dict[str, Any]:
    client_question = {QUESTION_CLIENT_AMBIGUOUS, QUESTION_CLIENT_UNKNOWN} & set(draft.questions)
    return {
        "client": None
        if client_question or not draft.client_candidates
        else draft.client_candidates[0][1],
        "visited_on": draft.visited_on.isoformat() if draft.visited_on else None,
        "kind": draft.kind,
        "people": sorted(p.name for p in draft.people),
        "follow_up_on": draft.follow_up_on.isoformat() if draft.follow_up_on else None,
        "questions": sorted(draft.questions),
    }


def expected(expect: dict[str, Any]) -> dict[str, Any]:
    return {**expect, "people": sorted(expect["people"]), "questions": sorted(expect["questions"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--verbose", action="store_true", help="print every wrong field")
    args = parser.parse_args()

    clients, cases = load(args.file)
    right = dict.fromkeys(FIELDS, 0)
    fully_right = 0
    started = time.perf_counter()
    for number, case in enumerate(cases, start=1):
        draft = parse_visit(
            case["text"],
            now=datetime.fromisoformat(case["now"]),
            timezone=TIMEZONE,
            clients=clients,
        )
        got, want = observed(draft), expected(case["expect"])
        wrong = [f for f in FIELDS if got[f] != want[f]]
        for f in FIELDS:
            right[f] += f not in wrong
        fully_right += not wrong
        if wrong and args.verbose:
            print(f"#{number} {case['text']}")
            for f in wrong:
                print(f"    {f}: expected {want[f]!r}, got {got[f]!r}")
    elapsed = (time.perf_counter() - started) * 1000 / max(len(cases), 1)

    total = len(cases)
    print(f"Visit-report parser on {total} reports ({args.file.name}), no language model")
    for f in FIELDS:
        print(f"  {f:<13} {right[f]:>3}/{total}  {100 * right[f] / max(total, 1):5.1f}%")
    print(f"{fully_right}/{total} fully right")
    print(f"mean parse time {elapsed:.1f} ms per report")


if __name__ == "__main__":
    main()
