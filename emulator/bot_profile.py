"""The bot's own settings: getMe, commands per scope and language, name and descriptions, the menu
button, and getChat."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from emulator.errors import bad_request
from emulator.requests import Params
from emulator.state import Handler, State


class BotProfile(State):
    """Bot API methods about the bot itself and the chats it is in."""

    async def _ok(self, p: Params, request: web.Request) -> bool:
        return True

    async def _get_me(self, p: Params, request: web.Request) -> dict[str, Any]:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _language_code(self, p: Params) -> str:
        code = p.text("language_code") or ""
        if code and not re.fullmatch(r"[a-z]{2}", code):
            raise bad_request("invalid language code specified")
        return code

    def _scope_key(self, p: Params) -> str:
        scope = p.json("scope", "can't parse BotCommandScope JSON object")
        if scope is None:
            return "default"
        if not isinstance(scope, dict):
            raise bad_request("can't parse BotCommandScope: BotCommandScope must be an Object")
        kind = scope.get("type")
        if kind in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators"):
            return str(kind)
        if kind in ("chat", "chat_administrators"):
            return f"{kind}:{scope.get('chat_id')}"
        if kind == "chat_member":
            return f"chat_member:{scope.get('chat_id')}:{scope.get('user_id')}"
        raise bad_request("can't parse BotCommandScope: Unsupported type specified")

    async def _set_my_commands(self, p: Params, request: web.Request) -> bool:
        commands = p.json("commands", "can't parse commands JSON object") or []
        if not isinstance(commands, list):
            raise bad_request("expected an Array of BotCommand")
        checked: list[dict[str, str]] = []
        for item in commands:
            if not isinstance(item, dict):
                raise bad_request("can't parse BotCommand: expected an Object")
            for name in ("command", "description"):
                if not isinstance(item.get(name), str):
                    raise bad_request(f"can't parse BotCommand: Can't find field \"{name}\"")
            command = item["command"].strip()
            command = command[1:] if command.startswith("/") else command
            description = item["description"].strip()
            if not command:
                raise bad_request("command must be non-empty")
            if len(command) > 32:
                raise bad_request("command length must not exceed 32")
            if not re.fullmatch(r"[a-z0-9_]+", command):
                raise bad_request("BOT_COMMAND_INVALID")
            if not description:
                raise bad_request("command description must be non-empty")
            if len(description) > 256:
                raise bad_request("command description length must not exceed 256")
            checked.append({"command": command, "description": description})
        if len(checked) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        key = (self._scope_key(p), self._language_code(p))
        if checked:
            self.commands[key] = checked
        else:
            self.commands.pop(key, None)
        return True

    async def _get_my_commands(self, p: Params, request: web.Request) -> list[dict[str, str]]:
        return self.commands.get((self._scope_key(p), self._language_code(p)), [])

    async def _delete_my_commands(self, p: Params, request: web.Request) -> bool:
        self.commands.pop((self._scope_key(p), self._language_code(p)), None)
        return True

    def _profile_setter(self, kind: str, limit: int) -> Handler:
        async def setter(p: Params, request: web.Request) -> bool:
            value = p.text(kind) or ""
            if len(value) > limit:
                raise bad_request(f"{kind.replace('_', ' ')} is too long")
            self.profile[(kind, self._language_code(p))] = value
            return True

        return setter

    def _profile_getter(self, kind: str) -> Handler:
        async def getter(p: Params, request: web.Request) -> dict[str, str]:
            language = self._language_code(p)
            value = self.profile.get((kind, language)) or self.profile.get((kind, ""), "")
            if kind == "name" and not value:
                value = self.bot_name
            return {kind: value}

        return getter

    async def _set_chat_menu_button(self, p: Params, request: web.Request) -> bool:
        button = p.json("menu_button", "can't parse menu button JSON object") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in (
            "default",
            "commands",
            "web_app",
        ):
            raise bad_request("can't parse menu button: MenuButton must be an Object")
        chat_id = p.integer("chat_id") if p.raw("chat_id") not in (None, "") else None
        self.menu_buttons[chat_id] = button
        return True

    async def _get_chat_menu_button(self, p: Params, request: web.Request) -> dict[str, Any]:
        chat_id = p.integer("chat_id") if p.raw("chat_id") not in (None, "") else None
        return self.menu_buttons.get(chat_id) or self.menu_buttons.get(None) or {"type": "default"}

    async def _get_chat(self, p: Params, request: web.Request) -> dict[str, Any]:
        chat = self._target_chat(p, sending=False)
        return {
            **chat.json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
            },
        }
