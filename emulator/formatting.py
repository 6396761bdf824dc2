"""Telegram's text rules: the HTML parse mode, UTF-16 entity offsets, cleaning and trimming."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

Entity = dict[str, Any]

# The tags TDLib's parse_html accepts (tg-time is recent; it yields no entity here).
HTML_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler",
        "tg-emoji", "tg-time", "span", "pre", "code", "blockquote",
    }
)  # fmt: skip

# TDLib's MessageEntity::get_type_priority, for sorting entities that start together.
_PRIORITY = {
    "mention": 50, "hashtag": 50, "bot_command": 50, "url": 50, "email": 50, "bold": 90,
    "italic": 91, "code": 20, "pre": 11, "text_link": 49, "text_mention": 49, "cashtag": 50,
    "phone_number": 50, "underline": 92, "strikethrough": 93, "blockquote": 0,
    "expandable_blockquote": 0, "spoiler": 94, "custom_emoji": 99,
}  # fmt: skip

_SPACE = frozenset(b" \t\r\n\0\v\f")
_AMP, _LT, _GT, _SLASH, _EQ, _SEMI = (ord(c) for c in "&<>/=;")
_QUOTES = (ord('"'), ord("'"))
_NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; the message mimics TDLib's."""


class EmptyTextError(ValueError):
    """Nothing visible is left after parsing, cleaning and trimming."""


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: in UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def sort_entities(entities: list[Entity]) -> None:
    entities.sort(key=lambda e: (e["offset"], -e["length"], _PRIORITY.get(e["type"], 50)))


def _byte(data: bytes, i: int) -> int:
    """data[i], or 0 past the end, like reading a NUL-terminated C string."""
    return data[i] if i < len(data) else 0


def _is_alnum(c: int) -> bool:
    return 48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122


def _decode_entity(data: bytes, pos: int) -> tuple[int, int]:
    """(code point, position after it) for an HTML entity at `pos`, or (0, pos) if there is none."""
    end = pos + 1
    code = 0
    if _byte(data, pos + 1) == ord("#"):
        end += 1
        if _byte(data, pos + 2) == ord("x"):
            end += 1
            while chr(_byte(data, end)) in "0123456789abcdefABCDEF":
                code = code * 16 + int(chr(data[end]), 16)
                end += 1
        else:
            while 48 <= _byte(data, end) <= 57:
                code = code * 10 + data[end] - 48
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while chr(_byte(data, end)).isascii() and chr(_byte(data, end)).isalpha():
            end += 1
        named = _NAMED.get(data[pos + 1 : end])
        if named is None:
            return 0, pos
        code = ord(named)
    if _byte(data, end) == _SEMI:
        end += 1
    return code, end


@dataclass
class _Open:
    tag: str
    argument: str
    utf16_offset: int
    out_pos: int


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[Entity]]:
    """The visible text and its entities, exactly as TDLib's parse_html computes them.

    Errors carry TDLib's wording ("Unsupported start tag "foo" at byte offset 12"). With
    `strict_ampersand` a bare "&" that starts no entity is refused too: Telegram shows it as is,
    but it is the sign of a missing escape (text holding "&lt;" would be shown as "<").
    """
    data = text.encode("utf-8", "surrogatepass")
    n = len(data)
    out = bytearray()
    utf16 = 0
    entities: list[Entity] = []
    stack: list[_Open] = []
    i = 0
    while i < n:
        c = data[i]
        if c == _AMP:
            code, end = _decode_entity(data, i)
            if code:
                utf16 += 2 if code > 0xFFFF else 1
                out += chr(code).encode("utf-8", "surrogatepass")
                i = end
                continue
            if strict_ampersand:
                raise EntityParseError(
                    f'Character "&" at byte offset {i} does not start an HTML entity; '
                    'escape it as "&amp;"'
                )
        if c != _LT:
            if c & 0xC0 != 0x80:
                utf16 += 2 if c >= 0xF0 else 1
            out.append(c)
            i += 1
            continue

        begin = i
        i += 1
        if _byte(data, i) != _SLASH:
            i = _open_tag(data, begin, i, stack, utf16, len(out))
        else:
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
            while _byte(data, i) not in _SPACE and _byte(data, i) != _GT:
                i += 1
            end_tag = data[begin + 2 : i].lower().decode("utf-8", "replace")
            while _byte(data, i) in _SPACE and _byte(data, i) != 0:
                i += 1
            if _byte(data, i) != _GT:
                raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
            opened = stack[-1]
            if end_tag and end_tag != opened.tag:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {begin}, expected "</{opened.tag}>", '
                    f'found "</{end_tag}>"'
                )
            if utf16 > opened.utf16_offset:
                _close_tag(opened, utf16, bytes(out), entities)
            stack.pop()
        i += 1  # past ">"

    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    sort_entities(entities)
    try:
        plain = out.decode("utf-8")
    except UnicodeDecodeError:
        raise EntityParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, check for "
            "unmatched surrogate code units"
        ) from None
    return plain, entities


def _open_tag(data: bytes, begin: int, i: int, stack: list[_Open], utf16: int, out_pos: int) -> int:
    """Parse a start tag whose name begins at `i`; push it; return the index of its ">"."""
    while _byte(data, i) not in _SPACE and _byte(data, i) != _GT:
        i += 1
    if _byte(data, i) == 0:
        raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
    tag = data[begin + 1 : i].lower().decode("utf-8", "replace")
    if tag not in HTML_TAGS:
        raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')

    argument = ""
    while _byte(data, i) != _GT:
        while _byte(data, i) != 0 and _byte(data, i) in _SPACE:
            i += 1
        if _byte(data, i) == _GT:
            break
        name_begin = i
        while _byte(data, i) not in _SPACE and _byte(data, i) not in (_EQ, _GT, _SLASH, *_QUOTES):
            i += 1
        name = data[name_begin:i]
        if not name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
            )
        while _byte(data, i) != 0 and _byte(data, i) in _SPACE:
            i += 1
        if _byte(data, i) != _EQ:
            if _byte(data, i) == 0:
                raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            if tag == "blockquote" and name == b"expandable":
                argument = "1"
            continue
        i += 1
        while _byte(data, i) != 0 and _byte(data, i) in _SPACE:
            i += 1
        if _byte(data, i) == 0:
            raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')

        if _byte(data, i) not in _QUOTES:
            token_begin = i
            while _is_alnum(_byte(data, i)) or _byte(data, i) in (ord("."), ord("-")):
                i += 1
            value = data[token_begin:i].lower().decode()
            if _byte(data, i) not in _SPACE and _byte(data, i) != _GT:
                raise EntityParseError(f"Unexpected end of name token at byte offset {token_begin}")
        else:
            quote = data[i]
            i += 1
            raw = bytearray()
            while _byte(data, i) != quote and _byte(data, i) != 0:
                if data[i] == _AMP:
                    code, end = _decode_entity(data, i)
                    if code:
                        raw += chr(code).encode("utf-8", "surrogatepass")
                        i = end
                        continue
                raw.append(data[i])
                i += 1
            if _byte(data, i) == quote:
                i += 1
            value = raw.decode("utf-8", "replace")
        if _byte(data, i) == 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")

        if tag == "a" and name == b"href":
            argument = value
        elif tag == "code" and name == b"class" and value.startswith("language-"):
            argument = value[9:]
        elif tag == "span" and name == b"class" and value.startswith("tg-"):
            argument = value[3:]
        elif tag == "tg-emoji" and name == b"emoji-id":
            argument = value
        elif tag == "blockquote" and name == b"expandable":
            argument = "1"

    if tag == "span" and argument != "spoiler":
        raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    stack.append(_Open(tag, argument, utf16, out_pos))
    return i


_SIMPLE = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "s": "strikethrough",
    "strike": "strikethrough", "del": "strikethrough", "u": "underline", "ins": "underline",
    "tg-spoiler": "spoiler", "span": "spoiler",
}  # fmt: skip


def _close_tag(opened: _Open, utf16: int, out: bytes, entities: list[Entity]) -> None:
    offset, length, tag = opened.utf16_offset, utf16 - opened.utf16_offset, opened.tag
    last = entities[-1] if entities else None
    same_span = last is not None and last["offset"] == offset and last["length"] == length
    if tag in _SIMPLE:
        entities.append({"type": _SIMPLE[tag], "offset": offset, "length": length})
    elif tag == "tg-emoji":
        try:
            emoji_id = int(opened.argument)
        except ValueError:
            emoji_id = 0
        if emoji_id == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append(
            {
                "type": "custom_emoji",
                "offset": offset,
                "length": length,
                "custom_emoji_id": str(emoji_id),
            }
        )
    elif tag == "a":
        url = opened.argument or out[opened.out_pos :].decode("utf-8", "replace")
        entity = _link_entity(url, offset, length)
        if entity is not None:
            entities.append(entity)
    elif tag == "pre":
        if last is not None and same_span and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag == "code":
        if last is not None and same_span and last["type"] == "pre" and opened.argument:
            last["language"] = opened.argument
        else:
            entity = {"type": "code", "offset": offset, "length": length}
            if opened.argument:
                entity["language"] = opened.argument  # kept until an enclosing <pre> closes
            entities.append(entity)
    elif tag == "blockquote":
        kind = "expandable_blockquote" if opened.argument else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})
    # tg-time: accepted, but this emulator does not model date_time entities


_USER_LINK = re.compile(r"^tg://user\?id=(\d+)$", re.IGNORECASE)


def _link_entity(url: str, offset: int, length: int) -> Entity | None:
    """A text_link (or text_mention) entity; None for a link Telegram would silently drop."""
    url = url.strip()
    user = _USER_LINK.match(url)
    if user:
        return {
            "type": "text_mention",
            "offset": offset,
            "length": length,
            "user": {"id": int(user.group(1)), "is_bot": False, "first_name": ""},
        }
    checked, _ = check_link(url)
    if checked is None:
        return None
    return {"type": "text_link", "offset": offset, "length": length, "url": checked}


def check_link(url: str) -> tuple[str | None, str]:
    """(the URL Telegram keeps, "") for a valid link, or (None, TDLib's reason) for a bad one."""
    url = url.strip()
    if any(ch.isspace() for ch in url):
        return None, "Wrong HTTP URL"
    scheme, sep, _ = url.partition("://")
    if not sep:
        scheme, url = "http", "http://" + url
    scheme = scheme.lower()
    if scheme in ("tg", "ton", "tonsite"):
        return url, ""
    if scheme not in ("http", "https"):
        return None, "Unsupported URL protocol"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        _ = parts.port
    except ValueError:
        return None, "Wrong port number specified in the URL"
    if not host:
        return None, "URL host is empty"
    if "." not in host or host.endswith(".") or host.startswith("."):
        return None, "Wrong HTTP URL"
    return url, ""


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def find_bot_commands(text: str) -> list[Entity]:
    """bot_command entities, found the way TDLib's match_bot_commands does."""
    found: list[Entity] = []
    n = len(text)
    i = 0
    while True:
        i = text.find("/", i)
        if i < 0:
            return found
        if i > 0 and (_is_word(text[i - 1]) or text[i - 1] in "/<>"):
            i += 1
            continue
        begin = i
        i += 1
        while i < n and _is_ascii_word(text[i]):
            i += 1
        if not 1 <= i - begin - 1 <= 64:
            continue
        if i < n and text[i] == "@":
            j = i + 1
            while j < n and _is_ascii_word(text[j]):
                j += 1
            mention_size = j - i - 1
            i = j
            if not 3 <= mention_size <= 32:
                continue
        if i < n and (_is_word(text[i]) or text[i] in "/<>"):
            continue
        found.append(
            {
                "type": "bot_command",
                "offset": utf16_len(text[:begin]),
                "length": utf16_len(text[begin:i]),
            }
        )


def _cleaned_char(ch: str) -> str:
    """What TDLib's clean_input_string makes of one character."""
    code = ord(ch)
    if ch == "\r" or 0x2028 <= code <= 0x202E or code in (0x0333, 0x033F, 0x030A):
        return ""
    if code < 32 and ch != "\n":
        return " "
    return ch


def fix_text(
    text: str, entities: list[Entity], *, allow_empty: bool = False
) -> tuple[str, list[Entity]]:
    """Clean control characters and trim spaces and newlines, moving entities along (TDLib's
    fix_formatted_text). Raises EmptyTextError when nothing is left, unless `allow_empty`."""
    mapping = [0]  # UTF-16 position in `text` -> UTF-16 position in the cleaned text
    pieces: list[str] = []
    position = 0
    for ch in text:
        kept = _cleaned_char(ch)
        pieces.append(kept)
        width = utf16_len(ch)
        for _ in range(width - 1):
            mapping.append(position)
        position += utf16_len(kept)
        mapping.append(position)
    cleaned = "".join(pieces)
    moved: list[Entity] = []
    for entity in entities:
        start = mapping[min(entity["offset"], len(mapping) - 1)]
        end = mapping[min(entity["offset"] + entity["length"], len(mapping) - 1)]
        if end > start:
            moved.append({**entity, "offset": start, "length": end - start})

    stripped = cleaned.rstrip(" \n")
    if not stripped:
        if allow_empty:
            return "", []
        raise EmptyTextError("Text must be non-empty")
    cut = utf16_len(stripped)
    kept_entities = []
    for entity in moved:
        if entity["offset"] >= cut:
            continue
        entity["length"] = min(entity["length"], cut - entity["offset"])
        kept_entities.append(entity)

    first_entity = min((e["offset"] for e in kept_entities), default=cut)
    lead = 0
    while lead < first_entity and stripped[lead] in " \n":
        lead += 1
    if lead:
        stripped = stripped[lead:]
        for entity in kept_entities:
            entity["offset"] -= lead
    sort_entities(kept_entities)
    return stripped, kept_entities
