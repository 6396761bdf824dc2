"""`kam chat`: a Telegram chat in the terminal. The real handlers answer through the local Bot API emulator."""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import secrets
import shlex
import sys
from pathlib import Path

from bot.i18n import t
from bot.runtime import Wiring, bot_config, compose, start_application, stop_application
from config.settings import Settings
from emulator import FakeTelegram, NoSuchButton, SentMessage

BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


def _draft_of(data: str) -> str | None:
    """The draft a button belongs to ("fl:<draft>.<card revision>:ok"), None for others."""
    if not data.startswith("fl:"):
        return None
    return data.split(":", 2)[1].partition(".")[0] or None


class TerminalChat:
    """Prints what the bot sends and turns what the person types into Telegram updates."""

    def __init__(self, fake: FakeTelegram, user_id: int, *, color: bool) -> None:
        self.fake = fake
        self.user_id = user_id
        self.color = color
        # The live buttons by the number printed next to their label: (message_id, label, data).
        self.buttons: dict[int, tuple[int, str, str]] = {}
        self.pressed: set[int] = set()  # messages a button of which was pressed: done with
        self.last_shown: int | None = None  # the bot's last message: what /reply answers

    def show(self, message: SentMessage) -> None:
        if message.chat_id != self.user_id:
            return
        bold, dim, reset = (BOLD, DIM, RESET) if self.color else ("", "", "")
        kind = getattr(message, "kind", "text")
        prefix = f"{dim}(edited){reset} " if kind.startswith("edit") else ""
        text = message.text or ""
        if kind in ("document", "photo"):
            saved = self._save_file(message)
            text = f"📎 {saved}" + (f"\n{text}" if text else "")
        print(f"\n{bold}🤖{reset} {prefix}{text}")
        self.last_shown = message.message_id
        markup = getattr(message, "reply_markup", None) or {}
        rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        pressable = [
            (btn["text"], btn["callback_data"])
            for row in rows or []
            for btn in row
            if "callback_data" in btn
        ]
        # An edit replaces the message's buttons; one without any (a press was answered) frees
        # their numbers.
        self._forget(message.message_id)
        # A draft's newer message (its card again after a typed correction, its next step)
        # takes over from the older ones: in Telegram those stay on screen, but their Confirm
        # only shows the draft as it is now, so here their numbers go to the new buttons.
        drafts = {_draft_of(data) for _, data in pressable} - {None}
        for number, (held_by, _, data) in list(self.buttons.items()):
            if number in self.buttons and _draft_of(data) in drafts:
                self._forget(held_by)
        if pressable:
            first = self._free_run(len(pressable))
            labels = []
            for number, (label, data) in enumerate(pressable, start=first):
                self.buttons[number] = (message.message_id, label, data)
                labels.append(f"[#{number}] {label}")
            print(f"{dim}" + "  ".join(labels) + f"{reset}")
        print("> ", end="", flush=True)

    def _forget(self, message_id: int) -> None:
        self.pressed.discard(message_id)
        for number in [n for n, (held_by, _, _) in self.buttons.items() if held_by == message_id]:
            del self.buttons[number]

    def _free_run(self, count: int) -> int:
        """The first of the lowest `count` consecutive numbers that no live button of a message
        still unpressed holds (#1 again once there is none).

        Live buttons are never renumbered: in Telegram a draft's buttons stay on screen when a
        reminder with its own arrives, and the person taps the one they mean. A message a button
        of which was pressed (a confirmed draft keeps its buttons) gives its numbers up to the
        next buttons that need them, all of them at once, so the flow's next card is #1 again."""
        unpressed = {
            n for n, (held_by, _, _) in self.buttons.items() if held_by not in self.pressed
        }
        first = 1
        while any(first + k in unpressed for k in range(count)):
            first += 1
        for number in range(first, first + count):
            if number in self.buttons:
                self._forget(self.buttons[number][0])
        return first

    def _save_file(self, message: SentMessage) -> str:
        data: bytes | None = getattr(message, "document", None) or getattr(message, "photo", None)
        name = getattr(message, "filename", None) or f"file-{message.message_id}{_suffix(data)}"
        if not data:
            return name
        out = Path("out") / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        return str(out)

    def _send_media(self, line: str) -> None:
        """/photo PATH (a business card, a page) or /voice PATH (a recording: OGG/Opus, M4A, MP3,
        AMR, WAV…; one that cannot be decoded is sent all the same, to see the bot's answer)."""
        path, caption = _path_and_caption(line[7:])
        try:
            content = path.read_bytes()
        except OSError as exc:
            print(f"{path}: {exc.strerror}")
            return
        try:
            if line.startswith("/photo "):
                self.fake.send_photo(self.user_id, content, caption=caption)
            else:
                from services.errors import DomainError
                from services.speech import decode_audio

                try:
                    seconds = decode_audio(content).seconds
                except DomainError:
                    seconds = 1.0
                self.fake.send_voice(self.user_id, content, duration=max(1, round(seconds)))
        except (ValueError, RuntimeError) as exc:  # not an image
            print(f"{path}: {exc}")

    def handle(self, line: str) -> bool:
        """Send one typed line; False when the person wants to leave."""
        line = line.strip()
        if not line:
            return True
        if line in ("/quit", "/exit"):
            return False
        if line.startswith("#") and line[1:].isdigit():
            button = self.buttons.get(int(line[1:]))
            if button is None:
                print("?")
                return True
            message_id, _, data = button
            try:
                self.fake.press_button(self.user_id, message_id, data)
            except NoSuchButton:  # gone from the message meanwhile (deleted): nothing to press
                self._forget(message_id)
                print("?")
            else:
                self.pressed.add(message_id)
            return True
        if line.startswith("/file "):
            path, caption = _path_and_caption(line[6:])
            try:
                content = path.read_bytes()
            except OSError as exc:
                print(f"{path}: {exc.strerror}")
                return True
            mime = mimetypes.guess_type(path.name)[0]
            self.fake.send_document(
                self.user_id, path.name, content, mime_type=mime, caption=caption
            )
            return True
        if line.startswith(("/photo ", "/voice ")):
            self._send_media(line)
            return True
        if line.startswith("/reply "):
            # As Telegram's "Reply" on the bot's last message ("这条投诉谁改过？" on a ticket).
            if self.last_shown is None or not line[7:].strip():
                print("/reply TEXT")
                return True
            self.fake.send_text(self.user_id, line[7:].strip(), first_name="Demo",
                                language_code="zh-hans", reply_to_message_id=self.last_shown)  # fmt: skip
            return True
        if line.startswith("/location "):
            parts = line.split()
            try:
                self.fake.send_location(self.user_id, float(parts[1]), float(parts[2]))
            except (IndexError, ValueError):
                print("/location LAT LON")
            return True
        self.fake.send_text(self.user_id, line, first_name="Demo", language_code="zh-hans")
        return True


def chat_token() -> str:
    # A new bot id each run: the emulator counts update ids from 1 again, and the bot remembers
    # handled updates per bot id.
    return f"{secrets.randbelow(10**9) + 10**9}:LOCAL-CHAT-TOKEN-not-a-real-telegram-token"


async def chat(settings: Settings, wires: Wiring, telegram_id: int) -> int:
    token = chat_token()
    fake = FakeTelegram(token=token, bot_username="kam_assistant_bot")
    await fake.start()
    app = await compose(
        settings, wires, bot_config(settings, token=token, api_url=fake.api_url,
                                    file_url=fake.file_url),
    )  # fmt: skip
    # The terminal user has opened the chat (reminders can reach them from the first sweep).
    fake.add_user(telegram_id, first_name="Demo", language_code="zh-hans")
    logging.getLogger("kam.emulator").setLevel(logging.ERROR)  # its refusals are not chat
    terminal = TerminalChat(fake, telegram_id, color=sys.stdout.isatty())
    fake.on_sent = terminal.show
    await start_application(app)
    print(t("zh", "chat.banner"))
    print(t("en", "chat.banner"))
    print("> ", end="", flush=True)
    try:
        while True:
            line = await asyncio.to_thread(_read_line)
            if line is None or not terminal.handle(line):
                break
            await asyncio.sleep(0.05)
    finally:
        await asyncio.sleep(0.3)  # let the last answer arrive
        await stop_application(app)
        await fake.stop()
    return 0


def _path_and_caption(rest: str) -> tuple[Path, str | None]:
    """`/file PATH [CAPTION]`: the file, and the words sent with it as its caption (in Telegram
    typed under the file: "知识库", "客户：华能南京电厂"); a path with spaces is quoted."""
    try:
        words = shlex.split(rest)
    except ValueError:  # an unclosed quote: the whole rest is the path
        words = [rest.strip()]
    caption = " ".join(words[1:]).strip()
    return Path(words[0] if words else "").expanduser(), caption or None


def _read_line() -> str | None:
    try:
        return sys.stdin.readline() or None
    except (EOFError, KeyboardInterrupt):
        return None


def _suffix(data: bytes | None) -> str:
    """A photo has no file name in Telegram: name it by its bytes so a viewer opens it."""
    head = (data or b"")[:8]
    if head.startswith(b"\x89PNG"):
        return ".png"
    if head.startswith(b"\xff\xd8"):
        return ".jpg"
    return ""
