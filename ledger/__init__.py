"""The ledger: money, the journal and its rules, where it is stored, what is read from it, and
the services that write to it. It knows nothing of the workflow, the terminal or user text.

Subpackages, each importing only those before it (``tests/test_layers.py`` checks):

- :mod:`ledger.domain`: pure values and rules (money, entries, codes, periods, the hash chain,
  the validations every entry passes). A new rule of the books goes here.
- :mod:`ledger.data`: reading fixture files and the tables people bring. A new file format goes here.
- :mod:`ledger.storage`: the only package that speaks SQLAlchemy: tables, repositories, the unit
  of work, the one builder of journal rows, migrations, backups. A new table goes here.
- :mod:`ledger.reports`: every read, through the plain DB-API reader. A new statement goes here.
- :mod:`ledger.services`: one function per use case; each opens and commits its own unit of
  work. A new command's logic goes here.
"""
