"""client_import_pending: clients written by an import still in progress stay out of sight

A large import on SQLite is written in short batches so other users' writes are not held up;
the clients it creates carry the import's id until its last batch, and every query through
`visible_clients` skips them, so nobody sees (or visits) a client the import may still undo.

Revision ID: 0014
Revises: 0012
Create Date: 2026-11-29 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("import_id", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("import_id")
