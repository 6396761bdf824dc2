"""Documents named by an admin: by id (or its first characters), title or file name, or a part."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import PurePath

from knowledge.types import DocumentInfo

_HEX = re.compile(r"[0-9a-f]{4,}")


def fold(text: str) -> str:
    """Compared alike: full-width letters and brackets, case, and spaces do not matter."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).casefold())


def _names(doc: DocumentInfo) -> tuple[str, str, str]:
    """Its title, file name and file name without extension, folded."""
    path = PurePath(doc.source)
    return fold(doc.title), fold(path.name), fold(path.stem)


def matching(part: str, documents: Iterable[DocumentInfo]) -> list[DocumentInfo]:
    """The documents whose title or file name holds `part` (every document for an empty part)."""
    key = fold(part)
    return [d for d in documents if not key or any(key in name for name in _names(d))]


def named(name: str, documents: Iterable[DocumentInfo]) -> list[DocumentInfo]:
    """The documents `name` may mean, the surest way first: its id, the first characters of its
    id, its whole title or file name, then a part of them. One document: that one; several:
    the name is ambiguous (the caller lists them); none: no such document."""
    docs = list(documents)
    key = fold(name)
    if not key:
        return []
    if _HEX.fullmatch(key):
        by_id = [d for d in docs if d.doc_id == key] or [
            d for d in docs if d.doc_id.startswith(key)
        ]
        if by_id:
            return by_id
    whole = [d for d in docs if key in _names(d)]
    return whole or matching(name, docs)
