"""Fakes for the assistant: a scripted langchain chat model that supports bind_tools, and a fake
OpenAI-compatible HTTP server (aiohttp) that records every request and replays scripted replies."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import PrivateAttr

_ids = itertools.count(1)


def call(tool_name: str, **args: Any) -> dict[str, Any]:
    """One scripted tool call."""
    return {"name": tool_name, "args": args, "id": f"call_{next(_ids)}", "type": "tool_call"}


def says(text: str = "", *calls: dict[str, Any]) -> AIMessage:
    return AIMessage(content=text, tool_calls=list(calls))


class ScriptedChatModel(BaseChatModel):
    """Replays scripted replies in order (the last one repeats); records what it was sent and
    which tools were bound. langchain's own fakes lack bind_tools."""

    script: list[AIMessage]
    _seen: list[list[BaseMessage]] = PrivateAttr(default_factory=list)
    _tools: list[Any] = PrivateAttr(default_factory=list)
    _step: int = PrivateAttr(default=0)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    @property
    def seen(self) -> list[list[BaseMessage]]:
        return self._seen

    @property
    def bound_tools(self) -> list[Any]:
        return self._tools

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Any:  # type: ignore[override]
        self._tools = list(tools)
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self._seen.append(list(messages))
        scripted = self.script[min(self._step, len(self.script) - 1)]
        self._step += 1
        # A fresh message each time, as a real model sends: a repeated reply is a new message.
        reply = scripted.model_copy(update={"id": f"fake-{self._step}"})
        return ChatResult(generations=[ChatGeneration(message=reply)])

    def prompt_text(self) -> str:
        """Everything the model was ever sent, as one string."""
        return "\n".join(
            str(m.content) + json.dumps(getattr(m, "tool_calls", []), ensure_ascii=False)
            for request in self._seen
            for m in request
        )


# ------------------------------------------------------------------ the HTTP fake


@dataclass
class Reply:
    """One scripted chat completion: text, tool calls, an HTTP error, a delay, or garbage."""

    content: str | None = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0
    garbage: bool = False
    reasoning: str | None = None


def tool_reply(*calls: tuple[str, dict[str, Any]], content: str | None = None) -> Reply:
    return Reply(
        content=content,
        tool_calls=[
            {"id": f"call_{next(_ids)}", "type": "function",
             "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=False)}}
            for name, args in calls
        ],
    )  # fmt: skip


class FakeOpenAI:
    """POST /v1/chat/completions on 127.0.0.1; `script` is consumed in order, then `default`."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.script: list[Reply] = []
        self.default = Reply(content="好的。")
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/v1"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def everything_sent(self) -> str:
        return json.dumps(self.requests, ensure_ascii=False)

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(body)
        reply = self.script.pop(0) if self.script else self.default
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.garbage:
            return web.Response(text="<html>502 bad gateway</html>", content_type="text/html")
        if reply.status != 200:
            return web.json_response({"error": {"message": "overloaded"}}, status=reply.status)
        message: dict[str, Any] = {"role": "assistant", "content": reply.content}
        if reply.tool_calls:
            message["tool_calls"] = reply.tool_calls
        if reply.reasoning is not None:
            message["reasoning_content"] = reply.reasoning
        return web.json_response({
            "id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion", "created": 0,
            "model": body.get("model", "m"),
            "choices": [{"index": 0, "message": message,
                         "finish_reason": "tool_calls" if reply.tool_calls else "stop"}],
            "usage": {"prompt_tokens": 1000, "completion_tokens": 50, "total_tokens": 1050},
        })  # fmt: skip
