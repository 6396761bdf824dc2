"""Renders the contact draft read from a business card, and where a photographed page was filed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.i18n import Html, t
from knowledge import IngestReport

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


def page_ranges(lang: str, numbers: Sequence[int]) -> str:
    """Page numbers as runs: 1–3、5 (1–3, 5 in English)."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [f"{run[0]}–{run[-1]}" if len(run) > 2 else
             ("、" if lang.startswith("zh") else ", ").join(map(str, run)) for run in runs]  # fmt: skip
    return ("、" if lang.startswith("zh") else ", ").join(parts)


def page_filed(lang: str, report: IngestReport) -> Html:
    """A photographed page filed into its document: which page it is, the pages the document
    holds now and those still missing (pages sent out of order show where they went)."""
    numbers = report.page_numbers or (report.page or 1,)
    held = t(lang, "kb.page_held", pages=page_ranges(lang, numbers), count=len(numbers))
    key = "kb.page_again" if report.page_again else "kb.page_filed"
    lines = [t(lang, key, title=report.title, page=report.page or 1, held=held)]
    missing = [n for n in range(1, max(numbers)) if n not in numbers]
    if missing:
        lines.append(
            t(lang, "kb.page_missing", pages=page_ranges(lang, missing), count=len(missing))
        )
    elif len(numbers) == 1:
        lines.append(t(lang, "kb.page_next"))
    return Html("\n".join(lines))
