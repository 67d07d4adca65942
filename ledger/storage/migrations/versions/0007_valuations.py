"""Valuations: the stated basis of an in-kind gift's or a donated service's fair value,
append-only and sealed; and the chart's inventories (1201 存货) and fixed assets (1501 固定资产),
added to every book (sealed as cfund writes them).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 04:10:00
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel import Session

from ledger.storage.migrations.append_only import append_only
from ledger.storage.seals import seal

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
#: The accounts this revision adds to the chart: (code, type, zh, en).
ACCOUNTS = (("1201", "asset", "存货", "Inventories"), ("1501", "asset", "固定资产", "Fixed assets"))


def upgrade() -> None:
    op.create_table(
        "valuations",
        sa.Column("id", ID, nullable=False),
        sa.Column("book_id", ID, nullable=False),
        sa.Column("entry_id", ID, nullable=False),
        sa.Column("basis", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"]),
        sa.ForeignKeyConstraint(["entry_id"], ["entries.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("entry_id"),
    )
    append_only("valuations")
    _add_accounts()


def _add_accounts() -> None:
    """Each book gains the accounts it lacks, each sealed in the book's chain."""
    bind = op.get_bind()
    meta = sa.MetaData()
    meta.reflect(bind, only=("accounts",))
    accounts = meta.tables["accounts"]
    with Session(bind=bind) as session:
        for book_id, code in session.execute(sa.text("SELECT id, code FROM books ORDER BY id")).all():
            have = set(session.execute(sa.select(accounts.c.code).where(accounts.c.book_id == book_id)).scalars())
            added = set()
            for number, kind, zh, en in ACCOUNTS:
                if number not in have:
                    row = {"book_id": book_id, "code": number, "type": kind, "name_zh": zh, "name_en": en}
                    row["is_open"] = True
                    added.add((session.execute(sa.insert(accounts).values(**row)).inserted_primary_key[0],))
            if added:
                seal(session, (book_id, code), {("accounts", key) for key in added}, {"accounts": accounts})
        session.flush()


def downgrade() -> None:
    op.drop_table("valuations")  # the accounts stay: entries may use them
