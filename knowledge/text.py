"""Text normalisation for the index: half-width, simplified, pinyin-free; sentences; jieba words."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Container
from functools import lru_cache

import jieba

from knowledge.lexicon import english_inflections, lexicon, user_words
from knowledge.normal_form import chinese_number, chinese_script, fold

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# 營(yíng)銷, 营（ying2）销: a bracketed romanisation right after a Chinese character.
_PINYIN_RE = re.compile(
    rf"(?<=[{_CJK}])\s?[(（]\s*[a-zA-Z{_TONED}]{{1,7}}[1-5]?"
    rf"(?:\s+[a-zA-Z{_TONED}]{{1,7}}[1-5]?){{0,3}}\s*[)）]"
)
_SPACE_RE = re.compile(r"[ \t\u3000\xa0]+")
_SENTENCE_END = "。！？；!?;…"
_CLOSERS = "”’」』）)】\"'"
_SENTENCE_RE = re.compile(rf"[^{_SENTENCE_END}\n]*(?:[{_SENTENCE_END}]+[{_CLOSERS}]*|\n|$)")
# A Latin full stop ends a sentence when a space and a capital (or digit, or quote) follow.
_LATIN_END_RE = re.compile(r"(?<=[a-z0-9)\]\"'][.])(?=\s+[A-Z0-9\"“(])")
_BARE_NUMBER_RE = re.compile(r"^\s*\d{1,2}\.$")
_WORD_RE = re.compile(rf"[{_CJK}]|[a-z0-9]")

_STOPWORDS = frozenset(
    """
    的 了 和 与 及 或 是 在 对 为 以 于 把 被 将 就 都 也 而 并 等 这 那 其 之 中 上 下 个 有 无 不
    吗 呢 吧 啊 么 怎么 怎样 如何 什么 哪些 哪个 多少 是否 可以 应该 需要 要 会 能 我 我们 你 你们
    多久 多长 多长时间 几天 几个 几次 几级 几个等级 几个级别 几 哪 哪里 哪种 哪几 哪几种 为什么 怎么办 能不能 要不要 是不是 最迟 最晚
    时候 什么时候 来 去 得 找 那边 这边 这种 那种 事 事情 这件 那件 东西 他 她们 咱们 人家 一起
    他 她 它 他们 请问 一下 一个 这个 那个 这些 那些 还 又 很 最 更 从 到 给 让 向 由 按 用 被 所 着
    不能 不算 算不算 算是 算作 该 里 好 跟 说 情况 情况下 自己 同样 碰上 那几天 好几次 一般
    地 会不会 用不用 可不可以 需不需要 该不该 够不够 有没有 行不行 多快 多勤 多勤快 多频繁
    啥 咋 咋办 干嘛 干啥 够不够格 怎么样 啥时候 日子 天数 地方 老是 总是 老 一直 始终 迟迟 我该
    a an the of to in on for and or is are was were be been do does did how what which who whom
    when where why can could should would will shall may might must i we you he she it they this
    that these those with by at from as about into our your their my me us them than then there
    often long many much soon must need needs get has have s its besides counts qualifies mean meant
    """.split()
)

ENGLISH_STOPWORDS = frozenset(w for w in _STOPWORDS if w.isascii())

# Bump when words() cuts differently for a reason tokens_version cannot see (code, not data).
_CUTTING = "w7"

_jieba_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def has_cjk(text: str) -> bool:
    return _CJK_RE.search(text) is not None


# Share of Chinese characters that makes a text Chinese: the English handbook's "three-priority"
# (三优) rule has a few and is English text, a Chinese rule quoting "CRM" is Chinese.
CHINESE_SHARE = 0.3


def is_chinese(text: str) -> bool:
    """Whether the text is written in Chinese (not English naming a Chinese term or two)."""
    return len(_CJK_RE.findall(text)) >= CHINESE_SHARE * max(len(text), 1)


def question_language(text: str, reader: str | None = None) -> str:
    """ "zh" when the question has any Chinese character, otherwise "en"; "zh-Hant" when the
    Chinese is written in traditional characters, or in characters both scripts write alike by a
    `reader` who reads traditional."""
    if not has_cjk(text):
        return "en"
    return chinese_script(text) or ("zh-Hant" if reader == "zh-Hant" else "zh")


def strip_pinyin(text: str) -> str:
    return _PINYIN_RE.sub("", text)


def normalize(text: str) -> str:
    """The index form: no pinyin glosses, half-width (NFKC), simplified, lower-case, single spaces."""
    text = fold(strip_pinyin(text))
    return _SPACE_RE.sub(" ", text).strip()


def compact(text: str) -> str:
    """Normalised text with only letters, digits and Chinese characters: for phrase comparison."""
    return "".join(ch for ch in normalize(text) if ch.isalnum())


def split_sentences(text: str, *, keep_spaces: bool = False) -> list[str]:
    """Sentences ending at 。！？；(and half-width forms) or a line break, punctuation kept.

    keep_spaces keeps the spaces around each sentence so that joining them gives the text back.
    """
    out = []
    for match in _SENTENCE_RE.finditer(text):
        number = ""  # "4." of "4. Strategic key accounts: …" is no sentence of its own
        for sentence in _LATIN_END_RE.split(match.group(0).replace("\n", "")):
            if _BARE_NUMBER_RE.match(sentence):
                number += sentence
                continue
            sentence, number = number + sentence, ""
            if sentence.strip():
                out.append(sentence if keep_spaces else sentence.strip())
        if number.strip():
            out.append(number if keep_spaces else number.strip())
    return out


def _get_tokenizer() -> jieba.Tokenizer:
    global _tokenizer
    with _jieba_lock:
        if _tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for word, freq in user_words():
                tokenizer.add_word(word, freq)
            _tokenizer = tokenizer
        return _tokenizer


def warm_up() -> None:
    """Load jieba's dictionary now rather than on the first question."""
    _get_tokenizer()


@lru_cache(maxsize=1)
def tokens_version() -> str:
    """Names the cutting of text into words: this code's, the user dictionary's (with the synonym
    and glossary words) and the stop words'. Stored chunk words of another version are cut again
    when a knowledge base opens, so an administrator's new dictionary word reaches old documents."""
    digest = hashlib.sha1(_CUTTING.encode())
    for word, freq in user_words():
        digest.update(f"\n{word} {freq}".encode())
    digest.update("\n".join(sorted(_STOPWORDS)).encode())
    return digest.hexdigest()[:12]


# Question frames naming a count of levels: a word holding one (分几个等级) is no topic in its parts.
_FRAMES = ("几个等级", "几个级别")


@lru_cache(maxsize=1)
def _heads() -> dict[str, str]:
    """A lexicon word ending in a synonym of itself of three characters or more (重点大客户 ending
    in 大客户, 关键决策人 in 决策人) → that synonym: the modifier before it (重点) only says it again
    and is no search word of its own, or it meets 重点了解 and 重点园区 in rules about something
    else. Shorter ones are no such head (评级 of 信用评级, 回访 of 电话回访)."""
    return {
        word: head
        for word, alternatives in lexicon().synonyms.items()
        for head in alternatives
        if has_cjk(word) and head != word and len(head) >= 3 and word.endswith(head)
    }


def words(normalized: str) -> list[str]:
    """Search words of already-normalised text (jieba, search mode), without stop words."""
    tokenizer = _get_tokenizer()
    out: list[str] = []
    for word in tokenizer.cut(normalized, HMM=False):
        word = word.strip()
        if not word or word in _STOPWORDS or not _WORD_RE.search(word):
            # A stop word's parts are no search words either (不会 of 会不会).
            continue
        # jieba's search mode: the dictionary words inside a long word, then the word. Not a
        # word inside a question frame in it (等级 of 分几个等级 asks how many, it is no topic).
        framed = [
            (i, i + len(stop))
            for stop in _FRAMES
            if stop in word and stop != word
            for i in [word.index(stop)]
        ]
        if (head := _heads().get(word)) is not None:
            # Searched as its head and the head's parts (大客 / 客户 / 大客户 of 重点大客户).
            start = word.index(head)
            framed += [(0, start), (start + len(head), len(word))]
        for size in (2, 3):
            if len(word) > size:
                for i in range(len(word) - size + 1):
                    part = word[i : i + size]
                    if any(i < end and start < i + size for start, end in framed):
                        continue
                    if tokenizer.FREQ.get(part) and part not in _STOPWORDS:
                        out.append(part)
        if head is None:
            out.append(word)
        elif not (out and out[-1] == head):
            out.append(head)
    return out


@lru_cache(maxsize=2048)
def query_words(question: str) -> tuple[str, ...]:
    """Distinct search words of a question, in order."""
    return tuple(dict.fromkeys(words(normalize(question))))


_CHINESE_NUMBER_RE = re.compile(
    r"[一二两三四五六七八九十]+(?=[个次天年月周日倍项条类级家分名位小星季])"
)


def digit_form(word: str) -> str | None:
    """A question word with its Chinese numeral in digits (三个 → 3个, 十五天 → 15天): documents
    write amounts in digits. None when the word has no numeral before a measure word (一般)."""
    match = _CHINESE_NUMBER_RE.match(word)
    if match is None:
        return None
    number = chinese_number(match.group(0))
    return None if number is None else f"{number}{word[match.end() :]}"


@lru_cache(maxsize=2048)
def query_groups(question: str) -> tuple[tuple[str, ...], ...]:
    """The question's words, each with the words that mean the same (synonyms, and glossary
    translations between English and Chinese): a chunk or sentence with any of them has the word."""
    lex = lexicon()
    norm = normalize(question)
    base = query_words(question)
    asked = lex.asked(norm)
    groups: dict[str, list[str]] = {
        w: [w, *lex.alternatives(w), *lex.value_words(asked, w)] for w in base
    }
    for w, means in lex.meant(norm).items():
        # One word for two rules: 回电话 once the complaint is closed is 回访, and no longer
        # its synonyms 联系 / 响应 (the first reply's and an enquiry's rules).
        if w in groups:
            groups[w] = [w, *means]
    for written, word, means in lex.negated(norm):
        # 不交费 searched as 欠费 too; the parts jieba cut a negated word into that are no word
        # of it (不到 / 账 of 不到账) are no search words.
        inside = [w for w in groups if w in written]
        head = next((w for w in inside if word in w), word)
        for w in inside:
            if w != head:
                del groups[w]
        groups.setdefault(head, [head, *lex.alternatives(head)]).extend(means)
    for w, group in groups.items():
        if (digits := digit_form(w)) is not None:
            group.append(digits)
    for term, chinese in lex.translations(norm):
        parts = [w for p in term.split() for w in (p, *english_inflections(p)) if w in groups]
        parts = parts or [term]
        for part in parts:
            groups.setdefault(part, [part]).extend(chinese)
    return tuple(tuple(dict.fromkeys(g)) for g in groups.values())


def without_unknown_parts(
    groups: tuple[tuple[str, ...], ...], known: Container[str]
) -> tuple[tuple[str, ...], ...]:
    """The question's word groups less the parts the search cut adds to a longer word (从头 of
    从头到尾) when no document has the part nor a word meaning the same: the whole word is
    searched for already, and such a part only counted as a rare word the documents lack, under
    the gate's bar (卖电这件事从头到尾包括哪几块)."""
    heads = [g[0] for g in groups]
    return tuple(
        g
        for g in groups
        if any(w in known for w in g)
        or not has_cjk(g[0])
        or not any(g[0] != whole and g[0] in whole for whole in heads)
    )


def search_terms(groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """Every word of every group once: what the lexical index is searched for."""
    return tuple(dict.fromkeys(w for g in groups for w in g))
