"""Voice notes: decoded in-process from real OGG/Opus, checked against the limits, and sent to
an OpenAI-compatible transcription server (a fake one, written here, that decodes what it gets)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from config.settings import ConfigError, load_settings
from services.errors import DomainError
from services.speech import SpeechConfig, SpeechService, decode_audio, spoken_command
from services.speech.backends import SherpaTranscriber, model_layout
from tests.media.builders import (
    RECORDINGS,
    recording,
    video_note,
    voice_note,
    voiced,
    wechat_voice,
)
from tests.media.stt_server import FakeTranscriber


@pytest.fixture
async def stt() -> AsyncIterator[FakeTranscriber]:
    server = FakeTranscriber()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def test_a_telegram_voice_note_decodes_to_16_khz_mono_of_its_length() -> None:
    audio = decode_audio(voice_note(2.5))
    assert audio.rate == 16_000
    assert audio.seconds == pytest.approx(2.5, abs=0.05)
    assert 0.05 < float(abs(audio.samples).max()) <= 1.0


def _envelope(samples: np.ndarray, rate: int) -> np.ndarray:
    """Loudness per 20 ms: the syllables of a recording, whatever its codec did to the wave."""
    step = rate // 50
    usable = len(samples) // step * step
    return np.sqrt((samples[:usable].reshape(-1, step) ** 2).mean(axis=1))


@pytest.mark.parametrize("kind", sorted(RECORDINGS))
def test_a_phone_recording_of_each_format_decodes_to_the_same_sound(kind: str) -> None:
    # An iPhone's .m4a was refused as unreadable: libsndfile reads no AAC (nor AMR).
    audio = decode_audio(recording(kind, 2.0))
    assert audio.rate == 16_000
    assert audio.seconds == pytest.approx(2.0, abs=0.06)
    heard = _envelope(audio.samples, 16_000)
    said = _envelope(voiced(2.0, 16_000), 16_000)
    count = min(len(heard), len(said)) - 5
    # The same three syllables a second, not noise, silence or a wrong speed; an encoder's
    # start-up delay (AAC: about 2048 samples) shifts them by up to a few windows.
    best = max(np.corrcoef(heard[lag : lag + count], said[:count])[0, 1] for lag in range(5))
    assert best > 0.95


@pytest.mark.parametrize("make", [wechat_voice, video_note], ids=["wechat_silk", "video_note"])
def test_a_wechat_voice_file_and_a_video_note_decode_to_the_same_sound(make: Any) -> None:
    # A WeChat .silk file was refused as unreadable (FFmpeg has no SILK decoder); a round video
    # note had no handler at all.
    audio = decode_audio(make(2.0))
    assert audio.rate == 16_000
    assert audio.seconds == pytest.approx(2.0, abs=0.06)
    heard = _envelope(audio.samples, 16_000)
    said = _envelope(voiced(2.0, 16_000), 16_000)
    count = min(len(heard), len(said)) - 5
    best = max(np.corrcoef(heard[lag : lag + count], said[:count])[0, 1] for lag in range(5))
    assert best > 0.95


def test_a_video_without_sound_and_a_damaged_wechat_file_are_told_apart() -> None:
    with pytest.raises(DomainError) as silent:
        decode_audio(video_note(2.0, sound=False))
    assert silent.value.code == "voice.no_sound"
    with pytest.raises(DomainError) as damaged:
        decode_audio(b"\x02#!SILK_V3" + bytes(range(256)) * 8)
    assert damaged.value.code == "voice.unreadable"


def test_a_recording_longer_than_the_limit_is_measured_whole_but_kept_only_to_the_limit() -> None:
    audio = decode_audio(recording("amr", 6.0), keep_seconds=2)
    assert audio.seconds == pytest.approx(6.0, abs=0.06)  # what the user is told it lasts
    assert len(audio.samples) <= 3 * 16_000  # what memory holds: the limit and a second


async def test_the_words_come_back_from_the_endpoint_which_got_the_whole_recording(
    stt: FakeTranscriber,
) -> None:
    speech = SpeechService(SpeechConfig(base_url=stt.base_url, model="sensevoice", api_key="k1"))
    heard = await speech.transcribe(voice_note(3.0), seconds=3)
    assert heard.text == stt.text
    [got] = stt.received
    assert (got.model, got.rate, got.authorization) == ("sensevoice", 16_000, "Bearer k1")
    assert got.seconds == pytest.approx(3.0, abs=0.05)
    await speech.close()


async def test_a_backend_that_fails_or_is_gone_is_reported_as_down(stt: FakeTranscriber) -> None:
    stt.status = 503
    speech = SpeechService(SpeechConfig(base_url=stt.base_url))
    with pytest.raises(DomainError) as failed:
        await speech.transcribe(voice_note(1.0))
    assert failed.value.code == "voice.down"
    await speech.close()
    gone = SpeechService(SpeechConfig(base_url="http://127.0.0.1:9/v1", timeout=2))
    with pytest.raises(DomainError) as unreachable:
        await gone.transcribe(voice_note(1.0))
    assert unreachable.value.code == "voice.down"
    await gone.close()


async def test_silence_heard_as_nothing_is_said_plainly(stt: FakeTranscriber) -> None:
    stt.text = "  "
    speech = SpeechService(SpeechConfig(base_url=stt.base_url))
    with pytest.raises(DomainError) as failed:
        await speech.transcribe(voice_note(1.0))
    assert failed.value.code == "voice.silent"
    await speech.close()


async def test_limits_are_checked_before_anything_reaches_the_backend(
    stt: FakeTranscriber,
) -> None:
    speech = SpeechService(SpeechConfig(base_url=stt.base_url, max_seconds=2, max_bytes=50_000))
    with pytest.raises(DomainError) as declared:
        speech.check(seconds=301, size=1000)
    assert (declared.value.code, declared.value.params["seconds"]) == ("voice.too_long", 301)
    with pytest.raises(DomainError) as measured:  # Telegram said nothing; the file says 3 s
        await speech.transcribe(voice_note(3.0))
    assert measured.value.code == "voice.too_long"
    with pytest.raises(DomainError) as large:
        await speech.transcribe(b"\0" * 60_000)
    assert large.value.code == "voice.too_large"
    with pytest.raises(DomainError) as broken:
        await speech.transcribe(b"OggS not really a recording")
    assert broken.value.code == "voice.unreadable"
    with pytest.raises(DomainError) as m4a:  # an iPhone recording over the limit, as a file
        await speech.transcribe(recording("m4a", 3.0))
    assert (m4a.value.code, m4a.value.params["seconds"]) == ("voice.too_long", 3)
    with pytest.raises(DomainError) as silk:  # a WeChat voice file over the limit
        await speech.transcribe(wechat_voice(3.0))
    assert (silk.value.code, silk.value.params["seconds"]) == ("voice.too_long", 3)
    assert stt.received == []
    await speech.close()


async def test_without_a_backend_voice_is_off() -> None:
    speech = SpeechService(SpeechConfig())
    assert not speech.available
    with pytest.raises(DomainError) as off:
        await speech.transcribe(voice_note(1.0))
    assert off.value.code == "voice.off"


@pytest.mark.parametrize(
    ("words", "kind", "rest"),
    [
        ("投诉，华能电厂反映上周停电三次。", "complaint", "华能电厂反映上周停电三次。"),
        ("我要投诉：苏州移动的专线又断了", "complaint", "苏州移动的专线又断了"),
        ("Complaint: Suzhou Mobile's leased line is down again", "complaint",
         "Suzhou Mobile's leased line is down again"),
        ("走访记录，今天拜访了华能电厂", "visit", "今天拜访了华能电厂"),
        ("投诉多久要响应？", None, "投诉多久要响应？"),
        ("投诉，一般几天内要回访？", None, "投诉，一般几天内要回访？"),
        ("今天上午拜访了华能电厂", None, "今天上午拜访了华能电厂"),
    ],
)  # fmt: skip
def test_a_spoken_command_word_stands_for_the_slash_command(
    words: str, kind: str | None, rest: str
) -> None:
    command = spoken_command(words)
    assert (command.kind, command.text) == (kind, rest)


def _model_dir(root: Path, name: str, model: str = "model.int8.onnx") -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "tokens.txt").write_text("<blk> 0\n")
    (folder / model).write_bytes(b"not a real model")
    return folder


def test_a_local_model_directory_is_recognised_by_its_layout(tmp_path: Path) -> None:
    sense = _model_dir(tmp_path, "sherpa-onnx-sense-voice-zh-en-ja-ko-yue-2024-07-17")
    assert model_layout(sense)[0] == "sense_voice"
    para = _model_dir(tmp_path, "sherpa-onnx-paraformer-zh-2023-09-14", "model.onnx")
    assert model_layout(para)[:2] == ("paraformer", para / "model.onnx")
    plain = _model_dir(tmp_path, "asr")
    assert model_layout(plain, "paraformer")[0] == "paraformer"
    with pytest.raises(ValueError, match="KAM_STT_MODEL"):
        model_layout(plain)


async def test_a_broken_local_model_reports_the_backend_down_not_a_crash(tmp_path: Path) -> None:
    folder = _model_dir(tmp_path, "sense-voice-small")
    speech = SpeechService(SpeechConfig(model_dir=folder), SherpaTranscriber(folder))
    with pytest.raises(DomainError) as failed:
        await speech.transcribe(voice_note(1.0))
    assert failed.value.code == "voice.down"


def test_settings_refuse_a_model_directory_that_is_not_there_or_two_backends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"KAM_STT_MODEL_DIR: no tokens\.txt"):
        load_settings(stt_model_dir=tmp_path / "missing")
    folder = _model_dir(tmp_path, "sense-voice")
    assert load_settings(stt_model_dir=folder).stt_model_dir == folder
    with pytest.raises(ConfigError, match="not both"):
        load_settings(stt_model_dir=folder, stt_base_url="http://asr:8000/v1")
    with pytest.raises(ConfigError, match="KAM_STT_BASE_URL"):
        load_settings(stt_base_url="asr:8000")
