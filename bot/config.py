"""The bot's own typed configuration (the Telegram side); services get theirs from bootstrap()."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BotConfig:
    token: str
    api_url: str
    file_url: str
    max_upload_mb: int = 20
    reminder_sweep_seconds: float = (
        60.0  # how often the outbox sweeps (the rows decide what is due)
    )
    first_sweep_seconds: float = 5.0  # the first outbox sweep after start-up
    conversation_sweep_seconds: float = 60.0  # idle drafts end, old update ids are forgotten
    run_jobs: bool = True  # False: nothing sweeps on a timer (tests sweep by hand)
    # Telegram's flood limits, kept by python-telegram-bot's limiter for every call the bot makes.
    messages_per_second: float = 30.0
    private_chat_burst: int = 3
    private_chat_interval: float = 1.0
