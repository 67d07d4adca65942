"""Credentials: a user proven by an operating-system account or a password (its scrypt digest),
and sessions of ``cfund login`` (the token's digest, an expiry). The admins of a database
upgraded from before are bound to the account that runs the upgrade (whoever holds the file
already holds the book); every other user acts again once an admin gives them a credential.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 23:40:00
"""

import sqlalchemy as sa
from alembic import op

from ledger.storage.identity import os_account

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("os_user", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("secret", sa.String(length=200), nullable=True))
    op.create_table(
        "user_sessions",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_digest"),
    )
    op.create_index("ix_user_sessions_user_id", "user_sessions", ["user_id"])
    admins = sa.text("UPDATE users SET os_user = :me WHERE id IN (SELECT user_id FROM user_roles WHERE role = 'admin')")
    op.get_bind().execute(admins, {"me": os_account()})


def downgrade() -> None:
    op.drop_index("ix_user_sessions_user_id", table_name="user_sessions")
    op.drop_table("user_sessions")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("secret")
        batch_op.drop_column("os_user")
