"""A sentence of a model's answer that states a company rule (应, 须, 不得, 可以, must, may not…, or
cites [n]) checked against the passages the model was given: enough of its content words must be
in one passage, through the index's normalisation, the lexicon's synonyms and the glossary (an
English sentence on a Chinese passage). A rule no passage says ("紧急投诉须客户签字确认") is left
out like an unsupported figure (knowledge/grounding.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from knowledge.lexicon import lexicon
from knowledge.text import has_cjk, normalize, query_groups

# Words that make a sentence state what may, must or must not be done. One-character words stand
# only where they are no part of another word: 应 of 响应 / 相应 / 应用 is no obligation, nor 需 of
# 需求, nor 可 of 可能 / 可靠 / 许可.
_MODAL_ZH = (
    r"必须|务必|一律|应当|应该|不应|(?<![响相对供反适呼答回效感照])应(?![用急聘邀收付变])"
    r"|必需|需要|(?<!必)须(?!知)|(?<!必)需(?![求])|要求|不得|不能|不可(?!能)|不准|禁止|严禁|不允许"
    r"|允许|可以|方可|才可|才能|只能|有权|(?<![许认宁])可(?![能靠见惜信视观爱乐口])"
)
_MODAL_EN = (
    r"\b(?:must(?:n't)?|should(?:n't)?|shall|ought|needs?|needed|required?|requires|requirement"
    r"|allowed|permitted|prohibited|forbidden|entitled|obliged|obligatory|mandatory"
    r"|may(?!\s+\d)|cannot|can't|(?:has|have|had)\s+to|(?:is|are)\s+to)\b"
)
_MODAL = re.compile(f"{_MODAL_ZH}|{_MODAL_EN}", re.I)
_CITATION = re.compile(r"\[\d{1,2}\]")
# The assistant's own offers and questions, and its saying it found nothing, state no rule: "需要的
# 话我可以帮您查", "I can look it up", "手册中没有找到相关规定".
_NOT_A_RULE = re.compile(
    r"[?？]\s*$|我(?:也)?(?:可以|能|来|会)|需要我|要我|要不要|如需|如有需要|如果(?:您|你)?(?:还)?需要|随时"
    r"|(?:您|你)可以(?:告诉|问|让|发|再|点|说|输入|试)|没有?(?:找到|查到|检索到)|未(?:找到|查到|检索到)"
    r"|找不到|没有(?:相关|明确|具体)?(?:的)?(?:规定|说明|提到)|未(?:作|做)?(?:规定|说明|提及)"
    r"|\bI\s+(?:can|could|will|'ll|would)\b|\bI'll\b|\bwould you like\b|\bdo you want\b"
    r"|\bif you (?:need|want|like|wish)\b|\blet me know\b|\bfeel free\b"
    r"|\byou (?:can|could) (?:ask|tell|send|tap|press|type|try)\b"
    r"|\b(?:did not|didn't|could not|couldn't|cannot|can't) find\b|\bfound (?:no|nothing)\b"
    r"|\b(?:do|does|did)(?: not|n't) (?:say|mention|specify|cover|state)\b|\bno (?:rule|passage)s?\b",
    re.I,
)
# A record of the user's (a ticket #12, a visit #3), or what they have ("您有3个客户需要走访",
# "you have 2 tickets that need a first contact"): a sentence about it is about their data.
_RECORD = re.compile(
    r"#\s*\d+|(?:您|你)(?:目前|现在|还|名下)?(?:有|名下)|\byou (?:still |now )?have\b"
    r"|\byour (?:clients?|tickets?|reminders?|visits?|complaints?) (?:is|are|has|have|was|were)\b",
    re.I,
)
# Words of the frame rather than the rule: not what must be found in a passage.
_FRAME = frozenset(
    """
    根据 按照 依据 按 规定 手册 制度 文件 办法 条款 第 条 章 相关 有关 规定了 提到 写道 明确 指出 来说
    按规定 根据规定 按照规定 依规 就要 就得 得 才行 一定 一定要 还要 也要 都要 还得 也得 同样
    一般 通常 原则上 原则 因此 所以 另外 此外 同时 而且 并且 具体 比如 例如 包括 这样 这里 此 其
    handbook policy policies rule rules document documents article according states state says say
    stated also generally like usually therefore so addition such example instance e g i e per under
    """.split()
)
# The share of a rule's content words (weighted) one passage must have; a word many rules say
# (客户, 公司, 处理: shared_words.txt) weighs half. Measured on the sample handbooks:
# tests/knowledge/test_rule_support.py and bench/README.md.
ENOUGH = 0.8
_SHARED_WEIGHT = 0.5


@dataclass(frozen=True)
class Support:
    """How much of a rule one passage says: the weighted share of its content words, and those
    it lacks."""

    share: float
    missing: tuple[str, ...]


def states_a_rule(sentence: str, client_names: Sequence[str] = ()) -> bool:
    """Whether a sentence of an answer states a company rule: a modal word or a citation, and
    neither an offer, a question, a note that nothing was found, nor (uncited) a statement about
    the user's own clients or records."""
    text = normalize(sentence)
    if _CITATION.search(text):
        return True
    if not _MODAL.search(text) or _NOT_A_RULE.search(text):
        return False
    if _RECORD.search(text):
        return False
    squashed = "".join(text.split())
    return not any(len(k) >= 2 and k in squashed for k in _keys(client_names))


def _keys(names: Sequence[str]) -> list[str]:
    return ["".join(normalize(n).split()) for n in names if n.strip()]


_SUFFIXES = ("ies", "ing", "ed", "es", "s", "al", "ly", "e")


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    """A crude English stem: visit, visits, visited and visiting one; approve and approval one."""
    word = word.lower().removesuffix("'s")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return word.removesuffix("e") if len(word) > 4 else word


_LATIN_WORD = re.compile(r"[a-z][a-z']*")


@dataclass(frozen=True)
class _Passage:
    text: str  # normalised, without spaces between Chinese characters
    stems: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _Passage:
        norm = normalize(text)
        squashed = re.sub(r"(?<=[\u3400-\u9fff])\s+|\s+(?=[\u3400-\u9fff])", "", norm)
        return cls(squashed, frozenset(_stem(w) for w in _LATIN_WORD.findall(norm)))

    def has(self, word: str) -> bool:
        if has_cjk(word):
            word = "".join(word.split())
            return word in self.text or bool(_loose(word).search(self.text))
        stems = [_stem(w) for w in _LATIN_WORD.findall(word)]
        return bool(stems) and all(s in self.stems for s in stems)


# A measure word or particle the documents may put inside a word the answer says (每家 of 每一家);
# a result a verb is said with (填好, 处理完) is the verb's (填写, 处理完毕).
_INSIDE = "一个的之"
_RESULT = "好完"


@lru_cache(maxsize=8192)
def _loose(word: str) -> re.Pattern[str]:
    if len(word) == 2 and word[1] in _RESULT:
        return re.compile(re.escape(word[0]) + "[\u3400-\u9fff]")
    return re.compile(f"[{_INSIDE}]?".join(re.escape(c) for c in word))


@lru_cache(maxsize=2048)
def _content(sentence: str) -> tuple[tuple[str, ...], ...]:
    """The rule's content words, each with the words that mean the same: the sentence's search
    words less its modal and frame words, its figures (the figure check's) and single characters
    (经, 由). A word and its parts (工作 / 工作日 of 工作日内) count once, as the word: said when
    the passage says it or all its parts."""
    text = _CITATION.sub(" ", normalize(sentence))
    text = _MODAL.sub(" ", text)
    groups = [
        g for g in query_groups(text)
        if g[0] not in _FRAME and not re.fullmatch(r"[\d.,%]+", g[0])
        and not (has_cjk(g[0]) and len(g[0]) < 2) and not (not has_cjk(g[0]) and len(g[0]) < 3)
    ]  # fmt: skip
    return tuple(groups)


def support(sentence: str, passage: str) -> Support:
    """How much of the rule a sentence states one passage says."""
    return _support(_content(sentence), _Passage.of(passage))


def _support(groups: tuple[tuple[str, ...], ...], passage: _Passage) -> Support:
    if not groups:
        return Support(1.0, ())
    heads = [g[0] for g in groups]
    found = {g[0]: any(passage.has(w) for w in g) for g in groups}
    shared = lexicon().shared_words
    total = said = 0.0
    missing: list[str] = []
    for head in heads:
        if any(w != head and head in w for w in heads if has_cjk(head)):
            continue  # a part of a longer word of the sentence: counted with it
        parts = [w for w in heads if w != head and w in head and has_cjk(w)]
        weight = _SHARED_WEIGHT if head in shared else 1.0
        total += weight
        # 工作日内 is said by its parts, or by 工作日 alone (a Chinese word on an English passage).
        near = [p for p in parts if len(p) >= len(head) - 1]
        if found[head] or (parts and all(found[p] for p in parts)) or any(found[p] for p in near):
            said += weight
        else:
            missing.append(head)
    return Support(said / total if total else 1.0, tuple(missing))


_CLAUSE = re.compile(r"[，,；;:：]|\band\b|\bbut\b|并且|而且|同时")


def supported(sentence: str, passages: Sequence[str]) -> bool:
    """Whether one of the passages says enough of the rule the sentence states; or, for a
    sentence joining rules of several passages ("紧急投诉须1个工作日内处理完毕，并报告分管领导"),
    whether each of its clauses is said so by one."""
    given = [_Passage.of(p) for p in passages]
    if _said(_content(sentence), given):
        return True
    clauses = [c for c in _CLAUSE.split(_CITATION.sub(" ", sentence)) if _content(c)]
    return len(clauses) > 1 and all(_said(_content(c), given) for c in clauses)


def _said(groups: tuple[tuple[str, ...], ...], given: Sequence[_Passage]) -> bool:
    return not groups or any(_support(groups, p).share >= ENOUGH for p in given)


def best_support(sentence: str, passages: Sequence[str]) -> Support:
    """The passage saying most of the rule, as its Support (for measuring and logs)."""
    groups = _content(sentence)
    found = [_support(groups, _Passage.of(p)) for p in passages]
    return max(found, key=lambda s: s.share, default=Support(0.0, tuple(g[0] for g in groups)))
