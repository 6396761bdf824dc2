"""Documents that look like versions of one another ("值班通知.txt" and "值班通知-v2.txt"): their
names with version marks, dates and copy marks taken away are the same."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath

from knowledge.types import DocumentInfo

_MARKS = re.compile(
    r"(?<![a-z])(?:v\d+(?:\.\d+)*|ver\.?\s*\d+|rev\.?\s*\d+|version\s*\d+"
    r"|final|draft|copy|new|old|latest|updated?)(?![a-z])"
    r"|\d{4}年?(?:[-_./]?\d{1,2}月?(?:[-_./]?\d{1,2}日?)?)?"  # 2025, 2025-03, 2025年3月1日
    r"|第?[一二三四五六七八九十\d]+版|[（(]\d+[)）]"
    r"|修订稿|修订版|修订|最新版|最新|新版|旧版|终版|定稿|正式版|草稿|征求意见稿|副本",
    re.I,
)
_SEPARATORS = re.compile(r"[\s\-_.·,，、()（）\[\]【】]+")


def version_key(name: str) -> str:
    """A name folded for comparison: without extension, version marks, dates and separators."""
    stem = PurePath(name).stem if PurePath(name).suffix.isascii() else name
    folded = _MARKS.sub(" ", stem.lower())
    return _SEPARATORS.sub("", folded)


# A photo of a page is named by the camera or the bot ("IMG_0412.jpg", "photo-20261130-0915.jpg"):
# every photo would look like every other's edition by its name. Its title (the page's first line,
# read by OCR) says which document it is.
_NAMELESS_KINDS = frozenset({"image-ocr"})


def _keys(doc: DocumentInfo) -> set[str]:
    keys = {version_key(doc.title)}
    if doc.kind not in _NAMELESS_KINDS:
        keys.add(version_key(PurePath(doc.source).name))
    return {key for key in keys if len(key) >= 2}


def other_versions(doc: DocumentInfo, documents: Iterable[DocumentInfo]) -> list[DocumentInfo]:
    """The documents whose folded file name or title is the new one's, for the same readers (the
    company's, or one client's: likely earlier versions, quoted beside it until removed) or, for a
    client's document, for everyone (the same note sent first without its client: still read by
    every manager until removed)."""
    keys = _keys(doc)
    return [
        other
        for other in documents
        if other.doc_id != doc.doc_id
        and other.client_id in (doc.client_id, None)
        and keys & _keys(other)
    ]


def _bigrams(text: str) -> set[str]:
    plain = re.sub(r"\s+", "", text)
    return {plain[n : n + 2] for n in range(len(plain) - 1)}


def same_page(new: str, old: str, share: float = 0.6) -> bool:
    """True when most of a page's text (its pairs of characters) is in an earlier page's: the
    same page photographed again (perhaps a newer edition), not another page of the document."""
    pairs = _bigrams(new)
    return bool(pairs) and len(pairs & _bigrams(old)) >= share * len(pairs)
