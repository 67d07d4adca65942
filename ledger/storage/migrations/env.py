"""Alembic environment: runs on the connection handed over by ledger.storage.engine.upgrade.

Migrations are explicit operations, so running them needs no models. To autogenerate a new
revision, pass the metadata of every table (ledger and workflows) in
``config.attributes["metadata"]``; see ``docs/DEVELOPING.md``.
"""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=context.config.attributes.get("metadata"),
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=False,
)
context.run_migrations()
