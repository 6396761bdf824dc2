"""The per-update context: the services, the actor decided on the server, and the user's language."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import BotConfig
from bot.i18n import Html, t
from services.bootstrap import Services
from services.domain import Actor


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
        self.lang: str = "zh"

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
