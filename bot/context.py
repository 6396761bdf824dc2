"""The per-update context: the services, the actor decided on the server, and the user's language."""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import BotConfig
from bot.i18n import Html, t
from services.domain import Actor

if TYPE_CHECKING:  # the composition root loads the whole stack (the model client, Chroma)
    from services.bootstrap import Services

LANG_KEY = "kam_lang"  # user_data: the language last decided for the user

# The language this update is answered in when it is not the user's own (a list asked for in
# English by someone who reads Chinese). Every button sent with the answer carries it
# (bot.handlers.replies.button), so what a press shows comes in the same language. Each update
# runs in its own task, so this never leaks into another update.
ANSWERED_IN: ContextVar[str | None] = ContextVar("kam_answered_in", default=None)


class KamContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB builds one context per update; the access gate fills `actor` before any handler runs."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.actor: Actor | None = None
        self._lang: str | None = None

    @property
    def lang(self) -> str:
        """The user's language, as the gate decided it for this update. The error funnel gets a
        context of its own: it reads the language last decided for this user (kept in
        user_data), so a refusal or the apology is in the user's language too."""
        if self._lang is not None:
            return self._lang
        data = self.user_data if self._user_id is not None else None
        remembered = data.get(LANG_KEY) if isinstance(data, dict) else None
        return remembered if isinstance(remembered, str) else "zh"

    @lang.setter
    def lang(self, value: str) -> None:
        self._lang = value
        own = self.actor.language.value if self.actor is not None else value
        ANSWERED_IN.set(value if value != own else None)
        if self._user_id is not None and isinstance(self.user_data, dict):
            self.user_data[LANG_KEY] = value

    @property
    def services(self) -> Services:
        services: Services = self.application.bot_data["services"]
        return services

    @property
    def config(self) -> BotConfig:
        config: BotConfig = self.application.bot_data["config"]
        return config

    def t(self, key: str, **params: Any) -> Html:
        return t(self.lang, key, **params)

    def require_actor(self) -> Actor:
        if self.actor is None:  # the gate stops unknown users before any handler
            raise RuntimeError("handler reached without an actor")
        return self.actor
