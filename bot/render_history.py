"""A record's change history as chat pages: who, when (in the reader's time zone), which field
from what to what, each page within one Telegram message."""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from bot.i18n import Html, has, t
from bot.render import client_named, dated, people_line, utf16_len
from services.history import Change, Entry, History, Record, Shown, Value
from services.labels import label

PAGE_UNITS = 3500  # of Telegram's 4096 UTF-16 units a message holds, with room for the header
VALUE_CHARS = 120  # a long description shows its head: the change is seen, the whole is on the card
ENTRY_UNITS = 1600  # one entry at most (a client imported with every column): a page holds two


def history_pages(lang: str, zone: str, history: History) -> list[Html]:
    """The history cut into pages, the newest entries first; each page starts with the title."""
    title = _title(lang, history)
    if not history.entries:
        return [Html(title + "\n" + t(lang, "audit.none"))]
    blocks = [_entry(lang, zone, entry) for entry in history.entries]
    pages: list[list[str]] = [[]]  # blocks of HTML, rendered by the catalog
    size = 0  # counted with the markup: a page's text is shorter still
    for block in blocks:
        units = utf16_len(block) + 2
        if pages[-1] and size + units > PAGE_UNITS:
            pages.append([])
            size = 0
        pages[-1].append(block)
        size += units
    count = t(lang, "audit.count", count=len(history.entries))
    out = []
    for n, blocks_of_page in enumerate(pages, start=1):
        head = title + "\n" + count
        if len(pages) > 1:
            head += " · " + t(lang, "audit.page", page=n, pages=len(pages))
        out.append(Html(head + "\n\n" + "\n\n".join(blocks_of_page)))
    return out


def _title(lang: str, history: History) -> str:
    client = client_named(lang, history.client_name, history.client_en)
    if history.record is Record.COMPLAINT:
        return t(lang, "audit.title.complaint", id=history.record_id, client=client)
    if history.record is Record.VISIT:
        day = Html(dated(lang, history.day)) if history.day else ""
        return t(lang, "audit.title.visit", id=history.record_id, client=client, date=day)
    return t(lang, "audit.title.client", client=client)


def _entry(lang: str, zone: str, entry: Entry) -> str:
    when = entry.at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    who = entry.who if entry.who is not None else Html(t(lang, "audit.who_system"))
    action = Html(_action(lang, entry.action))
    lines: list[str] = [
        t(lang, "audit.entry_contact", when=when, who=who, action=action, contact=entry.contact)
        if entry.contact is not None
        else t(lang, "audit.entry", when=when, who=who, action=action)
    ]
    for change in entry.changes:
        lines.append(_change(lang, zone, change))
    block = "\n".join(lines)
    if utf16_len(block) > ENTRY_UNITS:
        # Whole lines only (never a tag cut in two); what is left out is said.
        kept: list[str] = []
        for line in lines:
            if utf16_len("\n".join([*kept, line])) > ENTRY_UNITS - 40:
                break
            kept.append(line)
        block = "\n".join([*kept, t(lang, "audit.more_fields", count=len(lines) - len(kept))])
    return block


def _action(lang: str, action: str) -> str:
    if action.startswith("score"):
        return t(lang, "audit.action.score")
    key = f"audit.action.{action}"
    return t(lang, key) if has(key) else t(lang, "audit.action.other")


def _change(lang: str, zone: str, change: Change) -> str:
    field = Html(t(lang, f"audit.field.{change.field}"))
    after = Html(_value(lang, zone, change.after))
    if change.before is None:
        return t(lang, "audit.set", field=field, after=after)
    return t(lang, "audit.change", field=field, before=Html(_value(lang, zone, change.before)),
             after=after)  # fmt: skip


def _value(lang: str, zone: str, value: Value | None) -> str:
    """A value as the reader reads it (HTML): a label, a name, a time in the reader's zone."""
    if value is None or value.shown is Shown.NONE:
        return t(lang, "audit.empty")
    if value.shown is Shown.HIDDEN_CLIENT:
        return t(lang, "audit.hidden_client")
    if value.shown is Shown.INSTANT and value.at is not None:
        return value.at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    if value.shown is Shown.DAY and value.day is not None:
        return dated(lang, value.day)
    if value.shown is Shown.LABEL:
        return html.escape(label(lang, value.group, value.text) or value.text)
    if value.shown is Shown.SCORE:
        key = f"complaint.score.{value.text}"
        return t(lang, key) if has(key) else html.escape(value.text)
    if value.shown is Shown.FLAG:
        return html.escape(label(lang, "yesno", value.text) or value.text)
    if value.shown is Shown.CLIENT:
        return html.escape(client_named(lang, value.text, value.english))
    if value.items:
        shown = people_line(lang, value.items)
    else:
        shown = value.text
    if len(shown) > VALUE_CHARS:
        shown = shown[: VALUE_CHARS - 1] + "…"
    return html.escape(shown)
