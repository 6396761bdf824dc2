"""Bot API error answers (the status code, Telegram's description and optional parameters), and
the errors a test injects with fail_next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class BotApiError(Exception):
    """An error the fake server answers with, shaped like Telegram's {"ok": false, ...}."""

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(message: str) -> BotApiError:
    return BotApiError(400, f"Bad Request: {message}")


def too_many_requests(retry_after: int) -> BotApiError:
    return BotApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


BLOCKED = "Forbidden: bot was blocked by the user"

POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
INJECTED_DEFAULTS = {
    400: "Bad Request: injected error",
    403: BLOCKED,
    409: POLL_CONFLICT,
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class InjectedError(BotApiError):
    """An error a test asked for with fail_next: not a rule the bot broke."""


@dataclass
class Injection:
    """An error a test asked for, how many more calls it answers, and how many calls of its
    method still go through before it does."""

    error: InjectedError
    times: int
    after: int = 0
