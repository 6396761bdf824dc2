"""First contact with the `kam` command: it says what is missing and what it did (in-process)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main

pytestmark = pytest.mark.e2e


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in ("KAM_DATABASE_URL", "TELEGRAM_BOT_TOKEN", "KAM_ADMIN_IDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KAM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    yield tmp_path / "data"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, logging.FileHandler):
            root.removeHandler(handler)
            handler.close()


def test_chat_as_someone_unknown_says_how_to_add_them_or_use_the_demo(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["chat", "--as", "4242"]) == 2
    err = capsys.readouterr().err
    assert "4242 is not an active user" in err
    assert "kam users add --telegram-id 4242" in err and "kam chat --demo --as 4242" in err


def test_an_export_of_an_empty_database_counts_its_rows_and_offers_the_demo(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "visits.xlsx"
    assert main(["export", "visits", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "0 rows of visits" in captured.out
    assert "has no visits" in captured.err and "--demo" in captured.err


def test_reimporting_the_same_client_file_says_nothing_changed(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["users", "add", "--telegram-id", "11", "--name", "张三", "--role", "manager"]) == 0
    path = tmp_path / "clients.csv"
    path.write_text("客户名称,客户经理ID,信誉等级\n甲公司,11,优\n乙公司,11,中\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["clients", "import", str(path), "--lang", "zh"]) == 0
    assert "新增 2 个客户" in capsys.readouterr().out
    assert main(["clients", "import", str(path), "--lang", "zh"]) == 0
    again = capsys.readouterr().out
    assert "没有变化" in again and "更新 2" not in again
    path.write_text("客户名称,客户经理ID,信誉等级\n甲公司,11,优\n乙公司,11,差\n", encoding="utf-8")
    assert main(["clients", "import", str(path)]) == 0
    assert "0 clients added, 1 updated, 1 unchanged" in capsys.readouterr().out


def test_import_errors_name_the_columns_as_the_file_does(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("客户名称,客户经理ID\n甲公司,99\n", encoding="utf-8")
    assert main(["clients", "import", str(path), "--lang", "zh"]) == 1
    err = capsys.readouterr().err
    assert "（客户经理ID）" in err and "owner_telegram_id" not in err
    path.write_text("客户名称,信誉等级\n甲公司,优\n", encoding="utf-8")
    assert main(["clients", "import", str(path), "--lang", "zh"]) == 1
    err = capsys.readouterr().err
    assert "缺少必填列 客户经理ID" in err and "owner_telegram_id" not in err
