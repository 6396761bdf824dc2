"""The pre-visit briefing: one client's card, cadence, last visits, open follow-ups and complaints,
and the handbook passages that matter for it, all read as the asking user."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from knowledge import KnowledgeBase, Passage, StoreUnavailable
from knowledge.normal_form import fold_keeping_length
from services.access import visible_clients
from services.clients import ClientService
from services.clock import Clock
from services.complaints import ComplaintService, TicketView
from services.domain import Actor, ClientCard, ClientHit, CreditRating, Language, Tier
from services.errors import DomainError
from services.policy import Policy, VisitStatus
from services.storage.models import Client, User, Visit
from services.storage.uow import Database
from services.visits.filed import as_filed

log = logging.getLogger("kam.briefing")

LAST_VISITS = 3
PASSAGES = 3
# Passages retrieved to choose them from: enough that a handbook kept in both languages has PASSAGES
# in the reader's language among them, though the other language's chunks rank beside them.
CANDIDATES = 4 * PASSAGES
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

# "准备拜访华能", "拜访华能前的准备", "brief me on Huaneng", "prepare for the visit to Huaneng"
_ASK = (
    re.compile(r"^\s*(?:帮我)?(?:准备|预备)(?:一下)?(?:去)?拜访\s*(?P<name>.+?)\s*[。.!！?？]*$"),
    re.compile(
        r"^\s*(?:去)?拜访\s*(?P<name>.+?)\s*(?:之?前)?的?(?:准备|简报|准备工作)\s*[。.!！?？]*$"
    ),
    re.compile(
        r"^\s*(?:please\s+)?(?:brief\s+me\s+(?:on|about)|briefing\s+(?:on|for)|"
        r"prepare\s+(?:me\s+)?for\s+(?:the\s+|my\s+)?(?:visit|meeting)\s+(?:to|with))\s+"
        r"(?P<name>.+?)\s*[.!?]*$",
        re.IGNORECASE,
    ),
)


# "明天要去拜访宝钢", "下午去见华能", "Visiting Shagang tomorrow": a visit ahead, told in a few words
# (a briefing is what helps then, if the name is one of the user's clients).
_WHEN_ZH = r"(?:今天|明天|后天|今早|明早|上午|下午|中午|晚上|待会儿?|一会儿?|等下|等会儿?|马上|这周[一二三四五六日天]|周[一二三四五六日天]|下周[一二三四五六日天]?)"
_PLAN = (
    re.compile(
        rf"^\s*(?:我)?(?:{_WHEN_ZH}\s*)+(?:要|准备|打算|计划|得)?\s*(?:去|到)?\s*"
        r"(?:拜访|见|走访|去)\s*(?P<name>[^，,。；;！!？?\s了过]{2,30})\s*[。.!！]*$"
    ),
    re.compile(
        r"^\s*(?:i'?m\s+|i\s+am\s+|i'?ll\s+be\s+|i\s+will\s+be\s+)?(?:visiting|meeting|seeing)\s+"
        r"(?P<name>[^,.;!?]{2,40}?)\s+(?:today|tomorrow|this\s+(?:morning|afternoon|evening)|"
        r"tonight|later(?:\s+today)?|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day|next\s+week)"
        r"\s*[.!]*$",
        re.IGNORECASE,
    ),
)


def visit_plan(text: str) -> str | None:
    """The name in a few words telling of a visit ahead ("明天要去拜访宝钢"), or None."""
    if len(text) > 60:
        return None
    folded = fold_keeping_length(text)
    for pattern in _PLAN:
        match = pattern.match(folded)
        if match and match.group("name").strip():
            return text[match.start("name") : match.end("name")].strip()
    return None


def briefing_request(text: str) -> str | None:
    """The client named in a request for a pre-visit briefing, or None."""
    if len(text) > 80:
        return None
    folded = fold_keeping_length(text)  # 準備拜訪華能 asks too; the name comes back as typed
    for pattern in _ASK:
        match = pattern.match(folded)
        if match and match.group("name").strip():
            return text[match.start("name") : match.end("name")].strip()
    return None


@dataclass(frozen=True, slots=True)
class VisitNote:
    id: int
    visited_on: date
    kind: str
    people: tuple[tuple[str, str | None], ...]
    summary: str
    next_step: str | None
    follow_up_on: date | None
    author: str
    follow_up_open: bool


@dataclass(frozen=True, slots=True)
class Briefing:
    card: ClientCard
    interval_days: int
    next_due: date
    status: VisitStatus
    today: date
    visits: tuple[VisitNote, ...]
    complaints: tuple[TicketView, ...]
    passages: tuple[Passage, ...]


@dataclass(frozen=True, slots=True)
class BriefingChoice:
    """The name fits several clients: the user picks one."""

    query: str
    hits: tuple[ClientHit, ...]


class BriefingService:
    def __init__(self, db: Database, clock: Clock, policy: Policy, clients: ClientService,
                 complaints: ComplaintService, kb: KnowledgeBase | None) -> None:  # fmt: skip
        self._db = db
        self._clock = clock
        self._policy = policy
        self._clients = clients
        self._complaints = complaints
        self._kb = kb

    async def find(self, actor: Actor, query: str) -> Briefing | BriefingChoice | None:
        """The briefing for the one visible client the query names, a choice, or None."""
        hits = await self._clients.search(actor, query, limit=5)
        if not hits:
            return None
        exact = [h for h in hits if h.score >= 99]
        if len(exact) == 1 or len(hits) == 1 or hits[0].score - hits[1].score >= 15:
            return await self.brief(actor, (exact or hits)[0].id)
        return BriefingChoice(query, tuple(hits))

    async def brief(self, actor: Actor, client_id: int) -> Briefing:
        """Raises AccessDenied/NotFound (reported as "client not found") for a client not visible."""
        card = await self._clients.card(actor, client_id)
        zone = ZoneInfo(actor.timezone)
        today = self._clock.now().astimezone(zone).date()
        async with self._db.read() as session:
            client = (
                await session.execute(
                    select(Client).where(Client.id == client_id, visible_clients(actor))
                )
            ).scalar_one_or_none()
            if client is None:
                raise DomainError("error.client_not_found")
            rows = (
                await session.execute(
                    select(Visit, User.name)
                    .join(User, User.id == Visit.author_id)
                    .where(Visit.client_id == client_id, Visit.deleted_at.is_(None))
                    .order_by(Visit.visited_on.desc(), Visit.id.desc())
                    .limit(LAST_VISITS)
                )
            ).all()
            created_on = client.created_at.astimezone(zone).date()
        cadence = self._policy.cadence
        rating, tier = card.credit_rating, card.tier
        filed = [(c.name, c.title) for c in card.contacts]
        visits = tuple(
            VisitNote(
                v.id, v.visited_on, v.kind,
                # as the file knows them now: 王总经理, met before 王建华 was filed, is 王建华
                as_filed(((p.get("name") or "", p.get("title")) for p in v.people or ()), filed),
                v.summary, v.next_step, v.follow_up_on, author,
                # A follow-up is open until a later visit to the client is logged.
                follow_up_open=n == 0 and bool(v.next_step or v.follow_up_on),
            )
            for n, (v, author) in enumerate(rows)
        )  # fmt: skip
        tickets = tuple(await self._complaints.open_tickets(actor, limit=200, client_id=client_id))
        return Briefing(
            card=card,
            interval_days=cadence.interval_days(rating, tier),
            next_due=cadence.next_due(card.last_visit_on, rating, tier, created_on=created_on),
            status=cadence.status(card.last_visit_on, rating, tier, today=today,
                                  created_on=created_on),
            today=today,
            visits=visits,
            complaints=tickets,
            passages=await self._passages(card, actor.language),
        )  # fmt: skip

    async def _passages(self, card: ClientCard, language: Language) -> tuple[Passage, ...]:
        """What the handbook says about clients like this one, and the client's own documents,
        asked in the reader's language (an English reader gets the English handbook's rules)."""
        if self._kb is None:
            return ()
        # Public documents and this client's own (the card was read as the user, so it is visible).
        allowed = frozenset({card.id})
        kb = self._kb
        chinese = " ".join(
            x for x in (
                _TIER_WORDS.get(card.tier) if card.tier else None,
                _RATING_WORDS.get(card.credit_rating) if card.credit_rating else None,
                card.industry, "客户走访 拜访 注意事项",
            ) if x
        )  # fmt: skip
        queries = [chinese]
        if language is Language.EN:
            # Asked in English first (a Chinese industry name would only blur an English query);
            # the Chinese question still answers when the English one finds nothing.
            queries.insert(0, " ".join(x for x in (
                _TIER_WORDS_EN.get(card.tier) if card.tier else None,
                _RATING_WORDS_EN.get(card.credit_rating) if card.credit_rating else None,
                "client visits",
            ) if x))  # fmt: skip
        try:
            for query in queries:
                retrieval = await asyncio.to_thread(
                    kb.retrieve, query, allowed_client_ids=allowed, k=CANDIDATES
                )
                if retrieval.found:
                    break
            else:
                return ()
        except StoreUnavailable as exc:
            # The Chroma server is down: the card, visits and complaints are briefed all the same.
            log.warning("briefing without handbook passages: %s", exc)
            return ()
        # The reader's language first: a handbook kept in both languages is quoted in theirs; a
        # rule written only in the other language is still quoted when nothing else says it.
        english = language is Language.EN  # a traditional reader reads the simplified handbook
        ranked = sorted(
            retrieval.passages, key=lambda p: (_written_in(p.text) is Language.EN) != english
        )
        rating, tier = card.credit_rating, card.tier
        return tuple(
            dataclasses.replace(p, text=tier_first(for_rating(p.text, rating) if rating else p.text,
                                                   tier))
            for p in ranked[:PASSAGES]
        )  # fmt: skip


# A numbered or bulleted line of a rule: "1. ", "2、", "（3）", "- ".
_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.、．)）]|[（(]\d{1,2}[)）]|[-*•·])\s*")
_Q = r"[“\"「『‘']"
_EQ = r"[”\"」』’']"
_BY = r"(?:信誉|信用|資信|资信)(?:等级|等級|评价|評價|评级|評級)?\s*(?:为|為|是)?\s*"
# How a rule names the rating it is for, in Chinese (simplified or traditional) and English.
_RATING_MARKS = {
    CreditRating.GOOD: re.compile(
        rf"{_Q}[优優]{_EQ}|{_BY}[优優](?:秀|良)?(?:级|級)?的|\brated\s+[\"']?good\b|"
        r"\bgood[- ]rated\b|\bgood\s+(?:credit\s+)?rating\b",
        re.IGNORECASE,
    ),
    CreditRating.MEDIUM: re.compile(
        rf"{_Q}中{_EQ}|{_BY}中(?:等)?(?:级|級)?的|\brated\s+[\"']?medium\b|"
        r"\bmedium[- ]rated\b|\bmedium\s+(?:credit\s+)?rating\b",
        re.IGNORECASE,
    ),
    CreditRating.POOR: re.compile(
        rf"{_Q}[较較]?差{_EQ}|{_BY}[较較]?差(?:级|級)?的|\brated\s+[\"']?poor\b|"
        r"\bpoor[- ]rated\b|\bpoor\s+(?:credit\s+)?rating\b",
        re.IGNORECASE,
    ),
}


def for_rating(text: str, rating: CreditRating) -> str:
    """A passage listing a rule per credit rating, with only the client's own rating's lines: the
    lead-in and every other line are kept, the lines for the other ratings left out (the kept
    line's own number shows the list went on), so a 中 client's briefing never opens on the rule for 优. Unchanged unless the passage
    lists rules for two ratings or more, one of them the client's."""
    lines = text.split("\n")
    marked: dict[int, set[CreditRating]] = {}
    for n, line in enumerate(lines):
        if _ITEM.match(line):
            found = {r for r, mark in _RATING_MARKS.items() if mark.search(line)}
            if found:
                marked[n] = found
    named = set().union(*marked.values()) if marked else set()
    if len(named) < 2 or rating not in named:
        return text
    kept: list[str] = []
    for n, line in enumerate(lines):
        if n not in marked or rating in marked[n]:
            kept.append(line)
    return "\n".join(kept)


def tier_first(text: str, tier: Tier | None) -> str:
    """A passage holding a rule for the client's type of account (第十六条 战略大客户。…60天,
    shorter than the 优 line of Article 15 before it) with that rule's lines first: the briefing
    shows a passage's start, and the cadence it states comes from that rule, not the rating's."""
    if tier is None:
        return text
    named = re.compile(f"{re.escape(_TIER_WORDS[tier])}|{re.escape(_TIER_WORDS_EN[tier])}", re.I)
    lines = text.split("\n")
    own = [
        n for n, line in enumerate(lines) if n > 0 and _TIER_RULE.match(line) and named.search(line)
    ]
    if not own:
        return text
    return "\n".join(
        [lines[n] for n in own] + [line for n, line in enumerate(lines) if n not in own]
    )


# A line opening a rule of its own: "第十六条 …", "Article 16 …".
_TIER_RULE = re.compile(r"^\s*(?:第[一二三四五六七八九十百零〇\d]+条|Article\s+\d+)", re.I)


def _written_in(text: str) -> Language:
    """Chinese when Chinese characters are a fair share of the letters ("good (优)" in an English
    rule is a gloss, "SD-WAN专线" in a Chinese one is a term)."""
    han = len(_HAN.findall(text))
    return Language.ZH if 3 * han > len(_LATIN.findall(text)) else Language.EN


_TIER_WORDS = {
    Tier.IMPORTANT: "重要大客户",
    Tier.GROUP: "集团大客户",
    Tier.COMMERCIAL: "商业大客户",
    Tier.STRATEGIC: "战略大客户",
}
_RATING_WORDS = {
    CreditRating.GOOD: "信誉评价优",
    CreditRating.MEDIUM: "信誉评价中",
    CreditRating.POOR: "信誉评价较差",
}
_TIER_WORDS_EN = {
    Tier.IMPORTANT: "important key accounts",
    Tier.GROUP: "group key accounts",
    Tier.COMMERCIAL: "commercial key accounts",
    Tier.STRATEGIC: "strategic key accounts",
}
_RATING_WORDS_EN = {
    CreditRating.GOOD: "clients rated good",
    CreditRating.MEDIUM: "clients rated medium",
    CreditRating.POOR: "clients rated poor",
}


def due_in(briefing: Briefing) -> int:
    return (briefing.next_due - briefing.today).days


def as_datetime(value: datetime | None, zone: str) -> str:
    return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") if value else "-"
