"""What the tests share: a database copied at head, the bot's token, the usual team, a client row,
a message's buttons and a row count. The fixtures that go with them (`fake`, `sqlite_url`,
`database_url`) are in tests/conftest.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from services.client_import import ClientRow
from services.domain import Role

if TYPE_CHECKING:
    from emulator import SentMessage
    from services.bootstrap import Services

TOKEN = "123456789:TEST-token-abcdefghijklmnopqrstuvwxyz0123"
ADMIN, SUPERVISOR, ZHANG, LI = 1001, 1010, 1011, 1012
# The test run's KAM_CACHE_DIR (made by tests/conftest.py, shared by the xdist workers); not
# named KAM_, so that no test's clean environment drops it.
RUN_CACHE_VARIABLE = "PYTEST_KAM_CACHE_DIR"


def process_environment(**settings: str) -> dict[str, str]:
    """The environment of a `kam` process a test starts: this one without the caller's own KAM_
    and TELEGRAM_ settings, the test run's KAM_CACHE_DIR (so that a fresh data dir does not embed
    the no-answer gate's background sentences again: the same vectors for any data), then
    `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAM_", "TELEGRAM_"))}
    if os.environ.get(RUN_CACHE_VARIABLE):
        env["KAM_CACHE_DIR"] = os.environ[RUN_CACHE_VARIABLE]
    env.update(settings)
    return env


def client(line: int, name: str, owner: int, **extra: object) -> ClientRow:
    """A client as one row of an import file: every column empty unless given."""
    values: dict[str, object] = dict(
        line=line, name=name, owner_telegram_id=owner, tier=None, credit_rating=None,
        strategy=None, industry=None, region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=(), contacts=(),
    )  # fmt: skip
    values.update(extra)
    return ClientRow(**values)  # type: ignore[arg-type]


async def seed_team(services: Services) -> None:
    """An admin, a supervisor (王主管) and two managers (张三, 李四) of team 华东一部."""
    users = services.users
    await users.add_user(telegram_id=ADMIN, name="管理员", role=Role.ADMIN, team=None)
    await users.add_user(telegram_id=SUPERVISOR, name="王主管", role=Role.SUPERVISOR,
                         team="华东一部")  # fmt: skip
    await users.add_user(telegram_id=ZHANG, name="张三", role=Role.MANAGER, team="华东一部")
    await users.add_user(telegram_id=LI, name="李四", role=Role.MANAGER, team="华东一部")


def buttons(message: SentMessage) -> dict[str, str]:
    """A message's inline buttons: label → callback data."""
    markup = message.reply_markup or {}
    return {b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row
            if "callback_data" in b}  # fmt: skip


def data_of(message: SentMessage, label: str) -> str:
    """The callback data of the first button whose label contains `label`."""
    matches = [v for k, v in buttons(message).items() if label in k]
    assert matches, f"no button {label!r} on {message.text!r}: {list(buttons(message))}"
    return matches[0]


async def count(services: Services, model: type) -> int:
    """How many rows the table of `model` holds."""
    from sqlalchemy import func, select

    async with services.db.read() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


def sqlite_copy(migrated: Path, path: Path) -> str:
    """A new SQLite database at `path`, at head (a copy of the `migrated_sqlite` file); its URL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated, path)
    return f"sqlite+aiosqlite:///{path}"
