"""The evidence select_sentences records for bench/fit_ranker.py: recording it changes no answer."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from knowledge import answering
from knowledge.answering import select_sentences
from knowledge.lexicon import lexicon
from knowledge.text import normalize, query_groups
from knowledge.types import Passage

VISITS = (
    "第十五条 客户经理走访。 客户经理按客户的信誉等级定期上门走访所辖客户：\n"
    "1. 信誉等级为“优”的客户，每6个月至少走访一次，两次走访间隔不超过180天；\n"
    "2. 信誉等级为“中”的客户，每季度至少走访一次，两次走访间隔不超过90天；\n"
    "3. 信誉等级为“差”的客户，每月至少走访一次，两次走访间隔不超过30天。"
)
QUESTION = "信誉等级差的客户多久走访一次？"


def _pick() -> list[str]:
    passage = Passage(VISITS, "手册", "手册.md", None, None, 1.0, "d", "c0")
    picked = select_sentences(
        [passage], query_groups(QUESTION), lambda w: 1.0, None, (),
        lexicon().asked(normalize(QUESTION)),
    )  # fmt: skip
    return [u.text for _, u in picked]


def test_the_rule_for_the_level_asked_is_quoted_first_whether_or_not_evidence_is_recorded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = _pick()
    seen: list[Sequence[answering._Candidate]] = []
    monkeypatch.setattr(answering, "FEATURE_SINK", seen.append)
    assert _pick() == plain
    assert plain[0].startswith("3. 信誉等级为“差”的客户，每月至少走访一次")
    # Each candidate carries its evidence apart: the 差 row fits the qualifier asked, the 优 row
    # names only a sibling value.
    fits = {c.unit.text[:2]: c.features["qualifier"] for c in seen[0] if c.unit.intro}
    assert fits["3."] == 1.0 and fits["1."] == -1.0
    assert all(0.0 <= c.features["lexical"] <= 1.0 for c in seen[0])
