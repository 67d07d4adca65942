"""What a migration that adds an append-only table calls: triggers that refuse every UPDATE and
DELETE of it (and, on PostgreSQL, TRUNCATE) with cfund's message, through the function
``cfund_append_only`` of revision 0002."""

from __future__ import annotations

from alembic import op


def append_only(table: str) -> None:
    if op.get_context().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'cfund: {table} are append-only'); END"
            )
        return
    op.execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION cfund_append_only()"
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION cfund_append_only()"
    )
