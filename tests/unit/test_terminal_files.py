"""`kam chat` saves what the bot sends as files a viewer opens: a chart photo ends in .png."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.terminal import TerminalChat
from emulator import FakeTelegram, SentMessage

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_a_chart_photo_is_saved_as_a_png_and_its_path_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    chat = TerminalChat(FakeTelegram("1:x"), 7, color=False)
    chat.show(SentMessage(chat_id=7, message_id=3, kind="photo", text="📊 每周走访次数", photo=PNG))
    saved = tmp_path / "out" / "file-3.png"
    assert saved.read_bytes() == PNG
    shown = capsys.readouterr().out
    assert "out/file-3.png" in shown and "📊 每周走访次数" in shown


def test_an_export_keeps_the_name_the_bot_gave_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    chat = TerminalChat(FakeTelegram("1:x"), 7, color=False)
    chat.show(
        SentMessage(
            chat_id=7, message_id=4, kind="document", document=b"PK\x03\x04", filename="visits.xlsx"
        )
    )
    assert (tmp_path / "out" / "visits.xlsx").read_bytes() == b"PK\x03\x04"


def test_a_button_the_bot_took_away_cannot_be_pressed_again_and_the_chat_goes_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `#1` twice on a snooze offer ended `kam chat` with NoSuchButton: the bot had removed the
    # buttons (its edit came without them) and the terminal still offered them.
    fake = FakeTelegram("1:x")
    chat = TerminalChat(fake, 7, color=False)
    keyboard = {"inline_keyboard": [[{"text": "推迟 3 天", "callback_data": "as:y:k:3"}]]}
    chat.show(
        SentMessage(
            chat_id=7, message_id=5, kind="text", text="⏰ 推迟提醒？", reply_markup=keyboard
        )
    )
    assert chat.buttons == {1: (5, "推迟 3 天", "as:y:k:3")}
    chat.show(SentMessage(chat_id=7, message_id=5, kind="edit_markup", text="⏰ 推迟提醒？"))
    capsys.readouterr()
    assert chat.handle("#1") is True
    assert capsys.readouterr().out.strip() == "?"


def test_a_press_the_emulator_refuses_is_told_not_raised(
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake = FakeTelegram("1:x")
    chat = TerminalChat(fake, 7, color=False)
    chat.buttons = {1: (99, "✅ 确认", "fl:x:ok")}  # a message the emulator never sent
    assert chat.handle("#1") is True
    assert capsys.readouterr().out.strip() == "?"


def test_a_file_sent_from_the_terminal_carries_the_words_after_its_path_as_caption(
    tmp_path: Path,
) -> None:
    # Before, `/file 表.xlsx 知识库` dropped the caption: a spreadsheet meant for the knowledge
    # base went to the client import, and a client's own note could not be filed from the demo.
    (tmp_path / "协议 价.xlsx").write_bytes(b"PK\x03\x04")
    fake = FakeTelegram("1:x")
    fake.add_user(7, first_name="Demo")
    chat = TerminalChat(fake, 7, color=False)
    chat.handle(f"/file '{tmp_path / '协议 价.xlsx'}' 客户：华能南京电厂")
    chat.handle(f"/file '{tmp_path / '协议 价.xlsx'}'")  # no caption: none sent
    sent = [update["message"] for update in fake.updates]
    assert [m["document"]["file_name"] for m in sent] == ["协议 价.xlsx", "协议 价.xlsx"]
    assert sent[0]["caption"] == "客户：华能南京电厂"
    assert "caption" not in sent[1]


class _Recording(FakeTelegram):
    """The fake server, recording what the terminal sends as the user."""

    def __init__(self) -> None:
        super().__init__("1:x")
        self.texts: list[tuple[str, int | None]] = []

    def send_text(self, user_id: int, text: str, **kw: object) -> int:  # type: ignore[override]
        self.texts.append((text, kw.get("reply_to_message_id")))  # type: ignore[arg-type]
        return 0


def test_reply_sends_the_text_as_a_reply_to_the_bots_last_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake = _Recording()
    chat = TerminalChat(fake, 7, color=False)
    chat.handle("/reply 这条投诉谁改过？")  # nothing shown yet: nothing to reply to
    assert fake.texts == [] and "/reply TEXT" in capsys.readouterr().out
    chat.show(SentMessage(chat_id=7, message_id=5, kind="text", text="#12 华能 · 高 · 待联系"))
    chat.show(SentMessage(chat_id=7, message_id=6, kind="text", text="#13 沙钢 · 中 · 待联系"))
    chat.handle("/reply 这条投诉谁改过？")
    chat.handle("这条投诉谁改过？")
    assert fake.texts == [("这条投诉谁改过？", 6), ("这条投诉谁改过？", None)]


def test_the_banner_names_every_command_the_chat_takes() -> None:
    # /photo and /voice worked but the banner never said so: a new user had no way to try a
    # business card or a voice note in the terminal.
    from bot.i18n import t

    for lang in ("zh", "en"):
        banner = t(lang, "chat.banner")
        for command in ("/reply", "/file", "/photo", "/voice", "/quit"):
            assert command in banner, (lang, command)
