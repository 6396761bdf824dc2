"""Domain errors a handler can explain to the user; each carries a catalog code and parameters."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal the user can understand. `code` is a message-catalog key under `error.`."""

    code = "error.generic"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or type(self).code
        self.params = params
        super().__init__(f"{self.code} {params}" if params else self.code)


class NotFound(DomainError):
    code = "error.not_found"


class AccessDenied(DomainError):
    """Also used for things that exist but the actor may not see: never confirm they exist."""

    code = "error.not_found"


class InvalidInput(DomainError):
    code = "error.invalid_input"


class InviteInvalid(DomainError):
    code = "error.invite_invalid"


class AlreadyRegistered(DomainError):
    code = "error.already_registered"


class ImportCancelled(DomainError):
    """The admin cancelled a running import: whatever it had written was taken back."""

    code = "import.cancelled"
