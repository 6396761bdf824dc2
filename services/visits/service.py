"""Visit reports: the draft conversation (free text or guided), saving once, listing, edit and delete."""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from knowledge.normal_form import fold
from services.access import visible_client, visible_clients
from services.cadence_sql import refresh_last_visits
from services.clock import Clock
from services.corrections import read_corrections, says_a_correction
from services.domain import Actor, VisitKind, record_id
from services.draft_store import FlowState, FlowStore, new_token
from services.errors import NotFound
from services.language import message_language
from services.matching import english_name, find_client, keyed, names_client, spoken_name
from services.outcome import Choice, Outcome, Say, card_revision, clip_heard, corrected_lead
from services.pinyin_names import filed_contact, romanized
from services.saved_once import drop_flow, save_once, saved_id
from services.small_talk import ACK, small_talk
from services.storage.models import Client, Contact, User, Visit
from services.storage.uow import Database, UnitOfWork
from services.visits.corrections import OLDEST_VISIT_DAYS, correct_visit, set_visit_day
from services.visits.dates import (
    a_visit_day_back,
    impossible_day,
    next_weekday_also,
    official_calendar,
    parse_follow_up,
    parse_relative_date,
    vague_visit_days,
    wants_follow_up,
)
from services.visits.filed import as_filed, by_surname_and_title, filed_contacts, title_part_of
from services.visits.parser import (
    QUESTION_CLIENTS_SEVERAL,
    looks_like_visit_report,
    parse_visit,
    sure_client_of,
)
from services.visits.people import parse_people, people_in, without_repeats
from services.visits.text import SUMMARY_LIMIT, tells_more_than_a_word
from services.workdays import WorkdayCalendar

KINDS = ("on_site", "phone", "video")
EDIT_WINDOW = timedelta(hours=24)


def _kind_named(text: str) -> str | None:
    """The kind of visit a typed answer names ("电话", "video", "上门"); None when none."""
    lowered = text.lower()
    return ("phone" if any(w in lowered for w in ("电话", "phone", "call")) else
            "video" if any(w in lowered for w in ("视频", "video", "会议")) else
            "on_site" if any(w in lowered for w in ("现场", "上门", "拜访", "site", "visit")) else None)  # fmt: skip


GUIDED_ORDER = ("client", "when", "kind", "people", "summary", "next_step", "follow_up")
OPTIONAL_STEPS = {"people", "next_step", "follow_up"}
# The steps a typed correction may come at besides the day's (which reads its own, first).
_TEXT_STEPS = ("client", "kind", "people", "summary", "next_step", "follow_up")
EDITABLE = ("client", "when", "kind", "people", "summary", "next_step", "follow_up")


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _day_choice(day: date, today: date) -> Choice:
    """A button naming one day ("11-28 周六"); it answers with how many days back it is."""
    return Choice(f"d:{(today - day).days}", key="visit.day_option",
                  params={"date": day.strftime("%m-%d"), "wd": _WEEKDAYS[day.weekday()]})  # fmt: skip


@dataclass(frozen=True, slots=True)
class VisitView:
    id: int
    client_id: int
    client_name: str
    author_id: int
    author_name: str
    visited_on: date
    visited_time: str | None
    kind: str
    people: tuple[tuple[str, str | None], ...]
    summary: str
    next_step: str | None
    follow_up_on: date | None
    distance_m: float | None
    editable: bool
    client_en: str | None = None  # its English name (`matching.english_name`), if it has one


def _visit_day_problem(day: date, today: date) -> Say | None:
    """The one rule for a visit's date, typed, parsed from free text or from a button."""
    if (today - day).days > OLDEST_VISIT_DAYS:
        return Say("visit.date_too_old", {"date": day.isoformat(), "days": OLDEST_VISIT_DAYS})
    return None


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


class VisitService:
    """The visit conversation and the visit records. Every write re-checks access."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        flows: FlowStore,
        *,
        counting_kinds: frozenset[VisitKind] = frozenset({VisitKind.ON_SITE}),
        workdays: WorkdayCalendar | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._flows = flows
        self._counting_kinds = counting_kinds  # the policy's kinds that keep the visit cadence
        self._workdays = (
            workdays or official_calendar()
        )  # "3个工作日内" counts on the policy's days

    # ---------------------------------------------------------------- helpers

    def _now(self, actor: Actor) -> datetime:
        """The user's local time now."""
        return self._clock.now().astimezone(ZoneInfo(actor.timezone))

    def _today(self, actor: Actor) -> date:
        return self._now(actor).date()

    async def _visible_clients(self, actor: Actor) -> list[tuple[int, str, list[str]]]:
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(Client.id, Client.name, Client.aliases).where(visible_clients(actor))
                )
            ).all()
        return [(r.id, r.name, list(r.aliases or [])) for r in rows]

    async def _client_of_contacts(
        self, actor: Actor, text: str
    ) -> tuple[int, str, list[str]] | None:
        """The one visible client whose filed contacts the report names ("电话联系了黄晓东" of
        顺丰's 黄晓东): its id, name and the contacts named; None when none or several."""
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(Contact.client_id, Client.name, Contact.name)
                    .join(Client, Client.id == Contact.client_id)
                    .where(visible_clients(actor))
                )
            ).all()
        folded = fold(text)
        named = [r for r in rows if len(fold(r[2])) >= 2 and fold(r[2]) in folded]
        if len({r[0] for r in named}) != 1:
            return None
        return named[0][0], named[0][1], list(dict.fromkeys(r[2] for r in named))

    async def _client(self, actor: Actor, client_id: int) -> Client | None:
        async with self._db.read() as session:
            return (
                await session.execute(
                    select(Client).where(Client.id == client_id, visible_clients(actor))
                )
            ).scalar_one_or_none()

    async def recent_clients(self, actor: Actor, limit: int = 6) -> list[tuple[int, str]]:
        return await recent_clients(self._db, actor, limit)

    async def example_client(self, actor: Actor, *, english: bool) -> str | None:
        """A client of this user's to name in an example ("今天去了宝钢…"): the one they logged a
        visit for last, else one they may see; as they would say it (a short alias in Chinese,
        the English name in English). None when they see no client."""
        recent = await recent_clients(self._db, actor, 1)
        async with self._db.read() as session:
            query = select(Client.name, Client.aliases).where(visible_clients(actor))
            query = query.where(Client.id == recent[0][0]) if recent else query.order_by(Client.id)
            row = (await session.execute(query.limit(1))).first()
        if row is None:
            return None
        return spoken_name(row.name, tuple(row.aliases or ()), english=english)

    # ---------------------------------------------------------------- starting

    async def start(
        self,
        actor: Actor,
        text: str | None,
        *,
        heard: str | None = None,
        client_id: int | None = None,
    ) -> Outcome:
        """A draft from a report (typed, or `heard` in a voice note: then the card shows the
        words, kept with the draft so they survive edits and a restart). `client_id`: the client
        of the card the report replies to, taken when the report names none surely."""
        if not await self._visible_clients(actor):
            # A manager with no clients yet: a client step could only refuse every name typed.
            return Outcome.of(Say("visit.no_clients"))
        token = new_token()
        data: dict[str, Any] = {"people": [], "asked": []}
        if (words := clip_heard(heard)) is not None:
            data["heard"] = words
        if text and text.strip():
            if (lang := message_language(text, actor.language.value)) is not None:
                data["lang"] = lang  # the card speaks the report's language
            clients = await self._visible_clients(actor)
            draft = parse_visit(
                text, now=self._clock.now(), timezone=actor.timezone, clients=clients,
                workdays=self._workdays,
            )  # fmt: skip
            data.update(
                mode="text",
                kind=draft.kind or "on_site",
                people=[{"name": p.name, "title": p.title} for p in draft.people],
                summary=draft.summary or None,
                next_step=draft.next_step,
                follow_up_on=draft.follow_up_on.isoformat() if draft.follow_up_on else None,
                visited_time=draft.visited_time,
                time_guessed=draft.time_guessed,
                truncated=draft.summary_truncated,
                asked=["people", "next_step", "follow_up", "kind"],
            )
            if draft.next_step and not draft.follow_up_on and wants_follow_up(draft.next_step):
                data["asked"].remove("follow_up")  # "过几天再跟进": when is asked, not dropped
            too_old = draft.visited_on is not None and _visit_day_problem(
                draft.visited_on, self._today(actor)
            )
            if draft.visited_on and not draft.date_in_future and not too_old:
                if draft.time_not_yet:  # "今天下午去了…" at 09:00: which day is asked
                    data["not_yet"] = {"time": draft.visited_time,
                                       "now": self._now(actor).strftime("%H:%M")}  # fmt: skip
                else:
                    data["visited_on"] = draft.visited_on.isoformat()
            if too_old and draft.visited_on:
                data["too_old"] = draft.visited_on.isoformat()
            if draft.date_in_future:
                data["future"] = draft.visited_on.isoformat() if draft.visited_on else None
            if not data.get("visited_on") and (
                no_such := impossible_day(text, today=self._today(actor))
            ):
                data["no_such_day"] = no_such  # "11月31号": said, not only asked again
            if draft.date_options:  # "前几天去了…": which day is asked, those days offered
                data["vague"] = {"phrase": draft.date_phrase,
                                 "days": [d.isoformat() for d in draft.date_options]}  # fmt: skip
            sure = sure_client_of(draft, clients)
            if sure is None and client_id is not None:
                replied = next((c for c in clients if c[0] == client_id), None)  # visible only
                sure = (replied[0], replied[1]) if replied is not None else None
            if sure is None and (met := await self._client_of_contacts(actor, text)) is not None:
                # "电话联系了黄晓东": no client named, but the person is one client's contact.
                sure, named = met[:2], met[2]
                known = {fold(str(p.get("name") or "")) for p in data["people"]}
                data["people"] += [{"name": n, "title": None} for n in named
                                   if fold(n) not in known]  # fmt: skip
            if sure is not None:
                data["client_id"], data["client_name"] = sure
            else:
                data["candidates"] = [[c[0], c[1]] for c in draft.client_candidates[:5]]
                data["client_query"] = draft.client_query
                if QUESTION_CLIENTS_SEVERAL in draft.questions:
                    data["several"] = True  # asked as "which one first", not "which you mean"
                if draft.client_query and not data["candidates"]:
                    # "/visit 苏州": part of a client's name, read as the client step reads it,
                    # not "没有在您的客户中找到“苏州”" beside 苏州工业园区管理委员会.
                    choice = find_client(draft.client_query, keyed(clients), limit=6)
                    if choice.sure is not None:
                        data["client_id"], data["client_name"] = choice.sure.id, choice.sure.name
                    elif choice.named:
                        data["candidates"] = [[h.id, h.name] for h in choice.options]
        else:
            data["mode"] = "guided"
        state = FlowState(actor.user_id, "visit", "", token, data, self._clock.now())
        return await self._advance(actor, state)

    async def start_for(self, actor: Actor, client_id: int) -> Outcome:
        """The guided draft with the client already chosen (from a reminder's button)."""
        client = await self._client(actor, client_id)
        if client is None:
            return Outcome.of(Say("error.client_not_found"))
        data: dict[str, Any] = {"people": [], "asked": [], "mode": "guided",
                                "client_id": client.id, "client_name": client.name}  # fmt: skip
        state = FlowState(actor.user_id, "visit", "", new_token(), data, self._clock.now())
        return await self._advance(actor, state)

    async def start_prepared(self, actor: Actor, fields: dict[str, Any]) -> Outcome:
        """The text draft with fields already read and validated elsewhere (the assistant's
        structured output): the same conversation and card as a typed report, nothing saved."""
        data: dict[str, Any] = {"people": [], "kind": "on_site"}
        data.update(fields)
        data.update(mode="text", asked=["people", "next_step", "follow_up", "kind"])
        client_id = data.get("client_id")
        if client_id is not None:
            client = await self._client(actor, int(client_id))
            if client is None:  # never trust an id from outside: the user must see the client
                data.pop("client_id", None)
                data.pop("client_name", None)
            else:
                data["client_id"], data["client_name"] = client.id, client.name
        state = FlowState(actor.user_id, "visit", "", new_token(), data, self._clock.now())
        return await self._advance(actor, state)

    # ---------------------------------------------------------------- moving on

    def _next_step(self, data: dict[str, Any]) -> str:
        if data.get("editing"):
            return "confirm"
        for step in GUIDED_ORDER:
            if step == "client" and not data.get("client_id"):
                return step
            if step == "when" and not data.get("visited_on"):
                return step
            if step == "summary" and not data.get("summary"):
                return step
            if step in ("kind", *OPTIONAL_STEPS) and step not in data.get("asked", []):
                return step
        return "confirm"

    async def _advance(
        self, actor: Actor, state: FlowState, *, lead: tuple[Say, ...] = ()
    ) -> Outcome:
        state.step = self._next_step(state.data)
        await self._titles_from_contacts(state.data)  # saved with the draft: the card is the record
        lead = corrected_lead(lead, state.step)
        await self._flows.save(state)
        return Outcome.of(*lead, *(await self.prompt(actor, state))).speaking(
            state.data.get("lang")
        )

    async def prompt(self, actor: Actor, state: FlowState) -> tuple[Say, ...]:
        """The question for the current step (also used to resume after a restart)."""
        data, token, step = state.data, state.token, state.step
        cancel: tuple[Choice, ...] = (Choice("cancel", key="button.cancel"),)
        if data.get("editing") and step in EDITABLE:
            # A field asked again from the edit menu: back to the card with the field as it was
            # (cancel alone would drop the whole report).
            cancel = (Choice("back", key="button.back"), *cancel)
        if step == "client":
            says = []
            if data.get("candidates"):
                rows = tuple((Choice(f"c:{cid}", label=name),) for cid, name in data["candidates"])
                if data.get("several"):
                    return (Say("visit.ask_client_several", {"count": len(data["candidates"])},
                                choices=(*rows, cancel), token=token),)  # fmt: skip
                return (Say("visit.ask_client_pick", {"query": data.get("client_query") or ""},
                            choices=(*rows, cancel), token=token),)  # fmt: skip
            if data.get("client_query"):
                # No name read from the report: no "没有找到“”" (the question below asks).
                says.append(Say("visit.client_unknown", {"query": data["client_query"]}))
            recent = await self.recent_clients(actor)
            rows = tuple((Choice(f"c:{cid}", label=name),) for cid, name in recent)
            says.append(Say("visit.ask_client", choices=(*rows, cancel), token=token))
            return tuple(says)
        if step == "when":
            lead: tuple[Say, ...] = ()
            if data.get("future"):
                lead = (Say("visit.date_future", {"date": data["future"]}),)
            elif data.get("not_yet"):
                lead = (Say("visit.time_not_yet", data["not_yet"]),)
            elif data.get("too_old"):
                lead = (Say("visit.date_too_old",
                            {"date": data["too_old"], "days": OLDEST_VISIT_DAYS}),)  # fmt: skip
            elif data.get("no_such_day"):
                lead = (Say("visit.no_such_day", {"text": data["no_such_day"]}),)
            if (vague := data.get("vague")) and not lead:
                today = self._today(actor)
                days = [d for d in map(date.fromisoformat, vague["days"]) if d <= today]
                if days:
                    return (Say("visit.ask_when_vague", {"phrase": vague["phrase"]}, choices=(
                        *(tuple(_day_choice(d, today) for d in days[i : i + 3])
                          for i in range(0, len(days), 3)), cancel), token=token),)  # fmt: skip
            return (*lead, Say("visit.ask_when", choices=(
                (Choice("d:0", key="visit.today"), Choice("d:1", key="visit.yesterday")), cancel),
                token=token))  # fmt: skip
        if step == "kind":
            return (Say("visit.ask_kind", choices=(
                tuple(Choice(f"k:{k}", key=f"visit.kind.{k}") for k in KINDS), cancel),
                token=token, ask_location=True),)  # fmt: skip
        if step in ("people", "next_step", "follow_up"):
            return (Say(f"visit.ask_{step}", choices=((Choice("skip", key="button.skip"),), cancel),
                        token=token),)  # fmt: skip
        if step == "summary":
            return (Say("visit.ask_summary", choices=(cancel,), token=token),)
        if step == "edit_menu":
            menu: tuple[tuple[Choice, ...], ...] = tuple(
                tuple(Choice(f"e:{f}", key=f"visit.field.{f}") for f in EDITABLE[i : i + 3])
                for i in range(0, len(EDITABLE), 3)
            )
            return (Say("visit.ask_edit", choices=(*menu, (Choice("back", key="button.back"),)),
                        token=token),)  # fmt: skip
        return (await self._card(actor, state),)

    async def _card(self, actor: Actor, state: FlowState) -> Say:
        data = state.data
        card = {k: data.get(k) for k in ("client_id", "client_name", "visited_on", "visited_time",
                                         "time_guessed", "kind",
                                         "people", "summary", "next_step", "follow_up_on",
                                         "latitude", "longitude", "distance_m", "truncated",
                                         "heard", "visit_id")}  # fmt: skip
        card["same_day"] = await self._same_day(data)
        card["follow_up_other"] = self._follow_up_other(actor, data)
        return Say(
            "visit.confirm",
            card=card,
            token=state.token,
            revision=card_revision(card),
            choices=(
                (
                    Choice("ok", key="button.confirm"),
                    Choice("edit", key="button.edit"),
                    Choice("cancel", key="button.cancel"),
                ),
            ),
        )

    def _follow_up_other(self, actor: Actor, data: dict[str, Any]) -> str | None:
        """ "follow up next Friday" said on a Tuesday: the follow-up is next week's Friday (as
        下周五), and this week's is the day it may have meant, for the card to name."""
        on = data.get("follow_up_on")
        for said in (data.get("next_step"), data.get("summary")) if on else ():
            both = next_weekday_also(str(said or ""), self._today(actor))
            if both is not None and both[0].isoformat() == on:
                return both[1].isoformat()
        return None

    async def _same_day(self, data: dict[str, Any]) -> dict[str, Any] | None:
        """A visit already on record for the draft's client and day (not the one being edited):
        the same visit told twice (typed after a voice note, sent again in the other script)
        would count twice in every summary, so the card says so before it is confirmed."""
        if data.get("client_id") is None or not data.get("visited_on"):
            return None
        async with self._db.read() as session:
            row = (
                await session.execute(
                    select(Visit.id, User.name)
                    .join(User, User.id == Visit.author_id)
                    .where(
                        Visit.client_id == int(data["client_id"]),
                        Visit.visited_on == date.fromisoformat(data["visited_on"]),
                        Visit.deleted_at.is_(None),
                        Visit.id != int(data.get("visit_id") or 0),
                    )
                    .order_by(Visit.id)
                    .limit(1)
                )
            ).one_or_none()
        return {"id": row.id, "author": row.name} if row is not None else None

    async def _titles_from_contacts(self, data: dict[str, Any]) -> None:
        """A person met whom the report names without a title takes the title the client's file
        gives a contact of that name ("见了顾佳" → 顾佳, 行政采购经理): the file's word, not a guess.
        A name written in pinyin ("Ji Haidong", "Mr. Ji") is the client's contact it fits, when
        exactly one does (two contacts surnamed 季: which one is not guessed)."""
        people = [p for p in data.get("people") or [] if p.get("name")]
        if not people or data.get("client_id") is None:
            return
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(Contact.name, Contact.title).where(
                        Contact.client_id == int(data["client_id"])
                    )
                )
            ).all()
        titles = {fold(name): title for name, title in rows if title}
        filed = [name for name, _ in rows]
        for person in people:
            if person.get("written") is None and fold(person["name"]) not in titles:
                contact = filed_contact(str(person["name"]), filed)
                typed = str(person.get("title") or "")
                if contact is None and typed:
                    # "Director Zhou": the one contact surnamed 周 whose filed title is a
                    # director's (信息化办公室主任), not any 周 under any title.
                    contact = filed_contact(f"Mr. {person['name']}", filed)
                    if contact is None or not title_part_of(typed, titles.get(fold(contact))):
                        contact = None
                if contact is None and typed:
                    # "王总经理", "钱经理": the one contact surnamed 王 filed as a 总经理.
                    contact = by_surname_and_title(str(person["name"]), typed, rows)
                if contact is not None:
                    # Kept as filed (the record and the summaries name 季海东), with the
                    # spelling an English reader knows the person by for the card.
                    person.update(written=person["name"], name=contact, latin=romanized(contact))
            title = titles.get(fold(person["name"]))
            if person.get("title"):
                typed = str(person["title"])
                if title is not None and title != typed and title_part_of(typed, title):
                    # "周蕾主任" for 信息化办公室主任: the file says more, and the card and the
                    # record say what the file says; the word typed comes back if the client
                    # is changed.
                    person.update(title=title, filed=True, typed_title=typed)
                continue
            if title is not None:
                # Marked: the title is the contact's, not the report's, so a person put right
                # ("不是周蕾，是王总") or a client changed does not keep it.
                person.update(title=title, filed=True)
        # "见了张国栋，张总说…": 张总 is 张国栋, whose filed title says so; one person met.
        data["people"] = without_repeats(data["people"])

    # ---------------------------------------------------------------- answers

    async def on_text(self, actor: Actor, state: FlowState, text: str) -> Outcome:
        data, step = state.data, state.step
        text = text.strip()
        today = self._today(actor)
        if step in _TEXT_STEPS and says_a_correction(text):
            # "不对，是宝钢" at "哪个客户？", "改成电话拜访" at "谈了什么？": a correction of what
            # the draft holds, applied, and the step asked again; one that changes nothing on
            # it ("客户说合同条款改成季度结算" at the summary) is the step's answer after all.
            if (await self._corrected(actor, state, text))[1]:
                return await self._correct(actor, state, text, today, guided=True)
        if step == "client":
            choice = find_client(text, keyed(await self._visible_clients(actor)), limit=6)
            if choice.sure is not None:
                data.update(client_id=choice.sure.id, client_name=choice.sure.name, candidates=None)
                return await self._after_answer(actor, state)
            data["client_query"] = text
            data["candidates"] = [[h.id, h.name] for h in choice.options] or None
            data.pop("several", None)  # the clients offered now are the typed name's
            return Outcome.of(*await self.prompt(actor, state))
        if step == "when" and any(
            c.old is not None or c.field not in (None, "when") for c in read_corrections(text)
        ):
            # "张总改成李总，日期改成昨天" typed where the day is asked: every correction applied
            # (before, its "昨天" was taken as the answer and 张总 silently kept).
            return await self._correct(actor, state, text, today, guided=True)
        if step == "when":
            day, time_of_day = parse_relative_date(text, today=today)
            day = a_visit_day_back(text, day, today) if day is not None else None
            if day is None and (vague := vague_visit_days(text, today=today)) is not None:
                # "上周末" typed as the answer: those days offered, not "没看懂日期".
                data["vague"] = {"phrase": vague[0], "days": [d.isoformat() for d in vague[1]]}
                data.update(future=None, too_old=None, not_yet=None)
                return Outcome.of(*await self.prompt(actor, state))
            if day is None:
                data.pop("no_such_day", None)
                no_such = impossible_day(text, today=today)
                said = (Say("visit.no_such_day", {"text": no_such}) if no_such
                        else Say("visit.bad_date", {"text": text[:50]}))  # fmt: skip
                return Outcome.of(said, *await self.prompt(actor, state))
            problem = set_visit_day(data, day, time_of_day, now=self._now(actor))
            if problem is not None:
                data.update(future=None, too_old=None, not_yet=None)  # said once, by `problem`
                return Outcome.of(problem, *await self.prompt(actor, state))
            return await self._after_answer(actor, state)
        if step in ("kind", "follow_up") and tells_more_than_a_word(text):
            return await self._kept_as_text(actor, state, text)
        if step == "kind":
            kind = _kind_named(text)
            if kind is None:
                return Outcome.of(*await self.prompt(actor, state))
            data["kind"] = kind
            return await self._after_answer(actor, state, asked="kind")
        if step == "people":
            data["people"] = parse_people(text)
            return await self._after_answer(actor, state, asked="people")
        if step == "summary":
            if len(text) > SUMMARY_LIMIT:
                return Outcome.of(
                    Say("visit.too_long", {"length": len(text), "limit": SUMMARY_LIMIT})
                )
            if not text:
                return Outcome.of(*await self.prompt(actor, state))
            data["summary"], data["truncated"] = text, False
            if not data.get("people"):
                # "和IT张伟沟通了发票抬头" names whom they met: not "人员：未填写" on the card.
                data["people"] = people_in(text)
            return await self._after_answer(actor, state)
        if step == "next_step":
            if len(text) > SUMMARY_LIMIT:  # said, as at the summary: never cut unseen
                return Outcome.of(
                    Say("visit.too_long", {"length": len(text), "limit": SUMMARY_LIMIT}),
                    *await self.prompt(actor, state),
                )
            data["next_step"] = text
            lead: tuple[Say, ...] = ()
            if looks_like_visit_report(text) and text not in str(data.get("summary") or ""):
                # A whole report typed at "下一步计划是？": kept whole as the next step, and
                # offered as what was discussed instead.
                data["report_at_next_step"] = text
                lead = (Say("visit.next_step_is_report", token=state.token, choices=(
                    (Choice("ns:summary", key="visit.use_as_summary"),),)),)  # fmt: skip
            if not data.get("follow_up_on"):
                follow = parse_follow_up(text, today=today, workdays=self._workdays)
                if follow:
                    data["follow_up_on"] = follow.isoformat()
                    # "下周二前发报价" said when: the follow-up step is not asked again.
                    data.setdefault("asked", []).append("follow_up")
            return await self._after_answer(actor, state, asked="next_step", lead=lead)
        if step == "follow_up":
            follow = (
                parse_follow_up(text, today=today, workdays=self._workdays)
                or parse_relative_date(text, today=today)[0]
            )
            if follow is None:
                return Outcome.of(
                    Say("visit.bad_date", {"text": text[:50]}), *await self.prompt(actor, state)
                )
            if follow < today:
                return Outcome.of(Say("visit.follow_up_past"), *await self.prompt(actor, state))
            data["follow_up_on"] = follow.isoformat()
            return await self._after_answer(actor, state, asked="follow_up")
        # confirm / edit menu: a typed correction ("日期改成昨天", "不是张总，是李总") is applied
        return await self._correct(actor, state, text, today)

    async def _corrected(
        self, actor: Actor, state: FlowState, text: str
    ) -> tuple[dict[str, Any], list[str], list[str], Say | None, int]:
        """The draft's data with the corrections `text` states applied (on a copy), the fields
        changed, the bare words whose value told no field (said, not applied), why one could
        not be, and how many corrections were read. Several corrections in one message are
        applied together or not at all (no field then): the card never shows half of them."""
        data = copy.deepcopy(state.data)
        fields: list[str] = []
        ignored: list[str] = []
        problem: Say | None = None
        corrections = read_corrections(text)
        for corr in corrections:
            field, problem = correct_visit(
                data, corr, now=self._now(actor), clients=await self._visible_clients(actor),
                workdays=self._workdays,
            )  # fmt: skip
            if field is None and corr.loose and problem is None:
                ignored.append(corr.new)
                continue
            if field is None:
                fields = []
                break
            fields.append(field)
        return data, fields, ignored, problem, len(corrections)

    async def _correct(
        self, actor: Actor, state: FlowState, text: str, today: date, *, guided: bool = False
    ) -> Outcome:
        """A correction typed on the card: the card again with it applied, or why not and how to
        correct; the draft is kept either way. `guided`: typed at a step of the conversation,
        which goes on from there (the steps still open are asked)."""
        data, fields, ignored, problem, corrections = await self._corrected(actor, state, text)
        if not fields:
            # "好的" on the card means "fine": the button saves it; anything else, how to correct.
            unclear = (
                "visit.use_buttons" if small_talk(text) == ACK else "drafts.correction_unclear"
            )
            says = [problem or Say(unclear)]
            if problem is not None and corrections > 1:
                says.append(Say("drafts.nothing_changed"))  # not even the parts that were fine
            if guided:
                return Outcome.of(*says, *await self.prompt(actor, state))
            state.step = "confirm"
            await self._flows.save(state)
            return Outcome.of(*says, await self._card(actor, state))
        state.data = data
        if "client" in fields:
            client = await self._client(actor, int(state.data["client_id"]))
            if client is not None:
                self._update_distance(state.data, client)
        if not guided:
            state.data["editing"] = True
        lead: tuple[Say, ...] = (Say("drafts.corrected"),)
        if ignored:
            lead += (Say("drafts.ignored", {"text": " / ".join(ignored)[:100]}),)
        return await self._advance(actor, state, lead=lead)

    async def _kept_as_text(self, actor: Actor, state: FlowState, text: str) -> Outcome:
        """A sentence typed where the kind of visit or a follow-up day is asked ("在他们机房看了
        新设备，张工说下月扩容" at 方式): kept, never read as one word and dropped. At the kind it is
        what was discussed (or added to it), the kind still asked (a sentence's "拜访" or "会议" tells
        no kind surely); at the follow-up
        it is the next step (or added to it), its day taken when it tells one. Said, then what is
        still asked."""
        data, today = state.data, self._today(actor)
        field = "summary" if state.step == "kind" else "next_step"
        had = str(data.get(field) or "")
        joined = f"{had}\n{text}" if had else text
        if len(joined) > SUMMARY_LIMIT:
            return Outcome.of(
                Say("visit.too_long", {"length": len(joined), "limit": SUMMARY_LIMIT}),
                *await self.prompt(actor, state),
            )
        data[field] = joined
        asked = data.setdefault("asked", [])
        if field == "summary":
            data["truncated"] = False
            if not data.get("people"):
                data["people"] = people_in(joined)
        else:
            if "next_step" not in asked:
                asked.append("next_step")
            follow = parse_follow_up(text, today=today, workdays=self._workdays)
            if follow is not None and follow >= today:
                data["follow_up_on"] = follow.isoformat()
                asked.append("follow_up")
        key = f"visit.{'added_to' if had else 'kept_as'}_{field}"
        return await self._advance(actor, state, lead=(Say(key),))

    async def _after_answer(
        self, actor: Actor, state: FlowState, *, asked: str | None = None,
        lead: tuple[Say, ...] = (),
    ) -> Outcome:  # fmt: skip
        if asked and asked not in state.data.setdefault("asked", []):
            state.data["asked"].append(asked)
        return await self._advance(actor, state, lead=lead)

    async def on_choice(self, actor: Actor, state: FlowState, value: str) -> Outcome:
        data, today = state.data, self._today(actor)
        if value.startswith("c:"):
            wanted = record_id(value[2:])
            client = await self._client(actor, wanted) if wanted is not None else None
            if client is None:  # a forged or outdated button: the service decides, not the button
                return Outcome.of(Say("error.client_not_found"), *await self.prompt(actor, state))
            data.update(client_id=client.id, client_name=client.name, candidates=None)
            self._update_distance(data, client)
            return await self._after_answer(actor, state)
        if value.startswith("d:"):
            # A button offers today or yesterday; a forged "d:36500" meets the typed-date rules.
            back = int(value[2:]) if value[2:].isdigit() and len(value[2:]) <= 5 else None
            # "今天" after "今天下午还没到" is today without the part of the day.
            problem = (
                Say("button.stale") if back is None
                else set_visit_day(data, today - timedelta(days=back), None,
                                   now=self._now(actor))
            )  # fmt: skip
            if problem is not None:
                return Outcome.of(problem, *await self.prompt(actor, state))
            return await self._after_answer(actor, state)
        if value.startswith("k:") and value[2:] in KINDS:
            data["kind"] = value[2:]
            return await self._after_answer(actor, state, asked="kind")
        if value == "skip" and state.step in OPTIONAL_STEPS:
            return await self._after_answer(actor, state, asked=state.step)
        if value == "edit":
            state.step = "edit_menu"
            await self._flows.save(state)
            return Outcome.of(*await self.prompt(actor, state))
        if value == "back":
            data["editing"] = True
            return await self._advance(actor, state)
        if value.startswith("e:") and value[2:] in EDITABLE:
            state.step = value[2:]
            data["editing"] = True
            await self._flows.save(state)
            return Outcome.of(*await self.prompt(actor, state))
        if value == "ns:summary":
            return await self._next_step_as_summary(actor, state)
        if value == "ok" and state.step == "confirm":
            return await self.save(actor, state)
        return Outcome.of(Say("button.stale"))

    async def _next_step_as_summary(self, actor: Actor, state: FlowState) -> Outcome:
        """The report typed at "下一步计划是？" taken as what was discussed (added to it, so what
        was there stays), the next step asked again; stale once the next step was changed."""
        data = state.data
        text = data.pop("report_at_next_step", None)
        if not text or data.get("next_step") != text:
            return Outcome.of(Say("button.stale"), *await self.prompt(actor, state))
        had = str(data.get("summary") or "")
        joined = f"{had}\n{text}" if had else str(text)
        if len(joined) > SUMMARY_LIMIT:
            return Outcome.of(
                Say("visit.too_long", {"length": len(joined), "limit": SUMMARY_LIMIT}),
                *await self.prompt(actor, state),
            )
        data["summary"], data["truncated"], data["next_step"] = joined, False, None
        if not data.get("people"):
            data["people"] = people_in(joined)
        if data.get("editing"):
            data["editing"] = False  # the next step is asked again, then the card
        data["asked"] = [a for a in data.get("asked", []) if a != "next_step"]
        return await self._advance(actor, state, lead=(Say("visit.moved_to_summary"),))

    def _update_distance(self, data: dict[str, Any], client: Client) -> None:
        if (
            data.get("latitude") is not None
            and client.latitude is not None
            and client.longitude is not None
        ):
            data["distance_m"] = round(
                distance_m(data["latitude"], data["longitude"], client.latitude, client.longitude)
            )

    async def on_location(self, actor: Actor, state: FlowState, lat: float, lon: float) -> Outcome:
        state.data.update(latitude=lat, longitude=lon, distance_m=None)
        if state.data.get("client_id"):
            client = await self._client(actor, int(state.data["client_id"]))
            if client is not None:
                self._update_distance(state.data, client)
        await self._flows.save(state)
        lead = Say("visit.location_saved", {"distance": state.data.get("distance_m")})
        return Outcome.of(lead, *await self.prompt(actor, state))

    # ---------------------------------------------------------------- saving

    async def save(self, actor: Actor, state: FlowState) -> Outcome:
        """Commit the visit once (the draft token is unique), then acknowledge it."""
        data = state.data
        now = self._clock.now()

        async def write(uow: UnitOfWork) -> Outcome:
            client = await visible_client(uow.session, actor, int(data["client_id"]))
            if client is None:
                return Outcome.of(Say("error.client_not_found"))
            visited_on = date.fromisoformat(data["visited_on"])
            editing_id = data.get("visit_id")
            if editing_id:
                visit = await uow.session.get(Visit, int(editing_id), with_for_update=True)
                if visit is None or not self._may_edit(actor, visit, now):
                    return Outcome.of(_refusal(actor, visit))
                before = _visit_snapshot(visit)
                moved_from = visit.client_id
                visit.draft_id = state.token
            else:
                moved_from = None
                visit = Visit(draft_id=state.token, author_id=actor.user_id, created_at=now)
                uow.session.add(visit)
                before = None
            visit.client_id = client.id
            visit.visited_on = visited_on
            visit.visited_time = data.get("visited_time")
            visit.kind = data.get("kind") or "on_site"
            visit.people = [{"name": p.get("name", ""), "title": p.get("title")}
                            for p in data.get("people") or []]  # fmt: skip
            visit.summary = data["summary"]
            visit.next_step = data.get("next_step")
            visit.follow_up_on = (
                date.fromisoformat(data["follow_up_on"]) if data.get("follow_up_on") else None
            )
            visit.latitude, visit.longitude = data.get("latitude"), data.get("longitude")
            visit.distance_m = data.get("distance_m")
            visit.updated_at = now
            await uow.session.flush()
            touched = {client.id} | ({moved_from} if moved_from else set())
            await refresh_last_visits(uow.session, self._counting_kinds, touched)
            uow.audit(actor_id=actor.user_id, action="update" if before else "create",
                      entity="visit", entity_id=visit.id, at=now, before=before,
                      after=_visit_snapshot(visit))  # fmt: skip
            await drop_flow(uow.session, actor.user_id, state.token)
            await uow.commit()
            # A saved visit corrected from /visits is "已修改", not saved anew.
            edited = "yes" if before is not None else ""
            return Outcome.of(Say("visit.saved", {"id": visit.id, "edited": edited,
                                                   "follow_up": data.get("follow_up_on") or ""}))  # fmt: skip

        return await save_once(
            self._db,
            saved_id(Visit.id, Visit.draft_id, state.token),
            write,
            lambda done: Outcome.of(Say("visit.saved", {"id": done, "edited": ""})),
        )

    async def refresh_cadence(self) -> None:
        """Recompute every client's cadence day from its visits and the policy (at start)."""
        async with self._db.write() as uow:
            await refresh_last_visits(uow.session, self._counting_kinds)
            await uow.commit()

    async def already_saved(self, token: str) -> int | None:
        async with self._db.read() as session:
            found: int | None = await saved_id(Visit.id, Visit.draft_id, token)(session)
            return found

    # ---------------------------------------------------------------- records

    def _may_edit(self, actor: Actor, visit: Visit, now: datetime) -> bool:
        return (
            visit.author_id == actor.user_id
            and visit.deleted_at is None
            and now - visit.created_at <= EDIT_WINDOW
        )

    async def recent(
        self, actor: Actor, client_query: str | None = None, limit: int = 10
    ) -> list[VisitView]:
        now = self._clock.now()
        async with self._db.read() as session:
            stmt = (
                select(Visit, Client.name, Client.aliases, User.name)
                .join(Client, Client.id == Visit.client_id)
                .join(User, User.id == Visit.author_id)
                .where(visible_clients(actor), Visit.deleted_at.is_(None))
                .order_by(Visit.visited_on.desc(), Visit.id.desc())
                .limit(limit)
            )
            if client_query:
                rows = (
                    await session.execute(
                        select(Client.id, Client.name, Client.aliases).where(visible_clients(actor))
                    )
                ).all()
                # Only clients the words name (the one matching rule): a look-alike's visits
                # are not listed as if they were this client's.
                candidates = keyed((r.id, r.name, r.aliases or []) for r in rows)
                choice = find_client(client_query, candidates, limit=5)
                keys = {cid: (name, key) for cid, name, key in candidates}
                ids = [choice.sure.id] if choice.sure else [
                    h.id for h in choice.options if names_client(client_query, keys[h.id][1], keys[h.id][0])
                ]  # fmt: skip
                if not ids:
                    # Not "no visits yet": the words name no client the actor may see.
                    raise NotFound("error.no_client_named", query=client_query[:50])
                stmt = stmt.where(Visit.client_id.in_(ids))
            found = (await session.execute(stmt)).all()
            filed = await filed_contacts(session, {row[0].client_id for row in found})
            return [
                self._view(actor, visit, client_name, aliases, author_name, now,
                           filed.get(visit.client_id, []))
                for visit, client_name, aliases, author_name in found
            ]  # fmt: skip

    async def one(self, actor: Actor, visit_id: int) -> VisitView | None:
        """One visit of a client the actor may see (opened from the list of recent visits)."""
        async with self._db.read() as session:
            row = (
                await session.execute(
                    select(Visit, Client.name, Client.aliases, User.name)
                    .join(Client, Client.id == Visit.client_id)
                    .join(User, User.id == Visit.author_id)
                    .where(Visit.id == visit_id, visible_clients(actor), Visit.deleted_at.is_(None))
                )
            ).one_or_none()
            if row is None:
                return None
            filed = await filed_contacts(session, {row[0].client_id})
        return self._view(actor, row[0], row[1], row[2], row[3], self._clock.now(),
                          filed.get(row[0].client_id, []))  # fmt: skip

    def _view(
        self,
        actor: Actor,
        visit: Visit,
        client_name: str,
        aliases: list[str] | None,
        author_name: str,
        now: datetime,
        contacts: Sequence[tuple[str, str | None]] = (),
    ) -> VisitView:
        """A visit as shown; its people as the client's `contacts` know them today (as_filed)."""
        return VisitView(
            id=visit.id, client_id=visit.client_id, client_name=client_name,
            client_en=english_name(aliases or []),
            author_id=visit.author_id, author_name=author_name, visited_on=visit.visited_on,
            visited_time=visit.visited_time, kind=visit.kind,
            people=as_filed(((p.get("name", ""), p.get("title")) for p in visit.people or []),
                            contacts),
            summary=visit.summary, next_step=visit.next_step,
            follow_up_on=visit.follow_up_on, distance_m=visit.distance_m,
            editable=self._may_edit(actor, visit, now),
        )  # fmt: skip

    async def _editable(
        self, actor: Actor, visit_id: int, now: datetime
    ) -> tuple[Visit, str] | Say:
        """The visit and its client's name, when the actor may still edit or delete it; else
        why not."""
        async with self._db.read() as session:
            row = (
                await session.execute(
                    select(Visit, Client.name)
                    .join(Client, Client.id == Visit.client_id)
                    .where(Visit.id == visit_id)
                )
            ).one_or_none()
        if row is None or not self._may_edit(actor, row[0], now):
            return _refusal(actor, row[0] if row is not None else None)
        return row[0], row[1]

    async def latest_editable(self, actor: Actor) -> int | None:
        """The visit the actor saved last, while they may still delete it ("撤销刚才那条走访记录"
        means it); None when they saved none in the edit window."""
        now = self._clock.now()
        async with self._db.read() as session:
            found: int | None = (
                await session.execute(
                    select(Visit.id)
                    .where(
                        Visit.author_id == actor.user_id,
                        Visit.deleted_at.is_(None),
                        Visit.created_at >= now - EDIT_WINDOW,
                    )
                    .order_by(Visit.created_at.desc(), Visit.id.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
        return found

    async def ask_delete(self, actor: Actor, visit_id: int) -> Outcome:
        """What deleting a visit would remove, asked before it is done (a tap on 🗑 deleted it
        at once, with no way back)."""
        now = self._clock.now()
        found = await self._editable(actor, visit_id, now)
        if isinstance(found, Say):
            return Outcome.of(found)
        visit, client_name = found
        return Outcome.of(Say("visit.delete_confirm", {"id": visit.id, "client": client_name,
                                                       "client_id": visit.client_id,
                                                       "date": visit.visited_on.isoformat()}))  # fmt: skip

    async def delete(self, actor: Actor, visit_id: int) -> Outcome:
        now = self._clock.now()
        async with self._db.write() as uow:
            visit = await uow.session.get(Visit, visit_id, with_for_update=True)
            if visit is not None and _deleted_by(actor, visit):
                # "确认删除" tapped twice, or on an old question: done, and said the same.
                return Outcome.of(Say("visit.deleted", {"id": visit_id}))
            if visit is None or not self._may_edit(actor, visit, now):
                return Outcome.of(Say("visit.not_editable"))
            before = _visit_snapshot(visit)
            visit.deleted_at, visit.updated_at = now, now
            # The client's last visit date follows the remaining visits.
            await uow.session.flush()
            await refresh_last_visits(uow.session, self._counting_kinds, {visit.client_id})
            uow.audit(actor_id=actor.user_id, action="delete", entity="visit", entity_id=visit.id,
                      at=now, before=before, after=None)  # fmt: skip
            await uow.commit()
        return Outcome.of(Say("visit.deleted", {"id": visit_id}))

    async def start_edit(self, actor: Actor, visit_id: int) -> Outcome:
        now = self._clock.now()
        found = await self._editable(actor, visit_id, now)
        if isinstance(found, Say):
            return Outcome.of(found)
        visit, client_name = found
        data = {
            "visit_id": visit.id, "client_id": visit.client_id, "client_name": client_name,
            "visited_on": visit.visited_on.isoformat(), "visited_time": visit.visited_time,
            "kind": visit.kind, "people": list(visit.people or []), "summary": visit.summary,
            "next_step": visit.next_step,
            "follow_up_on": visit.follow_up_on.isoformat() if visit.follow_up_on else None,
            "latitude": visit.latitude, "longitude": visit.longitude, "distance_m": visit.distance_m,
            "editing": True, "asked": list(GUIDED_ORDER), "mode": "edit",
        }  # fmt: skip
        state = FlowState(actor.user_id, "visit", "edit_menu", new_token(), data, now)
        await self._flows.save(state)
        return Outcome.of(*await self.prompt(actor, state))


def _deleted_by(actor: Actor, visit: Visit) -> bool:
    return visit.deleted_at is not None and visit.author_id == actor.user_id


def _refusal(actor: Actor, visit: Visit | None) -> Say:
    """Why a visit cannot be edited or deleted: one its author deleted is said to be deleted (not
    "only the author may, within 24 hours", which read as a lack of rights); else not theirs or
    too old, said alike."""
    if visit is not None and _deleted_by(actor, visit):
        return Say("visit.already_deleted", {"id": visit.id})
    return Say("visit.not_editable")


def select_max_visit() -> Any:
    from sqlalchemy import func

    return func.max(Visit.id).desc()


def _visit_snapshot(visit: Visit) -> dict[str, Any]:
    return {
        "client_id": visit.client_id,
        "visited_on": visit.visited_on.isoformat() if visit.visited_on else None,
        "kind": visit.kind,
        "people": visit.people,
        "summary": visit.summary,
        "next_step": visit.next_step,
        "follow_up_on": visit.follow_up_on.isoformat() if visit.follow_up_on else None,
        "deleted": visit.deleted_at is not None,
    }


async def recent_clients(db: Database, actor: Actor, limit: int = 6) -> list[tuple[int, str]]:
    """The clients this user logged visits for most recently, then their own clients; the
    buttons every flow that asks for a client offers first."""
    async with db.read() as session:
        recent = (
            await session.execute(
                select(Client.id, Client.name)
                .join(Visit, Visit.client_id == Client.id)
                .where(Visit.author_id == actor.user_id, Visit.deleted_at.is_(None),
                       visible_clients(actor))
                .group_by(Client.id, Client.name)
                .order_by(select_max_visit())
                .limit(limit)
            )
        ).all()  # fmt: skip
        out = [(r.id, r.name) for r in recent]
        if len(out) < limit:
            more = (
                await session.execute(
                    select(Client.id, Client.name)
                    .where(Client.owner_id == actor.user_id)
                    .order_by(Client.last_visit_on.is_(None).desc(), Client.last_visit_on)
                    .limit(limit)
                )
            ).all()
            out += [(r.id, r.name) for r in more if (r.id, r.name) not in out]
    return out[:limit]
