"""Extractive answers: the few sentences of the top passages that best answer the question, quoted."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from config.catalog import chinese
from knowledge.answer_units import (
    CARRIED_MARK,
    LABEL_RE,
    Unit,
    chunk_units,
    is_bare_title,
    is_list,
    quote_length,
    read_units,
    titled_units,
    under_run_in_title,
)
from knowledge.defined_terms import (
    DEFINED_ROW_RE,
    DEFINITION_ASKING,
    SUBJECT_IS_RE,
    defines_term,
    names_as_defined,
    says_term,
)
from knowledge.lexicon import AnswerKind, lexicon
from knowledge.messages import message
from knowledge.quote_order import POINTING_BACK_RE
from knowledge.text import compact, is_chinese, normalize, split_sentences, words
from knowledge.types import Passage

MAX_PASSAGES = 12  # the best six, those holding the nearest sentences, their translations
MAX_SENTENCES = 3
MAX_ANSWER_CHARS = 320  # Chinese characters (answer_units.quote_length)
DENSE_CANDIDATES = 3
# Word overlap this clear decides alone; below _LEXICAL_WEAK it cannot even shortlist.
_LEXICAL_CONFIDENT = 0.6
_LEXICAL_WEAK = 0.25
QUALIFIER_WEIGHT = 0.35
SHARED_RULE_FIT = 0.85
# What giving the kind of answer asked is worth, per kind, measured on the dev sets (reason 0.3
# put one more why answer right and two corpus answers wrong; a measure word such as 应当 or 通过
# is in most rules, and weighing it at 0.1 cost two paraphrase_dev and one answer_dev question).
ANSWER_KIND_WEIGHTS = {
    "reason": 0.2,
    "benefit": 0.15,
    "measure": 0.0,
    "list": 0.15,
    "definition": 0.15,
    "basis": 0.15,
    # How often (多久…一次): a rule stating one (每季度, 间隔, once a month) over the visit record.
    # At 0.15 "大客户名录多久更新一次？", which the handbook does not answer, quoted the forum's
    # 每半年 (kbgate_val); at 0.08 not, and as many answered (bench/README.md, kbkey).
    "frequency": 0.08,
    # Who (谁来跟进, who must be told): a sentence naming who acts or is told (由主管督办, 向主管
    # 报告, 负责) over a definition or a list sharing the question's words: "遇到特别严重的投诉要
    # 马上告诉谁？" opens with Article 29 (受理人应立即通知主管), not the severity levels. Measured
    # (bench/README.md, kbpick3): first unit right ALLDEV +4, ALLVAL +2, none lost.
    "actor": 0.1,
}
# A unit saying what the term asked is ("1. Key account: …" for "What counts as a key account?")
# over the type list or the rules sharing the term: defining the term asked is worth this much more
# than giving some definition.
DEFINES_ASKED_TERM = 0.3
# Kinds of answer often given by the sentence next to the one restating the question.
_EXPLAINED_NEXT_TO_CLAIM = frozenset({"reason", "benefit", "definition"})
# When most of the question's words are in some sentence, meaning still counts this much (a share of
# the [0, 1] dense scale): several sentences share the words of a short question ("战略" and "每年"
# of 战略目标每年1月评定一次 for 战略客户一年里领导要去几次). Measured on the dev sets (451
# questions, the right sentence quoted first): 228 at 0.1, 237 at 0.4 and 0.7; nothing answered less.
DENSE_TIE_BREAK = 0.4
# The share of meaning in an English question's sentence score, measured on the English questions
# of the dev sets (0.5: 74, 0.6: 76 of 94 answered right; 0.45-0.8 tried earlier, best at 0.6). At
# 0.6 e5's high English-English similarity lets the handbook's three-priority line outrank the
# telecom article's sentence on identifying key accounts for "How should a telecom operator
# identify its key accounts?" (tests/knowledge/test_document_topics.py).
ENGLISH_DENSE_WEIGHT = 0.5
# What a sentence that is itself a question loses (a rhetorical question leading into the answer).
QUESTION_PENALTY = 0.15
_QUESTION_END = re.compile(r"[?？][”’」』）)\s]*$")
# What a sentence summing up or pointing back loses ("综上所述", "由上可知", "根据以上…").
LOOKING_BACK_PENALTY = 0.1
_LOOKING_BACK_RE = re.compile(
    r"\s*(?:根据以上|根据上述|综上所述|综上|由上可知|由此可见|总之|总而言之)"
)
# The quoted unit stating the time, count or sum asked for is put first only when it shares most of
# the question's words that the first one does (word overlap at least this share of the first's):
# "客户那边生产线停了…最晚几天要搞定？" keeps the 紧急 severity row first, not the early-warning list
# stating "连续2个月". Measured on the dev sets (first quoted unit right): 1.0 +2, 0.8 +4, 0 +9 but
# the warning list first in the handbook test.
STATING_WORDS = 0.8
# When no quoted unit states it, a unit left out of the quote that states exactly the time (a
# frequency for how often, a duration or deadline for how soon), the count or the sum asked
# (answerable.states_asked) is quoted first if it scores at least this share of the best unit and
# has STATING_WORDS of the word overlap of the quoted unit having the most.
STATING_WINDOW = 0.5
NEIGHBOURS = 2
NEIGHBOUR_BONUS = 0.06
_FULLER_SLACK = 0.05
_QUOTABLE = 0.75  # share of the best unit's score a unit needs to be quoted with it
# What a question word counts in a sentence that does not say it when its document is about it.
TOPIC_CREDIT = 1.0
# What a question word counts in a sentence that does not say it when its document's title names it
# (retrieval.ChunkTable.title_topics): 大客户 in the handbook's Article 15, which says 所辖客户.
# Measured with the kbkey changes: 0 → 0.5 ALLVAL 163 → 165; 1.0 lost DEV 461 → 458.
TITLE_CREDIT = 0.5
# What a question word counts in a sentence that does not say it when the heading the sentence
# stands under says it (headings): the article's title over its later sentences ("第二十条 到期提醒。"
# over "已经逾期的客户，每个工作日提醒一次"), the innermost heading of the chunk's section
# ("(一)营销渠道改变时,客户的管理" over the paragraph below it, which says neither 营销渠道 nor 改变).
# Measured on the samples and the corpus (bench/README.md, kbrank 2026-12-01): 0.5 ALLDEV 1086 →
# 1095, ALLVAL 345 → 347; 0.3 ALLVAL 345; 0.7 the same totals (ALLDEV +4 −4); the section's
# heading alone (no article titles) ALLVAL 346.
HEADING_CREDIT = 0.5
# A section heading saying at least HEADING_MATCH of the question (idf-weighted), more than any
# candidate sentence says itself and the most of the candidates' section headings (a document's
# title is none): its sentences count its words HEADING_MATCH_CREDIT and gain HEADING_MATCH_BONUS.
# The paragraph under "(一)营销渠道改变时,客户的管理" answers "营销渠道改变以后怎么管理客户？" as a
# whole, though its sentences say neither 营销渠道 nor 改变 and the article's opening says both.
# Measured (bench/README.md, kbpara2 2026-12-01): ALLDEV 1191 → 1193 (+2, none lost), ALLVAL
# 404 → 405 (an English channel question). Without "more than any sentence says" (every sentence
# of the section counting its heading's words when one of them says the question itself): ALLDEV
# +5 −4 (the three "怎么提高客户满意度" questions lost the lead-in "…应该从以下2个方面着手").
HEADING_MATCH = 0.5
HEADING_MATCH_CREDIT = 1.0
HEADING_MATCH_BONUS = 0.1
# What a sentence loses for saying again, under a heading that says the question, the words the
# heading says (_restating): "进行市场定位、客户细分,准确识别大客户是对大客户实施有效经营策略的基础"
# says 准确识别大客户 as "二、准确识别大客户" does; "决定客户类别的因素主要有五个方面:…" answers
# "怎么准确识别大客户？".
RESTATING_PENALTY = 0.15
# A later sentence of an article leaves its subject to the sentences before it ("评价依据包括…"
# after "公司对大客户实行信誉评价，信誉等级分为优、中、差三级。"). It is lent the words of up to
# LENDING_UNITS sentences before it under the same numbered title or heading only where it gives
# what the question asks and none of them gives: the basis of 怎么评 / 怎么判断 (LENDING_KINDS) or a
# figure asked by a comparison (answerable.states_compared: 低于多少, 贵多少). Lent everywhere, every
# later sentence says all the first says and more, and wins any question (bench/README.md,
# kbpara16); lent for a reason, a benefit, a list, a frequency or the time asked too, it put more
# answers wrong than right (kbsent17).
LENDING = True
LENDING_UNITS = 2
LENDING_KINDS = frozenset({"basis"})
# The unit stating the figure asked by a comparison ("…的5倍" for 贵多少) is quoted first, as one
# stating the time, count or sum asked is (states_asked).
COMPARED_FIRST = True
ANNOUNCING_BONUS = 0.1
# A numbered section heading of one part counts as a section's own (_section_heading).
SECTION_LABELS = True
# What a unit gains, for an English question, per share of the question's words (idf-weighted,
# through the glossary's translations) that the innermost heading of its chunk's section says: the
# section's topic. An English question meets a Chinese sentence only through translations of every
# sense, and the commonest ones (key account, service, client) are in most sentences; the section a
# sentence stands in ("4、大客户营销策略计划的制定", "Counting working days") tells which of the
# sentences sharing them is on the question's topic. Measured on the English questions of ALLDEV
# (433 passing the gate) with the quote simulated (bench/README.md, kben5 2026-12-02): a right
# unit among those quoted 367 → 369 (0.1), 371 (0.2), 370 (0.3); a meaning tie-break among the
# units tied on words (the previous helper's other idea) lost 3-23.
SECTION_TOPIC_CREDIT = 0.2
# A section heading nearer a Chinese question by meaning than any sentence (base.HEADING_ROWS:
# near_headings) lends the sentences standing under it (not under an article title of their own)
# its similarity to the question, its words (HEADING_MATCH_CREDIT) and HEADING_MATCH_BONUS, and they
# are quoted in reading order, as under a heading saying the question in words; a heading that says
# HEADING_MATCH of the question in words is left to that rule (it keeps "…应该从以下2个方面着手:"
# first under "(三)提高客户满意度"). Not the list bonus (ANNOUNCING_BONUS): under the near heading
# "目的与原则" it put "第一条 目的。" before "第二条 基本原则。" for "手册定了哪些原则？".
_BELOW_BEST = 1e-6
# e5: the same meaning in the other language scores about this much lower.
CROSS_LANGUAGE_OFFSET = 0.07
# What a sentence loses, for an English question, when the question names the setting of some
# candidate's document (its topics: "telecom operator" for the telecom article, "power utility" for
# the power supply one) and the sentence's document is not about it: the English handbook's general
# lines share the commonest words (key account, service, client) with every such question and are
# nearer in meaning than the article's Chinese sentence (a 0.07 allowance for the language is not
# enough). Measured on the 21 dev sets (679 questions): 0.05 and 0.1 answered one more right, 0.2
# three more (four gained, "How should a telecom operator price its services" lost: the handbook's
# three-priority line answers it), 0.3 two more. For Chinese questions too it cost four (corpus and
# para4_dev paraphrases answered by the handbook): a Chinese question meets its article by words.
# Only the settings of the Chinese documents count (the same answers on the dev sets as every
# document's: the corpus README, one English chunk, was "about" account, three and really).
# A document is about what its translations are about (_document_topics): the English handbook
# lost the penalty's 0.2 for "supervisors", which the Chinese handbook is about (主管 in most
# chunks) and its English chunks say less often. Measured 2026-11-30: ALLDEV 786 → 787 (en7_dev
# 25 → 26, "do supervisors have to visit clients too?"), ALLVAL 145 = 145.
OFF_TOPIC_PENALTY = 0.2
# Hooks for bench/fit_ranker.py, which learns the weights of the evidence above from the dev sets:
# FEATURE_SINK is called with each question's scored candidates (their evidence in `features`),
# LEARNED_SCORE scores a candidate from its features in the hand score's place. Both None in use:
# the learned weights did not beat the hand-tuned ones (bench/README.md, 2026-11-30).
FEATURE_SINK: Callable[[Sequence[_Candidate]], None] | None = None
LEARNED_SCORE: Callable[[Mapping[str, float]], float] | None = None


# "一次" of "多久走访一次" asks how often: a rule stating the interval says it as well as one saying
# "至少走访一次" ("两次走访间隔不超过60天" lost to the supervisor's and executives' rules by that
# word alone, whose idf is as high as 走访's).
FREQUENCY_FRAME = frozenset({"一次", "1次"})
INTERVAL_WORDS = ("间隔", "interval")
# What a rule for some values of a scale loses when the question asks about the scale as a whole
# (lexicon.scales_asked): "战略大客户…两次走访间隔不超过60天" is the exception for one kind of
# account, not the answer to "大客户多久走访一次？", which the rule by credit rating gives.
# Not when the question names who acts, other than the account manager asking: the supervisor's
# rule for important and strategic accounts (Article 17) answers "主管多久去见一次客户？". Measured
# (bench/README.md, kbkey): 0.15 ALLDEV 806 → 810, ALLVAL 162 → 164; 0.25 ALLVAL 165; without
# the actor exception DEV −1 and kbgate_val −1 ("企业领导需要拜访大客户吗？").
NARROWER_PENALTY = 0.25
OTHER_ACTORS = ("主管", "领导", "高层", "supervisor", "executive", "leader", "boss")


@dataclass
class _Candidate:
    rank: int
    position: int
    unit: Unit
    lexical: float
    score: float = 0.0
    dense: float | None = None
    doc_id: str = ""
    vector: np.ndarray | None = None
    # The share of the question's words its chunk's innermost section heading says.
    section_topic: float = 0.0
    # The numbered title or section heading it stands under (headings): its article.
    heading: str = ""
    # Its chunk's section path (the chapter and section its article is in).
    section_path: str = ""
    # The evidence on it, each piece apart, for bench/fit_ranker.py (kept when a hook is set).
    features: dict[str, float] = field(default_factory=dict)


def lexical_overlap(
    groups: Sequence[Sequence[str]],
    idf: Callable[[str], float],
    sentence: str,
    topics: Collection[int] = (),
    titled: Collection[int] = (),
    heading: str = "",
    heading_credit: float | None = None,
) -> float:
    """idf-weighted share of the question's words (each with its synonyms and translations) that
    the sentence has. A word its document is about (topics: indices into groups; "telecom" in the
    telecom operator's article) counts TOPIC_CREDIT where the sentence does not repeat it; one
    its document's title names TITLE_CREDIT; one the heading it stands under says
    HEADING_CREDIT."""
    if not groups:
        return 0.0
    said = _sentence_words(sentence)
    heading_credit = HEADING_CREDIT if heading_credit is None else heading_credit
    over = _sentence_words(heading) if heading and heading_credit else None
    total = 0.0
    hit = 0.0
    for n, group in enumerate(groups):
        weight = idf(group[0])
        total += weight
        if _says(group, said):
            hit += weight
        elif n in topics:
            hit += TOPIC_CREDIT * weight
        else:
            credit = TITLE_CREDIT if n in titled else 0.0
            if over is not None and _says(group, over):
                credit = max(credit, heading_credit)
            hit += credit * weight
    return hit / total if total else 0.0


def _says(group: Sequence[str], said: tuple[str, frozenset[str], frozenset[str]]) -> bool:
    """The text (_sentence_words) has a word of the group, or an English word's stem."""
    norm, present, stems = said
    return any(
        w in present or (len(w) > 1 and w in norm) or (w.isascii() and _stem(w) in stems)
        for w in group
    )


def _section_heading(units: Sequence[Unit], section: str | None, heading: str) -> bool:
    """The heading is a section's own (a numbered title in the chunk, or the innermost part of a
    section path of two parts or more), not a document's title standing over all of it."""
    if not heading:
        return False
    if " › " in (section or "") and heading == (section or "").split(" › ")[-1].strip():
        return True
    if SECTION_LABELS and heading == (section or "").strip() and LABEL_RE.match(heading):
        # A numbered section of one part ("一、认识大客户的价值"): its own heading, not a title.
        return True
    return any(u.text.strip() == heading or u.text.strip().startswith(heading) for u in units)


def headings(units: Sequence[Unit], section: str | None) -> list[str]:
    """The heading each unit stands under: the last numbered title before it in the chunk, alone
    ("第十七条 主管走访。") or opening a unit ("第二十条 到期提醒。 系统在…" for the sentences after
    it), else the innermost heading of the chunk's section ("(一)营销渠道改变时,客户的管理"), else
    none. A unit opening with its title stands under it too (it says those words itself)."""
    current = (section or "").split(" › ")[-1].strip()
    out: list[str] = []
    for unit in units:
        if is_bare_title(unit):
            current = unit.text.strip()
        elif not unit.intro:
            first = (split_sentences(unit.text.strip()) or [""])[0].strip()
            if first != unit.text.strip() and is_bare_title(Unit(first)):
                current = first
        out.append(current)
    return out


_NO_STEMS: frozenset[str] = frozenset()


@lru_cache(maxsize=16384)
def _sentence_words(sentence: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """A sentence normalised, its words and its English stems: the same chunks' sentences (and a
    list's items, scored one by one) come back question after question, and cutting them with
    jieba is most of the cost of scoring them."""
    norm = normalize(sentence)
    if norm == sentence:
        norm = sentence  # one string kept, not two equal ones
    # Interned: the same few thousand words recur in every sentence; kept once, the cache's
    # entries take a third less memory (2.9 → 2.0 KB each on kb_bench's sentences: 47 → 33 MB
    # when full).
    present = frozenset(map(sys.intern, words(norm)))
    stems = frozenset(sys.intern(_stem(w)) for w in present if w.isascii())
    return norm, present, stems or _NO_STEMS


_SUFFIXES = ("ing", "ed", "es", "s")


def _stem(word: str) -> str:
    """visited, visits, visiting → visit: enough for an English question to meet its sentence."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def qualifier_fit(asked: dict[str, frozenset[str]], unit: Unit) -> float:
    """+1 when the unit names only values the question asked about (its own row or item), a half
    when it names them among siblings, -1 when it names only sibling values (优质 when 较差 was
    asked), 0 when it names none."""
    if not asked:
        return 0.0
    text = normalize(unit.text)
    lex = lexicon()
    fits = []
    for name, values in asked.items():
        group = lex.group(name)
        named = group.mentioned(text)
        if named:
            if group.topic:
                fits.append(0.0 if named & values else -1.0)
            elif named <= values:
                fits.append(1.0)
            elif named & values:
                # A list naming every value lists their rules side by side; one sentence naming
                # the value asked with another ("每一家战略大客户和重要大客户") states a rule for both.
                fits.append(0.5 if is_list(unit) else SHARED_RULE_FIT)
            else:
                fits.append(-1.0)
    if not fits:
        return 0.0
    return -1.0 if -1.0 in fits else max(fits)


def names_other_actor(normalized_question: str) -> bool:
    """The question names who acts (主管, 领导, supervisors), not the account manager asking."""
    found = words(normalized_question)
    return any(
        any(w.startswith(a) for w in found) if a.isascii() else a in normalized_question
        for a in OTHER_ACTORS
    )


def _narrower(scales: Collection[str], unit: Unit) -> bool:
    """The unit, a rule and not a list or a list's row, names some but not all values of a scale
    the question asks about as a whole."""
    if unit.intro or is_list(unit):
        return False
    text = _normalized(unit.text)
    lex = lexicon()
    for name in scales:
        group = lex.group(name)
        if 0 < len(group.mentioned(text)) < len(group.values):
            return True
    return False


def answer_kind_fit(kinds: Sequence[AnswerKind], unit: Unit) -> float:
    """What the unit gains for giving a kind of answer the question asks for (a reason for "why",
    a benefit for "what good", a measure for "how", a list for "which kinds"), 0 when it gives
    none: a sentence sharing the question's topic words but restating the rule asked about does
    not answer why the rule holds."""
    if not kinds:
        return 0.0
    text = _normalized(unit.text)
    given = [
        ANSWER_KIND_WEIGHTS.get(kind.name, 0.0)
        for kind in kinds
        if kind.given_by(text) or (kind.name == "list" and is_list(unit))
    ]
    return max(given, default=0.0)


@lru_cache(maxsize=8192)
def _normalized(text: str) -> str:
    """normalize() of a unit's text: the same chunks' units come back question after question."""
    return normalize(text)


# "哪些措施", "哪几个要点", "分为哪几类": the thing a question asks to be listed follows its marker
# (a classifier alone, as in 哪几类, is that thing); "职责有哪些" names it before.
_LIST_ASKED_RE = re.compile(
    r"哪些|哪几(?:个方面|部分|个|种|类|项|条|点|步|块|级)?|几(?:个方面|部分|类|种|项|步|块|级)"
    r"|(?<=分)几个|(?<=分[为成])几个|(?<=些)(?:啥|什么)"
)
_LIST_VERBS = frozenset("有 包括 包含 分为 分成 是 由 组成".split())
_ENGLISH_LIST_ASKED_RE = re.compile(
    r"\b(?:which|what)\s+(?:(?:kinds?|types?|sorts?)\s+of\s+)?(?:are\s+the\s+)?"
    r"(?!(?:is|are|do|does|did|should|can|must|will|would|could)\b)([a-z][a-z\- ]*?)"
    r"(?=\s+(?:are|is|do|does|did|should|can|must|of|in|for|there|to|would|will|could|has|have)\b"
    r"|\s*[?.!]|$)"
)
LIST_HEAD_WEIGHT = 0.15
# Words that name what any list holds, not what it is a list of: "培训哪些内容" is not answered by
# "走访记录，内容包括：…" (kbcorp3_dev). Such a word counts in a list's head only beside the word
# the question puts before it (培训, 档案, 写).
_GENERIC_LISTED = frozenset("内容 东西 事项 事情".split())
# Words before the list marker that say nothing of whose list it is.
_NOT_WHOSE = frozenset("具体 平时 一般 主要 通常 一定 应该 需要 必须 大概 大致 都".split())
_LIGHT_VERBS = frozenset("做 干 搞 弄 办".split())


def _whose(before: str) -> list[str]:
    """The word before a generic "哪些内容" ("培训", "大客户档案" and its head noun 档案)."""
    said = [
        w
        for w in words(before.removesuffix("些"))
        if w not in _LIST_VERBS | _NOT_WHOSE | _LIGHT_VERBS
    ]
    if not said:
        return []
    last = said[-1]
    return [last, last[-2:]] if len(last) > 2 and not last.isascii() else [last]


def listed_things(normalized_question: str) -> tuple[str, ...]:
    """The words naming what a question asks to be listed: 措施 in "服务补救有哪些措施？", 类 in
    "分为哪几类？", 职责 in "客户经理的职责有哪些？", measures in "Which recovery measures are
    there?"; () when it asks for no list. With their synonyms (办法 for 措施)."""
    found: list[str] = []
    for match in _LIST_ASKED_RE.finditer(normalized_question):
        after = words(normalized_question[match.end() :])
        classifier = (
            match.group(0).lstrip("哪几些").lstrip("个").removeprefix("啥").removeprefix("什么")
        )
        if classifier:
            found.append(classifier)  # 哪几类, 哪几个方面
        if after and after[0] in _GENERIC_LISTED:
            # "培训哪些内容": 内容 is any list's content; the word before it says whose.
            found.append(after[0])
            found.extend(_whose(normalized_question[: match.start()]))
        elif after and after[0] not in _LIST_VERBS:
            found.append(after[0])
        elif not classifier:
            before = [
                w
                for w in words(normalized_question[: match.start()].removesuffix("些"))
                if w not in _LIST_VERBS
            ]
            # "帮客户做些什么": a light verb names no thing listed (做 is in "服务做为共识").
            if before and before[-1] not in _LIGHT_VERBS:
                found.append(before[-1])
    if not found and (english := _ENGLISH_LIST_ASKED_RE.search(normalized_question)):
        found.append(_stem(english.group(1).split()[-1]))
    lex = lexicon()
    return tuple(dict.fromkeys(w for f in found for w in (f, *lex.alternatives(f))))


def _with_translations(listed: Sequence[str], groups: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """The listed words with the other words of the question's word group each is in: the
    glossary's translations ("What strategic goals…": goals, 目标), so that an English question's
    list is found under a Chinese head ("…通常有如下四种战略目标:发展战略、…") and a Chinese
    question's under an English one."""
    found = list(listed)
    for word in listed:
        for group in groups:
            asked = group[0]
            # An English word only in the plural ("what goals", not "what value do…", which asks
            # for no list): the English pattern takes any noun after "what".
            plural = asked.isascii() and asked != word and _stem(asked) == word
            if plural or (not word.isascii() and word in group):
                found.extend(group)
    return tuple(dict.fromkeys(found))


def list_head_fit(listed: Sequence[str], unit: Unit) -> float:
    """What a whole list gains when its head (the words before its first item) names the thing the
    question asks to be listed: "补救措施包括：当面或书面致歉；…" answers "服务补救有哪些措施？"
    before a sentence that only mentions 补救措施."""
    # A sentence naming several things under a paragraph's run-in title is a list of them too
    # ("…从业务水平、营销理念、营销方法、言行举止等各方面对客户经理进行培训教育").
    enumerates = under_run_in_title(unit) and is_list(Unit(unit.text))
    if not listed or not (is_list(unit) or enumerates):
        return 0.0
    head = re.split(r"[：:\n]", _normalized(unit.text), maxsplit=1)[0]
    if not re.search(r"[：:\n]", unit.text):
        head = split_sentences(head)[0] if split_sentences(head) else head
    stems = {_stem(w) for w in words(head) if w.isascii()}
    said = [w for w in listed if (w in head if not w.isascii() else _stem(w) in stems)]
    found = any(w not in _GENERIC_LISTED for w in said)
    if not found and any(w in _PART_WORDS for w in listed):
        # "哪几块", "几个方面" name no thing, only parts: a head counting its parts ("按三组指标
        # 评价", "主要看以下五个因素") names them.
        found = _COUNTED_PARTS_RE.search(head) is not None
    return LIST_HEAD_WEIGHT if found else 0.0


# Classifiers a question asks to be listed by when it names no thing ("从哪几块来打分").
# A level (几级, 几个等级) is counted like a part: "分为低、中、高、紧急四级" names the levels.
_PART_WORDS = frozenset("块 方面 部分 类 种 项 点 条 步 级 等级 级别".split())
_COUNTED_PARTS_RE = re.compile(
    r"(?<![第\d])[\d一二两三四五六七八九十]+\s*(?:个方面|个|组|类|种|项|条|点|步|块|部分|方面|级)"
)


_ROWLABEL_RE = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、．)）]|[（(]\d{1,2}[）)])?\s*([^：:。，,；;]{1,16})[：:]\s*(.+)$", re.S
)
# A row defining a value ("4. 紧急：造成客户生产中断…") describes what the question describes when
# it shares this much more of the question's words than any other row of its list.
_DEFINITION_OVERLAP = 0.3
_DEFINITION_LEAD = 0.15


def _implied_qualifiers(
    candidates: Sequence[_Candidate],
    groups: Sequence[Sequence[str]],
    idf: Callable[[str], float],
    asked: dict[str, frozenset[str]],
) -> dict[str, frozenset[str]]:
    """Qualifier values the question describes without naming them: "客户生产线停了，最晚几天要
    搞定？" describes the 紧急 row of the severity list, so the 紧急 row of the deadlines answers it
    and the rows for 高 or 低 lose, as if 紧急 had been asked."""
    lex = lexicon()
    rows: dict[str, list[tuple[float, str, str]]] = {}  # intro: (overlap, group, value)
    for c in candidates:
        match = _ROWLABEL_RE.match(c.unit.text) if c.unit.intro else None
        if match is None:
            continue
        label = normalize(match.group(1))
        for q in lex.qualifiers:
            named = q.mentioned(label)
            if q.name not in asked and len(named) == 1:
                overlap = lexical_overlap(groups, idf, match.group(2))
                rows.setdefault(c.unit.intro, []).append((overlap, q.name, next(iter(named))))
    implied: dict[str, frozenset[str]] = {}
    for found in rows.values():
        found.sort(reverse=True)
        best, name, value = found[0]
        runner_up = found[1][0] if len(found) > 1 else 0.0
        if best >= _DEFINITION_OVERLAP and best - runner_up >= _DEFINITION_LEAD:
            implied.setdefault(name, frozenset({value}))
    return implied


def select_sentences(
    passages: Sequence[Passage],
    groups: Sequence[Sequence[str]],
    idf: Callable[[str], float],
    query_vector: np.ndarray | None,
    unit_vectors: Sequence[np.ndarray | None] = (),
    asked: dict[str, frozenset[str]] | None = None,
    language: str = "zh",
    twins: Mapping[str, frozenset[str]] | None = None,
    kinds: Sequence[AnswerKind] = (),
    topics: Mapping[str, Collection[int]] | None = None,
    listed: Sequence[str] = (),
    titled: Mapping[str, Collection[int]] | None = None,
    scales: Collection[str] = (),
    states_asked: Callable[[Unit], bool] | None = None,
    asks_how: bool = True,
    near_headings: Mapping[str, float] | None = None,
    defined: str = "",
    subject: QuestionSubject | None = None,
    states_compared: Callable[[Unit], bool] | None = None,
) -> list[tuple[int, Unit]]:
    """(passage index, unit) pairs that answer the question, the best first.

    Every retrieved passage's units compete: by word overlap (synonyms and glossary translations
    count), by meaning (unit_vectors[i] holds passage i's stored unit vectors in chunk_units order,
    compared with the question's vector; nothing is embedded here), and by the qualifiers the
    question asks about (a sibling value's rule loses). twins maps a document to its translations
    (retrieval.translations): a unit whose translation in the asker's language is also a candidate
    is quoted in the asker's language only. kinds are the kinds of answer the question asks for
    (lexicon.kinds_asked): a unit giving one gains over one only sharing the question's words.
    topics maps a document to the question's word groups it is about (ChunkTable.topics): its
    sentences count them as said.
    listed are the words naming what the question asks to be listed (listed_things): a list headed
    by them gains. titled maps a document to the question's word groups its title names
    (ChunkTable.title_topics): its sentences count them TITLE_CREDIT. scales are the qualifier
    groups the question asks about as a whole (lexicon.scales_asked): a rule for some of their
    values loses NARROWER_PENALTY. states_asked tells a unit stating the time, count or sum the
    question asks for (answerable.states_asked): the first such unit quoted is quoted first.
    asks_how tells a question asking how, or which things (asks_how_or_which): under a heading
    saying it, a sentence saying the heading again loses RESTATING_PENALTY. near_headings maps a
    chunk id to the similarity of its section's heading to the question when that heading is nearer
    it than any sentence (Retrieval.near_headings): the heading is lent to the sentences under it.
    defined is the term a definition question asks about (defined_term): only a unit defining
    that term gives the definition asked. subject holds the question's words saying what it is
    about and its figures and time words (answerable.question_subject): a later quote from another
    article saying only the figures is not quoted (_looks_alike). states_compared tells a unit
    stating the figure the question asks by a comparison (answerable.states_compared): a later
    sentence of an article stating it, or the basis asked, where the sentences before it do not,
    is lent their words (LENDING), and it is quoted first when no time, count or sum is asked.
    """
    asked = asked or {}
    groups = [(*g, *INTERVAL_WORDS) if g[0] in FREQUENCY_FRAME else g for g in groups]
    if defined:
        # "大客户的定义是什么": 定义 asks for a definition, it is not what one is about ("根据以上
        # 五个因素,我们可准确的定义出大客户的类别" says it and defines nothing).
        groups = [g for g in groups if g[0] not in DEFINITION_ASKING] or groups
    asks_list = bool(listed) or any(kind.name == "list" for kind in kinds)
    listed = _with_translations(listed, groups)
    candidates: list[_Candidate] = []
    seen: set[str] = set()
    # Section heading → its own word overlap with the question (see HEADING_MATCH).
    matching: dict[str, float] = {}
    under: dict[int, str] = {}
    section_of: dict[int, str] = {}
    context: dict[int, tuple[Collection[int], Collection[int]]] = {}
    lent: dict[int, tuple[list[Unit], Collection[int], Collection[int]]] = {}
    near_lifted: set[int] = set()
    for rank, passage in enumerate(passages[:MAX_PASSAGES]):
        vectors = unit_vectors[rank] if rank < len(unit_vectors) else None
        units = chunk_units(passage.text)
        usable = vectors is not None and query_vector is not None and len(vectors) == len(units)
        over = headings(units, passage.section)
        section = (passage.section or "").split(" › ")[-1].strip()
        section_topic = lexical_overlap(groups, idf, section) if section else 0.0
        before: list[tuple[str, Unit]] = []  # (heading, unit) of the units read so far
        for position, unit in titled_units(units):
            lenders = _lenders(before, over[position], unit)
            before.append((over[position], unit))
            if unit.joined and not asks_list:
                # More words than any of its items, not a better answer to another question.
                continue
            key = compact(unit.full)
            # Chunks overlap by a sentence; quote each sentence once.
            if key in seen:
                continue
            seen.add(key)
            about = (topics or {}).get(passage.doc_id, ())
            named = (titled or {}).get(passage.doc_id, ())
            heading = over[position]
            if asks_list or unit.intro or "\n" not in unit.text.strip():
                lexical = lexical_overlap(groups, idf, unit.full, about, named, heading)
            else:
                # A whole list, for a question not asking for one, says what one of its items
                # says: the question's words scattered over its items (投诉 in one, 电话 in
                # another of what a client file holds) are not an answer.
                head, *items = unit.text.strip().split("\n")
                lexical = max(
                    lexical_overlap(groups, idf, f"{head}\n{item}", about, named, heading)
                    for item in items
                )
            candidate = _Candidate(
                rank, position, unit, lexical, doc_id=passage.doc_id,
                section_topic=section_topic, heading=over[position],
                section_path=passage.section or "",
            )  # fmt: skip
            if lenders:
                lent[id(candidate)] = (lenders, about, named)
            if _section_heading(units, passage.section, heading):
                if heading not in matching:
                    matching[heading] = lexical_overlap(groups, idf, heading)
                under[id(candidate)] = heading
                section_of[id(candidate)] = section
                context[id(candidate)] = (about, named)
            near = (near_headings or {}).get(passage.chunk_id)
            if (
                near is not None
                and under.get(id(candidate)) == section
                and section_topic < HEADING_MATCH
            ):
                near_lifted.add(id(candidate))
            if usable:
                assert vectors is not None and query_vector is not None
                candidate.vector = vectors[position].astype(np.float32)
                candidate.dense = float(candidate.vector @ query_vector)
                if is_chinese(unit.text) != chinese(language):
                    # e5 puts a sentence in the other language lower for the same meaning.
                    candidate.dense += CROSS_LANGUAGE_OFFSET
                if near is not None and id(candidate) in near_lifted:
                    candidate.dense = max(candidate.dense, near)
            candidates.append(candidate)
    if not candidates:
        return []
    lifted = set(near_lifted)
    best_heading = max(matching.values(), default=0.0)
    # Only where no sentence says the question as well as the heading does: under "(三)提高客户
    # 满意度" the sentence saying 提高客户的满意度 itself is the answer, not every one of the section.
    restating = _restating(
        candidates, under, section_of, matching, groups, idf, kinds, asks_how, chinese(language)
    )
    # A sentence of the section saying its heading again ("进行市场定位、客户细分,准确识别大客户是…
    # 的基础" under "二、准确识别大客户") is no better evidence than the heading: the lift is judged
    # without it. One announcing what follows ("…应该从以下2个方面着手:") states the answer itself.
    others = [c.lexical for c in candidates if id(c) not in restating]
    announced = any(
        under.get(id(c))
        and matching.get(under[id(c)]) == best_heading
        and c.lexical >= best_heading
        for c in candidates
        if id(c) not in restating
    )
    if (
        best_heading >= HEADING_MATCH
        and best_heading >= max(others, default=0.0)
        and (not announced or best_heading > max(others, default=0.0))
    ):
        for c in candidates:
            heading = under.get(id(c), "")
            if matching.get(heading) != best_heading:
                continue
            about, named = context[id(c)]
            said = lexical_overlap(
                groups, idf, c.unit.full, about, named, heading, HEADING_MATCH_CREDIT
            )
            c.lexical = max(c.lexical, said)
            lifted.add(id(c))
    for c in candidates:
        if id(c) in near_lifted:
            about, named = context[id(c)]
            said = lexical_overlap(
                groups, idf, c.unit.full, about, named, under[id(c)], HEADING_MATCH_CREDIT
            )
            c.lexical = max(c.lexical, said)
    if LENDING and lent:
        _lend_words(candidates, lent, groups, idf, kinds, states_compared)
    asked = {**_implied_qualifiers(candidates, groups, idf, asked), **asked}
    # The question's words naming the setting of a candidate document in the other language (see
    # OFF_TOPIC_PENALTY): a one-chunk English note is "about" every word it has.
    other = {c.doc_id for c in candidates if is_chinese(c.unit.text) != chinese(language)}
    setting = frozenset[int]().union(*(v for d, v in (topics or {}).items() if d in other))
    best_lexical = max(c.lexical for c in candidates)
    learning = FEATURE_SINK is not None or LEARNED_SCORE is not None
    dense_values = [c.dense for c in candidates if c.dense is not None]
    # Similarities are compressed and shifted by language pair: compare within this question.
    top_dense = max(dense_values) if dense_values else 0.0
    for c in candidates:
        # Earlier passages ranked better overall; a small prior breaks ties toward them.
        c.score = c.lexical + 0.12 / (c.rank + 1)
        if learning:
            about = (topics or {}).get(c.doc_id, ())
            c.features = _evidence(c, groups, about, language, best_lexical)
        if id(c) in lifted:
            c.score += HEADING_MATCH_BONUS
            c.features["heading_match"] = 1.0
        if c.dense is not None:
            dense = float(np.clip((c.dense - top_dense + 0.15) / 0.15, 0.0, 1.0))
            c.features["dense"] = dense
            if best_lexical < _LEXICAL_CONFIDENT or not chinese(language):
                weight = 0.7 if best_lexical < _LEXICAL_WEAK else 0.45
                if not chinese(language):
                    # An English question's words meet Chinese text through translations of
                    # every sense and English text through its commonest words (key, account,
                    # service): word overlap never decides alone, and the meaning counts more.
                    weight = max(weight, ENGLISH_DENSE_WEIGHT)
                c.score = (1 - weight) * c.score + weight * dense
            else:
                # Short questions give several sentences every word: meaning breaks the tie.
                c.score += DENSE_TIE_BREAK * dense
        if not chinese(language) and c.section_topic:
            c.score += SECTION_TOPIC_CREDIT * c.section_topic
            c.features["section_topic"] = c.section_topic
        if id(c) in restating:
            c.score -= RESTATING_PENALTY
            c.features["restating"] = 1.0
        elif id(c) in lifted and id(c) not in near_lifted and _announces(c.unit):
            # Under the heading asked about, the list it gives is what the section says of it.
            c.score += ANNOUNCING_BONUS
            c.features["announcing"] = 1.0
        if c.unit.intro:
            c.score -= 0.05  # an item alone answers only when it is the one asked about
        if _QUESTION_END.search(c.unit.text):
            # A question in the text ("那么营销管理到底该管些什么呢?") asks what the next
            # sentences answer; it shares the question's words and answers nothing.
            c.score -= QUESTION_PENALTY
        elif _LOOKING_BACK_RE.match(c.unit.text):
            # "根据以上五个因素,我们可准确的定义出大客户的类别": the sentences before say it.
            c.score -= LOOKING_BACK_PENALTY
        c.features["qualifier"] = qualifier_fit(asked, c.unit)
        if scales and _narrower(scales, c.unit):
            c.score -= NARROWER_PENALTY
            c.features["narrower"] = 1.0
        c.score += QUALIFIER_WEIGHT * c.features["qualifier"]
        if (
            setting
            and not chinese(language)
            and setting.isdisjoint(_document_topics(c.doc_id, topics, twins))
        ):
            c.score -= OFF_TOPIC_PENALTY
            c.features["off_topic"] = 1.0
    # The unit best matching a why- or what-does-it-mean question states what it asks about; the
    # sentence next to it in its paragraph gives the reason or the meaning, with or without 因为 or
    # 是指 ("通常约20%的客户贡献约80%的收入" before "客户经理应把主要精力投向高价值客户").
    claim = max(candidates, key=lambda c: c.score)
    explained = max((ANSWER_KIND_WEIGHTS.get(k.name, 0.0) for k in kinds if k.name in
                     _EXPLAINED_NEXT_TO_CLAIM), default=0.0)  # fmt: skip
    explaining = []
    definition = next((k for k in kinds if k.name == "definition"), None)
    if defined and not any(says_term(_normalized(c.unit.full), defined) for c in candidates):
        # No passage uses the term ("怎样的服务才算让客户特别满意", "客户经理制"): the words
        # taken for it name no thing the documents define; the question's words decide.
        defined = ""
    for c in candidates:
        if definition is not None and defined:
            # The term asked, not any word of the question, must be the one defined: the type
            # list's "1. 重要大客户：…", "大客户服务是一项系统工程" or "客户关系管理又称CRM" does
            # not say what 大客户 is; "第六条 用语说明。 1. 大客户：…" does.
            fit = answer_kind_fit([k for k in kinds if k is not definition], c.unit)
            if defines_term(c.unit, defined, definition):
                fit = max(fit, ANSWER_KIND_WEIGHTS["definition"])
                if names_as_defined(c.unit, defined):
                    fit += DEFINES_ASKED_TERM
        else:
            fit = answer_kind_fit(kinds, c.unit)
            if not fit and definition is not None and _defines(c.unit, groups):
                fit = ANSWER_KIND_WEIGHTS["definition"]
        c.features["kind_fit"] = fit
        if explained and _next_in_paragraph(passages[c.rank].text, claim, c):
            fit = max(fit, explained)
            explaining.append(c)
            c.features["explaining"] = explained
        c.features["list_head"] = list_head_fit(listed, c.unit)
        c.score += fit + c.features["list_head"]
    if learning:
        for c in candidates:
            c.features["hand"] = c.score
            if LEARNED_SCORE is not None:
                c.score = LEARNED_SCORE(c.features)
    for c in explaining:
        # Quotable with the claim it explains, though its words and meaning are further away.
        c.score = max(c.score, _QUOTABLE * claim.score)
    if not chinese(language):
        _before_pointing_back(candidates, passages)
    if twins:
        candidates = _without_translations(candidates, twins, language)
    if FEATURE_SINK is not None:
        FEATURE_SINK(candidates)
    candidates.sort(key=lambda c: -c.score)
    best = candidates[0]
    for c in candidates[1:]:
        # An answer is told in a few neighbouring sentences ("…学习原料生产工艺。将销售队伍变为
        # 专家销售。"): the best unit's neighbours come before as good a sentence elsewhere. Only
        # among units good enough to quote: the bonus orders them, it lets in no other. Nor does
        # it put a neighbour before the best unit: the next article ("第五十三条 测评频次。"
        # before "第五十四条 考核目标。") is a sibling rule, not the answer.
        near = c.rank == best.rank and 0 < abs(c.position - best.position) <= NEIGHBOURS
        if near and not _overlaps(c.unit, best.unit) and c.score >= _QUOTABLE * best.score:
            c.score = max(c.score, min(c.score + NEIGHBOUR_BONUS, best.score - _BELOW_BEST))
    candidates.sort(key=lambda c: -c.score)
    top = candidates[0].score
    chosen: list[_Candidate] = []
    size = 0.0
    for c in candidates:
        if len(chosen) >= MAX_SENTENCES or c.score < _QUOTABLE * top:
            break
        if any(_says_again(c.unit, o.unit) for o in chosen):
            continue
        if chosen and subject is not None and _looks_alike(c, chosen, subject, topics):
            continue
        held = next((o for o in chosen if _overlaps(c.unit, o.unit)), None)
        if held is not None:
            # As good and holding it (the lead-in "一是…" and the enumeration of all points):
            # the fuller unit is quoted in its place.
            fuller = held.unit.text in c.unit.text and c.score >= held.score - _FULLER_SLACK
            held_all = [o for o in chosen if _overlaps(c.unit, o.unit)]
            freed = sum(quote_length(o.unit.full) for o in held_all)
            if fuller and size - freed + quote_length(c.unit.full) <= MAX_ANSWER_CHARS:
                # In the place of the first unit it holds; the others it holds are dropped.
                chosen[chosen.index(held)] = c
                chosen = [o for o in chosen if o is c or o not in held_all]
                size += quote_length(c.unit.full) - freed
            continue
        if chosen and size + quote_length(c.unit.full) > MAX_ANSWER_CHARS:
            continue
        chosen.append(c)
        size += quote_length(c.unit.full)
    if chosen and all(id(c) in lifted for c in chosen):
        # The section under the heading asked about is the answer: quoted in its reading order
        # ("中油统销实行,就是将客户先行集中…" before "这一做法,优化了资源…", which points back to it).
        # A list the section gives, when it is the best, stays first; a sentence saying the
        # heading again comes after the sentences saying something of it.
        first = chosen[0] if _announces(chosen[0].unit) else None
        chosen.sort(key=lambda c: (c is not first, id(c) in restating, c.rank, c.position))
    if states_asked is None and COMPARED_FIRST:
        # "拉一个新客户比留住老客户贵多少？": the unit stating the ratio asked ("…的5倍") first.
        states_asked = states_compared
    if states_asked is not None:
        # "紧急投诉多久要解决？": of the units quoted, the one stating the time asked for comes
        # first, not the escalation rule that shares more of the question's words. Only the order:
        # the answer checks (answerable.answers_question) judge the same quoted units.
        stating = next((c for c in chosen if states_asked(c.unit)), None)
        words_needed = chosen[0].lexical if chosen else 0.0
        if stating is None and chosen:
            stating = _stating_outside(candidates, chosen, states_asked, top)
            # From outside the quote, it must say the question's words about as much as every
            # quoted unit: "How many overtime hours…" is not answered by the 2-hour repair row.
            words_needed = max(c.lexical for c in chosen)
        if stating is not None and stating.lexical >= STATING_WORDS * words_needed:
            chosen = [stating, *(c for c in chosen if c is not stating)]
            while len(chosen) > MAX_SENTENCES or (
                len(chosen) > 1
                and sum(quote_length(c.unit.full) for c in chosen) > MAX_ANSWER_CHARS
            ):
                chosen.pop()
    # The best answer first (the rule asked about, not its neighbour earlier in the document).
    return [(c.rank, c.unit) for c in chosen]


@dataclass(frozen=True)
class QuestionSubject:
    """What a question is about, apart from the figures it gives (answerable.question_subject)."""

    # Index into the question's word groups → the words saying what it is about, with the
    # documents' words for them, their synonyms and translations (欠款: 欠费, 回款, arrears …).
    words: Mapping[int, tuple[str, ...]]
    # Its figures and time words (60, 天, 一次): what a look-alike rule shares with it.
    figures: tuple[tuple[str, ...], ...]


def _lenders(before: Sequence[tuple[str, Unit]], heading: str, unit: Unit) -> list[Unit]:
    """Up to LENDING_UNITS units just before the unit under the same heading, when the unit and
    they are sentences (not a list, its items or its lead-in): those that may lend it their words."""
    if not heading or _in_list(unit):
        return []
    out: list[Unit] = []
    for over, u in reversed(before):
        if over != heading or len(out) >= LENDING_UNITS or _in_list(u):
            break
        out.append(u)
    return out[::-1]


def _in_list(unit: Unit) -> bool:
    """A list on its lines, one of its items or the items joined."""
    return bool(unit.intro) or unit.joined or "\n" in unit.text.strip()


def _lend_words(
    candidates: Sequence[_Candidate],
    lent: Mapping[int, tuple[list[Unit], Collection[int], Collection[int]]],
    groups: Sequence[Sequence[str]],
    idf: Callable[[str], float],
    kinds: Sequence[AnswerKind],
    states_compared: Callable[[Unit], bool] | None,
) -> None:
    """A later sentence of an article giving what the question asks and the sentences before it
    do not (the basis asked, a figure asked by a comparison) says their words too (LENDING)."""
    lending = [k for k in kinds if k.name in LENDING_KINDS and ANSWER_KIND_WEIGHTS.get(k.name)]
    if not lending and states_compared is None:
        return

    def gives(unit: Unit) -> bool:
        if lending and answer_kind_fit(lending, unit) > 0:
            return True
        return states_compared is not None and states_compared(unit)

    for c in candidates:
        if id(c) not in lent:
            continue
        lenders, about, named = lent[id(c)]
        if not gives(c.unit) or any(gives(u) for u in lenders):
            continue
        text = "\n".join(u.full for u in lenders)
        said = lexical_overlap(groups, idf, f"{text}\n{c.unit.full}", about, named, c.heading)
        if said > c.lexical:
            c.features["lent"] = said - c.lexical
            c.lexical = said


def _looks_alike(
    c: _Candidate,
    chosen: Sequence[_Candidate],
    subject: QuestionSubject,
    topics: Mapping[str, Collection[int]] | None,
) -> bool:
    """A later quote from another article than those quoted that says a figure or time word of the
    question and none of the words saying what it is about, when the first quote says one: a
    neighbouring rule a manager would read as part of the answer. "客户欠款超过60天怎么办？" is
    answered by the collections rule (Article 48), not by the overdue visits' 15 days (Article 21)
    nor the strategic accounts' 60-day visit interval (Article 16) that share 天 and 60 with it."""
    if not subject.words or not subject.figures or _same_article(c, chosen):
        return False
    said = _sentence_words(c.unit.full)
    if not any(_says(g, said) for g in subject.figures):
        return False
    return _says_subject(chosen[0], subject, topics) and not _says_subject(c, subject, topics)


def _same_article(c: _Candidate, chosen: Sequence[_Candidate]) -> bool:
    """A unit of an article already quoted (the same document and numbered title or heading)."""
    return any((o.doc_id, o.heading) == (c.doc_id, c.heading) for o in chosen)


def _says_subject(
    c: _Candidate, subject: QuestionSubject, topics: Mapping[str, Collection[int]] | None
) -> bool:
    """The unit, its article's title or its chapter and section say a word of what the question
    is about, or its document is about one (topics: 供电企业 for the power utility's article,
    which its sentences seldom repeat)."""
    if any(n in subject.words for n in (topics or {}).get(c.doc_id, ())):
        return True
    said = _sentence_words(f"{c.section_path}\n{c.heading}\n{c.unit.full}")
    return any(_says(g, said) for g in subject.words.values())


def _restating(
    candidates: Sequence[_Candidate],
    under: Mapping[int, str],
    section_of: Mapping[int, str],
    matching: Mapping[str, float],
    groups: Sequence[Sequence[str]],
    idf: Callable[[str], float],
    kinds: Sequence[AnswerKind],
    asks_how: bool,
    asked_in_chinese: bool = True,
) -> set[int]:
    """The candidates saying again the question's words their section's heading says, when that
    heading says the question (HEADING_MATCH): the section's topic sentence ("分析大客户价值,对于我们
    开展大客户服务工作具有现实的指导意义…" under "一、认识大客户的价值"), not what the section says
    about it. A sentence announcing what follows (a lead-in ending in a colon, a list, an item) is no
    restatement: it opens the answer. Under a run-in paragraph title, for a Chinese question, the
    sentence saying the title's words of the question again (_restates_run_in_title); an English
    question meets the Chinese title through translations of every sense and is left as it was
    (measured: "How can account managers improve their own quality and image?" lost the paragraph)."""
    out: set[int] = set()
    if not asks_how or any(k.name in _EXPLAINED_NEXT_TO_CLAIM for k in kinds):
        # Why, what good, what is it: the sentence saying the topic is the claim its neighbour
        # explains, or the definition itself ("客户关系管理又称CRM,…"). Asked neither how nor
        # which, the heading may be the answer ("1、大客户管理属于关系营销的范畴" for "what has
        # relationship marketing got to do with key accounts"), and the sentence saying it again
        # its fullest statement.
        return out
    for c in candidates:
        if _run_in_title(c.unit):
            if asked_in_chinese and _restates_run_in_title(c.unit, groups, idf):
                out.add(id(c))
            continue
        heading = under.get(id(c), "")
        said = matching.get(heading, 0.0)
        # A section's heading, not an article's title over its own rule ("第四十五条 客户预警。").
        if said < HEADING_MATCH or heading != section_of.get(id(c)):
            continue
        if _announces(c.unit) or _defines(c.unit, groups) or _names(c.unit):
            continue
        if lexical_overlap(groups, idf, c.unit.full) >= said - _BELOW_BEST:
            out.add(id(c))
    return out


_HOW_OR_WHICH_RE = re.compile(
    r"怎|如何|哪|咋|\bhow\b|\bwhich\b|\bwhat\s+(?:are|kinds?|types?|should|can|do|does|must)\b"
)


def asks_how_or_which(normalized_question: str) -> bool:
    """The question asks how to do something or which things ("怎么准确识别大客户？", "哪些…",
    "How do we…", "What are the…"): a section's heading names its topic, not its answer."""
    return _HOW_OR_WHICH_RE.search(normalized_question) is not None


def _names(unit: Unit) -> bool:
    """The unit says what a thing is or is called ("客户关系管理又称CRM,…", "所谓客户,就是…")."""
    text = _normalized(unit.text)
    return any(k.name == "definition" and k.given_by(text) for k in lexicon().answer_kinds)


# A short first sentence saying what must or will be done ("新来的客户经理培训要带齐资料。") is read as
# a run-in title by answer_units too; it is a rule, and its paragraph's sentences no topic sentences.
_STATEMENT_CHARS = frozenset("要应须需会能可是了过着得")


def _run_in_title(unit: Unit) -> bool:
    """The unit stands in a paragraph opened by a run-in title in a few words ("内强素质,外塑形象。",
    "完善大客户服务渠道。" over each of its sentences), not under a list's lead-in ending in a colon
    nor under a short first sentence stating a rule."""
    return under_run_in_title(unit) and not set(unit.intro) & _STATEMENT_CHARS


def _restates_run_in_title(
    unit: Unit, groups: Sequence[Sequence[str]], idf: Callable[[str], float]
) -> bool:
    """The sentence says again every word of the question its run-in title says ("…所以客户经理的
    整体素质是价值链中不可忽视的重要一环" under "内强素质,外塑形象。" for "怎样提高客户经理的整体素质？"):
    the paragraph's topic sentence, not how it is done. The title is the paragraph's heading; it
    names part of the question at most, so any of its words counts (HEADING_MATCH is for
    headings standing over a section). A sentence announcing what follows, defining or naming is
    no restatement."""
    said = lexical_overlap(groups, idf, unit.intro)
    text = unit.text.strip()
    if said <= 0 or _announces(Unit(text)) or _defines(unit, groups) or _names(unit):
        return False
    return lexical_overlap(groups, idf, text) >= said - _BELOW_BEST


def _announces(unit: Unit) -> bool:
    """A lead-in ("…从以下2个方面着手:", "客户的满意度,有两个层面:一是…"), a list, or an item of one."""
    text = unit.text.strip()
    return bool(unit.intro) or "：" in text or ":" in text or is_list(unit)


def _stating_outside(
    candidates: Sequence[_Candidate],
    chosen: Sequence[_Candidate],
    states_asked: Callable[[Unit], bool],
    top: float,
) -> _Candidate | None:
    """The best unit left out of the quote that states the time, count or sum asked for, scoring
    at least STATING_WINDOW of the best and naming no sibling value (优质 when 较差 was asked)."""
    for c in candidates:
        if c.score < STATING_WINDOW * top:
            return None
        if any(c is o for o in chosen) or c.features.get("qualifier", 0.0) < 0:
            continue
        if any(_overlaps(c.unit, o.unit) or _says_again(c.unit, o.unit) for o in chosen):
            continue
        if states_asked(c.unit):
            return c
    return None


def _evidence(
    c: _Candidate,
    groups: Sequence[Sequence[str]],
    about: Collection[int],
    language: str,
    best_lexical: float,
) -> dict[str, float]:
    """What select_sentences knows of a candidate before weighing it, each piece apart (its
    meaning, "dense", and the qualifier, kind and penalty findings are added as they are made):
    its word overlap and passage rank, the question's situation (English, no unit sharing many of
    its words), where it stands (the best overlap, its place in the passage, a heading alone), its
    length, and its share of the question's words counted alike."""
    ending = bool(_QUESTION_END.search(c.unit.text))
    return {
        "lexical": c.lexical,
        "prior": 1 / (c.rank + 1),
        "no_dense": float(c.dense is None),
        "english": float(not chinese(language)),
        "weak": float(best_lexical < _LEXICAL_WEAK),
        "unsure": float(_LEXICAL_WEAK <= best_lexical < _LEXICAL_CONFIDENT),
        "cross_language": float(is_chinese(c.unit.text) != chinese(language)),
        "intro": float(bool(c.unit.intro)),
        "is_list": float(is_list(c.unit)),
        "length": math.log1p(quote_length(c.unit.full)) / 5,
        "lexical_top": float(c.lexical >= best_lexical),
        "position": min(c.position, 5) / 5,
        "label": float(_is_title(c.unit)),
        "coverage": lexical_overlap(groups, _same_weight, c.unit.full, about),
        "question_end": float(ending),
        "looking_back": float(not ending and bool(_LOOKING_BACK_RE.match(c.unit.text))),
    }


def _same_weight(word: str) -> float:
    """Every word of the question counts the same (the share of its words a unit has)."""
    return 1.0


def _is_title(unit: Unit) -> bool:
    """A numbered heading alone ("第五十三条 测评频次。")."""
    return LABEL_RE.match(unit.text) is not None and len(compact(unit.text)) <= 20


def _defines(unit: Unit, groups: Sequence[Sequence[str]]) -> bool:
    """The unit opens with a word of the question as its subject and 是: it says what that is. Or
    it is a row of a list labelled with the question's words ("4. Strategic key accounts: clients
    of strategic importance…", "4. 战略大客户：对公司长期发展有战略意义…"): the row says what its
    label is, where a list titled with the same words (Article 10 Strategic goals) does not."""
    text = _normalized(unit.text)
    match = SUBJECT_IS_RE.match(text)
    if match is not None:
        subject = match.group(1)
        if any(len(w) >= 2 and not w.isascii() and w in subject for g in groups for w in g):
            return True
    row = DEFINED_ROW_RE.match(text)
    if row is None:
        return False
    # The question names the whole label: "重要大客户" does not define 大客户 for 什么是大客户.
    label = row.group(1).strip()
    asked = [w for g in groups for w in g if w]
    if label.isascii():
        stems = {_stem(w) for w in asked if w.isascii()}
        label_words = [_stem(w) for w in words(label) if w.isascii() and not w.isdigit()]
        return len(label_words) >= 2 and all(w in stems for w in label_words)
    rest = label
    for w in sorted((w for w in asked if len(w) >= 2 and not w.isascii()), key=len, reverse=True):
        rest = rest.replace(w, "")
    return len(rest) < len(label) and len(rest) <= 1


# A sentence cut at its semicolons is quoted whole up to this length (Chinese characters).
MAX_SENTENCE_CHARS = 200
_MAX_CLAUSES = 2
_CLAUSE_END = ("；", ";")


def _document_topics(
    doc_id: str,
    topics: Mapping[str, Collection[int]] | None,
    twins: Mapping[str, frozenset[str]] | None,
) -> frozenset[int]:
    """What a document is about, with what its translations are about (their words are the
    other language's: the English handbook is about what the Chinese one is)."""
    topics = topics or {}
    docs = [doc_id, *sorted((twins or {}).get(doc_id, ()))]
    return frozenset[int]().union(*(topics.get(d, ()) for d in docs))


def whole_sentences(
    passages: Sequence[Passage],
    picked: list[tuple[int, Unit]],
    asked: dict[str, frozenset[str]] | None = None,
) -> list[tuple[int, Unit]]:
    """The picked units (select_sentences, once the answer checks passed them), each clause cut
    at its semicolon quoted as its sentence (_whole_sentence) while the answer stays within
    MAX_ANSWER_CHARS; a clause its sentence already quotes is not quoted again."""
    out: list[tuple[int, Unit]] = []
    for n, (rank, unit) in enumerate(picked):
        units = titled_units(chunk_units(passages[rank].text))
        whole = _whole_sentence(passages[rank].text, units, unit, asked or {})
        size = sum(quote_length(u.full) for _, u in [*out, *picked[n + 1 :]])
        if size + quote_length(whole.full) > MAX_ANSWER_CHARS:
            whole = unit
        held = next((i for i, (r, u) in enumerate(out) if r == rank and _overlaps(u, whole)), None)
        if held is None:
            out.append((rank, whole))
        elif len(whole.text) > len(out[held][1].text):
            out[held] = (rank, whole)  # the sentence in the place of its clause
    return out


def _whole_sentence(
    text: str, units: Sequence[tuple[int, Unit]], unit: Unit, asked: dict[str, frozenset[str]]
) -> Unit:
    """The sentence a clause belongs to: units are cut at semicolons, so "more than 30 days late,
    the supervisor…" alone starts in mid-sentence and "考核日后仍未到账的，客户经理应在次日报告
    主管；" leaves out what follows after 30 days. The clause before or after it in the same line
    is quoted with it, unless that makes the quote too long or names a sibling of the qualifier
    asked about (较差 asked, 优质 in the next clause): then back to the sentence's start only, or the
    clause alone. Three clauses or more are a list's items, quoted alone."""
    if unit.intro or unit.joined or "\n" in unit.text.strip():
        return unit
    index = next((n for n, (_, u) in enumerate(units) if u == unit), None)
    if index is None:
        return unit
    lines = [compact(line) for line in text.split("\n")]

    def plain(n: int) -> bool:
        u = units[n][1]
        return not u.intro and not u.joined and "\n" not in u.text.strip()

    def joins(a: int, b: int) -> bool:
        """Unit a is a clause ending in a semicolon, b the clause after it on the same line."""
        first, second = units[a][1].text.strip(), units[b][1].text.strip()
        together = compact(first) + compact(second)
        return first.endswith(_CLAUSE_END) and any(together in line for line in lines)

    start = end = index
    while start > 0 and plain(start - 1) and joins(start - 1, start):
        start -= 1
    while end + 1 < len(units) and plain(end + 1) and joins(end, end + 1):
        end += 1
    if end - start + 1 > _MAX_CLAUSES:
        # Three or more: items of a list in running text ("…；…；…。"), each quoted alone for a
        # question asking for no list (the whole list is a unit of its own).
        return unit
    fit = qualifier_fit(asked, unit)
    for first, last in ((start, end), (start, index)):
        if (first, last) == (index, index):
            break
        sentence = units[first][1].text.strip()
        for _, clause in units[first + 1 : last + 1]:
            # English clauses keep the space after their semicolon.
            space = " " if sentence.endswith(";") and clause.text.strip()[:1].isascii() else ""
            sentence += space + clause.text.strip()
        whole = Unit(sentence, lead=unit.lead)
        if quote_length(sentence) <= MAX_SENTENCE_CHARS and qualifier_fit(asked, whole) >= fit:
            return whole
    return unit


# A sentence opening by pointing back at the one before it ("这一做法,优化了资源,提升了客户质量。",
# "This approach…"): what it speaks of is that sentence, which is told first. For English questions
# only: e5 puts such a short sentence nearer them than the one it speaks of, while a Chinese
# question meets its own words. Measured (bench/README.md, kbeng10): for every question, ALLDEV
# +3 (English), ALLVAL +1 English −2 Chinese ("这种参与不应局限与市场营销服务部门,…" answers
# "电信大客户有哪些营销服务策略？" itself, and the sentence before it crowded it out of the quote);
# for English questions only, ALLDEV 1808 → 1811, ALLVAL 873 → 874, no kind falling.
# (quote_order.POINTING_BACK_RE)


def _before_pointing_back(candidates: Sequence[_Candidate], passages: Sequence[Passage]) -> None:
    """The sentence a candidate points back at (POINTING_BACK_RE), just before it in its
    paragraph, scores just above it: "这一做法,优化了资源,提升了客户质量。" is nearer "How were
    clients managed when the sales channel changed?" in meaning than the sentence it speaks of
    ("中油统销实行,就是将客户先行集中,合并,并对一些信誉差的客户进行限期整改淘汰。"), which answers it
    and is now quoted first, the sentence pointing back at it after it."""
    place = {(c.rank, c.position): c for c in candidates}
    # From the last sentence of each passage back, so that a chain of them lifts its first.
    for c in sorted(candidates, key=lambda c: (c.rank, -c.position)):
        if c.unit.intro or not POINTING_BACK_RE.match(c.unit.text):
            continue
        before = place.get((c.rank, c.position - 1))
        if before is not None and _next_in_paragraph(passages[c.rank].text, c, before):
            before.score = max(before.score, c.score + _BELOW_BEST)
            before.features["pointed_back_at"] = 1.0


def _next_in_paragraph(text: str, claim: _Candidate, c: _Candidate) -> bool:
    """c is the sentence just before or after the claim, in the same paragraph (line) of text."""
    if c.rank != claim.rank or abs(c.position - claim.position) != 1 or c.unit.intro:
        return False
    if _overlaps(c.unit, claim.unit):
        return False
    a, b = compact(c.unit.text), compact(claim.unit.text)
    return any(a in line and b in line for line in map(compact, text.split("\n")))


# A unit and its translation in the other version of a document: e5 puts them about this near (the
# handbook's twins 0.84-0.88); with the same numbers stated, the nearest such unit is the twin.
TWIN_SIMILARITY = 0.8
# A document held in both languages is quoted in the asker's version only.
ONE_VERSION = True


# A chapter or article referred to in Chinese numerals ("按第五章另行登记") is numbered in digits in
# the translation ("under Chapter 5").
_CHINESE_ORDINAL_RE = re.compile(r"第([一二三四五六七八九十]{1,3})(?=[章条款项节])")
_CHINESE_DIGITS = {d: n for n, d in enumerate("一二三四五六七八九", start=1)}


def _chinese_ordinal(numeral: str) -> str:
    """一 → 1, 十 → 10, 十五 → 15, 三十四 → 34."""
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return str(_CHINESE_DIGITS.get(numeral, 0))
    return str(_CHINESE_DIGITS.get(tens, 1) * 10 + _CHINESE_DIGITS.get(units, 0))


def _numbers(unit: Unit) -> list[str]:
    """The numbers a unit states, past its label ("第二十八条" has none, "Article 28" has one), a
    chapter or article it refers to in Chinese numerals counted as digits."""
    text = unit.text
    label = LABEL_RE.match(text)
    if label is not None and not re.match(r"\s*\d", text):
        text = text[label.end() :]
    text = _CHINESE_ORDINAL_RE.sub(lambda m: f" {_chinese_ordinal(m.group(1))} ", text)
    return sorted(re.findall(r"\d+(?:\.\d+)?", text))


def _without_translations(
    candidates: list[_Candidate], twins: Mapping[str, frozenset[str]], language: str
) -> list[_Candidate]:
    """The units of a translated document in the other language than the question, less those
    whose translation in the asker's language is a candidate too: that one is quoted instead,
    ranked as the better of the two (an English question quotes the English rule once, not the
    English and the Chinese versions of it). Less, too, those of a document whose version in the
    asker's language is among the candidates (ONE_VERSION): an answer in one language."""
    zh = chinese(language)
    own = [c for c in candidates if is_chinese(c.unit.text) == zh and c.vector is not None]
    kept: list[_Candidate] = []
    for c in candidates:
        docs = twins.get(c.doc_id)
        if not docs or is_chinese(c.unit.text) == zh or c.vector is None:
            kept.append(c)
            continue
        numbers = _numbers(c.unit)
        same = [o for o in own if o.doc_id in docs and _numbers(o.unit) == numbers]
        twin = max(same, key=lambda o: float(o.vector @ c.vector), default=None)  # type: ignore[operator]
        if twin is not None and not _nearest_to(twin, c, candidates):
            # Its translation is not among the candidates, and the unit nearest it in the
            # asker's version translates another of them (e5 puts many of the handbook's lines
            # within TWIN_SIMILARITY of each other's translations): no twin. Else "补救越快，客户
            # 的不满越容易化解" lent its score to "Article 4 Essentials" for "What do we do to
            # win back an unhappy customer". Measured: ALLDEV 1610 → 1611, ALLVAL 686 → 687
            # (English +1 each), no kind fell (bench/README.md, kbeng7).
            twin = None
        if twin is None or float(twin.vector @ c.vector) < TWIN_SIMILARITY:  # type: ignore[operator]
            # No unit of the asker's version states it: quoted only if that version is not
            # among the passages at all (a question in English answered in English, not with
            # a Chinese article whose English version was cut into other chunks).
            if ONE_VERSION and any(o.doc_id in docs for o in own):
                continue
            kept.append(c)
            continue
        twin.score = max(twin.score, c.score)
    return kept


def _nearest_to(twin: _Candidate, unit: _Candidate, candidates: Sequence[_Candidate]) -> bool:
    """unit is, of its document's candidates stating the same numbers, the one nearest twin: a
    translation is the nearest both ways."""
    assert twin.vector is not None and unit.vector is not None
    numbers = _numbers(unit.unit)
    near = float(unit.vector @ twin.vector)
    return all(
        float(o.vector @ twin.vector) <= near
        for o in candidates
        if o.doc_id == unit.doc_id and o.vector is not None and _numbers(o.unit) == numbers
    )


def _says_again(a: Unit, b: Unit) -> bool:
    """a says nothing b does not, under its article's title: chunks overlap, and one begins at
    an item ("1. 客户通过电话…咨询的，…30分钟内响应；") that the other has after the title
    ("第四十条 响应时间。 1. 客户通过电话…")."""
    first, *rest = split_sentences(a.text)
    if not rest or LABEL_RE.match(first) is None or len(compact(first)) > _MAX_TITLE_CHARS:
        return False
    body = compact("".join(rest))
    return bool(body) and body in compact(b.full)


_MAX_TITLE_CHARS = 16


def _overlaps(a: Unit, b: Unit) -> bool:
    """An item and the whole list (or enumeration) holding it say the same thing twice."""
    return a.text in b.text or b.text in a.text


def compose(
    language: str,
    passages: Sequence[Passage],
    picked: list[tuple[int, Unit]],
    text_after: Callable[[str], str | None] | None = None,
) -> tuple[str, tuple[Passage, ...], tuple[str, ...]]:
    """Answer text with quoted units and [n] marks, the cited passages in that order, and what was
    quoted from each (its preview). Items of one list share their introduction in one quote; a
    list quoted by two or more items is quoted whole when it fits (`text_after`: the text of the
    chunk after a passage's, where a list it cut goes on)."""
    order: list[int] = []
    for rank, _ in picked:
        if rank not in order:
            order.append(rank)
    number = {rank: n for n, rank in enumerate(order, start=1)}
    quotes: list[tuple[int, str, list[str]]] = []  # rank, intro, lines
    for rank, unit in picked:
        # An item of a list the chunk before began is quoted under that list's lead-in too; a
        # later sentence of an item under the item's title as well (answer_units._item_lead).
        intro = unit.intro or unit.lead
        added = [unit.text.strip()]
        if not unit.intro and "\n" in unit.lead:
            intro, title = unit.lead.split("\n", 1)
            added = [title, *added]
        shared = next((q for q in quotes if intro and q[:2] == (rank, intro)), None)
        if shared is not None:
            shared[2].extend(added)
            # Items of one list in the list's order ("4. …" after "3. …", however ranked); an
            # item's title once, not again over a sentence of the same item.
            text = compact(passages[rank].text)
            items = sorted(set(shared[2][1:]), key=lambda line: (text.find(compact(line)), line))
            shared[2][1:] = [
                line for line in items if not any(o != line and o.startswith(line) for o in items)
            ]
            continue
        lines = [intro, *added] if intro else added
        quotes.append((rank, intro, lines))
    _complete_lists(passages, quotes, text_after)
    open_q, close_q = ("“", "”") if chinese(language) else ('"', '"')
    out = [message(language, "intro")]
    previews: dict[int, list[str]] = {}
    for rank, _, lines in quotes:
        quote = "\n".join(lines)
        out.append(f"{open_q}{quote}{close_q} [{number[rank]}]")
        previews.setdefault(rank, []).append(quote)
    return (
        "\n".join(out),
        tuple(passages[r] for r in order),
        tuple("\n".join(previews[r]) for r in order),
    )


# A lead-in announcing the parts that follow ("…个人认为应该从以下2个方面着手:", "主要包括以下几点：",
# "分为三类："): when the parts are the sub-headings of the next sections, not items in its own
# chunk, the lead-in quoted alone says nothing, so the quote gives the sub-headings after it.
_ANNOUNCING_RE = re.compile(
    r"(?:以下|如下|下列|下面)"
    r"|(?<![第\d])(?P<count>\d{1,2}|[一二两三四五六七八九十]{1,2})\s*(?:个|大)?"
    r"(?:方面|部分|层面|环节|阶段|类|种|项|条|点|步)"
)
_ANNOUNCED_MIN = 2


def announced_sections(lead_in: str, headings: Sequence[str]) -> list[str]:
    """The headings (of the sections right after the lead-in's own) the lead-in announces: as many
    as it counts ("以下2个方面": the first two of "(1)…", "(2)…", "(3)…"), every one when it gives no
    number; none when it announces no parts (no colon at its end, no 以下 / 如下 or count), when
    fewer sections follow than it counts, or fewer than two."""
    text = lead_in.strip()
    if not text.endswith(("：", ":")):
        return []
    found = list(_ANNOUNCING_RE.finditer(text))
    if not found:
        return []
    counted = [m.group("count") for m in found if m.group("count")]
    listed = [h.strip() for h in headings if h.strip()]
    if counted:
        count = _count_of(counted[-1])
        if count < _ANNOUNCED_MIN or count > len(listed):
            return []
        listed = listed[:count]
    return listed if len(listed) >= _ANNOUNCED_MIN else []


def _count_of(numeral: str) -> int:
    """2 → 2, 两 → 2, 三 → 3, 十二 → 12."""
    if numeral.isdigit():
        return int(numeral)
    return int(_chinese_ordinal(numeral.replace("两", "二")))


def with_announced_sections(
    passages: Sequence[Passage],
    picked: list[tuple[int, Unit]],
    sections_after: Callable[[str], list[str]],
) -> list[tuple[int, Unit]]:
    """The picked units, a lead-in ending its chunk followed by the sub-headings it announces
    (announced_sections of sections_after(chunk_id)): "…从以下2个方面着手:\n(1)从客户满意度指标
    方面去改进\n(2)从服务质量方面去提高"."""
    out = []
    for rank, unit in picked:
        passage = passages[rank]
        text = unit.text.strip()
        if text.endswith(("：", ":")) and compact(passage.text).endswith(compact(text)):
            parts = announced_sections(text, sections_after(passage.chunk_id))
            if parts:
                unit = replace(unit, text="\n".join([text, *parts]))
        out.append((rank, unit))
    return out


LEFT_OUT = "…"  # the line ending a quoted list whose other items did not fit the answer


def _complete_lists(
    passages: Sequence[Passage],
    quotes: list[tuple[int, str, list[str]]],
    text_after: Callable[[str], str | None] | None,
) -> None:
    """A list quoted whole, or by two or more of its items, is the answer itself: its items left
    out are added, in the list's order, when the whole answer stays within MAX_ANSWER_CHARS
    ("Key accounts are of four types:" quoted with all four, not the three its chunk holds: the
    rest are read from the chunk after); when they do not fit, the quote ends on LEFT_OUT. One
    item alone answers a condition ("3. High: 3 working days;") and stays alone."""
    size = sum(quote_length(line) for _, _, lines in quotes for line in lines)
    for n, (rank, intro, lines) in enumerate(quotes):
        if intro and len(lines) >= 3 and lines[0] == intro:
            lead, quoted = intro, lines[1:]
        elif not intro and len(lines) == 1 and "\n" in lines[0].strip():
            # A whole list quoted as one unit, cut at its chunk's end or at the unit's length.
            lead, _, body = lines[0].strip().partition("\n")
            quoted = body.split("\n")
        else:
            continue
        items = _list_items(passages[rank], lead, text_after)
        keys = [compact(item) for item in items]
        if len(items) <= len(quoted) or not all(
            any(compact(line) in key for key in keys) for line in quoted
        ):
            continue  # nothing left out, or the quote holds more than the list's items
        extra = sum(quote_length(item) for item in items) - sum(quote_length(q) for q in quoted)
        if size + extra > MAX_ANSWER_CHARS:
            # Too long to quote whole: the quote says items are left out ("four types:" over
            # three of them read as the whole list).
            lines.append(LEFT_OUT)
            continue
        size += extra
        if intro:
            lines[1:] = items
        else:
            lines[0] = "\n".join([lead, *items])
        quotes[n] = (rank, intro, lines)


def _list_items(
    passage: Passage, intro: str, text_after: Callable[[str], str | None] | None
) -> list[str]:
    """The items of the list `intro` leads in the passage, in order, and, when the passage ends
    inside that list, those the next chunk carries on with under the same lead-in (an item the
    chunk cut is taken whole from there)."""
    units = read_units(passage.text)

    def leads(lead: str) -> bool:
        """The list's lead-in, or it without the article's title quoted above it ("Key
        accounts are of four types:" under "Article 9 Client types. …")."""
        return lead == intro or (len(compact(lead)) >= 4 and compact(intro).endswith(compact(lead)))

    items = [u.text.strip() for u in units if u.intro and leads(u.intro)]
    if not items or not units or not leads(units[-1].intro) or text_after is None:
        return items
    after = text_after(passage.chunk_id)
    if after is None or not after.startswith(CARRIED_MARK):
        return items
    for u in read_units(after):
        if not u.intro or not leads(u.intro):
            continue
        key = compact(u.text)
        if any(key in compact(item) for item in items):
            continue  # said by the chunk before too (chunks overlap)
        cut = next((i for i, item in enumerate(items) if key.startswith(compact(item))), None)
        if cut is not None:
            items[cut] = u.text.strip()  # the item the chunk before cut, whole
        else:
            items.append(u.text.strip())
    return items
