"""Direct HTTP calls: the fake server refuses what Telegram refuses, with Telegram's answers."""

from __future__ import annotations

import json

import httpx
import pytest

from emulator import FakeTelegram, Rejection
from tests.emulator.conftest import TOKEN, USER, Api, png


@pytest.fixture(autouse=True)
def known_user(fake: FakeTelegram) -> None:
    fake.add_user(USER, first_name="张三")


def keyboard(*data: str) -> dict[str, object]:
    return {
        "inline_keyboard": [[{"text": f"按钮{i}", "callback_data": d} for i, d in enumerate(data)]]
    }


async def test_a_text_of_4096_units_after_parsing_is_accepted_and_one_more_is_rejected(
    fake: FakeTelegram, api: Api
) -> None:
    assert (await api("sendMessage", chat_id=USER, text="a" * 4096))["ok"]
    tagged = "<b>" + "字" * 4096 + "</b>"  # over 4096 characters raw, exactly 4096 visible
    assert (await api("sendMessage", chat_id=USER, text=tagged, parse_mode="HTML"))["ok"]
    emoji = "😀" * 2049  # 2049 characters but 4098 UTF-16 units
    answer = await api("sendMessage", chat_id=USER, text=emoji)
    assert answer == {
        "status": 400,
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message is too long",
    }
    assert fake.rejected == [Rejection("sendMessage", "Bad Request: message is too long")]


async def test_bad_html_is_rejected_with_telegrams_description(
    fake: FakeTelegram, api: Api
) -> None:
    answer = await api("sendMessage", chat_id=USER, text="客户 <A&B> 精细化工", parse_mode="HTML")
    assert answer["status"] == 400
    assert answer["description"] == (
        'Bad Request: can\'t parse entities: Unsupported start tag "a&b" at byte offset 7'
    )
    unclosed = await api("sendMessage", chat_id=USER, text="<b>粗体", parse_mode="HTML")
    assert unclosed["description"] == (
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\""
    )
    assert [r.method for r in fake.rejected] == ["sendMessage", "sendMessage"]
    assert fake.sent == []


async def test_an_escaped_client_name_is_accepted_and_the_user_sees_it_plain(
    fake: FakeTelegram, api: Api
) -> None:
    html = "<b>&lt;A&amp;B&gt; 精细化工</b>"
    answer = await api("sendMessage", chat_id=USER, text=html, parse_mode="HTML")
    assert answer["ok"]
    message = answer["result"]
    assert message["text"] == "<A&B> 精细化工"
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 10}]
    assert message["from"]["username"] == "kam_test_bot" and message["chat"]["id"] == USER
    sent = fake.sent[-1]
    assert (sent.text, sent.html, sent.parse_mode) == ("<A&B> 精细化工", html, "HTML")
    assert fake.rejected == []


async def test_empty_and_blank_texts_are_rejected(api: Api) -> None:
    assert (await api("sendMessage", chat_id=USER, text=""))["description"] == (
        "Bad Request: message text is empty"
    )
    blank = await api("sendMessage", chat_id=USER, text="<b> </b>\n", parse_mode="HTML")
    assert blank["description"] == "Bad Request: text must be non-empty"


@pytest.mark.parametrize(
    ("data", "accepted"),
    [
        ("a" * 64, True),
        ("a" * 65, False),
        ("客" * 21, True),  # 63 bytes
        ("客" * 22, False),  # 22 characters but 66 bytes
    ],
)
async def test_callback_data_is_measured_in_utf8_bytes(api: Api, data: str, accepted: bool) -> None:
    answer = await api("sendMessage", chat_id=USER, text="选一个", reply_markup=keyboard(data))
    if accepted:
        assert answer["ok"]
        assert answer["result"]["reply_markup"] == keyboard(data)
    else:
        assert answer["description"] == "Bad Request: BUTTON_DATA_INVALID"


@pytest.mark.parametrize(
    ("button", "description"),
    [
        (
            {"text": "光有字"},
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
        (
            {"text": "空数据", "callback_data": ""},
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
        (
            {"text": "", "callback_data": "x"},
            "Bad Request: inline keyboard button text must be non-empty",
        ),
        (
            {"callback_data": "x"},
            "Bad Request: can't parse inline keyboard button: Can't find field \"text\"",
        ),
        (
            {"text": "本机", "url": "http://localhost:8080/x"},
            "Bad Request: inline keyboard button URL 'http://localhost:8080/x' is invalid: "
            "Wrong HTTP URL",
        ),
        (
            {"text": "两个", "url": "https://example.com", "callback_data": "x"},
            "Bad Request: can't parse inline keyboard button: "
            "exactly one of the optional fields must be used, got url, callback_data",
        ),
    ],
)
async def test_malformed_buttons_are_rejected(
    api: Api, button: dict[str, str], description: str
) -> None:
    answer = await api(
        "sendMessage", chat_id=USER, text="按钮", reply_markup={"inline_keyboard": [[button]]}
    )
    assert answer["description"] == description


async def test_reply_keyboards_removal_and_force_reply_are_accepted(
    fake: FakeTelegram, api: Api
) -> None:
    share = {
        "keyboard": [[{"text": "发送位置", "request_location": True}]],
        "resize_keyboard": True,
    }
    for markup in (share, {"remove_keyboard": True}, {"force_reply": True}):
        answer = await api("sendMessage", chat_id=USER, text="好", reply_markup=markup)
        assert answer["ok"] and "reply_markup" not in answer["result"]
    assert fake.sent[0].reply_markup == share
    fake.send_text(USER, "hi", chat_type="group", chat_id=-100)
    in_group = await api("sendMessage", chat_id=-100, text="好", reply_markup=share)
    assert in_group["description"] == "Bad Request: location can be requested in private chats only"


async def test_form_bodies_carry_nested_objects_as_json_strings(
    fake: FakeTelegram, api: Api
) -> None:
    answer = await api.form(
        "sendMessage",
        {"chat_id": str(USER), "text": "表单", "reply_markup": json.dumps(keyboard("f"))},
    )
    assert answer["ok"] and fake.sent[-1].reply_markup == keyboard("f")
    broken = await api.form("sendMessage", {"chat_id": str(USER), "text": "x", "reply_markup": "{"})
    assert broken["description"] == "Bad Request: can't parse reply keyboard markup JSON object"


async def test_a_chat_that_never_wrote_to_the_bot_is_not_found(api: Api) -> None:
    answer = await api("sendMessage", chat_id=999, text="你好")
    assert answer["description"] == "Bad Request: chat not found"


async def test_editing_to_the_same_content_is_not_modified_and_unknown_messages_are_not_found(
    fake: FakeTelegram, api: Api
) -> None:
    sent = await api("sendMessage", chat_id=USER, text="原文", reply_markup=keyboard("a"))
    message_id = sent["result"]["message_id"]
    same = await api(
        "editMessageText",
        chat_id=USER,
        message_id=message_id,
        text="原文",
        reply_markup=keyboard("a"),
    )
    assert same["description"] == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    # The same text without the keyboard removes the keyboard: a real change.
    dropped = await api("editMessageText", chat_id=USER, message_id=message_id, text="原文")
    assert dropped["ok"] and "reply_markup" not in dropped["result"]
    assert dropped["result"]["edit_date"] >= dropped["result"]["date"]
    missing = await api("editMessageText", chat_id=USER, message_id=9999, text="x")
    assert missing["description"] == "Bad Request: message to edit not found"
    assert [m.kind for m in fake.messages_to(USER)] == ["text", "edit"]


async def test_a_reply_to_a_missing_message_is_rejected_unless_allowed(api: Api) -> None:
    refused = await api(
        "sendMessage", chat_id=USER, text="回复", reply_parameters={"message_id": 77}
    )
    assert refused["description"] == "Bad Request: message to be replied not found"
    allowed = await api(
        "sendMessage",
        chat_id=USER,
        text="回复",
        reply_parameters={"message_id": 77, "allow_sending_without_reply": True},
    )
    assert allowed["ok"]


async def test_a_button_press_is_answered_once_with_at_most_200_characters(
    fake: FakeTelegram, api: Api
) -> None:
    message = (await api("sendMessage", chat_id=USER, text="选", reply_markup=keyboard("ok")))[
        "result"
    ]
    fake.press_button(USER, message["message_id"], "ok")
    update = (await api("getUpdates"))["result"][-1]
    query_id = update["callback_query"]["id"]
    assert update["callback_query"]["message"]["reply_markup"] == keyboard("ok")
    too_long = await api("answerCallbackQuery", callback_query_id=query_id, text="长" * 201)
    assert too_long["description"] == "Bad Request: MESSAGE_TOO_LONG"
    assert fake.pending_callback_queries == [query_id]
    assert (await api("answerCallbackQuery", callback_query_id=query_id, text="好"))["ok"]
    again = await api("answerCallbackQuery", callback_query_id=query_id)
    assert again["description"] == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )
    assert [(a.text, a.show_alert) for a in fake.callback_answers] == [("好", False)]
    assert fake.pending_callback_queries == []


async def test_a_caption_longer_than_1024_is_rejected(api: Api) -> None:
    answer = await api.form(
        "sendDocument",
        {"chat_id": str(USER), "caption": "x" * 1025},
        files={"document": ("a.txt", b"data", "text/plain")},
    )
    assert answer["description"] == "Bad Request: message caption is too long"


async def test_photos_must_be_real_images_and_are_recorded_with_their_bytes(
    fake: FakeTelegram, api: Api
) -> None:
    image = png(40, 30)
    sent = await api.form(
        "sendPhoto", {"chat_id": str(USER)}, files={"photo": ("chart.png", image, "image/png")}
    )
    assert sent["ok"]
    assert sent["result"]["photo"][0]["width"] == 40 and sent["result"]["photo"][0]["height"] == 30
    assert fake.sent[-1].kind == "photo" and fake.sent[-1].photo == image
    junk = await api.form(
        "sendPhoto",
        {"chat_id": str(USER)},
        files={"photo": ("x.png", b"not an image", "image/png")},
    )
    assert junk["description"] == "Bad Request: IMAGE_PROCESS_FAILED"
    thin = await api.form(
        "sendPhoto", {"chat_id": str(USER)}, files={"photo": ("t.png", png(210, 10), "image/png")}
    )
    assert thin["description"] == "Bad Request: PHOTO_INVALID_DIMENSIONS"


async def test_chat_actions_and_locations_are_checked_and_recorded(
    fake: FakeTelegram, api: Api
) -> None:
    assert (await api("sendChatAction", chat_id=USER, action="typing"))["ok"]
    wrong = await api("sendChatAction", chat_id=USER, action="dancing")
    assert wrong["description"] == "Bad Request: wrong parameter action in request"
    located = await api("sendLocation", chat_id=USER, latitude=32.06, longitude=118.79)
    assert located["result"]["location"] == {"latitude": 32.06, "longitude": 118.79}
    assert [a.action for a in fake.chat_actions] == ["typing"]
    assert (fake.sent[-1].kind, fake.sent[-1].latitude) == ("location", 32.06)


async def test_the_command_menu_is_kept_per_language_and_telegrams_language_codes_are_enforced(
    fake: FakeTelegram, api: Api
) -> None:
    commands = [
        {"command": "client", "description": "查客户"},
        {"command": "help", "description": "帮助"},
    ]
    assert (await api("setMyCommands", commands=commands, language_code="zh"))["ok"]
    assert fake.commands_for("zh") == ["client", "help"]
    assert (await api("getMyCommands", language_code="zh"))["result"] == commands
    wrong_code = await api("setMyCommands", commands=commands, language_code="zh-hans")
    assert wrong_code["description"] == "Bad Request: invalid language code specified"
    upper = await api("setMyCommands", commands=[{"command": "Client", "description": "x"}])
    assert upper["description"] == "Bad Request: BOT_COMMAND_INVALID"


async def test_unknown_methods_are_not_found_and_a_wrong_token_is_unauthorized(
    fake: FakeTelegram, api: Api
) -> None:
    unknown = await api("sendTeleport", chat_id=USER)
    assert unknown == {"status": 404, "ok": False, "error_code": 404, "description": "Not Found"}
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{fake.api_url}123456:WRONG/getMe")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert (await api("GETME"))["result"]["id"] == 123456  # method names ignore case


async def test_an_injected_flood_error_carries_retry_after_and_then_passes(
    fake: FakeTelegram, api: Api
) -> None:
    fake.fail_next("sendMessage", error_code=429, retry_after=7)
    flood = await api("sendMessage", chat_id=USER, text="快")
    assert flood == {
        "status": 429,
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    assert (await api("sendMessage", chat_id=USER, text="快"))["ok"]
    assert fake.rejected == [] and [e.status for e in fake.errors] == [429]


async def test_an_injected_error_after_some_calls_fails_only_the_call_after_them(
    fake: FakeTelegram, api: Api
) -> None:
    fake.fail_next("sendMessage", error_code=502, description="Bad Gateway", after=2)
    answers = [await api("sendMessage", chat_id=USER, text=f"第{n}条") for n in range(1, 5)]
    assert [a["ok"] for a in answers] == [True, True, False, True]
    assert answers[2]["error_code"] == 502
    assert [m.text for m in fake.messages_to(USER)] == ["第1条", "第2条", "第4条"]


async def test_a_blocked_user_makes_sends_answer_forbidden(fake: FakeTelegram, api: Api) -> None:
    fake.block_user(USER)
    answer = await api("sendMessage", chat_id=USER, text="在吗")
    assert answer == {
        "status": 403,
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot was blocked by the user",
    }
    fake.unblock_user(USER)
    assert (await api("sendMessage", chat_id=USER, text="在吗"))["ok"]


async def test_flood_control_answers_429_when_rate_limits_are_enforced() -> None:
    strict = FakeTelegram(TOKEN, enforce_rate_limits=True)
    await strict.start()
    try:
        strict.add_user(USER)
        async with httpx.AsyncClient(base_url=f"{strict.api_url}{TOKEN}/") as client:
            answers = [
                (await client.post("sendMessage", json={"chat_id": USER, "text": str(i)})).json()
                for i in range(4)
            ]
    finally:
        await strict.stop()
    assert [a["ok"] for a in answers] == [True, True, True, False]
    assert answers[3]["parameters"] == {"retry_after": 1}
    assert strict.rejected == []


async def test_user_files_download_by_path_with_the_right_token_only(
    fake: FakeTelegram, api: Api
) -> None:
    fake.send_document(USER, "名单.xlsx", b"PK\x03\x04 spreadsheet")
    document = (await api("getUpdates"))["result"][0]["message"]["document"]
    assert document["file_name"] == "名单.xlsx"
    assert document["mime_type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    info = (await api("getFile", file_id=document["file_id"]))["result"]
    assert info["file_size"] == len(b"PK\x03\x04 spreadsheet")
    async with httpx.AsyncClient() as client:
        good = await client.get(f"{fake.file_url}{TOKEN}/{info['file_path']}")
        wrong_token = await client.get(f"{fake.file_url}123456:WRONG/{info['file_path']}")
        missing = await client.get(f"{fake.file_url}{TOKEN}/documents/nothing.bin")
    assert good.content == b"PK\x03\x04 spreadsheet"
    assert (wrong_token.status_code, missing.status_code) == (401, 404)
    unknown = await api("getFile", file_id="BQACAgIAAxkBAAIunknown")
    assert unknown["description"] == "Bad Request: invalid file_id"
