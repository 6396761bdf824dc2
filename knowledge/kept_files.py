"""Files kept to save recomputing them (the no-answer gate's background vectors, the parsed English
dictionary): written aside and renamed, so that another process reading one sees all of it or none;
a directory that cannot be written costs only the recomputation next time."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger("kam.knowledge")


def keep(path: Path, write: Callable[[BinaryIO], object], what: str) -> None:
    """Write `path` through `write(file)`, whole or not at all; `what` names it in the warning."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as out:
            write(out)
        os.replace(partial, path)
    except OSError as exc:
        log.warning("cannot keep %s in %s: %s", what, path, exc)
        with suppress(OSError):  # nothing was written where no directory could be
            partial.unlink(missing_ok=True)
