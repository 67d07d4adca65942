"""Journal indexes for a million entries: a period's entries by (book, date), a project's
postings by project; the unused actor index and the book index that (book, seq) already covers
are dropped, so a bulk load maintains fewer indexes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 04:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

PROJECT_ROWS = sa.text("project_id IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_entries_actor_id", table_name="entries")
    op.drop_index("ix_entries_book_id", table_name="entries")
    op.drop_index("ix_entries_date", table_name="entries")
    op.create_index("ix_entries_book_date", "entries", ["book_id", "date"])
    op.create_index(
        "ix_postings_project_id", "postings", ["project_id"], sqlite_where=PROJECT_ROWS, postgresql_where=PROJECT_ROWS
    )


def downgrade() -> None:
    op.drop_index("ix_postings_project_id", table_name="postings")
    op.drop_index("ix_entries_book_date", table_name="entries")
    op.create_index("ix_entries_date", "entries", ["date"])
    op.create_index("ix_entries_book_id", "entries", ["book_id"])
    op.create_index("ix_entries_actor_id", "entries", ["actor_id"])
