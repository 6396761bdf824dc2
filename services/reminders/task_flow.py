"""A reminder asked for in words ("提醒我周四给沙钢打电话"), as a conversation: its day asked when
none was said, its card, and the reminder kept only on Confirm."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from services.clock import Clock
from services.domain import Actor
from services.draft_store import FlowState, FlowStore, new_token
from services.language import message_language
from services.outcome import Choice, Outcome, Say
from services.reminders.service import ReminderService
from services.reminders.tasks import AskedReminder, reminder_asked, send_time


class TaskFlow:
    """The "task" flow: step "when" (its day asked) then "confirm" (its card)."""

    def __init__(self, store: FlowStore, clock: Clock, reminders: ReminderService) -> None:
        self._store = store
        self._clock = clock
        self._reminders = reminders

    def _now(self, actor: Actor) -> datetime:
        return self._clock.now().astimezone(ZoneInfo(actor.timezone))

    def asked(self, actor: Actor, text: str) -> AskedReminder | None:
        """The reminder a message asks for, read on the user's own day; None when it asks none."""
        return reminder_asked(text, today=self._now(actor).date())

    async def offer(
        self, actor: Actor, asked: AskedReminder, client: tuple[int, str] | None
    ) -> Outcome:
        """The reminder's card to confirm (nothing kept before the tap), or the question of its
        day when none was said."""
        if asked.day is None and asked.at is not None:
            # "提醒我晚上8点给宝钢打电话": a time with no day is today's while it is still ahead.
            now = self._now(actor)
            if send_time(asked, now.date(), now_local=now, usual=self._usual) is not None:
                asked = replace(asked, day=now.date())
        data: dict[str, Any] = {
            "text": asked.text,
            "day": asked.day.isoformat() if asked.day else None,
            "at": asked.at.isoformat(timespec="minutes") if asked.at else None,
            "client_id": client[0] if client else None,
            "client_name": client[1] if client else None,
        }
        if (lang := message_language(asked.text, actor.language.value)) is not None:
            data["lang"] = lang
        state = FlowState(actor.user_id, "task", "when", new_token(), data, self._clock.now())
        if asked.day is None:
            await self._store.save(state)
            offered = Outcome.of(_ask_day(state))
        else:
            offered = await self._card(actor, state)
        if asked.repeat:  # "每周一提醒我…": the first one only, and said so before its card
            offered = replace(offered, says=(Say("task.once_only"), *offered.says))
        return offered.speaking(data.get("lang"))

    async def on_text(self, actor: Actor, state: FlowState, text: str) -> Outcome:
        """The day typed for a reminder asked for without one ("周四", "明天下午3点")."""
        said = reminder_asked("提醒我" + text, today=self._now(actor).date())
        if said is None or said.day is None:
            return Outcome.of(_ask_day(state, "task.when_unclear"))
        state.data["day"] = said.day.isoformat()
        state.data["at"] = (
            said.at.isoformat(timespec="minutes") if said.at else state.data.get("at")
        )
        return await self._card(actor, state)

    async def on_choice(self, actor: Actor, state: FlowState, value: str) -> Outcome:
        if value != "ok" or state.step != "confirm":
            return Outcome.of(Say("button.stale"))
        send_at = self._send_at(actor, state)
        if send_at is None:  # the card waited past the time it names
            return await self._card(actor, state)
        added = await self._reminders.add_task(
            actor, state.token, day=date.fromisoformat(state.data["day"]), send_at=send_at,
            text=str(state.data["text"]), client_id=state.data.get("client_id"),
        )  # fmt: skip
        await self._store.drop(actor.user_id)
        if not added:
            return Outcome.of(Say("task.client_gone", {"client": state.data.get("client_name")}))
        return Outcome.of(Say("task.saved", _params(state, send_at)))

    def prompt(self, actor: Actor, state: FlowState) -> tuple[Say, ...]:
        """The step's question again (a draft kept over a restart)."""
        if state.step == "confirm" and (at := self._send_at(actor, state)) is not None:
            return (_confirm(state, at),)
        return (_ask_day(state),)

    @property
    def _usual(self) -> time:
        return self._reminders.config.day_time

    def _send_at(self, actor: Actor, state: FlowState) -> datetime | None:
        at = state.data.get("at")
        day = date.fromisoformat(state.data["day"])
        asked = AskedReminder(str(state.data["text"]), day, time.fromisoformat(at) if at else None)
        return send_time(asked, day, now_local=self._now(actor), usual=self._usual)

    async def _card(self, actor: Actor, state: FlowState) -> Outcome:
        send_at = self._send_at(actor, state)
        if send_at is None:  # "提醒我今天上午…" typed in the afternoon: another time is asked
            state.step = "when"
            state.data["day"] = None
            await self._store.save(state)
            return Outcome.of(_ask_day(state, "task.time_passed"))
        state.step = "confirm"
        await self._store.save(state)
        return Outcome.of(_confirm(state, send_at))


def _ask_day(state: FlowState, key: str = "task.ask_when") -> Say:
    return Say(key, {"text": state.data["text"]}, token=state.token,
               choices=((Choice("cancel", key="button.cancel"),),))  # fmt: skip


def _params(state: FlowState, send_at: datetime) -> dict[str, Any]:
    return {"day": state.data["day"], "time": send_at.strftime("%H:%M"),
            "text": state.data["text"], "client": state.data.get("client_name") or ""}  # fmt: skip


def _confirm(state: FlowState, send_at: datetime) -> Say:
    key = "task.confirm" if state.data.get("client_name") else "task.confirm_plain"
    return Say(key, _params(state, send_at), token=state.token,
               choices=((Choice("ok", key="button.confirm"),
                         Choice("cancel", key="button.cancel")),))  # fmt: skip
