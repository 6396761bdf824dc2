"""Questions in plain words: about a client from the database, about policy from the knowledge base."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import not_, select

from knowledge import Answer, DocumentInfo, IngestReport, KnowledgeBase, StoreUnavailable
from knowledge.document_names import matching
from knowledge.versions import other_versions
from services.access import visible_clients
from services.clients import ClientService
from services.domain import Actor, ClientHit, Language, Role
from services.errors import AccessDenied, DomainError, NotFound
from services.matching import (
    ClientChoice,
    client_named_in,
    english_word_orders,
    mention_key,
    might_name_a_client,
    whole_words_in,
)
from services.storage.models import Client
from services.storage.uow import Database
from services.visits.parser import client_perhaps_told, client_told, clients_perhaps_told

log = logging.getLogger("kam.ask")

# Who runs `kam` on the server: every client is theirs to name (the database is theirs too).
_OPERATOR = Actor(0, 0, "kam", Role.ADMIN, None, Language.ZH, "UTC")
BARE_NAME_CHARS = 24
# "客户：华能南京电厂" in an admin's caption files the document for that client alone.
_CLIENT_CAPTION = re.compile(r"(?:客户|客戶|client)\s*[:：]\s*(\S[^\n]*)", re.I)
_QUESTION_MARK = re.compile(
    r"[?？吗呢么怎如何什哪谁几多]|\b(?:what|how|when|why|who|which)\b", re.I
)

# "万家的联系人电话", "交大的信用等級是什麼", "contacts at jiao tong": a question about what one
# client's card holds, the client named in part (a whole name or alias is found anyway).
_ZH_FACT_NAMES = (
    r"(?:联系人|聯繫人|联络人|聯絡人|对接人|對接人|决策人|決策人|联系方式|聯繫方式|电话|電話|手机|手機|"
    r"地址|信誉|信譽|信用(?!社|合作|卡)|评级|評級|客户类型|客戶類型|客户经理|客戶經理|备注|備註)"
)
_ZH_CARD_FACT_LEAD = (
    r"^(?:请问|請問|帮我|麻烦)?\s*(?:查一下|查查|看一下|问一下|告诉我)?\s*"
    r"(?P<name>[\u4e00-\u9fffA-Za-z0-9&·（）()\s.-]{2,30}?)\s*"
)
_ZH_CARD_FACT = re.compile(_ZH_CARD_FACT_LEAD + r"(?:的|那边的?|那邊的?)\s*" + _ZH_FACT_NAMES)
# "华润电话多少", "扬子石化信用怎么样": the same without 的, only for words that surely name
# clients (`card_fact_asked(bare=True)`); 信用社 is a name, not its credit.
_ZH_BARE_CARD_FACT = re.compile(_ZH_CARD_FACT_LEAD + _ZH_FACT_NAMES)
_EN_CARD_FACT = re.compile(
    r"\b(?:contacts?|contact\s+person|phone(?:\s+numbers?)?|address|credit(?:\s+rating)?|rating|"
    r"account\s+manager|decision\s+makers?)\s+(?:of|for|at)\s+(?P<name>[^?.!]+?)\s*(?:[?.!]|$)",
    re.I,
)
_POSSESSIVE = re.compile(r"['’]s?$", re.I)
# "Shagang's credit rating", "what's CR Power's phone number": the client named before 's, the
# question's own words before it left off (`_possessor`).
_EN_POSSESSIVE_FACT = re.compile(
    r"(?P<name>[A-Za-z0-9&.\s\u4e00-\u9fff-]{2,60}?)['’]s?\s+(?:contacts?|contact\s+persons?|"
    r"phone(?:\s+numbers?)?|address|credit(?:\s+rating)?|rating|account\s+manager|"
    r"decision\s+makers?)\b",
    re.I,
)
_ASKING_WORDS = frozenset(
    "what whats is are was were who tell me show give find get please check about for at i "
    "need want know do does you can could would s t".split()
)
# Words a question about the rules opens with ("客户的联系人要登记哪些", "优质客户的信用"): no name.
_NO_NAME = re.compile(
    r"客户|客戶|我|哪|这|這|每|各|所有|公司的|请问|請問|帮我|麻烦|查一下|看一下|问一下|告诉我|"
    r"\b(?:my|our|the|a|each|every)\b",
    re.I,
)


def _possessor(words: str) -> str | None:
    """The client a possessive names ("Shagang" of "what's Shagang's credit rating"): the words
    before the 's after the last word of the question's own ("what", "me")."""
    m = _EN_POSSESSIVE_FACT.search(words)
    if m is None:
        return None
    said = re.split(r"\s+", m.group("name").strip())
    kept: list[str] = []
    for word in reversed(said):
        if word.lower().strip(".") in _ASKING_WORDS:
            break
        kept.insert(0, word)
    return " ".join(kept[-4:]) or None


def card_fact_asked(text: str, *, bare: bool = False) -> str | None:
    """The words naming a client in a question about its card ("万家" in "万家的联系人电话",
    "jiao tong" in "credit rating of jiao tong?", "Shagang" in "Shagang's credit rating");
    None for anything else. `bare`: also "华润电话多少", without 的, for a caller that then
    takes the words only when they name clients outright (not what they may resemble)."""
    words = " ".join(text.strip().split())
    patterns = (_ZH_CARD_FACT, _EN_CARD_FACT, *((_ZH_BARE_CARD_FACT,) if bare else ()))
    for pattern in patterns:
        if (m := pattern.search(words)) is not None:
            name = m.group("name").strip(" ，,。？?！!的")
            if len(name) >= 2 and not _NO_NAME.search(name):
                return name
    name = _possessor(words)
    if name is not None and len(name) >= 2 and not _NO_NAME.search(name):
        return name
    return None


class CardFact(StrEnum):
    """One thing a client's card holds that a question may ask for alone."""

    CONTACTS = "contacts"
    DECISION_MAKERS = "decision_makers"
    ADDRESS = "address"
    RATING = "rating"
    MANAGER = "manager"


# The words asking for each (simplified, traditional, English), in the order answered.
_FACT_WORDS = (
    (CardFact.DECISION_MAKERS, r"决策人|決策人|拍板|decision[\s-]*makers?"),
    (CardFact.CONTACTS, r"联系人|聯繫人|联络人|聯絡人|对接人|對接人|联系方式|聯繫方式|电话|電話|手机|"
                        r"手機|号码|號碼|\bcontacts?\b|\bphones?\b|\bmobile\b|\bnumbers?\b"),
    (CardFact.ADDRESS, r"地址|在哪|\baddress\b|\blocated\b|\bwhere\s+is\b"),
    (CardFact.RATING, r"信誉|信譽|信用(?!社|合作|卡)|评级|評級|\bcredit\b|\brating\b"),
    (CardFact.MANAGER, r"客户经理|客戶經理|谁负责|誰負責|谁管|誰管|\baccount\s+manager\b|"
                       r"\bwho\s+(?:manages|looks\s+after|handles|is\s+in\s+charge)\b"),
)  # fmt: skip
_FACT_RES = tuple((fact, re.compile(words, re.I)) for fact, words in _FACT_WORDS)
# A question about more than the card's fixed facts (its visits, complaints, what to do, when):
# the whole card answers it, not a line of it.
_BEYOND_FACTS = re.compile(
    r"走访|走訪|拜访|拜訪|上门|上門|见面|見面|投诉|投訴|工单|工單|合同|回款|欠费|欠費|"
    r"什么时候|什麼時候|何时|何時|上次|最近|下次|多久|怎么办|怎麼辦|为什么|為什麼|要不要|该不该|"
    r"\b(?:visit\w*|met|meet\w*|complain\w*|tickets?|contracts?|when|last|next|why|should)\b",
    re.I,
)


def card_facts_asked(text: str) -> tuple[CardFact, ...]:
    """What of a client's card a question asks for alone ("宝钢的联系人是谁？": its contacts;
    "Baosteel's address and account manager?": both), in the card's order; none when it asks
    about anything more (its visits, a complaint, when or why): that is the whole card's to
    answer."""
    if _BEYOND_FACTS.search(text):
        return ()
    found = [fact for fact, pattern in _FACT_RES if pattern.search(text)]
    if CardFact.DECISION_MAKERS in found and CardFact.CONTACTS in found:
        # "决策人的电话": the decision makers' lines carry their phones.
        found.remove(CardFact.CONTACTS)
    return tuple(sorted(found, key=list(CardFact).index))


def for_one_client(caption: str | None) -> bool:
    """Whether an admin's caption files a document for one client ("客户：华能南京电厂"): a
    spreadsheet sent so goes to the knowledge base, not to the client import."""
    return _CLIENT_CAPTION.search(caption or "") is not None


@dataclass(frozen=True, slots=True)
class ClientMention:
    """The question names a client the actor may see: answer with its card, not from documents."""

    client_id: int
    name: str


class AskService:
    def __init__(
        self,
        kb: KnowledgeBase | None,
        db: Database,
        clients: ClientService,
        model_resting: Callable[[], bool] | None = None,
    ) -> None:
        self._kb = kb
        self._db = db
        self._clients = clients
        # The language model failed a moment ago (the assistant's rest): the documents answer by
        # their own words meanwhile, not after another wait on it.
        self._model_resting = model_resting or (lambda: False)

    @property
    def available(self) -> bool:
        return self._kb is not None

    async def _visible_names(self, actor: Actor) -> list[Any]:
        """The id, name and aliases of every client the actor may see."""
        async with self._db.read() as session:
            return list(
                (
                    await session.execute(
                        select(Client.id, Client.name, Client.aliases).where(visible_clients(actor))
                    )
                ).all()
            )

    async def client_mentioned(self, actor: Actor, question: str) -> ClientMention | None:
        """The visible client whose name or alias appears in the question, longest name first."""
        if not might_name_a_client(question):
            return None
        rows = await self._visible_names(actor)
        named = client_named_in(question, rows)
        return ClientMention(*named) if named else None

    async def client_in_report(self, actor: Actor, text: str) -> bool:
        """Whether a report names a visible client: by its name or alias, or surely by part of
        one as a visit report's client is read ("Shagang complained…", alias Shagang Group)."""
        return await self.client_of_report(actor, text) is not None

    async def client_perhaps_in_report(self, actor: Actor, text: str) -> bool:
        """Whether a report names a visible client, surely or as one of a few it may mean (the
        draft then asks which): a fault told of "交行" is a complaint, not a handbook question."""
        if await self.client_mentioned(actor, text) is not None:
            return True
        rows = await self._visible_names(actor)
        return client_perhaps_told(text, [(r.id, r.name, list(r.aliases or [])) for r in rows])

    async def client_of_report(self, actor: Actor, text: str) -> int | None:
        """The visible client a report names (as `client_in_report` reads it); None if none."""
        named = await self.client_told(actor, text)
        return named.client_id if named is not None else None

    async def client_told(self, actor: Actor, text: str) -> ClientMention | None:
        """The visible client a report names, with its name: by its name or alias, or surely by
        part of one ("Shagang" of the alias Shagang Group)."""
        if (mention := await self.client_mentioned(actor, text)) is not None:
            return mention
        rows = await self._visible_names(actor)
        told = client_told(text, [(r.id, r.name, list(r.aliases or [])) for r in rows])
        return ClientMention(told[0], told[1]) if told else None

    async def clients_told(
        self, actor: Actor, text: str
    ) -> tuple[ClientMention | None, list[ClientMention]]:
        """The visible client a request names surely ("提醒我明天跟交通银行续约", as `client_told`
        reads it), else (None and) the few it could mean, best first, to ask which ("交行")."""
        if (mention := await self.client_mentioned(actor, text)) is not None:
            return mention, []
        rows = await self._visible_names(actor)
        sure, options = clients_perhaps_told(
            text, [(r.id, r.name, list(r.aliases or [])) for r in rows]
        )
        return (ClientMention(*sure) if sure else None), [ClientMention(*o) for o in options]

    async def client_by_proper_name(self, actor: Actor, text: str) -> ClientMention | None:
        """A question naming a visible client by a capitalised word of one of its Latin names
        ("who is my contact at Shagang?" of the alias Shagang Group): that client, surely; None
        otherwise (a lower-case "first" names no "First Affiliated Hospital")."""
        capitals = {w.lower() for w in _capitalised(text)}
        if not capitals:
            return None
        told = await self.client_told(actor, text)
        if told is None:
            return None
        async with self._db.read() as session:
            row = (
                await session.execute(
                    select(Client.name, Client.aliases).where(
                        Client.id == told.client_id, visible_clients(actor)
                    )
                )
            ).one_or_none()
        if row is None:
            return None
        words = {w.lower() for name in (row.name, *(row.aliases or []))
                 for w in re.findall(r"[A-Za-z&'-]{3,}", name)}  # fmt: skip
        return told if capitals & words else None

    async def refuse_hidden_client_in_report(self, actor: Actor, text: str) -> None:
        """Refuse a report (a visit, a fault called in) naming a client the actor may not see, as
        `refuse_hidden_client` does, unless it names one of theirs surely. A colleague's client
        typed in full ("Bank of Jiangsu") is refused though a part of it may be one of their own
        ("Bank of" of Bank of Communications): that one was offered to pick, the wrong bank."""
        if not await self.client_perhaps_in_report(actor, text):
            await self.refuse_hidden_client(actor, text)
            return
        if actor.role is Role.ADMIN or await self.client_told(actor, text) is not None:
            return
        rows = await self._hidden_clients(actor)
        if rows and (typed := _name_typed(text, rows)):
            raise NotFound("error.no_client_named", query=typed[:50])

    async def _hidden_clients(self, actor: Actor) -> list[Any]:
        """(id, name, aliases) of the clients the actor may not see."""
        async with self._db.read() as session:
            return list(
                (
                    await session.execute(
                        select(Client.id, Client.name, Client.aliases).where(
                            Client.import_id.is_(None), not_(visible_clients(actor))
                        )
                    )
                ).all()
            )

    async def refuse_hidden_client(self, actor: Actor, text: str) -> None:
        """Raise NotFound("error.no_client_named"), as /complaints does, when a question names a
        client the actor may not see (by a name or alias, or a capitalised word of a Latin one:
        "沙钢的联系人是谁？", "who is the contact at Shagang?"), with the words as typed: not
        sent to the documents, and not told whose client it is. Call it once the clients the
        actor may see have been looked for."""
        if actor.role is Role.ADMIN or not might_name_a_client(text):
            return
        rows = await self._hidden_clients(actor)
        if not rows:
            return
        typed = _name_typed(text, rows)
        if typed is None:
            told = client_told(text, [(r.id, r.name, list(r.aliases or [])) for r in rows])
            row = next((r for r in rows if told and r.id == told[0]), None)
            typed = _capitalised_words_of(text, row.name, row.aliases) if row else None
        if typed:
            raise NotFound("error.no_client_named", query=typed[:50])

    async def client_named(self, actor: Actor, text: str) -> ClientChoice | None:
        """A message that is nothing but a client's name (or part of it): the client, or the ones
        it names. None for anything longer or naming no client, which stays a question."""
        words = text.strip()
        if not words or len(words) > BARE_NAME_CHARS or _QUESTION_MARK.search(words):
            return None
        choice = await self._clients.find(actor, words)
        return choice if choice.sure is not None or choice.named else None

    async def client_asked(self, actor: Actor, name: str) -> ClientChoice | None:
        """The visible client a question about one client's visits or complaints names in part
        ("ZTO Express" of the alias ZTO Express Jiaxing): the client, or the ones the words name;
        None when they name none of the actor's clients."""
        choice = await self._clients.find(actor, name)
        return choice if choice.sure is not None or choice.named else None

    async def clients_with_contact(self, actor: Actor, name: str) -> list[tuple[ClientHit, str]]:
        """The actor's visible clients with a contact of this name ("沈立华的电话多少", "Ji
        Haidong's phone"), each with the contact's name as filed."""
        return await self._clients.with_contact(actor, name)

    async def clients_perhaps_meant(self, actor: Actor, name: str) -> tuple[ClientHit, ...]:
        """The visible clients words naming none for sure may mean ("宁波银心" of 宁波银行
        股份有限公司), to pick from; none when they surely name one or resemble none."""
        choice = await self._clients.find(actor, name)
        return choice.options if choice.sure is None else ()

    async def answer(self, actor: Actor, question: str) -> Answer | None:
        """Answer from the documents the actor may read; None when no knowledge base is open."""
        if self._kb is None:
            return None
        allowed = await self._clients.visible_ids(actor)
        # Retrieval and inference block; keep the event loop free for other users.
        try:
            return await asyncio.to_thread(
                self._kb.answer, question, allowed_client_ids=allowed,
                reader=actor.language.value, use_model=not self._model_resting(),
            )  # fmt: skip
        except StoreUnavailable as exc:
            # Replicas share a Chroma server: while it is down the rest of the bot still works,
            # and the user is told the documents cannot be searched now, not "something broke".
            log.warning("question not answered: %s", exc)
            raise DomainError("ask.down") from exc

    # Administration of the documents behind the answers (admins only).

    def _require_kb(self) -> KnowledgeBase:
        if self._kb is None:
            raise DomainError("ask.unavailable")
        return self._kb

    async def upload_client(self, actor: Actor, caption: str) -> ClientHit | None:
        """The client an admin's caption files a document for ("客户：华能南京电厂", "client:
        Huaneng"): its passages are then read only by those who may see that client, as the
        server decides for every question. None when the caption names no client (a document for
        the whole company). A name that is no client, or could be several, is refused (NotFound,
        DomainError "kb.client_ambiguous"): a note meant for one client must never be filed for
        everyone, nor for another client."""
        match = _CLIENT_CAPTION.search(caption or "")
        if match is None:
            return None
        if actor.role is not Role.ADMIN:
            raise AccessDenied("error.forbidden")
        name = match.group(1).strip()
        choice = await self._clients.find(actor, name)
        if choice.sure is not None:
            return choice.sure
        if choice.options:
            options = " / ".join(hit.name for hit in choice.options[:5])
            raise DomainError("kb.client_ambiguous", query=name[:50], options=options)
        raise NotFound("kb.client_unknown", query=name[:50])

    async def client_for_files(self, name: str) -> ClientHit:
        """The client `kam ingest --client NAME` files documents for: the operator of the command
        line may name any client; a name that is no client or several is refused as in chat."""
        hit = await self.upload_client(_OPERATOR, f"client: {name}")
        if hit is None:  # an empty name
            raise NotFound("kb.client_unknown", query=name[:50])
        return hit

    async def ingest(
        self,
        actor: Actor,
        filename: str,
        data: bytes,
        progress: Callable[[int, int], None] | None = None,
        *,
        client_id: int | None = None,
        reading: Callable[[int, int], None] | None = None,
        hold_earlier: bool = False,
        album: str | None = None,
    ) -> IngestReport:
        """Add or replace a document (for one client alone when client_id is given); raises
        IngestError (with a code) for unusable files. With `hold_earlier`, documents that look
        like its earlier editions stop answering in the same write, until the admin chooses
        (`replace_version` or `keep_versions`): answers never quote two editions meanwhile.

        progress(done, total) is called from a worker thread as the document's chunks are embedded,
        reading(done, total) before that as the pages of a scanned PDF are read by OCR.
        Photos of pages sent as one album (`album`, its id) are one document.
        """
        if actor.role is not Role.ADMIN:
            raise AccessDenied("error.forbidden")
        kb = self._require_kb()
        try:
            return await asyncio.to_thread(
                kb.ingest_bytes, filename, data, client_id=client_id, progress=progress,
                reading=reading, hold_earlier=hold_earlier, album=album,
            )  # fmt: skip
        except StoreUnavailable as exc:  # nothing was added: the registry is written after Chroma
            log.warning("document %s not added: %s", filename, exc)
            raise DomainError("kb.down") from exc

    async def documents(self, actor: Actor, part: str = "") -> list[DocumentInfo]:
        """The documents the actor's answers come from: every one for an admin; for others the
        company's and those filed for a client they may see (as `answer` reads them). With
        `part`, only those whose title or file name holds it."""
        docs = matching(part, await asyncio.to_thread(self._require_kb().documents))
        allowed = await self._clients.visible_ids(actor)
        if allowed is None:
            return docs
        # An earlier edition held for a newer one answers no one's questions meanwhile.
        return [
            d
            for d in docs
            if (d.client_id is None or d.client_id in allowed)
            and (actor.role is Role.ADMIN or d.held_for is None)
        ]

    async def operator_documents(self, part: str = "") -> tuple[list[DocumentInfo], dict[int, str]]:
        """Every document (those whose title or file name holds `part`), with the names of the
        clients they are filed for: what `kam kb list` shows the operator."""
        docs = await self.documents(_OPERATOR, part)
        return docs, await self.owners(_OPERATOR, docs)

    async def replace_version(
        self, actor: Actor, old_id: str, new_id: str
    ) -> tuple[DocumentInfo, DocumentInfo] | None:
        """The admin confirms that a document just added replaces an earlier version: the
        earlier one is removed (answers quote only the new one from then on). None when either
        is gone (the offer is stale)."""
        old = await self.removable(actor, old_id)
        new = await self.removable(actor, new_id)
        if old is None or new is None or old.doc_id == new.doc_id:
            return None
        removed = await self.remove(actor, old.doc_id)
        return None if removed is None else (removed, new)

    async def keep_versions(self, actor: Actor, new_id: str) -> list[DocumentInfo] | None:
        """The admin keeps the earlier editions held for a document just added (by an id
        prefix): they answer again beside it. None when none is held for it any more (the
        offer is stale: replaced, kept already, or the new one removed)."""
        new = await self.removable(actor, new_id)
        if new is None:
            return None
        kb = self._require_kb()
        docs = {d.doc_id: d for d in await asyncio.to_thread(kb.documents)}
        released = await asyncio.to_thread(kb.keep_versions, new.doc_id)
        return [docs[i] for i in released if i in docs] or None

    async def other_versions(self, actor: Actor, doc_id: str) -> list[DocumentInfo]:
        """Documents for the same readers that look like other versions of this one (the same
        name but for "-v2", a date, "修订版"…): answers quote them side by side, an old number
        beside the new one, until the admin removes the old."""
        if actor.role is not Role.ADMIN:
            raise AccessDenied("error.forbidden")
        docs = await asyncio.to_thread(self._require_kb().documents)
        doc = next((d for d in docs if d.doc_id == doc_id), None)
        return [] if doc is None else other_versions(doc, docs)

    async def same_content(self, actor: Actor, doc_id: str) -> list[DocumentInfo]:
        """Documents with exactly this one's content filed for other readers (company-wide or
        another client's): what an admin is told after an upload. Admins only: it names clients
        and documents a manager may not see."""
        if actor.role is not Role.ADMIN:
            raise AccessDenied("error.forbidden")
        return await asyncio.to_thread(self._require_kb().same_content, doc_id)

    async def album_owner(self, actor: Actor, album: str) -> tuple[bool, ClientHit | None]:
        """Whether photos of this album were filed into the knowledge base already and, if so,
        the client they were filed for (None: the company's): Telegram gives the caption
        ("客户：华能南京电厂", "知识库") to an album's first photo alone, and its other pages
        belong with it, not filed for everyone."""
        if actor.role is not Role.ADMIN or self._kb is None:
            return False, None
        document = await asyncio.to_thread(self._kb.album_document, album)
        if document is None:
            return False, None
        if document.client_id is None:
            return True, None
        names = await self.owners(actor, [document])
        name = names.get(document.client_id, f"#{document.client_id}")
        return True, ClientHit(document.client_id, name, 100.0)

    async def owners(self, actor: Actor, docs: list[DocumentInfo]) -> dict[int, str]:
        """The names of the clients these documents are filed for (those the actor may see), by
        id: /kb says whose a document is, so an admin sees who reads it."""
        ids = {d.client_id for d in docs if d.client_id is not None}
        if not ids:
            return {}
        async with self._db.read() as session:
            rows = await session.execute(
                select(Client.id, Client.name).where(Client.id.in_(ids), visible_clients(actor))
            )
            return {cid: name for cid, name in rows.all()}

    async def removable(self, actor: Actor, doc_id: str) -> DocumentInfo | None:
        """The document an admin's remove button names (None when it is gone or the prefix is
        ambiguous), so the removal can be confirmed by its title before it happens."""
        if actor.role is not Role.ADMIN:
            raise AccessDenied("error.forbidden")
        kb = self._require_kb()
        # Buttons carry a prefix of the id (callback data is at most 64 bytes).
        matches = [d for d in await asyncio.to_thread(kb.documents) if d.doc_id.startswith(doc_id)]
        return matches[0] if len(matches) == 1 and doc_id else None

    async def remove(self, actor: Actor, doc_id: str) -> DocumentInfo | None:
        doc = await self.removable(actor, doc_id)
        if doc is None:
            return None
        try:
            await asyncio.to_thread(self._require_kb().remove_document, doc.doc_id)
        except StoreUnavailable as exc:  # nothing was removed: Chroma is written first
            log.warning("document %s not removed: %s", doc.doc_id, exc)
            raise DomainError("kb.remove_down") from exc
        return doc


def _name_typed(text: str, rows: Any) -> str | None:
    """The longest of the clients' names and aliases the text holds, as written in it (folded
    alike, as `client_named_in` compares them); None when it holds none."""
    folded = mention_key(text)
    best: str | None = None
    for row in rows:
        for candidate in english_word_orders((row.name, *(row.aliases or ()))):
            key = mention_key(candidate)
            if len(key) < 2 or key not in folded or (best is not None and len(key) <= len(best)):
                continue
            if key.isascii() and not whole_words_in(candidate, text):
                continue  # "NACKS" is not named by "snacks"
            best = key
    if best is None:
        return None
    # The words as the user wrote them: the shortest run of the text that folds to the key.
    for start in range(len(text)):
        for end in range(start + 1, min(len(text), start + 3 * len(best) + 8) + 1):
            if mention_key(text[start:end]) == best:
                return text[start:end].strip()
    return best


def _capitalised(text: str) -> list[str]:
    """The capitalised words of the text, a possessive's 's left off ("Shagang" of "Shagang's
    credit rating": read with it, the word was no word of the alias Shagang Group)."""
    return [_POSSESSIVE.sub("", w) for w in re.findall(r"\b[A-Z][A-Za-z&'’-]{2,}", text)]


def _capitalised_words_of(text: str, name: str, aliases: Any) -> str | None:
    """The capitalised words of the text that are words of the client's Latin name or aliases
    ("Shagang" of Shagang Group), joined as written; None when there are none."""
    words = {w.lower() for n in (name, *(aliases or ()))
             for w in re.findall(r"[A-Za-z&'-]{3,}", n)}  # fmt: skip
    found = [w for w in _capitalised(text) if w.lower() in words]
    return " ".join(found) or None
