"""What a complaint's words say: its severity, its category, and whether a plain message tells of
one at all (read from the text, never guessed: a hedged or mixed severity is asked)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from knowledge.normal_form import fold, fold_keeping_length, lower_keeping_length
from services.labels import label
from services.policy import Severity
from services.visits.clauses import clause_spans
from services.visits.kind import _ON_SITE_RE, _VIDEO_RE
from services.visits.parser import reads_as_question

DESCRIPTION_LIMIT = 2000
# The words themselves are policy data (config/policy.toml, `complaints.severity_words` and
# `complaints.category_words`): an admin adds the company's own; the functions take them.
SeverityWords = Mapping[Severity, Sequence[str]]
CategoryWords = Mapping[str, Sequence[str]]
# A hedged or denied severity ("比较紧急", "不太严重", "not urgent") is asked, never guessed.
_HEDGE = re.compile(
    r"(?:比较|有点儿?|有些|稍微|稍|略|不太|不是很|不算|不怎么|没那么|不|并不|不是|并非|没有|没|"
    r"\b(?:somewhat|fairly|rather|quite|kind of|sort of|a bit|a little|slightly|not|not very|"
    r"not that|hardly|no|not an?|never an?)\s+)$",
    re.I,
)


@functools.cache
def _english_word(word: str, inflected: bool) -> re.Pattern[str]:
    """An English spelling as a whole word ("low" is not in "follow", "below" or "slowly"), with
    its plain inflections when `inflected` ("bill" in "billing", "charge" in "charged"); after
    "in" it is a phrase, not a complaint ("in charge of", "back in service")."""
    endings = "(?:s|es|d|ed|ing)?" if inflected else ""
    return re.compile(rf"(?<![a-z-])(?<!\bin )({re.escape(word)}){endings}(?![a-z-])")


# Chinese words that name a severity only in one sense: "严重程度" is the field's label, and
# "一般在晚上卡顿", "客户一般周一对账" say "usually", not "medium".
_ZH_SENSE = {
    "严重": re.compile(r"严重(?!程度|性)"),
    "一般": re.compile(r"一般(?![在是都会要不没每只就也用由为周月日]|情况|来说|来讲)"),
}


def _folded(text: str) -> str:
    """The text as the words are matched: half-width, simplified (華能 reads as 华能, 緊急 as 紧急)
    and lower case, of the same length, so a position found in it is one in the text."""
    return lower_keeping_length(fold_keeping_length(text))


def _spots(lowered: str, word: str, *, inflected: bool) -> list[int]:
    """Where a spelling occurs in lowered text: Chinese anywhere (in its sense), English as a word."""
    if not word.isascii():
        pattern = _ZH_SENSE.get(word) or re.compile(re.escape(word))
        return [m.start() for m in pattern.finditer(lowered)]
    return [m.start() for m in _english_word(word, inflected).finditer(lowered)]


def _matched(text: str) -> str:
    """The text as the policy's words are matched in it: folded, and read as saying 中断 when it
    tells a service down in other words (`_LINE_DOWN_RE`)."""
    lowered = _folded(text)
    return lowered + _AS_DOWN if _LINE_DOWN_RE.search(lowered) else lowered


def guess_category(text: str, words: CategoryWords) -> str | None:
    """The first category (in the policy's order) one of whose words the text uses."""
    lowered = _matched(text)
    for value, spellings in words.items():
        if any(_spots(lowered, w.lower(), inflected=True) for w in spellings):
            return value
    return None


def severity_worded(text: str, words: SeverityWords) -> bool:
    """Whether the text uses any severity word at all (stated plainly or not)."""
    lowered = _matched(text)
    return any(_spots(lowered, w.lower(), inflected=False) for ws in words.values() for w in ws)


def guess_severity(text: str, words: SeverityWords) -> Severity | None:
    """The severity a complaint's text states plainly; None (ask) when hedged, denied or mixed."""
    lowered = _matched(text)
    found: set[Severity] = set()
    for value, spellings in words.items():
        for word in spellings:
            for at in _spots(lowered, word.lower(), inflected=False):
                if _HEDGE.search(lowered[max(0, at - 12) : at]):
                    return None
                found.add(value)
    return found.pop() if len(found) == 1 else None


# Since when, between a line and its fault: "专线从9点就断了", "网络从昨晚开始就断了".
_SINCE = r"(?:(?:从|自)[^，。,.;；!！?？\s]{1,8}?(?:起|开始|以来)?就?)?"
# A service told down in other words than the policy's ("专线从9点就断了", "the line has been down
# since 9am") reads as 中断 does: a service down is critical and a fault, whatever words tell it.
_LINE_DOWN_RE = re.compile(
    rf"(?:专线|线路|中继|光缆|光纤|电路|链路|网络|宽带|系统|设备|基站){_SINCE}"
    r"(?:又|都|全|突然)?(?:断|断开|挂|停)了|"
    r"\b(?:has|have|had)\s+been\s+(?:down|dead)\b|\bdown\s+since\b",
    re.IGNORECASE,
)
_AS_DOWN = "；中断"


# "讨论了投诉流程", "介绍了投诉渠道", "the complaint handling process": the word names a procedure,
# not a complaint told.
_PROCEDURE = (
    r"(?!(?:处理|受理|管理)?(?:流程|渠道|机制|制度|管理|率|系统|平台|培训|案例|规定|办法|指标|考核|"
    r"入口|方式|途径|分类|标准|时限|规范))"
)
_COMPLAINT_RE = re.compile(
    rf"投诉{_PROCEDURE}|客诉{_PROCEDURE}|抱怨|埋怨|不满|不(?:太|大|是很|够|怎么)满意|有意见|意见很大|"
    r"有异议|失望|恼火|生气|发火|中断|断网|断线|掉线|卡顿|丢包|故障|停电|宕机|瘫痪|坏了|"
    # Faults as the trades tell them (domain.md: telecom, power, petrochemicals, post): a line,
    # a network or the power down ("专线断了", "光缆被挖断了"; not "断了联系"), a supply cut, a leak,
    # a parcel lost or broken.
    # "专线从9点就断了": since when may stand between the line and its fault.
    r"(?:专线|线路|中继|光缆|光纤|电路|链路|网络|网|宽带|信号|系统|设备|基站|电|气)"
    rf"{_SINCE}(?:又|都|全|突然|经常|老是|总是|频繁|被挖|被)?(?:断|断开|挂|停|没)了|挖断|闪断|时断时续|断断续续|"
    r"信号(?:很|太|特别|非常)?(?:差|弱|不好)|没(?:有)?信号|网速(?:很|太|特别|非常)?慢|"
    r"跳闸|晃电|电压(?:不稳|波动|骤降|过低|过高)|限电|拉闸|"
    r"停气|断气|停供|断供|供气不足|压力不足|泄漏|漏气|漏油|不合格|不达标|"
    r"丢件|错投|漏投|(?:快件|包裹|邮件|信件|货物?)(?:又|被)?(?:丢了|丢失|破损|损坏|坏了|摔坏)|"
    r"投递(?:延误|不及时|太慢)|"
    r"用不了|无法使用|打不开|多收|乱收费|扣错|重复计费|重复收费|重复扣费|重复扣款|多扣|扣了两次|"
    r"退款|退费|赔偿|索赔|"
    # Late or wrong deliveries ("两次配送延误", "发货延迟"), not a payment the client delays.
    r"延误|(?:配送|送货|发货|到货|交付|交货|物流|运输|供货)(?:延迟|推迟|晚了|太慢|不及时)|送错|漏发|少发|错发|"
    # The client threatening to leave: "再这样就换运营商", "考虑换供应商", "要解约".
    r"换(?:一家|别家|(?:别的|其他)?(?:运营商|供应商|服务商|厂家))|转网|改用(?:电信|移动|联通)|"
    r"换(?:成|到)?(?:电信|移动|联通)|解约|终止(?:合同|合作)|不再续约|不续约|法律途径|起诉|"
    r"\bcomplain(?:s|ed|ing|ts?)?\b(?!\s+(?:handling|process|procedures?|channels?|polic(?:y|ies)|"
    r"hotline|rates?|training|system|forms?)\b)|"
    r"\boutages?\b|\bbroken\b|\bunhappy\b|\bnot\s+(?:very\s+)?(?:happy|satisfied)\b|\bangry\b|\bupset\b|"
    r"\bdissatisfied\b|\bdisappointed\b|\bfrustrated\b|\brefunds?\b|\bcompensation\b|"
    r"\bover-?(?:charged|billed)\b|\b(?:double[\s-](?:charged|billed)|(?:charged|billed)\s+twice)\b|"
    r"\bnot\s+working\b|\bwent\s+down\b|\bis\s+down\b|\b(?:has|have|had)\s+been\s+(?:down|dead)\b|"
    r"\bdown\s+since\b|\bdouble\s+charges?\b|\bcharged\s+double\b|"
    r"\b(?:went|goes|is|was|were|are|keeps?\s+going)\s+dead\b|\bpower\s+(?:cuts?|failures?)\b|"
    r"\bblackouts?\b|\btripped\b|\bvoltage\s+(?:drops?|dips?|sags?|fluctuations?)\b|"
    r"\b(?:gas|supply)\s+(?:was\s+|were\s+)?(?:cut|interrupted)\b|\bleak(?:s|ed|ing|age)?\b|"
    r"\b(?:no|poor|weak)\s+signal\b|\bslow\s+(?:network|internet|connection|broadband)\b|"
    r"\b(?:parcels?|packages?|mail|letters?|shipments?)\s+(?:were|was|got|have\s+been|has\s+been)\s+"
    r"(?:lost|damaged|misdelivered)\b|\b(?:lost|damaged|missing)\s+(?:parcels?|packages?|mail)\b|"
    r"\blate\s+deliver(?:y|ies)\b|\bdeliver(?:y|ies)\s+(?:was|were|came|arrived)\s+late\b|"
    r"\bdelayed\s+(?:deliver(?:y|ies)|shipments?)\b|\bwrong\s+(?:goods|items?|products?)\b|"
    r"\bswitch(?:ing)?\s+(?:to\s+)?(?:another|a\s+different|other)\s+(?:carrier|provider|operator|"
    r"supplier|vendor)s?\b|\bthreat(?:en|ened|ening)\s+to\s+(?:leave|switch|cancel|terminate)\b|"
    r"\b(?:cancel(?:l?ing)?|terminat(?:e|ing))\s+(?:the|their|our)\s+contract\b|"
    # A line or a service failing as people type it ("their ATM network has been dropping since
    # this morning", "the line keeps disconnecting", "can't get online"), as 掉线 / 断网 are.
    r"\b(?:network|line|link|circuit|connection|internet|broadband|wi-?fi|signal|calls?|system|"
    r"server|service|vpn|atms?)s?\b[^.;!?,，。；！？]{0,24}?\b(?:keeps?\s+|kept\s+|been\s+)?"
    r"(?:dropp(?:ing|ed|s)|disconnect(?:ing|ed|s)|cutting\s+out|cut\s+out|failing|"
    # "their leased line was down for 3 hours" (not "sales were down 5%": a service is named)
    r"unstable|intermittent|unavailable|offline|(?:was|were|are)\s+down)\b|"
    r"\b(?:can'?t|cannot|could\s*n'?t|unable\s+to)\s+(?:connect|get\s+online|get\s+through|"
    r"access\s+the\s+(?:network|internet|system))\b",
    re.IGNORECASE,
)


# A clause telling of the visit itself, not of the complaint ("今天下午去了宝钢", "见了王娟").
_VISIT_CLAUSE = re.compile(
    r"去了|去过|拜访|走访|上门|见了|见到|谈了|聊了|开了.{0,4}会|电话沟通|沟通了|约了|陪同"
    r"|\b(?:visited|met|went\s+to|called\s+on|spoke\s+(?:with|to)|had\s+a\s+(?:call|meeting))\b"
    r"|\b(?:call|meeting|chat)\s+with\b",
    re.IGNORECASE,
)
# A clause starting the manager's own next step.
_OWN_STEP = re.compile(
    r"\s*(?:下一步|下步|待办|跟进|我们?(?:将|要|会|需要|得)|"
    r"(?:next\s+steps?|to\s*do|follow[\s-]?up|need\s+to|we\s+need|i\s+need|we\s+will|i\s+will|"
    r"we'll|i'll)\b)",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"[\s,，;；、]+$")


def complaint_part(text: str) -> str:
    """The words of a report that tell of the complaint, for its description: from the first
    clause naming a fault or discontent (with the clauses just before it that are not about the
    visit itself) to the end. "今天下午去了宝钢，见了王娟，谈了续约，客户反映上月账单多收了两千块，
    很不满意" → "客户反映上月账单多收了两千块，很不满意". The whole text when no clause names one."""
    # The visit parser's clauses, over the text folded to half-width (same length as the text).
    folded = _folded(text)
    clauses = [(a, folded[a:b]) for a, b in clause_spans(fold_keeping_length(text))]
    first = next((n for n, (_, c) in enumerate(clauses) if _COMPLAINT_RE.search(c)), None)
    if first is None:
        return text
    while first > 0 and not _VISIT_CLAUSE.search(clauses[first - 1][1]):
        first -= 1
    # Up to the manager's own next step ("Need to escalate to my supervisor tomorrow"): what the
    # client demands ("要求三天内解决") is part of the complaint.
    end = next((a for a, c in clauses[first + 1 :] if _OWN_STEP.match(c)), len(text))
    return _TRAILING.sub("", text[clauses[first][0] : end]).strip() or text


def looks_like_complaint(text: str) -> bool:
    """Whether a plain message tells of a client's complaint or a fault ("交行专线昨天中断了三个
    小时，客户很不满意"), so the bot offers to file it. Questions ("专线中断了怎么处理？") are not."""
    if not isinstance(text, str) or len(text.strip()) < 6 or text.lstrip().startswith("/"):
        return False
    head = _folded(text[:DESCRIPTION_LIMIT])
    return not reads_as_question(text) and bool(_COMPLAINT_RE.search(head))


# A complaint a visit report says is absent or settled ("没有投诉", "回访了上次的投诉，客户表示满意",
# "followed up on last month's complaint; they are satisfied"): nothing new to file.
_SETTLED_RE = re.compile(
    r"没有投诉|无投诉|没投诉|未投诉|没有抱怨|没什么意见|没有意见|回访|(?:上次|之前|以前|上月|上个月)的?投诉|"
    r"处理结果|已解决|已经解决|(?<!不)(?<!不太)(?<!不大)(?<!不是很)(?<!不够)(?<!不怎么)满意(?!度)|"
    r"\bno\s+complaints?\b|\bfollow(?:ed|ing)?[\s-]+up\s+on\b|\bresolved\b|"
    r"(?<!not\s)(?<!n't\s)(?<!not\svery\s)(?<!dis)\bsatisfied\b",
    re.IGNORECASE,
)


# The client calling in ("宁波银行今天上午打电话来", "刚接到华润万家的电话", "客户来电投诉", "Ningbo
# Bank called this morning", "the client rang to complain"), not the manager calling out ("给宁波
# 银行打了电话", "I called them", "Called Ningbo Bank today").
_CALLED_IN_RE = re.compile(
    r"打(?:了|过)?(?:个|一个|几个)?电话(?:过)?来|打来(?:了)?(?:个|一个)?电话|来电|来了?(?:个|一个)?电话|"
    r"电话打(?:了|过)?(?:过)?来|接(?:到|了)[^，。,.;；!！?？]{0,16}?电话|"
    # "顺丰打电话投诉…", "客户电话投诉": the client called to complain (the manager calling
    # out is "给顺丰打了电话", and a complaint told after it is a clause of its own)
    r"(?<![给我打])(?:打(?:了|过)?(?:个|一个)?)?电话(?:过来|来)?(?:投诉|抱怨|反映)|"
    r"(?:给|找)(?:我|我们)打(?:了|过)?(?:个|一个)?电话|致电(?:我|我们|公司|客服)|"
    r"\b(?:got|had|took|received|answered)\s+an?\s+(?:(?:urgent|angry|phone)\s+)?call\s+from\b|"
    r"\b(?:called|rang|phoned)\s+(?:me|us|in|our\s+(?:hotline|office|desk))\b|"
    r"(?<=[\w)]\s)(?<!\bi\s)(?<!\bwe\s)(?<!\bi've\s)(?<!\bwe've\s)(?<!\bthey\s)"
    r"\b(?:called|rang|phoned)(?:\s+"
    r"(?=(?:this|that|today|yesterday|earlier|last|at|about|to|just|again|on|in)\b|\d)|"
    r"\s*(?=[,.;:!]|$))",  # "Huaneng called: their line is down"
    re.IGNORECASE,
)
# A ticket's client said to be contacted ("那个工单我已经打电话联系过客户了", "called them about the
# complaint"): the first contact the ticket waits for, told in words.
_TICKET_RE = re.compile(r"工单|投诉|\btickets?\b|\bcomplaints?\b", re.IGNORECASE)
_CONTACTED_RE = re.compile(
    r"联系(?:过|了|上)|打(?:过|了)?电话|回(?:过|了)?电话|沟通(?:过|了)|回复(?:过|了)|答复(?:过|了)|"
    r"\b(?:contacted|called|phoned|rang|spoke\s+(?:to|with)|talked\s+to|got\s+back\s+to)\b",
    re.IGNORECASE,
)


def tells_ticket_contact(text: str) -> bool:
    """Whether a message says a complaint's client was contacted ("华润万家那个工单我已经打电话联系
    过客户了"): the ticket awaiting its first contact may be marked, not only a call logged."""
    head = _folded(text[:DESCRIPTION_LIMIT])
    # The client calling in ("客户打电话来投诉") is no contact of the manager's.
    return bool(_TICKET_RE.search(head) and _CONTACTED_RE.search(_CALLED_IN_RE.sub("；", head)))


# A ticket or complaint already on file, named as such ("那个工单", "华润万家那个投诉", "about the
# complaint"): words that point at a ticket, not a complaint told.
_TICKET_NAMED_RE = re.compile(
    r"(?:那个|这个|那张|这张|那条|这条|该|此|上次|之前|原来)[^，。,.;；!！?？]{0,12}?(?:工单|投诉)|"
    r"[^，。,.;；!！?？]{0,12}?工单|的投诉|"
    r"\b(?:the|that|this|their|its|our|my)\s+(?:complaint|ticket)s?\b|\btickets?\b",
    re.IGNORECASE,
)


def tells_complaint_in_own_words(text: str) -> bool:
    """Whether a message tells a complaint beside the ticket it may point at ("今天给宁波银行打了
    电话，客户投诉账单重复扣费"), not only a ticket already filed ("华润万家那个投诉我已经联系过客户
    了")."""
    return tells_new_complaint(_TICKET_NAMED_RE.sub("；", _folded(text[:DESCRIPTION_LIMIT])))


# A meeting told as well ("今天拜访了宁波银行，…客户打电话来投诉"): a visit, with the complaint.
_MET_RE = re.compile(_ON_SITE_RE.pattern + "|" + _VIDEO_RE.pattern, re.IGNORECASE)


def tells_called_in_complaint(text: str) -> bool:
    """Whether a message tells that a client called in with a complaint to file now ("宁波银行今天
    上午打电话来，说分行专线从9点就断了", "The client rang to complain about a double charge"),
    with no meeting of the manager's told: the complaint is what to file, not a visit to log."""
    head = _folded(text[:DESCRIPTION_LIMIT])
    return (
        bool(_CALLED_IN_RE.search(head)) and not _MET_RE.search(head) and tells_new_complaint(text)
    )


# Someone other than the one reporting named as the one the client called ("打给客服热线", "给小王打了
# 电话", "致电公司", "由值班员接听", "called our hotline", "Wang got a call from…"); "我们" (the
# company) is no one in particular. Then who received the complaint is asked, not assumed.
_ELSE_CALLED_RE = re.compile(
    r"(?:给|找)(?!我(?!们))[^，。,.;；!！?？\s]{1,10}?打(?:了|过)?(?:个|一个|几个)?电话|"
    r"(?:电话)?打(?:给|到)(?!我(?!们))|致电(?!我(?!们))|由(?!我(?!们))[^，。,.;；!！?？\s]{1,8}?(?:接|受理)|"
    r"\b(?:called|rang|phoned)\s+(?:us|in|our\s+\w+|the\s+\w+)\b|"
    r"(?:^|[,.;:!?]\s*)(?!(?:i|i've|i\s+have|we|just|today|this\s+morning)\b)"
    r"[a-z][\w.']*(?:\s+[a-z][\w.']*)?\s+(?:got|had|took|received|answered)\s+an?\s+"
    r"(?:(?:urgent|angry|phone)\s+)?call\s+from\b",
    re.IGNORECASE,
)
# Who took a call told before 接到 / 接了 / 接听 ("小王接到宁波银行的电话", "客服接了电话"): any word
# left once the reporter's own words and the times of day are taken away.
_TOOK_CALL_RE = re.compile(r"([^，。,.;；!！?？\s]*)接(?:到|了|听)[^，。,.;；!！?？]{0,16}?电话")
_REPORTER_WORDS_RE = re.compile(
    r"我|本人|刚刚|刚才|刚|才|又|也|已经|今天|今早|今晚|昨天|昨晚|前天|上午|下午|早上|早晨|晚上|中午|"
    r"傍晚|凌晨|刚好|这周|本周|上周|周[一二三四五六日天]|星期[一二三四五六日天]|[0-9０-９]+点(?:半|钟)?|"
    r"[一二三四五六七八九十两]+点(?:半|钟)?|左右|的时候|时"
)


def received_by_reporter(text: str) -> bool:
    """Whether the one reporting a called-in complaint took the call themself ("江苏银行打电话来
    投诉…", "刚接到华润万家的电话", "客户来电说…", "Bank of Ningbo called this morning…"): the client
    called in and no one else is named as the one it reached. Then the reporter is who received
    it (首问负责制); when the call reached someone else, or the text does not say, it is asked."""
    if not tells_called_in_complaint(text):
        return False
    head = _folded(text[:DESCRIPTION_LIMIT])
    if _ELSE_CALLED_RE.search(head):
        return False
    return all(not _REPORTER_WORDS_RE.sub("", m.group(1)) for m in _TOOK_CALL_RE.finditer(head))


def tells_new_complaint(text: str) -> bool:
    """Whether a visit report tells of a complaint to file now ("客户投诉专线又断网了"), not of one
    denied or settled ("没有投诉", "回访了上次的投诉，客户表示满意"): some clause names a fault or
    discontent with no clause from it on saying it is settled ("客户很满意，但抱怨账单太复杂" tells
    of one; "断网故障已修复，客户满意" does not)."""
    if not looks_like_complaint(text):
        return False
    head = _folded(text[:DESCRIPTION_LIMIT])
    clauses = [head[a:b] for a, b in clause_spans(head)]
    return any(
        _COMPLAINT_RE.search(clause) and not any(_SETTLED_RE.search(c) for c in clauses[n:])
        for n, clause in enumerate(clauses)
    )


def severity_named(said: str, words: SeverityWords) -> Severity | None:
    """The severity a short answer or correction names: its label ("高", "critical") or a word."""
    named = {
        fold(label(lang, "severity", s.value) or ""): s for s in Severity for lang in ("zh", "en")
    }
    return named.get(fold(said)) or guess_severity(said, words)


def category_named(
    said: str, categories: tuple[str, ...] | list[str], words: CategoryWords
) -> str | None:
    """The category (of the policy's) a short answer or correction names: its label or a word."""
    # zh-Hant's label too: 產品品質 folds to 产品品质, not to the simplified 产品质量.
    named = {fold(label(lang, "category", c) or c): c for c in categories
             for lang in ("zh", "zh-Hant", "en")}  # fmt: skip
    found = named.get(fold(said)) or guess_category(said, words)
    return found if found in categories else None


# One ticket asked after by its number, and nothing else: "7号投诉怎么样了？", "工单#7", "#7",
# "投诉#7现在什么状态", "ticket #7", "what's the status of complaint 7". Not "7号投诉谁改过"
# (its history), "12月7号的投诉" (a day) nor a complaint told ("7号投诉已经解决了，…").
_TICKET_STATUS_ZH = (
    r"(?:的)?(?:现在|目前)?(?:怎么样了?|咋样了?|如何了?|进展(?:如何|怎么样)?(?:了)?|进度|"
    r"处理(?:得)?(?:怎么样|如何|到哪(?:一步|里)?)了?|(?:是)?(?:什么|啥)状态|状态|情况)?"
)
_TICKET_ASKED_RE = re.compile(
    rf"^(?:(?:工单|投诉)\s*#?\s*(\d{{1,9}})\s*号?|#\s*(\d{{1,9}})\s*(?:号)?\s*(?:工单|投诉)?|"
    rf"(\d{{1,9}})\s*号\s*(?:工单|投诉)){_TICKET_STATUS_ZH}\s*[?？。.!！]*$"
    r"|^(?:show\s+(?:me\s+)?|(?:what'?s|what\s+is)\s+(?:the\s+)?status\s+of\s+|status\s+of\s+|"
    r"how\s+is\s+)?(?:the\s+)?(?:ticket|complaint)\s*#?\s*(\d{1,9})"
    r"(?:\s+(?:going|doing|status))?\s*[?.!]*$",
    re.IGNORECASE,
)


def ticket_asked(text: str) -> int | None:
    """The number of the one complaint ticket a message asks after, or None."""
    if len(text) > 40:
        return None
    found = _TICKET_ASKED_RE.match(_folded(text.strip()))
    return next((int(g) for g in found.groups() if g), None) if found else None
