"""Seals: the hash chain over the register, users, role grants, closed months and the workflow
(:mod:`ledger.storage.seals`), append-only like the journal. Every row a book holds when it is
upgraded is sealed as it stands: what was there before is taken as written by cfund.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 00:20:00
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel import Session

from ledger.storage.seals import EVERY_ROW, SEALED, seal

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "seals",
        sa.Column("id", ID, nullable=False),
        sa.Column("book_id", ID, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("table_name", sa.String(length=30), nullable=False),
        sa.Column("row_key", sa.String(length=100), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("book_id", "seq"),
    )
    _append_only()
    _seal_every_book()


def _append_only() -> None:
    if op.get_context().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER seals_no_{action.lower()} BEFORE {action} ON seals "
                "BEGIN SELECT RAISE(ABORT, 'cfund: seals are append-only'); END"
            )
        return
    op.execute(
        "CREATE TRIGGER seals_append_only BEFORE UPDATE OR DELETE ON seals "
        "FOR EACH ROW EXECUTE FUNCTION cfund_append_only()"
    )
    op.execute(
        "CREATE TRIGGER seals_no_truncate BEFORE TRUNCATE ON seals "
        "FOR EACH STATEMENT EXECUTE FUNCTION cfund_append_only()"
    )


def _seal_every_book() -> None:
    """Each book's rows as they stand, read from the tables as this database has them."""
    bind = op.get_bind()
    tables = sa.MetaData()
    tables.reflect(bind, only=[name for name in SEALED if sa.inspect(bind).has_table(name)])
    session = Session(bind=bind)
    for book_id, code in bind.execute(sa.text("SELECT id, code FROM books ORDER BY id")).all():
        seal(session, (book_id, code), EVERY_ROW, tables=tables.tables)
    session.flush()


def downgrade() -> None:
    op.drop_table("seals")
