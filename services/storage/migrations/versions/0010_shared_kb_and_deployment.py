"""shared knowledge-base registry and deployment state, for several replicas on one database

The knowledge base's registry (documents, chunks with their tokens and sentence vectors) can live
in the main database, so that every replica sees the same documents; kb_state holds a version
number bumped by every change, which tells a replica its in-memory indexes are stale.
deployment_state records what one replica already told Telegram (webhook, command menu);
send_budget counts the messages all replicas sent in each second.

Revision ID: 0010
Revises: 0007
Create Date: 2026-11-29 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kb_documents",
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("identity", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("content_hash", sa.String(length=128), nullable=False),
        sa.Column("chunks", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.String(length=40), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("doc_id", name="pk_kb_documents"),
        sa.UniqueConstraint("identity", name="uq_kb_documents_identity"),
    )
    op.create_table(
        "kb_chunks",
        sa.Column("chunk_id", sa.String(length=120), nullable=False),
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.Column("units", sa.LargeBinary(), nullable=True),
        sa.Column("vectors_model", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("chunk_id", name="pk_kb_chunks"),
        sa.ForeignKeyConstraint(
            ["doc_id"], ["kb_documents.doc_id"], name="fk_kb_chunks_doc_id_kb_documents",
            ondelete="CASCADE",
        ),
    )  # fmt: skip
    op.create_index("ix_kb_chunks_doc_ord", "kb_chunks", ["doc_id", "ord"])
    op.create_table(
        "kb_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_kb_state"),
    )
    op.execute("INSERT INTO kb_state (id, version) VALUES (1, 0)")
    op.create_table(
        "deployment_state",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_deployment_state"),
    )

    # Messages sent by all replicas together in each second (Telegram's 30/s is per bot).
    op.create_table(
        "send_budget",
        sa.Column("slot", sa.BigInteger(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("slot", name="pk_send_budget"),
    )


def downgrade() -> None:
    op.drop_table("send_budget")
    op.drop_table("deployment_state")
    op.drop_table("kb_state")
    op.drop_index("ix_kb_chunks_doc_ord", table_name="kb_chunks")
    op.drop_table("kb_chunks")
    op.drop_table("kb_documents")
