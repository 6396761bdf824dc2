"""Files the bot sends and fetches: sendDocument, sendPhoto and getFile, with Telegram's size limits."""

from __future__ import annotations

import mimetypes
from typing import Any

from aiohttp import web

from emulator.errors import BotApiError, bad_request
from emulator.media import image_size
from emulator.records import StoredFile
from emulator.requests import Params, Upload
from emulator.sending import Sending
from emulator.state import file_json

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024


class Files(Sending):
    """sendDocument, sendPhoto and getFile."""

    def _input_file(self, p: Params, name: str) -> tuple[Upload | None, StoredFile | None]:
        """What the bot sent as `name`: a fresh upload, or a file Telegram already has."""
        value = p.raw(name)
        upload = p.uploads.get(name)
        if upload is None and isinstance(value, str) and value.startswith("attach://"):
            upload = p.uploads.get(value[len("attach://") :])
        if upload is not None:
            if not upload.data:
                raise bad_request("file must be non-empty")
            if len(upload.data) > MAX_UPLOAD_BYTES:
                raise BotApiError(413, "Request Entity Too Large")
            return upload, None
        if isinstance(value, str) and value:
            if value in self._files:
                return None, self._files[value]
            if value.startswith(("http://", "https://")):
                raise bad_request("failed to get HTTP URL content")
            raise bad_request("wrong file identifier/HTTP URL specified")
        raise bad_request(f"there is no {name} in the request")

    async def _send_document(self, p: Params, request: web.Request) -> dict[str, Any]:
        chat = self._target_chat(p)
        upload, stored = self._input_file(p, "document")
        fmt = self._formatted(p, "caption", caption=True)
        markup, reply = self._markup_and_reply(p, chat)
        if upload is not None:
            filename = upload.filename or "document"
            mime = upload.content_type
            if not mime or mime == "application/octet-stream":
                mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
            stored = self._store_file(upload.data, "document", filename, mime)
        assert stored is not None
        content = self._with_text({"document": self._document_json(stored)}, fmt, caption=True)
        return self._deliver(
            chat, content, markup, reply, kind="document", method="sendDocument", fmt=fmt,
            document=stored.data, filename=stored.file_name, mime_type=stored.mime_type,
        )  # fmt: skip

    async def _send_photo(self, p: Params, request: web.Request) -> dict[str, Any]:
        chat = self._target_chat(p)
        upload, stored = self._input_file(p, "photo")
        photo_bytes = upload.data if upload is not None else stored.data if stored else b""
        size = image_size(photo_bytes)
        if size is None or 0 in size:
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = size
        if width + height > 10_000 or max(size) > 20 * min(size):
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        if len(photo_bytes) > MAX_PHOTO_BYTES:
            raise bad_request("PHOTO_SAVE_FILE_INVALID")
        fmt = self._formatted(p, "caption", caption=True)
        markup, reply = self._markup_and_reply(p, chat)
        if upload is not None:
            stored = self._store_file(upload.data, "photo", None, "image/jpeg")
        assert stored is not None
        scale = min(1.0, 2560 / max(size))
        photo = file_json(stored, width=round(width * scale), height=round(height * scale))
        content = self._with_text({"photo": [photo]}, fmt, caption=True)
        return self._deliver(
            chat, content, markup, reply, kind="photo", method="sendPhoto", fmt=fmt,
            photo=stored.data,
        )  # fmt: skip

    async def _get_file(self, p: Params, request: web.Request) -> dict[str, Any]:
        file_id = p.text("file_id") or ""
        if not file_id:
            raise bad_request("file_id not specified")
        stored = self._files.get(file_id)
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.file_size > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        return file_json(stored, file_path=stored.file_path)
