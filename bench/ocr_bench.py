"""OCR benchmark: time per business card and per scanned page, card field accuracy, and the
memory the OCR models add; prints figures.

Run: .venv/bin/python bench/ocr_bench.py [--cards 40] [--pages 4] [--seed 7] [--distant]
     [--rotate] [--exif] [--no-turn] [--one-look] [--policy 0]
Not a test. Cards are generated like the tests' (bundled Noto Sans CJK; Chinese and English;
landscape, portrait and (Chinese) vertical columns; rotated up to 4 degrees, noise and blur; JPEG),
with made-up people. --distant shrinks each photo to 38% with more blur and JPEG quality 25 (a
card snapped from across the table), where digits are misread: the figures then say how many
wrong fields were marked ❓ for checking and how many were not (the worst case: a wrong number
shown as sure). --rotate turns each photo by a quarter turn more than the one before (0, 90,
180, 270 degrees: a card or page photographed sideways or upside down); --exif stores them so
with the EXIF orientation a phone writes; --no-turn reads them as they come (the figures before
page orientation); --policy N reads N photographed policy pages (the tests' four-page policy:
running header, title, page number; each tilted up to 2 degrees as its seed says) and counts the
printed lines read as printed; --one-look reads each card once, as before a doubted line was read a second
time (its ❓ figures: right values marked for checking for nothing). Pages are also checked for
their reading order.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from knowledge import ocr
from services.business_cards import read_card
from tests.media.builders import (
    POLICY,
    POLICY_FOOTERS,
    POLICY_HEADER,
    POLICY_TITLE,
    card_image,
    from_afar,
    jpeg,
    page_image,
    policy_page,
    random_person,
    turned_photo,
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
    parser.add_argument("--distant", action="store_true", help="small, blurred, low-quality photos")
    parser.add_argument("--rotate", action="store_true", help="photos turned 0/90/180/270 degrees")
    parser.add_argument("--exif", action="store_true", help="turned pixels, upright by EXIF")
    parser.add_argument("--no-turn", action="store_true", help="no page orientation (before)")
    parser.add_argument(
        "--one-look",
        action="store_true",
        help="doubted lines not read a second time (the ❓ figures before)",
    )
    parser.add_argument("--policy", type=int, default=0, help="tilted policy pages to read")
    args = parser.parse_args()
    if args.policy:
        policy_pages(args.policy)
        return
    rng = random.Random(args.seed)
    if args.no_turn:
        ocr.TURN_VOTE = float("inf")  # no vote is ever carried
    passes = 0  # OCR passes over whole photos: a turned photo whose lines read poorly takes two
    read_once = ocr._read

    def counted(pixels: Any, **options: Any) -> Any:
        nonlocal passes
        passes += 1
        return read_once(pixels, **options)

    ocr._read = counted

    before = rss_mb()
    started = time.perf_counter()
    ocr.engine()
    load_s = time.perf_counter() - started
    ocr.read_lines(jpeg(page_image(["预热"], seed=0)))  # first inference allocates its buffers
    loaded = rss_mb()

    passes = 0  # the warm-up's pass aside
    looked_again = 0  # doubted lines of the cards read a second time
    hits = dict.fromkeys(FIELDS, 0)
    printed = dict.fromkeys(FIELDS, 0)
    times: list[float] = []
    by_kind: dict[str, list[float]] = {}
    misses: list[str] = []
    # (right or wrong) x (marked unsure or not), over the fields read
    marks = {"right": 0, "right ❓": 0, "wrong": 0, "wrong ❓": 0}
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
        if args.distant:
            photo = from_afar(photo)
        if args.rotate or args.exif:
            photo = turned_photo(photo, 90 * (n % 4), exif=args.exif)
        t0 = time.perf_counter()
        lines = ocr.read_lines(photo, second_look=not args.one_look)
        looked_again += sum(1 for line in lines if line.again is not None)
        reading = read_card(lines)
        fields = reading.fields
        elapsed = time.perf_counter() - t0
        times.append(elapsed)
        by_kind.setdefault(f"{'en' if english else 'zh'} {layout}", []).append(elapsed)
        for field in fields_printed:
            printed[field] += 1
            right = same(field, getattr(fields, field), getattr(person, field))
            if getattr(fields, field) is not None:
                mark = " ❓" if field in reading.unsure else ""
                marks[("right" if right else "wrong") + mark] += 1
            if right:
                hits[field] += 1
            else:
                mark = " ❓" if field in reading.unsure else ""
                misses.append(f"  card {n} {field}: read {getattr(fields, field)!r}{mark}, "
                              f"printed {getattr(person, field)!r}")  # fmt: skip

    card_passes = passes
    page_times = []
    in_order = 0
    for n in range(args.pages):
        data = jpeg(page_image(PAGE, seed=n))
        if args.rotate or args.exif:
            data = turned_photo(data, 90 * (n % 4), exif=args.exif)
        t0 = time.perf_counter()
        rows = ocr.read_page(data)
        page_times.append(time.perf_counter() - t0)
        # Every printed line read as one row, in the printed order (OCR drops some spaces).
        in_order += [row.replace(" ", "") for row in rows] == [p.replace(" ", "") for p in PAGE]
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
          f"(last page read {len(rows)} rows); pages read whole in order: "
          f"{in_order}/{args.pages}")  # fmt: skip
    print(f"OCR passes: {card_passes} over {args.cards} cards, {passes - card_passes} over "
          f"{args.pages} pages (a photo read again upright counts two); doubted card lines "
          f"read a second time: {looked_again}")  # fmt: skip
    print("field accuracy:")
    for field in FIELDS:
        print(f"  {field:8} {hits[field]}/{printed[field]} = {hits[field] / printed[field]:.0%}")
    print("fields read: " + ", ".join(f"{k} {v}" for k, v in marks.items())
          + " (❓: marked for checking; 'wrong' unmarked is a wrong value shown as sure)")  # fmt: skip
    if misses:
        print("misses:")
        # A wrong value shown as sure first: the misses that matter most.
        misses.sort(key=lambda miss: "❓" in miss or "read None" in miss)
        print("\n".join(misses[:40]))


def policy_pages(count: int) -> None:
    """Photographed policy pages (tests.media.builders.policy_page), pages 1-4 over seeds 0, 1…:
    how many printed lines come out as printed, and the time per page."""
    printed = read = 0
    times = []
    lost = []
    for k in range(count):
        n, seed = k % 4 + 1, k // 4
        want = [POLICY_HEADER, *([POLICY_TITLE] if n == 1 else []), *POLICY[n - 1],
                POLICY_FOOTERS[n - 1]]  # fmt: skip
        t0 = time.perf_counter()
        rows = {row.replace(" ", "") for row in ocr.read_page(policy_page(n, seed=seed))}
        times.append(time.perf_counter() - t0)
        printed += len(want)
        hits = [line for line in want if line.replace(" ", "") in rows]
        read += len(hits)
        lost += [f"page {n} seed {seed}: {line}" for line in want if line not in hits]
    print(f"policy pages: {count}; printed lines read as printed {read}/{printed}; seconds per "
          f"page: median {statistics.median(times):.2f}, max {max(times):.2f}")  # fmt: skip
    print("\n".join(lost[:20]))


if __name__ == "__main__":
    main()
