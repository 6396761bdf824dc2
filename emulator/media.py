"""Image sizes read from file headers (so sendPhoto can refuse what Telegram would), and the sizes
Telegram makes of a photo a user sends."""

from __future__ import annotations

import io
import struct


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, JPEG, GIF or WebP image; None if the bytes are not one."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        # Start-of-frame markers carry the size; C4, C8 and CC are other tables.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


# Telegram keeps a photo in sizes up to these long sides ("s", "m", "x", "y", "w").
PHOTO_SIDES = (90, 320, 800, 1280, 2560)


def photo_sizes(data: bytes) -> list[tuple[int, int, bytes]]:
    """The (width, height, JPEG) versions Telegram makes of a photo, smallest first.

    Every side at or above the photo's own long side ends the list, so a small photo comes in
    fewer sizes; what is not an image raises ValueError, as Telegram refuses it.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        opened = Image.open(io.BytesIO(data))
        opened.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise ValueError("not an image Telegram would take as a photo") from exc
    image = opened.convert("RGB")
    longest = max(image.size)
    out: list[tuple[int, int, bytes]] = []
    for side in PHOTO_SIDES:
        scale = min(1.0, side / longest)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        resized = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        resized.save(buffer, "JPEG", quality=87)
        out.append((size[0], size[1], buffer.getvalue()))
        if side >= longest:
            break
    return out
