"""The domain lexicon in knowledge/lexicon/: jieba words, synonyms, an English↔Chinese glossary and
qualifier values (a question about 较差 clients is not answered by the rule for 优质 ones), and the
kinds of answer a question asks for (a reason for why, a list for which kinds)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[a-z]")
# A one-character Chinese value (差, 中, 高) only counts when written as a label or a rating:
# “差”, 差：, 为差的, a list label before it.
_BEFORE = r"(?:^|(?<=[\s.、．)）“\"「‘为是评级]))"
_SPACE_OR_HYPHEN = r"[\s\-]+"
_AFTER = r"(?=[”\"」’：:的级等，,。；;\s]|$)"


def _lines(name: str, directory: Path | None = None) -> list[str]:
    path = (directory or LEXICON_DIR) / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return []
    out = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def user_words() -> list[tuple[str, int | None]]:
    """Words for jieba's dictionary, with their frequency when given: userdict.txt, then every
    Chinese word of the synonyms and the glossary (分群 is then one word, and meets
    its synonyms 分类 / 细分, instead of 分 / 群)."""
    out: list[tuple[str, int | None]] = []
    for line in _lines("userdict.txt"):
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        out.append((parts[0], freq))
    listed = {word for word, _ in out}
    extra: list[str] = []
    for line in _lines("synonyms.txt"):
        extra.extend(line.split())
    for line in _lines("glossary.txt"):
        extra.extend(line.partition("=")[2].split())
    for word in dict.fromkeys(extra):
        if word not in listed and len(word) >= 2 and _CJK_CHAR.search(word):
            out.append((word, None))
    return out


def user_word_tags() -> dict[str, str]:
    """Part of speech of the userdict.txt words that give one (入职 → v)."""
    out = {}
    for line in _lines("userdict.txt"):
        parts = line.split()
        if len(parts) == 3 and parts[1].isdigit():
            out[parts[0]] = parts[2]
    return out


def _term_pattern(term: str, alternatives: bool = False) -> re.Pattern[str]:
    """A lexicon word as a pattern; with alternatives, term holds several English ones (a|b)."""
    if _CJK_CHAR.search(term):
        if len(term) == 1:
            return re.compile(f"{_BEFORE}{re.escape(term)}{_AFTER}")
        return re.compile(re.escape(term))
    # "key account" also matches "key-account" and "key  account".
    found = []
    for one in term.split("|") if alternatives else [term]:
        parts = [re.escape(p) for p in re.split(r"[\s\-]+", one.lower()) if p]
        found.append(_SPACE_OR_HYPHEN.join(parts))
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(found)})(?![a-z0-9])")


def english_plurals(term: str) -> list[str]:
    """The plural forms an English term (its last word) may take: manager → managers, process →
    processes, strategy → strategies."""
    head, _, last = term.rpartition(" ")
    if not last.isalpha() or not last.isascii() or len(last) < 3:
        return []
    if last.endswith("s") and not last.endswith("ss"):
        return []  # a plural already (or a word like "sales")
    if last.endswith("y") and last[-2] not in "aeiou":
        endings = [last[:-1] + "ies"]
    elif last.endswith(("ss", "ch", "sh", "x")):
        endings = [last + "es"]
    else:
        endings = [last + "s"]
    return [f"{head} {e}" if head else e for e in endings]


# Past forms English does not make with -ed, for the verbs a manager's question may use.
_IRREGULAR_PAST = {
    "pay": ("paid",), "keep": ("kept",), "hold": ("held",), "send": ("sent",),
    "make": ("made",), "find": ("found",), "tell": ("told",), "get": ("got", "gotten"),
    "lose": ("lost",), "leave": ("left",), "sell": ("sold",), "buy": ("bought",),
    "bring": ("brought",), "write": ("wrote", "written"), "take": ("took", "taken"),
    "give": ("gave", "given"), "meet": ("met",), "hear": ("heard",), "set": ("set",),
    "win": ("won",), "deal": ("dealt",), "draw": ("drew", "drawn"), "split": ("split",),
    "choose": ("chose", "chosen"), "know": ("knew", "known"), "lead": ("led",),
}  # fmt: skip
_VOWELS = "aeiou"


def english_inflections(word: str) -> list[str]:
    """The -s, -ed and -ing forms a verb may take (visit → visits, visited, visiting; resolve →
    resolved, resolving; plan → planned, planning; apply → applied; pay → paid), plurals
    included: a question says "visited" or "resolving" where the glossary writes the verb."""
    if not word.isalpha() or not word.isascii() or len(word) < 3:
        return []
    forms = list(english_plurals(word))
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        forms += [word + "d", word[:-1] + "ing"]
    elif word.endswith("y") and word[-2] not in _VOWELS:
        forms += [word[:-1] + "ied", word + "ing"]
    else:
        stem = word
        # A word of one syllable ending consonant-vowel-consonant doubles it: plan → planned.
        if (
            len(re.findall(f"[{_VOWELS}]+", word)) == 1
            and word[-1] not in _VOWELS + "wxy"
            and word[-2] in _VOWELS
            and word[-3] not in _VOWELS
        ):
            stem = word + word[-1]
        forms += [stem + "ed", stem + "ing"]
    forms += _IRREGULAR_PAST.get(word, ())
    return list(dict.fromkeys(f for f in forms if f != word))


_PARTICLES = frozenset("up out back over down off in on away about through to for with".split())


def term_inflections(term: str) -> list[str]:
    """The forms of an English glossary term a question may use: its last word inflected ("not
    paying" of "not pay", "account managers"), or a phrasal verb's verb ("handed over")."""
    head, _, last = term.rpartition(" ")
    if head and last in _PARTICLES:
        first, _, rest = term.partition(" ")
        return [f"{f} {rest}" for f in english_inflections(first)]
    return [f"{head} {f}" if head else f for f in english_inflections(last)]


@dataclass(frozen=True)
class Qualifier:
    """One group of sibling values (credit: good / medium / poor) and the cue words that say the
    question is about that group at all."""

    name: str
    cues: tuple[re.Pattern[str], ...]
    values: dict[str, tuple[re.Pattern[str], ...]]
    terms: dict[str, tuple[str, ...]]
    # A topic group (kinds of request: 咨询, 投诉, 报修): a sentence about a sibling topic loses, one
    # naming the topic asked gains nothing (its word already counts as a question word, and it is
    # in compounds of every kind: 投诉记录 in the list of what a client file holds).
    topic: bool = False

    def applies(self, text: str) -> bool:
        return any(p.search(text) for p in self.cues)

    def mentioned(self, text: str) -> frozenset[str]:
        """The values the (normalised) text names."""
        return frozenset(
            v for v, patterns in self.values.items() if any(p.search(text) for p in patterns)
        )


def _in_order(parts: Sequence[str], text: str) -> bool:
    at = 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


@dataclass(frozen=True)
class Cues:
    """Words to find in normalised text: Chinese ones inside any text (one character too: 应 in
    应当), English ones as whole words or phrases. Every candidate sentence of an answer is
    searched, so Chinese words are plain substring tests and English ones one pattern, tried only
    on text with Latin letters. A Chinese cue "多久…一次" is its parts in that order."""

    chinese: tuple[str, ...]
    english: re.Pattern[str] | None
    ordered: tuple[tuple[str, ...], ...] = ()

    def found_in(self, normalized_text: str) -> bool:
        if any(word in normalized_text for word in self.chinese):
            return True
        if any(_in_order(parts, normalized_text) for parts in self.ordered):
            return True
        return (
            self.english is not None
            and _LATIN.search(normalized_text) is not None
            and self.english.search(normalized_text) is not None
        )


@dataclass(frozen=True)
class AnswerKind:
    """A kind of answer (reason, benefit, measure, list): the words of a question asking for it and
    the words of a sentence giving it."""

    name: str
    asking: Cues
    giving: Cues

    def asked_by(self, normalized_question: str) -> bool:
        return self.asking.found_in(normalized_question)

    def given_by(self, normalized_text: str) -> bool:
        return self.giving.found_in(normalized_text)


# rewording.txt: "..." on the left stands for up to GAP_WORDS words of the question, carried over to
# the "..." on the right ("pick up a client's phone call": "answer a client's phone call").
_GAP = "..."
GAP_WORDS = 3
_GAP_RE = rf"((?:[\w'’-]+\s+){{0,{GAP_WORDS}}}?)"


@dataclass(frozen=True)
class Rewording:
    """A manager's English words (a phrasal verb, an everyday word, a verb with its object) and the
    documents' English words for them."""

    pattern: re.Pattern[str]
    documents_words: str
    managers_words: str

    def replace(self, match: re.Match[str]) -> str:
        out = self.documents_words
        for gap in match.groups()[:-1]:
            out = out.replace(_GAP, gap.strip(), 1)
        out = " ".join(out.replace(_GAP, "").split())
        last = self.managers_words.rpartition(" ")[2]
        if match.group("last").lower() in english_plurals(last):
            # "warning signs" are "early warnings": a plural stays one.
            out = (english_plurals(out) or [out])[0]
        return out


def _parse_rewording(line: str) -> Rewording | None:
    """`manager's words = the documents' words`, English. The first word (a verb) and the last
    (a noun) match in their other forms too ("missed … visits" for "miss ... visit")."""
    said, sep, meant = line.lower().partition("=")
    parts = said.split()
    if not sep or not parts or not meant.split() or _CJK_CHAR.search(line):
        return None
    pieces = []
    for n, part in enumerate(parts):
        if part == _GAP:
            pieces.append(_GAP_RE)
            continue
        forms = [part]
        if n == 0 or n == len(parts) - 1:
            forms += english_inflections(part)
        alternatives = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
        if n == len(parts) - 1:
            pieces.append(f"(?P<last>{alternatives})")
        else:
            pieces.append(f"(?:{alternatives})\\s+")
    pattern = re.compile(rf"(?<![\w'’-]){''.join(pieces)}(?![\w-])", re.IGNORECASE)
    return Rewording(pattern, " ".join(meant.split()), " ".join(parts))


# A negation before a word of the question ("不交费", "没到账", "未按时付款"), with the words a
# question may put between the two.
_NEGATION = r"(?:不|没有|没|未|别)(?:按时|及时|准时|再|肯|愿意|想|能)?"


@dataclass(frozen=True)
class Negation:
    """A word that, negated, means other words: 不交费 / 没付钱 are 欠费, 没到账 is 逾期."""

    pattern: re.Pattern[str]  # a negation, then the word or one of its synonyms
    means: tuple[str, ...]  # the words it means then, with their synonyms


@dataclass(frozen=True)
class Reading:
    """Words that mean other words when the question says one of its cue words: a call back
    (回电话) once a complaint is closed (处理完, 事后) is the follow-up visit (回访), not a reply."""

    words: frozenset[str]
    means: tuple[str, ...]
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    synonyms: dict[str, tuple[str, ...]]
    glossary: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]
    chinese_to_english: dict[str, tuple[str, ...]]
    qualifiers: tuple[Qualifier, ...]
    whole_scale: tuple[re.Pattern[str], ...] = ()
    answer_kinds: tuple[AnswerKind, ...] = ()
    negations: tuple[Negation, ...] = ()
    # said_by.txt: a manager's everyday word or phrase → words of the documents that say it.
    said_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # meant_when.txt: words read otherwise when the question says a cue word.
    readings: tuple[Reading, ...] = ()
    # shared_words.txt: words many rules say whatever they are about (客户, 逾期, 处理).
    shared_words: frozenset[str] = frozenset()
    # rewording.txt: a manager's English words → the documents' English words, longest first.
    rewordings: tuple[Rewording, ...] = ()

    def negated(self, normalized_question: str) -> list[tuple[str, str, tuple[str, ...]]]:
        """(the negated words as written, the word negated, what they mean) for each word of the
        question a negation turns into another (客户一直不交费 → 不交费, 交费, 欠费 拖欠 …)."""
        out = []
        for negation in self.negations:
            for match in negation.pattern.finditer(normalized_question):
                out.append((match.group(0), match.group(1), negation.means))
        return out

    def meant(self, normalized_question: str) -> dict[str, tuple[str, ...]]:
        """Question word → the only words it is searched as, for the readings whose cue words
        the question says (meant_when.txt: 回电话 → 回访 when the complaint is 处理完)."""
        out: dict[str, tuple[str, ...]] = {}
        for reading in self.readings:
            if any(cue in normalized_question for cue in reading.cues):
                out.update(dict.fromkeys(reading.words, reading.means))
        return out

    def with_said_by(
        self, groups: tuple[tuple[str, ...], ...], normalized_question: str
    ) -> tuple[tuple[str, ...], ...]:
        """The question's word groups, each with the documents' words for its everyday words
        (said_by.txt: 问事 with 咨询; the words inside a phrase of the question, 设备 of 设备坏了,
        with 故障). What the no-answer gate weighs a chunk's words by, as the answer checks do."""
        if not self.said_by:
            return groups
        phrases = [
            (phrase, meant) for phrase, meant in self.said_by.items()
            if len(phrase) > 1 and phrase in normalized_question
        ]  # fmt: skip
        out = []
        for group in groups:
            extra = [m for w in group for m in self.said_by.get(w, ())]
            extra += [m for phrase, meant in phrases if group[0] in phrase for m in meant]
            out.append(tuple(dict.fromkeys([*group, *extra])) if extra else group)
        return tuple(out)

    def kinds_asked(self, normalized_question: str) -> tuple[AnswerKind, ...]:
        """The kinds of answer the question asks for (none for a plain "what is" question)."""
        return tuple(k for k in self.answer_kinds if k.asked_by(normalized_question))

    @cached_property
    def english_words(self) -> frozenset[str]:
        """Every English word of the glossary's terms and the synonyms (spelling is checked
        against them as well as against the documents' words)."""
        terms = [term for _, term, _ in self.glossary] + list(self.synonyms)
        terms += [r.managers_words for r in self.rewordings]
        return frozenset(w for term in terms for w in re.findall(r"[a-z]+", term))

    def reworded(self, question: str) -> str:
        """The question with a manager's English words written as the documents write them
        (rewording.txt: "pick up ... call" → "answer ... call"): its meaning, its words and the
        glossary's translations of them are then the documents' own."""
        for rewording in self.rewordings:
            question = rewording.pattern.sub(rewording.replace, question)
        return question

    def alternatives(self, word: str) -> tuple[str, ...]:
        """Other words that mean the same as word (synonyms; English for a glossary term)."""
        return self.synonyms.get(word, ()) + self.chinese_to_english.get(word, ())

    def translations(self, normalized_question: str) -> list[tuple[str, tuple[str, ...]]]:
        """(English term, its Chinese terms) for each glossary term in an English question, the
        longest terms first (a word inside a longer term is translated on its own too)."""
        return [(term, chinese) for pattern, term, chinese in self.glossary
                if pattern.search(normalized_question)]  # fmt: skip

    def asked(self, normalized_question: str) -> dict[str, frozenset[str]]:
        """Qualifier group → values the question asks about (only groups it names a value of).
        Words naming a whole scale ("信誉好坏", 高低, good or bad) ask about no one value."""
        normalized_question = self.without_whole_scale(normalized_question)
        out: dict[str, frozenset[str]] = {}
        for q in self.qualifiers:
            if not q.applies(normalized_question):
                continue
            values = q.mentioned(normalized_question)
            if values and len(values) < len(q.values):
                out[q.name] = values
        return out

    def scales_asked(self, normalized_question: str) -> frozenset[str]:
        """Qualifier groups (not topics) the question is about as a whole: it has their cue words
        and names none of their values ("大客户多久走访一次" asks about every kind of account)."""
        normalized_question = self.without_whole_scale(normalized_question)
        # "key accounts" names the account scale as "account" does.
        normalized_question = re.sub(r"\b([a-z]{3,})s\b", r"\1 \1s", normalized_question)
        return frozenset(
            q.name
            for q in self.qualifiers
            if not q.topic
            and q.applies(normalized_question)
            and not q.mentioned(normalized_question)
        )

    def without_whole_scale(self, normalized_question: str) -> str:
        """The question less its words naming a whole scale (好坏, good or bad)."""
        for pattern in self.whole_scale:
            normalized_question = pattern.sub(" ", normalized_question)
        return normalized_question

    def value_words(self, asked: dict[str, frozenset[str]], word: str) -> tuple[str, ...]:
        """The other words for the qualifier value that word names in the question (低 → 差)."""
        out: list[str] = []
        for name, values in asked.items():
            q = self.group(name)
            for value in values:
                if word in q.terms[value]:
                    out.extend(t for t in q.terms[value] if t != word)
        return tuple(out)

    def group(self, name: str) -> Qualifier:
        return next(q for q in self.qualifiers if q.name == name)


# The qualifiers.txt line of words that name a whole scale, separated by "|".
_WHOLE_SCALE = "whole scale:"
# A group named "request (topic)" is a topic group (Qualifier.topic).
_TOPIC = "(topic)"


def _parse_qualifier(line: str) -> Qualifier | None:
    head, _, rest = line.partition("|")
    name, _, cues = head.partition(":")
    topic = name.strip().endswith(_TOPIC)
    name = name.strip().removesuffix(_TOPIC)
    values: dict[str, tuple[re.Pattern[str], ...]] = {}
    words: dict[str, tuple[str, ...]] = {}
    parts = [part.partition(":") for part in rest.split("|")]
    # Words that may stand between a value written "strategic+" and the cue word it must name.
    between = {t.rstrip(_BEFORE_CUE).lower() for _, _, terms in parts for t in terms.split()}
    english_cues = [c.lower() for c in cues.split() if not _CJK_CHAR.search(c)]
    for value, _, terms in parts:
        if value.strip() and terms.split():
            values[value.strip()] = tuple(
                _before_cue(t, english_cues, between)
                if t.endswith(_BEFORE_CUE)
                else _term_pattern(t)
                for t in terms.split()
            )
            words[value.strip()] = tuple(t.rstrip(_BEFORE_CUE).lower() for t in terms.split())
    if not name.strip() or len(values) < 1:
        return None
    # "strategic accounts" names the account group as "strategic account" does.
    cue_patterns = tuple(
        _term_pattern(t) for c in cues.split() for t in (c, *english_plurals(c.lower()))
    )
    return Qualifier(name.strip(), cue_patterns, values, words, topic)


# An English value written "strategic+" names the value only before one of its group's English
# cue words ("strategic key accounts", "important and strategic clients"), not in "strategic goals"
# or "an important step".
_BEFORE_CUE = "+"
_JOINING = ("key", "and", "or", "every", "each", "all", "other", "big", "large", "major")


def _before_cue(term: str, cues: Sequence[str], between: Collection[str]) -> re.Pattern[str]:
    word = re.escape(term.rstrip(_BEFORE_CUE).lower())
    joining = "|".join(re.escape(w) for w in sorted({*_JOINING, *between}) if w.isascii())
    cue = "|".join(rf"{re.escape(c)}(?:s|es)?" for c in cues)
    return re.compile(rf"(?<![a-z0-9]){word}(?:[\s\-]+(?:{joining}))*[\s\-]+(?:{cue})(?![a-z0-9])")


def _parse_answer_kind(line: str) -> AnswerKind | None:
    head, sep, giving = line.partition("|")
    name, _, asking = head.partition(":")
    asking_cues, giving_cues = _cues(asking), _cues(giving)
    if not sep or not name.strip() or asking_cues is None or giving_cues is None:
        return None
    return AnswerKind(name.strip(), asking_cues, giving_cues)


def _cues(text: str) -> Cues | None:
    """Cues separated by commas (an English cue may be a phrase: "how to", "so that")."""
    words = [c.strip().lower() for c in text.split(",") if c.strip()]
    ordered = tuple(tuple(w.split("…")) for w in words if "…" in w and _CJK_CHAR.search(w))
    chinese = tuple(w for w in words if _CJK_CHAR.search(w) and "…" not in w)
    english = [_term_pattern(w).pattern for w in words if not _CJK_CHAR.search(w)]
    if not words:
        return None
    return Cues(
        chinese,
        re.compile("|".join(f"(?:{e})" for e in english)) if english else None,
        ordered,
    )


def _groups(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for line in lines:
        group = list(dict.fromkeys(line.lower().split()))
        for word in group:
            out.setdefault(word, []).extend(w for w in group if w != word and w not in out[word])
    return {w: tuple(v) for w, v in out.items()}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Read the lexicon files once."""
    glossary: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = []
    plurals: list[tuple[str, tuple[str, ...]]] = []
    back: dict[str, list[str]] = {}
    for line in _lines("glossary.txt"):
        english, sep, chinese = line.partition("=")
        terms = tuple(chinese.split())
        if not sep or not english.strip() or not terms:
            continue
        # "back-office" is kept as "back office": each of its words is translated with it.
        term = " ".join(re.split(r"[\s\-]+", english.lower().strip()))
        glossary.append((_term_pattern(term), term, terms))
        plurals.append((term, terms))
        for word in terms:
            back.setdefault(word, [])
            if term not in back[word]:
                back[word].append(term)
    listed = {term for _, term, _ in glossary}
    for term, terms in plurals:
        # "account managers" and "visiting" are translated as "account manager" and "visit" are,
        # unless the form has a line of its own (goods is not good).
        forms = [f for f in term_inflections(term) if f not in listed]
        if forms and not _CJK_CHAR.search(term):
            glossary.append((_term_pattern("|".join(forms), alternatives=True), term, terms))
    glossary.sort(key=lambda g: -len(g[1]))
    lines = _lines("qualifiers.txt")
    scale = [line.partition(":")[2] for line in lines if line.startswith(_WHOLE_SCALE)]
    qualifiers = tuple(
        q for line in lines if not line.startswith(_WHOLE_SCALE) and (q := _parse_qualifier(line))
    )
    # "good or bad" before "good": the longest words first.
    words = sorted({w for part in scale for w in part.split("|")} - {""}, key=len, reverse=True)
    kinds = tuple(k for line in _lines("answer_kinds.txt") if (k := _parse_answer_kind(line)))
    synonyms = _groups(_lines("synonyms.txt"))
    return Lexicon(
        synonyms,
        tuple(glossary),
        {w: tuple(v) for w, v in back.items()},
        qualifiers,
        tuple(_term_pattern(w.strip()) for w in words if w.strip()),
        kinds,
        tuple(n for line in _lines("negations.txt") if (n := _parse_negation(line, synonyms))),
        _said_by(_lines("said_by.txt")),
        tuple(r for line in _lines("meant_when.txt") if (r := _parse_reading(line))),
        frozenset(w.lower() for line in _lines("shared_words.txt") for w in line.split()),
        tuple(
            sorted(
                (w for line in _lines("rewording.txt") if (w := _parse_rewording(line))),
                key=lambda r: -len(r.managers_words),
            )
        ),
    )


def _parse_reading(line: str) -> Reading | None:
    """`words = what they mean | when: cue words`, simplified Chinese."""
    head, _, when = line.partition("|")
    words, sep, meant = head.partition("=")
    label, _, cues = when.partition(":")
    if not (sep and words.split() and meant.split() and label.strip() == "when" and cues.split()):
        return None
    return Reading(
        frozenset(words.lower().split()), tuple(meant.lower().split()), tuple(cues.split())
    )


def _said_by(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """`everyday word or phrase = words of the documents that say it`, simplified Chinese."""
    out: dict[str, list[str]] = {}
    for line in lines:
        word, sep, meant = line.partition("=")
        word = word.strip().lower()
        if sep and word and meant.split():
            said = out.setdefault(word, [])
            said.extend(w for w in meant.lower().split() if w not in said)
    return {w: tuple(v) for w, v in out.items()}


def _parse_negation(line: str, synonyms: dict[str, tuple[str, ...]]) -> Negation | None:
    """`word = words it means when negated`: each word with its synonyms."""
    word, sep, meant = line.partition("=")
    word = word.strip()
    if not sep or not word or not meant.split():
        return None
    forms = sorted({word, *synonyms.get(word, ())}, key=len, reverse=True)
    means = [m for w in meant.split() for m in (w, *synonyms.get(w, ()))]
    alternatives = "|".join(re.escape(f) for f in forms if _CJK_CHAR.search(f))
    if not alternatives:
        return None
    return Negation(re.compile(f"{_NEGATION}({alternatives})"), tuple(dict.fromkeys(means)))
