"""Read-only figures about the clients, visits and complaints the actor may see (the SQL).

`SummaryService` is the one object callers hold; its parts live beside it, one job a module:
base.py (periods as instants, whose figures are in scope), sql.py (the shared statements: the
client state as of a day, the visible visits and complaints), overview.py (the team summary),
lists.py (the drill-downs and one client's activity), charts.py (the chart series).
"""

from __future__ import annotations

from services.summaries.base import (
    AGE_BUCKETS_DAYS,
    CHART_WEEKS,
    TOP,
    UNRESOLVED,
    QueryScope,
)
from services.summaries.charts import ChartData
from services.summaries.lists import ClientLists
from services.summaries.overview import Overview

__all__ = [
    "AGE_BUCKETS_DAYS",
    "CHART_WEEKS",
    "TOP",
    "UNRESOLVED",
    "QueryScope",
    "SummaryService",
]


class SummaryService(Overview, ClientLists, ChartData):
    """Read-only figures about the clients, visits and complaints the actor may see."""
