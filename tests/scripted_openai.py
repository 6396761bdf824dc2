"""The tests' fake OpenAI-compatible server (tests/assistant_fakes.FakeOpenAI) as a process, to try
the assistant by hand with `kam chat`: the replies of the model are scripted over HTTP before each
message, and every request the bot sent can be read back.

    .venv/bin/python -m tests.scripted_openai --port 8765 &
    KAM_LLM_BASE_URL=http://127.0.0.1:8765/v1 KAM_LLM_MODEL=scripted kam chat --demo
    curl -d '[{"tool_calls": [["find_client", {"name": "宝钢"}]]}, {"content": "…"}]' \
        http://127.0.0.1:8765/script          # the next two model replies
    curl -X DELETE http://127.0.0.1:8765/script  # forget what is left of the script
    curl http://127.0.0.1:8765/requests       # what the bot sent, as JSON

A scripted reply: {"content": str, "tool_calls": [[name, args]...], "raw_tool_calls": [...] (sent
as they are: malformed ones), "delay": seconds, "status": HTTP code, "garbage": true}. With the
script used up, the model answers "好的。".
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from aiohttp import web

from tests.assistant_fakes import FakeOpenAI, Reply, tool_reply


def scripted(item: dict[str, Any]) -> Reply:
    calls = [(str(name), dict(args)) for name, args in item.get("tool_calls", [])]
    reply = (
        tool_reply(*calls, content=item.get("content"))
        if calls
        else Reply(content=item.get("content", ""))
    )
    reply.tool_calls += list(item.get("raw_tool_calls", []))
    reply.delay = float(item.get("delay", 0.0))
    reply.status = int(item.get("status", 200))
    reply.garbage = bool(item.get("garbage", False))
    return reply


async def serve(port: int) -> None:
    fake = FakeOpenAI()

    async def push(request: web.Request) -> web.Response:
        items = await request.json()
        fake.script += [scripted(i) for i in (items if isinstance(items, list) else [items])]
        return web.json_response({"queued": len(fake.script)})

    async def clear(request: web.Request) -> web.Response:
        fake.script.clear()
        return web.json_response({"queued": 0})

    async def requests(request: web.Request) -> web.Response:
        return web.json_response(fake.requests)

    app = web.Application()
    app.router.add_post("/v1/chat/completions", fake._chat)
    app.router.add_post("/script", push)
    app.router.add_delete("/script", clear)
    app.router.add_get("/requests", requests)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print(f"scripted model at http://127.0.0.1:{port}/v1", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    asyncio.run(serve(parser.parse_args().port))


if __name__ == "__main__":
    main()
