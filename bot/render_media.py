"""Renders the contact draft read from a business card."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.i18n import Html, t

CARD_FIELDS = ("name", "title", "mobile", "phone", "email", "company", "address")


def contact_card(lang: str, card: Mapping[str, Any], *, confirm: bool) -> Html:
    """Every field read from the card (unread ones shown as unset), and the client once chosen."""
    unset = t(lang, "card.unset")
    lines = [t(lang, "contact.draft.title")]
    for field in CARD_FIELDS:
        lines.append(t(lang, f"contact.field.{field}", value=card.get(field) or unset))
    if confirm:
        lines.append(t(lang, "contact.field.client", value=card.get("client") or unset))
        if card.get("existing"):
            lines.append(t(lang, "contact.field.existing", value=card["existing"]))
        lines.append(t(lang, "contact.confirm_hint"))
    lines.append(t(lang, "contact.fix_hint"))
    return Html("\n".join(lines))
