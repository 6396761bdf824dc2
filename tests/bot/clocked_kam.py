"""`kam` as a test's subprocess, on the test's clock: `python tests/bot/clocked_kam.py run`.

With E2E_CLOCK=`<ISO time>@<Unix seconds>` in its environment (see `clock_spec`), the services'
system clock reads that time as of that real moment and runs on from it, so a `kam run` process
agrees with the test's fake-clock services on the day and the hour whatever the wall clock says
(E2E_START=2026-12-31T23:50+08:00 runs the process tests as if then too). Without it, this is
`kam` itself. The services read the time only through their clock port (`services.clock`), so
setting the system clock's reading here moves everything they decide by the time.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime


def clock_spec(now: datetime) -> str:
    """E2E_CLOCK for a process whose clock reads `now` at this real moment."""
    return f"{now.isoformat()}@{time.time()!r}"


def main() -> int:
    spec = os.environ.get("E2E_CLOCK")
    if spec:
        from services.clock import SystemClock

        at, anchor = spec.rsplit("@", 1)
        offset = datetime.fromisoformat(at) - datetime.fromtimestamp(float(anchor), UTC)

        def now(self: SystemClock) -> datetime:
            return datetime.now(UTC) + offset

        SystemClock.now = now  # type: ignore[method-assign]
    from bot.cli import main as kam

    return kam()


if __name__ == "__main__":
    raise SystemExit(main())
