"""The outbox on both databases, with a recording notifier: an alert goes out once, waits for an
unreachable reader (whose filer is told), and a retry waits for its time."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from services.bootstrap import Services
from services.outbox import Result, SendResult, Start
from services.reminders.kinds import Delivery, Kind
from tests.fakes import FakeClock
from tests.integration.test_complaints import _file, _manager

SUPERVISOR, FILER = 10, 11


class RecordingNotifier:
    """Records every delivery; answers from a script per kind, then 'delivered'."""

    def __init__(self, **script: list[SendResult]) -> None:
        self.script: dict[str, list[SendResult]] = defaultdict(list, script)
        self.sent: list[Delivery] = []

    async def send(self, delivery: Delivery, start: Start) -> SendResult:
        if not await start():
            return SendResult(Result.NOT_STARTED)
        self.sent.append(delivery)
        answers = self.script[delivery.kind]
        return answers.pop(0) if answers else SendResult.delivered(len(self.sent))

    def of(self, kind: Kind) -> list[int]:
        """To whom deliveries of this kind went (attempts included), in order."""
        return [d.telegram_id for d in self.sent if d.kind == kind]


async def test_a_critical_complaints_alert_goes_to_the_supervisor_once(services: Services) -> None:
    actor = await _manager(services)
    await _file(services, actor, "critical")
    notifier = RecordingNotifier()
    await services.outbox.sweep(notifier)
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.ALERT) == [SUPERVISOR]
    alert = next(d for d in notifier.sent if d.kind == Kind.ALERT)
    assert alert.params["client"] == "华能南京电厂" and alert.params["owner"] == "张三"
    assert notifier.of(Kind.ALERT_HELD) == []


async def test_a_medium_complaint_alerts_nobody(services: Services) -> None:
    actor = await _manager(services)
    await _file(services, actor, "medium")
    notifier = RecordingNotifier()
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.ALERT) == []


async def test_an_alert_waits_for_an_unreachable_supervisor_and_the_filer_is_told_once(
    services: Services,
) -> None:
    actor = await _manager(services)
    await _file(services, actor, "critical")
    notifier = RecordingNotifier(cp_alert=[SendResult(Result.UNREACHABLE, detail="chat not found")])
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.ALERT) == [SUPERVISOR]
    assert notifier.of(Kind.ALERT_HELD) == [FILER]
    held = next(d for d in notifier.sent if d.kind == Kind.ALERT_HELD)
    assert held.params["recipient"] == "王主管" and held.params["client"] == "华能南京电厂"
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.ALERT) == [SUPERVISOR]  # held: not tried again while unreachable
    await services.reminders.reachable(SUPERVISOR)  # they opened the bot
    await services.outbox.sweep(notifier)
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.ALERT) == [SUPERVISOR, SUPERVISOR]  # delivered on the second try
    assert notifier.of(Kind.ALERT_HELD) == [FILER]


async def test_a_retry_after_or_a_network_error_waits_then_sends_once(
    services: Services, clock: FakeClock
) -> None:
    actor = await _manager(services)
    await _file(services, actor, "critical")
    flood = SendResult(Result.RETRY_AFTER, retry_after=timedelta(seconds=0.01), detail="429")
    network = SendResult(Result.RETRY_AFTER, detail="network: timed out")
    notifier = RecordingNotifier(cp_alert=[flood, network])
    await services.outbox.sweep(notifier)
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.ALERT) == [SUPERVISOR]  # not before Telegram's time
    clock.advance(seconds=1)
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.ALERT) == [SUPERVISOR] * 2  # the network error
    clock.advance(seconds=30)
    await services.outbox.sweep(notifier)
    assert len(notifier.of(Kind.ALERT)) == 2  # the outbox's own delay is a minute
    clock.advance(seconds=31)
    await services.outbox.sweep(notifier)
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.ALERT) == [SUPERVISOR] * 3


async def test_a_rejected_message_is_never_sent_again(services: Services, clock: FakeClock) -> None:
    actor = await _manager(services)
    await _file(services, actor, "critical")
    notifier = RecordingNotifier(cp_alert=[SendResult(Result.REJECTED, detail="bad request")])
    await services.outbox.sweep(notifier)
    clock.advance(hours=1)
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.ALERT) == [SUPERVISOR]


async def test_an_alert_to_a_supervisor_already_known_unreachable_tells_the_filer_at_once(
    services: Services,
) -> None:
    actor = await _manager(services)
    await services.reminders.unreachable(SUPERVISOR)  # blocked the bot earlier
    await _file(services, actor, "critical")
    notifier = RecordingNotifier()
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.ALERT) == [] and notifier.of(Kind.ALERT_HELD) == [FILER]
    await services.reminders.reachable(SUPERVISOR)
    await services.outbox.sweep(notifier)
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.ALERT) == [SUPERVISOR] and notifier.of(Kind.ALERT_HELD) == [FILER]
