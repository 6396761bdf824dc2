"""Audio bytes (OGG/Opus voice notes, WAV, FLAC, MP3) to 16 kHz mono samples, with libsndfile."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np

from services.errors import InvalidInput

RATE = 16_000


@dataclass(frozen=True)
class Audio:
    """Mono float32 samples in [-1, 1] at `rate` Hz."""

    samples: np.ndarray
    rate: int = RATE

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    def wav(self) -> bytes:
        """16-bit PCM WAV, the format every transcription server takes."""
        import soundfile

        buffer = io.BytesIO()
        soundfile.write(buffer, self.samples, self.rate, format="WAV", subtype="PCM_16")
        return buffer.getvalue()


def audio_seconds(data: bytes) -> float:
    """The length of the recording from its headers (libsndfile reads Opus page granules)."""
    import soundfile

    try:
        info = soundfile.info(io.BytesIO(data))
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        raise InvalidInput("voice.unreadable") from exc
    return float(info.frames) / info.samplerate if info.samplerate else 0.0


def decode_audio(data: bytes) -> Audio:
    """Decode and resample to 16 kHz mono; anything libsndfile cannot read is `voice.unreadable`."""
    import soundfile

    try:
        samples, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        raise InvalidInput("voice.unreadable") from exc
    if samples.size == 0 or rate <= 0:
        raise InvalidInput("voice.unreadable")
    mono = samples.mean(axis=1)
    return Audio(_resample(mono, int(rate), RATE), RATE)


def _resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Linear interpolation: enough for speech recognisers, which low-pass at 8 kHz anyway."""
    if rate == target:
        return samples.astype(np.float32, copy=False)
    count = max(1, round(len(samples) * target / rate))
    positions = np.arange(count, dtype=np.float64) * (rate / target)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
