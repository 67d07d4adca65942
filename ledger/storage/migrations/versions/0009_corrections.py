"""Corrections: which closed month an adjustment entry corrects (append-only, sealed).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 05:05:00
"""

import sqlalchemy as sa
from alembic import op

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
    if op.get_context().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER corrections_no_{action.lower()} BEFORE {action} ON corrections "
                "BEGIN SELECT RAISE(ABORT, 'cfund: corrections are append-only'); END"
            )
        return
    op.execute(
        "CREATE TRIGGER corrections_append_only BEFORE UPDATE OR DELETE ON corrections "
        "FOR EACH ROW EXECUTE FUNCTION cfund_append_only()"
    )
    op.execute(
        "CREATE TRIGGER corrections_no_truncate BEFORE TRUNCATE ON corrections "
        "FOR EACH STATEMENT EXECUTE FUNCTION cfund_append_only()"
    )


def downgrade() -> None:
    op.drop_table("corrections")
