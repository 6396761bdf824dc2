"""reminders: one row per reminder and person, the truth about delivery

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("complaint_id", sa.Integer(), nullable=True),
        sa.Column("basis_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("send_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("snoozed", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=80), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempt_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_reminders_user_id_users",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"],
                                name="fk_reminders_client_id_clients", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name="fk_reminders_visit_id_visits",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"],
                                name="fk_reminders_complaint_id_complaints", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_reminders"),
        sa.UniqueConstraint("key", name="uq_reminders_key"),
    )  # fmt: skip
    op.create_index("ix_reminders_status_send_after", "reminders", ["status", "send_after"])
    op.create_index("ix_reminders_client_kind", "reminders", ["client_id", "kind", "basis_on"])
    op.create_index("ix_reminders_visit", "reminders", ["visit_id"])
    op.create_index("ix_reminders_complaint", "reminders", ["complaint_id"])
    op.create_index("ix_reminders_user_status", "reminders", ["user_id", "status"])
    # The cadence sweep looks clients up by their last visit.
    op.create_index("ix_clients_last_visit_on", "clients", ["last_visit_on"])


def downgrade() -> None:
    op.drop_index("ix_clients_last_visit_on", table_name="clients")
    op.drop_table("reminders")
