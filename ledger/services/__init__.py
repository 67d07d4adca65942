"""Use cases of the ledger: one function per command, each given a unit-of-work factory and
primitives, opening and committing its own unit of work. Roles are checked here, so no entry
point can bypass them. Services never touch a session: repositories in :mod:`ledger.storage` do.

What the CLI may call:

- :mod:`.setup`: ``init_book``, ``add_user``; :mod:`.registry`: ``add_party``, ``add_compound``
- :mod:`.ledger_ops`: ``donate``, ``expense``, ``reverse``, ``close_period``
- :mod:`.transfers`: ``profit_share``, ``feedback``
- :mod:`.imports`: ``import_donations``
- :mod:`.receipts`: ``issue``, ``void`` (donation receipts; ``ledger_ops.donate`` issues one with ``receipt``)
- :mod:`.database`: ``schema_head``, ``backup``, ``roles`` (a restore audits the copy first:
  ``workflows.services.audit.restore``)

The building blocks they share, given an open unit of work: :func:`.journal.post` (the one way
a single entry is written), :func:`.bulk.load` (many entries, set-based, through the same checks
and row builder), :func:`.auth.require` (the acting user and their roles) and :mod:`.facts`
(what the checks ask of the book).
A new command's logic goes in the module of its noun, or a new one listed here.
"""
