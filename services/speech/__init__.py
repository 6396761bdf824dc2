"""Voice notes to text: decoding in-process, limits, and the transcription backends."""

from services.speech.audio import Audio, decode_audio
from services.speech.service import (
    Heard,
    SpeechConfig,
    SpeechService,
    SpokenCommand,
    spoken_command,
)

__all__ = [
    "Audio",
    "Heard",
    "SpeechConfig",
    "SpeechService",
    "SpokenCommand",
    "decode_audio",
    "spoken_command",
]
