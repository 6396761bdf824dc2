"""Progress of long knowledge-base work: a text bar with chunks done and time left, for the
terminal (`kam ingest`) and for the admin's progress message in chat."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.i18n import t

BAR_WIDTH = 20


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """[██████░░░░] for done of total."""
    filled = 0 if total <= 0 else round(width * min(done, total) / total)
    return "[" + "█" * filled + "░" * (width - filled) + "]"


class Estimate:
    """Seconds left, from the rate so far (None until something is done)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._started = clock()

    def restart(self) -> None:
        self._started = self._clock()

    def left(self, done: int, total: int) -> float | None:
        if done <= 0 or total <= 0:
            return None
        elapsed = self._clock() - self._started
        return max(0.0, elapsed / done * (total - done))


class IngestProgress:
    """One line per file, redrawn in place on a terminal; plain lines (at most one per tenth of
    the file) when the output is a pipe or a log."""

    def __init__(
        self, out: TextIO, clock: Callable[[], float] = time.monotonic, *, lang: str = "en"
    ) -> None:
        self._out = out
        self._lang = lang  # the operator's (KAM_CLI_LANGUAGE), as the command's other lines
        self._estimate = Estimate(clock)
        self._file: Path | None = None
        self._what = ""
        self._last_tenth = -1
        self._tty = bool(getattr(out, "isatty", lambda: False)())
        self._open_line = False

    def update(self, file: Path, done: int, total: int) -> None:
        """The chunks of a file embedded so far."""
        self._show(file, "cli.progress_chunks", done, total)

    def pages(self, file: Path, done: int, total: int) -> None:
        """The pages of a scanned PDF read by OCR so far (seconds each, before any chunk)."""
        self._show(file, "cli.progress_pages", done, total)

    def _show(self, file: Path, what: str, done: int, total: int) -> None:
        if (file, what) != (self._file, self._what):
            if file != self._file:
                self._end_line()
            self._file, self._what = file, what
            self._estimate.restart()
            self._last_tenth = -1
        left = self._estimate.left(done, total)
        when = "…" if left is None else t(self._lang, "cli.progress_left", seconds=f"{left:.0f}")
        said = t(self._lang, what, done=done, total=total, left=when)
        line = f"{bar(done, total)} {said}  {file.name}"
        if self._tty:
            self._out.write("\r" + line + "\x1b[K")
            self._open_line = True
            if total and done >= total:  # finished: the log line that follows starts afresh
                self._end_line()
        else:
            tenth = 10 * done // total if total else 10
            if tenth == self._last_tenth:
                return
            self._last_tenth = tenth
            self._out.write(line + "\n")
        self._out.flush()

    def _end_line(self) -> None:
        if self._open_line:
            self._out.write("\n")
            self._out.flush()
            self._open_line = False

    def finish(self) -> None:
        self._end_line()


class PreparingProgress(IngestProgress):
    """The first start of the local chat: says once, in both languages, that the knowledge base
    is being prepared (a minute or more of embedding), then shows the bar. Silent when the
    documents are already in the knowledge base."""

    def __init__(self, out: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(out, clock)
        self._announced = False

    def update(self, file: Path, done: int, total: int) -> None:
        if not self._announced:
            self._out.write(f"{t('zh', 'kb.preparing')}\n{t('en', 'kb.preparing')}\n")
            self._announced = True
        super().update(file, done, total)
