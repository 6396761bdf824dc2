"""Fuzzy client-name search on characters, same-sounding characters, pinyin and initials."""

from __future__ import annotations

import functools
import itertools
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from pypinyin import Style, lazy_pinyin, pinyin
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from knowledge.normal_form import fold
from services.domain import ClientHit

# The search key stored next to each client (see `search_key`):
#
#     key      = entry (";" entry)*              the name first, then each alias
#     entry    = text "|" pinyins "|" initials
#     text     = the name simplified, lowercased, half-width, without company suffixes,
#                punctuation or spaces ("华润万家", "crvanguard")
#     pinyins  = pinyin ("," pinyin)*            toneless syllables separated by one space; the
#                                                reading in context first, then polyphone variants
#     initials = initial ("," initial)*          first letter of each syllable, same order
#
# e.g. search_key("華潤萬家有限公司", ["CR Vanguard"])
#          == "华润万家|hua run wan jia|hrwj;crvanguard|cr vanguard|cv"
#      search_key("长城汽车") == "长城汽车|chang cheng qi che,zhang cheng qi che|ccqc,zcqc"
# A Latin word counts as one syllable; "ü" is written "v" as on pinyin keyboards, plus a "u" variant.
# None of ";|," can occur inside a field. A key this module cannot read (empty, or another format)
# is matched on the display name instead, so old rows keep working until their keys are rewritten.
ENTRY_SEP = ";"
FIELD_SEP = "|"
VARIANT_SEP = ","

# Characters whose reading in a company name is often not the one pypinyin picks in context.
_POLYPHONES = frozenset("重长行乐朝传藏厦曾单解调都降省参会沈朴查区盛强便大")
_MAX_READINGS = 2
_MAX_VARIANTS = 8

# Removed wherever they occur, longest first.
_CN_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "股份公司")
# Removed from the end, repeatedly ("…集团股份" → "…").
_CN_SUFFIXES = ("分公司", "总公司", "集团", "控股", "股份", "公司")
_EN_SUFFIXES = frozenset(
    ("co", "company", "ltd", "limited", "inc", "corp", "corporation", "group", "llc", "plc")
)

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_NOT_WORD = re.compile(f"[^a-z0-9{_HAN}]+")
_TOKEN = re.compile(f"[{_HAN}]|[a-z0-9]+")
_HAN_CHAR = re.compile(f"[{_HAN}]")
_LATIN = re.compile("[A-Za-z]")
_TONE_DIGITS = re.compile(r"(?<=[a-z])[1-5]")
_PINYIN_WITH_TONES = re.compile(r"(?:[a-z]+[1-5]?)+")
_U_UMLAUT = str.maketrans(dict.fromkeys("üǖǘǚǜ", "v"))

# Scores (0-100) by how a query matched; see `_score_entry`.
EXACT = 100.0
_SUBSTRING = (85.0, 10.0)  # base, plus this much times the share of the name covered
_SAME_SOUND = 94.0
_SOUND_SUBSTRING = (75.0, 15.0)
_SOUND_FUZZY_WEIGHT = 0.85
_PINYIN_EQUAL = 95.0
_PINYIN_PREFIX = (80.0, 15.0)
_PINYIN_SYLLABLE = (75.0, 15.0)
_INITIALS_EQUAL = 92.0
_INITIALS_PREFIX = (78.0, 12.0)
_INITIALS_INSIDE = (70.0, 10.0)
_TYPO_MIN_LENGTH = 5  # shorter Latin queries must match exactly
_TWO_TYPOS_LENGTH = 9
_TYPO_WHOLE = 83.0
_TYPO_START = 78.0
_TYPO_COST = 8.0  # per edit (insertion, deletion, substitution or swap of neighbours)


_OF_NAME = re.compile(
    r"^\s*([A-Za-z][\w&.'-]*(?:\s+[\w&.'-]+)?)\s+of\s+([A-Za-z][\w&.'-]*(?:\s+[\w&.'-]+)?)\s*$",
    re.I,
)


def english_word_orders(names: Sequence[str]) -> tuple[str, ...]:
    """The names with each English "X of Y" also as "Y X": a manager writes "Jiangsu Bank" for the
    alias "Bank of Jiangsu", "Zhejiang University" for "University of Zhejiang"."""
    out = list(names)
    for raw in names:
        match = _OF_NAME.match(raw)
        if match and not _HAN_CHAR.search(raw):
            out.append(f"{match.group(2)} {match.group(1)}")
    return tuple(dict.fromkeys(out))


def english_name(aliases: Sequence[str]) -> str | None:
    """A client's name in English: the fullest of its aliases written without Chinese characters
    ("Zhongshan Hospital", not "AB化工"); None when it has none (nothing is made up)."""
    latin = [a.strip() for a in aliases or () if _LATIN.search(a) and not _HAN_CHAR.search(a)]
    return max(latin, key=lambda a: (" " in a, len(a)), default=None)


def spoken_name(name: str, aliases: Sequence[str], *, english: bool) -> str:
    """How a manager would name the client in a message: in English its English name, in
    Chinese its shortest Chinese alias of two characters or more ("宝钢" for 宝山钢铁股份有限公司);
    the full name when it has neither."""
    if english:
        return english_name(aliases) or name
    short = [a.strip() for a in aliases or () if len(_HAN_CHAR.findall(a)) >= 2]
    return min(short, key=len, default=name) if short else name


def search_key(name: str, aliases: Sequence[str] = ()) -> str:
    """The key to store next to a client (format above); `rank` then needs no pypinyin or OpenCC."""
    entries: list[str] = []
    seen: set[str] = set()
    for raw in (name, *aliases):
        text = _core(_normalize(raw))
        compact = text.replace(" ", "")
        if not compact or compact in seen:
            continue
        seen.add(compact)
        variants = _pinyin_variants(text)
        pinyins = VARIANT_SEP.join(" ".join(v) for v in variants)
        initials = VARIANT_SEP.join(dict.fromkeys("".join(s[0] for s in v) for v in variants))
        entries.append(FIELD_SEP.join((compact, pinyins, initials)))
    return ENTRY_SEP.join(entries)


def query_terms(query: str) -> tuple[str, ...]:
    """Substrings for an SQL prefilter: `search_key LIKE '%t%'` OR-ed over the terms.

    Every client that `rank` finds by characters, same sound, pinyin or initials contains one of
    them; only a typo-tolerant match of a Latin query with a slip in its first two letters may be
    lost. Empty when the query has nothing to search for.
    """
    q = _Query.of(query)
    if q is None:
        return ()
    if q.has_han:
        chars = (c for c in q.text if _HAN_CHAR.fullmatch(c))
        return tuple(dict.fromkeys((*chars, *q.syllables)))
    if len(q.latin) < 2:
        return tuple(dict.fromkeys((q.latin, q.text[:2])))
    # Two letters may straddle a syllable boundary in the spaced pinyin ("ali" → "a li").
    return tuple(dict.fromkeys((q.latin[:2], f"{q.latin[0]} {q.latin[1]}", q.text[:2])))


def rank(
    query: str,
    candidates: Iterable[tuple[int, str, str]],
    *,
    limit: int = 8,
    min_score: float = 60.0,
) -> list[ClientHit]:
    """The candidates (client_id, display_name, search_key) matching the query, best first.

    An exact name match scores 100, and so does a substring of the name (or an alias) when only one
    candidate contains it; other matches score below 100 and those under `min_score` are dropped.
    A candidate whose search key is empty or unreadable is matched on its display name.
    """
    q = _Query.of(query)
    if q is None or limit <= 0:
        return []
    # No per-candidate objects are made here: the parsed keys are cached, and fewer new
    # containers mean fewer pauses of the garbage collector over that cache.
    rows = candidates if isinstance(candidates, Sequence) else list(candidates)
    clients = [_parse(row[2]) for row in rows]
    scores = [0.0] * len(clients)
    text_hits: list[int] = []
    for i, client in enumerate(clients):
        if not client.entries:
            clients[i] = client = _parse_name(rows[i][1])
        # Cheap tests that every exact, substring, same-sound, pinyin or initials match passes.
        if q.has_han:
            if q.codes.isdisjoint(client.codes):
                continue
        elif q.latin not in client.hay and q.text not in client.hay:
            continue
        hit = False
        for entry in client.entries:
            score, entry_hit = _score_entry(q, entry, min_score)
            scores[i] = max(scores[i], score)
            hit = hit or entry_hit
        if hit:
            text_hits.append(i)
    if not q.has_han and len(q.latin) >= _TYPO_MIN_LENGTH:
        typos = _typo_scores(q.latin, clients)
        for i in np.flatnonzero(typos).tolist():
            scores[i] = max(scores[i], float(typos[i]))
    if len(text_hits) == 1:
        scores[text_hits[0]] = EXACT
    found = [i for i, score in enumerate(scores) if score >= min_score]
    found.sort(key=lambda i: (-scores[i], len(rows[i][1]), rows[i][1], rows[i][0]))
    return [
        ClientHit(id=rows[i][0], name=rows[i][1], score=round(scores[i], 1)) for i in found[:limit]
    ]


def names_client(typed: str, key: str, name: str = "") -> bool:
    """Whether the text typed is contained in the client's name or an alias, by characters or pinyin.

    华润 names 华润万家, and so does 华闰 (same sound) or "huarun"; 华润万家 does not name
    华润电力 however close it looks. Initials count when they start an entry ("hrwj", "hr").
    """
    q = _Query.of(typed)
    return q is not None and any(_contains(q, e) for e in _entries(key, name))


def _entries(key: str, name: str, q: _Query | None = None) -> tuple[_Entry, ...]:
    """The client's names; none when the cheap test shows the query cannot be contained."""
    client = _parse(key) if key else _parse_name(name)
    if not client.entries and name:
        client = _parse_name(name)
    if q is not None and (
        q.codes.isdisjoint(client.codes)
        if q.has_han
        else q.latin not in client.hay and q.text not in client.hay
    ):
        return ()
    return client.entries


def _contains(q: _Query, e: _Entry) -> bool:
    if q.text in e.text:
        return True
    if q.has_han:
        return any(q.sound in sound for sound in e.sounds)
    if len(q.latin) < 2:
        return False
    return any(q.latin in py for py in e.pinyins) or any(i.startswith(q.latin) for i in e.initials)


def _whole(q: _Query, e: _Entry) -> bool:
    return q.text == e.text or (q.has_han and q.sound in e.sounds[:1])


def sure_client(
    typed: str | None, candidates: Iterable[tuple[int, str, str]]
) -> tuple[int, str] | None:
    """The one client (id, name) the typed name certainly means, or None: then ask "did you mean …?".

    The single rule every flow uses before putting a client on a card without asking: the text typed
    must be contained in the client's name or an alias (characters or pinyin), and no other client
    may be named as well, unless the text is that client's whole name (招商银行 beside 招商银行南京分行).
    Candidates are (client_id, display_name, search_key); an empty key is matched on the name.
    """
    q = _Query.of(typed) if typed else None
    if q is None:
        return None
    named: list[tuple[int, str]] = []
    whole: list[tuple[int, str]] = []
    for cid, name, key in candidates:
        entries = _entries(key, name, q)
        if any(_contains(q, e) for e in entries):
            named.append((cid, name))
            if any(_whole(q, e) for e in entries):
                whole.append((cid, name))
    if len(named) == 1:
        if not whole and _another_organisation(q.text, named[0][1]):
            return None  # "复旦大学" for 复旦大学附属中山医院: maybe the university itself
        return named[0]
    return whole[0] if len(whole) == 1 else None


# The rest of a client's name after the words typed naming an organisation of another kind: a
# hospital attached to the university typed ("复旦大学" → 复旦大学附属中山医院), not a branch, a
# campus or a legal form of the same one ("江苏银行" → 江苏银行股份有限公司, "上海交通大学" →
# 上海交通大学闵行校区).
_ORGANISATION_END = re.compile(r"(?:大学|学院|医院|集团|公司|银行|研究院|研究所|局|委员会)$")
_ANOTHER_KIND = re.compile(
    r"附属|(?:医院|学校|学院|研究院|研究所|幼儿园|中学|小学)(?:（.*）|\(.*\))?$"
)


def _another_organisation(typed: str, name: str) -> bool:
    """Whether `typed` names a whole organisation that `name` only begins with, the rest naming
    one of another kind (the client may be that other one, or the typed one may not be a client)."""
    typed = typed.strip()
    if not _ORGANISATION_END.search(typed) or not name.startswith(typed) or name == typed:
        return False
    return _ANOTHER_KIND.search(name[len(typed) :]) is not None


@dataclass(frozen=True, slots=True)
class ClientChoice:
    """What a typed name leads to: one client taken without asking, or the options to ask about."""

    sure: ClientHit | None
    options: tuple[ClientHit, ...]
    named: bool = False  # some option's name contains the text (several do, when none is sure)


def keyed(clients: Iterable[tuple[int, str, Sequence[str]]]) -> list[tuple[int, str, str]]:
    """(id, name, aliases) rows as the (id, name, search_key) candidates `rank` reads."""
    return [(cid, name, search_key(name, tuple(aliases or ()))) for cid, name, aliases in clients]


def sure_client_in_report(
    query: str | None,
    found: Sequence[tuple[int, str, float]],
    ambiguous: bool,
    clients: Iterable[tuple[int, str, Sequence[str]]],
) -> tuple[int, str] | None:
    """The client a free-text report names for certain: the parser's best find, if `sure_client`
    agrees on the words the report used for it; None to ask "did you mean …?"."""
    if ambiguous or not found:
        return None
    sure = sure_client(query, keyed(clients))
    return sure if sure is not None and sure[0] == found[0][0] else None


_MENTION_SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "分公司", "公司")


def mention_key(text: str) -> str:
    """Folded text without spaces or punctuation, one company suffix dropped: how a question and
    a client's name or alias are compared by `client_named_in`."""
    text = "".join(ch for ch in fold(text) if ch.isalnum())
    for suffix in _MENTION_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text


def might_name_a_client(text: str) -> bool:
    """False when the text is too short to hold any client's name (saves reading the clients)."""
    return len(mention_key(text)) >= 2


def client_named_in(
    text: str, clients: Iterable[tuple[int, str, Sequence[str] | None]]
) -> tuple[int, str] | None:
    """The client (id, name) whose name or an alias appears in a question, the longest name
    winning; None when the text names none of `clients`."""
    folded = mention_key(text)
    if len(folded) < 2:
        return None
    best: tuple[int, tuple[int, str]] | None = None
    for client_id, name, aliases in clients:
        for candidate in english_word_orders((name, *(aliases or ()))):
            key = mention_key(candidate)
            if len(key) < 2 or key not in folded or (best is not None and len(key) <= best[0]):
                continue
            if key.isascii() and not whole_words_in(candidate, text):
                continue  # "NACKS" is not named by "snacks"
            best = (len(key), (client_id, name))
    return best[1] if best else None


def whole_words_in(name: str, text: str) -> bool:
    """Whether a Latin name stands in the text as whole words (any case, any spacing or
    punctuation between its words)."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    if not words:
        return False
    pattern = r"(?<![A-Za-z0-9])" + r"[\W_]*".join(map(re.escape, words)) + r"(?![A-Za-z0-9])"
    return re.search(pattern, fold(text), re.IGNORECASE) is not None


def find_client(
    query: str, candidates: Iterable[tuple[int, str, str]], *, limit: int = 6
) -> ClientChoice:
    """Rank the candidates for a typed name and apply `sure_client`: the one rule for every flow."""
    rows = list(candidates)
    hits = rank(query, rows, limit=limit)
    sure = sure_client(query, rows)
    if sure is None:
        keys = {cid: (name, key) for cid, name, key in rows}
        named = any(names_client(query, keys[h.id][1], keys[h.id][0]) for h in hits)
        return ClientChoice(None, tuple(hits), named)
    hit = next((h for h in hits if h.id == sure[0]), ClientHit(sure[0], sure[1], EXACT))
    return ClientChoice(hit, tuple(hits), True)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One name or alias, as read back from the search key."""

    text: str
    syllables: tuple[tuple[str, ...], ...]  # per pinyin variant, the reading in context first
    sounds: tuple[str, ...]  # per variant, one code point per syllable
    pinyins: tuple[str, ...]  # per variant, without spaces
    initials: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Client:
    """A parsed search key, with what the quick rejection tests in `rank` need."""

    entries: tuple[_Entry, ...]
    codes: frozenset[str]  # every syllable code and Chinese character of every entry
    hay: str  # every text, pinyin and initials, for a Latin substring test
    typo_targets: tuple[str, ...]  # pinyin in context, and each word start of an English name


@dataclass(frozen=True, slots=True)
class _Query:
    text: str  # normalized, without suffixes or spaces
    has_han: bool
    latin: str  # for a query without Chinese characters: the text without tone digits
    syllables: tuple[str, ...]  # for a query with Chinese characters: its reading in context
    sound: str
    codes: frozenset[str]

    @staticmethod
    def of(raw: str) -> _Query | None:
        spaced = _core(_normalize(raw))
        text = spaced.replace(" ", "")
        if not text:
            return None
        if _HAN_CHAR.search(text):
            syllables = _pinyin_variants(spaced, variants=False)[0]
            sound = _encode(syllables)
            codes = frozenset(sound) | frozenset(text)
            return _Query(text, True, "", syllables, sound, codes)
        latin = _TONE_DIGITS.sub("", text) if _PINYIN_WITH_TONES.fullmatch(text) else text
        return _Query(text, False, latin, (), "", frozenset())


def _score_entry(q: _Query, e: _Entry, min_score: float) -> tuple[float, bool]:
    """How well the query matches one name or alias, and whether it is an exact substring of it."""
    if q.text == e.text:
        return EXACT, True
    # One Latin letter is better judged as an initial than as a substring of an English name.
    if q.text in e.text and (q.has_han or len(q.text) > 1):
        return _scaled(_SUBSTRING, len(q.text) / len(e.text)), True
    if q.has_han:
        return _score_sound(q.sound, e, min_score), False
    return _score_latin(q.latin, e), False


def _score_sound(query: str, e: _Entry, min_score: float) -> float:
    """Characters typed with the same sound (华闰 for 华润), or mostly the same characters."""
    best = 0.0
    for sound in e.sounds:
        if query == sound:
            return _SAME_SOUND
        if query in sound:
            best = max(best, _scaled(_SOUND_SUBSTRING, len(query) / len(sound)))
    if best < min_score and e.sounds:
        # Only the reading in context: a rarer reading would make 中国银行 sound like 重庆银行.
        sound = e.sounds[0]
        # A query longer than the name is judged on the whole of both.
        scorer = fuzz.partial_ratio if len(query) <= len(sound) else fuzz.ratio
        ratio = scorer(query, sound, score_cutoff=min_score / _SOUND_FUZZY_WEIGHT)
        best = max(best, ratio * _SOUND_FUZZY_WEIGHT)
    return best


def _score_latin(query: str, e: _Entry) -> float:
    """Typed pinyin (with or without spaces and tones) or initials; typos are scored apart."""
    best = 0.0
    for py, syllables in zip(e.pinyins, e.syllables, strict=True):
        if query == py:
            return _PINYIN_EQUAL
        at = py.find(query)
        if at == 0:
            best = max(best, _scaled(_PINYIN_PREFIX, len(query) / len(py)))
        # One letter inside the pinyin counts only as an initial, below.
        elif at > 0 and len(query) > 1 and _at_syllable_start(py, syllables, query):
            best = max(best, _scaled(_PINYIN_SYLLABLE, len(query) / len(py)))
    for initials in e.initials:
        if query == initials:
            return max(best, _INITIALS_EQUAL)
        at = initials.find(query)
        if at == 0:
            best = max(best, _scaled(_INITIALS_PREFIX, len(query) / len(initials)))
        elif at > 0:
            best = max(best, _scaled(_INITIALS_INSIDE, len(query) / len(initials)))
    return best


def _at_syllable_start(py: str, syllables: Sequence[str], query: str) -> bool:
    starts = set(itertools.accumulate((len(s) for s in syllables[:-1]), initial=0))
    at = py.find(query)
    while at >= 0:
        if at in starts:
            return True
        at = py.find(query, at + 1)
    return False


def _typo_scores(query: str, clients: Sequence[_Client]) -> np.ndarray:
    """Per client, the score for a few slips of the finger in typed pinyin or an English word.

    Judged against the whole pinyin (or word) and against its start, for someone still typing.
    Vectorised with rapidfuzz: this runs over every candidate.
    """
    counts = np.fromiter((len(c.typo_targets) for c in clients), dtype=np.intp, count=len(clients))
    owners = np.repeat(np.arange(len(clients)), counts)
    targets = list(itertools.chain.from_iterable(c.typo_targets for c in clients))
    per_client = np.zeros(len(clients))
    if not targets:
        return per_client
    allowed = 1 if len(query) < _TWO_TYPOS_LENGTH else 2

    def edits(choices: list[str]) -> np.ndarray:
        return process.cdist([query], choices, scorer=OSA.distance, score_cutoff=allowed)[0]

    n = len(query)
    whole = edits(targets)
    start = np.minimum.reduce([edits([t[:k] for t in targets]) for k in (n - 1, n, n + 1)])
    longer = np.fromiter(map(len, targets), dtype=np.intp, count=len(targets)) > n
    per_target = np.maximum(
        np.where((whole > 0) & (whole <= allowed), _TYPO_WHOLE - _TYPO_COST * whole, 0.0),
        np.where(longer & (start <= allowed), _TYPO_START - _TYPO_COST * np.maximum(start, 1), 0.0),
    )
    np.maximum.at(per_client, owners, per_target)
    return per_client


def _scaled(weights: tuple[float, float], share: float) -> float:
    base, extra = weights
    return base + extra * min(share, 1.0)


@functools.lru_cache(maxsize=65536)
def _parse(key: str) -> _Client:
    entries: list[_Entry] = []
    for raw_entry in key.split(ENTRY_SEP):
        fields = raw_entry.split(FIELD_SEP)
        if len(fields) != 3 or not fields[0]:
            continue  # not written by this version of `search_key`
        text, pinyins, initials = fields
        syllables = tuple(tuple(p.split(" ")) for p in pinyins.split(VARIANT_SEP) if p)
        entries.append(
            _Entry(
                text=text,
                syllables=syllables,
                sounds=tuple(_encode(s) for s in syllables),
                pinyins=tuple("".join(s) for s in syllables),
                initials=tuple(i for i in initials.split(VARIANT_SEP) if i),
            )
        )
        if text.isascii() and syllables:
            entries.extend(_reordered(syllables[0]))
    codes = frozenset(
        itertools.chain.from_iterable(
            (*e.text, *itertools.chain.from_iterable(e.sounds)) for e in entries
        )
    )
    hay = FIELD_SEP.join(
        itertools.chain.from_iterable((e.text, *e.pinyins, *e.initials) for e in entries)
    )
    typo_targets: list[str] = []
    for e in entries:
        if not e.syllables:
            continue
        if e.text.isascii():
            words = e.syllables[0]
            typo_targets.extend("".join(words[i:]) for i in range(len(words)))
        else:
            typo_targets.append(e.pinyins[0])
    return _Client(tuple(entries), codes, hay, tuple(typo_targets))


def _reordered(words: tuple[str, ...]) -> list[_Entry]:
    """An English name "X of Y" also as "Y X" (english_word_orders), read from any stored key."""
    if "of" not in words:
        return []
    swapped = english_word_orders((" ".join(words),))[1:]
    return [e for name in swapped for e in _parse(search_key(name)).entries]


@functools.lru_cache(maxsize=4096)
def _parse_name(name: str) -> _Client:
    return _parse(search_key(name))


_SYLLABLE_CODES: dict[str, str] = {}
_SYLLABLE_CODES_LOCK = threading.Lock()
_CODE_BASE, _CODE_COUNT = 0xF0000, 0x1FFFE  # the two supplementary private-use planes


def _encode(syllables: Sequence[str]) -> str:
    """One private-use code point per syllable, so fuzzy matching weighs whole syllables."""
    codes = _SYLLABLE_CODES
    out = []
    for s in syllables:
        code = codes.get(s)
        if code is None:
            with _SYLLABLE_CODES_LOCK:
                code = codes.setdefault(s, chr(_CODE_BASE + len(codes) % _CODE_COUNT))
        out.append(code)
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _normalize(raw: str) -> str:
    """Half-width, simplified, lowercase, without tone marks or punctuation, single-spaced."""
    text = fold(raw).translate(_U_UMLAUT)
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn"
    )
    return _NOT_WORD.sub(" ", text).strip()


def _core(text: str) -> str:
    """The name without legal forms and company suffixes, unless nothing would be left."""
    core = text
    for form in _CN_LEGAL_FORMS:
        core = core.replace(form, " ")
    core = " ".join(core.split())
    changed = True
    while changed:
        changed = False
        for suffix in _CN_SUFFIXES:
            if core.endswith(suffix) and len(core) > len(suffix):
                core = core[: -len(suffix)].rstrip()
                changed = True
        words = core.split(" ")
        if len(words) > 1 and words[-1] in _EN_SUFFIXES:
            core = " ".join(words[:-1])
            changed = True
    return core or text


def person_name_pattern(name: str) -> re.Pattern[str] | None:
    """How a Chinese person's name is written in Latin letters, in either order and with or
    without spaces: 王磊 → "Wang Lei", "Lei Wang", "wanglei"; 陈晓峰 → "Chen Xiaofeng",
    "Xiaofeng Chen". Matches whole words, ignoring case; None for a name not all in Han."""
    han = _normalize(name).replace(" ", "")
    if not 2 <= len(han) <= 4 or not all(_HAN_CHAR.fullmatch(c) for c in han):
        return None
    syllables = _syllables(han)
    if not all(s.isascii() for s in syllables):
        return None
    sep = r"[\s\-]*"
    surname, given = syllables[0], sep.join(syllables[1:])
    either = f"{sep.join(syllables)}|{given}{sep}{surname}"
    return re.compile(rf"(?<![a-z])(?:{either})(?![a-z])", re.IGNORECASE)


def _pinyin_variants(text: str, *, variants: bool = True) -> list[tuple[str, ...]]:
    """Toneless syllables of a normalized name: the reading in context, then polyphone variants.

    A Latin word counts as one syllable.
    """
    tokens = _TOKEN.findall(text)
    han = "".join(t for t in tokens if _HAN_CHAR.fullmatch(t))
    in_context = iter(_syllables(han) if han else [])
    readings: list[list[str]] = []
    for token in tokens:
        if not _HAN_CHAR.fullmatch(token):
            readings.append([token])
            continue
        slot = [next(in_context)]
        if variants and token in _POLYPHONES:
            for other in pinyin(token, style=Style.NORMAL, heteronym=True)[0]:
                alternative = _clean_syllable(other, token)
                if alternative not in slot and len(slot) < _MAX_READINGS:
                    slot.append(alternative)
        if variants:
            # Many people type 绿 as "lu" rather than "lv".
            slot += [r.replace("v", "u") for r in slot if "v" in r]
        readings.append(slot)
    if not readings:
        return [()]
    combos = itertools.islice(itertools.product(*readings), _MAX_VARIANTS)
    return list(dict.fromkeys(combos))


def _syllables(han: str) -> list[str]:
    """pypinyin's reading of a run of characters in context, one syllable per character."""
    out = lazy_pinyin(han, style=Style.NORMAL)
    if len(out) != len(han):  # characters without a reading come back as one chunk
        out = [lazy_pinyin(c, style=Style.NORMAL)[0] for c in han]
    return [_clean_syllable(s, c) for s, c in zip(out, han, strict=True)]


def _clean_syllable(syllable: str, char: str) -> str:
    syllable = syllable.translate(_U_UMLAUT)
    # A character without a reading stands for itself.
    return syllable if syllable.isascii() and syllable.isalpha() else char


# --- Names inside a longer text (visit reports) ------------------------------------------------
#
# A report names its client somewhere in a sentence, often shortened ("华能电厂" for 华能南京电厂)
# or reordered ("苏州移动"). The parser cuts runs of words out of the text (Chinese characters and
# Latin words) and `mention_score` says how well a run names one of a client's names, on the same
# normalisation, suffixes, readings and scores as `rank`, plus what only a longer text needs: words
# too common to name anyone, and shortened forms.

# Two-character (or one-word) pieces too common to name a client on their own.
_GENERIC = frozenset(
    "中国 国家 江苏 南京 苏州 无锡 上海 北京 宁波 浙江 广东 深圳 电力 电厂 银行 医院 大学 集团 公司 移动 "
    "电信 联通 石化 中石 人民 分行 支行 华东 华南 华北 客户 china state bank group company national "
    "jiangsu nanjing suzhou wuxi shanghai beijing east west south north city port power mobile "
    "telecom university hospital the of and co ltd "
    # Words of many organisations' names, never a client alone: "信息中心主任" is no parcel depot's
    # 转运中心, though 中通快递华东转运中心 starts with 中 too.
    "中心 有限 股份 科技 信息 技术 服务 发展 工程 管理 实业 贸易 物流 快递 园区 新区 开发 数据 网络 "
    "客服 客运 总部 办公".split()
)
_PLACE = re.compile(f"[{_HAN}]{{1,3}}[省市县区]")
# Not dropped by `_core`: in a search a branch is its own client; in a text it is often left out.
_BRANCH_SUFFIXES = ("分行", "支行")
_SAME_READING = 96.0  # same pinyin as the whole name: a same-sounding typo, or the name in pinyin
_SHORTENED = (80.0, 15.0)  # the name's first word and its order kept ("华能电厂" for 华能南京电厂)
_REORDERED = (75.0, 15.0)  # three or more of its words in another order ("苏州移动")
_REORDERED_INSIDE = (78.0, 15.0)  # ... that stand together in the name
_FUZZY_CAP = 94.0  # letters of pinyin are too forgiving: "nanjingdiyi" is close to "nanjingditie"


@dataclass(frozen=True, slots=True)
class MentionName:
    """One way a client may be written in a text: its name or an alias, whole or without suffixes."""

    text: str  # the words joined, as `_normalize` writes them without spaces
    words: tuple[str, ...]  # Chinese characters and Latin words
    readings: tuple[str, ...]  # per word, its pinyin alone (a Latin word stands for itself)
    whole_readings: frozenset[str]  # the name's pinyin joined: word by word, and in context
    core: tuple[str, ...]  # the words without a company suffix ("中国移动苏州" of …分公司)
    keys: frozenset[str]  # words and readings, to find where the name may stand in a text


@functools.lru_cache(maxsize=65536)
def word_reading(word: str) -> str:
    """A word's pinyin read alone (a Latin word, or a character without a reading, is itself)."""
    return (
        _clean_syllable(lazy_pinyin(word, style=Style.NORMAL)[0], word)
        if _HAN_CHAR.fullmatch(word)
        else word
    )


def text_words(low: str) -> list[re.Match[str]]:
    """The words of a folded, lower-case text the way names are split: Chinese characters and
    Latin words; the matches keep their place in the text."""
    return list(_TOKEN.finditer(low))


@functools.lru_cache(maxsize=16384)
def mention_names(name: str, aliases: tuple[str, ...] = ()) -> tuple[MentionName, ...]:
    """The ways a client may be written: each of its name and aliases, whole and without suffixes."""
    spaced: list[str] = []
    for raw in english_word_orders((name, *aliases)):
        whole = _normalize(raw)
        core = _core(whole)
        spaced += [whole, core]
        compact = core.replace(" ", "")
        for suffix in _BRANCH_SUFFIXES:
            if compact.endswith(suffix) and len(compact) - len(suffix) >= 2:
                spaced.append(core[: -len(suffix)].rstrip())
    names: dict[str, MentionName] = {}
    for text in spaced:
        words = tuple(_TOKEN.findall(text))
        joined = "".join(words)
        if len(joined) < 2 or joined in names:
            continue
        readings = tuple(word_reading(w) for w in words)
        han = "".join(w for w in words if _HAN_CHAR.fullmatch(w))
        in_context = "".join(_syllables(han)) if han == joined else "".join(readings)
        core_words = tuple(_TOKEN.findall(_core(text)))
        names[joined] = MentionName(
            text=joined,
            words=words,
            readings=readings,
            whole_readings=frozenset(("".join(readings), in_context)),
            core=core_words if len("".join(core_words)) >= 2 else words,
            keys=frozenset(words) | frozenset(readings),
        )
    return tuple(names.values())


def mention_score(words: Sequence[str], readings: Sequence[str], name: MentionName) -> float:
    """How well a run of words cut from a text names the client name (0-100).

    100 the same words; 96 the same pinyin (a same-sounding typo, or the name spelt in pinyin);
    for a shortened form keeping the first word and the order ("华能电厂" for 华能南京电厂) the
    score of `rank` for a part of the name (85-95) or 80-95; 75-93 three or more of the name's
    words without its suffix, in any order ("苏州移动", "江苏省电力"); otherwise a fuzzy ratio on
    characters, or on whole syllables for a run as long as the name, capped at 94. A run of words
    too common to name anyone (中国, 银行, "china", a place) scores 0.
    """
    joined = "".join(words)
    if joined == name.text:
        return EXACT
    if (
        len(joined) >= 2
        and len("".join(readings)) >= 4
        and "".join(readings) in name.whole_readings
    ):
        return _SAME_READING
    if joined in _GENERIC or (len(words) == 1 and words[0] in _GENERIC) or _PLACE.fullmatch(joined):
        return 0.0
    share = len(joined) / max(len(name.text), 1)
    single_word = len(words) == 1 and not _HAN_CHAR.match(joined) and len(joined) >= 5
    if (len(words) >= 2 or single_word) and share < 1:
        if words[0] == name.words[0] and _in_order(words, name.words):
            if joined in name.text:
                return _scaled(_SUBSTRING, share)  # a part of the name, as `rank` scores it
            return _scaled(_SHORTENED, share)
        if len(words) >= 3 and all(words.count(w) <= name.core.count(w) for w in words):
            inside = joined in "".join(name.core)
            return _scaled(_REORDERED_INSIDE if inside else _REORDERED, share)
    if len(joined) < 3 or (len(words) < 3 and _HAN_CHAR.match(joined)):
        return 0.0
    by_text = fuzz.ratio(joined, name.text)
    # By sound only for a slip of the same length: a shorter run is a shortened form, judged above.
    same_length = len(readings) == len(name.readings)
    by_sound = fuzz.ratio(list(readings), list(name.readings)) - 4 if same_length else 0.0
    return min(_FUZZY_CAP, max(by_text, by_sound))


def _in_order(part: Sequence[str], whole: Sequence[str]) -> bool:
    it = iter(whole)
    return all(any(x == y for y in it) for x in part)
