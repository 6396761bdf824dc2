"""update_inbox: the update ledger keeps each update's JSON until it is handled

An update is committed before Telegram is answered and marked done after its handlers ran; one a
killed process left unfinished is taken over (its lease ran out) and handled again.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("processed_updates") as batch:
        batch.add_column(sa.Column("body", sa.Text(), nullable=True))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.create_index("ix_processed_updates_lease_until", ["lease_until"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("processed_updates") as batch:
        batch.drop_index("ix_processed_updates_lease_until")
        batch.drop_column("attempts")
        batch.drop_column("lease_until")
        batch.drop_column("body")
