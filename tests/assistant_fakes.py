"""Fakes for the assistant: a scripted langchain chat model that supports bind_tools, and a fake
OpenAI-compatible HTTP server (aiohttp) that records every request and replays scripted replies."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aiohttp import web
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import PrivateAttr

from services.bootstrap import Services
from services.client_import import ClientRow
from services.domain import Actor, CreditRating, Role, Tier
from services.storage.models import Visit

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


# ------------------------------------------------------------------ seed data

ZHANG, LI = 2011, 2012
SECRET = "李四客户的私密备注XJ-7"


def client(line: int, name: str, owner: int, **extra: object) -> ClientRow:
    values: dict[str, object] = dict(
        line=line, name=name, owner_telegram_id=owner, tier=None, credit_rating=None,
        strategy=None, industry=None, region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=(), contacts=(),
    )  # fmt: skip
    values.update(extra)
    return ClientRow(**values)  # type: ignore[arg-type]


async def seed(services: Services) -> tuple[Actor, Actor]:
    await services.users.add_user(telegram_id=ZHANG, name="张三", role=Role.MANAGER, team="一部")
    await services.users.add_user(telegram_id=LI, name="李四", role=Role.MANAGER, team="二部")
    await services.clients.upsert_rows(None, [
        client(2, "华能南京电厂", ZHANG, aliases=("华能",), tier=Tier.STRATEGIC, credit_rating=CreditRating.GOOD,
               notes="采购总监王强偏好周二上午会面"),
        client(3, "中国移动苏州分公司", ZHANG, aliases=("苏州移动",), credit_rating=CreditRating.POOR),
        client(4, "华润万家", LI, notes=SECRET),
    ])  # fmt: skip
    zhang = await services.users.resolve_actor(ZHANG)
    li = await services.users.resolve_actor(LI)
    assert zhang is not None and li is not None
    async with services.db.write() as uow:
        ids = {c.name: c.id for c in await services.clients.search(zhang, "华能")}
        li_ids = {c.name: c.id for c in await services.clients.search(li, "华润万家")}
        now = services.clock.now()
        for n, (day, summary, step, follow) in enumerate([
            (date(2026, 11, 2), "谈了二期扩容，见了设备部张总", "下周二前发报价", date(2026, 11, 25)),
            (date(2026, 10, 12), "介绍了新变压器方案", None, None),
        ]):  # fmt: skip
            uow.session.add(Visit(
                draft_id=f"seed{n}", client_id=ids["华能南京电厂"], author_id=zhang.user_id,
                visited_on=day, kind="on_site", people=[{"name": "张总", "title": "设备部"}],
                summary=summary, next_step=step, follow_up_on=follow, created_at=now,
                updated_at=now,
            ))  # fmt: skip
        uow.session.add(Visit(
            draft_id="seedli", client_id=li_ids["华润万家"], author_id=li.user_id,
            visited_on=date(2026, 11, 20), kind="phone", people=[], summary=SECRET,
            created_at=now, updated_at=now,
        ))  # fmt: skip
        await uow.commit()
    return zhang, li
