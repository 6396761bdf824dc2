"""summary indexes: live visits by client and by day, complaints by client and time

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    # A client's last visit: one index probe per client instead of reading its visits.
    op.create_index(
        "ix_visits_live_client_day",
        "visits",
        ["client_id", "visited_on"],
        postgresql_where=LIVE,
        sqlite_where=LIVE,
    )
    # Visits of a period per author, answered from the index alone (deleted_at included so
    # that the index covers the query; SQLite's planner passes over a partial one here).
    op.create_index(
        "ix_visits_day_author", "visits", ["visited_on", "author_id", "client_id", "deleted_at"]
    )
    # Unresolved complaints per client (covering), and complaints of a client or a period.
    op.create_index("ix_complaints_client_status", "complaints", ["client_id", "status"])
    op.create_index("ix_complaints_client_received", "complaints", ["client_id", "received_at"])
    op.create_index("ix_complaints_received_at", "complaints", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_complaints_received_at", table_name="complaints")
    op.drop_index("ix_complaints_client_received", table_name="complaints")
    op.drop_index("ix_complaints_client_status", table_name="complaints")
    op.drop_index("ix_visits_day_author", table_name="visits")
    op.drop_index("ix_visits_live_client_day", table_name="visits")
