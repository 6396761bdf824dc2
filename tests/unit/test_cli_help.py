"""`kam --help` speaks the operator's language: KAM_CLI_LANGUAGE, else the terminal's locale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser
from config.settings import cli_language

ROOT = Path(__file__).resolve().parents[2]


def _help(lang: str, *argv: str) -> str:
    parser = build_parser(lang)
    for name in argv:  # the subcommand's own parser
        actions = [a for a in parser._actions if isinstance(a.choices, dict)]
        parser = actions[0].choices[name]
    return parser.format_help()


def test_help_in_chinese_translates_descriptions_titles_and_options() -> None:
    top = _help("zh")
    assert top.startswith("用法：kam")
    assert "为大客户经理设计的 Telegram 机器人" in top
    assert "备份 SQLite 数据库和知识库" in top
    assert "显示本帮助并退出" in top and "show this help" not in top
    export = _help("zh", "export")
    assert "表头和标签的语言" in export and "改为导出演示数据" in export
    assert "选项" in export and "options" not in export


def test_help_in_english_is_as_it_was() -> None:
    top = _help("en")
    assert top.startswith("usage: kam")
    assert "a Telegram bot for key-account managers" in top
    assert "back up the SQLite database and the knowledge base" in top
    assert "language of the headers" in _help("en", "export")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL wins, as in POSIX
        ({"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh-Hant"),  # traditional
        ({"LANG": "zh_HK.UTF-8"}, "zh-Hant"),
        ({"KAM_CLI_LANGUAGE": "zh-Hant", "LANG": "C"}, "zh-Hant"),
        ({"KAM_CLI_LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"KAM_CLI_LANGUAGE": "ZH", "LANG": "C"}, "zh"),
        ({"KAM_CLI_LANGUAGE": "fr", "LANG": "zh_CN.UTF-8"}, "zh"),  # not a language we speak
    ],
)
def test_cli_language_is_the_setting_else_the_locale_else_english(
    env: dict[str, str], expected: str
) -> None:
    assert cli_language(env) == expected


def test_kam_help_follows_the_locale_even_with_a_broken_setting() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "KAM_"))}
    env.update(LANG="zh_CN.UTF-8", KAM_LOG_LEVEL="LOUD")  # a setting that does not validate
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "users", "--help"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "添加或更新用户" in done.stdout and "停用用户" in done.stdout
