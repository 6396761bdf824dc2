"""Complaint tickets: the intake conversation, deadlines from the policy, and the ticket's life."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select

from services.access import visible_client, visible_clients
from services.clock import Clock
from services.complaint_edits import (
    CLOSED_FIXED,
    draft_of,
    edit_refused,
    save_correction,
    ticket_query,
)
from services.complaint_words import (
    DESCRIPTION_LIMIT,
    category_named,
    complaint_part,
    guess_category,
    guess_severity,
    received_by_reporter,
    severity_named,
    tells_called_in_complaint,
)
from services.corrections import Correction, read_corrections, says_a_correction
from services.domain import Actor, Role, record_id
from services.draft_store import FlowState, FlowStore, new_token
from services.errors import NotFound
from services.language import message_language
from services.matching import english_name, find_client, keyed
from services.outcome import Choice, Outcome, Say, card_revision, clip_heard, corrected_lead
from services.policy import Policy, Severity
from services.reminders.rows import alert_rows, reopened_rows
from services.saved_once import drop_flow, save_once, saved_id
from services.small_talk import ACK, small_talk
from services.storage.models import Client, Complaint, Reminder, User
from services.storage.uow import Database, UnitOfWork
from services.visits.dates import parse_relative_date
from services.visits.parser import (
    VisitDraft,
    looks_like_visit_report,
    parse_visit,
    sure_client_of,
    without_report_label,
)
from services.visits.service import recent_clients
from services.visits.text import tells_more_than_a_name, tells_more_than_a_word

EDITABLE = ("client", "category", "severity", "description", "received_by", "received_on")
ASKED_AGAIN = EDITABLE  # the steps the edit menu asks again (their step has the field's name)
# A complaint is filed within this many days of coming in; an older date is a slip of the keys.
OLDEST_COMPLAINT_DAYS = 90
OPEN_STATES = ("open", "responded", "resolved")


@dataclass(frozen=True, slots=True)
class TicketListing:
    """What /complaints shows: the most urgent tickets, how many there are, and of which client
    (None: all the actor may see)."""

    tickets: tuple[TicketView, ...]
    total: int
    client_name: str | None
    client_en: str | None = None  # the client's English name (`matching.english_name`)
    # Asked for the overdue alone ("团队有哪些投诉超期了"): `tickets` and `total` are those past
    # their deadline, `open_total` all that are open.
    late_only: bool = False
    open_total: int = 0


@dataclass(frozen=True, slots=True)
class TicketView:
    id: int
    client_name: str
    owner_name: str
    category: str
    severity: str
    status: str
    description: str
    received_at: datetime
    first_response_due: datetime
    resolution_due: datetime
    estimated: bool
    next_due: datetime | None
    resolution: str | None
    satisfaction: int | None
    hours_left: float | None = None  # to `next_due` by the service's clock; negative when late
    reopened: int = 0  # times a low follow-up score reopened it (satisfaction is the last score)
    client_en: str | None = None  # the client's English name (`matching.english_name`)

    @property
    def actions(self) -> tuple[str, ...]:
        """What a button on this ticket may do now (what `ComplaintService.act` accepts)."""
        if self.status == "open":
            return ("respond", "resolve")
        if self.status == "responded":
            return ("resolve",)
        if self.status == "resolved":
            return tuple(f"score{n}" for n in range(1, 6))
        return ()


# What may stand beside a client's name in a complaint that says nothing yet ("华润万家的投诉").
_NOTHING_SAID = re.compile(r"[\W_]|投诉|客户|的|complaint|from|about|client", re.IGNORECASE)


def _names_only(text: str, client_query: str | None) -> bool:
    """Whether a complaint's text only names the client ("/complaint 交行"): not a description."""
    if not client_query:
        return False
    return not _NOTHING_SAID.sub("", text.replace(client_query, "", 1))


# What a draft's card shows of it (bot.render.complaint_card): what its Confirm stands for.
_CARD_SHOWS = ("client_id", "client_name", "category", "severity", "description", "received_by",
               "received_by_assumed", "received_on", "received_set", "closed_on", "heard",
               "ticket_id")  # fmt: skip


class ComplaintService:
    def __init__(self, db: Database, clock: Clock, flows: FlowStore, policy: Policy) -> None:
        self._db = db
        self._clock = clock
        self._flows = flows
        self._policy = policy
        self._workdays = policy.calendar()  # the one calendar: deadlines and "3个工作日内" alike

    async def _visible_clients(self, actor: Actor) -> list[tuple[int, str, list[str]]]:
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(Client.id, Client.name, Client.aliases).where(visible_clients(actor))
                )
            ).all()
        return [(r.id, r.name, list(r.aliases or [])) for r in rows]

    # ------------------------------------------------------------ intake conversation

    async def start(self, actor: Actor, text: str | None, *, heard: str | None = None) -> Outcome:
        """The intake from a description (typed, or `heard` in a voice note: the card then shows
        the words, kept with the draft)."""
        if not await self._visible_clients(actor):
            # A manager with no clients yet: a client step could only refuse every name typed.
            return Outcome.of(Say("complaint.no_clients"))
        data: dict[str, Any] = {}
        if (words := clip_heard(heard)) is not None:
            data["heard"] = words
        if text and text.strip():
            # "投诉：宝钢说…": the label opening it is no part of the description.
            text = without_report_label(text.strip())
            if (lang := message_language(text, actor.language.value)) is not None:
                data["lang"] = lang  # the card speaks the complaint's language
            if len(text) > DESCRIPTION_LIMIT:
                return Outcome.of(
                    Say("visit.too_long", {"length": len(text), "limit": DESCRIPTION_LIMIT})
                )
            draft, sure = await self._read_report(actor, text)
            if sure is not None:
                data["client_id"], data["client_name"] = sure
            else:
                data["candidates"] = [[c[0], c[1]] for c in draft.client_candidates[:5]]
            rules = self._policy.complaints
            data["category"] = guess_category(text, rules.category_words)
            severity = guess_severity(text, rules.severity_words)
            data["severity"] = severity.value if severity else None
            if received_by_reporter(text):
                # The client called the one reporting (首问负责制: who took the call owns it):
                # shown on the card, which says so and where to change it, not asked.
                data["received_by"] = data["received_by_assumed"] = actor.name
            if not _names_only(text, draft.client_query):
                # "/complaint 交行" names the client: asked. A visit report telling of a complaint
                # is described by the words telling of it, not the visit's.
                data["description"] = complaint_part(text)
            today = self._clock.now().astimezone(ZoneInfo(actor.timezone)).date()
            if (
                draft.visited_on is not None
                and draft.visited_on < today
                and looks_like_visit_report(text)
            ):
                # Told at a visit two days ago: received then (首问负责制), its deadlines run
                # from that day, not from the day it was typed in.
                data["received_on"] = draft.visited_on.isoformat()
                data["received_time"] = draft.visited_time
                if tells_called_in_complaint(text):
                    # "交行昨天打电话来，说专线断了": the day the client called, no visit's day;
                    # the card must not say it is.
                    data["received_set"] = True
        if not data.get("client_id"):
            data["recent"] = [list(r) for r in await recent_clients(self._db, actor)]
        state = FlowState(actor.user_id, "complaint", "", new_token(), data, self._clock.now())
        return await self._advance(state)

    async def start_prepared(self, actor: Actor, fields: dict[str, Any]) -> Outcome:
        """The intake with fields read and validated elsewhere (the assistant's structured
        output); the client is re-checked against what the user may see. Nothing saved."""
        data = dict(fields)
        visible = {cid: name for cid, name, _ in await self._visible_clients(actor)}
        if data.get("client_id") not in visible:
            data.pop("client_id", None)
            data.pop("client_name", None)
        else:
            data["client_name"] = visible[data["client_id"]]
        data["candidates"] = [c for c in data.get("candidates") or [] if c[0] in visible]
        if data.get("category") not in self._policy.complaints.categories:
            data["category"] = None
        state = FlowState(actor.user_id, "complaint", "", new_token(), data, self._clock.now())
        return await self._advance(state)

    def _next_step(self, data: dict[str, Any]) -> str:
        if data.get("step") == "edit_menu":
            return "edit_menu"
        if data.get("asking") in ASKED_AGAIN:
            return str(data["asking"])  # a field asked again from the edit menu, kept until given
        for step, key in (("client", "client_id"), ("category", "category"), ("severity", "severity"),
                          ("description", "description")):  # fmt: skip
            if not data.get(key):
                return step
        if "received_by" not in data:
            return "received_by"
        return "confirm"

    async def _advance(self, state: FlowState, *, lead: tuple[Say, ...] = ()) -> Outcome:
        state.step = self._next_step(state.data)
        lead = corrected_lead(lead, state.step)
        await self._flows.save(state)
        return Outcome.of(*lead, *self.prompt(state)).speaking(state.data.get("lang"))

    def prompt(self, state: FlowState) -> tuple[Say, ...]:
        token, data, step = state.token, state.data, state.step
        cancel: tuple[Choice, ...] = (Choice("cancel", key="button.cancel"),)
        if data.get("asking") == step:
            # Asked again from the edit menu: back to the card with the field as it was (cancel
            # alone would drop the whole complaint, its description with it).
            cancel = (Choice("back", key="button.back"), *cancel)
        if step == "client":
            # Like a visit: the clients the user works with are one tap away.
            offered = data.get("candidates") or data.get("recent") or []
            rows = tuple((Choice(f"c:{cid}", label=name),) for cid, name in offered)
            ask = Say("complaint.ask_client", choices=(*rows, cancel), token=token)
            if data.get("client_query") and not data.get("candidates"):
                # A name none of the user's clients has (a colleague's client the assistant
                # read): said, as for a visit, not left for a tap on one of their own instead.
                return (Say("visit.client_unknown", {"query": data["client_query"]}), ask)
            return (ask,)
        if step == "edit_menu":
            fields = tuple(Choice(f"e:{f}", key=f"complaint.field.{f}") for f in EDITABLE
                           if not (data.get("closed_on") and f in CLOSED_FIXED))  # fmt: skip
            return (Say("visit.ask_edit", choices=(fields[:3], fields[3:],
                        (Choice("back", key="button.back"),)), token=token),)  # fmt: skip
        if step == "category":
            cats = self._policy.complaints.categories
            grid: tuple[tuple[Choice, ...], ...] = tuple(
                tuple(Choice(f"g:{c}", key=f"complaint.category.{c}") for c in cats[i : i + 3])
                for i in range(0, len(cats), 3)
            )
            return (Say("complaint.ask_category", choices=(*grid, cancel), token=token),)
        if step == "severity":
            row = tuple(
                Choice(f"s:{s.value}", key=f"complaint.severity.{s.value}") for s in Severity
            )
            return (Say("complaint.ask_severity", choices=(row, cancel), token=token),)
        if step == "description":
            return (Say("complaint.ask_description", choices=(cancel,), token=token),)
        if step == "received_by":
            return (Say("complaint.ask_received_by", choices=((Choice("me", key="complaint.me"),), cancel),
                        token=token),)  # fmt: skip
        if step == "resolution":
            return (Say("complaint.ask_resolution", {"id": data.get("ticket_id")}, token=token,
                        choices=(cancel,)),)  # fmt: skip
        if step == "resolve_confirm":
            return (Say("complaint.resolve_confirm",
                        {"id": data.get("ticket_id"), "client": data.get("client_name") or "",
                         "resolution": data.get("resolution") or ""}, token=token,
                        choices=((Choice("ok", key="button.confirm"),
                                  Choice("cancel", key="button.cancel")),)),)  # fmt: skip
        if step == "received_on":
            days = (Choice("rd:0", key="complaint.received_today"),
                    Choice("rd:1", key="complaint.received_yesterday"))  # fmt: skip
            return (Say("complaint.ask_received_on", choices=(days, (Choice("back", key="button.back"),)),
                        token=token),)  # fmt: skip
        return (Say("complaint.confirm", card=dict(data), token=token,
                    revision=card_revision({k: data.get(k) for k in _CARD_SHOWS}),
                    choices=((Choice("ok", key="button.confirm"), Choice("edit", key="button.edit"),
                              Choice("cancel", key="button.cancel")),)),)  # fmt: skip

    async def on_text(self, actor: Actor, state: FlowState, text: str) -> Outcome:
        data, step, text = state.data, state.step, text.strip()
        if step in EDITABLE and says_a_correction(text):
            # "不对，是华润" at "哪个客户？", "严重程度改成高" at the description: a correction
            # of what the draft holds, applied, then what is still asked; one changing nothing
            # on it ("客户说金额改成两千了" at the description) is the step's answer after all.
            if await self._would_correct(actor, state, text):
                return await self._correct(actor, state, text)
        if step == "client":
            choice = find_client(text, keyed(await self._visible_clients(actor)), limit=5)
            if choice.sure is not None:
                data.update(client_id=choice.sure.id, client_name=choice.sure.name)
                data.pop("asking", None)
                return await self._advance(state)
            hits = choice.options
            data["candidates"] = [[h.id, h.name] for h in hits]
            lead = () if hits else (Say("visit.client_unknown", {"query": text[:50]}),)
            return Outcome.of(*lead, *self.prompt(state))
        if step == "description":
            if not text:
                return Outcome.of(*self.prompt(state))
            if len(text) > DESCRIPTION_LIMIT:
                return Outcome.of(
                    Say("visit.too_long", {"length": len(text), "limit": DESCRIPTION_LIMIT})
                )
            data["description"] = text
            data.pop("asking", None)
            return await self._advance(state)
        if (step in ("category", "severity") and tells_more_than_a_word(text)) or (
            step == "received_by" and tells_more_than_a_name(text)
        ):
            return await self._kept_as_description(state, text)
        if step == "received_by":
            data["received_by"] = text[:200]
            data.pop("asking", None)
            return await self._advance(state)
        if step == "received_on":
            day = parse_relative_date(text, today=self._local_today(actor))[0]
            if day is None:
                return Outcome.of(Say("complaint.received_on_unclear", {"text": text[:50]}),
                                  *self.prompt(state))  # fmt: skip
            return await self._received_on(actor, state, day)
        if step == "resolution":
            if not text:
                return Outcome.of(Say("complaint.ask_resolution", token=state.token))
            return await self._confirm_resolution(actor, state, text[:DESCRIPTION_LIMIT])
        words = self._policy.complaints
        if (
            step == "severity"
            and (severity := severity_named(text, words.severity_words)) is not None
        ):
            data["severity"] = severity.value  # typed instead of tapped: "high", "紧急"
            data.pop("asking", None)
            return await self._advance(state)
        if (
            step == "category"
            and (category := category_named(text, words.categories, words.category_words))
            is not None
        ):
            data["category"] = category
            data.pop("asking", None)
            return await self._advance(state)
        if step in ("confirm", "edit_menu"):
            return await self._correct(actor, state, text)
        return Outcome.of(Say("visit.use_buttons"), *self.prompt(state))

    async def names_another_client(self, actor: Actor, state: FlowState, text: str) -> bool:
        """Whether a sentence typed on this draft surely names another of the user's clients than
        the draft's ("苏州移动也反映专线断了" on 华能's draft): no words of this complaint."""
        client_id = state.data.get("client_id")
        if state.kind != "complaint" or not client_id:
            return False
        _draft, sure = await self._read_report(actor, text)
        return sure is not None and sure[0] != client_id

    async def _read_report(
        self, actor: Actor, text: str
    ) -> tuple[VisitDraft, tuple[int, str] | None]:
        """The words read as a report is, and the visible client they surely name (or None)."""
        clients = await self._visible_clients(actor)
        draft = parse_visit(
            text, now=self._clock.now(), timezone=actor.timezone, clients=clients,
            workdays=self._workdays,
        )  # fmt: skip
        return draft, sure_client_of(draft, clients)

    async def _kept_as_description(self, state: FlowState, text: str) -> Outcome:
        """A sentence typed where a category, a severity or who received it is asked ("客户说
        账单金额算错了，多收了两千" at 类别): the description (or added to it), the category and
        the severity it tells plainly taken too, said; then what is still asked. Never one word of
        it read as the tap and the rest dropped."""
        data, words = state.data, self._policy.complaints
        had = str(data.get("description") or "")
        joined = f"{had}\n{text}" if had else text
        if len(joined) > DESCRIPTION_LIMIT:
            return Outcome.of(
                Say("visit.too_long", {"length": len(joined), "limit": DESCRIPTION_LIMIT}),
                *self.prompt(state),
            )
        data["description"] = joined
        if not data.get("category"):
            category = guess_category(text, words.category_words)
            data["category"] = category if category in words.categories else None
        if not data.get("severity") and (severity := guess_severity(text, words.severity_words)):
            data["severity"] = severity.value
        key = "complaint.added_to_description" if had else "complaint.kept_as_description"
        return await self._advance(state, lead=(Say(key),))

    async def _correct(self, actor: Actor, state: FlowState, text: str) -> Outcome:
        """A correction typed on the card ("严重程度改成紧急", "不是华能，是华润"): the card again
        with it applied, or how to correct; the draft is kept either way."""
        # Several corrections in one message ("严重程度改成紧急，类别是账单") are applied together or
        # not at all: the card never shows half of what was asked.
        corrections = read_corrections(text)
        data = copy.deepcopy(state.data)
        problem: Say | None = None
        ignored: list[str] = []  # bare words whose value tells no field: said, not applied
        for corr in corrections:
            if corr.loose and self._field_by_value(corr.new) is None:
                ignored.append(corr.new)
                continue
            if (problem := await self._apply(actor, data, corr)) is not None:
                break
        done = len(corrections) > len(ignored) and problem is None
        moved = done and data.get("received_on") != state.data.get("received_on")
        if done:
            state.data = data
        state.data.pop("step", None)
        unclear = ("visit.use_buttons" if small_talk(text) == ACK  # "好的": the button saves it
                   else "drafts.complaint_correction_unclear")  # fmt: skip
        lead: tuple[Say, ...] = (Say("drafts.corrected"),) if done else (problem or Say(unclear),)
        if moved:  # the deadlines count from the new day: told, as at the date's own step
            day = date.fromisoformat(str(data["received_on"]))
            lead += (await self._set_received(actor, state.data, day),)
        if done and ignored:
            lead += (Say("drafts.ignored", {"text": " / ".join(ignored)[:100]}),)
        if problem is not None and len(corrections) > 1:
            lead += (Say("drafts.nothing_changed"),)  # not even the parts that were fine
        return await self._advance(state, lead=lead)

    async def _would_correct(self, actor: Actor, state: FlowState, text: str) -> bool:
        """Whether the corrections `text` states all apply to the draft (tried on a copy)."""
        data, applied = copy.deepcopy(state.data), 0
        for corr in read_corrections(text):
            if corr.loose and self._field_by_value(corr.new) is None:
                continue
            if await self._apply(actor, data, corr) is not None:
                return False
            applied += 1
        return applied > 0

    def _field_by_value(self, new: str) -> str | None:
        """The field a bare value can only be: a severity's or a category's word; else None."""
        words = self._policy.complaints
        return ("severity" if severity_named(new, words.severity_words) else
                "category" if category_named(new, words.categories, words.category_words) else
                None)  # fmt: skip

    async def _apply(self, actor: Actor, data: dict[str, Any], corr: Correction) -> Say | None:
        """Apply one correction to the draft `data`: None when done, else why not (a client not
        among the actor's is named as typed, as on a visit card)."""
        unclear = Say("drafts.complaint_correction_unclear")
        field, old, new = corr.field, corr.old, corr.new
        words = self._policy.complaints
        description = str(data.get("description") or "")
        clients = keyed(await self._visible_clients(actor))
        if field is None and old is not None:
            named = find_client(old, clients).sure
            field = ("client" if named is not None and named.id == data.get("client_id") else
                     "severity" if severity_named(old, words.severity_words) else
                     "category" if category_named(old, words.categories, words.category_words) else
                     "description" if old in description else None)  # fmt: skip
        elif field is None:
            field = ("severity" if severity_named(new, words.severity_words) else
                     "category" if category_named(new, words.categories, words.category_words) else
                     "client")  # fmt: skip
        if data.get("closed_on") and field in (*CLOSED_FIXED, "when"):
            # What a closed ticket's deadlines were measured by stays (complaint_edits).
            return Say("complaint.closed_fixed", {"id": data.get("ticket_id")})
        if field == "client":
            choice = find_client(new, clients, limit=5)
            if choice.sure is None:
                return Say("visit.client_unknown", {"query": new[:50]})
            data.update(client_id=choice.sure.id, client_name=choice.sure.name)
        elif (
            field == "severity"
            and (severity := severity_named(new, words.severity_words)) is not None
        ):
            data["severity"] = severity.value
        elif (
            field == "category"
            and (category := category_named(new, words.categories, words.category_words))
            is not None
        ):
            data["category"] = category
        elif field == "description":
            changed = description.replace(old, new) if old and old in description else new
            data["description"] = changed[:DESCRIPTION_LIMIT]
        elif field == "received_by":
            data["received_by"] = new[:200]
        elif field in ("received_on", "when"):  # a complaint's one date: the day it came in
            day = parse_relative_date(new, today=self._local_today(actor))[0]
            if day is None:
                return Say("complaint.received_on_unclear", {"text": new[:50]})
            told = await self._set_received(actor, data, day)
            return None if told.key == "complaint.received_on_set" else told
        else:
            return unclear
        return None

    async def on_choice(self, actor: Actor, state: FlowState, value: str) -> Outcome:
        data = state.data
        if value.startswith("c:") and record_id(value[2:]) is not None:
            async with self._db.read() as session:
                client = (
                    await session.execute(
                        select(Client).where(Client.id == int(value[2:]), visible_clients(actor))
                    )
                ).scalar_one_or_none()
            if client is None:
                return Outcome.of(Say("error.client_not_found"), *self.prompt(state))
            data.update(client_id=client.id, client_name=client.name)
            data.pop("asking", None)
            return await self._advance(state)
        if value.startswith("g:") and value[2:] in self._policy.complaints.categories:
            data["category"] = value[2:]
            data.pop("asking", None)
            return await self._advance(state)
        if value.startswith("s:") and value[2:] in {s.value for s in Severity}:
            data["severity"] = value[2:]
            data.pop("asking", None)
            return await self._advance(state)
        if value == "me":
            data["received_by"] = actor.name
            data.pop("asking", None)
            return await self._advance(state)
        if value in ("rd:0", "rd:1") and state.step == "received_on":
            day = self._local_today(actor) - timedelta(days=int(value[3:]))
            return await self._received_on(actor, state, day)
        if value == "back" and data.get("asking") == state.step:
            data.pop("asking", None)
            return await self._advance(state)
        if value == "ok" and state.step == "confirm":
            return await self.save(actor, state)
        if value == "ok" and state.step == "resolve_confirm":
            return await self._resolve(actor, state, str(state.data["resolution"]))
        if value == "edit" and state.step == "confirm":
            data["step"] = "edit_menu"
            return await self._advance(state)
        if value == "back" and state.step == "edit_menu":
            data.pop("step", None)
            return await self._advance(state)
        if value.startswith("e:") and data.get("closed_on") and value[2:] in CLOSED_FIXED:
            return Outcome.of(Say("complaint.closed_fixed", {"id": data.get("ticket_id")}),
                              *self.prompt(state))  # fmt: skip
        if value.startswith("e:") and value[2:] in EDITABLE and state.step == "edit_menu":
            data.pop("step", None)
            field = value[2:]
            # Asked again: the step for that field comes back, then the card; the field keeps
            # its value until a new one is given (↩️ 返回 leaves it as it was).
            if field == "client":
                data.update(candidates=None)
                data["recent"] = [list(r) for r in await recent_clients(self._db, actor)]
            data["asking"] = field
            return await self._advance(state)
        return Outcome.of(Say("button.stale"))

    def _local_today(self, actor: Actor) -> date:
        return self._clock.now().astimezone(ZoneInfo(actor.timezone)).date()

    async def _received_on(self, actor: Actor, state: FlowState, day: date) -> Outcome:
        """The date received, given at its step: the card again with the new deadlines told,
        or why not and the step again."""
        told = await self._set_received(actor, state.data, day)
        if told.key != "complaint.received_on_set":
            return Outcome.of(told, *self.prompt(state))
        state.data.pop("asking", None)
        return await self._advance(state, lead=(told,))

    async def _set_received(self, actor: Actor, data: dict[str, Any], day: date) -> Say:
        """Put the day the complaint came in on the draft `data`: never a day to come, nor one
        before the client was on file or more than `OLDEST_COMPLAINT_DAYS` ago (then why not,
        the draft untouched). The deadlines count from it by the policy's working days, and the
        Say returned tells them."""
        today = self._local_today(actor)
        async with self._db.read() as session:
            client = await visible_client(session, actor, int(data["client_id"]))
        if client is None:
            return Say("error.client_not_found")
        on_file = client.created_at.astimezone(ZoneInfo(actor.timezone)).date()
        problem = (
            Say("complaint.received_future", {"date": day}) if day > today else
            Say("complaint.received_before_client", {"date": day, "client": client.name,
                                                     "client_id": client.id,
                                                     "since": on_file}) if day < on_file else
            Say("complaint.received_too_old", {"date": day, "days": OLDEST_COMPLAINT_DAYS})
            if (today - day).days > OLDEST_COMPLAINT_DAYS else None
        )  # fmt: skip
        if problem is not None:
            return problem
        # A past day counts from its noon, as a complaint told at a visit does; today from now.
        now = self._clock.now().astimezone(ZoneInfo(actor.timezone))
        at = now.strftime("%H:%M") if day == today else None
        data.update(received_on=day.isoformat(), received_time=at, received_set=True)
        received = _received_at(data, actor.timezone) or self._clock.now()
        deadlines = self._policy.complaints.deadlines(
            received, Severity(data["severity"]), timezone=actor.timezone,
            calendar=self._policy.calendar(),
        )  # fmt: skip
        return Say("complaint.received_on_set", {
            "date": day, "first_response_due": deadlines.first_response_due,
            "resolution_due": deadlines.resolution_due, "estimated": deadlines.estimated,
        })  # fmt: skip

    async def save(self, actor: Actor, state: FlowState) -> Outcome:
        data = state.data
        now = self._clock.now()
        received = _received_at(data, actor.timezone) or now
        if data.get("ticket_id"):  # a saved ticket corrected: the same row, written again

            async def correct(uow: UnitOfWork) -> Outcome:
                return await save_correction(uow, actor, data, state.token, policy=self._policy,
                                             received=received, now=now,
                                             race_point=self._db.race_point)  # fmt: skip

            return await save_once(
                self._db,
                saved_id(Complaint.id, Complaint.draft_id, state.token),
                correct,
                lambda done: Outcome.of(Say("complaint.saved_again", {"id": done})),
            )
        severity = Severity(data["severity"])
        deadlines = self._policy.complaints.deadlines(
            received, severity, timezone=actor.timezone, calendar=self._policy.calendar()
        )
        # Told to the manager at an earlier visit (its day not set by hand, nor a call's): the
        # client was met when it was received, so the first contact is made. Its deadline
        # passed since is no alarm; the resolution deadline, from that day, is the real one.
        met = received if data.get("received_on") and not data.get("received_set") else None

        async def write(uow: UnitOfWork) -> Outcome:
            client = await visible_client(uow.session, actor, int(data["client_id"]))
            if client is None:
                return Outcome.of(Say("error.client_not_found"))
            ticket = Complaint(
                draft_id=state.token, client_id=client.id, owner_id=client.owner_id,
                recorded_by_id=actor.user_id, received_by=data.get("received_by"),
                category=data["category"], severity=severity.value,
                description=data["description"], status="responded" if met else "open",
                received_at=received, responded_at=met,
                first_response_due=deadlines.first_response_due,
                resolution_due=deadlines.resolution_due,
                deadlines_estimated=deadlines.estimated, created_at=now, updated_at=now,
            )  # fmt: skip
            uow.session.add(ticket)
            await uow.session.flush()
            uow.audit(actor_id=actor.user_id, action="create", entity="complaint", entity_id=ticket.id,
                      at=now, after={"client_id": client.id, "severity": severity.value,
                                     "category": ticket.category, "status": ticket.status})  # fmt: skip
            await drop_flow(uow.session, actor.user_id, state.token)
            alerts = await self._supervisor_alerts(uow.session, client, ticket, severity, now)
            uow.session.add_all(alerts)
            await uow.commit()
            params = {"id": ticket.id, "first_response_due": deadlines.first_response_due,
                      "resolution_due": deadlines.resolution_due, "estimated": deadlines.estimated}  # fmt: skip
            if met is not None:
                saved = Say("complaint.saved_met", {**params, "met_on": met.date()})
                late = (
                    (Say("complaint.resolution_due_passed"),)
                    if deadlines.resolution_due < now
                    else ()
                )
                return Outcome(says=(saved, *late), outbox=bool(alerts))
            late = (
                (Say("complaint.first_due_passed"),) if deadlines.first_response_due < now else ()
            )  # a call days ago the day was set to: the first contact is already due
            return Outcome(says=(Say("complaint.saved", params), *late), outbox=bool(alerts))

        return await save_once(
            self._db,
            saved_id(Complaint.id, Complaint.draft_id, state.token),
            write,
            lambda done: Outcome.of(Say("complaint.saved_again", {"id": done})),
        )

    async def _supervisor_alerts(
        self, session: Any, client: Client, ticket: Complaint, severity: Severity, now: datetime
    ) -> list[Reminder]:
        """The team's supervisors are alerted through the outbox, in this same transaction."""
        if not self._policy.complaints.supervisor_notified(severity):
            return []
        sups = await _team_supervisors(session, client.owner_id)
        return alert_rows(ticket.id, client.id, ticket.recorded_by_id,
                          [(s.id, s.blocked_bot) for s in sups], now)  # fmt: skip

    # ------------------------------------------------------------ the ticket's life

    async def open_tickets(
        self, actor: Actor, limit: int = 20, *, client_id: int | None = None
    ) -> list[TicketView]:
        """Tickets not yet closed (open, responded, resolved awaiting a score), most urgent first;
        at most `limit` of them (`count_open_tickets` says how many there are)."""
        next_due = case(
            (Complaint.status == "open", Complaint.first_response_due),
            (Complaint.status == "responded", Complaint.resolution_due),
            else_=None,
        )
        where = [visible_clients(actor), Complaint.status.in_(OPEN_STATES)]
        if client_id is not None:
            where.append(Complaint.client_id == client_id)
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(
                        Complaint,
                        Client.name,
                        Client.aliases,
                        User.name,
                        next_due.label("next_due"),
                    )
                    .join(Client, Client.id == Complaint.client_id)
                    .join(User, User.id == Complaint.owner_id)
                    .where(*where)
                    .order_by(next_due.is_(None), next_due, Complaint.id)
                    .limit(limit)
                )
            ).all()
        now = self._clock.now()
        return [
            _view(
                c, client, aliases, owner, self._callback_due(c, actor) if nd is None else nd, now
            )
            for c, client, aliases, owner, nd in rows
        ]

    def _callback_due(self, ticket: Complaint, actor: Actor) -> datetime | None:
        """A resolved ticket's next deadline: its follow-up call (handbook Art. 32)."""
        if ticket.status != "resolved" or ticket.resolved_at is None:
            return None
        return self._policy.complaints.callback_due(
            ticket.resolved_at, timezone=actor.timezone, calendar=self._workdays
        )

    async def count_open_tickets(self, actor: Actor, *, client_id: int | None = None) -> int:
        """How many tickets `open_tickets` would list without its limit."""
        where = [visible_clients(actor), Complaint.status.in_(OPEN_STATES)]
        if client_id is not None:
            where.append(Complaint.client_id == client_id)
        async with self._db.read() as session:
            total = await session.scalar(
                select(func.count())
                .select_from(Complaint)
                .join(Client, Client.id == Complaint.client_id)
                .where(*where)
            )
        return int(total or 0)

    async def listing(
        self, actor: Actor, client_query: str | None = None, *, late_only: bool = False
    ) -> TicketListing:
        """/complaints [NAME]: the tickets not closed, of the one client NAME names when given
        (NotFound when it names none the actor may see: not someone else's list, not "none");
        `late_only`: those past their deadline alone."""
        client: tuple[int, str, str | None] | None = None
        if client_query:
            visible = await self._visible_clients(actor)
            choice = find_client(client_query, keyed(visible))
            if choice.sure is None:
                raise NotFound("error.no_client_named", query=client_query[:50])
            aliases = next(a for cid, _, a in visible if cid == choice.sure.id)
            client = (choice.sure.id, choice.sure.name, english_name(aliases))
        client_id = client[0] if client else None
        total = await self.count_open_tickets(actor, client_id=client_id)
        if late_only:
            # Most urgent first: the late ones lead every ticket with a deadline.
            every = await self.open_tickets(actor, limit=max(total, 1), client_id=client_id)
            late = [tk for tk in every if tk.hours_left is not None and tk.hours_left < 0]
            return TicketListing(tuple(late[:20]), len(late), client[1] if client else None,
                                 client[2] if client else None, late_only=True,
                                 open_total=total)  # fmt: skip
        tickets = await self.open_tickets(actor, client_id=client_id)
        if client is None:
            return TicketListing(tuple(tickets), total, None, open_total=total)
        return TicketListing(tuple(tickets), total, client[1], client[2], open_total=total)

    async def ticket(self, actor: Actor, ticket_id: int) -> TicketView | None:
        async with self._db.read() as session:
            row = (
                await session.execute(
                    select(Complaint, Client.name, Client.aliases, User.name)
                    .join(Client, Client.id == Complaint.client_id)
                    .join(User, User.id == Complaint.owner_id)
                    .where(Complaint.id == ticket_id, visible_clients(actor))
                )
            ).one_or_none()
        if row is None:
            return None
        c, client, aliases, owner = row
        due = {"open": c.first_response_due, "resolved": self._callback_due(c, actor),
               "closed": None}  # fmt: skip
        return _view(c, client, aliases, owner, due.get(c.status, c.resolution_due),
                     self._clock.now())  # fmt: skip

    async def already_saved(self, token: str) -> int | None:
        """The ticket a confirmed draft (new or a correction) became, if it was saved."""
        async with self._db.read() as session:
            found: int | None = await saved_id(Complaint.id, Complaint.draft_id, token)(session)
            return found

    async def start_edit(self, actor: Actor, ticket_id: int) -> Outcome:
        """The ticket's ✏️ button: its fields as a draft card to correct (nothing changes until
        the card's Confirm); refused when the actor may not see it, or it is closed."""
        async with self._db.read() as session:
            ticket = (await session.execute(ticket_query(actor, ticket_id))).scalar_one_or_none()
            client = await session.get(Client, ticket.client_id) if ticket else None
        if ticket is None or client is None:
            return Outcome.of(Say("error.not_found"))
        if (refused := edit_refused(ticket, self._clock.now())) is not None:
            return Outcome.of(refused)
        data = draft_of(ticket, client.name, actor.timezone)
        data["step"] = "edit_menu"
        state = FlowState(actor.user_id, "complaint", "", new_token(), data, self._clock.now())
        return await self._advance(state)

    async def _confirm_resolution(self, actor: Actor, state: FlowState, text: str) -> Outcome:
        """The resolution typed: shown with the ticket, to confirm before the ticket changes."""
        view = await self.ticket(actor, int(state.data["ticket_id"]))
        if view is None or view.status not in ("open", "responded"):
            await self._flows.drop(actor.user_id)
            return Outcome.of(Say("button.stale"))
        state.data.update(resolution=text, client_name=view.client_name)
        state.step = "resolve_confirm"
        await self._flows.save(state)
        return Outcome.of(*self.prompt(state))

    async def act(self, actor: Actor, ticket_id: int, action: str) -> Outcome:
        """Button on a ticket: respond, resolve (asks for the resolution), or a satisfaction score."""
        now = self._clock.now()
        ask_resolution = False
        reopened: datetime | None = None  # the new resolution deadline when a score reopened it
        async with self._db.write() as uow:
            # The row is locked until commit, so a second tap waits and then sees the new status.
            ticket = (
                await uow.session.execute(
                    select(Complaint)
                    .join(Client, Client.id == Complaint.client_id)
                    .where(Complaint.id == ticket_id, visible_clients(actor))
                    .with_for_update(of=Complaint)
                )
            ).scalar_one_or_none()
            if ticket is None:
                return Outcome.of(Say("error.not_found"))
            await self._db.race_point("complaint.act")
            before = {"status": ticket.status}
            score = int(action[5:]) if action.startswith("score") and action[5:].isdigit() else 0
            if action == "respond" and ticket.status == "open":
                ticket.status, ticket.responded_at = "responded", now
            elif action == "resolve" and ticket.status in ("open", "responded"):
                ask_resolution = True
            elif 1 <= score <= 5 and ticket.status == "resolved":
                ticket.satisfaction = score
                if self._policy.complaints.reopens(score):
                    reopened = await self._reopen(uow, actor, ticket, score, now)
                else:
                    ticket.status, ticket.closed_at = "closed", now
            else:
                return Outcome.of(
                    Say("complaint.already", {"id": ticket.id, "status": ticket.status})
                )
            if not ask_resolution:
                ticket.updated_at = now
                uow.audit(
                    actor_id=actor.user_id,
                    action=action,
                    entity="complaint",
                    entity_id=ticket.id,
                    at=now,
                    before=before,
                    after={"status": ticket.status, "satisfaction": ticket.satisfaction,
                           **({"resolution_due": reopened.isoformat()} if reopened else {})},
                )  # fmt: skip
                await uow.commit()
            status = ticket.status
        if ask_resolution:
            # The resolution is typed next; the ticket changes only when it arrives.
            state = FlowState(
                actor.user_id, "complaint", "resolution", new_token(), {"ticket_id": ticket_id}, now
            )
            await self._flows.save(state)
            return Outcome.of(
                Say(
                    "complaint.ask_resolution",
                    {"id": ticket_id},
                    token=state.token,
                    choices=((Choice("cancel", key="button.cancel"),),),
                )
            )
        if reopened is not None:
            return Outcome(
                says=(Say("complaint.now_reopened",
                          {"id": ticket_id, "score": score, "resolution_due": reopened}),),
                outbox=True,
            )  # fmt: skip
        if status == "closed":  # its record can still be put right for a while (complaint_edits)
            return Outcome.of(Say("complaint.now_closed", {"id": ticket_id}, token=f"t{ticket_id}",
                                  choices=((Choice("edit", key="complaints.edit"),),)))  # fmt: skip
        return Outcome.of(Say(f"complaint.now_{status}", {"id": ticket_id}))

    async def _reopen(
        self, uow: UnitOfWork, actor: Actor, ticket: Complaint, score: int, now: datetime
    ) -> datetime:
        """A low follow-up score reopens the ticket (handbook Art. 33): handled again by a new
        deadline counted from now as for a new complaint of its severity, under the team's
        supervisors, who are told through the outbox in this transaction. Returns the deadline."""
        deadlines = self._policy.complaints.deadlines(
            now, Severity(ticket.severity), timezone=actor.timezone, calendar=self._workdays
        )
        ticket.status, ticket.resolved_at = "responded", None
        ticket.resolution_due = deadlines.resolution_due
        ticket.deadlines_estimated = deadlines.estimated
        ticket.reopened = (ticket.reopened or 0) + 1
        sups = await _team_supervisors(uow.session, ticket.owner_id)
        params = {"score": score, "round": ticket.reopened,
                  "resolution_due": deadlines.resolution_due.isoformat()}  # fmt: skip
        others = [s.id for s in sups if s.id != actor.user_id]
        uow.session.add_all(
            reopened_rows(ticket.id, ticket.client_id, ticket.reopened, others, params, now)
        )
        return deadlines.resolution_due

    async def _resolve(self, actor: Actor, state: FlowState, resolution: str) -> Outcome:
        now = self._clock.now()
        ticket_id = int(state.data["ticket_id"])
        async with self._db.write() as uow:
            ticket = (
                await uow.session.execute(
                    select(Complaint).join(Client, Client.id == Complaint.client_id)
                    .where(Complaint.id == ticket_id, visible_clients(actor))
                    .with_for_update(of=Complaint)
                )
            ).scalar_one_or_none()  # fmt: skip
            from sqlalchemy import delete

            from services.storage.models import Flow

            await uow.session.execute(delete(Flow).where(Flow.user_id == actor.user_id))
            if ticket is None or ticket.status not in ("open", "responded"):
                await uow.commit()
                return Outcome.of(Say("button.stale"))
            before = {"status": ticket.status}
            ticket.status, ticket.resolved_at, ticket.resolution = "resolved", now, resolution
            ticket.responded_at = ticket.responded_at or now
            ticket.updated_at = now
            uow.audit(actor_id=actor.user_id, action="resolve", entity="complaint", entity_id=ticket.id,
                      at=now, before=before, after={"status": "resolved", "resolution": resolution})  # fmt: skip
            await uow.commit()
        # One score a row: each button says what its number means ("5 · 很满意").
        scores = tuple((Choice(f"score{n}", key=f"complaint.score.{n}"),) for n in range(1, 6))
        return Outcome.of(
            Say(
                "complaint.now_resolved",
                {"id": ticket_id},
                choices=scores,
                token=f"t{ticket_id}",
            )
        )


def _view(
    c: Complaint,
    client: str,
    aliases: list[str] | None,
    owner: str,
    next_due: datetime | None,
    now: datetime | None = None,
) -> TicketView:
    hours_left = (next_due - now).total_seconds() / 3600 if next_due and now else None
    return TicketView(
        id=c.id, client_name=client, owner_name=owner, category=c.category, severity=c.severity,
        status=c.status, description=c.description, received_at=c.received_at,
        first_response_due=c.first_response_due, resolution_due=c.resolution_due,
        estimated=c.deadlines_estimated, next_due=next_due, resolution=c.resolution,
        satisfaction=c.satisfaction, hours_left=hours_left, reopened=c.reopened or 0,
        client_en=english_name(aliases or []),
    )  # fmt: skip


async def _team_supervisors(session: Any, owner_id: int) -> list[User]:
    """The active supervisors of the team of the client's owner (none when they have no team)."""
    owner = await session.get(User, owner_id)
    if owner is None or owner.team_id is None:
        return []
    found = await session.execute(
        select(User).where(
            User.team_id == owner.team_id,
            User.role == Role.SUPERVISOR.value,
            User.active.is_(True),
        )
    )
    return list(found.scalars().all())


def _received_at(data: dict[str, Any], timezone: str) -> datetime | None:
    """When a complaint told in a report of an earlier visit was received: that day, at the
    visit's clock time when the report gives one, else at noon (its deadlines count days)."""
    if not data.get("received_on"):
        return None
    at = data.get("received_time") or ""
    clock = time.fromisoformat(at) if re.fullmatch(r"[0-2][0-9]:[0-5][0-9]", at) else time(12)
    day = datetime.fromisoformat(str(data["received_on"])).date()
    return datetime.combine(day, clock, tzinfo=ZoneInfo(timezone))
