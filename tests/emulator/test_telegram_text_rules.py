"""Telegram's HTML parse mode, UTF-16 offsets, trimming and command detection, without a server."""

from __future__ import annotations

import pytest

from emulator.formatting import (
    EmptyTextError,
    EntityParseError,
    find_bot_commands,
    fix_text,
    parse_html,
    utf16_len,
)


def test_escaped_brackets_and_ampersand_show_as_the_plain_characters() -> None:
    assert parse_html("&lt;A&amp;B&gt; &quot;x&quot;") == ('<A&B> "x"', [])


def test_numeric_entities_decode_in_decimal_and_hex() -> None:
    assert parse_html("&#20320;&#x597D;") == ("你好", [])


def test_entity_offsets_count_utf16_units_so_an_emoji_counts_two() -> None:
    text, entities = parse_html("😀 <b>粗<i>斜</i></b>")
    assert text == "😀 粗斜"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 2},
        {"type": "italic", "offset": 4, "length": 1},
    ]
    assert utf16_len("😀") == 2


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("价格 <foo>x</foo>", 'Unsupported start tag "foo" at byte offset 7'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<A&B> 精细化工", 'Unsupported start tag "a&b" at byte offset 0'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        (
            "AT&T",
            'Character "&" at byte offset 2 does not start an HTML entity; escape it as "&amp;"',
        ),
    ],
)
def test_malformed_html_is_refused_with_tdlibs_wording(html: str, error: str) -> None:
    with pytest.raises(EntityParseError) as refused:
        parse_html(html)
    assert str(refused.value) == error


def test_a_bare_ampersand_is_kept_like_telegram_when_not_strict() -> None:
    assert parse_html("AT&T", strict_ampersand=False) == ("AT&T", [])


def test_pre_with_a_language_becomes_one_pre_entity_and_lone_code_loses_it() -> None:
    text, entities = parse_html('<pre><code class="language-python">x = 1</code></pre>')
    assert (text, entities) == (
        "x = 1",
        [{"type": "pre", "offset": 0, "length": 5, "language": "python"}],
    )
    assert parse_html('<code class="language-sql">q</code>')[1] == [
        {"type": "code", "offset": 0, "length": 1}
    ]


def test_links_spoilers_and_expandable_quotes_become_their_entities() -> None:
    text, entities = parse_html(
        '<a href="https://t.me/x?a=1&amp;b=2">链接</a> <tg-spoiler>秘</tg-spoiler> '
        "<blockquote expandable>引用</blockquote>"
    )
    assert text == "链接 秘 引用"
    assert entities == [
        {"type": "text_link", "offset": 0, "length": 2, "url": "https://t.me/x?a=1&b=2"},
        {"type": "spoiler", "offset": 3, "length": 1},
        {"type": "expandable_blockquote", "offset": 5, "length": 2},
    ]


def test_a_link_telegram_cannot_use_is_dropped_silently() -> None:
    assert parse_html('<a href="javascript:alert(1)">x</a>') == ("x", [])


def test_surrounding_spaces_and_newlines_are_trimmed_and_entities_follow() -> None:
    text, entities = parse_html("\n\n  <b>hi</b>  \n")
    assert fix_text(text, entities) == ("hi", [{"type": "bold", "offset": 0, "length": 2}])


def test_carriage_returns_vanish_and_tabs_become_spaces() -> None:
    assert fix_text("a\r\nb\tc", []) == ("a\nb c", [])


def test_nothing_visible_left_is_an_empty_text() -> None:
    text, entities = parse_html("<b> </b>\n")
    with pytest.raises(EmptyTextError):
        fix_text(text, entities)


@pytest.mark.parametrize(
    ("text", "commands"),
    [
        ("/start abc", [(0, 6)]),
        ("/client@kam_test_bot 华能", [(0, 20)]),
        ("see /help and /lang", [(4, 5), (14, 5)]),
        ("a/b", []),
        ("你好/start", []),
        ("/中文", []),
    ],
)
def test_bot_commands_are_found_where_telegram_finds_them(
    text: str, commands: list[tuple[int, int]]
) -> None:
    found = [(e["offset"], e["length"]) for e in find_bot_commands(text)]
    assert found == commands
