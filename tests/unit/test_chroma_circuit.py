"""The Chroma server's circuit: a call that timed out makes the next ones fail at once for the
cool-down, then one call tries the server again; a refused connection (no wait) opens nothing."""

from __future__ import annotations

import pytest

from knowledge.circuit import Circuit, CircuitState
from knowledge.types import StoreTimedOut, StoreUnavailable
from tests.fakes import FakeClock


def _circuit(cooldown: float = 30) -> tuple[Circuit, FakeClock]:
    clock = FakeClock()
    return Circuit(cooldown, lambda: clock.now().timestamp()), clock


def _fails(circuit: Circuit, error: StoreUnavailable) -> None:
    with pytest.raises(StoreUnavailable), circuit.call():
        raise error


def _reaches(circuit: Circuit) -> bool:
    """Whether a call got through to the server (else it was refused at once)."""
    try:
        with circuit.call():
            return True
    except StoreUnavailable:
        return False


def test_after_a_timeout_calls_fail_at_once_until_the_cool_down_ends_then_one_probes() -> None:
    circuit, clock = _circuit()
    _fails(circuit, StoreTimedOut("Chroma server did not answer in time"))
    assert circuit.state is CircuitState.OPEN
    assert not _reaches(circuit)
    clock.advance(seconds=29)
    assert not _reaches(circuit)
    clock.advance(seconds=1)
    assert circuit.state is CircuitState.HALF_OPEN
    assert _reaches(circuit)  # the probe answered: closed again
    assert circuit.state is CircuitState.CLOSED


def test_a_probe_that_times_out_opens_it_for_another_cool_down() -> None:
    circuit, clock = _circuit()
    _fails(circuit, StoreTimedOut("no answer"))
    clock.advance(seconds=30)
    _fails(circuit, StoreTimedOut("still no answer"))
    assert circuit.state is CircuitState.OPEN
    clock.advance(seconds=29)
    assert not _reaches(circuit)


def test_a_refused_connection_opens_nothing_it_cost_no_wait() -> None:
    circuit, _ = _circuit()
    _fails(circuit, StoreUnavailable("Chroma server unreachable: connection refused"))
    assert circuit.state is CircuitState.CLOSED
    assert _reaches(circuit)  # a server restarted a moment later is asked at once


def test_a_health_check_that_finds_the_server_back_lets_the_next_call_try_it() -> None:
    circuit, _ = _circuit()
    _fails(circuit, StoreTimedOut("no answer"))
    circuit.seen_back()
    assert circuit.state is CircuitState.HALF_OPEN
    assert _reaches(circuit)


def test_a_cool_down_of_zero_never_opens_it() -> None:
    circuit, _ = _circuit(cooldown=0)
    _fails(circuit, StoreTimedOut("no answer"))
    assert circuit.state is CircuitState.CLOSED and _reaches(circuit)
