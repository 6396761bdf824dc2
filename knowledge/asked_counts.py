"""How many of something a question asks ("最多能管多少家客户", "分几个等级", "打几折") and the
pattern of a sentence stating such a number: the answer checks refuse a quote without one. And the
kind of time a question asks (how often, how soon) with the precise pattern of a sentence stating
it: a unit stating exactly what was asked is quoted first (answering.select_sentences)."""

from __future__ import annotations

import re

# How many of something ("最多能管多少家客户", "打几折"): a quoted sentence must state a number of
# that measure ("每位客户经理最多负责20家"). Measure words a count is asked in and a document
# states it in. A duration in days or hours (多少天) is left to the sentences' meaning ("立即",
# "当天" answer it); one in months or years (签几年, 连续几个月) needs the number: a rule in days
# ("间隔不超过60天") does not say how many years a contract runs.
# Copies, sessions, articles, sheets and volumes (几份档案, 几场培训, 几篇报告, 几张问卷, 几本台账)
# are counted the same way ("建立一份客户档案"); not 份额 (a share).
_COUNT_ASKED_RE = re.compile(
    r"(?<!少数)(?<![哪好这那近])(?:多少|几)"
    r"(家|名|位|倍|折|级|档|类|种|项|条|步|件|年|个月|人|(?<!分几)[次回趟遍]|份(?!额)|场|篇|张|本)"
)
# A number of times asked in a manager's words (几趟, 几回, 几遍) is asked like 几次.
_TIMES_MEASURES = frozenset("次 回 趟 遍".split())
NUMBER = r"[\d一二两三四五六七八九十百千万半]"
# 几类 and 几种 ask how many kinds of a thing; a document counts them in any of these classifiers
# ("四类", "四种", "三组指标", "三个方面", "两大类").
# "有几个人", "多少个人": how many people, with 个 before 人.
_PEOPLE_ASKED_RE = re.compile(r"(?<!少数)(?<![哪好这那近])(?:多少|几)个人(?![员才手])")
# A number of people: 人, 位 and 名 count them (not 人次, 名称, 位数, 第一名); after 个 a word naming
# people must follow within a few characters (not a group of them: 一个客户群).
PEOPLE_STATED = re.compile(
    rf"(?<![第\d]){NUMBER}+\s*(?:人(?![次均民])|名(?![称单次])|位(?![数置次]|一体))"
    rf"|(?<![第\d]){NUMBER}+\s*个\s*[^，,。；;、\d]{{0,5}}?(?:人|员|客户|经理|主管|领导|同事|用户|顾客)(?![群类组])"
)
_KIND_MEASURES = frozenset("类 种".split())
_LEVEL_MEASURES = frozenset("级 档".split())
_LEVEL_STATED = r"(?:级|档|等)"
_KIND_STATED = r"(?:大?类|种|组|方面|部分)"
# "几个级别", "几个档次", "几个类型": the thing counted is a level or a kind, stated by the rule
# counting them ("分为低、中、高、紧急四级", "分为以下四类"), which never says 级别 or 类型; 档次 is
# no number of times ("发生3次").
_LEVEL_NOUNS = frozenset("级别 等级 档次 层级".split())
_KIND_NOUNS = frozenset("类别 类型 种类 门类".split())
# "多少个客户", "几个要点": the thing counted follows 个 (not a time: 几个工作日, 几个小时, 几个月).
_COUNTED_NOUN_RE = re.compile(
    r"(?<!少数)(?<![哪好这那近])(?:多少|几)个(?!工作日|小时|月|星期|礼拜|钟头)(?:新的?|大)?([\u4e00-\u9fff]{2})"
)

# A score asked ("满意度得做到多少？", "客户打分多少算及格？", "得几分"): a number of points states it
# ("平均分不低于4.5分"), not a sentence on what satisfaction is ("满意度有两个层面").
_SCORE_ASKED_RE = re.compile(
    r"(?<![哪好这那近])(?:多少|几)分(?![钟之类级别成开配])"
    r"|(?:满意度|分数|得分|打分|评分|平均分)[^，,。；;？?]{0,10}?多少(?=[算才就]|[^\u4e00-\u9fff]|$)"
)
SCORE_STATED = re.compile(r"\d+(?:\.\d+)?\s*分(?![钟之类级别成开配])")  # not 十分重要


def count_stated(normalized_question: str) -> re.Pattern[str] | None:
    """The pattern of a sentence stating the number the question asks for; None when it asks none."""
    if _PEOPLE_ASKED_RE.search(normalized_question):
        return PEOPLE_STATED
    match = _COUNT_ASKED_RE.search(normalized_question)
    if match is None:
        counted = _COUNTED_NOUN_RE.search(normalized_question)
        if counted is None:
            return SCORE_STATED if _SCORE_ASKED_RE.search(normalized_question) else None
        # "多少个客户": a number of clients (in any classifier: 25位新客户, 八个要点), or its last
        # character's word ("三级" for 几个等级); not an article's number (第十五条 客户经理).
        noun = counted.group(1)
        if noun in _LEVEL_NOUNS:
            return re.compile(rf"{NUMBER}+\s*个?\s*(?:{_LEVEL_STATED}|{noun})")
        if noun in _KIND_NOUNS:
            return re.compile(rf"{NUMBER}+\s*个?\s*(?:{_KIND_STATED}|{noun})")
        return re.compile(rf"(?<![第\d一二两三四五六七八九十百千万半]){NUMBER}+\s*"
                          rf"[个位名家种类项条]?\s*(?:新的?|大)?(?:{noun}|{noun[-1]})")  # fmt: skip
    measure = match.group(1)
    if measure == "人":
        # How many people: counted in people (5人, 20位, 一名主办客户经理) or in 个 of people
        # (20个同感的客户, 8个人); "三个领域" counts no one.
        return PEOPLE_STATED
    if measure in _TIMES_MEASURES or measure == "场":
        # How many times ("一年办几次活动", 一年开几场, 几趟, 几回): a number of times (至少走访一次) or a
        # frequency (每半年, 每年), not a sentence about the thing done with no count (组织活动).
        return re.compile(rf"{NUMBER}+\s*[次场]|{FREQUENCY_STATED.pattern}")
    if measure in ("份", "篇", "张", "本"):
        # "几份资料": a number of that thing ("一份客户档案" is no count of papers to bring); the
        # noun after the measure, or its last character, follows the number closely.
        noun = re.match(r"[\u4e00-\u9fff]{2}", normalized_question[match.end() :])
        sheet = "份(?!额)" if measure == "份" else measure
        if noun is None or noun.group(0)[0] in "呢吗啊呀吧都的":
            return re.compile(rf"{NUMBER}+\s*{sheet}")
        word = noun.group(0)
        return re.compile(rf"{NUMBER}+\s*{sheet}[^，,。;；]{{0,6}}?(?:{word}|{word[-1]})")
    if measure in _LEVEL_MEASURES:
        # How many levels: "几档" is answered by "分为优、中、差三级".
        measure = _LEVEL_STATED
    if measure in _KIND_MEASURES:
        # How many kinds: "大客户分为以下四类" answers 几种类型, "按三组指标评价" 分几类.
        measure = _KIND_STATED
    # "9个步骤" states how many steps (几步): a classifier may stand between number and measure.
    return re.compile(rf"{NUMBER}+(?:\.\d+)?\s*{measure}|\d+(?:\.\d+)?\s*%" if measure == "折"
                      else rf"{NUMBER}+\s*个?\s*{measure}")  # fmt: skip


# The time a question asks, told precisely: how often (多久走访一次, 走访周期, how often) or how
# soon / how long / by when (多久要解决, 几个工作日内, 最晚什么时候, how soon). A sentence states it
# only with a frequency (每月, 每半年, 每6个月, 两次走访间隔不超过60天, once a month) or a duration,
# deadline or date (1个工作日, 24小时内, 到期前7天, 次日上午10点, 当天, 立即, 处理时限内): "定期",
# "及时", "尽快" say that there is a time, not which. A frequency answers how often only: "公司每半年
# 召开一次座谈会" does not say after how long a lost client may be approached again.
_OFTEN_ASKED_RE = re.compile(
    r"(?:多久|多长时间|多少天|几天|几个?(?:月|星期|礼拜|周)|几年)[^，,。；;？?]{0,8}?一次"
    r"|多频繁|多勤|频率|频次|周期|几[次回趟遍]|多少[回趟]|\bhow (?:often|frequently)\b|\bhow many times\b"
)
_SOON_ASKED_RE = re.compile(
    r"多久|多长时间|多少时间|多少天|多少个?(?:工作日|小时)|几个?(?:天|工作日|小时|星期|礼拜)"
    r"|多快|什么时候|何时|\bhow (?:long|soon|quickly|fast)\b"
    r"|\bhow many (?:working )?(?:days|hours|weeks|minutes)\b|\bby when\b"
)
_TIME_UNIT = r"(?:工作日|小时|钟头|分钟|天|日|周|星期|礼拜|月|季度|季|半年|年)"
_ENGLISH_AMOUNT = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|sixty|ninety)"
)
_ENGLISH_PERIOD = r"(?:working day|day|week|month|quarter|half[- ]year|year)"
FREQUENCY_STATED = re.compile(
    rf"每\s*(?:{NUMBER}+\s*)?个?\s*{_TIME_UNIT}"
    rf"|(?<!第){NUMBER}+\s*个?{_TIME_UNIT}\s*(?:至少|最少)?\s*[一两二三\d]\s*次"
    rf"|间隔(?:不超过|不得超过|不少于|不超出|最长)?\s*{NUMBER}+\s*个?{_TIME_UNIT}"
    rf"|\b(?:every|each)\s+(?:other\s+|{_ENGLISH_AMOUNT}\s+)?{_ENGLISH_PERIOD}s?\b"
    rf"|\b(?:once|twice|{_ENGLISH_AMOUNT} times)\s+(?:a|per|every)\s+{_ENGLISH_PERIOD}\b"
    r"|\b(?:daily|weekly|monthly|quarterly|annually|yearly)\b"
    rf"|\b{_ENGLISH_AMOUNT}\s+days?\s+between\b"
)
# A duration or a deadline: a number of a time unit (not 年度, 年中, 季度 of 第三季度 or an age),
# a date or an hour, a moment (当天, 立即) or the deadline a rule falls within (处理时限内).
WHEN_STATED = re.compile(
    rf"(?<![第每]){NUMBER}+\s*个?\s*(?:半个?)?{_TIME_UNIT}(?![度级龄薪报会])"
    r"|\d{1,2}\s*[点时](?:前|之前|以前)?|当天|当日|次日|立即|立刻|马上|第一时间|[时期]限内"
    rf"|\b{_ENGLISH_AMOUNT}(?:\s+(?:working|calendar))?\s+(?:days?|hours?|minutes?|weeks?|months?"
    r"|quarters?|years?)\b"
    r"|\b(?:immediately|at once|same day|next day|the following day)\b"
)


def time_asked(normalized_question: str) -> str | None:
    """The kind of time asked: "often" (how often), "when" (how soon, how long, by when) or
    None when the question asks no time."""
    if _OFTEN_ASKED_RE.search(normalized_question):
        return "often"
    if _SOON_ASKED_RE.search(normalized_question):
        return "when"
    return None


def states_time(asked: str, normalized_text: str) -> bool:
    """The text states a time of the kind asked ("often" or "when", time_asked) precisely."""
    if asked == "often":
        return FREQUENCY_STATED.search(normalized_text) is not None
    # A frequency ("每6个月至少走访一次") states no deadline: its numbers are not one.
    return WHEN_STATED.search(FREQUENCY_STATED.sub(" ", normalized_text)) is not None
