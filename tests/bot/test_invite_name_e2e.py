"""Inviting someone under the name the team knows them by, and renaming them later, in chat."""

from __future__ import annotations

import re

import pytest

from emulator import FakeTelegram
from services.bootstrap import Services
from services.client_import import ClientRow
from services.domain import Role
from tests.bot.conftest import InProcessBot

pytestmark = pytest.mark.e2e

ADMIN, SUPERVISOR, ZHANG, NEWCOMER, OTHER = 1001, 1010, 1011, 2001, 2002


async def seed(services: Services) -> None:
    add = services.users.add_user
    await add(telegram_id=ADMIN, name="管理员", role=Role.ADMIN, team=None)
    await add(telegram_id=SUPERVISOR, name="王主管", role=Role.SUPERVISOR, team="华东一部")
    await add(telegram_id=ZHANG, name="张三", role=Role.MANAGER, team="华东一部")


def client(line: int, name: str, owner: int) -> ClientRow:
    return ClientRow(
        line=line, name=name, owner_telegram_id=owner, tier=None, credit_rating=None,
        strategy=None, industry="电力", region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=(), contacts=(),
    )  # fmt: skip


def start_code(text: str) -> str:
    match = re.search(r"https://t\.me/kam_test_bot\?start=([\w-]+)", text)
    assert match, text
    return match.group(1)


async def test_a_supervisors_invite_names_the_manager_their_summary_shows(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "/invite manager 周小琳")
    invite = await fake.wait_for(SUPERVISOR)
    assert "给 周小琳 的邀请链接（客户经理（华东一部））" in invite.text, invite.text
    # Their Telegram calls them "Demo"; the team knows them as 周小琳.
    fake.send_text(NEWCOMER, f"/start {start_code(invite.text)}", first_name="Demo")
    welcome = await fake.wait_for(NEWCOMER)
    assert "华东一部" in welcome.text, welcome.text
    # The admin hands them clients (a client list naming their Telegram id).
    imported = await seeded.clients.upsert_rows(None, [client(2, "华能南京电厂", NEWCOMER)])
    assert imported.ok, imported.errors
    fake.send_text(SUPERVISOR, "/summary week")
    summary = await fake.wait_for(SUPERVISOR)
    assert "周小琳" in summary.text and "Demo" not in summary.text, summary.text

    # A typo in the name is put right afterwards; a manager may not rename anyone.
    fake.send_text(ZHANG, "/rename 周小琳 张三丰")
    assert "张三丰" not in (await fake.wait_for(ZHANG)).text
    fake.send_text(SUPERVISOR, "/rename 周小琳 周晓琳")
    done = await fake.wait_for(SUPERVISOR)
    assert "已改名：周小琳 → 周晓琳" in done.text, done.text
    fake.send_text(SUPERVISOR, "/summary week")
    summary = await fake.wait_for(SUPERVISOR)
    assert "周晓琳" in summary.text and "周小琳" not in summary.text, summary.text
    # Someone outside the supervisor's team is not theirs to rename (nor said to exist).
    fake.send_text(SUPERVISOR, "/rename 管理员 老板")
    refused = await fake.wait_for(SUPERVISOR)
    assert "找不到“管理员”" in refused.text, refused.text
    assert [u.name for u in await seeded.users.list_users() if u.telegram_id == ADMIN] == ["管理员"]
    assert fake.rejected == []


async def test_an_admins_named_invite_keeps_the_name_through_the_team_question(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ADMIN, "/invite supervisor 华东二部 name: Qian Duoduo", language_code="en")
    asked = await fake.wait_for(ADMIN)
    assert "There is no team called “华东二部”" in asked.text, asked.text
    [new_team] = [b for b in asked.buttons if "New team" in b["text"]]
    fake.press_button(ADMIN, asked.message_id, new_team["callback_data"])
    invite = await fake.wait_for(ADMIN)
    assert "Invitation link for Qian Duoduo (supervisor (华东二部))" in invite.text, invite.text
    fake.send_text(OTHER, f"/start {start_code(invite.text)}", first_name="Demo")
    await fake.wait_for(OTHER)
    [joined] = [u for u in await seeded.users.list_users() if u.telegram_id == OTHER]
    assert (joined.name, joined.role, joined.team) == ("Qian Duoduo", Role.SUPERVISOR, "华东二部")
