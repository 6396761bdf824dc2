"""The composition root of the core: builds every service from plain values, once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from langchain_core.language_models import BaseChatModel

from knowledge import KnowledgeBase, KnowledgeConfig
from knowledge.llm import close_chat_model
from services.ask import AskService
from services.assistant.agent import Assistant
from services.assistant.briefing import BriefingService
from services.assistant.drafting import Drafter, ModelRest
from services.assistant.memory import Checkpoints, open_checkpoints
from services.assistant.tools import Toolbox
from services.clients import ClientService
from services.clock import Clock, SystemClock
from services.complaints import ComplaintService
from services.contacts import ContactService
from services.conversation_router import Conversations
from services.draft_store import FlowStore
from services.exports import ExportService
from services.history import HistoryService
from services.interpret import TextInterpreter
from services.operations import Presence
from services.outbox import Outbox, OutboxConfig
from services.policy import Policy, default_policy
from services.reminders.kinds import ReminderConfig
from services.reminders.service import ReminderService
from services.speech import SpeechConfig, SpeechService
from services.storage.db import create_engine, migrate
from services.storage.uow import Database
from services.summaries.queries import SummaryService
from services.update_ledger import InboxConfig, UpdateLedger
from services.users import UserService
from services.visit_import import VisitImportService
from services.visits.service import VisitService


@dataclass
class Services:
    db: Database
    clock: Clock
    users: UserService
    clients: ClientService
    exports: ExportService
    ask: AskService
    visits: VisitService
    complaints: ComplaintService
    conversations: Conversations
    ledger: UpdateLedger
    summaries: SummaryService
    timezone: str
    policy: Policy
    reminders: ReminderService
    outbox: Outbox
    contacts: ContactService
    speech: SpeechService
    briefing: BriefingService
    assistant: Assistant
    interpreter: TextInterpreter
    drafts: Drafter
    visit_import: VisitImportService
    presence: Presence
    history: HistoryService
    knowledge: KnowledgeBase | None = None
    owns_knowledge: bool = True  # False: a knowledge base shared with others (tests) stays open
    chat_model: BaseChatModel | None = None  # its connections are closed with these services

    async def close(self) -> None:
        self.clients.close()
        if self.knowledge is not None and self.owns_knowledge:
            self.knowledge.close()
        await self.speech.close()
        await self.assistant.checkpoints.close()
        await close_chat_model(self.chat_model)
        await self.ledger.let_go()
        await self.presence.leave()
        await self.db.dispose()


async def bootstrap(
    *,
    database_url: str,
    timezone: str = "Asia/Shanghai",
    policy: Policy | None = None,
    clock: Clock | None = None,
    admin_ids: list[int] | None = None,
    invite_ttl: timedelta = timedelta(hours=72),
    knowledge: KnowledgeConfig | None = None,
    run_migrations: bool = True,
    reminders: ReminderConfig | None = None,
    outbox: OutboxConfig | None = None,
    inbox: InboxConfig | None = None,
    knowledge_base: KnowledgeBase | None = None,
    speech: SpeechConfig | None = None,
    chat_model: BaseChatModel | None = None,
    assistant_timeout: float = 30.0,
    structured_output: str = "json_schema",
) -> Services:
    """Wire the services; `knowledge` None leaves the knowledge base closed (tests, exports).

    `knowledge_base` hands in one already open (shared by tests); it is not closed with these.
    """
    clock = clock or SystemClock()
    db = Database(create_engine(database_url))
    if run_migrations:
        await migrate(db.engine)
    users = UserService(db, clock, default_timezone=timezone, invite_ttl=invite_ttl)
    clients = ClientService(db, clock)
    kb = knowledge_base or (KnowledgeBase.open(knowledge) if knowledge is not None else None)
    policy = policy or default_policy()
    store = FlowStore(db, clock)
    visits = VisitService(
        db, clock, store, counting_kinds=policy.cadence.counting_kinds, workdays=policy.calendar()
    )
    complaints = ComplaintService(db, clock, store, policy)
    summaries = SummaryService(db, clock, policy)
    reminder_service = ReminderService(db, clock, policy, timezone=timezone, config=reminders)
    contacts = ContactService(db, clock, store, clients)
    briefing = BriefingService(db, clock, policy, clients, complaints, kb)
    rest = ModelRest(clock)  # one model: when it fails, neither the agent nor drafts wait on it
    drafts = Drafter(chat_model, db, clock, policy, visits, complaints, timeout=assistant_timeout,
                     structured=structured_output, rest=rest)  # fmt: skip
    ask = AskService(kb, db, clients, model_resting=lambda: rest.resting)
    conversations = Conversations(store, visits, complaints, clock, cards=contacts, drafts=drafts,
                                  reminders=reminder_service, ask=ask)  # fmt: skip
    toolbox = Toolbox(db, clock, policy, clients, visits, complaints, reminder_service, summaries,
                      briefing, kb, conversations)  # fmt: skip
    # With a model, the assistant's threads (memory, a confirmation waiting for its button) are
    # kept by a checkpointer in this same database; without one there is nothing to keep.
    checkpoints = (
        await open_checkpoints(database_url) if chat_model is not None else Checkpoints.none()
    )
    assistant = Assistant(chat_model, toolbox, checkpoints, timeout=assistant_timeout,
                          rest=rest)  # fmt: skip
    services = Services(
        db=db,
        clock=clock,
        users=users,
        clients=clients,
        exports=ExportService(
            db, clock, timezone=timezone, counting_kinds=policy.cadence.counting_kinds
        ),
        summaries=summaries,
        ask=ask,
        visits=visits,
        complaints=complaints,
        conversations=conversations,
        ledger=UpdateLedger(db, clock, inbox),
        timezone=timezone,
        policy=policy,
        reminders=reminder_service,
        outbox=Outbox(reminder_service, outbox),
        contacts=contacts,
        speech=SpeechService(speech or SpeechConfig()),
        briefing=briefing,
        assistant=assistant,
        interpreter=TextInterpreter(conversations, assistant, ask, summaries),
        drafts=drafts,
        visit_import=VisitImportService(
            db,
            clock,
            counting_kinds=policy.cadence.counting_kinds,
            timezone=timezone,
            cpu_bound=clients.cpu_bound,
        ),
        presence=Presence(db),
        history=HistoryService(db),
        knowledge=kb,
        owns_knowledge=knowledge_base is None,
        chat_model=chat_model,
    )
    if admin_ids:
        await users.ensure_admins(admin_ids)
    if run_migrations:
        # The policy decides which visits keep the cadence; it may have changed since last run.
        await visits.refresh_cadence()
    return services
