"""A reminder asked for in words ("提醒我周四给沙钢打电话"), as a conversation: which client when
the words could mean several, its day asked when none was said, its card, and the reminder kept
only on Confirm; and the same card to change the time of one already set (/reminders)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from services.clock import Clock
from services.domain import Actor, record_id
from services.draft_store import FlowState, FlowStore, new_token
from services.language import message_language
from services.matching import sure_client
from services.outcome import Choice, Outcome, Say
from services.reminders.kinds import OPEN, Status
from services.reminders.service import ReminderService
from services.reminders.tasks import AskedReminder, reminder_asked, send_time

MAX_CLIENT_OPTIONS = 4  # clients offered as buttons when the words could mean several


class TaskFlow:
    """The "task" flow: step "client" (which one, when unsure), "when" (its day asked), then
    "confirm" (its card). Changing a set reminder's time is the same flow with `reminder_id`."""

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
        self,
        actor: Actor,
        asked: AskedReminder,
        client: tuple[int, str] | None,
        options: Sequence[tuple[int, str]] = (),
    ) -> Outcome:
        """The reminder's card to confirm (nothing kept before the tap), or first the question of
        its client (none sure, `options` it may mean: even one is asked, not put on the card)
        or of its day (none was said)."""
        if asked.day is None and asked.at is not None:
            # "提醒我晚上8点给宝钢打电话": a time with no day is today's while it is still ahead.
            now = self._now(actor)
            if send_time(asked, now.date(), now_local=now, usual=self._usual) is not None:
                asked = replace(asked, day=now.date())
        # "两点十分提醒我…" typed at eight in the evening: the time is gone today. The day is
        # asked, saying why, with tomorrow at that time one tap away.
        passed = asked.day is None and asked.at is not None
        data: dict[str, Any] = {
            "text": asked.text,
            "day": asked.day.isoformat() if asked.day else None,
            "at": asked.at.isoformat(timespec="minutes") if asked.at else None,
            "half": asked.half_guessed,
            "other_day": asked.other_day.isoformat() if asked.other_day else None,
            "passed": passed,
            "client_id": client[0] if client else None,
            "client_name": client[1] if client else None,
            "options": [list(c) for c in options[:MAX_CLIENT_OPTIONS]] if client is None else [],
        }
        # "remind me to call Huaneng at 5" is English though "call Huaneng" alone says nothing.
        said_in = message_language(asked.said, actor.language.value) if asked.said else None
        if (lang := said_in or message_language(asked.text, actor.language.value)) is not None:
            data["lang"] = lang
        state = FlowState(actor.user_id, "task", "when", new_token(), data, self._clock.now())
        offered = await self._next(actor, state)
        if asked.repeat:  # "每周一提醒我…": the first one only, and said so before its card
            offered = replace(offered, says=(Say("task.once_only"), *offered.says))
        return offered.speaking(data.get("lang"))

    async def change(self, actor: Actor, reminder_id: int) -> Outcome:
        """The new time asked for a reminder the user set ("🕘 改时间" on /reminders); the
        reminder is checked to be the user's own and still open, here and again when moved."""
        task = await self._reminders.task_of(actor, reminder_id)
        if task is None:
            return Outcome.of(Say("rem.not_found"))
        data: dict[str, Any] = {
            "text": task.text, "day": None, "at": None, "half": False,
            "client_id": task.client_id, "client_name": task.client_name, "options": [],
            "reminder_id": task.id,
            "was": task.send_after.astimezone(ZoneInfo(actor.timezone)).strftime("%Y-%m-%d %H:%M"),
        }  # fmt: skip
        if (lang := message_language(task.text, actor.language.value)) is not None:
            data["lang"] = lang  # asked in the reminder's own language, as its card was
        state = FlowState(actor.user_id, "task", "when", new_token(), data, self._clock.now())
        await self._store.save(state)
        return Outcome.of(_ask_day(state, "task.change_when")).speaking(data.get("lang"))

    async def on_text(self, actor: Actor, state: FlowState, text: str) -> Outcome:
        """The client typed at "which client?" ("交通银行", one of those offered), or the day
        typed for a reminder asked for without one ("周四", "明天下午3点")."""
        if state.step == "client":
            offered = [(int(c[0]), str(c[1]), "") for c in state.data.get("options") or []]
            chosen = sure_client(text, offered)
            if chosen is None:
                return Outcome.of(_ask_client(state))
            return await self._client_chosen(actor, state, f"c:{chosen[0]}")
        said = reminder_asked("提醒我" + text, today=self._now(actor).date())
        if said is not None and said.day is None and said.at is not None:
            now = self._now(actor)  # "下午3点": today's, while it is still ahead
            if send_time(said, now.date(), now_local=now, usual=self._usual) is not None:
                said = replace(said, day=now.date())
        if said is None or said.day is None:
            return Outcome.of(_ask_day(state, "task.when_unclear"))
        state.data["day"] = said.day.isoformat()
        state.data["other_day"] = said.other_day.isoformat() if said.other_day else None
        if said.at is not None:
            state.data["at"] = said.at.isoformat(timespec="minutes")
            state.data["half"] = said.half_guessed
        return await self._card(actor, state)

    async def on_choice(self, actor: Actor, state: FlowState, value: str) -> Outcome:
        if state.step == "client" and (value == "none" or value.startswith("c:")):
            return await self._client_chosen(actor, state, value)
        if value == "tomorrow" and state.step == "when" and state.data.get("passed"):
            state.data["day"] = (self._now(actor).date() + timedelta(days=1)).isoformat()
            state.data["passed"] = False
            return await self._card(actor, state)
        if value == "half" and state.step == "confirm" and state.data.get("half"):
            # "5点" read as 17:00: the user says it was 05:00 (or "10点" read as 10:00: 22:00).
            state.data["at"] = _other_half(state.data["at"])
            state.data["half"] = False
            return await self._card(actor, state)
        if value == "other_day" and state.step == "confirm" and state.data.get("other_day"):
            # "next Friday" read as next week's: the user meant this week's (or back again).
            state.data["day"], state.data["other_day"] = state.data["other_day"], state.data["day"]
            return await self._card(actor, state)
        if value != "ok" or state.step != "confirm":
            return Outcome.of(Say("button.stale"))
        send_at = self._send_at(actor, state)
        if send_at is None:  # the card waited past the time it names
            return await self._card(actor, state)
        day = date.fromisoformat(state.data["day"])
        if (rid := state.data.get("reminder_id")) is not None:
            moved = await self._reminders.move_task(actor, int(rid), day=day, send_at=send_at,
                                                    token=state.token)  # fmt: skip
            await self._store.drop(actor.user_id)
            if not moved:  # done, cancelled or moved on another device meanwhile
                return Outcome.of(Say("rem.not_found"))
            return Outcome.of(Say("task.moved", _params(state, send_at)))
        added = await self._reminders.add_task(
            actor, state.token, day=day, send_at=send_at,
            text=str(state.data["text"]), client_id=state.data.get("client_id"),
        )  # fmt: skip
        await self._store.drop(actor.user_id)
        if not added:
            return Outcome.of(Say("task.client_gone", {"client": state.data.get("client_name")}))
        return Outcome.of(Say("task.saved", _params(state, send_at)))

    async def already_saved(self, actor: Actor, token: str) -> Outcome | None:
        """✅ 确认 of a reminder's card pressed again once its draft is gone: the reminder it set,
        or the one whose time it changed, said again as it is now (or that it is done or
        cancelled since), not written twice; None when the draft set or changed none."""
        key = "task.saved"
        task = await self._reminders.task_saved(actor, token)
        if task is None:
            key, task = "task.moved", await self._reminders.task_moved(actor, token)
        if task is None:
            return None
        if task.status not in OPEN:
            reason = {Status.DONE: "already_done", Status.CANCELLED: "already_cancelled"}
            return Outcome.of(Say(f"rem.stale.{reason.get(Status(task.status), 'other')}"))
        send_at = task.send_after.astimezone(ZoneInfo(actor.timezone))
        day = task.day or send_at.date()
        return Outcome.of(Say(key, {
            "day": day.isoformat(), "time": send_at.strftime("%H:%M"), "text": task.text,
            "client": task.client_name or "", "client_id": task.client_id,
        }))  # fmt: skip

    def prompt(self, actor: Actor, state: FlowState) -> tuple[Say, ...]:
        """The step's question again (a draft kept over a restart)."""
        if state.step == "confirm" and (at := self._send_at(actor, state)) is not None:
            return (_confirm(state, at),)
        if state.step == "client":
            return (_ask_client(state),)
        return (_ask_day(state),)

    @property
    def _usual(self) -> time:
        return self._reminders.config.day_time

    async def _client_chosen(self, actor: Actor, state: FlowState, value: str) -> Outcome:
        """One of the clients offered (only those: a forged id is no choice), or none."""
        if value != "none":
            offered = {int(c[0]): str(c[1]) for c in state.data.get("options") or []}
            cid = record_id(value[2:])
            if cid is None or cid not in offered:
                return Outcome.of(Say("button.stale"))
            state.data.update(client_id=cid, client_name=offered[cid])
        state.data["options"] = []
        return await self._next(actor, state)

    async def _next(self, actor: Actor, state: FlowState) -> Outcome:
        """What the draft still needs: its client (several it could mean), its day, its card."""
        if state.data.get("options"):
            state.step = "client"
            await self._store.save(state)
            return Outcome.of(_ask_client(state))
        if state.data.get("day") is None:
            state.step = "when"
            await self._store.save(state)
            return Outcome.of(_ask_day(state, "task.time_passed" if state.data.get("passed")
                                      else "task.ask_when"))  # fmt: skip
        return await self._card(actor, state)

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
    rows: tuple[tuple[Choice, ...], ...] = ((Choice("cancel", key="button.cancel"),),)
    if state.data.get("passed") and state.data.get("at"):
        # The time said, gone today: tomorrow at that time, one tap.
        tomorrow = Choice("tomorrow", key="task.btn_tomorrow", params={"time": state.data["at"]})
        rows = ((tomorrow,), *rows)
    return Say(key, {"text": state.data["text"], "was": state.data.get("was") or ""},
               token=state.token, choices=rows)  # fmt: skip


def _ask_client(state: FlowState) -> Say:
    """ "跟交行续约": 交通银行 or 上海交通大学? Each client a button, or none."""
    rows = tuple((Choice(f"c:{cid}", label=str(name)),) for cid, name in state.data["options"])
    return Say("task.which_client", {"text": state.data["text"]}, token=state.token,
               choices=(*rows, (Choice("none", key="task.btn.no_client"),
                                Choice("cancel", key="button.cancel"))))  # fmt: skip


def _params(state: FlowState, send_at: datetime) -> dict[str, Any]:
    return {"day": state.data["day"], "time": send_at.strftime("%H:%M"),
            "text": state.data["text"], "client": state.data.get("client_name") or "",
            "client_id": state.data.get("client_id")}  # fmt: skip


def _other_half(at: str) -> str:
    hour, minute = (int(x) for x in at.split(":"))
    return f"{(hour + 12) % 24:02d}:{minute:02d}"


def _confirm(state: FlowState, send_at: datetime) -> Say:
    """The card; an hour said without 上午/下午 ("5点") says how it was read, with a button for
    the other half of the day."""
    key = "task.confirm" if state.data.get("client_name") else "task.confirm_plain"
    buttons: tuple[tuple[Choice, ...], ...] = (
        (Choice("ok", key="button.confirm"), Choice("cancel", key="button.cancel")),
    )
    params = _params(state, send_at)
    if other_day := state.data.get("other_day"):
        # "next Friday" on a Tuesday: which Friday was understood, said; the other, a tap away.
        params["other_day"] = other_day
        buttons = ((Choice("other_day", key="task.btn.other_day", params={"day": other_day}),),
                   *buttons)  # fmt: skip
    if state.data.get("half") and state.data.get("at"):
        other = _other_half(state.data["at"])
        params["guessed"] = other
        buttons = ((Choice("half", key="task.btn.other_half", params={"time": other}),), *buttons)
    return Say(key, params, token=state.token, choices=buttons)
