"""recorded visit: the last-visit date a client file gave, kept apart from logged visits

Revision ID: 0006
Revises: 0011
Create Date: 2026-11-29 00:20:00

`clients.last_visit_on` is the day the visit cadence counts from: the later of the date a client
file recorded (`recorded_visit_on`, with no visit record behind it) and the last logged visit of a
kind the policy counts. Keeping the recorded date apart lets it be recomputed whenever a visit is
deleted or the policy changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    op.add_column("clients", sa.Column("recorded_visit_on", sa.Date(), nullable=True))
    # A client's last visit of the kinds that keep the cadence: one index probe per client and
    # kind (the live-visits index alone would read every visit to filter its kind).
    op.create_index(
        "ix_visits_live_client_kind_day",
        "visits",
        ["client_id", "kind", "visited_on"],
        postgresql_where=LIVE,
        sqlite_where=LIVE,
    )
    # A last-visit date no live visit explains came from a client file.
    op.execute(
        "UPDATE clients SET recorded_visit_on = last_visit_on "
        "WHERE last_visit_on IS NOT NULL AND NOT EXISTS ("
        "SELECT 1 FROM visits WHERE visits.client_id = clients.id "
        "AND visits.deleted_at IS NULL AND visits.visited_on = clients.last_visit_on)"
    )


def downgrade() -> None:
    op.drop_index("ix_visits_live_client_kind_day", table_name="visits")
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("recorded_visit_on")
