"""Whether the sentences picked to quote answer what was asked: the thing asked about, the amount."""

from __future__ import annotations

import re
import threading
from collections import ChainMap
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import IO

import jieba.posseg

from knowledge.answer_units import Unit
from knowledge.answering import QuestionSubject, lexical_overlap
from knowledge.asked_counts import NUMBER as _NUMBER
from knowledge.asked_counts import count_stated, states_time, time_asked
from knowledge.asked_figures import NONE_CHARGED, figure_asked, states_figure
from knowledge.defined_terms import defined_term, names_as_defined
from knowledge.dictionary import dictionary
from knowledge.lexicon import lexicon, user_word_tags
from knowledge.text import _get_tokenizer, normalize, split_sentences, words

# The quoted sentences are the nearest the documents have; near is not an answer. A wrong rule
# quoted is worse than "nothing found", so the quote must name what the question is about (its
# focus) and, when the question asks how much or how many, state that kind of amount.

# The focus is the thing asked about: a noun of the question, or the verb it asks how to do
# ("怎么交接", "how do I hand over"), that the documents never use, not even as a synonym or a
# translation. A question word or a frame word ("什么意思", "有什么好处") is not a focus. Measured
# on the eval sets: a question about a topic the documents do not cover (违约金, 组织架构, 交接)
# has such a word, and so have a few paraphrases in everyday words (工厂, 货源, 生产线), which
# share their characters with the sentence that answers them (工厂: 工业, 厂; 货源: 供货, 资源).
# A place (jieba "ns": 城市, 省) counts too: "用户座谈会在哪个城市开？" is not answered by the rule
# saying how often the forum is held (para8_val, para9_dev and para9_check: 3 unanswerable
# questions refused, nothing answerable lost on the 17 dev sets).
_NOUN_TAGS = frozenset({"n", "nz", "nt", "ns"})
_VERB_TAGS = frozenset({"v", "vn"})
_ACTION_TAGS = _VERB_TAGS | {"l"}
_HOW_RE = re.compile(r"(?:怎么|怎样|如何)$")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH_HOW_RE = re.compile(
    r"\bhow (?:do|can|should|must|shall) (?:i|we|you|they)(?: \w+ly)? ([a-z]{3,})\b"
)
# "How do we get new services in front of key accounts?", "How can we make service better?": a
# light verb names no action; the words after it say what is asked (the search drops it, and no
# glossary translates it, so no quote could ever say it).
_LIGHT_VERBS = frozenset("get make do give have let use".split())
_FRAME_WORDS = frozenset(
    "意思 好处 坏处 东西 时候 日子 天数 次数 地方 办法 问题 情况 方面 层面 角度 程度 作用 区别 内容 原因"
    " 力气 心思 定义 含义 涵义 概念 后果 地步 途径 文章".split()
)
# 后果, 地步: what follows or how far a thing has gone (过期没去会有什么后果？, 到什么地步要报预警？)
# frame the rule asked for, as 程度 does; the rule says what happens or the threshold, never the
# frame word (kbgate10_dev, kbfocus13). 途径 frames the ways asked for, as 办法 does; 文章 is the
# article the asker reads (文章给了哪几点建议？), which no quote names.
# 定义, 含义, 概念: what a thing is asked for (大客户的定义是什么？), as 意思 is; the row defining
# it says none of them (answering.DEFINITION_ASKING).
# 力气, 心思: the effort put into something (为什么要花力气留住老客户？) frames it, as 下功夫 does.
# A spoken question word glued to a frame word (啥意思, 什么意思: jieba's one word) frames too.
_ASKING_PREFIX = re.compile(r"^(?:啥|什么|哪)")
# A spoken noun: a one-character stem and a suffix (厂子, 县里, 那边); the stem alone says too
# little to be checked, and the documents write the full word (工厂, 县域).
_SPOKEN_SUFFIXES = "子儿里头边"
_DIRECTIONS = re.compile(r"[得不]?(?:出来|下来|起来|过来|上来|进来|出去|下去|上去|回来|回去|过去)$")
# What a quality "lies in" (金贵在哪, 差在什么地方): the word jieba glues to 在 is no thing asked about.
_LIES_IN = re.compile(r"哪|什么|啥")
_tagger_lock = threading.Lock()
_tagger: jieba.posseg.POSTokenizer | None = None


class _Tagger(jieba.posseg.POSTokenizer):  # type: ignore[misc]
    """jieba's tagger over the domain tokenizer, reading the part-of-speech table jieba.posseg
    loaded at import for its own tagger (the same dictionary file: 349,045 words, about 43 MB of
    strings) instead of a second copy of it, which the first answer used to load. Its own tags
    (the domain words') go in front of that table; jieba's is never written."""

    def load_word_tag(self, f: IO[bytes]) -> None:
        default = jieba.posseg.dt
        if self.tokenizer.dictionary != default.tokenizer.dictionary:
            super().load_word_tag(f)
            return
        f.close()
        self.word_tag_tab: MutableMapping[str, str] = ChainMap({}, default.word_tag_tab)


def _tagged(normalized: str, *, guess: bool = False) -> list[tuple[str, str]]:
    """(word, part of speech) with the domain dictionary (its words are tagged "x"). guess: also
    join characters the dictionary has no word for into the words they likely form (退网)."""
    global _tagger
    with _tagger_lock:
        if _tagger is None:
            _tagger = _Tagger(_get_tokenizer())
            # A word of the synonyms or the glossary stays "x": its group says what it means.
            _tagger.word_tag_tab.update(user_word_tags())
        tagger = _tagger
    return [(p.word, p.flag) for p in tagger.cut(normalized, HMM=guess)]


def focus_words(question: str) -> list[str]:
    """The question's words that can be the thing it asks about (before the documents are seen)."""
    return [word for word, how in _focus(question) if word]


def how_verbs(question: str) -> list[str]:
    """The verbs a Chinese question asks how to do (怎么接待, 如何保管: 接待, 保管)."""
    return [word for word, how in _focus(question) if how]


def _focus(question: str) -> list[tuple[str, bool]]:
    """focus_words, each with whether it is a verb asked how to do."""
    norm = normalize(question)
    out: list[tuple[str, bool]] = []
    tagged = _tagged(norm)
    for n, (word, tag) in enumerate(tagged):
        if len(word) < 2 or word in _FRAME_WORDS or not re.search(r"[\u4e00-\u9fff]", word):
            continue
        if _ASKING_PREFIX.sub("", word) in _FRAME_WORDS:
            continue
        if len(word) == 2 and word[1] in _SPOKEN_SUFFIXES:
            continue
        if word.endswith("在") and n + 1 < len(tagged) and _LIES_IN.match(tagged[n + 1][0]):
            continue  # 贵在哪 (jieba: 贵在): where the value lies asks for it, names no thing
        asked_how = n > 0 and _HOW_RE.search(tagged[n - 1][0]) is not None
        if asked_how and tag in _VERB_TAGS:
            # 怎么评出来, 怎么定下来: the verb is its stem (评, 定); the direction of its result
            # says nothing of what is asked, and a one-character stem is too short to check.
            word = _DIRECTIONS.sub("", word)
            if len(word) >= 2:
                out.append((word, True))
        elif tag in _NOUN_TAGS:
            out.append((word, False))
    return out


# A clause before the one that asks, with no question word in it, sets the scene: "超了期限还没去
# 拜访，领导会知道吗？" asks whether the supervisor learns of it, "渠道调整以后，原来的老客户怎么安排？"
# how old clients are placed; the rule answering says the scene in its own words (逾期, 营销渠道改变)
# or not at all, so a word of the scene alone need not be quoted. Not a scene saying what someone
# wants or is to do (客户要退网，需要提前几天申请？, 客户想换种原料用，…): that is what is asked about.
_CLAUSES = re.compile(r"[，,、；;。？?！!]")
_ASKING = re.compile(
    r"什么|啥|几|多少|多久|多长|多大|多快|哪|谁|怎么|怎样|如何|咋|吗|呢|是否|有没有|要不要|能不能"
    r"|会不会|是不是|可不可以|行不行"
)
_INTENT = re.compile(r"要|想|打算|准备|希望")


def _of_scene(word: str, norm: str) -> bool:
    """The word is said only in a clause setting the scene of the normalized question."""
    clauses = [c for c in _CLAUSES.split(norm) if c]
    scene = [c for c in clauses[:-1] if not _ASKING.search(c) and not _INTENT.search(c)]
    asking = [c for c in clauses if c not in scene]
    return any(word in c for c in scene) and not any(word in c for c in asking)


def _said(word: str, group: Sequence[str], texts: Sequence[str]) -> bool:
    """The word, one of its synonyms or translations, or (Chinese) all its characters within one
    quoted sentence."""
    if any(lexical_overlap([group], lambda _: 1.0, t) > 0 for t in texts):
        return True
    if word.isascii():
        return False
    # Sentence by sentence: a whole list quoted holds most characters somewhere (备份: 设备 in
    # one item, 一份 in its head), which says nothing of backups.
    return any(all(ch in s for ch in word) for t in texts for s in split_sentences(t))


# Words of time and frequency say when or how often, not what a rule is about: two rules sharing
# 天 or 一次 with a question are not both its answer.
_TIME_WORDS = frozenset(
    "天 日 周 月 年 季度 季 半年 小时 分钟 工作日 次 一次 两次 多久 多长时间 几天 时间"
    " day days week weeks month months year years hour hours minute minutes time times often"
    " quickly long soon".split()
)
# A figure, alone or with its measure word (60, 三个, 3次, 两级): "60天" is in the strategic
# accounts' visit interval as much as in a debt's age.
_FIGURE_RE = re.compile(
    r"^(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千几]+|one|two|three|four|five|six|seven|eight"
    r"|nine|ten)(?:个|次|项|条|级|种|类|位|家|分|元|%)?$"
)
# The parts of speech that can name what a question is about: nouns, verbs, the domain's words
# (x), abbreviations (j) and English; not a pronoun (什么样, 别人), an adverb (亲自, 反复), a
# numeral (大部分), a place or time word (身上, 过来) or a set phrase (由谁来, 哪几个).
_SUBJECT_TAGS = frozenset({"n", "nz", "nt", "ns", "nr", "vn", "v", "x", "j", "eng"})


def question_subject(question: str, groups: Sequence[Sequence[str]]) -> QuestionSubject:
    """The question's word groups saying what it is about, each with the documents' words for it
    (said_by.txt: 欠款 = 回款), their synonyms and translations, apart from its figures and time
    words (60, 天, 一次). Not a word many rules say (shared_words.txt: 客户, 逾期, 处理), a frame
    word (好处, 程度), one Chinese character (分 of 分哪几种, in 分为 and 得分 alike) or a word of
    another part of speech than _SUBJECT_TAGS. answering.select_sentences leaves out a later quote
    from another article saying the figures and none of these (answering._looks_alike)."""
    tags = dict(_tagged(normalize(question)))
    shared = lexicon().shared_words
    about: dict[int, tuple[str, ...]] = {}
    figures: list[tuple[str, ...]] = []
    for n, group in enumerate(groups):
        word = group[0] if group else ""
        if not word:
            continue
        if word in _TIME_WORDS or _FIGURE_RE.match(word):
            figures.append(tuple(group))
            continue
        if word in shared or word in _FRAME_WORDS or (len(word) < 2 and not word.isascii()):
            continue
        if tags.get(word, "x") not in _SUBJECT_TAGS:
            continue
        said = [m for w in group for m in lexicon().said_by.get(w, ())]
        wider = [a for w in (*group, *said) for a in lexicon().alternatives(w)]
        about[n] = tuple(dict.fromkeys([*group, *said, *wider]))
    return QuestionSubject(about, tuple(figures))


def lacks_focus(
    question: str,
    groups: Sequence[Sequence[str]],
    in_documents: Callable[[str], bool],
    picked: Sequence[tuple[int, Unit]],
    headings: Sequence[str] = (),
) -> bool:
    """A word naming what the question asks about is used nowhere in the documents and the quoted
    sentences do not say it either (itself, a synonym, a translation).
    headings[i] is the title and section of the passage picked[i] is quoted from."""
    texts = [normalize(unit.full) for _, unit in picked]
    group_of = {g[0]: g for g in groups}
    asked = _ENGLISH_HOW_RE.search(normalize(question))
    if asked is not None and asked.group(1) not in _LIGHT_VERBS:
        verb = asked.group(1)
        # The section a quoted sentence stands under says it as well: "How do we identify key
        # accounts accurately?" is answered by the five factors under "二、准确识别大客户".
        sections = [normalize(h.split("\n", 1)[-1].split(" › ")[-1]) for h in headings]
        if not _said(verb, _said_as(verb, group_of), [*texts, *(s for s in sections if s)]):
            # An English question is answered mostly from Chinese text through the glossary: that
            # the English documents use the verb says little, the quote must say it.
            return True
    if _CJK_RE.search(question) and texts and not any(_CJK_RE.search(t) for t in texts):
        # A Chinese question quoted from English text alone (an English-only handbook): that the
        # documents use a translation of the verb asked how to do (接待: receive) says nothing of
        # this quote. "客户来公司参观怎么接待？" is not answered by the executives' visits, which
        # share 公司 and 参观 (visit) with it: the quote or its heading must say the verb.
        sections = [normalize(h.split("\n", 1)[-1]) for h in headings]
        for verb in how_verbs(question):
            english = [v for v in _said_as(verb, group_of) if v.isascii()]
            if english and not _names(english, "\n".join([*texts, *sections])):
                return True
    norm = normalize(question)
    qualifiers = lexicon().asked(norm)
    for word in focus_words(question):
        if _names_asked_value(word, norm, qualifiers, texts) or _of_scene(word, norm):
            continue
        # Its search words (生产线: 生产, 生产线) with theirs synonyms: a compound whose part the
        # documents use (电信公司, 多长时间) is about what they cover.
        parts = words(word)
        variants = [v for part in parts for v in _said_as(part, group_of)]
        if not variants:
            continue
        known = [p for p in parts if any(in_documents(v) for v in _variants(p, group_of))]
        if not known:
            if not (
                _said(word, variants, texts) or _phrase_said(word, norm, texts)
                or _said_in_sense(word, texts)
            ):  # fmt: skip
                return True
            continue
        english = [v for v in variants if v.isascii()]
        if english and not word.isascii() and _names(english, " ".join(texts)):
            # A Chinese word an English quote says in translation (大客户 as "key accounts"): the
            # parts the search cut it into (大客) are no words of the English text.
            continue
        # A part of it the documents never use, apart from the known ones (延期 of 延期付款,
        # beside 付款), is asked about as much as the whole.
        for part in parts:
            if any(part in k or k in part for k in known):
                continue
            if not (
                _said(part, _said_as(part, group_of), texts) or _phrase_said(part, norm, texts)
                or _said_in_sense(part, texts)
            ):  # fmt: skip
                return True
    return False


# A manager's word the documents never use may still be said by a quote in another word of the
# same sense: CC-CEDICT glosses 比例 "proportion; scale" and 规模 "scale", 档次 "grade" and 打分
# "to grade". Only a word's first SENSES glosses count (its usual meanings; a word of many senses
# reaches too far with its last ones), and only where a check asks whether the quote says the word
# itself, never for the leading quote's rare word (lacks_specific_word), which must be named.
SENSES = 3


def _said_in_sense(word: str, texts: Sequence[str]) -> bool:
    """A quoted text says another word (two characters or more) that the dictionary gives for one
    of the word's first SENSES glosses."""
    lookup = dictionary()
    return any(
        other != word and len(other) >= 2 and any(other in t for t in texts)
        for gloss in lookup.english.get(word, ())[:SENSES]
        for other in lookup.chinese.get(gloss, ())
    )


def _phrase_said(word: str, norm: str, texts: Sequence[str]) -> bool:
    """The word is part of an everyday phrase of the question (said_by.txt: 设备坏了) that a
    quoted unit says in the documents' words (故障): the phrase is what it asks about."""
    return any(
        word in phrase and phrase != word and phrase in norm
        and any(_names(meant, t) for t in texts)
        for phrase, meant in lexicon().said_by.items()
    )  # fmt: skip


def _names_asked_value(
    word: str, norm: str, asked: Mapping[str, frozenset[str]], texts: Sequence[str]
) -> bool:
    """The word names a qualifier value the question asks about (高级别: severity "high"; with
    the two characters before it, 低 of 低级别) and a quoted sentence names that value ("3. 高：3个
    工作日"): the documents say it in the scale's own words, not in the asker's."""
    at = norm.find(word)
    span = norm[max(0, at - 2) : at + len(word)] if at >= 0 else word
    lex = lexicon()
    for name, values in asked.items():
        group = lex.group(name)
        named = group.mentioned(span) & values
        if named and any(
            group.mentioned(sentence) & named for t in texts for sentence in split_sentences(t)
        ):
            return True
    return False


# An action the documents never name is what a question asks about as much as a noun is: "走访客户
# 时打车的费用能报销吗？", "拜访客户前要提前几天预约？", "新入职的客户经理要参加哪些培训？" share
# their nouns and their frame with a rule (预付费用, 走访到期前7天, 培训) and ask about something else
# (报销, 预约, 入职). The everyday verbs of answered paraphrases that the documents do not use are
# mostly a verb with its result or direction (填好, 拿出, 赶到, 放在, 进来) or led by an adverb
# (先查, 没付): they say how something is done, the nouns say what. Measured on the dev sets: of the
# verbs no quoted sentence shares a character with, those left are 报销, 打车, 入职, 预约 (questions
# the documents do not answer) and 对接 ("换了对接的负责人", answered: the handbook's 对口 is now
# its synonym).
_COMPLEMENTS = frozenset("在来去到出给好完过上下起开走成住掉回进齐")
_ADVERBS = frozenset("先再也就都还又才只没不别")
# jieba's guess also glues the comparative 比 or the adverb 很 to the word after it (比变 of
# "跟以前比变在哪", 很好 of "信誉很好的客户"): no action either (kbcorp16). Not the modal 想: "想换个
# 客户经理" asks about 换, which no document says.
_GLUED_LEADS = frozenset("比很")
# A word the dictionary does not know (退网, 返现) is cut into characters; jieba's guess joins them
# again, and also glues a particle to its neighbour (内要, 货是, 只给), a spoken question word
# (啥样, 多紧, 哪件: what kind, how tight, which one), a measure word (个面 of 露个面) or a modal
# verb (能涨 of "利润能涨多少", 会 and 可 alike): such a guess is no word.
_PARTICLES = frozenset("的了是要在和与给把被就都也还又该得地着过来去内只让吗呢吧啥咋哪多个能会可")
# Verbs of attitude or knowing frame what is asked (讲究哪些原则: the principles; 让客户知道: how
# to tell them) and name no action of their own that a rule could lack, unless the question names
# another action the documents never use: "送礼给客户要讲究什么？" asks about 送礼, and a quote
# sharing one character with it (送货) is vouched for by the frame verb no quote says.
# Putting effort somewhere (在哪些方面下功夫) frames the places asked for in the same way, and
# weighing what matters more ("一锤子买卖和留住客户，哪个更要紧？") the things weighed.
_FRAME_VERBS = frozenset("讲究 看重 在乎 在意 注意 知道 明白 下功夫 要紧".split())
# A verb of perceiving, thinking or liking ("怎么让客户觉得实在", "客户喜欢自己动手弄", "让客户
# 看见服务的过程") tells how the client is to take what is done, as 知道 does: told by its first
# sense in the dictionary, so that every such everyday verb counts, not a list of them.
_ATTITUDE_SENSES = frozenset(
    {
        *"feel think like see notice believe consider hope want wish love prefer enjoy".split(),
        *"perceive sense realize understand comprehend know".split(),
        *("think that", "feel that", "want to"),
    }
)


def _of_attitude(verb: str) -> bool:
    """The verb's first sense in the dictionary is one of perceiving, thinking or liking."""
    senses = dictionary().english.get(verb, ())
    return bool(senses) and senses[0] in _ATTITUDE_SENSES


# A verb negated (技术不懂行, 没懂) tells the trouble the question is in, not what it asks done.
_NEGATIONS = frozenset("不 没 没有 未 别".split())
# A verb before these ends a clause of time (下班以后, 签约之后): when, not what is asked.
_TIME_AFTER = frozenset("以后 之后 以前 之前 后 前".split())


def _holds_a_noun(phrase: str) -> bool:
    """A set phrase (jieba's "l") holding a noun of its own: 送礼物 (礼物), not a question frame
    (哪几个, 说了算, 好不好). A verb of its own was not enough: one more val paraphrase refused
    (bench/README.md, kbval18)."""
    for part in words(phrase):
        tagged = _tagged(part)
        if part != phrase and len(tagged) == 1 and tagged[0][1] in _NOUN_TAGS:
            return True
    return False


def unknown_actions(question: str, groups: Sequence[Sequence[str]],
                    in_documents: Callable[[str], bool]) -> list[str]:  # fmt: skip
    """Verbs of the question, and words the dictionary does not know, that the documents never use
    (themselves, a synonym, a translation); verbs of result or direction and adverb-led ones aside.
    Words naming a whole scale (好坏, jieba's verb) are the qualifiers' (lexicon.without_whole_scale)."""
    norm = lexicon().without_whole_scale(normalize(question))
    group_of = {g[0]: g for g in groups}

    def known(word: str) -> bool:
        return any(in_documents(v) for v in _variants(word, group_of))

    found: list[str] = []
    frames = [w for w in _FRAME_VERBS if w in norm and not known(w)]
    tagged = _tagged(norm)
    for n, (word, tag) in enumerate(tagged):
        if tag not in _ACTION_TAGS or word in _FRAME_WORDS or word in _FRAME_VERBS:
            continue
        if tag == "l" and not _holds_a_noun(word):
            continue
        if _of_attitude(word):
            continue
        if n + 1 < len(tagged) and tagged[n + 1][0] in _TIME_AFTER:
            continue
        if n > 0 and tagged[n - 1][0] in _NEGATIONS:
            continue
        if _DIRECTIONS.search(word):
            # 改过来, 定下来: 改, 定; a two-character direction is no part of the action (without
            # this, 改过来 lost its 来 alone and left 改过, "to mend one's ways").
            word = _DIRECTIONS.sub("", word)
        elif word[-1] in _COMPLEMENTS:
            # 交接完: 交接; 填好: 填, too short to say what; 算得上, 做得好: 算, 做.
            word = word[:-1].removesuffix("得").removesuffix("不")
        if len(word) == 2 and word[0] == word[1]:
            # A verb said twice (查查, 问问: check a bit, ask a bit) is the one character.
            continue
        if word[:1] in _ADVERBS or not re.fullmatch(r"[\u4e00-\u9fff]{2,}", word):
            continue
        parts = words(word)  # none for a stop word (需要, 有没有): the index has none of those
        if parts and not any(known(part) for part in parts):
            found.append(word)
    dictionary = _get_tokenizer().FREQ
    for word, _ in _tagged(norm, guess=True):
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,}", word) or dictionary.get(word):
            continue
        if word[0] == word[1:2]:
            continue  # 查查
        if word[:1] in _ADVERBS or word[:1] in _GLUED_LEADS:
            continue  # 先紧 of 先紧着谁, 比变
        if not set(word) & _PARTICLES and not known(word) and word not in _FRAME_VERBS:
            if not _of_attitude(word):
                found.append(word)
    return list(dict.fromkeys([*found, *frames] if found else found))


def lacks_action(
    question: str,
    groups: Sequence[Sequence[str]],
    in_documents: Callable[[str], bool],
    picked: Sequence[tuple[int, Unit]],
) -> bool:
    """An action the documents never name is asked about and no quoted sentence has even one of
    its characters (a synonym or a translation of it counts as said)."""
    texts = [normalize(unit.full) for _, unit in picked]
    group_of = {g[0]: g for g in groups}
    norm = normalize(question)
    for word in unknown_actions(question, groups, in_documents):
        if any(ch in t for t in texts for ch in word) or _of_scene(word, norm):
            continue
        if not (
            _said(word, _said_as(word, group_of), texts) or _phrase_said(word, norm, texts)
            or _said_in_sense(word, texts)
        ):  # fmt: skip
            return True
    return False


def _variants(part: str, group_of: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """A search word with its synonyms and translations."""
    return (part, *group_of.get(part, ()), *lexicon().alternatives(part))


def _said_as(part: str, group_of: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """What a quote may say a word of the question as: its variants and the documents' words for
    an everyday word (said_by.txt: 问事 is said by 咨询). The documents using 咨询 does not make
    问事 a word they use: a quote must still say it one way or the other."""
    return (*_variants(part, group_of), *lexicon().said_by.get(part, ()))


# A noun the documents use in few chunks names a particular thing (续约, 试用期, 培训, 电话): the
# quote must name it too (itself, a synonym, a translation), or stand under a heading that does.
# Else the quote is a rule about something else that shares the question's frame: "客户合同到期前
# 多久要开始谈续约？" is not answered by "系统在客户走访到期前7天…发出提醒", nor "客户经理的试用期
# 是多长时间？" by the visit cadence. SPECIFIC_SHARE: the share of chunks the documents' commonest
# way of saying the word is in. Measured on the dev sets (107 chunks): the nouns of answered
# paraphrases that their quote does not say are common words (时间, 方面, 渠道: 6-14 chunks), those
# of questions the documents do not answer are rarer (培训 in 5 chunks, 合同 4, 电话 3, 试用 1).
SPECIFIC_SHARE = 0.05
# A rare one (in at most one chunk in 100) must be named by the leading quote when that quote was
# chosen for another rare word of the question: "客户合同到期前多久要开始谈续约？" leads with the
# visit reminder ("走访到期前7天", chosen for 到期) and names 续约 only in a later quote about
# something else. Measured on the dev sets: no answered question loses (a lead quote naming none of
# the question's rare words, or naming the rare word asked, is kept); at one chunk in 50, two do
# (设备 and 联系人, in 2 chunks, named in a later quote).
LEADING_SHARE = 0.01
# Steps, stages and parts frame a list as 方面 does ("处理客户投诉有哪些步骤？" asks for the handling
# rule, "电力销售的全过程由哪几部分组成？" for what makes it up), unless the question names an action the documents never use: the steps of 送礼 asked for in
# "给客户送礼有哪些步骤？" are in no quote.
_LIST_FRAMES = frozenset("步骤 环节 部分".split())
# A noun modifying the next one (化工 of 化工销售, 电信 of 电信公司) names the setting, not the
# thing asked about.
_HEAD_TAGS = frozenset({"n", "nz", "nt", "vn", "x"})


def _is_head(word: str, tag: str) -> bool:
    """A noun (or a domain word, tagged x like punctuation) that a noun before it can modify."""
    return tag in _HEAD_TAGS and re.search(r"[\u4e00-\u9fff]", word) is not None


def lacks_specific_word(
    question: str,
    groups: Sequence[Sequence[str]],
    share: Callable[[str], float],
    picked: Sequence[tuple[int, Unit]],
    headings: Sequence[str] = (),
    in_documents: Callable[[str], bool] | None = None,
) -> bool:
    """A noun the documents use but rarely (a particular thing) is named neither by the quoted
    units nor by their headings. share: the share of chunks a word is in (0: none)."""
    said = [normalize(f"{unit.full}\n{headings[n]}" if n < len(headings) else unit.full)
            for n, (_, unit) in enumerate(picked)]  # fmt: skip
    group_of = {g[0]: g for g in groups}
    norm = normalize(question)
    tagged = _tagged(norm)
    for n, (word, tag) in enumerate(tagged):
        if tag not in _NOUN_TAGS and tag != "vn":
            continue
        if len(word) < 2 or word in _FRAME_WORDS or not re.search(r"[\u4e00-\u9fff]", word):
            continue
        if n + 1 < len(tagged) and _is_head(*tagged[n + 1]):
            continue
        if n + 2 < len(tagged) and tagged[n + 1][0] == "的" and _is_head(*tagged[n + 2]):
            continue  # 专门的快速通道: the setting as well
        if _of_scene(word, norm):
            continue
        if word in _LIST_FRAMES and in_documents is not None:
            if not unknown_actions(question, groups, in_documents):
                continue
        parts = words(word)
        shares = [r for p in parts if (r := _share(_variants(p, group_of), share))]
        if not shares or min(shares) > SPECIFIC_SHARE:
            continue  # unknown words are lacks_focus's
        variants = [v for part in parts for v in _said_as(part, group_of)]
        if not any(_names(variants, t) for t in said):
            if _phrase_said(word, normalize(question), said) or _said_in_sense(word, said):
                continue
            return True
        if min(shares) <= LEADING_SHARE and not _names(variants, said[0]):
            # The leading quote names another rare word of the question (到期 when 续约 was
            # asked): it was chosen for that word and is about something else.
            if any(
                g[0] not in parts and len(g[0]) >= 2 and _names(g, said[0])
                and 0 < _share(g, share) <= LEADING_SHARE
                for g in groups
            ):  # fmt: skip
                return True
    return False


def _share(variants: Sequence[str], share: Callable[[str], float]) -> float:
    """Share of the chunks with the documents' commonest way of saying a word (供电企业 for
    供电公司); 0 when they never say it."""
    return max((share(v) for v in variants), default=0.0)


def _names(variants: Sequence[str], text: str) -> bool:
    """The text says one of the variants."""
    return lexical_overlap([variants], lambda _: 1.0, text) > 0


# A question asking for a sum of money (a price, a fee, pay, revenue) is answered only by a sentence
# that states a sum of that kind: "大客户经理的月工资是多少？" is not answered by the rule on
# managers' standing and pay, however near it is in meaning. Each kind: the words asking for it (in
# the normalised, simplified question) and the words a sentence stating it has.
_MONEY_KINDS = (
    (r"工资|薪水|薪酬|月薪|年薪|\bsalar(?:y|ies)\b|\bwages?\b", r"工资|薪|salar|wage"),
    (r"价格|价钱|售价|报价|单价|电价|\bprices?\b|\bpriced\b", r"价|price"),
    (r"资费|费用|收费|会费|租金|\bfees?\b|\btariffs?\b", r"费|租金|fee|tariff|charge"),
    (r"营业额|销售额|收入|\brevenues?\b|\bincome\b", r"营业额|销售额|收入|revenue|income"),
    (r"合同额|金额", r"合同额|金额"),
    (r"奖金|提成|补贴|津贴|罚款|\bbonus(?:es)?\b|\bcommissions?\b|\ballowances?\b|\bfines?\b",
     r"奖金|提成|补贴|津贴|罚|bonus|commission|allowance|fine"),
    (r"押金|保证金|\bdeposits?\b", r"押金|保证金|deposit"),
)  # fmt: skip
_AMOUNT_ASKED = r"多少|几|\bhow much\b|\bwhat\b"
# English asks how much money as "how much does it cost", "how much do we pay / spend / earn",
# not with a word for the kind of sum: a sum of money answers it, or none charged, not a share
# (_STATES_SUM); "how much more does it cost to win a new customer…" asks for a ratio.
_MONEY_ASKED_EN = re.compile(
    r"\bhow much\b(?!\s+(?:more|less|longer|shorter|higher|lower|cheaper|sooner|earlier|later)\b)"
    r"[^?]*?\b(?:costs?|paid|pays?|spen[dt]|spends|earn(?:s|ed)?|charge[sd]?|worth)\b"
)
_STATES_SUM = re.compile(
    r"[\d一二三四五六七八九十百千万两]+(?:\.\d+)?\s*(?:元|块钱|美元)|[¥$]\s*\d"
    r"|\d\s*(?:yuan|rmb|usd|cny|dollars?)\b"
)
_STATES_MONEY = re.compile(
    r"[\d一二三四五六七八九十百千万两]+(?:\.\d+)?\s*(?:元|块钱|美元|%)|[¥$]\s*\d"
    r"|\d\s*(?:yuan|rmb|usd|cny|dollars?|per ?cent)\b"
)


def _of_asked_values(text: str, asked: Mapping[str, frozenset[str]]) -> str:
    """The sentences of a quoted unit naming the qualifier values the question asks about, when
    the unit names values of that scale at all; the whole text otherwise. A list by credit rating
    states each rating's terms in its own item: "1. 信誉等级为“优”的客户：…办理业务免收押金" says
    nothing of the deposit a poor-rated client pays (信誉等级差的客户要交多少押金？)."""
    sentences = split_sentences(text)
    for name, values in asked.items():
        group = lexicon().group(name)
        if any(group.mentioned(s) for s in sentences):
            sentences = [s for s in sentences if group.mentioned(s) & values]
    return "".join(sentences)


def lacks_asked_amount(
    question: str, picked: Sequence[tuple[int, Unit]], groups: Sequence[Sequence[str]] = ()
) -> bool:
    """The question asks how much money something is and no quoted unit states such a sum; with
    the question's word groups, a sum of something else does not count: the unit stating it must
    say one of the question's words ("大客户专线多少钱一个月？" is not answered by a contract of
    500万元 quoted beside the rule on visiting line clients); with a qualifier value asked (信誉等级
    差), only the sentences naming it count (_of_asked_values)."""
    norm = normalize(question)
    if not re.search(_AMOUNT_ASKED, norm):
        return False
    asked = lexicon().asked(norm)
    stated = [_of_asked_values(unit.full, asked) for _, unit in picked]
    # A word inside a longer word of the question (客户 in 大客户) says too little: "双客户经理制"
    # is not about the key-account line asked about.
    whole = [g for g in groups if not any(g[0] != o[0] and g[0] in o[0] for o in groups)]
    if whole:
        stated = [t for t in stated if lexical_overlap(whole, lambda _: 1.0, t) > 0]
    stated = [normalize(t) for t in stated]
    # None charged (免收押金, pay no deposit) is a sum too: nothing.
    stated = [t for t in stated if _STATES_MONEY.search(t) or NONE_CHARGED.search(t)]
    if _MONEY_ASKED_EN.search(norm):
        # What is paid or earned is a sum of money, not a share: "How much does a key-account
        # manager earn a year?" is not answered by a volume that "falls by more than 20%".
        return not any(_STATES_SUM.search(t) or NONE_CHARGED.search(t) for t in stated)
    if "多少钱" in norm or "how much money" in norm:
        return not stated
    kinds = [said for asked, said in _MONEY_KINDS if re.search(asked, norm)]
    if not kinds:
        return False
    return not any(re.search(said, t) for said in kinds for t in stated)


# A discount asked for ("给战略客户的折扣是多少？", "老客户续约能优惠几个点？", "What discount do
# strategic accounts get?") is a share of the price: a quoted unit must state one (a percentage,
# 几折, 几成), as a sum answers a question on what something costs. The handbook's "给予价格和付款
# 方式上的优惠" says that there are preferential terms, not how much.
_DISCOUNT_ASKED = re.compile(r"折扣|打折|几折|折让|优惠|\bdiscount(?:s|ed)?\b|\bmark-?down\b")
_SHARE_ASKED = re.compile(r"多少|几|多大|多高|\bhow much\b|\bwhat\b|\bhow (?:big|large|high)\b")
_STATES_SHARE = re.compile(
    r"\d+(?:\.\d+)?\s*%|百分之|[\d一二三四五六七八九]+(?:\.\d+)?\s*折(?!扣)|[一二三四五六七八九]成"
    r"|\d+(?:\.\d+)?\s*(?:per ?cent|percent)\b"
)


def lacks_asked_share(question: str, picked: Sequence[tuple[int, Unit]]) -> bool:
    """The question asks how big a discount is and no quoted unit states a share."""
    norm = normalize(question)
    if not (_DISCOUNT_ASKED.search(norm) and _SHARE_ASKED.search(norm)):
        return False
    return not any(_STATES_SHARE.search(normalize(unit.full)) for _, unit in picked)


# "提成怎么算？", "满意度如何计算？", "How is the satisfaction score calculated?": a sum or a formula is
# asked for, and a quote stating neither a figure nor how it is reckoned (计算, 算作, 平均, 计入)
# is a rule about the thing, not its calculation: "大客户的电费怎么计算？" is not answered by what
# electricity sales consist of. The figure must stand in a sentence naming the thing asked (or in
# the items of a list such a sentence leads into: "投诉自受理之日起，应在以下时限内处理完毕：" and
# "1. 低：10个工作日"): "大客户经理的提成怎么算？" is not answered by the managers' skills, 计算机知识
# among them, nor by "9个步骤". A unit's labels (第五十二条, Article 32, "1.") are no figures.
_CALCULATION_ASKED = re.compile(
    r"(?:怎么|怎样|如何|咋)(?:计算|核算|折算|算)"
    r"|\bhow (?:is|are|do|does|should|can|will) [^?]*?\b(?:calculated?|computed?|worked out)\b"
)
_STATES_CALCULATION = re.compile(
    r"\d|百分之|[两二三四五六七八九十百千万半]+\s*(?:个|%|成|折|倍|分|天|日|月|年|周|次|项|组|类|级|小时|工作日|元)"
    r"|计算(?!机)|算作|不算|折算|核算|乘以|除以|加权|平均|合计|总和|之和|累计|计入|公式|比例"
    r"|\b(?:calculated|computed|counted|average|sum|total|multiplied|divided|percent|per cent"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|hundred)\b"
)
# The question's own word for calculating names no thing calculated.
_CALCULATION_WORD = re.compile(r"计算|核算|折算|算|calculat|comput")


def lacks_calculation(
    question: str, picked: Sequence[tuple[int, Unit]], groups: Sequence[Sequence[str]] = ()
) -> bool:
    """The question asks how something is calculated and no quoted sentence naming it (with the
    items of a list it leads into) states a figure or how it is reckoned."""
    if not _CALCULATION_ASKED.search(normalize(question)):
        return False
    whole = [g for g in groups if not any(g[0] != o[0] and g[0] in o[0] for o in groups)]
    topic = [
        g for g in whole
        if g[0] not in _NOT_THE_TOPIC and len(g[0]) >= 2 and not _CALCULATION_WORD.search(g[0])
    ]  # fmt: skip
    for _, unit in picked:
        sentences = split_sentences(_LABELS_RE.sub(" ", normalize(unit.full)))
        for n, sentence in enumerate(sentences):
            scope = sentence
            if sentence.rstrip().endswith(("：", ":")):
                scope = " ".join(sentences[n:])  # a lead-in with its items
            if topic and lexical_overlap(topic, lambda _: 1.0, scope) == 0:
                continue
            if _STATES_CALCULATION.search(scope):
                return False
    return True


# An English question asking how many of something ("How many key accounts may one manager
# handle?", "the maximum number of clients") has no measure word to look for: a quoted unit must
# state a number followed closely by the thing counted (its last word, a translation, a synonym),
# past the unit's labels (Article 45, 第四十五条, "1."). Questions on how many days or hours are
# the time check's. Measured on the dev sets: the English how-many questions the documents answer
# are quoted with their number (5个大区销售公司, 9个步骤, 25个新客户, 20个同感的客户); those they do
# not answer were quoted rules with other numbers (20% of a client's business volume for how many
# key accounts a manager may handle).
_ENGLISH_COUNT_ASKED_RE = re.compile(
    r"\b(?:how many|(?:maximum|minimum|max|min|largest|smallest) number of)\s+"
    r"((?:(?!(?:is|are|was|were|do|does|did|can|could|may|might|must|shall|should|will|would|has"
    r"|have|had|per|in|on|at|for|of|a|an|the|to)\b)[a-z][a-z\-']*\s*)+)"
)
_NOT_COUNTED = frozenset(
    "days day hours hour minutes minute weeks week months month years year times".split()
)
_LABELS_RE = re.compile(
    r"第[一二三四五六七八九十百零〇\d]+条|\barticle\s+\d+|(?<![\d.])\d{1,2}\s*[.、．)）](?!\d)"
    r"|[（(][一二三四五六七八九十\d]{1,3}[）)]|(?<![一二三四五六七八九十])[一二三四五六七八九十]{1,3}[、．]"
)
# Characters after a number that may name the thing it counts ("25个新客户", "20 more clients").
_COUNTED_WITHIN = 20
_CLAUSE_END = re.compile(r"[;；,，。:：、()（）]")
_STATED_NUMBER = re.compile(
    r"\d+|[一二两三四五六七八九十百千万]+(?=个|家|名|位|项|条|步|类|种|倍|人|户)|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|dozens?)\b"
)


def lacks_english_count(
    question: str, picked: Sequence[tuple[int, Unit]], groups: Sequence[Sequence[str]]
) -> bool:
    """An English question asks how many of a thing and no quoted unit states a number of it."""
    match = _ENGLISH_COUNT_ASKED_RE.search(normalize(question))
    if match is None:
        return False
    # The thing counted: the first plural (verbs follow: "how many unhappy customers stay silent").
    named = match.group(1).split()
    head = next((w for w in named if w.endswith("s") and not w.endswith("ss")), named[0])
    if head in _NOT_COUNTED:
        return False
    group_of = {g[0]: g for g in groups}
    variants = [v for v in _variants(head, group_of) if v]
    stem = head[:-1] if head.endswith("s") and len(head) > 3 else head
    variants.append(stem)
    for _, unit in picked:
        text = _LABELS_RE.sub(" ", normalize(unit.full))
        for number in _STATED_NUMBER.finditer(text):
            # In the number's own clause: "every 30 days; clients rated poor" counts days.
            after = _CLAUSE_END.split(text[number.end() : number.end() + _COUNTED_WITHIN])[0]
            if any(v in after for v in variants):
                return False
    return True


# A name in an English question (a word written with a capital past the first: "PetroChina",
# "Qiqihar", "China Mobile", "CRM") is what it asks about: a quote that does not name it (itself, a
# glossary translation: PetroChina, 中国石油) is about another company, city or system. "I" and
# the first word are capitalised anyway.
_ENGLISH_NAME_RE = re.compile(r"(?<=[\s(\"“])([A-Za-z]*[A-Z][A-Za-z0-9]*)(?:['’]s)?\b")


def lacks_english_name(
    question: str, picked: Sequence[tuple[int, Unit]], groups: Sequence[Sequence[str]]
) -> bool:
    """An English question names a company, place or system no quoted unit names. An acronym the
    glossary translates is a term of the trade ("SLA"), not a name: the English quote says it in
    other words ("resolved within 3 working days"). A company's name stays one (PetroChina)."""
    texts = [normalize(unit.full) for _, unit in picked]
    group_of = {g[0]: g for g in groups}
    terms = lexicon().english_words
    for match in _ENGLISH_NAME_RE.finditer(question.strip()):
        name = match.group(1)
        if name == "I" or not name.isascii():
            continue
        word = normalize(name)
        if name.isupper() and word in terms:
            continue
        if not _said(word, group_of.get(word, (word,)), texts):
            return True
    return False


# "How many overtime hours…", "how many days of leave…": the unit asked for must be the unit a quoted
# unit states a number of (a rule in days does not say how many hours).
_UNIT_ASKED_RE = re.compile(
    r"\bhow many (?:[a-z\-]+ ){0,2}?(minutes|hours|days|weeks|months|years)\b"
)
_WORD_NUMBER = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|sixty|ninety)"
)
_UNIT_STATED = {
    "minutes": rf"{_WORD_NUMBER}\s+minutes?\b|\d+\s*分钟",
    "hours": rf"{_WORD_NUMBER}\s+hours?\b|\d+\s*个?小时",
    "days": rf"{_WORD_NUMBER}\s+(?:working |calendar )?days?\b|{_NUMBER}+\s*个?(?:工作日|天|日)",
    "weeks": rf"{_WORD_NUMBER}\s+weeks?\b|{_NUMBER}+\s*个?(?:周|星期)",
    "months": rf"{_WORD_NUMBER}\s+months?\b|{_NUMBER}+\s*个?月",
    "years": rf"{_WORD_NUMBER}\s+years?\b|{_NUMBER}+\s*年",
}


def lacks_asked_unit(question: str, picked: Sequence[tuple[int, Unit]]) -> bool:
    """An English question asks how many hours (days, …) and no quoted unit states a number of
    them."""
    match = _UNIT_ASKED_RE.search(normalize(question))
    if match is None:
        return False
    stated = re.compile(_UNIT_STATED[match.group(1)])
    return not any(stated.search(normalize(unit.full)) for _, unit in picked)


def lacks_asked_count(question: str, picked: Sequence[tuple[int, Unit]]) -> bool:
    """The question asks how many (in a measure word, or of a thing: 多少个客户) and no quoted unit
    states such a number."""
    stated = count_stated(normalize(question))
    return stated is not None and not any(stated.search(normalize(u.full)) for _, u in picked)


# Any number asked (多少课时, 几点, how much…) that no narrower check knows the kind of: a quote
# stating no figure at all (no digit, no numeral counting something, no "每月", no "pay no
# deposit") is the nearest rule, not the answer: "客户经理每年的业务培训要上够多少课时？" was answered
# with the power article's "需要通过定期加强业务培训和业务练兵", "绿色通道每天几点开到几点？" with
# Article 38's "一律走绿色通道". Times asked (多久, 几天内) are lacks_asked_time's: "当天", "及时" and
# "处理时限内" may answer them; a way asked (多少怎么估计) is no number asked. 一 in a set phrase
# (一种, 一律, 一条龙) counts nothing.
_NUMBER_ASKED_RE = re.compile(
    r"(?<!少数)(?<![哪好这那近])(?:多少|几)(?!乎|时候|经)|\bhow (?:many|much)\b"
)
# "客户以后用电多少怎么估计？" asks a way of estimating, not a figure.
_METHOD_ASKED_RE = re.compile(r"怎么|怎样|如何|咋|\bhow (?:do|does|can|should|to)\b")
_COUNTING = (
    r"(?:个|位|名|家|项|条|步|类|种|倍|人|户|级|档|组|次|回|趟|遍|天|日|年|月|周|季|小时|分|元|块"
    r"|成|折|点|大|方面|部分|份|场|篇|张|本|道|课时|星期|礼拜)"
)
_SET_PHRASE_ONE = re.compile(
    r"一(?:种|条龙|环|下|站式|律|致|体|起|定|般|切|对一|些|旦|直|步步|大批)"
)
_FIGURE_STATED_RE = re.compile(
    rf"\d|[一二两三四五六七八九十百千万半]+\s*{_COUNTING}|每{_COUNTING}|每半年|当天|当日|次日"
    r"|\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty|sixty|ninety|hundred|thousand|once|twice|half)\b"
)


def lacks_any_figure(question: str, picked: Sequence[tuple[int, Unit]]) -> bool:
    """The question asks a number (not a time: lacks_asked_time's) and no quoted unit states a
    figure of any kind, nor that nothing is charged."""
    norm = normalize(question)
    if (
        not _NUMBER_ASKED_RE.search(norm)
        or _TIME_ASKED_RE.search(norm)
        or _METHOD_ASKED_RE.search(norm)
    ):
        return False
    for _, unit in picked:
        text = _SET_PHRASE_ONE.sub(" ", _LABELS_RE.sub(" ", normalize(unit.full)))
        if _FIGURE_STATED_RE.search(text) or NONE_CHARGED.search(text):
            return False
    return True


# Which department: the department must be named in the clause that says what the question asks
# about (one of its words, past the frame: 部门, 负责, and words nearly every rule says, 客户, 公司):
# "由主管会同财务部门制定催收方案" names who plans collections, not who rates credit, though the
# next clause lowers the client's credit rating.
# An English list runs on commas ("the network, technical, billing and other back-office
# departments"): a comma ends an English clause only before a connective (", if needed, lower…").
_FIGURE_CLAUSE_RE = re.compile(
    r"[，;；。:：!?！？]|,(?=\s*(?:if|when|and|but|while|which|who|so|then|or)\b|\s*[^\x00-\x7f])"
    r"|(?<=[^\x00-\x7f]),|\.(?=\s)"
)
_NOT_THE_TOPIC = frozenset(
    "部门 单位 机构 负责 谁负责 主管部门 哪个 哪些 客户 大客户 用户 公司 企业 department departments unit"
    " units client clients customer customers company keep keeps handle handles manage manages"
    " run runs deal deals".split()
)


def lacks_asked_figure(
    question: str, picked: Sequence[tuple[int, Unit]], groups: Sequence[Sequence[str]] = ()
) -> bool:
    """The question asks which department or unit, which day, what deposit, budget or
    compensation, how long something is kept or how long it lasts (asked_figures.figure_asked),
    and no quoted unit states such a figure; a department, with the question's word groups, in a
    clause saying one of them."""
    norm = normalize(question)
    asked = figure_asked(norm)
    if asked is None:
        return False
    texts = [normalize(unit.full) for _, unit in picked]
    topic = [
        g
        for g in groups
        if g
        and g[0] not in _NOT_THE_TOPIC
        and (g[0].isascii() or len(g[0]) >= 2)
        and not g[0].isdigit()
    ]
    if asked == "department" and topic:
        texts = [
            clause
            for text in texts
            for clause in _FIGURE_CLAUSE_RE.split(text)
            if lexical_overlap([*topic], lambda _: 1.0, clause) > 0
        ]
    return not any(states_figure(asked, norm, text) for text in texts)


# How long, how soon, how often ("多久", "提前几天", "how soon"): a quoted sentence must state a time
# (a number of days, hours or months, a frequency, "当天", "立即", or the deadline it falls within:
# "补救方案应在该投诉的处理时限内提出"). A rule near the question in words
# but stating a rate or a score ("客户流失率降低5%") does not say after how long a lost client may be
# approached again, nor how long induction training lasts.
_TIME_ASKED_RE = re.compile(
    r"多久|多长时间|多少时间|多少天|多少个?(?:工作日|小时)|几个?(?:天|工作日|小时|星期|礼拜)"
    r"|多快|多勤|多频繁|什么时候|何时"
    r"|\bhow (?:long|soon|often|quickly|fast|frequently)\b"
    r"|\bhow many (?:working )?(?:days|hours|weeks|minutes)\b|\bby when\b"
)
_UNIT = r"(?:个)?(?:工作日|天|日|小时|分钟|周|星期|月|季度|季|年)"
_ENGLISH_NUMBER = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|sixty|ninety)"
)
_STATES_TIME = re.compile(
    rf"{_NUMBER}+\s*{_UNIT}|每{_NUMBER}*{_UNIT}|当天|当日|次日|立即|立刻|马上|随时|及时|迅速|尽快"
    r"|第一时间|定期|半年|[时期]限内"
    rf"|\b{_ENGLISH_NUMBER}(?:\s+working)?\s+(?:days?|hours?|minutes?|weeks?|months?|years?|quarters?)\b"
    r"|\b(?:immediately|at once|promptly|same day|next day|daily|weekly|monthly|quarterly"
    r"|yearly|annually|every|once a|twice a|regularly)\b"
)


# "How long is the induction training?", "培训要多长时间？": a duration or a deadline is asked, and
# "定期" or "regularly" (how often) does not state one: the telecom article's "要组织经常性的培训工作"
# and the power article's "需要通过定期加强业务培训" say nothing of how long training lasts.
_DURATION_ASKED_RE = re.compile(r"多长时间|\bhow long\b")
_ONLY_HOW_OFTEN_RE = re.compile(r"不?定期|\bregularly\b")


# How far in advance ("提前几天通知"): the action follows the frame, and the quoted sentence
# stating the time must say it (a character of it, a synonym), or it gives the time of something
# else ("系统在客户走访到期前7天…发出提醒" for "拜访客户前要提前几天通知客户？"). Auxiliaries and
# verbs of phase (开始) before it are skipped; a one-character verb (交, 看) says too little. Only
# for this frame: after 多久 or 多快 the action is often said another way ("他们得多快给回话？" is
# answered by "应在当天确认接单").
_IN_ADVANCE_RE = re.compile(r"提前(?:多久|多长时间|多少天|几个?(?:天|工作日|小时|星期|礼拜))")
_BEFORE_ACTION = frozenset(
    "要 能 可以 得 才 就 会 应 应该 应当 必须 需要 之内 内 以内 至少 最多 最少 最晚 最迟 一次 再 还"
    " 才能 就要 去 来 给 把 将 开始".split()
)


def _asked_action(normalized: str, frame_end: int) -> str | None:
    """The first verb of the clause after the time frame, past auxiliaries; None when none."""
    position = 0
    for word, tag in _tagged(normalized):
        start, position = position, position + len(word)
        if start < frame_end:
            continue
        if not re.search(r"\w", word):
            return None  # the clause ended
        if word in _BEFORE_ACTION or tag in ("m", "q", "d", "p", "f", "r", "uj", "ul"):
            continue
        if tag not in _VERB_TAGS:
            return None
        if word[-1] in _COMPLEMENTS:
            word = word[:-1].removesuffix("得").removesuffix("不")
        return word if len(word) >= 2 else None
    return None


def lacks_asked_time(
    question: str, picked: Sequence[tuple[int, Unit]], groups: Sequence[Sequence[str]] = ()
) -> bool:
    """The question asks how long, how soon or how often, and no quoted unit states a time (of
    the action asked about, when it asks how far in advance)."""
    norm = normalize(question)
    frame = _TIME_ASKED_RE.search(norm)
    if frame is None:
        return False
    timed = [t for _, unit in picked if _STATES_TIME.search(t := normalize(unit.full))]
    if _DURATION_ASKED_RE.search(norm) or time_asked(norm) == "when":
        # How long something lasts or may take, how soon it is done: "regularly" says how often,
        # not how long nor how soon.
        timed = [t for t in timed if _STATES_TIME.search(_ONLY_HOW_OFTEN_RE.sub(" ", t))]
    return _untimed_action(norm, timed, groups)


def _lacks_exact_time(question: str, unit: Unit, groups: Sequence[Sequence[str]]) -> bool:
    """The question asks a time and the unit does not state one of the kind asked precisely (a
    frequency for how often; a duration, deadline, date or moment for how soon or how long: not
    "定期" or "及时"), of the action asked about when it asks how far in advance."""
    norm = normalize(question)
    asked = time_asked(norm)
    if asked is None:
        return False
    text = normalize(unit.full)
    return _untimed_action(norm, [text] if states_time(asked, text) else [], groups)


def _untimed_action(norm: str, timed: Sequence[str], groups: Sequence[Sequence[str]]) -> bool:
    """No timed text, or (a question asking how far in advance) none saying the action asked."""
    advance = _IN_ADVANCE_RE.search(norm)
    action = _asked_action(norm, advance.end()) if advance else None
    if action is None or not timed:
        return not timed
    group_of = {g[0]: g for g in groups}
    if any(ch in t for t in timed for ch in action):
        return False
    return not _said(action, _said_as(action, group_of), timed)


# The roles the handbook defines (第二条, 第六条 用语说明): a question naming one asks what that
# person gets, may do or must do, and the sentence saying who the role is ("客户经理是所辖客户的唯一
# 对口联系人", "2. Account manager: an employee authorised by the company…") is near every such
# question in meaning and answers none of them but "who is that": "客户要求换一个客户经理，应该怎么
# 办理？", "客户经理能不能在外面兼职？" and "Do account managers get a company car?" were answered
# with it.
_ROLES = ("客户经理", "主管", "account manager", "supervisor")


def only_says_who(question: str, picked: Sequence[tuple[int, Unit]]) -> bool:
    """The first quoted unit says who a role the question names is, and the question asks no
    definition."""
    if not picked:
        return False
    norm = normalize(question)
    if defined_term(norm):
        return False
    unit = picked[0][1]
    return any(role in norm and names_as_defined(unit, role) for role in _ROLES)


# The thing an English question asks for, when its frame says it plainly: what a person gets
# ("Do account managers get a company car?"), what someone approves or pays for ("Who approves a key
# account manager's travel expenses?"). The quote must say it (itself, a synonym, a translation):
# the handbook's English is near any question about account managers, and "Article 6 Terms. 2.
# Account manager: …" was quoted for these. The noun after what / which ("What app do account
# managers use…?") was measured too and not kept: "What internal mechanism should a power company
# set up…?" is answered by 工作制度, "What criteria…" by 分类, and no quote says the word.
_ENGLISH_GETS_RE = re.compile(
    r"^(?:do|does|can|will|may|should|are|is)\b[^?]*?\b(?:get|gets|receive|receives|have|has"
    r"|accept|accepts|keep|keeps|entitled to|given|provided with)\s+"
    r"(?:(?:a|an|any|free|extra|their own|a free)\s+)?"
    r"((?:(?!(?:from|for|when|if|to|after|before|during|on|at|of|in|while|with)\b)[a-z\-]+\s*){1,3})"
    r"(?:\b(?:from|for|when|if|to|after|before|during|on|at|of|in|while|with)\b[^?]*)?\??$"
)
_ENGLISH_WHO_RE = re.compile(
    r"^who\s+(?:approves|pays for|pays|signs off|signs|authori[sz]es|reimburses|covers|funds)\s+"
    r"((?:(?!(?:when|if|for|to|after|before|during|on|at|of|in|while)\b)[a-z'\-]+\s*)+)"
)
_NOT_A_THING = frozenset(
    "kind kinds type types sort sorts happens happen time times way ways else level levels"
    " steps step rules rule one ones information info if".split()
)


def english_asked_thing(question: str) -> str:
    """The last word of the thing an English question plainly asks for ("" when none)."""
    norm = normalize(question).strip()
    for pattern in (_ENGLISH_GETS_RE, _ENGLISH_WHO_RE):
        match = pattern.search(norm)
        if match is None:
            continue
        head = re.sub(r"['’]s\b", "", match.group(1)).split()[-1]
        return "" if head in _NOT_A_THING or len(head) < 3 else head
    return ""


def lacks_english_thing(
    question: str, picked: Sequence[tuple[int, Unit]], groups: Sequence[Sequence[str]] = ()
) -> bool:
    """An English question plainly asks for a thing (english_asked_thing) no quoted unit says."""
    head = english_asked_thing(question)
    if not head or not picked:
        return False
    group_of = {g[0]: g for g in groups}
    stem = head[:-1] if head.endswith("s") and not head.endswith("ss") and len(head) > 3 else head
    variants = [*_said_as(head, group_of), *_said_as(stem, group_of), stem]
    texts = [normalize(unit.full) for _, unit in picked]
    return not _said(head, variants, texts)


# A first occurrence asked about (新客户第一次拜访要在多久内完成？, 头一回打电话来投诉, the first
# contact) is answered by a rule about a first one (第二十五条 首次联系, 首问负责制, "first"), not by
# the rule for every time: "每次走访后，客户经理应在24小时内填写走访记录" does not say how soon a new
# client's first visit is made. The qualifiers' "contact: first" group has one value, so
# lexicon.asked never counts it as asked (kbgate9).
_FIRST_ASKED_RE = re.compile(
    r"第一次|首次|头一次|头一回|第一回|\bfirst (?:time|visit|contact|call|meeting)\b"
)
_FIRST_STATED_RE = re.compile(
    r"第一次|首次|首问|首先|头一|第一回|第一时间|初次|\bfirst\b|\binitial\b"
)


def lacks_asked_first(question: str, picked: Sequence[tuple[int, Unit]]) -> bool:
    """The question asks about a first time and no quoted unit says a first one."""
    return _asked_not_said(_FIRST_ASKED_RE, _FIRST_STATED_RE, question, picked)


def _asked_not_said(
    asked: re.Pattern[str], stated: re.Pattern[str], question: str,
    picked: Sequence[tuple[int, Unit]],
) -> bool:  # fmt: skip
    """The question asks what `asked` finds, and no quoted unit says what `stated` finds."""
    if not picked or not asked.search(normalize(question)):
        return False
    return not any(stated.search(normalize(unit.full)) for _, unit in picked)


# A change of the account manager or supervisor asked about (客户要求换一个客户经理，该怎么处理？,
# "Can a client ask for a different account manager?") is answered by a rule speaking of a change
# (改由一名客户经理服务, 变动, "another", "replaced"): the rules on escalating a complaint or on who
# reads a file name the role and not a change of it. 换 is one character, which the action
# checks leave alone (too short to say what), so the change is looked for with the role it acts on.
_CHANGE_ASKED_RE = re.compile(
    r"(?:换|更换|调换|替换)(?:一个|个|掉|成)?(?:新的?)?(?:客户经理|主管|经理|对接人|联系人)"
    r"|\b(?:different|new|another) (?:key )?(?:account manager|supervisor)\b"
    r"|\b(?:change|replace|switch|swap)s? (?:their |the |a |an |my |our |its )?(?:key )?"
    r"(?:account manager|supervisor)"
)
_CHANGE_STATED_RE = re.compile(
    r"换|更换|调换|改由|调整|变动|变更|调岗"
    r"|\b(?:chang\w*|replac\w*|switch\w*|different|another|reassign\w*|moves?)\b"
)


def lacks_asked_change(question: str, picked: Sequence[tuple[int, Unit]]) -> bool:
    """The question asks about changing the account manager or supervisor and no quoted unit
    speaks of a change."""
    return _asked_not_said(_CHANGE_ASKED_RE, _CHANGE_STATED_RE, question, picked)


# The account manager or supervisor doing what the question asks about (客户经理离职了，他的客户
# 交给谁？) is answered by a rule where that role does it, not by one where somebody else does:
# Article 45's "3. 关键决策人或技术负责人离职、调岗" is the client's people leaving, near the question
# in words and meaning. The role must stand in a clause of the quote that says the action; staff in
# general (员工, 人员, 首问责任人) count as the role ("首先接到的员工就是首问责任人" answers what an
# account manager does on receiving a complaint). A quote not saying the action at all is the
# action checks' to judge.
_ACTING_ROLES = ("客户经理", "主管")
_BEFORE_ACTION_WORDS = frozenset(
    "要 会 能 应 应该 应当 需要 也 就 都 还 还要 已经 已 该 得 必须 一定 可以 能不能 要不要 可不可以"
    " 是否 不能 不得".split()
)
_CLAUSE_RE = re.compile(r"[，,。；;：:？?！!\n]")
_ANY_STAFF_RE = re.compile(r"员工|人员|责任人")


def role_actions(question: str) -> list[tuple[str, str]]:
    """(role, verb) for each account manager or supervisor the question says does something
    (客户经理离职: 客户经理, 离职), the verb a word of two characters or more."""
    tagged = _tagged(normalize(question))
    out: list[tuple[str, str]] = []
    for n, (word, _) in enumerate(tagged):
        role = next((r for r in _ACTING_ROLES if word.endswith(r)), None)
        if role is None:
            continue
        m = n + 1
        while m < len(tagged) and tagged[m][0] in _BEFORE_ACTION_WORDS:
            m += 1
        if m < len(tagged) and tagged[m][1] == "v" and len(tagged[m][0]) >= 2:
            out.append((role, tagged[m][0]))
    return out


def lacks_asked_actor(
    question: str, picked: Sequence[tuple[int, Unit]], groups: Sequence[Sequence[str]] = ()
) -> bool:
    """The question says the account manager or supervisor does something, and the quote says
    that action only of someone else."""
    if not picked:
        return False
    group_of = {g[0]: g for g in groups}
    texts = [normalize(unit.full) for _, unit in picked]
    for role, verb in role_actions(question):
        variants = [v for v in group_of.get(verb, (verb,)) if not v.isascii()] or [verb]
        clauses = [c for t in texts for c in _CLAUSE_RE.split(t) if any(v in c for v in variants)]
        if clauses and not any(role in c or _ANY_STAFF_RE.search(c) for c in clauses):
            return True
    return False


def states_asked(
    question: str, groups: Sequence[Sequence[str]] = ()
) -> Callable[[Unit], bool] | None:
    """Whether a unit states exactly the time, count or sum the question asks for ("紧急投诉多久
    要解决？" is answered by "紧急：1个工作日", not by the escalation rule beside it); None when the
    question asks for none of them. The count, sum and English unit by the answer checks' own
    tests; the time more strictly than lacks_asked_time (asked_counts.states_time): a frequency
    for how often, a duration, deadline, date or moment for how soon, never "定期" or "及时"."""
    checks: tuple[Callable[[Unit], bool], ...] = (
        lambda u: lacks_asked_amount(question, [(0, u)], groups),
        lambda u: lacks_asked_count(question, [(0, u)]),
        lambda u: lacks_asked_figure(question, [(0, u)], groups),
        lambda u: lacks_asked_unit(question, [(0, u)]),
        lambda u: _lacks_exact_time(question, u, groups),
    )
    # A check that an empty unit passes asks for nothing.
    asked = [lacks for lacks in checks if lacks(_NOTHING)]
    if not asked:
        return None
    return lambda unit: not any(lacks(unit) for lacks in asked)


_NOTHING = Unit("")

# A figure asked by a comparison: "低于多少要整改" (a threshold below), "超过多少天" (above), "比留住
# 老客户贵多少" / "几倍" (a ratio). The unit gives it when it states a figure with the same comparison,
# not negated ("不低于4.5分" is the norm, not the threshold below which something is done).
_COMPARED_ASKED = (
    ("below", re.compile(r"(?:低于|少于|不到|不足|小于)(?:多少|几)")),
    ("above", re.compile(r"(?:超过|高于|多于|大于|以上)(?:多少|几)|(?:多少|几)\S{0,3}以上")),
    ("ratio", re.compile(r"几倍|多少倍|比.{1,16}?(?:贵|多花|多出|高出)(?:多少|几)")),
)
_COMPARED_GIVEN = {
    "below": re.compile(rf"(?<!不)(?:低于|少于|不到|不足|小于){_NUMBER}|{_NUMBER}\S{{0,3}}以下"),
    "above": re.compile(rf"(?<!不)(?:超过|高于|多于|大于){_NUMBER}|{_NUMBER}\S{{0,3}}以上"),
    "ratio": re.compile(rf"{_NUMBER}倍"),
}


def states_compared(question: str) -> Callable[[Unit], bool] | None:
    """Whether a unit states the figure the question asks by a comparison ("客户满意度低于多少要整改？"
    by "单个客户得分低于3分的…", "拉一个新客户比留住老客户贵多少？" by "…的5倍"); None when the question
    asks none."""
    norm = normalize(question)
    asked = [name for name, asking in _COMPARED_ASKED if asking.search(norm)]
    if not asked:
        return None
    return lambda unit: any(_COMPARED_GIVEN[n].search(normalize(unit.full)) for n in asked)


def answers_question(
    question: str,
    groups: Sequence[Sequence[str]],
    in_documents: Callable[[str], bool],
    picked: Sequence[tuple[int, Unit]],
    share: Callable[[str], float] | None = None,
    headings: Sequence[str] = (),
) -> bool:
    """The picked units name what the question asks about (a thing, an action) and state the
    amount, count or time it asks for.
    headings[i] is the title and section of the passage picked[i] is quoted from; share (the
    share of chunks a word is in) tells a particular thing from a common word."""
    return bool(picked) and not (
        lacks_focus(question, groups, in_documents, picked, headings)
        or lacks_action(question, groups, in_documents, picked)
        or (
            share is not None
            and lacks_specific_word(question, groups, share, picked, headings, in_documents)
        )
        or lacks_asked_amount(question, picked, groups)
        or lacks_asked_share(question, picked)
        or lacks_calculation(question, picked, groups)
        or lacks_asked_count(question, picked)
        or lacks_any_figure(question, picked)
        or lacks_asked_figure(question, picked, groups)
        or lacks_english_count(question, picked, groups)
        or lacks_english_name(question, picked, groups)
        or lacks_asked_unit(question, picked)
        or lacks_asked_time(question, picked, groups)
        or only_says_who(question, picked)
        or lacks_english_thing(question, picked, groups)
        or lacks_asked_first(question, picked)
        or lacks_asked_change(question, picked)
        or lacks_asked_actor(question, picked, groups)
    )
