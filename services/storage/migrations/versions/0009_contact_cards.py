"""contacts from business cards: mobile, email, address, company as printed, and the card's photo

Revision ID: 0009
Revises: 0004
Create Date: 2026-11-29 00:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("mobile", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("email", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("address", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("company", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "contact_photos",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("mime_type", sa.String(length=64), nullable=False),
        sa.Column("draft_id", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"],
                                name="fk_contact_photos_contact_id_contacts", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id", name="pk_contact_photos"),
        sa.UniqueConstraint("draft_id", name="uq_contact_photos_draft_id"),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("contact_photos")
    with op.batch_alter_table("contacts") as batch:
        for column in ("created_at", "created_by_id", "company", "address", "email", "mobile"):
            batch.drop_column(column)
