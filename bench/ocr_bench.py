"""OCR benchmark: time per business card and per scanned page, card field accuracy, and the
memory the OCR models add; prints figures.

Run: .venv/bin/python bench/ocr_bench.py [--cards 40] [--pages 4] [--seed 7]
Not a test. Cards are generated like the tests' (bundled Noto Sans CJK; Chinese and English;
landscape, portrait and (Chinese) vertical columns; rotated up to 4 degrees, noise and blur; JPEG),
with made-up people.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge import ocr
from services.business_cards import read_card
from tests.media.builders import (
    card_image,
    jpeg,
    page_image,
    random_person,
    vertical_card_image,
)

FIELDS = ("name", "mobile", "email", "company", "phone", "title", "address")
VERTICAL_FIELDS = ("name", "mobile", "company", "phone", "title")  # what a 竖排 card prints
PAGE = ["第一章 总则", "为规范大客户服务工作，提高客户满意度，制定本办法。",
        "本办法适用于公司各级客户经理及大客户服务部门。", "第二章 走访制度",
        "信誉评价为优质的客户至少每六个月走访一次。", "信誉评价为中等的客户至少每季度走访一次。",
        "信誉评价较差的客户至少每月走访一次。", "走访后当天在系统中填写走访记录。",
        "第三章 投诉处理", "受理客户诉求后，应在一个工作日内与客户联系。",
        "受理时一次性告知客户需要提供的全部资料。", "投诉解决后三个工作日内完成回访。"]  # fmt: skip


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def same(field: str, got: str | None, want: str) -> bool:
    if got is None:
        return False
    if field in ("address", "company", "title"):
        return got.replace(" ", "") == want.replace(" ", "")
    return got == want


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=40)
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    before = rss_mb()
    started = time.perf_counter()
    ocr.engine()
    load_s = time.perf_counter() - started
    ocr.read_lines(jpeg(page_image(["预热"], seed=0)))  # first inference allocates its buffers
    loaded = rss_mb()

    hits = dict.fromkeys(FIELDS, 0)
    printed = dict.fromkeys(FIELDS, 0)
    times: list[float] = []
    by_kind: dict[str, list[float]] = {}
    misses: list[str] = []
    for n in range(args.cards):
        english = n % 3 == 2
        # Chinese cards (n % 3 in 0, 1) cycle through three layouts; English ones through two.
        layout = (
            ("landscape", "portrait", "vertical")[(n // 3 * 2 + n % 3) % 3]
            if not english
            else ("portrait" if n % 2 else "landscape")
        )
        person = random_person(rng, english=english)
        if layout == "vertical":
            photo, fields_printed = vertical_card_image(person, seed=n), VERTICAL_FIELDS
        else:
            photo, fields_printed = card_image(person, layout=layout, seed=n), FIELDS
        t0 = time.perf_counter()
        fields = read_card(ocr.read_lines(photo)).fields
        elapsed = time.perf_counter() - t0
        times.append(elapsed)
        by_kind.setdefault(f"{'en' if english else 'zh'} {layout}", []).append(elapsed)
        for field in fields_printed:
            printed[field] += 1
            if same(field, getattr(fields, field), getattr(person, field)):
                hits[field] += 1
            else:
                misses.append(f"  card {n} {field}: read {getattr(fields, field)!r}, "
                              f"printed {getattr(person, field)!r}")  # fmt: skip

    page_times = []
    for n in range(args.pages):
        data = jpeg(page_image(PAGE, seed=n))
        t0 = time.perf_counter()
        rows = ocr.read_page(data)
        page_times.append(time.perf_counter() - t0)
    after = rss_mb()

    print(f"OCR models loaded in {load_s:.1f} s; VmRSS {before:.0f} MB before, {loaded:.0f} MB "
          f"after loading and one inference (+{loaded - before:.0f} MB), {after:.0f} MB at the end "
          f"(+{after - before:.0f} MB)")  # fmt: skip
    print(
        f"cards: {args.cards}; seconds per card: median {statistics.median(times):.2f}, "
        f"p95 {sorted(times)[int(0.95 * (len(times) - 1))]:.2f}, max {max(times):.2f}"
    )
    for kind, values in sorted(by_kind.items()):
        print(f"  {kind}: {len(values)} cards, median {statistics.median(values):.2f} s")
    print(f"pages (850x1100, 12 lines): {args.pages}; seconds per page: median "
          f"{statistics.median(page_times):.2f}, max {max(page_times):.2f} "
          f"(last page read {len(rows)} rows)")  # fmt: skip
    print("field accuracy:")
    for field in FIELDS:
        print(f"  {field:8} {hits[field]}/{printed[field]} = {hits[field] / printed[field]:.0%}")
    if misses:
        print("misses:")
        print("\n".join(misses[:40]))


if __name__ == "__main__":
    main()
