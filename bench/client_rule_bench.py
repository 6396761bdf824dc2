"""Cost of the one client rule (`find_client` = rank + sure_client) over many clients.

    .venv/bin/python bench/client_rule_bench.py [N]

Prints the median and p95 milliseconds per lookup for a few typed names over N generated clients.
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from services.matching import find_client, search_key

PARTS = "华润 电力 万家 江苏 银行 招商 中国 移动 南京 地铁 苏宁 电器 宝山 钢铁 常熟 无锡 医院 物流 金鑫 天合".split()


def main(n: int) -> None:
    rng = random.Random(7)
    names = {"".join(rng.sample(PARTS, 3)) + f"{i}号有限公司" for i in range(n)}
    candidates = [(i, name, search_key(name)) for i, name in enumerate(sorted(names))]
    queries = ["华润万家", "江苏银行", "huarun", "招商", "jsyh", "南京地铁9"]
    for query in queries:  # warm the caches, as a running bot has them
        find_client(query, candidates)
    for query in queries:
        times = []
        for _ in range(20):
            start = time.perf_counter()
            find_client(query, candidates)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{query:>10}: median {statistics.median(times):6.1f} ms, p95 {p95:6.1f} ms "
              f"over {len(candidates)} clients")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
