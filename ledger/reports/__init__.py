"""Every read of the books, through the plain DB-API reader (:mod:`ledger.storage.reader`), never
through SQLAlchemy: lists, the trial balance, statements, ratios, bank reconciliation and the
plain-text exports. Each returns rows with stable English keys and Decimal amounts. A new
statement or export goes here."""
