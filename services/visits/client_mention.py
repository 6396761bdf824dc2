"""Which client a visit report names: fuzzy matching of names and aliases, pinyin included."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from services.matching import MentionName, mention_names, mention_score, text_words, word_reading
from services.visits.dates import _VISIT_DATE_RULES, _first_hit
from services.visits.kind import _PHONE_RE, _VIDEO_RE
from services.visits.people import _DEPT_SUFFIXES, _EN_NOT_NAME, _NAME_STOP, _is_han, _PersonSpan

# Client match scores (0-100), from `services.matching.mention_score`.
MATCH_MIN = 80.0  # a client is taken when its best window scores at least this
CANDIDATE_MIN = 60.0  # offered as a choice from this score up
AMBIGUITY_GAP = 5.0  # two clients within this of each other (both matched) are ambiguous
MAX_CANDIDATES = 5
_MAX_FUZZY_FORMS = 120  # names and aliases scored window by window, the most promising first
_MAX_ANCHORS = 40  # per form and segment

Client = tuple[int, str, Sequence[str]]


# --- Client matching -------------------------------------------------------------------------
# Runs of words are scored by services/matching.py (`mention_score`), the one client-name scorer.

_JOINERS = frozenset(" \t&<>-'·/+")


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    pinyin: str
    start: int
    end: int
    segment: int


def _tokenize(low: str) -> list[_Token]:
    tokens: list[_Token] = []
    segment = 0
    last_end = 0
    for m in text_words(low):
        gap = low[last_end : m.start()]
        if tokens and (any(c not in _JOINERS for c in gap) or len(gap) > 3):
            segment += 1
        tokens.append(_Token(m.group(), word_reading(m.group()), m.start(), m.end(), segment))
        last_end = m.end()
    return tokens


@dataclass(frozen=True, slots=True)
class _ClientHit:
    client_id: int
    name: str
    score: float
    start: int
    end: int


class _Text:
    """The tokens of the report's head with the lookups every client form needs."""

    def __init__(self, low: str) -> None:
        self.tokens = _tokenize(low)
        self.index: dict[str, list[int]] = {}
        for i, t in enumerate(self.tokens):
            self.index.setdefault(t.text, []).append(i)
            if t.pinyin != t.text:
                self.index.setdefault(t.pinyin, []).append(i)
        self.latin = [
            i for i, t in enumerate(self.tokens) if len(t.text) >= 3 and not _is_han(t.text)
        ]
        # The tokens joined, segments kept apart by "|", to find whole names with str.find.
        parts: list[str] = []
        self.starts: dict[int, int] = {}  # offset in `joined` → index of the token starting there
        self.ends: dict[int, int] = {}  # offset in `joined` → index of the token ending there
        offset = 0
        for i, t in enumerate(self.tokens):
            if i and t.segment != self.tokens[i - 1].segment:
                parts.append("|")
                offset += 1
            self.starts[offset] = i
            parts.append(t.text)
            offset += len(t.text)
            self.ends[offset] = i
        self.joined = "".join(parts)

    def exact(self, form: MentionName) -> tuple[int, int] | None:
        at = self.joined.find(form.text)
        while at != -1:
            end = at + len(form.text)
            if at in self.starts and end in self.ends:
                return self.starts[at], self.ends[end]
            at = self.joined.find(form.text, at + 1)
        return None

    def anchors(self, form: MentionName) -> list[int]:
        """Tokens that share a character, a syllable or a word with the form."""
        found: set[int] = set()
        for key in self.index.keys() & form.keys:
            found.update(self.index[key])
        for i in self.latin:
            if any(self.tokens[i].text in p for p in form.whole_readings):
                found.add(i)
        return sorted(found)

    def best_window(self, form: MentionName, anchors: Sequence[int]) -> tuple[float, int, int]:
        """The best-scoring run of tokens that starts and ends on an anchor, within one segment."""
        best = (0.0, -1, -1)
        by_segment: dict[int, list[int]] = {}
        for i in anchors:
            by_segment.setdefault(self.tokens[i].segment, []).append(i)
        longest = len(form.words) + 2
        for positions in by_segment.values():
            positions = positions[:_MAX_ANCHORS]
            for a, i in enumerate(positions):
                for j in positions[a:]:
                    if j - i + 1 > longest:
                        break
                    window = self.tokens[i : j + 1]
                    score = mention_score(
                        [t.text for t in window], [t.pinyin for t in window], form
                    )
                    if score > best[0] or (score == best[0] > 0 and j - i > best[2] - best[1]):
                        best = (score, i, j)
        return best


def _match_clients(low: str, clients: Sequence[Client]) -> list[_ClientHit]:
    """Clients named in the text, best first: whole names first, then fuzzy windows."""
    text = _Text(low)
    if not text.tokens:
        return []
    best: dict[int, _ClientHit] = {}

    def record(client_id: int, name: str, score: float, i: int, j: int) -> None:
        hit = _ClientHit(client_id, name, score, text.tokens[i].start, text.tokens[j].end)
        current = best.get(client_id)
        if current is None or (score, hit.end - hit.start) > (
            current.score,
            current.end - current.start,
        ):
            best[client_id] = hit

    fuzzy: list[tuple[int, int, str, MentionName, list[int]]] = []
    for client in clients:
        client_id, name = client[0], client[1]
        aliases = [a for a in (client[2] if len(client) > 2 else ()) if isinstance(a, str)]
        if not isinstance(name, str):
            continue
        for form in mention_names(name, tuple(aliases)):
            span = text.exact(form)
            if span is not None:
                record(client_id, name, 100.0, *span)
            elif anchors := text.anchors(form):
                fuzzy.append(
                    (len({text.tokens[i].text for i in anchors}), client_id, name, form, anchors)
                )
    # The forms sharing most with the text are scored first; a long client list stays bounded.
    fuzzy.sort(key=lambda item: -item[0])
    for _shared, client_id, name, form, anchors in fuzzy[:_MAX_FUZZY_FORMS]:
        if client_id in best and best[client_id].score == 100.0:
            continue
        score, i, j = text.best_window(form, anchors)
        if score >= CANDIDATE_MIN:
            record(client_id, name, score, i, j)

    hits = list(best.values())
    # A name found inside another client's longer name ("招商银行" in "招商银行南京分行") yields.
    exact = [h for h in hits if h.score == 100.0]
    hits = [
        _ClientHit(h.client_id, h.name, 90.0, h.start, h.end)
        if h.score == 100.0
        and any(
            o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start
            for o in exact
        )
        else h
        for h in hits
    ]
    hits.sort(key=lambda h: (-h.score, h.start, h.client_id))
    return hits


_GUESS_ZH = re.compile(
    r"(?:拜访了?|走访了?|拜会了?|去了|到了|来到|到访|联系了?|致电|打电话给|约见了?)\s*"
    r"(?P<q>[^\s,;.!?。、:()]{2,24}?)"
    r"(?=的|[\s,;.!?。、:()]|见|和|与|跟|同|谈|沟通|讨论|聊|交流|$)"
)
# A plain 去/到/见 before a name ("去沙钢", "下午去沙钢谈续约", "到沙钢见了刘经理"), read after the
# verbs above so a name they introduce wins. Not the words these characters also make: 过去, 回去,
# 失去, 去年, 去电, 去掉; 收到, 得到, 到期, 到位; 意见, 看见, 见面 ...
_GUESS_ZH_PLAIN = re.compile(
    r"(?:(?<![过回出上下进失离除死老拿送寄发])去(?![年电函信世掉除向处留哪])过?"
    r"|(?<![收得提想做达遇看听找回送报签迟直等拿接感受办来起])到(?![期底位账货时场达岗款点处])"
    r"|(?<![意看听遇会再所可常罕不拜接召约相求引])(?P<see>见)(?![面到过识效解证])了?)"
    r"(?:客户)?\s*"
    r"(?P<q>[^\s,;.!?。、:()]{2,24}?)"
    r"(?=的|[\s,;.!?。、:()]|见|和|与|跟|同|谈|沟通|讨论|聊|交流|拜访|走访|开会|出差|签|$)"
)
# Where one goes that is no client's name: "去现场", "去客户那边", "到公司", "去看看".
_PLAIN_NOT_A_NAME = re.compile(
    r"现场|那边|那里|那儿|这边|这里|对方|他们|她们|他那|她那|机房|公司|单位|办公室|总部|一趟|"
    r"一下|看|拿|送|取|买|找|开会|参加|出差|外地|外面|楼|家|吃|办|现在|以后|之前|之后"
)
_GUESS_EN = re.compile(
    r"\b(?i:visited|met\s+with|called|at|with|from|went\s+(?:over\s+)?to|(?:dropped|stopped)\s+by)\s+"
    r"(?:the\s+)?"
    # "of", "and", "&" only inside a name: "Bank of Ningbo", not "Tongda Electronics and met".
    r"(?P<q>[A-Z0-9&<][\w&<>'-]*(?:\s+(?:(?:of|and|&)\s+)?[A-Z0-9&<][\w&<>'-]*)*)"
)


def _guess_client_span(norm: str, avoid: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """Where an unknown client is probably named: the words after 拜访/visited/at ..."""
    for pattern in (_GUESS_ZH, _GUESS_ZH_PLAIN, _GUESS_EN):
        for m in pattern.finditer(norm):
            start, end = m.span("q")
            q = norm[start:end]
            lead = re.match(r"(?:了|新客户|老客户|客户|一家|一下)+", q)
            if lead:
                start += lead.end()
            first_word = norm[start:end].split(" ")[0].lower()
            if end - start < 2 or first_word in _EN_NOT_NAME or _date_or_kind_word(norm[start:end]):
                continue
            if any(start < b and a < end for a, b in avoid):
                continue
            if pattern is _GUESS_ZH_PLAIN and (
                _PLAIN_NOT_A_NAME.match(norm, start)
                # One meets people more often than firms: "见了老李" names no client.
                or (m.group("see") and not norm.startswith("的", end))
            ):
                continue
            return start, end
    return None


_WRITTEN_NAME_MAX = 8  # characters a written name may run past what matched


def _written_end(norm: str, span: tuple[int, int], people: Sequence[_PersonSpan]) -> int:
    """Where the name the writer typed ends: Chinese characters glued to the matched part, up to a
    joining word, punctuation or a person met ("华润万家，" / "华能电厂张总" ends before 张总)."""
    end = span[1]
    starts = {p.start for p in people}
    if span[1] > span[0] and norm[span[1] - 1].isascii() and norm[span[1] - 1].isalnum():
        return latin_name_end(norm, span[1], starts)
    while (
        end < len(norm)
        and end - span[1] < _WRITTEN_NAME_MAX
        and _is_han(norm[end])
        and norm[end] not in _NAME_STOP
        and end not in starts
        and not _DATE_OR_TIME_START.match(norm, end)
    ):
        end += 1
    glued = norm[span[1] : end]
    # "华能电厂设备部" is the client and a department, not a longer name.
    if any(glued.endswith(suffix) for suffix in _DEPT_SUFFIXES) or _VERB_START.match(glued):
        return span[1]
    return end


def latin_name_end(norm: str, end: int, starts: Collection[int] = ()) -> int:
    """Where a name in Latin letters ends that matched a client up to `end`: capitalised words
    typed on are the name too ("Sinopec Shanghai" matched on "Sinopec"; another branch, not the
    client's), up to a date, a title or a person."""
    while (more := _CAPITALISED_NEXT.match(norm, end)) is not None:
        word = more.group("word")
        if word.lower() in _EN_NOT_NAME or _date_or_kind_word(word) or more.start(1) in starts:
            break
        end = more.end()
    return end


_CAPITALISED_NEXT = re.compile(r" (?P<word>[A-Z][\w&'-]*)")
_DATE_OR_TIME_START = re.compile(
    r"上午|下午|晚上|中午|早上|今天|昨天|前天|本周|上周|这周|周[一二三四五六日天]|星期|"
    r"拜访|走访|见|签|讨论|洽谈|商谈|沟通|交流|开会|会谈|座谈|"
    # what one does with a client, typed right after its name ("跟华能续约", "给交行发报价")
    r"续约|续签|续费|报价|对账|回款|付款|结算|验收|开票|催款|催收"
)
_VERB_START = re.compile(r"(?:介绍|表示|提出|希望|反映|反馈|说明|要求|同意|确认|负责|陪同|参加)")


def _date_or_kind_word(q: str) -> bool:
    return bool(
        _first_hit(q, _VISIT_DATE_RULES, date(2000, 1, 3))
        or _VIDEO_RE.match(q)
        or _PHONE_RE.match(q)
        or re.match(r"(?i)(?:mr|mrs|ms|dr|prof)\b", q)
    )


_BRACKETS = {"<": ">", "(": ")", "《": "》", "[": "]", "“": "”", '"': '"'}


def _widen(norm: str, span: tuple[int, int]) -> tuple[int, int]:
    """Take in a bracket the name opens or closes ("<A&B> Fine Chemicals", not "A&B> ...")."""
    start, end = span
    inside = norm[start:end]
    if start > 0 and _BRACKETS.get(norm[start - 1], "\x00") in inside:
        start -= 1
    closers = {v: k for k, v in _BRACKETS.items()}
    if end < len(norm) and closers.get(norm[end], "\x00") in inside:
        end += 1
    return start, end
