"""The assistant's tools: the existing services, run as the asking user (access is checked inside
each service exactly as for commands), as whitelisted, parameterised queries. No tool writes a
record: the draft tools prepare the same confirmation card as a typed report, and only the user's
button press saves it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, tool
from sqlalchemy import select

from knowledge import KnowledgeBase, Passage, StoreUnavailable
from knowledge.llm import fence, fence_line
from services.access import visible_clients
from services.assistant.briefing import Briefing, BriefingService
from services.assistant.drafting import (
    ComplaintDraft,
    Untrusted,
    VisitDraft,
    complaint_fields,
    visible_client_names,
    visit_fields,
)
from services.clients import ClientService
from services.clock import Clock
from services.complaints import ComplaintService
from services.conversation_router import Conversations
from services.domain import RATING_WORDS, TIER_WORDS, Actor, parse_choice
from services.draft_store import new_token
from services.errors import DomainError
from services.outcome import Outcome
from services.policy import Policy
from services.reminders.service import ReminderService
from services.storage.models import Client
from services.storage.uow import Database
from services.summaries.periods import Period, default_period, parse_period
from services.summaries.queries import SummaryService
from services.visits.service import VisitService, recent_clients

MAX_ROWS = 30


@dataclass(frozen=True, slots=True)
class Proposal:
    """A change the model suggests on an existing record; the user's button makes it.
    kind "snooze": actions are days (1, 3, 7); kind "ticket": respond / resolve."""

    kind: str
    target_id: int
    actions: tuple[str, ...]
    label: str
    key: str = field(default_factory=lambda: new_token()[:12])  # names it in the user's button
    label_en: str | None = None  # the client's English name (`matching.english_name`), if any


@dataclass
class TurnLog:
    """What the tools of one turn produced for the user besides the model's words."""

    outcomes: list[Outcome] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    sources: list[Passage] = field(default_factory=list)
    briefings: list[Briefing] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    # What the user said: every message of the conversation as remembered, and this turn's. A
    # draft holds nothing else (no figure, person or date the model made up).
    said: list[str] = field(default_factory=list)
    asked: str = ""


@dataclass(frozen=True)
class Toolbox:
    db: Database
    clock: Clock
    policy: Policy
    clients: ClientService
    visits: VisitService
    complaints: ComplaintService
    reminders: ReminderService
    summaries: SummaryService
    briefing: BriefingService
    kb: KnowledgeBase | None
    conversations: Conversations


def data(value: Any) -> str:
    """A tool result for the model: JSON inside a data fence, every string fenced."""
    return (
        "<<<DATA>>>\n"
        + json.dumps(_fenced(value), ensure_ascii=False, default=str)
        + ("\n<<<END DATA>>>")
    )


def _fenced(value: Any) -> Any:
    if isinstance(value, str):
        return fence(value)
    if isinstance(value, dict):
        return {k: _fenced(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_fenced(v) for v in value]
    return value


def _who(config: RunnableConfig) -> tuple[Actor, TurnLog]:
    conf = config.get("configurable") or {}
    return conf["actor"], conf["turn"]


def _today(box: Toolbox, actor: Actor) -> date:
    from zoneinfo import ZoneInfo

    return box.clock.now().astimezone(ZoneInfo(actor.timezone)).date()


async def _resolve(box: Toolbox, actor: Actor, name: str) -> tuple[int | None, list[list[Any]]]:
    """The one visible client a name means, or candidates to choose from."""
    hits = await box.clients.search(actor, name, limit=5)
    if not hits:
        return None, []
    exact = [h for h in hits if h.score >= 99]
    if len(exact) == 1 or len(hits) == 1 or hits[0].score - hits[1].score >= 15:
        return (exact or hits)[0].id, []
    return None, [[h.id, h.name] for h in hits]


# ------------------------------------------------------------------ drafts


async def prepare_visit(box: Toolbox, actor: Actor, draft: VisitDraft, turn: TurnLog) -> Outcome:
    """A visit the model drafted in a tool call, checked as drafts from free text are against
    what the user said (the client by the one matching rule, the rules' dates, no number or person
    the user did not write), shown as the usual card. Raises Untrusted."""
    clients = await visible_client_names(box.db, actor)
    fields = visit_fields(draft, "\n".join(turn.said), clients=clients, now=box.clock.now(),
                          timezone=actor.timezone, asked=turn.asked)  # fmt: skip
    return await box.visits.start_prepared(actor, fields)


async def prepare_complaint(
    box: Toolbox, actor: Actor, draft: ComplaintDraft, turn: TurnLog
) -> Outcome:
    clients = await visible_client_names(box.db, actor)
    fields = complaint_fields(draft, "\n".join(turn.said), clients=clients,
                              complaints=box.policy.complaints, now=box.clock.now(),
                              timezone=actor.timezone, asked=turn.asked)  # fmt: skip
    if not fields.get("client_id") and not fields.get("candidates"):
        fields["recent"] = [list(r) for r in await recent_clients(box.db, actor)]
    return await box.complaints.start_prepared(actor, fields)


# ------------------------------------------------------------------ the tools


def make_tools(box: Toolbox) -> list[BaseTool]:
    """The tools, built once; the actor and the turn's log come with each call's config."""

    @tool
    async def find_client(name: str, config: RunnableConfig) -> str:
        """Find the user's clients by name, alias, pinyin or initials."""
        actor, _ = _who(config)
        hits = await box.clients.search(actor, name[:100], limit=8)
        return data([{"client_id": h.id, "name": h.name} for h in hits])

    @tool
    async def client_card(client: str, config: RunnableConfig) -> str:
        """A client's card: tier, credit rating, strategy, industry, region, address, owner,
        last visit, contacts (name, title, phone) and notes. `client` is a name."""
        actor, _ = _who(config)
        client_id, candidates = await _resolve(box, actor, client[:100])
        if client_id is None:
            return data({"found": False, "candidates": [c[1] for c in candidates]})
        card = await box.clients.card(actor, client_id)
        return data({
            "client_id": card.id, "name": card.name, "aliases": list(card.aliases),
            "tier": card.tier, "credit_rating": card.credit_rating, "strategy": card.strategy,
            "industry": card.industry, "region": card.region, "address": card.address,
            "owner": card.owner_name, "last_visit_on": card.last_visit_on,
            # the kinds of visit "last_visit_on" counts (other contacts do not keep the cadence)
            "last_visit_kinds": sorted(box.policy.cadence.counting_kinds),
            "contacts": [{"name": c.name, "title": c.title, "phone": c.phone,
                          "decision_maker": c.decision_maker} for c in card.contacts],
            "notes": card.notes,
        })  # fmt: skip

    @tool
    async def list_clients(
        config: RunnableConfig,
        tier: str | None = None,
        credit_rating: str | None = None,
        not_visited_since: date | None = None,
        visited_since: date | None = None,
    ) -> str:
        """The user's clients with tier, credit rating and last visit, filtered: tier
        (important/group/commercial/strategic), credit_rating (good/medium/poor), clients not
        visited since a date, or visited since a date (ISO dates)."""
        actor, _ = _who(config)
        stmt = select(Client.id, Client.name, Client.tier, Client.credit_rating,
                      Client.last_visit_on).where(visible_clients(actor))  # fmt: skip
        if tier and (t := parse_choice(TIER_WORDS, tier)) is not None:
            stmt = stmt.where(Client.tier == t.value)
        if credit_rating and (r := parse_choice(RATING_WORDS, credit_rating)) is not None:
            stmt = stmt.where(Client.credit_rating == r.value)
        if not_visited_since is not None:
            stmt = stmt.where(
                (Client.last_visit_on.is_(None)) | (Client.last_visit_on < not_visited_since)
            )
        if visited_since is not None:
            stmt = stmt.where(Client.last_visit_on >= visited_since)
        async with box.db.read() as session:
            rows = (await session.execute(stmt.order_by(Client.name).limit(MAX_ROWS + 1))).all()
        return data({
            "clients": [{"name": r.name, "tier": r.tier, "credit_rating": r.credit_rating,
                         "last_visit_on": r.last_visit_on} for r in rows[:MAX_ROWS]],
            "more": len(rows) > MAX_ROWS,
        })  # fmt: skip

    @tool
    async def recent_visits(
        config: RunnableConfig, client: str | None = None, limit: int = 5
    ) -> str:
        """The latest visit records the user may see, newest first, optionally of one client:
        date, kind, people met, summary, next step, follow-up date, author."""
        actor, _ = _who(config)
        views = await box.visits.recent(actor, client[:100] if client else None, limit=10)
        return data([
            {"visited_on": v.visited_on, "client": v.client_name, "kind": v.kind,
             "people": [{"name": n, "title": t} for n, t in v.people], "summary": v.summary,
             "next_step": v.next_step, "follow_up_on": v.follow_up_on, "author": v.author_name}
            for v in views[: max(1, min(limit, 10))]
        ])  # fmt: skip

    @tool
    async def open_complaints(config: RunnableConfig, client: str | None = None) -> str:
        """Open complaint tickets the user may see with their next deadline (UTC), optionally
        of one client."""
        actor, _ = _who(config)
        if client:
            client_id, _c = await _resolve(box, actor, client[:100])
            # (a name that finds no client lists nothing, not everyone's tickets)
            tickets = (await box.complaints.open_tickets(actor, limit=50, client_id=client_id)
                       if client_id else [])  # fmt: skip
        else:
            tickets = await box.complaints.open_tickets(actor, limit=50)
        return data([
            {"ticket_id": t.id, "client": t.client_name, "owner": t.owner_name,
             "severity": t.severity, "status": t.status, "category": t.category,
             "next_deadline": t.next_due, "description": t.description[:300]}
            for t in tickets[:MAX_ROWS]
        ])  # fmt: skip

    @tool
    async def pending_reminders(config: RunnableConfig) -> str:
        """The user's reminders not yet acted on (visits due, follow-ups, complaint deadlines)."""
        actor, _ = _who(config)
        items, total = await box.reminders.pending(actor, limit=MAX_ROWS)
        return data({
            "reminders": [{"reminder_id": i.id, "kind": i.kind.value, "status": i.status.value,
                           "client": i.params.get("client"),
                           "due": i.params.get("due_on") or i.params.get("due_at")}
                          for i in items],
            "total": total,
        })  # fmt: skip

    @tool
    async def visit_summary(config: RunnableConfig, period: str = "this week") -> str:
        """Visit and complaint figures of a period for what the user may see (their own, their
        team's or everyone's by role): today, yesterday, one day as YYYY-MM-DD, this week, last
        week, this month, last month, this quarter, last quarter."""
        actor, _ = _who(config)
        today = _today(box, actor)
        chosen: Period = parse_period(period) or default_period(today)
        s = await box.summaries.summary(actor, chosen, today=today)
        return data({
            "from": s.span.start, "to": s.span.end, "visits": s.visits,
            "clients": s.clients, "clients_visited": s.clients_visited,
            "covered": s.covered, "overdue_clients": s.overdue_count, "at_risk": s.at_risk_count,
            "overdue": [{"client": c.name, "days_overdue": c.days_overdue} for c in s.overdue],
            "complaints_opened": s.complaints.opened, "complaints_resolved": s.complaints.resolved,
            "complaints_open_past_due": s.complaints.open_past_due,
            "managers": [{"name": m.name, "visits": m.visits, "clients": m.clients,
                          "overdue": m.overdue} for m in s.managers],
        })  # fmt: skip

    @tool
    async def search_documents(query: str, config: RunnableConfig) -> str:
        """Search the handbook and policy documents (and the notes of the user's clients).
        Cite what you use as [n] with the number given here."""
        actor, turn = _who(config)
        if box.kb is None:
            return data({"available": False})
        allowed = await box.clients.visible_ids(actor)
        kb = box.kb
        try:
            retrieval = await asyncio.to_thread(
                kb.retrieve, query[:500], allowed_client_ids=allowed, k=4
            )
        except StoreUnavailable:  # the Chroma server is down: say so, not "nothing found"
            return data({"available": False, "retry_later": True})
        if not retrieval.found:
            return data({"passages": []})
        out = []
        for p in retrieval.passages:
            if p not in turn.sources:
                turn.sources.append(p)
            out.append({"n": turn.sources.index(p) + 1, "title": fence_line(p.title),
                        "section": fence_line(p.section or ""), "text": p.text})  # fmt: skip
        return data({"passages": out})

    @tool
    async def client_briefing(client: str, config: RunnableConfig) -> str:
        """Everything to prepare a visit to one client: card, visit cadence and next due date,
        last visits (who was met, promises, open follow-ups), open complaints, handbook
        passages. The user is shown the briefing card; summarise it briefly."""
        actor, turn = _who(config)
        client_id, candidates = await _resolve(box, actor, client[:100])
        if client_id is None:
            return data({"found": False, "candidates": [c[1] for c in candidates]})
        b = await box.briefing.brief(actor, client_id)
        turn.briefings.append(b)
        return data({
            "client": b.card.name, "next_due": b.next_due, "status": b.status.value,
            "last_visits": [{"on": v.visited_on, "summary": v.summary, "next_step": v.next_step,
                             "people": [n for n, _ in v.people]} for v in b.visits],
            "open_complaints": [{"ticket_id": t.id, "severity": t.severity,
                                 "next_deadline": t.next_due} for t in b.complaints],
        })  # fmt: skip

    @tool(args_schema=VisitDraft)
    async def draft_visit(config: RunnableConfig, **fields: Any) -> str:
        """Show the user a card of the visit they reported, to confirm (nothing is saved)."""
        actor, turn = _who(config)
        try:
            outcome = await prepare_visit(box, actor, VisitDraft.model_validate(fields), turn)
        except Untrusted as exc:
            return data({"error": f"not what the user said: {exc}. Use only the user's words."})
        turn.outcomes.append(outcome)
        return data({"shown_to_user": "confirmation card", "saved": False})

    @tool(args_schema=ComplaintDraft)
    async def draft_complaint(config: RunnableConfig, **fields: Any) -> str:
        """Show the user a card of the complaint they reported, to confirm (nothing is saved)."""
        actor, turn = _who(config)
        try:
            outcome = await prepare_complaint(box, actor, ComplaintDraft.model_validate(fields),
                                              turn)  # fmt: skip
        except Untrusted as exc:
            return data({"error": f"not what the user said: {exc}. Use only the user's words."})
        turn.outcomes.append(outcome)
        return data({"shown_to_user": "confirmation card", "saved": False})

    @tool
    async def snooze_reminder(reminder_id: int, days: int, config: RunnableConfig) -> str:
        """Offer buttons to snooze one of the user's reminders by 1, 3 or 7 days."""
        actor, turn = _who(config)
        items, _ = await box.reminders.pending(actor, limit=1000)
        item = next((i for i in items if i.id == reminder_id), None)
        if item is None:
            return data({"error": "no such reminder of this user"})
        choice = str(days) if days in (1, 3, 7) else "1"
        actions = (choice, *(d for d in ("1", "3", "7") if d != choice))
        label = str(item.params.get("client") or "")
        turn.proposals.append(Proposal("snooze", item.id, actions, label,
                                       label_en=item.params.get("client_en")))  # fmt: skip
        return data({"shown_to_user": "snooze buttons", "changed": False})

    @tool
    async def move_ticket(
        ticket_id: int, action: Literal["respond", "resolve"], config: RunnableConfig
    ) -> str:
        """Offer a button to mark a complaint ticket responded (first contact made) or
        resolved."""
        actor, turn = _who(config)
        ticket = await box.complaints.ticket(actor, ticket_id)
        if ticket is None:
            return data({"error": "no such ticket visible to this user"})
        allowed = {"open": ("respond", "resolve"), "responded": ("resolve",)}.get(ticket.status, ())
        if action not in allowed:
            return data({"error": f"a {ticket.status} ticket cannot be moved to {action}"})
        turn.proposals.append(Proposal("ticket", ticket.id, (action,), ticket.client_name,
                                       label_en=ticket.client_en))  # fmt: skip
        return data({"shown_to_user": "confirmation button", "changed": False})

    return [
        find_client, client_card, list_clients, recent_visits, open_complaints,
        pending_reminders, visit_summary, search_documents, client_briefing, draft_visit,
        draft_complaint, snooze_reminder, move_ticket,
    ]  # fmt: skip


def tool_names(tools: Sequence[BaseTool]) -> list[str]:
    return [t.name for t in tools]


def safe_error(exc: Exception) -> str:
    """What a tool tells the model when a service refused: the catalog code, nothing else."""
    if isinstance(exc, DomainError):
        return data({"error": exc.code})
    return data({"error": "failed"})
