"""The kind of figure a question asks for, beyond a count, a time or a price (asked_counts,
answerable.lacks_asked_amount): which department or unit (哪个部门负责…), which day (几号, 哪一天,
what date), what sum of a deposit, budget or compensation (押金多少), how long something is kept
(保存多久) and how long it lasts or is valid (持续多久, 有效期多长). A quote stating no such figure
("本手册适用于公司大客户部…" for who assesses the managers, "会后15个工作日内形成整改清单" for how
long a forum lasts) is the nearest rule, not the answer: the answer checks refuse it."""

from __future__ import annotations

import re

from knowledge.asked_counts import FREQUENCY_STATED, NUMBER

_QUESTION_END = r"[^,，。;；?？]"

# Which department, office or unit (哪个部门负责解释, 作者是哪个单位的, which department): a quote
# must name one: a word ending in 部, 部门, 科, 室, 中心, 办公室, 委员会, 小组 (大客户部, 财务部门,
# 技术服务部, 营业及电费室), or for a unit (单位, 机构) also a company or bureau. "各部门", "相关部门"
# and "以客户为中心" name none; 内部, 全部, 东部 and 俱乐部 are no department.
_DEPARTMENT_ASKED_RE = re.compile(
    r"(?:哪个|哪一个|哪些|什么|啥)(?:部门|科室|处室|中心|科|处|办公室|委员会|小组)"
    r"|\b(?:which|what) (?:department|office|division|committee)s?\b"
)
# "哪些单位算大客户": 单位 is also a client (单位客户), so only one unit asked for (哪个单位) is a
# unit question, and a text naming a 单位, 机关 or 医院 answers it as well as a company does.
_UNIT_ASKED_RE = re.compile(
    r"(?:哪个|哪一个|哪家)(?:单位|机构)|\bwhich (?:unit|body|organi[sz]ation)\b"
)
_DEPARTMENT_STATED = (
    r"[\u4e00-\u9fff](?<![各全内外局干总本该其东西南北中乐细顶底头])(?:部门|部(?![分署门件位长委]))"
    r"|[\u4e00-\u9fff]{2}(?:办公室|委员会|领导小组|工作组|小组)"
    r"|(?<![以为之])中心(?!工作|思想|任务|环节|地位|内容)"
    r"|[\u4e00-\u9fff](?<![办教内卧浴密议])室"
    r"|[\u4e00-\u9fff](?<![本学教百专])科(?![技学研目])"
    r"|\b(?:department|departments|office|division|committee)\b"
)
_DEPARTMENT_STATED_RE = re.compile(_DEPARTMENT_STATED)
_UNIT_STATED_RE = re.compile(
    rf"{_DEPARTMENT_STATED}|公司|集团|[\u4e00-\u9fff]局|营业厅|营业所|供电所|单位|机关|机构|医院|学校|高校"
    r"|\b(?:company|bureau|centre|center|unit|organi[sz]ation|authority)\b"
)
# Words that name a department without saying which (各部门, 相关部门, 责任部门: the one concerned),
# removed before looking.
_NO_UNIT_RE = re.compile(
    r"各(?:个)?部门|相关部门|有关部门|其他部门|责任部门|各单位|本单位|(?:以|为)(?:客户|顾客|市场|销售|产品)为中心"
    r"|\b(?:all|other|every|each|the) departments?(?: concerned)?\b"
)

# Which day (几号, 几月几日, 哪一天, 什么日期, what date): a quote must state a day: a date (2026年1
# 月1日, 1 January 2026), a day of the month (每月5日, 15号, 月底) or a day named relative to another
# (当天, 次日). "每半年召开一次" says how often, not on which day; "15日内" is a deadline.
_DATE_ASKED_RE = re.compile(
    r"几号|几月几[日号]|哪(?:个|一个)?日期|什么日期|具体日期|\b(?:what|which) (?:date|day of the month)\b"
)
_DAY_ASKED_RE = re.compile(r"哪(?:一)?天(?!内)|哪(?:个|一个)?日子|什么日子|\bon what day\b")
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_DAY_STATED_RE = re.compile(
    r"(?<![每第\d])\d{1,2}\s*[日号](?!内|以内|之内|常|报|期|均)"
    r"|(?<![每第一二三四五六七八九十])[一二三四五六七八九十]{1,3}[日号](?!内|以内|之内|常|报|期|均)"
    r"|\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|月底|月末|月初|年底|年末|年初"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\b(?:end|start|beginning) of the month\b"
)
# 哪天 may be answered by a day named relative to another (当天确认接单, the next day).
_RELATIVE_DAY_RE = re.compile(r"当天|当日|次日|\b(?:the )?(?:same|next|following) day\b")

# How much deposit, budget, funding, compensation or reimbursement (押金多少, 赔偿标准是多少, how
# much deposit): a quote must state a sum (a number of 元 or a percentage) with a word of the kind
# asked, or that none is charged (免收押金, pay no deposit). Prices, fees and pay are
# answerable.lacks_asked_amount's.
_SUM_ASKED_RE = re.compile(r"多少|几多|几成|几个点|\bhow much\b|\bwhat amount\b|\bhow big\b")
_SUM_KINDS = (
    (r"押金|保证金|\bdeposits?\b", r"押金|保证金|deposit"),
    (r"预算|经费|\bbudgets?\b|\bfunding\b", r"预算|经费|budget|fund"),
    (r"赔偿|补偿|赔付|赔款|赔多少|\bcompensat\w*|\bdamages\b", r"赔|补偿|compensat|damages"),
    (r"报销|\breimburs\w*", r"报销|reimburs"),
    (r"额度|授信|\bcredit (?:limit|line)s?\b|\bhow much credit\b", r"额度|授信|credit"),
)
_SUM_STATED_RE = re.compile(
    rf"{NUMBER}+(?:\.\d+)?\s*(?:万|千|百)?\s*(?:元|块钱?|美元|%)|[¥$]\s*\d"
    r"|\d\s*(?:yuan|rmb|usd|cny|dollars?|per ?cent)\b"
)
NONE_CHARGED = re.compile(
    r"免收|免交|免缴|(?<!减)免(?:押金|保证金)|不(?:收|交|需交|用交|必交|需缴纳)(?:取)?(?:押金|保证金)"
    r"|无需(?:缴纳|交纳|交)|\b(?:pay|pays|charged?|needs?) no\b|\bno (?:deposit|charge)\b"
    r"|\bfree of charge\b|\bwaived?\b"
)

# How long something is kept (保存多久, 保留几年, how long are records kept, retention period): a
# quote must state a period of keeping (保存3年, 保存期限为五年, 永久保存, kept for 3 years); "应在
# 24小时内填写走访记录" is the deadline for writing the record, not how long it is kept.
_KEEP = r"(?:保存|保留|留存|存档|归档|保管|存放)"
_KEPT_ASKED_RE = re.compile(
    rf"{_KEEP}{_QUESTION_END}{{0,6}}?(?:多久|多长时间|多少年|几年|多少天|几天|多少个?月|几个月|期限|年限)"
    rf"|{_KEEP}期(?:限)?(?:是|有|为)?(?:多|几)"
    r"|\bhow long\b[^?.]{0,60}\b(?:kept|retained|stored|archived|keep|retain|store|held)\b"
    r"|\bretention (?:period|time)\b"
)
_TIME_SPAN = rf"{NUMBER}+\s*个?\s*(?:半)?(?:工作日|小时|分钟|年|月|天|日|周|星期)"
_EN_NUMBER = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|sixty|ninety)"
)
_EN_SPAN = rf"{_EN_NUMBER}\s+(?:working\s+|calendar\s+)?(?:days?|weeks?|months?|years?|hours?)"
_KEPT_STATED_RE = re.compile(
    rf"{_KEEP}[^。;；]{{0,12}}?{_TIME_SPAN}|{_TIME_SPAN}[^。;；,，]{{0,4}}?{_KEEP}"
    rf"|(?:永久|长期){_KEEP}"
    rf"|\b(?:kept|retained|stored|archived|held)\b[^.;]{{0,30}}\b(?:for|at least)\s+{_EN_SPAN}\b"
    r"|\b(?:kept|retained|stored|archived) (?:permanently|indefinitely)\b|\bretention period\b"
)

# How long something lasts or is valid (持续多久, 有效期多长, 试用期多久, 要开多久, how long does it
# last, how long is the probation period): a
# quote must state a length of time, not a deadline for doing something (15个工作日内, 24小时内,
# within 3 working days, 到期前7天) nor how often (每半年): "满3个月后" or "为期两天" state one.
_LASTING_ASKED_RE = re.compile(
    r"持续(?:多久|多长时间|多少天|几天|几个?月|几年|几周)"
    rf"|(?:有效期|时长|为期){_QUESTION_END}{{0,3}}?(?:多久|多长|多少|几)"
    r"|(?:开|办|讲|进行|举行|举办)(?:上|了)?(?:多久|多长时间|几天)(?![^,，。?？]*一次)"
    r"|(?<![限周])期(?:是|有|为)?(?:多久|多长)"
    r"|\bhow long\b[^?.]{0,60}\b(?:last|lasts|run for|valid)\b|\bvalid for how long\b"
    r"|\bhow long is (?:the|a|an|their|our)\b[^?.]{0,40}\b(?:period|term|probation|validity)\b"
    r"|\bvalidity\b"
)
_DEADLINE_RE = re.compile(
    rf"{_TIME_SPAN}\s*(?:内|以内|之内|前|之前|以前)|前\s*{_TIME_SPAN}"
    rf"|\b(?:within|by|before|no later than)\s+{_EN_SPAN}\b|\b{_EN_SPAN}\s+(?:before|ahead)\b"
)
_LASTING_STATED_RE = re.compile(rf"{_TIME_SPAN}|\b{_EN_SPAN}\b|长期有效|永久有效")


def figure_asked(normalized_question: str) -> str | None:
    """The kind of figure the question asks for: "kept" (how long kept), "lasting" (how long it
    lasts or is valid), "date" (几号, what date), "day" (哪天), "sum", "department" or "unit";
    None when none of them."""
    if _KEPT_ASKED_RE.search(normalized_question):
        return "kept"
    if _LASTING_ASKED_RE.search(normalized_question):
        return "lasting"
    if _DATE_ASKED_RE.search(normalized_question):
        return "date"
    if _DAY_ASKED_RE.search(normalized_question):
        return "day"
    if _SUM_ASKED_RE.search(normalized_question) and any(
        re.search(asked, normalized_question) for asked, _ in _SUM_KINDS
    ):
        return "sum"
    if _DEPARTMENT_ASKED_RE.search(normalized_question):
        return "department"
    if _UNIT_ASKED_RE.search(normalized_question):
        return "unit"
    return None


def states_figure(asked: str, normalized_question: str, normalized_text: str) -> bool:
    """The text states a figure of the kind asked (figure_asked)."""
    text = normalized_text
    if asked == "kept":
        return _KEPT_STATED_RE.search(text) is not None
    if asked == "lasting":
        rest = _DEADLINE_RE.sub(" ", FREQUENCY_STATED.sub(" ", text))
        return _LASTING_STATED_RE.search(rest) is not None
    if asked == "date":
        return _DAY_STATED_RE.search(text) is not None
    if asked == "day":
        return bool(_DAY_STATED_RE.search(text) or _RELATIVE_DAY_RE.search(text))
    if asked == "sum":
        said = [s for a, s in _SUM_KINDS if re.search(a, normalized_question)]
        if not any(re.search(s, text) for s in said):
            return False
        return bool(_SUM_STATED_RE.search(text) or NONE_CHARGED.search(text))
    if asked == "department":
        return _DEPARTMENT_STATED_RE.search(_NO_UNIT_RE.sub(" ", text)) is not None
    if asked == "unit":
        return _UNIT_STATED_RE.search(_NO_UNIT_RE.sub(" ", text)) is not None
    return True
