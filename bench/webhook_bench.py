"""Load benchmark: updates per second and reply latency through one and two `kam run` webhook
replicas on PostgreSQL, behind a round-robin proxy, with the fake Telegram posting the updates.

Run: .venv/bin/python bench/webhook_bench.py [--users 40] [--rounds 10] [--replicas 1 2]
Not a test. Each simulated manager sends a message, waits for the bot's reply, and sends the next
(`/client NAME`, a database lookup answered with a client card, alternating with `/visits`). It
prints, per replica count: updates handled per second, and p50/p95/max of the time from the
update's arrival at the fake Telegram to the bot's reply there.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from summary_bench import postgres_database

from emulator import FakeTelegram
from emulator.balancer import RoundRobin, free_port
from services.bootstrap import bootstrap
from services.client_import import ClientRow
from services.domain import Role

TOKEN = "123456789:BENCH-token-abcdefghijklmnopqrstuvwxyz01"
SECRET = "bench-secret"
FIRST_USER = 700_000


async def seed(url: str, users: int) -> None:
    services = await bootstrap(database_url=url)
    try:
        rows = []
        for n in range(users):
            uid = FIRST_USER + n
            await services.users.add_user(telegram_id=uid, name=f"经理{n}", role=Role.MANAGER,
                                          team=f"华东{n % 5}部")  # fmt: skip
            for k in range(20):
                rows.append(ClientRow(
                    line=len(rows) + 2, name=f"华能{n}号电厂{k}分厂", owner_telegram_id=uid,
                    tier=None, credit_rating=None, strategy=None, industry=None, region=None,
                    address=None, latitude=None, longitude=None, last_visit_on=None, notes=None,
                    aliases=(), contacts=(),
                ))  # fmt: skip
        await services.clients.upsert_rows(None, rows)
    finally:
        await services.close()


@contextmanager
def replicas(fake: FakeTelegram, url: str, ports: list[int], root: Path):  # type: ignore[no-untyped-def]
    procs = []
    base = {k: v for k, v in os.environ.items() if not k.startswith(("KAM_", "TELEGRAM_"))}
    for n, port in enumerate(ports):
        data = root / f"replica{n}"
        data.mkdir(parents=True)
        env = dict(base, TELEGRAM_BOT_TOKEN=TOKEN, KAM_TELEGRAM_API_URL=fake.api_url,
                   KAM_TELEGRAM_FILE_URL=fake.file_url, KAM_DATA_DIR=str(data),
                   KAM_DATABASE_URL=url, KAM_LOG_LEVEL="WARNING",
                   KAM_WEBHOOK_URL="https://kam.example.com", KAM_WEBHOOK_LISTEN="127.0.0.1",
                   KAM_WEBHOOK_PORT=str(port), KAM_WEBHOOK_SECRET=SECRET)  # fmt: skip
        with (data / "process.log").open("ab") as log:
            procs.append(subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=data,
                                          env=env, stdout=log, stderr=subprocess.STDOUT))  # fmt: skip
    try:
        yield procs
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


async def healthy(ports: list[int]) -> None:
    deadline = time.monotonic() + 180
    async with httpx.AsyncClient() as http:
        for port in ports:
            while True:
                try:
                    if (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"replica on {port} did not start")
                await asyncio.sleep(0.3)


async def measure(count: int, users: int, rounds: int) -> None:
    with contextmanager(postgres_database)() as url, tempfile.TemporaryDirectory() as tmp:
        await seed(url, users)
        ports = [free_port() for _ in range(count)]
        proxy = RoundRobin(ports, record=False)
        await proxy.start()
        fake = FakeTelegram(token=TOKEN, webhook_target=f"http://127.0.0.1:{proxy.port}/telegram")
        await fake.start()
        try:
            with replicas(fake, url, ports, Path(tmp)):
                await healthy(ports)
                latencies: list[float] = []

                async def manager(n: int, record: bool, turns: int) -> None:
                    uid = FIRST_USER + n
                    for r in range(turns):
                        text = f"/client 华能{n}号电厂{r % 20}" if r % 2 == 0 else "/visits"
                        started = time.perf_counter()
                        fake.send_text(uid, text)
                        await fake.wait_for(uid, timeout=120)
                        if record:
                            latencies.append(time.perf_counter() - started)

                await asyncio.gather(*(manager(n, False, 2) for n in range(users)))  # warm-up
                await fake.wait_idle(quiet=0.5, timeout=60)
                started = time.perf_counter()
                await asyncio.gather(*(manager(n, True, rounds) for n in range(users)))
                elapsed = time.perf_counter() - started
        finally:
            await fake.stop()
            await proxy.stop()
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    print(f"{count} replica{'s' if count > 1 else ''}: {len(latencies)} updates from {users} "
          f"managers in {elapsed:.1f} s = {len(latencies) / elapsed:.1f} updates/s; reply "
          f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"max {latencies[-1] * 1000:.0f} ms", flush=True)  # fmt: skip


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; each manager waits for the reply before the next message")
    for count in args.replicas:
        await measure(count, args.users, args.rounds)


if __name__ == "__main__":
    asyncio.run(main())
