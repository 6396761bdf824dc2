"""users.language_chosen: whether the user picked a language (else the Telegram one is followed)

Revision ID: 0007
Revises: 0006 (0009, 0011 and 0006 reached main first; all were reserved on 0004)
Create Date: 2026-11-29 00:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A literal default (not sa.false()) lets SQLite add the column in place: an expression makes
    # Alembic rebuild the table, and dropping a populated users table breaks its foreign keys.
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("language_chosen", sa.Boolean(), nullable=False, server_default="0")
        )
    # Keep what existing users have: whoever picked a language with /lang (audited), or speaks
    # English here already, keeps it; the rest follow their Telegram from now on.
    op.execute(
        "UPDATE users SET language_chosen = true WHERE language <> 'zh' OR CAST(id AS VARCHAR(64)) "
        "IN (SELECT entity_id FROM audit_log WHERE entity = 'user' AND action = 'set_language')"
    )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language_chosen")
