"""Cleaning of pasted web text: menus, nav bars, login and comment boxes, and duplicated passages."""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.text import compact, split_sentences

# Phrases that only appear in site chrome; a short line holding one of them is not content.
_BOILERPLATE = (
    "用户登录",
    "新用户注册",
    "网站地图",
    "联系我们",
    "关于我们",
    "在线留言",
    "合作导航",
    "积分规则",
    "繁體中文",
    "没有公告",
    "进入论坛",
    "分享到",
    "上一篇",
    "下一篇",
    "发表评论",
    "加入收藏",
    "告诉好友",
    "打印此文",
    "关闭窗口",
    "我来说两句",
    "评论内容",
    "只显示最新",
    "责任编辑",
    "文章录入",
    "您现在的位置",
    "当前位置",
    "版权所有",
    "copyright",
    "all rights reserved",
    "热门标签",
    "相关文章",
    "最新文章",
    "查看更多",
    "论文部分内容阅读",
    "中图分类号",
    "文献标识码",
    "文章编号",
    "扫一扫",
    "登录 注册",
    "返回顶部",
    "副标题",
    "字体:",
    "字体：",
)
# Calls to click, scan and follow, and a site's disclaimers: lines about the page, not content.
_SITE_NOISE = (
    "点击查看",
    "点击这里",
    "点击下载",
    "点击阅读",
    "点击进入",
    "点击关注",
    "点击链接",
    "请点击",
    "阅读原文",
    "扫码关注",
    "扫描二维码",
    "关注公众号",
    "关注微信公众号",
    "原标题",
    "本文来源",
    "文章来源",
    "免责声明",
    "不代表本站",
    "仅代表作者",
    "转载请注明",
)
# Markers after which a web page has only its footer: comments, related links, share buttons.
_TAIL_MARKERS = ("分享到", "上一篇", "发表评论", "我来说两句", "相关文章", "文章录入", "责任编辑")
_LINK_PREFIXES = ("普通文章", "推荐文章", "热门文章", "[图文]", "[组图]")
_BULLET_RE = re.compile(r"^[•·●▪◆■□\-*]\s*")
_SENTENCE_PUNCT_RE = re.compile(r"[。！？；，,.!?;]")
_MIN_DUP_CHARS = 12
_MIN_REPEAT_CHARS = 4


def _is_nav_bar(line: str) -> bool:
    parts = [p.strip() for p in re.split(r"[|｜]", line)]
    items = [p for p in parts if p]
    if line.count("|") + line.count("｜") < 2 or not items:
        return False
    return sum(len(p) for p in items) / len(items) <= 12


def _is_breadcrumb(line: str) -> bool:
    return line.count(">>") + line.count("»") + line.count(">") >= 2 and len(line) <= 200


def _is_boilerplate(line: str) -> bool:
    """Site chrome: a short line with a chrome phrase, or a longer one with several."""
    if len(line) > 120:
        return False
    lowered = line.lower()
    stripped = _BULLET_RE.sub("", line)
    if stripped.startswith(_LINK_PREFIXES):
        return True
    hits = sum(1 for p in (*_BOILERPLATE, *_SITE_NOISE) if p in lowered)
    return hits >= 2 or (hits == 1 and len(stripped) <= 30)


# A page number on a line of its own: "- 12 -", "第3页 共10页", "Page 3 of 10", "3/10", "（完）".
_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页|page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[（(]\s*完\s*[)）])$",
    re.IGNORECASE,
)


def is_page_number(line: str) -> bool:
    """A line holding only a page number (or an article's closing "（完）"): no content."""
    return _PAGE_NUMBER_RE.match(line.strip()) is not None


# The number itself: "第3页"'s 3 (not 共4页's 4), "- 3 -", "3/4", "Page 3 of 4".
_PAGE_ITSELF_RES = (
    re.compile(r"第\s*(\d{1,4})\s*页"),
    re.compile(r"page\s*(\d{1,4})", re.IGNORECASE),
    re.compile(r"(\d{1,4})"),
)


def page_number(line: str) -> int | None:
    """The number a page-number line prints ("第3页 共4页", "共4页 第3页", "- 3 -", "3/4",
    "Page 3 of 4": 3); None for any other line."""
    if not is_page_number(line):
        return None
    for pattern in _PAGE_ITSELF_RES:
        found = pattern.search(line)
        if found is not None:
            return int(found[1]) or None
    return None


_DIGITS_RE = re.compile(r"\d+")
_FURNITURE_LINES = 2  # a running header or footer is among a page's first or last lines


def without_page_furniture(
    pages: list[list[str]], is_heading: Callable[[str], bool] = lambda line: False
) -> list[list[str]]:
    """A PDF's pages without page numbers and without the running header or footer repeated at the
    top or bottom of most pages ("大客户服务手册" on every page, "机密 第3页"): otherwise they are glued
    into the sentence before or after them when hard-wrapped lines are joined again. A heading
    used as the running header ("第二章 投诉" atop each of its pages) is kept where it first
    appears, where its chapter starts."""
    edges: dict[str, int] = {}
    for lines in pages:
        shown = [x.strip() for x in lines if x.strip()]
        ends = {*shown[:_FURNITURE_LINES], *shown[-_FURNITURE_LINES:]}
        for line in ends:
            key = _DIGITS_RE.sub("#", line)
            edges[key] = edges.get(key, 0) + 1
    repeated = {k for k, n in edges.items() if len(pages) >= 3 and n >= max(3, len(pages) / 2)}
    out = []
    seen: set[str] = set()
    for lines in pages:
        filled = [i for i, x in enumerate(lines) if x.strip()]
        at_edge = {*filled[:_FURNITURE_LINES], *filled[-_FURNITURE_LINES:]}
        kept = []
        for i, line in enumerate(lines):
            if is_page_number(line):
                continue
            key = _DIGITS_RE.sub("#", line.strip())
            if i in at_edge and key in repeated:
                if key in seen or not is_heading(line.strip()):
                    continue
                seen.add(key)
            kept.append(line)
        out.append(kept)
    return out


def _is_prose(line: str) -> bool:
    return len(line) >= 50 and len(_SENTENCE_PUNCT_RE.findall(line)) >= 2


def _cut_tail(lines: list[str]) -> list[str]:
    """Drop a page footer: from the first footer marker on, when no real prose follows it."""
    for i, line in enumerate(lines):
        if len(line) <= 80 and any(m in line for m in _TAIL_MARKERS):
            if not any(_is_prose(rest) for rest in lines[i + 1 :]):
                return lines[:i]
            return lines
    return lines


_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# 因?yàn)为: a pinyin gloss whose opening bracket was damaged into "?" on the way from the web.
_DAMAGED_PINYIN_RE = re.compile(
    rf"(?<=[{_CJK}])[?？]\s?(?=[a-z{_TONED}]*[{_TONED}]|[a-z]{{1,6}}[1-5]?[)）])"
    rf"[a-z{_TONED}]{{1,7}}[1-5]?[)）]?(?=[{_CJK}])"
)
# Site watermarks inside a paragraph: "（本文来自某某网，版权所有，转载请注明出处）".
_WATERMARK_RE = re.compile(
    r"[(（【\[]?[^。！？!?\n(（【\[]{0,30}版权所有[^。！？!?\n)）】\]]{0,30}[)）】\]]?[。.]?"
)
# An article's byline: author, source, date (作者:龚德词 来源:《活力》 时间:2011-11-11 15:51:43).
_BYLINE_KEYS = ("作者", "来源", "时间", "日期", "发布", "编辑", "记者", "人气", "浏览", "点击")
_BYLINE_RE = re.compile(r"^(?:作者|来源|发布时间|发布日期|日期|时间|编辑|记者|撰稿)\s*[:：]")
_DATE_LINE_RE = re.compile(
    r"^[\d\s年月日/.:：\-]*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?[\d\s:：]*$"
)


# A paper's keyword line ("关键词:供电企业;大客户") lists words, it says nothing.
_KEYWORDS_RE = re.compile(r"^[【\[]?(?:关键词|关键字|key\s*words?)[】\]]?\s*[:：]?", re.IGNORECASE)
_ABSTRACT_RE = re.compile(r"^[【\[]?(?:摘\s*要|abstract)[】\]]?\s*[:：]?", re.IGNORECASE)
_AFFILIATION_RE = re.compile(r"(?:公司|大学|学院|研究所|研究院|中心|[室处局部所])$")


def _drop_paper_front(lines: list[str]) -> list[str]:
    """Keyword lines, and the author's affiliation on the line just before the abstract."""
    out: list[str] = []
    for n, line in enumerate(lines):
        if _KEYWORDS_RE.match(line):
            continue
        following = next((x for x in lines[n + 1 :] if x), "")
        if (
            _ABSTRACT_RE.match(following)
            and len(line) <= 40
            and not _SENTENCE_PUNCT_RE.search(line)
            and _AFFILIATION_RE.search(line)
        ):
            continue
        out.append(line)
    return out


def _is_byline(line: str) -> bool:
    if len(line) > 100:
        return False
    if _DATE_LINE_RE.match(line):
        return True
    keys = sum(1 for k in _BYLINE_KEYS if k in line)
    return (_BYLINE_RE.match(line) is not None and len(line) <= 60) or (
        keys >= 2 and re.search(r"[:：]", line) is not None
    )


def repair_damaged_text(line: str) -> str:
    """Drop pinyin glosses whose bracket was damaged into "?" (they would end a sentence there),
    and site watermarks. An intact gloss, 營(yíng)銷, stays in the text and leaves the index form."""
    line = _DAMAGED_PINYIN_RE.sub("", line)
    if "版权所有" in line:
        line = _WATERMARK_RE.sub("", line).strip()
    return line


# Items numbered inside one paragraph, "1)细分市场。…2)定义和选择目标大客户。…": each goes on a
# line of its own, so that it is quoted with its number and not run into the item before.
_INLINE_ITEM_RE = re.compile(
    r"(?:^|(?<=[。；;！？!?：:]))\s*(?:(\d{1,2})[)）]|[（(](\d{1,2})[）)]|([①-⑳]))(?!\d)"
)


_CJK_END_RE = re.compile(f"[{_CJK}]$")
_CJK_START_RE = re.compile(f"^[{_CJK}]")


def _join_broken_lines(lines: list[str]) -> list[str]:
    """A paragraph broken in the middle of a sentence ("…供电企业通过" / "阅读和分析…") is one line
    again: a line of prose ending in a Chinese character, followed by more prose."""
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        if (
            _is_prose(previous)
            and _CJK_END_RE.search(previous)
            and _CJK_START_RE.match(line)
            and _SENTENCE_PUNCT_RE.search(line)
        ):
            out[-1] = previous + line
        else:
            out.append(line)
    return out


def split_inline_items(line: str) -> list[str]:
    """A paragraph holding a numbered list run together (1)… 2)… 3)…) as one line per item; a
    line with fewer than two consecutively numbered items is left alone."""
    marks = [
        (m.start(), int(m.group(1) or m.group(2) or ord(m.group(3)) - ord("①") + 1))
        for m in _INLINE_ITEM_RE.finditer(line)
    ]
    cuts: list[int] = []
    previous: int | None = None
    for start, number in marks:
        if previous is not None and number == previous + 1:
            cuts.append(start)
            previous = number
        elif number == 1:
            cuts = [start] if start else []
            previous = 1
    if len(cuts) < 1 or previous is None or previous < 2:
        return [line]
    parts = [line[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]
    return [p for p in parts if p]


def clean_web_text(text: str) -> str:
    """Remove site chrome from text copied off a web page; keeps paragraphs and headings.

    Several articles pasted into one file each start with their title and a byline: the byline
    goes, and the title becomes a top heading, so that no heading of the article before carries
    over into the next one.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _cut_tail(_drop_paper_front(_join_broken_lines(lines)))
    kept: list[str] = []
    for line in lines:
        if not line:
            kept.append("")
            continue
        line = repair_damaged_text(line)
        if not line:
            continue
        if kept and line == kept[-1]:  # a title repeated on the next line
            continue
        if _is_byline(line):
            _mark_title(kept)
            continue
        if (
            _is_nav_bar(line)
            or _is_breadcrumb(line)
            or _is_boilerplate(line)
            or is_page_number(line)
        ):
            continue
        kept.extend(split_inline_items(line))
    return "\n".join(kept)


def _mark_title(kept: list[str]) -> None:
    """The short line before a byline is the article's title: make it a top heading."""
    for i in range(len(kept) - 1, -1, -1):
        line = kept[i]
        if not line:
            continue
        if line.startswith("#"):
            return
        if len(line) <= 40 and not _SENTENCE_PUNCT_RE.search(line[-1:]):
            kept[i] = f"# {line}"
        return


def dedupe_passages(paragraphs: list[str], is_heading: list[bool]) -> list[str]:
    """Drop paragraphs and sentences already seen earlier in the document (articles pasted twice).

    Comparison is on the compact index form, so a copy with other punctuation, width or script
    still counts. A paragraph mostly made of earlier sentences goes whole; otherwise only its
    longer repeated sentences go. Headings are kept; an empty section is dropped later.
    """
    seen_paragraphs: set[str] = set()
    seen: set[str] = set()
    out = []
    for paragraph, heading in zip(paragraphs, is_heading, strict=True):
        if heading:
            out.append(paragraph)
            continue
        key = compact(paragraph)
        if len(key) >= _MIN_REPEAT_CHARS and key in seen_paragraphs:
            out.append("")
            continue
        seen_paragraphs.add(key)
        sentences = [(s, compact(s)) for s in split_sentences(paragraph, keep_spaces=True)]
        total = sum(len(k) for _, k in sentences) or 1
        repeated = sum(len(k) for _, k in sentences if len(k) >= _MIN_REPEAT_CHARS and k in seen)
        if repeated >= 0.6 * total:
            out.append("")
            continue
        kept = [s for s, k in sentences if not (len(k) >= _MIN_DUP_CHARS and k in seen)]
        seen.update(k for _, k in sentences if len(k) >= _MIN_REPEAT_CHARS)
        out.append("".join(kept).strip())
    return out
