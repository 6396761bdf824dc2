"""Business card photos to contacts: the draft card, the client asked (never guessed), saving once
with the photo, and the photos of printed pages that go to the knowledge base instead."""

from __future__ import annotations

import asyncio
import base64
import functools
import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from knowledge.normal_form import fold
from knowledge.ocr import ImageTooLarge, OcrLine, OcrUnavailable, read_lines
from services.access import visible_client, visible_clients
from services.business_cards import (
    FIELDS,
    CardFields,
    CardReading,
    bad_correction,
    correction,
    read_card,
)
from services.clients import ClientService
from services.clock import Clock
from services.domain import Actor
from services.draft_store import FlowState, FlowStore, new_token
from services.outcome import Choice, Outcome, Say
from services.saved_once import drop_flow, save_once
from services.storage.models import Client, Contact, ContactPhoto
from services.storage.uow import Database, UnitOfWork

log = logging.getLogger("kam.contacts")

MAX_CANDIDATES = 4
MAX_WAITING_CARDS = 20  # cards sent while one is being filed in (the rest of a meeting's stack)
MAX_PHOTO_MB = 10
MAX_PHOTO_BYTES = MAX_PHOTO_MB * 1024 * 1024
# A card has at most twice this many rows; a photo without a card's details is a page of a
# document when it has at least PAGE_LINES rows or PAGE_CHARS characters (else: a few words).
PAGE_ROWS = 12
PAGE_LINES = 3
PAGE_CHARS = 60


@dataclass(frozen=True)
class PhotoReading:
    """What a photo is: "card", "page" (printed text), "unclear" (handwriting, blur), "empty"
    (no text, a few words), "not_image" (bytes no image library opens), "too_large" (over
    MAX_PHOTO_MB), "oversized" (more pixels than a photo has) or "unavailable" (OCR is not
    installed)."""

    kind: str
    reading: CardReading | None = None


def classify(lines: list[OcrLine]) -> PhotoReading:
    if not lines:
        return PhotoReading("empty")
    reading = read_card(lines)
    if not reading.clear:
        return PhotoReading("unclear", reading)
    if reading.is_card and reading.rows <= PAGE_ROWS * 2:
        return PhotoReading("card", reading)
    if reading.rows >= PAGE_LINES or sum(len(line.text) for line in lines) >= PAGE_CHARS:
        return PhotoReading("page", reading)
    return PhotoReading("empty", reading)


def same_person(fields: CardFields, name: str, mobile: str | None, phone: str | None) -> bool:
    """Whether a card is of a contact the client already has: the same name (spaces and case
    aside), and no different mobile on file (a client's file may hold the mobile as the phone).
    A second card of 顾佳 added 顾佳 again, listed twice on the client's card."""
    if not fields.name or _key(fields.name) != _key(name):
        return False
    card_mobile = _number(fields.mobile)
    filed = _number(mobile) or (_number(phone) if re.fullmatch(r"1\d{10}", _number(phone)) else "")
    return not card_mobile or not filed or card_mobile == filed


def _key(name: str) -> str:
    return "".join(fold(name).split())


def _number(value: str | None) -> str:
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def image_type(data: bytes) -> str:
    """The MIME type of a card photo by its first bytes (one sent as a file may be PNG or WebP;
    a photo Telegram sends is JPEG)."""
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "image/jpeg"


class ContactService:
    """A contact draft from a card photo; the client is chosen by the user from matches."""

    def __init__(
        self, db: Database, clock: Clock, store: FlowStore, clients: ClientService
    ) -> None:
        self._db = db
        self._clock = clock
        self._store = store
        self._clients = clients

    async def read_photo(self, data: bytes) -> PhotoReading:
        """OCR the photo (in a worker thread: it takes seconds) and tell what it shows."""
        if len(data) > MAX_PHOTO_BYTES:
            return PhotoReading("too_large")
        try:
            # A doubted line read twice: a number read the same and surely both times is shown
            # without ❓ on the draft card.
            lines = await asyncio.to_thread(functools.partial(read_lines, data, second_look=True))
        except ImageTooLarge:
            return PhotoReading("oversized")
        except ValueError:
            return PhotoReading("not_image")
        except OcrUnavailable:
            log.exception("OCR is not installed")
            return PhotoReading("unavailable")
        return classify(lines)

    async def start(self, actor: Actor, reading: CardReading, photo: bytes) -> Outcome:
        """The contact draft, and the question which client it belongs to. Several cards sent one
        after another wait their turn; a visit or complaint draft in progress is never replaced
        by a card (each card used to replace the draft before it, unsaved and unsaid)."""
        fields = reading.fields
        card: dict[str, Any] = {
            "fields": fields.as_dict(),
            "unsure": list(reading.unsure),
            "photo": base64.b64encode(photo).decode("ascii"),
            # What an expired draft is remembered by in the notice to the user.
            "summary": " ".join(v for v in (fields.name, fields.company) if v) or "-",
        }
        current = await self._store.get(actor.user_id)
        if current is not None and current.kind in ("visit", "complaint"):
            return Outcome.of(
                Say("contact.draft_open", {"kind": current.kind,
                                           "client": current.data.get("client_name") or "-",
                                           "client_id": current.data.get("client_id")})
            )  # fmt: skip
        if current is not None and current.kind == "card":
            waiting = current.data.setdefault("queue", [])
            if len(waiting) >= MAX_WAITING_CARDS:
                return Outcome.of(Say("contact.queue_full", {"count": len(waiting)}))
            waiting.append(card)
            await self._store.save(current)
            return Outcome.of(
                Say("contact.queued", {"name": fields.name or "-", "count": len(waiting)})
            )
        return await self._begin(actor, card, [])

    async def _begin(self, actor: Actor, card: dict[str, Any], waiting: list[Any]) -> Outcome:
        data = {**card, "queue": waiting}
        state = FlowState(actor.user_id, "card", "client", new_token(), data, self._clock.now())
        return await self._ask_client(actor, state, data["fields"].get("company") or "")

    async def next_card(self, actor: Actor, state: FlowState) -> Outcome:
        """The next card waiting behind this one (once it is saved or cancelled), if any."""
        waiting = list(state.data.get("queue") or [])
        if not waiting:
            return Outcome()
        return await self._begin(actor, waiting[0], waiting[1:])

    async def _ask_client(
        self, actor: Actor, state: FlowState, query: str, *, typed: bool = False
    ) -> Outcome:
        hits = await self._clients.search(actor, query, limit=MAX_CANDIDATES) if query else []
        if query and not typed:
            # A card prints the company in full, longer than the name the client is filed under.
            named = await self._clients.named_in(actor, query)
            if named is not None and all(hit.id != named.id for hit in hits):
                hits = [named, *hits][:MAX_CANDIDATES]
        state.step = "client"
        # A typed name that finds nothing is said as typed; the clients the card's company found
        # stay offered (the no-match line named the card's company, though it matched).
        state.data["query"] = query if typed else None
        if hits or not typed:
            state.data["candidates"] = [[hit.id, hit.name] for hit in hits]
        await self._store.save(state)
        return Outcome.of(*self.prompt(state, found=bool(hits) or not typed))

    def prompt(self, state: FlowState, *, found: bool = True) -> tuple[Say, ...]:
        fields = CardFields.of(state.data["fields"])
        existing = state.data.get("existing") if state.step == "confirm" else None
        unsure = [f for f in state.data.get("unsure") or () if getattr(fields, f, None)]
        card = {**fields.as_dict(), "client": state.data.get("client_name"), "existing": existing,
                "unsure": unsure}  # fmt: skip
        cancel = Choice("cancel", key="contact.cancel")
        if state.step == "confirm":
            as_new = (Choice("new", key="contact.as_new"),) if existing else ()
            return (
                Say("contact.confirm", card=card, token=state.token,
                    choices=((Choice("ok", key="contact.ok"), Choice("other", key="contact.other")),
                             (*as_new, cancel))),
            )  # fmt: skip
        candidates = state.data.get("candidates") or []
        # "c:<id>": labelled as every client button is (in English, "Shagang Group · 江苏沙钢…").
        rows = tuple((Choice(f"c:{cid}", label=name),) for cid, name in candidates)
        key = "contact.pick_client" if candidates and found else "contact.no_match"
        searched = state.data.get("query") if key == "contact.no_match" else None
        company = searched or fields.company or "-"
        if key == "contact.no_match" and not searched and not fields.company:
            key = "contact.no_company"  # was: no client matches “-”
        return (
            Say("contact.draft", card=card),
            Say(key, {"company": company}, token=state.token, choices=(*rows, (cancel,))),
        )

    async def on_text(self, actor: Actor, state: FlowState, text: str) -> Outcome:
        """A client's name at the client step; a field correction ("手机 139…") at any step."""
        fields = CardFields.of(state.data["fields"])
        changed = correction(fields, text)
        if changed is not None and (bad := bad_correction(fields, changed)) is not None:
            wrong = getattr(changed, bad)
            return Outcome.of(Say(f"contact.bad_{bad}", {"value": wrong}, token=state.token))
        if changed is not None:
            state.data["fields"] = changed.as_dict()
            # A field the user typed is theirs, no longer a reading to check.
            state.data["unsure"] = [f for f in state.data.get("unsure") or ()
                                    if getattr(changed, f) == getattr(fields, f)]  # fmt: skip
            if state.step == "confirm":
                state.data["existing"] = await self._existing_name(state)
            await self._store.save(state)
            return Outcome.of(*self.prompt(state))
        if state.step == "client":
            return await self._ask_client(actor, state, text, typed=True)
        return Outcome.of(Say("contact.edit_hint", token=state.token))

    async def on_choice(self, actor: Actor, state: FlowState, value: str) -> Outcome:
        if value == "other":
            for key in ("client_id", "client_name", "existing", "as_new"):
                state.data.pop(key, None)
            state.data["candidates"] = []
            state.step = "client"
            await self._store.save(state)
            return Outcome.of(Say("contact.type_client", token=state.token))
        # "c<id>" as well: a button sent before the labels were shared.
        picked = value.removeprefix("c").removeprefix(":")
        if value.startswith("c") and picked.isdigit() and state.step == "client":
            client = await self._visible_client(actor, int(picked))
            if client is None:
                return Outcome.of(Say("error.client_not_found"))
            state.data["client_id"], state.data["client_name"] = client
            state.data["existing"] = await self._existing_name(state)
            state.step = "confirm"
            await self._store.save(state)
            return Outcome.of(*self.prompt(state))
        if value == "new" and state.step == "confirm" and state.data.get("existing"):
            state.data["existing"] = None
            state.data["as_new"] = True
            await self._store.save(state)
            return Outcome.of(*self.prompt(state))
        if value == "ok" and state.step == "confirm":
            return await self.save(actor, state)
        return Outcome.of(Say("button.stale"))

    async def _existing_name(self, state: FlowState) -> str | None:
        """The name of the client's contact the card is of, if it has one (see same_person)."""
        if state.data.get("as_new") or not state.data.get("client_id"):
            return None
        fields = CardFields.of(state.data["fields"])
        async with self._db.read() as session:
            found = await self._existing(session, int(state.data["client_id"]), fields)
            return f"{found.name} {found.mobile or found.phone or ''}".strip() if found else None

    @staticmethod
    async def _existing(session: Any, client_id: int, fields: CardFields) -> Contact | None:
        contacts = (
            await session.execute(
                select(Contact).where(Contact.client_id == client_id).order_by(Contact.id)
            )
        ).scalars()
        return next((c for c in contacts if same_person(fields, c.name, c.mobile, c.phone)), None)

    async def _visible_client(self, actor: Actor, client_id: int) -> tuple[int, str] | None:
        async with self._db.read() as session:
            row = (
                await session.execute(
                    select(Client.id, Client.name).where(
                        Client.id == client_id, visible_clients(actor)
                    )
                )
            ).one_or_none()
        return (row.id, row.name) if row is not None else None

    async def save(self, actor: Actor, state: FlowState) -> Outcome:
        """Add the contact and its card photo in one commit; a second press saves nothing more."""
        fields = CardFields.of(state.data["fields"])
        if not fields.name:
            return Outcome.of(Say("contact.need_name", token=state.token))
        now = self._clock.now()
        photo = base64.b64decode(state.data["photo"])

        async def write(uow: UnitOfWork) -> Outcome:
            client = await visible_client(uow.session, actor, int(state.data["client_id"]))
            if client is None:
                return Outcome.of(Say("error.client_not_found"))
            existing = (
                None
                if state.data.get("as_new")
                else await self._existing(uow.session, client.id, fields)
            )
            if existing is None:
                contact = Contact(
                    client_id=client.id, name=fields.name, title=fields.title,
                    phone=fields.phone, mobile=fields.mobile, email=fields.email,
                    address=fields.address, company=fields.company, decision_maker=False,
                    created_by_id=actor.user_id, created_at=now,
                )  # fmt: skip
                uow.session.add(contact)
                await uow.session.flush()
                before = None
            else:
                # What the card prints replaces what was on file; what it does not print stays.
                contact = existing
                before = {f: getattr(contact, f) for f in FIELDS}
                for field in ("title", "mobile", "phone", "email", "address", "company"):
                    value = getattr(fields, field)
                    if value:
                        setattr(contact, field, value)
                if fields.mobile and _number(contact.phone) == _number(fields.mobile):
                    contact.phone = fields.phone  # the file's mobile, filed as the phone
            kept = await uow.session.get(ContactPhoto, contact.id)
            if kept is None:
                uow.session.add(
                    ContactPhoto(contact_id=contact.id, data=photo, mime_type=image_type(photo),
                                 draft_id=state.token, created_at=now)
                )  # fmt: skip
            else:  # a newer card of the same person
                kept.data, kept.mime_type = photo, image_type(photo)
                kept.draft_id, kept.created_at = state.token, now
            uow.audit(actor_id=actor.user_id, action="create" if before is None else "update",
                      entity="contact", entity_id=contact.id, at=now, before=before,
                      after={**fields.as_dict(), "client_id": client.id, "source": "card"})  # fmt: skip
            await drop_flow(uow.session, actor.user_id, state.token)
            await uow.commit()
            key = "contact.saved" if before is None else "contact.updated"
            return Outcome.of(Say(key, {"name": fields.name, "client": client.name,
                                        "client_id": client.id}))  # fmt: skip

        token = state.token
        written: list[bool] = []

        async def write_once(uow: UnitOfWork) -> Outcome:
            done = await write(uow)
            written.append(done.says[0].key in ("contact.saved", "contact.updated"))
            return done

        outcome = await save_once(
            self._db,
            lambda session: self._saved(session, token),
            write_once,
            lambda done: Outcome.of(
                Say(
                    "contact.updated" if done and done.pop("updated") else "contact.saved",
                    done or {"name": fields.name, "client": ""},
                )
            ),
            missing_is_error=False,  # as before: a refused twin is still told it is saved
        )
        if written and written[0]:
            then = await self.next_card(actor, state)
            return Outcome(says=(*outcome.says, *then.says))
        return outcome

    async def already_saved(self, token: str) -> dict[str, Any] | None:
        async with self._db.read() as session:
            return await self._saved(session, token)

    @staticmethod
    async def _saved(session: Any, token: str) -> dict[str, Any] | None:
        row = (
            await session.execute(
                select(
                    Contact.name,
                    Client.name.label("client"),
                    Contact.client_id,
                    Contact.created_at,
                    ContactPhoto.created_at.label("photo_at"),
                )
                .join(ContactPhoto, ContactPhoto.contact_id == Contact.id)
                .join(Client, Client.id == Contact.client_id)
                .where(ContactPhoto.draft_id == token)
            )
        ).one_or_none()
        if row is None:
            return None
        # A contact the card updated was on file before its photo (or came from a client file).
        updated = row.created_at is None or row.created_at != row.photo_at
        return {"name": row.name, "client": row.client, "client_id": row.client_id,
                "updated": updated}  # fmt: skip

    async def photo(self, actor: Actor, contact_id: int) -> bytes | None:
        """The card photo of a contact of a client the actor may see."""
        async with self._db.read() as session:
            return (
                await session.execute(
                    select(ContactPhoto.data)
                    .join(Contact, Contact.id == ContactPhoto.contact_id)
                    .join(Client, Client.id == Contact.client_id)
                    .where(ContactPhoto.contact_id == contact_id, visible_clients(actor))
                )
            ).scalar_one_or_none()
