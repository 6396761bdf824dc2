"""kb_held_editions: an earlier edition is held out of answers until an admin chooses

A document sent in chat under another edition's name ("销售管理办法（2026修订）" after "销售管理办法")
answers at once, and the earlier edition stops being quoted in the same write, so answers never
quote both; kb_documents.held_for names the newer edition it waits for (🔁 removes it, keep both
lets it answer again).

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("kb_documents") as batch:
        batch.add_column(sa.Column("held_for", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kb_documents") as batch:
        batch.drop_column("held_for")
