"""Traditional Chinese replies: the simplified catalog converted by OpenCC, text only, once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.i18n import t
from config.catalog import CatalogError, catalog, load, text
from knowledge.normal_form import chinese_script

# A value no conversion may touch: simplified characters that all have traditional forms.
NAME = "华能南京电厂·张总说“发报价”"


def rendered(lang: str, key: str, value: object) -> str:
    return t(lang, key, **dict.fromkeys(catalog().variables(lang, key), value))


def test_every_key_renders_in_traditional_chinese_with_its_parameters_as_given() -> None:
    keys = list(catalog().keys("zh"))
    assert keys and set(catalog().keys("zh-Hant")) == set(keys)
    for key in keys:
        assert catalog().variables("zh-Hant", key) == catalog().variables("zh", key), key
        for value in (1, 2, NAME):
            shown = rendered("zh-Hant", key, value)
            template = shown.replace(NAME, "")
            # What the catalog says is traditional (or says nothing either script tells)...
            assert chinese_script(template) != "zh", (key, shown)
            # ...and what the user or the database gave is shown exactly as it was, wherever the
            # simplified message shows it.
            simplified = rendered("zh", key, value)
            assert shown.count(NAME) == simplified.count(NAME), (key, shown)


def test_conversion_leaves_html_tags_commands_and_selectors_alone() -> None:
    markup = re.compile(r"</?[a-z]+[^>]*>|/[a-z_]+|\{|\}|https?://\S+")
    for key in catalog().keys("zh"):
        simplified, traditional = rendered("zh", key, 2), rendered("zh-Hant", key, 2)
        assert markup.findall(traditional) == markup.findall(simplified), key
    # A select on a parameter still picks its variant, in traditional words.
    assert t("zh-Hant", "card.last_visit", date="2026-11-22", days=3, counted="on_site") == (
        "最近上門走訪：2026-11-22（3 天前）"
    )
    assert t("zh-Hant", "card.last_visit", date="2026-11-22", days=3, counted="other") == (
        "最近走訪：2026-11-22（3 天前）"
    )


def test_a_client_name_is_never_converted_and_still_escaped() -> None:
    assert t("zh-Hant", "card.title", name="<华能> 发电厂") == "🏢 <b>&lt;华能&gt; 发电厂</b>"
    assert text("zh-Hant", "card.tier", value="集团大客户") == "客戶類型：集团大客户"


def test_traditional_uses_the_forms_taiwan_and_hong_kong_write() -> None:
    # s2tw: 為 and 裡, not OpenCC's own 爲 and 裏.
    converted = "".join(rendered("zh-Hant", key, 1) for key in catalog().keys("zh"))
    assert "為" in converted and "爲" not in converted
    assert "裏" not in converted


def test_a_week_counted_is_written_in_its_traditional_form() -> None:
    # OpenCC converts 周 only inside words it knows (每周 → 每週): "近 8 周" and the snooze
    # button's "1 周" stayed simplified.
    for key in catalog().keys("zh"):
        shown = rendered("zh-Hant", key, 8)
        assert "周" not in shown.replace("周建国", ""), (key, shown)


def test_the_override_file_replaces_one_converted_message_as_written() -> None:
    assert t("zh-Hant", "lang.set") == "好的，之後我會用繁體中文回覆您。"
    assert t("zh", "lang.set") == "好的，之后我会用简体中文回复您。"


def write(root: Path, lang: str, name: str, body: str) -> None:
    (root / lang).mkdir(parents=True, exist_ok=True)
    (root / lang / name).write_text(body, encoding="utf-8")


def test_each_message_is_converted_once_and_kept(tmp_path: Path) -> None:
    write(tmp_path, "zh", "a.ftl", "hello = 您好，{ $name }，这里是客户经理助手\n")
    local = load(tmp_path, ("zh", "zh-Hant"))
    convert = local.locales["zh-Hant"].convert
    assert convert is not None
    calls: list[str] = []

    def counted(value: str) -> str:
        calls.append(value)
        return convert(value)

    local.locales["zh-Hant"].convert = counted
    for _ in range(3):
        assert (
            local.render("zh-Hant", "hello", {"name": "张三"}, escape=False)
            == "您好，张三，這裡是客戶經理助手"
        )
    assert len(calls) == 2  # the two pieces of text around the name, the first time only


def test_an_override_of_a_message_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "zh", "a.ftl", "visit-saved = 已保存\n")
    write(tmp_path, "zh-Hant", "a.ftl", "visit-saves = 已儲存\n")
    with pytest.raises(CatalogError, match=r"'visit\.saves' overrides no message of zh"):
        load(tmp_path, ("zh", "zh-Hant"))
    write(tmp_path, "zh-Hant", "a.ftl", "visit-saved = 已儲存\n")
    write(tmp_path, "zh-Hant", "b.ftl", "visit-saved = 存好了\n")
    with pytest.raises(CatalogError, match="defined in both"):
        load(tmp_path, ("zh", "zh-Hant"))
    (tmp_path / "zh-Hant" / "b.ftl").unlink()
    assert load(tmp_path, ("zh", "zh-Hant")).render("zh-Hant", "visit.saved", {}, escape=False) == (
        "已儲存"
    )


# Mainland words a 繁體 reader notices, and what Taiwan and Hong Kong write instead.
MAINLAND = (
    "默認",
    "軟件",
    "網絡",
    "用戶",
    "視頻",
    "信息",
    "設置",
    "鏈接",
    "賬號",
    "消息",
    "數據",
    "導入",
    "導出",
    # Words s2tw left mainland on the catalog's text (a 繁體 reader saw 不支持, 產品質量,
    # 演示資料): 支援, 品質, 示範 and the rest.
    "支持",
    "質量",
    "演示",
    "文檔",
    "服務器",
    "響應",
    "音頻",
    "字符",
    "字節",
    "加載",
    "創建",
    "運行",
    "郵箱",
    "點擊",
)


def test_traditional_replies_use_the_words_traditional_readers_write() -> None:
    # The complaint card said "默認是您接的" to a zh-Hant chat: 預設 is the word there.
    card = text("zh-Hant", "card.complaint.received_by_called", value="陳曉峰")
    assert "預設" in card and "默認" not in card, card
    for key in catalog().keys("zh"):
        shown = rendered("zh-Hant", key, 2)
        assert not [w for w in MAINLAND if w in shown], (key, shown)
    # 文件 where it is a file sent is 檔案; the company's documents stay 文件.
    assert "檔案" in text("zh-Hant", "kberr.unsupported_type")
    assert "檔案" in text("zh-Hant", "voice.too_large", limit=20).replace("語音檔", "檔案")
    assert "公司制度文件" in text("zh-Hant", "help.ask")
    assert "這份文件" in text("zh-Hant", "kb.duplicate", title="手冊")
    assert t("zh-Hant", "label.kind.video") == "視訊"
    assert t("zh-Hant", "label.category.product_quality") == "產品品質"
    assert "不支援的檔案類型" in text("zh-Hant", "rowerr.unsupported_type")
    assert "示範資料" in text("zh-Hant", "cli.help.export_demo")
    # 文件 for the knowledge base's documents, as Taiwan writes 文檔; a file sent is still 檔案.
    assert "<b>知識庫文件</b>" in t("zh-Hant", "kb.header", count=3)


def test_the_traditional_category_label_is_read_back() -> None:
    from services.complaint_words import category_named

    # The card says 類別：產品品質: typed back as a correction, it is product quality.
    categories = ("product_quality", "service", "billing", "delivery", "other")
    assert category_named("產品品質", categories, {}) == "product_quality"


def test_the_video_kind_shown_in_traditional_is_read_back() -> None:
    from services.visit_import import _KINDS, _header_key
    from services.visits.kind import _detect_kind

    # The card says 方式：🎥 視訊: typed back ("改成視訊") or in an imported sheet, it is video.
    assert _detect_kind("方式改成視訊") == "video"
    assert _KINDS[_header_key("視訊")] == "video"
