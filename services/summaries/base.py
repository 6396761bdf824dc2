"""What every summary query starts from: the period as instants, whose figures are in scope."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import visible_clients
from services.clock import Clock
from services.domain import Actor, Role
from services.errors import AccessDenied
from services.matching import person_name_pattern
from services.policy import Policy
from services.storage.models import AuditEntry, Client, Team, User
from services.storage.uow import Database
from services.summaries.periods import AS_OF_TODAY, Period, default_period
from services.summaries.questions import SummaryQuery, Topic, client_asked_about
from services.summaries.records import Person, Span

# Words of a question about other people's figures ("本月团队拜访情况", "how did everyone do?").
_OTHERS = re.compile(
    r"团队|全队|全组|组里|大家|所有人|每个人|各位|同事|别人|其他人|其他经理|各客户经理|谁的|哪位经理|"
    r"\b(?:team|everyone|everybody|colleagues?|others|whose|who\s+has)\b",
    re.I,
)
TOP = 10  # how many overdue and at-risk clients a summary names
CHART_WEEKS = 8
AGE_BUCKETS_DAYS = (1, 3, 7, 30)  # unresolved complaints by age: <1, 1-3, 3-7, 7-30, >30 days
UNRESOLVED = ("open", "responded")


@dataclass(frozen=True)
class Window:
    """The period's local days as UTC instants, and 'now' capped to the end of the period."""

    span: Span
    start_at: datetime
    end_at: datetime
    as_of_at: datetime
    current: bool  # the period runs to now: its state is the present one


@dataclass(frozen=True, slots=True)
class QueryScope:
    period: Period
    manager_id: int | None  # narrowed to this manager's figures; None: the actor's whole scope
    unknown_name: str | None = None  # the question named someone nobody in scope is called
    about_person: bool = False  # the question is about one person's figures (named, or "me")
    # "宝钢最近一次拜访是什么时候？" naming no client in scope nor a colleague: said, not answered
    # with the asker's own week
    unknown_client: str | None = None
    # A manager asked about the team or a colleague: answered with their own figures, which the
    # answer must say (only a supervisor sees anyone else's).
    own_only: bool = False
    # The question named someone by a name they had before a rename: (that name, the current
    # one), to say beside the answer.
    renamed: tuple[str, str] | None = None


class SummaryBase:
    """The database, clock and policy of the summary queries; time and people in scope."""

    def __init__(self, db: Database, clock: Clock, policy: Policy) -> None:
        self._db = db
        self._clock = clock
        self._policy = policy

    def today(self, actor: Actor) -> date:
        return self._clock.now().astimezone(ZoneInfo(actor.timezone)).date()

    def span(self, actor: Actor, period: Period, *, today: date | None = None) -> Span:
        today = today or self.today(actor)
        start, end = period.bounds(today)
        return Span(period, start, end, min(today, end))

    def _window(self, actor: Actor, period: Period, today: date | None) -> Window:
        span = self.span(actor, period, today=today)
        zone = ZoneInfo(actor.timezone)

        def at(day: date) -> datetime:
            return datetime.combine(day, time(0), zone).astimezone(UTC)

        end_at = at(span.end + timedelta(days=1))
        # For the current period the state is taken now; for a past one at its last midnight.
        current = span.as_of >= self.today(actor)
        as_of_at = self._clock.now() if current else end_at
        return Window(span, at(span.start), end_at, as_of_at, current)

    async def people(self, actor: Actor) -> list[Person]:
        """Whose figures the actor may see: themself, their team, or (admins) everyone."""
        async with self._db.read() as session:
            return await self._people(session, actor)

    async def _people(self, session: AsyncSession, actor: Actor) -> list[Person]:
        owners = select(Client.owner_id).where(visible_clients(actor))
        staff = User.role.in_((Role.MANAGER.value, Role.SUPERVISOR.value))
        if actor.role is Role.MANAGER:
            who: ColumnElement[bool] = User.id == actor.user_id
        elif actor.role is Role.SUPERVISOR:
            team = (
                and_(User.team_id == actor.team_id, User.active, staff)
                if actor.team_id is not None
                else User.id == actor.user_id
            )
            who = or_(User.id == actor.user_id, team, User.id.in_(owners))
        else:
            who = or_(and_(User.active, staff), User.id.in_(owners))
        rows = await session.execute(
            select(User.id, User.name, Team.name)
            .outerjoin(Team, Team.id == User.team_id)
            .where(who)
            .order_by(Team.name, User.name, User.id)
        )
        return [Person(r[0], r[1], r[2]) for r in rows]

    async def find_person(self, actor: Actor, name: str) -> Person | None:
        """A colleague in the actor's scope by name: exact, then ignoring case, then partial."""
        people = await self.people(actor)
        needle = name.strip().lower()
        for test in (
            lambda p: p.name == name.strip(),
            lambda p: p.name.lower() == needle,
            lambda p: needle in p.name.lower() or (len(p.name) >= 2 and p.name.lower() in needle),
            # "Wang Lei" or "Lei Wang" for 王磊: how an English question writes a Chinese name.
            lambda p: bool((pattern := person_name_pattern(p.name)) and pattern.fullmatch(needle)),
        ):
            found = [p for p in people if test(p)]
            if len(found) == 1:
                return found[0]
        return None

    async def former_names(self, actor: Actor) -> list[tuple[str, Person]]:
        """The names people in the actor's scope had before they were renamed (the audit log
        keeps each rename), with the person as they are now; a name someone bears now is left
        out (it is theirs)."""
        async with self._db.read() as session:
            people = {p.user_id: p for p in await self._people(session, actor)}
            rows = await session.execute(
                select(AuditEntry.entity_id, AuditEntry.before, AuditEntry.after)
                .where(AuditEntry.entity == "user", AuditEntry.before.is_not(None))
                .order_by(AuditEntry.id)
            )
        current = {p.name for p in people.values()}
        found: dict[str, Person] = {}
        for entity_id, before, after in rows:
            person = people.get(int(entity_id)) if entity_id and entity_id.isdigit() else None
            old = (before or {}).get("name")
            new = (after or {}).get("name")
            if person is None or not isinstance(old, str) or old == new or old in current:
                continue
            found[old] = person
        return list(found.items())

    async def _by_former_name(
        self, actor: Actor, name: str | None, text: str
    ) -> tuple[str, Person] | None:
        """The one person in scope who was called `name` (or a name the text holds) before a
        rename; None when nobody or several were."""
        former = await self.former_names(actor)
        if name:
            needle = name.strip().lower()
            hits = [(old, p) for old, p in former if old.lower() == needle]
            if not hits:
                hits = [(old, p) for old, p in former
                        if len(old) >= 2 and (needle in old.lower() or old.lower() in needle)]  # fmt: skip
            if len({p.user_id for _, p in hits}) == 1:
                return hits[0]
        hits = [(old, p) for old, p in former if len(old) >= 2 and old in text]
        if not hits:
            hits = [(old, p) for old, p in former
                    if (pattern := person_name_pattern(old)) and pattern.search(text)]  # fmt: skip
        return hits[0] if len({p.user_id for _, p in hits}) == 1 else None

    async def scope(self, actor: Actor, query: SummaryQuery) -> QueryScope:
        """Whose figures, over which period, a recognised question asks about. A supervisor's
        "me" is their own figures; a named colleague narrows it; a manager's summary is already
        theirs alone. A name nobody in scope has is returned, to be said, not guessed at."""
        now_topic = query.topic in (Topic.OVERDUE, Topic.AT_RISK)
        period = query.period or (AS_OF_TODAY if now_topic else default_period(self.today(actor)))
        person, unknown, former = None, None, None
        if query.people and actor.role is not Role.MANAGER:
            return QueryScope(period, None)  # "李婷和王磊比一比": the team's figures, their lines
        if query.me and actor.role is not Role.MANAGER:
            person = await self.find_person(actor, actor.name)
        elif query.manager:
            person = await self.find_person(actor, query.manager)
            if person is None:
                person = await self.person_in_text(actor, query.text)
            if person is None and (was := await self._by_former_name(actor, query.manager,
                                                                       query.text)):  # fmt: skip
                former, person = was
            if person is None:
                unknown = query.manager
        elif not query.me:
            person = await self.person_in_text(actor, query.text)
            if person is None and (was := await self._by_former_name(actor, None, query.text)):
                former, person = was
        manager_id = person.user_id if person and actor.role is not Role.MANAGER else None
        if person is None and (client := client_asked_about(query.text)) is not None:
            # A visible client named would have been answered by its card before this.
            return QueryScope(period, None, unknown_client=client)
        if actor.role is Role.MANAGER and (
            unknown is not None or query.who or query.rank or _OTHERS.search(query.text)
        ):
            # Whether the colleague exists is not said either: the answer is the same for all.
            return QueryScope(period, None, own_only=True)
        return QueryScope(
            period,
            manager_id,
            unknown,
            about_person=person is not None,
            renamed=(former, person.name) if former and person and manager_id else None,
        )

    async def person_named(self, actor: Actor, text: str) -> tuple[Person, str | None] | None:
        """The one colleague a supervisor's (or an admin's) words name, by their name now or one
        they had before a rename (returned too, to be said); None for a manager, whose records
        are their own whoever they name, and when nobody or several are named."""
        if actor.role is Role.MANAGER:
            return None
        if (person := await self.person_in_text(actor, text)) is not None:
            return person, None
        if (was := await self._by_former_name(actor, None, text)) is not None:
            return was[1], was[0]
        return None

    async def person(self, actor: Actor, user_id: int) -> Person | None:
        """Someone whose figures the actor may see, by id (a button's); None for anyone else."""
        return next((p for p in await self.people(actor) if p.user_id == user_id), None)

    async def person_in_text(self, actor: Actor, text: str) -> Person | None:
        """The one colleague in scope whose name appears in the text, if exactly one does."""
        found = await self.people_in_text(actor, text)
        return found[0] if len(found) == 1 else None

    async def people_in_text(self, actor: Actor, text: str) -> list[Person]:
        """The colleagues in scope whose names appear in the text (as written, else in pinyin:
        "Li Ting", "Wang Lei")."""
        people = await self.people(actor)
        found = [p for p in people if len(p.name) >= 2 and p.name in text]
        if not found:
            found = [p for p in people
                     if (pattern := person_name_pattern(p.name)) and pattern.search(text)]  # fmt: skip
        return found

    async def _person(self, session: AsyncSession, actor: Actor, manager_id: int) -> Person:
        for person in await self._people(session, actor):
            if person.user_id == manager_id:
                return person
        # Someone outside the actor's scope is reported exactly like someone who does not exist.
        raise AccessDenied("error.not_found")

    async def _people_by_id(self, session: AsyncSession, ids: set[int]) -> list[Person]:
        rows = await session.execute(
            select(User.id, User.name, Team.name)
            .outerjoin(Team, Team.id == User.team_id)
            .where(User.id.in_(ids))
            .order_by(User.name)
        )
        return [Person(r[0], r[1], r[2]) for r in rows]
