"""The `kam` command as an operator uses it: users, imports, exports, and the local chat.

Most commands run in this process (`kam`: `bot.cli.main` with the arguments, its output captured),
so the embedding model, Chroma and jieba load once; what only a process shows runs `python -m
bot.cli`: answers streamed through a pipe, and a bad setting said without a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import os
import re
import select
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from services.bootstrap import Services
from services.domain import Role
from tests import kit

pytestmark = pytest.mark.e2e

Kam = Callable[..., subprocess.CompletedProcess[str]]


def process_environment(tmp_path: Path) -> dict[str, str]:
    """The caller's environment without its KAM_ and TELEGRAM_ settings, data in tmp_path/data;
    the command speaks English whatever the caller's locale (the tests read its English)."""
    return kit.process_environment(KAM_DATA_DIR=str(tmp_path / "data"), KAM_CLI_LANGUAGE="en")


@pytest.fixture
def kam(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Kam]:
    """`kam ARGS` in this process, as the command line would run it: the environment without the
    caller's KAM_ and TELEGRAM_ settings, data in tmp_path/data, standard input, output and error
    its own; returns the exit code and what it printed. Safe to call from a thread."""
    for name in list(os.environ):
        if name.startswith(("KAM_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    for name, value in process_environment(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        out, err = io.StringIO(), io.StringIO()
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            _stdin(io.StringIO(stdin or "")),
        ):
            code = main(list(args))
        return subprocess.CompletedProcess(["kam", *args], code, out.getvalue(), err.getvalue())

    yield run
    for handler in root.handlers:  # what the command's logging set-up left: its log file
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)


@contextlib.contextmanager
def _stdin(stream: io.StringIO) -> Iterator[None]:
    saved, sys.stdin = sys.stdin, stream
    try:
        yield
    finally:
        sys.stdin = saved


def test_users_are_added_listed_and_deactivated(kam: Kam) -> None:
    added = kam("users", "add", "--telegram-id", "11", "--name", "张三", "--role", "manager",
                "--team", "华东一部")  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = kam("users", "list")
    assert "张三" in listed.stdout and "华东一部" in listed.stdout
    assert listed.stdout.splitlines()[0].split() == [
        "telegram_id",
        "role",
        "active",
        "team",
        "name",
    ]
    assert kam("users", "deactivate", "11").returncode == 0
    assert " no " in kam("users", "list").stdout
    missing = kam("users", "deactivate", "999")
    assert missing.returncode == 1 and "999" in missing.stderr and "Traceback" not in missing.stderr


def test_an_invite_made_on_the_server_carries_the_name_and_a_user_is_renamed(kam: Kam) -> None:
    kam("users", "add", "--telegram-id", "11", "--name", "Demo", "--role", "manager",
        "--team", "华东一部")  # fmt: skip
    typo = kam("users", "invite", "--role", "manager", "--team", "华东1部", "--name", "周小琳")
    assert typo.returncode == 2 and "华东一部" in typo.stderr and "--new-team" in typo.stderr
    made = kam("users", "invite", "--role", "manager", "--team", "华东一部", "--name", "周小琳")
    assert made.returncode == 0, made.stderr
    assert "team 华东一部, name 周小琳" in made.stdout and "?start=" in made.stdout, made.stdout
    renamed = kam("users", "rename", "Demo", "张三")
    assert renamed.returncode == 0 and "Demo → 张三" in renamed.stdout, renamed.stderr
    assert "张三" in kam("users", "list").stdout
    unknown = kam("users", "rename", "Nobody", "x")
    assert unknown.returncode == 1 and "Nobody" in unknown.stderr


def test_a_bad_client_file_imports_nothing_and_lists_each_bad_line(
    kam: Kam, tmp_path: Path
) -> None:
    kam("users", "add", "--telegram-id", "11", "--name", "张三", "--role", "manager")
    bad = tmp_path / "bad.csv"
    bad.write_text("客户名称,客户经理ID,信誉等级\n甲公司,11,优\n乙公司,abc,中\n丙公司,11,极好\n",
                   encoding="utf-8")  # fmt: skip
    result = kam("clients", "import", str(bad))
    assert result.returncode == 1
    assert (
        "Line 3" in result.stderr
        and "Line 4" in result.stderr
        and "nothing was imported" in result.stderr
    )
    out = tmp_path / "clients.xlsx"
    kam("export", "clients", "--format", "xlsx", "--out", str(out))
    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    assert sheet is not None and sheet.max_row == 1  # headers only


def test_a_gb18030_client_file_from_excel_imports_and_exports(kam: Kam, tmp_path: Path) -> None:
    kam("users", "add", "--telegram-id", "11", "--name", "张三", "--role", "manager")
    good = tmp_path / "good.csv"
    good.write_bytes(
        "客户名称,客户经理ID,客户类型,信誉等级\n华能南京电厂,11,重要,差\n".encode("gb18030")
    )
    result = kam("clients", "import", str(good))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "clients.csv"
    assert kam("export", "clients", "--format", "csv", "--out", str(out),
               "--lang", "en").returncode == 0  # fmt: skip
    text = out.read_text(encoding="utf-8-sig")
    # English words for an English reader; the stored name kept for a re-import.
    assert text.startswith("Client,English name,") and "华能南京电厂" in text and ",Poor," in text


def test_the_local_chat_answers_help_and_client_lookups_on_demo_data(
    kam: Kam, tmp_path: Path, samples_kb: Path
) -> None:
    # The demo's knowledge base already holds the sample handbooks (`samples_kb`, embedded once
    # per run): the chat's demo loading finds them unchanged; the rest it loads itself.
    shutil.copytree(samples_kb, tmp_path / "data" / "demo" / "kb")
    result = kam("chat", stdin="/help\n/client 华能\n/quit\n")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "/client" in result.stdout
    assert "华能" in result.stdout and "信誉等级" in result.stdout


def test_the_first_local_chat_says_it_is_preparing_the_knowledge_base_then_shows_the_bar(
    kam: Kam, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo's sample documents, made small: the first start embeds them (a minute or two for
    # the real handbooks, which was silence); a start that finds them embedded says nothing.
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "走访.md").write_text(
        "# 走访制度\n\n信誉等级为差的客户，每月至少走访一次。\n", encoding="utf-8"
    )
    monkeypatch.setattr("bot.runtime.SAMPLES_DIR", samples)
    first = kam("chat", stdin="/quit\n")
    assert first.returncode == 0, first.stderr[-3000:]
    preparing = first.stderr.index("Preparing the knowledge base")
    assert first.stderr.index("正在准备知识库") < preparing
    assert preparing < first.stderr.index("1/1 chunks")
    again = kam("chat", stdin="/quit\n")
    assert again.returncode == 0 and "Preparing" not in again.stderr, again.stderr[-3000:]


def test_kam_ask_answers_through_a_pipe_one_json_line_per_question(
    kam: Kam, tmp_path: Path
) -> None:
    policy = tmp_path / "走访制度.md"
    policy.write_text(
        "# 客户走访制度\n\n## 走访频次\n\n信誉等级为差的客户，客户经理至少每月走访一次。"
        "信誉等级为优的客户，至少每半年走访一次。\n\n## 投诉处理\n\n"
        "投诉受理后，客户经理须在一个工作日内首次联系客户。\n",
        encoding="utf-8",
    )
    assert kam("ingest", str(policy)).returncode == 0
    # A process of its own: the answers stream through a pipe.
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "ask", "-", "--json"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True, env=process_environment(tmp_path), cwd=tmp_path,
    )  # fmt: skip
    assert proc.stdin is not None and proc.stdout is not None
    try:
        # The first answer arrives while standard input is still open.
        proc.stdin.write("信誉差的客户多久走访一次？\n")
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 120)
        assert ready, "no answer before standard input was closed"
        first = json.loads(proc.stdout.readline())
        assert "每月" in first["answer"] and first["found"] is True
        assert first["sources"] and first["sources"][0]["title"]
        proc.stdin.write("How do I book a flight to Paris?\n")
        proc.stdin.close()
        second = json.loads(proc.stdout.readline())
    finally:
        if proc.stdin and not proc.stdin.closed:
            proc.stdin.close()
        proc.wait(timeout=120)
        proc.stdout.close()
    assert second["found"] is False and second["answer"].startswith("Sorry")
    assert proc.returncode == 0


def test_kam_ingest_shows_progress_and_kam_ask_json_quotes_the_rule_asked_first(kam: Kam) -> None:
    excerpt = Path(__file__).resolve().parent.parent / "knowledge" / "handbook_excerpt.zh.md"
    ingested = kam("ingest", str(excerpt))
    assert ingested.returncode == 0, ingested.stderr[-3000:]
    bars = [line for line in ingested.stderr.splitlines() if " chunks, " in line]
    assert bars[0].startswith("[░") and bars[-1].startswith("[████████████████████]")
    assert "s left  handbook_excerpt.zh.md" in bars[-1]
    questions = [
        ("How often must I visit a client with a poor credit rating?", "每月至少走访一次"),
        ("紧急投诉多久要解决？", "紧急：1个工作日"),
        ("How soon must a critical complaint be resolved?", "紧急：1个工作日"),
        ("信誉较差的客户多久要走访一次？", "每月至少走访一次"),
    ]
    asked = kam("ask", "-", "--json", stdin="".join(f"{q}\n" for q, _ in questions))
    assert asked.returncode == 0, asked.stderr[-3000:]
    answers = [json.loads(line) for line in asked.stdout.splitlines()]
    for (question, rule), answer in zip(questions, answers, strict=True):
        assert answer["question"] == question and answer["found"] is True
        # Labelled in the asker's language, whatever the language of the quoted text.
        label = "From the documents:" if question.isascii() else "根据资料："
        assert answer["answer"].startswith(label), answer
        # The first source is the rule asked about, and its quote is what was quoted from it.
        assert rule in answer["sources"][0]["quote"], answer
        first_quote = answer["answer"].split("\n")[1:]
        assert rule in "\n".join(first_quote).split("[1]")[0], answer
        for source in answer["sources"]:  # the document is named once: not in its section
            assert source["title"] not in (source["section"] or ""), source


async def test_kam_visits_import_names_bad_lines_then_imports_and_says_how_many(
    kam: Kam, tmp_path: Path, seeded: Services
) -> None:
    # The user and the client are seeded in the database the command opens (data/kam.db).
    await seeded.users.add_user(telegram_id=11, name="张三", role=Role.MANAGER, team=None)
    clients = "客户名称,客户经理ID,信誉等级\n甲公司,11,差\n".encode()
    assert (await seeded.clients.import_file(None, "clients.csv", clients)).ok
    bad = tmp_path / "bad.csv"
    bad.write_text("客户,日期,方式,走访人,内容\n甲公司,2026-10-01,上门,张三,谈续约\n"
                   "乙公司,2026-10-02,上门,张三,谈续约\n甲公司,2026-10-03,传真,张三,谈续约\n",
                   encoding="utf-8")  # fmt: skip
    failed = await asyncio.to_thread(kam, "visits", "import", str(bad))
    assert failed.returncode == 1 and "nothing was imported" in failed.stderr
    assert "Line 3 (客户)" in failed.stderr and "Line 4 (方式)" in failed.stderr
    good = tmp_path / "good.csv"
    good.write_text("客户,日期,方式,走访人,内容\n甲公司,2026-10-01,上门,张三,谈续约\n"
                    "甲公司,2026-10-03,电话,11,电话回访\n", encoding="utf-8")  # fmt: skip
    done = await asyncio.to_thread(kam, "visits", "import", str(good), "--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert "新增 2 条，涉及 1 个客户；0 条此前已导入" in done.stdout
    manager = await seeded.users.resolve_actor(11)
    assert manager is not None
    hits = await seeded.clients.search(manager, "甲公司")
    card = await seeded.clients.card(manager, hits[0].id)
    assert card.last_visit_on == date(2026, 10, 1)  # the on-site visit, not the later call


# The one-line message of a bad setting, through the command itself (unit: tests/unit/test_settings.py).
def test_the_kam_command_prints_no_traceback_for_bad_configuration(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "KAM_TIMEZONE": "Nowhere/City", "KAM_DATA_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "users", "list"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "KAM_TIMEZONE" in proc.stderr and "Traceback" not in proc.stderr


def test_kam_ask_names_the_document_once_in_each_source_line(kam: Kam, tmp_path: Path) -> None:
    handbook = tmp_path / "rules.md"
    handbook.write_text(
        "# 信誉管理办法\n\n## 第三章 信誉等级\n\n"
        "信誉等级为“差”的客户，每月至少走访一次，两次走访间隔不超过30天。\n",
        encoding="utf-8",
    )
    assert kam("ingest", str(handbook)).returncode == 0
    asked = kam("ask", "信誉差的客户多久走访一次？")
    assert asked.returncode == 0, asked.stderr[-3000:]
    assert "每月至少走访一次" in asked.stdout
    sources = [line.strip() for line in asked.stdout.splitlines() if line.strip().startswith("[")]
    assert sources == ["[1] 信誉管理办法 · 第三章 信誉等级"], asked.stdout


def test_an_operator_whose_cli_speaks_chinese_is_answered_in_chinese_by_every_command(
    kam: Kam, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `kam --help` followed KAM_CLI_LANGUAGE, but what the commands printed stayed English.
    monkeypatch.setenv("KAM_CLI_LANGUAGE", "zh")
    added = kam("users", "add", "--telegram-id", "11", "--name", "张三", "--role", "manager")
    assert added.returncode == 0 and added.stdout.startswith("已保存：11 张三"), added.stdout
    head, row = kam("users", "list").stdout.splitlines()
    assert "角色" in head and "姓名" in head and "role" not in head, head
    assert row.endswith("张三") and " 是 " in row, row
    bad = tmp_path / "bad.csv"
    bad.write_text("客户名称,客户经理,信誉等级\n甲公司,张三,优\n乙公司,张三丰,中\n丙公司,张三,极好\n",
                   encoding="utf-8")  # fmt: skip
    result = kam("clients", "import", str(bad))
    assert result.returncode == 1
    assert "没有导入任何数据" in result.stderr
    assert "第 3 行（客户经理）" in result.stderr and "第 4 行（信誉等级）" in result.stderr
    assert "Line" not in result.stderr
    # --lang still chooses for one command.
    english = kam("clients", "import", str(bad), "--lang", "en")
    assert "Line 3" in english.stderr and "nothing was imported" in english.stderr


def test_kam_ingest_of_a_folder_with_a_broken_file_fails_and_names_it(
    kam: Kam, tmp_path: Path
) -> None:
    folder = tmp_path / "policies"
    folder.mkdir()
    shutil.copy(Path(__file__).resolve().parent.parent / "knowledge" / "handbook_excerpt.zh.md",
                folder / "handbook.md")  # fmt: skip
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.docx").write_text("plain text named .docx", encoding="utf-8")
    ingested = kam("ingest", str(folder))
    # The good file is added, but a script running the command must see that two were not.
    assert ingested.returncode == 1
    assert "added" in ingested.stdout and "(" in ingested.stdout
    assert " 1 page, " in ingested.stdout  # not "1 pages"
    errors = [line for line in ingested.stderr.splitlines() if line.startswith("error")]
    assert any("empty.txt" in line and "empty" in line for line in errors), errors
    assert any("notes.docx" in line and "damaged" in line for line in errors), errors


def test_doctor_backup_restore_and_export_speak_the_operators_language_alembic_keeps_quiet(
    kam: Kam, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # They spoke English to an operator whose `kam` spoke Chinese; and the first command on a
    # new database printed alembic's INFO lines above its own.
    monkeypatch.setenv("KAM_CLI_LANGUAGE", "zh")
    added = kam("users", "add", "--telegram-id", "11", "--name", "张三", "--role", "manager")
    assert added.returncode == 0 and added.stderr == "", added.stderr
    log = (tmp_path / "data" / "logs" / "kam.log").read_text(encoding="utf-8")
    assert "Running upgrade" in log  # the migrations are still told, in the log file
    doctor = kam("doctor")
    assert doctor.returncode == 0 and "alembic" not in doctor.stderr, doctor.stderr
    lines = doctor.stdout.splitlines()
    database = next(line for line in lines if "数据库：" in line)
    assert database.startswith("正常") and "1 个用户、0 个客户、0 次走访" in database, database
    warned = [line for line in lines if line.startswith("警告")]
    assert warned and any("未设置 TELEGRAM_BOT_TOKEN" in line for line in warned), lines
    assert lines[-1] == f"共 6 项检查，没有失败，{len(warned)} 项警告（见上方“警告”行）"
    assert not re.search(r"\b(OK|WARN|SKIP|checks|database)\b", doctor.stdout), doctor.stdout

    exported = kam("export", "visits", "--out", str(tmp_path / "visits.xlsx"))
    assert "：走访记录共 0 行" in exported.stdout, exported.stdout
    assert (
        "数据库中没有走访记录" in exported.stderr and "kam export visits --demo" in exported.stderr
    )

    backup = kam("backup", str(tmp_path / "backup"))
    assert backup.returncode == 0, backup.stderr
    assert "数据库：" in backup.stdout and "1 个用户、0 个客户、0 次走访、0 件投诉" in backup.stdout
    assert backup.stdout.splitlines()[-1] == f"备份已写入 {tmp_path / 'backup'}"
    again = kam("backup", str(tmp_path / "backup"))
    assert again.returncode == 1 and "已存在且不为空：请换一个新文件夹" in again.stderr
    monkeypatch.setenv("KAM_DATA_DIR", str(tmp_path / "fresh"))
    restored = kam("restore", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.splitlines()[-1].startswith("就绪：表结构 "), restored.stdout
    assert "alembic" not in restored.stderr
    # The same commands for an English-speaking operator.
    monkeypatch.setenv("KAM_CLI_LANGUAGE", "en")
    english = kam("doctor")
    assert "OK    database: schema" in english.stdout and "1 user, 0 clients, 0 visits" in (
        english.stdout
    ), english.stdout


def test_kam_ingest_for_one_client_refuses_a_vague_name_and_says_who_reads_it(
    kam: Kam, tmp_path: Path
) -> None:
    # Before, `kam ingest` could only file documents for everyone: a client's own note (its
    # site's access rules) was read by every manager.
    kam("users", "add", "--telegram-id", "11", "--name", "张三", "--role", "manager")
    clients = tmp_path / "clients.csv"
    clients.write_text(
        "客户名称,客户经理ID\n华能南京电厂,11\n华能上海石洞口电厂,11\n", encoding="utf-8"
    )
    assert kam("clients", "import", str(clients)).returncode == 0
    note = tmp_path / "华能备忘.txt"
    note.write_text("华能备忘\n\n机房在三号楼地下一层，进入需提前一天登记。\n", encoding="utf-8")

    vague = kam("ingest", str(note), "--client", "华能")
    assert vague.returncode == 2, vague.stderr[-2000:]
    assert "华能南京电厂 / 华能上海石洞口电厂" in vague.stderr and "No document was added" in (
        vague.stderr
    )
    assert "added" not in vague.stdout

    filed = kam("ingest", str(note), "--client", "华能南京电厂")
    assert filed.returncode == 0, filed.stderr[-2000:]
    assert "added" in filed.stdout
    assert "Visible only to the manager and supervisor of “华能南京电厂”" in filed.stdout
