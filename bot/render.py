"""Turns service results into Telegram HTML: escaped, in the user's language, split under the limit."""

from __future__ import annotations

import html
from datetime import date

from bot.i18n import Html, t
from services.domain import ClientCard

TELEGRAM_LIMIT = 4096
# Raw HTML is longer than what Telegram counts after parsing tags, so splitting the raw text below
# the limit is always safe.
SPLIT_AT = 3900


def esc(value: object) -> str:
    return html.escape(str(value), quote=False)


def split_message(text: str, limit: int = SPLIT_AT) -> list[str]:
    """Split on line breaks into pieces under the limit; tags in this bot never span lines."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            # A single over-long line: cut it outside any tag or entity.
            cut = _safe_cut(line, limit)
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return [p for p in pieces if p.strip()]


def _safe_cut(line: str, limit: int) -> int:
    cut = limit
    lt, amp = line.rfind("<", 0, cut), line.rfind("&", 0, cut)
    if lt > line.rfind(">", 0, cut):
        cut = lt
    if amp > line.rfind(";", 0, cut):
        cut = min(cut, amp)
    return max(cut, 1)


def client_card(lang: str, card: ClientCard, today: date) -> Html:
    unset = t(lang, "card.unset")

    def label(prefix: str, value: object | None) -> str:
        return t(lang, f"{prefix}.{value}") if value else unset

    lines = [t(lang, "card.title", name=card.name)]
    if card.aliases:
        lines.append(t(lang, "card.aliases", aliases="、".join(card.aliases)))
    lines.append(t(lang, "card.tier", value=Html(label("tier", card.tier))))
    lines.append(t(lang, "card.rating", value=Html(label("rating", card.credit_rating))))
    lines.append(t(lang, "card.strategy", value=Html(label("strategy", card.strategy))))
    for key, value in (("card.industry", card.industry), ("card.region", card.region),
                       ("card.address", card.address)):  # fmt: skip
        if value:
            lines.append(t(lang, key, value=value))
    lines.append(t(lang, "card.owner", value=card.owner_name or unset))
    if card.last_visit_on is None:
        lines.append(t(lang, "card.never_visited"))
    else:
        days = (today - card.last_visit_on).days
        key = "card.last_visit_today" if days == 0 else "card.last_visit"
        lines.append(t(lang, key, date=card.last_visit_on.isoformat(), days=days))
    if card.contacts:
        lines.append(t(lang, "card.contacts"))
        for c in card.contacts:
            lines.append(
                t(
                    lang,
                    "card.contact",
                    name=c.name,
                    title=f" {c.title}" if c.title else "",
                    phone=f" {c.phone}" if c.phone else "",
                    decision=Html(t(lang, "card.decision_maker")) if c.decision_maker else "",
                )
            )
    else:
        lines.append(t(lang, "card.no_contacts"))
    if card.notes:
        lines.append(t(lang, "card.notes", value=card.notes))
    return Html("\n".join(lines))
