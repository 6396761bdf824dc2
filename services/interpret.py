"""What a plain message means, decided in one place.

In order: a question typed at a draft's step that waits for a name, a date or a tap (answered by
the rules below, then the step asked again); the next step of a conversation in progress; the
visit just saved taken back or put right ("撤销刚才那条走访记录", "刚才那条走访的日期改成昨天");
a request for a pre-visit briefing; an export or a reminder asked for in words; the assistant
(only with a language model; when it fails, the rules below answer and say so); small talk; a
question about the numbers (unless it names a client: then that client's card); a client's
complaint called in ("宁波银行打电话来，说专线断了": offered for filing, not as a visit); a visit
report (offered for logging, nothing saved); a client's complaint told in words (offered for
filing); a client's bare name or a question naming a client; else a question for the knowledge
base. The handlers render the reading; the assistant mode extends this service, not the handlers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from services.ask import AskService, CardFact, card_fact_asked, card_facts_asked
from services.assistant.agent import (
    AnswerUnsupported,
    Assistant,
    AssistantReply,
    AssistantUnavailable,
)
from services.assistant.briefing import briefing_request, visit_plan
from services.assistant.drafting import BY_RULES
from services.complaint_words import (
    looks_like_complaint,
    tells_called_in_complaint,
    tells_complaint_in_own_words,
    tells_new_complaint,
    tells_ticket_contact,
    ticket_asked,
)
from services.conversation_router import Conversations
from services.corrections import correction_without_draft
from services.domain import Actor
from services.errors import NotFound
from services.exports import ExportFormat, ExportKind, ExportRequest, export_request
from services.history import (
    HistoryAsk,
    Record,
    RecordRef,
    about_this_one,
    history_asked,
    history_of_replied,
)
from services.matching import ClientHit, person_name_pattern
from services.outcome import Outcome
from services.small_talk import small_talk
from services.summaries.periods import find_period
from services.summaries.queries import SummaryService
from services.summaries.questions import (
    SummaryQuery,
    client_asked_about,
    people_compared,
    route_question,
)
from services.time_alone import time_alone
from services.visits.parser import looks_like_visit_report
from services.visits.undo import last_visit_corrected, undo_asked

MAX_QUESTION_CHARS = 1000


class Meaning(StrEnum):
    STEP = "step"  # a conversation in progress took the text (`outcome`)
    OFFER = "offer"  # reads like a visit report or a complaint: offered (`outcome`)
    BRIEFING = "briefing"  # "准备拜访华能" (`name`)
    EXPORT = "export"  # "导出本月的拜访记录" (`export`)
    HISTORY = "history"  # "12号投诉谁改过？" (`history`; a client's: `client_id`, or `options`)
    ASSISTANT = "assistant"  # the language model answered (`reply`)
    SMALL_TALK = "small_talk"  # greeting, thanks, ok (`talk`)
    SUMMARY = "summary"  # a question about the numbers (`summary`)
    CLIENT = "client"  # a client's name, sure (`client_id`)
    CHOOSE_CLIENT = "choose_client"  # a name several clients share (`options`)
    MISTYPED_CLIENT = "mistyped_client"  # "宁波银心的联系人": the clients meant (`options`, `name`)
    CLIENT_HINT = "client_hint"  # a question naming a client: its card (`client_id`, `name`)
    TOO_LONG = "too_long"  # a question over MAX_QUESTION_CHARS (`length`)
    NO_KNOWLEDGE = "no_knowledge"  # no knowledge base to ask
    NO_DRAFT = "no_draft"  # a correction typed with no draft open ("严重程度改成高")
    TIME_ALONE = "time_alone"  # "下周三", "last month" sent alone (`name`: the time as typed)
    UNDO_VISIT = "undo_visit"  # "撤销刚才那条走访记录" (`visit_id`: the latest deletable, or None)
    TICKET = "ticket"  # "7号投诉怎么样了？" (`ticket_id`)
    QUESTION = "question"  # for the knowledge base


@dataclass(frozen=True, slots=True)
class Reading:
    meaning: Meaning
    outcome: Outcome | None = None
    reply: AssistantReply | None = None
    summary: SummaryQuery | None = None
    export: ExportRequest | None = None
    history: HistoryAsk | None = None
    talk: str | None = None
    name: str | None = None
    client_id: int | None = None
    visit_id: int | None = None
    ticket_id: int | None = None
    options: tuple[ClientHit, ...] = ()
    facts: tuple[CardFact, ...] = ()  # CLIENT_HINT, CHOOSE_CLIENT, MISTYPED_CLIENT: asked alone
    person: str | None = None  # CLIENT_HINT with facts: the contact asked about ("沈立华的电话")
    length: int = 0
    pending: Outcome | None = None  # a draft still waiting for its step: said after the answer
    model_failed: bool = False  # the assistant failed, so the rules answered: say so first
    model_unsupported: bool = False  # the model's answer held figures nothing supports: left out
    model_unsaid_rule: bool = False  # what was left out was a rule no document passage says
    model_claimed: bool = False  # it said something was saved or changed (nothing was): left out


class TextInterpreter:
    def __init__(
        self,
        conversations: Conversations,
        assistant: Assistant,
        ask: AskService,
        people: SummaryService | None = None,
    ) -> None:
        self._conversations = conversations
        self._assistant = assistant
        self._ask = ask
        self._people = people  # whose records an export naming a colleague asks for

    async def read(
        self,
        actor: Actor,
        text: str,
        *,
        chat_id: int,
        heard: str | None = None,
        before_model: Callable[[], Awaitable[None]] | None = None,
        replied: RecordRef | None = None,
    ) -> Reading:
        """The meaning of a plain message (typed, or `heard` in a voice note). `before_model` is
        awaited just before the language model is asked (the bot moves the update to a slow slot
        and shows "typing…"); `replied`: the record of the card the message replies to."""
        pending = await self._conversations.aside(actor, text)
        if pending is not None:
            # A question in the middle of a draft: answered by the rules (the model might start
            # another draft), then the draft's question again. "12号投诉谁改过？" asked then is
            # still the ticket's history (it was the week's complaints summary).
            about = await self._about_a_record(actor, text, replied)
            return replace(about or await self._answer(actor, text), pending=pending)
        outcome = await self._conversations.on_text(actor, text)
        if outcome is not None:
            return Reading(Meaning.STEP, outcome=outcome)
        if undo_asked(text):
            # "撤销刚才那条走访记录" just after saving: the visit, to delete (it was offered as a
            # new visit report to log).
            latest = await self._conversations.visits.latest_editable(actor)
            return Reading(Meaning.UNDO_VISIT, visit_id=latest)
        if (correction := last_visit_corrected(text)) is not None:
            # "刚才那条走访的日期改成昨天": that visit opened for correction, the change applied
            # as if typed on its card, to confirm (it was offered as a new visit report).
            latest = await self._conversations.visits.latest_editable(actor)
            if latest is None:
                return Reading(Meaning.NO_DRAFT)
            await self._conversations.visits.start_edit(actor, latest)
            corrected = await self._conversations.on_text(actor, correction)
            return Reading(Meaning.STEP, outcome=corrected)
        if (name := briefing_request(text)) is not None:
            return Reading(Meaning.BRIEFING, name=name)
        if (name := visit_plan(text)) is not None and (
            told := (await self._ask.clients_told(actor, name))[0]
        ) is not None:
            # "明天要去拜访宝钢": what helps then. The client found, by its own name: the words
            # may go on with the purpose ("明天下午去宝钢谈续约" was refused as "宝钢谈续约").
            return Reading(Meaning.BRIEFING, name=told.name)
        if (wanted := export_request(text)) is not None:
            return await self._export(actor, text, wanted)
        if (about := await self._about_a_record(actor, text, replied)) is not None:
            return about
        if (
            replied is not None
            and replied.record is Record.CLIENT
            and looks_like_visit_report(text)
            and not tells_called_in_complaint(text)
            and await self._ask.client_of_report(actor, text) is None
        ):
            # "记一下：今天下午电话联系了黄晓东…" replying to 顺丰's card: a visit to 顺丰, not a
            # report of no client to offer and then ask which client.
            started = await self._conversations.start_visit(actor, text, client_id=replied.id)
            return Reading(Meaning.STEP, outcome=started)
        if (asked := self._conversations.reminder_asked(actor, text)) is not None:
            # "提醒我周四给沙钢打电话": its card to confirm, the client it names attached (one
            # of a few it could mean, "交行" of 交通银行 or 上海交通大学, is asked), read as a
            # visit report's client is, among the clients the user may see.
            sure, perhaps = await self._ask.clients_told(actor, asked.text)
            client = (sure.client_id, sure.name) if sure is not None else None
            options = [(n.client_id, n.name) for n in perhaps]
            offered = await self._conversations.offer_reminder(actor, asked, client, options)
            return Reading(Meaning.OFFER, outcome=offered)
        model_failed = unsupported = claimed = unsaid_rule = False
        if self._assistant.available:
            if before_model is not None:
                await before_model()
            try:
                answer = await self._assistant.ask(actor, chat_id, text)
            except AnswerUnsupported as exc:  # (a kind of AssistantUnavailable, told apart)
                unsupported, claimed, unsaid_rule = True, exc.claimed, exc.rules
            except AssistantUnavailable:
                model_failed = True
            else:
                return Reading(Meaning.ASSISTANT, reply=answer)
        # A model that just failed (down, timing out) is not asked again for the draft in the
        # same turn: one note of its failure, not two. One that only had nothing to say is.
        down = model_failed and self._assistant.resting
        reading = await self._by_rules(actor, text, heard, model=not down)
        if (model_failed or unsupported) and reading.outcome is not None:
            # Said once, first: a draft card the rules read after it needs no note of its own.
            says = tuple(s for s in reading.outcome.says if s.key != BY_RULES)
            reading = replace(reading, outcome=replace(reading.outcome, says=says))
        return replace(reading, model_failed=model_failed, model_unsupported=unsupported,
                       model_claimed=claimed, model_unsaid_rule=unsaid_rule)  # fmt: skip

    async def _by_rules(
        self, actor: Actor, text: str, heard: str | None, *, model: bool = True
    ) -> Reading:
        if (talk := small_talk(text)) is not None:
            return Reading(Meaning.SMALL_TALK, talk=talk)
        if route_question(text, self._conversations.local_today(actor)) is not None:
            return await self._answer(actor, text)
        if (when := time_alone(text, self._conversations.local_today(actor))) is not None:
            # "下周三" alone answers nothing the documents hold: what a day can be used for is
            # said instead (a draft asking for its date took the day before this).
            return Reading(Meaning.TIME_ALONE, name=when)
        if tells_called_in_complaint(text):
            # "宁波银行今天上午打电话来，说分行专线从9点就断了": the client called in a fault, a
            # complaint to file, not a visit of the manager's to log. With no client of one's own
            # named ("the client rang to complain…") the card asks which; another manager's is
            # refused as in a question.
            await self._ask.refuse_hidden_client_in_report(actor, text)
            return await self._complaint(actor, text, heard, model=model)
        if looks_like_visit_report(text):
            # "去了华润万家，客户投诉账单重复计费": the visit, then the complaint it tells of.
            # "那个工单我已经打电话联系过客户了": the ticket awaiting first contact may be marked;
            # it tells of no new complaint. "今天给宁波银行打了电话，客户投诉账单重复扣费" tells
            # one in its own words, and a call to a client with no ticket awaiting contact is
            # no first contact: the complaint is offered too.
            # "昨天去了沙钢…" of a colleague's 沙钢: refused at once, as a complaint there is
            # (it was offered, then asked which of one's own clients was meant).
            await self._ask.refuse_hidden_client_in_report(actor, text)
            told_contact = tells_ticket_contact(text)
            if not told_contact and not tells_new_complaint(text):
                # "今天下午去了海宁金盛，谈了专线扩容": a report naming one of the user's clients
                # surely is drafted at once, its card to confirm (one tap, not an offer first).
                if await self._ask.client_of_report(actor, text) is not None:
                    started = await self._conversations.start_visit(
                        actor, text, heard=heard, model=model
                    )
                    return Reading(Meaning.STEP, outcome=started)
            contacted = await self._ask.client_of_report(actor, text) if told_contact else None
            complaint = tells_new_complaint(text) and await self._ask.client_in_report(actor, text)
            if complaint and contacted is not None and not tells_complaint_in_own_words(text):
                complaint = not await self._conversations.awaiting_contact(actor, contacted)
            offered = await self._conversations.offer_visit(
                actor, text, heard=heard, complaint_too=complaint, contacted_client=contacted
            )
            return Reading(Meaning.OFFER, outcome=offered)
        if looks_like_complaint(text) and await self._ask.client_perhaps_in_report(actor, text):
            await self._ask.refuse_hidden_client_in_report(actor, text)
            return await self._complaint(actor, text, heard, model=model)
        if correction_without_draft(text):
            # "actually the severity should be high" just after saving: where to change it, not
            # "nothing in the documents".
            return Reading(Meaning.NO_DRAFT)
        return await self.question(actor, text)

    async def _export(self, actor: Actor, text: str, wanted: ExportRequest) -> Reading:
        """An export asked for in words; naming a client ("导出宝钢的走访记录"), that client's
        records alone, not every client's in a file that says nothing of it; a colleague's
        client is refused as a question naming it is."""
        named = await self._ask.client_told(actor, text)
        if named is None:
            # "导出王磊的走访记录": a supervisor's colleague's records alone (they were the whole
            # team's, captioned as if they were the colleague's), by a former name too.
            if self._people is not None and (found := await self._people.person_named(actor, text)):
                person, former = found
                return Reading(Meaning.EXPORT, export=replace(
                    wanted, person_id=person.user_id, person_name=person.name, former_name=former
                ))  # fmt: skip
            await self._ask.refuse_hidden_client(actor, text)
            return Reading(Meaning.EXPORT, export=wanted)
        one = replace(wanted, client_id=named.client_id, client_name=named.name)
        return Reading(Meaning.EXPORT, export=one)

    async def export_commanded(
        self, actor: Actor, kind: ExportKind, fmt: ExportFormat, words: str
    ) -> ExportRequest | None:
        """/export KIND WORDS: a period and a colleague or client among the words in any order
        ("/export visits 王磊 本月", "/export visits this month Wang Lei"), read as the same words
        typed ("导出王磊本月的走访记录") are. None when the words name nothing (the command's usage
        is then said); NotFound when besides a period they name no colleague or client one may
        see."""
        period, rest = find_period(words, self._conversations.local_today(actor))
        rest = " ".join(rest.split())
        wanted = ExportRequest(kind, None if kind is ExportKind.CLIENTS else period, fmt)
        if not rest:
            return wanted if period is not None else None
        found = (await self._export(actor, rest, wanted)).export
        assert found is not None
        if found.person_id is None and found.client_id is None:
            # "/export visits 张三": not someone's records to guess at, nor the usage again.
            raise NotFound("error.export_nobody_named", query=rest[:50])
        return found

    async def _about_a_record(
        self, actor: Actor, text: str, replied: RecordRef | None
    ) -> Reading | None:
        """Who changed a record ("12号投诉谁改过？", or "这条投诉谁改过？" replying to its card), a
        question about "this one" replying to a client's card ("这个客户信用怎么样？": that
        client's card, not the documents or the asker's own summary), or a ticket asked after by
        its number ("7号投诉怎么样了？"); None for anything else."""
        if (history := history_asked(text)) is not None and (
            history.number is not None
            or not (looks_like_visit_report(text) or looks_like_complaint(text))
        ):  # "拜访了华能，张总问合同谁改过" is a visit to log, not a question about the log
            return await self._history(actor, text, history, replied)
        if (
            replied is not None
            and replied.record is Record.CLIENT
            and about_this_one(text)
            and await self._ask.client_mentioned(actor, text) is None
        ):
            return Reading(Meaning.CLIENT, client_id=replied.id)
        if (ticket := ticket_asked(text)) is not None:
            # "7号投诉怎么样了？": that ticket (it was refused as a client named "7号"), also
            # asked while a draft waits.
            return Reading(Meaning.TICKET, ticket_id=ticket)
        return None

    async def _history(
        self, actor: Actor, text: str, asked: HistoryAsk, replied: RecordRef | None = None
    ) -> Reading:
        """A change history asked for: of a client, the one of the user's the text names; else
        of the card the question replies to ("这条投诉谁改过？"); else as asked (the handler
        tells how to name the record when no number or client was)."""
        if asked.record is Record.CLIENT:
            mention = await self._ask.client_mentioned(actor, text)
            if mention is not None:
                return Reading(Meaning.HISTORY, history=asked, client_id=mention.client_id)
        if (card := history_of_replied(asked, replied)) is not None:
            if card.record is Record.CLIENT:
                return Reading(Meaning.HISTORY, history=card, client_id=card.number)
            return Reading(Meaning.HISTORY, history=card)
        return Reading(Meaning.HISTORY, history=asked)

    async def _complaint(
        self, actor: Actor, text: str, heard: str | None, *, model: bool = True
    ) -> Reading:
        """A complaint told in words: its draft card at once when it surely names one of the
        user's clients (one tap to file it), else offered first."""
        if await self._ask.client_of_report(actor, text) is not None:
            started = await self._conversations.start_complaint(
                actor, text, heard=heard, model=model
            )
            return Reading(Meaning.STEP, outcome=started)
        offered = await self._conversations.offer_complaint(actor, text, heard=heard)
        return Reading(Meaning.OFFER, outcome=offered)

    async def _answer(self, actor: Actor, text: str) -> Reading:
        """A question: about the numbers (or a client it names), else for the documents."""
        return _with_facts(await self._numbers_or_question(actor, text), text)

    async def _numbers_or_question(self, actor: Actor, text: str) -> Reading:
        if (query := route_question(text, self._conversations.local_today(actor))) is not None:
            # "李婷和王磊本月走访次数比较": the two set side by side, not "no one called 李婷和王磊".
            if query.compare is None and (compared := await self._people_compared(actor, text)):
                return Reading(Meaning.SUMMARY, summary=compared)
            # "上海交大最近一次拜访是什么时候？" asks about that client, not the asker's week: a
            # question about the numbers that names a visible client is answered by its card.
            mention = await self._ask.client_mentioned(actor, text)
            if mention is not None:
                return Reading(Meaning.CLIENT_HINT, client_id=mention.client_id, name=mention.name)
            if (named := await self._client_asked(actor, text)) is not None:
                return named
            if query.manager is not None and (
                named := await self._client_not_person(actor, query.manager)
            ):
                return named
            if query.manager is None and not query.me:
                # "今天拜访了宝钢，他们信用差吗？" of a colleague's client: told it is none of
                # theirs, as a question naming it is, not given a summary it never asked for.
                await self._ask.refuse_hidden_client(actor, text)
            return Reading(Meaning.SUMMARY, summary=query)
        return await self.question(actor, text)

    async def _people_compared(self, actor: Actor, text: str) -> SummaryQuery | None:
        """ "李婷和王磊比一比", "Compare Li Ting and Wang Lei": two or more colleagues in the
        asker's scope set side by side, answered with each one's figures (it went to the
        documents, which said they had nothing on it)."""
        if self._people is None:
            return None
        query = people_compared(text, self._conversations.local_today(actor))
        if query is None:
            return None
        found = await self._people.people_in_text(actor, text)
        if len(found) < 2:
            return None
        # In the order the words name them ("王磊和李婷" puts 王磊 first).
        found.sort(key=lambda p: _named_at(text, p.name))
        return replace(query, people=tuple((p.user_id, p.name) for p in found))

    async def _client_asked(self, actor: Actor, text: str) -> Reading | None:
        """Part of a name or alias in a question about one client's visits or complaints ("How
        is ZTO Express's complaint going?", "华润那个工单解决了吗"): still one's own client, not
        "no client ZTO Express"."""
        if (asked := client_asked_about(text) or card_fact_asked(text, bare=True)) is None:
            return None
        choice = await self._ask.client_asked(actor, asked)
        if choice is None:
            return None
        if choice.sure is not None:
            sure = choice.sure
            return Reading(Meaning.CLIENT_HINT, client_id=sure.id, name=sure.name)
        # Named by the words the clients share ("华润"), not by the whole question.
        return Reading(Meaning.CHOOSE_CLIENT, options=tuple(choice.options), name=asked)

    async def _contact_asked(self, actor: Actor, text: str) -> Reading | None:
        """ "沈立华的电话多少": a contact of the actor's own clients asked about by name: their
        line on that client's card (the clients to pick from, when several have one so named).
        A colleague's client's contact is not found, so nothing of it is told."""
        if (name := card_fact_asked(text)) is None:
            return None
        found = await self._ask.clients_with_contact(actor, name)
        facts = card_facts_asked(text) or (CardFact.CONTACTS,)
        clients = tuple({hit.id: hit for hit, _ in found}.values())
        filed = {contact for _, contact in found}
        if len(clients) == 1:
            hit = clients[0]
            person = filed.pop() if len(filed) == 1 else None  # "Mr. Ji": 季海东 and 季明 both
            return Reading(Meaning.CLIENT_HINT, client_id=hit.id, name=hit.name, facts=facts,
                           person=person)  # fmt: skip
        if clients:
            return Reading(Meaning.CHOOSE_CLIENT, options=clients, name=name, facts=facts)
        return None

    async def _client_not_person(self, actor: Actor, name: str) -> Reading | None:
        """ "华润有几个投诉？": the name the question asks about is no colleague's but one or a
        few of the actor's clients' (it was answered "no one called 华润", with the team's
        figures): that client, or the ones to pick from."""
        if self._people is not None and await self._people.find_person(actor, name) is not None:
            return None
        choice = await self._ask.client_asked(actor, name)
        if choice is None:
            return None
        if choice.sure is not None:
            return Reading(Meaning.CLIENT_HINT, client_id=choice.sure.id, name=choice.sure.name)
        return Reading(Meaning.CHOOSE_CLIENT, options=tuple(choice.options), name=name)

    async def question(self, actor: Actor, text: str) -> Reading:
        """A question (typed, or /ask): a client's card when it names one (the lines asked for,
        when it asks for its contacts, address…), else the documents."""
        return _with_facts(await self._question(actor, text), text)

    async def _question(self, actor: Actor, text: str) -> Reading:
        if len(text) > MAX_QUESTION_CHARS:
            return Reading(Meaning.TOO_LONG, length=len(text))
        named = await self._ask.client_named(actor, text)
        if named is not None and named.sure is not None:
            return Reading(Meaning.CLIENT, client_id=named.sure.id)
        if named is not None and named.named:
            return Reading(Meaning.CHOOSE_CLIENT, options=tuple(named.options))
        mention = await self._ask.client_mentioned(actor, text)
        if mention is not None:
            return Reading(Meaning.CLIENT_HINT, client_id=mention.client_id, name=mention.name)
        if (asked := await self._client_asked(actor, text)) is not None:
            return asked
        if (contact := await self._contact_asked(actor, text)) is not None:
            return contact
        if (proper := await self._ask.client_by_proper_name(actor, text)) is not None:
            # "who is my contact at Shagang?": Shagang of the alias Shagang Group.
            return Reading(Meaning.CLIENT_HINT, client_id=proper.client_id, name=proper.name)
        if (compared := await self._people_compared(actor, text)) is not None:
            return Reading(Meaning.SUMMARY, summary=compared)
        # A colleague's client is no topic of the documents: told as /complaints tells it.
        await self._ask.refuse_hidden_client(actor, text)
        if (name := card_fact_asked(text)) is not None and (
            meant := await self._ask.clients_perhaps_meant(actor, name)
        ):
            # "宁波银心的联系人": no document holds a client's contacts, so not "nothing found in
            # the documents" but the clients a slip of the keyboard may mean, to pick, as
            # /client 宁波银心 offers them.
            return Reading(Meaning.MISTYPED_CLIENT, options=meant, name=name)
        if not self._ask.available:
            return Reading(Meaning.NO_KNOWLEDGE)
        return Reading(Meaning.QUESTION)


# The readings naming a client, or the clients to pick from, that may ask for part of a card.
_FACTS_READINGS = frozenset({Meaning.CLIENT_HINT, Meaning.CHOOSE_CLIENT, Meaning.MISTYPED_CLIENT})


def _with_facts(reading: Reading, text: str) -> Reading:
    """A question naming a client that asks for some of its card alone ("宝钢的联系人是谁？")
    is answered with those lines, not the whole card; so is the client picked when the words
    name several ("华润的联系人") or may be a slip of the keyboard."""
    if reading.meaning not in _FACTS_READINGS or reading.facts:
        return reading
    return replace(reading, facts=card_facts_asked(text))


def _named_at(text: str, name: str) -> int:
    """Where a colleague's name first appears in the words (as written, else by its pinyin),
    for putting people in the order they were named; unseen ones last."""
    if (at := text.find(name)) >= 0:
        return at
    pattern = person_name_pattern(name)
    found = pattern.search(text) if pattern is not None else None
    return found.start() if found is not None else len(text)
