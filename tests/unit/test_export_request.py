"""An export asked for in words is told from a question about exporting."""

from __future__ import annotations

import pytest

from services.exports import ExportFormat, ExportKind, export_request
from services.summaries.periods import Period, PeriodKind


@pytest.mark.parametrize(
    ("text", "kind", "period", "fmt"),
    [
        ("导出本月的拜访记录", ExportKind.VISITS, Period(PeriodKind.MONTH, 0), ExportFormat.XLSX),
        ("把上个月的投诉导出来", ExportKind.COMPLAINTS, Period(PeriodKind.MONTH, -1), ExportFormat.XLSX),
        ("export this month's visits as csv", ExportKind.VISITS, Period(PeriodKind.MONTH, 0),
         ExportFormat.CSV),
        ("Can you export last week's complaints?", ExportKind.COMPLAINTS,
         Period(PeriodKind.WEEK, -1), ExportFormat.XLSX),
        ("导出客户名单", ExportKind.CLIENTS, None, ExportFormat.XLSX),
        ("导出本月的客户", ExportKind.CLIENTS, None, ExportFormat.XLSX),  # the list is as of now
        ("请导出", None, None, ExportFormat.XLSX),
        # The word a traditional reader's help and buttons give (匯出), typed back.
        ("匯出本月的拜訪記錄", ExportKind.VISITS, Period(PeriodKind.MONTH, 0), ExportFormat.XLSX),
        ("把上個月的投訴匯出來", ExportKind.COMPLAINTS, Period(PeriodKind.MONTH, -1),
         ExportFormat.XLSX),
    ],
)  # fmt: skip
def test_an_export_asked_for_names_its_kind_period_and_format(
    text: str, kind: ExportKind | None, period: Period | None, fmt: ExportFormat
) -> None:
    wanted = export_request(text)
    assert wanted is not None
    assert (wanted.kind, wanted.period, wanted.fmt) == (kind, period, fmt)


@pytest.mark.parametrize(
    "text",
    ["客户资料可以导出吗？", "how do I export visits?", "走访记录能不能导出给客户",
     "今天拜访了沙钢，谈了导出报表的需求", "投诉处理流程"],
)  # fmt: skip
def test_a_question_about_exporting_is_left_to_the_documents(text: str) -> None:
    assert export_request(text) is None
