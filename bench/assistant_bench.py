"""The assistant's own overhead per message with a model, and model calls and request size per turn.

The real bot (in-process Application against the fake Telegram server) talks through langchain's
ChatOpenAI to a fake OpenAI-compatible server that answers at once from a script, so the time
measured is the bot's own work (handlers, access, agent graph, tools and their SQL, HTTP to the
model, rendering, Telegram calls), minus the fake server's own handling time. The last row is the
user's ✅ on the drafted card: the graph resumes from its checkpoint and the visit is written, with
no model call.

    .venv/bin/python bench/assistant_bench.py [--turns 30] [--clients 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import BotConfig, build_application
from bot.runtime import start_application, stop_application
from emulator import FakeTelegram
from knowledge.llm import make_chat_model
from services.bootstrap import bootstrap
from services.client_import import ClientRow
from tests.assistant_fakes import ZHANG, FakeOpenAI, Reply, seed, tool_reply

TOKEN = "123456789:BENCH-token-abcdefghijklmnopqrstuvwxyz012"

TURNS: dict[str, tuple[str, list[Reply]]] = {
    "own-data question (1 tool)": (
        "华能最近三次拜访都谈了什么？",
        [tool_reply(("recent_visits", {"client": "华能", "limit": 3})),
         Reply(content="最近两次拜访华能：谈了二期扩容；介绍了新变压器方案。")],
    ),
    "client list question (1 tool)": (
        "本季度哪些优质客户还没拜访？",
        [tool_reply(("list_clients", {"credit_rating": "good",
                                      "not_visited_since": "2026-10-01"})),
         Reply(content="以下优质客户本季度还没拜访：……")],
    ),
    "visit drafted, card shown (1 tool)": (
        "今天去了华能，见了王强，谈了增容报价",
        [tool_reply(("draft_visit", {"client": "华能", "summary": "谈了增容报价",
                                     "visited_on": date.today().isoformat()})),
         ],  # the graph stops for the user's button: no second model call
    ),
    "small talk (no tool)": ("谢谢", [Reply(content="不客气。")]),
}  # fmt: skip


async def tap_confirm(fake: FakeTelegram, services: Any, last_sent: list[float]) -> float:
    """The user's ✅ on the card just drafted: the graph resumes from its checkpoint and the
    visit is written (no model call); milliseconds until the bot's answer."""
    found = [
        (m, b["callback_data"]) for m in reversed(fake.sent) if m.chat_id == ZHANG
        for row in (m.reply_markup or {}).get("inline_keyboard", []) for b in row
        if b.get("text") == "✅ 确认"
    ]  # fmt: skip
    if not found:
        raise SystemExit("no card to confirm: " + repr([m.text for m in fake.sent[-3:]]))
    card, data = found[0]
    started = time.perf_counter()
    fake.press_button(ZHANG, card.message_id, data)
    await fake.wait_for(ZHANG, lambda m: "已保存" in (m.text or ""), timeout=60)
    return (last_sent[0] - started) * 1000


# What shows each turn is answered: the answer's words, or the card's ✅ button.
def _says(words: str) -> Callable[[Any], bool]:
    return lambda m: words in (m.text or "")


MARKS: dict[str, Callable[[Any], bool]] = {
    "own-data question (1 tool)": _says("二期扩容"),
    "client list question (1 tool)": _says("优质客户"),
    "visit drafted, card shown (1 tool)": lambda m: (
        "✅ 确认" in json.dumps(m.reply_markup or {}, ensure_ascii=False)
    ),
    "small talk (no tool)": _says("不客气"),
}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def main(turns: int, clients: int, chat_interval: float) -> None:
    fake = FakeTelegram(TOKEN, bot_username="kam_bench_bot")
    await fake.start()
    llm = FakeOpenAI()
    await llm.start()
    handling: list[float] = []
    original = llm._chat

    async def timed(request: Any) -> Any:
        started = time.perf_counter()
        response = await original(request)
        handling.append(time.perf_counter() - started)
        return response

    llm._chat = timed  # type: ignore[method-assign]
    # Re-register the route with the timed handler.
    await llm.stop()
    await llm.start()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'kam.db'}"
        services = await bootstrap(
            database_url=url, chat_model=make_chat_model(llm.url, "bench", "sk", 30.0, "openai")
        )
        await seed(services)
        await services.clients.upsert_rows(None, [
            ClientRow(line=n + 10, name=f"测试客户{n:04d}有限公司", owner_telegram_id=ZHANG,
                      tier=None, credit_rating=None, strategy=None, industry="电力", region=None,
                      address=None, latitude=None, longitude=None, last_visit_on=None,
                      notes=None, aliases=(), contacts=())
            for n in range(clients)
        ])  # fmt: skip
        last_sent = [0.0]

        def on_sent(_message: Any) -> None:
            last_sent[0] = time.perf_counter()

        fake.on_sent = on_sent
        # Telegram lets a bot write about once a second to one chat; the turns here follow each
        # other in one chat, so --chat-interval 0 shows the bot's own time without that pacing.
        config = BotConfig(TOKEN, fake.api_url, fake.file_url, private_chat_interval=chat_interval)
        app = build_application(services, config)
        await start_application(app)
        try:
            print(f"{turns} turns of each kind, {clients + 3} clients, SQLite, fake model "
                  f"answering at once\n")  # fmt: skip
            print(f"{'turn':38} {'p50 ms':>8} {'p95 ms':>8} {'calls':>6} {'req KB':>7} "
                  f"{'≈tokens':>8}")  # fmt: skip
            taps: list[float] = []
            for name, (text, script) in TURNS.items():
                times: list[float] = []
                calls = sizes = 0
                for _ in range(turns):
                    zhang = await services.users.resolve_actor(ZHANG)
                    assert zhang is not None
                    await services.assistant.forget(zhang, ZHANG)  # each turn starts afresh
                    async with services.db.write() as uow:
                        from sqlalchemy import delete

                        from services.storage.models import Flow

                        await uow.session.execute(delete(Flow))
                        await uow.commit()
                    llm.script = list(script)
                    before, handled = len(llm.requests), len(handling)
                    started = time.perf_counter()
                    fake.send_text(ZHANG, text)
                    await fake.wait_for(ZHANG, MARKS[name], timeout=60)
                    await fake.wait_idle(quiet=0.3, timeout=30)  # anything after it
                    # Until the bot's last message of the turn, less the fake model's own time.
                    elapsed = last_sent[0] - started - sum(handling[handled:])
                    times.append(elapsed * 1000)
                    new = llm.requests[before:]
                    calls += len(new)
                    sizes += sum(len(json.dumps(r, ensure_ascii=False).encode()) for r in new)
                    if name.startswith("visit drafted"):
                        taps.append(await tap_confirm(fake, services, last_sent))
                mean_calls = calls / turns
                kb = sizes / turns / 1024
                # A rough token estimate: ~3 bytes of this JSON (mostly ASCII schema, some Chinese)
                # per token. Real providers count differently; the request size is the fact.
                print(f"{name:38} {statistics.median(times):8.1f} {pct(times, 0.95):8.1f} "
                      f"{mean_calls:6.1f} {kb:7.1f} {sizes / turns / 3:8.0f}")  # fmt: skip
            print(f"{'✅ on the drafted card (graph resumed)':38} {statistics.median(taps):8.1f} "
                  f"{pct(taps, 0.95):8.1f} {0.0:6.1f} {0.0:7.1f} {0:8d}")  # fmt: skip
        finally:
            await stop_application(app)
            await llm.stop()
            await fake.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument(
        "--chat-interval",
        type=float,
        default=1.0,
        help="seconds between two messages to one chat (Telegram: about 1)",
    )
    args = parser.parse_args()
    asyncio.run(main(args.turns, args.clients, args.chat_interval))
