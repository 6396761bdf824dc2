"""The term a definition question asks about, and the units saying what that term is."""

from __future__ import annotations

import re

from knowledge.answer_units import Unit
from knowledge.lexicon import AnswerKind, english_plurals, lexicon
from knowledge.text import is_chinese, normalize

# "满意度是顾客感知的利益与其期望值之间的差距": a sentence whose subject, a word of the question,
# is followed by 是 says what that thing is, with no 是指 or 所谓.
SUBJECT_IS_RE = re.compile(r"^\s*([^，,。；;：:]{2,12}?)(?:就|即)?是(?!否)")
# A list row "4. 战略大客户：…" / "4. Strategic key accounts: …": its label (an English one is longer).
DEFINED_ROW_RE = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、．)）]|[（(]\d{1,2}[）)])?\s*([^：:。，,；;]{1,40})[：:]\s*\S"
)


# Words of a definition question asking for one, not naming what it is about.
DEFINITION_ASKING = frozenset("定义 含义 涵义 意思 概念".split())
# The term a Chinese question asks to be defined: "什么是大客户", "大客户是指什么", "大客户的定义是
# 什么", "什么样的客户才算大客户" all ask what 大客户 is.
_TERM_AFTER_RE = re.compile(
    r"(?:什么是|什么叫做?|啥是|啥叫|何谓|才算得上|算得上|才算是?|才能算)(.+)$"
)
_TERM_BEFORE_RE = re.compile(
    r"^(.+?)(?:到底|究竟|说白了|简单说|通俗地说|通俗点说)?(?:的定义|的含义|的意思)?"
    r"(?:是什么意思|什么意思|是什么|是啥|是个啥|指的是什么|是指什么|指什么|指的是哪|是指哪|是哪)"
)
_TERM_NOISE_RE = re.compile(
    r"[\s“”\"'‘’「」『』《》?？!！。，,、:：]|^(?:所谓|请问|那么|那)|(?:呢|吗|啊|呀)$"
)
# What may stand between a defined subject and its 是: "大客户不单是从销量来确定…".
# The term an English question asks to be defined: "what counts as a key account", "what does
# account manager mean", "the definition of a strategic account", "define key account".
_ENGLISH_TERM_RES = (
    re.compile(
        r"\b(?:counts?|qualif(?:y|ies)|classed|classified|regarded|considered)\s+as\s+(.+)$"
    ),
    re.compile(r"^what\s+(?:does|do)\s+(.+?)\s+mean\b"),
    re.compile(r"\b(?:meaning|definition)\s+of\s+(.+)$"),
    re.compile(r"^(?:please\s+)?define\s+(.+)$"),
    re.compile(r"^what\s+is\s+meant\s+by\s+(.+)$"),
)
_ENGLISH_TERM_NOISE_RE = re.compile(
    r"^(?:an?|the)\s+|[?.!,;:\"'“”‘’]+|\s+(?:exactly|here|in\s+(?:the|our|this)\s+\w+(?:\s+\w+)?)$"
)
_SUBJECT_ADVERB_RE = re.compile(r"(?:不单|不仅|不只|不光|其实|实际上|一般|通常|也|都|就|即)$")
_ARTICLE_TITLE_RE = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+条\s*[^。：:\n]{0,12}。\s*")
_ENGLISH_ARTICLE_TITLE_RE = re.compile(r"^\s*article\s+\d{1,3}\s+[^.:\n]{0,40}\.\s*")


def defined_term(normalized_question: str) -> str:
    """The term a Chinese question asks to be defined ("" when it asks for none, or in English):
    the words after 什么是 / 才算, or before 是什么 / 是指什么 ("公司做大客户服务的宗旨" for "公司做
    大客户服务的宗旨是什么", which asks what 宗旨 is, not 大客户: term_forms)."""
    if not is_chinese(normalized_question):
        return _english_term(normalized_question)
    text = normalized_question.strip()
    match = _TERM_AFTER_RE.search(text) or _TERM_BEFORE_RE.search(text)
    if match is None:
        return ""
    term = _TERM_NOISE_RE.sub("", _TERM_NOISE_RE.sub("", match.group(1)))
    return term if len(term) >= 2 else ""


def _english_term(normalized_question: str) -> str:
    """The term an English question asks to be defined, of at most four words ("" for none)."""
    text = normalized_question.strip()
    for pattern in _ENGLISH_TERM_RES:
        match = pattern.search(text)
        if match is None:
            continue
        term = match.group(1).strip()
        while (shorter := _ENGLISH_TERM_NOISE_RE.sub("", term).strip()) != term:
            term = shorter
        if term and len(term.split()) <= 4 and re.fullmatch(r"[a-z][a-z\s-]*", term):
            return term
    return ""


def term_forms(term: str) -> set[str]:
    """The term, its head after the last 的 ("公司做大客户服务的宗旨": 宗旨; "行为意义上的客户满意
    度": 客户满意度 as well as the whole), and their synonyms; an English term in the singular and
    the plural with its glossary translations ("key account": key accounts, 大客户)."""
    if not is_chinese(term):
        singular = term[:-1] if term.endswith("s") and not term.endswith("ss") else term
        forms = {term, singular, *english_plurals(singular)}
        said = lexicon().translations(" ".join(forms))
        return forms | {c for english, chinese in said if english in forms for c in chinese}
    forms = {term, term.rsplit("的", 1)[-1]}
    return {w for f in forms if len(f) >= 2 for w in (f, *lexicon().alternatives(f))}


def defines_term(unit: Unit, term: str, definition: AnswerKind) -> bool:
    """The unit says what the term asked is: it names the term and gives a definition ("大客户应该
    被准确的称为…"), or names it as what it defines (names_as_defined)."""
    text = _ARTICLE_TITLE_RE.sub("", normalize(unit.text))
    if definition.given_by(text) and says_term(text, term):
        return True
    return names_as_defined(unit, term)


def names_as_defined(unit: Unit, term: str) -> bool:
    """The term asked is what the unit defines: its subject before 是 ("满意度是顾客感知的利益…"
    for 满意度, not "大客户服务是一项系统工程" for 大客户), or the label of its row, under its
    article's title or not ("第六条 用语说明。 1. 大客户：…", "Article 6 Terms. 1. Key account: …"),
    not a row of a longer term ("2. 客户经理：…" does not say what 双客户经理 is)."""
    said = {_TERM_NOISE_RE.sub("", w) for w in term_forms(term)}
    text = _ARTICLE_TITLE_RE.sub("", normalize(unit.text))
    subject = SUBJECT_IS_RE.match(text)
    if subject is not None:
        name = _TERM_NOISE_RE.sub("", _SUBJECT_ADVERB_RE.sub("", subject.group(1).strip()))
        if name in said:
            return True
    row = DEFINED_ROW_RE.match(_ENGLISH_ARTICLE_TITLE_RE.sub("", text))
    return row is not None and _TERM_NOISE_RE.sub("", row.group(1)) in said


def says_term(normalized_text: str, term: str) -> bool:
    """The text says the term or one of its synonyms."""
    return any(w in normalized_text for w in term_forms(term))
