"""The policy file becomes typed rules: visit cadence, complaint deadlines, working-day overrides."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from config.settings import (
    DEFAULT_POLICY_FILE,
    DEFAULT_WORKDAYS_FILE,
    ConfigError,
    load_policy,
    load_workdays,
)
from services.domain import CreditRating, Tier, VisitKind
from services.policy import (
    ComplaintDeadlines,
    PolicyError,
    Severity,
    VisitStatus,
    default_policy,
    parse_policy,
)
from services.workdays import ChineseCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
POLICY = default_policy()
CADENCE = POLICY.cadence
COMPLAINTS = POLICY.complaints


def policy_data() -> dict[str, Any]:
    return copy.deepcopy(load_policy(DEFAULT_POLICY_FILE))


def end_of(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=SHANGHAI).astimezone(UTC)


def test_the_default_policy_file_holds_the_written_rules() -> None:
    assert CADENCE.days_by_rating == {
        CreditRating.GOOD: 180,
        CreditRating.MEDIUM: 90,
        CreditRating.POOR: 30,
    }
    assert CADENCE.days_by_tier == {Tier.STRATEGIC: 60}
    assert CADENCE.remind_days_before == 7
    assert COMPLAINTS.categories == ("product_quality", "service", "billing", "delivery", "other")
    assert COMPLAINTS.first_response_working_days == 1
    assert COMPLAINTS.resolution_working_days[Severity.LOW] == 10
    assert COMPLAINTS.resolution_working_days[Severity.CRITICAL] == 1
    assert COMPLAINTS.notify_supervisor == {Severity.HIGH, Severity.CRITICAL}
    assert POLICY.workday_overrides == {}


def test_the_parsed_policy_cannot_be_changed_in_place() -> None:
    with pytest.raises(TypeError):
        CADENCE.days_by_rating[CreditRating.POOR] = 1  # type: ignore[index]


def test_poor_rating_clients_fall_due_every_30_days() -> None:
    assert CADENCE.interval_days(CreditRating.POOR, None) == 30
    last_visit = date(2026, 1, 10)
    assert CADENCE.next_due(
        last_visit, CreditRating.POOR, None, created_on=date(2025, 1, 1)
    ) == date(2026, 2, 9)


def test_good_rating_clients_fall_due_every_180_days() -> None:
    assert CADENCE.interval_days(CreditRating.GOOD, Tier.COMMERCIAL) == 180


def test_the_stricter_of_tier_and_rating_cadence_applies() -> None:
    assert CADENCE.interval_days(CreditRating.GOOD, Tier.STRATEGIC) == 60
    assert CADENCE.interval_days(CreditRating.MEDIUM, Tier.STRATEGIC) == 60
    assert CADENCE.interval_days(CreditRating.POOR, Tier.STRATEGIC) == 30


def test_a_client_without_a_rating_is_visited_as_a_medium_one() -> None:
    assert CADENCE.interval_days(None, None) == 90
    assert CADENCE.interval_days(None, Tier.STRATEGIC) == 60


def test_a_client_never_visited_is_due_one_interval_after_it_was_created() -> None:
    due = CADENCE.next_due(None, CreditRating.POOR, None, created_on=date(2026, 3, 1))
    assert due == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 2, 1), VisitStatus.OK),  # 8 days before the due day
        (date(2026, 2, 2), VisitStatus.DUE_SOON),  # 7 days before
        (date(2026, 2, 9), VisitStatus.DUE_SOON),  # the due day itself still keeps the cadence
        (date(2026, 2, 10), VisitStatus.OVERDUE),
    ],
)
def test_a_visit_is_due_soon_a_week_ahead_and_overdue_after_the_due_day(
    today: date, status: VisitStatus
) -> None:
    got = CADENCE.status(
        date(2026, 1, 10), CreditRating.POOR, None, today=today, created_on=date(2025, 1, 1)
    )
    assert got == status
    assert got == status.value  # plain strings for the callers that want them


def test_a_complaint_before_national_day_gets_both_deadlines_after_the_holiday() -> None:
    received = datetime(2025, 9, 30, 18, 0, tzinfo=SHANGHAI)
    deadlines = COMPLAINTS.deadlines(
        received, Severity.HIGH, timezone="Asia/Shanghai", calendar=POLICY.calendar()
    )
    # 10-01..10-08 off; 10-09, 10-10 and the working Saturday 10-11 are the three days.
    assert deadlines == ComplaintDeadlines(
        first_response_due=end_of(date(2025, 10, 9)),
        resolution_due=end_of(date(2025, 10, 11)),
        estimated=False,
    )


def test_a_critical_complaint_is_resolved_by_the_first_response_deadline() -> None:
    received = datetime(2026, 2, 13, 19, 0, tzinfo=SHANGHAI)  # Friday before Spring Festival
    deadlines = COMPLAINTS.deadlines(
        received, Severity.CRITICAL, timezone="Asia/Shanghai", calendar=POLICY.calendar()
    )
    assert deadlines.first_response_due == deadlines.resolution_due == end_of(date(2026, 2, 14))


def test_high_and_critical_complaints_notify_the_supervisor() -> None:
    assert [s for s in Severity if COMPLAINTS.supervisor_notified(s)] == [
        Severity.HIGH,
        Severity.CRITICAL,
    ]


def test_a_workdays_table_in_the_policy_changes_a_deadline() -> None:
    data = policy_data()
    data["workdays"] = {"2027-02-06": True, "2027-02-10": False}
    policy = parse_policy(data)
    assert policy.workday_overrides == {date(2027, 2, 6): True, date(2027, 2, 10): False}

    def first_response(received: datetime, calendar: ChineseCalendar) -> datetime:
        return COMPLAINTS.deadlines(
            received, Severity.LOW, timezone="Asia/Shanghai", calendar=calendar
        ).first_response_due

    friday = datetime(2027, 2, 5, 17, 0, tzinfo=SHANGHAI)
    assert first_response(friday, policy.calendar()) == end_of(date(2027, 2, 6))  # Saturday
    assert first_response(friday, ChineseCalendar()) != end_of(date(2027, 2, 6))

    tuesday = datetime(2027, 2, 9, 17, 0, tzinfo=SHANGHAI)
    assert first_response(tuesday, policy.calendar()) > end_of(date(2027, 2, 10))


def test_a_year_added_to_the_policy_is_no_longer_an_estimate() -> None:
    data = policy_data()
    data["workdays"] = {"2027-02-06": True, "2027-02-10": False}
    calendar = parse_policy(data).calendar()
    received = datetime(2027, 3, 1, 9, 0, tzinfo=SHANGHAI)
    deadlines = COMPLAINTS.deadlines(
        received, Severity.LOW, timezone="Asia/Shanghai", calendar=calendar
    )
    assert not deadlines.estimated
    assert deadlines.resolution_due == end_of(date(2027, 3, 1) + timedelta(days=14))


def test_the_calendar_file_joins_the_policys_workdays() -> None:
    policy = parse_policy(
        policy_data(), official_calendar="2027-02-05..2027-02-11 休\n2027-02-13 班"
    )
    calendar = policy.calendar()
    assert calendar.is_workday(date(2027, 2, 13)) == (True, True)  # Saturday worked
    assert calendar.is_workday(date(2027, 2, 11)) == (False, True)
    friday = datetime(2027, 2, 12, 17, 0, tzinfo=SHANGHAI)
    deadlines = COMPLAINTS.deadlines(
        friday, Severity.LOW, timezone="Asia/Shanghai", calendar=calendar
    )
    assert deadlines.first_response_due == end_of(date(2027, 2, 13)) and not deadlines.estimated


def test_the_shipped_calendar_file_reads_and_announces_no_year() -> None:
    assert load_workdays(DEFAULT_WORKDAYS_FILE).strip()  # its instructions, as comments
    assert default_policy().calendar().is_workday(date(2027, 1, 1)) == (False, False)


def test_a_bad_calendar_file_line_stops_the_start_naming_the_file_and_line() -> None:
    with pytest.raises(ConfigError, match="KAM_WORKDAYS_FILE line 2"):
        parse_policy(policy_data(), official_calendar="# 2027\n2027-02-13 maybe")
    data = policy_data()
    data["workdays"] = {"2027-02-13": False}
    with pytest.raises(PolicyError, match=r"workdays\.2027-02-13 says otherwise"):
        parse_policy(data, official_calendar="2027-02-13 班")


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *path, last = dotted.split(".")
    for part in path:
        data = data.setdefault(part, {})
    data[last] = value


@pytest.mark.parametrize(
    ("dotted", "value", "key"),
    [
        ("visit_cadence.poor", 0, "visit_cadence.poor"),
        ("visit_cadence.poor", -30, "visit_cadence.poor"),
        ("visit_cadence.poor", "30", "visit_cadence.poor"),
        ("visit_cadence.poor", 30.5, "visit_cadence.poor"),
        ("visit_cadence.good", True, "visit_cadence.good"),
        ("visit_cadence.medium", 90000, "visit_cadence.medium"),
        ("visit_cadence.excellent", 365, "visit_cadence.excellent"),
        ("visit_cadence.remind_days_before", -1, "visit_cadence.remind_days_before"),
        ("visit_cadence.by_tier.strategic", 0, "visit_cadence.by_tier.strategic"),
        ("visit_cadence.by_tier.vip", 30, "visit_cadence.by_tier.vip"),
        ("visit_cadence.by_tier", 60, "visit_cadence.by_tier"),
        ("complaints.first_response_working_days", 0, "complaints.first_response_working_days"),
        ("complaints.categories", [], "complaints.categories"),
        ("complaints.categories", ["billing", "billing"], "complaints.categories"),
        ("complaints.categories", ["Product Quality"], "complaints.categories"),
        ("complaints.resolution_working_days.high", "3", "complaints.resolution_working_days.high"),
        ("complaints.resolution_working_days.urgent", 1, "complaints.resolution_working_days.urgent"),
        ("complaints.notify_supervisor_severities", ["urgent"], "complaints.notify_supervisor_severities"),
        ("complaints.notify_supervisor_severities", "high", "complaints.notify_supervisor_severities"),
        ("complaints.first_reponse_working_days", 1, "complaints.first_reponse_working_days"),
        ("workdays.2027-02-30", True, "workdays.2027-02-30"),
        ("workdays.next-monday", True, "workdays.next-monday"),
        ("workdays.2027-02-06", "yes", "workdays.2027-02-06"),
        ("visit_cadance.poor", 30, "visit_cadance"),
        ("visit_cadence.counting_kinds", ["email"], "visit_cadence.counting_kinds"),
        ("visit_cadence.counting_kinds", [], "visit_cadence.counting_kinds"),
        ("visit_cadence.counting_kinds", "on_site", "visit_cadence.counting_kinds"),
        ("complaints.severity_words.critical", "紧急", "complaints.severity_words.critical"),
        ("complaints.severity_words.urgent", ["急"], "complaints.severity_words.urgent"),
        ("complaints.category_words.billing", [""], "complaints.category_words.billing"),
        ("complaints.category_words.network", ["断网"], "complaints.category_words.network"),
    ],
)  # fmt: skip
def test_a_bad_policy_value_is_named_in_one_line(dotted: str, value: Any, key: str) -> None:
    data = policy_data()
    _set(data, dotted, value)
    with pytest.raises(PolicyError) as info:
        parse_policy(data)
    message = str(info.value)
    assert info.value.key == key
    assert f" {key} " in message and "\n" not in message


def test_the_example_message_reads_as_a_sentence() -> None:
    data = policy_data()
    data["visit_cadence"]["poor"] = 0
    with pytest.raises(PolicyError, match=r"^Policy error: visit_cadence\.poor must be a positive"):
        parse_policy(data)


@pytest.mark.parametrize(
    ("missing", "key"),
    [
        ("visit_cadence", "visit_cadence"),
        ("complaints", "complaints"),
        ("visit_cadence.medium", "visit_cadence.medium"),
        ("complaints.resolution_working_days", "complaints.resolution_working_days"),
        ("complaints.notify_supervisor_severities", "complaints.notify_supervisor_severities"),
    ],
)
def test_a_missing_policy_value_is_named(missing: str, key: str) -> None:
    data = policy_data()
    *path, last = missing.split(".")
    table = data
    for part in path:
        table = table[part]
    del table[last]
    with pytest.raises(PolicyError) as info:
        parse_policy(data)
    assert info.value.key == key and str(info.value).endswith("is missing")


def test_a_resolution_faster_than_the_first_response_is_refused() -> None:
    data = policy_data()
    data["complaints"]["first_response_working_days"] = 2
    with pytest.raises(PolicyError, match=r"resolution_working_days\.critical"):
        parse_policy(data)


def test_the_tier_and_workday_tables_are_optional() -> None:
    data = policy_data()
    del data["visit_cadence"]["by_tier"]
    policy = parse_policy(data)
    assert policy.cadence.interval_days(CreditRating.GOOD, Tier.STRATEGIC) == 180
    assert policy.workday_overrides == {}


def test_a_policy_error_stops_start_up_like_any_configuration_error() -> None:
    assert issubclass(PolicyError, ConfigError)


def test_only_on_site_visits_keep_the_cadence_unless_the_policy_says_otherwise() -> None:
    assert CADENCE.counting_kinds == {VisitKind.ON_SITE}
    assert CADENCE.counts("on_site") and not CADENCE.counts("phone")
    data = policy_data()
    data["visit_cadence"]["counting_kinds"] = ["on_site", "video"]
    assert parse_policy(data).cadence.counting_kinds == {VisitKind.ON_SITE, VisitKind.VIDEO}
    del data["visit_cadence"]["counting_kinds"]  # an older policy file: the handbook's rule
    assert parse_policy(data).cadence.counting_kinds == {VisitKind.ON_SITE}


def test_a_policy_file_without_the_complaint_words_keeps_the_shipped_ones() -> None:
    data = policy_data()
    del data["complaints"]["severity_words"], data["complaints"]["category_words"]
    older = parse_policy(data).complaints
    assert older.severity_words == POLICY.complaints.severity_words
    assert older.category_words == POLICY.complaints.category_words
    assert "中断" in POLICY.complaints.severity_words[Severity.CRITICAL]
