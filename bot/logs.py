"""Logging set-up: one format, quiet HTTP libraries, and the bot token never written anywhere."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

# Starts only at the first digit of a run and never gives digits back (possessive), so a long run
# of digits is scanned once: linear time, whatever a user or a document puts in a log line.
_TOKEN_RE = re.compile(r"(?<!\d)\d{5,}+:[A-Za-z0-9_-]{20,}+")


class RedactTokens(logging.Filter):
    """Replaces anything shaped like a bot token (httpx logs URLs that contain it)."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def _clean(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "<token>")
        return _TOKEN_RE.sub("<token>", text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._clean(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._clean(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line (KAM_LOG_FORMAT=json), for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def one_line(error: BaseException, secrets: list[str]) -> str:
    """A start-up failure as one line without secrets: the error's kind and its first line."""
    text = next((line.strip() for line in str(error).splitlines() if line.strip()), "")
    text = RedactTokens(secrets)._clean(text)
    text = re.sub(r"://[^/@\s]*@", "://***@", text)  # credentials in a database URL
    text = re.sub(r"\(Background on this error at: [^)]*\)", "", text).strip()
    return f"{type(error).__name__}: {text[:300]}" if text else type(error).__name__


class _Console(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to sys.stderr as it is when a line is logged, not as it was at set-up.

    A handler that kept the stream it was made with writes into a closed file once something
    swaps sys.stderr and closes the old one (pytest's capture does, after a command run in-process).
    """

    @property  # type: ignore[override]
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


class _NotOnConsole(logging.Filter):
    """Keeps alembic's INFO lines ("Context impl SQLiteImpl.", "Running upgrade …") off the
    console: the first command on a new database printed a dozen of them above its own output.
    They still reach the log file; its warnings still reach the console."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or not record.name.startswith("alembic")


def log_to_file_only(message: str, error: BaseException) -> None:
    """The traceback goes to the log file (redacted there too), never to the console."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler):
            record = logging.LogRecord(
                "kam", logging.ERROR, __file__, 0, message, None,
                (type(error), error, error.__traceback__),
            )  # fmt: skip
            if handler.filter(record):
                handler.emit(record)


def setup_logging(
    level: str,
    *,
    secrets: list[str],
    log_file: Path | None = None,
    console_level: str | None = None,
    json_lines: bool = False,
) -> None:
    console = _Console()
    console.addFilter(_NotOnConsole())
    if console_level is not None:
        console.setLevel(console_level)
    handlers: list[logging.Handler] = [console]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    redact = RedactTokens(secrets)
    formatter = (
        JsonLines()
        if json_lines
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    for handler in handlers:
        handler.addFilter(redact)
        handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in root.handlers:
        if isinstance(old, logging.FileHandler):
            old.close()  # set up again (tests call the CLI in-process): the old file is closed
    root.handlers[:] = handlers
    root.setLevel(level)
    # httpx logs every request URL, with the token in it, at INFO.
    for noisy in ("httpx", "httpcore", "apscheduler", "chromadb", "jieba", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # A 429 reaches whoever made the call (the outbox retries it, the error funnel logs a reply's);
    # PTB's limiter would log each one again with a traceback.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
