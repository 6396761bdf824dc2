"""Offline OCR on the CPU (rapidocr over onnxruntime, with the models its wheel ships): the text
lines of a photo in reading order, and scanned PDF pages or page photos read as documents."""

from __future__ import annotations

import functools
import io
import itertools
import logging
import re
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
# A line with a character or an overall score under this is read a second time (`OcrLine.again`).
DOUBTED = 0.9
AGAIN_SCALE = 2.0  # the line's pixels are enlarged this much for the second reading


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
    # A line read with doubt (a character or the line under DOUBTED) is read once more, alone,
    # from its own pixels enlarged (a different input to the same model): that reading, its
    # score and its characters' scores; None when not read again or its scores did not align.
    again: str | None = None
    again_score: float = 0.0
    again_chars: tuple[float, ...] = ()
    # The height of the letters: the short side of the box as the OCR drew it around the line
    # (0 when not known). The upright box around a line photographed tilted is taller by the
    # tilt (a 700-pixel line tilted 2 degrees: 24 more pixels), which made body text look as
    # large as a title.
    letters: float = 0.0

    def second_reading(self) -> OcrLine | None:
        """The line as read the second time (same box), or None when it was not."""
        if self.again is None or not self.again_chars:
            return None
        return replace(self, text=self.again, score=self.again_score, chars=self.again_chars,
                       again=None, again_chars=())  # fmt: skip

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

    @property
    def letter_height(self) -> float:
        """The height of the letters, or the box's short side when the OCR gave no box."""
        return self.letters or self.size


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
    # Its warnings go to the console on rapidocr's own handler: "text detection result is
    # empty" for every blank photo landed in the middle of a `kam chat` conversation; a photo
    # with no text is told to the user, and errors still show.
    params.update({"Global.log_level": "error", "Global.max_side_len": MAX_SIDE,
                   "Det.limit_type": "max", "Det.limit_side_len": 1280})  # fmt: skip
    reader = RapidOCR(params=params)
    _watch_line_turns(reader)
    _keep_char_scores(reader)
    return reader


# Each line's text and the score of each of its characters that is not a space, as the
# recognizer gave them, for the last image read (under _INFERENCE_LOCK).
_CHARS: list[tuple[str, tuple[float, ...]]] = []


def _keep_char_scores(reader: Any) -> None:
    """Keep each character's own score, which rapidocr's word boxes lose: a line of Latin
    letters and digits comes out as words, each paired with the score of one character
    (the word's first letters' scores went to the following words), and a space's score is
    paired with the character after it. So a misread letter of an English title ("Sales
    Directr") or a digit of an English card's number had no score of its own, and a digit after
    a space in "手机：139 8603 9541" was judged by its neighbour's."""
    calc = getattr(reader, "calc_word_boxes", None)
    if calc is None:
        return

    def calc_word_boxes(imgs: Any, boxes: Any, rec_res: Any) -> Any:
        infos = list(getattr(rec_res, "word_results", None) or ())
        texts = list(getattr(rec_res, "txts", None) or ())
        _CHARS.clear()
        if len(infos) == len(texts):
            _CHARS.extend(
                (str(text), _rec_char_scores(str(text), [info]))
                for text, info in zip(texts, infos, strict=True)
            )
        return calc(imgs, boxes, rec_res)

    reader.calc_word_boxes = calc_word_boxes


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

    seen: list[Any] = []

    def crop_text_regions(img: np.ndarray, boxes: Any) -> Any:
        tall[:] = [_is_tall(box) for box in boxes]
        seen[:] = list(boxes)
        return crop(img, boxes)

    def cls_and_rotate(crops: list[np.ndarray]) -> Any:
        originals = list(crops)
        turned, result = classify(crops)
        labels = getattr(result, "cls_res", None) or []
        _TURNS.clear()
        if len(labels) == len(originals) == len(tall):
            flipped = _lone_flips(originals, labels, tall)
            for n, (crop_img, (label, score), upright) in enumerate(
                zip(originals, labels, tall, strict=True)
            ):
                if n in flipped:
                    turned[n] = crop_img  # read as it stands, like the lines around it
                    label = "0"
                    if n < len(seen):
                        _RESTORED.append(np.asarray(seen[n], dtype=np.float64))
                turn = (90 if upright else 0) + (180 if "180" in str(label) else 0)
                _TURNS.append((turn, float(score) * max(crop_img.shape[:2])))
        return turned, result

    reader.crop_text_regions = crop_text_regions
    reader.cls_and_rotate = cls_and_rotate


# A line the direction classifier turns upside down alone, on a photo whose other lines it
# finds upright, is read as it stands: the classifier misjudges a line of a slightly tilted
# page now and then ("结合本单位实际，制定本办法。…" turned over read "。用用", score 0.54, and
# the page's line was lost from the knowledge base). An upside-down photo turns most lines.
LONE_FLIP_SHARE = 0.4
# Such a line is kept only when it then reads clearly: a smudge of a card snapped from afar,
# turned over, was too unsure to keep; read as it stands at 0.55 it made the card "unclear".
RESTORED_KEEPS = 0.9
# The boxes of the lines read so, for the last image read (under _INFERENCE_LOCK).
_RESTORED: list[np.ndarray] = []


def _lone_flips(
    crops: Sequence[np.ndarray], labels: Sequence[Any], tall: Sequence[bool]
) -> set[int]:
    """The lines lying flat that are turned 180 degrees while most of the page's flat lines (by
    their length) are not: misjudged. Tall boxes (a 竖排 card's columns, turned a quarter
    first) are left to the classifier."""
    flat = [n for n in range(len(crops)) if not tall[n]]
    if len(flat) < 3:
        return set()
    sizes = {n: float(max(crops[n].shape[:2])) for n in flat}
    flipped = {n for n in flat if "180" in str(labels[n][0])}
    share = sum(sizes[n] for n in flipped) / (sum(sizes.values()) or 1.0)
    return flipped if flipped and share < LONE_FLIP_SHARE else set()


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


def read_lines(image: bytes | np.ndarray, *, second_look: bool = False) -> list[OcrLine]:
    """The text lines of an image (bytes or an RGB array), in reading order; a photo taken
    sideways or upside down is turned upright first (EXIF says so, or its lines do).
    `second_look`: each doubted line is read once more (`OcrLine.again`), as a business card's
    numbers are checked; a document's pages are not."""
    pixels = load_image(image) if isinstance(image, bytes) else image
    lines, turn = _read(pixels, second_look=second_look)
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
    again, _ = _read(
        np.ascontiguousarray(np.rot90(pixels, k=turn // 90)),
        turned_by=turn,
        second_look=second_look,
    )
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


def _read(
    pixels: np.ndarray, *, turned_by: int = 0, second_look: bool = False
) -> tuple[list[OcrLine], int]:
    """The lines as rapidocr reads them, and the turn that would make the page upright;
    `turned_by`: the degrees the photo was turned to be read so (a doubted line is read again
    the way it was printed)."""
    reader = engine()
    with _INFERENCE_LOCK:  # one image at a time: onnxruntime already uses every core
        _TURNS.clear()
        _CHARS.clear()
        _RESTORED.clear()
        # rapidocr takes BGR, as OpenCV reads; the word boxes carry each character's score
        # Every step named: rapidocr keeps the last call's choice (a line read alone, below).
        result = reader(pixels[:, :, ::-1].copy(), use_det=True, use_cls=True, use_rec=True,
                        return_word_box=True)  # fmt: skip
        turn = page_turn(_TURNS)
        own = list(_CHARS)
        restored = list(_RESTORED)
    if result.txts is None or result.boxes is None:
        return [], 0
    words = list(getattr(result, "word_results", None) or ())
    lines: list[OcrLine] = []
    kept = iter(own)  # the lines in the same order, less those rapidocr dropped as too unsure
    for n, (text, score, box) in enumerate(
        zip(result.txts, result.scores, result.boxes, strict=False)
    ):
        raw = str(text)
        text = raw.strip()
        if not text:
            continue
        if float(score) < RESTORED_KEEPS and _among(box, restored):
            continue
        xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
        chars = next((scores for said, scores in kept if said == raw), ())
        if not chars:
            chars = _char_scores(text, words[n] if n < len(words) else ())
        line = OcrLine(text, float(score), min(xs), min(ys), max(xs), max(ys), chars,
                       letters=_short_side(box))  # fmt: skip
        if second_look and (line.score < DOUBTED or any(c < DOUBTED for c in chars)):
            line = _read_again(reader, pixels, box, line, turned_by)
        lines.append(line)
    return reading_order(lines), turn


def _among(box: Any, boxes: Sequence[np.ndarray]) -> bool:
    points = np.asarray(box, dtype=np.float64)
    return any(other.shape == points.shape and np.allclose(other, points) for other in boxes)


def _short_side(box: Any) -> float:
    """The short side of a box of four corners (the height of a line's letters)."""
    try:
        points = np.asarray(box, dtype=np.float64).reshape(4, 2)
    except ValueError:
        return 0.0
    sides = [float(np.linalg.norm(points[k] - points[(k + 1) % 4])) for k in range(4)]
    return min((sides[0] + sides[2]) / 2, (sides[1] + sides[3]) / 2)


def _read_again(
    reader: Any, pixels: np.ndarray, box: Any, line: OcrLine, turned_by: int = 0
) -> OcrLine:
    """The line read once more from its own pixels, enlarged: what a card's reader compares
    with the first reading before it calls a doubted value sure (a digit the model hesitated
    over is not made sure by its hesitating the same way twice: the second reading must be sure
    of it too)."""
    import cv2

    points = np.asarray(box, dtype=np.float32)
    width = int(max(np.linalg.norm(points[0] - points[1]), np.linalg.norm(points[2] - points[3])))
    height = int(max(np.linalg.norm(points[0] - points[3]), np.linalg.norm(points[1] - points[2])))
    if width < 2 or height < 2:
        return line
    target = np.asarray([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    bgr = np.ascontiguousarray(pixels[:, :, ::-1])
    crop = cv2.warpPerspective(
        bgr, cv2.getPerspectiveTransform(points, target), (width, height),
        flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE,
    )  # fmt: skip
    printed = np.ascontiguousarray(np.rot90(crop, k=-(turned_by // 90))) if turned_by else crop
    tall = height / width >= 1.5
    upright = (
        _cells_in_a_row(printed, len(line.text.replace(" ", "")))
        if printed.shape[0] >= 1.5 * printed.shape[1]
        else None
    )
    if upright is not None:
        crop = upright  # a column of upright characters (竖排) laid out as a row of them
    elif tall:  # turned as rapidocr turns a tall line to read it
        crop = np.ascontiguousarray(np.rot90(crop))
    crop = cv2.resize(crop, None, fx=AGAIN_SCALE, fy=AGAIN_SCALE, interpolation=cv2.INTER_CUBIC)
    pad = max(4, crop.shape[0] // 8)
    crop = cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    with _INFERENCE_LOCK:
        result = reader(crop, use_det=False, use_cls=True, use_rec=True, return_word_box=True)
    texts, scores = getattr(result, "txts", None), getattr(result, "scores", None)
    if not texts or not scores:
        return line
    text = str(texts[0]).strip()
    chars = _rec_char_scores(text, getattr(result, "word_results", None))
    return replace(line, again=text, again_score=float(scores[0]), again_chars=chars)


def _cells_in_a_row(column: np.ndarray, count: int) -> np.ndarray | None:
    """A vertical line (竖排: upright characters one under another, at an even pitch) cut into
    `count` cells at the blankest rows near the even pitch, and the cells set side by side: the
    row the recognizer reads best (it reads a column turned sideways, digits at 0.5-0.9). None
    when it cannot be cut so (then the column is read turned, as the first time)."""
    if count < 2:
        return None
    gray = column.mean(axis=2)
    ink = gray < (gray.max() + gray.min()) / 2
    rows = np.flatnonzero(ink.sum(axis=1))
    if rows.size == 0:
        return None
    top, bottom = int(rows[0]), int(rows[-1]) + 1
    pitch = (bottom - top) / count
    if pitch < 4:
        return None
    weight = ink.sum(axis=1)
    cuts = [top]
    for k in range(1, count):
        expected = top + k * pitch
        low, high = int(expected - 0.3 * pitch), int(expected + 0.3 * pitch) + 1
        cuts.append(low + int(np.argmin(weight[low:high])))
    cuts.append(bottom)
    cells = []
    for a, b in itertools.pairwise(cuts):
        inked = np.flatnonzero(ink[a:b].sum(axis=0))
        if inked.size == 0:
            return None
        # Each character as wide as its ink, as a row of printed text sets them.
        cells.append(column[a:b, max(0, int(inked[0]) - 1) : int(inked[-1]) + 2])
    side = max(cell.shape[0] for cell in cells)
    gap = max(2, side // 8)
    background = np.median(column.reshape(-1, column.shape[2]), axis=0).astype(column.dtype)
    width = sum(cell.shape[1] for cell in cells) + gap * (len(cells) + 1)
    row = np.empty((side, width, column.shape[2]), dtype=column.dtype)
    row[:] = background
    x = gap
    for cell in cells:
        y = (side - cell.shape[0]) // 2
        row[y : y + cell.shape[0], x : x + cell.shape[1]] = cell
        x += cell.shape[1] + gap
    return row


def _rec_char_scores(text: str, words: Any) -> tuple[float, ...]:
    """Each non-space character's score from a recognition-only result (one WordInfo per line,
    its `confs` one per character), or () when they do not match the text."""
    try:
        info = words[0]
        pieces = [ch for word in info.words for ch in word]
        confs = [float(c) for c in info.confs]
    except (TypeError, ValueError, IndexError, AttributeError):
        return ()
    plain = [ch for ch in text if not ch.isspace()]
    if pieces != plain:
        return ()
    if len(confs) == len(plain):
        return tuple(confs)
    if len(confs) == len(text):  # a score for each space too
        return tuple(c for ch, c in zip(text, confs, strict=True) if not ch.isspace())
    return ()


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


def rows_of(lines: Sequence[OcrLine]) -> list[list[OcrLine]]:
    """The lines (in reading order) grouped by visual row."""
    out: list[list[OcrLine]] = []
    last: OcrLine | None = None
    for line in lines:
        same_row = last is not None and abs(line.middle - last.middle) < 0.5 * min(
            line.height, last.height
        )
        if same_row and out:
            out[-1].append(line)
        else:
            out.append([line])
        last = line
    return out


def row_texts(lines: Sequence[OcrLine]) -> list[str]:
    """One string per visual row: pieces on the same row joined by a space."""
    return [" ".join(line.text for line in row) for row in rows_of(lines)]


# A page's title is printed this much larger than its body text, in its first rows.
TITLE_SIZE = 1.25
_SENTENCE = re.compile(r"[，。；！？,;!?]|[.:：]$")
_PAGE_NUMBER = re.compile(r"^[\s\-–—第页頁Pp.age/共\d]*$")


def page_title(lines: Sequence[OcrLine]) -> str | None:
    """The title of a photographed page, by where and how large it is printed, not by which
    line the OCR gives first: the row printed largest in the page's first third (its letters'
    height, at least TITLE_SIZE times the body text's); failing that, a short row at the top
    that is no sentence (a running header: the document's name); None when the page starts in
    the middle of its text."""
    printed = printed_title(lines)
    if printed is not None:
        return printed
    rows = [row for row in rows_of(lines) if not _PAGE_NUMBER.match(_row_text(row))]
    for row in rows[:2]:
        text = _row_text(row)
        if 2 <= len(text) <= 40 and not _SENTENCE.search(text):
            return text
    return None


def printed_title(lines: Sequence[OcrLine]) -> str | None:
    """The row printed largest in a page's first third, when its letters are at least
    TITLE_SIZE times as tall as the body text's: a title (a page further into a document has
    none)."""
    rows = [row for row in rows_of(lines) if not _PAGE_NUMBER.match(_row_text(row))]
    if not rows:
        return None
    heights = [max(line.letter_height for line in row) for row in rows]
    body = float(np.median(heights))
    top = range(max(3, len(rows) // 3))[: len(rows)]
    largest = max(top, key=lambda n: (heights[n], -n))
    if heights[largest] >= TITLE_SIZE * body and len(_row_text(rows[largest])) >= 2:
        return _row_text(rows[largest])
    return None


def _row_text(row: Sequence[OcrLine]) -> str:
    return " ".join(line.text for line in row).strip()


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
