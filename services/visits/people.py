"""The people met, as a visit report names them: '设备部张总', 'Zhang Wei (CIO)'."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from knowledge.normal_form import fold_keeping_length
from services.visits.text import _HAN_RE

# --- People ----------------------------------------------------------------------------------

_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤"
    "常温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂"
    "苗谷盛翁冉骆蓝游辛靳柴蒙鲍华喻祁蒲房滕屈饶牟艾尤阳穆卓吉缪简芦麦褚娄窦戚岑景费卜冷晏席卫柏宗瞿桂佟"
    "臧闵苟邬卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝洪闻"
)
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "令狐",
    "慕容",
    "尉迟",
    "夏侯",
)


def opens_with_surname(name: str) -> bool:
    """True when a Chinese name begins with a common surname (one or two characters)."""
    return name[:2] in _COMPOUND_SURNAMES or name[:1] in _SURNAMES


# Titles that follow a bare surname only ("张总", "孙工"), never a full name.
_HONORIFIC_ONLY = frozenset(("总", "副总", "工", "董", "老板"))
_ZH_TITLE_RE = re.compile(
    r"(?:副)?(?:董事长|总经理|总工程师|总工|总监|总裁|经理|主任|处长|科长|部长|书记|院长|校长|局长|所长|厂长|"
    r"行长|主管|工程师|教授|老师|博士|医生|主席|秘书长|董事|队长|组长|站长|会计|专员|老板)"
    r"|(?:副)?总(?!部|公司|行|店|厂|院|局|额|量|数|计|体|结|共|之|而|包|价|署|台|站|裁|监|经理|工)"
    r"|工(?!作|程|厂|艺|期|资|人|会|地|具|业|商|行|序|位|种|单|区|时|况|控|科|信|装|匠|友|班)"
    r"|董(?!事)"
)
# What may stand just before a name: a joining word, a department, or the start of a phrase.
_BEFORE_NAME = frozenset(
    "和与及跟同了见的、位是约请给向对找带陪领人部心处科办室间队组司院校行厂局所"
)
_NAME_STOP = frozenset(
    "和与及跟同、谈讨沟聊说了的在等也都就一对把给向表提去来到带是开吃打通见约问讲碰"
)
# Verbs that often follow a name directly ("杨帆介绍了", "王伟表示").
_VERBS_AFTER_NAME = frozenset(
    "介绍 表示 提出 希望 认为 反映 反馈 说明 强调 指出 要求 同意 答应 建议 透露 告知 确认 负责 陪同 参加 出席".split()
)
_DEPT_SUFFIXES = ("部门", "部", "中心", "处", "科", "办公室", "办", "室", "车间", "分厂", "所", "组", "队",
                  "负责人", "联系人", "对接人", "院办")  # fmt: skip
# What a department is called without 部/处/科: "财务朱丽", "采购王芳", "IT张伟" (the job, not the name).
_FUNCTIONS = frozenset(
    "财务 采购 技术 信息 信息化 行政 后勤 人事 人力 人力资源 法务 销售 市场 运维 网络 安全 安环 设备 生产 "
    "质检 质量 工程 基建 物流 仓储 客服 综合 总务 商务 运营 研发 计划 审计 招标 党办 IT HR".split()
)
# Two-character words that start with a surname but name no one ("和技术方面沟通", "谈了金额").
_NOT_GIVEN_NAMES = frozenset(
    "方面 方案 方式 方向 方法 高层 领导 金额 程序 安排 管理 任务 毕业 包括".split()
)
_DEPT_CUT = re.compile(
    # "见了他们采购部的王经理", "对方设备部张总": 采购部 and 设备部, not 他们采购部 or 方设备部
    r"他们|她们|对方|我们|咱们|"
    r"[\s,.;:!?()、。]|见了|见到|和|与|跟|同|的|了|在|给|向|对|拜访|走访|会见|约见"
)
_ROLE_AFTER_VERB = re.compile(
    r"(?:见了|见到|会见了?|拜会了?|约见了?|和|与|跟|同)(?:对方的?|客户的?|他们的?|她们的?|厂里的?)?$"
)
_ROLE_NAMES_A_PLACE = re.compile(r"办公室|办|室|信箱|热线|助理|秘书")
_FULL_NAME_AFTER_VERB = re.compile(
    # 同 of 合同/共同/协同/相同… joins no one: "合同金额120万" names no 金额.
    r"(?:见了|见到|会见了?|拜会了?|约见了?|和|与|跟|(?<![合共协相不如认赞陪连一])同)"
    r"(?P<name>(?:欧阳|司马|诸葛|上官|[^\W\d_]))"
)
# Where a full name after its department may start: "见了财务朱丽", "、信息部杨帆".
_ROLE_IN_BRACKETS = re.compile(r"\((?P<role>[^()]{1,16})\)")
# The client's name between ("和华能电厂采购部的王娟") reads as blanks (_find_people).
_BEFORE_DEPT = re.compile(
    r"(?:见了|见到|会见了?|拜会了?|约见了?|和|与|跟|同|、)(?:\s+的?)?(?:对方的|客户的)?"
)

# 小周, 老王: a surname after 小 or 老, as colleagues and clients are called; not these words.
_FAMILIAR = re.compile(r"[小老](?=[\u4e00-\u9fff])")
_NOT_FAMILIAR = frozenset(
    "小时 小于 小区 小组 老师 老家 老年 小计 小额 小微 老化 小康 老乡 小吃 小车 小姐".split()
)

_EN_NAME = r"(?:[A-Z][a-z]+(?:[-'][A-Za-z]+)?)"
_EN_TITLE_WORD = r"(?:head|director|manager|engineer|officer|lead|chief|president|chairman|chairwoman|vp|ceo|cio|cto|cfo|coo|gm|supervisor|buyer|professor|dean)"
# "Ms. Chen from finance", "Mr. Li from the purchasing department": where the person works.
_EN_FROM_DEPT = (
    r"\s+from\s+(?:the\s+)?(?P<dept>(?i:finance|procurement|purchasing|IT|HR|legal|sales|marketing|"
    r"operations|ops|logistics|admin|administration|engineering|technical|tech|security|maintenance|"
    r"facilities|network|networking|quality|production|accounting|audit|billing|customer\s+service|"
    r"R&D|information|infrastructure)(?:\s+(?:department|dept|team|office))?)\b"
)
# A title written before a name as if part of it: "Manager Zhang", "Director Li".
_EN_TITLE_LEAD_RE = re.compile(rf"(?i:{_EN_TITLE_WORD})\s+(?=[A-Z])")
_EN_NOT_NAME = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december today yesterday tomorrow the they we "
    "he she it i next last this follow send will discussed met visited called video teams zoom "
    "phone china mobile our their his her and but also then sent call lunch dinner meeting "
    "talked spoke went had have need prepare ship action todo".split()
)
_EN_PERSON_RES = (
    # "Mr. Li (CIO)", "Ms. Gao", "Dr. Wang, head of IT"
    re.compile(
        rf"\b(?P<name>(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor)\.?\s+{_EN_NAME}(?:\s+{_EN_NAME})?)"
        rf"(?:\s*\((?P<paren>[^()]{{1,40}})\)|(?:,\s*(?i:(?:the|their|its)\s+)?|\s+(?i:the)\s+)(?P<after>(?i:(?:[a-z&/-]+\s+){{0,3}}?{_EN_TITLE_WORD}\b(?:\s+of\s+[a-z&/-]+(?:\s+(?!(?:at|in|from|on|for|with|and|to|by|yesterday|today|this|last)\b)[a-z&/-]+)?)?))|{_EN_FROM_DEPT})?"
    ),
    # "procurement manager Zhou", "purchasing director Mr. Feng", "ops head Kevin Zhou"
    re.compile(
        # (not after an apostrophe: "Shagang's CIO Mr. Gao" is their CIO, no "s CIO")
        rf"(?P<before>(?<!['’])\b(?:(?:(?!(?:with|and|met|the|a|an|to|at|from|their|our|of|by|for|on|spoke|called|visited)\b)[a-z&/-]+|[A-Z]{{2,5}})\s+){{0,2}}(?i:{_EN_TITLE_WORD}))"
        rf"\s+(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?{_EN_NAME}(?:\s+{_EN_NAME})?)"
    ),
    # "met the CIO, Zhang Lei", "their purchasing manager, Ms. Hu"
    re.compile(
        rf"(?i:\b(?:the|their|our|its)\s+)(?P<before>(?:(?:[a-z&/-]+|[A-Z]{{2,5}})\s+){{0,2}}(?i:{_EN_TITLE_WORD}))"
        rf",\s+(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?{_EN_NAME}(?:\s+{_EN_NAME})?)"
    ),
    # "met Zhang Wei, head of maintenance", "spoke with Kevin (ops)"
    re.compile(
        rf"(?i:\b(?:met(?:\s+with)?|spoke\s+(?:with|to)|talked\s+(?:with|to)|called|with|and))\s+"
        rf"(?P<name>{_EN_NAME}(?:\s+{_EN_NAME})?)"
        rf"(?:\s*\((?P<paren>[^()]{{1,40}})\)|(?:,\s*(?i:(?:the|their|its)\s+)?|\s+(?i:the)\s+)(?P<after>(?i:(?:[a-z&/-]+\s+){{0,3}}?{_EN_TITLE_WORD}\b(?:\s+of\s+[a-z&/-]+(?:\s+(?!(?:at|in|from|on|for|with|and|to|by|yesterday|today|this|last)\b)[a-z&/-]+)?)?))|{_EN_FROM_DEPT})?"
    ),
)

# "met the IT director", "spoke with their head of procurement and the CIO": a role, no name.
# Kept as the person (the name is the role as written) rather than lost: a visit report often
# names only whom the manager met by their job. A name written with the role wins over it.
_EN_ROLE_ONLY_RE = re.compile(
    rf"(?i:\b(?:met(?:\s+with)?|spoke\s+(?:with|to)|talked\s+(?:with|to)|called|with|and)\s+"
    rf"(?:(?:the|their|its|a|an)\s+)?)"
    rf"(?P<name>(?:(?:(?!(?:with|and|met|the|a|an|to|at|from|their|my|our|your|his|her|of|by|for|on|about|in)\b)"
    rf"[a-z&/-]+|[A-Z]{{2,5}})\s+){{0,2}}(?i:{_EN_TITLE_WORD})\b(?:\s+of\s+(?:[a-z&/-]+|[A-Z]{{2,5}}\b))?)"
    # ... but not a title word that names a thing: "the head office", "the manager team"
    r"(?!\s+(?:office|offices|team|teams|time|line|lines|department|meeting|level|role|position)\b)"
)


@dataclass(frozen=True, slots=True)
class _PersonSpan:
    start: int  # the whole mention, department and title included
    end: int
    name: str
    title: str | None


def _is_han(c: str) -> bool:
    return bool(_HAN_RE.fullmatch(c))


def _surname_at(norm: str, i: int) -> int:
    """Length of the surname starting at i (2 for compound ones), 0 when none."""
    if norm[i : i + 2] in _COMPOUND_SURNAMES:
        return 2
    return 1 if i < len(norm) and norm[i] in _SURNAMES else 0


def _name_before(norm: str, pos: int, honorific: bool) -> int | None:
    """Start of a name ending at pos ("张" in 张总, "王伟" in 王伟主任), shortest first."""
    lengths = (1, 2) if honorific else (1, 2, 3, 4)
    for length in lengths:
        start = pos - length
        if start < 0:
            break
        given = norm[start + _surname_at(norm, start) : pos] if _surname_at(norm, start) else None
        if given is None or len(given) > 2 or (honorific and given):
            continue
        if any(not _is_han(c) or c in _NAME_STOP for c in given):
            continue
        if (
            start == 0
            or not _is_han(norm[start - 1])
            or norm[start - 1] in _BEFORE_NAME
            or any(norm.endswith(f, 0, start) for f in _FUNCTIONS)  # 财务李经理
        ):
            return start
    return None


def _name_after(norm: str, pos: int) -> int | None:
    """End of a full name starting at pos ("王伟" in 主任王伟谈了, "杨帆" in 主任杨帆介绍了), else None."""
    surname = _surname_at(norm, pos)
    if not surname:
        return None
    for given in (2, 1):
        end = pos + surname + given
        name = norm[pos + surname : end]
        if len(name) < given or any(not _is_han(c) or c in _NAME_STOP for c in name):
            continue
        if any(_ZH_TITLE_RE.match(norm, i) for i in range(pos + surname, end)):
            continue
        if _ends_name(norm, end):
            return end
    return None


def _ends_name(norm: str, end: int) -> bool:
    """Whether a name may end at `end`: punctuation, a joining word or a verb follows."""
    after = norm[end : end + 2]
    return (
        not after
        or not _is_han(after[0])
        or after[0] in _NAME_STOP
        or after[0] in "很也都还已又再"
        or after in _VERBS_AFTER_NAME
    )


def _department_before(text: str, norm: str, pos: int) -> tuple[int, str | None]:
    """A department or role written just before a person ("设备部" in 见了设备部张总)."""
    left_start = max(0, pos - 14)
    left = norm[left_start:pos]
    if left.endswith("的"):
        left = left[:-1]
    cut = 0
    for m in _DEPT_CUT.finditer(left):
        cut = m.end()
    dept = left[cut:]
    if 2 <= len(dept) <= 10 and (dept.endswith(_DEPT_SUFFIXES) or dept in _FUNCTIONS):
        start = left_start + cut
        return start, text[start : start + len(dept)]
    return pos, None


def _chinese_people(text: str, norm: str) -> list[_PersonSpan]:
    found: list[_PersonSpan] = []
    for m in _ZH_TITLE_RE.finditer(norm):
        word = m.group()
        honorific = word in _HONORIFIC_ONLY
        start = _name_before(norm, m.start(), honorific)
        if start is not None and word == "工" and not _ends_name(norm, m.end()):
            start = None  # "施工现场" is a site, "孙工，" is a person
        if start is None and word in ("总", "副总") and _ends_name(norm, m.end()):
            # "见了陶建平副总，": a full name with its rank after it, as "王伟主任" is.
            start = _name_before(norm, m.start(), False)
            honorific = start is None
        if start is not None:
            # "张总", "李经理" as addressed; a full name stands alone ("王伟主任" → 王伟)
            full = m.start() - start > _surname_at(norm, start)
            name = text[start : m.start()] if full else text[start : m.end()]
            dept_start, dept = _department_before(text, norm, start)
            end = m.end()
            paren = re.match(r"\s*\((?P<t>[^()]{1,16})\)", norm[end:])
            if paren:
                dept = dept or text[end + paren.start("t") : end + paren.end("t")]
                end += paren.end()
            # "设备部张总" → 设备部; "采购部李经理" → 采购部经理; "王伟主任" → 主任
            title = dept if honorific else (dept or "") + text[m.start() : m.end()]
            found.append(_PersonSpan(dept_start, end, name, title))
            continue
        if honorific:
            continue
        name_end = _name_after(norm, m.end())
        if name_end is not None:
            dept_start, dept = _department_before(text, norm, m.start())
            title = (dept or "") + text[m.start() : m.end()]
            found.append(_PersonSpan(dept_start, name_end, text[m.end() : name_end], title))
            continue
        # No name: "见了信息科主任", "和总经理谈了" name the person by their role; keep it.
        dept_start, dept = _department_before(text, norm, m.start())
        if _ROLE_NAMES_A_PLACE.match(norm, m.end()):
            continue  # "总经理办公室" is an office, not whom they met
        if dept is not None or _ROLE_AFTER_VERB.search(norm, 0, m.start()):
            found.append(_PersonSpan(dept_start, m.end(), text[dept_start : m.end()], None))
    for m in _FULL_NAME_AFTER_VERB.finditer(norm):
        start = m.start("name")
        name_end = _name_after(norm, start)
        if (
            name_end is not None
            and not _ZH_TITLE_RE.match(norm, name_end)
            and norm[start:name_end] not in _NOT_GIVEN_NAMES
        ):
            found.append(_PersonSpan(start, name_end, text[start:name_end], None))
    for m in _BEFORE_DEPT.finditer(norm):
        person = _full_name_after_department(text, norm, m.end())
        if person is not None:
            found.append(person)
    for m in _FAMILIAR.finditer(norm):
        # "采购部小周", "和老王": a surname addressed familiarly.
        start, surname = m.start(), _surname_at(norm, m.start() + 1)
        end = start + 1 + surname
        if not surname or norm[start:end] in _NOT_FAMILIAR:
            continue
        if end < len(norm) and _is_han(norm[end]) and norm[end] not in _NAME_STOP:
            continue  # "小周末", "老张家"
        if start and norm[start - 1] not in _BEFORE_NAME and not norm[start - 1].isspace():
            if _is_han(norm[start - 1]) or norm[start - 1].isalnum():
                continue  # "两小时", "3小时"
        dept_start, dept = _department_before(text, norm, start)
        found.append(_PersonSpan(dept_start, end, text[start:end], dept))
    for m in _ROLE_IN_BRACKETS.finditer(norm):
        # "宝钢的王娟（采购部）": a full name with its department or title in brackets after it.
        role = m.group("role").strip()
        if not (role.endswith(_DEPT_SUFFIXES) or role in _FUNCTIONS or _ZH_TITLE_RE.search(role)):
            continue
        for length in (4, 3, 2):  # 欧阳娜娜, 王晓娟, 王娟
            start = m.start() - length
            if start < 0 or not _surname_at(norm, start) or _name_after(norm, start) != m.start():
                continue
            if start and _is_han(norm[start - 1]) and norm[start - 1] not in _BEFORE_NAME:
                continue
            found.append(_PersonSpan(start, m.end(), text[start : m.start()],
                                     text[m.start("role") : m.end("role")].strip()))  # fmt: skip
            break
    return found


def _full_name_after_department(text: str, norm: str, pos: int) -> _PersonSpan | None:
    """A full name written after its department at pos ("财务朱丽", "信息部的杨帆", "IT张伟"):
    the person with the department as their title."""
    latin = re.match(r"[A-Za-z]{2,4}", norm[pos : pos + 4])
    lead = len(latin.group()) if latin and latin.group() in _FUNCTIONS else 0  # IT部, HR部门
    for length in range(2, 9):
        dept = norm[pos : pos + length]
        rest = dept[lead:] if length > lead else ""
        if dept not in _FUNCTIONS and any(not _is_han(c) or c in _NAME_STOP for c in rest):
            return None  # past a joining word or punctuation: no department here
        if length <= lead and dept not in _FUNCTIONS:
            continue
        if not (dept in _FUNCTIONS or dept.endswith(_DEPT_SUFFIXES)):
            continue
        start = pos + length + (norm[pos + length : pos + length + 1] == "的")
        end = _name_after(norm, start)
        if (
            end is not None
            and not _ZH_TITLE_RE.match(norm, end)
            and norm[start:end] not in _NOT_GIVEN_NAMES
        ):
            return _PersonSpan(pos, end, text[start:end], text[pos : pos + length])
    return None


_POSSESSIVE_RE = re.compile(r"['’]s\b")


def _english_people(text: str, norm: str) -> list[_PersonSpan]:
    found: list[_PersonSpan] = []
    for pattern in _EN_PERSON_RES:
        for m in pattern.finditer(norm):
            name = m["name"]
            if _POSSESSIVE_RE.match(name[-2:]) or _POSSESSIVE_RE.match(norm, m.end("name")):
                continue  # "met Yangzi's procurement head": whose, not whom
            words = [w for w in re.split(r"[\s.]+", name) if w]
            core = [
                w
                for w in words
                if w.lower() not in ("mr", "mrs", "ms", "miss", "dr", "prof", "professor")
            ]
            # After Mr./Ms. a word is a surname even when it is also a common word (Mr. He, 何).
            honorific = len(core) < len(words)
            if not core or (not honorific and any(w.lower() in _EN_NOT_NAME for w in core)):
                continue
            groups = m.groupdict()
            title_span = next(
                (
                    (m.start(g), m.end(g))
                    for g in ("paren", "after", "dept", "before")
                    if groups.get(g)
                ),
                None,
            )
            title = text[title_span[0] : title_span[1]].strip() if title_span else None
            start = m.start("before") if groups.get("before") else m.start("name")
            name_start = m.start("name")
            lead = _EN_TITLE_LEAD_RE.match(norm, name_start, m.end("name"))
            if lead is not None and not honorific:
                # "met Manager Zhang from procurement": Zhang, the procurement manager (the name
                # was "Manager Zhang", of "procurement").
                role = text[name_start : lead.end()].strip()
                role = role.lower() if role[1:].islower() else role
                title = f"{title} {role}" if groups.get("dept") and title else (title or role)
                name_start = lead.end()
            found.append(_PersonSpan(start, m.end(), text[name_start : m.end("name")], title))
    named = list(found)
    for m in _EN_ROLE_ONLY_RE.finditer(norm):
        start, end = m.start("name"), m.end("name")
        if not any(start < p.end and p.start < end for p in named):
            found.append(_PersonSpan(start, end, text[start:end], None))
    return found


# Whom the manager went with ("陪周总去了宝钢", "和王总一起去拜访"): a colleague, not a person met.
_COLLEAGUE_BEFORE = re.compile(r"(?:陪同|陪着|陪|随同|跟随|跟着|带着)\s*$")
_COLLEAGUE_AFTER = re.compile(r"\s*(?:一起|一同|一块儿?)\s*(?:去|到|拜访|走访|上门|过去)")


def _find_people(
    text: str,
    norm: str,
    exclude: tuple[int, int] | None,
    colleagues: list[tuple[int, int]] | None = None,
) -> list[_PersonSpan]:
    """The people met; `colleagues`, when given, gets where the manager's own colleagues are
    named ("陪周总", "和王总一起"), so that the summary does not quote them as what was said."""
    plain = norm  # "陪宝钢王总参观" is no colleague: the client's name stays in between
    if exclude is not None:
        # The client's name reads as a boundary: "华能张总" is 张总 of 华能.
        a, b = exclude
        norm = norm[:a] + " " * (b - a) + norm[b:]
    spans = _chinese_people(text, norm) + _english_people(text, norm)
    if exclude is not None:
        spans = [p for p in spans if p.end <= exclude[0] or p.start >= exclude[1]]
    # Of mentions of the same person keep the fullest; then order by position.
    spans.sort(key=lambda p: (p.start, -(p.end - p.start)))
    kept: list[_PersonSpan] = []
    for p in spans:
        clash = next((k for k in kept if p.start < k.end and k.start < p.end), None)
        if clash is None:
            kept.append(p)
        elif (p.end - p.start, p.title is not None) > (
            clash.end - clash.start,
            clash.title is not None,
        ):
            kept[kept.index(clash)] = p
    seen: set[str] = set()
    unique: list[_PersonSpan] = []
    for p in sorted(kept, key=lambda p: p.start):
        before = _COLLEAGUE_BEFORE.search(plain, 0, p.start)
        after = _COLLEAGUE_AFTER.match(plain, p.end)
        if before or after:
            # "陪周总去了宝钢": the manager's own boss, not someone the client sent
            if colleagues is not None:
                colleagues.append((before.start() if before else p.start, p.end))
            continue
        if p.name not in seen:
            seen.add(p.name)
            unique.append(p)
    return unique


def people_in(text: str) -> list[dict[str, str | None]]:
    """The people a piece of a report names ("和IT张伟、财务部的李娜沟通了…"), as the report's
    people are read: [{name, title}]."""
    found = _find_people(text, fold_keeping_length(text), None)
    people = [{"name": p.name[:100], "title": p.title and p.title[:100]} for p in found]
    return without_repeats(people)[:20]


def without_repeats(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The people met, each once: "吴主任" said again after "吴振宇主任" (the title holds 主任),
    or "张总" after 张国栋 whose title is 设备部张总, is the same person, not one more."""

    def repeats(p: dict[str, Any], q: dict[str, Any]) -> bool:
        name, full, title = str(p.get("name") or ""), str(q.get("name") or ""), q.get("title")
        if name == full or not title or len(name) > 4:
            return False
        return any(
            name[:k] == full[:k] and len(full) > k and 0 < len(name) - k <= 3
            and name[k:] in str(title)
            for k in (1, 2)
        )  # fmt: skip

    return [p for p in people if not any(repeats(p, q) for q in people if q is not p)]


_JOINERS = re.compile(r"[\s,，、;；]|和|与|及|的|\b(?:and|the|their|its|a|an)\b", re.IGNORECASE)


def people_named(answer: str) -> list[tuple[str, str | None]] | None:
    """The people a short answer to "whom did you meet?" names, read as a report's people are
    ("财务部的李经理" → 李经理 of 财务部经理, "the purchasing manager", "陈主任和孙工" → two); None
    when it names nobody or says more than their names."""
    verb = "met " if answer.isascii() else "见了"
    text = verb + answer
    found = _find_people(text, fold_keeping_length(text), None)
    left = list(text)
    for p in found:
        left[p.start : p.end] = " " * (p.end - p.start)
    if not found or _JOINERS.sub("", "".join(left[len(verb) :])):
        return None
    return [(p.name, p.title) for p in found]


# The verb an answer to "whom did you meet?" may start with: "见了朱总", "met Mr. Li".
_MET_LEAD = re.compile(r"^\s*(?:见了|见到|会见了?|拜会了?|约见了?|met\s+with|met|saw)\s*", re.I)
# "Ms. Chen from IT", "Mr. Li from the purchasing department": the person, then where they work.
_FROM_DEPT = re.compile(
    r"^(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?[A-Z][A-Za-z'-]*(?:\s+[A-Z][A-Za-z'-]*)?)"
    r"\s+from\s+(?:the\s+)?(?P<dept>[A-Za-z][\w&/ -]{0,40})$"
)
# Words joining two people in one answer, when the answer is not read as people as a whole.
_PEOPLE_AND = re.compile(r"和|与|及|跟|\s+and\s+", re.I)


def parse_people(text: str) -> list[dict[str, str | None]]:
    """'张总（设备部）、李工' or 'Zhang Wei, CIO; Li' → [{name, title}]."""
    people: list[dict[str, str | None]] = []
    text = _MET_LEAD.sub("", text, count=1)
    parts: list[str] = []
    for part in text.replace("；", ";").replace("、", ";").replace("，", ";").split(";"):
        # "朱总和财务朱丽" is two people even when the second is not read as a name
        pieces = _PEOPLE_AND.split(part)
        if (
            len(pieces) > 1
            and all(len(piece.strip()) >= 2 for piece in pieces)  # 王和平 is one name
            and "(" not in part
            and "（" not in part
            and not people_named(part)
        ):
            parts.extend(pieces)
        else:
            parts.append(part)
    for part in parts:
        part = part.strip()
        if not part:
            continue
        title = None
        for open_, close in (("（", "）"), ("(", ")")):
            if open_ in part and part.endswith(close):
                part, title = part[: part.index(open_)].strip(), part[part.index(open_) + 1 : -1]
        if "," in part and title is None:
            part, title = (s.strip() for s in part.split(",", 1))
        if title is None and (came := _FROM_DEPT.match(part)) is not None:
            part, title = came["name"], came["dept"]  # "Ms. Chen from IT": Ms. Chen of IT
        named = people_named(part) if title is None else None
        if (
            named == [(part, None)]
            and _ZH_TITLE_RE.search(part)
            and people
            and people[-1]["title"] is None
        ):
            people[-1]["title"] = part[:100]  # "朱丽，财务经理": her title, not a second person
            continue
        for name, role in named or [(part, title)]:
            # "财务部的李经理" is 李经理 of 财务部, as in a one-message report
            people.append({"name": name[:100], "title": (role or None) and role[:100]})
    return people[:20]
