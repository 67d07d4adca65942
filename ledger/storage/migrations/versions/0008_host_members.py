"""Host members: the host charity each book (a 专项基金) belongs to, for consolidated statements.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 04:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "host_members",
        sa.Column("book_id", ID, nullable=False),
        sa.Column("host", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"]),
        sa.PrimaryKeyConstraint("book_id"),
    )
    op.create_index("ix_host_members_host", "host_members", ["host"])


def downgrade() -> None:
    op.drop_table("host_members")
