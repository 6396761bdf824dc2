"""`kam kb list`, `kam kb remove` and `kam ingest` of a new edition, as an operator runs them: each
a real `python -m bot.cli` process on its own data directory (SQLite database, the registry file,
embedded Chroma), answering a confirmation on a real terminal (a pseudo-terminal) or refusing to
ask when there is none."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import kit

pytestmark = pytest.mark.e2e

OLD = "销售管理办法\n\n第五条 合同折扣不得低于八折，低于八折须经销售总监审批。\n"
NEW = "销售管理办法（2026修订）\n\n第五条 合同折扣不得低于七五折，低于七五折须经销售总监审批。\n"
GIFTS = "礼品管理办法\n\n第三条 向客户赠送礼品，单次价值不得超过五百元。\n"
QUESTION = "合同折扣最低可以打几折？"

Kam = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def kam(tmp_path: Path) -> Kam:
    """`kam ARGS` as a process on tmp_path/data, speaking `lang`; with `terminal` its standard
    input is a terminal on which `terminal` is typed, else it reads nothing from a pipe."""

    def run(
        *args: str, lang: str = "zh", terminal: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        env = kit.process_environment(KAM_DATA_DIR=str(tmp_path / "data"), KAM_CLI_LANGUAGE=lang)
        command = [sys.executable, "-m", "bot.cli", *args]
        if terminal is None:
            return subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, timeout=600)  # fmt: skip
        main, secondary = pty.openpty()
        try:
            os.write(main, terminal.encode())  # typed ahead: the terminal keeps it for the read
            return subprocess.run(command, env=env, stdin=secondary, capture_output=True,
                                  text=True, timeout=600)  # fmt: skip
        finally:
            os.close(secondary)
            os.close(main)

    return run


def listed(kam: Kam, *args: str) -> list[dict[str, object]]:
    done = kam("kb", "list", "--json", *args)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_an_operator_lists_documents_and_removes_one_only_when_confirmed(
    kam: Kam, tmp_path: Path
) -> None:
    folder = tmp_path / "制度"
    folder.mkdir()
    (folder / "销售管理办法.txt").write_text(OLD, encoding="utf-8")
    (folder / "礼品管理办法.txt").write_text(GIFTS, encoding="utf-8")
    assert kam("ingest", str(folder)).returncode == 0
    assert (
        kam("users", "add", "--telegram-id", "11", "--name", "张三", "--role", "manager").returncode
        == 0
    )
    clients = tmp_path / "clients.csv"
    clients.write_text("客户名称,客户经理ID\n华能南京电厂,11\n", encoding="utf-8")
    assert kam("clients", "import", str(clients)).returncode == 0
    note = tmp_path / "华能备忘.txt"
    note.write_text("华能备忘\n\n机房在三号楼地下一层，进入需提前一天登记。\n", encoding="utf-8")
    assert kam("ingest", str(note), "--client", "华能南京电厂").returncode == 0

    table = kam("kb", "list")
    assert table.returncode == 0, table.stderr[-2000:]
    lines = table.stdout.splitlines()
    head = ["ID", "版本", "页数", "段数", "加入时间", "仅限客户", "名称（文件）"]
    assert lines[0].split() == head, lines
    gifts = next(line for line in lines if "礼品管理办法" in line)
    assert "礼品管理办法.txt" in gifts and " - " in gifts  # the company's: no client
    assert "华能南京电厂" in next(line for line in lines if "华能备忘" in line)
    assert lines[-1] == "共 3 个文档"

    rows = listed(kam)
    assert [(r["title"], r["client"]) for r in rows] == [
        ("礼品管理办法", None), ("销售管理办法", None), ("华能备忘", "华能南京电厂"),
    ]  # fmt: skip
    gift = next(r for r in rows if r["title"] == "礼品管理办法")
    assert gift["chunks"] == 1 and len(str(gift["version"])) == 8
    assert [r["title"] for r in listed(kam, "礼品")] == ["礼品管理办法"]
    none = kam("kb", "list", "值班")
    assert none.returncode == 0 and "没有名称中含“值班”的文档" in none.stderr

    vague = kam("kb", "remove", "管理办法", "--yes")
    assert vague.returncode == 2 and "请用 ID 指定" in vague.stderr, vague.stderr[-2000:]
    assert str(gift["id"]) in vague.stderr

    piped = kam("kb", "remove", "礼品管理办法")
    assert piped.returncode == 2 and "请加 --yes 确认" in piped.stderr, piped.stderr[-2000:]
    declined = kam("kb", "remove", "礼品管理办法", terminal="n\n")
    assert declined.returncode == 1 and "确定" not in declined.stdout
    assert "从知识库删除“礼品管理办法”" in declined.stderr and "没有删除" in declined.stderr

    removed = kam("kb", "remove", str(gift["id"])[:6], terminal="y\n")
    assert removed.returncode == 0, removed.stderr[-2000:]
    assert "已从知识库删除：礼品管理办法" in removed.stdout
    # Only the one confirmed on the terminal went.
    assert [r["title"] for r in listed(kam)] == ["销售管理办法", "华能备忘"]
    again = kam("kb", "remove", str(gift["id"]), "--yes")
    assert again.returncode == 1 and "知识库中没有" in again.stderr


def test_a_new_edition_is_kept_beside_the_old_unless_the_operator_says_it_replaces_it(
    kam: Kam, tmp_path: Path
) -> None:
    old = tmp_path / "销售管理办法.txt"
    old.write_text(OLD, encoding="utf-8")
    assert kam("ingest", str(old), lang="en").returncode == 0
    copy = tmp_path / "销售管理办法-副本.txt"
    copy.write_text(OLD, encoding="utf-8")
    twin = kam("ingest", str(copy), lang="en")
    assert twin.returncode == 0 and "duplicate" in twin.stdout, twin.stdout
    assert "same content as “销售管理办法”, already in the knowledge base" in twin.stdout

    new = tmp_path / "销售管理办法（2026修订）.txt"
    new.write_text(NEW, encoding="utf-8")
    piped = kam("ingest", str(new), lang="en")  # no terminal to ask on: both kept, and said so
    assert piped.returncode == 0, piped.stderr[-2000:]
    assert "looks like a new version of “销售管理办法”" in piped.stderr
    assert "--replace-older" in piped.stderr
    assert len(listed(kam)) == 2

    replaced = kam("ingest", str(new), "--replace-older", lang="en")
    assert replaced.returncode == 0, replaced.stderr[-2000:]
    assert "replaced the earlier version “销售管理办法”" in replaced.stdout, replaced.stdout
    assert [r["title"] for r in listed(kam)] == ["销售管理办法（2026修订）"]
    answer = json.loads(kam("ask", QUESTION, "--json").stdout)
    said = json.dumps(answer, ensure_ascii=False)
    assert "七五折" in answer["answer"] and "八折" not in said.replace("七五折", ""), said

    newer = tmp_path / "销售管理办法 v3.txt"
    newer.write_text(NEW.replace("七五折", "七折"), encoding="utf-8")
    asked = kam("ingest", str(newer), terminal="y\n")
    assert asked.returncode == 0, asked.stderr[-2000:]
    assert "像是 “销售管理办法（2026修订）” 的新版本。替换旧版本吗？" in asked.stderr
    assert "已替换旧版本“销售管理办法（2026修订）”" in asked.stdout
    assert [r["title"] for r in listed(kam)] == ["销售管理办法 v3"]
