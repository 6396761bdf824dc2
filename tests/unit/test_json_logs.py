"""KAM_LOG_FORMAT=json: one JSON object per line, with the bot token still never written."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.logs import setup_logging

TOKEN = "123456789:TEST-token-abcdefghijklmnopqrstuvwxyz0123"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        yield
    finally:
        for handler in root.handlers:
            if handler not in handlers:
                handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)


def test_each_log_record_is_one_json_line_without_the_token(
    tmp_path: Path, restore_logging: None
) -> None:
    log_file = tmp_path / "kam.log"
    setup_logging("INFO", secrets=[TOKEN], log_file=log_file, json_lines=True)
    log = logging.getLogger("kam.test")
    log.info("calling https://api.telegram.org/bot%s/getMe for 张三", TOKEN)
    try:
        raise ValueError(f"bad url with {TOKEN}")
    except ValueError:
        log.exception("request failed\nsecond line")
    for handler in logging.getLogger().handlers:
        handler.flush()
    lines = log_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["level"] == "INFO" and first["logger"] == "kam.test"
    assert first["message"] == "calling https://api.telegram.org/bot<token>/getMe for 张三"
    assert second["message"] == "request failed\nsecond line"
    assert "ValueError: bad url with <token>" in second["exception"]
    assert TOKEN not in log_file.read_text(encoding="utf-8")


def test_the_console_follows_stderr_when_it_is_swapped_and_the_old_one_closed(
    restore_logging: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A command run in-process set up logging on one stderr; later something swapped stderr and
    # closed the old one, and every later line printed "--- Logging error --- I/O operation on
    # closed file" instead of the line.
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    setup_logging("INFO", secrets=[TOKEN])
    first.close()
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    logging.getLogger("kam.test").warning("still written for 李婷")
    assert "still written for 李婷" in second.getvalue()
    assert "Logging error" not in second.getvalue()
