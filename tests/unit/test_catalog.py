"""The Fluent catalog: one definition per key, plurals by CLDR rules, every error code explained."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.i18n import Html, t
from config.catalog import (
    LANGUAGES,
    CatalogError,
    catalog,
    catalog_key,
    fluent_id,
    load,
    text,
    validate,
)
from knowledge.messages import message
from services.labels import GROUPS, label

ROOT = Path(__file__).resolve().parents[2]


def write(root: Path, lang: str, name: str, body: str) -> None:
    (root / lang).mkdir(parents=True, exist_ok=True)
    (root / lang / name).write_text(body, encoding="utf-8")


def test_a_key_defined_in_two_files_stops_the_catalog_from_loading(tmp_path: Path) -> None:
    write(tmp_path, "zh", "visits.ftl", "visit-saved = 已保存\n")
    write(tmp_path, "zh", "summary.ftl", "visit-saved = 已记录\n")
    with pytest.raises(CatalogError, match=r"'visit.saved' is defined in both .*summary.ftl"):
        load(tmp_path, ("zh",))


def test_a_message_that_does_not_parse_is_an_error_not_a_skipped_entry(tmp_path: Path) -> None:
    write(tmp_path, "en", "visits.ftl", "visit-saved = Saved { $name\nvisit-kept = Kept\n")
    broken = load(tmp_path, ("en",))
    assert broken.render("en", "visit.kept", {}, escape=True) == "Kept"
    with pytest.raises(CatalogError, match="cannot parse"):
        broken.render("en", "visit.saved", {"name": "x"}, escape=True)
    with pytest.raises(CatalogError, match="cannot parse"):
        validate(broken)
    write(tmp_path, "en", "visits.ftl", "visit-saved = Saved\n}\n")
    with pytest.raises(CatalogError, match="neither a message nor a comment"):
        load(tmp_path, ("en",))


def test_the_real_catalog_parses_with_every_key_once() -> None:
    variables = validate(catalog())
    for lang in LANGUAGES:
        keys = list(catalog().keys(lang))
        assert len(keys) == len(set(keys)) == len(variables[lang]) > 600


def test_every_key_round_trips_between_code_and_fluent_names() -> None:
    for key in catalog().keys("zh"):
        assert catalog_key(fluent_id(key)) == key
    assert fluent_id("sum.kind.on_site") == "sum-kind-on_site"
    assert fluent_id("period.w-1") == "period-w--1"
    assert t("en", "period.w-1") == t("en", "period.w-1")  # a hyphenated key is reachable


def test_english_plurals_follow_cldr_and_chinese_does_not_inflect() -> None:
    assert (
        t("en", "card.last_visit", date="2026-11-22", days=1, counted="other")
        == "Last visit: 2026-11-22 (1 day ago)"
    )
    assert (
        t("en", "card.last_visit", date="2026-11-21", days=2, counted="on_site")
        == "Last on-site visit: 2026-11-21 (2 days ago)"
    )
    assert t("en", "card.last_visit", date="2026-11-21", days=0, counted="other").endswith(
        "(0 days ago)"
    )
    assert (
        t("zh", "card.last_visit", date="2026-11-22", days=1, counted="other")
        == "最近走访：2026-11-22（1 天前）"
    )
    two = t("zh", "card.last_visit", date="2026-11-21", days=2, counted="on_site")
    assert two == "最近上门走访：2026-11-21（2 天前）"
    # A count passed as text still chooses the noun.
    assert t("en", "rem.group", count="1").endswith("1 client needs a visit</b>")


def test_numbers_are_shown_as_written_without_grouping() -> None:
    assert "12345 clients" in t("en", "import.unchanged", count=12345)
    assert "-3" in t("en", "card.last_visit", date="x", days=-3, counted="on_site")
    assert "2026-11-22" in t("en", "card.last_visit", date="2026-11-22", days=3, counted="on_site")
    assert "007" in t("en", "card.title", name="007")
    assert "1.5" in t("en", "card.title", name=1.5)


def test_parameters_are_escaped_for_html_but_not_for_files() -> None:
    assert t("en", "card.title", name="<A&B>") == "🏢 <b>&lt;A&amp;B&gt;</b>"
    assert t("en", "card.title", name=Html("<i>A</i>")) == "🏢 <b><i>A</i></b>"
    assert text("en", "card.title", name="<A&B>") == "🏢 <b><A&B></b>"


def test_a_missing_parameter_or_key_is_an_error_not_a_half_message() -> None:
    with pytest.raises(KeyError, match=r"card\.last_visit"):
        t("en", "card.last_visit", date="2026-11-22")
    with pytest.raises(KeyError, match="no key"):
        t("en", "no.such.key")


def test_an_unknown_language_falls_back_to_chinese() -> None:
    assert t("fr", "cancel.done") == t("zh", "cancel.done") == "已取消。"


def test_every_stored_value_has_one_label_that_chat_and_exports_share() -> None:
    for group, values in GROUPS.items():
        for value in values:
            for lang in LANGUAGES:
                assert catalog().has(f"label.{group}.{value}", lang), (group, value, lang)
    assert label("zh", "severity", "critical") == t("zh", "complaint.severity.critical") == "紧急"
    assert label("en", "severity", "critical") == t("en", "sum.sev.critical") == "Critical"
    assert label("en", "time", "14:30") == "14:30"
    assert label("en", "time", None) is None


def test_the_knowledge_base_phrases_come_from_the_catalog() -> None:
    assert message("zh", "intro") == "根据资料："
    assert message("en", "not_found") == "No relevant passage found."
    assert message("de", "not_found") == "No relevant passage found."


# -- every error code has text ----------------------------------------------------------------


def _error_codes() -> dict[str, list[tuple[str, set[str] | None]]]:
    """code -> [(where, parameters passed or None when unknowable)], read from the source."""
    trees = {
        path: ast.parse(path.read_text(encoding="utf-8"))
        for layer in ("bot", "services", "knowledge", "config")
        for path in sorted((ROOT / layer).rglob("*.py"))
    }
    errors = {"DomainError"}
    codes: dict[str, list[tuple[str, set[str] | None]]] = {}
    classes: list[tuple[Path, ast.ClassDef]] = []
    calls: list[tuple[Path, ast.Call]] = []
    for path, tree in trees.items():  # one walk of each tree (walking is most of this test's time)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                classes.append((path, node))
            elif isinstance(node, ast.Call):
                calls.append((path, node))
    grown = True
    while grown:
        grown = False
        for _, node in classes:
            bases = {
                b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases
            }
            if node.name not in errors and bases & errors:
                errors.add(node.name)
                grown = True
    for path, node in classes:
        if node.name in errors:
            for item in node.body:
                if (
                    isinstance(item, ast.Assign)
                    and [getattr(x, "id", None) for x in item.targets] == ["code"]
                    and isinstance(item.value, ast.Constant)
                ):
                    codes.setdefault(item.value.value, []).append((f"{path}:{node.name}", set()))
    for path, call in calls:
        name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
        if name not in errors or not call.args:
            continue
        first = call.args[0]
        assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
            f"{path}:{call.lineno}: an error code must be a literal so it can be checked"
        )
        params: set[str] | None = {k.arg for k in call.keywords if k.arg is not None}
        if any(k.arg is None for k in call.keywords):
            params = None
        codes.setdefault(first.value, []).append((f"{path}:{call.lineno}", params))
    return codes


def test_every_error_code_has_text_in_both_languages_for_the_parameters_it_carries() -> None:
    codes = _error_codes()
    assert {"error.generic", "error.not_found", "error.export_format"} <= set(codes)
    for code, sites in codes.items():
        for lang in LANGUAGES:
            assert catalog().has(code, lang), (code, lang, sites)
            needed = catalog().variables(lang, code)
            for where, params in sites:
                if params is not None:
                    assert needed <= params, (code, lang, where, needed - params)


def test_no_python_catalog_is_left_beside_the_fluent_one() -> None:
    leftovers = sorted(p.name for p in (ROOT / "bot").glob("i18n_*.py"))
    assert leftovers == [], (
        "convert with: .venv/bin/python /work/wt/py2ftl.py bot/i18n_<name>.py --delete"
    )


def test_the_chinese_catalog_addresses_the_user_as_nin_throughout() -> None:
    """One form of address: "没有找到你可以查看的客户" stood out beside every other line's 您."""
    locales = Path(__file__).resolve().parents[2] / "config" / "locales"
    informal = [
        f"{path.relative_to(locales)}:{n}"
        for folder in ("zh", "zh-Hant")
        for path in sorted((locales / folder).glob("*.ftl"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if not line.startswith("#") and ("你" in line or "妳" in line)
    ]
    assert informal == []
