"""Whole conversations with the real bot process: strangers, invites, access, imports, escaping."""

from __future__ import annotations

import re

import pytest

from emulator import FakeTelegram
from services.bootstrap import Services
from services.client_import import ClientRow
from services.domain import Role
from tests.bot.conftest import TOKEN, BotProcess, InProcessBot

pytestmark = pytest.mark.e2e

ADMIN, SUPERVISOR, ZHANG, LI, STRANGER = 1001, 1010, 1011, 1012, 4242


def client(line: int, name: str, owner: int) -> ClientRow:
    return ClientRow(
        line=line, name=name, owner_telegram_id=owner, tier=None, credit_rating=None,
        strategy=None, industry="电力", region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=(), contacts=(),
    )  # fmt: skip


async def seed(services: Services) -> dict[str, int]:
    await services.users.add_user(telegram_id=ADMIN, name="管理员", role=Role.ADMIN, team=None)
    await services.users.add_user(telegram_id=SUPERVISOR, name="王主管", role=Role.SUPERVISOR,
                                  team="华东一部")  # fmt: skip
    await services.users.add_user(
        telegram_id=ZHANG, name="张三", role=Role.MANAGER, team="华东一部"
    )
    await services.users.add_user(telegram_id=LI, name="李四", role=Role.MANAGER, team="华东一部")
    await services.clients.upsert_rows(
        None,
        [
            client(2, "华能南京电厂", ZHANG),
            client(3, "华润万家", LI),
            client(4, "<A&B> 精细化工", ZHANG),
        ],
    )
    admin = await services.users.resolve_actor(ADMIN)
    assert admin is not None
    ids = {}
    for name in ("华能南京电厂", "华润万家", "<A&B> 精细化工"):
        ids[name] = (await services.clients.search(admin, name))[0].id
    return ids


async def test_a_stranger_learns_nothing_but_their_own_id(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    for text in ("/start", "/client 华能", "信誉较差的客户多久要走访一次？", "/help"):
        fake.send_text(STRANGER, text)
        reply = await fake.wait_for(STRANGER)
        assert str(STRANGER) in reply.text
        assert "华能" not in reply.text and "走访" not in reply.text
    assert len(fake.messages_to(STRANGER)) == 4
    assert fake.rejected == []


async def test_an_invited_manager_registers_once_with_the_link(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ADMIN, "/invite manager 华东二部")
    asked = await fake.wait_for(ADMIN)
    assert "没有名为“华东二部”的团队" in asked.text, asked.text
    fake.press_button(ADMIN, asked.message_id, "inv:m:+华东二部")
    invite = await fake.wait_for(ADMIN)
    match = re.search(r"https://t\.me/kam_test_bot\?start=([\w-]+)", invite.text)
    assert match, invite.text
    fake.send_text(2001, f"/start {match.group(1)}", first_name="赵", language_code="zh-hans")
    welcome = await fake.wait_for(2001)
    assert "客户经理" in welcome.text and "华东二部" in welcome.text
    fake.send_text(2001, "/help")
    assert "/client" in (await fake.wait_for(2001)).text
    fake.send_text(2002, f"/start {match.group(1)}", first_name="钱")
    refused = await fake.wait_for(2002)
    assert "邀请链接无效" in refused.text
    fake.send_text(2002, "/client 华")
    assert str(2002) in (await fake.wait_for(2002)).text


async def test_an_invite_to_a_mistyped_team_asks_which_team_instead_of_making_one(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # The team is 华东一部; the admin types 华东1部. Before, a new empty team was made at once and
    # the invited manager's clients were seen by no supervisor.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ADMIN, "/invite manager 华东1部")
    asked = await fake.wait_for(ADMIN)
    assert "没有名为“华东1部”的团队，邀请链接还没有生成" in asked.text, asked.text
    assert "t.me/" not in asked.text
    labels = [b["text"] for b in asked.buttons]
    assert labels == ["华东一部", "➕ 新建团队“华东1部”"], labels
    ((team_id, _name),) = await seeded.users.teams()
    fake.press_button(ADMIN, asked.message_id, f"inv:m:{team_id}")
    invite = await fake.wait_for(ADMIN)
    assert "客户经理（华东一部）" in invite.text, invite.text
    match = re.search(r"start=([\w-]+)", invite.text)
    assert match, invite.text
    fake.send_text(2003, f"/start {match.group(1)}", first_name="孙")
    assert "华东一部" in (await fake.wait_for(2003)).text
    assert [name for _id, name in await seeded.users.teams()] == ["华东一部"]

    fake.send_text(ADMIN, "/invite supervisor", language_code="en")
    unnamed = await fake.wait_for(ADMIN)
    assert "Which team does the supervisor join?" in unnamed.text, unnamed.text
    assert [b["text"] for b in unnamed.buttons] == ["华东一部", "No team"]


async def test_a_manager_never_sees_another_managers_client(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    ids = await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/client 华润")
    by_name = await fake.wait_for(ZHANG)
    assert "华润" not in by_name.text.replace("“华润”", "")
    fake.send_text(ZHANG, "/client hrwj")
    assert "万家" not in (await fake.wait_for(ZHANG)).text
    # A forged button carrying the id of Li's client.
    fake.send_text(ZHANG, "/client 华能")
    card = await fake.wait_for(ZHANG)
    assert "华能南京电厂" in card.text
    fake.press_button(ZHANG, card.message_id, f"client:{ids['华润万家']}", forge=True)
    forged = await fake.wait_for(ZHANG)
    assert "万家" not in forged.text and "没有找到" in forged.text
    # Asking about the client by name does not reveal it either.
    fake.send_text(ZHANG, "华润万家最近怎么样？")
    asked = await fake.wait_for(ZHANG)
    assert "李四" not in asked.text
    # Their supervisor sees both.
    fake.send_text(SUPERVISOR, "/client 华润万家")
    assert "李四" in (await fake.wait_for(SUPERVISOR)).text


async def test_several_matches_give_buttons_that_open_the_card(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "/client 华")
    choice = await fake.wait_for(SUPERVISOR)
    buttons = [b for row in choice.reply_markup["inline_keyboard"] for b in row]
    assert len(buttons) >= 2
    target = next(b for b in buttons if b["text"] == "华润万家")
    fake.press_button(SUPERVISOR, choice.message_id, target["callback_data"])
    card = await fake.wait_for(SUPERVISOR)
    assert "华润万家" in card.text and "李四" in card.text


async def test_a_client_name_full_of_html_characters_renders(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/client <A&B>")
    card = await fake.wait_for(ZHANG)
    assert "<A&B> 精细化工" in card.text
    assert fake.rejected == []


async def test_an_import_with_bad_rows_imports_nothing_and_names_the_rows(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    bad = (
        "客户名称,客户经理ID,客户类型,信誉等级,最近走访日期\n"
        f"新客户甲,{ZHANG},重要,优,2026-01-05\n"
        f"新客户乙,{ZHANG},重要,很好,2026-01-05\n"
        f"新客户丙,{ZHANG},商业,中,2026-13-45\n"
    ).encode()
    fake.send_document(ADMIN, "clients.csv", bad, mime_type="text/csv")
    await fake.wait_for(ADMIN)  # "importing…"
    report = await fake.wait_for(ADMIN)
    assert "没有导入任何数据" in report.text
    assert "第 3 行" in report.text and "第 4 行" in report.text and "很好" in report.text
    fake.send_text(ADMIN, "/client 新客户甲")
    assert "没有找到" in (await fake.wait_for(ADMIN)).text

    good = bad.replace("很好".encode(), "中".encode()).replace(b"2026-13-45", b"2026-03-01")
    fake.send_document(ADMIN, "clients.csv", good, mime_type="text/csv")
    await fake.wait_for(ADMIN)
    assert "新增 3 个" in (await fake.wait_for(ADMIN)).text
    fake.send_text(ZHANG, "/client 新客户丙")
    assert "新客户丙" in (await fake.wait_for(ZHANG)).text


async def test_a_client_list_naming_its_managers_imports_to_those_managers(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # A Chinese team's own list names the manager (客户经理：张三); nobody knows Telegram IDs.
    await seed(seeded)
    await seeded.users.add_user(telegram_id=1013, name="王五", role=Role.MANAGER, team="华东二部")
    await seeded.users.add_user(telegram_id=1014, name="王五", role=Role.MANAGER, team="华东一部")
    await in_process_bot.start()
    named = "客户名称,客户经理,信用等级\n新客户甲,张三,优\n新客户乙, 李四 ,中\n新客户丙,赵六,差\n"
    fake.send_document(ADMIN, "客户清单.csv", (named + "新客户丁,王五,中\n").encode())
    await fake.wait_for(ADMIN)  # "importing…"
    report = (await fake.wait_for(ADMIN)).text
    assert "没有导入任何数据" in report, report
    assert "第 4 行（客户经理）：客户经理“赵六”既不是系统中在职用户的姓名" in report, report
    assert "第 5 行（客户经理）：系统中有多位在职用户叫“王五”" in report, report
    assert "第 2 行" not in report and "第 3 行" not in report, report

    fake.send_document(ADMIN, "客户清单.csv", named.replace("赵六", str(LI)).encode())
    await fake.wait_for(ADMIN)
    assert "新增 3 个" in (await fake.wait_for(ADMIN)).text
    fake.send_text(ZHANG, "/client 新客户甲")
    assert "新客户甲" in (await fake.wait_for(ZHANG)).text
    fake.send_text(LI, "/clients")
    mine = (await fake.wait_for(LI)).text
    assert "新客户乙" in mine and "新客户丙" in mine and "新客户甲" not in mine, mine


async def test_a_manager_cannot_import_or_invite(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_document(ZHANG, "clients.csv", f"客户名称,客户经理ID\n偷偷加,{ZHANG}\n".encode())
    refused = (await fake.wait_for(ZHANG)).text
    assert "只有管理员可以导入文件" in refused and "没有保存" in refused, refused
    fake.send_text(ZHANG, "/client 偷偷加")
    looked_up = (await fake.wait_for(ZHANG)).text
    assert "没有找到" in looked_up and "偷偷加" in looked_up, looked_up  # nothing was imported
    fake.send_text(ZHANG, "/invite manager")
    assert "没有权限" in (await fake.wait_for(ZHANG)).text


async def test_the_bot_works_only_in_private_chats(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/client 华能", chat_type="group", chat_id=-100123)
    reply = await fake.wait_for(-100123)
    assert "私聊" in reply.text and "华能南京电厂" not in reply.text


async def test_english_users_get_english_and_can_switch_language(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(3001, "/start", language_code="en")
    assert "Your Telegram ID is" in (await fake.wait_for(3001)).text
    # Not yet a user, writing in another language than the phone's: told in the one written.
    fake.send_text(3002, "hello, how do I join the team?", language_code="zh-hans")
    assert "Your Telegram ID is" in (await fake.wait_for(3002)).text
    fake.send_text(3003, "你好，我怎么开通账号？", language_code="en")
    assert "您的 Telegram ID 是" in (await fake.wait_for(3003)).text
    fake.send_text(ZHANG, "/lang")
    menu = await fake.wait_for(ZHANG)
    fake.press_button(ZHANG, menu.message_id, "lang:en")
    assert "English" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/client 华能")
    assert "Credit rating" in (await fake.wait_for(ZHANG)).text
    # Named at once, in either language: no menu to tap.
    fake.send_text(ZHANG, "/lang 中文")
    assert "中文" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/client 华能")
    assert "信誉等级" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/lang english")
    assert "English" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/lang klingon")  # not a language we speak: the menu
    assert "lang:zh" in str((await fake.wait_for(ZHANG)).reply_markup)


async def test_the_token_never_reaches_the_logs_and_commands_are_set(
    fake: FakeTelegram, bot: BotProcess, seeded: Services
) -> None:
    await seed(seeded)
    await bot.start()
    fake.send_text(ADMIN, "/help")
    help_text = (await fake.wait_for(ADMIN)).text
    assert "/invite" in help_text and "/kb" in help_text
    await bot.stop()
    secret = TOKEN.split(":", 1)[1]
    assert secret not in bot.output()
    assert secret not in (bot.data_dir / "logs" / "kam.log").read_text(encoding="utf-8")
    assert fake.commands, "the command menu was not set"


async def test_an_invited_user_is_spoken_to_in_their_telegrams_language_until_they_choose(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # Registering took the Telegram's language as chosen: a user whose phone went from Chinese
    # to English was still answered in Chinese, unlike a user added by `kam users add`.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ADMIN, "/invite manager 华东一部")
    invite = await fake.wait_for(ADMIN, lambda m: "start=" in m.text)
    match = re.search(r"start=([\w-]+)", invite.text)
    assert match, invite.text
    fake.send_text(2004, f"/start {match.group(1)}", first_name="周", language_code="zh-hans")
    assert "欢迎加入" in (await fake.wait_for(2004)).text
    fake.send_text(2004, "/help", language_code="en")
    assert "here is what I can do" in (await fake.wait_for(2004)).text
    fake.send_text(2004, "/lang 简体", language_code="en")
    await fake.wait_for(2004)
    fake.send_text(2004, "/help", language_code="en")  # chosen now: kept
    assert "我能做这些事" in (await fake.wait_for(2004)).text
