"""Photos, voice notes and audio files sent by users arrive the way Telegram delivers them."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image

from emulator import FakeTelegram
from tests.emulator.conftest import TOKEN, USER, Api, png
from tests.media.builders import voice_note


async def download(fake: FakeTelegram, api: Api, file_id: str) -> bytes:
    info = (await api("getFile", file_id=file_id))["result"]
    async with httpx.AsyncClient() as client:
        return (await client.get(f"{fake.file_url}{TOKEN}/{info['file_path']}")).content


async def test_a_photo_comes_in_telegrams_sizes_smallest_first_as_jpeg(
    fake: FakeTelegram, api: Api
) -> None:
    fake.send_photo(USER, png(3000, 1500), caption="名片")
    message = (await api("getUpdates"))["result"][0]["message"]
    sizes = message["photo"]
    assert [(s["width"], s["height"]) for s in sizes] == [
        (90, 45), (320, 160), (800, 400), (1280, 640), (2560, 1280)
    ]  # fmt: skip
    assert message["caption"] == "名片" and "document" not in message
    largest = await download(fake, api, sizes[-1]["file_id"])
    assert largest[:2] == b"\xff\xd8" and len(largest) == sizes[-1]["file_size"]
    assert Image.open(io.BytesIO(largest)).size == (2560, 1280)
    assert len({s["file_id"] for s in sizes}) == len(sizes)


def test_a_small_photo_is_not_enlarged_and_a_non_image_is_refused(fake: FakeTelegram) -> None:
    fake.send_photo(USER, png(200, 100))
    sizes = fake.updates[-1]["message"]["photo"]
    assert [(s["width"], s["height"]) for s in sizes] == [(90, 45), (200, 100)]
    with pytest.raises(ValueError):
        fake.send_photo(USER, b"not an image")


async def test_a_voice_note_and_an_audio_file_carry_duration_and_download(
    fake: FakeTelegram, api: Api
) -> None:
    note = voice_note(1.0)
    fake.send_voice(USER, note, duration=1)
    fake.send_audio(USER, "会议录音.mp3", b"ID3 audio bytes", duration=95)
    first, second = [u["message"] for u in (await api("getUpdates"))["result"]]
    voice, audio = first["voice"], second["audio"]
    assert (voice["duration"], voice["mime_type"], voice["file_size"]) == (
        1,
        "audio/ogg",
        len(note),
    )
    assert voice["file_id"].startswith("AwAC") and audio["file_id"].startswith("CQAC")
    assert (audio["file_name"], audio["duration"], audio["mime_type"]) == (
        "会议录音.mp3",
        95,
        "audio/mpeg",
    )
    assert await download(fake, api, voice["file_id"]) == note
    info = (await api("getFile", file_id=voice["file_id"]))["result"]
    assert info["file_path"].startswith("voice/") and info["file_path"].endswith(".oga")
