"""Project reports: progress (进展报告) while a project runs and the completion report (结项报告)
with the money used and left to release; append-only and sealed.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 19:20:00
"""

import sqlalchemy as sa
from alembic import op

from ledger.storage.migrations.append_only import append_only

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "project_reports",
        sa.Column("id", ID, nullable=False),
        sa.Column("book_id", ID, nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.String(length=4000), nullable=False),
        sa.Column("used_fen", sa.BigInteger(), nullable=False),
        sa.Column("leftover_fen", sa.BigInteger(), nullable=False),
        sa.Column("actor_id", ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('progress', 'completion')", name="ck_project_reports_kind"),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"]),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"]),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_project_reports_project_id", "project_reports", ["project_id"])
    append_only("project_reports")


def downgrade() -> None:
    op.drop_table("project_reports")
