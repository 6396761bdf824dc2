"""Answer accuracy on the eval sets, fast: one knowledge base opened once, hybrid, no model.

    KAM_DATA_DIR=/tmp/k-base .venv/bin/python bench/eval_sets.py ALLDEV [--show] [--out f.jsonl]
    KAM_DATA_DIR=/tmp/k-base .venv/bin/python bench/eval_sets.py evals/kbgate6_dev.jsonl
    KAM_DATA_DIR=/tmp/k-base .venv/bin/python bench/eval_sets.py DEV --set module.CONST=value

The knowledge base is one built from knowledge/samples and the shared corpus
(`kam ingest knowledge/samples ../shared/corpus`). A question is right when an answer was found
and holds one of its expected phrases and none of its "reject" phrases (a neighbouring rule quoted
with it), or, when it expects none (the documents do not answer it), when it was refused; the
answers holding a reject phrase are counted apart ("quoting a rejected rule"). Sets: DEV
(sample_kb and corpus), ALLDEV (every evals/*.jsonl but the holdouts, the *_val files,
para9_check, the visit-report sets and OWN_KB's sets), ALLVAL (the *_val files and para9_check,
OWN_KB's left out), HOLDOUT (the two holdouts: only with --holdout, for final reporting; never
while tuning). Prints per file, per kind ("none:<kind>" for questions to refuse) and the total.
`kam eval` gives hit@k and MRR per mode on one file; this is the quick loop for answer accuracy over
many.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVALS = ROOT / "evals"
HOLDOUTS = ("sample_kb_holdout.jsonl", "corpus_holdout.jsonl")
NOT_KB = ("visit_reports.jsonl", "visit_reports_holdout.jsonl")
# Sets for another knowledge base than samples + corpus, run by path against their own: kbzhen9's
# and kbzhen10's Chinese questions on the English handbook alone (the Chinese handbook answers them
# otherwise), and kbgate12en's Chinese how-questions on it.
OWN_KB = (
    *("kbzhen9_dev.jsonl", "kbzhen9_val.jsonl", "kbzhen10_dev.jsonl", "kbzhen10_val.jsonl"),
    *("kbgate12en_dev.jsonl", "kbgate12en_val.jsonl"),
)


def _files(name: str, holdout: bool) -> list[Path]:
    every = sorted(p for p in EVALS.glob("*.jsonl") if p.name not in (*NOT_KB, *OWN_KB))
    if name == "DEV":
        return [EVALS / "sample_kb.jsonl", EVALS / "corpus.jsonl"]
    if name == "ALLDEV":
        return [
            p for p in every
            if p.name not in HOLDOUTS and not p.stem.endswith("_val") and p.name != "para9_check.jsonl"
        ]  # fmt: skip
    if name == "ALLVAL":
        return [p for p in every if p.stem.endswith("_val") or p.name == "para9_check.jsonl"]
    if name == "HOLDOUT":
        if not holdout:
            raise SystemExit("the holdouts are for final reporting: pass --holdout")
        return [EVALS / h for h in HOLDOUTS]
    path = Path(name)
    if path.name in HOLDOUTS and not holdout:
        raise SystemExit("the holdouts are for final reporting: pass --holdout")
    return [path]


def _override(spec: str) -> None:
    target, _, value = spec.partition("=")
    module_name, _, attr = target.rpartition(".")
    module = importlib.import_module(module_name)
    setattr(module, attr, json.loads(value) if value[:1] in "[{0123456789-tf" else value)


async def _main(args: argparse.Namespace) -> int:
    from bot.runtime import make_services, wiring
    from config.settings import load_settings
    from knowledge.evaluation import answered_right, load_eval_cases, quotes_rejected

    for spec in args.set or ():
        _override(spec)
    settings = load_settings()
    services = await make_services(settings, wiring(settings), admin_ids=False)
    rows: list[str] = []
    total = Counter[str]()
    rejected = 0
    kinds: dict[str, Counter[str]] = {}
    try:
        kb = services.knowledge
        assert kb is not None
        for path in [p for name in args.sets for p in _files(name, args.holdout)]:
            right = asked = quoted = 0
            for case in load_eval_cases(path):
                answer = await asyncio.to_thread(kb.answer, case.question, mode="hybrid")
                ok = answered_right(case, answer.found, answer.text)
                kind = case.kind if case.expect else f"none:{case.kind}"
                quoting = answer.found and quotes_rejected(answer.text, case)
                quoted += quoting
                asked += 1
                right += ok
                bucket = kinds.setdefault(kind, Counter())
                bucket["n"] += 1
                bucket["ok"] += ok
                if args.out:
                    rows.append(json.dumps({
                        "file": path.name, "question": case.question, "kind": kind, "ok": ok,
                        "found": answer.found, "expect": list(case.expect),
                        "reject": list(case.reject), "rejected": quoting, "answer": answer.text,
                    }, ensure_ascii=False))  # fmt: skip
                if args.show and not ok:
                    said = " ".join(answer.text.split())[:160] if answer.found else "(refused)"
                    said = f"(quotes a rejected rule) {said}" if quoting else said
                    print(f"  ✗ [{kind}] {case.question} → {said}")
            total["n"] += asked
            total["ok"] += right
            rejected += quoted
            note = f" ({quoted} quoting a rejected rule)" if quoted else ""
            print(f"{path.name:<32} {right}/{asked}{note}", flush=True)
    finally:
        await services.close()
    if args.out:
        Path(args.out).write_text("".join(row + "\n" for row in rows), encoding="utf-8")
    for kind, c in sorted(kinds.items()):
        print(f"  {kind:<24} {c['ok']}/{c['n']} ({c['ok'] / c['n']:.0%})")
    print(f"TOTAL {total['ok']}/{total['n']} ({total['ok'] / max(total['n'], 1):.1%})")
    print(f"quoting a rejected rule: {rejected}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", help="DEV, ALLDEV, ALLVAL, HOLDOUT or a .jsonl path")
    parser.add_argument("--show", action="store_true", help="print each question answered wrong")
    parser.add_argument("--out", help="write every question's result as JSON lines")
    parser.add_argument("--set", action="append", help="module.CONST=value before opening")
    parser.add_argument("--holdout", action="store_true", help="allow the holdout files")
    return asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
