"""The message catalog: Fluent files in config/locales/<lang>/<feature>.ftl, rendered for Telegram.

Every layer reads it (chat, charts, digests, exports, the knowledge base and the CLI), so it lives
at the bottom of the layering. Keys keep their dotted names in code (`sum.kind.on_site`); in the
.ftl files a dot is written `-` and a hyphen `--` (`sum-kind-on_site`, `period-w--1`), because
Fluent identifiers allow letters, digits, `_` and `-` only.

Rules the loader enforces (a broken file fails at the first render, and in tests/unit):
- a key is defined once per language across all files (no silent override);
- a line that is neither a message nor a comment, or a message that does not parse, is an error,
  not a skipped entry (messages are parsed when first rendered; `validate` parses them all);
- rendering a message with a missing variable is an error (as `str.format` was).

Plurals are Fluent select expressions on CLDR categories (`{ $days -> [one] day *[other] days }`).
A parameter is shown exactly as `str(value)` shows it (Fluent's NUMBER() formatting is not used,
so 12345 stays 12345, never 12,345); an integer, or text that is one, selects its plural category.

Traditional Chinese (`zh-Hant`) has no files of its own to keep in step: it is the simplified
catalog converted by OpenCC, the text of each message only (never a variable, a selector's key or
a parameter: a client's name or a quote is shown as stored), once per message and kept. A message
that conversion gets wrong for this trade is written out in `locales/zh-Hant/<feature>.ftl`, which
overrides the converted one (and is shown as written).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale as BabelLocale
from fluent.runtime import FluentBundle
from fluent.runtime.types import FluentType
from fluent.syntax import FluentParser
from fluent.syntax import ast as ftl
from fluent.syntax.visitor import Transformer, Visitor
from opencc import OpenCC

LOCALES_DIR = Path(__file__).with_name("locales")
LANGUAGES = ("zh", "zh-Hant", "en")
FALLBACK = "zh"
# A language made from another one's files: (the files it is converted from, the OpenCC
# conversion). s2tw gives the character forms Taiwan and Hong Kong both write (為, 裡, 線, not
# OpenCC's own 爲, 裏, 綫) and swaps no vocabulary; the catalog's own words are swapped after it
# (_TRADITIONAL_WORDS). Not s2twp: it turns every 文件 into 檔案 (公司制度檔案) and 錯誤信息 into
# 錯誤資訊.
DERIVED: dict[str, tuple[str, str]] = {"zh-Hant": ("zh", "s2tw")}


def chinese(lang: str) -> bool:
    """Whether a language code is Chinese, simplified or traditional ("zh", "zh-Hant")."""
    return lang.split("-", 1)[0].lower() == "zh"


class Html(str):
    """A fragment that is already valid Telegram HTML and must not be escaped again."""

    __slots__ = ()


class CatalogError(Exception):
    """A catalog file is broken: it does not parse, or it defines a key twice."""


def fluent_id(key: str) -> str:
    """The Fluent identifier of a dotted catalog key: `.` → `-`, `-` → `--`."""
    return key.replace("-", "--").replace(".", "-")


def catalog_key(identifier: str) -> str:
    """The dotted catalog key of a Fluent identifier (the inverse of `fluent_id`)."""
    return re.sub(r"--|-", lambda m: "-" if m.group() == "--" else ".", identifier)


@dataclass
class Locale:
    """One language's messages: where each is written, and the bundle that renders them.

    Files are indexed line by line when the catalog loads; a message is parsed the first time it
    is rendered (parsing every file up front costs a second at each start). `validate` parses all.
    """

    lang: str
    bundle: FluentBundle
    origin: dict[str, Path] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)
    parsed: set[str] = field(default_factory=set)
    # A derived language (DERIVED): how its text is converted, and the messages written out in
    # its own files (overrides), which are shown as written.
    convert: Callable[[str], str] | None = None
    verbatim: set[str] = field(default_factory=set)

    def message(self, identifier: str) -> Any:
        if identifier not in self.parsed:
            self._parse(identifier)
        return self.bundle.get_message(identifier)

    def _parse(self, identifier: str) -> None:
        resource = FluentParser(with_spans=False).parse(self.source[identifier])
        entries = [e for e in resource.body if not isinstance(e, ftl.BaseComment)]
        if len(entries) != 1 or not isinstance(entries[0], ftl.Message):
            raise CatalogError(f"{self.origin[identifier]}: cannot parse {identifier}")
        if self.convert is not None and identifier not in self.verbatim:
            _Converted(self.convert).visit(resource)
        self.bundle.add_resource(resource)
        self.parsed.add(identifier)
        for reference in _REFERENCE.findall(self.source[identifier]):
            if reference in self.source and reference not in self.parsed:
                self._parse(reference)


class _Converted(Transformer):
    """Converts the text of a message in place; variables, selector keys and literals are left
    as they are (a select on a parameter must still match the parameter's unconverted value)."""

    def __init__(self, convert: Callable[[str], str]) -> None:
        self.convert = convert

    def visit_TextElement(self, node: ftl.TextElement) -> ftl.TextElement:
        node.value = self.convert(node.value)
        return node


# Words s2tw leaves mainland (it swaps characters, not vocabulary) that a traditional reader
# notices on the bot's own messages, and the words Taiwan and Hong Kong write; applied after the
# conversion, to the catalog's text only (a client's 信息化办公室 is shown as filed). 文件 is 檔案
# where it is a file sent or read; the company's documents (公司制度文件, 這份文件, 文件頁) stay 文件.
# Each is a whole word right in every message it is found in. 聯繫 (聯絡) and 保存 (儲存) are
# left: Taiwan reads them too, and a reader types back what the bot wrote ("聯繫人改成…",
# "不保存了"), which the parsers know in those words only.
_TRADITIONAL_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), word)
    for pattern, word in (
        ("默認", "預設"),
        ("(?<=錯誤|提示)信息", "訊息"),
        ("信息", "資訊"),
        ("軟件", "軟體"),
        ("網絡", "網路"),
        ("用戶", "使用者"),
        ("視頻消息", "影片訊息"),
        ("這段視頻", "這段影片"),
        ("視頻", "視訊"),  # a video call, the visit's kind
        ("設置", "設定"),
        ("鏈接", "連結"),
        ("[賬帳]號", "帳號"),
        ("語音文件", "語音檔"),
        ("文件夾", "資料夾"),
        ("(?<!制度)(?<!公司)(?<!這份)(?<!份新)(?<!名片或)文件(?!頁)", "檔案"),
        ("消息", "訊息"),  # a message sent or typed (這條消息, 語音消息)
        ("數據庫", "資料庫"),
        ("數據", "資料"),
        ("導入", "匯入"),  # importing files; 匯入 and 匯出 are read back (exports.py)
        ("導出", "匯出"),
        ("支持", "支援"),  # 不支援的檔案類型, 支援拼音
        ("質量", "品質"),  # 產品品質 (read back: complaint_words.category_named)
        ("演示", "示範"),  # the demo: 示範資料, 本地示範對話
        ("服務器", "伺服器"),
        ("響應", "回應"),  # 已回應, 首次回應, 服務沒有回應
        ("音頻", "音訊"),
        ("字符", "字元"),
        ("字節", "位元組"),
        ("加載", "載入"),
        ("創建", "建立"),
        ("運行", "執行"),  # running the bot or a command
        ("郵箱", "電子郵件"),  # read back on a contact card (business_cards: 電子郵件 li@…)
        ("點擊", "點選"),
        # After 文件 → 檔案 above: Taiwan's word for a document is 文件 (知識庫文件).
        ("文檔", "文件"),
    )
)


@cache
def _opencc(conversion: str) -> Callable[[str], str]:
    converter = OpenCC(conversion)
    words = _TRADITIONAL_WORDS if conversion.startswith("s2t") else ()

    def convert(text: str) -> str:
        text = str(converter.convert(text))
        for pattern, word in words:
            text = pattern.sub(word, text)
        return text

    return convert


# A message starts at the beginning of a line with its identifier; indented or blank lines go on.
_START = re.compile(r"([A-Za-z][A-Za-z0-9_-]*) *=")
_REFERENCE = re.compile(r"\{ *([A-Za-z][A-Za-z0-9_-]*) *\}")


@dataclass
class Catalog:
    root: Path
    locales: dict[str, Locale]
    _variables: dict[str, dict[str, frozenset[str]]] | None = None

    def keys(self, lang: str) -> Iterator[str]:
        return (catalog_key(i) for i in self.locales[lang].origin)

    def has(self, key: str, lang: str = FALLBACK) -> bool:
        return fluent_id(key) in self.locales[lang].origin

    def origin(self, lang: str, key: str) -> Path:
        return self.locales[lang].origin[fluent_id(key)]

    def variables(self, lang: str, key: str) -> frozenset[str]:
        """The variables a message uses, its own and those of the messages it refers to."""
        return self._parsed()[lang][fluent_id(key)]

    def _parsed(self) -> dict[str, dict[str, frozenset[str]]]:
        if self._variables is None:
            self._variables = validate(self)
        return self._variables

    def render(self, lang: str, key: str, params: Mapping[str, Any], *, escape: bool) -> str:
        locale = self.locales.get(lang) or self.locales[FALLBACK]
        identifier = fluent_id(key)
        if identifier not in locale.origin:
            locale = self.locales[FALLBACK]
            if identifier not in locale.origin:
                raise KeyError(f"message catalog has no key {key!r}")
        message = locale.message(identifier)
        plural = _plural_rule(locale.lang)
        shown: list[str] = []
        args = {name: _argument(value, escape, plural, shown) for name, value in params.items()}
        text, errors = locale.bundle.format_pattern(message.value, args)
        if errors:
            raise KeyError(f"cannot render {key!r} in {locale.lang}: {errors}")
        # Parameters go in after formatting: fluent.runtime refuses a placeable over 2,500
        # characters, and a list of visits or an answer is longer.
        return _SLOT.sub(lambda m: shown[int(m.group(1))], str(text))


_SLOT = re.compile("\ue000([0-9]+)\ue001")


class _Text(FluentType):
    """A parameter: Fluent places a slot (private-use characters) that `render` fills in."""

    def __init__(self, value: str, shown: list[str]) -> None:
        self.value = value
        self.slot = f"\ue000{len(shown)}\ue001"
        shown.append(value)

    def format(self, locale: object) -> str:
        return self.slot

    def __eq__(self, other: object) -> bool:  # a select on a text parameter: [yes] / *[other]
        return self.value == other

    __hash__ = None  # type: ignore[assignment]


class _Count(_Text):
    """An integer: shown as written (no grouping), selecting its CLDR plural category."""

    def __init__(self, value: str, shown: list[str], category: str) -> None:
        super().__init__(value, shown)
        self.category = category

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):  # a variant named by plural category: [one], [other]
            return other == self.category
        return False  # numeric variant keys ([0]) are refused by `validate`


def _argument(value: Any, escape: bool, plural: Any, shown: list[str]) -> _Text:
    text = str(value)
    if (isinstance(value, int) and not isinstance(value, bool)) or _INTEGER.fullmatch(text):
        return _Count(text, shown, plural(int(text)))
    if escape and not isinstance(value, Html):
        text = html.escape(text, quote=False)
    return _Text(text, shown)


# Only a canonical integer's text round-trips through int() unchanged ("007" and "+1" stay text).
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")


@cache
def _plural_rule(lang: str) -> Any:
    return BabelLocale.parse(lang, sep="-").plural_form


def load(root: Path = LOCALES_DIR, languages: tuple[str, ...] = LANGUAGES) -> Catalog:
    """Index every `<root>/<lang>/*.ftl`; raise CatalogError on a key written twice.

    A message starts at the beginning of a line (`id =`) and goes on over indented and blank
    lines; any other line at the beginning must be a comment (`#`). A derived language (DERIVED)
    indexes the files of the one it is converted from, then its own, each of which overrides one
    message of those (a message they do not have is an error: a misspelt key overrides nothing)."""
    locales: dict[str, Locale] = {}
    for lang in languages:
        locale = Locale(lang, FluentBundle([lang], use_isolating=False))
        base, conversion = DERIVED.get(lang, (lang, ""))
        _index(locale, root / base)
        if conversion:
            locale.convert = _opencc(conversion)
            overrides = Locale(lang, locale.bundle)
            _index(overrides, root / lang)
            for identifier, path in overrides.origin.items():
                if identifier not in locale.origin:
                    raise CatalogError(
                        f"{path}: {catalog_key(identifier)!r} overrides no message of {base}"
                    )
                locale.origin[identifier] = path
                locale.source[identifier] = overrides.source[identifier]
                locale.verbatim.add(identifier)
        locales[lang] = locale
    return Catalog(root, locales)


def _index(locale: Locale, folder: Path) -> None:
    for path in sorted(folder.glob("*.ftl")):
        current: str | None = None
        lines: list[str] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), "#"]:
            if line[:1] not in ("", " "):
                if current is not None:
                    locale.source[current] = "\n".join(lines).rstrip() + "\n"
                current, lines = None, []
                start = _START.match(line)
                if not start and line[:1] != "#":
                    raise CatalogError(f"{path}: {line[:80]!r} is neither a message nor a comment")
                if start:
                    current = start.group(1)
                    if current in locale.origin:
                        raise CatalogError(
                            f"{catalog_key(current)!r} is defined in both "
                            f"{locale.origin[current]} and {path}"
                        )
                    locale.origin[current] = path
            if current is not None:
                lines.append(line)


def validate(catalog: Catalog) -> dict[str, dict[str, frozenset[str]]]:
    """Parse every message: no syntax error, no reference to a missing message; returns each
    message's variables. (Rendering parses a message when first used; tests call this.)"""
    parser = FluentParser(with_spans=False)
    variables: dict[str, dict[str, frozenset[str]]] = {}
    for lang, locale in catalog.locales.items():
        messages: dict[str, ftl.Message] = {}
        for identifier, source in locale.source.items():
            body = parser.parse(source).body
            if len(body) != 1 or not isinstance(body[0], ftl.Message) or body[0].value is None:
                raise CatalogError(f"{locale.origin[identifier]}: cannot parse {source[:200]!r}")
            messages[identifier] = body[0]
        variables[lang] = {i: frozenset(_variables(i, messages, ())) for i in messages}
    return variables


def _variables(
    identifier: str, messages: dict[str, ftl.Message], seen: tuple[str, ...]
) -> set[str]:
    if identifier in seen:
        raise CatalogError(f"{catalog_key(identifier)!r} refers to itself")
    if identifier not in messages:
        raise CatalogError(f"a message refers to {catalog_key(identifier)!r}, which does not exist")
    names = _Names()
    names.visit(messages[identifier])
    found = set(names.variables)
    for reference in names.references:
        found |= _variables(reference, messages, (*seen, identifier))
    return found


class _Names(Visitor):
    """The variables and the other messages a message uses."""

    def __init__(self) -> None:
        self.variables: set[str] = set()
        self.references: list[str] = []

    def visit_VariableReference(self, node: ftl.VariableReference) -> None:
        self.variables.add(node.id.name)

    def visit_MessageReference(self, node: ftl.MessageReference) -> None:
        self.references.append(node.id.name)

    def visit_Variant(self, node: ftl.Variant) -> None:
        if isinstance(node.key, ftl.NumberLiteral):
            # `[1]` would be compared with the plural category of the number: use [one]/[other].
            raise CatalogError(f"a variant is keyed by the number {node.key.value}")
        self.generic_visit(node)


@cache
def catalog() -> Catalog:
    return load()


def t(lang: str, key: str, **params: Any) -> Html:
    """Render a catalog entry as Telegram HTML; every parameter is escaped unless it is `Html`."""
    return Html(catalog().render(lang, key, params, escape=True))


def text(lang: str, key: str, **params: Any) -> str:
    """Render a catalog entry as plain text (files, charts, the terminal): nothing is escaped."""
    return catalog().render(lang, key, params, escape=False)


def has(key: str) -> bool:
    return catalog().has(key)
