"""Offline OCR on the CPU (rapidocr over onnxruntime, with the models its wheel ships): the text
lines of a photo in reading order, and scanned PDF pages or page photos read as documents."""

from __future__ import annotations

import functools
import io
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("kam.knowledge.ocr")

# The models inside the rapidocr wheel; naming them keeps rapidocr from fetching its defaults.
_MODEL_FILES = {
    "Det": "PP-OCRv6_det_small.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}
MAX_SIDE = 2000  # larger photos are scaled down first: phones take 4000 px, OCR needs less
MAX_OCR_PAGES = 60  # a scanned PDF longer than this is refused rather than read for many minutes
# A page whose lines are read with less confidence than this is handwriting or a blur.
MIN_CONFIDENCE = 0.75


class OcrUnavailable(RuntimeError):
    """rapidocr or its bundled models are missing from this installation."""


class ImageTooLarge(ValueError):
    """An image with more pixels than a photo has (a decompression bomb: a small file that
    decodes to gigabytes), refused before it is decoded."""


@dataclass(frozen=True)
class OcrLine:
    """One line of text found on an image, with its confidence (0-1) and its box in pixels."""

    text: str
    score: float
    left: float
    top: float
    right: float
    bottom: float
    # The confidence of each character that is not a space, in order, when the engine gave them
    # (empty otherwise): one misread digit hides in a line's mean (0.95 for "023-58766688"
    # printed 021-…, whose "3" scored 0.84).
    chars: tuple[float, ...] = ()

    def char_scores(self, start: int, end: int) -> list[float]:
        """The scores of the characters of text[start:end] that are not spaces."""
        if not self.chars:
            return []
        before = sum(1 for ch in self.text[:start] if not ch.isspace())
        count = sum(1 for ch in self.text[start:end] if not ch.isspace())
        return list(self.chars[before : before + count])

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def size(self) -> float:
        """The font size, about: the short side of the box (columns of vertical text are tall)."""
        return min(self.width, self.height)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def model_paths() -> dict[str, Path]:
    """The bundled model files; OcrUnavailable names any that is missing."""
    try:
        import rapidocr
    except ImportError as exc:
        raise OcrUnavailable("rapidocr is not installed") from exc
    folder = Path(rapidocr.__file__).resolve().parent / "models"
    paths = {task: folder / name for task, name in _MODEL_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise OcrUnavailable(f"rapidocr models missing: {', '.join(missing)}")
    return paths


_ENGINE_LOCK = threading.Lock()
_INFERENCE_LOCK = threading.Lock()


@functools.cache
def _engine() -> Any:
    from rapidocr import RapidOCR

    params: dict[str, Any] = {
        f"{task}.model_path": str(path) for task, path in model_paths().items()
    }
    # Detection at the photo's own scale up to 1280 px (rapidocr's default scales the short side
    # up to 736, which doubles the work on a card photo and reads no better).
    params.update({"Global.log_level": "warning", "Global.max_side_len": MAX_SIDE,
                   "Det.limit_type": "max", "Det.limit_side_len": 1280})  # fmt: skip
    return RapidOCR(params=params)


def engine() -> Any:
    """The OCR engine, loaded once per process on first use (about 30 MB of models)."""
    with _ENGINE_LOCK:
        return _engine()


def load_image(data: bytes) -> np.ndarray:
    """Image bytes to an RGB array, turned upright by its EXIF orientation; ValueError if the
    bytes are no image, ImageTooLarge if they would decode to more pixels than PIL's bound."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        opened = Image.open(io.BytesIO(data))
        width, height = opened.size
        if Image.MAX_IMAGE_PIXELS and width * height > Image.MAX_IMAGE_PIXELS:
            raise ImageTooLarge(f"{width}x{height} pixels")
        image = ImageOps.exif_transpose(opened).convert("RGB")
    except ImageTooLarge:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # (the warning is raised where warnings are errors, as in the tests)
        raise ImageTooLarge(str(exc)) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValueError(f"not an image: {exc}") from exc
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    return np.asarray(image)


def read_lines(image: bytes | np.ndarray) -> list[OcrLine]:
    """The text lines of an image (bytes or an RGB array), in reading order."""
    pixels = load_image(image) if isinstance(image, bytes) else image
    reader = engine()
    with _INFERENCE_LOCK:  # one image at a time: onnxruntime already uses every core
        # rapidocr takes BGR, as OpenCV reads; the word boxes carry each character's score
        result = reader(pixels[:, :, ::-1].copy(), return_word_box=True)
    if result.txts is None or result.boxes is None:
        return []
    words = list(getattr(result, "word_results", None) or ())
    lines = []
    for n, (text, score, box) in enumerate(
        zip(result.txts, result.scores, result.boxes, strict=False)
    ):
        text = str(text).strip()
        if not text:
            continue
        xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
        chars = _char_scores(text, words[n] if n < len(words) else ())
        lines.append(OcrLine(text, float(score), min(xs), min(ys), max(xs), max(ys), chars))
    return reading_order(lines)


def _char_scores(text: str, words: Any) -> tuple[float, ...]:
    """Each non-space character's score from rapidocr's word results ((char or word, score,
    box) per piece; 1.0 for the letters of a word), or () when they do not add up to the text
    (then the line's score stands)."""
    scores: list[float] = []
    try:
        for piece, score, _box in words:
            chars = [ch for ch in str(piece) if not ch.isspace()]
            # A word's score is not one character's (English comes in words): the line's
            # score stands for it.
            scores.extend([float(score)] if len(chars) == 1 else [1.0] * len(chars))
    except (TypeError, ValueError):
        return ()
    return tuple(scores) if len(scores) == sum(1 for ch in text if not ch.isspace()) else ()


def reading_order(lines: Sequence[OcrLine]) -> list[OcrLine]:
    """Top to bottom; boxes whose middles share a row are read left to right."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda item: item.middle):
        row = rows[-1] if rows else None
        if row is not None and abs(line.middle - row[0].middle) < 0.5 * min(
            line.height, row[0].height
        ):
            row.append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda item: item.left)]


def row_texts(lines: Sequence[OcrLine]) -> list[str]:
    """One string per visual row: pieces on the same row joined by a space."""
    out: list[str] = []
    last: OcrLine | None = None
    for line in lines:
        same_row = last is not None and abs(line.middle - last.middle) < 0.5 * min(
            line.height, last.height
        )
        if same_row and out:
            out[-1] += " " + line.text
        else:
            out.append(line.text)
        last = line
    return out


def confident(lines: Sequence[OcrLine]) -> bool:
    """True when the text was read clearly (printed text); handwriting reads with low scores."""
    if not lines:
        return False
    weights = [max(1, len(line.text)) for line in lines]
    mean = sum(line.score * w for line, w in zip(lines, weights, strict=True)) / sum(weights)
    return mean >= MIN_CONFIDENCE


def read_page(data: bytes) -> list[str]:
    """The rows of text of a photographed or scanned page."""
    return row_texts(read_lines(data))


def pdf_page_images(page: Any) -> list[np.ndarray]:
    """The pictures on one pypdf page as RGB arrays (a scanned page is one picture)."""
    out = []
    try:
        images = list(page.images)
    except Exception as exc:  # pypdf raises many kinds on odd image filters
        log.warning("cannot read the images of a PDF page: %r", exc)
        return []
    for item in images:
        try:
            image = item.image
            if image is None:
                continue
            image = image.convert("RGB")
        except Exception as exc:
            log.warning("cannot decode an image of a PDF page: %r", exc)
            continue
        if max(image.size) > MAX_SIDE:
            image.thumbnail((MAX_SIDE, MAX_SIDE))
        if min(image.size) >= 32:
            out.append(np.asarray(image))
    return out


def read_pdf_pages(
    pages: Sequence[Any], read: Callable[[int, int], None] | None = None
) -> list[list[str]]:
    """The rows of text of each page of a scanned PDF, read by OCR from the page's pictures;
    read(done, total) is told before the first page and after each."""
    texts: list[list[str]] = []
    if read is not None:
        read(0, len(pages))
    for page in pages:
        rows: list[str] = []
        for pixels in pdf_page_images(page):
            rows.extend(row_texts(read_lines(pixels)))
        texts.append(rows)
        if read is not None:
            read(len(texts), len(pages))
    return texts
