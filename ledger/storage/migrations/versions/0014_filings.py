"""Filings: the dated duties of the statutory calendar done (the annual report filed, a related
party's dealing published), for ``report due``; append-only and sealed.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 19:30:00
"""

import sqlalchemy as sa
from alembic import op

from ledger.storage.migrations.append_only import append_only

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "filings",
        sa.Column("id", ID, nullable=False),
        sa.Column("book_id", ID, nullable=False),
        sa.Column("obligation", sa.String(length=40), nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("actor_id", ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"]),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_filings_book_obligation", "filings", ["book_id", "obligation"])
    append_only("filings")


def downgrade() -> None:
    op.drop_table("filings")
