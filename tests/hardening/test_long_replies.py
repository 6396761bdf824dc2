"""Long replies reach the user: counted in UTF-16 like Telegram, cut only between whole tags."""

from __future__ import annotations

import pytest

from bot.render import TELEGRAM_LIMIT, split_message
from emulator import parse_html, utf16_len


def delivered(pieces: list[str]) -> list[str]:
    """What Telegram would show for each piece; fails as Telegram would reject it."""
    shown = []
    for piece in pieces:
        text, _ = parse_html(piece)
        assert text.strip(), "an empty message"
        assert utf16_len(text) <= TELEGRAM_LIMIT, f"message is too long: {utf16_len(text)}"
        shown.append(text)
    return shown


@pytest.mark.parametrize("count", [2000, 2500, 3000])
def test_a_reply_full_of_emoji_is_split_as_telegram_counts_it(count: int) -> None:
    text = "<b>摘要</b>：" + "😀" * count + "\n下一步：报价"
    shown = delivered(split_message(text))
    assert "".join(shown).count("😀") == count
    assert shown[-1].endswith("下一步：报价")


def test_a_cut_inside_bold_closes_and_reopens_the_tag() -> None:
    name = "华能" * 2100  # a 4,200-character client name on one bold line
    pieces = split_message(f"🏢 <b>{name}</b>\n信誉等级：差")
    shown = delivered(pieces)
    assert len(pieces) == 2
    assert "".join(shown).replace("\n", "") == f"🏢 {name}信誉等级：差"
    assert all(p.count("<b>") == p.count("</b>") for p in pieces)


def test_nested_tags_and_links_survive_a_cut() -> None:
    text = '<a href="https://example.com/x?a=1&amp;b=2"><i>' + "链" * 5000 + "</i></a> 完"
    shown = delivered(split_message(text))
    assert "".join(shown) == "链" * 5000 + " 完"
