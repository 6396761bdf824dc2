"""Routes what the user types, taps or shares to the conversation in progress, whatever its kind."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import replace
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from services.ask import AskService, card_fact_asked
from services.assistant.drafting import Drafter
from services.clock import Clock
from services.complaint_words import (
    looks_like_complaint,
    tells_called_in_complaint,
    tells_new_complaint,
)
from services.complaints import ComplaintService, TicketView
from services.contacts import ContactService
from services.corrections import read_corrections, says_cancel
from services.domain import Actor, record_id
from services.draft_store import FlowState, FlowStore, new_token
from services.language import message_language
from services.outcome import Choice, Outcome, Say, clip_heard, revised_away, say_to_json
from services.reminders.kinds import Kind
from services.reminders.rows import draft_notice
from services.reminders.service import ReminderService
from services.reminders.task_flow import TaskFlow
from services.reminders.tasks import AskedReminder
from services.update_ledger import handled_before, stamped_by
from services.visits.parser import (
    asks_something,
    asks_the_bot,
    ends_as_question,
    looks_like_visit_report,
)
from services.visits.service import VisitService
from services.visits.text import tells_more_than_a_word

# The steps that wait for a client's name, a date, a tap or a correction: a question typed there is
# a question, not the answer. (A summary or a description may well hold a question.)
ASIDE_STEPS = {
    "visit": ("client", "when", "kind", "people", "follow_up", "confirm", "edit_menu"),
    "complaint": ("client", "category", "severity", "received_by", "confirm", "edit_menu"),
    # A business card waiting for its client: a question is no client's name to search for.
    "card": ("client", "confirm"),
}
# The steps that wait for free text (what was discussed, what the client complains of): a question
# typed there may be either, so it is answered and a button keeps it as the step's text.
TEXT_STEPS = {"visit": "summary", "complaint": "description"}
# Free text awaited too, not a report's: what was done to resolve a ticket ("处理结果").
RESOLUTION = ("complaint", "resolution")
ASIDE_LIMIT = 1000  # characters of a question kept on the draft for its "use as text" button


# The steps of an unfinished draft where a whole visit report is no answer (the client, the day,
# the kind): it is the next report, typed before this draft was done.
UNFINISHED_STEPS = {
    "visit": ("client", "when", "kind"),
    "complaint": ("client", "category", "severity", "received_by"),
}


def _another_report(state: FlowState, text: str) -> str | None:
    """What a message typed on a draft's card reports anew ("visit" or "complaint"), when it is
    no correction of the card, or a whole visit report typed at a step waiting for a name, a day
    or a tap; None when it is none (then the step reads it)."""
    if state.kind == "card":  # a card waiting for its client: a visit report is no client's name
        return "visit" if state.step == "client" and looks_like_visit_report(text) else None
    if state.kind not in TEXT_STEPS:
        return None
    if state.step in UNFINISHED_STEPS[state.kind]:
        if tells_called_in_complaint(text):  # "宁波银行来电说专线断了": a complaint, not a visit
            return "complaint"
        if state.kind == "complaint" and state.step != "client" and looks_like_complaint(text):
            # "他们说客服经理三次没回电话，很不满意" at 类别: this complaint's description, kept
            # by the step, not a visit report ("回电话" notwithstanding).
            return None
        return "visit" if looks_like_visit_report(text) else None
    if state.step != "confirm" or read_corrections(text):
        return None
    if tells_called_in_complaint(text):
        return "complaint"
    if looks_like_visit_report(text):
        return "visit"
    return "complaint" if looks_like_complaint(text) else None


def _takes_text(state: FlowState) -> bool:
    """Whether the draft's step waits for free text: a report's, or a ticket's resolution."""
    return state.step == TEXT_STEPS.get(state.kind) or (state.kind, state.step) == RESOLUTION


class Conversations:
    def __init__(self, store: FlowStore, visits: VisitService, complaints: ComplaintService,
                 clock: Clock, cards: ContactService | None = None,
                 drafts: Drafter | None = None,
                 reminders: ReminderService | None = None,
                 ask: AskService | None = None) -> None:  # fmt: skip
        self.store = store
        self._ask = ask
        self.tasks = TaskFlow(store, clock, reminders) if reminders is not None else None
        self.drafts = drafts
        self.cards = cards
        self.visits = visits
        self.complaints = complaints
        self._clock = clock

    async def on_text(self, actor: Actor, text: str) -> Outcome | None:
        """The step's answer, or None when no conversation is in progress."""
        state = await self.store.get(actor.user_id)
        if state is None:
            return None
        if (again := await self._taken_already(actor, state)) is not None:
            return again
        state.data.pop("aside", None)  # a question kept for a button: the step is answered now
        lang = state.data.get("lang")  # a draft speaks its report's language to the end
        if says_cancel(text):  # "算了，取消" typed: what ❌ does, not "which field to change?"
            return (await self._on_choice(actor, state, state.token, "cancel")).speaking(lang)
        if (what := _another_report(state, text)) is not None:
            # Asked in the new report's language: the user has just written in it.
            return (await self._offer_next(state, text, what)).speaking(
                message_language(text, lang or actor.language.value) or lang
            )
        if (
            state.kind == "complaint"
            and state.step in ("category", "severity", "received_by")
            and tells_more_than_a_word(text)
            and await self.complaints.names_another_client(actor, state, text)
        ):
            # Another client's complaint told at this one's step: not this one's description.
            return (await self._offer_next(state, text, "complaint")).speaking(
                message_language(text, lang or actor.language.value) or lang
            )
        if state.kind == "visit":
            return (await self.visits.on_text(actor, state, text)).speaking(lang)
        if state.kind == "complaint":
            return (await self.complaints.on_text(actor, state, text)).speaking(lang)
        if state.kind == "card" and self.cards is not None:
            return await self.cards.on_text(actor, state, text)
        if (
            state.kind == "task"
            and state.step in ("when", "client")
            and self.tasks is not None
            and self.tasks.asked(actor, text) is None  # "提醒我…" again: a new one, afresh
        ):
            return (await self.tasks.on_text(actor, state, text)).speaking(lang)
        if state.kind == "task" and state.step == "confirm":
            # A reminder's card waiting for its tap: kept while something else is asked (an
            # export, a question); its ✅ still sets it (it said "this button no longer applies").
            return None
        # An offer to log a visit that was not answered: the new message starts afresh.
        await self.store.drop(actor.user_id)
        return None

    async def aside(self, actor: Actor, text: str) -> Outcome | None:
        """When the text is a question typed at a step that waits for a name, a date or a tap
        ("紧急投诉多久要解决？" at "which client?"): what the draft still waits for (its step's
        question again), to say after the question is answered; None when the step takes the
        text. The draft is not touched."""
        state = await self.store.get(actor.user_id)
        if state is None:
            return None
        if _takes_text(state) and len(text) <= ASIDE_LIMIT:
            return await self._text_aside(actor, state, text)
        if state.step not in ASIDE_STEPS.get(state.kind, ()):
            return None
        on_card = state.step in ("confirm", "edit_menu")  # a correction may name what to ask
        asked = ends_as_question(text) or (
            # "华润的联系人" typed on a card: a question about that client, no correction
            card_fact_asked(text) is not None and not read_corrections(text)
        )
        if not (asks_something(text) if not on_card else asked):
            return None
        lead = Say(f"flow.still_waiting_{state.kind}")
        return Outcome.of(lead, *await self.resume_prompt(actor, state)).speaking(
            state.data.get("lang")
        )

    async def _text_aside(self, actor: Actor, state: FlowState, text: str) -> Outcome | None:
        """A question typed where a summary, a description or a ticket's resolution is awaited
        ("信誉较差的客户多久要走访一次？" at "谈了什么？", "重大投诉多久要解决？" at "请写下处理结
        果"): the step's question again, with a button that takes the question as the step's
        text after all (kept on the draft until the step is answered)."""
        if not asks_the_bot(text):
            return None
        state.data["aside"] = text
        await self.store.save(state)
        *says, last = await self.resume_prompt(actor, state)
        what = "resolution" if (state.kind, state.step) == RESOLUTION else state.kind
        keep = (Choice("aside", key=f"flow.use_aside_{what}"),)
        last = replace(last, choices=(keep, *last.choices))
        lead = Say(f"flow.still_waiting_{what}")
        return Outcome.of(lead, *says, last).speaking(state.data.get("lang"))

    async def _taken_already(self, actor: Actor, state: FlowState) -> Outcome | None:
        """The message or tap handled again after the bot died mid-way took its step before it
        died (the draft carries its mark): the step it led to is asked, not taken again (a date
        typed at "when?" must not become the next step's answer, nor a report a second draft)."""
        if not handled_before(state.data):
            return None
        says = await self.resume_prompt(actor, state)
        if not says:
            return None
        # Not "the bot restarted": it may have (killed mid-way), or Telegram may have failed to
        # take the reply (the update handed back); either way this message was handled again.
        lead = Say(f"flow.again_{state.kind}")
        return Outcome.of(lead, *says).speaking(state.data.get("lang"))

    async def on_choice(
        self, actor: Actor, token: str, value: str, *, revision: str | None = None
    ) -> Outcome:
        """A button of a draft's message; `revision`: of the card it was pressed on. A Confirm
        on a card the draft has changed from since (a correction typed after it, the card shown
        again below) saves nothing: the card as it is now is shown, to be confirmed."""
        state = await self.store.get(actor.user_id)
        if state is not None and (again := await self._taken_already(actor, state)) is not None:
            return again
        if state is not None and state.token == token and value == "ok" and revision is not None:
            now = await self.resume_prompt(actor, state)
            if revised_away(now, revision):
                lang = state.data.get("lang")
                return Outcome(says=(Say("drafts.card_changed"), *now)).speaking(lang)
        if state is not None and state.token == token:
            later = state.data.get("later")
            done = (await self._on_choice(actor, state, token, value)).speaking(
                state.data.get("lang")
            )
            if isinstance(later, list) and later:
                return await self._then_later(actor, token, later, done)
            return done
        return await self._on_choice(actor, state, token, value)

    async def _then_later(
        self, actor: Actor, token: str, later: list[Any], done: Outcome
    ) -> Outcome:
        """The reports typed on this draft and kept for later (↩️ 返回 on "a new report?"): once
        the draft is saved or dropped, the first is offered, the rest kept with the offer (or
        with the draft that took its place); while the draft goes on, they stay on it."""
        now = await self.store.get(actor.user_id)
        if now is not None and now.token == token:
            return done  # the same draft goes on: they are still on it
        if now is not None and now.kind in (*TEXT_STEPS, "card", "offer"):
            # The draft that took its place (the report typed next) keeps them in turn.
            now.data["later"] = [*later, *(now.data.get("later") or [])]
            await self.store.save(now)
            return done
        first, rest = later[0], later[1:]
        offered = await self._offer(actor, str(first.get("text") or ""),
                                    str(first.get("what") or "visit"), None)  # fmt: skip
        if rest:
            offer = await self.store.get(actor.user_id)
            if offer is not None:
                offer.data["later"] = rest
                await self.store.save(offer)
        lead = (Say("flow.later_offered", {"text": str(first.get("text") or "")[:300]}),)
        return Outcome(says=(*done.says, *lead, *offered.says), outbox=done.outbox,
                       lang=done.lang)  # fmt: skip

    async def _on_choice(
        self, actor: Actor, state: FlowState | None, token: str, value: str
    ) -> Outcome:
        if state is None or state.token != token:
            if value == "ok":
                saved = await self.visits.already_saved(token)
                if saved is not None:
                    return Outcome.of(Say("visit.saved", {"id": saved, "edited": ""}))
                contact = await self.cards.already_saved(token) if self.cards else None
                if contact is not None:
                    key = "contact.updated" if contact.pop("updated") else "contact.saved"
                    return Outcome.of(Say(key, contact))
                ticket = await self.complaints.already_saved(token)
                if ticket is not None:  # a ticket filed or corrected: said, not written again
                    return Outcome.of(Say("complaint.saved_again", {"id": ticket}))
                task = await self.tasks.already_saved(actor, token) if self.tasks else None
                if task is not None:  # a reminder set: said again, not set twice
                    return task
            return Outcome.of(Say("button.stale"))
        if value == "cancel":
            await self.store.drop(actor.user_id)
            if state.kind == "card" and self.cards is not None:  # the next card waiting, if any
                following = await self.cards.next_card(actor, state)
                return Outcome(says=(Say("cancel.done"), *following.says))
            return Outcome.of(Say("cancel.done"))
        if value == "aside":
            # The question typed at "谈了什么？" was the summary after all: the step takes it.
            aside = state.data.pop("aside", None)
            if not aside or not _takes_text(state):
                return Outcome.of(Say("button.stale"))
            if state.kind == "visit":
                return await self.visits.on_text(actor, state, str(aside))
            return await self.complaints.on_text(actor, state, str(aside))
        if state.kind == "offer":
            await self.store.drop(actor.user_id)
            heard = state.data.get("heard")
            text, words = str(state.data.get("text", "")), str(heard) if heard else None
            if value.startswith("respond:") and (ticket_id := record_id(value[8:])) is not None:
                # The ticket's client contacted: marked as a tap on the ticket does (access and
                # status are checked again there).
                return await self.complaints.act(actor, ticket_id, "respond")
            if value == "complaint" or (value == "yes" and state.data.get("what") == "complaint"):
                if self.drafts is not None:  # the model reads it when one is configured
                    return await self.drafts.complaint(actor, text, heard=words)
                return await self.complaints.start(actor, text, heard=words)
            if value == "yes":
                if self.drafts is not None:
                    started = await self.drafts.visit(actor, text, heard=words)
                else:
                    started = await self.visits.start(actor, text, heard=words)
                if state.data.get("complaint_too"):
                    await self._complaint_next(actor, text, words)
                return started
            return Outcome.of(Say("offer.declined"))
        if state.kind == "task" and self.tasks is not None:
            return await self.tasks.on_choice(actor, state, value)
        if value in ("next:save", "next:drop", "next:back") and state.kind in (*TEXT_STEPS, "card"):
            return await self._next_report(actor, state, value)
        if state.kind == "visit":
            then = state.data.get("complaint_next")
            done = await self.visits.on_choice(actor, state, value)
            if then and done.says and done.says[0].key == "visit.saved":
                heard = then.get("heard")
                offered = await self._offer(actor, str(then["text"]), "complaint",
                                            str(heard) if heard else None)  # fmt: skip
                return Outcome(says=(*done.says, *offered.says), outbox=done.outbox)
            return done
        if state.kind == "card" and self.cards is not None:
            return await self.cards.on_choice(actor, state, value)
        return await self.complaints.on_choice(actor, state, value)

    async def spoken_report(self, actor: Actor, what: str, text: str, heard: str | None) -> Outcome:
        """A report asked for by name ("投诉，…" or "走访记录，…" said in a voice note): its draft,
        or, while another draft waits, offered after that one as a typed report is (it replaced
        the waiting draft, unsaved and unsaid)."""
        state = await self.store.get(actor.user_id)
        if state is not None and (again := await self._taken_already(actor, state)) is not None:
            return again
        if state is not None and state.kind in (*TEXT_STEPS, "card"):
            return await self._offer_next(state, text, what)
        if what == "complaint":
            if self.drafts is not None:
                return await self.drafts.complaint(actor, text, heard=heard)
            return await self.complaints.start(actor, text, heard=heard)
        if self.drafts is not None:
            return await self.drafts.visit(actor, text, heard=heard)
        return await self.visits.start(actor, text, heard=heard)

    async def report_command(self, actor: Actor, what: str, text: str) -> Outcome:
        """/visit TEXT or /complaint TEXT (`what`): the draft, or offered after the one waiting.
        A colleague's client it names is refused (NotFound) as the same words typed without the
        command are, before anything starts: "/complaint Bank of Jiangsu: …" of another manager's
        bank offered one's own Bank of Communications to pick."""
        if text.strip() and self._ask is not None:
            await self._ask.refuse_hidden_client_in_report(actor, text)
        outcome = await self.commanded_report(actor, what, text)
        if outcome is not None:
            return outcome
        if what == "visit":
            return await self.start_visit(actor, text)
        return await self.start_complaint(actor, text)

    async def commanded_report(self, actor: Actor, what: str, text: str) -> Outcome | None:
        """/visit TEXT or /complaint TEXT typed while another draft waits (its 确认, or a step):
        offered after that one as a typed report is (save / drop / back), never replacing it
        unasked; None when no draft waits or the command brings no report (it starts afresh)."""
        state = await self.store.get(actor.user_id)
        if state is not None and (again := await self._taken_already(actor, state)) is not None:
            return again
        if state is None or state.kind not in (*TEXT_STEPS, "card") or not text.strip():
            return None
        lang = state.data.get("lang")
        return (await self._offer_next(state, text, what)).speaking(
            message_language(text, lang or actor.language.value) or lang
        )

    async def _offer_next(self, state: FlowState, text: str, what: str) -> Outcome:
        """A new report typed while this draft's card waits (the next visit, or a complaint, told
        between two): kept on the draft and offered once this one is saved or dropped; never lost
        to "没看懂要改哪一项", never saved without the tap."""
        state.data["next_report"] = {"text": text, "what": what}
        if later := state.data.get("later"):  # the one kept for later, typed again: now, once
            state.data["later"] = [r for r in later if r.get("text") != text]
        await self.store.save(state)
        params = {"what": what, "kind": state.kind, "client": state.data.get("client_name") or "",
                  "client_id": state.data.get("client_id")}  # fmt: skip
        drop = (Choice("next:drop", key="flow.drop_and_next"),)
        back = (Choice("next:back", key="button.back"),)
        if state.step != "confirm" or state.kind == "card":  # nothing to save from here
            return Outcome.of(Say("flow.another_report_unfinished", params, token=state.token,
                                  choices=(drop, back)))  # fmt: skip
        return Outcome.of(
            Say("flow.another_report", params, token=state.token,
                choices=((Choice("next:save", key="flow.save_and_next"),), drop, back))
        )  # fmt: skip

    async def _next_report(self, actor: Actor, state: FlowState, value: str) -> Outcome:
        """The report typed on a waiting card: this draft saved (or dropped, or kept: the card
        again), then the new one drafted as a typed report is."""
        kept = state.data.pop("next_report", None)
        if not isinstance(kept, dict) or (value == "next:save" and state.step != "confirm"):
            return Outcome.of(Say("button.stale"))
        if value == "next:back":
            # This draft first; the report typed is kept, offered once this one is saved or
            # dropped (never lost to the ↩️).
            state.data["later"] = [*(state.data.get("later") or []), kept]
            await self.store.save(state)
            lead = Say("flow.kept_for_later", {"what": kept.get("what") or "visit"})
            return Outcome.of(lead, *await self.resume_prompt(actor, state))
        if value == "next:save":
            service = self.visits if state.kind == "visit" else self.complaints
            done = await service.save(actor, state)
            if not done.says or done.says[0].key not in ("visit.saved", "complaint.saved"):
                return done  # not saved (the client is no longer one's own): said, nothing new
        else:
            await self.store.drop(actor.user_id)
            done = Outcome.of(Say("cancel.done"))
        text = str(kept.get("text") or "")
        if kept.get("what") == "complaint":
            started = await (self.drafts.complaint(actor, text) if self.drafts is not None
                             else self.complaints.start(actor, text))  # fmt: skip
        else:  # as /visit with the report: a complaint it tells of is offered once it is saved
            started = await self.start_visit(actor, text)
        return Outcome(says=(*done.says, *started.says), outbox=done.outbox, lang=started.lang)

    async def start_visit(
        self,
        actor: Actor,
        text: str,
        *,
        heard: str | None = None,
        model: bool = True,
        client_id: int | None = None,
    ) -> Outcome:
        """/visit with or without a report, or a report naming its client surely: the draft (read
        by the model when one is configured); a report telling of a new complaint about the
        client it names offers filing it once the visit is saved, as a plain message's offer does.
        A voice note's words (`heard`) go onto the card; `model` False: the rules read it (the
        model just failed this turn). `client_id`: the client of the card the report replies to
        (the rules read a report so told)."""
        if self.drafts is not None and model and client_id is None:
            started = await self.drafts.visit(actor, text, heard=heard)
        else:
            started = await self.visits.start(actor, text, heard=heard, client_id=client_id)
        if text and tells_new_complaint(text):
            state = await self.store.get(actor.user_id)
            if state is not None and state.kind == "visit" and state.data.get("client_id"):
                await self._complaint_next(actor, text, heard)
        return started

    async def start_complaint(
        self, actor: Actor, text: str, *, heard: str | None = None, model: bool = True
    ) -> Outcome:
        """A complaint told in words about a client it surely names: its draft (read by the
        model when one is configured and `model`), nothing filed before 确认."""
        if self.drafts is not None and model:
            return await self.drafts.complaint(actor, text, heard=heard)
        return await self.complaints.start(actor, text, heard=heard)

    async def _complaint_next(self, actor: Actor, text: str, heard: str | None) -> None:
        """Keep on the visit draft just started the report's words, to offer filing the complaint
        they tell of once the visit is saved."""
        state = await self.store.get(actor.user_id)
        if state is not None and state.kind == "visit":
            state.data["complaint_next"] = {"text": text, "heard": heard}
            await self.store.save(state)

    def local_today(self, actor: Actor) -> date:
        """The user's day, by the injected clock in the user's time zone."""
        return self._clock.now().astimezone(ZoneInfo(actor.timezone)).date()

    async def on_location(self, actor: Actor, latitude: float, longitude: float) -> Outcome | None:
        state = await self.store.get(actor.user_id)
        if state is None or state.kind != "visit":
            return None
        outcome = await self.visits.on_location(actor, state, latitude, longitude)
        return outcome.speaking(state.data.get("lang"))

    async def cancel(self, actor: Actor) -> bool:
        return await self.store.drop(actor.user_id)

    async def cancel_offering_later(self, actor: Actor) -> tuple[bool, Outcome | None]:
        """/cancel: the draft in progress dropped (whether there was one), and the reports kept
        on it for later offered (None when none was kept): a cancel drops the draft, not them."""
        state = await self.store.get(actor.user_id)
        had = await self.store.drop(actor.user_id)
        later = state.data.get("later") if state is not None else None
        if state is None or not isinstance(later, list) or not later:
            return had, None
        return had, await self._then_later(actor, state.token, later, Outcome(says=()))

    async def offer_visit(
        self,
        actor: Actor,
        text: str,
        *,
        heard: str | None = None,
        complaint_too: bool = False,
        contacted_client: int | None = None,
    ) -> Outcome:
        """A plain message that reads like a visit report: offer to log it (nothing saved yet).
        A voice note's words (`heard`) go with the offer onto the draft card. `complaint_too`:
        it also tells of a client's complaint, offered for filing once the visit is saved.
        `contacted_client`: it says that client was contacted about a complaint; its ticket
        awaiting a first contact is offered to be marked so."""
        outcome = await self._offer(actor, text, "visit", heard, complaint_too=complaint_too)
        if contacted_client is None:
            return outcome
        waiting = await self.awaiting_contact(actor, contacted_client)
        if len(waiting) != 1:
            return outcome  # none, or several: which one is not guessed
        ticket = waiting[0]
        offer = outcome.says[0]
        mark = (Choice(f"respond:{ticket.id}", key="offer.mark_responded",
                       params={"id": ticket.id}),)  # fmt: skip
        return replace(outcome, says=(replace(offer, choices=(mark, *offer.choices)),))

    async def awaiting_contact(self, actor: Actor, client_id: int) -> list[TicketView]:
        """The client's open tickets (of those the user sees) still awaiting a first contact."""
        tickets = await self.complaints.open_tickets(actor, client_id=client_id)
        return [t for t in tickets if t.status == "open"]

    async def offer_complaint(
        self, actor: Actor, text: str, *, heard: str | None = None
    ) -> Outcome:
        """A plain message that tells of a client's complaint: offer to file it (nothing saved)."""
        return await self._offer(actor, text, "complaint", heard)

    async def _offer(
        self, actor: Actor, text: str, what: str, heard: str | None, *, complaint_too: bool = False
    ) -> Outcome:
        data: dict[str, Any] = {"text": text, "what": what}
        if complaint_too:
            data["complaint_too"] = True
        if (words := clip_heard(heard)) is not None:
            data["heard"] = words
        if (lang := message_language(text, actor.language.value)) is not None:
            data["lang"] = lang  # asked in the report's language
        state = FlowState(actor.user_id, "offer", "offer", new_token(), data, self._clock.now())
        await self.store.save(state)
        yes = "offer.yes" if what == "visit" else "offer.complaint_yes"
        if complaint_too:
            return Outcome.of(
                Say("offer.visit_and_complaint", token=state.token,
                    choices=((Choice("yes", key="offer.yes"),),
                             (Choice("complaint", key="offer.complaint_only"),),
                             (Choice("no", key="offer.no"),)))
            ).speaking(data.get("lang"))  # fmt: skip
        return Outcome.of(
            Say(f"offer.{what}", token=state.token,
                choices=((Choice("yes", key=yes), Choice("no", key="offer.no")),))
        ).speaking(data.get("lang"))  # fmt: skip

    # --- A reminder asked for in words: its own flow (services/reminders/task_flow.py) ------

    def reminder_asked(self, actor: Actor, text: str) -> AskedReminder | None:
        """The reminder a message asks for; None when it asks none (or reminders are not kept)."""
        return self.tasks.asked(actor, text) if self.tasks is not None else None

    async def offer_reminder(
        self,
        actor: Actor,
        asked: AskedReminder,
        client: tuple[int, str] | None,
        options: Sequence[tuple[int, str]] = (),
    ) -> Outcome:
        """`client`: the one the request surely names; else `options`, those it may mean (asked)."""
        assert self.tasks is not None
        return await self.tasks.offer(actor, asked, client, options)

    async def change_reminder(self, actor: Actor, reminder_id: int) -> Outcome:
        """/reminders "change time" on a reminder the user asked for: its new time asked."""
        if self.tasks is None:
            return Outcome.of(Say("rem.not_found"))
        return await self.tasks.change(actor, reminder_id)

    async def resume_prompt(self, actor: Actor, state: FlowState) -> tuple[Say, ...]:
        if state.kind == "visit":
            return await self.visits.prompt(actor, state)
        if state.kind == "complaint":
            return self.complaints.prompt(state)
        if state.kind == "card" and self.cards is not None:
            return self.cards.prompt(state)
        if state.kind == "task" and self.tasks is not None:
            return self.tasks.prompt(actor, state)
        return ()

    async def announce_restart(
        self,
        resolve: Callable[[int], Awaitable[Actor | None]],
        english_names: Callable[[Actor, set[int]], Awaitable[dict[int, str]]] | None = None,
        answering: Collection[str] = (),
    ) -> int:
        """After a start: queue, for each draft in progress, the notice that it was kept and its
        step's question again. Keyed by the flow row and its last change, so a second process
        starting (or this one starting again) queues nothing new. Returns the notices queued.
        `english_names` (`ClientService.english_names`): the English name of the client a card
        names, kept with the notice for an English reader, as the card first showed it.
        `answering`: the updates about to be handled again (the dead process had not finished
        them); a draft one of them changed last is shown by that answer, not by a notice too."""
        rows = []
        now = self._clock.now()
        for telegram_id, _lang, state in await self.store.in_progress():
            if state.kind == "offer" or set(stamped_by(state.data)) & set(answering):
                continue
            actor = await resolve(telegram_id)
            if actor is None:
                continue
            prompt = await self.resume_prompt(actor, state)
            says = [say_to_json(say) for say in prompt]
            params: dict[str, Any] = {"flow": state.kind, "says": says}
            named = {int(cid) for say in prompt
                     if (cid := (say.card or say.params).get("client_id")) is not None}  # fmt: skip
            if english_names is not None and named:
                english = await english_names(actor, named)
                params["clients"] = {f"client:{cid}": name for cid, name in english.items()}
            if state.data.get("lang"):
                params["lang"] = state.data["lang"]  # the draft's language, as its card spoke
            rows.append(draft_notice(Kind.DRAFT_KEPT, state.user_id, state.token, state.step,
                                     state.updated_at, params, now))  # fmt: skip
        return await self.store.queue_notices(rows)
