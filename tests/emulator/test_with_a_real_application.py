"""A real python-telegram-bot Application, polling the fake server, with a few tiny handlers."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Message
from telegram.ext import Application

from emulator import FakeTelegram, NoSuchButton
from tests.emulator.conftest import USER, Seen

Bot = Application[Any, Any, Any, Any, Any, Any]


async def test_the_bot_echoes_and_gets_back_a_complete_message(
    fake: FakeTelegram, tiny_bot: Bot, seen: Seen
) -> None:
    fake.send_text(USER, "<A&B> 精细化工")
    reply = await fake.wait_for(USER, timeout=5)
    assert reply.text == "你说：<A&B> 精细化工"
    assert reply.html == "<b>你说</b>：&lt;A&amp;B&gt; 精细化工"
    assert reply.entities == [{"type": "bold", "offset": 0, "length": 2}]
    await fake.wait_idle(quiet=0.2, timeout=5)  # the handler has PTB's Message only after that
    returned: Message = seen.replies[0]
    assert returned.from_user is not None and returned.from_user.username == "kam_test_bot"
    assert returned.text == reply.text and returned.chat.id == USER
    assert returned.reply_markup is not None
    assert returned.reply_markup.inline_keyboard[0][0].callback_data == "again"
    assert fake.rejected == []


async def test_a_pressed_button_reaches_the_handler_which_answers_and_edits(
    fake: FakeTelegram, tiny_bot: Bot, seen: Seen
) -> None:
    fake.send_text(USER, "你好")
    menu = await fake.wait_for(USER, timeout=5)
    fake.press_button(USER, menu.message_id, "again")
    edited = await fake.wait_for(USER, timeout=5)
    assert (edited.kind, edited.message_id, edited.text) == ("edit", menu.message_id, "按了 again")
    assert [(a.text, a.user_id) for a in fake.callback_answers] == [("收到", USER)]
    assert fake.pending_callback_queries == []


async def test_a_forged_button_is_refused_unless_the_test_forges_it_on_purpose(
    fake: FakeTelegram, tiny_bot: Bot, seen: Seen
) -> None:
    fake.send_text(USER, "你好")
    menu = await fake.wait_for(USER, timeout=5)
    with pytest.raises(NoSuchButton):
        fake.press_button(USER, menu.message_id, "client:42")
    fake.press_button(USER, menu.message_id, "client:42", forge=True)
    await fake.wait_for(USER, lambda m: m.kind == "edit", timeout=5)
    assert seen.button_data == ["client:42"]


async def test_a_users_document_round_trips_through_get_file_and_download(
    fake: FakeTelegram, tiny_bot: Bot
) -> None:
    data = "客户名称,客户经理ID\n华能,1011\n".encode()
    fake.send_document(USER, "clients.csv", data, mime_type="text/csv")
    reply = await fake.wait_for(USER, timeout=5)
    assert reply.kind == "document" and reply.filename == "reversed.bin"
    assert reply.document == data[::-1]
    assert reply.text == f"{len(data)} 字节"
    sent_by_user = fake.updates[-1]["message"]["document"]
    assert sent_by_user["file_size"] == len(data) and sent_by_user["mime_type"] == "text/csv"
    assert [m for m, _ in fake.request_log].count("download") == 1


async def test_an_injected_flood_error_reaches_the_handler_as_retry_after(
    fake: FakeTelegram, tiny_bot: Bot, seen: Seen
) -> None:
    fake.fail_next("sendMessage", error_code=429, retry_after=3)
    fake.send_text(USER, "一")
    fake.send_text(USER, "二")
    reply = await fake.wait_for(USER, timeout=5)
    assert seen.retry_after == [3.0]
    assert reply.text == "你说：二"


async def test_a_user_who_blocked_the_bot_gives_forbidden_and_a_membership_update(
    fake: FakeTelegram, tiny_bot: Bot, seen: Seen
) -> None:
    fake.send_text(77, "/start")
    await fake.wait_for(77, timeout=5)
    fake.block_user(77)
    fake.send_text(USER, "/notify 77")
    await fake.wait_idle(quiet=0.3, timeout=5)
    assert seen.forbidden == ["Forbidden: bot was blocked by the user"]
    assert seen.member_changes == [("member", "kicked")]
    fake.send_text(77, "/start")  # writing again restarts the bot
    assert (await fake.wait_for(77, timeout=5)).text == "你说：/start"
    assert seen.member_changes == [("member", "kicked"), ("kicked", "member")]


async def test_the_same_update_delivered_twice_reaches_the_bot_twice(
    fake: FakeTelegram, tiny_bot: Bot, seen: Seen
) -> None:
    fake.send_text(USER, "一次")
    await fake.wait_for(USER, timeout=5)
    fake.queue_raw_update(fake.updates[-1])
    await fake.wait_for(USER, timeout=5)
    fake.send_text(USER, "之后")
    later = await fake.wait_for(USER, timeout=5)
    assert later.text == "你说：之后"
    assert seen.update_ids[0] == seen.update_ids[1] < seen.update_ids[2]
    assert len(fake.messages_to(USER)) == 3


async def test_waiting_in_vain_fails_with_the_chats_transcript(
    fake: FakeTelegram, tiny_bot: Bot
) -> None:
    fake.send_text(USER, "你好")
    await fake.wait_for(USER, timeout=5)
    with pytest.raises(AssertionError) as failure:
        await fake.wait_for(USER, timeout=0.3)
    report = str(failure.value)
    assert "no new message to chat 1001" in report
    assert "👤 张三 #1: 你好" in report and "🤖 #2 [text] 你说：你好 [再来]" in report
