"""The order of the quoted sentences: one going on from the sentence before it comes after it, and
one pointing back at it comes with it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.answer_units import Unit, chunk_units, quote_length, titled_units
from knowledge.text import compact
from knowledge.types import Passage

# A sentence opening with a word that goes on from the one before it in its paragraph: a conclusion
# ("因此,供电企业应提高大客户经理在企业中的地位和待遇…" after "大客户期望大客户经理具有一定的权威性…"),
# an addition ("同时,…", "另外,…"), a contrast ("但是,…") or a pointer back ("这一做法,…"). Quoted
# before that sentence, the answer gives the conclusion before its reason, and the pointer before
# what it points at.
_GOES_ON_RE = re.compile(
    r"\s*(?:因此|所以|因而|从而|同时|另外|此外|对此|并以此|但是|而且|并且|这一|这种|这些|这样"
    r"|(?:therefore|thus|however|moreover|also|in addition|this|these|such)\b)",
    re.IGNORECASE,
)


def _just_before(text: str, first: Unit, then: Unit) -> bool:
    """first is the sentence right before then, in one paragraph (line) of the passage's text."""
    pair = compact(first.text) + compact(then.text)
    return any(pair in compact(line) for line in text.split("\n"))


def going_on_after_their_sentence(
    passages: Sequence[Passage], picked: list[tuple[int, Unit]]
) -> list[tuple[int, Unit]]:
    """picked with each sentence going on from the one before it (_GOES_ON_RE) quoted right after
    that sentence, when both are quoted: the two (or a chain of them) take the place of the one
    ranked first. Only the order changes; what is quoted stays."""
    out: list[tuple[int, Unit]] = []
    moved: set[int] = set()
    for n in range(len(picked)):
        if n in moved:
            continue
        chain = [n]
        while (before := _quoted_before(passages, picked, chain[0], moved | {n})) is not None:
            chain.insert(0, before)
            moved.add(before)
        out.extend(picked[m] for m in chain)
    return out


def _quoted_before(
    passages: Sequence[Passage], picked: list[tuple[int, Unit]], n: int, taken: set[int]
) -> int | None:
    """The index of the quoted sentence that picked[n] goes on from, quoted after it, if any."""
    rank, unit = picked[n]
    if unit.intro or not _GOES_ON_RE.match(unit.text):
        return None
    return next(
        (
            m
            for m in range(n + 1, len(picked))
            if m not in taken
            and picked[m][0] == rank
            and _just_before(passages[rank].text, picked[m][1], unit)
        ),
        None,
    )


# A sentence opening by pointing at the one before it ("这一做法,优化了资源,提升了客户质量。",
# "对此,供电企业应充分结合自身实际,…", "这种参与不应局限与市场营销服务部门,…", "它是一种…"): quoted
# alone, the reader does not know what it speaks of.
_POINTING_WORDS = r"这一|这种|这些|这样|这项|这个|此举|该做法"
_POINTING_ENGLISH = (
    r"(?:this|these|such)\s+(?:approach|practice|measures?|steps?|arrangements?|way)\b"
)
_POINTING_RE = re.compile(
    rf"\s*(?:{_POINTING_WORDS}|对此|它|上述|{_POINTING_ENGLISH})", re.IGNORECASE
)
# The same opening, narrower, for lifting a sentence among the candidates (answering): 上述做法, not
# any 上述, and not 对此 or 它, which a sentence answering the question itself may open with.
POINTING_BACK_RE = re.compile(
    rf"\s*(?:{_POINTING_WORDS}|上述做法|{_POINTING_ENGLISH})", re.IGNORECASE
)


def with_what_they_point_at(
    passages: Sequence[Passage], picked: list[tuple[int, Unit]], room: float
) -> list[tuple[int, Unit]]:
    """picked with the sentence that the first quoted one points back at (_POINTING_RE), just
    before it in its paragraph, quoted before it when not quoted already and when it fits in room
    (answer_units.quote_length of what is quoted). The first quote is the answer and must read on
    its own; a later one pointing back is an extra, which its antecedent would only make longer
    ("这种参与不应局限与市场营销服务部门,…" third for "技术服务部具体帮客户做些什么？")."""
    if not picked or picked[0][1].intro:
        return picked
    rank, first = picked[0]
    before = _pointed_at(passages[rank].text, first)
    if before is None or any(compact(u.text) == compact(before.text) for _, u in picked):
        return picked
    if sum(quote_length(u.full) for _, u in picked) + quote_length(before.full) > room:
        return picked
    return [(rank, before), *picked]


def _pointed_at(text: str, unit: Unit) -> Unit | None:
    """The unit of text just before unit in its paragraph, when unit points back at it."""
    if not _POINTING_RE.match(unit.text):
        return None
    units = [u for _, u in titled_units(chunk_units(text))]
    key = compact(unit.text)
    at = next((n for n, u in enumerate(units) if compact(u.text) == key), None)
    if not at:
        return None
    before = units[at - 1]
    if before.intro or not _just_before(text, before, unit):
        return None
    return before
