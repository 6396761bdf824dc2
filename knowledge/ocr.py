"""Offline OCR on the CPU (rapidocr over onnxruntime, with the models its wheel ships): the text
lines of a photo in reading order, and scanned PDF pages or page photos read as documents."""

from __future__ import annotations

import functools
import io
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
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
# A photo lies turned when this share of its text (by length) lies one other way; it is read
# again upright when less than UPRIGHT_KEEPS of its characters were read clearly.
TURN_VOTE = 0.6
UPRIGHT_KEEPS = 0.9


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
    reader = RapidOCR(params=params)
    _watch_line_turns(reader)
    return reader


# How each text line of the last image read lay: (degrees the line is turned, weight), told by
# rapidocr's own steps (a tall box is turned a quarter before it is read, the direction
# classifier then flips a line upside down). Written and read under _INFERENCE_LOCK.
_TURNS: list[tuple[int, float]] = []


def _watch_line_turns(reader: Any) -> None:
    """Keep each line's turn as rapidocr finds it, which its output leaves out. rapidocr reads
    a sideways or upside-down line right, but the page's reading order (and so a card's address
    and a page's paragraphs) comes from the boxes: that needs the whole page turned upright."""
    crop = getattr(reader, "crop_text_regions", None)
    classify = getattr(reader, "cls_and_rotate", None)
    if crop is None or classify is None:  # another rapidocr: the photo is read as it comes
        return
    tall: list[bool] = []

    def crop_text_regions(img: np.ndarray, boxes: Any) -> Any:
        tall[:] = [_is_tall(box) for box in boxes]
        return crop(img, boxes)

    def cls_and_rotate(crops: list[np.ndarray]) -> Any:
        turned, result = classify(crops)
        labels = getattr(result, "cls_res", None) or []
        _TURNS.clear()
        if len(labels) == len(crops) == len(tall):
            for crop_img, (label, score), upright in zip(crops, labels, tall, strict=True):
                turn = (90 if upright else 0) + (180 if "180" in str(label) else 0)
                _TURNS.append((turn, float(score) * max(crop_img.shape[:2])))
        return turned, result

    reader.crop_text_regions = crop_text_regions
    reader.cls_and_rotate = cls_and_rotate


def _is_tall(box: Any) -> bool:
    """rapidocr's own test of a box it turns a quarter before reading."""
    points = np.asarray(box, dtype=np.float64)
    width = max(np.linalg.norm(points[0] - points[1]), np.linalg.norm(points[2] - points[3]))
    height = max(np.linalg.norm(points[0] - points[3]), np.linalg.norm(points[1] - points[2]))
    return bool(width > 0 and height / width >= 1.5)


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
    """The text lines of an image (bytes or an RGB array), in reading order; a photo taken
    sideways or upside down is turned upright first (EXIF says so, or its lines do)."""
    pixels = load_image(image) if isinstance(image, bytes) else image
    lines, turn = _read(pixels)
    if not turn:
        return lines
    height, width = pixels.shape[:2]
    # rapidocr reads each sideways or upside-down line right; only the page's order is wrong,
    # so the boxes are turned, at no cost (a card printed in vertical columns, 竖排, comes out
    # as rows, the right-hand column first, as it is read).
    upright = reading_order([turned(line, turn, width, height) for line in lines])
    if _legible(upright) >= UPRIGHT_KEEPS * sum(len(line.text) for line in upright):
        return upright
    # Some lines read poorly (a line of a blurred photo judged the wrong way up): the whole
    # photo is read again upright, and that reading kept unless it is clearly worse.
    again, _ = _read(np.ascontiguousarray(np.rot90(pixels, k=turn // 90)))
    log.debug("read again turned %d degrees: %.0f clear characters, %.0f before", turn,
              _legible(again), _legible(upright))  # fmt: skip
    return again if _legible(again) >= UPRIGHT_KEEPS * _legible(upright) else upright


def turned(line: OcrLine, turn: int, width: int, height: int) -> OcrLine:
    """The line's box once its image of width x height is turned `turn` degrees
    counter-clockwise (as np.rot90 and PIL's rotate turn)."""
    left, top, right, bottom = line.left, line.top, line.right, line.bottom
    if turn == 90:
        box = (top, width - right, bottom, width - left)
    elif turn == 180:
        box = (width - right, height - bottom, width - left, height - top)
    elif turn == 270:
        box = (height - bottom, left, height - top, right)
    else:
        return line
    return replace(line, left=box[0], top=box[1], right=box[2], bottom=box[3])


def page_turn(turns: Sequence[tuple[int, float]]) -> int:
    """The degrees (counter-clockwise) that turn the page upright, by its lines' weighted vote
    (0 unless most of the text lies the same other way)."""
    votes: dict[int, float] = {}
    for turn, weight in turns:
        votes[turn] = votes.get(turn, 0.0) + weight
    total = sum(votes.values())
    if not total:
        return 0
    turn, weight = max(votes.items(), key=lambda item: item[1])
    return turn if turn and weight >= TURN_VOTE * total else 0


def _legible(lines: Sequence[OcrLine]) -> float:
    """How much text was read clearly: characters weighted by their line's confidence."""
    return sum(line.score * len(line.text) for line in lines if line.score >= MIN_CONFIDENCE)


def _read(pixels: np.ndarray) -> tuple[list[OcrLine], int]:
    """The lines as rapidocr reads them, and the turn that would make the page upright."""
    reader = engine()
    with _INFERENCE_LOCK:  # one image at a time: onnxruntime already uses every core
        _TURNS.clear()
        # rapidocr takes BGR, as OpenCV reads; the word boxes carry each character's score
        result = reader(pixels[:, :, ::-1].copy(), return_word_box=True)
        turn = page_turn(_TURNS)
    if result.txts is None or result.boxes is None:
        return [], 0
    words = list(getattr(result, "word_results", None) or ())
    lines: list[OcrLine] = []
    for n, (text, score, box) in enumerate(
        zip(result.txts, result.scores, result.boxes, strict=False)
    ):
        text = str(text).strip()
        if not text:
            continue
        xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
        chars = _char_scores(text, words[n] if n < len(words) else ())
        lines.append(OcrLine(text, float(score), min(xs), min(ys), max(xs), max(ys), chars))
    return reading_order(lines), turn


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
