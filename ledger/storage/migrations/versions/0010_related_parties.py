"""Related parties (关联方): how a party is related to the fund or its host, for the notes. A new
column, NULL in every row before it, so the seals of those rows stay as they were.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 05:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.add_column(sa.Column("related", sa.String(length=200), nullable=True))


def downgrade() -> None:
    # Not a batch (which copies the table, and cannot drop it while others refer to it): both
    # PostgreSQL and SQLite (3.35 and later) drop a column in place.
    op.execute("ALTER TABLE parties DROP COLUMN related")
