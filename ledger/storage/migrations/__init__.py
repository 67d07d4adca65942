"""Alembic migrations of the cfund schema (run through :func:`ledger.storage.engine.upgrade`)."""

from pathlib import Path


def script_location() -> str:
    """The folder alembic reads its environment and versions from."""
    return str(Path(__file__).parent)
