"""A complaint told inside a visit report is described by the words telling of it."""

from __future__ import annotations

import pytest

from services.complaint_words import complaint_part


@pytest.mark.parametrize(
    ("report", "described"),
    [
        ("今天下午去了宝钢，见了采购部的王娟、IT部赵磊，谈了专线续约，客户反映上个月账单多收了两千块，很不满意",
         "客户反映上个月账单多收了两千块，很不满意"),
        ("I visited Baosteel yesterday, they complained that the line went down twice this week",
         "they complained that the line went down twice this week"),
        # A complaint told from its first words keeps them all, the client's name too.
        ("华能又投诉了，11月发票重复计费，本季度第二次投诉", "华能又投诉了，11月发票重复计费，本季度第二次投诉"),
        ("江苏银行的专线昨天中断了三个小时，很紧急，客户很不满意",
         "江苏银行的专线昨天中断了三个小时，很紧急，客户很不满意"),
        # A call's opening tells of the contact; the manager's own step after it is no complaint.
        ("Quick call with Suzhou Industrial Park yesterday evening. Director Sun is unhappy with "
         "the slow repair last week and asked for a discount. Need to escalate to my supervisor.",
         "Director Sun is unhappy with the slow repair last week and asked for a discount."),
        ("今天去了江苏银行，客户投诉网速慢，要求三天内解决，我们要尽快派人检测",
         "客户投诉网速慢，要求三天内解决"),
        ("Visited Baosteel today, they complained the invoice was wrong again. Follow up by Friday.",
         "they complained the invoice was wrong again."),
        ("今天去了宝钢，客户抱怨发票又开错了，跟进到周五", "客户抱怨发票又开错了"),
        # No clause names a fault or discontent: nothing is cut.
        ("华能 发票开错了，要求重开", "华能 发票开错了，要求重开"),
    ],
)  # fmt: skip
def test_a_complaint_in_a_visit_report_is_described_by_its_own_words(
    report: str, described: str
) -> None:
    assert complaint_part(report) == described
