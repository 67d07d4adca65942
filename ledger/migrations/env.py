"""Alembic environment: runs on the connection handed over by ledger.db.upgrade."""

from alembic import context
from sqlmodel import SQLModel

import ledger.tables  # noqa: F401 - registers the tables on SQLModel.metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=False,
)
context.run_migrations()
