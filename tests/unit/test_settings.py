"""Bad configuration stops start-up with one clear line naming the setting."""

from __future__ import annotations

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
        ({"KAM_DIGEST_TIME": "08:30", "KAM_DIGEST_CUTOFF": "08:00"}, "KAM_DIGEST_CUTOFF"),
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
