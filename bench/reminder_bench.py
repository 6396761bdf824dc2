"""Reminder benchmark: the sweep on 100,000 clients, 1,000 managers and a year of visits (SQLite and
PostgreSQL), then 10,000 reminders sent through the fake Telegram server with its rate limits on.

Run: .venv/bin/python bench/reminder_bench.py [--clients 100000] [--managers 1000]
     [--visits 400000] [--send 10000] [--runs 5] [--only sqlite|postgres|send]
Not a test. It prints: the first sweep (creating every reminder due within the look-ahead), a
steady sweep (what runs every minute: finding what is due when nearly everything already has its
row), one claim of 200, and the send rate against Telegram's 30 messages/s.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import func, select
from summary_bench import NOW, TODAY, Dataset, load_postgres, load_sqlite, postgres_database
from telegram.ext import ExtBot

from bot.notifier import ChatRateLimiter, TelegramNotifier
from emulator import FakeTelegram
from services.bootstrap import bootstrap
from services.reminders.kinds import ReminderConfig
from services.storage.models import Reminder, User

TOKEN = "123456789:BENCH-token-abcdefghijklmnopqrstuvwxyz01"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.value = now

    def now(self) -> datetime:
        return self.value


def with_follow_ups(data: Dataset, every: int = 50) -> None:
    """One visit in `every` sets a follow-up two weeks later (some fall within the week ahead)."""
    visits = []
    for n, row in enumerate(data.visits):
        if n % every == 0 and row[13] is None:
            row = (*row[:10], row[4] + timedelta(days=14), *row[11:])
        visits.append(row)
    data.visits = visits


async def sweep_figures(name: str, url: str, data: Dataset, runs: int) -> None:
    from services.storage.db import create_engine, migrate

    engine = create_engine(url)
    await migrate(engine)
    await engine.dispose()
    started = time.perf_counter()
    if name == "sqlite":
        load_sqlite(Path(url.split("///", 1)[1]), data)
    else:
        load_postgres(url.replace("postgresql+psycopg://", "postgresql://"), data)
    print(f"[{name}] loaded in {time.perf_counter() - started:.1f} s")
    clock = Clock(NOW)
    services = await bootstrap(database_url=url, clock=clock, run_migrations=False,
                               reminders=ReminderConfig(quiet_hours=None))  # fmt: skip
    try:
        t0 = time.perf_counter()
        report = await services.reminders.generate()
        first = time.perf_counter() - t0
        print(f"[{name}] first sweep: {first * 1000:.0f} ms, created {report.total} reminders "
              f"{dict(sorted(report.created.items()))}")  # fmt: skip
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            report = await services.reminders.generate()
            times.append(time.perf_counter() - t0)
        print(f"[{name}] steady sweep (find what is due, nothing new): median "
              f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
              f"over {runs} runs; created {report.total}")  # fmt: skip
        # The next morning: a day's worth of new due reminders on top of everything made.
        clock.value = NOW + timedelta(days=1)
        t0 = time.perf_counter()
        report = await services.reminders.generate()
        print(f"[{name}] next day's sweep: {(time.perf_counter() - t0) * 1000:.0f} ms, "
              f"created {report.total}")  # fmt: skip
        claims = []
        for n in range(runs):
            t0 = time.perf_counter()
            claim = await services.reminders.claim(f"bench{n}", limit=200)
            claims.append(time.perf_counter() - t0)
        print(f"[{name}] claim of 200 (lock, check each still applies, mark sending): median "
              f"{statistics.median(claims) * 1000:.0f} ms; last took {claim.taken} rows, "
              f"{len(claim.deliveries)} messages")  # fmt: skip
    finally:
        await services.close()


async def send_figures(count: int, managers: int) -> None:
    """`count` follow-up reminders for `managers` people, sent by the bot's own sweep code."""
    fake = FakeTelegram(token=TOKEN, enforce_rate_limits=True)
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/send.db"
        clock = Clock(NOW)
        # A 03:00 digest with a 04:00 cut-off: follow-ups go out from 03:30, and at 10:00 the
        # digest is tomorrow's.
        far, cutoff = dtime(3, 0), dtime(4, 0)
        services = await bootstrap(database_url=url, clock=clock,
                                   reminders=ReminderConfig(quiet_hours=None, digest_time=far,
                                                            digest_cutoff=cutoff))  # fmt: skip
        try:
            per = count // managers
            data = Dataset(managers * per, managers, 0, 0)
            data.visits = []
            vid = 1
            for client in data.clients:
                at = NOW - timedelta(days=1)
                data.visits.append((vid, f"s{vid}", client[0], client[7], TODAY - timedelta(days=1),
                                    "10:00", "on_site", "[]", "讨论续约", "发报价", TODAY, at, at,
                                    None))  # fmt: skip
                client[8] = TODAY  # visited: no cadence reminders, only the follow-ups
                vid += 1
            data.complaints = []
            await services.db.dispose()
            load_sqlite(Path(tmp) / "send.db", data)
            services = await bootstrap(database_url=url, clock=clock, run_migrations=False,
                                       reminders=ReminderConfig(quiet_hours=None,
                                                                digest_time=far,
                                                                digest_cutoff=cutoff))  # fmt: skip
            async with services.db.read() as session:
                ids = list((await session.execute(select(User.telegram_id))).scalars())
            for telegram_id in ids:
                fake.add_user(telegram_id, first_name=str(telegram_id))
            await services.reminders.generate()
            async with services.db.read() as session:
                due = (await session.execute(select(func.count()).select_from(Reminder).where(
                    Reminder.status == "pending", Reminder.send_after <= NOW))).scalar_one()  # fmt: skip
            # The bot's own limiter (30/s in all, about 1/s per chat), as in the Application.
            bot: ExtBot[int] = ExtBot(TOKEN, base_url=fake.api_url,
                                       rate_limiter=ChatRateLimiter())  # fmt: skip
            await bot.initialize()
            t0 = time.perf_counter()
            sent = await services.outbox.sweep(TelegramNotifier(bot))
            elapsed = time.perf_counter() - t0
            rejected = len(fake.rejected)
            too_many = sum(1 for c in fake.errors if c.status == 429)
            print(f"[send] {sent} of {due} reminders to {len({m.chat_id for m in fake.sent})} people "
                  f"in {elapsed:.1f} s: "
                  f"{sent / elapsed:.1f} messages/s (Telegram allows 30/s; "
                  f"{too_many} answers 429, {rejected} refused)")  # fmt: skip
            await bot.shutdown()
        finally:
            await services.close()
            await fake.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--managers", type=int, default=1_000)
    parser.add_argument("--visits", type=int, default=400_000)
    parser.add_argument("--send", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["sqlite", "postgres", "send"])
    args = parser.parse_args()
    if args.only in (None, "sqlite", "postgres"):
        started = time.perf_counter()
        data = Dataset(args.clients, args.managers, args.visits, args.clients // 20)
        with_follow_ups(data)
        print(f"dataset: {args.clients} clients, {args.managers} managers, {args.visits} visits "
              f"over two years (half in the last year), {args.clients // 20} complaints; "
              f"generated in {time.perf_counter() - started:.1f} s; as of {TODAY}")  # fmt: skip
        if args.only in (None, "sqlite"):
            with tempfile.TemporaryDirectory() as tmp:
                await sweep_figures("sqlite", f"sqlite+aiosqlite:///{tmp}/bench.db", data,
                                    args.runs)  # fmt: skip
        if args.only in (None, "postgres"):
            databases = postgres_database()
            url = next(databases)
            try:
                await sweep_figures("postgres", url, data, args.runs)
            finally:
                databases.close()
    if args.only in (None, "send"):
        await send_figures(args.send, args.managers)


if __name__ == "__main__":
    asyncio.run(main())
