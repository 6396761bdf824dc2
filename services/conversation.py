"""What a conversation step says back: catalog keys, parameters and choices, free of Telegram."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

HEARD_LIMIT = 300  # characters of a voice note's words kept on a draft card


def clip_heard(text: str | None, limit: int = HEARD_LIMIT) -> str | None:
    """A voice note's words as a draft keeps them: trimmed, cut to `limit` with an ellipsis."""
    words = " ".join((text or "").split())
    if not words:
        return None
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Choice:
    """A button. `value` is short (it travels in the callback data); the label is a catalog key
    with parameters, or a literal text such as a client's name."""

    value: str
    key: str | None = None
    label: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Say:
    """One message to the user: a catalog key and parameters, buttons, or a card to render."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    choices: tuple[tuple[Choice, ...], ...] = ()
    token: str | None = None  # the draft the buttons belong to; a button of another draft is stale
    card: Mapping[str, Any] | None = None
    ask_location: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a step produced: messages for the user; `outbox` True when the step's commit also
    left messages for others in the outbox (a supervisor's alert), to be sent now."""

    says: tuple[Say, ...] = ()
    outbox: bool = False

    @staticmethod
    def of(*says: Say) -> Outcome:
        return Outcome(says=tuple(says))
