"""A business card photo to contact fields: name, title, mobile, phone, email, company, address.

Reads the OCR lines of Chinese and English cards (landscape or portrait, labelled or not) by
pattern: numbers and e-mail by their shape and label, the company by its legal suffix, the title
by its job words, and the name as the largest short line that is none of those.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from knowledge.normal_form import fold_keeping_length, to_simplified
from knowledge.ocr import OcrLine, confident
from services.visits.people import opens_with_surname

FIELDS = ("name", "title", "mobile", "phone", "email", "company", "address")


@dataclass(frozen=True)
class CardFields:
    name: str | None = None
    title: str | None = None
    mobile: str | None = None
    phone: str | None = None
    email: str | None = None
    company: str | None = None
    address: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)

    @staticmethod
    def of(data: dict[str, Any]) -> CardFields:
        return CardFields(**{k: (str(data[k]) if data.get(k) else None) for k in FIELDS})

    @property
    def empty(self) -> bool:
        return not any(self.as_dict().values())


@dataclass(frozen=True)
class CardReading:
    """What a photo held: the fields, whether it looks like a card at all, and whether the text
    was read clearly (handwriting and blur read with low confidence)."""

    fields: CardFields
    is_card: bool
    clear: bool
    rows: int
    # Fields read from a line the OCR was unsure of: a digit of a blurred or distant card is
    # misread with a line score of 0.64-0.88 (printed text reads at 0.95 and over), so these are
    # marked on the draft card to be checked against the card before 确认.
    unsure: tuple[str, ...] = ()


_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
SURE_SCORE = 0.9
SURE_CHAR = 0.85
_EMAIL = re.compile(r"[A-Za-z0-9][\w.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)?86)?(1[3-9]\d{9})(?!\d)")
_FOREIGN = re.compile(r"(?<!\d)(?:\+|00)(?!86)[1-9]\d{0,2}(?:[\s\-()]*\d){6,12}")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x)(\d{1,5})$", re.I)
_SERVICE_LINE = re.compile(r"(?:400|800)\d{7}")
_HOTLINE = re.compile(r"热线|客服|hotline", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)

# Numbers and codes that are not the person's phone: a QQ number "2845213679" was read as the
# landline 028-45213679, a staff number "工号：20231234567" as the address.
_NOT_THE_PERSONS = ("qq", "微信", "微信号", "wechat", "weixin", "wx", "工号", "邮编", "邮政编码",
                    "zip", "postcode", "热线", "服务热线", "客服热线", "全国服务热线", "客服电话",
                    "hotline", "账号", "帐号", "税号", "开户行", "统一社会信用代码", "skype",
                    "linkedin")  # fmt: skip
_LABEL_WORDS = {
    "mobile": ("手机", "移动电话", "mobile", "mob", "cell", "m", "手機"),
    "phone": ("电话", "座机", "办公电话", "tel", "phone", "t", "office", "電話"),
    "fax": ("传真", "fax", "f", "傳真"),
    "email": ("邮箱", "电子邮件", "邮件", "e-mail", "email", "mail", "e", "郵箱"),
    "address": ("地址", "公司地址", "address", "addr", "add", "a", "地址"),
    "web": ("网址", "网站", "web", "website", "w", "url"),
    "company": ("公司", "单位", "company"),
    "title": ("职务", "职位", "title", "position"),
    "name": ("姓名", "name"),
    "other": _NOT_THE_PERSONS,
}
_LABEL = re.compile(
    r"^\s*(?P<label>[A-Za-z][A-Za-z.-]{0,8}|[" + _HAN + r"]{2,8})\s*[:：]\s*(?P<value>.*)$"
)
# Where a second label starts inside a line ("电话：021-62345678 手机：138…", "T: … F: …", or
# run together by the OCR: "传真：0512-58561235电话：0512-58561234", "…168号邮编：211100"): after
# a space, a digit or the end of an address, a label and its colon. A label after "/" ("Tel/Fax:", "手机/Mobile：") is one label.
_INNER_LABEL = re.compile(
    r"(?<=[\s\d号室楼层])\s*(?=(?:手机|手機|电话|電話|座机|传真|傳真|邮箱|郵箱|地址|网址|微信|邮编|QQ|"
    r"Mobile|Mob|Cell|Tel|Phone|Fax|E-?mail|Add(?:ress)?|Web|[MTFE])\s*[:：])"
)

# Inside a line, these make it the company; the weaker ones only at its end.
_CN_COMPANY_STRONG = ("公司", "集团", "银行", "研究院", "研究所", "设计院", "事务所")
_CN_COMPANY_WEAK = ("医院", "大学", "学院", "供电局", "电力局", "管理局", "分局", "委员会",
                    "中心", "电厂", "工厂", "厂", "局")  # fmt: skip
_EN_COMPANY = re.compile(
    r"\b(?:co\.?,?\s*ltd\.?|company|corp(?:oration)?\.?|group|inc\.?|limited|ltd\.?|llc|plc|"
    r"bank|institute|university|holdings|technologies|technology|industries)\b",
    re.I,
)
_EN_COMPANY_STRONG = re.compile(
    r"\b(?:co\.?,?\s*ltd\.?|company|corp(?:oration)?\.?|inc\.?|limited|ltd\.?|llc|plc|bank)\b", re.I
)
# The words of a title that name a role ("General" and "Sales" also begin companies' names).
_EN_ROLE = re.compile(
    r"\b(?:manager|director|engineer|president|vp|officer|head|chief|ceo|cfo|cto|coo|specialist|"
    r"consultant|representative|assistant|supervisor|chairman|secretary|analyst|accountant|"
    r"architect)\b",
    re.I,
)
_CN_TITLES = ("董事长", "总经理", "副总经理", "总裁", "副总裁", "总监", "经理", "主任", "主管",
              "部长", "处长", "科长", "局长", "院长", "厂长", "所长", "总工程师", "工程师",
              "总工", "专员", "助理", "顾问", "代表", "秘书", "会计师", "律师", "董事", "监事",
              "负责人", "主席", "书记", "组长", "班长", "客户经理", "博士", "教授", "研究员")  # fmt: skip
_EN_TITLES = re.compile(
    r"\b(?:manager|director|engineer|president|vice|vp|officer|head|chief|ceo|cfo|cto|coo|"
    r"specialist|consultant|representative|assistant|supervisor|lead|partner|chairman|"
    r"secretary|analyst|executive|accountant|architect|sales|purchasing|procurement|"
    r"department|dept\.?|general)\b",
    re.I,
)
_ADDRESS_HINT = re.compile(
    r"(?:[" + _HAN + r"]{1,8}(?:省|市|区|县|镇|路|街|道|号|大厦|楼|室|园|村)|\b(?:road|rd\.?|"
    r"street|st\.?|avenue|ave\.?|district|building|floor|room|suite|province|city)\b)",
    re.I,
)
_CN_NAME = re.compile(r"^[" + _HAN + r"]{2,4}$")
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+(?=[A-Z])")
_POSTNOMINAL = re.compile(
    r"(?:,?\s*(?:Ph\.?\s?D\.?|MBA|PMP|CPA|CFA|PE|Jr\.?|Sr\.?)|\s*\([A-Z][a-z]+\))+$"
)
_CN_WITH_ROMAN = re.compile(
    r"^(?P<han>[" + _HAN + r"](?: ?[" + _HAN + r"]){1,3})\s*(?P<roman>[A-Za-z][A-Za-z' -]+)$"
    r"|^(?P<roman2>[A-Za-z][A-Za-z' -]+?)\s*(?P<han2>[" + _HAN + r"](?: ?[" + _HAN + r"]){1,3})$"
)
_EN_NAME = re.compile(r"^[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’.-]*){1,2}$")


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return text.replace("＠", "@").replace("（", "(").replace("）", ")").strip()


def _digits(text: str) -> str:
    return re.sub(r"[\s\-–—().·]", "", text)


def _label_of(text: str) -> tuple[str | None, str]:
    """("mobile", "138…") for "手机：138…"; (None, text) when the line has no known label."""
    match = _LABEL.match(text)
    if match:
        word = match.group("label").lower().rstrip(".")
        for field, words in _LABEL_WORDS.items():
            if word in words:
                return field, match.group("value").strip()
    for field, words in _LABEL_WORDS.items():
        for word in words:
            if len(word) >= 2 and text.lower().startswith(word) and len(text) > len(word) + 5:
                rest = text[len(word) :].lstrip(" :：")
                if rest[:1].isdigit() or rest[:1] == "+" or field in ("address", "email"):
                    return field, rest
    return None, text


def _mobile_in(text: str) -> str | None:
    """A mainland mobile: 11 digits from 13-19, after +86 or 0086 if any. One after another
    country's code is none ("+1 415 555 0100" was read as the mobile 14155550100); two on one
    row ("13801760231 13916620547") give the first."""
    if _FOREIGN.search(text):
        return None
    match = _MOBILE.search(_digits(text))
    if match is None:
        for part in re.split(r"[\s/、,，;；]+", text):
            if (match := _MOBILE.fullmatch(_digits(part))) is not None:
                break
    return match.group(1) if match else None


def _foreign_in(text: str) -> str | None:
    """A number with another country's code (Hong Kong +852, +1 …), as printed."""
    match = _FOREIGN.search(text)
    return " ".join(match.group(0).split()) if match else None


def _landline_in(text: str, *, labelled: bool = False) -> str | None:
    """A landline as "025-87654321" (area codes 010 and 02x have three digits, others four),
    with " 转123" for an extension; a 400/800 service number as printed. The area code's 0 is
    only added after the country code ("+86 20 3888 1234"): a number printed without either is
    no landline ("手机：1358591046", a digit short, was shown as 013-58591046), except 7 or 8
    digits on a line labelled as the phone, a local number kept as printed ("电话：82700123")."""
    found = _landline(_digits(text), labelled=labelled)
    if found is None:
        # "021-6234 5678-806": the extension after a dash.
        dashed = re.fullmatch(r"(?P<number>.*\d)\s*[-–—]\s*(?P<ext>\d{1,5})\s*", text)
        if dashed is not None and (number := _landline(_digits(dashed["number"]))) is not None:
            return f"{number} 转{dashed['ext']}"
    return found


def _landline(compact: str, *, labelled: bool = False) -> str | None:
    ext = _EXTENSION.search(compact)
    for match in re.finditer(r"\+?\d{7,15}", compact[: ext.start()] if ext else compact):
        number = match.group(0)
        country = number.startswith(("+86", "0086")) or (
            number.startswith("86") and len(number) >= 11
        )
        number = number.lstrip("+")
        if _SERVICE_LINE.fullmatch(number):
            return number
        if country:
            number = number.removeprefix("00").removeprefix("86")
            if not number.startswith("0"):
                number = "0" + number
        if not number.startswith("0"):
            if labelled and 7 <= len(number) <= 8 and number[0] not in "01":
                return number + (f" 转{ext.group(1)}" if ext else "")
            continue
        if _MOBILE.fullmatch(number[1:]):
            continue
        area = 3 if number[1] in "12" else 4
        local = number[area:]
        if 7 <= len(local) <= 8:
            return f"{number[:area]}-{local}" + (f" 转{ext.group(1)}" if ext else "")
    return None


def _is_company(text: str) -> bool:
    if _EN_COMPANY.search(text):
        return True
    # Traditional characters read as simplified: 集團, 銀行, 醫院 are 集团, 银行, 医院.
    han = re.sub(r"[^" + _HAN + "]", "", fold_keeping_length(text))
    if len(han) < 4:
        return False
    return any(s in han for s in _CN_COMPANY_STRONG) or han.endswith(_CN_COMPANY_WEAK)


def _is_title_not_company(text: str) -> bool:
    """A title that holds a company word: "Group IT Director", "General Manager, Technology
    Dept.", "分公司总经理" (each was taken for the company, and the card's title left unread)."""
    if _is_han(text):
        han = re.sub(r"[^" + _HAN + "]", "", fold_keeping_length(text))
        return len(han) <= 12 and han.endswith(_CN_TITLES)
    return bool(_EN_ROLE.search(text)) and not _EN_COMPANY_STRONG.search(text)


def _is_title(text: str) -> bool:
    if _EN_TITLES.search(text):
        return True
    han = re.sub(r"[^" + _HAN + "]", "", fold_keeping_length(text))
    return 0 < len(han) <= 14 and any(han.endswith(t) or t in han for t in _CN_TITLES)


def _name_in(text: str) -> str | None:
    """The person's name a line holds: "张伟", "张  伟", "David Chen"; a Chinese name with its
    romanisation ("钱文斌 Qian Wenbin") is the Chinese name; "Mr."/"Dr." before an English name
    and ", PhD" or "(David)" after it are left out (such lines were no name at all)."""
    compact = re.sub(r"\s+", "", text)
    if _CN_NAME.match(compact) and not _is_title(compact) and not _is_company(compact):
        return compact
    plain = _HONORIFIC.sub("", " ".join(text.split()))
    plain = _POSTNOMINAL.sub("", plain)
    if _EN_NAME.match(plain) and not _is_title(plain) and not _is_company(plain):
        return plain
    both = _CN_WITH_ROMAN.match(" ".join(text.split()))
    if both is not None:
        han = (both.group("han") or both.group("han2")).replace(" ", "")
        roman = (both.group("roman") or both.group("roman2")).strip()
        if _name_in(han) == han and _EN_NAME.match(roman) and not _is_title(roman):
            return han
    return None


def _name_then_title(text: str) -> tuple[str, str] | None:
    pieces = text.split()
    for cut in range(1, min(3, len(pieces) - 1) + 1):
        name = _name_in(" ".join(pieces[:cut]))
        title = " ".join(pieces[cut:])
        if name and _is_title(title):
            return name, title
    return None


# The fields a second reading may show as sure: those judged by each character's score (a
# company, a title or an address is judged by its line's score alone, which a misread character
# can leave high: "华能上海电广" for 电厂 was read so twice, the second time at 0.92; a name may
# be another, surely read, character: "禁飞" for 蔡飞).
SECOND_LOOK_CONFIRMS = ("mobile", "phone", "email")


def read_card(lines: Sequence[OcrLine]) -> CardReading:
    """The contact fields of a business card from its OCR lines (in reading order).

    A field read with doubt is marked unsure (❓ on the draft card). A number or an e-mail
    address is not, when the doubted lines read a second time from their own enlarged pixels
    (`OcrLine.again`) give the very same value and that reading is sure of every character of
    it; a value the model hesitated over both times, or read otherwise, keeps its ❓. Any field
    the second reading reads otherwise is marked too, however sure the first reading was."""
    first = _read_card(lines)
    if not any(line.again is not None for line in lines):
        return first
    second = _read_card([line.second_reading() or line for line in lines])
    unsure = set(first.unsure)
    for field in FIELDS:
        value = getattr(first.fields, field)
        if value is None:
            continue
        agreed = getattr(second.fields, field) == value
        if not agreed:
            unsure.add(field)
        elif field in SECOND_LOOK_CONFIRMS and field not in second.unsure:
            unsure.discard(field)
    return replace(first, unsure=tuple(f for f in FIELDS if f in unsure))


def _read_card(lines: Sequence[OcrLine]) -> CardReading:
    found: dict[str, str] = {}
    scores: dict[str, float] = {}  # the confidence of the line each field was read from
    names: list[tuple[float, str, float]] = []
    titles: list[tuple[str, float]] = []
    companies: list[tuple[float, str, float]] = []
    addresses: list[tuple[str, float]] = []
    used_rows = 0
    pieces: list[tuple[str, float, float, list[tuple[str, float]]]] = []
    for line in lines:
        text = _normalize(line.text)
        if not text:
            continue
        used_rows += 1
        # Each character with its own score, when the OCR gave them and normalising kept the
        # length (full-width colons and brackets become ASCII one for one).
        aligned = len(text) == len(line.text) and bool(line.chars)
        start = 0
        for piece in _INNER_LABEL.split(text):
            start = text.find(piece, start)
            end = start + len(piece)
            scores_of = line.char_scores(start, end) if aligned else []
            marked = [(ch, sc) for ch, sc in zip((c for c in piece if not c.isspace()), scores_of,
                                                 strict=False)]  # fmt: skip
            if piece.strip():
                pieces.append((piece, line.size, line.score, marked))
            start = end
    for text, size, score, marked in pieces:
        label, value = _label_of(text)
        if label in ("fax", "web", "other") or (label is None and _HOTLINE.search(text)):
            continue
        email = _EMAIL.search(text.replace(" ", ""))
        if email and "email" not in found:
            found["email"] = email.group(0).lower()
            scores["email"] = _least(marked, score, lambda ch: ch.isascii() and ch not in ":：")
            if label in (None, "email"):
                continue
        if label in ("mobile", "phone") and (foreign := _foreign_in(value)) is not None:
            if label not in found:
                found[label] = foreign
                scores[label] = _least(marked, score, str.isdigit)
            continue
        if label == "mobile" or (label is None and _mobile_in(text)):
            mobile = _mobile_in(value)
            if mobile and "mobile" not in found:
                found["mobile"], scores["mobile"] = mobile, _least(marked, score, str.isdigit)
                continue
        if label in ("phone", "mobile") or (label is None and _landline_in(text)):
            phone = _landline_in(value, labelled=label == "phone") or _mobile_in(value)
            if phone and label == "phone" and _MOBILE.fullmatch(_digits(phone)):
                if "mobile" not in found:
                    found["mobile"], scores["mobile"] = phone, _least(marked, score, str.isdigit)
                continue
            if phone and "phone" not in found:
                found["phone"], scores["phone"] = phone, _least(marked, score, str.isdigit)
                continue
        if _URL.search(text):
            continue
        if label == "address" or (label is None and _ADDRESS_HINT.search(fold_keeping_length(text)) and
                                  not _is_company(text) and not _is_title(text)):  # fmt: skip
            addresses.append((value, _least(marked, score, str.isalnum)))
            continue
        if label == "company" or (
            label is None and _is_company(text) and not _is_title_not_company(text)
        ):
            companies.append((size, value, _least(marked, score, str.isalnum)))
            continue
        if label == "name":
            names.append((size * 10, value, _least(marked, score, str.isalpha)))
            continue
        split = _name_then_title(text) if label is None else None
        if split is not None:  # "张伟 采购部经理" on one line: the name, then the title
            names.append((size, split[0], _least(marked, score, str.isalpha)))
            titles.append((split[1], _least(marked, score, str.isalnum)))
            continue
        if label == "title" or _is_title(text):
            titles.append((value, _least(marked, score, str.isalnum)))
            continue
        name = _name_in(value)
        if name:
            names.append((size, name, _least(marked, score, str.isalpha)))
    if names:
        _, found["name"], scores["name"] = max(names, key=lambda item: item[0])
        if _CN_NAME.match(found["name"]) and not opens_with_surname(found["name"]):
            # Read surely but no surname: a misread one ("禁飞" for 蔡飞, each character at
            # 0.95 and over on a distant photo), or a rare one worth a look.
            scores["name"] = 0.0
    if titles:
        found["title"] = " ".join(dict.fromkeys(t for t, _ in titles))[:200]
        scores["title"] = min(score for _, score in titles)
    if companies:
        # The company is printed largest (a logo line); a department below it is smaller.
        _, company, scores["company"] = max(companies, key=lambda item: item[0])
        found["company"] = company[:300]
    if addresses:
        parts = [a for a, _ in addresses]
        found["address"] = "".join(parts) if _is_han(parts[0]) else " ".join(parts)
        scores["address"] = min(score for _, score in addresses)
    fields = CardFields(**{k: v for k, v in found.items() if k in FIELDS})
    contact_ways = sum(1 for k in ("mobile", "phone", "email") if getattr(fields, k))
    is_card = contact_ways >= 1 and (fields.name is not None or fields.company is not None)
    unsure = tuple(f for f in FIELDS if f in found and scores.get(f, 1.0) < SURE_SCORE)
    return CardReading(fields, is_card, confident(lines), used_rows, unsure)


def _least(
    marked: list[tuple[str, float]], line_score: float, kind: Callable[[str], bool]
) -> float:
    """How sure the reading of a field is: its least sure character of that kind (digits of a
    number, letters of a name), or the line's score when the OCR gave no character scores."""
    scores = [score for ch, score in marked if kind(ch)]
    # A character under SURE_CHAR makes the field unsure, and so does a line under SURE_SCORE
    # (the OCR also drops or merges characters with every one scored high: "0304-…" for 010-…).
    least = min(scores) if scores else 1.0
    return min(line_score, least * SURE_SCORE / SURE_CHAR)


def _is_han(text: str) -> bool:
    return bool(re.search(f"[{_HAN}]", text))


CORRECTION_LABELS = {
    "name": ("姓名", "名字", "name"),
    "title": ("职务", "职位", "title"),
    "mobile": ("手机", "手机号", "手机号码", "mobile", "cell"),
    "phone": ("电话", "电话号码", "座机", "phone", "tel"),
    "email": ("邮箱", "电子邮箱", "邮件", "email", "e-mail"),
    "company": ("公司", "单位", "company"),
    "address": ("地址", "address"),
}
_CORRECTION = re.compile(r"^\s*(?P<label>[^\s:：]{1,10})\s*[:：\s]\s*(?P<value>.+?)\s*$", re.S)
_CORRECTION_LABEL_RE = "|".join(
    re.escape(w) for w in sorted((w for ws in CORRECTION_LABELS.values() for w in ws), key=len,
                                 reverse=True)
)  # fmt: skip
# "职务改成采购经理", "把手机改为139…", "change the title to Sales Director", "title is …"
_CORRECTION_SAID = re.compile(
    rf"^\s*(?:请|麻烦)?(?:把)?(?P<label>{_CORRECTION_LABEL_RE})\s*(?:的)?\s*"
    r"(?:应该?改成|改成|改为|换成|应为|应该是|是|should\s+be|is|=)\s*(?P<value>.+?)\s*$"
    rf"|^\s*(?:please\s+)?(?:change|set|correct|update|fix)\s+(?:the\s+)?(?P<label2>{_CORRECTION_LABEL_RE})"
    r"\s+(?:to|as)\s+(?P<value2>.+?)\s*$",
    re.S | re.I,
)


def correction(fields: CardFields, text: str) -> CardFields | None:
    """ "手机 13900001111", "title: Sales Director", "职务改成采购经理" or "change the title to
    Sales Director" changes that field (labels and verbs in traditional characters too: "職務改成
    採購經理"; the value is kept as typed); None if the text names no field. An empty value
    ("邮箱 -") clears it."""
    norm = _normalize(text)
    said = _CORRECTION_SAID.match(fold_keeping_length(norm))
    if said is not None:
        label = (said.group("label") or said.group("label2")).lower()
        value_group = "value" if said.group("value") is not None else "value2"
        value = norm[said.start(value_group) : said.end(value_group)].strip()
    elif (match := _CORRECTION.match(norm)) is not None:
        label, value = to_simplified(match.group("label")).lower(), match.group("value").strip()
    else:
        return None
    for field, words in CORRECTION_LABELS.items():
        if label in words:
            return replace(
                fields, **{field: None if value in ("-", "—", "无", "無", "none") else value}
            )
    return None


def bad_correction(before: CardFields, after: CardFields) -> str | None:
    """The field a typed correction set to something it cannot hold ("手机 12345", "邮箱 zhang"),
    so it is asked again rather than saved: a mobile or phone number has 7 to 15 digits (a
    leading +, spaces and dashes allowed), an e-mail address is one address. None if all hold."""
    for field in ("mobile", "phone", "email"):
        value = getattr(after, field)
        if not value or value == getattr(before, field):
            continue
        if field == "email":
            if not _EMAIL.fullmatch(value.replace(" ", "")):
                return field
        elif not re.fullmatch(r"\+?\d{7,15}(?:(?:转|分机|ext\.?|x)\d{1,5})?", _digits(value), re.I):
            return field
    return None
