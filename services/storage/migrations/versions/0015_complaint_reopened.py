"""complaint_reopened: a low follow-up score reopens the ticket; count the rounds

Handbook Art. 33: a score of 1 or 2 reopens the complaint under the supervisor. The count keys
each round's deadline reminders apart from the earlier rounds'.

Revision ID: 0015
Revises: 0013
Create Date: 2026-11-29 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.add_column(sa.Column("reopened", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.drop_column("reopened")
