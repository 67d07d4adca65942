"""Where the books are kept: the only package that imports SQLAlchemy, SQLModel or alembic.

Location and engines, the tables (records, no behaviour), repositories (queries that take a unit
of work and return values), the unit of work and its batches, the one builder of journal rows
and their hashes (:mod:`.journal`), database roles, backups, the audit's chain checks, the
plain DB-API reader that reports use, and the migrations. A new table, query or hashed field
goes here; a migration for it in ``migrations/versions/``.
"""
