"""Which answer check refused which question: re-runs retrieve, quote and each check of
knowledge/answerable.py on the questions of a bench/eval_sets.py run.

    KAM_DATA_DIR=/tmp/k-x .venv/bin/python bench/eval_sets.py ALLDEV --out /tmp/dev.jsonl
    KAM_DATA_DIR=/tmp/k-x .venv/bin/python bench/check_refusals.py /tmp/dev.jsonl [--none]

Without --none: for every answerable question answered wrong and refused, where it stopped:
"gate" (the no-answer gate, before any quote; the checks listed are those that would have
refused the quote), "near" (a near or word-led miss whose first quote
shares too few of the question's words and is not from the chunk its words rank first), or the first check that refused the quote, with every check that
would have refused it, and whether the first quoted unit holds an expected phrase ("right first":
loosening that check would answer it right). With --none: for every unanswerable question refused
after the gate, the checks refusing it (a check that alone refuses one is what keeps it out).
The expected phrases are read from the eval files (evals/<file>); holdout files are refused.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _checks(kb: Any, question: str, retrieval: Any, quote: Any) -> list[str]:
    """The names of the answer checks refusing the quote, in answers_question's order."""
    from knowledge import answerable as a

    table = kb._current()
    groups, picked = retrieval.groups, quote.picked
    in_docs = table.bm25.vocabulary.__contains__
    share = table.bm25.chunk_share
    checks = {
        "lacks_focus": lambda: a.lacks_focus(question, groups, in_docs, picked, quote.headings),
        "lacks_action": lambda: a.lacks_action(question, groups, in_docs, picked),
        "lacks_specific_word": lambda: a.lacks_specific_word(
            question, groups, share, picked, quote.headings, in_docs
        ),
        "lacks_asked_amount": lambda: a.lacks_asked_amount(question, picked, groups),
        "lacks_asked_count": lambda: a.lacks_asked_count(question, picked),
        "lacks_any_figure": lambda: a.lacks_any_figure(question, picked),
        "lacks_asked_figure": lambda: a.lacks_asked_figure(question, picked, groups),
        "lacks_english_count": lambda: a.lacks_english_count(question, picked, groups),
        "lacks_english_name": lambda: a.lacks_english_name(question, picked, groups),
        "lacks_asked_unit": lambda: a.lacks_asked_unit(question, picked),
        "lacks_asked_time": lambda: a.lacks_asked_time(question, picked, groups),
        "only_says_who": lambda: a.only_says_who(question, picked),
        "lacks_english_thing": lambda: a.lacks_english_thing(question, picked, groups),
        "lacks_asked_first": lambda: a.lacks_asked_first(question, picked),
        "lacks_asked_change": lambda: a.lacks_asked_change(question, picked),
        "lacks_asked_actor": lambda: a.lacks_asked_actor(question, picked, groups),
    }
    if not picked:
        return ["nothing picked"]
    return [name for name, check in checks.items() if check()]


def _suspects(kb: Any, question: str, groups: Any) -> str:
    """The words the word checks look at: focus words, actions the documents never name, nouns
    (with the share of chunks they are in)."""
    from knowledge import answerable as a
    from knowledge.text import normalize

    table = kb._current()
    in_docs = table.bm25.vocabulary.__contains__
    nouns = [
        f"{w}:{table.bm25.chunk_share(w):.2f}"
        for w, t in a._tagged(normalize(question))
        if (t in a._NOUN_TAGS or t == "vn") and len(w) >= 2
    ]
    return (
        f"focus {a.focus_words(question)} actions {a.unknown_actions(question, groups, in_docs)}"
        f" nouns {nouns}"
    )


def _where(kb: Any, question: str) -> tuple[str, list[str], str, str]:
    """(where it stopped, the checks refusing, the first quoted unit, the words looked at)."""
    from knowledge.base import ANSWER_PASSAGES, as_read, under_gate_answered
    from knowledge.text import question_language

    table = kb._current()
    question = as_read(question, table.bm25.vocabulary)
    retrieval = kb.retrieve(question, k=ANSWER_PASSAGES, mode="hybrid")
    quote = kb.quote(question, retrieval, question_language(question, None))
    first = quote.picked[0][1].full if quote.picked else ""
    refusing = _checks(kb, question, retrieval, quote)
    words = _suspects(kb, question, retrieval.groups)
    if not (retrieval.found or retrieval.near or retrieval.word_led or retrieval.english_near):
        # The quote the checks would have seen had the gate let the question through.
        return "gate", refusing, first, words
    if refusing:
        return refusing[0], refusing, first, words
    if not (retrieval.found or under_gate_answered(retrieval, quote, table.bm25.term_idf)):
        return "near", [], first, words
    return "answered", [], first, words


async def main() -> None:
    from bot.runtime import make_services, wiring
    from config.settings import load_settings
    from knowledge.evaluation import contains_expected, load_eval_cases

    ap = argparse.ArgumentParser()
    ap.add_argument("run", help="an evalfast --out file")
    ap.add_argument("--none", action="store_true", help="unanswerable questions refused")
    a = ap.parse_args()
    rows = [json.loads(line) for line in Path(a.run).read_text().splitlines() if line.strip()]
    expect: dict[tuple[str, str], tuple[str, ...]] = {}
    for name in {r["file"] for r in rows}:
        if "holdout" in name:
            sys.exit("holdout files are not for tuning")
        for case in load_eval_cases(ROOT / "evals" / name):
            expect[(name, case.question)] = tuple(case.expect)
    # evalfast writes the question under "question" (older runs: "q"); a question is
    # unanswerable when its expectation is empty, whatever kind its file gives it.
    for r in rows:
        r.setdefault("question", r.get("q", ""))
    if a.none:
        todo = [r for r in rows if not r["expect"] and r["ok"]]
    else:
        todo = [r for r in rows if r["expect"] and not r["ok"] and not r["found"]]
    settings = load_settings()
    services = await make_services(settings, wiring(settings), admin_ids=False)
    kb = services.knowledge
    stops: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    try:
        for r in todo:
            stop, refusing, first, words = await asyncio.to_thread(_where, kb, r["question"])
            right = bool(first) and contains_expected(
                first, list(expect[(r["file"], r["question"])])
            )
            if a.none:
                if stop == "gate":
                    continue
                stops[stop] += 1
                if len(refusing) == 1:
                    alone[refusing[0]] += 1
                print(f"{stop:20} {','.join(refusing):50} [{r['file']}] {r['question']}")
                print(f"{'':20} {words}")
                continue
            key = f"{stop}{' (right first)' if right else ''}"
            stops[key] += 1
            others = refusing if stop == "gate" else refusing[1:]
            print(f"{key:36} {','.join(others):30} [{r['file']}] {r['question']}")
            if right or stop not in ("gate", "answered"):
                print(f"{'':36} first: {first[:90]!r}")
                print(f"{'':36} {words}")
    finally:
        await services.close()
    print()
    for stop, n in stops.most_common():
        print(f"{n:4} {stop}")
    if a.none:
        print("refused by that check alone:")
        for stop, n in alone.most_common():
            print(f"{n:4} {stop}")


if __name__ == "__main__":
    asyncio.run(main())
