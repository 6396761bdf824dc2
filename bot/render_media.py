"""Renders the contact draft read from a business card."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.i18n import Html, t

CARD_FIELDS = ("name", "title", "mobile", "phone", "email", "company", "address")


def contact_card(lang: str, card: Mapping[str, Any], *, confirm: bool) -> Html:
    """Every field read from the card (unread ones shown as unset), and the client once chosen."""
    unset = t(lang, "card.unset")
    unsure = set(card.get("unsure") or ())
    lines = [t(lang, "contact.draft.title")]
    for field in CARD_FIELDS:
        value = card.get(field) or unset
        if field in unsure and card.get(field):
            value = f"{value} ❓"
        lines.append(t(lang, f"contact.field.{field}", value=value))
    if confirm:
        lines.append(t(lang, "contact.field.client", value=card.get("client") or unset))
        if card.get("existing"):
            lines.append(t(lang, "contact.field.existing", value=card["existing"]))
        lines.append(t(lang, "contact.confirm_hint"))
    if unsure:
        lines.append(t(lang, "contact.unsure_hint"))
    lines.append(t(lang, "contact.fix_hint"))
    return Html("\n".join(lines))
