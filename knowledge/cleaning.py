"""Cleaning of pasted web text: menus, nav bars, login and comment boxes, and duplicated passages."""

from __future__ import annotations

import re

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
    hits = sum(1 for p in _BOILERPLATE if p in lowered)
    return hits >= 2 or (hits == 1 and len(stripped) <= 30)


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


def clean_web_text(text: str) -> str:
    """Remove site chrome from text copied off a web page; keeps paragraphs and headings."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _cut_tail(lines)
    kept: list[str] = []
    for line in lines:
        if not line:
            kept.append("")
            continue
        if kept and line == kept[-1]:  # a title repeated on the next line
            continue
        if _is_nav_bar(line) or _is_breadcrumb(line) or _is_boilerplate(line):
            continue
        kept.append(line)
    return "\n".join(kept)


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
