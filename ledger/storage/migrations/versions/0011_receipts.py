"""Donation receipts (公益事业捐赠票据): the register of receipts issued, declined or anonymous,
and the void records that cancel a receipt; both append-only and sealed.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 18:30:00
"""

import sqlalchemy as sa
from alembic import op

from ledger.storage.migrations.append_only import append_only

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "receipts",
        sa.Column("id", ID, nullable=False),
        sa.Column("book_id", ID, nullable=False),
        sa.Column("entry_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("payer_name", sa.String(length=200), nullable=False),
        sa.Column("payer_id", sa.String(length=40), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("fund_id", ID, nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issuer_id", ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('issued', 'declined', 'anonymous')", name="ck_receipts_kind"),
        sa.CheckConstraint("(kind = 'issued') = (number IS NOT NULL)", name="ck_receipts_number"),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"]),
        sa.ForeignKeyConstraint(["entry_id"], ["entries.id"]),
        sa.ForeignKeyConstraint(["fund_id"], ["funds.id"]),
        sa.ForeignKeyConstraint(["issuer_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("book_id", "year", "number"),
    )
    for column in ("book_id", "entry_id", "fund_id", "issuer_id"):
        op.create_index(f"ix_receipts_{column}", "receipts", [column])
    op.create_table(
        "receipt_voids",
        sa.Column("receipt_id", ID, nullable=False),
        sa.Column("book_id", ID, nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("actor_id", ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["receipt_id"], ["receipts.id"]),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"]),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("receipt_id"),
    )
    for column in ("book_id", "actor_id"):
        op.create_index(f"ix_receipt_voids_{column}", "receipt_voids", [column])
    append_only("receipts")
    append_only("receipt_voids")


def downgrade() -> None:
    op.drop_table("receipt_voids")
    op.drop_table("receipts")
