"""What the assistant sends the model per turn: model calls, request bytes and what they are made of
(tool schemas, system prompt, conversation and tool results), for typical turns and for a draft
read as structured output. Deterministic: the services call langchain's ChatOpenAI, which talks to
a fake OpenAI-compatible server answering from a script; nothing here depends on the machine's load.

    .venv/bin/python bench/assistant_requests_bench.py
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.llm import make_chat_model, profile
from services.bootstrap import bootstrap
from tests.assistant_fakes import ZHANG, FakeOpenAI, Reply, seed, tool_reply

TURNS: dict[str, tuple[str, list[Reply]]] = {
    "own-data question (1 tool)": (
        "华能最近三次拜访都谈了什么？",
        [tool_reply(("recent_visits", {"client": "华能", "limit": 3})),
         Reply(content="最近两次拜访华能：11月2日谈了二期扩容；10月12日介绍了新变压器方案。")],
    ),
    "client list question (1 tool)": (
        "本季度哪些优质客户还没拜访？",
        [tool_reply(("list_clients", {"credit_rating": "good",
                                      "not_visited_since": "2026-10-01"})),
         Reply(content="以下优质客户本季度还没拜访：华能南京电厂。")],
    ),
    "visit drafted, card shown (1 tool)": (
        "今天去了华能，见了王强，谈了增容报价",
        [tool_reply(("draft_visit", {"client": "华能", "summary": "谈了增容报价",
                                     "visited_on": date.today().isoformat()})),
         Reply(content="请确认走访记录。")],
    ),
    "small talk (no tool)": ("谢谢", [Reply(content="不客气。")]),
}  # fmt: skip


def size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode())


def parts(request: dict[str, Any]) -> tuple[int, int, int, int]:
    """Bytes of the whole request, its tool schemas, its system prompt, everything else."""
    messages = request.get("messages", [])
    system = sum(size(m) for m in messages if m.get("role") == "system")
    tools = size(request["tools"]) if "tools" in request else 0
    schema = size(request["response_format"]) if "response_format" in request else 0
    whole = size(request)
    return whole, tools + schema, system, whole - tools - schema - system


async def main() -> None:
    llm = FakeOpenAI()
    await llm.start()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'kam.db'}"
        services = await bootstrap(
            database_url=url, chat_model=make_chat_model(llm.url, "bench", "sk", 30.0, "openai")
        )
        try:
            zhang, _ = await seed(services)
            print("bytes per turn (≈ tokens at ~3 bytes each); a turn's calls are summed\n")
            print(f"{'turn':38} {'calls':>5} {'bytes':>7} {'≈tok':>6} {'schema':>7} "
                  f"{'system':>7} {'rest':>6}")  # fmt: skip
            for name, (text, script) in TURNS.items():
                await services.assistant.memory.forget(zhang.user_id, ZHANG)
                await services.conversations.store.drop(zhang.user_id)
                llm.script = list(script)
                before = len(llm.requests)
                await services.assistant.ask(zhang, ZHANG, text)
                sent = llm.requests[before:]
                total = [sum(p) for p in zip(*(parts(r) for r in sent), strict=True)]
                print(f"{name:38} {len(sent):5} {total[0]:7} {total[0] // 3:6} {total[1]:7} "
                      f"{total[2]:7} {total[3]:6}")  # fmt: skip
            for provider in ("openai", "deepseek") if hasattr(services, "drafts") else ():
                services.drafts._structured = profile(provider).structured
                fields = {"client": "华能", "summary": "谈了增容报价"}
                llm.script = [
                    Reply(content=json.dumps(fields, ensure_ascii=False))
                    if profile(provider).structured == "json_schema"
                    else tool_reply(("VisitDraft", fields))
                ]
                before = len(llm.requests)
                await services.drafts.visit(zhang, "今天去了华能，见了王强，谈了增容报价")
                [request] = llm.requests[before:]
                whole, schema, system, rest = parts(request)
                print(f"{'/visit TEXT read as ' + profile(provider).structured:38} {1:5} "
                      f"{whole:7} {whole // 3:6} {schema:7} {system:7} {rest:6}")  # fmt: skip
        finally:
            await services.close()
            await llm.stop()


if __name__ == "__main__":
    asyncio.run(main())
