"""invite_name: the name the inviter gives the person invited

The user who opens the invite is registered under it instead of their Telegram name. An invite
made on the server (`kam users invite`) has no inviter in the bot: created_by may be empty.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 22:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("invites") as batch:
        batch.add_column(sa.Column("name", sa.String(200), nullable=True))
        batch.alter_column("created_by", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM invites WHERE created_by IS NULL")
    with op.batch_alter_table("invites") as batch:
        batch.alter_column("created_by", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("name")
