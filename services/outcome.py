"""What a conversation step says back: catalog keys, parameters and choices, free of Telegram."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
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
    # A draft's card: what it shows, in short (`card_revision`). Its buttons carry it, so a
    # Confirm pressed on a card the draft has since changed from saves nothing unseen.
    revision: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a step produced: messages for the user; `outbox` True when the step's commit also
    left messages for others in the outbox (a supervisor's alert), to be sent now."""

    says: tuple[Say, ...] = ()
    outbox: bool = False
    lang: str | None = None  # the draft's language (its report's), when not the user's

    @staticmethod
    def of(*says: Say) -> Outcome:
        return Outcome(says=tuple(says))

    def speaking(self, lang: str | None) -> Outcome:
        """This outcome in `lang` (a draft's), unless it already has a language."""
        return self if self.lang is not None or lang is None else replace(self, lang=lang)


def card_revision(card: Mapping[str, Any]) -> str:
    """A short digest of what a draft's card shows: the same card, the same revision."""
    shown = json.dumps(_plain(card), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(shown.encode()).hexdigest()[:8]


def revised_away(says: Sequence[Say], pressed: str) -> bool:
    """Whether the draft's card as it is now (in `says`, its step's prompt) differs from the one
    a button was pressed on (`pressed`, that card's revision)."""
    shown = [say.revision for say in says if say.revision is not None]
    return bool(shown) and pressed not in shown


def say_to_json(say: Say) -> dict[str, Any]:
    """A step's message as plain JSON, to be kept in an outbox row and rendered when it is sent."""
    return {
        "key": say.key,
        "params": _plain(say.params),
        "choices": [[{"value": c.value, "key": c.key, "label": c.label, "params": _plain(c.params)}
                     for c in row] for row in say.choices],
        "token": say.token,
        "card": _plain(say.card) if say.card is not None else None,
        "ask_location": say.ask_location,
        "revision": say.revision,
    }  # fmt: skip


def say_from_json(data: Mapping[str, Any]) -> Say:
    choices = tuple(
        tuple(Choice(str(c["value"]), key=c.get("key"), label=c.get("label"),
                     params=dict(c.get("params") or {})) for c in row)
        for row in data.get("choices") or ()
    )  # fmt: skip
    card = data.get("card")
    return Say(str(data["key"]), _typed(data.get("params") or {}), choices, data.get("token"),
               dict(card) if card is not None else None, bool(data.get("ask_location")),
               data.get("revision"))  # fmt: skip


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """An instant keeps its type (it is shown in the reader's zone); a date or any other value
    JSON has no type for becomes its text (a date is shown as its ISO text anyway)."""
    out: dict[str, Any] = {}
    for k, v in values.items():
        if isinstance(v, datetime):
            out[k] = {INSTANT: v.isoformat()}
        elif v is None or isinstance(v, str | int | float | bool | list | dict):
            out[k] = v
        else:
            out[k] = v.isoformat() if isinstance(v, date) else str(v)
    return out


def _typed(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: datetime.fromisoformat(v[INSTANT]) if isinstance(v, dict) and INSTANT in v else v
            for k, v in values.items()}  # fmt: skip


INSTANT = "$instant"


def corrected_lead(lead: tuple[Say, ...], step: str) -> tuple[Say, ...]:
    """ "✏️ 已按您的修改更新，请再核对一下：" leads the card; a correction typed at a step of a draft
    not yet complete leads the next question instead, and says so."""
    if step == "confirm":
        return lead
    return tuple(replace(s, key="drafts.corrected_go_on") if s.key == "drafts.corrected" else s
                 for s in lead)  # fmt: skip
