"""Load benchmark: 20 users at once for 30 s through the Bot API emulator, while one admin imports a
large client file and one manager asks questions of a slow language model.

Run: .venv/bin/python bench/load_bench.py [--users 20] [--seconds 30] [--rows 19000]
     [--model-delay 20] [--database sqlite|postgres]
Not a test. The real Application (every handler, the access gate, the update processor) runs in
this process against the fake Telegram server; the model is a fake OpenAI-compatible server that
takes --model-delay seconds per answer. Prints p50/p95/max reply latency of the other users'
quick commands (/help, /client, /reminders, /visits, /tz), and what the slow users got done.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg
from aiohttp import web

from bot.app import BotConfig, build_application
from bot.runtime import SAMPLES_DIR, start_application, stop_application
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
                                                reminder_sweep_seconds=3600))  # fmt: skip
    await start_application(app)
    data = client_csv(args.rows)
    latencies: list[float] = []
    slow_done = {"imports": 0, "answers": 0}
    deadline = time.monotonic() + args.seconds

    async def quick_user(user: int) -> None:
        rng = random.Random(user)
        await asyncio.sleep(rng.random())
        while time.monotonic() < deadline:
            started = time.monotonic()
            fake.send_text(user, rng.choice(QUICK))
            try:
                await fake.wait_for(user, timeout=60)
            except AssertionError:
                latencies.append(60.0)
                continue
            latencies.append(time.monotonic() - started)
            await asyncio.sleep(rng.uniform(0.2, 0.8))

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
    await asyncio.gather(*slow, *(quick_user(u) for u in users))
    elapsed = time.monotonic() - started
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
    )
    print(
        f"slow work finished meanwhile: {slow_done['imports']} imports of {args.rows} rows, "
        f"{slow_done['answers']} model answers"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rows", type=int, default=19000)
    parser.add_argument("--model-delay", type=float, default=20)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-admin", default="postgresql://postgres@127.0.0.1:5432/test")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
