"""Visit records on both databases: saved once, listed by access, edited or deleted by the author in 24 h."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from services.bootstrap import Services
from services.client_import import ClientRow
from services.domain import Actor, Language, Role
from services.exports import ExportFormat, ExportKind
from tests.fakes import FakeClock


async def _people(services: Services) -> tuple[Actor, Actor]:
    await services.users.add_user(telegram_id=11, name="张三", role=Role.MANAGER, team="一部")
    await services.users.add_user(telegram_id=12, name="李四", role=Role.MANAGER, team="一部")
    await services.clients.upsert_rows(None, [ClientRow(
        line=2, name="华能南京电厂", owner_telegram_id=11, tier=None, credit_rating=None,
        strategy=None, industry=None, region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=("华能电厂",), contacts=(),
    )])  # fmt: skip
    zhang, li = await services.users.resolve_actor(11), await services.users.resolve_actor(12)
    assert zhang is not None and li is not None
    return zhang, li


async def _log(services: Services, actor: Actor, text: str) -> int:
    outcome = await services.visits.start(actor, text)
    assert outcome.says[-1].key == "visit.confirm", outcome
    state = await services.conversations.store.get(actor.user_id)
    assert state is not None
    saved = await services.conversations.on_choice(actor, state.token, "ok")
    assert saved.says[0].key == "visit.saved"
    return int(saved.says[0].params["id"])


async def test_a_confirmed_visit_updates_the_client_and_exports(services: Services) -> None:
    zhang, li = await _people(services)
    visit_id = await _log(
        services, zhang, "今天上午拜访了华能电厂，见了设备部张总，谈了二期扩容，下周二前发报价"
    )
    views = await services.visits.recent(zhang)
    assert [v.id for v in views] == [visit_id] and views[0].follow_up_on is not None
    assert await services.visits.recent(li) == []
    card = await services.clients.card(zhang, views[0].client_id)
    assert card.last_visit_on == views[0].visited_on
    data = await services.exports.export(None, ExportKind.VISITS, ExportFormat.XLSX, Language.ZH)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and any("二期扩容" in str(c) for c in rows[1])


async def test_the_author_edits_within_a_day_and_nobody_else_can(
    services: Services, clock: FakeClock
) -> None:
    zhang, li = await _people(services)
    visit_id = await _log(services, zhang, "今天拜访了华能电厂，谈了检修计划")
    assert (await services.visits.start_edit(li, visit_id)).says[0].key == "visit.not_editable"
    menu = await services.visits.start_edit(zhang, visit_id)
    assert menu.says[0].key == "visit.ask_edit"
    state = await services.conversations.store.get(zhang.user_id)
    assert state is not None
    await services.conversations.on_choice(zhang, state.token, "e:summary")
    await services.conversations.on_text(zhang, "谈了检修计划和备件清单")
    confirmed = await services.conversations.on_choice(zhang, state.token, "ok")
    assert confirmed.says[0].params["id"] == visit_id
    assert (await services.visits.recent(zhang))[0].summary == "谈了检修计划和备件清单"
    clock.advance(hours=25)
    assert (await services.visits.delete(zhang, visit_id)).says[0].key == "visit.not_editable"


async def test_the_author_deletes_a_visit_and_the_last_visit_date_follows(
    services: Services,
) -> None:
    zhang, _ = await _people(services)
    visit_id = await _log(services, zhang, "今天拜访了华能电厂，谈了检修计划")
    assert (await services.visits.delete(zhang, visit_id)).says[0].key == "visit.deleted"
    assert await services.visits.recent(zhang) == []
    hit = (await services.clients.search(zhang, "华能"))[0]
    assert (await services.clients.card(zhang, hit.id)).last_visit_on is None


async def test_a_visit_told_as_this_afternoon_in_the_morning_asks_which_day(
    services: Services, clock: FakeClock
) -> None:
    """'今天下午去了…' typed at 10:00 has not happened: the day is asked, never saved as today 下午."""
    zhang, _ = await _people(services)  # the clock: Monday 2026-11-23 10:00 in Shanghai
    asked = await services.visits.start(zhang, "今天下午去了华能电厂，见了张总，谈了二期扩容")
    assert [s.key for s in asked.says] == ["visit.time_not_yet", "visit.ask_when"]
    assert asked.says[0].params == {"time": "afternoon", "now": "10:00"}
    state = await services.conversations.store.get(zhang.user_id)
    assert state is not None and not state.data.get("visited_on")
    card = await services.conversations.on_choice(zhang, state.token, "d:1")  # 昨天
    assert card.says[-1].key == "visit.confirm"
    assert card.says[-1].card is not None
    assert (card.says[-1].card["visited_on"], card.says[-1].card["visited_time"]) == (
        "2026-11-22",
        "afternoon",
    )


async def test_a_visit_day_half_a_year_back_is_taken_when_asked_and_in_a_correction(
    services: Services, clock: FakeClock
) -> None:
    # On 2 December "6月1日" is 184 days back and 181 ahead: answered to "什么时候走访的？" or
    # typed as a correction it was 1 June 2027 and refused as a day in the future.
    zhang, _ = await _people(services)
    clock.set(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))  # 10:00 in Shanghai
    asked = await services.visits.start(zhang, "去了华能电厂，见了张总，谈了二期扩容")
    assert asked.says[-1].key == "visit.ask_when", asked
    card = await services.conversations.on_text(zhang, "6月1日")
    assert card is not None and card.says[-1].card is not None, card
    assert card.says[-1].card["visited_on"] == "2026-06-01"
    fixed = await services.conversations.on_text(zhang, "日期改成5月20日")
    assert fixed is not None and fixed.says[-1].card is not None, fixed
    assert fixed.says[-1].card["visited_on"] == "2026-05-20"
    ahead = await services.conversations.on_text(zhang, "日期改成2027年5月20日")  # a year written
    assert ahead is not None and ahead.says[-1].card is not None, ahead
    assert ahead.says[-1].card["visited_on"] == "2026-05-20"  # refused: kept as it was


async def test_today_chosen_after_a_time_still_to_come_drops_the_time(services: Services) -> None:
    zhang, _ = await _people(services)
    await services.visits.start(zhang, "This afternoon I met Mr. Li at 华能电厂 about the upgrade")
    state = await services.conversations.store.get(zhang.user_id)
    assert state is not None
    again = await services.conversations.on_text(zhang, "today 3pm")  # still to come: asked again
    assert again is not None and again.says[0].key == "visit.time_not_yet"
    card = await services.conversations.on_choice(zhang, state.token, "d:0")
    assert card.says[-1].card is not None
    assert (card.says[-1].card["visited_on"], card.says[-1].card["visited_time"]) == (
        "2026-11-23",
        None,
    )


async def test_a_card_corrected_to_a_time_still_to_come_is_refused(services: Services) -> None:
    zhang, _ = await _people(services)
    await services.visits.start(zhang, "今天上午拜访了华能电厂，谈了检修计划")
    for typed in ("时间改成下午", "日期改成今天晚上"):
        refused = await services.conversations.on_text(zhang, typed)
        assert refused is not None and refused.says[0].key == "visit.time_not_yet", typed
        assert refused.says[-1].card is not None
        assert refused.says[-1].card["visited_time"] == "morning"


async def test_a_new_report_typed_on_a_card_is_asked_about_in_its_own_language(
    services: Services,
) -> None:
    zhang, _ = await _people(services)
    await services.visits.start(zhang, "昨天拜访了华能电厂，谈了检修计划")
    asked = await services.conversations.on_text(
        zhang, "Yesterday I visited the plant and met Mr. Li about the upgrade"
    )
    assert asked is not None and asked.says[0].key == "flow.another_report"
    assert asked.lang == "en"


async def test_a_complaint_called_in_while_a_visit_card_waits_is_asked_about_as_a_complaint(
    services: Services,
) -> None:
    """ "宁波银行来电说专线断了" on a waiting visit card was asked about as "a new visit report"."""
    zhang, _ = await _people(services)
    for started in ("昨天拜访了华能电厂，谈了检修计划", "拜访了华能电厂，谈了检修计划"):
        await services.visits.start(zhang, started)  # at the card, and at "when?"
        for typed, lang in (
            ("华能电厂今天上午打电话来，说厂区专线从9点就断了，非常紧急", "zh"),
            ("Huaneng called: their plant line has been down since 9am, very urgent", "en"),
        ):
            asked = await services.conversations.on_text(zhang, typed)
            assert asked is not None and asked.says[0].key.startswith("flow.another_report")
            assert asked.says[0].params["what"] == "complaint", (started, typed)
            assert asked.lang == lang
            assert asked.says[0].token is not None
            await services.conversations.on_choice(zhang, asked.says[0].token, "next:back")
        await services.conversations.cancel(zhang)


async def test_a_new_report_telling_a_complaint_offers_filing_it_after_the_draft_it_replaced(
    services: Services,
) -> None:
    # Before, a report typed on a waiting card lost its complaint: after "drop the last draft,
    # log this one", the new visit was saved and the complaint it told of was never offered.
    zhang, _ = await _people(services)
    await services.visits.start(zhang, "昨天拜访了华能电厂，谈了检修计划")
    asked = await services.conversations.on_text(
        zhang, "今天上午和华能电厂李经理开了个会，他们反映上周有两次送货延误"
    )
    assert asked is not None and asked.says[0].key == "flow.another_report"
    token = asked.says[0].token
    assert token is not None
    started = await services.conversations.on_choice(zhang, token, "next:drop")
    card = started.says[-1]
    assert card.key == "visit.confirm" and card.card is not None and card.token is not None
    assert "送货延误" in card.card["summary"]
    saved = await services.conversations.on_choice(zhang, card.token, "ok")
    keys = [say.key for say in saved.says]
    assert keys[0] == "visit.saved" and "offer.complaint" in keys, keys


async def test_a_report_naming_two_clients_asks_which_to_log_first_and_says_the_other_is_apart(
    services: Services,
) -> None:
    zhang, _ = await _people(services)
    await services.clients.upsert_rows(None, [ClientRow(
        line=3, name="交通银行南京分行", owner_telegram_id=11, tier=None, credit_rating=None,
        strategy=None, industry=None, region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=("交通银行",), contacts=(),
    )])  # fmt: skip
    outcome = await services.visits.start(zhang, "今天拜访了华能电厂和交通银行，谈了年度续约")
    [ask] = outcome.says
    # Not "“华能电厂”可能是以下哪个客户？" beside a bank: two clients, one record each.
    assert ask.key == "visit.ask_client_several" and ask.params == {"count": 2}
    labels = [c.label for row in ask.choices for c in row if c.label]
    assert labels == ["华能南京电厂", "交通银行南京分行"]


async def test_the_same_visit_told_again_is_flagged_on_the_card_before_it_is_counted_twice(
    services: Services,
) -> None:
    zhang, _ = await _people(services)
    first = await _log(services, zhang, "今天上午拜访了华能电厂，见了张总，谈了二期扩容")
    # The same visit sent again (in 繁體, as a voice note, ...): the card says one is on record.
    again = await services.visits.start(zhang, "今天上午拜訪了華能電廠，見了張總，談了二期擴容")
    card = again.says[-1]
    assert card.key == "visit.confirm"
    assert card.card["same_day"] == {"id": first, "author": "张三"}
    # Another day's visit of the client is no double.
    await services.conversations.on_choice(zhang, card.token or "", "cancel")
    other = await services.visits.start(zhang, "昨天拜访了华能电厂，谈了二期扩容")
    assert other.says[-1].card["same_day"] is None


async def test_a_deleted_visit_is_said_to_be_deleted_to_its_author_on_every_stale_button(
    services: Services,
) -> None:
    zhang, li = await _people(services)
    visit_id = await _log(services, zhang, "今天拜访了华能电厂，谈了检修计划")
    assert (await services.visits.delete(zhang, visit_id)).says[0].key == "visit.deleted"
    # "确认删除" tapped again: the same answer, not "只有作者可在 24 小时内修改或删除".
    again = (await services.visits.delete(zhang, visit_id)).says[0]
    assert (again.key, again.params) == ("visit.deleted", {"id": visit_id})
    for stale in (services.visits.start_edit, services.visits.ask_delete):
        said = (await stale(zhang, visit_id)).says[0]
        assert (said.key, said.params) == ("visit.already_deleted", {"id": visit_id})
    # Someone else learns nothing about it.
    assert (await services.visits.delete(li, visit_id)).says[0].key == "visit.not_editable"
    assert (await services.visits.start_edit(li, visit_id)).says[0].key == "visit.not_editable"
