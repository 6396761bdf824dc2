"""Reminders on both databases with a fake clock: what falls due, when it goes out, and what it says.

The sweep here is the real one (generate, then claim) on a real database; only the clock is fake
and nothing is sent: a claim hands over what the bot would send, and `sent` records it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from services.bootstrap import Services
from services.client_import import ClientRow
from services.domain import Actor, Language, Role
from services.draft_store import FlowState
from services.exports import ExportKind
from services.reminders.kinds import GROUP, Delivery, Kind, Status
from services.storage.models import Client, Complaint, Reminder, User
from tests.fakes import FakeClock

ZHANG, LI, BOSS = 11, 12, 10


def row(line: int, name: str, owner: int, rating: str | None, last: date | None,
        tier: str | None = None) -> ClientRow:  # fmt: skip
    from services.domain import CreditRating, Tier

    return ClientRow(
        line=line, name=name, owner_telegram_id=owner, tier=Tier(tier) if tier else None,
        credit_rating=CreditRating(rating) if rating else None, strategy=None, industry=None,
        region=None, address=None, latitude=None, longitude=None, last_visit_on=last, notes=None,
        aliases=(), contacts=(),
    )  # fmt: skip


async def team(services: Services) -> tuple[Actor, Actor, Actor]:
    await services.users.add_user(
        telegram_id=BOSS, name="王主管", role=Role.SUPERVISOR, team="一部"
    )
    await services.users.add_user(telegram_id=ZHANG, name="张三", role=Role.MANAGER, team="一部")
    await services.users.add_user(telegram_id=LI, name="李四", role=Role.MANAGER, team="一部")
    actors = [await services.users.resolve_actor(i) for i in (ZHANG, LI, BOSS)]
    assert all(actors)
    return actors[0], actors[1], actors[2]  # type: ignore[return-value]


async def sweep(services: Services, worker: str = "w1") -> list[Delivery]:
    """One sweep as the bot runs it, every delivery reported sent."""
    await services.reminders.generate()
    out: list[Delivery] = []
    while True:
        claim = await services.reminders.claim(worker)
        if not claim.taken:
            return out
        for item in claim.deliveries:
            await services.reminders.started(item.ids, worker)
            await services.reminders.sent(item.ids, 1)
        out += claim.deliveries


def about(deliveries: list[Delivery], telegram_id: int | None = None) -> list[tuple[str, str]]:
    return sorted(
        (d.kind, str(d.params.get("client", "")))
        for d in deliveries
        if d.kind != Kind.DIGEST and (telegram_id is None or d.telegram_id == telegram_id)
    )


async def log_visit(services: Services, actor: Actor, text: str) -> int:
    outcome = await services.visits.start(actor, text)
    assert outcome.says[-1].key == "visit.confirm", outcome
    state = await services.conversations.store.get(actor.user_id)
    assert state is not None
    saved = await services.conversations.on_choice(actor, state.token, "ok")
    assert saved.says[0].key == "visit.saved", saved
    return int(saved.says[0].params["id"])


async def file_complaint(services: Services, actor: Actor, client: str, severity: str) -> int:
    await services.complaints.start(actor, f"{client} 专线故障")
    state = await services.conversations.store.get(actor.user_id)
    assert state is not None
    state.data.update(severity=severity, category="product_quality", received_by=actor.name)
    await services.conversations.store.save(state)
    saved = await services.complaints.save(actor, FlowState(**{**state.__dict__}))
    assert saved.says[0].key == "complaint.saved", saved
    return int(saved.says[0].params["id"])


async def zhangs_complaint(services: Services, severity: str) -> tuple[Actor, Actor, int]:
    """The team, and a complaint of `severity` filed now by 张三 about his 华能南京电厂:
    (张三, 王主管, the ticket's id)."""
    zhang, _, boss = await team(services)
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "good",
                                                  date(2026, 11, 20))])  # fmt: skip
    return zhang, boss, await file_complaint(services, zhang, "华能南京电厂", severity)


# ------------------------------------------------------------------------------ visit cadence


async def test_cadence_by_credit_rating_reminds_before_and_after_the_due_day(
    services: Services, clock: FakeClock
) -> None:
    # Monday 2026-11-23 10:00 in Shanghai.
    await team(services)
    await services.clients.upsert_rows(None, [
        row(2, "差客户", ZHANG, "poor", date(2026, 11, 1)),  # every 30 days: due 12-01
        row(3, "中客户", ZHANG, "medium", date(2026, 8, 1)),  # every 90: due 10-30, overdue
        row(4, "优客户", ZHANG, "good", date(2026, 10, 1)),  # every 180: due 2027-03-30
        row(5, "新客户", ZHANG, None, None),  # never visited: one interval from today
        row(6, "战略客户", ZHANG, "good", date(2026, 9, 20), tier="strategic"),  # 60: due 11-19
    ])  # fmt: skip
    first = await sweep(services)
    # Overdue ones at once; their "due soon" reminders are not sent after the fact.
    assert about(first) == [("cadence_overdue", "中客户"), ("cadence_overdue", "战略客户")]
    overdue = {d.params["client"]: d.params for d in first if d.kind != Kind.DIGEST}
    assert overdue["中客户"]["days_overdue"] == 24 and overdue["中客户"]["due_on"] == date(
        2026, 10, 30
    )
    assert overdue["战略客户"]["days_overdue"] == 4
    assert await sweep(services) == []  # a second sweep sends nothing again

    # 7 days before 12-01, at 09:00 Shanghai time (after the 08:30 digest).
    clock.set(datetime(2026, 11, 24, 0, 59, tzinfo=UTC))
    assert [d for d in await sweep(services) if d.kind != Kind.DIGEST] == []
    clock.set(datetime(2026, 11, 24, 1, 0, tzinfo=UTC))
    due = await sweep(services)
    assert about(due) == [("cadence_due", "差客户")]
    assert due[0].params["days_overdue"] == -7 and due[0].late_since is None

    # The day after the due day: overdue.
    clock.set(datetime(2026, 12, 2, 1, 0, tzinfo=UTC))
    assert about([d for d in await sweep(services) if d.kind != Kind.DIGEST]) == [
        ("cadence_overdue", "差客户")
    ]


async def test_a_visit_logged_closes_the_clients_reminders(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "medium",
                                                  date(2026, 8, 1))])  # fmt: skip
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))  # 20:00: before quiet hours
    await services.reminders.generate()
    items, _ = await services.reminders.pending(zhang)
    assert [i.kind for i in items] == [Kind.CADENCE_OVERDUE]
    await log_visit(services, zhang, "今天拜访了华能南京电厂，谈了明年的检修计划")
    assert (await services.reminders.pending(zhang))[0] == []
    assert await sweep(services) == []  # nothing goes out for it, and no new one is due
    stale = await services.reminders.act(zhang, items[0].id, "done")
    assert (stale.outcome, stale.reason) == ("stale", "visit_logged")


async def test_many_clients_due_at_once_come_as_one_message(services: Services) -> None:
    zhang, _, _ = await team(services)
    await services.clients.upsert_rows(
        None, [row(i, f"客户{i:02d}", ZHANG, "poor", date(2026, 9, i)) for i in range(2, 12)]
    )
    sent = [d for d in await sweep(services) if d.kind != Kind.DIGEST]
    assert len(sent) == 1 and sent[0].kind == GROUP and len(sent[0].ids) == 10
    names = [p["client"] for p in sent[0].params["items"]]
    assert names[0] == "客户02"  # the longest overdue first
    items, total = await services.reminders.pending(zhang)
    assert total == 10 and all(i.status == Status.SENT for i in items)


async def test_an_english_readers_grouped_reminder_names_clients_in_english_on_its_buttons(
    services: Services,
) -> None:
    from dataclasses import replace

    from bot.handlers.reminders import render_delivery
    from services.domain import Language

    zhang, _, _ = await team(services)
    await services.users.set_language(zhang, Language.EN)
    rows = [row(i, f"客户{i:02d}", ZHANG, "poor", date(2026, 9, i)) for i in range(2, 6)]
    rows[0] = replace(
        rows[0], name="中国移动苏州分公司", aliases=("苏州移动", "China Mobile Suzhou")
    )
    await services.clients.upsert_rows(None, rows)
    [group] = [d for d in await sweep(services) if d.kind == GROUP]
    labels = [b.text for line in render_delivery(group)[1] for b in line]
    assert "📝 China Mobile Suzhou · 中国移动苏州分公司" in labels, labels
    assert "📝 客户03" in labels  # no English name: its own


async def test_a_grouped_reminder_says_which_overdue_client_was_never_visited(
    services: Services, clock: FakeClock
) -> None:
    from dataclasses import replace

    from bot.handlers.reminders import render_delivery

    await team(services)
    rows = [row(i, f"客户{i:02d}", ZHANG, "poor", date(2026, 9, i)) for i in range(2, 6)]
    await services.clients.upsert_rows(None, [*rows, row(6, "新客户", ZHANG, "poor", None)])
    # Added long ago and never visited: overdue, its days counted from when it was added.
    async with services.db.write() as uow:
        added = clock.now() - timedelta(days=100)
        await uow.session.execute(
            update(Client).where(Client.name == "新客户").values(created_at=added)
        )
        await uow.commit()
    [group] = [d for d in await sweep(services) if d.kind == GROUP]
    [never] = [p for p in group.params["items"] if p["client"] == "新客户"]
    days = never["days_overdue"]
    assert days > 0 and never["last_visit"] is None
    zh = render_delivery(group)[0].splitlines()
    assert f"• 新客户：已逾期 {days} 天，从未上门走访" in zh, zh
    assert any(line.startswith("• 客户02：已逾期 ") and line.endswith(" 天") for line in zh), zh
    en = render_delivery(replace(group, language="en"))[0].splitlines()
    assert f"• 新客户: {days} days overdue, never visited on site" in en, en
    assert any(line.startswith("• 客户02: ") and line.endswith(" days overdue") for line in en)


async def test_the_reminder_list_puts_the_longest_overdue_first_of_those_sent_together(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    # Made least overdue first, then held by the quiet hours for the same morning: the list
    # must not follow the order the rows were made in.
    for i in range(2, 6):
        await services.clients.upsert_rows(
            None, [row(i, f"客户{i:02d}", ZHANG, "poor", date(2026, 9, 20 - i))]
        )
        await services.reminders.generate()
    clock.set(datetime(2026, 11, 23, 15, 0, tzinfo=UTC))  # 23:00 in Shanghai: quiet
    assert await sweep(services) == []
    items, total = await services.reminders.pending(zhang)
    assert total == 4 and len({i.send_after for i in items}) == 1, items
    assert [i.params["client"] for i in items] == ["客户05", "客户04", "客户03", "客户02"]
    overdue = [i.params["days_overdue"] for i in items]
    assert overdue == sorted(overdue, reverse=True), overdue


async def test_the_reminder_list_puts_what_is_late_before_what_falls_due_whenever_it_was_sent(
    services: Services, clock: FakeClock
) -> None:
    # The demo's list read: visits 23, 15, 8 and 6 days late, the ticket's first contact late,
    # "visit 华润万家 by 12-03", then the same ticket's resolution late (sent a morning later).
    zhang, _, _ = await zhangs_complaint(services, "critical")  # Monday 10:00
    await services.clients.upsert_rows(
        None, [row(3, "苏州移动", ZHANG, "poor", date(2026, 10, 28))]
    )
    assert {d.kind for d in await sweep(services)} >= {Kind.CADENCE_DUE}  # due 11-27: told now
    clock.set(datetime(2026, 11, 25, 1, 0, tzinfo=UTC))  # Wednesday 09:00: the ticket is late
    await sweep(services)
    items, _ = await services.reminders.pending(zhang)
    kinds = [i.kind for i in items]
    late = [k for k in kinds if k in (Kind.FIRST_RESPONSE_BREACH, Kind.RESOLUTION_BREACH)]
    assert late and kinds.index(Kind.CADENCE_DUE) > max(kinds.index(k) for k in late), kinds


# ------------------------------------------------------------------------------ follow-ups


async def test_a_follow_up_arrives_on_its_day_and_done_closes_it(
    services: Services, clock: FakeClock
) -> None:
    zhang, li, _ = await team(services)
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "good",
                                                  date(2026, 11, 1))])  # fmt: skip
    await log_visit(services, zhang, "今天拜访了华能南京电厂，谈了二期扩容，下周二前发报价")
    # "下周二" from Monday 11-23 is 12-01.
    clock.set(datetime(2026, 11, 30, 23, 0, tzinfo=UTC))  # 12-01 07:00 Shanghai: quiet hours
    assert [d.kind for d in await sweep(services)] == []
    clock.set(datetime(2026, 12, 1, 1, 0, tzinfo=UTC))  # 09:00
    sent = await sweep(services)
    follow = [d for d in sent if d.kind == Kind.FOLLOW_UP]
    assert len(follow) == 1 and "报价" in str(follow[0].params["next_step"])
    rid = follow[0].ids[0]
    assert (await services.reminders.act(li, rid, "done")).outcome == "not_found"  # not his
    assert (await services.reminders.act(zhang, rid, "done")).outcome == "done"
    again = await services.reminders.act(zhang, rid, "done")
    assert (again.outcome, again.reason) == ("stale", "already_done")


# ------------------------------------------------------------------------------ complaints


async def test_complaint_deadlines_warn_the_owner_then_tell_the_supervisor_at_a_breach(
    services: Services, clock: FakeClock
) -> None:
    zhang, boss, ticket = await zhangs_complaint(services, "high")
    await sweep(services)
    rows = await _rows(services)
    first = next(
        r for r in rows if r.kind == Kind.FIRST_RESPONSE_BREACH and r.user_id == zhang.user_id
    )
    # Received Monday 10:00; one working day: first contact by the end of Tuesday, Shanghai time.
    end_of_tuesday = datetime(2026, 11, 24, 15, 59, 59, 999999, tzinfo=UTC)
    assert first.due_at == end_of_tuesday
    # Warned a quarter of the time ahead (about 9.5 hours): Tuesday 14:30 Shanghai.
    clock.set(datetime(2026, 11, 24, 6, 29, tzinfo=UTC))
    assert [d.kind for d in await sweep(services) if d.kind != Kind.DIGEST] == []
    clock.set(datetime(2026, 11, 24, 6, 31, tzinfo=UTC))
    warned = await sweep(services)
    assert [d.kind for d in warned if d.kind != Kind.DIGEST] == [Kind.FIRST_RESPONSE_WARN]
    # The breach falls at midnight, inside quiet hours: it waits for 08:00.
    clock.set(datetime(2026, 11, 24, 16, 1, tzinfo=UTC))
    assert await sweep(services) == []
    clock.set(datetime(2026, 11, 25, 0, 0, tzinfo=UTC))
    breach = [d for d in await sweep(services) if d.kind != Kind.DIGEST]
    to = {(d.telegram_id, d.kind) for d in breach}
    assert to == {(ZHANG, Kind.FIRST_RESPONSE_BREACH), (BOSS, Kind.FIRST_RESPONSE_BREACH)}
    copy = next(d for d in breach if d.telegram_id == BOSS)
    assert copy.params["for_owner"] is False and copy.params["owner"] == "张三"
    # Contacted: the first-response reminders are over; the resolution ones stay.
    await services.complaints.act(zhang, ticket, "respond")
    items, _ = await services.reminders.pending(zhang)
    assert {i.kind for i in items} == {Kind.RESOLUTION_WARN, Kind.RESOLUTION_BREACH}
    assert (await services.reminders.pending(boss))[0][0].kind == Kind.RESOLUTION_BREACH


async def resolve(services: Services, actor: Actor, ticket: int, text: str) -> None:
    asked = await services.complaints.act(actor, ticket, "resolve")
    assert asked.says[0].key == "complaint.ask_resolution", asked
    shown = await services.conversations.on_text(actor, text)
    assert shown is not None and shown.says[0].key == "complaint.resolve_confirm", shown
    token = shown.says[0].token
    assert token is not None
    done = await services.conversations.on_choice(actor, token, "ok")
    assert done.says[0].key == "complaint.now_resolved", done


async def test_a_low_follow_up_score_reopens_the_ticket_with_a_new_deadline_for_its_supervisor(
    services: Services, clock: FakeClock
) -> None:
    # Handbook Art. 33: a score of 1 or 2 reopens the complaint under the supervisor.
    zhang, boss, ticket = await zhangs_complaint(services, "high")  # Monday 10:00
    await sweep(services)
    await services.complaints.act(zhang, ticket, "respond")
    await resolve(services, zhang, ticket, "更换光模块")
    # The follow-up call on Wednesday 10:00 Shanghai: the client gives 2 points.
    clock.set(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))
    reopened = await services.complaints.act(zhang, ticket, "score2")
    assert reopened.says[0].key == "complaint.now_reopened" and reopened.outbox
    # A high complaint has 3 working days, now counted from Wednesday: by the end of Monday.
    new_due = datetime(2026, 11, 30, 15, 59, 59, 999999, tzinfo=UTC)
    assert reopened.says[0].params["resolution_due"] == new_due
    view = await services.complaints.ticket(zhang, ticket)
    assert view is not None
    assert (view.status, view.reopened, view.satisfaction) == ("responded", 1, 2)
    # The export says so as chat does (before, its status cell read "已响应").
    exported = await services.exports.rows(zhang, ExportKind.COMPLAINTS, Language.ZH)
    status = exported[0].index("状态")
    assert exported[1][status] == "已重新打开（回访 2 分）", exported[1]
    assert view.resolution_due == new_due and view.actions == ("resolve",)
    # The supervisor is told at once (an outbox notice), not the manager who scored it.
    sent = [d for d in await sweep(services) if d.kind != Kind.DIGEST]
    assert [(d.telegram_id, d.kind) for d in sent] == [(BOSS, Kind.REOPENED)]
    assert sent[0].params["score"] == 2 and sent[0].params["due_at"] == new_due
    assert sent[0].params["owner"] == "张三" and sent[0].params["client"] == "华能南京电厂"
    # The new round has its own deadline reminders; the first round's never go out.
    items, _ = await services.reminders.pending(zhang)
    assert {(i.kind, i.params["due_at"]) for i in items} == {
        (Kind.RESOLUTION_WARN, new_due),
        (Kind.RESOLUTION_BREACH, new_due),
    }
    assert {(i.kind, i.params["due_at"]) for i in (await services.reminders.pending(boss))[0]} == {
        (Kind.RESOLUTION_BREACH, new_due)
    }
    # Warned a day ahead, out of quiet hours: Monday 08:00; then the breach on Tuesday morning.
    clock.set(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))
    warned = [d for d in await sweep(services) if d.kind != Kind.DIGEST]
    assert [(d.telegram_id, d.kind, d.params["due_at"]) for d in warned] == [
        (ZHANG, Kind.RESOLUTION_WARN, new_due)
    ]
    clock.set(datetime(2026, 12, 1, 1, 0, tzinfo=UTC))  # Tuesday 09:00: the new deadline passed
    breach = [d for d in await sweep(services) if d.kind != Kind.DIGEST]
    assert {(d.telegram_id, d.kind) for d in breach} == {
        (ZHANG, Kind.RESOLUTION_BREACH),
        (BOSS, Kind.RESOLUTION_BREACH),
    }
    assert {d.params["due_at"] for d in breach} == {new_due}
    # Handled again and called back again: 4 points closes it.
    await resolve(services, zhang, ticket, "重新配置路由并现场测试")
    closed = await services.complaints.act(zhang, ticket, "score4")
    assert closed.says[0].key == "complaint.now_closed"
    view = await services.complaints.ticket(zhang, ticket)
    assert view is not None and (view.status, view.satisfaction, view.reopened) == ("closed", 4, 1)


async def test_a_resolved_ticket_shows_its_follow_up_call_due_in_three_working_days(
    services: Services, clock: FakeClock
) -> None:
    # Handbook Art. 32: the client is called back within 3 working days of the resolution.
    zhang, boss, ticket = await zhangs_complaint(services, "low")  # Monday 10:00
    await resolve(services, zhang, ticket, "已退还多收的月租")
    end_of_thursday = datetime(2026, 11, 26, 15, 59, 59, 999999, tzinfo=UTC)
    view = (await services.complaints.open_tickets(zhang))[0]
    assert (view.status, view.next_due) == ("resolved", end_of_thursday)
    assert (await services.complaints.ticket(zhang, ticket)).next_due == end_of_thursday  # type: ignore[union-attr]

    def calls(digest: dict | None) -> list[tuple[str, bool]]:
        return [(c["stage"], c["breached"]) for c in (digest or {}).get("complaints", [])]

    clock.set(datetime(2026, 11, 25, 0, 30, tzinfo=UTC))  # Wednesday 08:30: not due yet
    assert calls(await services.reminders.digest(zhang.user_id, date(2026, 11, 25))) == []
    clock.set(datetime(2026, 11, 26, 0, 30, tzinfo=UTC))  # Thursday: due today
    assert calls(await services.reminders.digest(zhang.user_id, date(2026, 11, 26))) == [
        ("callback", False)
    ]
    clock.set(datetime(2026, 11, 27, 0, 30, tzinfo=UTC))  # Friday: the call is late
    assert calls(await services.reminders.digest(zhang.user_id, date(2026, 11, 27))) == [
        ("callback", True)
    ]
    assert calls(await services.reminders.digest(boss.user_id, date(2026, 11, 27))) == [
        ("callback", True)
    ]
    await services.complaints.act(zhang, ticket, "score5")  # called back: nothing more to say
    assert calls(await services.reminders.digest(zhang.user_id, date(2026, 11, 27))) == []


async def test_the_supervisors_digest_says_whose_each_late_ticket_is(
    services: Services, clock: FakeClock
) -> None:
    # "• 工单 #2 华润万家：首次联系已超时" in the team's digest: the supervisor could not tell
    # whom to chase without opening the ticket.
    from bot.handlers.reminders import digest_text

    zhang, boss, ticket = await zhangs_complaint(services, "critical")  # Monday 10:00
    clock.set(datetime(2026, 11, 26, 0, 30, tzinfo=UTC))  # Thursday 08:30: nobody called
    team_view = await services.reminders.digest(boss.user_id, date(2026, 11, 26))
    assert team_view is not None
    zh = digest_text("zh", "Asia/Shanghai", team_view)
    assert f"工单 #{ticket} 华能南京电厂（张三）：首次联系已超时" in zh, zh
    en = digest_text("en", "Asia/Shanghai", team_view)
    assert f"ticket #{ticket} 华能南京电厂 (张三): first contact overdue" in en, en
    # The manager's own digest does not name them on their own tickets.
    mine = await services.reminders.digest(zhang.user_id, date(2026, 11, 26))
    assert mine is not None and "张三" not in digest_text("zh", "Asia/Shanghai", mine)


async def test_a_never_contacted_ticket_past_both_deadlines_names_both_in_the_digest(
    services: Services, clock: FakeClock
) -> None:
    from bot.handlers.reminders import digest_text

    zhang, boss, ticket = await zhangs_complaint(services, "critical")  # Monday 10:00
    view = await services.complaints.ticket(zhang, ticket)
    assert view is not None
    clock.set(datetime(2026, 11, 26, 0, 30, tzinfo=UTC))  # Thursday 08:30: nobody called
    digest = await services.reminders.digest(zhang.user_id, date(2026, 11, 26))
    assert digest is not None
    [line] = digest["complaints"]
    assert (line["stage"], line["breached"], line["resolve_breached"]) == ("response", True, True)
    zh = digest_text("zh", "Asia/Shanghai", digest)
    assert "首次联系已超时" in zh and "解决期限也已超时" in zh
    en = digest_text("en", "Asia/Shanghai", digest)
    assert "first contact overdue" in en and "resolution also overdue" in en
    team_view = await services.reminders.digest(boss.user_id, date(2026, 11, 26))
    assert team_view is not None
    assert "解决期限也已超时" in digest_text("zh", "Asia/Shanghai", team_view)
    # Once the client is contacted, only the resolution deadline is left to name.
    await services.complaints.act(zhang, ticket, "respond")
    digest = await services.reminders.digest(zhang.user_id, date(2026, 11, 26))
    assert digest is not None
    assert [(c["stage"], c["breached"], c.get("resolve_at")) for c in digest["complaints"]] == [
        ("resolution", True, None)
    ]


async def test_a_ticket_past_both_deadlines_when_the_alerts_go_out_is_told_in_one_message(
    services: Services, clock: FakeClock
) -> None:
    from bot.handlers.reminders import reminder_text

    zhang, _boss, _ = await zhangs_complaint(services, "high")  # Monday 10:00
    await sweep(services)  # the warnings due now, out of the way
    # Nobody swept again until Friday 09:00 (the bot was down): first contact was due Tuesday,
    # the resolution Thursday. One alert about the ticket each, not two.
    clock.set(datetime(2026, 11, 27, 1, 0, tzinfo=UTC))
    sent = await sweep(services)
    breaches = [d for d in sent
                if d.kind in (Kind.FIRST_RESPONSE_BREACH, Kind.RESOLUTION_BREACH)]  # fmt: skip
    assert {(d.telegram_id, d.kind, len(d.ids)) for d in breaches} == {
        (ZHANG, Kind.RESOLUTION_BREACH, 2),
        (BOSS, Kind.RESOLUTION_BREACH, 2),
    }
    # Nor "contact the client by Tuesday" on Friday: a warning before a passed deadline is dropped.
    assert [
        d.kind for d in sent if d.kind in (Kind.FIRST_RESPONSE_WARN, Kind.RESOLUTION_WARN)
    ] == []
    mine = next(d for d in breaches if d.telegram_id == ZHANG)
    zh = reminder_text("zh", "Asia/Shanghai", mine.kind, mine.params)
    assert (
        "解决期限 2026-11-26 23:59 已过" in zh and "首次联系期限 2026-11-24 23:59 也已过" in zh
    ), zh
    en = reminder_text("en", "Asia/Shanghai", mine.kind, mine.params)
    assert "first-contact deadline 2026-11-24 23:59 passed too" in en, en
    from bot.handlers.reminders import main_buttons

    labels = [b.text for row in main_buttons("zh", mine.kind, mine.params) for b in row]
    assert labels[:2] == ["已联系客户", "已解决"], labels  # not contacted yet: both actions
    # Both are sent: neither comes again.
    assert [d for d in await sweep(services) if d.kind != Kind.DIGEST] == []
    items, _ = await services.reminders.pending(zhang)
    assert {Kind.FIRST_RESPONSE_BREACH, Kind.RESOLUTION_BREACH} <= {i.kind for i in items}


async def test_a_policy_that_never_reopens_closes_a_ticket_whatever_its_score(
    services: Services, clock: FakeClock
) -> None:
    from dataclasses import replace

    services.complaints._policy = replace(
        services.complaints._policy,
        complaints=replace(services.complaints._policy.complaints, reopen_below_score=1),
    )
    zhang, _, ticket = await zhangs_complaint(services, "low")
    await resolve(services, zhang, ticket, "已解释资费")
    assert (await services.complaints.act(zhang, ticket, "score1")).says[0].key == (
        "complaint.now_closed"
    )


# ------------------------------------------------------------------------------ snooze


async def test_snooze_moves_a_reminder_and_out_of_quiet_hours(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "medium",
                                                  date(2026, 8, 1))])  # fmt: skip
    clock.set(datetime(2026, 11, 23, 12, 30, tzinfo=UTC))  # 20:30 Shanghai
    sent = await sweep(services)
    rid = sent[0].ids[0]
    result = await services.reminders.act(zhang, rid, "snooze", 1)
    # 20:30 tomorrow is outside quiet hours (from 21:00), so exactly a day later.
    assert result.until == datetime(2026, 11, 24, 12, 30, tzinfo=UTC)
    clock.set(datetime(2026, 11, 23, 13, 30, tzinfo=UTC))  # 21:30: snooze again from the list
    result = await services.reminders.act(zhang, rid, "snooze", 3)
    # 3 days after 20:30 on the 24th is 20:30 on the 27th: still fine.
    assert result.until == datetime(2026, 11, 27, 12, 30, tzinfo=UTC)
    clock.set(datetime(2026, 11, 27, 12, 29, tzinfo=UTC))
    assert [d for d in await sweep(services) if d.kind != Kind.DIGEST] == []
    clock.set(datetime(2026, 11, 27, 12, 31, tzinfo=UTC))
    again = [d for d in await sweep(services) if d.kind != Kind.DIGEST]
    assert [d.ids[0] for d in again] == [rid]
    cancelled = await services.reminders.act(zhang, rid, "cancel")
    assert cancelled.outcome == "cancelled"
    assert (await services.reminders.pending(zhang))[0] == []


async def test_a_snooze_that_lands_in_quiet_hours_waits_for_the_morning(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "medium",
                                                  date(2026, 8, 1))])  # fmt: skip
    clock.set(datetime(2026, 11, 23, 14, 30, tzinfo=UTC))  # 22:30: quiet, nothing goes out
    assert await sweep(services) == []
    clock.set(datetime(2026, 11, 24, 0, 0, tzinfo=UTC))  # 08:00
    sent = [d for d in await sweep(services) if d.kind != Kind.DIGEST]
    clock.set(datetime(2026, 11, 24, 13, 30, tzinfo=UTC))  # 21:30
    result = await services.reminders.act(zhang, sent[0].ids[0], "snooze", 1)
    assert result.until == datetime(2026, 11, 26, 0, 0, tzinfo=UTC)  # 08:00 on the 26th


# ------------------------------------------------------------------------------ time zones


async def test_a_user_abroad_gets_reminders_in_their_own_morning_across_a_dst_change(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    zhang = await services.users.set_timezone(zhang, "America/New_York")
    # Poor rating, last visit 2027-02-12: due 03-14, the day New York moves its clocks forward.
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "poor",
                                                  date(2027, 2, 12))])  # fmt: skip
    # Reminder 7 days before: 03-07 is a Sunday, so Monday 03-08 (still EST = UTC-5) at 09:00
    # local = 14:00 UTC.
    clock.set(datetime(2027, 3, 7, 14, 0, tzinfo=UTC))
    assert [d for d in await sweep(services) if d.kind != Kind.DIGEST] == []
    clock.set(datetime(2027, 3, 8, 13, 59, tzinfo=UTC))
    assert [d for d in await sweep(services) if d.kind != Kind.DIGEST] == []
    clock.set(datetime(2027, 3, 8, 14, 0, tzinfo=UTC))
    due = [d for d in await sweep(services) if d.kind != Kind.DIGEST]
    assert [d.kind for d in due] == [Kind.CADENCE_DUE] and due[0].timezone == "America/New_York"
    # Overdue on 03-15, now EDT = UTC-4: 09:00 local = 13:00 UTC.
    clock.set(datetime(2027, 3, 15, 12, 59, tzinfo=UTC))
    assert [d for d in await sweep(services) if d.kind != Kind.DIGEST] == []
    clock.set(datetime(2027, 3, 15, 13, 0, tzinfo=UTC))
    late = [d for d in await sweep(services) if d.kind != Kind.DIGEST]
    assert [d.kind for d in late] == [Kind.CADENCE_OVERDUE]
    # Quiet hours in New York: 22:00 local (02:00 UTC next day) holds a snoozed one back.
    clock.set(datetime(2027, 3, 16, 2, 0, tzinfo=UTC))
    result = await services.reminders.act(zhang, late[0].ids[0], "snooze", 1)
    assert result.until == datetime(2027, 3, 17, 12, 0, tzinfo=UTC)  # 08:00 EDT


# ------------------------------------------------------------------------------ digests


async def test_the_morning_digest_for_a_manager_and_the_team_exceptions_for_the_supervisor(
    services: Services, clock: FakeClock
) -> None:
    await team(services)
    await services.clients.upsert_rows(None, [
        row(2, "华能南京电厂", ZHANG, "medium", date(2026, 8, 1)),  # overdue
        row(3, "苏州移动", ZHANG, "poor", date(2026, 10, 28)),  # due 11-27: this week
        row(4, "华润万家", LI, "good", date(2026, 11, 1)),  # fine
        row(5, "南钢集团", LI, "poor", date(2026, 9, 1)),  # overdue
    ])  # fmt: skip
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    await sweep(services)  # today's reminders out of the way
    clock.set(datetime(2026, 11, 24, 0, 29, tzinfo=UTC))  # 08:29
    assert [d.kind for d in await sweep(services) if d.kind == Kind.DIGEST] == []
    clock.set(datetime(2026, 11, 24, 0, 30, tzinfo=UTC))  # 08:30: the digests
    digests = {d.telegram_id: d for d in await sweep(services) if d.kind == Kind.DIGEST}
    assert set(digests) == {ZHANG, LI, BOSS}
    mine = digests[ZHANG].params
    assert [o["client"] for o in mine["overdue"]] == ["华能南京电厂"]
    assert [o["client"] for o in mine["due_week"]] == ["苏州移动"]
    assert mine["supervisor"] is False
    boss = digests[BOSS].params
    assert boss["supervisor"] is True and boss["overdue_total"] == 2
    assert {m["name"] for m in boss["by_manager"]} == {"张三", "李四"}
    assert boss["due_week"] == [] or boss["due_week_total"] == 0
    # Once a day.
    clock.set(datetime(2026, 11, 24, 1, 30, tzinfo=UTC))
    assert [d for d in await sweep(services) if d.kind == Kind.DIGEST] == []


async def test_a_client_reminded_as_due_soon_that_morning_is_in_its_digest_due_within_7_days(
    services: Services, clock: FakeClock
) -> None:
    # The "due soon" reminder goes out remind_days_before (7) days ahead; the digest's "7 天内到期"
    # listed only clients due within 6, so the client reminded about at 09:00 was missing from
    # the 08:30 digest that morning.
    await team(services)
    assert services.policy.cadence.remind_days_before == 7
    await services.clients.upsert_rows(None, [
        row(2, "七天后到期", ZHANG, "poor", date(2026, 11, 1)),  # due 12-01: 7 days from 11-24
        row(3, "八天后到期", ZHANG, "poor", date(2026, 11, 2)),  # due 12-02: not yet
    ])  # fmt: skip
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    await sweep(services)  # today's reminders out of the way
    clock.set(datetime(2026, 11, 24, 0, 30, tzinfo=UTC))  # 08:30 on Tuesday: the digest
    [digest] = [d for d in await sweep(services) if d.telegram_id == ZHANG]
    assert digest.kind == Kind.DIGEST, digest
    p = digest.params
    assert [o["client"] for o in p["due_week"]] == ["七天后到期"], p
    assert (p["due_week_total"], p["due_days"]) == (1, 7), p
    clock.set(datetime(2026, 11, 24, 1, 0, tzinfo=UTC))  # 09:00: its reminder, the same client
    assert about(await sweep(services), ZHANG) == [("cadence_due", "七天后到期")]


async def test_the_digest_does_not_list_again_the_clients_a_grouped_reminder_named_this_morning(
    services: Services, clock: FakeClock
) -> None:
    # Clients overdue or falling due overnight: their reminders wait out quiet hours and go out
    # as one message at 08:00. The 08:30 digest listed the same clients again.
    await team(services)
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))  # 20:00: reminded yesterday evening
    await services.clients.upsert_rows(None, [row(9, "昨晚提醒过", ZHANG, "medium",
                                                  date(2026, 8, 1))])  # fmt: skip
    assert about(await sweep(services), ZHANG) == [("cadence_overdue", "昨晚提醒过")]
    clock.set(datetime(2026, 11, 23, 14, 0, tzinfo=UTC))  # 22:00 in Shanghai: quiet hours
    await services.clients.upsert_rows(None, [
        *(row(n, f"逾期客户{n}", ZHANG, "medium", date(2026, 8, n)) for n in range(2, 7)),
        row(7, "昨天到期", ZHANG, "poor", date(2026, 10, 24)),  # due 11-23: overdue from today
        row(8, "本周到期", ZHANG, "poor", date(2026, 10, 28)),  # due 11-27
    ])  # fmt: skip
    assert [d for d in await sweep(services) if d.telegram_id == ZHANG] == []  # held
    clock.set(datetime(2026, 11, 24, 0, 0, tzinfo=UTC))  # 08:00: the held reminders
    [group] = [d for d in await sweep(services) if d.telegram_id == ZHANG]
    assert group.kind == GROUP, group
    grouped = {p["client"] for p in group.params["items"]}
    assert grouped == {*(f"逾期客户{n}" for n in range(2, 7)), "昨天到期", "本周到期"}
    clock.set(datetime(2026, 11, 24, 0, 30, tzinfo=UTC))  # 08:30: the digest
    [digest] = [
        d for d in await sweep(services) if d.kind == Kind.DIGEST and d.telegram_id == ZHANG
    ]
    p = digest.params
    # None named twice, nobody dropped: each section counts them all and says how many the
    # message above named; one reminded of only yesterday is listed.
    assert [o["client"] for o in p["overdue"]] == ["昨晚提醒过"], p
    assert (p["overdue_total"], p["overdue_told"]) == (7, 6), p
    assert p["due_week"] == [] and (p["due_week_total"], p["due_week_told"]) == (1, 1), p


async def test_a_digest_held_up_by_downtime_still_goes_out_that_working_day_once(
    services: Services, clock: FakeClock
) -> None:
    await team(services)
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "medium",
                                                  date(2026, 8, 1))])  # fmt: skip
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    await sweep(services)  # made tomorrow's digest rows
    # The bot was down from 08:00 to 15:00 (Shanghai) on the 24th: the digest comes when it is back.
    clock.set(datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    late = [d for d in await sweep(services) if d.kind == Kind.DIGEST]
    [mine] = [d for d in late if d.telegram_id == ZHANG]
    assert [o["client"] for o in mine.params["overdue"]] == ["华能南京电厂"]
    assert mine.late_since == datetime(2026, 11, 24, 0, 30, tzinfo=UTC)
    from bot.handlers.reminders import render_delivery

    text, _ = render_delivery(mine)
    assert "延迟送达，原定" in text and "08:30" in text, text
    # Never twice, even later the same day.
    clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    assert [d for d in await sweep(services) if d.kind == Kind.DIGEST] == []


async def test_someone_who_joins_in_the_afternoon_gets_their_first_digest_the_next_morning(
    services: Services, clock: FakeClock
) -> None:
    await team(services)
    clock.set(datetime(2026, 11, 24, 6, 0, tzinfo=UTC))  # 14:00 in Shanghai
    await services.users.add_user(telegram_id=13, name="新人", role=Role.MANAGER, team="一部")
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", 13, "medium",
                                                  date(2026, 8, 1))])  # fmt: skip
    assert [d for d in await sweep(services) if d.kind == Kind.DIGEST and d.telegram_id == 13] == []
    clock.set(datetime(2026, 11, 25, 0, 30, tzinfo=UTC))  # 08:30 the next day
    [first] = [d for d in await sweep(services) if d.kind == Kind.DIGEST and d.telegram_id == 13]
    assert [o["client"] for o in first.params["overdue"]] == ["华能南京电厂"]


async def test_a_digest_past_the_evening_cut_off_or_from_an_earlier_day_is_skipped(
    services: Services, clock: FakeClock
) -> None:
    await team(services)
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "medium",
                                                  date(2026, 8, 1))])  # fmt: skip
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    await sweep(services)  # made the 24th's digest rows
    # Down from 08:00 until 20:00 (Shanghai) on the 24th: too late for that day's digest.
    clock.set(datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    assert [d for d in await sweep(services) if d.kind == Kind.DIGEST] == []
    rows = [r for r in await _rows(services) if r.kind == Kind.DIGEST]
    assert {r.status for r in rows if r.due_on == date(2026, 11, 24)} == {Status.SKIPPED}
    # Still down until the 25th at 09:00: the 25th's digest goes out, never the 24th's.
    clock.set(datetime(2026, 11, 25, 1, 0, tzinfo=UTC))
    sent = [d for d in await sweep(services) if d.kind == Kind.DIGEST]
    assert [d.telegram_id for d in sent if d.telegram_id == ZHANG] == [ZHANG]
    days = {r.due_on for r in await _rows(services) if r.kind == Kind.DIGEST
            and r.status == Status.SENT}  # fmt: skip
    assert days == {date(2026, 11, 25)}


async def test_an_evening_digest_set_without_a_cut_off_starts_and_still_goes_out_late_that_night(
    database_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.runtime import reminder_config
    from config.settings import load_settings
    from services.bootstrap import bootstrap

    # An operator who moves the digest to 21:00 and sets nothing else: the bot starts (the
    # 20:00 default cut-off would have refused it) and a held-up digest still goes that night.
    monkeypatch.setenv("KAM_DIGEST_TIME", "21:00")
    monkeypatch.delenv("KAM_DIGEST_CUTOFF", raising=False)
    config = reminder_config(load_settings(_env_file=None))
    services = await bootstrap(database_url=database_url, clock=clock, timezone="Asia/Shanghai",
                               reminders=config)  # fmt: skip
    try:
        await team(services)
        await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "medium",
                                                      date(2026, 8, 1))])  # fmt: skip
        clock.set(datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
        await sweep(services)  # 20:00 in Shanghai, the digest not yet due
        # Down from 20:30 to 23:30 (Shanghai) on the 24th: the digest goes out at 23:30, late.
        clock.set(datetime(2026, 11, 24, 15, 30, tzinfo=UTC))
        [mine] = [d for d in await sweep(services) if d.kind == Kind.DIGEST
                  and d.telegram_id == ZHANG]  # fmt: skip
        assert mine.late_since == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
        # The next day's, held up past midnight into the day after, is skipped.
        clock.set(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
        await sweep(services)
        clock.set(datetime(2026, 11, 25, 16, 30, tzinfo=UTC))  # 00:30 on the 26th in Shanghai
        assert [d for d in await sweep(services) if d.kind == Kind.DIGEST] == []
        rows = [r for r in await _rows(services) if r.kind == Kind.DIGEST]
        assert {r.status for r in rows if r.due_on == date(2026, 11, 25)} == {Status.SKIPPED}
    finally:
        await services.close()


def test_the_late_digest_cut_off_is_20_00_for_a_morning_digest_and_the_one_set_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from config.settings import load_settings

    monkeypatch.delenv("KAM_DIGEST_CUTOFF", raising=False)
    monkeypatch.setenv("KAM_DIGEST_TIME", "08:30")
    assert load_settings(_env_file=None).digest_cutoff_time == time(20, 0)
    monkeypatch.setenv("KAM_DIGEST_CUTOFF", "12:00")
    assert load_settings(_env_file=None).digest_cutoff_time == time(12, 0)


# ------------------------------------------------------------------------------ delivery


async def test_after_downtime_a_missed_reminder_goes_out_once_marked_late(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "good",
                                                  date(2026, 11, 1))])  # fmt: skip
    await log_visit(services, zhang, "今天拜访了华能南京电厂，谈了续约，11月25日跟进")
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    await sweep(services)
    clock.set(datetime(2026, 11, 25, 6, 0, tzinfo=UTC))  # the bot was down 09:00-14:00
    sent = [d for d in await sweep(services) if d.kind == Kind.FOLLOW_UP]
    assert len(sent) == 1 and sent[0].late_since == datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    assert [d for d in await sweep(services) if d.kind == Kind.FOLLOW_UP] == []


async def test_two_senders_never_claim_the_same_reminder(
    services: Services, clock: FakeClock
) -> None:
    await team(services)
    await services.clients.upsert_rows(
        None, [row(i, f"客户{i:02d}", ZHANG if i % 2 else LI, "poor", date(2026, 9, 1))
               for i in range(2, 9)],
    )  # fmt: skip
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    await services.reminders.generate()
    await services.reminders.generate()  # a second process's sweep inserts nothing new
    first = await services.reminders.claim("a", limit=3)
    second = await services.reminders.claim("b", limit=100)
    ids_a = {i for d in first.deliveries for i in d.ids}
    ids_b = {i for d in second.deliveries for i in d.ids}
    assert ids_a and ids_b and not ids_a & ids_b
    assert len(ids_a | ids_b) == 7
    assert (await services.reminders.claim("c")).taken == 0


async def test_a_sender_that_died_mid_send_does_not_send_twice_and_a_429_retries(
    services: Services, clock: FakeClock
) -> None:
    await team(services)
    await services.clients.upsert_rows(None, [
        row(2, "甲客户", ZHANG, "poor", date(2026, 9, 1)),
        row(3, "乙客户", LI, "poor", date(2026, 9, 1)),
    ])  # fmt: skip
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    await services.reminders.generate()
    claim = await services.reminders.claim("dead")
    by_client = {d.params["client"]: d for d in claim.deliveries}
    await services.reminders.started(by_client["甲客户"].ids, "dead")  # then SIGKILL
    # 乙's sender got "429 retry after 30" from Telegram.
    await services.reminders.retry(by_client["乙客户"].ids, timedelta(seconds=30), "429")
    clock.advance(seconds=31)
    retried = await services.reminders.claim("alive")
    assert [d.params["client"] for d in retried.deliveries] == ["乙客户"]
    await services.reminders.started(retried.deliveries[0].ids, "alive")
    await services.reminders.sent(retried.deliveries[0].ids, 7)
    clock.advance(minutes=11)  # the dead sender's claim expires
    after = await services.reminders.claim("alive")
    assert after.deliveries == []
    statuses = {
        r.client_id: r.status for r in await _rows(services) if r.kind in ("cadence_overdue",)
    }
    assert Status.UNCONFIRMED in statuses.values()


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_replica_killed_with_reminders_claimed_hands_them_to_the_next_sender_at_once(
    services: Services, clock: FakeClock
) -> None:
    """Replicas on PostgreSQL: one sender at a time. A sender killed by SIGKILL in the middle
    of its batch (a morning's digests) had claimed rows it never sent; the next replica to take
    the turn sends them then, not when the dead claims expire ten minutes later, and the one it
    was sending when it died is not sent twice."""
    await team(services)
    await services.clients.upsert_rows(None, [
        row(2, "甲客户", ZHANG, "poor", date(2026, 9, 1)),
        row(3, "乙客户", LI, "poor", date(2026, 9, 1)),
    ])  # fmt: skip
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    await services.reminders.generate()
    async with services.reminders.sending_turn() as dead_turn:
        assert dead_turn
        claim = await services.reminders.claim("dead")
        by_client = {d.params["client"]: d for d in claim.deliveries if d.kind != Kind.DIGEST}
        assert await services.reminders.started(by_client["甲客户"].ids, "dead")
    # SIGKILL: PostgreSQL ends the dead sender's session and its turn; the next sweep, seconds on.
    clock.advance(seconds=5)
    async with services.reminders.sending_turn() as turn:
        assert turn
        taken = await services.reminders.claim("alive")
    assert sorted(d.params.get("client", d.kind) for d in taken.deliveries) == sorted(
        d.params.get("client", d.kind) for d in claim.deliveries if d is not by_client["甲客户"]
    )
    # Had the first sender only lost its connection, it may no longer send what was taken over.
    assert not await services.reminders.started(by_client["乙客户"].ids, "dead")
    statuses = {r.client_id: r.status for r in await _rows(services)
                if r.kind == Kind.CADENCE_OVERDUE}  # fmt: skip
    assert sorted(statuses.values()) == [Status.SENDING, Status.UNCONFIRMED]


async def test_a_user_who_blocked_the_bot_is_skipped_until_they_come_back(
    services: Services, clock: FakeClock
) -> None:
    await team(services)
    await services.clients.upsert_rows(None, [row(2, "甲客户", ZHANG, "poor", date(2026, 9, 1))])
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    await services.reminders.generate()
    claim = await services.reminders.claim("w")
    await services.reminders.unreachable(ZHANG, claim.deliveries[0].ids)
    assert (await services.reminders.claim("w")).taken == 0
    async with services.db.read() as session:
        blocked = (
            await session.execute(select(User.blocked_bot).where(User.telegram_id == ZHANG))
        ).scalar_one()
    assert blocked is True
    await services.reminders.reachable(ZHANG)
    back = await services.reminders.claim("w")
    assert [d.params["client"] for d in back.deliveries] == ["甲客户"]


async def _rows(services: Services) -> list[Reminder]:
    async with services.db.read() as session:
        return list((await session.execute(select(Reminder).order_by(Reminder.id))).scalars())


async def test_the_list_shows_a_client_once_and_cancel_ends_its_cycle(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    # Due 11-27: the "due soon" reminder is out, the "overdue" one waits for 11-28.
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "poor",
                                                  date(2026, 10, 28))])  # fmt: skip
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    await sweep(services)
    rows = [r for r in await _rows(services) if r.kind != Kind.DIGEST]
    assert sorted(r.kind for r in rows) == [Kind.CADENCE_DUE, Kind.CADENCE_OVERDUE]
    items, total = await services.reminders.pending(zhang)
    assert total == 1 and items[0].kind == Kind.CADENCE_DUE and items[0].status == Status.SENT
    assert (await services.reminders.act(zhang, items[0].id, "cancel")).outcome == "cancelled"
    assert (await services.reminders.pending(zhang))[1] == 0
    clock.set(datetime(2026, 11, 28, 2, 0, tzinfo=UTC))
    assert about(await sweep(services)) == []  # the overdue one was cancelled with it


async def test_one_sender_at_a_time_on_postgresql_and_the_turn_passes_on(
    services: Services,
) -> None:
    async with services.reminders.sending_turn() as first:
        async with services.reminders.sending_turn() as second:
            assert first is True
            # Two senders on one PostgreSQL database would together exceed the bot's rate limit.
            assert second is (services.db.dialect != "postgresql")
    async with services.reminders.sending_turn() as later:
        assert later is True


async def test_a_kept_drafts_notice_goes_out_in_quiet_hours_when_reminders_wait(
    services: Services, clock: FakeClock
) -> None:
    """Someone mid-draft at 22:30 when the bot restarts gets their draft back at once; the
    overdue-visit reminder due at the same moment waits for 08:00."""
    zhang, _, _ = await team(services)
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "medium",
                                                  date(2026, 8, 1))])  # fmt: skip
    clock.set(datetime(2026, 11, 23, 14, 30, tzinfo=UTC))  # 22:30 in Shanghai: quiet hours
    outcome = await services.visits.start(zhang, "今天拜访了华能南京电厂，谈了二期扩容")
    assert outcome.says[-1].key == "visit.confirm", outcome
    assert await services.conversations.announce_restart(services.users.resolve_actor) == 1
    night = [d for d in await sweep(services) if d.kind != Kind.DIGEST]
    assert [d.kind for d in night] == [Kind.DRAFT_KEPT]
    clock.set(datetime(2026, 11, 24, 0, 0, tzinfo=UTC))  # 08:00
    morning = [d.kind for d in await sweep(services) if d.kind != Kind.DIGEST]
    assert morning == [Kind.CADENCE_OVERDUE]


async def test_a_new_users_first_alert_about_a_deadline_from_before_they_joined_is_not_late(
    services: Services, clock: FakeClock
) -> None:
    """The demo's first start (or a manager added today) told '（延迟送达，原定 11-21 23:59）' of a
    ticket's deadline from before the user existed: nothing was delayed for them."""
    zhang, _, _ = await team(services)  # joined 2026-11-23
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "good",
                                                  date(2026, 11, 20))])  # fmt: skip
    client_id = (await services.clients.search(zhang, "华能南京电厂"))[0].id
    received = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
    async with services.db.write() as uow:
        uow.session.add(Complaint(
            draft_id="seed-1", client_id=client_id, owner_id=zhang.user_id,
            recorded_by_id=zhang.user_id,
            category="service", severity="low", status="open", description="发票重复",
            received_at=received, first_response_due=datetime(2026, 11, 19, 15, 59, tzinfo=UTC),
            resolution_due=datetime(2026, 11, 21, 15, 59, tzinfo=UTC), deadlines_estimated=False,
            created_at=received, updated_at=received,
        ))  # fmt: skip
        await uow.commit()
    clock.set(datetime(2026, 11, 23, 3, 0, tzinfo=UTC))
    alerts = [d for d in await sweep(services) if d.kind == Kind.RESOLUTION_BREACH]
    assert alerts and all(a.late_since is None for a in alerts)


# ------------------------------------------------------------------------- asked for in words


async def test_a_reminder_asked_for_in_words_is_set_on_confirm_and_arrives_at_its_time(
    services: Services, clock: FakeClock
) -> None:
    from services.interpret import Meaning

    zhang, li, _ = await team(services)
    await services.clients.upsert_rows(None, [
        row(2, "华能南京电厂", ZHANG, "good", date(2026, 11, 20)),
        row(3, "江苏银行", LI, "good", date(2026, 11, 20)),
    ])  # fmt: skip
    # Monday 11-23 10:00 in Shanghai: "周四下午3点" is Thursday 11-26 at 15:00.
    reading = await services.interpreter.read(
        zhang, "提醒我周四下午3点给华能南京电厂打电话", chat_id=ZHANG
    )
    assert reading.meaning is Meaning.OFFER and reading.outcome is not None
    card = reading.outcome.says[-1]
    assert card.key == "task.confirm" and card.token is not None
    assert (card.params["day"], card.params["time"]) == ("2026-11-26", "15:00")
    assert card.params["client"] == "华能南京电厂"
    assert [r for r in await _rows(services) if r.kind == Kind.TASK] == []  # nothing before the tap
    saved = await services.conversations.on_choice(zhang, card.token, "ok")
    assert saved.says[0].key == "task.saved", saved
    await services.conversations.on_choice(zhang, card.token, "ok")  # a second tap adds nothing
    assert len([r for r in await _rows(services) if r.kind == Kind.TASK]) == 1
    items, _ = await services.reminders.pending(zhang)
    # What to do, in the user's words less the time (the card and the list say when).
    assert [i.params["text"] for i in items if i.kind == Kind.TASK] == ["给华能南京电厂打电话"]
    # Thursday's morning digest lists it at its time; Wednesday's does not.
    thursday = await services.reminders.digest(zhang.user_id, date(2026, 11, 26))
    assert thursday is not None and [t["text"] for t in thursday["tasks"]] == [
        "给华能南京电厂打电话"
    ]
    assert thursday["tasks"][0]["at"].astimezone(UTC) == datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
    wednesday = await services.reminders.digest(zhang.user_id, date(2026, 11, 25))
    assert wednesday is None or wednesday["tasks"] == []
    clock.set(datetime(2026, 11, 26, 6, 59, tzinfo=UTC))  # 14:59
    assert [d for d in await sweep(services) if d.kind == Kind.TASK] == []
    clock.set(datetime(2026, 11, 26, 7, 0, tzinfo=UTC))  # 15:00
    [task] = [d for d in await sweep(services) if d.kind == Kind.TASK]
    assert task.params["client"] == "华能南京电厂" and "打电话" in task.params["text"]
    assert (await services.reminders.act(li, task.ids[0], "done")).outcome == "not_found"
    assert (await services.reminders.act(zhang, task.ids[0], "done")).outcome == "done"

    # Another manager's client is not attached (nor named back); a time gone is asked again;
    # no day said: the day is asked, then the card.
    other = await services.interpreter.read(zhang, "提醒我周四给江苏银行打电话", chat_id=ZHANG)
    assert other.outcome is not None and other.outcome.says[-1].key == "task.confirm_plain"
    await services.conversations.cancel(zhang)
    clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))  # Thursday 16:00
    gone = await services.interpreter.read(zhang, "提醒我今天上午10点发报价", chat_id=ZHANG)
    assert gone.outcome is not None and gone.outcome.says[-1].key == "task.time_passed"
    asked = await services.conversations.on_text(zhang, "明天上午")
    assert asked is not None and asked.says[-1].key == "task.confirm_plain"
    assert (asked.says[-1].params["day"], asked.says[-1].params["time"]) == ("2026-11-27", "09:00")


async def test_a_reminder_asked_to_repeat_says_only_the_next_one_is_set(
    services: Services, clock: FakeClock
) -> None:
    from services.interpret import Meaning

    zhang, _, _ = await team(services)
    reading = await services.interpreter.read(zhang, "每周一提醒我整理周报", chat_id=ZHANG)
    assert reading.meaning is Meaning.OFFER and reading.outcome is not None
    keys = [say.key for say in reading.outcome.says]
    assert keys == ["task.once_only", "task.confirm_plain"], keys
    # Monday 11-23 10:00: the next Monday is 11-30, at the usual morning hour.
    assert reading.outcome.says[-1].params["day"] == "2026-11-30"


async def test_a_reminder_asked_for_at_a_time_with_no_day_is_for_today_while_that_time_is_ahead(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    clock.set(datetime(2026, 11, 23, 9, 45, tzinfo=UTC))  # Monday 17:45 in Shanghai
    tonight = await services.interpreter.read(zhang, "提醒我晚上8点给客户发报价", chat_id=ZHANG)
    assert tonight.outcome is not None
    card = tonight.outcome.says[-1]
    # It asked "什么时候提醒您…？" though the time was said and is still to come today.
    assert card.key == "task.confirm_plain", card
    assert (card.params["day"], card.params["time"]) == ("2026-11-23", "20:00")
    await services.conversations.cancel(zhang)
    # A time already gone today: the day is asked (not today's, nor tomorrow's unasked), saying
    # the time has passed (it asked "什么时候提醒您…？" as if no time had been said), with
    # tomorrow at that time one tap away.
    gone = await services.interpreter.read(zhang, "提醒我上午10点给客户发报价", chat_id=ZHANG)
    assert gone.outcome is not None
    ask = gone.outcome.says[-1]
    assert ask.key == "task.time_passed", ask
    [tomorrow] = [c for row in ask.choices for c in row if c.value == "tomorrow"]
    assert tomorrow.key == "task.btn_tomorrow" and tomorrow.params == {"time": "10:00"}
    tapped = await services.conversations.on_choice(zhang, ask.token, "tomorrow")
    assert tapped is not None
    card = tapped.says[-1]
    assert card.key == "task.confirm_plain", card
    assert (card.params["day"], card.params["time"]) == ("2026-11-24", "10:00")
    # Typing a day instead keeps the time said.
    await services.conversations.cancel(zhang)
    again = await services.interpreter.read(zhang, "提醒我上午10点给客户发报价", chat_id=ZHANG)
    assert again.outcome is not None and again.outcome.says[-1].key == "task.time_passed"
    typed = await services.conversations.on_text(zhang, "周四")
    assert typed is not None and typed.says[-1].key == "task.confirm_plain"
    assert (typed.says[-1].params["day"], typed.says[-1].params["time"]) == ("2026-11-26", "10:00")


async def test_a_reminder_asked_for_late_in_the_evening_arrives_at_its_time_not_the_next_morning(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    clock.set(datetime(2026, 11, 23, 9, 45, tzinfo=UTC))  # Monday 17:45 in Shanghai
    asked = await services.interpreter.read(zhang, "提醒我今天晚上10点给客户发报价", chat_id=ZHANG)
    assert asked.outcome is not None
    card = asked.outcome.says[-1]
    assert (card.params["day"], card.params["time"]) == ("2026-11-23", "22:00"), card
    assert (await services.conversations.on_choice(zhang, card.token, "ok")).says[0].key == (
        "task.saved"
    )
    clock.set(datetime(2026, 11, 23, 14, 0, tzinfo=UTC))  # 22:00, inside quiet hours 21-08
    # It was held until 08:00 the next day, though the user asked for 22:00 and was told so.
    assert [d.kind for d in await sweep(services)] == [Kind.TASK]


async def test_the_list_tells_when_a_reminder_held_over_quiet_hours_will_really_come(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    await services.clients.upsert_rows(
        None, [row(2, "华能南京电厂", ZHANG, "good", date(2026, 11, 20))]
    )
    async with services.db.read() as session:
        client_id = (await session.execute(select(Client.id))).scalar_one()
    clock.set(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))  # Monday 10:00 in Shanghai
    now = clock.now()
    async with services.db.write() as uow:
        uow.session.add(Complaint(
            draft_id="seed-q", client_id=client_id, owner_id=zhang.user_id,
            recorded_by_id=zhang.user_id, category="service", severity="low", status="responded",
            description="发票重复", received_at=now, first_response_due=now + timedelta(hours=8),
            responded_at=now, resolution_due=datetime(2026, 11, 26, 15, 59, tzinfo=UTC),
            deadlines_estimated=False, created_at=now, updated_at=now,
        ))  # fmt: skip
        await uow.commit()
    items, _ = await services.reminders.pending(zhang)
    coming = [i for i in items if i.params.get("ticket") and i.status != "sent"]
    assert coming, items
    shanghai = ZoneInfo("Asia/Shanghai")
    # The warning made for 11-25 23:59 is held until 08:00; the list said 23:59.
    for item in coming:
        local = item.send_after.astimezone(shanghai).time()
        assert time(8, 0) <= local < time(21, 0), (item.kind, item.send_after)


async def test_a_warning_held_by_quiet_hours_past_its_deadline_is_not_promised_in_the_list(
    services: Services, clock: FakeClock
) -> None:
    """At 21:50 a ticket due at 23:59 listed "resolve by 23:59 (reminds at 08:00 tomorrow)": a
    warning that never comes (the alert at the deadline replaces it)."""
    zhang, _, _ = await team(services)
    await services.clients.upsert_rows(
        None, [row(2, "华能南京电厂", ZHANG, "good", date(2026, 11, 20))]
    )
    async with services.db.read() as session:
        client_id = (await session.execute(select(Client.id))).scalar_one()
    clock.set(datetime(2026, 11, 23, 13, 50, tzinfo=UTC))  # Monday 21:50 in Shanghai
    now = clock.now()
    due = datetime(2026, 11, 23, 15, 59, tzinfo=UTC)  # 23:59 tonight
    async with services.db.write() as uow:
        uow.session.add(Complaint(
            draft_id="seed-late", client_id=client_id, owner_id=zhang.user_id,
            recorded_by_id=zhang.user_id, category="service", severity="low", status="responded",
            description="发票重复", received_at=now - timedelta(days=3),
            first_response_due=now - timedelta(days=2), responded_at=now - timedelta(days=3),
            resolution_due=due, deadlines_estimated=False, created_at=now, updated_at=now,
        ))  # fmt: skip
        await uow.commit()
    await sweep(services)  # the warning was due yesterday evening: held in quiet hours
    items, total = await services.reminders.pending(zhang)
    kinds = [i.kind for i in items if i.params.get("ticket")]
    assert Kind.RESOLUTION_WARN not in kinds and Kind.RESOLUTION_BREACH in kinds, items
    assert total == len(items)
    clock.set(datetime(2026, 11, 24, 0, 1, tzinfo=UTC))  # 08:01: the alert, not the warning
    sent = about(await sweep(services), ZHANG)
    assert [k for k, _ in sent] == [Kind.RESOLUTION_BREACH.value], sent
