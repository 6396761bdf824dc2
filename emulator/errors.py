"""Bot API error answers: the status code, Telegram's description and optional parameters."""

from __future__ import annotations

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
