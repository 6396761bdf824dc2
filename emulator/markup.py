"""Reply markup as the Bot API checks it: inline keyboards, reply keyboards, removal, force reply."""

from __future__ import annotations

import json
from typing import Any

from emulator.errors import bad_request
from emulator.formatting import check_link

MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS_PER_ROW = 12
MAX_INLINE_BUTTONS = 100

# Inline button actions besides url and callback_data; Telegram needs one action per button.
_OTHER_ACTIONS = (
    "callback_game", "pay", "switch_inline_query", "switch_inline_query_chosen_chat",
    "switch_inline_query_current_chat", "login_url", "web_app", "copy_text",
)  # fmt: skip

# Reply keyboard buttons that ask the user for something: private chats only.
_REQUESTS = {
    "request_contact": "Phone number",
    "request_phone_number": "Phone number",
    "request_location": "Location",
    "request_poll": "Poll",
    "request_users": "Users",
    "request_user": "Users",
    "request_chat": "Chats",
}


def parse_reply_markup(value: Any, *, private_chat: bool = True) -> dict[str, Any] | None:
    """The markup the bot sent, validated like Telegram does; None when it amounts to nothing.

    `value` is what arrived: a JSON string (form bodies) or an object (JSON bodies).
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise bad_request("can't parse reply keyboard markup JSON object") from None
    if not isinstance(value, dict):
        raise bad_request("object expected as reply markup")

    keyboard = _rows(value, "keyboard", 'Field "keyboard" must be an Array of Arrays')
    for row in keyboard:
        for button in row:
            _check_keyboard_button(button, private_chat=private_chat)
    inline = _rows(
        value,
        "inline_keyboard",
        'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
    )
    for row in inline:
        for button in row:
            _check_inline_button(button)
        if len(row) > MAX_BUTTONS_PER_ROW:
            # Telegram silently drops the buttons past the twelfth.
            raise bad_request(f"more than {MAX_BUTTONS_PER_ROW} buttons in an inline keyboard row")
    if sum(len(row) for row in inline) > MAX_INLINE_BUTTONS:
        raise bad_request("reply markup is too long")

    if any(keyboard) or any(inline):
        return value
    if value.get("remove_keyboard") or value.get("hide_keyboard"):
        return value
    if value.get("force_reply") or value.get("force_reply_keyboard"):
        return value
    return None


def inline_keyboard(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """The part of a markup that Telegram echoes back in Message objects."""
    if markup and any(markup.get("inline_keyboard") or []):
        return {"inline_keyboard": markup["inline_keyboard"]}
    return None


def has_callback_button(markup: dict[str, Any] | None, data: str) -> bool:
    rows = (markup or {}).get("inline_keyboard") or []
    return any(button.get("callback_data") == data for row in rows for button in row)


def _rows(value: dict[str, Any], field: str, error: str) -> list[list[Any]]:
    rows = value.get(field)
    if rows is None:
        return []
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(error)
    return rows


def _string_field(button: dict[str, Any], name: str, prefix: str, *, required: bool) -> str:
    """A field read like TDLib's JsonObject does: numbers pass as strings, others fail."""
    if name not in button:
        if required:
            raise bad_request(f'{prefix}Can\'t find field "{name}"')
        return ""
    value = button[name]
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise bad_request(f'{prefix}Field "{name}" must be of type String')
    return value if isinstance(value, str) else json.dumps(value)


def _check_inline_button(button: Any) -> None:
    prefix = "can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise bad_request(prefix + "InlineKeyboardButton must be an Object")
    text = _string_field(button, "text", prefix, required=True)
    if not text:
        # Telegram drops such a button without a word; the user could never press it.
        raise bad_request("inline keyboard button text must be non-empty")
    url = _string_field(button, "url", prefix, required=False)
    data = _string_field(button, "callback_data", prefix, required=False)
    actions = [name for name, given in (("url", url), ("callback_data", data)) if given]
    actions += [name for name in _OTHER_ACTIONS if name in button]
    if not actions:
        raise bad_request(prefix + "Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        # Telegram silently keeps the first action; two actions are always a bug in the bot.
        raise bad_request(
            prefix + "exactly one of the optional fields must be used, got " + ", ".join(actions)
        )
    if url:
        checked, reason = check_link(url)
        if checked is None:
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: {reason}")
    if data and len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
        raise bad_request("BUTTON_DATA_INVALID")


def _check_keyboard_button(button: Any, *, private_chat: bool) -> None:
    prefix = "can't parse keyboard button: "
    if isinstance(button, str):
        text = button
    elif isinstance(button, dict):
        text = _string_field(button, "text", prefix, required=True)
        if not private_chat:
            for field, what in _REQUESTS.items():
                if button.get(field):
                    raise bad_request(
                        f"{what[0].lower()}{what[1:]} can be requested in private chats only"
                    )
    else:
        raise bad_request(prefix + "KeyboardButton must be a String or an Object")
    if not text:
        # Telegram drops such a button without a word; the user could never press it.
        raise bad_request("keyboard button text must be non-empty")
