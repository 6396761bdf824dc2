"""Turns service results into Telegram HTML: escaped, in the user's language, split under the limit."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from bot.i18n import Html, asked_language, has, t
from config.catalog import chinese
from knowledge.types import Answer
from services.ask import CardFact
from services.client_import import REQUIRED_COLUMNS, RowError
from services.clients import ImportResult
from services.domain import ClientCard, ContactInfo
from services.visits.service import VisitView

TELEGRAM_LIMIT = 4096
# Telegram counts UTF-16 code units of the text after parsing tags; the raw HTML measured the same way
# is never shorter, so pieces measured raw below the limit are always safe.
SPLIT_AT = 3900

_ATOM = re.compile(r"<[^<>]*>|&#?\w+;|[^<&\n]+\n?|\n|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)")


def esc(value: object) -> str:
    return html.escape(str(value), quote=False)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: an emoji outside the basic plane is two units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def split_message(text: str, limit: int = SPLIT_AT) -> list[str]:
    """Split into pieces under the limit (UTF-16 units), on line breaks when a line fits.

    A cut never falls inside a tag or an entity such as `&amp;`; a tag open at a cut is closed at
    the end of its piece and opened again at the start of the next, so each piece is valid HTML.
    """
    if utf16_len(text) <= limit:
        return [text]
    return _Splitter(limit).run(text)


class _Splitter:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.pieces: list[str] = []
        self.open_tags: list[tuple[str, str]] = []  # (name, the opening tag as written)
        self.parts: list[str] = []
        self.size = 0

    def run(self, text: str) -> list[str]:
        lines = text.split("\n")
        for index, line in enumerate(lines):
            atoms = _ATOM.findall(line + ("\n" if index < len(lines) - 1 else ""))
            opening = sum(len(_tag_name(a)) + 3 for a in atoms if _is_open(a))
            if self.size + utf16_len(line) + 1 + self._reserve() + opening > self.limit:
                if self._has_content():
                    self._flush()
            for atom in atoms:
                self._add(atom)
        if self._has_content():
            body = "".join(self.parts)
            if _visible(body).strip():
                self.pieces.append(body)
        return self.pieces

    def _reserve(self) -> int:
        return sum(len(name) + 3 for name, _ in self.open_tags)

    def _has_content(self) -> bool:
        return len(self.parts) > len(self.open_tags) or self.size > sum(
            utf16_len(o) for _, o in self.open_tags
        )

    def _flush(self) -> None:
        body = "".join(self.parts)
        if body.endswith("\n"):
            body = body[:-1]  # the line break the cut falls on
        piece = body + "".join(f"</{name}>" for name, _ in reversed(self.open_tags))
        if _visible(piece).strip():
            self.pieces.append(piece)
        self.parts = [opening for _, opening in self.open_tags]
        self.size = sum(utf16_len(p) for p in self.parts)

    def _add(self, atom: str) -> None:
        closing = atom.startswith("</")
        opening = _is_open(atom)
        # A closing tag costs nothing more: its length is already reserved.
        cost = 0 if closing else utf16_len(atom)
        reserve = self._reserve() + (len(_tag_name(atom)) + 3 if opening else 0)
        fresh = sum(utf16_len(o) for _, o in self.open_tags)
        too_long = not (closing or opening) and fresh + cost + reserve > self.limit
        if self.size + cost + reserve > self.limit and self._has_content() and not too_long:
            self._flush()  # it fits a piece of its own; text longer than that is cut below
        while not (closing or opening) and self.size + utf16_len(atom) + reserve > self.limit:
            # Longer than a whole piece: cut by characters (never inside an entity: it is an atom).
            head = _take(atom, max(self.limit - self.size - reserve, 1))
            self.parts.append(head)
            self.size += utf16_len(head)
            atom = atom[len(head) :]
            self._flush()
        if closing:
            name = _tag_name(atom)
            for i in range(len(self.open_tags) - 1, -1, -1):
                if self.open_tags[i][0] == name:
                    del self.open_tags[i]
                    break
        elif opening:
            self.open_tags.append((_tag_name(atom), atom))
        if atom:
            self.parts.append(atom)
            self.size += utf16_len(atom)


def _is_open(atom: str) -> bool:
    return atom.startswith("<") and not atom.startswith("</") and _TAG.match(atom) is not None


def _tag_name(atom: str) -> str:
    match = _TAG.match(atom)
    return match.group(2).lower() if match else ""


def _take(text: str, units: int) -> str:
    """The longest head of `text` at most `units` UTF-16 units long."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > units:
            return text[:i]
    return text


def _visible(piece: str) -> str:
    return re.sub(r"<[^<>]*>", "", piece)


def client_card(lang: str, card: ClientCard, today: date, *, counted: str) -> Html:
    """A client's card; `counted` is `Cadence.counted`: which visits "last visit" means."""
    unset = t(lang, "card.unset")

    def label(prefix: str, value: object | None) -> str:
        return t(lang, f"{prefix}.{value}") if value else unset

    lines = [t(lang, "card.title", name=card.name)]
    if card.aliases:
        lines.append(t(lang, "card.aliases", aliases=list_separator(lang).join(card.aliases)))
    lines.append(t(lang, "card.tier", value=Html(label("tier", card.tier))))
    lines.append(t(lang, "card.rating", value=Html(label("rating", card.credit_rating))))
    lines.append(t(lang, "card.strategy", value=Html(label("strategy", card.strategy))))
    for key, value in (("card.industry", card.industry), ("card.region", card.region),
                       ("card.address", card.address)):  # fmt: skip
        if value:
            lines.append(t(lang, key, value=value))
    lines.append(t(lang, "card.owner", value=card.owner_name or unset))
    if card.last_visit_on is None:
        lines.append(t(lang, "card.never_visited", counted=counted))
    else:
        days = (today - card.last_visit_on).days
        key = "card.last_visit_today" if days == 0 else "card.last_visit"
        lines.append(t(lang, key, date=card.last_visit_on.isoformat(), days=days, counted=counted))
    lines += _contact_lines(lang, card.contacts)
    if card.notes:
        lines.append(t(lang, "card.notes", value=card.notes))
    return Html("\n".join(lines))


def _contact_lines(lang: str, contacts: Sequence[ContactInfo]) -> list[Html]:
    if not contacts:
        return [t(lang, "card.no_contacts")]
    lines = [t(lang, "card.contacts")]
    for c in contacts:
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
    return lines


def client_facts(lang: str, card: ClientCard, facts: Sequence[CardFact]) -> Html:
    """The lines of a client's card a question asked for ("宝钢的联系人是谁？"), under its
    name, in the card's words: the answer first, the whole card a button away."""
    unset = t(lang, "card.unset")
    lines = [t(lang, "card.title", name=card.name)]
    for fact in facts:
        if fact is CardFact.CONTACTS:
            lines += _contact_lines(lang, card.contacts)
        elif fact is CardFact.DECISION_MAKERS:
            deciding = [c for c in card.contacts if c.decision_maker]
            if not deciding and card.contacts:
                lines.append(t(lang, "card.no_decision_maker"))
            lines += _contact_lines(lang, deciding or card.contacts)
        elif fact is CardFact.ADDRESS:
            lines.append(t(lang, "card.address", value=card.address or unset))
        elif fact is CardFact.RATING:
            rating = t(lang, f"rating.{card.credit_rating}") if card.credit_rating else unset
            lines.append(t(lang, "card.rating", value=Html(rating)))
        elif fact is CardFact.MANAGER:
            lines.append(t(lang, "card.owner", value=card.owner_name or unset))
    return Html("\n".join(lines))


def dated(lang: str, day: date | str, at: str | None = None) -> str:
    """A day with its weekday, 2026-12-11（周五） / 2026-12-11 (Fri), and its time of day when
    given (2026-11-30（周一）下午 / 2026-11-30 (Mon) 15:00): a manager who said "next Friday"
    sees which Friday was understood."""
    value = day if isinstance(day, date) else date.fromisoformat(day)
    text = t(lang, "dated", date=value.isoformat(), weekday=t(lang, f"weekday.{value.weekday()}"))
    if not at:
        return text
    if at in ("morning", "afternoon", "evening"):
        at = t(lang, f"time.{at}")
    return f"{text}{'' if chinese(lang) else ' '}{at}"


def _when(lang: str, visited_on: str | None, visited_time: str | None) -> str:
    return dated(lang, visited_on, visited_time) if visited_on else t(lang, "card.unset")


def _distance(meters: float) -> str:
    return f"{meters / 1000:.1f} km" if meters >= 1000 else f"{meters:.0f} m"


BUTTON_LABEL = 60  # characters of a client's name on a button


def client_named(lang: str, name: str, english: str | None) -> str:
    """A client in a sentence or a list line: its English name (`matching.english_name`, never
    made up) in an English session, when it has one; else its name."""
    return english if english and not chinese(lang) else name


def payload_client(lang: str, p: Mapping[str, Any]) -> str:
    """`client_named` for a message's stored parameters: "client" and its "client_en"."""
    return client_named(lang, str(p.get("client") or ""), p.get("client_en"))


def _card_client(lang: str, card: Mapping[str, Any]) -> str:
    """The client of a visit or complaint card as the button that chose it reads: a card is
    checked before it is confirmed, so in English it shows the client's own name too."""
    return client_label(lang, card.get("client_name") or "", card.get("client_en"), limit=200)


def client_label(lang: str, name: str, english: str | None, *, limit: int = BUTTON_LABEL) -> str:
    """A client on a button: its English name first in an English session, when it has one
    ("Zhongshan Hospital · 复旦大学附属中山医院"); else its name."""
    shown = client_named(lang, name, english)
    label = f"{shown} · {name}" if shown != name else name
    return label if len(label) <= limit else label[: limit - 1] + "…"


def list_separator(lang: str) -> str:
    """Between the items of a list in a line: 、 in Chinese, a comma in English."""
    return "、" if chinese(lang) else ", "


def people_line(lang: str, people: Iterable[tuple[str, str | None]]) -> str:
    """The people met, in the language's punctuation: 王处长（科技部）、李工 / Wang (Director), Li."""
    opening, closing = ("（", "）") if chinese(lang) else (" (", ")")
    return list_separator(lang).join(
        # "沈主任" says 主任 already: a title that only repeats the name's ending is not shown.
        name + (f"{opening}{title}{closing}" if title and not name.endswith(title) else "")
        for name, title in people
    )


def met_person(lang: str, person: Mapping[str, Any]) -> tuple[str, str | None]:
    """A person on a visit card as `people_line` shows them. A contact the report wrote in
    pinyin is shown as filed, with the spelling an English reader knows them by first:
    "Ji Haidong (季海东, 信息化部部长)"; in Chinese as filed: 季海东（信息化部部长）."""
    name, title = str(person["name"]), person.get("title")
    latin = person.get("latin")
    if not latin or chinese(lang):
        return name, title
    return str(latin), f"{name}, {title}" if title else name


def visit_card(lang: str, card: Mapping[str, Any]) -> Html:
    """A visit draft or record: what a manager checks before confirming."""
    unset = t(lang, "card.unset")
    if card.get("id"):
        lines = [t(lang, "card.visit.saved_title", id=card["id"], author=card.get("author") or "")]
    elif card.get("visit_id"):  # a saved visit being corrected: not a new report
        lines = [t(lang, "card.visit.title_edit", id=card["visit_id"])]
    else:
        lines = [t(lang, "card.visit.title")]
    people = card.get("people") or []
    people_text = people_line(lang, [met_person(lang, p) for p in people if p.get("name")])
    kind = card.get("kind")
    lines += [
        t(lang, "card.visit.client", value=_card_client(lang, card) or unset),
        t(
            lang,
            "card.visit.when",
            value=_when(lang, card.get("visited_on"), card.get("visited_time")),
        ),
        *(
            [t(lang, "card.visit.time_guessed", time=card["visited_time"])]
            if card.get("time_guessed") and card.get("visited_time") and card.get("visited_on")
            else []
        ),
        t(lang, "card.visit.kind", value=Html(t(lang, f"visit.kind.{kind}")) if kind else unset),
        t(lang, "card.visit.people", value=people_text or unset),
        t(lang, "card.visit.summary", value=card.get("summary") or unset),
    ]
    if card.get("next_step"):
        lines.append(t(lang, "card.visit.next_step", value=card["next_step"]))
    if card.get("follow_up_on"):
        follow = dated(lang, card["follow_up_on"])
        if other := card.get("follow_up_other"):  # "next Friday": this week's may be meant
            follow += t(lang, "card.visit.follow_up_other", other=dated(lang, other), day=other)
        lines.append(t(lang, "card.visit.follow_up", value=follow))
    if card.get("distance_m") is not None:
        lines.append(t(lang, "card.visit.distance", value=_distance(float(card["distance_m"]))))
    elif card.get("latitude") is not None:
        lines.append(t(lang, "card.visit.location"))
    if card.get("truncated"):
        lines.append(t(lang, "card.visit.truncated"))
    if card.get("heard"):
        lines.append(t(lang, "voice.heard", text=card["heard"]))
    if same := card.get("same_day"):
        lines.append(t(lang, "card.visit.same_day", id=same["id"], author=same["author"]))
    if not card.get("id"):
        hint = "card.visit.confirm_hint_edit" if card.get("visit_id") else "card.visit.confirm_hint"
        lines.append(t(lang, hint))
    return Html("\n".join(lines))


def recorded_visit_card(lang: str, visit: VisitView) -> Html:
    """A saved visit in full, as opened from the list of recent visits."""
    return visit_card(lang, {
        "client_name": visit.client_name, "client_en": visit.client_en,
        "visited_on": visit.visited_on.isoformat(),
        "visited_time": visit.visited_time, "kind": visit.kind,
        "people": [{"name": n, "title": title} for n, title in visit.people],
        "summary": visit.summary, "next_step": visit.next_step,
        "follow_up_on": visit.follow_up_on.isoformat() if visit.follow_up_on else None,
        "distance_m": visit.distance_m, "author": visit.author_name, "id": visit.id,
    })  # fmt: skip


LIST_SUMMARY_CHARS = 60  # of a visit's summary in the list; its number opens the whole of it
LIST_STEP_CHARS = 40


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def recent_visits(lang: str, visits: Iterable[VisitView], me: int) -> Html:
    """The recent visits in one message, numbered: when, which client, how, with whom, what
    (its start), the next step; the author when it is not `me` (a user id)."""
    visits = list(visits)
    lines: list[str] = [t(lang, "visits.header", count=len(visits))]
    indent = "    "
    for n, v in enumerate(visits, start=1):
        author = "" if v.author_id == me else t(lang, "visits.line_author", name=v.author_name)
        lines += ["", t(lang, "visits.line", n=n, client=client_named(lang, v.client_name, v.client_en),
                       when=_when(lang, v.visited_on.isoformat(), v.visited_time),
                       kind=Html(t(lang, f"visit.kind.{v.kind}")), author=Html(author))]  # fmt: skip
        met = people_line(lang, v.people)
        people = t(lang, "visits.line_people", people=met) if met else ""
        summary = _clip(v.summary, LIST_SUMMARY_CHARS)
        lines.append(indent + t(lang, "visits.line_what", people=Html(people), summary=summary))
        follow = v.follow_up_on.isoformat() if v.follow_up_on else None
        if v.next_step:
            after = t(lang, "visits.line_follow", date=follow) if follow else ""
            step = _clip(v.next_step, LIST_STEP_CHARS)
            lines.append(indent + t(lang, "visits.line_next", step=step, follow=Html(after)))
        elif follow:
            lines.append(indent + t(lang, "visits.line_follow_only", date=follow))
    return Html("\n".join(lines))


def complaint_card(lang: str, card: Mapping[str, Any]) -> Html:
    unset = t(lang, "card.unset")
    category, severity = card.get("category"), card.get("severity")
    title = (t(lang, "card.complaint.title_edit", id=card["ticket_id"]) if card.get("ticket_id")
             else t(lang, "card.complaint.title"))  # fmt: skip
    lines = [
        title,
        t(lang, "card.complaint.client", value=_card_client(lang, card) or unset),
        t(lang, "card.complaint.category",
          value=Html(t(lang, f"complaint.category.{category}")) if category else unset),
        t(lang, "card.complaint.severity",
          value=Html(t(lang, f"complaint.severity.{severity}")) if severity else unset),
        t(lang, "card.complaint.description", value=card.get("description") or unset),
        t(lang, "card.complaint.received_by_called"
          if card.get("received_by") and card.get("received_by") == card.get("received_by_assumed")
          else "card.complaint.received_by", value=card.get("received_by") or unset),
    ]  # fmt: skip
    if card.get("received_on"):
        # Told at a visit (that day), or the day a call told of, or corrected on the card.
        key = (
            "card.complaint.received_on_set"
            if card.get("received_set")
            else "card.complaint.received_on"
        )
        lines.append(t(lang, key, value=card["received_on"]))
    if card.get("closed_on"):  # a closed ticket's record put right: what stays is said
        lines.append(t(lang, "card.complaint.closed_on", date=card["closed_on"]))
    if card.get("heard"):
        lines.append(t(lang, "voice.heard", text=card["heard"]))
    return Html("\n".join(lines))


def row_error(lang: str, error: RowError) -> Html:
    """One problem of an imported file, naming columns by the file's own headers."""
    key = f"rowerr.{error.code}"
    value = error.value
    if error.code == "missing_column" and value in REQUIRED_COLUMNS:
        value = t(lang, f"import.required.{value}")
    reason = t(lang, key, value=value) if has(key) else t(lang, "rowerr.other", value=error.code)
    name = error.header or (
        t(lang, f"import.required.{error.column}")
        if error.column in REQUIRED_COLUMNS
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
        done = t(lang, "import.done_some_unchanged", created=result.created,
                 updated=result.updated, unchanged=result.unchanged)  # fmt: skip
    else:
        done = t(lang, "import.done", created=result.created, updated=result.updated)
    if result.reassigned:  # a client moved to another manager is worth a line of its own
        return Html(done + "\n" + t(lang, "import.reassigned", count=result.reassigned))
    return done


QUOTE_CHARS = 80  # the start of a quote shown in its source line, in Chinese characters
# English takes about 2.5 letters to say what one Chinese character says (as the answer counts).
LATIN_WIDTH = 0.4


def _quote_start(quote: str) -> str:
    """The quote up to QUOTE_CHARS Chinese characters' worth: an English preview cut at 80
    letters ended in "4. Critica…", before the rule it quotes."""
    size = 0.0
    for n, ch in enumerate(quote):
        size += LATIN_WIDTH if ch.isascii() else 1.0
        if size > QUOTE_CHARS - 1:
            return quote[:n].rstrip() + "…"
    return quote


def render_answer(answer: Answer, lang: str) -> str:
    """The answer in the question's language, labels and all (the asker's, `lang`, when the
    question is only digits or emoji); each source named once, with its section and the start
    of what was quoted from it."""
    lang = asked_language(answer.question, lang)
    if not answer.found:
        return t(lang, "ask.not_found")
    lines = [Html(html.escape(answer.text, quote=False)), "", t(lang, "ask.sources")]
    for n, passage in enumerate(answer.sources, start=1):
        quoted = answer.quotes[n - 1] if n - 1 < len(answer.quotes) else passage.text
        quote = _quote_start(" ".join(quoted.split()))
        where = section_without_title(passage.section, passage.title) or (
            f"p.{passage.page}" if passage.page else ""
        )
        if passage.ocr:  # the text was read from a scan: say so, with the page
            page = f"p.{passage.page}" if passage.page else ""
            section = section_without_title(passage.section, passage.title)
            where = " · ".join(x for x in (t(lang, "ask.source_ocr"), page, section) if x)
        # The document is named once; its further sources give only their section.
        same = n > 1 and answer.sources[n - 2].doc_id == passage.doc_id
        title = "" if same and where else passage.title
        section = where if same and where else (f" · {where}" if where else "")
        lines.append(t(lang, "ask.source", n=n, title=title, section=section, quote=quote))
    return "\n".join(lines)


def section_without_title(section: str | None, title: str) -> str:
    """The section path minus a leading part that repeats the document's title."""
    if not section:
        return ""
    parts = [p.strip() for p in section.split("›")]
    if len(parts) > 1 and parts[0] == title.strip():
        parts = parts[1:]
    elif parts == [title.strip()]:
        return ""
    return " › ".join(parts)
