"""The fake Telegram Bot API server: real HTTP, Telegram's rules, and a test's hands on both sides."""

from __future__ import annotations

from emulator.bot_profile import BotProfile
from emulator.delivery import Delivery
from emulator.editing import Editing
from emulator.files import Files
from emulator.observing import Observing
from emulator.serving import Serving
from emulator.state import Handler
from emulator.users import Users


class FakeTelegram(Users, Observing, Serving, Delivery, BotProfile, Files, Editing):
    """An offline Telegram Bot API server that the real bot talks to over HTTP.

    A test (or `kam chat`) plays the users with send_text / press_button / send_document and
    reads what the bot did from `sent`, `wait_for`, `callback_answers` and `rejected`. Requests
    that break Telegram's rules get Telegram's 400 answers and land in `rejected`. Everything
    runs in the caller's event loop; call the user-side methods from that loop.
    """

    def _bot_api_methods(self) -> dict[str, Handler]:
        return {
            "getme": self._get_me,
            "logout": self._ok,
            "close": self._ok,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setmydescription": self._profile_setter("description", 512),
            "getmydescription": self._profile_getter("description"),
            "setmyshortdescription": self._profile_setter("short_description", 120),
            "getmyshortdescription": self._profile_getter("short_description"),
            "setmyname": self._profile_setter("name", 64),
            "getmyname": self._profile_getter("name"),
            "setchatmenubutton": self._set_chat_menu_button,
            "getchatmenubutton": self._get_chat_menu_button,
            "getchat": self._get_chat,
            "sendmessage": self._send_message,
            "senddocument": self._send_document,
            "sendphoto": self._send_photo,
            "sendlocation": self._send_location,
            "sendchataction": self._send_chat_action,
            "editmessagetext": self._edit_message_text,
            "editmessagecaption": self._edit_message_caption,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "getfile": self._get_file,
        }
