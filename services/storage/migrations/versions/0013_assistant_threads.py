"""assistant_turns dropped: the assistant's memory of each chat is its langgraph thread now

The thread (the last questions and answers, and a write waiting for the user's button) is kept by
the langgraph checkpointer in this same database; its tables are the library's own, created and
migrated by its setup() at start-up (services/assistant/memory.py). The old table held a few turns
per chat of short-lived context: it is dropped, not copied (a conversation starts afresh once).

Revision ID: 0013
Revises: 0014
Create Date: 2026-11-29 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_assistant_turns_user_chat", table_name="assistant_turns")
    op.drop_table("assistant_turns")


def downgrade() -> None:
    op.create_table(
        "assistant_turns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_assistant_turns_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistant_turns")),
    )
    op.create_index("ix_assistant_turns_user_chat", "assistant_turns", ["user_id", "chat_id", "id"])
