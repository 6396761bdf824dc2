"""Bad configuration stops start-up with one clear line naming the setting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"KAM_TIMEZONE": "Mars/Olympus"}, "KAM_TIMEZONE"),
        ({"KAM_ADMIN_IDS": "12,abc"}, "KAM_ADMIN_IDS"),
        ({"KAM_DATABASE_URL": "mysql://x"}, "KAM_DATABASE_URL"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN"),
        ({"KAM_QUIET_HOURS": "late"}, "KAM_QUIET_HOURS"),
    ],
)
def test_a_bad_setting_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], name: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError) as info:
        load_settings(_env_file=None)
    message = str(info.value)
    assert name in message and "\n" not in message


def test_admin_ids_are_read_from_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAM_ADMIN_IDS", "12, 34")
    assert load_settings(_env_file=None).admin_ids == [12, 34]


def test_the_kam_command_prints_no_traceback_for_bad_configuration(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "KAM_TIMEZONE": "Nowhere/City", "KAM_DATA_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "users", "list"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "KAM_TIMEZONE" in proc.stderr and "Traceback" not in proc.stderr
