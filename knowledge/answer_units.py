"""Answer units: the quotable pieces of a chunk (sentences with their labels, list items and table
rows under their introduction, whole lists, enumerations in running text)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.text import compact, split_sentences

MIN_UNIT_CHARS = 6
# Opens a chunk's first line when that line is the lead-in of a list cut by the chunk before
# (knowledge.chunking): the items after it are quoted under it; the line is no unit of its own.
CARRIED_MARK = "…"
LATIN_CHAR_WIDTH = 0.4


_LIST_ITEM_RE = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、．)）]|[（(]\d{1,2}[）)]|[-•·*]\s|[①-⑳]"
    r"|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)])"
)
# An item opened by an ordinal word: "第一，对大客户优先供货…", "其二，…", "三是…".
_ORDINAL_ITEM_RE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]{1,3}[,，、:：]|其[一二三四五六七八九十][,，、:：]"
    r"|[一二三四五六七八九十]是)"
)
# A lead-in whose colon was lost on the way from the web ("…采取了一系列的管理策略保障大客户的
# 稳定性" before "第一，…"): a short line ending in a Chinese character, not in punctuation.
_OPEN_END_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]$")
_MAX_OPEN_INTRO_CHARS = 60
# An unnumbered item ("保持企业产品和竞争者有差异性，并能满足客户需求；") is a line of at most this
# many Chinese characters: a longer one is a paragraph of prose.
_MAX_ITEM_CHARS = 150
# A row of a table ("紧急: 1个工作日", "Critical: 1 working day") or a labelled item.
_ROW_RE = re.compile(r"^\s*[^：:。，,；;]{1,16}[：:]\s*\S")
LABEL_RE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+条|article\s+\d+|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}\s*[.、．](?!\d)|\d{1,2}\s*[)）])",
    re.IGNORECASE,
)
_ARTICLE_RE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+条|article\s+\d+)", re.IGNORECASE
)
# A table row as the loaders write it (knowledge.loaders): "header: value; header: value". One unit
# whatever comes before it: cut at its "; " the row header is lost ("处理时限: 3个工作日" of which
# row?), and the row of a sibling value can be quoted as the one asked about.
_ROW_CELL_RE = re.compile(r"^[^：:。；;]{1,16}: \S")
_MAX_UNIT_CHARS = 260  # Chinese characters (see quote_length)
_MAX_LABEL_CHARS = 16


@dataclass(frozen=True)
class Unit:
    """A quotable piece of a chunk: a sentence, a whole list with the sentence introducing it, or
    one item (list item, table row) quoted under its introduction."""

    text: str
    intro: str = ""
    # Items of running text joined into one unit (…；…；…。): quoted whole only for a list question.
    joined: bool = field(default=False, compare=False)
    # The lead-in of a list the chunk before began (knowledge.chunking carries it): quoted above
    # the unit, as an intro is, though the unit is read and scored as if the cut had not been.
    lead: str = field(default="", compare=False)

    @property
    def full(self) -> str:
        """What the unit says in context: the introduction and the item."""
        return f"{self.intro}\n{self.text}" if self.intro else self.text


def _is_label(sentence: str) -> bool:
    """A bare label such as "第五条 目的。" or "（一）公平性原则。": numbered, short, no colon."""
    return (
        LABEL_RE.match(sentence) is not None
        and len(compact(sentence)) <= _MAX_LABEL_CHARS
        and not any(mark in sentence for mark in "：:；;，,")
    )


def _is_table_row(line: str) -> bool:
    """A row of a table, "等级: 紧急; 处理时限: 1个工作日" (knowledge.loaders)."""
    cells = line.strip().split("; ")
    return len(cells) >= 2 and all(_ROW_CELL_RE.match(cell) for cell in cells)


def _is_title(sentence: str) -> bool:
    """A numbered title alone ("第四十条 响应时间。", "Article 40 Response times."): a label,
    English counted as in a quote."""
    return (
        LABEL_RE.match(sentence) is not None
        and quote_length(sentence.strip()) <= _MAX_LABEL_CHARS
        and not any(mark in sentence for mark in "：:；;，,")
    )


_RUN_IN_TITLE_RE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff，,、与和]{4,14}。$")


def _is_run_in_title(sentence: str) -> bool:
    """A paragraph opened by its title in a few words ("完善大客户服务渠道。大客户服务渠道的建设
    是…", "内强素质，外塑形象。企业的主体是人…"): no number, no figure, nothing but the words. The
    title introduces each sentence of its paragraph (answer_units)."""
    return (
        _RUN_IN_TITLE_RE.match(sentence.strip()) is not None
        and _ORDINAL_ITEM_RE.match(sentence) is None
    )


def under_run_in_title(unit: Unit) -> bool:
    """A sentence of a paragraph opened by its title ("内强素质,外塑形象。" over "要组织经常性的培训
    工作,从业务水平、营销理念…各方面对客户经理进行培训教育。"): quoted under the title, but a
    sentence of prose, not an item of a list: what it enumerates may be the list asked for."""
    return bool(unit.intro) and _is_run_in_title(unit.intro)


def _join(first: str, second: str) -> str:
    return f"{first.rstrip()} {second.lstrip()}"


_ORDINALS = "一二三四五六七八九十"


def _ordinal_at(sentence: str, n: int, anywhere: bool = False) -> bool:
    """The sentence opens item n of a running enumeration: 一是 / 第一, / 其一, (the first item may
    follow a lead-in: "因此,在提高服务质量过程中,一是要有科学的标准。")."""
    numeral = _ORDINALS[n - 1]
    pattern = rf"(?:{numeral}是|第{numeral}[,，、:：]|其{numeral}[,，、:：])"
    if anywhere:
        return re.search(rf"(?:^|[,，:：]){pattern}", sentence) is not None
    return re.match(pattern, sentence.lstrip()) is not None


def _enumerations(sentences: list[str]) -> list[Unit]:
    """A paragraph enumerating points in running text ("一是…。二是…。三是…。") is also one unit,
    from the sentence opening the first point to the one opening the last that fits: a question
    about the points is answered by all of them, not by the lead-in alone."""
    out: list[Unit] = []
    i = 0
    while i < len(sentences):
        if not _ordinal_at(sentences[i], 1, anywhere=True):
            i += 1
            continue
        n, last = 2, i
        for j in range(i + 1, len(sentences)):
            if n > len(_ORDINALS):
                break
            if _ordinal_at(sentences[j], n):
                if quote_length("".join(sentences[i : j + 1])) > _MAX_UNIT_CHARS:
                    break
                n, last = n + 1, j
        if last > i:
            out.append(Unit("".join(s.strip() for s in sentences[i : last + 1])))
        i = last + 1
    return out


_ITEM_END = ("；", ";")


def _inline_lists(sentences: list[str]) -> list[Unit]:
    """Items in running text separated by semicolons ("补救措施包括：当面或书面致歉；说明原因和整改
    计划；…；由主管或公司领导登门沟通。") are also one unit, from the sentence opening the first item
    to the one closing the last: sentences end at a semicolon, so each item alone is a loose piece,
    and a question asking which measures is answered by all of them."""
    out: list[Unit] = []
    i = 0
    while i < len(sentences):
        if not sentences[i].rstrip().endswith(_ITEM_END):
            i += 1
            continue
        j = i
        while j + 1 < len(sentences) and sentences[j].rstrip().endswith(_ITEM_END):
            j += 1
        # j is the sentence closing the list ("…登门沟通。"), its last item.
        last = j
        while last > i + 1 and quote_length("".join(sentences[i : last + 1])) > _MAX_UNIT_CHARS:
            last -= 1
        if last - i >= 2:
            text = sentences[i].strip()
            for item in sentences[i + 1 : last + 1]:
                # English items keep the space after their semicolon.
                space = " " if text.endswith(";") and item.strip()[:1].isascii() else ""
                text += space + item.strip()
            out.append(Unit(text, joined=True))
        i = j + 1
    return out


def _numbered_item(first: str) -> bool:
    return bool(_LIST_ITEM_RE.match(first) or _ROW_RE.match(first) or _ORDINAL_ITEM_RE.match(first))


def _is_item(line: str, first: str, *, marked_only: bool, open_items: bool) -> bool:
    """A line of the list an introduction opened: numbered or labelled ("2. 中：…", "紧急：…",
    "第二，…"), or, under an introduction ending in a colon, an unnumbered item of a list whose
    items end in semicolons ("…能满足客户需求；") and its last item ("…增加企业综合竞争力。")."""
    if _LIST_ITEM_RE.match(first) or _ORDINAL_ITEM_RE.match(first):
        return True
    if marked_only:
        return False
    if _ROW_RE.match(first):
        return True
    if quote_length(line) > _MAX_ITEM_CHARS:
        return False
    end = line.rstrip()
    return end.endswith(_ITEM_END) or (open_items and end.endswith(("。", ".")))


def without_carried(text: str) -> str:
    """The chunk as it reads, without a lead-in carried from the chunk before: what is searched."""
    return text.partition("\n")[2] if text.startswith(CARRIED_MARK) else text


def answer_units(text: str) -> list[Unit]:
    """The units of text (read_units); when its first line is a lead-in carried from the chunk
    before (CARRIED_MARK), the units of the rest, those of the items under that lead-in with the
    lead-in to quote above them."""
    first, _, rest = text.partition("\n")
    if not first.startswith(CARRIED_MARK) or not rest.strip():
        return read_units(text)
    lead = first[len(CARRIED_MARK) :].strip()
    items = [u.text for u in read_units(text) if u.intro == lead]
    out = []
    for u in read_units(rest):
        item = (
            next((i for i in items if compact(u.text) in compact(i)), None) if not u.intro else None
        )
        if item is None:
            out.append(u)
        else:
            out.append(Unit(u.text, u.intro, u.joined, _item_lead(lead, item, u.text)))
    return out


_MAX_ITEM_TITLE_CHARS = 40


def _item_lead(lead: str, item: str, sentence: str) -> str:
    """What a sentence of a list item cut by the chunk before is quoted under: the list's lead-in,
    and the item's title when the sentence goes on after it ("6)客户内部价值整体分析。" over "如开
    展电力需求侧管理(DSM),帮助客户降低用电成本…", which is an example of that step, not a step)."""
    if compact(item).startswith(compact(sentence)):
        return lead
    title = (split_sentences(item) or [""])[0].strip()
    if len(compact(title)) < 4 or quote_length(title) > _MAX_ITEM_TITLE_CHARS:
        return lead
    return f"{lead}\n{title}"


def read_units(text: str) -> list[Unit]:
    """Sentences, in reading order; a bare label ("第五条 目的。", "（一）公平性原则。") stays with
    the sentence after it; a list or table introduced by a sentence ending in a colon is kept whole
    with that sentence (line breaks kept), and each of its items is also a unit of its own, under
    it. A first line carried from the chunk before (CARRIED_MARK) is the intro of the items after
    it, no unit of its own."""
    units: list[Unit] = []
    intro = ""
    marked_only = False  # a lead-in without its colon: only numbered items follow it
    open_items = False  # the last item ended in a semicolon: the list goes on
    whole: int | None = None  # index of the whole-list unit being built
    pending = ""
    lines = text.split("\n")
    carried = False  # the first line may end the item the chunk before was cut in
    title = ""  # the line before was a bare title ("Article 40 Response times.")
    title_lead = ""  # the title heading the numbered lines under it
    if len(lines) > 1 and lines[0].startswith(CARRIED_MARK):
        lead = lines.pop(0)[len(CARRIED_MARK) :].strip()
        if _is_run_in_title(lead):
            lines[0] = f"{lead}{lines[0].lstrip()}"
        else:
            intro, carried = lead, True
            marked_only = not lead.endswith(("：", ":"))
    for line in lines:
        sentences = [line.strip()] if _is_table_row(line) else split_sentences(line)
        if not sentences:
            continue
        continuation, carried = carried, False
        label = pending
        if pending:
            sentences[0] = _join(pending, sentences[0])
            pending = ""
        # A new article's title ("第四十条 响应时间。") ends the list before it: only a numbered
        # line is still an item then.
        titled = (
            bool(label)
            or _is_label(sentences[0])
            or _ARTICLE_RE.match(sentences[0]) is not None
            or _is_run_in_title(sentences[0])
        )
        item_line = bool(intro) and _is_item(
            line, sentences[0], marked_only=marked_only or titled, open_items=open_items
        )
        if item_line:
            # A short item ("5. 客户的成长和扩展能力。") is an item of the list, not a label
            # of what follows.
            pass
        elif len(sentences) >= 2 and _is_run_in_title(sentences[0]) and not label:
            # The paragraph's title introduces each of its sentences, as a lead-in its items: a
            # question naming the title is answered by the sentences under it, quoted under it.
            title, body = sentences[0].strip(), sentences[1:]
            units.extend(Unit(s, title) for s in body)
            enumerations = _enumerations(body)
            units.extend(enumerations)
            units.extend(u for u in _inline_lists(body) if u not in enumerations)
            intro, whole = "", None
            continue
        elif len(sentences) >= 2 and _is_label(sentences[0]):
            sentences = [_join(sentences[0], sentences[1]), *sentences[2:]]
        elif len(sentences) == 1 and _is_label(sentences[0]):
            pending = sentences[0]
            continue
        first = sentences[0]
        if continuation and not item_line:
            # The rest of an item cut by the chunk before: its items go on after it.
            units.extend(Unit(s) for s in sentences)
            continue
        if item_line:
            open_items = line.rstrip().endswith(_ITEM_END)
            item = _join(label, line.strip()) if label else line.strip()
            item = item if quote_length(item) <= _MAX_UNIT_CHARS else first
            units.append(Unit(item, intro))
            if (
                whole is not None
                and quote_length(units[whole].text) + quote_length(item) <= _MAX_UNIT_CHARS
            ):
                units[whole] = Unit(f"{units[whole].text}\n{item}")
            continue
        intro = ""
        whole = None
        # Numbered lines under a bare title with no lead-in ("第四十条 响应时间。" / "1. …" /
        # "2. …") are quoted under the title, which the first one holds only in Chinese.
        numbered = _LIST_ITEM_RE.match(line) is not None
        title_lead = (label.strip() or title or title_lead) if numbered else ""
        lead = title_lead if not label else ""
        title = line.strip() if len(sentences) == 1 and _is_title(sentences[0]) else ""
        units.extend(Unit(s, lead=lead) for s in sentences)
        enumerations = _enumerations(sentences)
        units.extend(enumerations)
        units.extend(u for u in _inline_lists(sentences) if u not in enumerations)
        last = sentences[-1].strip()
        open_intro = (
            _OPEN_END_RE.search(last) is not None
            and len(last) <= _MAX_OPEN_INTRO_CHARS
            and not _numbered_item(last)
        )
        if last.endswith(("：", ":")) or (len(sentences) == 1 and open_intro):
            intro = last
            marked_only = not last.endswith(("：", ":"))
            open_items = False
            whole = len(units) - 1
    if pending:
        units.append(Unit(pending))
    return units


def chunk_units(text: str) -> list[Unit]:
    """The quotable units of a chunk, in reading order; stored unit vectors follow this order."""
    return [u for u in answer_units(text) if len(compact(u.text)) >= MIN_UNIT_CHARS]


def is_bare_title(unit: Unit) -> bool:
    """A numbered title and nothing else ("Article 48 Late payment.", "第十七条 主管走访。" at the
    end of a chunk): a label in quote_length, though its letters made it a unit of its own when
    stored units were cut (answer_units counts characters; changing that re-embeds every stored
    unit). It names a rule and states none."""
    text = unit.text.strip()
    return (
        not unit.intro
        and "\n" not in text
        and LABEL_RE.match(text) is not None
        and quote_length(text) <= _MAX_LABEL_CHARS
        and not any(mark in text for mark in "：:；;，,")
    )


# A paper's reference entry in the national standard's form (GB/T 7714): a number in brackets, then
# the work with its type in brackets ("[1] 梁蕾.浅谈电力行业客户服务管理[J].中国新技术新产品.2013(24)",
# "[2]英国市场营销协会编.优质服务的行动计划[M].北京:宇航出版社."): a journal article, a book, a thesis...
_REFERENCE_ENTRY_RE = re.compile(
    r"^\s*[\[［]\s*\d{1,3}\s*[\]］].*[\[［](?:J|M|C|D|N|R|S|P|Z|A|G|EB|DB|CP)(?:/OL|/DK|/MT|/CD)?[\]］]"
)


def is_reference_entry(unit: Unit) -> bool:
    """Every line of the unit is an entry of a paper's reference list. Quoted, it answers nothing,
    and it stands under the paper's last heading ("6、结束语"), which the source line names for it.
    The chunk keeps it: cut out at cleaning, the paper's last section is cut into other chunks,
    and answers elsewhere in it move (bench/README.md, kbcorp14)."""
    lines = [line for line in unit.text.strip().split("\n") if line.strip()]
    return bool(lines) and all(_REFERENCE_ENTRY_RE.match(line) for line in lines)


def titled_units(units: list[Unit]) -> list[tuple[int, Unit]]:
    """(position in units, unit) for answering: a bare title is quoted with the sentence after it
    (at that sentence's position, whose stored vector it takes), never alone; one closing its
    chunk, its rule in the next chunk, is left out. A reference entry is never quoted."""
    out: list[tuple[int, Unit]] = []
    n = 0
    while n < len(units):
        unit = units[n]
        if is_reference_entry(unit):
            n += 1
            continue
        if not is_bare_title(unit):
            out.append((n, unit))
            n += 1
            continue
        after = units[n + 1] if n + 1 < len(units) else None
        if after is not None and not after.intro and not is_bare_title(after):
            text = f"{unit.text.strip()} {after.text.strip()}"
            # Quoted with its title, it needs no title above it.
            lead = "" if after.lead == unit.text.strip() else after.lead
            out.append((n + 1, Unit(text, joined=after.joined, lead=lead)))
            n += 2
        else:
            n += 1
    return out


def is_list(unit: Unit) -> bool:
    """A whole list (items on their own lines), a running enumeration (一是…二是…), items in running
    text separated by semicolons, or a sentence naming three or more things (重要大客户、集团大客户、
    商业大客户和战略大客户)."""
    if unit.intro:
        return False  # one item of a list is not the list
    text = unit.text
    return (
        "\n" in text.strip()
        or _ordinal_at(text, 2, anywhere=True)
        or text.count("、") >= 2
        or sum(text.count(mark) for mark in _ITEM_END) >= 2
    )


def quote_length(text: str) -> float:
    """A quote's length in Chinese characters: English says the same in about 2.5 times as many
    characters, so an English answer holds as many rules as a Chinese one."""
    latin = sum(1 for ch in text if ch.isascii())
    return len(text) - latin + LATIN_CHAR_WIDTH * latin
