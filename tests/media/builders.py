"""Test material made on the spot: business cards and printed pages drawn with the bundled CJK
font (several layouts, Chinese and English, a little rotated, with noise), scanned PDFs built
from such pages, and real OGG/Opus voice notes."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont


def font_path() -> Path:
    import cvttf_NotoSansCJK_Regular

    folder = Path(cvttf_NotoSansCJK_Regular.__file__).resolve().parent
    return next(folder.glob("*.otf"))


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path()), size)


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    mobile: str  # 11 digits
    phone: str  # "025-87654321"
    email: str
    company: str
    address: str
    english: bool = False


ZH_PEOPLE = (
    Person("张伟", "采购部经理", "13812345678", "025-87654321", "zhang.wei@hn-power.com.cn",
           "华能南京电厂有限公司", "南京市鼓楼区中山北路88号"),
    Person("李娜", "设备管理处处长", "13905511234", "0551-62345678", "lina@wanhua-chem.cn",
           "万华化学集团股份有限公司", "烟台市经济技术开发区天山路17号"),
    Person("王强", "总经理", "18600001111", "010-66491999", "wangqiang@bjpost.com",
           "北京邮政速递有限公司", "北京市西城区金融大街7号"),
    Person("陈静", "财务总监", "15800002222", "021-58889999", "chenjing@sh-steel.com",
           "上海宝钢钢材贸易有限公司", "上海市浦东新区世纪大道100号"),
)  # fmt: skip
EN_PEOPLE = (
    Person("David Chen", "Sales Director", "13900001111", "010-66491888",
           "david.chen@hpi.com.cn", "Huaneng Power International, Inc.",
           "6 Fuxingmennei Street, Xicheng District, Beijing", english=True),
    Person("Emily Wong", "Procurement Manager", "13500003333", "020-38881234",
           "emily.wong@gd-telecom.com", "Guangdong Telecom Co., Ltd.",
           "109 Zhongshan Road, Tianhe District, Guangzhou", english=True),
)  # fmt: skip


def card_rows(person: Person, rng: random.Random) -> list[tuple[str, int]]:
    """(text, size) rows as a card prints them; labels vary the way real cards vary."""
    if person.english:
        mobile = rng.choice(["M: +86 {} {} {}", "Mobile: {} {} {}", "Cell: {}-{}-{}"])
        phone = rng.choice(["T: {}", "Tel: {}", "Phone: {}"])
        email = rng.choice(["E: {}", "Email: {}", "{}"])
        address = rng.choice(["Add: {}", "Address: {}", "{}"])
    else:
        mobile = rng.choice(["手机：{} {} {}", "手机 {}-{}-{}", "M：{} {} {}"])
        phone = rng.choice(["电话：{}", "座机：{}", "T：{}"])
        email = rng.choice(["邮箱：{}", "E-mail：{}", "{}"])
        address = rng.choice(["地址：{}", "{}"])
    m = person.mobile
    return [
        (person.company, 30),
        (person.name, 52),
        (person.title, 28),
        (mobile.format(m[:3], m[3:7], m[7:]), 26),
        (phone.format(person.phone), 26),
        (email.format(person.email), 26),
        (address.format(person.address), 24),
    ]


def vertical_card_image(person: Person, *, seed: int = 0) -> bytes:
    """A card printed in vertical columns (竖排), read right to left: company, name, title,
    mobile, phone."""
    rng = random.Random(seed)
    image = Image.new("RGB", (600, 1000), (250, 250, 246))
    draw = ImageDraw.Draw(image)
    columns = [(person.company, 30), (person.name, 56), (person.title, 28),
               ("手机" + person.mobile, 26), ("电话" + person.phone, 26)]  # fmt: skip
    x = 600 - 90
    for text, size in columns:
        y = 50
        for char in text:
            draw.text((x, y), char, font=font(size), fill="black")
            y += int(size * 1.15)
        x -= int(size * 2.6)
    buffer = io.BytesIO()
    _photographed(image, rng).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def card_image(person: Person, *, layout: str = "landscape", seed: int = 0) -> bytes:
    """A photographed business card: landscape or portrait, a little rotated, with noise."""
    rng = random.Random(seed)
    rows = card_rows(person, rng)
    width, height = (1000, 600) if layout == "landscape" else (600, 1000)
    image = Image.new("RGB", (width, height), (250, 250, 246))
    draw = ImageDraw.Draw(image)
    x = 50 if layout == "landscape" else 40
    y = 40
    if layout == "landscape" and rng.random() < 0.5:
        # Name and title side by side, company on top: the most common Chinese layout.
        draw.text((x, y), rows[0][0], font=font(rows[0][1]), fill=(20, 40, 120))
        y += 80
        draw.text((x, y), rows[1][0], font=font(rows[1][1]), fill="black")
        name_width = draw.textlength(rows[1][0], font=font(rows[1][1]))
        draw.text((x + name_width + 30, y + 18), rows[2][0], font=font(rows[2][1]), fill="black")
        y += 110
        rest = rows[3:]
    else:
        rest = rows
    for text, size in rest:
        if layout == "portrait" and draw.textlength(text, font=font(size)) > width - 2 * x:
            size = int(size * (width - 2 * x) / draw.textlength(text, font=font(size)))
        draw.text((x, y), text, font=font(size), fill="black")
        y += int(size * 1.9) + (20 if size > 40 else 0)
    image = _photographed(image, rng)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=rng.randint(70, 90))
    return buffer.getvalue()


def _photographed(image: Image.Image, rng: random.Random) -> Image.Image:
    angle = rng.uniform(-4, 4)
    image = image.rotate(angle, expand=True, fillcolor=(120, 110, 100), resample=Image.BICUBIC)
    pixels = np.asarray(image).astype(np.int16)
    noise = np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, 8, pixels.shape)
    pixels = np.clip(pixels + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels).filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.8)))


def all_cards() -> list[tuple[Person, str, int]]:
    """(person, layout, seed) for every person in both layouts."""
    return [
        (person, layout, n)
        for n, person in enumerate((*ZH_PEOPLE, *EN_PEOPLE))
        for layout in ("landscape", "portrait")
    ]


def page_image(lines: list[str], *, seed: int = 0, size: int = 30) -> Image.Image:
    """A printed A4 page (at about 100 dpi), scanned a little crooked and noisy."""
    rng = random.Random(seed)
    image = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(image)
    y = 80
    for line in lines:
        draw.text((70, y), line, font=font(size + (10 if line.startswith("第") else 0)),
                  fill="black")  # fmt: skip
        y += int(size * 2.0)
    angle = rng.uniform(-1.5, 1.5)
    image = image.rotate(angle, expand=False, fillcolor="white", resample=Image.BICUBIC)
    pixels = np.asarray(image).astype(np.int16)
    noise = np.random.default_rng(seed).normal(0, 6, pixels.shape)
    return Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))


def document_page(
    body: list[str],
    *,
    title: str | None = None,
    header: str | None = None,
    footer: str | None = None,
    seed: int = 0,
    angle: float | None = None,
) -> Image.Image:
    """A page of a document as a phone photographs it: a small running header at the top (the
    document's name, on every page), a larger title centred (on its first page), body lines at
    the left margin, a page number at the foot; tilted a little, with noise."""
    rng = random.Random(seed)
    image = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(image)
    y = 40
    if header is not None:
        small = font(18)
        width = draw.textlength(header, font=small)
        draw.text(((850 - width) / 2, y), header, font=small, fill="black")
        draw.line((60, y + 30, 790, y + 30), fill="black", width=1)
        y += 70
    else:
        y += 40
    if title is not None:
        big = font(40)
        width = draw.textlength(title, font=big)
        draw.text(((850 - width) / 2, y), title, font=big, fill="black")
        y += 90
    text = font(24)
    for line in body:
        draw.text((70, y), line, font=text, fill="black")
        y += 44
    if footer is not None:
        small = font(18)
        width = draw.textlength(footer, font=small)
        draw.text(((850 - width) / 2, 1040), footer, font=small, fill="black")
    tilt = rng.uniform(-2.0, 2.0) if angle is None else angle
    image = image.rotate(tilt, expand=False, fillcolor="white", resample=Image.BICUBIC)
    pixels = np.asarray(image).astype(np.int16)
    noise = np.random.default_rng(seed).normal(0, 6, pixels.shape)
    return Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))


POLICY_HEADER = "国网江苏省电力有限公司 营销服务手册"
POLICY_TITLE = "大客户服务管理办法"
POLICY = [["为规范大客户服务工作，提高客户满意度，根据公司有关规定，",
           "结合本单位实际，制定本办法。本办法适用于公司各级客户经理。"],
          ["信誉评价为优质的客户至少每六个月走访一次，中等的每季度一次，",
           "较差的每月走访一次。走访后当天在系统中填写走访记录。"],
          ["受理客户诉求后，应在一个工作日内与客户联系，",
           "投诉解决后三个工作日内完成回访，并在系统中登记回访结果。"],
          ["走访中发现的问题应在三个工作日内反馈给相关部门，",
           "涉及安全隐患的问题当天书面告知客户并报告主管。"]]  # fmt: skip
# Page numbers as policies print them, a different form on each page.
POLICY_FOOTERS = ["- 1 -", "第2页 共4页", "3/4", "- 4 -"]


def policy_page(n: int, *, numbered: bool = True, seed: int | None = None) -> bytes:
    """Page n (1-4) of a four-page policy as a phone photographs it: the running header on each
    page, the title on the first, the page number at the foot (or none)."""
    return jpeg(document_page(POLICY[n - 1], header=POLICY_HEADER,
                              title=POLICY_TITLE if n == 1 else None,
                              footer=POLICY_FOOTERS[n - 1] if numbered else None,
                              seed=n - 1 if seed is None else seed))  # fmt: skip


def from_afar(photo: bytes) -> bytes:
    """The photo as a card snapped from across the table: 38% of the size, blurred, JPEG quality
    25 (bench/ocr_bench.py --distant); digits and letters are misread."""
    image = Image.open(io.BytesIO(photo))
    small = image.resize((int(image.width * 0.38), int(image.height * 0.38)))
    buffer = io.BytesIO()
    small.filter(ImageFilter.GaussianBlur(1.2)).save(buffer, "JPEG", quality=25)
    return buffer.getvalue()


def nth_person(seed: int, n: int) -> Person:
    """The n-th made-up person of bench/ocr_bench.py's cards for this seed (every third one
    English)."""
    rng = random.Random(seed)
    for k in range(n):
        random_person(rng, english=k % 3 == 2)
    return random_person(rng, english=n % 3 == 2)


def jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def turned_photo(photo: bytes, turn: int, *, exif: bool = False) -> bytes:
    """The photo turned `turn` degrees counter-clockwise (a card shot sideways or upside down);
    with exif, the pixels turned but the EXIF orientation telling how to show them upright, as
    a phone held sideways saves them."""
    image = Image.open(io.BytesIO(photo)).rotate(turn, expand=True)
    buffer = io.BytesIO()
    if exif and turn:
        tags = Image.Exif()
        tags[0x0112] = {90: 6, 180: 3, 270: 8}[turn]  # 6: "turn 90 degrees clockwise to show"
        image.save(buffer, "JPEG", quality=90, exif=tags)
    else:
        image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def scanned_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages are only pictures, as a scanner without OCR makes them."""
    images = [page_image(lines, seed=n) for n, lines in enumerate(pages)]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=100.0)
    return buffer.getvalue()


def scribbles(seed: int = 0) -> bytes:
    """Something like a handwritten note: wobbly strokes, no printed letters."""
    rng = random.Random(seed)
    image = Image.new("RGB", (600, 300), (245, 245, 235))
    draw = ImageDraw.Draw(image)
    for row in range(3):
        x, y = 30, 60 + row * 90
        points = [(x, y)]
        while x < 560:
            x += rng.randint(6, 18)
            y = 60 + row * 90 + rng.randint(-25, 25)
            points.append((x, y))
        draw.line(points, fill=(30, 30, 90), width=4)
    return jpeg(image)


def voiced(seconds: float, rate: int) -> np.ndarray:
    """A voiced, syllable-like tone: a gliding pitch with harmonics, three syllables a second."""
    t = np.arange(int(seconds * rate)) / rate
    pitch = 140 + 30 * np.sin(2 * np.pi * 0.7 * t)
    voice = sum(np.sin(2 * np.pi * k * np.cumsum(pitch) / rate) / k for k in range(1, 6))
    syllables = 0.5 * (1 + np.sin(2 * np.pi * 3.0 * t))
    return np.asarray(0.25 * voice * syllables, dtype=np.float32)


def voice_note(seconds: float = 3.0, *, rate: int = 48_000) -> bytes:
    """A real OGG/Opus voice note (the voiced tone), written by libsndfile."""
    import soundfile

    buffer = io.BytesIO()
    soundfile.write(buffer, voiced(seconds, rate), rate, format="OGG", subtype="OPUS")
    return buffer.getvalue()


# (container, encoder, sample rate) of what phones record: an iPhone's Voice Memos and audio
# messages (M4A, AAC), MP3s, the AMR-NB of Android and Chinese recorders (8 kHz), 3GP, WAV, FLAC.
RECORDINGS = {
    "m4a": ("ipod", "aac", 44_100),
    "mp3": ("mp3", "libmp3lame", 44_100),
    "amr": ("amr", "libopencore_amrnb", 8_000),
    "3gp": ("3gp", "libopencore_amrnb", 8_000),
    "wav": ("wav", "pcm_s16le", 44_100),
    "flac": ("flac", "flac", 48_000),
}


def recording(kind: str, seconds: float = 3.0) -> bytes:
    """A real recording file of the voiced tone, encoded by FFmpeg's encoders in the PyAV wheel
    (nothing from the machine): `kind` is a key of RECORDINGS."""
    import av

    container, codec, rate = RECORDINGS[kind]
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as out:
        stream: Any = out.add_stream(codec, rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(voiced(seconds, rate)[None, :], format="flt",
                                           layout="mono")  # fmt: skip
        frame.rate = rate
        wanted = stream.codec_context.codec.audio_formats[0].name
        resampler = av.AudioResampler(format=wanted, layout="mono", rate=rate)
        for piece in (*resampler.resample(frame), *resampler.resample(None), None):
            for packet in stream.encode(piece):
                out.mux(packet)
    return buffer.getvalue()


def wechat_voice(seconds: float = 3.0) -> bytes:
    """A WeChat voice file (SILK, with WeChat's 0x02 byte before the header) of the voiced tone,
    encoded by the SILK encoder at 24 kHz, as WeChat records."""
    import pysilk

    rate = 24_000
    pcm = (np.clip(voiced(seconds, rate), -1, 1) * 32767).astype("<i2").tobytes()
    out = io.BytesIO()
    pysilk.encode(io.BytesIO(pcm), out, rate, 24_000, tencent=True)
    return out.getvalue()


def video_note(seconds: float = 3.0, *, sound: bool = True) -> bytes:
    """A round video note as Telegram's apps record it: an MP4 of square H.264 frames and, unless
    `sound` is False, the voiced tone in AAC."""
    import av

    rate, fps, side = 44_100, 10, 240
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as out:
        video: Any = out.add_stream("libx264", rate=fps)
        video.width = video.height = side
        video.pix_fmt = "yuv420p"
        audio: Any = out.add_stream("aac", rate=rate, layout="mono") if sound else None
        for n in range(int(seconds * fps)):
            pixels = np.full((side, side, 3), (n * 7) % 255, dtype=np.uint8)
            for packet in video.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        if audio is not None:
            frame = av.AudioFrame.from_ndarray(voiced(seconds, rate)[None, :], format="flt",
                                               layout="mono")  # fmt: skip
            frame.rate = rate
            resampler = av.AudioResampler(format="fltp", layout="mono", rate=rate)
            for piece in (*resampler.resample(frame), *resampler.resample(None), None):
                for packet in audio.encode(piece):
                    out.mux(packet)
    return buffer.getvalue()


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰飞鹏辉斌宇浩凯"
_CN_COMPANIES = ("华能{}电厂有限公司", "国网{}供电公司", "中国移动{}分公司", "{}石化销售有限公司",
                 "{}邮政速递有限公司", "{}钢铁集团有限公司", "{}化工股份有限公司")  # fmt: skip
_CITIES = (("南京", "025", "江苏省南京市鼓楼区中山北路{}号"), ("上海", "021", "上海市浦东新区世纪大道{}号"),
           ("北京", "010", "北京市西城区金融大街{}号"), ("合肥", "0551", "安徽省合肥市蜀山区长江西路{}号"),
           ("苏州", "0512", "江苏省苏州市工业园区星湖街{}号"))  # fmt: skip
_CN_TITLES = (
    "采购部经理",
    "总经理",
    "设备部主任",
    "财务总监",
    "副总经理",
    "信息中心主任",
    "工程师",
)
_FIRST = (
    "David",
    "Emily",
    "Michael",
    "Sarah",
    "Kevin",
    "Linda",
    "James",
    "Grace",
    "Peter",
    "Helen",
)
_LAST = ("Chen", "Wong", "Li", "Zhang", "Smith", "Liu", "Lee", "Huang", "Lin", "Zhou")
_EN_COMPANIES = ("{} Power International, Inc.", "{} Telecom Co., Ltd.", "{} Petrochemical Corp.",
                 "{} Logistics Group", "{} Steel Company Limited")  # fmt: skip
_EN_CITIES = (("Shanghai", "021", "{} Century Avenue, Pudong District, Shanghai"),
              ("Beijing", "010", "{} Financial Street, Xicheng District, Beijing"),
              ("Guangzhou", "020", "{} Zhongshan Road, Tianhe District, Guangzhou"))  # fmt: skip
_EN_TITLES = ("Sales Director", "Procurement Manager", "General Manager", "Chief Engineer",
              "Account Manager", "Finance Director")  # fmt: skip


def random_person(rng: random.Random, *, english: bool) -> Person:
    """A made-up card holder with a consistent name, company, numbers and address."""
    mobile = "1" + rng.choice("35789") + "".join(str(rng.randint(0, 9)) for _ in range(9))
    number = str(rng.randint(1, 299))
    if english:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        city, area, address = rng.choice(_EN_CITIES)
        company = rng.choice(_EN_COMPANIES).format(city)
        domain = company.split()[0].lower() + rng.choice(("-group.com", ".com.cn", ".cn"))
        return Person(f"{first} {last}", rng.choice(_EN_TITLES), mobile,
                      f"{area}-{rng.randint(20000000, 89999999)}", f"{first}.{last}@{domain}".lower(),
                      company, address.format(number), english=True)  # fmt: skip
    name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.randint(1, 2)))
    city, area, address = rng.choice(_CITIES)
    company = rng.choice(_CN_COMPANIES).format(city)
    local = rng.randint(20000000, 89999999) if len(area) == 3 else rng.randint(2000000, 8999999)
    user = "".join(rng.choice("abcdefghjkmnpqrstwxyz") for _ in range(rng.randint(4, 8)))
    return Person(name, rng.choice(_CN_TITLES), mobile, f"{area}-{local}",
                  f"{user}@{rng.choice(('hn-power', 'sgcc', 'chinamobile', 'sinopec'))}.com.cn",
                  company, address.format(number))  # fmt: skip
