"""Voice notes to text within limits, and the spoken words that stand for /visit and /complaint."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path

from services.errors import DomainError, InvalidInput
from services.speech.audio import audio_seconds, decode_audio
from services.speech.backends import (
    HttpTranscriber,
    SherpaTranscriber,
    Transcriber,
    TranscriberDown,
)

MAX_SECONDS = 5 * 60


@dataclass(frozen=True)
class SpeechConfig:
    """Plain values from the settings: an HTTP endpoint, or a local model directory, or neither."""

    base_url: str | None = None
    model: str | None = None
    api_key: str | None = None
    model_dir: Path | None = None
    timeout: float = 60.0
    max_seconds: int = MAX_SECONDS
    max_bytes: int = 20 * 1024 * 1024

    def transcriber(self) -> Transcriber | None:
        if self.base_url:
            return HttpTranscriber(self.base_url, self.model or "whisper-1", self.api_key,
                                   self.timeout)  # fmt: skip
        if self.model_dir is not None:
            return SherpaTranscriber(self.model_dir, self.model)
        return None


@dataclass(frozen=True)
class Heard:
    text: str
    seconds: float


class SpeechService:
    """Checks a voice note against the limits, decodes it and asks the backend what was said.

    Every refusal is a DomainError whose code the user reads (`voice.off`, `voice.too_long`,
    `voice.too_large`, `voice.unreadable`, `voice.down`, `voice.silent`); nothing is stored.
    """

    def __init__(self, config: SpeechConfig, transcriber: Transcriber | None = None) -> None:
        self.config = config
        self._transcriber = transcriber if transcriber is not None else config.transcriber()

    @property
    def available(self) -> bool:
        return self._transcriber is not None

    def check(self, *, seconds: float | None, size: int | None) -> None:
        """Refuse before downloading what Telegram already says is too long or too large."""
        if self._transcriber is None:
            raise DomainError("voice.off")
        limit = self.config.max_seconds
        if seconds is not None and seconds > limit:
            raise InvalidInput("voice.too_long", seconds=round(seconds), limit=limit // 60)
        if size is not None and size > self.config.max_bytes:
            raise InvalidInput("voice.too_large", limit=self.config.max_bytes // (1024 * 1024))

    async def transcribe(self, data: bytes, *, seconds: float | None = None) -> Heard:
        self.check(seconds=seconds, size=len(data))
        assert self._transcriber is not None
        length = await asyncio.to_thread(audio_seconds, data)
        self.check(seconds=length, size=None)
        # Decoding stops keeping samples past the limit: a file whose headers do not say its
        # length (AMR, raw AAC) is measured by decoding it, in bounded memory.
        audio = await asyncio.to_thread(decode_audio, data, keep_seconds=self.config.max_seconds)
        self.check(seconds=audio.seconds, size=None)
        try:
            text = await self._transcriber.transcribe(audio)
        except TranscriberDown as exc:
            raise DomainError("voice.down") from exc
        text = " ".join(text.split())
        if not text:
            raise DomainError("voice.silent")
        return Heard(text, audio.seconds)

    async def close(self) -> None:
        if self._transcriber is not None:
            await self._transcriber.close()


@dataclass(frozen=True)
class SpokenCommand:
    """What a voice note asks for: "complaint" or "visit" with the rest of the words, or None
    (handle the words as typed text)."""

    kind: str | None
    text: str


# A slash command cannot be spoken: "投诉，…" / "complaint: …" at the start stands for it. The
# punctuation after the word is required, so "投诉多久要响应？" stays a question.
_SPOKEN = (
    ("complaint", re.compile(r"^(?:我要|登记|记录|新)?投诉[：:，,。]\s*(?P<rest>.+)$", re.S)),
    ("complaint", re.compile(r"^(?:new\s+|log\s+a\s+)?complaint[:,.]\s*(?P<rest>.+)$", re.I | re.S)),
    ("visit", re.compile(r"^(?:记录|登记)?(?:走访|拜访)记录[：:，,。]\s*(?P<rest>.+)$", re.S)),
    ("visit", re.compile(r"^(?:log\s+a\s+)?visit(?:\s+report)?[:,.]\s*(?P<rest>.+)$", re.I | re.S)),
)  # fmt: skip


def spoken_command(text: str) -> SpokenCommand:
    words = text.strip()
    if words.endswith(("?", "？")):
        return SpokenCommand(None, words)
    for kind, pattern in _SPOKEN:
        match = pattern.match(words)
        if match:
            return SpokenCommand(kind, match.group("rest").strip())
    return SpokenCommand(None, words)
