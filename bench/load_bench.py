"""Load benchmark: 20 users at once for 30 s through the Bot API emulator, while one admin imports a
large client file and one manager asks questions of a slow language model.

Run: .venv/bin/python bench/load_bench.py [--users 20] [--seconds 30] [--rows 19000]
     [--model-delay 20] [--database sqlite|postgres]
Not a test. The real Application (every handler, the access gate, the update processor) runs in
this process against the fake Telegram server; the model is a fake OpenAI-compatible server that
takes --model-delay seconds per answer. Prints p50/p95/max reply latency of the other users'
quick commands (/help, /client, /reminders, /visits, /tz), and what the slow users got done.

It also says where waiting came from: the longest a small write waited for the database (a probe
writes every 0.1 s, as every update does to the update ledger), the longest the event loop was
blocked (a heartbeat every 10 ms), and with --profile the code that was running while it was
blocked (a thread samples the loop's stack whenever the heartbeat is 50 ms late).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg
from aiohttp import web

from bot.app import BotConfig, build_application
from bot.runtime import SAMPLES_DIR, settle_memory, start_application, stop_application
from emulator import FakeTelegram
from knowledge import KnowledgeConfig
from services.bootstrap import bootstrap
from services.domain import Role

TOKEN = "123456789:BENCH-token-abcdefghijklmnopqrstuvwxyz01"
ADMIN, ASKER, FIRST_USER = 1001, 1002, 2000
QUICK = ("/help", "/client 客户1", "/reminders", "/visits", "/tz", "/client 测试")


async def slow_model(delay: float) -> tuple[web.AppRunner, str]:
    """An OpenAI-compatible chat endpoint that thinks for `delay` seconds, then cites passage 1."""

    async def complete(request: web.Request) -> web.Response:
        await request.json()
        await asyncio.sleep(delay)
        answer = "信誉较差的客户至少每月走访一次 [1]。"
        return web.json_response(
            {"choices": [{"message": {"role": "assistant", "content": answer}}]}
        )

    app = web.Application()
    app.router.add_post("/v1/chat/completions", complete)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/v1"


def client_csv(rows: int) -> bytes:
    lines = ["客户名称,客户经理ID,行业,区域,联系人,电话"]
    lines += [f"导入客户{n}有限公司,{FIRST_USER + n % 18},电力,南京,张总{n},1380000{n % 10000:04d}"
              for n in range(rows)]  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


def pace_watch() -> dict[int, float]:
    """Chat id → seconds its replies waited for the bot's per-chat limiter (Telegram lets a bot
    send about one message a second to one private chat), added up; the bench resets it."""
    from bot.notifier import ChatRateLimiter

    waited: dict[int, float] = collections.defaultdict(float)
    make = ChatRateLimiter._private_limiter

    class Timed:
        def __init__(self, limiter: Any, chat_id: int) -> None:
            self._limiter, self._chat_id = limiter, chat_id

        async def __aenter__(self) -> None:
            started = time.monotonic()
            await self._limiter.__aenter__()
            waited[self._chat_id] += time.monotonic() - started

        async def __aexit__(self, *exc: object) -> None:
            await self._limiter.__aexit__(*exc)

    def timed(self: ChatRateLimiter, chat_id: int) -> Any:
        return Timed(make(self, chat_id), chat_id)

    ChatRateLimiter._private_limiter = timed  # type: ignore[method-assign,assignment]
    return waited


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="kam-load-"))
    pg_name = None
    if args.database == "postgres":
        pg_name = f"kam_load_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.postgres_admin, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{pg_name}"')
        url = args.postgres_admin.rsplit("/", 1)[0].replace(
            "postgresql://", "postgresql+psycopg://"
        )
        database_url = f"{url}/{pg_name}"
    else:
        database_url = f"sqlite+aiosqlite:///{work / 'kam.db'}"
    model, model_url = await slow_model(args.model_delay)
    fake = FakeTelegram(token=TOKEN, bot_username="kam_load_bot")
    await fake.start()
    knowledge = KnowledgeConfig(directory=work / "kb", llm_base_url=model_url, llm_model="slow",
                                llm_timeout=args.model_delay + 30)  # fmt: skip
    services = await bootstrap(database_url=database_url, timezone="Asia/Shanghai",
                               knowledge=knowledge)  # fmt: skip
    await services.users.add_user(telegram_id=ADMIN, name="管理员", role=Role.ADMIN, team=None)
    await services.users.add_user(telegram_id=ASKER, name="提问者", role=Role.MANAGER, team="一部")
    users = [FIRST_USER + n for n in range(args.users - 2)]
    for n, user in enumerate(users):
        await services.users.add_user(telegram_id=user, name=f"经理{n}", role=Role.MANAGER,
                                      team="一部")  # fmt: skip
    print("ingesting the sample handbook…", flush=True)
    assert services.knowledge is not None
    await asyncio.to_thread(services.knowledge.ingest_paths, [SAMPLES_DIR])
    app = build_application(services, BotConfig(TOKEN, fake.api_url, fake.file_url,
                                                reminder_sweep_seconds=3600,
                                                private_chat_interval=args.chat_interval))  # fmt: skip
    await start_application(app)
    settle_memory()  # as `kam run` does once it has started
    data = client_csv(args.rows)
    probe = Probe(services, args.profile)
    latencies: list[float] = []
    own: list[float] = []  # the same, less the time the reply waited for Telegram's chat pace
    paced = pace_watch()
    slow_done = {"imports": 0, "answers": 0}
    deadline = time.monotonic() + args.seconds

    async def quick_user(user: int) -> None:
        rng = random.Random(user)
        await asyncio.sleep(rng.random())
        while time.monotonic() < deadline:
            started = time.monotonic()
            paced[user] = 0.0
            fake.send_text(user, rng.choice(QUICK))
            try:
                await fake.wait_for(user, timeout=60)
            except AssertionError:
                latencies.append(60.0)
                own.append(60.0)
                continue
            latencies.append(time.monotonic() - started)
            own.append(latencies[-1] - paced[user])
            await asyncio.sleep(rng.uniform(*args.think))

    async def importer() -> None:
        while time.monotonic() < deadline:
            before = len(fake.messages_to(ADMIN))
            fake.send_document(ADMIN, "clients.csv", data, mime_type="text/csv")
            while time.monotonic() < deadline + 120:
                shown = fake.messages_to(ADMIN)[before:]
                if any("导入完成" in m.text or "没有导入" in m.text for m in shown):
                    slow_done["imports"] += 1
                    break
                await asyncio.sleep(0.2)

    async def asker() -> None:
        while time.monotonic() < deadline:
            before = len(fake.messages_to(ASKER))
            fake.send_text(ASKER, "信誉较差的客户多久要走访一次？")
            while time.monotonic() < deadline + args.model_delay + 30:
                if any(
                    "[1]" in m.text or "每月" in m.text for m in fake.messages_to(ASKER)[before:]
                ):
                    slow_done["answers"] += 1
                    break
                await asyncio.sleep(0.2)

    print(f"{args.users} users for {args.seconds} s on {args.database}: 1 importing {args.rows} "
          f"rows, 1 asking a model that takes {args.model_delay} s, {len(users)} quick…", flush=True)  # fmt: skip
    started = time.monotonic()
    slow = ([importer()] if args.rows else []) + ([asker()] if args.model_delay else [])
    watching = probe.start(deadline)
    await asyncio.gather(*slow, *(quick_user(u) for u in users))
    elapsed = time.monotonic() - started
    await watching
    await stop_application(app)
    await fake.stop()
    await model.cleanup()
    if pg_name:
        with psycopg.connect(args.postgres_admin, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    print(
        f"quick replies: {len(latencies)} in {elapsed:.0f} s; "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
        f"  (as the users saw them; next command {args.think[0]:g}-{args.think[1]:g} s after a reply)"
    )
    print(
        f"  less Telegram's one-message-a-second pace per chat: "
        f"p50 {statistics.median(own) * 1000:.0f} ms, "
        f"p95 {percentile(own, 0.95) * 1000:.0f} ms, max {max(own) * 1000:.0f} ms"
        f"  (the pace held {sum(1 for a, b in zip(latencies, own, strict=True) if a - b > 0.001)}"
        f" replies, {sum(latencies) - sum(own):.1f} s in all)"
    )
    print(
        f"slow work finished meanwhile: {slow_done['imports']} imports of {args.rows} rows, "
        f"{slow_done['answers']} model answers"
    )
    probe.report()
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


class Probe:
    """How long a small write waits for the database, how late the event loop runs, and (with
    --profile) what the loop was doing when it was late."""

    def __init__(self, services: object, profile: bool) -> None:
        self._services = services
        self._profile = profile
        self.write_waits: list[float] = []
        self.loop_lags: list[float] = []
        self.samples: collections.Counter[str] = collections.Counter()
        self.holds: dict[str, list[float]] = {}
        self._beat = time.monotonic()
        self._loop_thread = threading.get_ident()

    def _hold_times(self) -> None:
        """Time each write transaction from the moment it has the database, by who opened it."""
        db = self._services.db  # type: ignore[attr-defined]
        opened = db.write
        holds = self.holds = collections.defaultdict(list)

        @contextlib.asynccontextmanager
        async def write() -> Any:
            caller = sys._getframe(2)
            where = f"{Path(caller.f_code.co_filename).name}:{caller.f_code.co_name}"
            async with opened() as uow:
                started = time.monotonic()
                try:
                    yield uow
                finally:
                    holds[where].append(time.monotonic() - started)

        db.write = write

    def start(self, deadline: float) -> asyncio.Future[list[None]]:
        self._hold_times()
        if self._profile:
            threading.Thread(target=self._sample, args=(deadline,), daemon=True).start()
        return asyncio.gather(self._writes(deadline), self._heartbeat(deadline))

    async def _writes(self, deadline: float) -> None:
        from sqlalchemy import text

        db = self._services.db  # type: ignore[attr-defined]
        while time.monotonic() < deadline:
            started = time.monotonic()
            async with db.write() as uow:
                await uow.session.execute(text("SELECT 1"))
                await uow.commit()
            self.write_waits.append(time.monotonic() - started)
            await asyncio.sleep(0.1)

    async def _heartbeat(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            before = time.monotonic()
            await asyncio.sleep(0.01)
            self._beat = time.monotonic()
            self.loop_lags.append(self._beat - before - 0.01)

    def _sample(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            time.sleep(0.01)
            if time.monotonic() - self._beat < 0.05:
                continue
            frame = sys._current_frames().get(self._loop_thread)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)
            ours = [f for f in stack if "/lib/python" not in f.filename]
            top, inner = (ours or stack)[-1], stack[-1]
            where = f"{Path(top.filename).name}:{top.lineno} {top.name}"
            self.samples[f"{where} [{Path(inner.filename).name}:{inner.lineno} {inner.name}]"] += 1

    def report(self) -> None:
        if self.write_waits:
            print(f"a small write waited: p50 {statistics.median(self.write_waits) * 1000:.0f} ms, "
                  f"p95 {percentile(self.write_waits, 0.95) * 1000:.0f} ms, "
                  f"max {max(self.write_waits) * 1000:.0f} ms ({len(self.write_waits)} writes)")  # fmt: skip
        if self.loop_lags:
            late = sum(1 for lag in self.loop_lags if lag > 0.05)
            print(f"event loop late (a stall): p95 {percentile(self.loop_lags, 0.95) * 1000:.0f} ms, "
                  f"max {max(self.loop_lags) * 1000:.0f} ms, over 50 ms {late} times")  # fmt: skip
        longest = sorted(self.holds.items(), key=lambda kv: -max(kv[1]))[:6]
        if longest:
            print("longest write transactions (held the database), by who opened them:")
            for where, times in longest:
                print(f"  max {max(times) * 1000:6.0f} ms, p50 {statistics.median(times) * 1000:5.0f}"
                      f" ms, {len(times):5d}×, {sum(times):5.1f} s in all  {where}")  # fmt: skip
        if self.samples:
            print("while the loop was blocked (10 ms samples, our innermost frame):")
            for where, n in self.samples.most_common(12):
                print(f"  {n:5d}  {where}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rows", type=int, default=19000)
    parser.add_argument("--model-delay", type=float, default=20)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-admin", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--chat-interval", type=float, default=1.0,
                        help="Telegram's pace for one private chat (0: no per-chat limit)")  # fmt: skip
    parser.add_argument("--think", type=float, nargs=2, default=(0.2, 0.8), metavar=("MIN", "MAX"),
                        help="seconds a quick user waits after a reply before the next command "
                        "(0.2-0.8: faster than Telegram's pace for one chat; a person reading the "
                        "reply and typing takes longer, e.g. --think 1.5 4)")  # fmt: skip
    parser.add_argument("--profile", action="store_true",
                        help="sample what the event loop runs whenever it is 50 ms late")  # fmt: skip
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
