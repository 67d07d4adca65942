"""The database as a whole: its schema version, a consistent backup, the roles in PostgreSQL, and
putting an audited copy back (the audit itself is the workflow's, which checks projects too:
``workflows.services.audit.restore``)."""

from __future__ import annotations

from pathlib import Path

from ledger.errors import InputError
from ledger.storage import backup as copies
from ledger.storage import db_roles
from ledger.storage.engine import Store
from ledger.storage.location import SCHEMA_HEAD


def schema_head() -> str:
    """The newest migration, which an opened database is at."""
    return SCHEMA_HEAD


def backup(store: Store, dest: Path) -> Path:
    """One consistent copy of the database at ``dest`` (which must not exist): auditors may take it."""
    return copies.backup(store.location, dest.expanduser().resolve())


def roles(store: Store, prefix: str) -> dict[str, str]:
    """Create the owner, app and auditor roles and set every grant (PostgreSQL, run as its owner)."""
    if store.is_sqlite:
        raise InputError("roles_sqlite")
    return db_roles.apply(store, prefix)
