"""Turns service results into Telegram HTML: escaped, in the user's language, split under the limit."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.i18n import Html, has, t
from services.client_import import REQUIRED_LABELS, RowError
from services.clients import ImportResult
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
                    phone="".join(f" {x}" for x in (c.mobile, c.phone, c.email) if x),
                    decision=Html(t(lang, "card.decision_maker")) if c.decision_maker else "",
                )
            )
    else:
        lines.append(t(lang, "card.no_contacts"))
    if card.notes:
        lines.append(t(lang, "card.notes", value=card.notes))
    return Html("\n".join(lines))


def _when(lang: str, visited_on: str | None, visited_time: str | None) -> str:
    if not visited_on:
        return t(lang, "card.unset")
    if visited_time in ("morning", "afternoon", "evening"):
        return f"{visited_on} {t(lang, f'time.{visited_time}')}"
    return f"{visited_on} {visited_time}" if visited_time else visited_on


def _distance(meters: float) -> str:
    return f"{meters / 1000:.1f} km" if meters >= 1000 else f"{meters:.0f} m"


def visit_card(lang: str, card: Mapping[str, Any]) -> Html:
    """A visit draft or record: what a manager checks before confirming."""
    unset = t(lang, "card.unset")
    if card.get("id"):
        lines = [t(lang, "card.visit.saved_title", id=card["id"], author=card.get("author") or "")]
    else:
        lines = [t(lang, "card.visit.title")]
    people = card.get("people") or []
    people_text = "、".join(
        p["name"] + (f"（{p['title']}）" if p.get("title") else "") for p in people if p.get("name")
    )
    kind = card.get("kind")
    lines += [
        t(lang, "card.visit.client", value=card.get("client_name") or unset),
        t(
            lang,
            "card.visit.when",
            value=_when(lang, card.get("visited_on"), card.get("visited_time")),
        ),
        t(lang, "card.visit.kind", value=Html(t(lang, f"visit.kind.{kind}")) if kind else unset),
        t(lang, "card.visit.people", value=people_text or unset),
        t(lang, "card.visit.summary", value=card.get("summary") or unset),
    ]
    if card.get("next_step"):
        lines.append(t(lang, "card.visit.next_step", value=card["next_step"]))
    if card.get("follow_up_on"):
        lines.append(t(lang, "card.visit.follow_up", value=card["follow_up_on"]))
    if card.get("distance_m") is not None:
        lines.append(t(lang, "card.visit.distance", value=_distance(float(card["distance_m"]))))
    elif card.get("latitude") is not None:
        lines.append(t(lang, "card.visit.location"))
    if card.get("truncated"):
        lines.append(t(lang, "card.visit.truncated"))
    if not card.get("id"):
        lines.append(t(lang, "card.visit.confirm_hint"))
    return Html("\n".join(lines))


def complaint_card(lang: str, card: Mapping[str, Any]) -> Html:
    unset = t(lang, "card.unset")
    category, severity = card.get("category"), card.get("severity")
    lines = [
        t(lang, "card.complaint.title"),
        t(lang, "card.complaint.client", value=card.get("client_name") or unset),
        t(lang, "card.complaint.category",
          value=Html(t(lang, f"complaint.category.{category}")) if category else unset),
        t(lang, "card.complaint.severity",
          value=Html(t(lang, f"complaint.severity.{severity}")) if severity else unset),
        t(lang, "card.complaint.description", value=card.get("description") or unset),
        t(lang, "card.complaint.received_by", value=card.get("received_by") or unset),
    ]  # fmt: skip
    return Html("\n".join(lines))


def row_error(lang: str, error: RowError) -> Html:
    """One problem of an imported file, naming columns by the file's own headers."""
    key = f"rowerr.{error.code}"
    value = error.value
    if error.code == "missing_column" and value in REQUIRED_LABELS:
        zh, en = REQUIRED_LABELS[value]
        value = zh if lang == "zh" else en
    reason = t(lang, key, value=value) if has(key) else t(lang, "rowerr.other", value=error.code)
    name = error.header or (
        (REQUIRED_LABELS[error.column][0 if lang == "zh" else 1])
        if error.column in REQUIRED_LABELS
        else error.column
    )
    shown = name and error.code != "missing_column"
    column = Html(t(lang, "import.column", column=name)) if shown else ""
    return t(lang, "import.row", line=error.line, column=column, reason=Html(reason))


def import_done(lang: str, result: ImportResult) -> Html:
    """What an import changed; a file identical to what is stored says so."""
    if result.unchanged and not result.created and not result.updated:
        return t(lang, "import.unchanged", count=result.unchanged)
    if result.unchanged:
        return t(lang, "import.done_some_unchanged", created=result.created,
                 updated=result.updated, unchanged=result.unchanged)  # fmt: skip
    return t(lang, "import.done", created=result.created, updated=result.updated)
