"""Journal triggers: entries, postings and closed periods are append-only, and no entry can be
dated in a closed month, enforced by the database itself.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _journal_triggers()


APPEND_ONLY = ("entries", "postings", "periods")


def _journal_triggers() -> None:
    """Entries, postings and closed periods can never be updated or deleted, and no entry can be
    dated in a closed month: enforced by the database, not only by the services."""
    if op.get_context().dialect.name == "sqlite":
        for table in APPEND_ONLY:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'cfund: {table} are append-only'); END"
                )
        op.execute(
            "CREATE TRIGGER entries_closed_period BEFORE INSERT ON entries "
            "WHEN EXISTS (SELECT 1 FROM periods WHERE book_id = NEW.book_id "
            "AND month = substr(NEW.date, 1, 7)) "
            "BEGIN SELECT RAISE(ABORT, 'cfund: period closed'); END"
        )
        return
    op.execute(
        "CREATE FUNCTION cfund_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'cfund: % are append-only', TG_TABLE_NAME; END $$"
    )
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION cfund_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION cfund_append_only()"
        )
    op.execute(
        "CREATE FUNCTION cfund_closed_period() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF EXISTS (SELECT 1 FROM periods WHERE book_id = NEW.book_id "
        "AND month = to_char(NEW.date, 'YYYY-MM')) THEN "
        "RAISE EXCEPTION 'cfund: period closed'; END IF; RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER entries_closed_period BEFORE INSERT ON entries "
        "FOR EACH ROW EXECUTE FUNCTION cfund_closed_period()"
    )


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        op.execute("DROP TRIGGER IF EXISTS entries_closed_period")
        return
    for table in APPEND_ONLY:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    op.execute("DROP TRIGGER IF EXISTS entries_closed_period ON entries")
    op.execute("DROP FUNCTION IF EXISTS cfund_append_only()")
    op.execute("DROP FUNCTION IF EXISTS cfund_closed_period()")
