"""Transcription backends: an OpenAI-compatible HTTP endpoint, or sherpa-onnx over local models."""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path
from typing import Any, Protocol

import httpx

from services.speech.audio import Audio

log = logging.getLogger("kam.speech")


class TranscriberDown(Exception):
    """The backend could not be reached or gave no usable answer."""


class Transcriber(Protocol):
    async def transcribe(self, audio: Audio) -> str: ...

    async def close(self) -> None: ...


class HttpTranscriber:
    """POST {base_url}/audio/transcriptions (multipart WAV), as OpenAI, FunASR and Whisper
    servers take it; the reply's "text" is what was heard."""

    def __init__(self, base_url: str, model: str, api_key: str | None, timeout: float) -> None:
        url = base_url.rstrip("/")
        self.url = url if url.endswith("/audio/transcriptions") else url + "/audio/transcriptions"
        self._model = model
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.AsyncClient(timeout=timeout, headers=headers)

    async def transcribe(self, audio: Audio) -> str:
        files = {"file": ("voice.wav", audio.wav(), "audio/wav")}
        data = {"model": self._model, "response_format": "json"}
        try:
            response = await self._client.post(self.url, files=files, data=data)
            response.raise_for_status()
            text = response.json()["text"]
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            log.warning("transcription at %s failed: %r", self.url, exc)
            raise TranscriberDown(str(exc)) from exc
        if not isinstance(text, str):
            raise TranscriberDown("the reply's text is not a string")
        return text

    async def close(self) -> None:
        await self._client.aclose()


MODEL_FILES = ("model.int8.onnx", "model.onnx")


def model_layout(model_dir: Path, kind: str | None = None) -> tuple[str, Path, Path]:
    """(layout, model file, tokens file) of a sherpa-onnx model directory; ValueError says what
    is missing. The layout is named by `kind` (KAM_STT_MODEL) or by the directory."""
    if not model_dir.is_dir():
        raise ValueError(f"no such directory {model_dir}")
    tokens = model_dir / "tokens.txt"
    if not tokens.is_file():
        raise ValueError(f"{model_dir} has no tokens.txt")
    model = next((model_dir / n for n in MODEL_FILES if (model_dir / n).is_file()), None)
    if model is None:
        raise ValueError(f"{model_dir} has neither {' nor '.join(MODEL_FILES)}")
    hint = f"{kind or ''} {model_dir.name}".lower().replace("-", "_")
    layout = ("sense_voice" if "sense_voice" in hint or "sensevoice" in hint
              else "paraformer" if "paraformer" in hint else None)  # fmt: skip
    if layout is None:
        raise ValueError(
            f"cannot tell the model type of {model_dir}: set KAM_STT_MODEL to sense_voice or "
            "paraformer"
        )
    return layout, model, tokens


class SherpaTranscriber:
    """A sherpa-onnx offline recogniser (SenseVoice or Paraformer), loaded on first use and run
    in a worker thread so other users are not stalled."""

    def __init__(self, model_dir: Path, kind: str | None = None, threads: int = 2) -> None:
        self.layout, self._model, self._tokens = model_layout(model_dir, kind)
        self._threads = threads
        self._recognizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._recognizer is None:
                import sherpa_onnx

                if self.layout == "sense_voice":
                    self._recognizer = sherpa_onnx.OfflineRecognizer.from_sense_voice(
                        model=str(self._model), tokens=str(self._tokens),
                        num_threads=self._threads, use_itn=True,
                    )  # fmt: skip
                else:
                    self._recognizer = sherpa_onnx.OfflineRecognizer.from_paraformer(
                        paraformer=str(self._model), tokens=str(self._tokens),
                        num_threads=self._threads,
                    )  # fmt: skip
            return self._recognizer

    def _run(self, audio: Audio) -> str:
        try:
            recognizer = self._load()
            stream = recognizer.create_stream()
            stream.accept_waveform(audio.rate, audio.samples)
            recognizer.decode_stream(stream)
            return str(stream.result.text)
        except Exception as exc:  # a broken model file is the operator's to fix; tell the user
            log.exception("sherpa-onnx transcription failed")
            raise TranscriberDown(str(exc)) from exc

    async def transcribe(self, audio: Audio) -> str:
        return await asyncio.to_thread(self._run, audio)

    async def close(self) -> None:
        return None
