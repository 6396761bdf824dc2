"""An offline Telegram Bot API server, strict like Telegram, for end-to-end tests and `kam chat`.

It speaks real HTTP and never imports `telegram`: the bot under test is configured with
`base_url=fake.api_url` and `base_file_url=fake.file_url`, and the test plays the users.
"""

from emulator.errors import BotApiError
from emulator.formatting import EntityParseError, parse_html, utf16_len
from emulator.records import (
    ApiCall,
    CallbackAnswer,
    ChatAction,
    Rejection,
    RequestLogEntry,
    SentMessage,
    StoredFile,
)
from emulator.server import FakeTelegram
from emulator.users import NoSuchButton

__all__ = [
    "ApiCall",
    "BotApiError",
    "CallbackAnswer",
    "ChatAction",
    "EntityParseError",
    "FakeTelegram",
    "NoSuchButton",
    "Rejection",
    "RequestLogEntry",
    "SentMessage",
    "StoredFile",
    "parse_html",
    "utf16_len",
]
