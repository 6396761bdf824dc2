"""Domain vocabulary: roles, client classifications and the plain records the use cases return."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar


class Role(enum.StrEnum):
    MANAGER = "manager"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Tier(enum.StrEnum):
    IMPORTANT = "important"  # 重要大客户
    GROUP = "group"  # 集团大客户
    COMMERCIAL = "commercial"  # 商业大客户
    STRATEGIC = "strategic"  # 战略大客户


class CreditRating(enum.StrEnum):
    GOOD = "good"  # 优
    MEDIUM = "medium"  # 中
    POOR = "poor"  # 差


class Strategy(enum.StrEnum):
    DEVELOP = "develop"  # 发展
    MAINTAIN = "maintain"  # 维持
    HARVEST = "harvest"  # 收割
    EXIT = "exit"  # 退出


class VisitKind(enum.StrEnum):
    """How a contact with the client was made; the policy says which kinds keep the cadence."""

    ON_SITE = "on_site"
    PHONE = "phone"
    VIDEO = "video"


class Language(enum.StrEnum):
    ZH = "zh"  # simplified Chinese
    ZH_HANT = "zh-Hant"  # traditional Chinese (Hong Kong, Taiwan)
    EN = "en"


E = TypeVar("E", bound=enum.StrEnum)

# Words users and spreadsheets use for each value, Chinese and English, simplified and traditional.
TIER_WORDS: dict[Tier, tuple[str, ...]] = {
    Tier.IMPORTANT: ("important", "重要", "重要大客户", "重要大客戶"),
    Tier.GROUP: ("group", "corporate", "集团", "集团大客户", "集團", "集團大客戶"),
    Tier.COMMERCIAL: ("commercial", "商业", "商业大客户", "商業", "商業大客戶"),
    Tier.STRATEGIC: ("strategic", "战略", "战略大客户", "戰略", "戰略大客戶"),
}
RATING_WORDS: dict[CreditRating, tuple[str, ...]] = {
    CreditRating.GOOD: ("good", "优", "优质", "優", "優質", "a"),
    CreditRating.MEDIUM: ("medium", "中", "中等", "b"),
    CreditRating.POOR: ("poor", "差", "较差", "較差", "c"),
}
STRATEGY_WORDS: dict[Strategy, tuple[str, ...]] = {
    Strategy.DEVELOP: ("develop", "development", "发展", "發展"),
    Strategy.MAINTAIN: ("maintain", "维持", "維持"),
    Strategy.HARVEST: ("harvest", "收割"),
    Strategy.EXIT: ("exit", "退出"),
}


def parse_choice(words: dict[E, tuple[str, ...]], raw: str) -> E | None:
    """Map a user's or a spreadsheet's word for a value to the enum, or None when unknown."""
    needle = raw.strip().lower()
    for value, spellings in words.items():
        if needle == value.value or needle in (s.lower() for s in spellings):
            return value
    return None


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting, as decided on the server from the database for every update."""

    user_id: int
    telegram_id: int
    name: str
    role: Role
    team_id: int | None
    language: Language
    timezone: str
    language_chosen: bool = True  # False: follow the language of the user's Telegram
    unreachable: bool = False  # a send to them failed (blocked, or never opened the chat)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


@dataclass(frozen=True, slots=True)
class ContactInfo:
    name: str
    title: str | None = None
    phone: str | None = None
    decision_maker: bool = False
    mobile: str | None = None  # from a business card, with the e-mail and the card's photo
    email: str | None = None
    contact_id: int | None = None
    has_photo: bool = False


@dataclass(frozen=True, slots=True)
class ClientCard:
    id: int
    name: str
    aliases: tuple[str, ...]
    tier: Tier | None
    credit_rating: CreditRating | None
    strategy: Strategy | None
    industry: str | None
    region: str | None
    address: str | None
    latitude: float | None
    longitude: float | None
    owner_name: str | None
    owner_telegram_id: int | None
    notes: str | None
    last_visit_on: date | None
    contacts: tuple[ContactInfo, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class ClientHit:
    """One client found by a search, with how well it matched (0-100)."""

    id: int
    name: str
    score: float


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    telegram_id: int
    name: str
    role: Role
    team: str | None
    language: Language
    active: bool
    created_at: datetime


MAX_RECORD_ID = 2**31 - 1  # the smallest integer key the databases hold


def record_id(text: str) -> int | None:
    """A record id from a button or a command: plain digits within a database key, else None.

    Button data comes from the network and can be forged; "99999999999999999999999" must be a
    polite "not found", not an overflow in the database driver.
    """
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    value = int(text)
    return value if 0 < value <= MAX_RECORD_ID else None
