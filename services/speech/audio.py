"""Phone recordings to 16 kHz mono samples, in-process with FFmpeg's decoders (PyAV): Telegram's
OGG/Opus voice notes and round video notes (MP4: their sound), iPhone M4A (AAC), MP3, AMR from
Android recorders, WAV, FLAC, 3GP; and WeChat's voice files (SILK, which FFmpeg cannot read) with
the SILK decoder (silk-python)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from services.errors import InvalidInput

RATE = 16_000


@dataclass(frozen=True)
class Audio:
    """Mono float32 samples in [-1, 1] at `rate` Hz; `seconds` is the whole recording's length
    even when only its first part was kept (see decode_audio's keep_seconds)."""

    samples: np.ndarray
    rate: int = RATE
    total_seconds: float | None = None

    @property
    def seconds(self) -> float:
        if self.total_seconds is not None:
            return self.total_seconds
        return len(self.samples) / self.rate

    def wav(self) -> bytes:
        """16-bit PCM WAV, the format every transcription server takes."""
        import soundfile

        buffer = io.BytesIO()
        soundfile.write(buffer, self.samples, self.rate, format="WAV", subtype="PCM_16")
        return buffer.getvalue()


# A SILK stream's header: WeChat's files have a 0x02 byte before it.
_SILK_HEADERS = (b"#!SILK_V3", b"\x02#!SILK_V3")


def is_silk(data: bytes) -> bool:
    return data.startswith(_SILK_HEADERS)


def audio_seconds(data: bytes) -> float | None:
    """The length of the recording from its headers, None when they do not say (an AMR or a
    raw AAC stream, or a SILK file, is only measured by decoding it); no audio in it is
    `voice.unreadable`."""
    import av

    if is_silk(data):
        return _silk_seconds(data)

    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            stream = _sound(container)
            if stream.duration is not None and stream.time_base is not None:
                return float(stream.duration * stream.time_base)
            if container.duration is not None:
                return container.duration / av.time_base
    except (av.FFmpegError, ValueError, OSError, IndexError) as exc:
        raise InvalidInput("voice.unreadable") from exc
    return None


def decode_audio(data: bytes, *, keep_seconds: float | None = None) -> Audio:
    """Decode the first audio stream and resample it to 16 kHz mono. Past `keep_seconds` the
    samples are counted, not kept, so a recording whose headers hide its length costs no more
    memory than the limit (its `seconds` still tell the whole length). Bytes FFmpeg cannot read
    as audio are `voice.unreadable`."""
    import av

    keep = None if keep_seconds is None else int(keep_seconds * RATE) + RATE
    if is_silk(data):
        return _decode_silk(data, keep)
    chunks: list[np.ndarray] = []
    kept = total = 0
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            stream = _sound(container)
            resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
            for frame in _then_flush(container.decode(stream)):
                for out in resampler.resample(frame):
                    samples = out.to_ndarray().reshape(-1)
                    total += len(samples)
                    if keep is None or kept < keep:
                        chunks.append(samples)
                        kept += len(samples)
    except InvalidInput:
        raise
    except (av.FFmpegError, ValueError, OSError, IndexError) as exc:
        raise InvalidInput("voice.unreadable") from exc
    if total == 0:
        raise InvalidInput("voice.unreadable")
    samples = np.concatenate(chunks)[:keep].astype(np.float32, copy=False)
    return Audio(np.clip(samples, -1.0, 1.0), RATE, total / RATE)


def _sound(container: Any) -> Any:
    """The first audio stream; none in a video (a video note recorded with the sound off) is
    `voice.no_sound`, none in anything else `voice.unreadable`."""
    if container.streams.audio:
        return container.streams.audio[0]
    if container.streams.video:
        raise InvalidInput("voice.no_sound")
    raise InvalidInput("voice.unreadable")


def _silk_seconds(data: bytes) -> float:
    """A SILK file's length without decoding it: after the header, each 20 ms frame is its byte
    count (2 bytes, little-endian) and those bytes; a length that runs past the end is damage."""
    at = data.index(b"#!SILK_V3") + len(b"#!SILK_V3")
    frames = 0
    while at + 2 <= len(data):
        size = int.from_bytes(data[at : at + 2], "little")
        if size == 0xFFFF:  # the end mark some encoders write
            break
        at += 2 + size
        if at > len(data):
            raise InvalidInput("voice.unreadable")
        frames += 1
    return frames * 0.02


def _decode_silk(data: bytes, keep: int | None) -> Audio:
    """A SILK file (WeChat's voice messages, at most a minute) decoded straight to 16 kHz 16-bit
    PCM; a damaged one is `voice.unreadable`."""
    import pysilk

    pcm = io.BytesIO()
    try:
        pysilk.decode(io.BytesIO(data), pcm, RATE)
    except (pysilk.SilkError, ValueError, OSError) as exc:
        raise InvalidInput("voice.unreadable") from exc
    samples = np.frombuffer(pcm.getvalue(), dtype="<i2")
    if len(samples) == 0:
        raise InvalidInput("voice.unreadable")
    total = len(samples)
    kept = samples[:keep].astype(np.float32) / 32768.0
    return Audio(kept, RATE, total / RATE)


def _then_flush(frames: Iterable[Any]) -> Iterator[Any]:
    """The decoded frames one by one, then None: the resampler's cue to give what it holds."""
    yield from frames
    yield None
