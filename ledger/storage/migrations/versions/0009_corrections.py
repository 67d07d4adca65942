"""Corrections: which closed month an adjustment entry corrects (append-only, sealed).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 05:05:00
"""

import sqlalchemy as sa
from alembic import op

from ledger.storage.migrations.append_only import append_only

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("entry_id", ID, nullable=False),
        sa.Column("book_id", ID, nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["entries.id"]),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"]),
        sa.PrimaryKeyConstraint("entry_id"),
    )
    append_only("corrections")


def downgrade() -> None:
    op.drop_table("corrections")
