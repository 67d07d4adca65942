"""Where the books are kept: the only package that imports SQLAlchemy, SQLModel or alembic.

Location and engines, the tables (records, no behaviour), lookups by code (:mod:`.refs`),
repositories (:mod:`.repository`, :mod:`.register`: queries that take a unit of work and return
values), the unit of work and its batches (:mod:`.uow`), the one builder of journal rows and their
hashes (:mod:`.journal`), the clock, database roles, backups, the audit's snapshot, chain and
invariant checks, the plain DB-API reader that reports use (:mod:`.reader`), and the migrations.
A new table, query or hashed field goes here; a migration for it in ``migrations/versions/``.
"""
