"""A circuit breaker in front of the Chroma server: once it failed, calls fail at once for a while."""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from knowledge.types import StoreTimedOut, StoreUnavailable

# How long calls to a Chroma server that failed are refused without asking it
# (KAM_CHROMA_COOLDOWN_SECONDS): a stalled server made every question wait the whole timeout.
COOLDOWN_SECONDS = 30.0


class CircuitState(enum.StrEnum):
    """Whether calls reach the Chroma server now."""

    CLOSED = "closed"  # they do
    OPEN = "open"  # it failed lately: every call fails at once until the cool-down ends
    HALF_OPEN = "half-open"  # the next call finds out whether it is back; others still fail


class Circuit:
    """Closed until a call times out (`StoreTimedOut`); then open for `cooldown` seconds, after
    which one call (the probe) goes through while the others keep failing at once: the probe
    answering closes the circuit, failing opens it for another cool-down. A cool-down of 0 never
    opens it. Thread-safe; `clock` gives monotonic seconds."""

    def __init__(
        self, cooldown: float = COOLDOWN_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._cooldown = cooldown
        self._clock = clock
        self._lock = threading.Lock()
        self._opened_at: float | None = None  # None: closed
        self._probing = False
        self._reason = ""

    @property
    def state(self) -> CircuitState:
        with self._lock:
            return self._state()

    def _state(self) -> CircuitState:
        if self._opened_at is None:
            return CircuitState.CLOSED
        if self._clock() - self._opened_at < self._cooldown:
            return CircuitState.OPEN
        return CircuitState.HALF_OPEN

    @contextmanager
    def call(self) -> Iterator[None]:
        """Around one call to the server: raises `StoreUnavailable` at once while open (or while
        another call is the probe), and records how the call ended."""
        with self._lock:
            state = self._state()
            if state is CircuitState.OPEN:
                left = self._cooldown - (self._clock() - self._opened_at)  # type: ignore[operator]
                raise StoreUnavailable(
                    f"Chroma server not asked for {left:.0f} s more, after: {self._reason}"
                )
            probe = state is CircuitState.HALF_OPEN
            if probe:
                if self._probing:
                    raise StoreUnavailable(
                        f"Chroma server being asked whether it is back, after: {self._reason}"
                    )
                self._probing = True
        try:
            yield
        except StoreTimedOut as exc:
            self._failed(str(exc))
            raise
        except StoreUnavailable:
            # Refused at once: no one waits for it, and opening would only keep questions from
            # a server that has just restarted.
            raise
        except Exception:
            # Anything else came from a server that answered (a refused write, a bad query).
            self._answered()
            raise
        else:
            self._answered()
        finally:
            if probe:  # however it ended, the next call may be the probe
                with self._lock:
                    self._probing = False

    def check(self) -> None:
        """Raises `StoreUnavailable` while open, without any call (before work done in vain)."""
        with self._lock:
            if self._state() is CircuitState.OPEN:
                raise StoreUnavailable(f"Chroma server failed lately: {self._reason}")

    def _failed(self, reason: str) -> None:
        if self._cooldown <= 0:
            return
        with self._lock:
            self._opened_at = self._clock()
            self._probing = False
            self._reason = reason

    def _answered(self) -> None:
        with self._lock:
            self._opened_at = None
            self._probing = False

    def seen_back(self) -> None:
        """A health check found the server answering: the next call may try it (as the probe),
        without waiting for the rest of the cool-down."""
        with self._lock:
            if self._state() is CircuitState.OPEN:
                self._opened_at = self._clock() - self._cooldown
